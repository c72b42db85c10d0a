// The serving node's lease on PostgreSQL (Database.h, docs/scale-out.md).

#include "Database.h"

#include "PgPipeline.h"

#include "ReadSupport.h"
#include "RowReader.h"
#include "SqlValues.h"
#include "StatementCache.h"
#include "Transaction.h"

#include <QSqlQuery>

namespace okno {

using namespace Qt::StringLiterals;

namespace {

const QString kScope = u"company"_s;

} // namespace

Result<std::optional<Database::Lease>> Database::tryTakeLease(const QString &holder, const QString &address,
                                                              const QDateTime &now)
{
    checkThread();
    if (!m_config.isPostgres())
        return makeError(ErrorCode::InvalidArgument,
                         u"the serving node's lease is PostgreSQL's (one process owns an "
                         u"SQLite file)"_s);
    const QString context = u"take the serving node's lease"_s;
    Result<QSqlQuery *> lock =
        select(u"SELECT pg_try_advisory_lock(?, ?)"_s,
               {storage_detail::kNodeLockClass, storage_detail::kLeaseLockObject}, context);
    if (!lock)
        return lock.error();
    const bool got = (*lock)->next() && (*lock)->value(0).toBool();
    (*lock)->finish();
    if (!got)
        return std::optional<Lease>();
    // Held from here until this connection ends. The new token fences out whoever held it
    // before: a write of theirs still in flight holds the row (checkFence) and commits first;
    // any later one finds the token changed and is refused.
    Transaction tx(m_db);
    if (Status s = tx.begin(); !s)
        return s.error();
    Result<QSqlQuery *> q =
        select(uR"(INSERT INTO server_lease (scope, holder, address, token, taken_at) VALUES (?, ?, ?, 1, ?)
                   ON CONFLICT (scope) DO UPDATE SET holder = excluded.holder, address = excluded.address,
                     token = server_lease.token + 1, taken_at = excluded.taken_at
                   RETURNING token)"_s,
               {kScope, holder, address, sql::timestamp(now)}, context);
    if (!q)
        return q.error();
    Lease lease;
    lease.token = (*q)->next() ? (*q)->value(0).toLongLong() : 0;
    (*q)->finish();
    if (lease.token <= 0)
        return makeError(ErrorCode::Internal, context % u": no token returned"_s);
    if (Status s = tx.commit(); !s)
        return s.error();
    lease.holder = holder;
    lease.address = address;
    lease.takenAt = now;
    return std::optional<Lease>(lease);
}

Result<std::optional<Database::Lease>> Database::currentLease()
{
    checkThread();
    const QString context = u"read the serving node's lease"_s;
    Result<QSqlQuery *> q = select(
        u"SELECT token, holder, address, taken_at FROM server_lease WHERE scope = ?"_s, {kScope}, context);
    if (!q)
        return q.error();
    std::optional<Lease> lease;
    if ((*q)->next()) {
        RowReader r(**q, u"server_lease"_s);
        lease = Lease{r.integer(0), r.text(1), r.text(2), r.timestamp(3)};
        if (!r.ok())
            return r.error(kScope);
    }
    if (Status s = storage_detail::endOfRows(**q, context); !s)
        return s.error();
    return lease;
}

Result<std::optional<Database::Lease>> Database::heldLease()
{
    checkThread();
    if (!m_config.isPostgres())
        return std::optional<Lease>();
    const QString context = u"see whether a node holds the serving lease"_s;
    // A two-key advisory lock is in pg_locks with its keys as classid and objid (objsubid 2).
    Result<QSqlQuery *> q =
        select(uR"(SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted
                                         AND classid::bigint = ? AND objid::bigint = ? AND objsubid = 2))"_s,
               {storage_detail::kNodeLockClass, storage_detail::kLeaseLockObject}, context);
    if (!q)
        return q.error();
    const bool held = (*q)->next() && (*q)->value(0).toBool();
    (*q)->finish();
    if (!held)
        return std::optional<Lease>();
    return currentLease();
}

Status Database::ping()
{
    checkThread();
    Result<QSqlQuery *> q = select(u"SELECT 1"_s, {}, u"check the database connection"_s);
    if (!q)
        return q.error();
    (*q)->finish();
    return {};
}

// In apply()'s transaction, before anything is written.
Status Database::checkFence(FenceWait wait)
{
    const QString context = u"check the serving node's lease"_s;
    const QString sqlText =
        wait == FenceWait::Wait
            ? u"SELECT token, holder FROM server_lease WHERE scope = ? FOR SHARE"_s
            : u"SELECT token, holder FROM server_lease WHERE scope = ? FOR SHARE NOWAIT"_s;
    qint64 token = 0;
    QString holder;
    if (PgPipeline *pipeline = m_statements->pipeline(); pipeline && !pipeline->isIdle()) {
        // After a BEGIN queued on the pipeline: one round trip for both.
        auto rows = pipeline->rows(sqlText, {kScope}, context);
        if (!rows)
            return rows.error();
        if (!rows->isEmpty()) {
            token = rows->constFirst().value(0).toLongLong();
            holder = rows->constFirst().value(1).toString();
        }
    } else {
        Result<QSqlQuery *> q = select(sqlText, {kScope}, context);
        if (!q)
            return q.error();
        const bool found = (*q)->next();
        token = found ? (*q)->value(0).toLongLong() : 0;
        holder = found ? (*q)->value(1).toString() : QString();
        (*q)->finish();
    }
    if (token != m_fenceToken)
        return makeError(ErrorCode::Unavailable,
                         u"storage: fenced: this node's lease (token %1) was taken over by %2 (token %3); "
                         u"nothing more is written from here"_s.arg(m_fenceToken)
                             .arg(holder.isEmpty() ? u"nobody"_s : holder)
                             .arg(token));
    return {};
}

} // namespace okno
