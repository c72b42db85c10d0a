// The serving node's lease on PostgreSQL (Database.h, docs/scale-out.md).

#include "Database.h"

#include "PgPipeline.h"

#include "ReadSupport.h"
#include "RowReader.h"
#include "SqlValues.h"
#include "StatementCache.h"
#include "Transaction.h"

#include <QScopeGuard>
#include <QSqlQuery>

#include <limits>
#include <set>
#include <type_traits>
#include <variant>

namespace okno {

using namespace Qt::StringLiterals;

namespace {

const QString kScope = u"company"_s;

} // namespace

namespace {

QString centreScope(Id centreId)
{
    return u"centre:"_s + QString::number(centreId);
}

// Advisory locks take 32-bit keys: a centre's id beyond them cannot be one.
Status checkLockKey(Id id, const QString &what)
{
    if (id <= 0 || id > std::numeric_limits<qint32>::max())
        return makeError(ErrorCode::InvalidArgument,
                         u"%1 %2 cannot have a lease (ids 1 to %3 can)"_s.arg(what).arg(id).arg(
                             std::numeric_limits<qint32>::max()));
    return {};
}

} // namespace

Result<std::optional<Database::Lease>> Database::tryTakeLease(const QString &holder, const QString &address,
                                                              const QDateTime &now)
{
    return takeLease(kScope, storage_detail::kNodeLockClass, storage_detail::kLeaseLockObject, holder,
                     address, now, u"take the serving node's lease"_s);
}

Result<std::optional<Database::Lease>> Database::tryTakeCentre(Id centreId, const QString &holder,
                                                               const QString &address, const QDateTime &now)
{
    if (Status s = checkLockKey(centreId, u"centre"_s); !s)
        return s.error();
    return takeLease(centreScope(centreId), storage_detail::kCentreLeaseLockClass, int(centreId), holder,
                     address, now, u"take the lease of centre %1"_s.arg(centreId));
}

Result<std::optional<Database::Lease>> Database::takeLease(const QString &scope, int lockClass,
                                                           int lockObject, const QString &holder,
                                                           const QString &address, const QDateTime &now,
                                                           const QString &context)
{
    checkThread();
    if (!m_config.isPostgres())
        return makeError(ErrorCode::InvalidArgument,
                         u"the nodes' leases are PostgreSQL's (one process owns an SQLite file)"_s);
    Result<QSqlQuery *> lock =
        select(u"SELECT pg_try_advisory_lock(?, ?)"_s, {lockClass, lockObject}, context);
    if (!lock)
        return lock.error();
    const bool got = (*lock)->next() && (*lock)->value(0).toBool();
    (*lock)->finish();
    if (!got)
        return std::optional<Lease>();
    // Held from here until this connection ends (or it is let go). The new token fences out
    // whoever held it before: a write of theirs still in flight holds the row (checkFence) and
    // commits first; any later one finds the token changed and is refused.
    auto unlock = qScopeGuard([&] { unlockAdvisory(lockClass, lockObject, context); });
    Transaction tx(m_db);
    if (Status s = tx.begin(); !s)
        return s.error();
    Result<QSqlQuery *> q =
        select(uR"(INSERT INTO server_lease (scope, holder, address, token, taken_at) VALUES (?, ?, ?, 1, ?)
                   ON CONFLICT (scope) DO UPDATE SET holder = excluded.holder, address = excluded.address,
                     token = server_lease.token + 1, taken_at = excluded.taken_at
                   RETURNING token)"_s,
               {scope, holder, address, sql::timestamp(now)}, context);
    if (!q)
        return q.error();
    Lease lease;
    lease.token = (*q)->next() ? (*q)->value(0).toLongLong() : 0;
    (*q)->finish();
    if (lease.token <= 0)
        return makeError(ErrorCode::Internal, context % u": no token returned"_s);
    if (Status s = tx.commit(); !s)
        return s.error();
    unlock.dismiss();
    lease.holder = holder;
    lease.address = address;
    lease.takenAt = now;
    return std::optional<Lease>(lease);
}

void Database::unlockAdvisory(int lockClass, int lockObject, const QString &context)
{
    Result<QSqlQuery *> q = select(u"SELECT pg_advisory_unlock(?, ?)"_s, {lockClass, lockObject}, context);
    if (q)
        (*q)->finish();
}

Status Database::releaseCentre(Id centreId)
{
    checkThread();
    if (Status s = checkLockKey(centreId, u"centre"_s); !s)
        return s;
    const QString context = u"let the lease of centre %1 go"_s.arg(centreId);
    Result<QSqlQuery *> q = select(u"SELECT pg_advisory_unlock(?, ?)"_s,
                                   {storage_detail::kCentreLeaseLockClass, int(centreId)}, context);
    if (!q)
        return q.error();
    const bool held = (*q)->next() && (*q)->value(0).toBool();
    (*q)->finish();
    if (!held)
        return makeError(ErrorCode::InvalidTransition,
                         u"%1: this connection does not hold it"_s.arg(context));
    return {};
}

Status Database::announceNode(const QString &holder, const QString &address, const QDateTime &now)
{
    checkThread();
    if (!m_config.isPostgres())
        return makeError(ErrorCode::InvalidArgument,
                         u"the nodes' leases are PostgreSQL's (one process owns an SQLite file)"_s);
    const QString context = u"announce node %1"_s.arg(holder);
    auto present = liveNodes();
    if (!present)
        return present.error();
    for (const Lease &node : *present)
        if (node.holder == holder)
            return makeError(
                ErrorCode::Conflict,
                u"%1: a node of that name is running already (at %2, since %3); each node "
                u"needs a name of its own"_s.arg(context, node.address, node.takenAt.toString(Qt::ISODate)));
    // A number no node had before (the `node` row of id_blocks), locked for as long as this
    // connection lives: nobody else can hold it, and pg_locks shows it while the node lives.
    Result<QSqlQuery *> n = select(uR"(INSERT INTO id_blocks (kind, next_id) VALUES (?, 2)
                                        ON CONFLICT (kind) DO UPDATE SET next_id = id_blocks.next_id + 1
                                        RETURNING next_id - 1)"_s,
                                   {QString(kNodeCounter)}, context);
    if (!n)
        return n.error();
    const qint64 number = (*n)->next() ? (*n)->value(0).toLongLong() : 0;
    (*n)->finish();
    if (Status s = checkLockKey(number, u"node number"_s); !s)
        return s;
    Result<QSqlQuery *> lock = select(u"SELECT pg_try_advisory_lock(?, ?)"_s,
                                      {storage_detail::kNodePresenceLockClass, int(number)}, context);
    if (!lock)
        return lock.error();
    const bool got = (*lock)->next() && (*lock)->value(0).toBool();
    (*lock)->finish();
    if (!got)
        return makeError(ErrorCode::Internal,
                         u"%1: its number %2 is locked already"_s.arg(context).arg(number));
    Result<QSqlQuery *> row =
        select(uR"(INSERT INTO server_lease (scope, holder, address, token, taken_at) VALUES (?, ?, ?, ?, ?)
                   ON CONFLICT (scope) DO UPDATE SET address = excluded.address, token = excluded.token,
                     taken_at = excluded.taken_at)"_s,
               {QString(u"node:"_s + holder), holder, address, number, sql::timestamp(now)}, context);
    if (!row) {
        unlockAdvisory(storage_detail::kNodePresenceLockClass, int(number), context);
        return row.error();
    }
    (*row)->finish();
    return {};
}

Result<QList<Database::Lease>> Database::liveNodes()
{
    checkThread();
    if (!m_config.isPostgres())
        return QList<Lease>();
    const QString context = u"see which nodes are running"_s;
    Result<QSqlQuery *> q = select(uR"(SELECT l.token, l.holder, l.address, l.taken_at FROM server_lease l
                   WHERE l.scope LIKE 'node:%' AND EXISTS (
                     SELECT 1 FROM pg_locks k WHERE k.locktype = 'advisory' AND k.granted
                       AND k.database = (SELECT oid FROM pg_database WHERE datname = current_database())
                       AND k.classid::bigint = ? AND k.objid::bigint = l.token AND k.objsubid = 2)
                   ORDER BY l.holder)"_s,
                                   {storage_detail::kNodePresenceLockClass}, context);
    if (!q)
        return q.error();
    QList<Lease> nodes;
    while ((*q)->next()) {
        RowReader r(**q, u"server_lease"_s);
        nodes.append(Lease{r.integer(0), r.text(1), r.text(2), r.timestamp(3)});
        if (!r.ok())
            return r.error(u"node"_s);
    }
    if (Status s = storage_detail::endOfRows(**q, context); !s)
        return s.error();
    return nodes;
}

Result<QHash<Id, Database::Lease>> Database::centreOwners()
{
    checkThread();
    if (!m_config.isPostgres())
        return QHash<Id, Lease>();
    const QString context = u"see which node owns which centre"_s;
    Result<QSqlQuery *> q =
        select(uR"(SELECT CAST(substr(l.scope, 8) AS BIGINT), l.token, l.holder, l.address, l.taken_at
                   FROM server_lease l
                   WHERE l.scope LIKE 'centre:%' AND EXISTS (
                     SELECT 1 FROM pg_locks k WHERE k.locktype = 'advisory' AND k.granted
                       AND k.database = (SELECT oid FROM pg_database WHERE datname = current_database())
                       AND k.classid::bigint = ? AND k.objid::bigint = CAST(substr(l.scope, 8) AS BIGINT)
                       AND k.objsubid = 2))"_s,
               {storage_detail::kCentreLeaseLockClass}, context);
    if (!q)
        return q.error();
    QHash<Id, Lease> owners;
    while ((*q)->next()) {
        RowReader r(**q, u"server_lease"_s);
        const Id centre = r.integer(0);
        const Lease lease{r.integer(1), r.text(2), r.text(3), r.timestamp(4)};
        if (!r.ok())
            return r.error(u"centre"_s);
        owners.insert(centre, lease);
    }
    if (Status s = storage_detail::endOfRows(**q, context); !s)
        return s.error();
    return owners;
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
                                         AND database = (SELECT oid FROM pg_database
                                                         WHERE datname = current_database())
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

Result<QList<Id>> Database::centreIds()
{
    checkThread();
    const QString context = u"read the centres' ids"_s;
    Result<QSqlQuery *> q = select(u"SELECT id FROM centres ORDER BY id"_s, {}, context);
    if (!q)
        return q.error();
    QList<Id> ids;
    while ((*q)->next())
        ids.append((*q)->value(0).toLongLong());
    if (Status s = storage_detail::endOfRows(**q, context); !s)
        return s.error();
    return ids;
}

// Which lease rows a transaction's changes need: each centre's own when the nodes share the
// centres (fenceByCentre), the company's for what is company-wide; the company's for everything
// while one node serves the whole company.
Database::FenceScopes Database::fenceScopes(const QList<WriteBatch> &batches) const
{
    if (!m_fenceByCentre)
        return {true, {}};
    FenceScopes scopes;
    std::set<Id> centres;
    for (const WriteBatch &batch : batches)
        for (const WriteBatch::Change &change : batch.changes)
            std::visit(
                [&](const auto &c) {
                    using T = std::decay_t<decltype(c)>;
                    if constexpr (std::is_same_v<T, WriteBatch::PutCentre>) {
                        // A centre's own configuration (norms, schedule) is its owner's to change; a
                        // new centre, which nobody owns yet, is the company's.
                        if (m_centreFences.contains(c.centre.id))
                            centres.insert(c.centre.id);
                        else
                            scopes.company = true;
                    } else if constexpr (std::is_same_v<T, WriteBatch::PutStaff>) {
                        // Accounts are the company's, but for one's own new password, written
                        // where one's centre is served.
                        if (c.staff.centreId != 0 && m_centreFences.contains(c.staff.centreId))
                            centres.insert(c.staff.centreId);
                        else
                            scopes.company = true;
                    } else if constexpr (std::is_same_v<T, WriteBatch::PutSetting>)
                        scopes.company = true;
                    else if constexpr (std::is_same_v<T, WriteBatch::PutQueue>)
                        centres.insert(c.queue.centreId);
                    else if constexpr (std::is_same_v<T, WriteBatch::PutDesk>)
                        centres.insert(c.desk.centreId);
                    else if constexpr (std::is_same_v<T, WriteBatch::PutVisit>)
                        centres.insert(c.visit.centreId);
                    else if constexpr (std::is_same_v<T, WriteBatch::PutConsultation>)
                        centres.insert(c.consultation.centreId);
                    else if constexpr (std::is_same_v<T, WriteBatch::PutShift>)
                        centres.insert(c.shift.centreId);
                    else if constexpr (std::is_same_v<T, WriteBatch::AppendPayment>)
                        centres.insert(c.payment.centreId);
                    // Events and idempotency records go with the change they belong to; forgetting
                    // expired idempotency records changes nobody's state.
                },
                change);
    scopes.centres = QList<Id>(centres.begin(), centres.end());
    return scopes;
}

// In apply()'s transaction, before anything is written: the lease rows the changes need, read
// and held FOR SHARE (in the order of their scopes) until the commit, so that a takeover waits
// for a write in flight, and a write after a takeover is refused.
Status Database::checkFence(FenceWait wait, const FenceScopes &scopes)
{
    QStringList wanted;
    QHash<QString, qint64> mine;
    if (scopes.company) {
        if (m_fenceToken == 0)
            return makeError(
                ErrorCode::Unavailable,
                u"storage: a company-wide change (a centre's configuration, an account, a "
                u"setting) is written by the node that holds the company's lease, not this one"_s);
        wanted.append(kScope);
        mine.insert(kScope, m_fenceToken);
    }
    for (Id centre : scopes.centres) {
        const auto token = m_centreFences.constFind(centre);
        if (token == m_centreFences.cend())
            return makeError(ErrorCode::Unavailable,
                             u"storage: centre %1 is not this node's: its changes are written by the node "
                             u"that owns it"_s.arg(centre));
        wanted.append(centreScope(centre));
        mine.insert(wanted.constLast(), *token);
    }
    if (wanted.isEmpty())
        return {};
    const QString context = u"check the serving node's lease"_s;
    const QString sqlText =
        u"SELECT scope, token, holder FROM server_lease WHERE scope = ANY (string_to_array(?, ',')) "
        u"ORDER BY scope FOR SHARE"_s %
        (wait == FenceWait::Wait ? QString() : u" NOWAIT"_s);
    QHash<QString, std::pair<qint64, QString>> stored;
    if (PgPipeline *pipeline = m_statements->pipeline(); pipeline && !pipeline->isIdle()) {
        // After a BEGIN queued on the pipeline: one round trip for both.
        auto rows = pipeline->rows(sqlText, {wanted.join(u',')}, context);
        if (!rows)
            return rows.error();
        for (const QVariantList &row : std::as_const(*rows))
            stored.insert(row.value(0).toString(), {row.value(1).toLongLong(), row.value(2).toString()});
    } else {
        Result<QSqlQuery *> q = select(sqlText, {wanted.join(u',')}, context);
        if (!q)
            return q.error();
        while ((*q)->next())
            stored.insert((*q)->value(0).toString(),
                          {(*q)->value(1).toLongLong(), (*q)->value(2).toString()});
        if (Status s = storage_detail::endOfRows(**q, context); !s)
            return s;
    }
    for (const QString &scope : std::as_const(wanted)) {
        const auto [token, holder] = stored.value(scope);
        if (token == mine.value(scope))
            continue;
        const QString by = holder.isEmpty() ? u"nobody"_s : holder;
        if (scope == kScope)
            return makeError(
                ErrorCode::Unavailable,
                u"storage: fenced: this node's lease (token %1) was taken over by %2 (token %3); "
                u"nothing more is written from here"_s.arg(mine.value(scope))
                    .arg(by)
                    .arg(token));
        return makeError(ErrorCode::Unavailable,
                         u"storage: fenced: the lease of %1 (token %2) was taken over by %3 (token %4); "
                         u"nothing more is written for it from here"_s.arg(QString(scope).replace(u':', u' '))
                             .arg(mine.value(scope))
                             .arg(by)
                             .arg(token));
    }
    return {};
}

} // namespace okno
