#include "FrontOfficeHistory.h"

#include "DaySimulation.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>

namespace okno::history {

using namespace Qt::StringLiterals;

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
    , m_events(events)
    , m_office(m_clock)
{
    m_office.setLastShiftNumbers(std::move(lastShiftNumbers));
}

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

Result<app::ConsultationDone> FrontOfficeHistory::consultation(const Centre &centre, const QDate &day,
                                                               const Visit &v, const Stage &s,
                                                               const Visitor &who)
{
    Consultation k;
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
    // Saved by the consultant shortly before the end of the service.
    m_clock.set(std::max(s.finishedAt.addSecs(-between(5, 60)), s.startedAt));
    auto saved = m_office.saveConsultation(k, v, centre, s.staffId, s.deskId, {});
    if (!saved)
        return makeError(ErrorCode::Internal, u"generated consultation of visit "_s % QString::number(v.id) %
                                                  u" breaks a rule: "_s % saved.error().message);
    return saved;
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

Payment FrontOfficeHistory::payment(const Visit &v, const Stage &s, const Visitor &who)
{
    Payment p;
    p.visitId = v.id;
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
    m_office.setShiftIds(IdRange(m_next.shift + 1, m_shiftEnd));
    m_office.setPaymentIds(IdRange(m_next.payment + 1, m_paymentEnd));
    FrontOfficeDay out;
    const auto keep = [&](const app::Change &change) {
        if (m_events)
            out.events += change.events;
    };
    QList<Draft> drafts;
    QHash<Id, const Visit *> visitById;
    std::map<Id, std::pair<QDateTime, QDateTime>> served; // cash desk → first start, last activity
    for (const Visit &v : sim.visits) {
        const auto found = sim.visitorOf.constFind(v.id);
        if (found == sim.visitorOf.constEnd())
            continue;
        visitById.insert(v.id, &v);
        const Visitor &who = *found;
        std::optional<Consultation> consulted;
        for (const Stage &s : v.stages) {
            if (!s.startedAt.isValid() || (s.state != StageState::Done && s.state != StageState::Transferred))
                continue;
            if (s.role == StageRole::Consultant && !who.topic.isEmpty()) {
                auto k = consultation(centre, day, v, s, who);
                if (!k)
                    return k.error();
                consulted = k->consultation;
                out.consultations.append(k->consultation);
                keep(k->change);
            } else if (s.role == StageRole::Cashier) {
                const Payment p = payment(v, s, who);
                auto &[first, last] = served[s.deskId];
                if (!first.isValid() || s.startedAt < first)
                    first = s.startedAt;
                last = std::max(last, s.finishedAt);
                drafts.append({p, -1, {}});
                // Now and then a payment is undone a few minutes later, with a manager's approval.
                if (setup.managerId && uniform() < 0.005) {
                    Payment r;
                    r.deskId = p.deskId;
                    r.at = p.at.addSecs(between(60, 240));
                    if (r.at <= periodEndOf(p.at)) {
                        last = std::max(last, r.at);
                        drafts.append({r, int(drafts.size() - 1), pick(m_rng, reversalReasons)});
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

    // The cash desks' day in time order: one shift per cash desk that served anyone, opened just
    // before its first service and closed a few minutes after its last; the payments and
    // reversals between. Equal instants: open, pay, reverse, close.
    enum Rank
    {
        Open,
        Pay,
        Reverse,
        Close
    };
    struct Step
    {
        QDateTime at;
        Rank rank;
        Id deskId;
        int draft = -1;
    };
    QList<Step> steps;
    const QDateTime opens = periods.isEmpty() ? QDateTime() : periods.first().first;
    for (const auto &[deskId, span] : served) {
        QDateTime at = span.first.addSecs(-between(10, 90));
        if (opens.isValid())
            at = std::max(at, opens);
        steps.append({at, Open, deskId});
        steps.append({span.second.addSecs(between(60, 300)), Close, deskId});
    }
    for (qsizetype i = 0; i < drafts.size(); ++i)
        steps.append(
            {drafts[i].payment.at, drafts[i].reverses < 0 ? Pay : Reverse, drafts[i].payment.deskId, int(i)});
    std::stable_sort(steps.begin(), steps.end(), [](const Step &a, const Step &b) {
        return a.at != b.at ? a.at < b.at : a.rank < b.rank;
    });
    QHash<Id, Desk> desks; // as they are during the day: open, with their cashier
    for (Desk d : setup.desks) {
        d.state = DeskState::Open;
        d.staffId = setup.actorAt.value(d.id).staffId;
        desks.insert(d.id, d);
    }
    QHash<Id, qsizetype> shiftAt; // desk → index into out.shifts
    QHash<int, Payment> recorded; // draft → its payment
    const auto broken = [](const QString &what, const Error &e) {
        return makeError(ErrorCode::Internal, u"generated "_s % what % u" breaks a rule: "_s % e.message);
    };
    for (const Step &step : std::as_const(steps)) {
        m_clock.set(step.at);
        const Desk *desk = desks.contains(step.deskId) ? &desks[step.deskId] : nullptr;
        const Id cashier = desk ? desk->staffId : 0;
        switch (step.rank) {
        case Open: {
            auto shift = m_office.openShift(desk, cashier);
            if (!shift)
                return broken(u"cash shift"_s, shift.error());
            shiftAt.insert(step.deskId, out.shifts.size());
            out.shifts.append(shift->shift);
            keep(shift->change);
            break;
        }
        case Pay: {
            const Payment &draft = drafts[step.draft].payment;
            const Visit *v = visitById.value(draft.visitId);
            auto paid =
                m_office.recordPayment(draft, desk, cashier, v ? std::optional<Visit>(*v) : std::nullopt);
            if (!paid)
                return broken(u"payment of visit "_s % QString::number(draft.visitId), paid.error());
            recorded.insert(step.draft, paid->payment);
            out.payments.append(paid->payment);
            keep(paid->change);
            break;
        }
        case Reverse: {
            const Draft &d = drafts[step.draft];
            const Payment original = recorded.value(d.reverses);
            if (auto held = m_office.holdReversal(original, desk, cashier, false); !held)
                return broken(u"reversal of payment "_s % QString::number(original.id), held.error());
            auto reversal = m_office.reverse(original, d.reason, setup.managerId, desk, cashier);
            if (!reversal)
                return broken(u"reversal of payment "_s % QString::number(original.id), reversal.error());
            out.payments.append(reversal->payment);
            keep(reversal->change);
            break;
        }
        case Close: {
            auto closed = m_office.closeShift(step.deskId, cashier);
            if (!closed)
                return broken(u"cash shift"_s, closed.error());
            out.shifts[shiftAt.value(step.deskId)] = closed->shift;
            keep(closed->change);
            break;
        }
        }
    }
    m_next.shift = m_office.lastShiftId();
    m_next.payment = m_office.lastPaymentId();
    return out;
}

} // namespace okno::history
