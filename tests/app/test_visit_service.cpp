// The visit commands of the application layer: what each changes, stores and publishes.
#include "CoreTestSupport.h"

#include <app/VisitService.h>
#include <protocol/FrameDecoder.h>
#include <protocol/Ops.h>

#include <QJsonObject>

using namespace okno;
using namespace okno::test;
using namespace Qt::StringLiterals;
namespace names = okno::protocol::events;

namespace {

QJsonObject dataOf(const Event &e)
{
    return protocol::parseJson(e.payload).object();
}

// The one visit a change stores, and its single event of the given type.
void requireVisitChange(const app::VisitDone &done, const QString &type, Id actorId, const QDateTime &at)
{
    REQUIRE(done.change.writes.size() == 1);
    const auto *put = std::get_if<WriteBatch::PutVisit>(&done.change.writes.changes.first());
    REQUIRE(put);
    CHECK(put->visit.id == done.visit.id);
    REQUIRE(done.change.events.size() == 1);
    const Event &e = done.change.events.first();
    CHECK(e.type == type);
    CHECK(e.seq == 0); // the log's writer numbers it
    CHECK(e.at == at);
    CHECK(e.centreId == done.visit.centreId);
    CHECK(e.visitId == done.visit.id);
    CHECK(e.actorId == actorId);
    const QJsonObject data = dataOf(e);
    CHECK(data.value(u"visit"_s).toObject().value(u"id"_s).toInteger() == qint64(done.visit.id));
    CHECK(data.contains(u"position"_s) == done.position.has_value());
}

} // namespace

TEST_CASE("a visit command changes the engine and says what to store and publish", "[app]")
{
    CentreFixture f;
    app::VisitService visits(f.engine);
    f.openAll();

    IssueRequest r;
    r.centreId = f.kCentre;
    r.queueId = f.kAdminQueue;
    r.channel = u"reception"_s;
    r.createdBy = f.admin.staffId;
    auto issued = visits.issue(r);
    REQUIRE(issued);
    CHECK(f.engine.visit(issued->visit.id)); // the state changed
    REQUIRE(issued->position);
    CHECK(issued->position->ahead == 0);
    requireVisitChange(*issued, names::VisitIssued, f.admin.staffId, f.clock.now());
    const QJsonObject position = dataOf(issued->change.events.first()).value(u"position"_s).toObject();
    CHECK(position.value(u"ahead"_s).toInt(-1) == 0);

    f.clock.advanceMins(2);
    auto called = visits.callNext(f.admin);
    REQUIRE(called);
    CHECK(called->visit.id == issued->visit.id);
    CHECK_FALSE(called->position);
    requireVisitChange(*called, names::VisitCalled, f.admin.staffId, f.clock.now());
    CHECK(f.engine.visit(called->visit.id)->currentStage()->state == StageState::Called);

    REQUIRE(visits.start(f.admin, called->visit.id));
    auto routed = visits.route(f.admin, called->visit.id, f.kCashQueue, u"оплата"_s);
    REQUIRE(routed);
    REQUIRE(routed->position); // the new ticket's place
    requireVisitChange(*routed, names::VisitRouted, f.admin.staffId, f.clock.now());
    CHECK(routed->visit.currentStage()->queueId == f.kCashQueue);

    auto prioritised = visits.setPriority(f.admin, routed->visit.id, u"veteran"_s);
    REQUIRE(prioritised);
    requireVisitChange(*prioritised, names::VisitPriorityChanged, f.admin.staffId, f.clock.now());
}

TEST_CASE("a refused visit command changes nothing and stores nothing", "[app]")
{
    CentreFixture f;
    app::VisitService visits(f.engine);
    // The desks are closed: nobody can be called.
    const Visit v = f.issue();
    auto called = visits.callNext(f.admin);
    REQUIRE_FALSE(called);
    CHECK(called.error().code == ErrorCode::DeskUnavailable);
    CHECK(f.engine.visit(v.id)->currentStage()->state == StageState::Waiting);

    auto cancelled = visits.cancel(f.admin, v.id + 100, u"нет такого"_s);
    REQUIRE_FALSE(cancelled);
    CHECK(cancelled.error().code == ErrorCode::NotFound);
}

TEST_CASE("the day's end closes what is left, done by the server itself", "[app]")
{
    CentreFixture f;
    app::VisitService visits(f.engine);
    auto opened = visits.openDesk(f.kAdminDesk, f.admin.staffId);
    REQUIRE(opened);
    REQUIRE(opened->change.events.size() == 1);
    CHECK(opened->change.events.first().type == QString(names::DeskOpened));
    CHECK(opened->change.events.first().actorId == f.admin.staffId);
    CHECK(dataOf(opened->change.events.first()).value(u"desk"_s).toObject().value(u"id"_s).toInteger() ==
          qint64(f.kAdminDesk));
    const Visit v = f.issue();

    f.at(19, 0); // closed for the day, and its after-closing service is over
    const QList<app::DeskDone> closed = visits.closeIdleAfterHours();
    REQUIRE(closed.size() == 1);
    CHECK(closed.first().desk.state == DeskState::Closed);
    CHECK(closed.first().change.events.first().type == QString(names::DeskClosed));
    CHECK(closed.first().change.events.first().actorId == 0);

    CHECK(visits.expireStale().isEmpty()); // still its own day
    f.clock.set(msk(kTuesday, 0, 30));
    const QList<app::VisitDone> expired = visits.expireStale();
    REQUIRE(expired.size() == 1);
    CHECK(expired.first().visit.id == v.id);
    CHECK_FALSE(expired.first().visit.isOpen());
    requireVisitChange(expired.first(), names::VisitExpired, 0, f.clock.now());
    CHECK(visits.expireStale().isEmpty()); // once
}
