// The reports' read model (core/ReadModel): figures merged from day digests are exactly the
// figures computed from every visit (Analytics, Statistics), for any period, any repeat window,
// one centre or several in different time zones — counts, means, exact medians and p90, shares
// within norm, by hour, day, person and centre. The oracle is the raw computation itself; the
// visits are random, wider than real days (stages that end the next day, services that end
// cancelled, people who work two roles).

#include "CoreTestSupport.h"

#include "core/Analytics.h"
#include "core/ReadModel.h"
#include "core/ZoneOffsets.h"

#include <map>
#include <random>

using namespace okno;
using namespace Qt::StringLiterals;

namespace {

Centre centreIn(Id id, const char *zone, int adminWait)
{
    Centre c;
    c.id = id;
    c.code = u"C%1"_s.arg(id);
    c.schedule.setTimeZone(QTimeZone(QByteArray(zone)));
    c.schedule.setException({QDate(2026, 11, 4), DayHours::closed(), u"holiday"_s});
    c.norms.set(StageRole::Administrator, Norm{adminWait, 5});
    return c;
}

struct History
{
    QHash<Id, Centre> centres;
    QList<Visit> visits; // by id
};

// Random visits of each centre on each day of [from, to], working days or not.
History randomHistory(std::mt19937 &rng, const QDate &from, const QDate &to)
{
    History h;
    h.centres.insert(1, centreIn(1, "Europe/Moscow", 10));
    h.centres.insert(2, centreIn(2, "Asia/Yekaterinburg", 7)); // UTC+5: other local days, other norm
    auto pick = [&rng](int low, int high) { return std::uniform_int_distribution<int>(low, high)(rng); };
    const QList<StageState> states{StageState::Waiting,     StageState::Called,    StageState::InService,
                                   StageState::Done,        StageState::NoShow,    StageState::Postponed,
                                   StageState::Transferred, StageState::Cancelled, StageState::Unserved};
    Id nextId = 1;
    for (QDate day = from; day <= to; day = day.addDays(1)) {
        for (Id centreId : {Id(1), Id(2)}) {
            const QTimeZone zone = h.centres[centreId].schedule.timeZone();
            const int count = pick(0, 12);
            for (int i = 0; i < count; ++i) {
                Visit v;
                v.id = nextId++;
                v.centreId = centreId;
                v.createdAt = QDateTime(day, QTime(7, 30), zone).addSecs(pick(0, 10 * 3600)).toUTC();
                if (pick(0, 2))
                    v.accountNumber = QString::number(100000 + pick(0, 25)); // repeat visitors
                QDateTime t = v.createdAt;
                const int stages = pick(1, 3);
                for (int s = 0; s < stages; ++s) {
                    Stage st;
                    st.index = s;
                    st.role = StageRole(pick(0, 2));
                    st.queueId = 10 * centreId + int(st.role);
                    st.serviceDate = day;
                    st.state =
                        s + 1 < stages ? StageState::Transferred : states[pick(0, int(states.size()) - 1)];
                    st.staffId = pick(0, 5) ? 100 * centreId + pick(1, 4) : 0;
                    st.queuedAt = t;
                    const bool called = st.state != StageState::Waiting && st.state != StageState::Unserved
                                            ? pick(0, 9) > 0
                                            : pick(0, 9) == 0;
                    if (called) {
                        // now and then past midnight: the wait belongs to the next day
                        t = t.addSecs(pick(0, 9) ? pick(0, 2400) : pick(0, 20 * 3600));
                        st.calledAt = t;
                    }
                    if (called && pick(0, 4)) {
                        t = t.addSecs(pick(0, 120));
                        st.startedAt = t;
                        if (pick(0, 6)) {
                            t = t.addSecs(pick(0, 1800));
                            st.finishedAt = t;
                        }
                    }
                    v.stages.append(st);
                }
                h.visits.append(v);
            }
        }
    }
    return h;
}

// What storage works out with SQL: each visit's gap to its account's previous visit.
QHash<Id, RepeatGaps> gapsOf(const QList<Visit> &visits)
{
    QHash<Id, RepeatGaps> gaps;
    for (const Visit &v : visits) {
        if (v.accountNumber.isEmpty())
            continue;
        RepeatGaps g;
        for (const Visit &w : visits) {
            if (w.accountNumber != v.accountNumber || w.createdAt >= v.createdAt)
                continue;
            const qint64 gap = w.createdAt.msecsTo(v.createdAt);
            if (gap > qint64(kRepeatHorizonDays + 1) * 86'400'000)
                continue;
            if (g.anyCentreMs < 0 || gap < g.anyCentreMs)
                g.anyCentreMs = gap;
            if (w.centreId == v.centreId && (g.sameCentreMs < 0 || gap < g.sameCentreMs))
                g.sameCentreMs = gap;
        }
        if (g.anyCentreMs >= 0)
            gaps.insert(v.id, g);
    }
    return gaps;
}

// Digests as storage keeps them: one per centre and local day, through their binary form.
std::map<std::pair<QDate, Id>, CreatedDigest> digestsOf(const History &h)
{
    const QHash<Id, RepeatGaps> gaps = gapsOf(h.visits);
    std::map<std::pair<QDate, Id>, QList<Visit>> byDay;
    for (const Visit &v : h.visits)
        byDay[{h.centres[v.centreId].schedule.localDate(v.createdAt), v.centreId}].append(v);
    std::map<std::pair<QDate, Id>, CreatedDigest> out;
    for (const auto &[key, visits] : byDay) {
        const CreatedDigest d = createdDigestOf(visits, h.centres[key.second].schedule, gaps);
        const auto back = decodeCreatedDigest(encodeDigest(d));
        REQUIRE(back.has_value());
        REQUIRE(*back == d);
        out.emplace(key, d);
    }
    return out;
}

void requireSameDashboard(const Dashboard &fromDigests, const Dashboard &raw)
{
    REQUIRE(fromDigests.roles == raw.roles);
    REQUIRE(fromDigests.byHour == raw.byHour);
    REQUIRE(fromDigests.byDay.size() == raw.byDay.size());
    for (qsizetype i = 0; i < raw.byDay.size(); ++i) {
        INFO("day " << raw.byDay[i].date.toString(Qt::ISODate).toStdString());
        REQUIRE(fromDigests.byDay[i] == raw.byDay[i]);
    }
    REQUIRE(fromDigests.byStaff == raw.byStaff);
    REQUIRE(fromDigests.quality == raw.quality);
    REQUIRE(fromDigests.centres == raw.centres);
    REQUIRE(fromDigests == raw);
}

} // namespace

TEST_CASE("the dashboard merged from day digests equals the dashboard of every visit", "[readmodel]")
{
    const QDate first(2026, 9, 1), last(2026, 11, 30);
    for (unsigned seed : {1u, 2u, 3u, 4u}) {
        INFO("seed " << seed);
        std::mt19937 rng(seed);
        const History h = randomHistory(rng, first, last);
        REQUIRE(h.visits.size() > 500);
        const auto digests = digestsOf(h);
        for (int round = 0; round < 12; ++round) {
            const QDate from = first.addDays(std::uniform_int_distribution<int>(0, 80)(rng));
            const QDate to = from.addDays(std::uniform_int_distribution<int>(0, 30)(rng));
            const int window = std::uniform_int_distribution<int>(1, 60)(rng);
            INFO("period " << from.toString(Qt::ISODate).toStdString() << " … "
                           << to.toString(Qt::ISODate).toStdString() << ", repeat window " << window);
            for (const QHash<Id, Centre> &centres :
                 {h.centres, QHash<Id, Centre>{{1, h.centres[1]}}, QHash<Id, Centre>{{2, h.centres[2]}}}) {
                INFO(centres.size() << " centre(s)");
                DashboardBuilder builder(centres, from, to, window);
                for (const auto &[key, d] : digests)
                    builder.add(key.second, key.first, d);
                REQUIRE(builder.exact());
                requireSameDashboard(builder.finish(), computeDashboard(h.visits, centres, from, to, window));
            }
        }
    }
}

TEST_CASE("stats merged from service-day digests equal stats of every stage", "[readmodel]")
{
    std::mt19937 rng(7);
    const History h = randomHistory(rng, QDate(2026, 10, 1), QDate(2026, 11, 30));
    const Centre &c = h.centres[2];
    QList<StageRecord> all;
    for (const StageRecord &r : stageRecordsOf(h.visits))
        if (r.centreId == c.id)
            all.append(r);
    std::map<QDate, QList<StageRecord>> byDay;
    for (const StageRecord &r : std::as_const(all))
        byDay[r.serviceDate].append(r);
    for (int round = 0; round < 20; ++round) {
        const QDate from = QDate(2026, 10, 1).addDays(std::uniform_int_distribution<int>(0, 50)(rng));
        const QDate to = from.addDays(std::uniform_int_distribution<int>(0, 20)(rng));
        QList<StageRecord> records;
        QList<ServiceDigest> days;
        for (QDate d = from; d <= to; d = d.addDays(1)) {
            records += byDay[d];
            const auto back = decodeServiceDigest(encodeDigest(serviceDigestOf(byDay[d], c.schedule)));
            REQUIRE(back.has_value());
            days.append(*back);
        }
        REQUIRE(statisticsFromDigests(days, c.norms) == computeStatistics(records, c.schedule, c.norms));
    }
}

TEST_CASE("a digest keeps the order statistics of durations that tie and spread", "[readmodel]")
{
    // Two days of one centre: the median of the merged waits falls between the days' own.
    const Centre c = centreIn(1, "Europe/Moscow", 10);
    auto visitAt = [](Id id, const QDateTime &created, int waitSecs) {
        Visit v;
        v.id = id;
        v.centreId = 1;
        v.createdAt = created.toUTC();
        Stage s;
        s.role = StageRole::Administrator;
        s.state = StageState::NoShow;
        s.queuedAt = v.createdAt;
        s.calledAt = v.createdAt.addSecs(waitSecs);
        s.serviceDate = created.date();
        v.stages.append(s);
        return v;
    };
    const QList<Visit> monday{visitAt(1, test::msk(test::kMonday, 9), 60),
                              visitAt(2, test::msk(test::kMonday, 9), 60),
                              visitAt(3, test::msk(test::kMonday, 10), 900)};
    const QList<Visit> tuesday{visitAt(4, test::msk(test::kTuesday, 9), 300),
                               visitAt(5, test::msk(test::kTuesday, 11), 700)};
    const QHash<Id, Centre> one{{1, c}};
    DashboardBuilder builder(one, test::kMonday, test::kTuesday, 30);
    builder.add(1, test::kMonday, createdDigestOf(monday, c.schedule, {}));
    builder.add(1, test::kTuesday, createdDigestOf(tuesday, c.schedule, {}));
    const Dashboard d = builder.finish();
    const Summary wait = d.roles[0].wait;
    CHECK(wait.count == 5);
    CHECK(wait.median == 300); // 60 60 300 700 900
    CHECK(wait.p90 == 900);    // the 5th of 5
    CHECK(wait.mean == 2020.0 / 5);
    CHECK(wait.withinNorm == 3); // 10 minutes: all but 700 and 900 s
    CHECK(d.roles[0].noShows == 5);
    CHECK(d == computeDashboard(monday + tuesday, one, test::kMonday, test::kTuesday, 30));
}

TEST_CASE("a digest's bytes are checked: anything else is refused, never misread", "[readmodel]")
{
    std::mt19937 rng(5);
    const History h = randomHistory(rng, QDate(2026, 11, 2), QDate(2026, 11, 6));
    const auto digests = digestsOf(h);
    REQUIRE(!digests.empty());
    const QByteArray good = encodeDigest(digests.begin()->second);
    CHECK(!decodeCreatedDigest(QByteArray()).has_value());
    CHECK(!decodeCreatedDigest(good.left(good.size() - 1)).has_value()); // cut short
    CHECK(!decodeCreatedDigest(good + '\0').has_value());                // trailing bytes
    CHECK(!decodeServiceDigest(good).has_value());                       // the other kind
    for (int i = 0; i < 2000; ++i) { // flipped bytes: refused or read as some digest, never a crash
        QByteArray bad = good;
        bad[std::uniform_int_distribution<int>(0, int(bad.size()) - 1)(rng)] = char(rng());
        (void)decodeCreatedDigest(bad);
    }
}

TEST_CASE("a schedule's fingerprint changes with what working time depends on, up to the horizon",
          "[readmodel]")
{
    const Centre c = centreIn(1, "Europe/Moscow", 10);
    const QDate horizon(2026, 11, 10);
    const QByteArray base = scheduleFingerprint(c.schedule, horizon);
    CHECK(scheduleFingerprint(c.schedule, horizon) == base);

    Schedule later = c.schedule; // a holiday after the horizon does not matter
    later.setException({QDate(2026, 12, 31), DayHours::closed(), u"new year's eve"_s});
    CHECK(scheduleFingerprint(later, horizon) == base);
    Schedule earlier = c.schedule; // one before it does
    earlier.setException({QDate(2026, 11, 9), DayHours::closed(), u"closed"_s});
    CHECK(scheduleFingerprint(earlier, horizon) != base);
    Schedule zone = c.schedule;
    zone.setTimeZone(QTimeZone(QByteArrayLiteral("Europe/Samara")));
    CHECK(scheduleFingerprint(zone, horizon) != base);
    Schedule lunch = c.schedule;
    lunch.setLunchCountsAsWorkingTime(true);
    CHECK(scheduleFingerprint(lunch, horizon) != base);
    Schedule hours = c.schedule;
    DayHours monday = hours.weekday(1);
    monday.closes = QTime(18, 0);
    hours.setWeekday(1, monday);
    CHECK(scheduleFingerprint(hours, horizon) != base);

    ScheduleFingerprints many(earlier); // the cache answers as the function
    for (const QDate &d : {QDate(2026, 11, 1), QDate(2026, 11, 9), horizon, QDate(2027, 1, 1), QDate()})
        CHECK(many.at(d) == scheduleFingerprint(earlier, d));
}

TEST_CASE("a visit exactly the window after the account's last one is a repeat; a second later it is not",
          "[readmodel]")
{
    const Centre c = centreIn(1, "Europe/Moscow", 10);
    const QHash<Id, Centre> one{{1, c}};
    auto visitAt = [](Id id, const QDateTime &created) {
        Visit v;
        v.id = id;
        v.centreId = 1;
        v.createdAt = created.toUTC();
        v.accountNumber = u"1234567"_s;
        return v;
    };
    const QDateTime first = test::msk(QDate(2026, 11, 2), 9);
    for (const auto &[later, window, repeat] :
         {std::tuple(first.addDays(7), 7, 1), std::tuple(first.addDays(7), 6, 0),
          std::tuple(first.addDays(7).addSecs(1), 7, 0), std::tuple(first.addDays(7).addMSecs(-1), 7, 1)}) {
        INFO("second visit " << later.toString(Qt::ISODateWithMs).toStdString() << ", window " << window);
        const QList<Visit> visits{visitAt(1, first), visitAt(2, later)};
        const QDate day = later.date();
        DashboardBuilder builder(one, day, day, window);
        builder.add(1, day, createdDigestOf({visits[1]}, c.schedule, gapsOf(visits)));
        const Dashboard d = builder.finish();
        CHECK(d.quality.repeatVisits == repeat);
        CHECK(d == computeDashboard(visits, one, day, day, window));
    }
}
