// The queue engine answers positions, forecasts, the desk's current visitor, the open visits and
// the next call from indexes it keeps as the day changes (issue 11: no whole-day walks). Here a
// long random day of every operation is played on the fixture, and after each step every answer
// is compared with the same answer worked out by brute force from all the visits the engine holds
// — the rules as docs/domain.md states them, written again here without the engine's indexes.

#include "CoreTestSupport.h"

#include "core/QueuePolicy.h"

#include <QSet>

#include <algorithm>
#include <random>
#include <tuple>

using namespace okno;
using namespace okno::test;
using namespace Qt::StringLiterals;

namespace {

using F = CentreFixture;

// Two more desks that serve two queues each, so that calls choose between queues.
constexpr Id kAdminConsultDesk = 4, kConsultCashDesk = 5;

struct Oracle
{
    const F &f;
    const QList<Id> &ids; // every visit ever issued, in order

    QList<const Visit *> held() const
    {
        QList<const Visit *> out;
        for (Id id : ids)
            if (const Visit *v = f.engine.visit(id))
                out.append(v);
        return out;
    }

    static bool waiting(const Visit &v)
    {
        const Stage *s = v.currentStage();
        return s && s->state == StageState::Waiting;
    }

    QDate today() const { return f.engine.centre(F::kCentre)->schedule.localDate(f.clock.now()); }

    int openDesksFor(Id queueId) const
    {
        int n = 0;
        for (const Desk &d : f.engine.desks(F::kCentre))
            if (d.state == DeskState::Open && d.queueIds.contains(queueId))
                ++n;
        return n;
    }

    QueuePosition expected(Id queueId, const QDate &day, bool priority, const Visit *self) const
    {
        QueuePosition p;
        for (const Visit *o : held()) {
            if (o == self || !waiting(*o))
                continue;
            const Stage &s = *o->currentStage();
            if (s.queueId != queueId || s.serviceDate != day)
                continue;
            const bool earlier =
                !self || std::tie(s.queuedAt, o->id) < std::tie(self->currentStage()->queuedAt, self->id);
            if ((o->isPriority() && !priority) || (o->isPriority() == priority && earlier))
                ++p.ahead;
        }
        const Queue *q = f.engine.queue(queueId);
        const int minutes = f.engine.centre(F::kCentre)->norms.of(q->role).serviceMinutes;
        const int desks = std::max(openDesksFor(queueId), 1);
        p.expectedWaitMinutes = (p.ahead * minutes + desks - 1) / desks;
        return p;
    }

    const Visit *atDesk(Id deskId) const
    {
        for (const Visit *v : held()) {
            const Stage *s = v->currentStage();
            if (s && s->deskId == deskId &&
                (s->state == StageState::Called || s->state == StageState::InService))
                return v;
        }
        return nullptr;
    }

    int priorityInRow(Id queueId) const
    {
        QList<std::tuple<QDateTime, Id, int, bool>> calls;
        for (const Visit *v : held())
            for (const Stage &s : v->stages)
                if (s.queueId == queueId && s.serviceDate == today() && s.calledAt.isValid())
                    calls.append({s.calledAt, v->id, s.index, s.calledAhead});
        std::sort(calls.begin(), calls.end(), std::greater<>());
        int run = 0;
        for (const auto &c : calls) {
            if (!std::get<3>(c))
                break;
            ++run;
        }
        return run;
    }

    // The visit a call at the desk should bring, or 0 when nobody waits for it.
    Id nextFor(const Desk &d) const
    {
        QList<Candidate> candidates;
        const Centre &c = *f.engine.centre(F::kCentre);
        for (const Visit *v : held()) {
            if (!waiting(*v))
                continue;
            const Stage &s = *v->currentStage();
            if (d.queueIds.contains(s.queueId) && s.serviceDate == today())
                candidates.append(Candidate{v->id, s.queueId, v->isPriority(), s.queuedAt,
                                            c.schedule.workingSeconds(s.queuedAt, f.clock.now())});
        }
        const auto pick = pickNext(candidates, c.policy, [&](Id q) { return priorityInRow(q); });
        return pick ? candidates[*pick].visitId : 0;
    }

    void check() const
    {
        for (const Visit *v : held()) {
            if (!waiting(*v))
                continue;
            const Stage &s = *v->currentStage();
            const QueuePosition want = expected(s.queueId, s.serviceDate, v->isPriority(), v);
            const QueuePosition got = f.engine.position(v->id);
            INFO("ticket " << s.ticket.toStdString() << " (visit " << v->id << ")");
            CHECK(got.ahead == want.ahead);
            CHECK(got.expectedWaitMinutes == want.expectedWaitMinutes);
        }
        for (Id q : {F::kAdminQueue, F::kConsultQueue, F::kCashQueue})
            for (bool priority : {false, true}) {
                INFO("forecast for queue " << q << (priority ? ", priority" : ", regular"));
                CHECK(f.engine.forecast(q, priority).ahead == expected(q, today(), priority, nullptr).ahead);
            }
        for (const Desk &d : f.engine.desks(F::kCentre)) {
            INFO("desk " << d.id);
            const Visit *want = atDesk(d.id);
            const Visit *got = f.engine.visitAtDesk(d.id);
            CHECK((got ? got->id : 0) == (want ? want->id : 0));
        }
        QList<Id> open, active;
        for (const Visit *v : held())
            if (v->isOpen())
                open.append(v->id);
        for (const Visit &v : f.engine.activeVisits(F::kCentre))
            active.append(v.id);
        std::sort(open.begin(), open.end());
        std::sort(active.begin(), active.end());
        CHECK(active == open);
    }
};

} // namespace

TEST_CASE("Engine: positions, forecasts, desks and calls agree with the day's visits", "[engine]")
{
    const unsigned seed = GENERATE(1u, 2u, 3u, 4u, 5u, 6u);
    INFO("seed " << seed);
    std::mt19937 rng(seed);
    const auto roll = [&](int n) { return int(std::uniform_int_distribution<int>(0, n - 1)(rng)); };

    F f;
    f.addDesk(kAdminConsultDesk, {F::kAdminQueue, F::kConsultQueue});
    f.addDesk(kConsultCashDesk, {F::kConsultQueue, F::kCashQueue});
    const QList<Id> queues{F::kAdminQueue, F::kConsultQueue, F::kCashQueue};
    // Staff ids by desk: each desk has its own person.
    const auto actorAt = [&](Id desk) {
        return Actor{100 + desk,
                     desk == F::kCashDesk    ? Role::Cashier
                     : desk == F::kAdminDesk ? Role::Administrator
                                             : Role::Consultant,
                     desk};
    };
    const QStringList priorities{u""_s, u""_s, u""_s, u"disabled"_s, u"veteran"_s};
    QList<Id> ids;
    const Oracle oracle{f, ids};
    const auto anyHeld = [&]() -> Id {
        const auto held = oracle.held();
        return held.isEmpty() ? 0 : held[roll(int(held.size()))]->id;
    };

    QDate day = kMonday;
    f.at(day, 8, 0);
    int calls = 0;
    for (int step = 0; step < 2400; ++step) {
        // Now and then time moves on; twice the day ends and the next working day begins.
        if (roll(4) == 0)
            f.clock.advanceSecs(roll(90));
        if (step == 800 || step == 1600) {
            day = day.addDays(1);
            f.at(day, 8, 0);
            f.engine.closeIdleDesksAfterHours();
            f.engine.expireStaleVisits();
        }
        const Id desk = 1 + roll(5);
        const Actor a = actorAt(desk);
        switch (roll(18)) {
        case 0:
        case 1:
        case 2: {
            auto v = f.tryIssue(queues[roll(3)], priorities[roll(int(priorities.size()))]);
            if (v)
                ids.append(v->id);
            break;
        }
        case 3:
            (void)f.engine.openDesk(desk, a.staffId);
            break;
        case 4:
            (void)(roll(3) == 0 ? f.engine.closeDesk(desk)
                   : roll(2)    ? f.engine.breakDesk(desk)
                                : f.engine.resumeDesk(desk));
            break;
        case 5:
        case 6:
        case 14:
        case 15: {
            const Desk *d = f.engine.desk(desk);
            const bool serving =
                d->state == DeskState::Open && d->staffId == a.staffId && !f.engine.visitAtDesk(desk);
            const Id want = serving ? oracle.nextFor(*d) : 0;
            auto got = f.engine.callNext(a);
            if (serving && f.engine.centre(F::kCentre)->schedule.callsAllowedAt(f.clock.now())) {
                INFO("call at desk " << desk);
                CHECK((got ? got->id : 0) == want);
                calls += got ? 1 : 0;
            }
            break;
        }
        case 7:
            (void)f.engine.callVisit(a, anyHeld());
            break;
        case 8:
        case 16:
            if (const Visit *v = f.engine.visitAtDesk(desk))
                (void)(roll(3) == 0 ? f.engine.recall(a, v->id) : f.engine.start(a, v->id));
            break;
        case 9:
        case 17:
            if (const Visit *v = f.engine.visitAtDesk(desk))
                (void)(roll(2) ? f.engine.finish(a, v->id) : f.engine.noShow(a, v->id));
            break;
        case 10:
            (void)f.engine.route(roll(2) ? a : actorAt(F::kAdminDesk), anyHeld(), queues[roll(3)], {});
            break;
        case 11:
            (void)(roll(2) ? f.engine.postpone(a, anyHeld(), u"reason"_s) : f.engine.requeue(a, anyHeld()));
            break;
        case 12:
            (void)f.engine.cancel(actorAt(F::kAdminDesk), anyHeld(), u"left"_s);
            break;
        case 13:
            (void)f.engine.setPriority(anyHeld(), priorities[roll(int(priorities.size()))]);
            break;
        }
        oracle.check();
        if (step == 1200) {
            // The centre handed over to another node and taken back: forgotten, nothing of it is
            // left in any index; loaded again from what was stored, every answer is as before.
            const Centre centre = *f.engine.centre(F::kCentre);
            const QList<Queue> queuesBefore = f.engine.queues(F::kCentre);
            const QList<Desk> desksBefore = f.engine.desks(F::kCentre);
            QList<Visit> visits;
            for (const Visit *v : oracle.held())
                visits.append(*v);
            REQUIRE_FALSE(visits.isEmpty());
            f.engine.forgetCentre(F::kCentre);
            CHECK(f.engine.centre(F::kCentre) == nullptr);
            CHECK(f.engine.queues(F::kCentre).isEmpty());
            CHECK(f.engine.desks(F::kCentre).isEmpty());
            CHECK(f.engine.activeVisits(F::kCentre).isEmpty());
            CHECK(oracle.held().isEmpty());
            for (const Desk &d : desksBefore)
                CHECK(f.engine.visitAtDesk(d.id) == nullptr);
            f.engine.putCentre(centre);
            for (const Queue &q : queuesBefore)
                f.engine.putQueue(q);
            for (const Desk &d : desksBefore)
                f.engine.putDesk(d);
            for (const Visit &v : visits)
                f.engine.loadVisit(v);
            oracle.check();
        }
    }
    // The run did what it is meant to: many tickets, many of them called.
    CHECK(calls > 70);
    CHECK(ids.size() > 300);
}
