#include "HistoryGenerator.h"

#include <core/Clock.h>
#include <core/QueueEngine.h>
#include <protocol/Codec.h>
#include <storage/Database.h>

#include <QJsonDocument>

#include <cmath>
#include <map>
#include <random>

namespace okno {

using namespace Qt::StringLiterals;

namespace {

// Arrivals per hour of day relative to the mean: a morning peak and an after-lunch one.
double hourWeight(int hour)
{
    switch (hour) {
    case 8:
        return 1.1;
    case 9:
        return 1.5;
    case 10:
        return 1.4;
    case 11:
        return 1.0;
    case 13:
        return 1.3;
    case 14:
        return 1.2;
    case 15:
        return 0.9;
    case 16:
        return 0.5;
    default:
        return 0.0;
    }
}

struct Plan
{
    QList<StageRole> stages; // the queues the visitor will pass through, in order
    QString priority;
    QString account;
    QString purpose;
};

enum class Kind
{
    Arrive,
    Tick,
    WalkUp,
    Recall,
    NoShow,
    Finish
};

struct LogEntry
{
    QString type;
    QDateTime at;
    Visit visit;
};

struct SimEvent
{
    Kind kind = Kind::Tick;
    int visitor = -1; // index into plans (Arrive)
    Id visitId = 0;
    Id deskId = 0;
};

class DaySimulation
{
public:
    DaySimulation(QueueEngine &engine, ManualClock &clock, std::mt19937 &rng, const Centre &centre,
                  const QHash<StageRole, Id> &queueOf, const QList<Desk> &desks, const QHash<Id, Id> &staffAt)
        : m_engine(engine)
        , m_clock(clock)
        , m_rng(rng)
        , m_centre(centre)
        , m_queueOf(queueOf)
        , m_desks(desks)
        , m_staffAt(staffAt)
    {}

    // Simulates one working day; returns the visits changed, in the order of their last change.
    QHash<Id, Visit> run(const QDate &day, int meanVisits, QList<LogEntry> *log)
    {
        m_log = log;
        const DayHours hours = m_centre.schedule.hoursOn(day);
        if (!hours.open)
            return {};
        const auto at = [&](const QTime &t) {
            return QDateTime(day, t, m_centre.schedule.timeZone()).toUTC();
        };
        const QDateTime opens = at(hours.opens);
        const QDateTime closes = at(hours.closes);
        for (const Desk &d : m_desks) {
            m_clock.set(opens);
            (void)m_engine.openDesk(d.id, m_staffAt.value(d.id));
        }
        // Arrivals: a Poisson process thinned by the hour's weight.
        const double openHours = double(opens.secsTo(closes)) / 3600.0 - (hours.hasLunch() ? 1.0 : 0.0);
        const double peakRate = meanVisits / std::max(openHours, 1.0) * 1.5 / 3600.0; // per second
        std::exponential_distribution<double> gap(peakRate);
        std::uniform_real_distribution<double> u(0.0, 1.0);
        for (QDateTime t = opens;;) {
            t = t.addMSecs(qint64(gap(m_rng) * 1000.0));
            if (t >= closes)
                break;
            const int hour = m_centre.schedule.toLocal(t).time().hour();
            if (u(m_rng) * 1.5 > hourWeight(hour))
                continue;
            m_plans.append(makePlan());
            schedule(t, {Kind::Arrive, int(m_plans.size() - 1), 0, 0});
        }
        if (hours.hasLunch())
            schedule(at(hours.lunchEnd), {Kind::Tick, -1, 0, 0});
        while (!m_queue.empty()) {
            auto it = m_queue.begin();
            const QDateTime when = it->first;
            const SimEvent e = it->second;
            m_queue.erase(it);
            m_clock.set(when);
            handle(e);
            dispatch();
        }
        return m_changed;
    }

private:
    Plan makePlan()
    {
        std::uniform_real_distribution<double> u(0.0, 1.0);
        Plan p;
        const double r = u(m_rng);
        if (r < 0.8) {
            p.stages.append(StageRole::Administrator);
            const double next = u(m_rng);
            if (next < 0.55)
                p.stages.append(StageRole::Consultant);
            else if (next < 0.85)
                p.stages.append(StageRole::Cashier);
        } else {
            p.stages.append(u(m_rng) < 0.6 ? StageRole::Consultant : StageRole::Cashier);
        }
        if (p.stages.last() == StageRole::Consultant && u(m_rng) < 0.4)
            p.stages.append(StageRole::Cashier);
        const double pr = u(m_rng);
        if (pr < 0.03)
            p.priority = u"disabled"_s;
        else if (pr < 0.06)
            p.priority = u"veteran"_s;
        else if (pr < 0.08)
            p.priority = u"vulnerable"_s;
        if (u(m_rng) < 0.7) {
            // A pool of accounts per centre, so the same people come back (repeat visits).
            std::uniform_int_distribution<int> acc(1, 4000);
            p.account = QString::number(m_centre.id * 1'000'000 + acc(m_rng)).rightJustified(10, u'0');
        }
        static const QStringList purposes{
            u"Оплата"_s, u"Показания счётчика"_s,     u"Перерасчёт"_s, u"Договор"_s, u"Справка"_s,
            u"Жалоба"_s, u"Консультация по тарифам"_s};
        p.purpose = purposes[std::uniform_int_distribution<int>(0, int(purposes.size()) - 1)(m_rng)];
        return p;
    }

    void schedule(const QDateTime &t, SimEvent e) { m_queue.emplace(t, e); }

    void note(const Result<Visit> &r, const char *type)
    {
        if (!r)
            return;
        m_changed.insert(r->id, *r);
        if (m_log)
            m_log->append({QString::fromLatin1(type), m_clock.now(), *r});
    }

    Actor actorAt(Id deskId) const
    {
        Role role = Role::Consultant;
        for (const Desk &d : m_desks)
            if (d.id == deskId)
                for (auto it = m_queueOf.cbegin(); it != m_queueOf.cend(); ++it)
                    if (d.queueIds.contains(it.value()))
                        role = it.key() == StageRole::Administrator ? Role::Administrator
                               : it.key() == StageRole::Cashier     ? Role::Cashier
                                                                    : Role::Consultant;
        return Actor{m_staffAt.value(deskId), role, deskId};
    }

    qint64 serviceSecs(StageRole role)
    {
        const double norm = m_centre.norms.of(role).serviceMinutes * 60.0;
        // Log-normal around 70 % of the norm: most services are quick, some run long.
        std::lognormal_distribution<double> d(std::log(norm * 0.7), 0.45);
        return qint64(std::clamp(d(m_rng), 45.0, norm * 3.0));
    }

    void handle(const SimEvent &e)
    {
        std::uniform_real_distribution<double> u(0.0, 1.0);
        const QDateTime now = m_clock.now();
        switch (e.kind) {
        case Kind::Arrive: {
            const Plan &p = m_plans[e.visitor];
            IssueRequest r;
            r.centreId = m_centre.id;
            r.queueId = m_queueOf.value(p.stages.first());
            r.purpose = p.purpose;
            r.priority = p.priority;
            r.accountNumber = p.account;
            r.channel = p.stages.first() == StageRole::Administrator ? u"reception"_s : u"kiosk"_s;
            auto v = m_engine.issue(r);
            if (!v) {
                // Lunch: come back after it. Past the cut-off: go home.
                if (m_centre.schedule.statusAt(now) == CentreStatus::Lunch)
                    if (auto next = m_centre.schedule.nextOpening(now))
                        schedule(next->addSecs(std::uniform_int_distribution<int>(0, 600)(m_rng)), e);
                return;
            }
            m_planOf.insert(v->id, e.visitor);
            note(v, "visit.issued");
            // Some visitors give up and leave before being called.
            if (u(m_rng) < 0.02)
                schedule(now.addSecs(std::uniform_int_distribution<int>(300, 1800)(m_rng)),
                         {Kind::Tick, -2, v->id, 0});
            return;
        }
        case Kind::Tick:
            if (e.visitor == -2) { // a visitor leaving the queue
                const Visit *v = m_engine.visit(e.visitId);
                if (v && v->currentStage() && v->currentStage()->state == StageState::Waiting)
                    note(m_engine.cancel(Actor{0, Role::Administrator, 0}, e.visitId,
                                         u"ушёл, не дождавшись"_s),
                         "visit.cancelled");
            }
            return;
        case Kind::WalkUp: {
            auto v = m_engine.start(actorAt(e.deskId), e.visitId);
            note(v, "visit.started");
            if (v)
                schedule(now.addSecs(serviceSecs(v->currentStage()->role)),
                         {Kind::Finish, -1, e.visitId, e.deskId});
            return;
        }
        case Kind::Recall:
            note(m_engine.recall(actorAt(e.deskId), e.visitId), "visit.recalled");
            return;
        case Kind::NoShow:
            note(m_engine.noShow(actorAt(e.deskId), e.visitId), "visit.noShow");
            return;
        case Kind::Finish: {
            const Visit *v = m_engine.visit(e.visitId);
            if (!v)
                return;
            const Plan &p = m_plans[m_planOf.value(e.visitId)];
            const int next = int(v->stages.size());
            if (next < p.stages.size())
                note(m_engine.route(actorAt(e.deskId), e.visitId, m_queueOf.value(p.stages[next]), {}),
                     "visit.routed");
            else
                note(m_engine.finish(actorAt(e.deskId), e.visitId), "visit.finished");
            return;
        }
        }
    }

    // Every free desk calls the next ticket.
    void dispatch()
    {
        std::uniform_real_distribution<double> u(0.0, 1.0);
        const QDateTime now = m_clock.now();
        for (const Desk &d : m_desks) {
            if (m_engine.visitAtDesk(d.id))
                continue;
            auto v = m_engine.callNext(actorAt(d.id));
            if (!v)
                continue;
            note(v, "visit.called");
            if (u(m_rng) < 0.04) {
                // Called twice, never came.
                schedule(now.addSecs(90), {Kind::Recall, -1, v->id, d.id});
                schedule(now.addSecs(180), {Kind::NoShow, -1, v->id, d.id});
            } else {
                schedule(now.addSecs(std::uniform_int_distribution<int>(15, 90)(m_rng)),
                         {Kind::WalkUp, -1, v->id, d.id});
            }
        }
    }

    QueueEngine &m_engine;
    ManualClock &m_clock;
    std::mt19937 &m_rng;
    const Centre &m_centre;
    QHash<StageRole, Id> m_queueOf;
    QList<Desk> m_desks;
    QHash<Id, Id> m_staffAt;
    QList<Plan> m_plans;
    QHash<Id, int> m_planOf;
    std::multimap<QDateTime, SimEvent> m_queue;
    QHash<Id, Visit> m_changed;
    QList<LogEntry> *m_log = nullptr;
};

} // namespace

Result<HistorySummary> generateHistory(const HistoryOptions &o)
{
    if (!o.from.isValid() || !o.to.isValid() || o.from > o.to)
        return makeError(ErrorCode::InvalidArgument, u"give a valid period: from ≤ to"_s);
    if (o.centres < 1 || o.centres > 50)
        return makeError(ErrorCode::InvalidArgument, u"centres must be 1–50"_s);
    if (o.visitsPerDay < 1 || o.visitsPerDay > 2000)
        return makeError(ErrorCode::InvalidArgument, u"visits per day must be 1–2000"_s);
    auto opened = Database::open(o.database);
    if (!opened)
        return opened.error();
    Database &db = **opened;
    auto ids = db.maxIds();
    if (!ids)
        return ids.error();
    MaxIds next = *ids;
    auto centres = db.loadCentres();
    auto queues = db.loadQueues();
    auto desks = db.loadDesks();
    auto staff = db.loadStaff();
    if (!centres || !queues || !desks || !staff)
        return makeError(ErrorCode::Unavailable, u"cannot read the organisation from the database"_s);

    ManualClock clock;
    QueueEngine engine(clock);
    engine.setNextVisitId(next.visit + 1);
    QList<Centre> mine;
    WriteBatch setup;
    for (int i = 1; i <= o.centres; ++i) {
        const QString code = u"GEN-"_s + QString::number(i);
        auto found =
            std::find_if(centres->cbegin(), centres->cend(), [&](const Centre &c) { return c.code == code; });
        if (found != centres->cend()) {
            mine.append(*found);
            continue;
        }
        static const QStringList towns{u"Саранск"_s,  u"Рузаевка"_s, u"Ковылкино"_s, u"Краснослободск"_s,
                                       u"Темников"_s, u"Ардатов"_s,  u"Инсар"_s,     u"Торбеево"_s};
        Centre c;
        c.id = ++next.centre;
        c.code = code;
        c.name = u"ЦОК "_s + towns[(i - 1) % towns.size()] +
                 (i > towns.size() ? u" "_s + QString::number(i) : QString());
        c.address =
            u"г. "_s + towns[(i - 1) % towns.size()] + u", ул. Советская, "_s + QString::number(10 + i);
        c.phone = u"8-800-100-00-00"_s;
        setup.putCentre(c);
        mine.append(c);
        const QList<std::tuple<QString, QString, QString, StageRole>> qs{
            {u"reception"_s, u"Администратор"_s, u"А"_s, StageRole::Administrator},
            {u"consult"_s, u"Консультация"_s, u"К"_s, StageRole::Consultant},
            {u"cash"_s, u"Касса"_s, u"О"_s, StageRole::Cashier}};
        QList<Id> qids;
        for (const auto &[qc, qn, qp, role] : qs) {
            Queue q{++next.queue, c.id, qc, qn, qp, role, true};
            setup.putQueue(q);
            queues->append(q);
            qids.append(q.id);
        }
        // One administrator at the door, three consultants, two cash desks.
        const QList<std::pair<int, int>> deskQueue{{1, 0}, {2, 1}, {3, 1}, {4, 1}, {5, 2}, {6, 2}};
        static const QStringList names{u"Иванова Мария Петровна"_s,    u"Петров Алексей Сергеевич"_s,
                                       u"Сидорова Елена Викторовна"_s, u"Никитин Павел Андреевич"_s,
                                       u"Кузнецова Ольга Ивановна"_s,  u"Морозова Анна Дмитриевна"_s};
        for (const auto &[number, qi] : deskQueue) {
            Desk d;
            d.id = ++next.desk;
            d.centreId = c.id;
            d.number = number;
            d.name = u"Окно "_s + QString::number(number);
            d.queueIds = {qids[qi]};
            setup.putDesk(d);
            desks->append(d);
            const Role role = qi == 0 ? Role::Administrator : qi == 1 ? Role::Consultant : Role::Cashier;
            Staff s{++next.staff,
                    c.id,
                    u"gen"_s + QString::number(c.id) + u"-"_s + QString::number(number),
                    names[number - 1],
                    roleTitleRu(role),
                    role,
                    true};
            setup.putStaff(s); // no password: history staff cannot log in
            staff->append(s);
        }
    }
    if (!setup.isEmpty())
        if (auto s = db.apply(setup); !s)
            return s.error();

    HistorySummary summary;
    summary.centres = int(mine.size());
    std::mt19937 rng(o.seed);
    for (const Centre &c : mine)
        engine.putCentre(c);
    for (const Queue &q : *queues)
        engine.putQueue(q);
    for (const Desk &d : *desks)
        engine.putDesk(d);
    for (QDate day = o.from; day <= o.to; day = day.addDays(1)) {
        bool worked = false;
        WriteBatch batch;
        for (const Centre &c : mine) {
            if (!c.schedule.hoursOn(day).open)
                continue;
            worked = true;
            // Continue the day's numbering if the database already has tickets that day.
            if (auto numbers = db.maxTicketNumbers(day))
                for (auto it = numbers->cbegin(); it != numbers->cend(); ++it)
                    engine.noteTicketNumber(it.key(), day, it.value());
            QHash<StageRole, Id> queueOf;
            for (const Queue &q : *queues)
                if (q.centreId == c.id)
                    queueOf.insert(q.role, q.id);
            QList<Desk> centreDesks;
            QHash<Id, Id> staffAt;
            for (const Desk &d : *desks)
                if (d.centreId == c.id) {
                    centreDesks.append(d);
                    for (const Staff &s : *staff)
                        if (s.centreId == c.id && s.login.endsWith(u"-"_s + QString::number(d.number)))
                            staffAt.insert(d.id, s.id);
                }
            QList<LogEntry> log;
            DaySimulation sim(engine, clock, rng, c, queueOf, centreDesks, staffAt);
            const QHash<Id, Visit> changed = sim.run(day, o.visitsPerDay, o.events ? &log : nullptr);
            // The day ends: what is left is closed as the live server closes it.
            clock.set(QDateTime(day.addDays(1), QTime(0, 30), c.schedule.timeZone()));
            QHash<Id, Visit> final = changed;
            for (const Visit &v : engine.expireStaleVisits()) {
                final.insert(v.id, v);
                if (o.events)
                    log.append({u"visit.expired"_s, clock.now(), v});
            }
            (void)
                engine.closeIdleDesksAfterHours(); // the history keeps desks' configuration, not their state
            for (const Visit &v : std::as_const(final)) {
                batch.putVisit(v);
                ++summary.visits;
                summary.stages += v.stages.size();
            }
            for (const LogEntry &entry : std::as_const(log)) {
                Event e;
                e.seq = ++next.eventSeq;
                e.at = entry.at;
                e.type = entry.type;
                e.centreId = entry.visit.centreId;
                e.visitId = entry.visit.id;
                e.payload = QJsonDocument(QJsonObject{{u"visit"_s, protocol::toJson(entry.visit)}})
                                .toJson(QJsonDocument::Compact);
                batch.appendEvent(e);
                ++summary.events;
            }
        }
        if (!worked)
            continue;
        ++summary.days;
        if (auto s = db.apply(batch); !s)
            return s.error();
        if (o.progress)
            o.progress(day.toString(Qt::ISODate) % u": "_s % QString::number(summary.visits) %
                       u" visits so far"_s);
    }
    return summary;
}

} // namespace okno
