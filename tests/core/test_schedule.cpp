// The centre's schedule: when it serves, when it issues tickets, and how much working time lies
// between two instants. All instants are built as Moscow wall-clock time unless stated.

#include "CoreTestSupport.h"

#include "core/Schedule.h"

using namespace okno;
using namespace okno::test;
using namespace Qt::StringLiterals;

namespace {

constexpr qint64 kMin = 60;

Schedule withHolidays()
{
    Schedule s;
    s.setException({kHoliday, DayHours::closed(), u"День народного единства"_s});
    s.setException({kShortDay, DayHours{true, QTime(8, 0), QTime(16, 0), {}, {}}, u"Предпраздничный день"_s});
    return s;
}

} // namespace

TEST_CASE("Schedule: a default centre is Mon–Fri 08:00–17:00 with lunch 12:00–13:00 in Moscow", "[schedule]")
{
    const Schedule s;
    CHECK(s.timeZone().id() == QByteArrayLiteral("Europe/Moscow"));
    CHECK(s.lastTicketCutoffMinutes() == 15);
    CHECK_FALSE(s.lunchCountsAsWorkingTime());
    for (int d = 1; d <= 5; ++d)
        CHECK(s.weekday(d) == DayHours::standard());
    CHECK_FALSE(s.weekday(6).open);
    CHECK_FALSE(s.weekday(7).open);
}

TEST_CASE("Schedule: status and ticket issuing through a working Monday", "[schedule]")
{
    const Schedule s;
    struct Row
    {
        int h, m;
        CentreStatus status;
        bool tickets;
    };
    // The last-ticket cut-off is 15 minutes: 16:44 still issues, 16:45 does not, though the
    // centre keeps serving until 17:00.
    const Row rows[] = {
        {7, 59, CentreStatus::BeforeOpening, false}, {8, 0, CentreStatus::Open, true},
        {11, 59, CentreStatus::Open, true},          {12, 0, CentreStatus::Lunch, false},
        {12, 59, CentreStatus::Lunch, false},        {13, 0, CentreStatus::Open, true},
        {16, 44, CentreStatus::Open, true},          {16, 45, CentreStatus::Open, false},
        {16, 59, CentreStatus::Open, false},         {17, 0, CentreStatus::Closed, false},
    };
    for (const Row &r : rows) {
        const QDateTime at = msk(kMonday, r.h, r.m);
        INFO("Monday " << r.h << ":" << r.m);
        CHECK(s.statusAt(at) == r.status);
        CHECK(s.isServing(at) == (r.status == CentreStatus::Open));
        CHECK(s.acceptsNewTicketsAt(at) == r.tickets);
        CHECK(s.refusalReasonAt(at).isEmpty() == r.tickets);
    }
    // The same rule for instants given in UTC: 16:44 MSK is 13:44 UTC.
    CHECK(s.acceptsNewTicketsAt(QDateTime(kMonday, QTime(13, 44), Qt::UTC)));
    CHECK_FALSE(s.acceptsNewTicketsAt(QDateTime(kMonday, QTime(13, 45), Qt::UTC)));
}

TEST_CASE("Schedule: the cut-off is configurable, 0 means until closing", "[schedule]")
{
    Schedule s;
    s.setLastTicketCutoffMinutes(0);
    CHECK(s.acceptsNewTicketsAt(msk(kMonday, 16, 59, 59)));
    CHECK_FALSE(s.acceptsNewTicketsAt(msk(kMonday, 17, 0)));
    s.setLastTicketCutoffMinutes(30);
    CHECK(s.acceptsNewTicketsAt(msk(kMonday, 16, 29)));
    CHECK_FALSE(s.acceptsNewTicketsAt(msk(kMonday, 16, 30)));
}

TEST_CASE("Schedule: closed on Saturday and Sunday", "[schedule]")
{
    const Schedule s;
    for (const QDate &d : {kSaturday, kSunday}) {
        INFO(d.toString(Qt::ISODate).toStdString());
        for (int h : {7, 8, 10, 12, 13, 16, 17}) {
            CHECK(s.statusAt(msk(d, h)) == CentreStatus::Closed);
            CHECK_FALSE(s.acceptsNewTicketsAt(msk(d, h)));
        }
        CHECK_FALSE(s.refusalReasonAt(msk(d, 10)).isEmpty());
    }
}

TEST_CASE("Schedule: a holiday is closed, a shortened day ends early without lunch", "[schedule]")
{
    const Schedule s = withHolidays();
    CHECK_FALSE(s.hoursOn(kHoliday).open);
    CHECK(s.statusAt(msk(kHoliday, 10)) == CentreStatus::Closed);
    CHECK_FALSE(s.acceptsNewTicketsAt(msk(kHoliday, 10)));

    CHECK(s.statusAt(msk(kShortDay, 7, 59)) == CentreStatus::BeforeOpening);
    CHECK(s.statusAt(msk(kShortDay, 12, 30)) == CentreStatus::Open); // no lunch that day
    CHECK(s.acceptsNewTicketsAt(msk(kShortDay, 12, 30)));
    CHECK(s.acceptsNewTicketsAt(msk(kShortDay, 15, 44)));
    CHECK_FALSE(s.acceptsNewTicketsAt(msk(kShortDay, 15, 45))); // cut-off counts from 16:00
    CHECK(s.statusAt(msk(kShortDay, 15, 59)) == CentreStatus::Open);
    CHECK(s.statusAt(msk(kShortDay, 16, 0)) == CentreStatus::Closed);

    // The weekday rule is back the day after the holiday.
    CHECK(s.statusAt(msk(kHoliday.addDays(1), 10)) == CentreStatus::Open);

    // Exceptions can be replaced and removed.
    Schedule t = s;
    t.setException({kHoliday, DayHours::standard(), u"рабочий"_s});
    CHECK(t.exceptions().size() == 2);
    CHECK(t.statusAt(msk(kHoliday, 10)) == CentreStatus::Open);
    CHECK(t.removeException(kHoliday));
    CHECK_FALSE(t.removeException(kHoliday));
    CHECK(t.statusAt(msk(kHoliday, 10)) == CentreStatus::Open);
    CHECK(t.exceptions().size() == 1);
}

TEST_CASE("Schedule: why no ticket is issued, as a code, and when tickets are issued again", "[schedule]")
{
    const Schedule s = withHolidays();
    struct Row
    {
        QDateTime at;
        RefusalReason reason;
        QDateTime reopensAt; // Moscow time; invalid when accepted
    };
    // kShortDay (Tuesday 3 November) has no lunch and closes at 16:00; kHoliday is closed.
    const Row rows[] = {
        {msk(kMonday, 7, 59), RefusalReason::BeforeOpening, msk(kMonday, 8, 0)},
        {msk(kMonday, 10, 0), RefusalReason::None, {}},
        {msk(kMonday, 12, 0), RefusalReason::Lunch, msk(kMonday, 13, 0)},
        {msk(kMonday, 16, 45), RefusalReason::AfterCutoff, msk(kTuesday, 8, 0)},
        {msk(kMonday, 17, 0), RefusalReason::AfterClosing, msk(kTuesday, 8, 0)},
        {msk(kFriday, 18, 0), RefusalReason::AfterClosing, msk(kMonday, 8, 0)},
        {msk(kSaturday, 10, 0), RefusalReason::DayOff, msk(kMonday, 8, 0)},
        {msk(kSunday, 23, 59), RefusalReason::DayOff, msk(kMonday, 8, 0)},
        {msk(kShortDay, 15, 45), RefusalReason::AfterCutoff, msk(kHoliday.addDays(1), 8, 0)},
        {msk(kHoliday, 10, 0), RefusalReason::Holiday, msk(kHoliday.addDays(1), 8, 0)},
    };
    for (const Row &r : rows) {
        INFO(r.at.toString(Qt::ISODate).toStdString());
        const TicketRefusal t = s.ticketRefusalAt(r.at.toUTC());
        CHECK(t.reason == r.reason);
        CHECK(t.refused() == !s.acceptsNewTicketsAt(r.at));
        CHECK(s.refusalReasonAt(r.at).isEmpty() == !t.refused());
        CHECK(t.reopensAt == (r.reopensAt.isValid() ? r.reopensAt.toUTC() : QDateTime()));
        if (t.refused())
            CHECK(t.reopensAt.timeSpec() == Qt::UTC);
        // The code survives its wire name.
        CHECK(refusalReasonFromName(refusalReasonName(t.reason)) == t.reason);
    }
    CHECK(refusalReasonName(RefusalReason::AfterCutoff) == u"after_cutoff"_s);
    CHECK_FALSE(refusalReasonFromName(u"обед"_s).has_value());

    // A lunch that ends within the cut-off issues nothing more that day.
    Schedule late;
    late.setWeekday(kMonday.dayOfWeek(),
                    DayHours{true, QTime(8, 0), QTime(17, 0), QTime(16, 0), QTime(16, 50)});
    CHECK(late.ticketRefusalAt(msk(kMonday, 16, 10)).reopensAt == msk(kTuesday, 8, 0).toUTC());

    // A schedule that never opens never says when.
    Schedule never;
    for (int d = 1; d <= 7; ++d)
        never.setWeekday(d, DayHours::closed());
    const TicketRefusal closed = never.ticketRefusalAt(msk(kMonday, 10));
    CHECK(closed.reason == RefusalReason::DayOff);
    CHECK_FALSE(closed.reopensAt.isValid());
}

TEST_CASE("Schedule: working time excludes lunch, nights, weekends and holidays", "[schedule]")
{
    Schedule s = withHolidays();

    SECTION("a wait across lunch counts only the open minutes")
    {
        CHECK(s.workingSeconds(msk(kMonday, 11, 50), msk(kMonday, 13, 10)) == 20 * kMin);
        s.setLunchCountsAsWorkingTime(true);
        CHECK(s.workingSeconds(msk(kMonday, 11, 50), msk(kMonday, 13, 10)) == 80 * kMin);
    }
    SECTION("within open hours it is the plain difference")
    {
        CHECK(s.workingSeconds(msk(kMonday, 9, 0), msk(kMonday, 9, 7, 30)) == 7 * kMin + 30);
        CHECK(s.workingSeconds(msk(kMonday, 8, 0), msk(kMonday, 17, 0)) == 8 * 60 * kMin);
    }
    SECTION("outside open hours it is zero")
    {
        CHECK(s.workingSeconds(msk(kMonday, 12, 5), msk(kMonday, 12, 55)) == 0);
        CHECK(s.workingSeconds(msk(kMonday, 17, 0), msk(kMonday, 23, 0)) == 0);
        CHECK(s.workingSeconds(msk(kSaturday, 9, 0), msk(kSunday, 18, 0)) == 0);
    }
    SECTION("Friday evening to Monday morning: across midnight and a weekend")
    {
        CHECK(s.workingSeconds(msk(kFriday, 16, 50), msk(kMonday, 8, 10)) == 20 * kMin);
    }
    SECTION("across a holiday and the shortened day before it")
    {
        // Tue 3 Nov 15:30 → Thu 5 Nov 08:30: 30 min on the short day, nothing on the holiday,
        // 30 min on Thursday.
        CHECK(s.workingSeconds(msk(kShortDay, 15, 30), msk(kHoliday.addDays(1), 8, 30)) == 60 * kMin);
        // A whole holiday contributes nothing.
        CHECK(s.workingSeconds(msk(kHoliday, 0, 0), msk(kHoliday.addDays(1), 0, 0)) == 0);
        // The shortened day is 8 hours without lunch.
        CHECK(s.workingSeconds(msk(kShortDay, 0, 0), msk(kShortDay.addDays(1), 0, 0)) == 8 * 60 * kMin);
    }
    SECTION("a whole week is five standard days")
    {
        CHECK(s.workingSeconds(msk(kMonday, 0, 0), msk(kMonday.addDays(7), 0, 0)) == 5 * 8 * 60 * kMin);
    }
    SECTION("a reversed or empty span is zero, so is an invalid instant")
    {
        CHECK(s.workingSeconds(msk(kMonday, 13, 10), msk(kMonday, 11, 50)) == 0);
        CHECK(s.workingSeconds(msk(kMonday, 10, 0), msk(kMonday, 10, 0)) == 0);
        CHECK(s.workingSeconds(QDateTime(), msk(kMonday, 10, 0)) == 0);
    }
    SECTION("the answer does not depend on the zone the instants are given in")
    {
        const QDateTime a = msk(kMonday, 11, 50).toUTC();
        const QDateTime b = msk(kMonday, 13, 10).toTimeZone(QTimeZone(QByteArrayLiteral("Asia/Tokyo")));
        CHECK(s.workingSeconds(a, b) == 20 * kMin);
    }
}

TEST_CASE("Schedule: a centre in another time zone keeps its own local hours", "[schedule]")
{
    Schedule ekb;
    ekb.setTimeZone(QTimeZone(QByteArrayLiteral("Asia/Yekaterinburg"))); // UTC+5, Moscow is UTC+3
    const Schedule mow;

    // 06:30 UTC = 09:30 in Moscow (open) = 11:30 in Yekaterinburg (open).
    // 07:30 UTC = 10:30 in Moscow (open) = 12:30 in Yekaterinburg (lunch).
    // 12:30 UTC = 15:30 in Moscow (open) = 17:30 in Yekaterinburg (closed).
    // 04:30 UTC = 07:30 in Moscow (before opening) = 09:30 in Yekaterinburg (open).
    const auto utc = [](int h, int m) { return QDateTime(kMonday, QTime(h, m), Qt::UTC); };
    CHECK(mow.statusAt(utc(7, 30)) == CentreStatus::Open);
    CHECK(ekb.statusAt(utc(7, 30)) == CentreStatus::Lunch);
    CHECK(mow.statusAt(utc(12, 30)) == CentreStatus::Open);
    CHECK(ekb.statusAt(utc(12, 30)) == CentreStatus::Closed);
    CHECK(mow.statusAt(utc(4, 30)) == CentreStatus::BeforeOpening);
    CHECK(ekb.statusAt(utc(4, 30)) == CentreStatus::Open);
    CHECK(ekb.toLocal(utc(4, 30)).time() == QTime(9, 30));
    // Cut-off at 16:45 local: 11:45 UTC in Yekaterinburg.
    CHECK(ekb.acceptsNewTicketsAt(utc(11, 44)));
    CHECK_FALSE(ekb.acceptsNewTicketsAt(utc(11, 45)));

    // The local date changes at local midnight: 20:00 UTC Monday is Tuesday 01:00 in Yekaterinburg.
    CHECK(ekb.localDate(utc(20, 0)) == kTuesday);
    CHECK(mow.localDate(utc(20, 0)) == kMonday);

    // Working time over the same UTC span differs: 06:50–08:10 UTC.
    // Moscow 09:50–11:10 = 80 min; Yekaterinburg 11:50–13:10 = 20 min (lunch).
    CHECK(mow.workingSeconds(utc(6, 50), utc(8, 10)) == 80 * kMin);
    CHECK(ekb.workingSeconds(utc(6, 50), utc(8, 10)) == 20 * kMin);
}

TEST_CASE("Schedule: nextOpening", "[schedule]")
{
    const Schedule s = withHolidays();
    const auto next = [&](const QDateTime &t) { return s.nextOpening(t).value_or(QDateTime()); };
    CHECK(next(msk(kSaturday, 10)) == msk(kMonday, 8, 0).toUTC());
    CHECK(next(msk(kFriday, 17, 0)) == msk(kMonday, 8, 0).toUTC());
    CHECK(next(msk(kMonday, 12, 30)) == msk(kMonday, 13, 0).toUTC());
    CHECK(next(msk(kMonday, 7, 0)) == msk(kMonday, 8, 0).toUTC());
    CHECK(next(msk(kMonday, 10, 0)) == msk(kMonday, 10, 0).toUTC());               // already open
    CHECK(next(msk(kShortDay, 16, 30)) == msk(kHoliday.addDays(1), 8, 0).toUTC()); // skips the holiday
    CHECK(next(msk(kMonday, 12, 30)).timeSpec() == Qt::UTC);

    Schedule never;
    for (int d = 1; d <= 7; ++d)
        never.setWeekday(d, DayHours::closed());
    CHECK_FALSE(never.nextOpening(msk(kMonday, 10)).has_value());
}

TEST_CASE("Schedule: nextOpening never answers an instant at which the centre is not open", "[schedule]")
{
    // Configurations that validate() accepts: a lunch that runs to closing time, and one that
    // starts at opening time.
    Schedule s;
    s.setWeekday(1, DayHours{true, QTime(8, 0), QTime(17, 0), QTime(16, 0), QTime(17, 0)});
    s.setWeekday(2, DayHours{true, QTime(8, 0), QTime(17, 0), QTime(8, 0), QTime(9, 0)});
    const auto next = [&](const QDateTime &t) { return s.nextOpening(t).value_or(QDateTime()); };
    CHECK(next(msk(kMonday, 16, 30)) == msk(kTuesday, 9, 0).toUTC());
    CHECK(next(msk(kMonday, 23, 0)) == msk(kTuesday, 9, 0).toUTC());
    for (const QDateTime &t : {msk(kMonday, 16, 30), msk(kMonday, 23, 0), msk(kSaturday, 9, 0)}) {
        const QDateTime n = next(t);
        REQUIRE(n.isValid());
        CHECK(s.statusAt(n) == CentreStatus::Open);
    }
}

TEST_CASE("Schedule: a wait expected to end after closing, a lunch break on the way counted",
          "[schedule][dayend]")
{
    Schedule s;
    s.setTimeZone(moscow());
    CHECK_FALSE(s.expectedAfterClosing(msk(kMonday, 16, 30), 30)); // called at 17:00 sharp
    CHECK(s.expectedAfterClosing(msk(kMonday, 16, 30), 31));
    CHECK_FALSE(s.expectedAfterClosing(msk(kMonday, 9, 0), 120));
    // At 11:30 a 5-hour wait: 16:30 plus the lunch hour is 17:30.
    CHECK(s.expectedAfterClosing(msk(kMonday, 11, 30), 300));
    CHECK_FALSE(s.expectedAfterClosing(msk(kMonday, 11, 30), 240));  // 15:30 + 1 h = 16:30
    CHECK_FALSE(s.expectedAfterClosing(msk(kSaturday, 10, 0), 600)); // closed: no ticket anyway
}
