#include "FrontOfficeHistory.h"

#include "DaySimulation.h"

#include <protocol/Codec.h>
#include <protocol/FrameDecoder.h>
#include <protocol/Ops.h>

#include <QJsonDocument>

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>

namespace okno::history {

using namespace Qt::StringLiterals;
namespace events = protocol::events;

namespace {

// A stable pseudo-random number for an account: its meters and consumption stay the same.
quint64 accountHash(const QString &account, quint64 salt)
{
    quint64 h = 1469598103934665603ULL ^ salt;
    for (QChar ch : account)
        h = (h ^ ch.unicode()) * 1099511628211ULL;
    return h;
}

QString pick(std::mt19937 &rng, const QStringList &list)
{
    return list[std::uniform_int_distribution<qsizetype>(0, list.size() - 1)(rng)];
}

QString topicNote(std::mt19937 &rng, const QString &topic)
{
    static const QHash<QString, QStringList> notes{
        {u"meter_readings"_s,
         {u"Приняты показания прибора учёта."_s,
          u"Показания приняты, разъяснён срок передачи — до 25 числа."_s,
          u"Приняты показания, разъяснена передача через личный кабинет."_s}},
        {u"bills"_s,
         {u"Разъяснён расчёт по счёту за прошлый месяц."_s,
          u"Проверен расчёт, выявлено начисление по нормативу."_s, u"Принято заявление на перерасчёт."_s,
          u"Сверка расчётов по лицевому счёту."_s}},
        {u"contract"_s,
         {u"Разъяснён перечень документов для заключения договора."_s,
          u"Приняты документы на заключение договора."_s,
          u"Внесены изменения в договор: смена собственника."_s}},
        {u"tariffs"_s,
         {u"Разъяснены действующие тарифы."_s, u"Консультация по переходу на двухтарифный учёт."_s}},
        {u"complaint"_s,
         {u"Жалоба на качество обслуживания."_s, u"Жалоба на начисления, принята к рассмотрению."_s}},
        {u"supply_quality"_s,
         {u"Обращение о перерыве электроснабжения."_s, u"Жалоба на низкое напряжение в сети."_s}},
        {u"restriction"_s,
         {u"Разъяснён порядок возобновления подачи после оплаты долга."_s,
          u"Уведомление об ограничении, согласован график погашения."_s}},
        {u"payment"_s, {u"Разъяснены способы оплаты."_s, u"Выдана квитанция для оплаты."_s}},
    };
    const auto it = notes.constFind(topic);
    return it == notes.constEnd() ? u"Консультация проведена."_s : pick(rng, *it);
}

QString paymentPurpose(std::mt19937 &rng)
{
    const int r = std::uniform_int_distribution<int>(0, 99)(rng);
    if (r < 80)
        return u"Оплата электроэнергии"_s;
    if (r < 92)
        return u"Погашение задолженности за электроэнергию"_s;
    if (r < 97)
        return u"Оплата услуги по замене прибора учёта"_s;
    return u"Оплата пени"_s;
}

} // namespace

FrontOfficeHistory::FrontOfficeHistory(std::mt19937 &rng, MaxIds &next, QHash<Id, int> lastShiftNumbers,
                                       bool events)
    : m_rng(rng)
    , m_next(next)
    , m_lastShiftNumber(std::move(lastShiftNumbers))
    , m_events(events)
{}

QDate FrontOfficeHistory::workingDayAfter(const Centre &centre, const QDate &day, int workingDays)
{
    QDate d = day;
    for (int found = 0, guard = 0; found < workingDays && guard < 90; ++guard) {
        d = d.addDays(1);
        if (centre.schedule.hoursOn(d).open)
            ++found;
    }
    return d;
}

Event FrontOfficeHistory::event(QLatin1StringView type, const QDateTime &at, Id centreId, Id visitId,
                                Id actorId, const char *key, const QJsonObject &json) const
{
    Event e;
    e.at = at;
    e.type = type;
    e.centreId = centreId;
    e.visitId = visitId;
    e.actorId = actorId;
    e.payload = protocol::compactJson(QJsonObject{{QString::fromLatin1(key), json}});
    return e;
}

QList<MeterReading> FrontOfficeHistory::readings(const QString &account, ConsumerGroup g, const QDate &day)
{
    const quint64 h = accountHash(account, 7);
    const int meters = g == ConsumerGroup::Household ? (h % 5 == 0 ? 2 : 1) : int(1 + h % 3);
    const qint64 days = QDate(2020, 1, 1).daysTo(day);
    const double perDay = (g == ConsumerGroup::Household      ? 4.0
                           : g == ConsumerGroup::Entrepreneur ? 30.0
                                                              : 150.0) *
                          (0.5 + double((h >> 8) % 100) / 100.0);
    QList<MeterReading> out;
    for (int i = 0; i < meters; ++i) {
        const quint64 m = accountHash(account, 100 + quint64(i));
        MeterReading r;
        r.meterNumber = QString::number(10'000'000 + m % 90'000'000);
        const qint64 base = qint64(m % 20'000);
        // Every meter runs on by the day, a little faster or slower than the account's mean.
        const qint64 used = qint64(double(days) * perDay * (0.8 + double(i) * 0.15)) + between(0, 3);
        if (m % 3 == 0) { // a two-rate meter: about a third of it at night
            r.dayValue = base + used * 2 / 3;
            r.nightValue = base / 2 + used / 3;
        } else {
            r.dayValue = base + used;
        }
        out.append(r);
    }
    return out;
}

Result<Consultation> FrontOfficeHistory::consultation(const Centre &centre, const QDate &day, const Visit &v,
                                                      const Stage &s, const Visitor &who)
{
    Consultation k;
    k.visitId = v.id;
    k.stageIndex = s.index;
    k.centreId = v.centreId;
    k.staffId = s.staffId;
    k.accountNumber = who.account;
    k.consumerGroup = who.group;
    k.topic = who.topic;
    double followUp = 0.07;
    double appeal = 0.02;
    if (who.followUp) {
        followUp = 0.07;
        appeal = 0.03;
    } else if (k.topic == u"complaint" || k.topic == u"supply_quality") {
        followUp = 0.15;
        appeal = 0.35;
    } else if (k.topic == u"contract") {
        followUp = 0.30;
        appeal = 0.0;
    } else if (k.topic == u"bills" || k.topic == u"restriction") {
        followUp = 0.15;
        appeal = 0.08;
    }
    const double r = uniform();
    k.outcome = r < appeal              ? ConsultationOutcome::AppealRegistered
                : r < appeal + followUp ? ConsultationOutcome::FollowUp
                                        : ConsultationOutcome::Resolved;
    k.notes = topicNote(m_rng, k.topic);
    if (k.outcome == ConsultationOutcome::FollowUp) {
        k.nextVisitDate = workingDayAfter(centre, day, between(1, 8));
        k.notes += k.topic == u"contract" ? u" Требуется представить недостающие документы."_s
                                          : u" Назначено повторное посещение."_s;
    } else if (k.outcome == ConsultationOutcome::AppealRegistered) {
        k.appealNumber = u"Вх-%1-%2"_s.arg(day.year()).arg(v.id, 7, 10, QChar(u'0'));
        k.notes += u" Зарегистрировано письменное обращение, ответ в течение 30 дней."_s;
    }
    if (k.topic == QLatin1StringView(kMeterReadingsTopic))
        k.readings = readings(who.account, who.group, day);
    k.createdAt = std::max(s.finishedAt.addSecs(-between(5, 60)), s.startedAt);
    k.updatedAt = k.createdAt;
    if (auto ok = validate(k, centre, day); !ok)
        return makeError(ErrorCode::Internal, u"generated consultation of visit "_s % QString::number(v.id) %
                                                  u" breaks a rule: "_s % ok.error().message);
    return k;
}

qint64 FrontOfficeHistory::amountKopecks(ConsumerGroup g)
{
    // Log-normal around a median bill per consumer group.
    const double median = g == ConsumerGroup::Household      ? 1800.0
                          : g == ConsumerGroup::Entrepreneur ? 9000.0
                                                             : 45000.0;
    const double sigma = g == ConsumerGroup::Household ? 0.75 : 0.95;
    const double top = g == ConsumerGroup::Household ? 60'000.0 : 3'000'000.0;
    const double roubles =
        std::clamp(std::lognormal_distribution<double>(std::log(median), sigma)(m_rng), 50.0, top);
    qint64 kopecks = std::llround(roubles * 100.0);
    if (uniform() < 0.4)
        kopecks = std::max<qint64>(100, kopecks / 100 * 100); // whole roubles
    return kopecks;
}

Result<Payment> FrontOfficeHistory::payment(const Visit &v, const Stage &s, const Visitor &who)
{
    Payment p;
    p.centreId = v.centreId;
    p.visitId = v.id;
    p.staffId = s.staffId;
    p.deskId = s.deskId;
    p.at = std::max(s.finishedAt.addSecs(-between(5, 40)), s.startedAt);
    p.accountNumber = who.account;
    p.amountKopecks = amountKopecks(who.group);
    p.purpose = paymentPurpose(m_rng);
    const double cashShare = who.group == ConsumerGroup::Household      ? 0.55
                             : who.group == ConsumerGroup::Entrepreneur ? 0.3
                                                                        : 0.1;
    p.method =
        uniform() < cashShare && p.amountKopecks <= 100'000'00 ? PaymentMethod::Cash : PaymentMethod::Card;
    if (p.method == PaymentMethod::Cash) {
        if (uniform() < 0.25) {
            p.tenderedKopecks = p.amountKopecks; // without change
        } else {
            static const qint64 notes[] = {100'00, 500'00, 1000'00, 5000'00};
            const qint64 note = notes[between(0, 3)];
            p.tenderedKopecks = (p.amountKopecks + note - 1) / note * note;
        }
    }
    if (auto ok = preparePayment(p); !ok)
        return makeError(ErrorCode::Internal, u"generated payment of visit "_s % QString::number(v.id) %
                                                  u" breaks a rule: "_s % ok.error().message);
    return p;
}

Result<FrontOfficeDay> FrontOfficeHistory::record(const CentreSetup &setup, const QDate &day,
                                                  const SimulatedDay &sim)
{
    static const QStringList reversalReasons{
        u"Ошибка в сумме платежа"_s, u"Платёж принят на другой лицевой счёт"_s, u"Отказ клиента от платежа"_s,
        u"Повторное проведение платежа"_s};
    const Centre &centre = setup.centre;
    const auto periods = openPeriods(centre, day);
    const auto periodEndOf = [&](const QDateTime &t) {
        for (const auto &[from, to] : periods)
            if (from <= t && t <= to)
                return to;
        return t;
    };
    FrontOfficeDay out;
    QList<Draft> drafts;
    std::map<Id, std::pair<QDateTime, QDateTime>> served; // cash desk → first start, last activity
    for (const Visit &v : sim.visits) {
        const auto found = sim.visitorOf.constFind(v.id);
        if (found == sim.visitorOf.constEnd())
            continue;
        const Visitor &who = *found;
        std::optional<Consultation> consulted;
        for (const Stage &s : v.stages) {
            if (!s.startedAt.isValid() || (s.state != StageState::Done && s.state != StageState::Transferred))
                continue;
            if (s.role == StageRole::Consultant && !who.topic.isEmpty()) {
                auto k = consultation(centre, day, v, s, who);
                if (!k)
                    return k.error();
                consulted = *k;
                out.consultations.append(*k);
                if (m_events)
                    out.events.append(event(events::ConsultationSaved, k->createdAt, k->centreId, k->visitId,
                                            k->staffId, "consultation", protocol::toJson(*k)));
            } else if (s.role == StageRole::Cashier) {
                auto p = payment(v, s, who);
                if (!p)
                    return p.error();
                auto &[first, last] = served[s.deskId];
                if (!first.isValid() || s.startedAt < first)
                    first = s.startedAt;
                last = std::max(last, s.finishedAt);
                drafts.append({*p, -1});
                // Now and then a payment is undone a few minutes later, with a manager's approval.
                if (setup.managerId && uniform() < 0.005) {
                    Payment r = *p;
                    r.at = p->at.addSecs(between(60, 240));
                    if (r.at <= periodEndOf(p->at)) {
                        r.approvedBy = setup.managerId;
                        r.reason = pick(m_rng, reversalReasons);
                        r.tenderedKopecks = 0;
                        r.changeKopecks = 0;
                        last = std::max(last, r.at);
                        drafts.append({r, int(drafts.size() - 1)});
                    }
                }
            }
        }
        // Who comes back.
        if (consulted && consulted->outcome == ConsultationOutcome::FollowUp) {
            if (uniform() < 0.85) {
                const QDate when = uniform() < 0.8
                                       ? consulted->nextVisitDate
                                       : workingDayAfter(centre, consulted->nextVisitDate, between(1, 3));
                out.returns.append(
                    {when, Returner{who.account, who.group, who.priority, who.purpose, who.topic, true}});
            }
        } else if (!v.accountNumber.isEmpty() && v.currentStage() &&
                   v.currentStage()->state == StageState::Done && uniform() < 0.03) {
            const QDate when = workingDayAfter(centre, day.addDays(between(0, 24)), 1);
            out.returns.append({when, Returner{who.account, who.group, who.priority, {}, {}, false}});
        }
    }

    // One shift per cash desk that served anyone, numbered per centre in the order they opened.
    const QDateTime opens = periods.isEmpty() ? QDateTime() : periods.first().first;
    struct DeskShift
    {
        Id deskId;
        QDateTime openedAt, closedAt;
    };
    QList<DeskShift> opened;
    for (const auto &[deskId, span] : served) {
        QDateTime at = span.first.addSecs(-between(10, 90));
        if (opens.isValid())
            at = std::max(at, opens);
        opened.append({deskId, at, span.second.addSecs(between(60, 300))});
    }
    std::stable_sort(opened.begin(), opened.end(),
                     [](const DeskShift &a, const DeskShift &b) { return a.openedAt < b.openedAt; });
    QHash<Id, qsizetype> shiftAt; // desk → index into out.shifts
    for (const DeskShift &d : std::as_const(opened)) {
        CashShift s;
        s.id = ++m_next.shift;
        s.centreId = centre.id;
        s.deskId = d.deskId;
        s.staffId = setup.actorAt.value(d.deskId).staffId;
        s.number = ++m_lastShiftNumber[centre.id];
        s.openedAt = d.openedAt;
        if (m_events)
            out.events.append(event(events::ShiftOpened, s.openedAt, s.centreId, 0, s.staffId, "shift",
                                    protocol::toJson(s)));
        s.closedAt = d.closedAt;
        if (m_events)
            out.events.append(event(events::ShiftClosed, s.closedAt, s.centreId, 0, s.staffId, "shift",
                                    protocol::toJson(s)));
        shiftAt.insert(s.deskId, out.shifts.size());
        out.shifts.append(s);
    }

    // Payments in time order: ids, and receipt numbers within each shift.
    QList<int> order(drafts.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
                     [&](int a, int b) { return drafts[a].payment.at < drafts[b].payment.at; });
    QHash<int, Id> idOf;
    QHash<Id, int> lastReceipt; // shift → last receipt number
    for (int i : std::as_const(order)) {
        Payment p = drafts[i].payment;
        p.id = ++m_next.payment;
        idOf.insert(i, p.id);
        const CashShift &shift = out.shifts[shiftAt.value(p.deskId)];
        p.shiftId = shift.id;
        p.receiptNumber = ++lastReceipt[shift.id];
        if (drafts[i].reverses >= 0)
            p.reversalOf = idOf.value(drafts[i].reverses);
        out.payments.append(p);
        if (m_events)
            out.events.append(event(p.isReversal() ? events::PaymentReversed : events::PaymentRecorded, p.at,
                                    p.centreId, p.visitId, p.staffId, "payment", protocol::toJson(p)));
    }
    return out;
}

} // namespace okno::history
