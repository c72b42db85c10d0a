// Centres with owners of their own (several nodes sharing the load on PostgreSQL): a lease per
// centre, the nodes present, and a fence that checks the token of each centre a write touches.
#include "StorageTestSupport.h"

#include <QElapsedTimer>
#include <QThread>

using namespace okno;
using namespace okno::test;

namespace {

const QDate kDay(2024, 3, 4);
const QDateTime kNow(kDay, QTime(9, 0), Qt::UTC);

// A waiting visit of centre 1 (queue 11) or 2 (queue 14).
Visit visitIn(Id centreId, Id id)
{
    Visit v = makeVisit(id, kDay, int(id));
    v.centreId = centreId;
    if (centreId == 2)
        v.stages.first().queueId = 14;
    return v;
}

QStringList holdersOf(const QList<Database::Lease> &nodes)
{
    QStringList holders;
    for (const Database::Lease &n : nodes)
        holders.append(n.holder);
    return holders;
}

} // namespace

TEST_CASE("each centre has one owner at a time, and a write checks the lease of each centre it touches",
          "[storage][lease]")
{
    TempDatabase t;
    requireOk(t.open()->apply(seedConfigurationBatch()));
    auto a = t.open(); // node a's lease connection
    auto b = t.open(); // node b's
    if (!t.isPostgres()) {
        // One process owns an SQLite file: there are no leases to take.
        const auto centre = a->tryTakeCentre(1, u"node-a"_s, u"a:7455"_s, kNow);
        REQUIRE_FALSE(centre.ok());
        CHECK(centre.error().code == ErrorCode::InvalidArgument);
        const Status node = a->announceNode(u"node-a"_s, u"a:7455"_s, kNow);
        REQUIRE_FALSE(node.ok());
        CHECK(node.error().code == ErrorCode::InvalidArgument);
        return;
    }
    requireOk(a->announceNode(u"node-a"_s, u"a:7455"_s, kNow));
    requireOk(b->announceNode(u"node-b"_s, u"b:7455"_s, kNow));
    CHECK(holdersOf(requireValue(t.open()->liveNodes())) == QStringList{u"node-a"_s, u"node-b"_s});
    // A second node of the same name is refused while the first lives.
    {
        auto twin = t.open();
        const Status refused = twin->announceNode(u"node-a"_s, u"elsewhere:7455"_s, kNow);
        REQUIRE_FALSE(refused.ok());
        CHECK(refused.error().code == ErrorCode::Conflict);
        CHECK(refused.error().message.contains(u"a:7455"_s));
    }

    // Node a takes both centres; node b finds them taken.
    const auto a1 = requireValue(a->tryTakeCentre(1, u"node-a"_s, u"a:7455"_s, kNow));
    const auto a2 = requireValue(a->tryTakeCentre(2, u"node-a"_s, u"a:7455"_s, kNow));
    REQUIRE(a1.has_value());
    REQUIRE(a2.has_value());
    CHECK_FALSE(requireValue(b->tryTakeCentre(1, u"node-b"_s, u"b:7455"_s, kNow)).has_value());
    CHECK_FALSE(requireValue(b->tryTakeCentre(2, u"node-b"_s, u"b:7455"_s, kNow)).has_value());
    auto owners = requireValue(t.open()->centreOwners());
    REQUIRE(owners.size() == 2);
    CHECK(owners.value(1).holder == u"node-a"_s);
    CHECK(owners.value(1).address == u"a:7455"_s);
    CHECK(owners.value(2).token == a2->token);
    // A centre id no advisory lock can hold is refused, not truncated onto another's lock.
    CHECK(a->tryTakeCentre(Id(1) << 40, u"node-a"_s, u"a:7455"_s, kNow).error().code ==
          ErrorCode::InvalidArgument);

    // Node a's writer, fenced by centre.
    auto writerA = t.open();
    writerA->fenceByCentre();
    writerA->setCentreFence(1, a1->token);
    writerA->setCentreFence(2, a2->token);
    requireOk(writerA->apply(WriteBatch().putVisit(visitIn(1, 1)).appendEvent(makeEvent(0))));
    requireOk(writerA->apply(WriteBatch().putVisit(visitIn(2, 2))));
    // A company-wide change needs the company's lease, which node a does not hold: a company-wide
    // account, a setting.
    const Status account =
        writerA->apply(WriteBatch().putStaff(makeStaff(34, 0, u"sysadmin2"_s, Role::SystemAdministrator)));
    REQUIRE_FALSE(account.ok());
    CHECK(account.error().code == ErrorCode::Unavailable);
    CHECK(account.error().message.contains(u"company's lease"_s));
    CHECK_FALSE(requireValue(writerA->findLogin(u"sysadmin2"_s)).has_value());
    CHECK_FALSE(writerA->apply(WriteBatch().putSetting(u"k"_s, u"v"_s)).ok());
    // An account of a centre it owns (one's own new password, written where one's centre is
    // served) goes through that centre's lease.
    requireOk(writerA->apply(
        WriteBatch().putStaff(makeStaff(31, 1, u"admin1"_s, Role::Administrator), u"hash-31b"_s)));
    CHECK(requireValue(writerA->findLogin(u"admin1"_s))->passwordHash == u"hash-31b"_s);

    // Node a lets centre 2 go — but its writer is not told (a node that has not noticed yet) —
    // and node b takes it: the token moves on, and a's write of centre 2 is refused, with the
    // part of the same commit that is centre 1's; centre 1 alone still goes through.
    requireOk(a->releaseCentre(2));
    CHECK(a->releaseCentre(2).error().code == ErrorCode::InvalidTransition); // not held any more
    const auto b2 = requireValue(b->tryTakeCentre(2, u"node-b"_s, u"b:7455"_s, kNow));
    REQUIRE(b2.has_value());
    CHECK(b2->token == a2->token + 1);
    const Status both = writerA->apply(WriteBatch().putVisit(visitIn(1, 3)).putVisit(visitIn(2, 4)));
    REQUIRE_FALSE(both.ok());
    CHECK(both.error().code == ErrorCode::Unavailable);
    CHECK(both.error().message.contains(u"centre 2"_s));
    CHECK(both.error().message.contains(u"node-b"_s));
    CHECK_FALSE(requireValue(writerA->loadVisit(3)).has_value());
    CHECK_FALSE(requireValue(writerA->loadVisit(4)).has_value());
    requireOk(writerA->apply(WriteBatch().putVisit(visitIn(1, 3))));

    // A writer touching a centre it holds no token for is refused before anything is read.
    auto writerB = t.open();
    writerB->fenceByCentre();
    writerB->setCentreFence(2, b2->token);
    const Status foreign = writerB->apply(WriteBatch().putVisit(visitIn(1, 5)));
    REQUIRE_FALSE(foreign.ok());
    CHECK(foreign.error().message.contains(u"centre 1 is not this node's"_s));
    requireOk(writerB->apply(WriteBatch().putVisit(visitIn(2, 6))));

    // Another company's database on the same PostgreSQL cluster, whose first node has the same
    // numbers here (node 1, centre 1, the company's lease): advisory locks are the cluster's, and
    // another database's count for nobody here.
    {
        auto gone = t.open(); // here the company's lease was held by a node that has died since
        REQUIRE(requireValue(gone->tryTakeLease(u"node-c"_s, u"c:7455"_s, kNow)).has_value());
    }
    TempDatabase otherCompany;
    requireOk(otherCompany.open()->apply(seedConfigurationBatch()));
    auto x = otherCompany.open();
    requireOk(x->announceNode(u"node-x"_s, u"x:7455"_s, kNow));
    REQUIRE(requireValue(x->tryTakeCentre(1, u"node-x"_s, u"x:7455"_s, kNow)).has_value());
    REQUIRE(requireValue(x->tryTakeLease(u"node-x"_s, u"x:7455"_s, kNow)).has_value());
    QElapsedTimer ended; // (the dead node's session ends shortly after its client hung up)
    ended.start();
    while (requireValue(b->heldLease()).has_value() && !ended.hasExpired(10000))
        QThread::msleep(20);
    CHECK_FALSE(requireValue(b->heldLease()).has_value());

    // Node a dies: its presence and its centre go with its connection, and node b takes centre 1;
    // a's writer, still running, writes nothing more of it.
    a.reset();
    // The server process ends a's session (and frees its locks) shortly after the client hung
    // up, not at once: looked at again for up to ten seconds.
    QElapsedTimer gone;
    gone.start();
    while (holdersOf(requireValue(b->liveNodes())) != QStringList{u"node-b"_s} && !gone.hasExpired(10000))
        QThread::msleep(20);
    CHECK(holdersOf(requireValue(b->liveNodes())) == QStringList{u"node-b"_s});
    owners = requireValue(b->centreOwners());
    CHECK(owners.keys() == QList<Id>{2});
    const auto b1 = requireValue(b->tryTakeCentre(1, u"node-b"_s, u"b:7455"_s, kNow));
    REQUIRE(b1.has_value());
    CHECK(b1->token == a1->token + 1);
    const Status fenced = writerA->apply(WriteBatch().putVisit(visitIn(1, 7)));
    REQUIRE_FALSE(fenced.ok());
    CHECK(fenced.error().message.contains(u"node-b"_s));
    writerB->setCentreFence(1, b1->token);
    requireOk(writerB->apply(WriteBatch().putVisit(visitIn(1, 8)).putVisit(visitIn(2, 9))));

    CHECK(t.raw(u"SELECT COUNT(*) FROM visits"_s).toInt() == 6); // 1, 2, 3, 6, 8, 9
    CHECK_FALSE(requireValue(writerB->loadVisit(7)).has_value());
    CHECK(requireValue(b->centreOwners()).value(1).holder == u"node-b"_s);
}
