#pragma once

#include "DatabaseConfig.h"
#include "Migration.h"
#include "Retention.h"
#include "StorageTypes.h"
#include "WriteBatch.h"

#include <core/Event.h>
#include <core/FrontOffice.h>
#include <core/IdRange.h>
#include <core/Organisation.h>
#include <core/ReadModel.h>
#include <core/Result.h>
#include <core/Statistics.h>
#include <core/Visit.h>

#include <QByteArray>
#include <QDate>
#include <QHash>
#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <QTimeZone>

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>

class QSqlQuery;
class QThread;

namespace okno {

class StatementCache;
class Transaction;

// The Okno database: the only place that speaks SQL.
//
// One Database owns one connection (a QSqlDatabase under a connection name unique to the
// instance, removed again by the destructor). Like the connection, the object may be used only
// from the thread that opened it; the server gives it a thread of its own and hands it work.
//
// Writing goes through apply(): one or many WriteBatches in ONE transaction, committed durably
// (SQLite: WAL with synchronous=FULL) before apply() returns: the group-commit primitive.
// Reading returns domain objects. Every function returns errors as values (okno::Result /
// okno::Status): ErrorCode::Unavailable when the storage is in trouble (cannot open, disk full,
// locked, connection lost), ErrorCode::Internal for what is a bug (a constraint violated, a row
// that cannot be what its columns say); the message names the operation and carries the
// database's own text. A NULL in the database is not an error (a NULL timestamp reads as an
// invalid QDateTime, a NULL reference as Id 0).
//
// Storage conventions (portable SQL; see SqlValues.h and Migration.h): ids BIGINT assigned by
// the server, instants as BIGINT milliseconds since the epoch UTC, dates 'yyyy-MM-dd', times of
// day minutes since midnight, enums by their core names. Text reads back exactly as written (a
// leading U+FEFF, NUL, astral characters and all), except that SQLite cannot keep U+FFFE, U+FFFF
// or an unpaired surrogate: each reads back as U+FFFD (the protocol never accepts them).
class Database
{
public:
    // Opens (creating if needed) the database, configures the connection (SQLite: journal_mode
    // WAL, synchronous FULL, foreign_keys ON, busy_timeout 5000 ms) and brings the schema up to
    // date. Refuses a database whose schema is newer than this build knows.
    static Result<std::unique_ptr<Database>> open(const DatabaseConfig &config);
    // The same with an explicit list of migration steps (for tests of the migration machinery).
    static Result<std::unique_ptr<Database>> open(const DatabaseConfig &config,
                                                  const QList<Migration> &migrations);

    ~Database();
    Q_DISABLE_COPY_MOVE(Database)

    const DatabaseConfig &config() const { return m_config; }
    int schemaVersion() const { return m_schemaVersion; }
    Result<ConnectionInfo> connectionInfo();

    // --- Writing -------------------------------------------------------------------------------
    // Applies every change of every batch, in order, in one transaction, and commits. On any
    // failure the transaction is rolled back, nothing of any batch is left behind, and the error
    // names the change that failed (a failure found only at commit, such as a foreign key to a
    // row that does not exist, names the commit). An empty list is a success without a
    // transaction. The caller may retry the batches one by one to find the one at fault.
    // Events with seq 0 are numbered in the commit (WriteBatch::appendEvent): `firstSeq`, if
    // given, is set to the number of the first of them (the others follow, batch by batch, in
    // order), or to 0 when there were none.
    Status apply(const QList<WriteBatch> &batches, qint64 *firstSeq = nullptr);
    Status apply(const WriteBatch &batch, qint64 *firstSeq = nullptr);

    // --- Configuration, ordered by id -----------------------------------------------------------
    // Centres with their full schedule (time zone from its IANA id; an unknown id is an error),
    // exceptions, norms, priority categories (in their stored order) and queue policy.
    Result<QList<Centre>> loadCentres();
    Result<QList<Queue>> loadQueues();
    Result<QList<Desk>> loadDesks(); // with their queues in order and their live state
    Result<QList<Staff>> loadStaff();
    // The account with exactly this login, with its password hash; nullopt if there is none.
    Result<std::optional<StaffCredential>> findLogin(const QString &login);

    // --- Visits --------------------------------------------------------------------------------
    // Visits come with all their stages, in order; lists are ordered by visit id.
    Result<std::optional<Visit>> loadVisit(Id id);
    // Visits whose last stage is not terminal (waiting, called, in service, postponed).
    Result<QList<Visit>> loadActiveVisits();
    // Visits with at least one stage whose service date is `serviceDate`.
    Result<QList<Visit>> loadVisitsOfDay(const QDate &serviceDate);
    // The same for one centre: what the server loads at start, finished visits included (the
    // queue policy reads the day's calls).
    Result<QList<Visit>> loadVisitsOfDay(Id centreId, const QDate &serviceDate);
    // Visits with exactly this account number that have a stage with a service date in
    // [from, to]; an invalid `from` or `to` leaves that end of the range open.
    Result<QList<Visit>> visitsByAccount(const QString &accountNumber, const QDate &from, const QDate &to);
    // Visits of one centre created in [from, to) (instants).
    Result<QList<Visit>> visitsCreated(Id centreId, const QDateTime &from, const QDateTime &to);
    // The highest ticket number issued per queue on a service date (queues without tickets that
    // day are absent).
    Result<QHash<Id, int>> maxTicketNumbers(const QDate &serviceDate);
    // The stages with a service date in [from, to] (an invalid end is open), of one centre or of
    // all (centreId 0), ordered by service date, visit and stage.
    Result<QList<StageRecord>> stageRecords(Id centreId, const QDate &from, const QDate &to);

    // --- Front office --------------------------------------------------------------------------
    Result<std::optional<Consultation>> loadConsultation(Id visitId, int stageIndex);
    Result<QList<Consultation>> loadConsultationsOfVisit(Id visitId); // by stage
    Result<QList<CashShift>> loadOpenShifts();
    Result<std::optional<CashShift>> loadShift(Id id);
    Result<std::optional<Payment>> loadPayment(Id id);
    Result<QList<Payment>> loadPaymentsOfShift(Id shiftId); // by id
    Result<QList<Payment>> loadPaymentsOfVisit(Id visitId);
    // The reversal of a payment, if it has one (a payment is reversed at most once).
    Result<std::optional<Payment>> loadReversalOf(Id paymentId);
    // The highest cash shift number per centre (or the restore's floor, where higher).
    Result<QHash<Id, int>> maxShiftNumbers();

    // --- Event log -----------------------------------------------------------------------------
    // At most `limit` (> 0) events with a sequence number greater than `seq`, in order. Page by
    // passing the last seq received.
    Result<QList<Event>> eventsSince(qint64 seq, int limit);
    Result<qint64> lastEventSeq(); // 0 for an empty log
    // PostgreSQL: from now on `heard` runs, on this connection's thread (from its event loop), with
    // the numbers each commit of any connection, any node, gave its events (WriteBatch::appendEvent
    // with seq 0), in the order of the commits. A range can be missed (a connection lost, events
    // stored with their seq given, which announce nothing): a listener that hears a first number
    // past the last it read reads the gap from the log. SQLite: refused (its one writer is the
    // server that opened it).
    Status listenForEvents(std::function<void(qint64 first, qint64 last)> heard);
    // The newest (at most `limit`, > 0) events of one type and centre, newest first.
    Result<QList<Event>> eventsOfType(const QString &type, Id centreId, int limit);

    // --- The reports' read model (DatabaseDigests.cpp, core/ReadModel.h) ---------------------------
    // The digests of the visits each centre created on each local day of [from, to], handed to
    // `use` in order of day (and of centre within a day), one per centre and day. A digest stored
    // under the centre's current schedule is read as it is; any other is first built from the
    // visits, in a transaction of its own that stores it if its day is over at `now` (the
    // centre's local date). What `use` receives always equals a digest of the rows as they are.
    using CreatedDigestUse = std::function<void(Id centreId, const QDate &day, const CreatedDigest &digest)>;
    Status readCreatedDigests(const QList<Centre> &centres, const QDate &from, const QDate &to,
                              const QDateTime &now, const CreatedDigestUse &use);
    // The digests of one centre's stages with a service date in [from, to], in order of day.
    Result<QList<ServiceDigest>> readServiceDigests(const Centre &centre, const QDate &from, const QDate &to,
                                                    const QDateTime &now);
    // Builds and stores every digest missing over each centre's visits (from the day before its
    // first to the day after its last, but not `now`'s day or later) — after the migration that
    // created the read model, or after a history load: the number of centre-days built.
    // It stops between chunks of days once `*stop` is true.
    Result<int> buildDigests(const QList<Centre> &centres, const QDateTime &now,
                             const std::atomic<bool> *stop = nullptr);
    // Drops every centre's digests of the days [from, to]. A bulk load (DatabaseConfig::bulkLoad)
    // does not keep the read model as it writes: its loader drops what it will change first and
    // builds the digests afterwards.
    Status dropDigests(const QDate &from, const QDate &to);

    // --- Retention (DatabaseRetention.cpp, storage/Retention.h) -----------------------------------
    // One bounded step of erasing visitors' personal data older than `cutoff`: at most `maxRows`
    // visits (with their stages' notes, consultations and meter readings), or payments, or
    // events, in one transaction that also records how far the walk went. Before a visit's account
    // goes, its repeat-visit facts (and those of the later visits that look back at it) are kept
    // in visit_repeat_facts, so the read model rebuilt later gives the same figures. Call until
    // `done`; a later cut-off carries on where the last run stopped.
    Result<retention::Step> anonymiseStep(const QDateTime &cutoff, int maxRows);
    // What steps up to `cutoff` would erase now; changes nothing.
    Result<retention::Counts> retentionPending(const QDateTime &cutoff);
    // Writes the whole database afresh (SQLite VACUUM): no stale copy of an erased value stays in
    // a page's unused space. Holds the write lock for as long as it takes (docs/retention.md).
    Status vacuum();
    // Checkpoints and truncates the WAL (its old frames hold pages as they were before the
    // erasing): false when a reader kept it from being reset (try again later).
    Result<bool> truncateWal();

    // --- Moving up (DatabaseImport.cpp) -----------------------------------------------------------
    // Copies every row of every table of `source` (a company's SQLite database, opened with
    // open() and so at this build's schema version) into this database (PostgreSQL, say), which
    // must hold nothing yet but its schema: refused, naming a table with rows, otherwise. One
    // transaction: all of it or, on any failure, nothing. Each table's rows are counted on both
    // sides before the commit; a difference is an error and nothing is kept.
    struct ImportedTable
    {
        QString name;
        qint64 rows = 0;
    };
    Result<QList<ImportedTable>> importFrom(Database &source);

    // --- Several nodes on one PostgreSQL (DatabaseLease.cpp, docs/scale-out.md) ------------------
    // The company's live state is served by one node at a time: the holder of the lease. Holding
    // it is this connection's session-level advisory lock, which PostgreSQL releases the moment the
    // connection ends (the node killed; its machine or network gone, once TCP keepalives notice);
    // taking it also bumps the token of the server_lease row, which every write checks (setFence).
    struct Lease
    {
        qint64 token = 0;
        QString holder;  // the node's name
        QString address; // where it serves terminals, host:port
        QDateTime takenAt;
    };
    // The lease, if no other node holds it now (nullopt then; currentLease() says who does).
    Result<std::optional<Lease>> tryTakeLease(const QString &holder, const QString &address,
                                              const QDateTime &now);
    Result<std::optional<Lease>> currentLease();
    // The lease row if a node holds the lease now (its lock is held by a live connection), or
    // nullopt; nullopt on SQLite. Takes nothing.
    Result<std::optional<Lease>> heldLease();
    // A round trip on this connection: an error once it is gone (and with it, the lease).
    Status ping();
    // Closes this connection and opens it again (a lost connection: the database restarted, the
    // network broke), configured as at open() — the schema is not checked again. Nothing that
    // the old connection held (locks, LISTEN, prepared statements) is held any more.
    Status reconnect();
    // From now on every apply() first reads the lease row, locking it against a takeover until
    // the commit, and refuses (ErrorCode::Unavailable, nothing written) unless its token is
    // `token`: a node whose lease another has taken cannot commit anything after that moment.
    void setFence(qint64 token) { m_fenceToken = token; }

    // --- Centres with owners of their own (several nodes sharing the load) ----------------------
    // Each centre's live state can be owned by one node at a time, as the company's is: a
    // session-level advisory lock of the centre's own (held by the node's lease connection) and a
    // row `server_lease(scope = 'centre:N')` whose token the writes of that centre check.
    // This node is present while this connection lives: a lock of a number of its own, kept in
    // the row `node:<holder>`. Refused when a node of that name is present already.
    Status announceNode(const QString &holder, const QString &address, const QDateTime &now);
    // The nodes present now (their connections live), by name.
    Result<QList<Lease>> liveNodes();
    // The centre's lease, if no other node holds it now (nullopt then); its token moves on, which
    // fences out the node that held it before.
    Result<std::optional<Lease>> tryTakeCentre(Id centreId, const QString &holder, const QString &address,
                                               const QDateTime &now);
    // Lets the centre's lease go (its token stays: whoever takes it next moves it on). The node's
    // writer must have stopped writing the centre first (dropCentreFence on its connection).
    Status releaseCentre(Id centreId);
    // The centres whose lease is held now (the holder's connection lives), with their rows.
    Result<QHash<Id, Lease>> centreOwners();
    // Every centre's id, ascending: the centres to share.
    Result<QList<Id>> centreIds();
    // From now on apply() checks the token of each centre a change belongs to — a queue, desk,
    // visit, consultation, shift or payment of that centre, and the centre's own row or an
    // account of it when this connection holds its token — and refuses (Unavailable, nothing written) a
    // centre it holds no token for or whose token moved on; a company-wide change (a new centre, an account,
    // a setting) needs the company's lease (setFence). Events and idempotency records belong to the change
    // they come with.
    void fenceByCentre() { m_fenceByCentre = true; }
    // Whether this connection stores derived rows (the read model's digests) it builds: not on
    // a node sharing the centres without the company's lease — it reads them and builds what is
    // missing, and the company lease holder stores them.
    bool storesDerived() const { return !m_fenceByCentre || m_fenceToken != 0; }
    void setCentreFence(Id centreId, qint64 token) { m_centreFences.insert(centreId, token); }
    void dropCentreFence(Id centreId) { m_centreFences.remove(centreId); }

    // --- Identities ------------------------------------------------------------------------------
    // The next `count` ids of `kind`, none below `floor` (the highest in use + 1, maxIds()), and
    // none that this or any other connection was given before: one statement on the id_blocks
    // row, which moves past them whoever asks (another node, this one after a restart). A block
    // taken and not used leaves a gap; ids are never handed out twice.
    Result<IdRange> reserveIds(IdKind kind, qint64 count, Id floor);

    // --- Other ---------------------------------------------------------------------------------
    // The highest ids in use or reserved (reserveIds), or the floors a restore left
    // (restoreFloors()) where those are higher.
    Result<MaxIds> maxIds();
    // The floors a restore from a backup stored (StorageTypes.h); empty when there was none.
    Result<RestoreFloors> restoreFloors();
    Result<std::optional<QByteArray>> idempotencyResponse(const QString &key);
    Result<std::optional<QString>> setting(const QString &key);

private:
    Database(DatabaseConfig config, QString connectionName);

    Status openConnection();
    Status configureSqlite();
    Status configurePostgres();
    enum class FenceWait
    {
        Wait,
        NoWait
    };
    // The lease rows a transaction's changes need read (and held FOR SHARE) and their tokens.
    struct FenceScopes
    {
        bool company = false;
        QList<Id> centres; // ascending, no repeats
    };
    Status checkFence(FenceWait wait = FenceWait::Wait, const FenceScopes &scopes = {true, {}});
    FenceScopes fenceScopes(const QList<WriteBatch> &batches) const;
    // Takes the advisory lock (lockClass, lockObject) if free, and with it moves the scope's
    // lease row on to a new token.
    Result<std::optional<Lease>> takeLease(const QString &scope, int lockClass, int lockObject,
                                           const QString &holder, const QString &address,
                                           const QDateTime &now, const QString &context);
    void unlockAdvisory(int lockClass, int lockObject, const QString &context);
    // A write transaction: on SQLite the write lock is taken at BEGIN (IMMEDIATE), where the busy
    // timeout waits for another writer; a deferred transaction whose first statement reads would
    // instead fail at its first write whenever another connection committed in between.
    Status beginWrite(Transaction &tx, const QString &context);
    // Commits a write of derived data or erasure (digests, retention): on several nodes only while
    // this node's lease token is still the one stored — read just before, so that the lease row is
    // held for no longer than the commit (apply() reads it first: its changes are acknowledged).
    Status commitWrite(Transaction &tx);
    Result<QString> pragma(const QString &name);
    // Prepares (once), binds and executes; the caller reads the rows and calls finish().
    Result<QSqlQuery *> select(const QString &sql, const QVariantList &values, const QString &context);
    Result<QList<Visit>> loadVisits(const QString &visitIdsQuery, const QVariantList &values,
                                    const QString &context);
    Result<QList<Visit>> readVisits(const QString &visitIdsQuery, const QVariantList &values,
                                    const QString &context);
    Result<QList<Centre>> readCentres();
    Result<QList<Desk>> readDesks();
    Result<QList<Consultation>> readConsultations(const QString &where, const QVariantList &values,
                                                  const QString &context);
    Result<QList<CashShift>> readShifts(const QString &where, const QVariantList &values,
                                        const QString &context);
    Result<QList<Payment>> readPayments(const QString &where, const QVariantList &values,
                                        const QString &context);
    void checkThread() const; // asserts (debug builds) that the caller is on the opening thread

    // The read model's helpers (DatabaseDigests.cpp).
    enum class DigestPart
    {
        Created,
        Service
    };
    using DigestKey = std::pair<QDate, Id>; // day, centre: the order reports take them in
    using DigestUse = std::function<Status(const DigestKey &, const QByteArray &encoded)>;
    Status forEachDigest(const QList<Centre> &centres, const QDate &from, const QDate &to,
                         const QDateTime &now, DigestPart part, const DigestUse &use);
    Result<std::set<DigestKey>> validDigests(const QHash<Id, Centre> &centres, const QDate &from,
                                             const QDate &to, DigestPart part);
    // Builds one centre's digests of [from, to] from the rows; stores them in the same
    // transaction as the reading when `store` (SQLite: BEGIN IMMEDIATE, so no write comes between).
    Result<std::map<QDate, std::pair<QByteArray, QByteArray>>>
    buildDigestRange(const Centre &centre, const QDate &from, const QDate &to, bool store);
    // The gaps of each visit with an account: kept facts first (visit_repeat_facts), the rows for
    // the rest.
    Result<QHash<Id, RepeatGaps>> repeatGaps(const QList<Visit> &visits);
    struct RepeatFact
    {
        bool hadAccount = false;
        RepeatGaps gaps;
    };
    Result<QHash<Id, RepeatFact>> repeatFacts(const QList<Visit> &visits);
    // Retention's helpers (DatabaseRetention.cpp).
    Status keepRepeatFacts(const QList<Visit> &erased);
    Result<qint64> retentionMark(const QString &key);
    Status setRetentionMark(const QString &key, qint64 mark);
    Result<qint64> chunkEnd(const QString &table, const QString &column, qint64 from, qint64 to, int maxRows);
    Status exec(const QString &sqlText, const QVariantList &values, const QString &context,
                qint64 *rowsAffected = nullptr);
    Result<qint64> countOf(const QString &sqlText, const QVariantList &values, const QString &context);
    // The local days each centre may have digests that are not empty: from the day before its
    // first visit to the day after its last (a centre without visits is absent).
    Result<QHash<Id, std::pair<QDate, QDate>>> dataSpans(const QHash<Id, Centre> &centres);

    DatabaseConfig m_config;
    QString m_connectionName;
    QSqlDatabase m_db;
    std::unique_ptr<StatementCache> m_statements;
    QHash<Id, QTimeZone> m_zones; // the writer's centres' time zones (BatchWriter)
    QThread *m_thread = nullptr;
    qint64 m_fenceToken = 0;          // PostgreSQL, several nodes: the lease token every write checks
    bool m_fenceByCentre = false;     // each centre's changes check its own token (m_centreFences)
    QHash<Id, qint64> m_centreFences; // the centres this node owns, by their lease tokens
    int m_schemaVersion = 0;
};

// The settings rows that store `floors` (Database::restoreFloors() reads them back); a restore puts
// them into the restored database with WriteBatch::putSetting.
QList<std::pair<QString, QString>> restoreFloorSettings(const RestoreFloors &floors);

} // namespace okno
