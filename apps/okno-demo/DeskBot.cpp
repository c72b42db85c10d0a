#include "DeskBot.h"

#include "DemoDirector.h"

#include <logging/Logging.h>
#include <protocol/Codec.h>
#include <protocol/Ops.h>

#include <QJsonArray>
#include <QUuid>

#include <cmath>

namespace okno::demo {

using namespace Qt::StringLiterals;
namespace ops = protocol::ops;
using namespace protocol;

namespace {

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

QString ticketOf(const Visit &v)
{
    const Stage *s = v.currentStage();
    return s ? s->ticket : QString();
}

} // namespace

DeskBot::DeskBot(DemoDirector &director, BotAccount account, QObject *parent)
    : QObject(parent)
    , m_director(director)
    , m_account(std::move(account))
{
    m_client.setReconnectDelays(200, 1000);
    m_heartbeat.setInterval(100);
    connect(&m_heartbeat, &QTimer::timeout, this, &DeskBot::step);
    // Logged in (again, after a reconnect): what happened meanwhile is read back from the server.
    connect(&m_client, &Client::ready, this, [this](const QJsonObject &) { m_needResync = true; });
    connect(&m_client, &Client::loginFailed, this, [this](const QString &m) { Q_EMIT loginFailed(m); });
}

DeskBot::~DeskBot() = default;

void DeskBot::start(const QString &host, quint16 port)
{
    ClientCredentials c;
    c.login = m_account.login;
    c.password = m_account.password;
    c.deskId = m_account.deskId;
    m_client.connectToServer(host, port, c);
    m_nextAt = nowMs() + scaledMs(uniform(0.0, 3.0)); // not everybody at the same instant
    m_heartbeat.start();
}

bool DeskBot::serves(Id queueId) const
{
    return m_queueIds.contains(queueId);
}

void DeskBot::wake()
{
    if (m_phase != Phase::Idle || m_deskState != DeskState::Open || m_stopping)
        return;
    // Somebody is waiting: the person at the desk notices within a few seconds.
    m_nextAt = std::min(m_nextAt, nowMs() + scaledMs(uniform(2.0, 6.0)));
}

void DeskBot::stop()
{
    if (m_stopping)
        return;
    m_stopping = true;
    m_nextAt = 0; // not connected at the moment: once reconnected (the director sets a deadline)
}

void DeskBot::finishStop()
{
    if (m_stopped)
        return;
    m_stopped = true;
    m_heartbeat.stop();
    Q_EMIT stopped();
}

qint64 DeskBot::scaledMs(double seconds) const
{
    return std::max<qint64>(20, qint64(seconds * 1000.0 / m_director.speed()));
}

void DeskBot::after(double seconds)
{
    paceTo(nowMs() + scaledMs(seconds));
}

void DeskBot::paceTo(qint64 at)
{
    // An answer that comes after the demo was told to stop (a service started just before, say)
    // sets no wait of the visit's pace: the bot finishes what is in hand at once.
    m_nextAt = m_stopping ? std::min(at, nowMs() + 300) : at;
}

double DeskBot::uniform(double from, double to)
{
    return std::uniform_real_distribution<double>(from, to)(m_director.rng());
}

QString DeskBot::label() const
{
    return u"desk "_s % QString::number(m_account.deskNumber) % u" ("_s % m_account.login % u")"_s;
}

// ---------------------------------------------------------------------------------------------

void DeskBot::step()
{
    if (m_busy || m_stopped || !m_client.isReady() || nowMs() < m_nextAt)
        return;
    if (m_needResync)
        return resync();
    switch (m_phase) {
    case Phase::Called:
        return stepCalled();
    case Phase::InService:
        return stepInService();
    case Phase::Idle:
        return stepIdle();
    }
}

void DeskBot::stepIdle()
{
    if (m_stopping) {
        if (m_deskState == DeskState::Closed)
            return finishStop();
        return deskRequest(ops::DeskClose, DeskState::Closed, u"closed the desk (the demo stops)"_s);
    }
    const Schedule &schedule = m_director.centre().schedule;
    const QDateTime now = m_director.serverNow();
    const CentreStatus status = schedule.statusAt(now);
    // A person does not call a visitor in the last seconds before lunch or closing.
    const bool serving =
        status == CentreStatus::Open && schedule.statusAt(now.addSecs(3)) == CentreStatus::Open;
    const bool cashier = m_account.stageRole == StageRole::Cashier;

    if (status == CentreStatus::Open) {
        m_dayServed = false;
        if (m_deskState == DeskState::Closed)
            return deskRequest(ops::DeskOpen, DeskState::Open, u"opened the desk"_s);
        if (m_deskState == DeskState::Break) {
            if (m_breakEndsAt && nowMs() < m_breakEndsAt) {
                m_nextAt = m_breakEndsAt;
                return;
            }
            m_breakEndsAt = 0;
            return deskRequest(ops::DeskResume, DeskState::Open, u"back from the break"_s);
        }
        if (cashier && m_shiftOpen && m_shiftDay != schedule.localDate(now)) {
            // A shift lasts one working day (at most 24 hours): yesterday's is closed first.
            request(ops::ShiftClose, {}, [this](const Result<QJsonObject> &r) {
                if (!r)
                    return failed(u"close yesterday's cash shift"_s, r.error());
                m_shiftOpen = false;
                m_director.log(label() % u": closed yesterday's cash shift"_s);
            });
            return;
        }
        if (cashier && !m_shiftOpen) {
            request(ops::ShiftOpen, {}, [this](const Result<QJsonObject> &r) {
                if (!r)
                    return failed(u"open the cash shift"_s, r.error());
                m_shiftOpen = true;
                m_shiftDay = m_director.centre().schedule.localDate(m_director.serverNow());
                const int number = r->value(u"shift"_s).toObject().value(u"number"_s).toInt();
                m_director.log(label() % u": opened cash shift "_s % QString::number(number));
            });
            return;
        }
        if (!serving) {
            after(1.0);
            return;
        }
        request(ops::VisitCallNext, {}, [this](const Result<QJsonObject> &r) {
            if (!r) {
                if (r.error().code == ErrorCode::QueueEmpty) {
                    after(uniform(8.0, 15.0)); // look again later, or when woken by a new ticket
                    return;
                }
                return failed(u"call the next ticket"_s, r.error());
            }
            auto v = visitFromJson(r->value(u"visit"_s).toObject());
            if (!v)
                return failed(u"read the called visit"_s, v.error());
            takeVisit(*v, true);
        });
        return;
    }
    if (status == CentreStatus::Lunch) {
        if (m_deskState == DeskState::Open) {
            m_breakEndsAt = 0;
            return deskRequest(ops::DeskBreak, DeskState::Break, u"lunch break"_s);
        }
        after(2.0);
        return;
    }
    // After closing, the day's visitors are still served (дообслуживание) until none is left.
    if (m_deskState == DeskState::Open && !m_dayServed && schedule.inAfterClosingServiceAt(now)) {
        request(ops::VisitCallNext, {}, [this](const Result<QJsonObject> &r) {
            if (!r) {
                if (r.error().code == ErrorCode::QueueEmpty || r.error().code == ErrorCode::CentreClosed) {
                    m_dayServed = true;
                    after(uniform(1.0, 3.0));
                    return;
                }
                return failed(u"call the next ticket after closing"_s, r.error());
            }
            auto v = visitFromJson(r->value(u"visit"_s).toObject());
            if (!v)
                return failed(u"read the called visit"_s, v.error());
            takeVisit(*v, true);
        });
        return;
    }
    // Before opening, or once the day is served: the day's shift and the desk are closed.
    if (cashier && m_shiftOpen) {
        request(ops::ShiftClose, {}, [this](const Result<QJsonObject> &r) {
            if (!r)
                return failed(u"close the cash shift"_s, r.error());
            m_shiftOpen = false;
            const QJsonObject totals = r->value(u"totals"_s).toObject();
            m_director.log(label() % u": closed the cash shift, "_s %
                           QString::number(totals.value(u"payments"_s).toInt()) % u" payments, "_s %
                           QString::number(totals.value(u"netKopecks"_s).toDouble() / 100.0, 'f', 2) %
                           u" RUB"_s);
        });
        return;
    }
    if (m_deskState != DeskState::Closed)
        return deskRequest(ops::DeskClose, DeskState::Closed, u"closed the desk for the day"_s);
    after(5.0);
}

void DeskBot::takeVisit(const Visit &v, bool justCalled)
{
    m_visit = v;
    m_plan = m_director.planFor(v);
    m_phase = Phase::Called;
    m_paperworkDone = false;
    if (justCalled) {
        m_director.log(label() % u": called "_s % ticketOf(v) % u" (visit "_s % QString::number(v.id) %
                       u")"_s);
        const double r = uniform(0.0, 1.0);
        m_noShow = r < 0.04;                             // called twice, never came
        m_recallsLeft = m_noShow ? 1 : r < 0.10 ? 1 : 0; // some come only at the second call
        after(m_recallsLeft ? 60.0 : uniform(15.0, 60.0));
    } else {
        m_noShow = false;
        m_recallsLeft = 0;
        after(uniform(3.0, 10.0));
    }
}

void DeskBot::stepCalled()
{
    const Id id = m_visit.id;
    if (m_stopping || (m_noShow && m_recallsLeft == 0)) {
        return visitRequest(ops::VisitNoShow, {{u"visitId"_s, double(id)}}, u"no-show"_s,
                            [this](const Visit &) {
                                m_director.forget(m_visit.id);
                                release();
                            });
    }
    // No calling at lunch or after closing, not even again: who has not come by now is a no-show.
    if (m_recallsLeft > 0 && !m_director.centre().schedule.isServing(m_director.serverNow())) {
        m_noShow = true;
        m_recallsLeft = 0;
        return stepCalled();
    }
    if (m_recallsLeft > 0) {
        return visitRequest(ops::VisitRecall, {{u"visitId"_s, double(id)}}, u"recalled"_s,
                            [this](const Visit &v) {
                                m_visit = v;
                                --m_recallsLeft;
                                after(m_noShow ? 90.0 : uniform(10.0, 40.0));
                            });
    }
    visitRequest(ops::VisitStart, {{u"visitId"_s, double(id)}}, u"started"_s, [this](const Visit &v) {
        m_visit = v;
        m_phase = Phase::InService;
        const Stage *s = v.currentStage();
        const double norm = m_director.centre().norms.of(s->role).serviceMinutes * 60.0;
        // Log-normal around 70 % of the norm, as in okno-history: most are quick, some run long.
        std::lognormal_distribution<double> d(std::log(norm * 0.7), 0.45);
        const double secs = std::clamp(d(m_director.rng()), 45.0, norm * 3.0);
        const qint64 now = nowMs();
        m_serviceEndsAt = now + scaledMs(secs);
        m_paperworkAt = now + scaledMs(secs * uniform(0.3, 0.7));
        m_paperworkDone = s->role == StageRole::Administrator;
        paceTo(std::min(m_paperworkAt, m_serviceEndsAt));
    });
}

void DeskBot::stepInService()
{
    const Id id = m_visit.id;
    const Stage *s = m_visit.currentStage();
    const qint64 now = nowMs();
    if (!m_stopping && !m_paperworkDone && now >= m_paperworkAt && s) {
        if (s->role == StageRole::Consultant) {
            request(ops::ConsultationSave, {{u"visitId"_s, double(id)}, {u"consultation"_s, consultation()}},
                    [this](const Result<QJsonObject> &r) {
                        m_paperworkDone = true; // a refused ticket is not tried again
                        if (!r)
                            return failed(u"save the consultation ticket"_s, r.error());
                        const QJsonObject c = r->value(u"consultation"_s).toObject();
                        m_director.log(label() % u": consultation ticket for "_s % ticketOf(m_visit) %
                                       u", "_s % c.value(u"topic"_s).toString() % u", "_s %
                                       c.value(u"outcome"_s).toString());
                        paceTo(m_serviceEndsAt);
                    });
            return;
        }
        if (s->role == StageRole::Cashier) {
            if (uniform(0.0, 1.0) < 0.08) { // a receipt copy, a question: nothing to pay
                m_paperworkDone = true;
                return;
            }
            request(ops::PaymentRecord, payment(), [this](const Result<QJsonObject> &r) {
                m_paperworkDone = true;
                if (!r)
                    return failed(u"record the payment"_s, r.error());
                const QJsonObject p = r->value(u"payment"_s).toObject();
                m_director.log(label() % u": payment "_s %
                               QString::number(p.value(u"amountKopecks"_s).toDouble() / 100.0, 'f', 2) %
                               u" RUB ("_s % p.value(u"method"_s).toString() % u"), receipt "_s %
                               QString::number(p.value(u"receiptNumber"_s).toInt()) % u" for "_s %
                               ticketOf(m_visit));
                paceTo(m_serviceEndsAt);
            });
            return;
        }
    }
    if (!m_stopping && now < m_serviceEndsAt) {
        m_nextAt = m_paperworkDone ? m_serviceEndsAt : std::min(m_paperworkAt, m_serviceEndsAt);
        return;
    }
    const int next = int(m_visit.stages.size());
    if (!m_stopping && next < m_plan.stages.size()) {
        const QString code = m_director.queueCodeOf(m_plan.stages[next]);
        if (!code.isEmpty()) {
            return visitRequest(ops::VisitRoute, {{u"visitId"_s, double(id)}, {u"queueCode"_s, code}},
                                u"routed on"_s, [this](const Visit &v) {
                                    m_director.log(label() % u": routed "_s % ticketOf(m_visit) %
                                                   u" on as "_s % ticketOf(v));
                                    release();
                                });
        }
    }
    visitRequest(ops::VisitFinish, {{u"visitId"_s, double(id)}}, u"finished"_s, [this](const Visit &) {
        m_director.log(label() % u": finished "_s % ticketOf(m_visit));
        m_director.forget(m_visit.id);
        release();
    });
}

void DeskBot::release()
{
    m_phase = Phase::Idle;
    m_visit = {};
    if (m_stopping)
        return;
    // A moment for the papers; now and then a short break.
    if (uniform(0.0, 1.0) < 0.03 && m_director.centre().schedule.isServing(m_director.serverNow())) {
        m_breakEndsAt = nowMs() + scaledMs(uniform(300.0, 600.0));
        deskRequest(ops::DeskBreak, DeskState::Break, u"a short break"_s);
        return;
    }
    after(uniform(5.0, 20.0));
}

// ---------------------------------------------------------------------------------------------

void DeskBot::request(const QString &op, const QJsonObject &body,
                      std::function<void(const Result<QJsonObject> &)> done, bool mutating)
{
    m_busy = true;
    m_client.call(
        op, body,
        [this, done = std::move(done)](const Result<QJsonObject> &r) {
            m_busy = false;
            done(r);
        },
        mutating, 20000);
}

void DeskBot::visitRequest(const QString &op, const QJsonObject &extra, const QString &what,
                           std::function<void(const Visit &)> done)
{
    request(op, extra, [this, what, done = std::move(done)](const Result<QJsonObject> &r) {
        if (!r)
            return failed(what, r.error());
        auto v = visitFromJson(r->value(u"visit"_s).toObject());
        if (!v)
            return failed(what, v.error());
        if (what == u"no-show"_s || what == u"recalled"_s || what == u"started"_s)
            m_director.log(label() % u": "_s % what % u' ' % ticketOf(*v));
        done(*v);
    });
}

void DeskBot::deskRequest(const QString &op, DeskState state, const QString &what)
{
    request(op, {}, [this, state, what](const Result<QJsonObject> &r) {
        if (!r)
            return failed(what, r.error());
        m_deskState = state;
        m_director.log(label() % u": "_s % what);
        if (state == DeskState::Open)
            after(uniform(1.0, 4.0));
    });
}

void DeskBot::failed(const QString &what, const Error &e)
{
    switch (e.code) {
    case ErrorCode::CentreClosed: // the clocks disagree by a moment: look again shortly
        m_director.log(label() % u": refused ("_s % what % u"): "_s % errorCodeName(e.code) % u": "_s %
                       e.message);
        after(3.0);
        return;
    case ErrorCode::DeskUnavailable:
        if (e.message.contains(u"another person"_s)) {
            m_director.log(label() % u": someone else works at this desk; waiting"_s);
            m_needResync = true;
            m_nextAt = nowMs() + 30000;
            return;
        }
        break;
    default:
        break;
    }
    if (e.code == ErrorCode::Unavailable)
        logging::debug(label() % u": "_s % what % u": "_s % e.message);
    else
        logging::warn(label() % u": cannot "_s % what % u": "_s % e.message);
    // Whatever happened, the server knows: read it back before the next action.
    m_needResync = true;
    m_nextAt = nowMs() + 1000;
}

void DeskBot::resync()
{
    const QJsonObject body{{u"centreId"_s, double(m_director.centre().id)}};
    request(
        ops::StatusQuery, body,
        [this](const Result<QJsonObject> &r) {
            if (!r) {
                logging::debug(label() % u": cannot read the status: "_s % r.error().message);
                m_nextAt = nowMs() + 1000;
                return;
            }
            const Id me = m_client.session().value(u"staff"_s).toObject().value(u"id"_s).toInteger();
            m_deskState = DeskState::Closed;
            for (const QJsonValue &value : r->value(u"desks"_s).toArray()) {
                auto d = deskFromJson(value.toObject());
                if (!d || d->id != m_account.deskId)
                    continue;
                if (d->state != DeskState::Closed && d->staffId != me) {
                    m_director.log(label() % u": someone else works at this desk; waiting"_s);
                    m_nextAt = nowMs() + 30000;
                    return;
                }
                m_deskState = d->state;
            }
            std::optional<Visit> mine;
            for (const QJsonValue &value : r->value(u"visits"_s).toArray()) {
                auto v = visitFromJson(value.toObject());
                if (!v)
                    continue;
                const Stage *s = v->currentStage();
                if (s && s->deskId == m_account.deskId &&
                    (s->state == StageState::Called || s->state == StageState::InService))
                    mine = *v;
            }
            m_phase = Phase::Idle;
            if (mine) {
                takeVisit(*mine, false);
                if (mine->currentStage()->state == StageState::InService) {
                    m_phase = Phase::InService;
                    m_serviceEndsAt = nowMs() + scaledMs(uniform(20.0, 120.0));
                    m_paperworkAt = nowMs();
                    // A consultation ticket saved again replaces itself; a payment is looked up.
                    m_paperworkDone = mine->currentStage()->role == StageRole::Administrator;
                }
            }
            if (m_account.stageRole != StageRole::Cashier) {
                m_needResync = false;
                return;
            }
            request(
                ops::ShiftCurrent, {},
                [this](const Result<QJsonObject> &s) {
                    if (!s) {
                        m_nextAt = nowMs() + 1000;
                        return;
                    }
                    const QJsonValue shift = s->value(u"shift"_s);
                    m_shiftOpen = shift.isObject();
                    if (m_shiftOpen) {
                        const QDateTime opened = QDateTime::fromString(
                            shift.toObject().value(u"openedAt"_s).toString(), Qt::ISODateWithMs);
                        m_shiftDay = m_director.centre().schedule.localDate(opened);
                    }
                    if (m_phase != Phase::InService || m_paperworkDone) {
                        m_needResync = false;
                        return;
                    }
                    request(
                        ops::PaymentList, {{u"visitId"_s, double(m_visit.id)}},
                        [this](const Result<QJsonObject> &p) {
                            if (!p) {
                                m_nextAt = nowMs() + 1000;
                                return;
                            }
                            m_paperworkDone = !p->value(u"payments"_s).toArray().isEmpty();
                            m_needResync = false;
                        },
                        false);
                },
                false);
        },
        false);
}

// ---------------------------------------------------------------------------------------------

QJsonObject DeskBot::consultation() const
{
    const Centre &c = m_director.centre();
    std::mt19937 &rng = m_director.rng();
    std::uniform_real_distribution<double> u(0.0, 1.0);
    // The topic follows what the visitor came for, within the centre's own catalogue.
    static const QHash<QString, QString> byPurpose{
        {u"Показания счётчика"_s, u"meter_readings"_s}, {u"Перерасчёт"_s, u"bills"_s},
        {u"Договор энергоснабжения"_s, u"contract"_s},  {u"Жалоба на качество"_s, u"supply_quality"_s},
        {u"Консультация по тарифам"_s, u"tariffs"_s},   {u"Оплата"_s, u"payment"_s}};
    QString topic = byPurpose.value(m_plan.purpose);
    const Topic *t = c.topic(topic);
    if (!t || !t->active) {
        QStringList active;
        for (const Topic &each : c.topics)
            if (each.active && each.code != QLatin1StringView(kMeterReadingsTopic))
                active.append(each.code);
        topic = active.isEmpty() ? QString()
                                 : active[std::uniform_int_distribution<int>(0, int(active.size()) - 1)(rng)];
    }
    QJsonObject o{{u"consumerGroup"_s, consumerGroupName(m_plan.consumerGroup)}, {u"topic"_s, topic}};
    if (!m_plan.accountNumber.isEmpty())
        o.insert(u"accountNumber"_s, m_plan.accountNumber);
    static const QHash<QString, QString> notes{
        {u"meter_readings"_s, u"Приняты показания, разъяснён срок передачи — до 25-го числа."_s},
        {u"bills"_s, u"Проверен расчёт за последние три месяца, разъяснены начисления."_s},
        {u"contract"_s, u"Выдан перечень документов для заключения договора."_s},
        {u"supply_quality"_s, u"Принята жалоба на качество электроснабжения."_s},
        {u"tariffs"_s, u"Разъяснены действующие тарифы и порядок их применения."_s},
        {u"payment"_s, u"Разъяснён порядок и способы оплаты."_s}};
    o.insert(u"notes"_s, notes.value(topic, u"Дана консультация по вопросу посетителя."_s));
    if (topic == QLatin1StringView(kMeterReadingsTopic)) {
        const qint64 n = m_plan.accountNumber.isEmpty() ? 17 : m_plan.accountNumber.toLongLong();
        QJsonObject reading{{u"meterNumber"_s, QString(u"CE102-"_s % QString::number(100000 + n % 900000))},
                            {u"dayValue"_s, double(2000 + (n * 37) % 40000 +
                                                   std::uniform_int_distribution<int>(0, 300)(rng))}};
        if (n % 3 == 0)
            reading.insert(u"nightValue"_s, double(800 + (n * 11) % 15000));
        o.insert(u"readings"_s, QJsonArray{reading});
    }
    const double r = u(rng);
    const QDate today = c.schedule.localDate(m_director.serverNow());
    if (r < 0.75 || topic == QLatin1StringView(kMeterReadingsTopic)) {
        o.insert(u"outcome"_s, u"resolved"_s);
    } else if (r < 0.9) {
        o.insert(u"outcome"_s, u"follow_up"_s);
        o.insert(u"nextVisitDate"_s,
                 today.addDays(std::uniform_int_distribution<int>(7, 21)(rng)).toString(Qt::ISODate));
    } else {
        o.insert(u"outcome"_s, u"appeal_registered"_s);
        o.insert(u"appealNumber"_s,
                 QString(u"ВХ-"_s % today.toString(u"yyMMdd"_s) % u'-' %
                         QString::number(std::uniform_int_distribution<int>(100, 999)(rng))));
    }
    return o;
}

QJsonObject DeskBot::payment()
{
    std::mt19937 &rng = m_director.rng();
    std::lognormal_distribution<double> roubles(std::log(2200.0), 0.6);
    const qint64 amount = qint64(std::clamp(roubles(rng), 150.0, 30000.0)) * 100 +
                          std::uniform_int_distribution<int>(0, 99)(rng);
    const bool cash = uniform(0.0, 1.0) < 0.55;
    const QString account = m_plan.accountNumber.isEmpty() ? m_director.poolAccount() : m_plan.accountNumber;
    QJsonObject o{{u"idempotencyKey"_s, QUuid::createUuid().toString(QUuid::WithoutBraces)},
                  {u"visitId"_s, double(m_visit.id)},
                  {u"accountNumber"_s, account},
                  {u"amountKopecks"_s, double(amount)},
                  {u"purpose"_s, u"Оплата электроэнергии"_s},
                  {u"method"_s, cash ? u"cash"_s : u"card"_s}};
    if (cash) {
        // Notes handed over: the amount rounded up to 100, 500, 1000 or 5000 roubles.
        static const std::array<qint64, 4> notes{10000, 50000, 100000, 500000};
        const qint64 unit = notes[std::uniform_int_distribution<int>(0, 3)(rng)];
        o.insert(u"tenderedKopecks"_s, double((amount + unit - 1) / unit * unit));
    }
    return o;
}

} // namespace okno::demo
