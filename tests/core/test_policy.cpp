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

TEST_CASE("Policy: the run is counted per queue, and the regular ticket of that queue goes next", "[policy]")
{
    QueuePolicyConfig cfg;
    cfg.maxPriorityInRow = 3;
    const auto inRow = [](Id q) { return q == 1 ? 3 : 0; };
    // Queue 1 has had its run: its oldest regular ticket goes, not an older one of queue 2.
    CHECK(picked({regular(1, 0, 5, 2), regular(2, 1, 4, 1), priority(3, 2, 1)}, cfg, inRow) == 2);
    // No regular ticket of queue 1 waits, so nobody of queue 1 is being passed over.
    CHECK(picked({regular(1, 0, 5, 2), priority(3, 2, 1)}, cfg, inRow) == 3);
    // The oldest priority ticket is of queue 2, whose run is empty.
    CHECK(picked({regular(2, 1, 4, 1), priority(4, 2, 2), priority(3, 3, 1)}, cfg, inRow) == 4);
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

namespace {

// Calls the next ticket at the administrator's desk and serves it to the end; its visit id.
Id serveNext(CentreFixture &f)
{
    auto v = f.engine.callNext(f.admin);
    INFO((v.ok() ? std::string() : v.error().message.toStdString()));
    REQUIRE(v.ok());
    REQUIRE(f.engine.start(f.admin, v->id).ok());
    REQUIRE(f.engine.finish(f.admin, v->id).ok());
    return v->id;
}

// The server after a restart: a new engine with the same configuration and clock, loaded with the
// given visits (as the server loads today's visits from storage), with its desks open again.
struct Restarted
{
    CentreFixture f;

    Restarted(const CentreFixture &before, const QList<Id> &visitIds)
    {
        f.clock.set(before.clock.now());
        for (Id id : visitIds)
            f.engine.loadVisit(before.visit(id));
        f.openAll();
    }
};

} // namespace

TEST_CASE("Policy through the engine: priority calls made while no regular ticket waited do not count",
          "[policy][engine]")
{
    // A morning of veterans and no regular visitors; then a regular visitor comes, and a minute
    // later another veteran. Nobody was passed over yet: the veteran goes first.
    CentreFixture f;
    f.openAll();
    for (int i = 0; i < 3; ++i) {
        f.issue(CentreFixture::kAdminQueue, u"veteran"_s);
        f.clock.advanceMins(1);
        serveNext(f);
        f.clock.advanceMins(5);
    }
    const Visit reg = f.issue(CentreFixture::kAdminQueue);
    f.clock.advanceMins(1);
    const Visit vet = f.issue(CentreFixture::kAdminQueue, u"veteran"_s);
    f.clock.advanceMins(1);
    CHECK(serveNext(f) == vet.id);
    CHECK(serveNext(f) == reg.id);
}

TEST_CASE("Policy through the engine: exactly maxPriorityInRow priority calls while a regular waits, then "
          "the regular",
          "[policy][engine]")
{
    CentreFixture f;
    f.openAll();
    REQUIRE(f.engine.centre(CentreFixture::kCentre)->policy.maxPriorityInRow == 3);
    // One veteran served before the regular visitor came: not part of the run.
    f.issue(CentreFixture::kAdminQueue, u"veteran"_s);
    f.clock.advanceMins(1);
    serveNext(f);
    const Visit reg = f.issue(CentreFixture::kAdminQueue);
    QList<Id> priority;
    for (int i = 0; i < 5; ++i) {
        f.clock.advanceMins(1);
        priority.append(f.issue(CentreFixture::kAdminQueue, u"disabled"_s).id);
    }
    QList<Id> order;
    for (int i = 0; i < 6; ++i) {
        f.clock.advanceMins(1);
        order.append(serveNext(f));
    }
    CHECK(order == QList<Id>{priority[0], priority[1], priority[2], reg.id, priority[3], priority[4]});
}

TEST_CASE("Policy through the engine: a regular call, a lone priority call or a postponed regular ticket "
          "end or do not start a run",
          "[policy][engine]")
{
    CentreFixture f;
    f.openAll();
    const Visit r1 = f.issue(CentreFixture::kAdminQueue);
    f.clock.advanceMins(1);
    const Visit r2 = f.issue(CentreFixture::kAdminQueue);
    QList<Id> p;
    for (int i = 0; i < 8; ++i) {
        f.clock.advanceMins(1);
        p.append(f.issue(CentreFixture::kAdminQueue, u"veteran"_s).id);
    }
    QList<Id> order;
    const auto next = [&] {
        f.clock.advanceMins(1);
        order.append(serveNext(f));
    };
    for (int i = 0; i < 4; ++i)
        next(); // three priority calls while r1 and r2 waited, then r1
    CHECK(order == QList<Id>{p[0], p[1], p[2], r1.id});
    // The regular call ended the run: r2 again waits behind at most three.
    // r2 steps away to fetch a document: priority calls meanwhile pass over nobody.
    f.clock.advanceMins(1);
    REQUIRE(f.engine.postpone(f.admin, r2.id, u"за паспортом"_s).ok());
    next();
    next();
    next();
    REQUIRE(f.engine.requeue(f.admin, r2.id).ok());
    next();
    next();
    next();
    CHECK(order == QList<Id>{p[0], p[1], p[2], r1.id, p[3], p[4], p[5], p[6], p[7], r2.id});
}

TEST_CASE("Policy through the engine: the run of priority calls survives a restart", "[policy][engine]")
{
    CentreFixture f;
    f.openAll();
    QList<Id> ids;
    const auto issue = [&](const QString &priority = {}) {
        ids.append(f.issue(CentreFixture::kAdminQueue, priority).id);
        return ids.last();
    };

    SECTION("three priority calls passed over a regular visitor: after a restart the regular one goes next")
    {
        const Id reg = issue();
        for (int i = 0; i < 4; ++i) {
            f.clock.advanceMins(1);
            issue(u"veteran"_s);
        }
        for (int i = 0; i < 3; ++i) {
            f.clock.advanceMins(1);
            serveNext(f);
        }
        Restarted after(f, ids);
        CHECK(serveNext(after.f) == reg);
        CHECK(serveNext(f) == reg);
    }

    SECTION("priority calls with nobody else waiting: after a restart a veteran still goes first")
    {
        for (int i = 0; i < 3; ++i) {
            issue(u"veteran"_s);
            f.clock.advanceMins(1);
            serveNext(f);
        }
        issue();
        f.clock.advanceMins(1);
        const Id vet = issue(u"veteran"_s);
        Restarted after(f, ids);
        CHECK(serveNext(after.f) == vet);
        CHECK(serveNext(f) == vet);
    }

    SECTION("at every call of a busy morning, a restarted engine picks what the running one picks")
    {
        // Arrivals: a regular visitor every 3 minutes, a priority one every 2 (some postponed and
        // back, some cancelled); the desk serves one every 2 minutes.
        int calls = 0;
        for (int minute = 0; minute < 120; ++minute) {
            f.clock.advanceMins(1);
            if (minute % 3 == 0)
                issue();
            if (minute % 2 == 0)
                issue(minute % 10 == 0 ? u"disabled"_s : u"veteran"_s);
            if (minute % 17 == 5) {
                // Reception sets the oldest waiting regular visitor aside, or puts one back.
                for (const Visit &v : f.engine.activeVisits(CentreFixture::kCentre)) {
                    const StageState s = v.currentStage()->state;
                    if (!v.isPriority() && s == StageState::Postponed) {
                        REQUIRE(f.engine.requeue(f.admin, v.id).ok());
                        break;
                    }
                    if (!v.isPriority() && s == StageState::Waiting) {
                        REQUIRE(f.engine.postpone(f.admin, v.id, u"ушёл"_s).ok());
                        break;
                    }
                }
            }
            if (minute % 23 == 7) {
                const QList<Visit> open = f.engine.activeVisits(CentreFixture::kCentre);
                if (!open.isEmpty() && open.last().currentStage()->state == StageState::Waiting)
                    REQUIRE(f.engine.cancel(f.admin, open.last().id, u"ушёл"_s).ok());
            }
            if (minute % 2 == 1) {
                Restarted after(f, ids);
                const auto a = after.f.engine.callNext(after.f.admin);
                const auto b = f.engine.callNext(f.admin);
                REQUIRE(a.ok() == b.ok());
                if (!b.ok())
                    continue;
                INFO("call " << calls << " at minute " << minute);
                REQUIRE(a->id == b->id);
                ++calls;
                REQUIRE(f.engine.start(f.admin, b->id).ok());
                REQUIRE(f.engine.finish(f.admin, b->id).ok());
            }
        }
        CHECK(calls > 40);
    }
}
