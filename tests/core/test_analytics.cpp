#include "CoreTestSupport.h"

#include <core/Analytics.h>

using namespace okno;
using namespace Qt::StringLiterals;

namespace {

QDateTime mo(int day, int h, int m)
{
    return QDateTime(QDate(2026, 11, day), QTime(h, m), QTimeZone(QByteArrayLiteral("Europe/Moscow")));
}

Stage stage(StageRole role, StageState state, QDateTime q, QDateTime c, QDateTime s, QDateTime f, Id staff)
{
    Stage st;
    st.role = role;
    st.state = state;
    st.queuedAt = q;
    st.calledAt = c;
    st.startedAt = s;
    st.finishedAt = f;
    st.staffId = staff;
    return st;
}

Visit visit(Id id, QDateTime created, const QString &account, QList<Stage> stages)
{
    Visit v;
    v.id = id;
    v.centreId = 1;
    v.createdAt = created;
    v.accountNumber = account;
    for (int i = 0; i < stages.size(); ++i)
        stages[i].index = i;
    v.stages = stages;
    return v;
}

} // namespace

TEST_CASE("Dashboard: contacts per visit, no-shows, repeat visits, hours, days and people", "[analytics]")
{
    Centre centre;
    centre.id = 1;
    using R = StageRole;
    using S = StageState;
    const QList<Visit> visits{
        // Before the period: only counts as an earlier visit of account 111111.
        visit(1, mo(16, 9, 0), u"111111"_s,
              {stage(R::Consultant, S::Done, mo(16, 9, 0), mo(16, 9, 5), mo(16, 9, 6), mo(16, 9, 20), 7)}),
        // Monday 23rd: three visits.
        visit(2, mo(23, 9, 0), u"111111"_s,
              {stage(R::Administrator, S::Transferred, mo(23, 9, 0), mo(23, 9, 4), mo(23, 9, 5), mo(23, 9, 8),
                     5),
               stage(R::Consultant, S::Transferred, mo(23, 9, 8), mo(23, 9, 30), mo(23, 9, 31), mo(23, 9, 41),
                     7),
               stage(R::Cashier, S::Done, mo(23, 9, 41), mo(23, 10, 1), mo(23, 10, 2), mo(23, 10, 6), 9)}),
        visit(3, mo(23, 9, 30), u"222222"_s,
              {stage(R::Consultant, S::NoShow, mo(23, 9, 30), mo(23, 9, 45), {}, mo(23, 9, 48), 7)}),
        visit(4, mo(23, 11, 50), {},
              {stage(R::Consultant, S::Done, mo(23, 11, 50), mo(23, 13, 10), mo(23, 13, 11), mo(23, 13, 31),
                     8)}),
        // Tuesday 24th: account 222222 comes back (its first visit was a no-show): a repeat.
        visit(5, mo(24, 10, 0), u"222222"_s,
              {stage(R::Cashier, S::Done, mo(24, 10, 0), mo(24, 10, 2), mo(24, 10, 3), mo(24, 10, 8), 9)}),
    };
    const Dashboard d = computeDashboard(visits, centre, QDate(2026, 11, 23), QDate(2026, 11, 24), 30);

    const QualityFigures &q = d.quality;
    CHECK(q.visits == 4);
    CHECK(q.finishedVisits == 3); // visits 2, 4, 5
    CHECK(q.contactsPerVisit == Approx((3 + 1 + 1) / 3.0));
    CHECK(q.calledStages == 6);
    CHECK(q.noShows == 1);
    CHECK(q.noShowRate == Approx(1.0 / 6.0));
    CHECK(q.visitsWithAccount == 3); // 2, 3, 5
    CHECK(q.repeatVisits == 2);      // 2 (after visit 1) and 5 (after visit 3)
    CHECK(q.repeatShare == Approx(2.0 / 3.0));
    // A shorter window no longer sees visit 1 a week earlier.
    CHECK(
        computeDashboard(visits, centre, QDate(2026, 11, 23), QDate(2026, 11, 24), 3).quality.repeatVisits ==
        1);

    // By hour: arrivals at 9 (two), 11 and 10 (Tuesday); the 11:50 → 13:10 wait counts 20 minutes.
    QHash<int, HourFigures> hours;
    for (const HourFigures &h : d.byHour)
        hours.insert(h.hour, h);
    CHECK(hours[9].arrivals == 2);
    CHECK(hours[11].arrivals == 1);
    CHECK(hours[10].arrivals == 1);
    CHECK(hours[13].wait.count == 1);
    CHECK(hours[13].wait.max == 20 * 60);
    CHECK(hours[13].service.max == 20 * 60);
    // Waits called in the 9 o'clock hour: 4, 22 and 15 minutes; the consultant's 22 is past its 20.
    CHECK(hours[9].wait.count == 3);
    CHECK(hours[9].wait.withinNorm == 2);

    // By day.
    REQUIRE(d.byDay.size() == 2);
    CHECK(d.byDay[0].date == QDate(2026, 11, 23));
    CHECK(d.byDay[0].arrivals == 3);
    CHECK(d.byDay[0].served == 4);
    CHECK(d.byDay[1].arrivals == 1);

    // By person: consultant 7 served one (the other was a no-show); consultant 8 one over norm.
    QHash<Id, StaffFigures> people;
    for (const StaffFigures &p : d.byStaff)
        people.insert(p.staffId, p);
    CHECK(people[7].served == 1);
    CHECK(people[7].noShows == 1);
    CHECK(people[8].served == 1);
    CHECK(people[8].service.withinNorm == 0); // 20 minutes against 15
    CHECK(people[9].served == 2);
    CHECK(people[9].service.withinNormShare == 1.0);
    // The role statistics are the same as computeStatistics gives for the period.
    CHECK(d.roles.size() == 3);
}
