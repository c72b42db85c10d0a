#include "DemoDirector.h"

#include <logging/Logging.h>
#include <protocol/Codec.h>
#include <protocol/Ops.h>
#include <protocol/Positions.h>

#include <QJsonArray>
#include <QRandomGenerator>

#include <algorithm>
#include <cmath>
#include <memory>

namespace okno::demo {

using namespace Qt::StringLiterals;
namespace ops = protocol::ops;
using namespace protocol;

namespace {

// The mean of arrivalWeight over the standard day's open hours (08–12, 13–17): --rate is the
// day's mean, the hours spread it into peaks.
constexpr double kMeanWeight = 8.9 / 8.0;

// A ticket asked for now reaches the server a moment later, seconds on a loaded machine, and the
// server refuses one at lunch or past the last-ticket cut-off: a visitor asks only if the centre
// still takes tickets this much later (as a desk does not call in the last seconds, DeskBot).
constexpr int kTicketLeadSeconds = 5;

bool takesTicketsSoon(const Schedule &schedule, const QDateTime &now)
{
    return schedule.acceptsNewTicketsAt(now) && schedule.acceptsNewTicketsAt(now.addSecs(kTicketLeadSeconds));
}

QString randomPassword()
{
    static const QString alphabet = u"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"_s;
    QString p;
    for (int i = 0; i < 24; ++i)
        p += alphabet[int(QRandomGenerator::system()->bounded(quint32(alphabet.size())))];
    return p;
}

Role roleFor(StageRole r)
{
    switch (r) {
    case StageRole::Administrator:
        return Role::Administrator;
    case StageRole::Consultant:
        return Role::Consultant;
    case StageRole::Cashier:
        return Role::Cashier;
    }
    return Role::Consultant;
}

// Calls every `count` answers back; `done` runs once, with the first error if any.
struct Join
{
    int left = 0;
    std::optional<Error> error;
    std::function<void(const std::optional<Error> &)> done;
    void answer(const Status &s)
    {
        if (!s && !error)
            error = s.error();
        if (--left == 0)
            done(error);
    }
};

} // namespace

int botsNeeded(StageRole role, double ratePerHour, double speed, int serviceNormMinutes)
{
    // The shares of visitors who pass each stage, and a service of 0.77 × the norm on average
    // (the log-normal of DeskBot): each bot busy at most three quarters of the time.
    const double share = role == StageRole::Administrator ? 0.75
                         : role == StageRole::Consultant  ? 0.53
                                                          : 0.57;
    const double busy = share * ratePerHour * 0.77 * serviceNormMinutes / 60.0 / speed;
    return std::clamp(int(std::ceil(busy / 0.75)), 1, 4);
}

const QList<int> &DemoDirector::humanDesks()
{
    static const QList<int> desks{1, 2, 4};
    return desks;
}

DemoDirector::DemoDirector(DemoOptions options, QString adminPassword, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_adminPassword(std::move(adminPassword))
    , m_rng(m_options.seedGiven ? m_options.seed : QRandomGenerator::system()->generate())
    , m_factory(m_rng, 0)
{
    m_admin.setReconnectDelays(200, 1000);
    m_kiosk.setReconnectDelays(200, 1000);
    m_arrivals.setSingleShot(true);
    connect(&m_arrivals, &QTimer::timeout, this, &DemoDirector::arrive);
    m_clockSync.setInterval(15000);
    connect(&m_clockSync, &QTimer::timeout, this, &DemoDirector::syncClock);
    m_stopDeadline.setSingleShot(true);
    connect(&m_stopDeadline, &QTimer::timeout, this, [this] {
        logging::warn(u"stopping without waiting any longer for the bots' desks to close"_s);
        finish(0);
    });
    connect(&m_admin, &Client::ready, this, [this](const QJsonObject &) {
        if (!m_playing && !m_settingUp && !m_stopping)
            setUp();
        syncClock();
    });
    connect(&m_admin, &Client::loginFailed, this,
            [this](const QString &m) { fail(u"the system administrator cannot log in: "_s % m); });
    connect(&m_admin, &Client::eventReceived, this,
            [this](const QString &type, qint64, const QJsonObject &data, Id) { handleEvent(type, data); });
    connect(&m_kiosk, &Client::loginFailed, this,
            [this](const QString &m) { fail(u"the kiosk bot cannot log in: "_s % m); });
}

DemoDirector::~DemoDirector() = default;

void DemoDirector::start()
{
    logging::info(
        u"connecting to %1:%2 as %3"_s.arg(m_options.host).arg(m_options.port).arg(m_options.adminLogin));
    m_admin.connectToServer(m_options.host, m_options.port, {m_options.adminLogin, m_adminPassword, 0, 0});
    m_admin.setSubscribed(true);
}

QDateTime DemoDirector::serverNow() const
{
    return QDateTime::currentDateTimeUtc().addMSecs(m_offsetMs);
}

void DemoDirector::log(const QString &line) const
{
    if (!m_options.verbose)
        return;
    logging::info(m_centre.schedule.toLocal(serverNow()).toString(u"HH:mm:ss"_s) % u' ' % line);
}

QString DemoDirector::queueCodeOf(StageRole role) const
{
    return m_queues.contains(role) ? m_queues.value(role).code : QString();
}

VisitorPlan DemoDirector::planFor(const Visit &visit)
{
    auto it = m_plans.find(visit.id);
    if (it == m_plans.end())
        it = m_plans.insert(visit.id, m_factory.forVisit(visit));
    return *it;
}

void DemoDirector::syncClock()
{
    const qint64 sent = QDateTime::currentMSecsSinceEpoch();
    m_admin.call(ops::Ping, {}, [this, sent](const Result<QJsonObject> &r) {
        if (!r)
            return;
        const qint64 received = QDateTime::currentMSecsSinceEpoch();
        const QDateTime server =
            QDateTime::fromString(r->value(u"serverTime"_s).toString(), Qt::ISODateWithMs);
        if (server.isValid())
            m_offsetMs = server.toMSecsSinceEpoch() - (sent + received) / 2;
    });
}

// ---------------------------------------------------------------------------------------------
// setting up: the centre, its queues, the bot desks and staff

void DemoDirector::retrySetUp(const Error &e)
{
    m_settingUp = false;
    if (e.code != ErrorCode::Unavailable)
        return fail(u"cannot set the demo up: "_s % e.message);
    logging::warn(u"setting up: "_s % e.message % u"; trying again"_s);
    QTimer::singleShot(2000, this, [this] {
        if (!m_playing && !m_settingUp && !m_stopping && m_admin.isReady())
            setUp();
    });
}

void DemoDirector::setUp()
{
    m_settingUp = true;
    m_admin.call(ops::CentreList, {}, [this](const Result<QJsonObject> &r) {
        if (!r)
            return retrySetUp(r.error());
        const QJsonArray centres = r->value(u"centres"_s).toArray();
        std::optional<Centre> chosen;
        for (const QJsonValue &value : centres) {
            auto c = centreFromJson(value.toObject());
            if (!c)
                continue;
            const bool wanted = m_options.centre.isEmpty() ? !chosen || c->id < chosen->id
                                                           : c->code == m_options.centre ||
                                                                 QString::number(c->id) == m_options.centre;
            if (wanted)
                chosen = *c;
        }
        if (!chosen)
            return fail(m_options.centre.isEmpty()
                            ? u"the server has no centre"_s
                            : u"the server has no centre \""_s % m_options.centre % u"\""_s);
        m_centre = *chosen;
        m_factory.setCentre(m_centre.id);
        const QJsonObject byCentre{{u"centreId"_s, double(m_centre.id)}};
        auto queues = std::make_shared<QList<Queue>>();
        auto desks = std::make_shared<QList<Desk>>();
        auto staff = std::make_shared<QList<Staff>>();
        auto join = std::make_shared<Join>();
        join->left = 3;
        join->done = [this, queues, desks, staff](const std::optional<Error> &e) {
            if (e)
                return retrySetUp(*e);
            setUpOrganisation(*queues, *desks, *staff);
        };
        m_admin.call(ops::QueueList, byCentre, [queues, join](const Result<QJsonObject> &q) {
            if (q)
                for (const QJsonValue &v : q->value(u"queues"_s).toArray())
                    if (auto each = queueFromJson(v.toObject()))
                        queues->append(*each);
            join->answer(q ? Status() : Status(q.error()));
        });
        m_admin.call(ops::DeskList, byCentre, [desks, join](const Result<QJsonObject> &d) {
            if (d)
                for (const QJsonValue &v : d->value(u"desks"_s).toArray())
                    if (auto each = deskFromJson(v.toObject()))
                        desks->append(*each);
            join->answer(d ? Status() : Status(d.error()));
        });
        m_admin.call(ops::StaffList, {}, [staff, join](const Result<QJsonObject> &s) {
            if (s)
                for (const QJsonValue &v : s->value(u"staff"_s).toArray())
                    if (auto each = staffFromJson(v.toObject()))
                        staff->append(*each);
            join->answer(s ? Status() : Status(s.error()));
        });
    });
}

void DemoDirector::setUpOrganisation(const QList<Queue> &queues, const QList<Desk> &desks,
                                     const QList<Staff> &staff)
{
    m_queues.clear();
    for (const Queue &q : queues)
        if (q.active && !m_queues.contains(q.role))
            m_queues.insert(q.role, q);
    for (StageRole role : {StageRole::Administrator, StageRole::Consultant, StageRole::Cashier})
        if (!m_queues.contains(role))
            return fail(u"centre "_s % m_centre.code % u" has no active queue for the "_s %
                        stageRoleName(role) % u": the demo needs reception, consultant and cashier queues"_s);

    // Enough bots of each role to keep up with the rate (with queues at the peaks). A desk is a
    // bot's if nobody else is at it and no demo terminal uses it.
    const QString prefix = u"bot"_s % QString::number(m_centre.id) % u'-';
    const auto isBot = [&](Id staffId) {
        for (const Staff &s : staff)
            if (s.id == staffId)
                return s.login.startsWith(prefix);
        return false;
    };
    QList<std::pair<StageRole, int>> wanted;
    for (StageRole role : {StageRole::Administrator, StageRole::Consultant, StageRole::Cashier})
        wanted.append({role, botsNeeded(role, m_options.rate, m_options.speed,
                                        m_centre.norms.of(role).serviceMinutes)});
    int nextNumber = 0;
    for (const Desk &d : desks)
        nextNumber = std::max(nextNumber, d.number);
    QList<BotAccount> accounts;
    QList<Desk> toCreate;
    for (const auto &[role, count] : wanted) {
        const Id queueId = m_queues.value(role).id;
        int found = 0;
        QList<Desk> candidates = desks;
        std::sort(candidates.begin(), candidates.end(),
                  [](const Desk &a, const Desk &b) { return a.number < b.number; });
        for (const Desk &d : candidates) {
            if (found == count)
                break;
            if (!d.active || d.queueIds != QList<Id>{queueId} || humanDesks().contains(d.number))
                continue;
            if (d.state != DeskState::Closed && !isBot(d.staffId))
                continue; // a person works there
            BotAccount a;
            a.deskId = d.id;
            a.deskNumber = d.number;
            a.stageRole = role;
            accounts.append(a);
            ++found;
        }
        for (; found < count; ++found) {
            Desk d;
            d.centreId = m_centre.id;
            d.number = ++nextNumber;
            d.name = u"Окно "_s % QString::number(d.number);
            d.queueIds = {queueId};
            toCreate.append(d);
            BotAccount a;
            a.deskNumber = d.number;
            a.stageRole = role;
            accounts.append(a);
        }
    }
    for (BotAccount &a : accounts) {
        a.login = prefix % QString::number(a.deskNumber);
        a.role = roleFor(a.stageRole);
        a.password = randomPassword();
    }
    if (toCreate.isEmpty())
        return createAccounts(accounts, staff);
    auto join = std::make_shared<Join>();
    join->left = int(toCreate.size());
    auto created = std::make_shared<QHash<int, Id>>();
    join->done = [this, accounts, staff, created](const std::optional<Error> &e) mutable {
        if (e)
            return retrySetUp(*e);
        for (BotAccount &a : accounts)
            if (!a.deskId)
                a.deskId = created->value(a.deskNumber);
        createAccounts(accounts, staff);
    };
    for (const Desk &d : toCreate) {
        m_admin.call(
            ops::DeskPut, {{u"desk"_s, toJson(d)}},
            [this, join, created, number = d.number](const Result<QJsonObject> &r) {
                if (r) {
                    created->insert(number, Id(r->value(u"desk"_s).toObject().value(u"id"_s).toInteger()));
                    logging::info(u"created desk "_s % QString::number(number) % u" for a bot"_s);
                }
                join->answer(r ? Status() : Status(r.error()));
            },
            true);
    }
}

void DemoDirector::createAccounts(const QList<BotAccount> &accounts, const QList<Staff> &staff)
{
    // A name per desk number, so that no two bots share one.
    static const QStringList names{
        u"Белова Дарья Сергеевна"_s,   u"Громов Артём Ильич"_s,         u"Лаптева Вера Олеговна"_s,
        u"Зуев Максим Петрович"_s,     u"Комарова Юлия Андреевна"_s,    u"Фролов Денис Викторович"_s,
        u"Соловьёва Анна Игоревна"_s,  u"Тарасов Илья Романович"_s,     u"Мельникова Ксения Юрьевна"_s,
        u"Киселёв Роман Алексеевич"_s, u"Воронина Полина Евгеньевна"_s, u"Абрамов Глеб Николаевич"_s,
        u"Денисова Алина Маратовна"_s}; // 13 names: a centre has at most 12 bots
    m_kioskLogin = u"bot"_s % QString::number(m_centre.id) % u"-kiosk"_s;
    m_kioskPassword = randomPassword();
    QList<std::pair<Staff, QString>> puts;
    for (const BotAccount &a : accounts) {
        Staff s;
        s.centreId = m_centre.id;
        s.login = a.login;
        s.fullName = names[a.deskNumber % names.size()];
        s.position = protocol::defaultPosition(a.role);
        s.role = a.role;
        puts.append({s, a.password});
    }
    Staff kiosk;
    kiosk.centreId = m_centre.id;
    kiosk.login = m_kioskLogin;
    kiosk.fullName = u"Терминал самообслуживания"_s;
    kiosk.position = protocol::defaultPosition(Role::Kiosk);
    kiosk.role = Role::Kiosk;
    puts.append({kiosk, m_kioskPassword});
    // Existing accounts keep their id; each run gives every bot a fresh password only it knows.
    for (auto &[s, password] : puts)
        for (const Staff &existing : staff)
            if (existing.login == s.login) {
                s.id = existing.id;
            }
    auto join = std::make_shared<Join>();
    join->left = int(puts.size());
    join->done = [this, accounts](const std::optional<Error> &e) {
        if (e)
            return retrySetUp(*e);
        startPlaying(accounts);
    };
    for (const auto &[s, password] : puts)
        m_admin.call(
            ops::StaffPut, {{u"staff"_s, toJson(s)}, {u"password"_s, password}},
            [join](const Result<QJsonObject> &r) { join->answer(r ? Status() : Status(r.error())); }, true);
}

void DemoDirector::startPlaying(const QList<BotAccount> &accounts)
{
    m_settingUp = false;
    if (m_stopping)
        return finish(0);
    m_playing = true;
    QStringList desks;
    for (const BotAccount &a : accounts) {
        auto bot = std::make_unique<DeskBot>(*this, a);
        bot->setQueues({m_queues.value(a.stageRole).id});
        connect(bot.get(), &DeskBot::stopped, this, [this] {
            if (std::all_of(m_bots.cbegin(), m_bots.cend(), [](const auto &b) { return b->isStopped(); }))
                finish(0);
        });
        connect(bot.get(), &DeskBot::loginFailed, this,
                [this, login = a.login](const QString &m) { fail(login % u" cannot log in: "_s % m); });
        bot->start(m_options.host, m_options.port);
        desks.append(QString::number(a.deskNumber) % u' ' % stageRoleName(a.stageRole));
        m_bots.push_back(std::move(bot));
    }
    m_kiosk.connectToServer(m_options.host, m_options.port, {m_kioskLogin, m_kioskPassword, 0, 0});
    m_clockSync.start();
    logging::info(
        u"playing centre %1 «%2» at %3 visitors an hour; bot desks %4"_s.arg(m_centre.code, m_centre.name)
            .arg(m_options.rate)
            .arg(desks.join(u", "_s)));
    scheduleArrival();
    // The doors open on people already waiting: a few arrive within the first minute or so.
    for (int i = 0; i < int(std::lround(m_options.rate / 6.0)); ++i)
        QTimer::singleShot(std::uniform_int_distribution<int>(1000, 90000)(m_rng), this, [this] {
            if (!m_stopping && takesTicketsSoon(m_centre.schedule, serverNow()))
                issue(m_factory.make(m_centre));
        });
}

// ---------------------------------------------------------------------------------------------
// visitors

void DemoDirector::scheduleArrival()
{
    if (m_stopping)
        return;
    // A Poisson process at the peak rate, thinned by the hour's weight when a visitor arrives.
    const double peakPerSecond = m_options.rate * maxArrivalWeight() / kMeanWeight / 3600.0;
    std::exponential_distribution<double> gap(peakPerSecond);
    m_arrivals.start(int(std::clamp(gap(m_rng) * 1000.0, 1.0, 3'600'000.0)));
}

void DemoDirector::arrive()
{
    scheduleArrival();
    const Schedule &schedule = m_centre.schedule;
    const QDateTime now = serverNow();
    CentreStatus status = schedule.statusAt(now);
    if (status != CentreStatus::Open && status != CentreStatus::Lunch)
        return; // nobody comes to a closed centre
    const int hour = schedule.toLocal(now).time().hour();
    if (std::uniform_real_distribution<double>(0.0, maxArrivalWeight())(m_rng) > arrivalWeight(hour))
        return;
    const VisitorPlan plan = m_factory.make(m_centre);
    const QDateTime soon = now.addSecs(kTicketLeadSeconds);
    if (status == CentreStatus::Open && schedule.statusAt(soon) == CentreStatus::Lunch)
        status = CentreStatus::Lunch; // the ticket would get there at lunch
    if (status == CentreStatus::Lunch) {
        // The door says "lunch": the visitor comes back within ten minutes after it.
        const auto reopens = schedule.nextOpening(soon);
        if (!reopens)
            return;
        const qint64 delay = now.msecsTo(*reopens) + std::uniform_int_distribution<int>(5, 600)(m_rng) * 1000;
        QTimer::singleShot(std::chrono::milliseconds(delay), this, [this, plan] {
            if (takesTicketsSoon(m_centre.schedule, serverNow()))
                issue(plan);
        });
        return;
    }
    if (!takesTicketsSoon(schedule, now))
        return; // past the last-ticket cut-off: the visitor goes home
    issue(plan);
}

void DemoDirector::issue(const VisitorPlan &plan)
{
    if (m_stopping)
        return;
    // At the kiosk a visitor may type the account; at reception the administrator registers them.
    DeskBot *reception = nullptr;
    for (const auto &b : m_bots)
        if (b->account().stageRole == StageRole::Administrator && b->client().isReady())
            reception = b.get();
    const bool atKiosk = plan.viaKiosk || !reception || plan.stages.first() != StageRole::Administrator;
    Client &client = atKiosk && m_kiosk.isReady() ? m_kiosk : reception ? reception->client() : m_kiosk;
    if (!client.isReady())
        return; // the server is away: the visitor does not get a ticket
    QJsonObject visitor{{u"purpose"_s, plan.purpose}};
    if (!plan.priority.isEmpty())
        visitor.insert(u"priority"_s, plan.priority);
    if (!plan.accountNumber.isEmpty())
        visitor.insert(u"accountNumber"_s, plan.accountNumber);
    if (!atKiosk && !plan.customerName.isEmpty())
        visitor.insert(u"customerName"_s, plan.customerName);
    const QString where = &client == &m_kiosk ? u"kiosk"_s : u"reception"_s;
    client.issue(m_centre.id, queueCodeOf(plan.stages.first()), visitor,
                 [this, plan, where](const Result<Visit> &v, QueuePosition pos) {
                     if (!v) {
                         if (v.error().code == ErrorCode::CentreClosed)
                             log(where % u": ticket refused: centre_closed: "_s % v.error().message);
                         else
                             logging::warn(where % u": cannot issue a ticket: "_s % v.error().message);
                         return;
                     }
                     m_plans.insert(v->id, plan);
                     log(where % u": ticket "_s % v->currentStage()->ticket % u" (visit "_s %
                         QString::number(v->id) %
                         (plan.priority.isEmpty() ? QString() : u", priority "_s % plan.priority) % u"), "_s %
                         QString::number(pos.ahead) % u" ahead"_s);
                 });
}

void DemoDirector::handleEvent(const QString &type, const QJsonObject &data)
{
    if (type == u"centre.changed"_s && data.contains(u"centre"_s)) {
        if (auto c = centreFromJson(data.value(u"centre"_s).toObject()); c && c->id == m_centre.id)
            m_centre = *c; // a new schedule exception, norms: the bots follow at once
        return;
    }
    if (type != u"visit.issued"_s && type != u"visit.routed"_s && type != u"visit.requeued"_s)
        return;
    auto v = visitFromJson(data.value(u"visit"_s).toObject());
    if (!v || v->centreId != m_centre.id || !v->currentStage())
        return;
    for (const auto &b : m_bots)
        if (b->serves(v->currentStage()->queueId))
            b->wake();
}

// ---------------------------------------------------------------------------------------------
// stopping

void DemoDirector::stop()
{
    if (m_stopping)
        return;
    m_stopping = true;
    m_arrivals.stop();
    logging::info(u"stopping: the bots finish what is in hand and close their desks"_s);
    if (m_bots.empty()) {
        if (!m_settingUp)
            finish(0);
        else
            m_stopDeadline.start(3000);
        return;
    }
    m_stopDeadline.start(5000);
    for (const auto &b : m_bots)
        b->stop();
}

void DemoDirector::fail(const QString &message)
{
    logging::error(message);
    finish(1);
}

void DemoDirector::finish(int exitCode)
{
    if (m_finished)
        return;
    m_finished = true;
    m_arrivals.stop();
    m_clockSync.stop();
    m_stopDeadline.stop();
    Q_EMIT finished(exitCode);
}

} // namespace okno::demo
