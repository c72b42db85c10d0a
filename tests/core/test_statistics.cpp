// Statistics: order statistics of durations (Summary::of) and per-role waits and services in
// working time (computeStatistics).

#include "CoreTestSupport.h"

#include "core/Statistics.h"

#include <algorithm>
#include <random>

using namespace okno;
using namespace okno::test;
using namespace Qt::StringLiterals;

namespace {

QList<qint64> range(qint64 from, qint64 to)
{
    QList<qint64> out;
    for (qint64 i = from; i <= to; ++i)
        out.append(i);
    return out;
}

QList<qint64> shuffled(QList<qint64> l)
{
    std::mt19937 rng(20261123);
    std::shuffle(l.begin(), l.end(), rng);
    return l;
}

constexpr qint64 kMin = 60;

} // namespace

TEST_CASE("Summary: an empty list is all zeros", "[statistics]")
{
    const Summary s = Summary::of({}, 600);
    CHECK(s.count == 0);
    CHECK(s.mean == 0);
    CHECK(s.median == 0);
    CHECK(s.p90 == 0);
    CHECK(s.max == 0);
    CHECK(s.withinNorm == 0);
    CHECK(s.withinNormShare == 0);
}

TEST_CASE("Summary: 1..10 in any order", "[statistics]")
{
    const Summary s = Summary::of(shuffled(range(1, 10)), 5);
    CHECK(s.count == 10);
    CHECK(s.mean == Approx(5.5));
    CHECK(s.median == Approx(5.5)); // even count: mean of the two middle values
    CHECK(s.p90 == 9);              // nearest rank: ceil(0.9·10) = 9th
    CHECK(s.max == 10);
    CHECK(s.withinNorm == 5); // ≤ 5, the norm itself included
    CHECK(s.withinNormShare == Approx(0.5));
}

TEST_CASE("Summary: 1..20", "[statistics]")
{
    const Summary s = Summary::of(shuffled(range(1, 20)), 100);
    CHECK(s.count == 20);
    CHECK(s.mean == Approx(10.5));
    CHECK(s.median == Approx(10.5));
    CHECK(s.p90 == 18);
    CHECK(s.max == 20);
    CHECK(s.withinNorm == 20);
    CHECK(s.withinNormShare == Approx(1.0));
}

TEST_CASE("Summary: odd counts, one value, repeated values", "[statistics]")
{
    const Summary odd = Summary::of({300, 100, 200}, 150);
    CHECK(odd.median == 200);
    CHECK(odd.mean == Approx(200));
    CHECK(odd.p90 == 300); // ceil(2.7) = 3rd
    CHECK(odd.withinNorm == 1);
    CHECK(odd.withinNormShare == Approx(1.0 / 3.0));

    const Summary one = Summary::of({42}, 10);
    CHECK(one.median == 42);
    CHECK(one.p90 == 42);
    CHECK(one.max == 42);
    CHECK(one.withinNorm == 0);

    const Summary same = Summary::of({7, 7, 7, 7}, 7);
    CHECK(same.median == 7);
    CHECK(same.p90 == 7);
    CHECK(same.withinNorm == 4);

    // A long outlier moves the mean, not the median.
    const Summary skew = Summary::of({60, 60, 60, 60, 6000}, 600);
    CHECK(skew.median == 60);
    CHECK(skew.mean == Approx(1248));
    CHECK(skew.max == 6000);
    CHECK(skew.withinNorm == 4);
}

TEST_CASE("Summary: p90 is the nearest rank for every size", "[statistics]")
{
    // For 1..n the nearest-rank 90th percentile is the value ceil(9n/10), computed in integers.
    for (qint64 n = 1; n <= 300; ++n) {
        INFO("n = " << n);
        CHECK(Summary::of(range(1, n), 0).p90 == double((9 * n + 9) / 10));
    }
}

TEST_CASE("Statistics: per role waits and services in working time", "[statistics]")
{
    const QDate d = kMonday;
    QList<StageRecord> records;
    const auto rec = [&](Id visit, StageRole role, StageState state, QDateTime queued, QDateTime called,
                         QDateTime started, QDateTime finished) {
        StageRecord r;
        r.visitId = visit;
        r.centreId = 1;
        r.queueId = Id(role) + 1;
        r.role = role;
        r.state = state;
        r.queuedAt = queued;
        r.calledAt = called;
        r.startedAt = started;
        r.finishedAt = finished;
        records.append(r);
    };
    using S = StageState;
    using R = StageRole;
    // Administrator:
    //  1: waited 11:50 → 13:10 across lunch = 20 min, served 13:10 → 13:15 = 5 min, then routed on;
    //  2: waited 09:00 → 09:05 = 5 min, served 09:06 → 09:16 = 10 min;
    //  3: waited 09:00 → 09:30 = 30 min, did not come;
    //  4: cancelled while waiting: no wait counted;
    //  5: still waiting: counted as a stage, no wait yet.
    rec(1, R::Administrator, S::Transferred, msk(d, 11, 50), msk(d, 13, 10), msk(d, 13, 10), msk(d, 13, 15));
    rec(2, R::Administrator, S::Done, msk(d, 9, 0), msk(d, 9, 5), msk(d, 9, 6), msk(d, 9, 16));
    rec(3, R::Administrator, S::NoShow, msk(d, 9, 0), msk(d, 9, 30), {}, msk(d, 9, 35));
    rec(4, R::Administrator, S::Cancelled, msk(d, 9, 0), {}, {}, msk(d, 16, 0));
    rec(5, R::Administrator, S::Waiting, msk(d, 16, 40), {}, {}, {});
    // Consultant: visit 1 again, served past closing: 16:50 → 17:20 counts 10 min of working time.
    rec(1, R::Consultant, S::Done, msk(d, 13, 15), msk(d, 16, 45), msk(d, 16, 50), msk(d, 17, 20));
    // A consultant stage re-routed by reception before it was called: not a wait.
    rec(6, R::Consultant, S::Transferred, msk(d, 10, 0), {}, {}, msk(d, 10, 20));

    const QList<RoleStatistics> stats = computeStatistics(records, Schedule(), Norms());
    REQUIRE(stats.size() == 3);
    CHECK(stats[0].role == R::Administrator);
    CHECK(stats[1].role == R::Consultant);
    CHECK(stats[2].role == R::Cashier);

    const RoleStatistics &a = stats[0];
    CHECK(a.norm == Norm{10, 5});
    CHECK(a.stages == 5);
    CHECK(a.served == 2);
    CHECK(a.noShows == 1);
    CHECK(a.cancelled == 1);
    CHECK(a.wait.count == 3);
    CHECK(a.wait.mean == Approx((20 + 5 + 30) * kMin / 3.0));
    CHECK(a.wait.median == 20 * kMin); // lunch excluded: 20, not 80
    CHECK(a.wait.max == 30 * kMin);
    CHECK(a.wait.withinNorm == 1); // only the 5-minute wait is within 10 minutes
    CHECK(a.service.count == 2);
    CHECK(a.service.mean == Approx(7.5 * kMin));
    CHECK(a.service.withinNorm == 1); // 5 min is within the 5-minute norm, 10 is not

    const RoleStatistics &c = stats[1];
    CHECK(c.norm == Norm{20, 15});
    CHECK(c.stages == 2);
    CHECK(c.served == 1);
    CHECK(c.cancelled == 0);
    CHECK(c.wait.count == 1);
    CHECK(c.wait.max == (3 * 60 + 30) * kMin); // 13:15 → 16:45 = 3 h 30 min, no lunch inside
    CHECK(c.service.count == 1);
    CHECK(c.service.max == 10 * kMin); // the minutes after 17:00 are not working time
    CHECK(c.service.withinNorm == 1);

    const RoleStatistics &k = stats[2];
    CHECK(k.norm == Norm{20, 10});
    CHECK(k.stages == 0);
    CHECK(k.wait.count == 0);
    CHECK(k.service.count == 0);
}

TEST_CASE("Statistics: a centre's own norms and lunch setting are used", "[statistics]")
{
    StageRecord r;
    r.role = StageRole::Cashier;
    r.state = StageState::Done;
    r.queuedAt = msk(kMonday, 11, 50);
    r.calledAt = msk(kMonday, 13, 10);
    r.startedAt = msk(kMonday, 13, 10);
    r.finishedAt = msk(kMonday, 13, 22);
    Norms norms;
    norms.set(StageRole::Cashier, Norm{90, 12});
    Schedule s;
    s.setLunchCountsAsWorkingTime(true);
    const auto stats = computeStatistics({r}, s, norms);
    REQUIRE(stats.size() == 3);
    CHECK(stats[2].norm == Norm{90, 12});
    CHECK(stats[2].wait.max == 80 * kMin);
    CHECK(stats[2].wait.withinNorm == 1);
    CHECK(stats[2].service.max == 12 * kMin);
    CHECK(stats[2].service.withinNorm == 1);
}
