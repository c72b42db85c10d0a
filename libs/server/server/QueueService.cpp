#include "QueueService.h"

#include "Passwords.h"
#include "QueueServiceCall.h"

#include <app/Events.h>
#include <logging/Logging.h>
#include <protocol/Codec.h>
#include <protocol/Fields.h>
#include <protocol/FrameDecoder.h>
#include <protocol/Message.h>
#include <protocol/Ops.h>
#include <protocol/Positions.h>

#ifdef __GLIBC__
#include <malloc.h>
#endif

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QPointer>
#include <QThread>
#include <QThreadPool>
#include <QTimer>
#include <QUuid>

namespace okno {

using namespace Qt::StringLiterals;
using namespace protocol;

QueueService::QueueService(ServerOptions options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_throttle(m_options.throttle)
{
    if (m_options.testClock) {
        auto clock = std::make_unique<ManualClock>(
            m_options.testClockStart.isValid() ? m_options.testClockStart : QDateTime::currentDateTimeUtc());
        m_manualClock = clock.get();
        m_clock = std::move(clock);
    } else if (m_options.clockStart.isValid()) {
        m_clock = std::make_unique<ShiftedClock>(m_options.clockStart);
    } else {
        m_clock = std::make_unique<SystemClock>();
    }
    m_engine = std::make_unique<QueueEngine>(*m_clock);
    m_visits = std::make_unique<app::VisitService>(*m_engine);
    m_frontOffice = std::make_unique<app::FrontOfficeService>(*m_clock);
    m_passwordWork.setMaxThreadCount(2);
    m_passwordWork.setObjectName(u"password-work"_s);
    m_reportWork.setObjectName(u"report-work"_s);
    m_backupWork.setObjectName(u"backup-work"_s);
    m_backupWork.setMaxThreadCount(1);
    m_reportWork.setMaxThreadCount(
        m_options.reportThreads > 0 ? m_options.reportThreads : std::max(1, QThread::idealThreadCount() / 2));
    registerOps();
}

QueueService::~QueueService()
{
    // Tasks hold `this`: nothing queued starts any more, and what runs finishes before the
    // service goes (their answers, posted to it, are dropped with it).
    m_stopping = true;
    m_passwordWork.clear();
    m_reportWork.clear();
    m_backupWork.clear();
    m_passwordWork.waitForDone();
    m_reportWork.waitForDone();
    m_backupWork.waitForDone(); // a backup under way is finished, not left half-written
}

bool QueueService::startPasswordJob(std::function<void()> job, bool urgent)
{
    if (m_passwordJobs.fetch_add(1) >= kMaxPasswordJobs) {
        --m_passwordJobs;
        return false;
    }
    m_passwordWork.start(QRunnable::create([this, job = std::move(job)] {
                             job();
                             --m_passwordJobs;
                         }),
                         urgent ? 1 : 0);
    return true;
}

LoginThrottle::Verdict QueueService::beginPasswordCheck(const QString &login, Peer *peer)
{
    const LoginThrottle::Verdict v =
        m_throttle.begin(login, peer->address(), QDateTime::currentDateTimeUtc());
    if (!v.allowed)
        logging::warn(
            u"password check for \"%1\" from %2 refused: %3"_s.arg(login, peer->describe(), v.message));
    return v;
}

Error QueueService::throttled(const LoginThrottle::Verdict &verdict)
{
    return makeError(verdict.transient ? ErrorCode::Unavailable : ErrorCode::TooManyAttempts,
                     verdict.message);
}

void QueueService::finishPasswordCheck(const QString &login, const QString &address, bool success)
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    m_throttle.finish(login, address, success, now);
    // Sharing the centres: every node counts it too (catchUpTo), so that guesses spread over the
    // nodes lock a login or an address as they would on one.
    if (m_options.shareCentres && !m_failed) {
        app::Change told;
        told.events.append(app::events::loginChecked(login, address, success, m_options.nodeName, now));
        commitUnasked(std::move(told));
    }
    if (success)
        return;
    for (const LoginThrottle::Entry &e : m_throttle.entries(now))
        if (e.lockedUntil.isValid() && e.lastFailure == now && (e.key == login || e.key == address))
            logging::warn(
                u"%1 %2 locked until %3 UTC after %4 failed password checks"_s
                    .arg(throttleKindName(e.kind), e.key, e.lockedUntil.toString(u"yyyy-MM-dd HH:mm:ss"_s))
                    .arg(e.failures));
}

void QueueService::startReportJob(const Call &c, std::function<void()> job)
{
    if (!c.peer)
        return; // gone while the report waited for the journal: nobody to answer
    const Id account = c.session().staff.id;
    int &own = m_reportJobsOf[account];
    const bool full = m_reportJobs >= m_options.maxReports;
    if (full || own >= m_options.maxReportsPerAccount) {
        const int inHand = full ? m_reportJobs : own;
        if (own == 0)
            m_reportJobsOf.remove(account);
        logging::info(u"%1 for %2 refused: %3 reports already in hand"_s.arg(c.op, c.peer->describe(),
                                                                             QString::number(inHand)));
        return c.fail(
            makeError(ErrorCode::Busy,
                      (full ? u"the server already has %1 reports in hand; try again in a little while"_s
                            : u"this account already has %1 reports in hand; try again when one is ready"_s)
                          .arg(inHand)));
    }
    ++own;
    ++m_reportJobs;
    m_reportWork.start([this, account, job = std::move(job)] {
        job();
#ifdef __GLIBC__
        // A report's rows and reply are freed by now, but glibc keeps freed heap pages for later:
        // hand them back, so that memory after a report is what it was before (okno-bench).
        malloc_trim(0);
#endif
        // The count goes down on the event loop's thread, after the job's answer was posted there.
        QMetaObject::invokeMethod(
            this,
            [this, account] {
                --m_reportJobs;
                if (--m_reportJobsOf[account] <= 0)
                    m_reportJobsOf.remove(account);
            },
            Qt::QueuedConnection);
    });
}

Error QueueService::passwordQueueFull()
{
    return makeError(ErrorCode::Unavailable,
                     u"the server is busy checking passwords; try again in a few seconds"_s);
}

void QueueService::registerOps()
{
    namespace op = ops;
    m_ops = {
        {op::Hello, &QueueService::opHello},
        {op::AuthLogin, &QueueService::opLogin},
        {op::AuthLogout, &QueueService::opLogout},
        {op::Ping, &QueueService::opPing},
        {op::CentreList, &QueueService::opCentreList},
        {op::CentreGet, &QueueService::opCentreGet},
        {op::CentrePut, &QueueService::opCentrePut},
        {op::ScheduleSetException, &QueueService::opScheduleSetException},
        {op::ScheduleRemoveException, &QueueService::opScheduleRemoveException},
        {op::NormsGet, &QueueService::opNormsGet},
        {op::NormsSet, &QueueService::opNormsSet},
        {op::NormsHistory, &QueueService::opNormsHistory},
        {op::QueueList, &QueueService::opQueueList},
        {op::QueueForecast, &QueueService::opQueueForecast},
        {op::QueuePut, &QueueService::opQueuePut},
        {op::DeskList, &QueueService::opDeskList},
        {op::DeskPut, &QueueService::opDeskPut},
        {op::StaffList, &QueueService::opStaffList},
        {op::StaffPut, &QueueService::opStaffPut},
        {op::StaffSetPassword, &QueueService::opStaffSetPassword},
        {op::VisitIssue, &QueueService::opVisitIssue},
        {op::VisitGet, &QueueService::opVisitGet},
        {op::VisitCallNext, &QueueService::opVisitCallNext},
        {op::VisitCall, &QueueService::opVisitCall},
        {op::VisitRecall, &QueueService::opVisitSimple},
        {op::VisitStart, &QueueService::opVisitSimple},
        {op::VisitFinish, &QueueService::opVisitSimple},
        {op::VisitNoShow, &QueueService::opVisitSimple},
        {op::VisitRequeue, &QueueService::opVisitSimple},
        {op::VisitRoute, &QueueService::opVisitRoute},
        {op::VisitPostpone, &QueueService::opVisitPostpone},
        {op::VisitCancel, &QueueService::opVisitCancel},
        {op::VisitSetPriority, &QueueService::opVisitSetPriority},
        {op::DeskOpen, &QueueService::opDeskOpen},
        {op::DeskBreak, &QueueService::opDeskState},
        {op::DeskResume, &QueueService::opDeskState},
        {op::DeskClose, &QueueService::opDeskState},
        {op::StatusQuery, &QueueService::opStatus},
        {op::Stats, &QueueService::opStats},
        {op::Dashboard, &QueueService::opDashboard},
        {op::Alerts, &QueueService::opAlerts},
        {op::EventsSubscribe, &QueueService::opEventsSubscribe},
        {op::ClockSet, &QueueService::opClockSet},
        {op::AuthLockouts, &QueueService::opAuthLockouts},
        {op::AuthUnlock, &QueueService::opAuthUnlock},
        {op::BackupCreate, &QueueService::opBackupCreate},
        {op::DatabaseVerify, &QueueService::opDatabaseVerify},
        {op::RetentionRun, &QueueService::opRetentionRun},
        {op::ConsultationGet, &QueueService::opConsultationGet},
        {op::ConsultationSave, &QueueService::opConsultationSave},
        {op::ShiftOpen, &QueueService::opShiftOpen},
        {op::ShiftCurrent, &QueueService::opShiftCurrent},
        {op::ShiftClose, &QueueService::opShiftClose},
        {op::PaymentRecord, &QueueService::opPaymentRecord},
        {op::PaymentReverse, &QueueService::opPaymentReverse},
        {op::PaymentList, &QueueService::opPaymentList},
    };
    // The policy's table and the handlers are one list: an operation without a rule is a bug.
    for (const access::OpRule &r : access::rules())
        Q_ASSERT_X(m_ops.contains(r.op), "QueueService", "an access rule without a handler");
    for (auto it = m_ops.cbegin(); it != m_ops.cend(); ++it)
        if (!access::rule(it.key()))
            qFatal("operation %s has no access rule", qUtf8Printable(it.key()));
}

// ---------------------------------------------------------------------------------------------
// start-up

void QueueService::standBy(const QString &servingNode, const QString &servingEndpoint)
{
    if (m_starting)
        return; // taking over: a holder seen before is not one any more
    m_standby = true;
    m_servingNode = servingNode;
    m_servingEndpoint = servingEndpoint;
}

Status QueueService::start()
{
    // A standby taking over answers `unavailable` until its state is loaded (bootstrap() runs the
    // event loop), and for good if that fails (the node then stops).
    m_starting = true;
    // A hash of a random password nobody knows, made once: see m_equaliserHash.
    m_equaliserHash = passwords::hash(QUuid::createUuid().toString());
    // Sharing the centres: each write checks the leases of the centres it touches, the company's
    // for company-wide changes; the node holds none of them yet.
    if (m_options.shareCentres)
        m_options.database.fenceByCentre = true;
    m_journal = std::make_unique<Journal>(connectionFor(u"okno-writer"_s));
    if (auto s = m_journal->start(); !s)
        return s;
    connect(m_journal.get(), &Journal::storageFailed, this, [this](const Error &e) {
        // The in-memory state is now ahead of the disk. Serving from it could acknowledge what
        // was never stored, so the server stops; a supervisor restarts it from the database.
        m_failed = true;
        logging::critical(u"storage failure, stopping: "_s % e.message);
        Q_EMIT fatalStorageError(e.message);
    });
    auto reader = Database::open(connectionFor(u"okno-reader"_s));
    if (!reader)
        return reader.error();
    m_reader = std::move(reader).value();
    if (auto s = loadState(); !s)
        return s;
    if (auto s = loadFrontOffice(); !s)
        return s;
    if (m_options.shareCentres) {
        // The first centre and administrator are written by a first start of one node alone
        // (bootstrap() writes company-wide and a centre's rows at once, under no lease here).
        const bool haveAdmin = std::any_of(m_staff.cbegin(), m_staff.cend(), [](const Staff &st) {
            return st.role == Role::SystemAdministrator && st.active;
        });
        if (m_engine->centres().isEmpty() || !haveAdmin)
            return makeError(ErrorCode::InvalidArgument,
                             u"--share-centres needs a database with a centre and a system administrator: "
                             u"start one node without it once first (docs/scale-out.md)"_s);
        // Served only once taken (takeCentres): until then, nothing of any centre in memory.
        for (const Centre &c : m_engine->centres()) {
            m_engine->forgetCentre(c.id);
            m_frontOffice->forgetCentre(c.id);
        }
    } else if (auto s = bootstrap(); !s) {
        return s;
    }
    // Ids the database cannot give now are asked for again before the changes that need them
    // (topUpIds); until then those changes are refused, and the rest is served.
    for (int k = 0; k < kIdKinds; ++k)
        (void)ensureIds(IdKind(k), 1); // logged when it fails
    // Tickets left from an earlier day are closed when the server starts and at each new day.
    const auto expire = [this] {
        for (const app::DeskDone &d : m_visits->closeIdleAfterHours())
            commitUnasked(d.change);
        for (const app::VisitDone &v : m_visits->expireStale())
            commitUnasked(v.change);
    };
    auto *dayTimer = new QTimer(this);
    dayTimer->setInterval(60 * 1000);
    connect(dayTimer, &QTimer::timeout, this, expire);
    dayTimer->start();
    QTimer::singleShot(0, this, expire);
    connect(dayTimer, &QTimer::timeout, this, &QueueService::retentionSchedule);
    buildReadModel();
    startBackupSchedule();
    listenToOtherNodes();
    m_starting = false;
    m_standby = false;
    return {};
}

void QueueService::buildReadModel()
{
    // The digests of past days that are missing (after the migration that made the read model,
    // or a history loaded offline) are built in the background on the reports' pool; a report
    // that comes meanwhile builds what it needs itself. The writer waits at most one chunk of
    // days at a time (Database::buildDigests).
    if (!housekeeper())
        return; // the company lease holder's (takeCompany builds it)
    auto all = everyCentre();
    if (!all) {
        logging::warn(u"read model: cannot read the centres: "_s % all.error().message);
        return;
    }
    const QList<Centre> centres = *all;
    const DatabaseConfig config = workerDatabase();
    const QDateTime now = m_clock->now();
    m_reportWork.start([this, centres, config, now] {
        QElapsedTimer timer;
        timer.start();
        auto db = Database::open(config);
        if (!db) {
            logging::warn(u"read model: cannot open the database: "_s % db.error().message);
            return;
        }
        auto built = (*db)->buildDigests(centres, now, &m_stopping);
        if (!built)
            logging::warn(u"read model: building the day digests failed: "_s % built.error().message);
        else if (*built > 0)
            logging::info(
                u"read model: built %1 centre-days of digests in %2 ms"_s.arg(*built).arg(timer.elapsed()));
    });
}

Status QueueService::loadState()
{
    auto ids = m_reader->maxIds();
    if (!ids)
        return ids.error();
    const auto floor = [this](IdKind kind, Id highest) { m_idFloors[size_t(kind)] = highest + 1; };
    floor(IdKind::Centre, ids->centre);
    floor(IdKind::Queue, ids->queue);
    floor(IdKind::Desk, ids->desk);
    floor(IdKind::Staff, ids->staff);
    floor(IdKind::Visit, ids->visit);
    floor(IdKind::Shift, ids->shift);
    floor(IdKind::Payment, ids->payment);
    m_engine->setVisitIds({}); // none until a block is taken (start() does)
    m_lastSeq = m_lastPublished = ids->eventSeq;

    auto centres = m_reader->loadCentres();
    if (!centres)
        return centres.error();
    for (const Centre &c : *centres)
        m_engine->putCentre(c);
    auto queues = m_reader->loadQueues();
    if (!queues)
        return queues.error();
    for (const Queue &q : *queues)
        m_engine->putQueue(q);
    auto desks = m_reader->loadDesks();
    if (!desks)
        return desks.error();
    // Desks come back as they were: a restart mid-shift must not send everyone to reopen theirs.
    // Desks still open after hours are closed by the day timer.
    for (const Desk &d : *desks)
        m_engine->putDesk(d);
    auto staff = m_reader->loadStaff();
    if (!staff)
        return staff.error();
    for (const Staff &member : *staff) {
        auto cred = m_reader->findLogin(member.login);
        if (!cred)
            return cred.error();
        m_staff.insert(member.id, member);
        if (cred->has_value())
            m_passwordHashes.insert(member.id, (*cred)->passwordHash.toUtf8());
    }
    auto active = m_reader->loadActiveVisits();
    if (!active)
        return active.error();
    for (const Visit &v : *active)
        m_engine->loadVisit(v);
    // Today's visits, finished ones too: the queue policy counts the day's priority calls from
    // them, so a restart must not forget who was already passed over.
    for (const Centre &c : *centres) {
        auto today = m_reader->loadVisitsOfDay(c.id, c.schedule.localDate(m_clock->now()));
        if (!today)
            return today.error();
        for (const Visit &v : *today)
            m_engine->loadVisit(v);
    }
    // Today's finished visits matter for ticket numbering; the highest numbers per queue and day
    // cover the rest.
    QSet<QDate> days;
    for (const Centre &c : *centres)
        days.insert(c.schedule.localDate(m_clock->now()));
    for (const QDate &day : days) {
        auto numbers = m_reader->maxTicketNumbers(day);
        if (!numbers)
            return numbers.error();
        for (auto it = numbers->cbegin(); it != numbers->cend(); ++it)
            m_engine->noteTicketNumber(it.key(), day, it.value());
    }
    // After a restore: the ticket numbers the old server may have called out after the backup,
    // on the days around the backup and the restore, are not called out again.
    auto floors = m_reader->restoreFloors();
    if (!floors)
        return floors.error();
    for (auto q = floors->tickets.cbegin(); q != floors->tickets.cend(); ++q)
        for (auto d = q->cbegin(); d != q->cend(); ++d)
            m_engine->noteTicketNumber(q.key(), d.key(), d.value());
    m_seqGap = {floors->seqGapFrom, floors->seqGapTo};
    auto recent = m_reader->eventsSince(std::max<qint64>(0, m_lastSeq - m_options.eventRingSize),
                                        m_options.eventRingSize);
    if (!recent)
        return recent.error();
    for (const Event &e : *recent)
        keepInRing(e);
    expireIdempotency();
    m_expiryTimer = new QTimer(this);
    connect(m_expiryTimer, &QTimer::timeout, this, &QueueService::expireIdempotency);
    m_expiryTimer->start(std::chrono::hours(1));
    logging::info(u"loaded %1 centres, %2 queues, %3 desks, %4 staff, %5 open visits; last event %6"_s
                      .arg(centres->size())
                      .arg(queues->size())
                      .arg(desks->size())
                      .arg(staff->size())
                      .arg(active->size())
                      .arg(m_lastSeq));
    return {};
}

// ---------------------------------------------------------------------------------------------
// dispatch

void QueueService::attach(Peer *peer)
{
    m_peers.insert(peer);
}

void QueueService::detach(Peer *peer)
{
    m_peers.remove(peer);
}

void QueueService::handleFrame(Peer *peer, const QJsonObject &frame)
{
    auto request = protocol::parseRequest(frame);
    Call call{this, peer, {}, {}, {}, {}, {}, {}, {}};
    if (!request) {
        call.id = frame.value(u"id"_s).isDouble() ? frame.value(u"id"_s) : QJsonValue();
        return call.fail(request.error());
    }
    call.id = QJsonValue(double(request->id));
    call.op = request->op;
    call.body = request->body;
    if (m_standby) {
        // A client from before `moved` would take it (or `unavailable`) for a failed hello and
        // stop: it is closed instead, as if nothing listened here, and tries its next node.
        if (call.op != ops::Hello ||
            !call.body.value(u"follows"_s).toArray().contains(QJsonValue(errorCodeName(ErrorCode::Moved))))
            return peer->closeAfterSending();
        if (m_starting || m_servingEndpoint.isEmpty())
            return call.fail(makeError(ErrorCode::Unavailable,
                                       u"node %1 stands by and no node serves at the moment (one is taking "
                                       u"over); try again shortly"_s.arg(m_options.nodeName)));
        return deliver(call,
                       protocol::makeMovedResponse(call.id,
                                                   u"node %1 stands by: node %2 serves, at %3"_s.arg(
                                                       m_options.nodeName, m_servingNode, m_servingEndpoint),
                                                   m_servingNode, m_servingEndpoint));
    }
    if (m_failed)
        return call.fail(
            makeError(ErrorCode::Unavailable, u"the server is stopping after a storage failure"_s));
    const auto it = m_ops.constFind(call.op);
    const access::OpRule *rule = access::rule(call.op);
    if (it == m_ops.constEnd() || !rule)
        return call.fail(
            makeError(ErrorCode::UnknownOperation, u"unknown operation \""_s % call.op % u"\""_s));
    Session &s = peer->session();
    if (!s.greeted && call.op != ops::Hello)
        return call.fail(makeError(ErrorCode::BadRequest, u"the first request must be hello"_s));
    if (!rule->preAuth && !s.authenticated)
        return call.fail(makeError(ErrorCode::AuthRequired, u"log in first (auth.login)"_s));
    // A session outlives no revoking change of its account (normally it is closed at once).
    if (s.authenticated && s.credentialEpoch != m_credentialEpoch.value(s.staff.id)) {
        call.fail(makeError(ErrorCode::AuthRequired, u"this session has ended; log in again"_s));
        revokeSessions(s.staff.id, u"changed"_s, u"the account was changed"_s, nullptr);
        return;
    }
    dispatch(call, *rule, *it);
}

void QueueService::dispatch(Call &call, const access::OpRule &rule, Handler handler)
{
    if (!rule.preAuth) {
        // The role first: a caller who may not use the op at all learns nothing about the target.
        if (auto allowed = access::decide(principalOf(call.session()), rule, access::Target{}); !allowed)
            return call.fail(allowed.error());
        // The one decision: who (the session) × what (the op) × on what (resolved here).
        auto target = resolveTarget(call, rule);
        if (!target)
            return call.fail(target.error());
        call.target = *target;
        if (auto allowed = access::decide(principalOf(call.session()), rule, call.target); !allowed)
            return call.fail(allowed.error());
        // Sharing the centres: what another node serves is answered with where it is; what this
        // node is taking waits until it is loaded.
        if (m_options.shareCentres) {
            const Route r = route(call, rule);
            if (r.waitFor != 0) {
                m_waitingFor[r.waitFor].append([this, call, rulePtr = &rule, handler]() mutable {
                    if (call.peer) // still connected
                        dispatch(call, *rulePtr, handler);
                });
                return;
            }
            if (r.elsewhere)
                return deliver(call, *r.elsewhere);
        }
    }
    if (!rule.mutates)
        return (this->*handler)(call);
    Fields f(call.body);
    const QString key = f.optionalString(u"idempotencyKey"_s, {}, 100);
    if (!f.status())
        return call.fail(f.status().error());
    if (key.isEmpty())
        return runChange(call, handler);
    // The key belongs to one op with one set of fields (a password counts by its hash only).
    QJsonObject fields = call.body;
    fields.remove(u"idempotencyKey"_s);
    call.requestHash =
        QCryptographicHash::hash(QByteArray(call.op.toUtf8() + '\n' + protocol::compactJson(fields)),
                                 QCryptographicHash::Sha256)
            .toHex();
    call.idempotencyKey = QString::number(call.session().staff.id) % u':' % key;
    runKeyed(call, rule, handler);
}

void QueueService::runKeyed(Call &call, const access::OpRule &rule, Handler handler)
{
    const QString key = call.idempotencyKey;
    const auto answer = [](const Call &c, const Remembered &r) {
        if (!r.requestHash.isEmpty() && r.requestHash != c.requestHash)
            return c.fail(makeError(ErrorCode::Conflict, u"idempotency key already used for a different "_s
                                                         u"request (another operation or other fields)"_s));
        return c.reply(r.response);
    };
    // A twin of a request still in flight waits for it, then gets its answer (or, if it failed,
    // runs itself): a key is never applied twice nor recorded twice.
    if (auto w = m_keyWaiters.find(key); w != m_keyWaiters.end()) {
        w->append([this, call, &rule, handler]() mutable {
            if (call.peer)
                runKeyed(call, rule, handler);
        });
        return;
    }
    if (auto it = m_idempotent.constFind(key); it != m_idempotent.constEnd()) {
        const Remembered r = *it;
        // Answer once everything before is on disk: the first answer may still be in flight.
        m_journal->submit(WriteBatch{}, [call, r, answer](const Status &s) {
            if (!s)
                return call.fail(makeError(ErrorCode::Unavailable, s.error().message));
            answer(call, r);
        });
        return;
    }
    // Not seen recently (or since the server started): it may be on disk only. The key is held
    // while the journal's writer looks, after every earlier change, so the event loop never
    // waits on the disk and a twin arriving meanwhile waits for this answer.
    m_keyWaiters.insert(key, {});
    auto stored = std::make_shared<Result<std::optional<QByteArray>>>(std::optional<QByteArray>{});
    m_journal->read([stored, key](Database &db) { *stored = db.idempotencyResponse(key); },
                    [this, call, rulePtr = &rule, handler, key, stored, answer](const Status &s) mutable {
                        const auto release = [this, &key] {
                            const auto waiters = m_keyWaiters.take(key);
                            for (const auto &w : waiters)
                                QMetaObject::invokeMethod(this, w, Qt::QueuedConnection);
                        };
                        if (!s || !*stored) {
                            release();
                            return call.fail(!s ? makeError(ErrorCode::Unavailable, s.error().message)
                                                : stored->error());
                        }
                        if ((*stored)->has_value()) {
                            const QJsonObject o = protocol::parseJson(***stored).object();
                            // Recorded as {"request": hash, "response": …}; records of older
                            // servers are the bare response and match any request.
                            const Remembered r = o.contains(u"request"_s) && o.contains(u"response"_s)
                                                     ? Remembered{o.value(u"request"_s).toString().toLatin1(),
                                                                  o.value(u"response"_s).toObject()}
                                                     : Remembered{{}, o};
                            rememberInMemory(key, r);
                            release();
                            return answer(call, r);
                        }
                        if (!call.peer) { // gone while we looked: nothing to apply for it
                            release();
                            return;
                        }
                        call.keyInFlight = key;
                        runChangeStillHere(call, *rulePtr, handler);
                    });
}

void QueueService::runChangeStillHere(Call &call, const access::OpRule &rule, Handler handler)
{
    // Sharing the centres: the centre may have been handed over (or be loading again) while the
    // journal looked for the key; the change is then answered as dispatch() would answer it now.
    if (m_options.shareCentres) {
        const Route r = route(call, rule);
        if (r.waitFor != 0) {
            m_waitingFor[r.waitFor].append([this, call, rulePtr = &rule, handler]() mutable {
                if (call.peer)
                    runChangeStillHere(call, *rulePtr, handler);
                else
                    deliver(call, {}); // lets the key's twins run
            });
            return;
        }
        if (r.elsewhere)
            return deliver(call, *r.elsewhere);
    }
    runChange(call, handler);
}

void QueueService::deliver(const Call &call, QJsonObject frame)
{
    if (!call.keyInFlight.isEmpty()) {
        // Twins run after this answer is sent, in the order they came.
        const auto waiters = m_keyWaiters.take(call.keyInFlight);
        for (const auto &w : waiters)
            QMetaObject::invokeMethod(this, w, Qt::QueuedConnection);
    }
    if (!call.peer)
        return;
    call.peer->send(access::mask(access::visibilityOf(call.peer->session().staff.role), std::move(frame)));
}

Actor QueueService::actorOf(const Call &c) const
{
    const Session &s = c.peer->session();
    return Actor{s.staff.id, s.staff.role, s.deskId};
}

Result<Id> QueueService::queueFromFields(Call &c, Fields &f, Id centreId, const char *idField,
                                         const char *codeField)
{
    const Id queueId = f.optionalId(QString::fromLatin1(idField));
    const QString code = f.optionalString(QString::fromLatin1(codeField), {}, 32);
    if (!f.status())
        return f.status().error();
    Q_UNUSED(c);
    if (queueId)
        return queueId;
    if (code.isEmpty())
        return makeError(ErrorCode::BadRequest, u"field \""_s % QLatin1StringView(idField) % u"\" or \""_s %
                                                    QLatin1StringView(codeField) % u"\" is required"_s);
    for (const Queue &q : m_engine->queues(centreId))
        if (q.code == code)
            return q.id;
    return makeError(ErrorCode::NotFound, u"queue \""_s % code % u"\" does not exist in this centre"_s);
}

void QueueService::commit(Call &c, WriteBatch batch, const QJsonObject &result, QList<Event> unnumbered)
{
    QList<Event> events = journalEvents(batch, std::move(unnumbered));
    rememberAnswer(c, batch, result);
    m_journal->submitNumbered(
        std::move(batch), [this, c, result, events](const Status &s, qint64 firstSeq) mutable {
            if (!s) {
                c.fail(makeError(ErrorCode::Unavailable,
                                 u"the change could not be stored: "_s % s.error().message));
                return;
            }
            numberFrom(events, firstSeq);
            c.reply(result);
            if (c.peer)
                c.peer->sendNow(); // the caller's ack does not wait behind 500 subscribers' events
            publishCommitted(events);
        });
}

void QueueService::commit(Call &c, app::Change change, const QJsonObject &result)
{
    commit(c, std::move(change.writes), result, std::move(change.events));
}

void QueueService::commitUnasked(app::Change change)
{
    QList<Event> events = journalEvents(change.writes, std::move(change.events));
    m_journal->submitNumbered(std::move(change.writes),
                              [this, events](const Status &s, qint64 firstSeq) mutable {
                                  if (!s)
                                      return;
                                  numberFrom(events, firstSeq);
                                  publishCommitted(events);
                              });
}

void QueueService::afterDurable(Call &c, const QJsonObject &result)
{
    m_journal->submit(WriteBatch{}, [c, result](const Status &s) {
        if (s)
            c.reply(result);
        else
            c.fail(makeError(ErrorCode::Unavailable, s.error().message));
    });
}

void QueueService::commitVisit(Call &c, const Result<app::VisitDone> &done)
{
    if (!done)
        return c.fail(done.error());
    QJsonObject result{{u"visit"_s, toJson(done->visit)}};
    if (done->position)
        result.insert(u"position"_s, toJson(*done->position));
    commit(c, done->change, result);
}

void QueueService::commitCentre(Call &c, const Centre &centre)
{
    // Sharing the centres: a new one is served by whichever node takes it (which loads it then),
    // not kept here meanwhile.
    if (!m_options.shareCentres || m_owned.contains(centre.id))
        m_engine->putCentre(centre);
    WriteBatch b;
    b.putCentre(centre);
    commit(c, std::move(b), {{u"centre"_s, toJson(centre)}},
           {app::events::centreChanged(centre, actorOf(c).staffId, m_clock->now())});
}

void QueueService::commitDesk(Call &c, const Result<app::DeskDone> &done)
{
    if (!done)
        return c.fail(done.error());
    commit(c, done->change, {{u"desk"_s, toJson(done->desk)}});
}

void QueueService::rememberInMemory(const QString &key, const Remembered &r)
{
    if (!m_idempotent.contains(key))
        m_idempotentOrder.emplace_back(m_clock->now(), key);
    m_idempotent.insert(key, r);
    while (qsizetype(m_idempotentOrder.size()) > m_options.idempotencyMemoryKeys) {
        m_idempotent.remove(m_idempotentOrder.front().second);
        m_idempotentOrder.pop_front();
    }
}

void QueueService::expireIdempotency()
{
    const QDateTime before = m_clock->now().addDays(-m_options.idempotencyDays);
    // In memory the answers are few (idempotencyMemoryKeys) and recent; the disk keeps the rest,
    // and forgets what is older than the expiry in one statement.
    m_journal->submit(WriteBatch{}.forgetIdempotencyBefore(before), [before](const Status &s) {
        if (!s)
            logging::warn(u"could not forget idempotency keys before %1: %2"_s.arg(
                before.toString(Qt::ISODate), s.error().message));
    });
    while (!m_idempotentOrder.empty() && m_idempotentOrder.front().first < before) {
        m_idempotent.remove(m_idempotentOrder.front().second);
        m_idempotentOrder.pop_front();
    }
}

void QueueService::rememberAnswer(Call &c, WriteBatch &batch, const QJsonObject &result)
{
    if (c.idempotencyKey.isEmpty())
        return;
    rememberInMemory(c.idempotencyKey, Remembered{c.requestHash, result});
    const QJsonObject record{{u"request"_s, QString::fromLatin1(c.requestHash)}, {u"response"_s, result}};
    batch.putIdempotency(c.idempotencyKey, m_clock->now(), protocol::compactJson(record));
    c.idempotencyKey.clear(); // recorded once
}

} // namespace okno
