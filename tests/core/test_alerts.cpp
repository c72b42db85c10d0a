// The dashboard's live rules at exact instants: who is past the norm, the load per stage role,
// and when a desk is busy.
#include "CoreTestSupport.h"

#include <core/Alerts.h>

using namespace okno;
using namespace okno::test;
using namespace Qt::StringLiterals;

namespace {

Stage stageOf(StageRole role, StageState state, const QString &ticket, QDateTime queued, Id queue = 2)
{
    Stage s;
    s.role = role;
    s.state = state;
    s.ticket = ticket;
    s.queueId = queue;
    s.queuedAt = queued;
    s.serviceDate = queued.date();
    return s;
}

Visit visitOf(Id id, QList<Stage> stages, const QString &priority = {})
{
    Visit v;
    v.id = id;
    v.centreId = 1;
    v.createdAt = stages.first().queuedAt;
    v.priority = priority;
    for (int i = 0; i < stages.size(); ++i)
        stages[i].index = i;
    v.stages = stages;
    return v;
}

Centre centre()
{
    Centre c;
    c.id = 1; // Table 1 norms: administrator 10/5, consultant 20/15, cashier 20/10
    return c;
}

} // namespace

TEST_CASE("Alerts: a wait is past the norm one second after the norm, in working time", "[alerts]")
{
    const Centre c = centre();
    const QList<Visit> open{
        visitOf(1, {stageOf(StageRole::Consultant, StageState::Waiting, u"К-001"_s, msk(kMonday, 9, 0))})};
    // Exactly at the norm (20 minutes) it is within it; a second later it is past it.
    CHECK(overdueStages(c, open, msk(kMonday, 9, 20)).isEmpty());
    const auto late = overdueStages(c, open, msk(kMonday, 9, 20, 1));
    REQUIRE(late.size() == 1);
    CHECK(late[0].kind == AlertKind::Wait);
    CHECK(late[0].ticket == u"К-001"_s);
    CHECK(late[0].seconds == 20 * 60 + 1);
    CHECK(late[0].normSecs == 20 * 60);
    CHECK(late[0].role == StageRole::Consultant);
    CHECK(late[0].visitId == 1);
    CHECK(late[0].queueId == 2);
}

TEST_CASE("Alerts: the lunch break does not count", "[alerts]")
{
    const Centre c = centre();
    // Queued at 11:50: 10 working minutes before lunch, the clock stops 12:00–13:00.
    const QList<Visit> open{
        visitOf(1, {stageOf(StageRole::Consultant, StageState::Waiting, u"К-002"_s, msk(kMonday, 11, 50))})};
    CHECK(overdueStages(c, open, msk(kMonday, 12, 59, 59)).isEmpty());
    CHECK(overdueStages(c, open, msk(kMonday, 13, 10)).isEmpty()); // 10 + 10 = exactly 20
    const auto late = overdueStages(c, open, msk(kMonday, 13, 10, 1));
    REQUIRE(late.size() == 1);
    CHECK(late[0].seconds == 20 * 60 + 1);
    // Nor does the night: queued at 16:55 on Friday, 5 minutes that day, the weekend closed.
    const QList<Visit> friday{visitOf(
        2, {stageOf(StageRole::Administrator, StageState::Waiting, u"А-009"_s, msk(kFriday, 16, 55))})};
    CHECK(overdueStages(c, friday, msk(kMonday, 8, 5)).isEmpty()); // 5 + 5 = the 10-minute norm
    CHECK(overdueStages(c, friday, msk(kMonday, 8, 5, 1)).size() == 1);
}

TEST_CASE("Alerts: a called, postponed or served ticket is not waiting; longest first", "[alerts]")
{
    const Centre c = centre();
    auto called = stageOf(StageRole::Consultant, StageState::Called, u"К-003"_s, msk(kMonday, 8, 0));
    called.calledAt = msk(kMonday, 9, 0);
    called.deskId = 2;
    auto postponed = stageOf(StageRole::Consultant, StageState::Postponed, u"К-004"_s, msk(kMonday, 8, 0));
    auto serving = stageOf(StageRole::Cashier, StageState::InService, u"О-001"_s, msk(kMonday, 8, 0), 3);
    serving.calledAt = msk(kMonday, 9, 0);
    serving.startedAt = msk(kMonday, 9, 1);
    serving.deskId = 4;
    // A visit routed on: its earlier stage is transferred, the current one waits from the routing.
    auto admin =
        stageOf(StageRole::Administrator, StageState::Transferred, u"А-001"_s, msk(kMonday, 8, 0), 1);
    auto routed = stageOf(StageRole::Cashier, StageState::Waiting, u"О-002"_s, msk(kMonday, 9, 20), 3);
    auto old = stageOf(StageRole::Administrator, StageState::Waiting, u"А-002"_s, msk(kMonday, 9, 0), 1);
    const QList<Visit> open{visitOf(1, {called}), visitOf(2, {postponed}), visitOf(3, {serving}),
                            visitOf(4, {admin, routed}), visitOf(5, {old}, u"veteran"_s)};

    const QDateTime now = msk(kMonday, 9, 45);
    const auto waits = overdueStages(c, open, now, false);
    // А-002 has waited 45 min (norm 10), О-002 25 min (norm 20); К-003 is called, К-004 set aside.
    REQUIRE(waits.size() == 2);
    CHECK(waits[0].ticket == u"А-002"_s);
    CHECK(waits[0].seconds == 45 * 60);
    CHECK(waits[0].priority == u"veteran"_s);
    CHECK(waits[1].ticket == u"О-002"_s);
    CHECK(waits[1].seconds == 25 * 60);
    // With services: О-001 has been served 44 min against a 10-minute norm.
    const auto all = overdueStages(c, open, now);
    REQUIRE(all.size() == 3);
    CHECK(all[1].ticket == u"О-001"_s);
    CHECK(all[1].kind == AlertKind::Service);
    CHECK(all[1].seconds == 44 * 60);
    CHECK(all[1].normSecs == 10 * 60);
    CHECK(all[1].deskId == 4);

    // The visitor is called: the alert is gone.
    QList<Visit> after = open;
    after[4].stages[0].state = StageState::Called;
    after[4].stages[0].calledAt = now;
    CHECK(overdueStages(c, after, now, false).size() == 1);

    // A centre's own norm decides: the administrator's wait norm raised to 60 minutes.
    Centre patient = c;
    patient.norms.set(StageRole::Administrator, Norm{60, 5});
    CHECK(overdueStages(patient, open, now, false).size() == 1);
    // Visits of another centre are not this centre's alerts.
    Centre other = c;
    other.id = 2;
    CHECK(overdueStages(other, open, now).isEmpty());
}

TEST_CASE("Role loads count as status does, longest wait in working time", "[alerts]")
{
    const Centre c = centre();
    auto a = stageOf(StageRole::Consultant, StageState::Waiting, u"К-001"_s, msk(kMonday, 11, 40));
    auto b = stageOf(StageRole::Consultant, StageState::Waiting, u"К-002"_s, msk(kMonday, 11, 55));
    auto p = stageOf(StageRole::Consultant, StageState::Postponed, u"К-003"_s, msk(kMonday, 9, 0));
    auto s = stageOf(StageRole::Cashier, StageState::InService, u"О-001"_s, msk(kMonday, 9, 0), 3);
    const auto loads = roleLoads(c, {visitOf(1, {a}), visitOf(2, {b}), visitOf(3, {p}), visitOf(4, {s})},
                                 msk(kMonday, 13, 5));
    REQUIRE(loads.size() == 3);
    CHECK(loads[0].role == StageRole::Administrator);
    CHECK(loads[0].waiting == 0);
    CHECK(loads[0].longestWaitSecs == 0);
    CHECK(loads[1].role == StageRole::Consultant);
    CHECK(loads[1].waiting == 2);
    CHECK(loads[1].postponed == 1);
    CHECK(loads[1].longestWaitSecs == 25 * 60); // 20 before lunch + 5 after
    CHECK(loads[1].longestOverNorm());
    CHECK(loads[1].waitingOverNorm == 1); // К-001 (25 min); К-002 has waited 10 of its 20
    CHECK(loads[0].waitingOverNorm == 0);
    CHECK(loads[1].norm == Norm{20, 15});
    CHECK(loads[2].inService == 1);
    CHECK_FALSE(loads[2].longestOverNorm());
}

TEST_CASE("A desk is busy while a ticket is called to it or served there", "[alerts]")
{
    Desk desk;
    desk.id = 2;
    desk.state = DeskState::Open;
    auto st = stageOf(StageRole::Consultant, StageState::Waiting, u"К-001"_s, msk(kMonday, 9, 0));
    QList<Visit> open{visitOf(1, {st})};
    CHECK(deskActivity(desk, open) == DeskActivity::Free);
    open[0].stages[0].state = StageState::Called;
    open[0].stages[0].deskId = 2;
    CHECK(deskActivity(desk, open) == DeskActivity::Busy);
    CHECK(visitAtDesk(desk, open) == &open[0]);
    open[0].stages[0].state = StageState::InService;
    CHECK(deskActivity(desk, open) == DeskActivity::Busy);
    // Called to another desk: this one is free.
    open[0].stages[0].deskId = 3;
    CHECK(deskActivity(desk, open) == DeskActivity::Free);
    CHECK(visitAtDesk(desk, open) == nullptr);
    open[0].stages[0].deskId = 2;
    desk.state = DeskState::Break;
    CHECK(deskActivity(desk, open) == DeskActivity::Break);
    desk.state = DeskState::Closed;
    CHECK(deskActivity(desk, open) == DeskActivity::Closed);
}

TEST_CASE("Still to serve: once no more tickets are given, the day's tickets not yet served, in the order "
          "they joined",
          "[alerts][dayend]")
{
    const Centre c = centre();
    Stage served = stageOf(StageRole::Cashier, StageState::InService, u"О-001"_s, msk(kMonday, 16, 20), 3);
    served.deskId = 4;
    Visit otherCentre =
        visitOf(6, {stageOf(StageRole::Consultant, StageState::Waiting, u"К-009"_s, msk(kMonday, 16, 10))});
    otherCentre.centreId = 2;
    const QList<Visit> open{
        visitOf(1, {stageOf(StageRole::Consultant, StageState::Waiting, u"К-001"_s, msk(kMonday, 16, 30))},
                u"veteran"_s),
        visitOf(2, {served}),
        visitOf(3, {stageOf(StageRole::Administrator, StageState::Postponed, u"А-001"_s, msk(kMonday, 16, 40),
                            1)}),
        visitOf(4, {stageOf(StageRole::Consultant, StageState::Waiting, u"К-050"_s,
                            msk(kMonday.addDays(-3), 16, 0))}), // a ticket of another day
        visitOf(5, {stageOf(StageRole::Consultant, StageState::Done, u"К-000"_s, msk(kMonday, 9, 0))}),
        otherCentre,
    };
    // While tickets are given (until 16:45), the queue is the roles' load, not a list.
    CHECK(stillToServe(c, open, msk(kMonday, 16, 0)).isEmpty());
    CHECK(stillToServe(c, open, msk(kMonday, 16, 44, 59)).isEmpty());
    for (const QDateTime &at : {msk(kMonday, 16, 45), msk(kMonday, 17, 30)}) {
        const auto left = stillToServe(c, open, at);
        REQUIRE(left.size() == 3);
        CHECK(left[0].ticket == u"О-001"_s);
        CHECK(left[0].state == StageState::InService);
        CHECK(left[0].deskId == 4);
        CHECK(left[1].ticket == u"К-001"_s);
        CHECK(left[1].priority == u"veteran"_s);
        CHECK(left[1].queuedAt == msk(kMonday, 16, 30));
        CHECK(left[2].ticket == u"А-001"_s);
        CHECK(left[2].state == StageState::Postponed);
    }
}
