#include "Database.h"

#include "BatchWriter.h"
#include "Migrator.h"
#include "ReadSupport.h"
#include "RowReader.h"
#include "SqlValues.h"
#include "StatementCache.h"
#include "Transaction.h"

#include <QScopeGuard>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>
#include <QTimeZone>

#include <algorithm>
#include <atomic>

namespace okno {

using namespace Qt::StringLiterals;
using storage_detail::endOfRows;
using storage_detail::readInSnapshot;
using storage_detail::rowKey;

namespace {

// Bounds that stand for an open end of a date range: 'yyyy-MM-dd' text sorts like the date.
const QString kNoEarliestDate = u"0000-01-01"_s;
const QString kNoLatestDate = u"9999-12-31"_s;

QVariant lowerBound(const QDate &from)
{
    return from.isValid() ? QVariant(sql::dateText(from)) : QVariant(kNoEarliestDate);
}

QVariant upperBound(const QDate &to)
{
    return to.isValid() ? QVariant(sql::dateText(to)) : QVariant(kNoLatestDate);
}

QList<StageState> activeStageStates()
{
    static const QList<StageState> all{StageState::Waiting,     StageState::Called,    StageState::InService,
                                       StageState::Done,        StageState::NoShow,    StageState::Postponed,
                                       StageState::Transferred, StageState::Cancelled, StageState::Unserved};
    QList<StageState> active;
    for (StageState s : all) {
        if (!isTerminal(s))
            active.append(s);
    }
    return active;
}

std::atomic<quint64> connectionCounter{0};

} // namespace

// --- Opening and closing ---------------------------------------------------------------------

Database::Database(DatabaseConfig config, QString connectionName)
    : m_config(std::move(config))
    , m_connectionName(std::move(connectionName))
    , m_thread(QThread::currentThread())
{}

Database::~Database()
{
    // Every QSqlQuery and QSqlDatabase copy must be gone before the connection is removed.
    m_statements.reset();
    m_db.close();
    m_db = QSqlDatabase();
    QSqlDatabase::removeDatabase(m_connectionName);
}

void Database::checkThread() const
{
    Q_ASSERT_X(QThread::currentThread() == m_thread, "okno::Database",
               "a Database may only be used from the thread that opened it");
}

Result<std::unique_ptr<Database>> Database::open(const DatabaseConfig &config)
{
    return open(config, builtinMigrations());
}

Result<std::unique_ptr<Database>> Database::open(const DatabaseConfig &config,
                                                 const QList<Migration> &migrations)
{
    if (!config.isSqlite() && !config.isPostgres())
        return makeError(
            ErrorCode::InvalidArgument,
            u"storage: unsupported database driver '%1' (use QSQLITE or QPSQL)"_s.arg(config.driver));
    if (config.isSqlite() && config.path.isEmpty())
        return makeError(ErrorCode::InvalidArgument, u"storage: no database file given"_s);
    if (!QSqlDatabase::isDriverAvailable(config.driver))
        return makeError(ErrorCode::Unavailable,
                         u"storage: the Qt SQL driver %1 is not installed"_s.arg(config.driver));

    const QString name = u"okno-storage-%1"_s.arg(++connectionCounter);
    std::unique_ptr<Database> db(new Database(config, name));
    if (Status s = db->openConnection(); !s)
        return s.error();

    // Several nodes starting at once on one PostgreSQL database: one migrates, the others wait
    // for it and then find nothing left to do.
    std::optional<QSqlQuery> migrationLock;
    if (config.isPostgres()) {
        migrationLock.emplace(db->m_db);
        if (Status s =
                sql::execDirect(*migrationLock,
                                u"SELECT pg_advisory_lock(%1, %2)"_s.arg(storage_detail::kNodeLockClass)
                                    .arg(storage_detail::kMigrationLockObject),
                                u"wait for other nodes' migrations"_s);
            !s)
            return s.error();
        migrationLock->finish();
    }
    auto unlock = qScopeGuard([&] {
        if (migrationLock)
            migrationLock->exec(u"SELECT pg_advisory_unlock(%1, %2)"_s.arg(storage_detail::kNodeLockClass)
                                    .arg(storage_detail::kMigrationLockObject));
    });
    Migrator migrator(db->m_db, migrations);
    Result<int> version = migrator.migrate();
    if (!version)
        return version.error(); // the connection closes with `db`, and the lock with it
    if (migrationLock) {
        // Kept, the lock would hold every other node's start until this connection ends.
        unlock.dismiss();
        const bool released =
            migrationLock->exec(u"SELECT pg_advisory_unlock(%1, %2)"_s.arg(storage_detail::kNodeLockClass)
                                    .arg(storage_detail::kMigrationLockObject)) &&
            migrationLock->next() && migrationLock->value(0).toBool();
        const QSqlError error = migrationLock->lastError();
        migrationLock->finish();
        if (!released)
            return makeError(ErrorCode::Unavailable,
                             u"storage: release the migration lock: %1"_s.arg(
                                 error.type() == QSqlError::NoError ? u"it was not held"_s : error.text()));
    }
    db->m_schemaVersion = *version;
    db->m_fenceToken = config.fenceToken;
    db->m_fenceByCentre = config.fenceByCentre;
    return db;
}

Status Database::openConnection()
{
    m_db = QSqlDatabase::addDatabase(m_config.driver, m_connectionName);
    m_config.applyTo(m_db);
    if (m_config.isPostgres()) {
        // A server that does not answer is an error within seconds, not a hang; the DBA sees who
        // is connected (pg_stat_activity). A peer that vanished (its machine, the network) is
        // noticed by both ends within about 20 s: here by keepalives and a TCP user timeout (data
        // unacknowledged that long fails the call), there by the server's own keepalives, set for
        // this connection — which is what frees a dead serving node's lease (docs/scale-out.md).
        QString application = m_config.applicationName;
        application.removeIf([](QChar c) { return !(c.isLetterOrNumber() || c == u'-'); });
        m_db.setConnectOptions(u"connect_timeout=10;application_name="_s +
                               (application.isEmpty() ? u"okno"_s : application) +
                               u";keepalives_idle=10;"
                               u"keepalives_interval=3;keepalives_count=3;tcp_user_timeout=20000;"
                               u"options='-c tcp_keepalives_idle=10 -c tcp_keepalives_interval=3 "
                               u"-c tcp_keepalives_count=3 -c tcp_user_timeout=20000'"_s);
    }
    if (!m_db.open())
        return sql::error(m_db.lastError(), u"open %1"_s.arg(m_config.displayName()));
    m_statements = std::make_unique<StatementCache>(m_db);
    if (m_config.isSqlite())
        return configureSqlite();
    return configurePostgres();
}

Status Database::reconnect()
{
    checkThread();
    m_statements.reset(); // its prepared statements belong to the connection that is gone
    m_db.close();
    if (!m_db.open())
        return sql::error(m_db.lastError(), u"open %1 again"_s.arg(m_config.displayName()));
    m_statements = std::make_unique<StatementCache>(m_db);
    if (m_config.isSqlite())
        return configureSqlite();
    return configurePostgres();
}

Status Database::configurePostgres()
{
    // Acknowledged means durable: a commit returns once its WAL is on disk (synchronous_commit on,
    // local, remote_write or remote_apply). "off" could lose an acknowledged change to a crash of
    // the database server, so it is refused here, by name. (Whether a standby has it too is the
    // DBA's choice: synchronous_standby_names; docs/scale-out.md.)
    QSqlQuery q(m_db);
    if (Status s = sql::execDirect(q, u"SET client_min_messages = warning"_s, u"configure connection"_s); !s)
        return s;
    q.finish();
    if (Status s = sql::execDirect(q, u"SHOW synchronous_commit"_s, u"read synchronous_commit"_s); !s)
        return s;
    const QString synchronous = q.next() ? q.value(0).toString() : QString();
    q.finish();
    if (synchronous == u"off"_s)
        return makeError(ErrorCode::Unavailable,
                         u"storage: %1 has synchronous_commit = off: an acknowledged change could be lost; "
                         u"set it to on for the okno role (ALTER ROLE … SET synchronous_commit = on)"_s.arg(
                             m_config.displayName()));
    if (Status s = sql::execDirect(q, u"SHOW fsync"_s, u"read fsync"_s); !s)
        return s;
    const QString fsync = q.next() ? q.value(0).toString() : QString();
    q.finish();
    if (fsync == u"off"_s)
        return makeError(
            ErrorCode::Unavailable,
            u"storage: %1 runs with fsync = off: a power cut could lose acknowledged changes"_s.arg(
                m_config.displayName()));
    return {};
}

Status Database::configureSqlite()
{
    QSqlQuery q(m_db);
    // busy_timeout first, so that switching to WAL waits for another process's lock.
    for (const QString &statement : {u"PRAGMA busy_timeout = 5000"_s, u"PRAGMA journal_mode = WAL"_s,
                                     u"PRAGMA synchronous = FULL"_s, u"PRAGMA foreign_keys = ON"_s}) {
        if (Status s = sql::execDirect(q, statement, u"configure connection"_s); !s)
            return s;
        q.finish();
    }
    if (m_config.bulkLoad) {
        // A rollback journal: a page added by the load is written once (WAL writes it twice: to
        // the log, then at the checkpoint), and a commit is still durable and all-or-nothing.
        for (const QString &statement :
             {u"PRAGMA journal_mode = DELETE"_s, u"PRAGMA cache_size = -65536"_s}) {
            if (Status s = sql::execDirect(q, statement, u"configure connection for a bulk load"_s); !s)
                return s;
            q.finish();
        }
    }
    // Acknowledged means durable: check that SQLite did what it was asked.
    Result<QString> journal = pragma(u"journal_mode"_s);
    if (!journal)
        return journal.error();
    const bool inMemory = m_config.path == u":memory:"_s;
    if (m_config.bulkLoad && !inMemory && journal->compare(u"delete"_s, Qt::CaseInsensitive) != 0)
        return makeError(ErrorCode::Unavailable,
                         u"storage: %1 cannot leave write-ahead logging for a bulk load (journal_mode is "
                         u"'%2'); is it open elsewhere?"_s.arg(m_config.displayName(), *journal));
    if (!inMemory && !m_config.bulkLoad && journal->compare(u"wal"_s, Qt::CaseInsensitive) != 0)
        return makeError(
            ErrorCode::Unavailable,
            u"storage: %1 cannot use write-ahead logging (journal_mode is '%2'); is the file on a "
            u"network or read-only file system?"_s.arg(m_config.displayName(), *journal));
    Result<QString> foreignKeys = pragma(u"foreign_keys"_s);
    if (!foreignKeys)
        return foreignKeys.error();
    if (*foreignKeys != u"1"_s)
        return makeError(ErrorCode::Unavailable, u"storage: this SQLite does not enforce foreign keys"_s);
    return {};
}

Result<QString> Database::pragma(const QString &name)
{
    QSqlQuery q(m_db);
    if (Status s = sql::execDirect(q, u"PRAGMA "_s + name, u"read PRAGMA %1"_s.arg(name)); !s)
        return s.error();
    return q.next() ? q.value(0).toString() : QString();
}

Result<ConnectionInfo> Database::connectionInfo()
{
    checkThread();
    ConnectionInfo info;
    info.driver = m_config.driver;
    info.schemaVersion = m_schemaVersion;
    if (!m_config.isSqlite()) {
        QSqlQuery q(m_db);
        if (Status s = sql::execDirect(q, u"SHOW server_version"_s, u"read server version"_s); !s)
            return s.error();
        info.serverVersion = q.next() ? q.value(0).toString() : QString();
        info.foreignKeys = true;
        return info;
    }
    QSqlQuery q(m_db);
    if (Status s = sql::execDirect(q, u"SELECT sqlite_version()"_s, u"read SQLite version"_s); !s)
        return s.error();
    info.serverVersion = q.next() ? q.value(0).toString() : QString();
    q.finish();

    Result<QString> journal = pragma(u"journal_mode"_s);
    Result<QString> synchronous = pragma(u"synchronous"_s);
    Result<QString> foreignKeys = pragma(u"foreign_keys"_s);
    Result<QString> busyTimeout = pragma(u"busy_timeout"_s);
    for (const Result<QString> *r : {&journal, &synchronous, &foreignKeys, &busyTimeout}) {
        if (!*r)
            return r->error();
    }
    static const QStringList synchronousNames{u"off"_s, u"normal"_s, u"full"_s, u"extra"_s};
    info.journalMode = journal->toLower();
    info.synchronous = synchronousNames.value(synchronous->toInt(), *synchronous);
    info.foreignKeys = *foreignKeys == u"1"_s;
    info.busyTimeoutMs = busyTimeout->toInt();
    return info;
}

Result<QSqlQuery *> Database::select(const QString &sqlText, const QVariantList &values,
                                     const QString &context)
{
    Result<QSqlQuery *> query = m_statements->prepare(sqlText);
    if (!query)
        return query;
    if (Status s = sql::exec(**query, values, context); !s) {
        (*query)->finish();
        return s.error();
    }
    return query;
}

// --- Writing ---------------------------------------------------------------------------------

Status Database::apply(const WriteBatch &batch, qint64 *firstSeq)
{
    return apply(QList<WriteBatch>{batch}, firstSeq);
}

Status Database::apply(const QList<WriteBatch> &batches, qint64 *firstSeq)
{
    checkThread();
    if (firstSeq)
        *firstSeq = 0;
    if (std::all_of(batches.begin(), batches.end(), [](const WriteBatch &b) { return b.isEmpty(); }))
        return {};
    Transaction tx(m_db);
    // On PostgreSQL the transaction goes out pipelined, BEGIN to COMMIT: BEGIN with the fence's
    // read, the reads the writes need, then the writes with COMMIT — a round trip each. Whatever
    // is still in flight when this returns early is read and dropped before tx rolls back (Qt's
    // ROLLBACK cannot run in pipeline mode), and there is nothing to roll back once the
    // transaction has ended (a failed COMMIT ends it). A failed transaction may have read a
    // centre's uncommitted time zone: forget them all.
    PgPipeline *pipeline = m_statements->pipeline();
    auto cleanup = qScopeGuard([&] {
        if (pipeline) {
            pipeline->abandon();
            if (!pipeline->inTransaction())
                tx.release();
        }
        m_zones.clear();
    });
    if (pipeline) {
        if (Status s = pipeline->send(u"BEGIN"_s, {}, u"begin a write"_s); !s)
            return s;
        tx.adopt();
    } else if (Status s = beginWrite(tx, u"begin a write"_s); !s) {
        return s;
    }
    // A bulk load keeps no read model as it writes (its loader drops and builds the digests).
    BatchWriter writer(*m_statements, m_zones, !m_config.bulkLoad);
    // The event counter first: on PostgreSQL its answer comes with the fence's.
    if (Status s = writer.numberEvents(batches); !s)
        return s;
    if (m_fenceToken != 0 || m_fenceByCentre) {
        if (Status s = checkFence(FenceWait::Wait, fenceScopes(batches)); !s)
            return s; // tx rolls back
    }
    if (Status s = writer.prepare(batches); !s)
        return s;
    for (const WriteBatch &batch : batches) {
        if (Status s = writer.write(batch); !s)
            return s; // tx rolls back
    }
    if (Status s = writer.announceEvents(); !s)
        return s;
    if (pipeline) {
        // A failed statement aborts the rest, COMMIT included, and is what is reported.
        if (Status s = pipeline->send(u"COMMIT"_s, {}, u"commit"_s); !s)
            return s;
        if (Status s = writer.finish(); !s)
            return s;
        tx.release();
        cleanup.dismiss();
        if (firstSeq)
            *firstSeq = writer.firstSeq();
        return {};
    }
    // Every statement has succeeded before COMMIT, and the first failure is reported with its
    // statement's context (a COMMIT of an aborted transaction would only say "commit").
    if (Status s = writer.finish(); !s)
        return s;
    Status committed = tx.commit();
    if (committed) {
        cleanup.dismiss();
        if (firstSeq)
            *firstSeq = writer.firstSeq();
    }
    return committed;
}

Status Database::beginWrite(Transaction &tx, const QString &context)
{
    if (!m_config.isSqlite())
        return tx.begin();
    QSqlQuery begin(m_db);
    if (Status s = sql::execDirect(begin, u"BEGIN IMMEDIATE"_s, context); !s)
        return s;
    tx.adopt();
    return {};
}

Status Database::commitWrite(Transaction &tx)
{
    if (m_fenceToken != 0 || m_fenceByCentre) {
        // NOWAIT: these transactions took the read model's advisory lock before this read, the
        // other way round from apply(); with a takeover's UPDATE of the row queued in between,
        // waiting here could close a cycle. During a takeover they fail instead (and are retried
        // by whoever serves next).
        if (Status s = checkFence(FenceWait::NoWait); !s)
            return s; // tx rolls back
    }
    return tx.commit();
}

// --- Visits ----------------------------------------------------------------------------------

Result<QList<Visit>> Database::loadVisits(const QString &visitIdsQuery, const QVariantList &values,
                                          const QString &context)
{
    checkThread();
    return readInSnapshot<QList<Visit>>(m_db, [&] { return readVisits(visitIdsQuery, values, context); });
}

Result<QList<Visit>> Database::readVisits(const QString &visitIdsQuery, const QVariantList &values,
                                          const QString &context)
{
    QList<Visit> visits;
    QHash<Id, qsizetype> indexOf;
    Result<QSqlQuery *> q = select(uR"(SELECT id, centre_id, created_at, purpose, priority, customer_name,
                                         account_number, channel, created_by, version
                                       FROM visits WHERE id IN (%1) ORDER BY id)"_s.arg(visitIdsQuery),
                                   values, context);
    if (!q)
        return q.error();
    while ((*q)->next()) {
        RowReader r(**q, u"visits"_s);
        Visit v;
        v.id = r.id(0);
        v.centreId = r.id(1);
        v.createdAt = r.timestamp(2);
        v.purpose = r.text(3);
        v.priority = r.text(4);
        v.customerName = r.text(5);
        v.accountNumber = r.text(6);
        v.channel = r.text(7);
        v.createdBy = r.id(8);
        v.version = int(r.integer(9));
        if (!r.ok()) {
            const Error e = r.error(u"id "_s + rowKey(**q));
            (*q)->finish();
            return e;
        }
        indexOf.insert(v.id, visits.size());
        visits.append(v);
    }
    if (Status s = endOfRows(**q, context); !s)
        return s.error();

    q = select(
        uR"(SELECT visit_id, idx, queue_id, role, ticket, ticket_number, service_date, state, queued_at,
                     called_at, started_at, finished_at, call_count, desk_id, staff_id, note, called_ahead
                   FROM stages WHERE visit_id IN (%1) ORDER BY visit_id, idx)"_s.arg(visitIdsQuery),
        values, context);
    if (!q)
        return q.error();
    while ((*q)->next()) {
        RowReader r(**q, u"stages"_s);
        const Id visitId = r.id(0);
        Stage s;
        s.index = int(r.integer(1));
        s.queueId = r.id(2);
        s.role = r.stageRole(3);
        s.ticket = r.text(4);
        s.ticketNumber = int(r.integer(5));
        s.serviceDate = r.date(6);
        s.state = r.stageState(7);
        s.queuedAt = r.timestamp(8);
        s.calledAt = r.timestamp(9);
        s.startedAt = r.timestamp(10);
        s.finishedAt = r.timestamp(11);
        s.callCount = int(r.integer(12));
        s.deskId = r.id(13);
        s.staffId = r.id(14);
        s.note = r.text(15);
        s.calledAhead = r.flag(16);
        if (!r.ok()) {
            const Error e = r.error(u"visit %1, stage %2"_s.arg(rowKey(**q, 0), rowKey(**q, 1)));
            (*q)->finish();
            return e;
        }
        if (auto it = indexOf.constFind(visitId); it != indexOf.constEnd())
            visits[*it].stages.append(s);
    }
    if (Status s = endOfRows(**q, context); !s)
        return s.error();
    return visits;
}

Result<std::optional<Visit>> Database::loadVisit(Id id)
{
    Result<QList<Visit>> visits = loadVisits(u"?"_s, {sql::integer(id)}, u"load visit %1"_s.arg(id));
    if (!visits)
        return visits.error();
    if (visits->isEmpty())
        return std::optional<Visit>();
    return std::optional<Visit>(visits->constFirst());
}

Result<QList<Visit>> Database::loadActiveVisits()
{
    // Candidates: visits with a stage in an active state (the index on stages(state) finds them);
    // only those whose last stage is active are open.
    QStringList placeholders;
    QVariantList values;
    for (StageState s : activeStageStates()) {
        placeholders.append(u"?"_s);
        values.append(stageStateName(s));
    }
    Result<QList<Visit>> visits =
        loadVisits(u"SELECT visit_id FROM stages WHERE state IN (%1)"_s.arg(placeholders.join(u", "_s)),
                   values, u"load active visits"_s);
    if (!visits)
        return visits;
    visits->removeIf([](const Visit &v) { return !v.isOpen(); });
    return visits;
}

Result<QList<Visit>> Database::loadVisitsOfDay(const QDate &serviceDate)
{
    if (!serviceDate.isValid())
        return makeError(ErrorCode::InvalidArgument, u"storage: load visits of day: invalid date"_s);
    return loadVisits(u"SELECT visit_id FROM stages WHERE service_date = ?"_s, {sql::date(serviceDate)},
                      u"load visits of %1"_s.arg(sql::dateText(serviceDate)));
}

Result<QList<Visit>> Database::loadVisitsOfDay(Id centreId, const QDate &serviceDate)
{
    if (!serviceDate.isValid())
        return makeError(ErrorCode::InvalidArgument, u"storage: load visits of day: invalid date"_s);
    return loadVisits(
        u"SELECT id FROM visits WHERE centre_id = ? AND id IN (SELECT visit_id FROM stages WHERE service_date = ?)"_s,
        {sql::integer(centreId), sql::date(serviceDate)},
        u"load visits of centre %1 on %2"_s.arg(QString::number(centreId), sql::dateText(serviceDate)));
}

Result<QList<Visit>> Database::visitsByAccount(const QString &accountNumber, const QDate &from,
                                               const QDate &to)
{
    return loadVisits(uR"(SELECT id FROM visits WHERE account_number = ? AND id IN
                            (SELECT visit_id FROM stages WHERE service_date >= ? AND service_date <= ?))"_s,
                      {sql::text(accountNumber), lowerBound(from), upperBound(to)},
                      u"load visits of account %1"_s.arg(accountNumber));
}

Result<QList<Visit>> Database::visitsCreated(Id centreId, const QDateTime &from, const QDateTime &to)
{
    if (!from.isValid() || !to.isValid())
        return makeError(ErrorCode::InvalidArgument, u"storage: visits created: invalid period"_s);
    return loadVisits(u"SELECT id FROM visits WHERE centre_id = ? AND created_at >= ? AND created_at < ?"_s,
                      {sql::integer(centreId), sql::timestamp(from), sql::timestamp(to)},
                      u"load visits of centre %1 created from %2 to %3"_s.arg(centreId).arg(
                          from.toString(Qt::ISODate), to.toString(Qt::ISODate)));
}

Result<QHash<Id, int>> Database::maxTicketNumbers(const QDate &serviceDate)
{
    checkThread();
    const QString context = u"read ticket numbers"_s;
    Result<QSqlQuery *> q =
        select(u"SELECT queue_id, MAX(ticket_number) FROM stages WHERE service_date = ? GROUP BY queue_id"_s,
               {sql::date(serviceDate)}, context);
    if (!q)
        return q.error();
    auto finish = qScopeGuard([&] { (*q)->finish(); });
    QHash<Id, int> numbers;
    while ((*q)->next()) {
        RowReader r(**q, u"stages"_s);
        const Id queueId = r.id(0);
        const int number = int(r.integer(1));
        if (!r.ok())
            return r.error(u"queue "_s + rowKey(**q));
        numbers.insert(queueId, number);
    }
    if (Status s = endOfRows(**q, context); !s)
        return s.error();
    return numbers;
}

Result<QList<StageRecord>> Database::stageRecords(Id centreId, const QDate &from, const QDate &to)
{
    checkThread();
    const QString context = u"read stage records"_s;
    QString sqlText =
        uR"(SELECT s.visit_id, v.centre_id, s.queue_id, s.staff_id, s.role, s.state, s.queued_at,
                            s.called_at, s.started_at, s.finished_at, s.idx, s.service_date
                          FROM stages s JOIN visits v ON v.id = s.visit_id
                          WHERE s.service_date >= ? AND s.service_date <= ?)"_s;
    QVariantList values{lowerBound(from), upperBound(to)};
    if (centreId != 0) {
        sqlText += u" AND v.centre_id = ?"_s;
        values.append(sql::integer(centreId));
    }
    sqlText += u" ORDER BY s.service_date, s.visit_id, s.idx"_s;
    Result<QSqlQuery *> q = select(sqlText, values, context);
    if (!q)
        return q.error();
    auto finish = qScopeGuard([&] { (*q)->finish(); });
    QList<StageRecord> records;
    while ((*q)->next()) {
        RowReader r(**q, u"stages"_s);
        StageRecord record;
        record.visitId = r.id(0);
        record.centreId = r.id(1);
        record.queueId = r.id(2);
        record.staffId = r.id(3);
        record.role = r.stageRole(4);
        record.state = r.stageState(5);
        record.queuedAt = r.timestamp(6);
        record.calledAt = r.timestamp(7);
        record.startedAt = r.timestamp(8);
        record.finishedAt = r.timestamp(9);
        record.serviceDate = r.date(11);
        if (!r.ok())
            return r.error(u"visit %1, stage %2"_s.arg(rowKey(**q, 0), rowKey(**q, 10)));
        records.append(record);
    }
    if (Status s = endOfRows(**q, context); !s)
        return s.error();
    return records;
}

// --- Event log -------------------------------------------------------------------------------

} // namespace okno
