// The queue engine on a ManualClock: issuing tickets, desks, every serving operation, positions
// and the end of the working day. The fixture (CoreTestSupport.h) is one Moscow centre with an
// administrator, a consultant and a cashier queue and one desk each, on Monday 23 November 2026.

#include "CoreTestSupport.h"

#include "core/Statistics.h"

#include <QSet>

using namespace okno;
using namespace okno::test;
using namespace Qt::StringLiterals;

namespace {

using F = CentreFixture;

// The error code of a refused operation; nothing if it unexpectedly succeeded (the CHECK
// that compares it then fails on its own line).
template <typename T> std::optional<ErrorCode> codeOf(const Result<T> &r)
{
    if (r.ok())
        return std::nullopt;
    return r.error().code;
}

} // namespace

TEST_CASE("Engine: the fixture's configuration is valid", "[engine]")
{
    F f;
    CHECK(validate(*f.engine.centre(F::kCentre)).ok());
    for (const Queue &q : f.engine.queues(F::kCentre))
        CHECK(validate(q).ok());
    for (const Desk &d : f.engine.desks(F::kCentre))
        CHECK(validate(d).ok());
    CHECK(f.engine.queues(F::kCentre).size() == 3);
    CHECK(f.engine.desks(F::kCentre).size() == 3);
}

TEST_CASE("Engine: tickets are numbered per queue and restart on the next working day", "[engine]")
{
    F f;
    const Visit a1 = f.issue(F::kAdminQueue);
    const Visit a2 = f.issue(F::kAdminQueue);
    const Visit k1 = f.issue(F::kConsultQueue);
    const Visit a3 = f.issue(F::kAdminQueue);
    CHECK(a1.stages.first().ticket == u"А-001"_s);
    CHECK(a2.stages.first().ticket == u"А-002"_s);
    CHECK(k1.stages.first().ticket == u"К-001"_s);
    CHECK(a3.stages.first().ticket == u"А-003"_s);
    CHECK(a3.stages.first().ticketNumber == 3);
    CHECK(a2.id == a1.id + 1);

    const Stage &s = a1.stages.first();
    CHECK(a1.centreId == F::kCentre);
    CHECK(a1.createdAt == msk(kMonday, 9, 0));
    CHECK(a1.version == 1);
    CHECK(a1.channel == u"reception"_s);
    CHECK(s.index == 0);
    CHECK(s.queueId == F::kAdminQueue);
    CHECK(s.role == StageRole::Administrator);
    CHECK(s.state == StageState::Waiting);
    CHECK(s.queuedAt == msk(kMonday, 9, 0));
    CHECK(s.serviceDate == kMonday);
    CHECK(s.callCount == 0);
    CHECK(s.deskId == 0);

    f.at(kTuesday, 8, 0);
    const Visit t1 = f.issue(F::kAdminQueue);
    CHECK(t1.stages.first().ticket == u"А-001"_s);
    CHECK(t1.stages.first().serviceDate == kTuesday);
    CHECK(f.issue(F::kConsultQueue).stages.first().ticket == u"К-001"_s);
    CHECK(t1.id > a3.id); // visit ids never restart

    // A number noted from storage (e.g. after a restart) continues the sequence.
    f.engine.noteTicketNumber(F::kCashQueue, kTuesday, 41);
    CHECK(f.issue(F::kCashQueue).stages.first().ticket == u"О-042"_s);
}

TEST_CASE("Engine: ticket numbers widen past 999 and are never refused or repeated", "[engine]")
{
    F f;
    f.openAll();
    QSet<QString> tickets;
    QStringList issued;
    for (int i = 1; i <= 1005; ++i) {
        auto v = f.tryIssue(F::kConsultQueue);
        INFO("ticket " << i << ": " << (v.ok() ? std::string() : v.error().message.toStdString()));
        REQUIRE(v.ok());
        const Stage &s = v->stages.first();
        CHECK(s.ticketNumber == i);
        tickets.insert(s.ticket);
        issued.append(s.ticket);
    }
    CHECK(tickets.size() == 1005);
    CHECK(issued[0] == u"К-001"_s);
    CHECK(issued[998] == u"К-999"_s);
    CHECK(issued[999] == u"К-1000"_s);
    CHECK(issued[1004] == u"К-1005"_s);

    // A visitor routed on into the long queue keeps their own number and spends none of it.
    const Visit a = f.issue(F::kAdminQueue);
    REQUIRE(f.engine.callNext(f.admin).ok());
    REQUIRE(f.engine.start(f.admin, a.id).ok());
    const auto routed = f.engine.route(f.admin, a.id, F::kConsultQueue, {});
    REQUIRE(routed.ok());
    CHECK(routed->currentStage()->ticket == a.stages.first().ticket);
    CHECK(f.issue(F::kConsultQueue).stages.first().ticket == u"К-1006"_s);

    // A number noted from storage beyond 999 continues the sequence.
    f.engine.noteTicketNumber(F::kCashQueue, kMonday, 12345);
    CHECK(f.issue(F::kCashQueue).stages.first().ticket == u"О-12346"_s);
}

TEST_CASE("Engine: no tickets when the centre does not take them", "[engine]")
{
    F f;
    struct When
    {
        QDate day;
        int h, m;
        const char *why;
    };
    const When closed[] = {
        {kMonday, 7, 59, "before opening"},
        {kMonday, 12, 0, "lunch starts"},
        {kMonday, 12, 30, "lunch"},
        {kMonday, 16, 45, "the 15-minute cut-off"},
        {kMonday, 16, 50, "after the cut-off"},
        {kMonday, 17, 0, "closed"},
        {kMonday, 20, 0, "evening"},
        {kSaturday, 10, 0, "Saturday"},
        {kSunday, 10, 0, "Sunday"},
        {kHoliday, 10, 0, "a public holiday"},
    };
    for (const When &w : closed) {
        INFO(w.why);
        f.at(w.day, w.h, w.m);
        const auto r = f.tryIssue(F::kAdminQueue);
        REQUIRE(codeOf(r) == ErrorCode::CentreClosed);
        CHECK_FALSE(r.error().message.isEmpty());
    }
    // The refusals spent no numbers and created no visits.
    f.at(kMonday, 16, 44);
    const Visit v = f.issue(F::kAdminQueue);
    CHECK(v.stages.first().ticket == u"А-001"_s);
    CHECK(f.engine.activeVisits(F::kCentre).size() == 1);
    f.at(kMonday, 13, 0);
    CHECK(f.tryIssue(F::kAdminQueue).ok());
}

TEST_CASE("Engine: bad registration data is refused before a number is spent", "[engine]")
{
    F f;
    CHECK(codeOf(f.tryIssue(F::kAdminQueue, u"vip"_s)) == ErrorCode::InvalidArgument);
    CHECK(codeOf(f.tryIssue(F::kAdminQueue, {}, u"12345"_s)) == ErrorCode::InvalidArgument);
    CHECK(codeOf(f.tryIssue(F::kAdminQueue, {}, u"12З456"_s)) == ErrorCode::InvalidArgument); // Cyrillic З
    CHECK(codeOf(f.tryIssue(99)) == ErrorCode::NotFound);
    IssueRequest other;
    other.centreId = 2;
    other.queueId = F::kAdminQueue;
    CHECK(codeOf(f.engine.issue(other)) == ErrorCode::NotFound);

    const auto ok = f.tryIssue(F::kAdminQueue, u"disabled"_s, u"1234 5678-90"_s);
    REQUIRE(ok.ok());
    CHECK(ok->stages.first().ticket == u"А-001"_s);
    CHECK(ok->accountNumber == u"1234567890"_s); // stored normalised
    CHECK(ok->priority == u"disabled"_s);
    CHECK(ok->isPriority());
}

TEST_CASE("Engine: a full visit, administrator → consultant → cashier", "[engine]")
{
    F f;
    f.at(8, 55);
    f.openAll();
    f.at(9, 0);
    const Id id = f.issue(F::kAdminQueue).id;
    CHECK(f.engine.position(id).ahead == 0);

    f.at(9, 4);
    auto v = f.engine.callNext(f.admin);
    REQUIRE(v.ok());
    CHECK(v->id == id);
    CHECK(f.engine.visitAtDesk(F::kAdminDesk) != nullptr);
    f.at(9, 5);
    REQUIRE(f.engine.start(f.admin, id).ok());
    f.at(9, 8);
    v = f.engine.route(f.admin, id, F::kConsultQueue, u"договор энергоснабжения"_s);
    REQUIRE(v.ok());
    CHECK(v->currentStage()->ticket == u"А-001"_s);        // one visit, one ticket
    CHECK(f.engine.visitAtDesk(F::kAdminDesk) == nullptr); // the administrator is free

    f.at(9, 20);
    v = f.engine.callNext(f.consultant);
    REQUIRE(v.ok());
    CHECK(v->id == id);
    f.at(9, 21);
    REQUIRE(f.engine.start(f.consultant, id).ok());
    f.at(9, 40);
    REQUIRE(f.engine.route(f.consultant, id, F::kCashQueue, u"оплата"_s).ok());

    f.at(9, 45);
    REQUIRE(f.engine.callNext(f.cashier).ok());
    f.at(9, 46);
    REQUIRE(f.engine.start(f.cashier, id).ok());
    f.at(9, 52);
    v = f.engine.finish(f.cashier, id);
    REQUIRE(v.ok());

    const Visit &done = f.visit(id);
    REQUIRE(done.stages.size() == 3);
    const auto check = [&](int i, StageRole role, Id queue, Id desk, Id staff, const QString &ticket,
                           StageState state, QTime queued, QTime called, QTime started, QTime finished) {
        INFO("stage " << i);
        const Stage &s = done.stages[i];
        CHECK(s.index == i);
        CHECK(s.role == role);
        CHECK(s.queueId == queue);
        CHECK(s.deskId == desk);
        CHECK(s.staffId == staff);
        CHECK(s.ticket == ticket);
        CHECK(s.state == state);
        CHECK(s.serviceDate == kMonday);
        CHECK(s.callCount == 1);
        CHECK(s.queuedAt == msk(kMonday, queued.hour(), queued.minute()));
        CHECK(s.calledAt == msk(kMonday, called.hour(), called.minute()));
        CHECK(s.startedAt == msk(kMonday, started.hour(), started.minute()));
        CHECK(s.finishedAt == msk(kMonday, finished.hour(), finished.minute()));
    };
    check(0, StageRole::Administrator, F::kAdminQueue, F::kAdminDesk, 101, u"А-001"_s,
          StageState::Transferred, QTime(9, 0), QTime(9, 4), QTime(9, 5), QTime(9, 8));
    check(1, StageRole::Consultant, F::kConsultQueue, F::kConsultDesk, 102, u"А-001"_s,
          StageState::Transferred, QTime(9, 8), QTime(9, 20), QTime(9, 21), QTime(9, 40));
    check(2, StageRole::Cashier, F::kCashQueue, F::kCashDesk, 103, u"А-001"_s, StageState::Done, QTime(9, 40),
          QTime(9, 45), QTime(9, 46), QTime(9, 52));
    CHECK(done.stages[0].note == u"договор энергоснабжения"_s);
    CHECK_FALSE(done.isOpen());
    CHECK(done.contacts() == 3);
    CHECK(done.version == 1 + 3 + 3 + 3); // issue; call, start, route twice; call, start, finish
    CHECK(f.engine.activeVisits(F::kCentre).isEmpty());
    CHECK(f.engine.visitAtDesk(F::kCashDesk) == nullptr);

    // The visit's stages feed the statistics: waits 4, 12, 5 minutes; services 3, 19, 6.
    QList<StageRecord> records;
    for (const Stage &s : done.stages)
        records.append(StageRecord{done.id, done.centreId, s.queueId, s.staffId, s.role, s.state, s.queuedAt,
                                   s.calledAt, s.startedAt, s.finishedAt, s.serviceDate});
    const Centre &c = *f.engine.centre(F::kCentre);
    const auto stats = computeStatistics(records, c.schedule, c.norms);
    CHECK(stats[0].wait.max == 4 * 60);
    CHECK(stats[0].service.max == 3 * 60);
    CHECK(stats[1].wait.max == 12 * 60);
    CHECK(stats[1].service.max == 19 * 60);
    CHECK(stats[1].service.withinNorm == 0); // over the 15-minute norm
    CHECK(stats[2].wait.max == 5 * 60);
    CHECK(stats[2].service.max == 6 * 60);
}

TEST_CASE("Engine: callNext needs an open desk of the caller's own, free of visitors", "[engine]")
{
    F f;
    f.issue(F::kAdminQueue);
    f.issue(F::kAdminQueue);

    // Closed desk.
    CHECK(codeOf(f.engine.callNext(f.admin)) == ErrorCode::DeskUnavailable);
    // No desk at all.
    CHECK(codeOf(f.engine.callNext(Actor{101, Role::Administrator, 0})) == ErrorCode::DeskUnavailable);
    CHECK(codeOf(f.engine.callNext(Actor{101, Role::Administrator, 77})) == ErrorCode::DeskUnavailable);

    REQUIRE(f.engine.openDesk(F::kAdminDesk, f.admin.staffId).ok());
    // Someone else using the desk's session.
    CHECK(codeOf(f.engine.callNext(Actor{999, Role::Administrator, F::kAdminDesk})) ==
          ErrorCode::DeskUnavailable);

    // On a break.
    REQUIRE(f.engine.breakDesk(F::kAdminDesk).ok());
    CHECK(f.engine.desk(F::kAdminDesk)->state == DeskState::Break);
    CHECK(codeOf(f.engine.callNext(f.admin)) == ErrorCode::DeskUnavailable);
    REQUIRE(f.engine.resumeDesk(F::kAdminDesk).ok());

    // A visitor already called: finish or release them first.
    const auto first = f.engine.callNext(f.admin);
    REQUIRE(first.ok());
    const auto busy = f.engine.callNext(f.admin);
    REQUIRE(codeOf(busy) == ErrorCode::DeskUnavailable);
    CHECK(busy.error().message.contains(u"А-001"_s));
    CHECK(codeOf(f.engine.callVisit(f.admin, first->id + 1)) == ErrorCode::DeskUnavailable);
    // …and the same while serving.
    REQUIRE(f.engine.start(f.admin, first->id).ok());
    CHECK(codeOf(f.engine.callNext(f.admin)) == ErrorCode::DeskUnavailable);
    REQUIRE(f.engine.finish(f.admin, first->id).ok());
    const auto second = f.engine.callNext(f.admin);
    REQUIRE(second.ok());
    CHECK(second->currentStage()->ticket == u"А-002"_s);
}

TEST_CASE("Engine: no calls at lunch or once the day's service is over; calls go on after the ticket cut-off",
          "[engine]")
{
    F f;
    f.openAll();
    f.issue(F::kAdminQueue);
    f.issue(F::kAdminQueue);

    f.at(12, 0);
    CHECK(codeOf(f.engine.callNext(f.admin)) == ErrorCode::CentreClosed);
    CHECK(codeOf(f.engine.callVisit(f.admin, 1)) == ErrorCode::CentreClosed);
    f.at(12, 59);
    CHECK(codeOf(f.engine.callNext(f.admin)) == ErrorCode::CentreClosed);

    f.at(16, 50); // no new tickets, but those in the hall are still served
    CHECK(codeOf(f.tryIssue(F::kAdminQueue)) == ErrorCode::CentreClosed);
    auto v = f.engine.callNext(f.admin);
    REQUIRE(v.ok());
    REQUIRE(f.engine.noShow(f.admin, v->id).ok());

    f.at(17, 0); // the day's visitors are still served after closing (дообслуживание), for two hours
    REQUIRE(f.engine.callNext(f.admin).ok());
    f.at(19, 0);
    CHECK(codeOf(f.engine.callNext(f.admin)) == ErrorCode::CentreClosed);
}

TEST_CASE("Engine: the day's end — everyone with a ticket is served after closing", "[engine][dayend]")
{
    F f;
    f.openAll();
    f.at(16, 40);
    const Id late = f.issue(F::kConsultQueue).id;
    const Id later = f.issue(F::kConsultQueue).id;
    const Id cash = f.issue(F::kCashQueue).id;

    f.at(17, 10);
    CHECK(codeOf(f.tryIssue(F::kAdminQueue)) == ErrorCode::CentreClosed); // no new tickets
    // The server's day-end sweep closes the idle desk with nobody left to call, keeps the others.
    const QList<Desk> closed = f.engine.closeIdleDesksAfterHours();
    REQUIRE(closed.size() == 1);
    CHECK(closed.first().id == F::kAdminDesk);
    auto called = f.engine.callNext(f.consultant);
    REQUIRE(called.ok());
    CHECK(called->id == late);
    REQUIRE(f.engine.start(f.consultant, late).ok());
    f.at(17, 25);
    // Routed on after closing: the cashier serves them too.
    REQUIRE(f.engine.route(f.consultant, late, F::kCashQueue, {}).ok());
    REQUIRE(f.engine.callNext(f.cashier).ok());

    // The overtime ends: nobody more is called; what is left is recorded as unserved next morning.
    f.at(19, 0);
    CHECK(codeOf(f.engine.callNext(f.consultant)) == ErrorCode::CentreClosed);
    CHECK(f.engine.closeIdleDesksAfterHours().size() == 1); // the consultant's: the cashier's is busy
    f.at(kTuesday, 8, 0);
    QHash<Id, StageState> endedAs;
    for (const Visit &v : f.engine.expireStaleVisits())
        endedAs.insert(v.id, v.currentStage()->state);
    CHECK(endedAs.value(later) == StageState::Unserved);
    CHECK(endedAs.value(cash) ==
          StageState::NoShow); // first in the cash queue: called at 17:25, never started
    CHECK(endedAs.value(late) == StageState::Unserved); // routed there at 17:25, never called
}

TEST_CASE("Engine: a centre that does not serve after closing stops calling at closing", "[engine][dayend]")
{
    F f;
    Centre c = *f.engine.centre(F::kCentre);
    c.schedule.setServeAfterClosingMinutes(0);
    f.engine.putCentre(c);
    f.openAll();
    f.at(16, 40);
    f.issue(F::kConsultQueue);
    f.at(17, 0);
    CHECK(codeOf(f.engine.callNext(f.consultant)) == ErrorCode::CentreClosed);
    CHECK(f.engine.closeIdleDesksAfterHours().size() == 3); // nobody is served any more
}

TEST_CASE("Engine: a service may run into lunch and be finished there", "[engine]")
{
    F f;
    f.openAll();
    f.at(11, 50);
    const Id id = f.issue(F::kAdminQueue).id;
    f.at(11, 55);
    REQUIRE(f.engine.callNext(f.admin).ok());
    REQUIRE(f.engine.start(f.admin, id).ok());
    f.at(12, 10);
    const auto v = f.engine.finish(f.admin, id);
    REQUIRE(v.ok());
    CHECK(v->currentStage()->finishedAt == msk(kMonday, 12, 10));
}

TEST_CASE("Engine: an empty queue answers QueueEmpty", "[engine]")
{
    F f;
    f.openAll();
    CHECK(codeOf(f.engine.callNext(f.admin)) == ErrorCode::QueueEmpty);
    f.issue(F::kConsultQueue); // another queue's visitor is not the administrator's
    CHECK(codeOf(f.engine.callNext(f.admin)) == ErrorCode::QueueEmpty);
    CHECK(f.engine.callNext(f.consultant).ok());
}

TEST_CASE("Engine: a postponed ticket is called out of order, by choice", "[engine]")
{
    F f;
    f.openAll();
    const Id a1 = f.issue(F::kAdminQueue).id;
    f.clock.advanceMins(1);
    const Id a2 = f.issue(F::kAdminQueue).id;
    f.clock.advanceMins(1);
    const Id a3 = f.issue(F::kAdminQueue).id;

    f.at(9, 5);
    REQUIRE(f.engine.callNext(f.admin)->id == a1);
    // The visitor went to fetch a document.
    const auto p = f.engine.postpone(f.admin, a1, u"за паспортом"_s);
    REQUIRE(p.ok());
    CHECK(p->currentStage()->state == StageState::Postponed);
    CHECK(f.engine.visitAtDesk(F::kAdminDesk) == nullptr);
    CHECK(f.engine.position(a1).ahead == 0); // not in the queue

    // callNext passes over the postponed ticket.
    f.at(9, 6);
    auto v = f.engine.callNext(f.admin);
    REQUIRE(v.ok());
    CHECK(v->id == a2);
    REQUIRE(f.engine.start(f.admin, a2).ok());
    REQUIRE(f.engine.finish(f.admin, a2).ok());

    // The visitor is back: the administrator calls A-001 ahead of A-003.
    f.at(9, 15);
    v = f.engine.callVisit(f.admin, a1);
    REQUIRE(v.ok());
    const Stage &s = *v->currentStage();
    CHECK(s.state == StageState::Called);
    CHECK(s.ticket == u"А-001"_s);
    CHECK(s.callCount == 2);
    CHECK(s.calledAt == msk(kMonday, 9, 5)); // the wait ended at the first call
    CHECK(s.queuedAt == msk(kMonday, 9, 0));
    CHECK(f.stage(a3).state == StageState::Waiting);

    // Requeue instead: back in the queue at the original place.
    REQUIRE(f.engine.postpone(f.admin, a1, u"снова ушёл"_s).ok());
    REQUIRE(f.engine.requeue(f.admin, a1).ok());
    CHECK(f.stage(a1).state == StageState::Waiting);
    CHECK(f.engine.position(a3).ahead == 1);
    CHECK(f.engine.callNext(f.admin)->id == a1);
}

TEST_CASE("Engine: a desk acts only on tickets of its own queues and its own calls", "[engine]")
{
    F f;
    f.openAll();
    const Id a = f.issue(F::kAdminQueue).id;
    const Id k = f.issue(F::kConsultQueue).id;

    const auto wrongQueue = f.engine.callVisit(f.consultant, a);
    CHECK(codeOf(wrongQueue) == ErrorCode::Forbidden);
    CHECK(f.stage(a).state == StageState::Waiting);

    REQUIRE(f.engine.callVisit(f.admin, a).ok());
    // Another desk cannot start, recall, mark, finish or postpone it.
    CHECK(codeOf(f.engine.start(f.cashier, a)) == ErrorCode::Forbidden);
    CHECK(codeOf(f.engine.recall(f.cashier, a)) == ErrorCode::Forbidden);
    CHECK(codeOf(f.engine.noShow(f.cashier, a)) == ErrorCode::Forbidden);
    CHECK(codeOf(f.engine.postpone(f.cashier, a, {})) == ErrorCode::Forbidden);
    CHECK(codeOf(f.engine.cancel(f.cashier, a, {})) == ErrorCode::Forbidden);
    CHECK(f.stage(a).state == StageState::Called);
    CHECK(f.visit(a).version == 2);

    // The calling desk can recall.
    const auto r = f.engine.recall(f.admin, a);
    REQUIRE(r.ok());
    CHECK(r->currentStage()->callCount == 2);

    REQUIRE(f.engine.start(f.admin, a).ok());
    CHECK(codeOf(f.engine.finish(f.cashier, a)) == ErrorCode::Forbidden);
    CHECK(codeOf(f.engine.route(f.cashier, a, F::kCashQueue, {})) == ErrorCode::Forbidden);
    CHECK(f.stage(a).state == StageState::InService);

    // A waiting visitor is re-routed by reception only.
    CHECK(codeOf(f.engine.route(f.cashier, k, F::kCashQueue, {})) == ErrorCode::Forbidden);
    Actor reception{101, Role::Administrator, 0};
    const auto moved = f.engine.route(reception, k, F::kCashQueue, u"только оплата"_s);
    REQUIRE(moved.ok());
    CHECK(moved->currentStage()->ticket == moved->stages.first().ticket);
    CHECK(moved->stages.first().state == StageState::Transferred);
    CHECK(moved->contacts() == 0);
    // Routing spends no number of the queue it goes to, legal or not.
    CHECK(codeOf(f.engine.route(reception, k, F::kCashQueue, {})) == ErrorCode::InvalidArgument);
    CHECK(codeOf(f.engine.route(reception, k, 99, {})) == ErrorCode::NotFound);
    CHECK(f.issue(F::kCashQueue).stages.first().ticket == u"О-001"_s);
    // Loaded back at a restart, the routed stage notes no number for the queue it went to.
    F restarted;
    restarted.engine.loadVisit(f.visit(k));
    CHECK(restarted.issue(F::kCashQueue).stages.first().ticket == u"О-001"_s);
    CHECK(restarted.issue(f.visit(k).stages.first().queueId).stages.first().ticketNumber ==
          f.visit(k).stages.first().ticketNumber + 1);
}

TEST_CASE("Engine: desks open, pause and close", "[engine]")
{
    F f;
    SECTION("a desk cannot close or pause while a visitor is called or served there")
    {
        REQUIRE(f.engine.openDesk(F::kAdminDesk, f.admin.staffId).ok());
        const Id id = f.issue(F::kAdminQueue).id;
        REQUIRE(f.engine.callNext(f.admin).ok());
        CHECK(codeOf(f.engine.closeDesk(F::kAdminDesk)) == ErrorCode::InvalidTransition);
        CHECK(codeOf(f.engine.breakDesk(F::kAdminDesk)) == ErrorCode::InvalidTransition);
        REQUIRE(f.engine.start(f.admin, id).ok());
        CHECK(codeOf(f.engine.closeDesk(F::kAdminDesk)) == ErrorCode::InvalidTransition);
        CHECK(f.engine.desk(F::kAdminDesk)->state == DeskState::Open);
        REQUIRE(f.engine.finish(f.admin, id).ok());
        const auto closed = f.engine.closeDesk(F::kAdminDesk);
        REQUIRE(closed.ok());
        CHECK(closed->state == DeskState::Closed);
        CHECK(closed->staffId == 0);
        CHECK(codeOf(f.engine.closeDesk(F::kAdminDesk)) == ErrorCode::InvalidTransition);
    }
    SECTION("one person, one desk; one desk, one person")
    {
        REQUIRE(f.engine.openDesk(F::kAdminDesk, 101).ok());
        CHECK(codeOf(f.engine.openDesk(F::kConsultDesk, 101)) == ErrorCode::DeskUnavailable);
        CHECK(codeOf(f.engine.openDesk(F::kAdminDesk, 102)) == ErrorCode::DeskUnavailable);
        CHECK(f.engine.desk(F::kConsultDesk)->state == DeskState::Closed);
        CHECK(f.engine.desk(F::kAdminDesk)->staffId == 101);
        // Opening one's own desk again is harmless.
        CHECK(f.engine.openDesk(F::kAdminDesk, 101).ok());
        // A person on a break still holds the desk.
        REQUIRE(f.engine.breakDesk(F::kAdminDesk).ok());
        CHECK(codeOf(f.engine.openDesk(F::kConsultDesk, 101)) == ErrorCode::DeskUnavailable);
        CHECK(codeOf(f.engine.resumeDesk(F::kConsultDesk)) == ErrorCode::InvalidTransition);
        REQUIRE(f.engine.resumeDesk(F::kAdminDesk).ok());
        REQUIRE(f.engine.closeDesk(F::kAdminDesk).ok());
        CHECK(f.engine.openDesk(F::kConsultDesk, 101).ok());
    }
    SECTION("unknown or inactive desks")
    {
        CHECK(codeOf(f.engine.openDesk(77, 101)) == ErrorCode::NotFound);
        Desk d = *f.engine.desk(F::kCashDesk);
        d.active = false;
        f.engine.putDesk(d);
        CHECK(codeOf(f.engine.openDesk(F::kCashDesk, 103)) == ErrorCode::NotFound);
    }
    SECTION("reloading a desk's configuration keeps its live state")
    {
        REQUIRE(f.engine.openDesk(F::kAdminDesk, 101).ok());
        Desk d = *f.engine.desk(F::kAdminDesk);
        d.name = u"Администратор"_s;
        d.state = DeskState::Closed;
        f.engine.putDesk(d);
        CHECK(f.engine.desk(F::kAdminDesk)->state == DeskState::Open);
        CHECK(f.engine.desk(F::kAdminDesk)->staffId == 101);
        CHECK(f.engine.desk(F::kAdminDesk)->name == u"Администратор"_s);
    }
}

TEST_CASE("Engine: the forecast for a visitor not yet given a ticket is the position the ticket would have",
          "[engine]")
{
    F f;
    f.addDesk(4, {F::kAdminQueue});
    CHECK(f.engine.forecast(F::kAdminQueue, false).ahead == 0);
    f.issue(F::kAdminQueue);
    f.clock.advanceMins(1);
    f.issue(F::kAdminQueue);
    f.clock.advanceMins(1);
    f.issue(F::kAdminQueue, u"veteran"_s);
    f.issue(F::kConsultQueue); // other queues do not count
    // A regular visitor would wait behind all three, a priority one behind the veteran only.
    const QueuePosition regular = f.engine.forecast(F::kAdminQueue, false);
    const QueuePosition priority = f.engine.forecast(F::kAdminQueue, true);
    CHECK(regular.ahead == 3);
    CHECK(priority.ahead == 1);
    CHECK(regular.expectedWaitMinutes == 15); // 3 × the 5-minute norm, no desk open
    REQUIRE(f.engine.openDesk(F::kAdminDesk, 101).ok());
    REQUIRE(f.engine.openDesk(4, 104).ok());
    CHECK(f.engine.forecast(F::kAdminQueue, false).expectedWaitMinutes == 8); // 15 / 2, rounded up
    // It is what the ticket then gets.
    const Id next = f.issue(F::kAdminQueue).id;
    CHECK(f.engine.position(next).ahead == regular.ahead);
    CHECK(f.engine.position(next).expectedWaitMinutes == 8);
    // An unknown queue: nobody ahead, nothing to wait for.
    CHECK(f.engine.forecast(9999, false).ahead == 0);
}

TEST_CASE("Engine: position counts priority visitors ahead of regular ones; expected wait uses the norm and "
          "open desks",
          "[engine]")
{
    F f;
    // Two more desks serving the administrator queue.
    f.addDesk(4, {F::kAdminQueue});
    f.addDesk(5, {F::kAdminQueue, F::kCashQueue});

    const Id r1 = f.issue(F::kAdminQueue).id;
    f.clock.advanceMins(1);
    const Id r2 = f.issue(F::kAdminQueue).id;
    f.clock.advanceMins(1);
    const Id p1 = f.issue(F::kAdminQueue, u"veteran"_s).id;
    f.clock.advanceMins(1);
    const Id r3 = f.issue(F::kAdminQueue).id;
    f.clock.advanceMins(1);
    const Id p2 = f.issue(F::kAdminQueue, u"disabled"_s).id;
    f.issue(F::kConsultQueue); // other queues do not count

    CHECK(f.engine.position(p1).ahead == 0);
    CHECK(f.engine.position(p2).ahead == 1);
    CHECK(f.engine.position(r1).ahead == 2); // both priority visitors
    CHECK(f.engine.position(r2).ahead == 3);
    CHECK(f.engine.position(r3).ahead == 4);

    // No desk open: the norm (5 minutes for the administrator) per person ahead.
    CHECK(f.engine.position(r3).expectedWaitMinutes == 20);
    CHECK(f.engine.position(p1).expectedWaitMinutes == 0);
    REQUIRE(f.engine.openDesk(F::kAdminDesk, 101).ok());
    CHECK(f.engine.position(r3).expectedWaitMinutes == 20);
    REQUIRE(f.engine.openDesk(4, 104).ok());
    CHECK(f.engine.position(r3).expectedWaitMinutes == 10);
    CHECK(f.engine.position(r2).expectedWaitMinutes == 8); // 3 × 5 / 2, rounded up
    REQUIRE(f.engine.openDesk(5, 105).ok());
    REQUIRE(f.engine.openDesk(F::kConsultDesk, 102).ok()); // does not serve the queue
    CHECK(f.engine.position(r3).expectedWaitMinutes == 7); // 20 / 3, rounded up
    REQUIRE(f.engine.breakDesk(5).ok());                   // a desk on a break does not serve
    CHECK(f.engine.position(r3).expectedWaitMinutes == 10);

    // The centre's own norm.
    Centre c = *f.engine.centre(F::kCentre);
    c.norms.set(StageRole::Administrator, Norm{10, 7});
    f.engine.putCentre(c);
    CHECK(f.engine.position(r3).expectedWaitMinutes == 14);

    // Once called, a ticket has no position; the others move up.
    const auto called = f.engine.callNext(f.admin);
    REQUIRE(called.ok());
    CHECK(called->id == p1);
    CHECK(f.engine.position(p1).ahead == 0);
    CHECK(f.engine.position(p1).expectedWaitMinutes == 0);
    CHECK(f.engine.position(r3).ahead == 3);
    CHECK(f.engine.position(12345).ahead == 0); // unknown visit
}

TEST_CASE("Engine: the working day ends — stale tickets are never called and are recorded unserved",
          "[engine]")
{
    F f;
    f.openAll();
    f.at(9, 0);
    const Id waiting = f.issue(F::kAdminQueue).id;
    const Id postponed = f.issue(F::kAdminQueue).id;
    const Id done = f.issue(F::kAdminQueue).id;
    const Id calledK = f.issue(F::kConsultQueue).id;
    f.at(9, 10);
    REQUIRE(f.engine.callVisit(f.admin, done).ok());
    REQUIRE(f.engine.start(f.admin, done).ok());
    REQUIRE(f.engine.finish(f.admin, done).ok());
    REQUIRE(f.engine.callVisit(f.admin, postponed).ok());
    REQUIRE(f.engine.postpone(f.admin, postponed, {}).ok());
    REQUIRE(f.engine.callNext(f.consultant).ok()); // called, never came, never marked

    // Tuesday morning, before anyone expired Monday's tickets.
    f.at(kTuesday, 8, 30);
    REQUIRE(f.engine.requeue(f.admin, postponed).ok()); // back "in the queue", but of Monday
    CHECK(codeOf(f.engine.callNext(f.admin)) == ErrorCode::QueueEmpty);
    CHECK(f.stage(waiting).state == StageState::Waiting);
    CHECK(f.stage(postponed).state == StageState::Waiting);
    // Today's numbering starts again.
    const Id today = f.issue(F::kAdminQueue).id;
    CHECK(f.stage(today).ticket == u"А-001"_s);
    CHECK(f.stage(waiting).ticket == u"А-001"_s);
    // Yesterday's ticket cannot be called by choice either: its number is being issued again today.
    const auto stale = f.engine.callVisit(f.admin, waiting);
    REQUIRE(codeOf(stale) == ErrorCode::InvalidTransition);
    CHECK(stale.error().message.contains(u"А-001"_s));
    CHECK(stale.error().message.contains(u"2026-11-23"_s));
    CHECK(f.stage(waiting).state == StageState::Waiting);
    CHECK(codeOf(f.engine.callVisit(f.admin, postponed)) == ErrorCode::InvalidTransition);
    // Yesterday's tickets do not stand ahead of today's.
    CHECK(f.engine.position(today).ahead == 0);
    CHECK(f.engine.position(today).expectedWaitMinutes == 0);

    f.at(kTuesday, 8, 31);
    const QList<Visit> expired = f.engine.expireStaleVisits();
    QList<Id> ids;
    for (const Visit &v : expired) {
        ids.append(v.id);
        // A ticket never served is recorded as unserved (not as cancelled by nobody); one called
        // and never started is a no-show; both end at Monday's closing time, not when the server
        // noticed on Tuesday.
        CHECK(v.currentStage()->state == (v.id == calledK ? StageState::NoShow : StageState::Unserved));
        CHECK(v.currentStage()->finishedAt == msk(kMonday, 17, 0));
        CHECK_FALSE(v.currentStage()->note.isEmpty());
    }
    std::sort(ids.begin(), ids.end());
    CHECK(ids == QList<Id>{waiting, postponed, calledK});
    // Finished visits of earlier days, including those just expired (the caller persists the
    // returned copies), are dropped from memory.
    CHECK(f.engine.visit(done) == nullptr);
    CHECK(f.engine.visit(waiting) == nullptr);
    CHECK(f.engine.visit(calledK) == nullptr);
    CHECK(f.engine.visitAtDesk(F::kConsultDesk) == nullptr);
    CHECK(f.stage(today).state == StageState::Waiting);
    CHECK(f.engine.activeVisits(F::kCentre).size() == 1);
    CHECK(f.engine.expireStaleVisits().isEmpty()); // idempotent

    // The consultant desk is free again and today's ticket is served.
    CHECK(codeOf(f.engine.callNext(f.consultant)) == ErrorCode::QueueEmpty);
    const auto v = f.engine.callNext(f.admin);
    REQUIRE(v.ok());
    CHECK(v->id == today);
}

TEST_CASE("Engine: loading state from storage continues ids and numbers", "[engine]")
{
    F f;
    Visit v;
    v.id = 500;
    v.centreId = F::kCentre;
    v.createdAt = msk(kMonday, 8, 30);
    Stage s;
    s.queueId = F::kAdminQueue;
    s.role = StageRole::Administrator;
    s.ticket = u"А-017"_s;
    s.ticketNumber = 17;
    s.serviceDate = kMonday;
    s.queuedAt = v.createdAt;
    v.stages.append(s);
    f.engine.loadVisit(v);
    const Visit next = f.issue(F::kAdminQueue);
    CHECK(next.id == 501);
    CHECK(next.stages.first().ticket == u"А-018"_s);
    CHECK(f.engine.position(next.id).ahead == 1);
}

TEST_CASE("Engine: priority can be set later, only to a known category, only on an open visit", "[engine]")
{
    F f;
    f.openAll();
    const Id r = f.issue(F::kAdminQueue).id;
    const Id later = f.issue(F::kAdminQueue).id;
    CHECK(codeOf(f.engine.setPriority(later, u"vip"_s)) == ErrorCode::InvalidArgument);
    const auto p = f.engine.setPriority(later, u"parent"_s);
    REQUIRE(p.ok());
    CHECK(p->version == 2);
    CHECK(f.engine.position(r).ahead == 1);
    REQUIRE(f.engine.callNext(f.admin)->id == later);
    REQUIRE(f.engine.noShow(f.admin, later).ok());
    CHECK(codeOf(f.engine.setPriority(later, {})) == ErrorCode::InvalidTransition);
    CHECK(codeOf(f.engine.setPriority(9999, {})) == ErrorCode::NotFound);
}

TEST_CASE("Engine: cancel by reception, even of a ticket called elsewhere; never of one being served",
          "[engine]")
{
    F f;
    f.openAll();
    const Id a = f.issue(F::kConsultQueue).id;
    REQUIRE(f.engine.callNext(f.consultant).ok());
    Actor reception{101, Role::Administrator, 0};
    const auto c = f.engine.cancel(reception, a, u"передумал"_s);
    REQUIRE(c.ok());
    CHECK(c->currentStage()->state == StageState::Cancelled);
    CHECK(f.engine.visitAtDesk(F::kConsultDesk) == nullptr);

    const Id b = f.issue(F::kConsultQueue).id;
    REQUIRE(f.engine.callNext(f.consultant).ok());
    REQUIRE(f.engine.start(f.consultant, b).ok());
    CHECK(codeOf(f.engine.cancel(reception, b, {})) == ErrorCode::InvalidTransition);
    CHECK(codeOf(f.engine.cancel(f.consultant, b, {})) == ErrorCode::InvalidTransition);
    CHECK(codeOf(f.engine.cancel(reception, 4242, {})) == ErrorCode::NotFound);
}

TEST_CASE("Engine: a service still open at the end of the day is closed as done at closing time", "[engine]")
{
    F f;
    f.openAll();
    f.at(16, 40);
    const Id id = f.issue(F::kAdminQueue).id;
    f.at(16, 50);
    REQUIRE(f.engine.callVisit(f.admin, id).ok());
    REQUIRE(f.engine.start(f.admin, id).ok());
    // Nobody pressed "finish"; the next morning the server closes the day.
    f.at(kTuesday, 8, 0);
    const QList<Visit> expired = f.engine.expireStaleVisits();
    REQUIRE(expired.size() == 1);
    const Stage &s = *expired.first().currentStage();
    CHECK(s.state == StageState::Done);
    CHECK(s.finishedAt == msk(kMonday, 17, 0)); // 10 minutes of service, not 15 hours
    CHECK(f.engine.visitAtDesk(F::kAdminDesk) == nullptr);
}

TEST_CASE("Engine: desks left open are closed after hours, unless someone is still being served", "[engine]")
{
    F f;
    f.openAll();
    f.at(16, 40);
    const Id id = f.issue(F::kAdminQueue).id;
    f.at(16, 55);
    REQUIRE(f.engine.callVisit(f.admin, id).ok());
    REQUIRE(f.engine.start(f.admin, id).ok());
    CHECK(f.engine.closeIdleDesksAfterHours().isEmpty()); // still open hours
    f.at(17, 1);
    const QList<Desk> closed = f.engine.closeIdleDesksAfterHours();
    CHECK(closed.size() == 2); // consultant and cashier desks; the administrator is serving
    for (const Desk &d : closed) {
        CHECK(d.state == DeskState::Closed);
        CHECK(d.staffId == 0);
        CHECK(d.id != F::kAdminDesk);
    }
    REQUIRE(f.engine.finish(f.admin, id).ok());
    CHECK(f.engine.closeIdleDesksAfterHours().size() == 1);
    CHECK(f.engine.closeIdleDesksAfterHours().isEmpty());
}
