#pragma once

#include "AccessPolicy.h"
#include "Journal.h"
#include "Peer.h"
#include "ServerOptions.h"

#include <app/Change.h>
#include <app/FrontOfficeService.h>
#include <app/VisitService.h>
#include <core/Clock.h>
#include <core/Event.h>
#include <core/FrontOffice.h>
#include <core/QueueEngine.h>
#include <storage/DatabaseMaintenance.h>

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QThreadPool>

#include <QTimer>
#include <array>

#include <atomic>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>

namespace okno {

namespace protocol {
class Fields;
}

// The queue service: applies one request of an authenticated session — the access policy decides
// (AccessPolicy), the application layer runs the command (libs/app: the core validates and
// changes the state; the command says what to store and publish), the journal persists, then the
// reply and the events go out, each masked by the policy for its receiver. Transport-free: the TCP
// listener feeds it frames from a Peer and sends what it is given; the handlers here decode a
// request into a command and encode its result. The operations are grouped by bounded context, one file each:
// sessions and accounts (QueueServiceSession.cpp), configuration (…Configuration.cpp), visits and
// desks (…Visits.cpp), the front office (…FrontOffice.cpp), reports and live state (…Reports.cpp);
// the ids it hands out (…Ids.cpp).
class QueueService final : public QObject
{
    Q_OBJECT

public:
    explicit QueueService(ServerOptions options, QObject *parent = nullptr);
    // Before start(): every write checks this lease token (several nodes on PostgreSQL).
    void setFenceToken(qint64 token) { m_options.database.fenceToken = token; }
    ~QueueService() override;

    // A standby node (PostgreSQL): until start() succeeds, a hello that follows `moved` is
    // answered so, naming the node that serves (its lease row's), or `unavailable` while no node
    // does (an empty endpoint) or this one is starting; any other connection is closed.
    void standBy(const QString &servingNode, const QString &servingEndpoint);

    // --- Nodes sharing the centres (ServerOptions::shareCentres; QueueServiceShare.cpp). The
    // node starts owning nothing; CentreOwnership's signals come here.
    // Centres taken (their leases' tokens): their state loaded from the database, then served.
    void takeCentres(const QHash<Id, qint64> &centres);
    // The company's lease: company-wide changes and the housekeeping are this node's from now on.
    void takeCompany(qint64 token);
    // Who owns which centre (0: the company's lease), for `moved`.
    void setOwners(const QHash<Id, Database::Lease> &owners);
    // Stops serving the centres — their terminals disconnected, their changes on disk, their
    // fences dropped, their state forgotten — then calls `done` (their leases may go).
    void handOver(const QList<Id> &centres, std::function<void()> done);
    QList<Id> ownedCentres() const;

    // Opens the database, creates the default centre and first administrator on first start,
    // and loads the live state. Call once before any request but a standby's.
    Status start();
    // Builds the read model's missing digests of past days in the background (start() does).
    void buildReadModel();

    void attach(Peer *peer);
    void detach(Peer *peer);
    // One decoded frame from a peer.
    void handleFrame(Peer *peer, const QJsonObject &frame);

    qint64 lastSeq() const { return m_lastSeq; }
    // Waits until every change submitted is committed (or refused), then writes nothing more:
    // the server's last step before it lets its lease go.
    void stopWriting()
    {
        if (m_journal)
            m_journal->stop();
    }
    const Journal *journal() const { return m_journal.get(); }

Q_SIGNALS:
    void fatalStorageError(const QString &message);

private:
    // Work off the event loop. Password hashing (Argon2id, 64 MiB each) has its own two threads,
    // apart from reports, and at most kMaxPasswordJobs waiting or running: beyond that the request
    // is refused at once (`unavailable`) rather than queued without end. The service waits for
    // both pools before it goes, so no task outlives it.
    // A check for an address with no recent failures goes ahead of the queue (`urgent`), so that
    // a guesser's backlog does not keep the staff of a centre waiting to log in.
    static constexpr int kMaxPasswordJobs = 32;
    bool startPasswordJob(std::function<void()> job, bool urgent = false);
    static Error passwordQueueFull();

    struct Call;
    // Reports have their own threads and a bound of their own (ServerOptions::maxReports, and
    // maxReportsPerAccount for one account): a report past it is refused at once with `busy`,
    // saying which bound, and `job` is not run. Counted on the event loop's thread only.
    void startReportJob(const Call &c, std::function<void()> job);
    using Handler = void (QueueService::*)(Call &);
    struct Remembered // the answer given to an idempotency key, and what the key was used for
    {
        QByteArray requestHash;
        QJsonObject response;
    };
    // Keeps an answer in memory, the oldest going first past idempotencyMemoryKeys (the disk keeps
    // them until they expire).
    void rememberInMemory(const QString &key, const Remembered &r);
    // Forgets answers older than idempotencyDays, in memory and on disk (hourly, at start, and when
    // a test clock moves).
    void expireIdempotency();

    void registerOps();
    void dispatch(Call &call, const access::OpRule &rule, Handler handler);
    void runKeyed(Call &call, const access::OpRule &rule, Handler handler);
    // The one way out for a reply: masked for the caller's visibility, then sent; releases the
    // idempotency key the call held, so a twin waiting for it runs.
    void deliver(const Call &call, QJsonObject frame);
    access::Principal principalOf(const Session &s) const;
    Result<access::Target> resolveTarget(const Call &c, const access::OpRule &rule) const;
    // Ends every session of the account (but `except`): an event that says why, then the
    // connection closes. Called when an account is deactivated, demoted, moved or re-passworded.
    void revokeSessions(Id staffId, const QString &reason, const QString &message, const Peer *except);
    // Applies a changed account: in memory, its sessions revoked when the change requires it.
    void applyStaff(const Staff &st, const QByteArray &newHash, const Peer *except);
    Status loadState();
    Status bootstrap();

    // --- ids, in blocks from the database (Database::reserveIds, IdRange)
    // The ids of a kind at hand: a centre, queue, desk or staff id in m_ids; a visit, shift or
    // payment id in the engine's or the front office's range.
    IdRange idsAtHand(IdKind kind) const;
    void setIdsAtHand(IdKind kind, IdRange ids);
    // Makes sure at least `atLeast` ids of the kind are at hand: the spare block first, or else a
    // block taken at once on the event loop's connection (at start, and when a burst used a block
    // and its spare, none being on its way). After a failure, not tried again for a second.
    Status ensureIds(IdKind kind, qint64 atLeast);
    Result<Id> takeId(IdKind kind); // a centre, queue, desk or staff id
    // Before a change: a kind whose block is half used asks the journal's writer for a spare
    // block (one request at a time; the event loop never waits for it), and a kind with no id at
    // hand gets one (ensureIds). What cannot be had is logged; the core then refuses the change
    // that needs an id (`unavailable`).
    void topUpIds();
    // runChange after an asynchronous step (the idempotency key looked up on disk), once the
    // route is checked again.
    void runChangeStillHere(Call &call, const access::OpRule &rule, Handler handler);
    void runChange(Call &call, Handler handler)
    {
        topUpIds();
        (this->*handler)(call);
    }

    // --- helpers
    Actor actorOf(const Call &c) const;
    Result<Id> queueFromFields(Call &c, protocol::Fields &f, Id centreId, const char *idField,
                               const char *codeField);
    // Appends the events to the batch after its rows, unnumbered: the commit numbers them
    // (WriteBatch::appendEvent), and the journal's callback says from where (numberFrom).
    static QList<Event> journalEvents(WriteBatch &batch, QList<Event> events);
    // Gives the committed events the numbers their commit gave them, from `firstSeq` on.
    void numberFrom(QList<Event> &events, qint64 firstSeq);
    void commit(Call &c, WriteBatch batch, const QJsonObject &result, QList<Event> events);
    void commit(Call &c, app::Change change, const QJsonObject &result);
    void commitVisit(Call &c, const Result<app::VisitDone> &done);
    void commitDesk(Call &c, const Result<app::DeskDone> &done);
    // A change nobody asked for (the day's end): stored, then published.
    void commitUnasked(app::Change change);
    void commitCentre(Call &c, const Centre &centre); // in memory, on disk, and as centre.changed
    // Records the answer to the call's idempotency key in the batch (and in memory), once.
    void rememberAnswer(Call &c, WriteBatch &batch, const QJsonObject &result);
    void afterDurable(Call &c, const QJsonObject &result); // reply once earlier writes are on disk
    // Publishes this node's committed events, after any of other nodes' numbered below them.
    void publishCommitted(const QList<Event> &events);
    // Publishes the held (committed, own) events in order, each after what of other nodes' is
    // numbered below it; those that must wait for the log stay held.
    void publishHeld();
    // Publishes what the log holds after the last event published, up to `last`; false when the
    // log could not be read (nothing after the last published is then published).
    bool catchUpTo(qint64 last);
    // PostgreSQL: other nodes' commits are heard (a connection of its own) and published.
    void listenToOtherNodes();
    void openListener();
    void checkOtherNodes(); // every second: the listener alive, and nothing committed left unpublished
    void heardCommitted(qint64 first, qint64 last);
    void publish(const Event &e); // once per seq, in order
    // Sends `e` to `peer` if it may receive it, masked for what it may see. In a fan-out, `encoded`
    // holds the event's line per visibility, made for the first subscriber that needs it.
    void sendEvent(Peer *peer, const Event &e, std::array<QByteArray, 2> *encoded = nullptr);
    QJsonObject statusOf(Id centreId) const;
    // Sharing the centres: the `moved` (or `unavailable`) answer for a call that another node
    // serves — a centre this node does not own, a company-wide change without the company's
    // lease — or nothing.
    struct Route
    {
        std::optional<QJsonObject> elsewhere; // the answer: `moved` or `unavailable`
        Id waitFor = 0;                       // a centre this node has taken and is loading
    };
    Route route(const Call &c, const access::OpRule &rule);
    QJsonObject movedFrame(const Call &c, Id centre); // centre 0: the company lease holder
    Status loadCentreState(const QSet<Id> &ids);      // replaces what is in memory of them
    void refreshStaff(const Event &e);                // an account another node changed: read, applied
    // Another node's event that this node applies too: an account changed, a password check
    // counted, a lockout lifted.
    void applyFromElsewhere(const Event &e);
    bool housekeeper() const { return !m_options.shareCentres || m_companyToken != 0; }
    // The configuration of a worker thread's own connection (reports, the read model,
    // retention): sharing the centres, it carries the company's lease when held here — only the
    // company lease holder stores digests and runs retention; elsewhere it only reads.
    DatabaseConfig workerDatabase() const;
    // The configuration of one of this node's connections, named for the DBA (application_name).
    DatabaseConfig connectionFor(const QString &purpose) const
    {
        DatabaseConfig config = m_options.database;
        config.applicationName = purpose;
        return config;
    }
    bool centreExists(Id id) const; // in memory, or sharing the centres, served by any node
    // Sharing the centres: whether this node may still write the account (after a password was
    // hashed on a worker thread; a refused write would stop the node).
    Status accountWritableHere(const Staff &st) const;
    // Every centre of the company: in memory, or, sharing the centres, from the database.
    Result<QList<Centre>> everyCentre() const;

    // --- operations
    void opHello(Call &);
    void opLogin(Call &);
    void opLogout(Call &);
    void opPing(Call &);
    void opCentreList(Call &);
    void opCentreGet(Call &);
    void opCentrePut(Call &);
    void opScheduleSetException(Call &);
    void opScheduleRemoveException(Call &);
    void opNormsGet(Call &);
    void opNormsSet(Call &);
    void opQueueList(Call &);
    void opQueueForecast(Call &);
    void opQueuePut(Call &);
    void opDeskList(Call &);
    void opDeskPut(Call &);
    void opStaffList(Call &);
    void opStaffPut(Call &);
    void opStaffSetPassword(Call &);
    void opVisitIssue(Call &);
    void opVisitGet(Call &);
    void opVisitCallNext(Call &);
    void opVisitCall(Call &);
    void opVisitSimple(Call &); // recall, start, finish, noShow, requeue
    void opVisitRoute(Call &);
    void opVisitPostpone(Call &);
    void opVisitCancel(Call &);
    void opVisitSetPriority(Call &);
    void opDeskOpen(Call &);
    void opDeskState(Call &); // break, resume, close
    void opStatus(Call &);
    void opStats(Call &);
    void opEventsSubscribe(Call &);
    void opAlerts(Call &);
    void opClockSet(Call &);
    void opAuthLockouts(Call &);
    void opAuthUnlock(Call &);
    // retention (QueueServiceRetention.cpp)
    void opRetentionRun(Call &);
    struct RetentionRun;
    using RetentionDone = std::function<void(const Result<QJsonObject> &summary, const QList<Event> &events)>;
    // Erases (or, dry, counts) what is older than the period: the digests of past days first (on a
    // report thread), then bounded steps on the writer, each queued behind the writes waiting at
    // that moment; then the WAL is emptied and the event ring scrubbed. `done` gets the summary and
    // the retention.ran event, journaled but not yet committed (none for a dry run).
    void runRetention(bool dryRun, Id actorId, const QString &trigger, RetentionDone done);
    void retentionStep(const std::shared_ptr<RetentionRun> &run);
    void finishRetention(const std::shared_ptr<RetentionRun> &run, const Status &status);
    // The daily run, when its time has come on the server's clock (every minute, and on clock.set).
    void retentionSchedule();
    bool m_retentionRunning = false;
    std::deque<std::function<void()>> m_retentionWaiting; // runs asked for while one was under way
    QDate m_retentionLastDay;                             // the machine's local day of the last scheduled run
    // Failed password checks (logins and a manager's confirmation) are counted here, by login and
    // by address, in real time — not the business clock, which a demo shifts and a test freezes.
    LoginThrottle::Verdict beginPasswordCheck(const QString &login, Peer *peer);
    // The refusal for a verdict: too_many_attempts, or unavailable when only busy (a client retries).
    static Error throttled(const LoginThrottle::Verdict &verdict);
    // After a good password: the session begins (its desk checked), or, sharing the centres, the
    // login goes to the node that serves the person's centre (waits for it while it is loaded here).
    void admit(const Call &c, Id staffId, Id requestedDesk, int deskNumber);
    void finishPasswordCheck(const QString &login, const QString &address, bool success);
    // front office (QueueServiceFrontOffice.cpp)
    void opConsultationGet(Call &);
    void opConsultationSave(Call &);
    void opShiftOpen(Call &);
    void opShiftCurrent(Call &);
    void opShiftClose(Call &);
    void opPaymentRecord(Call &);
    void opPaymentReverse(Call &);
    void opPaymentList(Call &);
    // the database as a file (QueueServiceMaintenance.cpp)
    void opBackupCreate(Call &);
    void opDatabaseVerify(Call &);
    // Copies the database to `target` on the backup thread; `done` runs on the event loop.
    void startBackup(const QString &target,
                     std::function<void(const Result<maintenance::BackupInfo> &)> done);
    void startBackupSchedule();
    void runScheduledBackup();
    // reports (QueueServiceReports.cpp)
    void opDashboard(Call &);
    void opNormsHistory(Call &);
    Status loadFrontOffice();
    // An open cash shift, its receipts numbered on after its payments and a restore's floor.
    Status restoreOpenShift(const CashShift &shift, const RestoreFloors &floors);
    std::optional<Visit> findVisit(Id visitId) const; // live, or from storage
    // Reads storage once every change acknowledged so far is on disk, then answers.
    void readAfterDurable(Call &c, std::function<Result<QJsonObject>()> read);

    ServerOptions m_options;
    std::unique_ptr<Clock> m_clock;
    ManualClock *m_manualClock = nullptr;
    std::unique_ptr<QueueEngine> m_engine;
    std::unique_ptr<app::VisitService> m_visits;
    std::unique_ptr<app::FrontOfficeService> m_frontOffice;
    std::unique_ptr<Journal> m_journal;
    std::unique_ptr<Database> m_reader;   // reads on the event loop's thread: logins load nothing, stats do
    std::unique_ptr<Database> m_listener; // PostgreSQL: hears the numbers other nodes' commits took
    bool m_listenerDown = false;          // said once in the log, and once when it is back
    bool m_catchUpFailing = false;        // the same for reading the log
    std::map<qint64, Event> m_held;       // own committed events waiting for lower numbers
    QElapsedTimer m_heldSince;            // … since the check first found some waiting
    QHash<QString, Handler> m_ops;
    QSet<Peer *> m_peers;

    QHash<Id, Staff> m_staff;
    QHash<Id, QByteArray> m_passwordHashes;
    // Checked instead of an account's hash when the login is unknown (or not a manager's): the
    // same one Argon2 verification as for a wrong password, so the time tells nothing.
    QByteArray m_equaliserHash;
    LoginThrottle m_throttle;
    QHash<Id, quint32> m_credentialEpoch;    // staff → bumped by a change that ends its sessions
    QSet<QString> m_pendingLogins;           // logins of accounts being created (hash in progress)
    QHash<QString, Remembered> m_idempotent; // key → response already given
    std::deque<std::pair<QDateTime, QString>> m_idempotentOrder; // m_idempotent's keys, oldest first
    QTimer *m_expiryTimer = nullptr;
    QHash<QString, QList<std::function<void()>>> m_keyWaiters; // key in flight → twins waiting
    std::deque<Event> m_ring;                                  // recent committed events, for resync
    std::deque<qsizetype> m_ringSizes;                         // the size of each event in m_ring as a frame
    qint64 m_ringBytes = 0;
    void keepInRing(const Event &e);
    qint64 m_lastSeq = 0;                  // the last seq committed (at start: the highest in the database)
    qint64 m_lastPublished = 0;            // the last seq published (this node's or another's), or loaded
    std::array<Id, kIdKinds> m_idFloors{}; // the highest id of each kind in use at start, + 1
    std::array<IdRange, kIdKinds> m_ids{}; // centre, queue, desk and staff ids at hand
    struct IdSupply
    {
        IdRange spare;                // the block that comes next
        bool asking = false;          // a spare block is being taken on the writer
        QDeadlineTimer retryAfter{0}; // after a failure: not asked again before it expires
        qint64 blockSize = 0;         // the next block's (0: the kind's first size)
        QDateTime atHandSince;        // when the block at hand was put there (m_clock)
        bool sized = false;           // blockSize decided from the block at hand's rate
    };
    std::array<IdSupply, kIdKinds> m_idSupply{};
    void newBlockAtHand(IdSupply &supply); // its time noted, the next block's size to decide
    bool m_failed = false;
    bool m_standby = false;    // standBy() until start() succeeds
    QHash<Id, qint64> m_owned; // sharing the centres: those served here, by lease token
    QSet<Id> m_loading;        // … taken, their state being loaded
    QHash<Id, QList<std::function<void()>>> m_waitingFor; // … requests about those, run once loaded
    QHash<Id, Database::Lease> m_owners; // … every owned centre's owner (0: the company lease)
    qint64 m_companyToken = 0;           // … the company's lease, when held here
    bool m_starting = false;             // in start(), or it failed
    QString m_servingNode, m_servingEndpoint;
    QThreadPool m_passwordWork;
    QThreadPool m_reportWork;
    std::atomic<int> m_passwordJobs{0};
    std::atomic<bool> m_stopping{false}; // the background build of the read model stops early
    // Backups and checks of the database file: one at a time, on a thread of their own (never on
    // the event loop, never behind a report).
    QThreadPool m_backupWork;
    bool m_backupRunning = false;
    QDate m_lastScheduledBackup; // the local day whose nightly backup is made (or was tried)
    // After a restore: the seqs the old server may have published after the backup (from, to).
    std::pair<qint64, qint64> m_seqGap{0, 0};
    int m_reportJobs = 0;          // waiting or running
    QHash<Id, int> m_reportJobsOf; // … of each account
};

} // namespace okno
