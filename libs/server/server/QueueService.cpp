#include "QueueService.h"

#include "Passwords.h"
#include "QueueServiceCall.h"

#include <logging/Logging.h>
#include <protocol/Codec.h>
#include <protocol/Fields.h>
#include <protocol/Message.h>
#include <protocol/Ops.h>
#include <protocol/Positions.h>

#include <QCoreApplication>
#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QPointer>
#include <QThreadPool>
#include <QTimer>

namespace okno {

using namespace Qt::StringLiterals;
using namespace protocol;

namespace {

Error forbidden(const QString &what)
{
    return makeError(ErrorCode::Forbidden, what);
}

constexpr int kMaxFailedLogins = 5;

// A hall board shows ticket numbers and desks; it has no business with who the visitor is.
bool seesPersonalData(Role r)
{
    return r != Role::Board && r != Role::Kiosk;
}

QJsonObject redactVisit(QJsonObject visit)
{
    for (const QString &field : {u"customerName"_s, u"accountNumber"_s, u"purpose"_s})
        if (visit.contains(field))
            visit.insert(field, QString());
    return visit;
}

} // namespace

QueueService::QueueService(ServerOptions options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
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
    registerOps();
}

QueueService::~QueueService() = default;

void QueueService::registerOps()
{
    using R = Role;
    const QList<Role> staffRoles{R::Administrator, R::Consultant, R::Cashier};
    const QList<Role> sysadmin{R::SystemAdministrator};
    namespace op = ops;
    m_ops = {
        {op::Hello, {&QueueService::opHello, {}, true, false}},
        {op::AuthLogin, {&QueueService::opLogin, {}, true, false}},
        {op::AuthLogout, {&QueueService::opLogout, {}, false, false}},
        {op::Ping, {&QueueService::opPing, {}, false, false}},
        {op::CentreList, {&QueueService::opCentreList, {}, false, false}},
        {op::CentreGet, {&QueueService::opCentreGet, {}, false, false}},
        {op::CentrePut, {&QueueService::opCentrePut, sysadmin, false, true}},
        {op::ScheduleSetException, {&QueueService::opScheduleSetException, sysadmin, false, true}},
        {op::ScheduleRemoveException, {&QueueService::opScheduleRemoveException, sysadmin, false, true}},
        {op::NormsGet, {&QueueService::opNormsGet, {}, false, false}},
        {op::NormsSet, {&QueueService::opNormsSet, {R::Manager}, false, true}},
        {op::QueueList, {&QueueService::opQueueList, {}, false, false}},
        {op::QueuePut, {&QueueService::opQueuePut, sysadmin, false, true}},
        {op::DeskList, {&QueueService::opDeskList, {}, false, false}},
        {op::DeskPut, {&QueueService::opDeskPut, sysadmin, false, true}},
        {op::StaffList, {&QueueService::opStaffList, {R::SystemAdministrator, R::Manager}, false, false}},
        {op::StaffPut, {&QueueService::opStaffPut, sysadmin, false, true}},
        {op::StaffSetPassword, {&QueueService::opStaffSetPassword, {}, false, true}},
        {op::VisitIssue,
         {&QueueService::opVisitIssue, {R::Administrator, R::Kiosk, R::SystemAdministrator}, false, true}},
        {op::VisitGet, {&QueueService::opVisitGet, {}, false, false}},
        {op::VisitCallNext, {&QueueService::opVisitCallNext, staffRoles, false, true}},
        {op::VisitCall, {&QueueService::opVisitCall, staffRoles, false, true}},
        {op::VisitRecall, {&QueueService::opVisitSimple, staffRoles, false, true}},
        {op::VisitStart, {&QueueService::opVisitSimple, staffRoles, false, true}},
        {op::VisitFinish, {&QueueService::opVisitSimple, staffRoles, false, true}},
        {op::VisitNoShow, {&QueueService::opVisitSimple, staffRoles, false, true}},
        {op::VisitRequeue, {&QueueService::opVisitSimple, staffRoles, false, true}},
        {op::VisitRoute, {&QueueService::opVisitRoute, staffRoles, false, true}},
        {op::VisitPostpone, {&QueueService::opVisitPostpone, staffRoles, false, true}},
        {op::VisitCancel,
         {&QueueService::opVisitCancel,
          {R::Administrator, R::Consultant, R::Cashier, R::SystemAdministrator},
          false,
          true}},
        {op::VisitSetPriority,
         {&QueueService::opVisitSetPriority, {R::Administrator, R::SystemAdministrator}, false, true}},
        {op::DeskOpen, {&QueueService::opDeskOpen, staffRoles, false, true}},
        {op::DeskBreak, {&QueueService::opDeskState, staffRoles, false, true}},
        {op::DeskResume, {&QueueService::opDeskState, staffRoles, false, true}},
        {op::DeskClose, {&QueueService::opDeskState, staffRoles, false, true}},
        {op::StatusQuery, {&QueueService::opStatus, {}, false, false}},
        {op::Stats, {&QueueService::opStats, {R::Manager}, false, false}},
        {op::EventsSubscribe, {&QueueService::opEventsSubscribe, {}, false, false}},
        {op::ClockSet, {&QueueService::opClockSet, sysadmin, false, false}},
    };
    registerFrontOfficeOps();
    registerReportOps();
}

// ---------------------------------------------------------------------------------------------
// start-up

Status QueueService::start()
{
    m_journal = std::make_unique<Journal>(m_options.database);
    if (auto s = m_journal->start(); !s)
        return s;
    connect(m_journal.get(), &Journal::storageFailed, this, [this](const Error &e) {
        // The in-memory state is now ahead of the disk. Serving from it could acknowledge what
        // was never stored, so the server stops; a supervisor restarts it from the database.
        m_failed = true;
        logging::critical(u"storage failure, stopping: "_s % e.message);
        Q_EMIT fatalStorageError(e.message);
    });
    auto reader = Database::open(m_options.database);
    if (!reader)
        return reader.error();
    m_reader = std::move(reader).value();
    if (auto s = loadState(); !s)
        return s;
    if (auto s = loadFrontOffice(); !s)
        return s;
    if (auto s = bootstrap(); !s)
        return s;
    // Tickets left from an earlier day are closed when the server starts and at each new day.
    const auto expire = [this] {
        for (const Desk &d : m_engine->closeIdleDesksAfterHours()) {
            WriteBatch b;
            b.putDesk(d);
            const Event e =
                newEvent(events::DeskClosed, d.centreId, 0, 0, QJsonObject{{u"desk"_s, toJson(d)}});
            b.appendEvent(e);
            m_journal->submit(std::move(b), [this, e](const Status &s) {
                if (s)
                    publish(e);
            });
        }
        for (const Visit &v : m_engine->expireStaleVisits()) {
            WriteBatch b;
            b.putVisit(v);
            const Event e =
                newEvent(events::VisitExpired, v.centreId, v.id, 0, QJsonObject{{u"visit"_s, toJson(v)}});
            b.appendEvent(e);
            m_journal->submit(std::move(b), [this, e](const Status &s) {
                if (s)
                    publish(e);
            });
        }
    };
    auto *dayTimer = new QTimer(this);
    dayTimer->setInterval(60 * 1000);
    connect(dayTimer, &QTimer::timeout, this, expire);
    dayTimer->start();
    QTimer::singleShot(0, this, expire);
    return {};
}

Status QueueService::loadState()
{
    auto ids = m_reader->maxIds();
    if (!ids)
        return ids.error();
    m_nextCentreId = ids->centre + 1;
    m_nextQueueId = ids->queue + 1;
    m_nextDeskId = ids->desk + 1;
    m_nextStaffId = ids->staff + 1;
    m_engine->setNextVisitId(ids->visit + 1);
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
    auto recent = m_reader->eventsSince(std::max<qint64>(0, m_lastSeq - m_options.eventRingSize),
                                        m_options.eventRingSize);
    if (!recent)
        return recent.error();
    for (const Event &e : *recent)
        m_ring.push_back(e);
    logging::info(u"loaded %1 centres, %2 queues, %3 desks, %4 staff, %5 open visits; last event %6"_s
                      .arg(centres->size())
                      .arg(queues->size())
                      .arg(desks->size())
                      .arg(staff->size())
                      .arg(active->size())
                      .arg(m_lastSeq));
    return {};
}

Status QueueService::bootstrap()
{
    WriteBatch batch;
    const QDateTime now = m_clock->now();
    if (m_engine->centres().isEmpty()) {
        Centre c;
        c.id = m_nextCentreId++;
        c.code = u"MAIN"_s;
        c.name = u"Центр очного обслуживания"_s;
        c.address = u"Адрес не задан"_s;
        c.phone = u"8-800-000-00-00"_s;
        if (m_options.demo) {
            c.code = u"SARANSK"_s;
            c.name = u"ЦОК Саранск"_s;
            c.address = u"г. Саранск, ул. Демонстрационная, 1"_s;
        }
        m_engine->putCentre(c);
        batch.putCentre(c);
        struct QueueSeed
        {
            const char *code;
            QString name;
            QString prefix;
            StageRole role;
        };
        const QList<QueueSeed> seeds{{"reception", u"Администратор"_s, u"А"_s, StageRole::Administrator},
                                     {"consult", u"Консультация"_s, u"К"_s, StageRole::Consultant},
                                     {"cash", u"Касса"_s, u"О"_s, StageRole::Cashier}};
        QList<Id> queueIds;
        for (const auto &s : seeds) {
            Queue q{m_nextQueueId++, c.id, QString::fromLatin1(s.code), s.name, s.prefix, s.role, true};
            m_engine->putQueue(q);
            batch.putQueue(q);
            queueIds.append(q.id);
        }
        const QList<QPair<int, Id>> deskSeeds{
            {1, queueIds[0]}, {2, queueIds[1]}, {3, queueIds[1]}, {4, queueIds[2]}};
        for (const auto &[number, queueId] : deskSeeds) {
            Desk d;
            d.id = m_nextDeskId++;
            d.centreId = c.id;
            d.number = number;
            d.name = u"Окно "_s + QString::number(number);
            d.queueIds = {queueId};
            m_engine->putDesk(d);
            batch.putDesk(d);
        }
        batch.appendEvent(newEvent(events::CentreChanged, c.id, 0, 0, QJsonObject{{u"centre"_s, toJson(c)}}));
        logging::info(u"first start: created centre \"%1\" with queues and desks"_s.arg(c.name));

        if (m_options.demo) {
            struct StaffSeed
            {
                const char *login;
                QString name;
                Role role;
            };
            const QList<StaffSeed> people{
                {"admin1", u"Иванова Мария Петровна"_s, Role::Administrator},
                {"consult1", u"Петров Алексей Сергеевич"_s, Role::Consultant},
                {"consult2", u"Сидорова Елена Викторовна"_s, Role::Consultant},
                {"cashier1", u"Кузнецова Ольга Ивановна"_s, Role::Cashier},
                {"manager", u"Смирнов Игорь Николаевич"_s, Role::Manager},
                {"board1", u"Табло в зале"_s, Role::Board},
                {"kiosk1", u"Терминал у входа"_s, Role::Kiosk},
                {"director", u"Орлова Наталья Андреевна"_s, Role::Manager}, // every centre
            };
            const QByteArray demoHash = passwords::hash(u"okno-demo"_s);
            for (const auto &p : people) {
                const bool companyWide = qstrcmp(p.login, "director") == 0;
                Staff s{m_nextStaffId++,
                        companyWide ? Id(0) : c.id,
                        QString::fromLatin1(p.login),
                        p.name,
                        companyWide ? u"Руководитель сети ЦОК"_s : protocol::defaultPosition(p.role),
                        p.role,
                        true};
                m_staff.insert(s.id, s);
                m_passwordHashes.insert(s.id, demoHash);
                batch.putStaff(s, QString::fromUtf8(demoHash));
            }
            logging::info(u"demo: staff accounts admin1, consult1, consult2, cashier1, manager, board1, "
                          u"kiosk1, director "
                          u"(password as documented in the README)"_s);
        }
    }
    const bool haveAdmin = std::any_of(m_staff.cbegin(), m_staff.cend(), [](const Staff &s) {
        return s.role == Role::SystemAdministrator && s.active;
    });
    if (!haveAdmin) {
        QString password;
        if (!m_options.adminPasswordFile.isEmpty()) {
            QFile f(m_options.adminPasswordFile);
            if (!f.open(QIODevice::ReadOnly))
                return makeError(ErrorCode::InvalidArgument,
                                 u"cannot read the administrator password file "_s %
                                     m_options.adminPasswordFile);
            password = QString::fromUtf8(f.readAll()).trimmed();
            if (const QString weak = passwords::weaknessOf(password); !weak.isEmpty())
                return makeError(ErrorCode::InvalidArgument, u"administrator password file: "_s % weak);
        } else {
            password = passwords::generate();
            const QString path = m_options.initialPasswordPath;
            QFile f(path);
            if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
                return makeError(ErrorCode::Internal, u"cannot write "_s % path);
            f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
            f.write(password.toUtf8() + '\n');
            f.close();
            logging::warn(u"first start: the password of system administrator \"admin\" is in %1 "
                          u"(readable by this user only); change it and delete the file"_s.arg(
                              QFileInfo(path).absoluteFilePath()));
        }
        Staff admin{m_nextStaffId++,
                    0,
                    u"admin"_s,
                    u"Системный администратор"_s,
                    protocol::defaultPosition(Role::SystemAdministrator),
                    Role::SystemAdministrator,
                    true};
        const QByteArray hash = passwords::hash(password);
        m_staff.insert(admin.id, admin);
        m_passwordHashes.insert(admin.id, hash);
        batch.putStaff(admin, QString::fromUtf8(hash));
        batch.appendEvent(newEvent(events::StaffChanged, 0, 0, 0, QJsonObject{{u"staff"_s, toJson(admin)}}));
    }
    Q_UNUSED(now);
    if (batch.isEmpty())
        return {};
    // At start-up nothing else is running: write synchronously through the journal.
    std::optional<Status> result;
    m_journal->submit(std::move(batch), [&result](const Status &s) { result = s; });
    while (!result)
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
    if (*result)
        m_lastPublished = m_lastSeq;
    return *result;
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
    if (!request) {
        peer->send(protocol::makeErrorResponse(
            frame.value(u"id"_s).isDouble() ? frame.value(u"id"_s) : QJsonValue(), request.error()));
        return;
    }
    Call call{peer, QJsonValue(double(request->id)), request->op, request->body, {}};
    if (m_failed)
        return call.fail(
            makeError(ErrorCode::Unavailable, u"the server is stopping after a storage failure"_s));
    const auto it = m_ops.constFind(call.op);
    if (it == m_ops.constEnd())
        return call.fail(
            makeError(ErrorCode::UnknownOperation, u"unknown operation \""_s % call.op % u"\""_s));
    const OpSpec &spec = *it;
    Session &s = peer->session();
    if (!s.greeted && call.op != ops::Hello)
        return call.fail(makeError(ErrorCode::BadRequest, u"the first request must be hello"_s));
    if (!spec.preAuth && !s.authenticated)
        return call.fail(makeError(ErrorCode::AuthRequired, u"log in first (auth.login)"_s));
    if (!spec.roles.isEmpty() && !spec.roles.contains(s.staff.role))
        return call.fail(forbidden(u"a "_s % roleName(s.staff.role) % u" may not use "_s % call.op));
    dispatch(call, spec);
}

void QueueService::dispatch(Call &call, const OpSpec &spec)
{
    if (spec.mutates) {
        Fields f(call.body);
        call.idempotencyKey = f.optionalString(u"idempotencyKey"_s, {}, 100);
        if (!f.status())
            return call.fail(f.status().error());
        if (!call.idempotencyKey.isEmpty()) {
            // A repeated request (a client retrying after a lost connection) gets the first answer
            // again, and nothing is applied twice.
            const QString key = QString::number(call.session().staff.id) % u':' % call.idempotencyKey;
            if (auto it = m_idempotent.constFind(key); it != m_idempotent.constEnd())
                return afterDurable(call, *it);
            // Not seen since the server started: it may have been applied before a restart.
            auto stored = m_reader->idempotencyResponse(key);
            if (!stored)
                return call.fail(stored.error());
            if (stored->has_value()) {
                const QJsonObject response = QJsonDocument::fromJson(**stored).object();
                m_idempotent.insert(key, response);
                return call.reply(response);
            }
            call.idempotencyKey = key;
        }
    }
    (this->*spec.handler)(call);
}

Actor QueueService::actorOf(const Call &c) const
{
    const Session &s = c.peer->session();
    return Actor{s.staff.id, s.staff.role, s.deskId};
}

Status QueueService::checkCentreAccess(const Call &c, Id centreId) const
{
    const Centre *centre = m_engine->centre(centreId);
    if (!centre)
        return makeError(ErrorCode::NotFound,
                         u"centre "_s % QString::number(centreId) % u" does not exist"_s);
    const Staff &s = c.peer->session().staff;
    if (s.centreId != 0 && s.centreId != centreId)
        return forbidden(u"this account belongs to another centre"_s);
    return {};
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

Event QueueService::newEvent(const QString &type, Id centreId, Id visitId, Id actorId,
                             const QJsonObject &data)
{
    Event e;
    e.seq = ++m_lastSeq;
    e.at = m_clock->now();
    e.type = type;
    e.centreId = centreId;
    e.visitId = visitId;
    e.actorId = actorId;
    e.payload = QJsonDocument(data).toJson(QJsonDocument::Compact);
    return e;
}

void QueueService::commit(Call &c, WriteBatch batch, const QJsonObject &result, const QList<Event> &events)
{
    for (const Event &e : events)
        batch.appendEvent(e);
    if (!c.idempotencyKey.isEmpty()) {
        m_idempotent.insert(c.idempotencyKey, result);
        batch.putIdempotency(c.idempotencyKey, m_clock->now(),
                             QJsonDocument(result).toJson(QJsonDocument::Compact));
    }
    m_journal->submit(std::move(batch), [this, c, result, events](const Status &s) {
        if (!s) {
            c.fail(
                makeError(ErrorCode::Unavailable, u"the change could not be stored: "_s % s.error().message));
            return;
        }
        c.reply(result);
        for (const Event &e : events)
            publish(e);
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

void QueueService::commitVisit(Call &c, const QString &type, const Visit &v, QJsonObject result)
{
    const QJsonObject visitJson = toJson(v);
    result.insert(u"visit"_s, visitJson);
    WriteBatch b;
    b.putVisit(v);
    commit(c, std::move(b), result,
           {newEvent(type, v.centreId, v.id, actorOf(c).staffId, {{u"visit"_s, visitJson}})});
}

void QueueService::commitCentre(Call &c, const Centre &centre)
{
    m_engine->putCentre(centre);
    WriteBatch b;
    b.putCentre(centre);
    const QJsonObject json = toJson(centre);
    commit(c, std::move(b), {{u"centre"_s, json}},
           {newEvent(events::CentreChanged, centre.id, 0, actorOf(c).staffId, {{u"centre"_s, json}})});
}

void QueueService::commitDesk(Call &c, const QString &type, const Desk &d)
{
    const QJsonObject deskJson = toJson(d);
    WriteBatch b;
    b.putDesk(d);
    commit(c, std::move(b), {{u"desk"_s, deskJson}},
           {newEvent(type, d.centreId, 0, actorOf(c).staffId, {{u"desk"_s, deskJson}})});
}

void QueueService::publish(const Event &e)
{
    m_lastPublished = std::max(m_lastPublished, e.seq);
    m_ring.push_back(e);
    while (qsizetype(m_ring.size()) > m_options.eventRingSize)
        m_ring.pop_front();
    for (Peer *p : std::as_const(m_peers)) {
        const Session &s = p->session();
        if (s.subscribed && (s.staff.centreId == 0 || e.centreId == 0 || e.centreId == s.staff.centreId))
            sendEvent(p, e);
    }
}

void QueueService::sendEvent(Peer *peer, const Event &e)
{
    Session &s = peer->session();
    if (e.seq <= s.lastSeqSent)
        return;
    s.lastSeqSent = e.seq;
    QJsonObject frame = protocol::makeEvent(e);
    if (!seesPersonalData(s.staff.role)) {
        QJsonObject data = frame.value(u"data"_s).toObject();
        if (data.contains(u"visit"_s)) {
            data.insert(u"visit"_s, redactVisit(data.value(u"visit"_s).toObject()));
            frame.insert(u"data"_s, data);
        }
    }
    peer->send(frame);
}

// ---------------------------------------------------------------------------------------------
// session

void QueueService::opHello(Call &c)
{
    Fields f(c.body);
    const int version = int(f.requireInt(u"version"_s, 1, 1000));
    f.optionalString(u"client"_s, {}, 100);
    if (!f.status())
        return c.fail(f.status().error());
    if (version != kProtocolVersion)
        return c.fail(makeError(ErrorCode::UnsupportedVersion, u"this server speaks protocol version "_s %
                                                                   QString::number(kProtocolVersion)));
    c.session().greeted = true;
    c.reply({{u"server"_s, QString(u"okno-server/"_s % QCoreApplication::applicationVersion())},
             {u"version"_s, kProtocolVersion},
             {u"serverTime"_s, instantToJson(m_clock->now())},
             {u"testClock"_s, m_options.testClock}});
}

void QueueService::opLogin(Call &c)
{
    Fields f(c.body);
    const QString login = f.requireString(u"login"_s, 32);
    const QString password = f.requireSecret(u"password"_s, 128);
    const Id requestedDesk = f.optionalId(u"deskId"_s);
    const int deskNumber = int(f.optionalInt(u"deskNumber"_s, 0, 0, 999));
    if (!f.status())
        return c.fail(f.status().error());
    Session &caller = c.session();
    if (caller.authenticated)
        return c.fail(makeError(ErrorCode::InvalidTransition, u"already logged in; log out first"_s));
    if (caller.loginInFlight)
        return c.fail(makeError(ErrorCode::InvalidTransition, u"a login is already being checked"_s));
    if (caller.failedLogins >= kMaxFailedLogins) {
        c.fail(makeError(ErrorCode::AuthFailed, u"too many failed logins on this connection"_s));
        c.peer->closeAfterSending();
        return;
    }
    const Staff *staff = nullptr;
    for (const Staff &st : std::as_const(m_staff))
        if (st.login == login)
            staff = &st;
    // The hash is checked on a worker thread even for an unknown login, so timing tells nothing.
    const QByteArray hash = staff ? m_passwordHashes.value(staff->id) : QByteArray();
    const Staff found = staff ? *staff : Staff{};
    caller.loginInFlight = true;
    QThreadPool::globalInstance()->start([this, c, hash, password, found, requestedDesk, deskNumber] {
        const bool ok =
            passwords::verify(hash.isEmpty() ? passwords::hash(u"timing-equaliser"_s) : hash, password) &&
            !hash.isEmpty();
        QMetaObject::invokeMethod(
            this,
            [this, c, ok, found, requestedDesk, deskNumber] {
                if (!c.peer)
                    return;
                Session &s = c.session();
                s.loginInFlight = false;
                Id deskId = requestedDesk;
                if (!deskId && deskNumber) {
                    for (const Desk &d : m_engine->desks(found.centreId))
                        if (d.number == deskNumber)
                            deskId = d.id;
                    if (!deskId && ok)
                        return c.fail(makeError(ErrorCode::NotFound, u"there is no desk "_s %
                                                                         QString::number(deskNumber) %
                                                                         u" in this person's centre"_s));
                }
                if (!ok || !found.active) {
                    ++s.failedLogins;
                    logging::warn(u"failed login as \"%1\" from %2"_s.arg(found.login, c.peer->describe()));
                    // A short pause makes guessing slower still.
                    QTimer::singleShot(500, c.peer, [c] {
                        c.fail(makeError(ErrorCode::AuthFailed, u"wrong login or password"_s));
                    });
                    return;
                }
                if (deskId) {
                    const Desk *d = m_engine->desk(deskId);
                    if (!d || !d->active)
                        return c.fail(makeError(ErrorCode::NotFound,
                                                u"desk "_s % QString::number(deskId) % u" does not exist"_s));
                    if (found.centreId != 0 && d->centreId != found.centreId)
                        return c.fail(
                            forbidden(u"desk "_s % QString::number(d->number) % u" is in another centre"_s));
                    if (!stageRoleOf(found.role) && found.role != Role::SystemAdministrator)
                        return c.fail(
                            forbidden(u"a "_s % roleName(found.role) % u" does not work at a desk"_s));
                }
                s.authenticated = true;
                s.failedLogins = 0;
                s.staff = m_staff.value(found.id, found);
                s.deskId = deskId;
                logging::info(u"%1 (%2) logged in from %3%4"_s.arg(
                    s.staff.login, roleName(s.staff.role), c.peer->describe(),
                    deskId ? u", desk id "_s + QString::number(deskId) : QString()));
                QJsonObject session{{u"staff"_s, toJson(s.staff)},
                                    {u"role"_s, roleName(s.staff.role)},
                                    {u"centreId"_s, double(s.staff.centreId)},
                                    {u"deskId"_s, double(deskId)}};
                if (const Desk *d = m_engine->desk(deskId))
                    session.insert(u"desk"_s, toJson(*d));
                c.reply({{u"session"_s, session}});
            },
            Qt::QueuedConnection);
    });
}

void QueueService::opLogout(Call &c)
{
    Session &s = c.session();
    logging::info(u"%1 logged out"_s.arg(s.staff.login));
    s = Session{};
    s.greeted = true;
    c.reply({});
}

void QueueService::opPing(Call &c)
{
    c.reply({{u"serverTime"_s, instantToJson(m_clock->now())}, {u"lastSeq"_s, double(m_lastPublished)}});
}

void QueueService::opClockSet(Call &c)
{
    if (!m_manualClock)
        return c.fail(forbidden(u"the server was not started with --test-clock"_s));
    Fields f(c.body);
    const QDateTime at = f.requireDateTime(u"at"_s);
    if (!f.status())
        return c.fail(f.status().error());
    m_manualClock->set(at);
    logging::info(u"test clock set to "_s % at.toUTC().toString(Qt::ISODateWithMs));
    c.reply({{u"serverTime"_s, instantToJson(m_clock->now())}});
}

// ---------------------------------------------------------------------------------------------
// configuration

void QueueService::opCentreList(Call &c)
{
    QJsonArray out;
    const Staff &me = c.session().staff;
    for (const Centre &centre : m_engine->centres())
        if (me.centreId == 0 || me.centreId == centre.id)
            out.append(toJson(centre));
    c.reply({{u"centres"_s, out}});
}

void QueueService::opCentreGet(Call &c)
{
    Fields f(c.body);
    const Id id = f.requireId(u"centreId"_s);
    if (!f.status())
        return c.fail(f.status().error());
    if (auto s = checkCentreAccess(c, id); !s)
        return c.fail(s.error());
    c.reply({{u"centre"_s, toJson(*m_engine->centre(id))}});
}

void QueueService::opCentrePut(Call &c)
{
    Fields f(c.body);
    const QJsonObject obj = f.requireObject(u"centre"_s);
    if (!f.status())
        return c.fail(f.status().error());
    auto parsed = centreFromJson(obj);
    if (!parsed)
        return c.fail(parsed.error());
    Centre centre = *parsed;
    const bool creating = centre.id == 0;
    if (!creating && !m_engine->centre(centre.id))
        return c.fail(
            makeError(ErrorCode::NotFound, u"centre "_s % QString::number(centre.id) % u" does not exist"_s));
    if (auto s = validate(centre); !s)
        return c.fail(s.error());
    for (const Centre &other : m_engine->centres())
        if (other.code == centre.code && other.id != centre.id)
            return c.fail(
                makeError(ErrorCode::Conflict, u"centre code \""_s % centre.code % u"\" is taken"_s));
    if (creating)
        centre.id = m_nextCentreId++;
    commitCentre(c, centre);
}

namespace {
Result<DayHours> hoursFromFields(Fields &f)
{
    DayHours h;
    h.open = f.optionalBool(u"open"_s, false);
    if (h.open) {
        h.opens = f.requireTime(u"opens"_s);
        h.closes = f.requireTime(u"closes"_s);
        if (f.has(u"lunchStart"_s) || f.has(u"lunchEnd"_s)) {
            h.lunchStart = f.requireTime(u"lunchStart"_s);
            h.lunchEnd = f.requireTime(u"lunchEnd"_s);
        }
    }
    if (!f.status())
        return f.status().error();
    return h;
}
} // namespace

void QueueService::opScheduleSetException(Call &c)
{
    Fields f(c.body);
    const Id centreId = f.requireId(u"centreId"_s);
    const QDate date = f.requireDate(u"date"_s);
    const QString note = f.optionalString(u"note"_s, {}, 200);
    auto hours = hoursFromFields(f);
    if (!hours)
        return c.fail(hours.error());
    if (auto s = checkCentreAccess(c, centreId); !s)
        return c.fail(s.error());
    Centre centre = *m_engine->centre(centreId);
    centre.schedule.setException(ScheduleException{date, *hours, note});
    if (auto s = validate(centre); !s)
        return c.fail(s.error());
    commitCentre(c, centre);
}

void QueueService::opScheduleRemoveException(Call &c)
{
    Fields f(c.body);
    const Id centreId = f.requireId(u"centreId"_s);
    const QDate date = f.requireDate(u"date"_s);
    if (!f.status())
        return c.fail(f.status().error());
    if (auto s = checkCentreAccess(c, centreId); !s)
        return c.fail(s.error());
    Centre centre = *m_engine->centre(centreId);
    if (!centre.schedule.removeException(date))
        return c.fail(
            makeError(ErrorCode::NotFound, u"no schedule exception on "_s % date.toString(Qt::ISODate)));
    commitCentre(c, centre);
}

void QueueService::opNormsGet(Call &c)
{
    Fields f(c.body);
    const Id centreId = f.requireId(u"centreId"_s);
    if (!f.status())
        return c.fail(f.status().error());
    if (auto s = checkCentreAccess(c, centreId); !s)
        return c.fail(s.error());
    c.reply({{u"norms"_s, toJson(m_engine->centre(centreId)->norms)}});
}

void QueueService::opNormsSet(Call &c)
{
    Fields f(c.body);
    const Id centreId = f.requireId(u"centreId"_s);
    const auto role = f.requireEnum<StageRole>(u"role"_s, stageRoleFromName);
    const int wait = int(f.requireInt(u"waitMinutes"_s, 1, 600));
    const int service = int(f.requireInt(u"serviceMinutes"_s, 1, 600));
    if (!f.status())
        return c.fail(f.status().error());
    if (auto s = checkCentreAccess(c, centreId); !s)
        return c.fail(s.error());
    Centre centre = *m_engine->centre(centreId);
    const Norm before = centre.norms.of(role);
    centre.norms.set(role, Norm{wait, service});
    m_engine->putCentre(centre);
    WriteBatch b;
    b.putCentre(centre);
    const QJsonObject norms = toJson(centre.norms);
    // The event records who changed which norm from what to what: the audit trail of norms.
    commit(c, std::move(b), {{u"norms"_s, norms}},
           {newEvent(events::CentreChanged, centre.id, 0, actorOf(c).staffId,
                     {{u"role"_s, stageRoleName(role)},
                      {u"before"_s, QJsonObject{{u"waitMinutes"_s, before.waitMinutes},
                                                {u"serviceMinutes"_s, before.serviceMinutes}}},
                      {u"after"_s, QJsonObject{{u"waitMinutes"_s, wait}, {u"serviceMinutes"_s, service}}},
                      {u"norms"_s, norms}})});
}

void QueueService::opQueueList(Call &c)
{
    Fields f(c.body);
    const Id centreId = f.requireId(u"centreId"_s);
    if (!f.status())
        return c.fail(f.status().error());
    if (auto s = checkCentreAccess(c, centreId); !s)
        return c.fail(s.error());
    c.reply({{u"queues"_s, toJsonArray(m_engine->queues(centreId))}});
}

void QueueService::opQueuePut(Call &c)
{
    Fields f(c.body);
    const QJsonObject obj = f.requireObject(u"queue"_s);
    if (!f.status())
        return c.fail(f.status().error());
    auto parsed = queueFromJson(obj);
    if (!parsed)
        return c.fail(parsed.error());
    Queue q = *parsed;
    const bool creating = q.id == 0;
    if (!creating) {
        const Queue *old = m_engine->queue(q.id);
        if (!old)
            return c.fail(
                makeError(ErrorCode::NotFound, u"queue "_s % QString::number(q.id) % u" does not exist"_s));
        if (old->centreId != q.centreId)
            return c.fail(makeError(ErrorCode::InvalidArgument, u"a queue cannot move to another centre"_s));
    }
    if (auto s = checkCentreAccess(c, q.centreId); !s)
        return c.fail(s.error());
    if (auto s = validate(q); !s)
        return c.fail(s.error());
    for (const Queue &other : m_engine->queues(q.centreId)) {
        if (other.id == q.id)
            continue;
        if (other.code == q.code)
            return c.fail(makeError(ErrorCode::Conflict,
                                    u"queue code \""_s % q.code % u"\" is taken in this centre"_s));
        if (other.prefix == q.prefix)
            return c.fail(makeError(ErrorCode::Conflict,
                                    u"ticket prefix \""_s % q.prefix % u"\" is taken in this centre"_s));
    }
    if (creating)
        q.id = m_nextQueueId++;
    m_engine->putQueue(q);
    WriteBatch b;
    b.putQueue(q);
    const QJsonObject json = toJson(q);
    commit(c, std::move(b), {{u"queue"_s, json}},
           {newEvent(events::QueueChanged, q.centreId, 0, actorOf(c).staffId, {{u"queue"_s, json}})});
}

void QueueService::opDeskList(Call &c)
{
    Fields f(c.body);
    const Id centreId = f.requireId(u"centreId"_s);
    if (!f.status())
        return c.fail(f.status().error());
    if (auto s = checkCentreAccess(c, centreId); !s)
        return c.fail(s.error());
    c.reply({{u"desks"_s, toJsonArray(m_engine->desks(centreId))}});
}

void QueueService::opDeskPut(Call &c)
{
    Fields f(c.body);
    const QJsonObject obj = f.requireObject(u"desk"_s);
    if (!f.status())
        return c.fail(f.status().error());
    auto parsed = deskFromJson(obj);
    if (!parsed)
        return c.fail(parsed.error());
    Desk d = *parsed;
    const bool creating = d.id == 0;
    if (!creating) {
        const Desk *old = m_engine->desk(d.id);
        if (!old)
            return c.fail(
                makeError(ErrorCode::NotFound, u"desk "_s % QString::number(d.id) % u" does not exist"_s));
        if (old->centreId != d.centreId)
            return c.fail(makeError(ErrorCode::InvalidArgument, u"a desk cannot move to another centre"_s));
        if (!d.active && m_engine->visitAtDesk(d.id))
            return c.fail(makeError(ErrorCode::InvalidTransition, u"the desk is serving a visitor"_s));
    }
    if (auto s = checkCentreAccess(c, d.centreId); !s)
        return c.fail(s.error());
    if (auto s = validate(d); !s)
        return c.fail(s.error());
    for (Id q : d.queueIds) {
        const Queue *queue = m_engine->queue(q);
        if (!queue || queue->centreId != d.centreId)
            return c.fail(makeError(ErrorCode::InvalidArgument,
                                    u"queue "_s % QString::number(q) % u" is not a queue of this centre"_s));
    }
    for (const Desk &other : m_engine->desks(d.centreId))
        if (other.id != d.id && other.number == d.number)
            return c.fail(makeError(ErrorCode::Conflict,
                                    u"desk number "_s % QString::number(d.number) % u" is taken"_s));
    if (creating)
        d.id = m_nextDeskId++;
    m_engine->putDesk(d);
    commitDesk(c, events::DeskChanged, *m_engine->desk(d.id));
}

void QueueService::opStaffList(Call &c)
{
    QList<Staff> list = m_staff.values();
    std::sort(list.begin(), list.end(), [](const Staff &a, const Staff &b) { return a.id < b.id; });
    const Staff &me = c.session().staff;
    QJsonArray out;
    for (const Staff &s : list)
        if (me.centreId == 0 || s.centreId == me.centreId)
            out.append(toJson(s));
    c.reply({{u"staff"_s, out}});
}

void QueueService::opStaffPut(Call &c)
{
    Fields f(c.body);
    const QJsonObject obj = f.requireObject(u"staff"_s);
    const QString password = f.optionalSecret(u"password"_s, 128).value_or(QString());
    if (!f.status())
        return c.fail(f.status().error());
    auto parsed = staffFromJson(obj);
    if (!parsed)
        return c.fail(parsed.error());
    Staff st = *parsed;
    const bool creating = st.id == 0;
    if (!creating && !m_staff.contains(st.id))
        return c.fail(makeError(ErrorCode::NotFound,
                                u"staff member "_s % QString::number(st.id) % u" does not exist"_s));
    if (auto s = validate(st); !s)
        return c.fail(s.error());
    if (st.centreId != 0 && !m_engine->centre(st.centreId))
        return c.fail(makeError(ErrorCode::NotFound,
                                u"centre "_s % QString::number(st.centreId) % u" does not exist"_s));
    for (const Staff &other : std::as_const(m_staff))
        if (other.login == st.login && other.id != st.id)
            return c.fail(makeError(ErrorCode::Conflict, u"login \""_s % st.login % u"\" is taken"_s));
    if (creating && password.isEmpty())
        return c.fail(
            makeError(ErrorCode::BadRequest, u"field \"password\" is required for a new account"_s));
    if (!password.isEmpty())
        if (const QString weak = passwords::weaknessOf(password); !weak.isEmpty())
            return c.fail(makeError(ErrorCode::InvalidArgument, weak));
    if (!creating && c.session().staff.id == st.id && (!st.active || st.role != Role::SystemAdministrator))
        return c.fail(
            makeError(ErrorCode::InvalidArgument, u"you cannot deactivate or demote your own account"_s));
    if (creating)
        st.id = m_nextStaffId++;
    // Reserve the login at once so a second request cannot take it while the hash is computed.
    m_staff.insert(st.id, st);
    const auto store = [this, st, creating](Call call, const QByteArray &hash) {
        if (!hash.isEmpty())
            m_passwordHashes.insert(st.id, hash);
        WriteBatch b;
        b.putStaff(st, hash.isEmpty() ? std::optional<QString>()
                                      : std::optional<QString>(QString::fromUtf8(hash)));
        const QJsonObject json = toJson(st);
        commit(call, std::move(b), {{u"staff"_s, json}},
               {newEvent(events::StaffChanged, st.centreId, 0, actorOf(call).staffId, {{u"staff"_s, json}})});
    };
    if (password.isEmpty())
        return store(c, {});
    QThreadPool::globalInstance()->start([this, c, password, store] {
        const QByteArray hash = passwords::hash(password);
        QMetaObject::invokeMethod(
            this,
            [c, hash, store] {
                if (c.peer)
                    store(c, hash);
            },
            Qt::QueuedConnection);
    });
}

void QueueService::opStaffSetPassword(Call &c)
{
    Fields f(c.body);
    const Staff &me = c.session().staff;
    const Id staffId = f.optionalId(u"staffId"_s);
    const QString password = f.requireSecret(u"password"_s, 128);
    const QString oldPassword = f.optionalSecret(u"oldPassword"_s, 128).value_or(QString());
    if (!f.status())
        return c.fail(f.status().error());
    const Id target = staffId ? staffId : me.id;
    if (!m_staff.contains(target))
        return c.fail(makeError(ErrorCode::NotFound,
                                u"staff member "_s % QString::number(target) % u" does not exist"_s));
    const bool self = target == me.id;
    if (!self && me.role != Role::SystemAdministrator)
        return c.fail(forbidden(u"only a system administrator sets another person's password"_s));
    if (self && oldPassword.isEmpty() && me.role != Role::SystemAdministrator)
        return c.fail(makeError(ErrorCode::BadRequest,
                                u"field \"oldPassword\" is required to change your own password"_s));
    if (const QString weak = passwords::weaknessOf(password); !weak.isEmpty())
        return c.fail(makeError(ErrorCode::InvalidArgument, weak));
    const QByteArray oldHash = m_passwordHashes.value(target);
    const bool checkOld = self && !oldPassword.isEmpty();
    QThreadPool::globalInstance()->start([this, c, password, oldPassword, oldHash, checkOld, target] {
        const bool oldOk = !checkOld || passwords::verify(oldHash, oldPassword);
        const QByteArray hash = oldOk ? passwords::hash(password) : QByteArray();
        QMetaObject::invokeMethod(
            this,
            [this, c, hash, oldOk, target]() mutable {
                if (!c.peer)
                    return;
                if (!oldOk)
                    return c.fail(makeError(ErrorCode::AuthFailed, u"the old password is wrong"_s));
                m_passwordHashes.insert(target, hash);
                const Staff st = m_staff.value(target);
                WriteBatch b;
                b.putStaff(st, QString::fromUtf8(hash));
                commit(c, std::move(b), {},
                       {newEvent(events::StaffChanged, st.centreId, 0, actorOf(c).staffId,
                                 {{u"staffId"_s, double(target)}})});
            },
            Qt::QueuedConnection);
    });
}

// ---------------------------------------------------------------------------------------------
// visits

void QueueService::opVisitIssue(Call &c)
{
    Fields f(c.body);
    const Staff &me = c.session().staff;
    const Id centreId = f.has(u"centreId"_s) ? f.requireId(u"centreId"_s) : me.centreId;
    IssueRequest r;
    r.centreId = centreId;
    r.purpose = f.optionalString(u"purpose"_s, {}, 200);
    r.priority = f.optionalString(u"priority"_s, {}, 32);
    r.customerName = f.optionalString(u"customerName"_s, {}, 200);
    r.accountNumber = f.optionalString(u"accountNumber"_s, {}, 40);
    if (!f.status())
        return c.fail(f.status().error());
    if (centreId == 0)
        return c.fail(makeError(ErrorCode::BadRequest, u"field \"centreId\" is required"_s));
    if (auto s = checkCentreAccess(c, centreId); !s)
        return c.fail(s.error());
    auto queueId = queueFromFields(c, f, centreId, "queueId", "queueCode");
    if (!queueId)
        return c.fail(queueId.error());
    r.queueId = *queueId;
    r.channel = me.role == Role::Kiosk           ? u"kiosk"_s
                : me.role == Role::Administrator ? u"reception"_s
                                                 : u"admin"_s;
    r.createdBy = me.id;
    auto v = m_engine->issue(r);
    if (!v)
        return c.fail(v.error());
    const QueuePosition pos = m_engine->position(v->id);
    commitVisit(c, events::VisitIssued, *v, {{u"position"_s, toJson(pos)}});
}

void QueueService::opVisitGet(Call &c)
{
    Fields f(c.body);
    const Id id = f.requireId(u"visitId"_s);
    if (!f.status())
        return c.fail(f.status().error());
    std::optional<Visit> v;
    if (const Visit *live = m_engine->visit(id))
        v = *live;
    else if (auto stored = m_reader->loadVisit(id); stored && stored->has_value())
        v = **stored;
    if (!v)
        return c.fail(
            makeError(ErrorCode::NotFound, u"visit "_s % QString::number(id) % u" does not exist"_s));
    if (auto s = checkCentreAccess(c, v->centreId); !s)
        return c.fail(s.error());
    QJsonObject result{
        {u"visit"_s, seesPersonalData(c.session().staff.role) ? toJson(*v) : redactVisit(toJson(*v))}};
    if (v->isOpen())
        result.insert(u"position"_s, toJson(m_engine->position(id)));
    afterDurable(c, result);
}

void QueueService::opVisitCallNext(Call &c)
{
    auto v = m_engine->callNext(actorOf(c));
    if (!v)
        return c.fail(v.error());
    commitVisit(c, events::VisitCalled, *v);
}

void QueueService::opVisitCall(Call &c)
{
    Fields f(c.body);
    const Id id = f.requireId(u"visitId"_s);
    if (!f.status())
        return c.fail(f.status().error());
    auto v = m_engine->callVisit(actorOf(c), id);
    if (!v)
        return c.fail(v.error());
    commitVisit(c, events::VisitCalled, *v);
}

void QueueService::opVisitSimple(Call &c)
{
    Fields f(c.body);
    const Id id = f.requireId(u"visitId"_s);
    if (!f.status())
        return c.fail(f.status().error());
    const Actor a = actorOf(c);
    namespace op = ops;
    Result<Visit> v = makeError(ErrorCode::Internal, u"unhandled"_s);
    QString type;
    if (c.op == op::VisitRecall) {
        v = m_engine->recall(a, id);
        type = events::VisitRecalled;
    } else if (c.op == op::VisitStart) {
        v = m_engine->start(a, id);
        type = events::VisitStarted;
    } else if (c.op == op::VisitFinish) {
        v = m_engine->finish(a, id);
        type = events::VisitFinished;
    } else if (c.op == op::VisitNoShow) {
        v = m_engine->noShow(a, id);
        type = events::VisitNoShow;
    } else if (c.op == op::VisitRequeue) {
        v = m_engine->requeue(a, id);
        type = events::VisitRequeued;
    }
    if (!v)
        return c.fail(v.error());
    commitVisit(c, type, *v);
}

void QueueService::opVisitRoute(Call &c)
{
    Fields f(c.body);
    const Id id = f.requireId(u"visitId"_s);
    const QString note = f.optionalString(u"note"_s, {}, 500);
    if (!f.status())
        return c.fail(f.status().error());
    const Visit *existing = m_engine->visit(id);
    if (!existing)
        return c.fail(
            makeError(ErrorCode::NotFound, u"visit "_s % QString::number(id) % u" does not exist"_s));
    if (auto s = checkCentreAccess(c, existing->centreId); !s)
        return c.fail(s.error());
    auto queueId = queueFromFields(c, f, existing->centreId, "queueId", "queueCode");
    if (!queueId)
        return c.fail(queueId.error());
    auto v = m_engine->route(actorOf(c), id, *queueId, note);
    if (!v)
        return c.fail(v.error());
    commitVisit(c, events::VisitRouted, *v, {{u"position"_s, toJson(m_engine->position(id))}});
}

void QueueService::opVisitPostpone(Call &c)
{
    Fields f(c.body);
    const Id id = f.requireId(u"visitId"_s);
    const QString reason = f.optionalString(u"reason"_s, {}, 500);
    if (!f.status())
        return c.fail(f.status().error());
    auto v = m_engine->postpone(actorOf(c), id, reason);
    if (!v)
        return c.fail(v.error());
    commitVisit(c, events::VisitPostponed, *v);
}

void QueueService::opVisitCancel(Call &c)
{
    Fields f(c.body);
    const Id id = f.requireId(u"visitId"_s);
    const QString reason = f.optionalString(u"reason"_s, {}, 500);
    if (!f.status())
        return c.fail(f.status().error());
    if (const Visit *existing = m_engine->visit(id))
        if (auto s = checkCentreAccess(c, existing->centreId); !s)
            return c.fail(s.error());
    auto v = m_engine->cancel(actorOf(c), id, reason);
    if (!v)
        return c.fail(v.error());
    commitVisit(c, events::VisitCancelled, *v);
}

void QueueService::opVisitSetPriority(Call &c)
{
    Fields f(c.body);
    const Id id = f.requireId(u"visitId"_s);
    const QString priority = f.optionalString(u"priority"_s, {}, 32);
    if (!f.status())
        return c.fail(f.status().error());
    if (const Visit *existing = m_engine->visit(id))
        if (auto s = checkCentreAccess(c, existing->centreId); !s)
            return c.fail(s.error());
    auto v = m_engine->setPriority(id, priority);
    if (!v)
        return c.fail(v.error());
    commitVisit(c, events::VisitPriorityChanged, *v);
}

// ---------------------------------------------------------------------------------------------
// desks

void QueueService::opDeskOpen(Call &c)
{
    Fields f(c.body);
    const Id requested = f.optionalId(u"deskId"_s);
    if (!f.status())
        return c.fail(f.status().error());
    Session &s = c.session();
    const Id deskId = requested ? requested : s.deskId;
    if (!deskId)
        return c.fail(
            makeError(ErrorCode::BadRequest, u"field \"deskId\" is required (the session has no desk)"_s));
    const Desk *d = m_engine->desk(deskId);
    if (!d)
        return c.fail(
            makeError(ErrorCode::NotFound, u"desk "_s % QString::number(deskId) % u" does not exist"_s));
    if (auto st = checkCentreAccess(c, d->centreId); !st)
        return c.fail(st.error());
    if (s.deskId && s.deskId != deskId)
        return c.fail(makeError(ErrorCode::InvalidTransition, u"this session works at another desk"_s));
    auto opened = m_engine->openDesk(deskId, s.staff.id);
    if (!opened)
        return c.fail(opened.error());
    s.deskId = deskId;
    commitDesk(c, events::DeskOpened, *opened);
}

void QueueService::opDeskState(Call &c)
{
    Session &s = c.session();
    if (!s.deskId)
        return c.fail(makeError(ErrorCode::DeskUnavailable, u"this session is not bound to a desk"_s));
    const Desk *d = m_engine->desk(s.deskId);
    if (!d || d->staffId != s.staff.id)
        return c.fail(makeError(ErrorCode::DeskUnavailable, u"open the desk first"_s));
    namespace op = ops;
    Result<Desk> r = makeError(ErrorCode::Internal, u"unhandled"_s);
    QString type;
    if (c.op == op::DeskBreak) {
        r = m_engine->breakDesk(s.deskId);
        type = events::DeskOnBreak;
    } else if (c.op == op::DeskResume) {
        r = m_engine->resumeDesk(s.deskId);
        type = events::DeskResumed;
    } else {
        r = m_engine->closeDesk(s.deskId);
        type = events::DeskClosed;
    }
    if (!r)
        return c.fail(r.error());
    commitDesk(c, type, *r);
}

// ---------------------------------------------------------------------------------------------
// live state, statistics, events

QJsonObject QueueService::statusOf(Id centreId) const
{
    const Centre *c = m_engine->centre(centreId);
    const QDateTime now = m_clock->now();
    const QList<Visit> active = m_engine->activeVisits(centreId);
    QJsonArray queues;
    for (const Queue &q : m_engine->queues(centreId)) {
        int waiting = 0;
        int postponed = 0;
        qint64 longest = 0;
        for (const Visit &v : active) {
            const Stage *s = v.currentStage();
            if (s->queueId != q.id)
                continue;
            if (s->state == StageState::Waiting) {
                ++waiting;
                longest = std::max(longest, c->schedule.workingSeconds(s->queuedAt, now));
            } else if (s->state == StageState::Postponed) {
                ++postponed;
            }
        }
        queues.append(QJsonObject{{u"queue"_s, toJson(q)},
                                  {u"waiting"_s, waiting},
                                  {u"postponed"_s, postponed},
                                  {u"longestWaitSecs"_s, double(longest)}});
    }
    QJsonArray desks;
    for (const Desk &d : m_engine->desks(centreId)) {
        QJsonObject dj = toJson(d);
        if (d.staffId)
            if (auto it = m_staff.constFind(d.staffId); it != m_staff.constEnd())
                dj.insert(u"staff"_s, toJson(*it));
        desks.append(dj);
    }
    QJsonArray visits;
    for (const Visit &v : active)
        visits.append(toJson(v));
    return {{u"centre"_s, toJson(*c)},
            {u"status"_s, centreStatusName(c->schedule.statusAt(now))},
            {u"acceptsTickets"_s, c->schedule.acceptsNewTicketsAt(now)},
            {u"refusal"_s, c->schedule.refusalReasonAt(now)},
            {u"refusalCode"_s, refusalReasonName(c->schedule.ticketRefusalAt(now).reason)},
            {u"reopensAt"_s, instantToJson(c->schedule.ticketRefusalAt(now).reopensAt)},
            {u"serverTime"_s, instantToJson(now)},
            {u"queues"_s, queues},
            {u"desks"_s, desks},
            {u"visits"_s, visits},
            {u"lastSeq"_s, double(m_lastPublished)}};
}

void QueueService::opStatus(Call &c)
{
    Fields f(c.body);
    const Id centreId = f.has(u"centreId"_s) ? f.requireId(u"centreId"_s) : c.session().staff.centreId;
    if (!f.status())
        return c.fail(f.status().error());
    if (centreId == 0)
        return c.fail(makeError(ErrorCode::BadRequest, u"field \"centreId\" is required"_s));
    if (auto s = checkCentreAccess(c, centreId); !s)
        return c.fail(s.error());
    QJsonObject status = statusOf(centreId);
    if (!seesPersonalData(c.session().staff.role)) {
        QJsonArray visits;
        for (const auto &v : status.value(u"visits"_s).toArray())
            visits.append(redactVisit(v.toObject()));
        status.insert(u"visits"_s, visits);
    }
    c.reply(status);
}

void QueueService::opStats(Call &c)
{
    Fields f(c.body);
    const Id centreId = f.requireId(u"centreId"_s);
    const QDate from = f.requireDate(u"from"_s);
    const QDate to = f.requireDate(u"to"_s);
    if (!f.status())
        return c.fail(f.status().error());
    if (from > to)
        return c.fail(makeError(ErrorCode::InvalidArgument, u"\"from\" is after \"to\""_s));
    if (from.daysTo(to) > 3700)
        return c.fail(makeError(ErrorCode::InvalidArgument, u"the period is longer than ten years"_s));
    if (auto s = checkCentreAccess(c, centreId); !s)
        return c.fail(s.error());
    const Centre centre = *m_engine->centre(centreId);
    const DatabaseConfig config = m_options.database;
    // Statistics read history on a worker thread with its own connection: the event loop stays free.
    QThreadPool::globalInstance()->start([this, c, centre, from, to, config] {
        QJsonObject result;
        std::optional<Error> error;
        {
            auto db = Database::open(config);
            if (!db) {
                error = db.error();
            } else {
                auto records = (*db)->stageRecords(centre.id, from, to);
                if (!records) {
                    error = records.error();
                } else {
                    QJsonArray roles;
                    for (const RoleStatistics &rs :
                         computeStatistics(*records, centre.schedule, centre.norms))
                        roles.append(toJson(rs));
                    result = {{u"centreId"_s, double(centre.id)},
                              {u"from"_s, from.toString(Qt::ISODate)},
                              {u"to"_s, to.toString(Qt::ISODate)},
                              {u"roles"_s, roles}};
                }
            }
        }
        QMetaObject::invokeMethod(
            this, [c, result, error] { error ? c.fail(*error) : c.reply(result); }, Qt::QueuedConnection);
    });
}

void QueueService::opEventsSubscribe(Call &c)
{
    Fields f(c.body);
    const qint64 since = f.optionalInt(u"since"_s, 0, 0, qint64(1) << 53);
    if (!f.status())
        return c.fail(f.status().error());
    Session &s = c.session();
    // Events a client has never seen are replayed from memory; older history means a snapshot.
    const qint64 oldestKept = m_ring.empty() ? m_lastPublished + 1 : m_ring.front().seq;
    const bool fresh = since == 0;
    const bool snapshotRequired = !fresh && (since > m_lastPublished || since + 1 < oldestKept);
    s.subscribed = true;
    s.lastSeqSent = (fresh || snapshotRequired) ? m_lastPublished : since;
    int replayed = 0;
    QList<Event> toSend;
    if (!fresh && !snapshotRequired)
        for (const Event &e : m_ring)
            if (e.seq > since && (s.staff.centreId == 0 || e.centreId == 0 || e.centreId == s.staff.centreId))
                toSend.append(e);
    c.reply({{u"lastSeq"_s, double(m_lastPublished)},
             {u"replayed"_s, double(toSend.size())},
             {u"snapshotRequired"_s, snapshotRequired}});
    for (const Event &e : toSend) {
        sendEvent(c.peer, e);
        ++replayed;
    }
}

} // namespace okno
