#include "DaySimulation.h"

#include "ArrivalProfile.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace okno::history {

using namespace Qt::StringLiterals;

namespace {

// No new call this close to lunch or closing: the called visitor's walk-up, or two calls and a
// no-show, must fit before the break.
constexpr qint64 kLastCallMarginSecs = 240;

} // namespace

QList<std::pair<QDateTime, QDateTime>> openPeriods(const Centre &centre, const QDate &day)
{
    const DayHours hours = centre.schedule.hoursOn(day);
    if (!hours.open)
        return {};
    const auto at = [&](const QTime &t) { return QDateTime(day, t, centre.schedule.timeZone()).toUTC(); };
    if (hours.hasLunch() && hours.opens < hours.lunchStart && hours.lunchEnd < hours.closes)
        return {{at(hours.opens), at(hours.lunchStart)}, {at(hours.lunchEnd), at(hours.closes)}};
    return {{at(hours.opens), at(hours.closes)}};
}

DaySimulation::DaySimulation(QueueEngine &engine, ManualClock &clock, std::mt19937 &rng,
                             const CentreSetup &setup, bool events)
    : m_engine(engine)
    , m_visits(engine)
    , m_clock(clock)
    , m_rng(rng)
    , m_setup(setup)
    , m_events(events)
{
    m_visits.setEvents(events);
}

QDateTime DaySimulation::periodEnd(const QDateTime &t) const
{
    for (const auto &[from, to] : m_periods)
        if (from <= t && t < to)
            return to;
    return {};
}

SimulatedDay DaySimulation::run(const QDate &day, int meanVisits, const QList<Visitor> &returning,
                                VisitorMix &mix)
{
    const Centre &centre = m_setup.centre;
    m_periods = openPeriods(centre, day);
    if (m_periods.isEmpty())
        return {};
    const QDateTime opens = m_periods.first().first;
    const QDateTime closes = m_periods.last().second;
    m_clock.set(opens);
    // The history keeps desks' configuration, not their state: desk events are not kept.
    for (const Desk &d : m_setup.desks)
        (void)m_visits.openDesk(d.id, m_setup.actorAt.value(d.id).staffId);

    // Arrivals: a Poisson process thinned by the hour's weight; 9 in 10 of those who would come
    // in the lunch break stay away, the others wait at the door.
    qint64 openSecs = 0;
    for (const auto &[from, to] : m_periods)
        openSecs += from.secsTo(to);
    const double peakRate =
        meanVisits / std::max(double(openSecs) / 3600.0, 1.0) * 1.5 / 3600.0; // per second
    std::exponential_distribution<double> gap(peakRate);
    QList<QDateTime> arrivals;
    for (QDateTime t = opens;;) {
        t = t.addMSecs(qint64(gap(m_rng) * 1000.0));
        if (t >= closes)
            break;
        const int hour = centre.schedule.toLocal(t).time().hour();
        if (uniform() * maxArrivalWeight() > arrivalWeight(hour))
            continue;
        if (!periodEnd(t).isValid() && uniform() < 0.9)
            continue;
        arrivals.append(t);
    }
    // Those who come back take the place of new arrivals, at random times of the day.
    QList<int> slotOf(arrivals.size(), -1);
    QList<int> free(arrivals.size());
    std::iota(free.begin(), free.end(), 0);
    for (const Visitor &r : returning) {
        m_visitors.append(r);
        if (!free.isEmpty()) {
            const qsizetype i = std::uniform_int_distribution<qsizetype>(0, free.size() - 1)(m_rng);
            slotOf[free[i]] = int(m_visitors.size() - 1);
            free.removeAt(i);
        } else {
            const qint64 span = opens.msecsTo(closes);
            schedule(opens.addMSecs(std::uniform_int_distribution<qint64>(0, span - 1)(m_rng)),
                     {Kind::Arrive, int(m_visitors.size() - 1), 0, 0});
        }
    }
    for (qsizetype i = 0; i < arrivals.size(); ++i) {
        if (slotOf[i] < 0) {
            m_visitors.append(mix.newVisitor());
            slotOf[i] = int(m_visitors.size() - 1);
        }
        schedule(arrivals[i], {Kind::Arrive, slotOf[i], 0, 0});
    }
    for (qsizetype i = 1; i < m_periods.size(); ++i)
        schedule(m_periods[i].first, {Kind::Tick, -1, 0, 0}); // back from lunch: call the waiting
    while (!m_queue.empty()) {
        auto it = m_queue.begin();
        const QDateTime when = it->first;
        const SimEvent e = it->second;
        m_queue.erase(it);
        m_clock.set(when);
        handle(e);
        dispatch();
    }

    // The day ends: what is left is closed as the live server closes it.
    m_clock.set(QDateTime(day.addDays(1), QTime(0, 30), centre.schedule.timeZone()));
    QList<app::VisitDone> expired = m_visits.expireStale();
    std::sort(expired.begin(), expired.end(),
              [](const app::VisitDone &a, const app::VisitDone &b) { return a.visit.id < b.visit.id; });
    for (const app::VisitDone &v : std::as_const(expired)) {
        m_changed.insert(v.visit.id, v.visit);
        if (m_events)
            m_log += v.change.events;
    }
    (void)m_visits.closeIdleAfterHours();

    SimulatedDay out;
    out.visits = m_changed.values();
    std::sort(out.visits.begin(), out.visits.end(),
              [](const Visit &a, const Visit &b) { return a.id < b.id; });
    for (auto it = m_visitorOf.cbegin(); it != m_visitorOf.cend(); ++it)
        out.visitorOf.insert(it.key(), m_visitors[it.value()]);
    out.events = std::move(m_log);
    return out;
}

void DaySimulation::note(const Result<app::VisitDone> &r)
{
    if (!r)
        return;
    const Visit &v = r->visit;
    m_changed.insert(v.id, v);
    // Who waits where, and who is at which desk, so that a free desk asks the engine only when
    // someone waits for it.
    if (auto w = m_waitingQueueOf.find(v.id); w != m_waitingQueueOf.end()) {
        --m_waitingIn[*w];
        m_waitingQueueOf.erase(w);
    }
    const Stage *s = v.currentStage();
    if (s && s->state == StageState::Waiting) {
        m_waitingQueueOf.insert(v.id, s->queueId);
        ++m_waitingIn[s->queueId];
    }
    for (auto d = m_atDesk.begin(); d != m_atDesk.end(); ++d)
        if (*d == v.id) {
            m_atDesk.erase(d);
            break;
        }
    if (s && (s->state == StageState::Called || s->state == StageState::InService))
        m_atDesk.insert(s->deskId, v.id);
    if (m_events)
        m_log += r->change.events;
}

qint64 DaySimulation::serviceSecs(StageRole role)
{
    const double norm = m_setup.centre.norms.of(role).serviceMinutes * 60.0;
    // Log-normal around 70 % of the norm: most services are quick, some run long.
    std::lognormal_distribution<double> d(std::log(norm * 0.7), 0.45);
    return qint64(std::clamp(d(m_rng), 45.0, std::max(norm * 3.0, 45.0)));
}

void DaySimulation::handle(const SimEvent &e)
{
    const QDateTime now = m_clock.now();
    switch (e.kind) {
    case Kind::Arrive: {
        const Visitor &p = m_visitors[e.visitor];
        const Queue *first = m_engine.queue(p.queues.first());
        IssueRequest r;
        r.centreId = m_setup.centre.id;
        r.queueId = first->id;
        r.purpose = p.purpose;
        r.priority = p.priority;
        r.accountNumber = p.accountOnTicket ? p.account : QString();
        const bool atReception = first->role == StageRole::Administrator;
        r.channel = atReception ? u"reception"_s : u"kiosk"_s;
        r.createdBy = atReception ? m_setup.receptionistId : 0;
        auto v = m_visits.issue(r);
        if (!v) {
            // Lunch: come back after it. Past the cut-off: go home.
            if (m_setup.centre.schedule.statusAt(now) == CentreStatus::Lunch)
                if (auto next = m_setup.centre.schedule.nextOpening(now))
                    schedule(next->addSecs(std::uniform_int_distribution<int>(0, 600)(m_rng)), e);
            return;
        }
        m_visitorOf.insert(v->visit.id, e.visitor);
        note(v);
        // Some visitors give up and leave before being called.
        if (uniform() < 0.02)
            schedule(now.addSecs(std::uniform_int_distribution<int>(300, 1800)(m_rng)),
                     {Kind::Leave, -1, v->visit.id, 0});
        return;
    }
    case Kind::Tick:
        return;
    case Kind::Leave: {
        const Visit *v = m_engine.visit(e.visitId);
        if (!v || !v->currentStage() || v->currentStage()->state != StageState::Waiting)
            return;
        if (!periodEnd(now).isValid()) {
            // Nobody leaves a closed centre's queue at lunch: they decide after it.
            for (const auto &[from, to] : std::as_const(m_periods))
                if (now < from) {
                    schedule(from.addSecs(std::uniform_int_distribution<int>(0, 600)(m_rng)), e);
                    break;
                }
            return;
        }
        note(m_visits.cancel(Actor{m_setup.receptionistId, Role::Administrator, 0}, e.visitId,
                             u"ушёл, не дождавшись"_s));
        return;
    }
    case Kind::WalkUp: {
        const Actor a = m_setup.actorAt.value(e.deskId);
        auto v = m_visits.start(a, e.visitId);
        note(v);
        if (v) {
            // A service still running at lunch or closing is wrapped up then.
            const QDateTime end = periodEnd(now);
            qint64 secs = serviceSecs(v->visit.currentStage()->role);
            if (end.isValid())
                secs = std::min(secs, now.secsTo(end));
            schedule(now.addSecs(secs), {Kind::Finish, -1, e.visitId, e.deskId});
        }
        return;
    }
    case Kind::Recall: {
        const Actor a = m_setup.actorAt.value(e.deskId);
        note(m_visits.recall(a, e.visitId));
        return;
    }
    case Kind::NoShow: {
        const Actor a = m_setup.actorAt.value(e.deskId);
        note(m_visits.noShow(a, e.visitId));
        return;
    }
    case Kind::Finish: {
        const Visit *v = m_engine.visit(e.visitId);
        if (!v)
            return;
        const Actor a = m_setup.actorAt.value(e.deskId);
        const Visitor &p = m_visitors[m_visitorOf.value(e.visitId)];
        const int next = int(v->stages.size());
        if (next < p.queues.size())
            note(m_visits.route(a, e.visitId, p.queues[next], {}));
        else
            note(m_visits.finish(a, e.visitId));
        return;
    }
    }
}

// Every free desk calls the next ticket, if someone waits for it and there is time before the break.
void DaySimulation::dispatch()
{
    const QDateTime now = m_clock.now();
    const QDateTime end = periodEnd(now);
    if (!end.isValid())
        return;
    const qint64 left = now.secsTo(end);
    for (const Desk &d : m_setup.desks) {
        if (m_atDesk.contains(d.id))
            continue;
        const Actor a = m_setup.actorAt.value(d.id);
        if (const auto role = stageRoleOf(a.role);
            left < std::max<qint64>(kLastCallMarginSecs,
                                    role ? m_setup.centre.norms.of(*role).serviceMinutes * 30 : 0))
            continue;
        if (std::none_of(d.queueIds.cbegin(), d.queueIds.cend(),
                         [this](Id q) { return m_waitingIn.value(q) > 0; }))
            continue;
        auto called = m_visits.callNext(a);
        if (!called)
            continue;
        note(called);
        const Visit *v = &called->visit;
        if (uniform() < 0.04) {
            // Called twice, never came.
            schedule(now.addSecs(90), {Kind::Recall, -1, v->id, d.id});
            schedule(now.addSecs(180), {Kind::NoShow, -1, v->id, d.id});
        } else {
            schedule(now.addSecs(std::uniform_int_distribution<int>(15, 90)(m_rng)),
                     {Kind::WalkUp, -1, v->id, d.id});
        }
    }
}

} // namespace okno::history
