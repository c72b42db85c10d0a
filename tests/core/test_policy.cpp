// The queue policy: priority first, but never starving regular visitors — both by the rule
// itself (pickNext) and through the engine with a stream of priority visitors.

#include "CoreTestSupport.h"

#include "core/QueuePolicy.h"

using namespace okno;
using namespace okno::test;
using namespace Qt::StringLiterals;

namespace {

const QDateTime t0 = msk(kMonday, 9, 0);

Candidate regular(Id id, int queuedMin, int waitedMin = -1, Id queue = 1)
{
    return Candidate{id, queue, false, t0.addSecs(60 * queuedMin),
                     60 * qint64(waitedMin < 0 ? 0 : waitedMin)};
}

Candidate priority(Id id, int queuedMin, Id queue = 1)
{
    return Candidate{id, queue, true, t0.addSecs(60 * queuedMin), 0};
}

const auto none = [](Id) { return 0; };

Id picked(const QList<Candidate> &c, const QueuePolicyConfig &cfg, const std::function<int(Id)> &inRow = none)
{
    const auto i = pickNext(c, cfg, inRow);
    REQUIRE(i.has_value());
    REQUIRE(*i >= 0);
    REQUIRE(*i < c.size());
    return c[*i].visitId;
}

} // namespace

TEST_CASE("Policy: nothing waiting, nothing picked", "[policy]")
{
    CHECK_FALSE(pickNext({}, QueuePolicyConfig{}, none).has_value());
}

TEST_CASE("Policy: regular tickets go first come, first served; ties by visit id", "[policy]")
{
    const QueuePolicyConfig cfg;
    CHECK(picked({regular(3, 5), regular(1, 7), regular(2, 6)}, cfg) == 3);
    CHECK(picked({regular(9, 5), regular(4, 5), regular(6, 5)}, cfg) == 4);
    CHECK(picked({priority(9, 5), priority(4, 5)}, cfg) == 4);
}

TEST_CASE("Policy: a priority ticket goes before older regular ones", "[policy]")
{
    const QueuePolicyConfig cfg;
    CHECK(picked({regular(1, 0, 10), regular(2, 1, 9), priority(3, 8)}, cfg) == 3);
    // The oldest priority ticket among several.
    CHECK(picked({priority(5, 9), regular(1, 0, 10), priority(4, 8), priority(6, 7)}, cfg) == 6);
    // Only priority tickets: they are served whatever the count in a row.
    CHECK(picked({priority(5, 9), priority(4, 8)}, cfg, [](Id) { return 1000; }) == 4);
}

TEST_CASE("Policy: after maxPriorityInRow priority calls a waiting regular ticket goes next", "[policy]")
{
    QueuePolicyConfig cfg;
    cfg.maxPriorityInRow = 3;
    const QList<Candidate> c = {regular(1, 0, 5), regular(2, 1, 4), priority(3, 4), priority(7, 5)};
    Id askedFor = 0;
    const auto inRow = [&](int n) {
        return [&askedFor, n](Id q) {
            askedFor = q;
            return n;
        };
    };
    CHECK(picked(c, cfg, inRow(0)) == 3);
    CHECK(picked(c, cfg, inRow(2)) == 3);
    CHECK(picked(c, cfg, inRow(3)) == 1); // the oldest regular
    CHECK(picked(c, cfg, inRow(4)) == 1);
    CHECK(askedFor == 1); // asked about the priority ticket's queue

    cfg.maxPriorityInRow = 1; // strict alternation
    CHECK(picked(c, cfg, inRow(1)) == 1);
}

TEST_CASE("Policy: a regular ticket past the wait limit goes before priority", "[policy]")
{
    QueuePolicyConfig cfg;
    cfg.maxRegularWaitMinutes = 30;
    CHECK(picked({priority(3, 20), regular(1, 0, 29), regular(2, 1, 31)}, cfg) ==
          3); // the oldest regular waited 29
    CHECK(picked({priority(3, 20), regular(1, 0, 30), regular(2, 1, 29)}, cfg) == 1);
    // Working minutes count, not wall-clock: a ticket queued long ago across lunch may still be "fresh".
    Candidate acrossLunch = regular(1, 0);
    acrossLunch.waitedWorkingSecs = 30 * 60 - 1;
    CHECK(picked({priority(3, 20), acrossLunch}, cfg) == 3);
    acrossLunch.waitedWorkingSecs = 30 * 60;
    CHECK(picked({priority(3, 20), acrossLunch}, cfg) == 1);
}

TEST_CASE("Policy through the engine: a stream of priority visitors does not starve a regular one",
          "[policy][engine]")
{
    CentreFixture f;
    f.openAll();
    const int maxInRow = f.engine.centre(CentreFixture::kCentre)->policy.maxPriorityInRow;
    REQUIRE(maxInRow == 3);

    const Visit reg = f.issue(CentreFixture::kAdminQueue);
    for (int i = 0; i < 2; ++i)
        f.issue(CentreFixture::kAdminQueue, u"veteran"_s);

    // Every two minutes a new priority visitor arrives; the desk serves one visitor per two
    // minutes. The regular ticket must be called within maxInRow + 1 calls.
    int calls = 0;
    bool regularCalled = false;
    QStringList order;
    while (!regularCalled && calls < 20) {
        f.clock.advanceMins(1);
        f.issue(CentreFixture::kAdminQueue, u"disabled"_s);
        auto v = f.engine.callNext(f.admin);
        REQUIRE(v.ok());
        ++calls;
        order << v->currentStage()->ticket;
        regularCalled = v->id == reg.id;
        REQUIRE(f.engine.start(f.admin, v->id).ok());
        f.clock.advanceMins(1);
        REQUIRE(f.engine.finish(f.admin, v->id).ok());
    }
    INFO(order.join(u' ').toStdString());
    CHECK(regularCalled);
    CHECK(calls == maxInRow + 1);
    CHECK(f.stage(reg.id).state == StageState::Done);

    // The next regular ticket again waits behind at most maxInRow priority ones.
    const Visit reg2 = f.issue(CentreFixture::kAdminQueue);
    int after = 0;
    for (;;) {
        auto v = f.engine.callNext(f.admin);
        REQUIRE(v.ok());
        ++after;
        REQUIRE(f.engine.start(f.admin, v->id).ok());
        REQUIRE(f.engine.finish(f.admin, v->id).ok());
        if (v->id == reg2.id)
            break;
        f.issue(CentreFixture::kAdminQueue, u"parent"_s);
        REQUIRE(after <= maxInRow);
    }
    CHECK(after == maxInRow + 1);
}

TEST_CASE("Policy through the engine: a regular visitor behind a backlog of priority ones",
          "[policy][engine]")
{
    CentreFixture f;
    f.openAll();
    for (int i = 0; i < 5; ++i)
        f.issue(CentreFixture::kAdminQueue, u"veteran"_s);
    f.clock.advanceMins(1);
    const Visit reg = f.issue(CentreFixture::kAdminQueue);
    int calls = 0;
    while (calls < 6) {
        auto v = f.engine.callNext(f.admin);
        REQUIRE(v.ok());
        ++calls;
        REQUIRE(f.engine.noShow(f.admin, v->id).ok());
        if (v->id == reg.id)
            break;
    }
    // Five priority tickets were ahead; the regular one went after three of them.
    CHECK(calls == 4);
    CHECK(f.stage(reg.id).state == StageState::NoShow);
    CHECK(f.engine.activeVisits(CentreFixture::kCentre).size() == 2);
}
