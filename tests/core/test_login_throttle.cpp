// Password guessing, counted per login and per address across connections: growing delays, then a
// lockout that lasts its time or until lifted; the right password does not get through a lockout.
#include <core/LoginThrottle.h>

#include <catch2/catch.hpp>

using namespace okno;
using namespace Qt::StringLiterals;

namespace {

const QDateTime t0(QDate(2026, 12, 3), QTime(9, 0), Qt::UTC);

// One failed attempt, begun and finished at `at`; false when it was not even allowed.
bool fail(LoginThrottle &t, const QString &login, const QString &address, const QDateTime &at)
{
    if (!t.begin(login, address, at).allowed)
        return false;
    t.finish(login, address, false, at);
    return true;
}

} // namespace

TEST_CASE("a few wrong passwords cost nothing; then each attempt waits longer", "[throttle]")
{
    LoginThrottle t; // account: delays after 3, lockout after 10
    QDateTime now = t0;
    for (int i = 0; i < 3; ++i)
        REQUIRE(fail(t, u"manager"_s, u"10.0.0.1"_s, now));
    // The fourth attempt at once is refused without a check, saying how long to wait.
    LoginThrottle::Verdict v = t.begin(u"manager"_s, u"10.0.0.7"_s, now);
    CHECK_FALSE(v.allowed);
    CHECK_FALSE(v.locked);
    CHECK(v.kind == LoginThrottle::Kind::Account);
    CHECK(v.retryAt == now.addSecs(1));
    CHECK(v.message.contains(u"try again in 1 s"_s));
    // The waits double: 1, 2, 4, 8 s after the latest failure.
    for (int wait : {1, 2, 4, 8}) {
        CHECK_FALSE(t.begin(u"manager"_s, u"10.0.0.1"_s, now.addMSecs(wait * 1000 - 1)).allowed);
        now = now.addSecs(wait);
        REQUIRE(fail(t, u"manager"_s, u"10.0.0.1"_s, now));
    }
    // Another login from another address is not held up by it.
    CHECK(t.begin(u"admin1"_s, u"10.0.0.2"_s, now).allowed);
}

TEST_CASE("the lockout count locks a login for its time, the right password included", "[throttle]")
{
    ThrottlePolicy p;
    p.accountDelayAfter = 100; // no delays here: only the count
    p.addressDelayAfter = 100;
    LoginThrottle t(p);
    for (int i = 0; i < 9; ++i)
        REQUIRE(fail(t, u"manager"_s, u"10.0.0.%1"_s.arg(i), t0.addSecs(i)));
    REQUIRE(fail(t, u"manager"_s, u"10.0.0.9"_s, t0.addSecs(9))); // the 10th
    const LoginThrottle::Verdict v = t.begin(u"manager"_s, u"10.0.0.50"_s, t0.addSecs(10));
    CHECK_FALSE(v.allowed);
    CHECK(v.locked);
    CHECK(v.retryAt == t0.addSecs(9 + 15 * 60));
    CHECK(v.message.contains(u"locked until 2026-12-03 09:15 UTC"_s));
    CHECK_FALSE(t.begin(u"manager"_s, u"10.0.0.50"_s, t0.addSecs(9 + 15 * 60 - 1)).allowed);
    // The lockout ends by itself …
    CHECK(t.begin(u"manager"_s, u"10.0.0.50"_s, t0.addSecs(9 + 15 * 60)).allowed);
}

TEST_CASE("unknown logins count the same as real ones: the answers tell nothing", "[throttle]")
{
    LoginThrottle t;
    for (int i = 0; i < 10; ++i)
        REQUIRE(fail(t, u"no-such-login"_s, u"10.0.0.%1"_s.arg(i), t0.addSecs(i * 60)));
    const auto v = t.begin(u"no-such-login"_s, u"10.0.0.99"_s, t0.addSecs(600));
    CHECK(v.locked);
}

TEST_CASE("one address guessing many logins is stopped by its address", "[throttle]")
{
    ThrottlePolicy p;
    p.addressDelayAfter = 1000; // only the count here; the delays are the same rule as a login's
    LoginThrottle t(p);         // address lockout after 50
    QDateTime now = t0;
    int checked = 0;
    for (int i = 0; i < 1000; ++i) { // two a second: all within one lockout
        now = now.addMSecs(500);
        if (fail(t, u"login%1"_s.arg(i), u"10.9.9.9"_s, now))
            ++checked;
    }
    CHECK(checked == 50);
    const auto v = t.begin(u"someone"_s, u"10.9.9.9"_s, now);
    CHECK(v.locked);
    CHECK(v.kind == LoginThrottle::Kind::Address);
    // Others are not.
    CHECK(t.begin(u"someone"_s, u"10.0.0.1"_s, now).allowed);
}

TEST_CASE("checks in progress count: a burst cannot slip past the lockout", "[throttle]")
{
    ThrottlePolicy p;
    p.accountDelayAfter = 100;
    p.addressDelayAfter = 1000;
    p.addressLockoutAfter = 1000;
    p.maxChecksPerLogin = 1000; // here only the count
    LoginThrottle t(p);
    int begun = 0;
    for (int i = 0; i < 100; ++i)
        if (t.begin(u"manager"_s, u"10.0.%1.1"_s.arg(i), t0).allowed)
            ++begun;
    CHECK(begun == 10); // the lockout count, not one more
    for (int i = 0; i < 10; ++i)
        t.finish(u"manager"_s, u"10.0.%1.1"_s.arg(i), false, t0);
    CHECK(t.begin(u"manager"_s, u"10.0.0.1"_s, t0).locked);
}

TEST_CASE("at most two checks at once for one login: a burst waits its turn", "[throttle]")
{
    LoginThrottle t;
    CHECK(t.begin(u"manager"_s, u"10.0.0.1"_s, t0).allowed);
    CHECK(t.begin(u"manager"_s, u"10.0.0.2"_s, t0).allowed);
    const auto third = t.begin(u"manager"_s, u"10.0.0.3"_s, t0);
    CHECK_FALSE(third.allowed);
    CHECK(third.transient); // busy, not guessing: the server answers unavailable, a client retries
    CHECK(third.message.contains(u"in progress"_s));
    CHECK(t.begin(u"admin1"_s, u"10.0.0.3"_s, t0).allowed); // another login is not held up
    t.finish(u"manager"_s, u"10.0.0.1"_s, false, t0);
    CHECK(t.begin(u"manager"_s, u"10.0.0.3"_s, t0).allowed);
}

TEST_CASE("a success clears the login's count but not the address's", "[throttle]")
{
    LoginThrottle t;
    for (int i = 0; i < 3; ++i)
        REQUIRE(fail(t, u"cashier1"_s, u"10.0.0.1"_s, t0.addSecs(i * 10)));
    REQUIRE(t.begin(u"cashier1"_s, u"10.0.0.1"_s, t0.addSecs(60)).allowed);
    t.finish(u"cashier1"_s, u"10.0.0.1"_s, true, t0.addSecs(60));
    const auto entries = t.entries(t0.addSecs(61));
    REQUIRE(entries.size() == 1);
    CHECK(entries.constFirst().kind == LoginThrottle::Kind::Address);
    CHECK(entries.constFirst().failures == 3);
}

TEST_CASE("a system administrator sees and lifts lockouts", "[throttle]")
{
    LoginThrottle t;
    for (int i = 0; i < 10; ++i)
        REQUIRE(fail(t, u"manager"_s, u"10.0.0.%1"_s.arg(i), t0.addSecs(i * 60)));
    const QDateTime now = t0.addSecs(600);
    const auto entries = t.entries(now);
    REQUIRE_FALSE(entries.isEmpty());
    CHECK(entries.constFirst().key == u"manager"_s);
    CHECK(entries.constFirst().lockedUntil == t0.addSecs(540 + 900));
    CHECK(entries.constFirst().failures == 10);
    CHECK(t.lift(LoginThrottle::Kind::Account, u"manager"_s));
    CHECK(t.begin(u"manager"_s, u"10.0.0.1"_s, now).allowed);
    CHECK_FALSE(t.lift(LoginThrottle::Kind::Account, u"nobody"_s));
}

TEST_CASE("failures older than the window are forgotten, and memory with them", "[throttle]")
{
    LoginThrottle t;
    for (int i = 0; i < 5000; ++i)
        fail(t, u"guess%1"_s.arg(i), u"10.%1.%2.1"_s.arg(i / 250).arg(i % 250), t0);
    CHECK(t.size() > 5000);
    t.prune(t0.addSecs(15 * 60 + 1));
    CHECK(t.size() == 0);
    CHECK(t.entries(t0.addSecs(15 * 60 + 1)).isEmpty());
}

TEST_CASE(
    "checks that ended on other nodes count as this node's: a guesser spread over nodes is counted once",
    "[throttle]")
{
    ThrottlePolicy p;
    p.accountDelayAfter = 100; // only the count here
    p.addressDelayAfter = 100;
    p.accountLockoutAfter = 5;
    LoginThrottle t(p);
    // Three failures here and two on other nodes, told out of order: the fifth locks the login,
    // from the latest failure on.
    REQUIRE(fail(t, u"manager"_s, u"10.0.0.1"_s, t0));
    t.countElsewhere(u"manager"_s, u"10.0.0.1"_s, false, t0.addSecs(4), t0.addSecs(5));
    REQUIRE(fail(t, u"manager"_s, u"10.0.0.1"_s, t0.addSecs(5)));
    t.countElsewhere(u"manager"_s, u"10.0.0.1"_s, false, t0.addSecs(2), t0.addSecs(6));
    CHECK(t.begin(u"manager"_s, u"10.0.0.1"_s, t0.addSecs(6)).allowed); // four so far
    t.finish(u"manager"_s, u"10.0.0.1"_s, false, t0.addSecs(7));
    const LoginThrottle::Verdict v = t.begin(u"manager"_s, u"10.0.0.1"_s, t0.addSecs(8));
    CHECK_FALSE(v.allowed);
    CHECK(v.locked);
    CHECK(v.retryAt == t0.addSecs(7 + 15 * 60));
    const QList<LoginThrottle::Entry> entries = t.entries(t0.addSecs(8));
    REQUIRE_FALSE(entries.isEmpty());
    CHECK(entries.first().failures == 5);

    // A success elsewhere clears another login's failures here, as one here does; the address keeps
    // its count. A failure older than the window counts for nothing.
    REQUIRE(fail(t, u"admin1"_s, u"10.0.0.2"_s, t0));
    REQUIRE(t.hasFailures(LoginThrottle::Kind::Account, u"admin1"_s));
    t.countElsewhere(u"admin1"_s, u"10.0.0.2"_s, true, t0.addSecs(1), t0.addSecs(1));
    CHECK_FALSE(t.hasFailures(LoginThrottle::Kind::Account, u"admin1"_s));
    CHECK(t.hasFailures(LoginThrottle::Kind::Address, u"10.0.0.2"_s));
    t.countElsewhere(u"cashier1"_s, u"10.0.0.3"_s, false, t0, t0.addSecs(16 * 60));
    CHECK_FALSE(t.hasFailures(LoginThrottle::Kind::Account, u"cashier1"_s));
    CHECK_FALSE(t.hasFailures(LoginThrottle::Kind::Address, u"10.0.0.3"_s));
}
