// The dashboard's figures on a generated history: every figure the `dashboard` op reports (and so
// every figure okno-dashboard shows) is checked against this test's own reckoning, made straight
// from the rows of the SQLite file with its own working-time arithmetic and its own order
// statistics — nothing of libs/core's statistics is used here.
#include "HistoryServer.h"

#include <protocol/Protocol.h>

#include <QJsonDocument>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QUuid>

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <set>

namespace {

constexpr qint64 kNull = std::numeric_limits<qint64>::min();

struct Hours
{
    bool open = false;
    int opens = 0, closes = 0, lunchStart = -1, lunchEnd = -1; // minutes since local midnight
};

struct CentreRow
{
    qint64 id = 0;
    QTimeZone zone;
    bool lunchCounts = false;
    std::array<Hours, 8> week; // 1 = Monday … 7 = Sunday
    QHash<QString, Hours> exceptions;
    QHash<QString, std::pair<int, int>> norms; // role → wait, service minutes

    Hours hoursOn(const QDate &d) const
    {
        return exceptions.value(d.toString(Qt::ISODate), week[size_t(d.dayOfWeek())]);
    }
    QDate localDate(qint64 ms) const { return QDateTime::fromMSecsSinceEpoch(ms, zone).date(); }
    int localHour(qint64 ms) const { return QDateTime::fromMSecsSinceEpoch(ms, zone).time().hour(); }
    qint64 instant(const QDate &d, int minutes) const
    {
        return QDateTime(d, QTime(minutes / 60, minutes % 60), zone).toMSecsSinceEpoch();
    }
    // Working seconds in [a, b): the overlap with each day's open spans, in whole seconds.
    qint64 working(qint64 a, qint64 b) const
    {
        if (b <= a)
            return 0;
        qint64 ms = 0;
        const auto span = [&](const QDate &d, int from, int to) {
            ms += std::max<qint64>(0, std::min(b, instant(d, to)) - std::max(a, instant(d, from)));
        };
        for (QDate d = localDate(a); d <= localDate(b); d = d.addDays(1)) {
            const Hours h = hoursOn(d);
            if (!h.open)
                continue;
            if (h.lunchStart >= 0 && !lunchCounts) {
                span(d, h.opens, h.lunchStart);
                span(d, h.lunchEnd, h.closes);
            } else {
                span(d, h.opens, h.closes);
            }
        }
        return ms / 1000;
    }
    qint64 waitNorm(const QString &role) const { return qint64(norms.value(role).first) * 60; }
    qint64 serviceNorm(const QString &role) const { return qint64(norms.value(role).second) * 60; }
};

struct StageRow
{
    QString role, state;
    qint64 staff = 0;
    qint64 queued = kNull, called = kNull, started = kNull, finished = kNull;
};

struct VisitRow
{
    qint64 id = 0, centre = 0, created = kNull;
    QString account;
    QList<StageRow> stages;
};

// What the database holds, read with plain SQL.
struct RawHistory
{
    std::map<qint64, CentreRow> centres;
    std::map<qint64, VisitRow> visits;

    explicit RawHistory(const ServerProcess &server)
    {
        {
            StoredDatabase stored(server);
            REQUIRE(stored.isOpen());
            QSqlQuery q(stored.db());
            const auto minutes = [](const QVariant &v) { return v.isNull() ? -1 : v.toInt(); };
            REQUIRE(q.exec(u"SELECT id, time_zone, lunch_counts FROM centres"_s));
            while (q.next()) {
                CentreRow &c = centres[q.value(0).toLongLong()];
                c.id = q.value(0).toLongLong();
                c.zone = QTimeZone(q.value(1).toString().toUtf8());
                c.lunchCounts = q.value(2).toInt() != 0;
            }
            REQUIRE(q.exec(u"SELECT centre_id, day_of_week, is_open, opens, closes, lunch_start, lunch_end "
                           u"FROM centre_week_hours"_s));
            while (q.next())
                centres[q.value(0).toLongLong()].week[size_t(q.value(1).toInt())] =
                    Hours{q.value(2).toInt() != 0, minutes(q.value(3)), minutes(q.value(4)),
                          minutes(q.value(5)), minutes(q.value(6))};
            REQUIRE(
                q.exec(u"SELECT centre_id, exception_date, is_open, opens, closes, lunch_start, lunch_end "
                       u"FROM centre_exceptions"_s));
            while (q.next())
                centres[q.value(0).toLongLong()].exceptions.insert(
                    q.value(1).toString(),
                    Hours{q.value(2).toInt() != 0, minutes(q.value(3)), minutes(q.value(4)),
                          minutes(q.value(5)), minutes(q.value(6))});
            REQUIRE(q.exec(u"SELECT centre_id, stage_role, wait_minutes, service_minutes FROM norms"_s));
            while (q.next())
                centres[q.value(0).toLongLong()].norms.insert(q.value(1).toString(),
                                                              {q.value(2).toInt(), q.value(3).toInt()});
            REQUIRE(q.exec(u"SELECT id, centre_id, created_at, account_number FROM visits"_s));
            while (q.next()) {
                VisitRow &v = visits[q.value(0).toLongLong()];
                v.id = q.value(0).toLongLong();
                v.centre = q.value(1).toLongLong();
                v.created = q.value(2).toLongLong();
                v.account = q.value(3).toString();
            }
            const auto ms = [](const QVariant &v) { return v.isNull() ? kNull : v.toLongLong(); };
            REQUIRE(q.exec(u"SELECT visit_id, role, state, staff_id, queued_at, called_at, started_at, "
                           u"finished_at FROM stages ORDER BY visit_id, idx"_s));
            while (q.next())
                visits[q.value(0).toLongLong()].stages.append(
                    StageRow{q.value(1).toString(), q.value(2).toString(),
                             q.value(3).isNull() ? 0 : q.value(3).toLongLong(), ms(q.value(4)),
                             ms(q.value(5)), ms(q.value(6)), ms(q.value(7))});
        }
    }
};

// Durations with their own norms, and what the protocol's Summary says of them.
struct Durations
{
    QList<qint64> secs;
    int within = 0;
    void add(qint64 s, qint64 norm)
    {
        secs.append(s);
        within += s <= norm ? 1 : 0;
    }
};

void checkSummary(const QJsonObject &got, Durations d, const std::string &what)
{
    INFO(what << ": " << QJsonDocument(got).toJson(QJsonDocument::Compact).toStdString());
    std::sort(d.secs.begin(), d.secs.end());
    const qsizetype n = d.secs.size();
    CHECK(got.value(u"count"_s).toInt() == n);
    CHECK(got.value(u"withinNorm"_s).toInt() == d.within);
    if (n == 0) {
        CHECK(got.value(u"mean"_s).toDouble() == 0);
        CHECK(got.value(u"withinNormShare"_s).toDouble() == 0);
        return;
    }
    double sum = 0;
    for (qint64 s : d.secs)
        sum += double(s);
    CHECK(got.value(u"mean"_s).toDouble() == Approx(sum / double(n)).epsilon(1e-12));
    const double median =
        n % 2 ? double(d.secs[n / 2]) : (double(d.secs[n / 2 - 1]) + double(d.secs[n / 2])) / 2;
    CHECK(got.value(u"median"_s).toDouble() == median);
    // Nearest rank: the ⌈0.9·n⌉-th smallest, counted in integers (no floating point).
    const qsizetype rank = (9 * n + 9) / 10;
    CHECK(got.value(u"p90"_s).toDouble() == double(d.secs[rank - 1]));
    CHECK(got.value(u"max"_s).toDouble() == double(d.secs.last()));
    CHECK(got.value(u"withinNormShare"_s).toDouble() == Approx(double(d.within) / double(n)).epsilon(1e-12));
}

const QStringList kRoles{u"administrator"_s, u"consultant"_s, u"cashier"_s};

QJsonObject byKey(const QJsonArray &a, const QString &key, const QJsonValue &value)
{
    for (const QJsonValue &v : a)
        if (v.toObject().value(key) == value)
            return v.toObject();
    return {};
}

// The test's own dashboard of `centreIds` over [from, to], compared with the op's answer.
void checkDashboard(const RawHistory &raw, const QJsonObject &got, const std::set<qint64> &centreIds,
                    const QDate &from, const QDate &to, int window)
{
    struct RoleCounts
    {
        int stages = 0, served = 0, noShows = 0, cancelled = 0;
        Durations wait, service;
    };
    std::map<QString, RoleCounts> roles;
    std::map<int, int> hourArrivals;
    std::map<int, std::map<QString, std::pair<Durations, Durations>>> byHour;
    std::map<QDate, int> dayArrivals, dayServed;
    std::map<qint64, std::tuple<int, int, Durations>> staff; // served, no-shows, services
    int visits = 0, finished = 0, contacts = 0, called = 0, noShows = 0, withAccount = 0, repeats = 0;

    QHash<QString, QList<qint64>> accountTimes; // every visit of the centres, for the repeat rule
    for (const auto &[id, v] : raw.visits)
        if (centreIds.count(v.centre) && !v.account.isEmpty())
            accountTimes[v.account].append(v.created);

    for (const auto &[id, v] : raw.visits) {
        if (!centreIds.count(v.centre))
            continue;
        const CentreRow &c = raw.centres.at(v.centre);
        const QDate day = c.localDate(v.created);
        if (day < from || day > to)
            continue;
        ++visits;
        ++hourArrivals[c.localHour(v.created)];
        ++dayArrivals[day];
        for (const StageRow &s : v.stages) {
            RoleCounts &r = roles[s.role];
            ++r.stages;
            r.noShows += s.state == u"no_show"_s;
            r.cancelled += s.state == u"cancelled"_s;
            if (s.called != kNull) {
                ++called;
                const qint64 w = c.working(s.queued, s.called);
                r.wait.add(w, c.waitNorm(s.role));
                byHour[c.localHour(s.called)][s.role].first.add(w, c.waitNorm(s.role));
            }
            if (s.started != kNull && s.finished != kNull) {
                ++r.served;
                const qint64 sv = c.working(s.started, s.finished);
                r.service.add(sv, c.serviceNorm(s.role));
                if (s.state == u"done"_s || s.state == u"transferred"_s) {
                    byHour[c.localHour(s.finished)][s.role].second.add(sv, c.serviceNorm(s.role));
                    ++dayServed[c.localDate(s.finished)];
                    auto &[servedBy, noShowsOf, services] = staff[s.staff];
                    ++servedBy;
                    services.add(sv, c.serviceNorm(s.role));
                }
            }
            if (s.state == u"no_show"_s) {
                ++noShows;
                if (s.staff)
                    ++std::get<1>(staff[s.staff]);
            }
        }
        if (!v.stages.isEmpty() && v.stages.last().state == u"done"_s) {
            ++finished;
            for (const StageRow &s : v.stages)
                contacts += s.started != kNull;
        }
        if (!v.account.isEmpty()) {
            ++withAccount;
            const qint64 windowStart =
                QDateTime::fromMSecsSinceEpoch(v.created, c.zone).addDays(-window).toMSecsSinceEpoch();
            const auto &times = accountTimes[v.account];
            repeats += std::any_of(times.cbegin(), times.cend(),
                                   [&](qint64 t) { return t < v.created && t >= windowStart; });
        }
    }

    // Per role, the Table 1 figures.
    const QJsonArray gotRoles = got.value(u"roles"_s).toArray();
    REQUIRE(gotRoles.size() == 3);
    for (const QString &role : kRoles) {
        const QJsonObject r = byKey(gotRoles, u"role"_s, role);
        const RoleCounts &want = roles[role];
        INFO("role " << role.toStdString());
        CHECK(r.value(u"stages"_s).toInt() == want.stages);
        CHECK(r.value(u"served"_s).toInt() == want.served);
        CHECK(r.value(u"noShows"_s).toInt() == want.noShows);
        CHECK(r.value(u"cancelled"_s).toInt() == want.cancelled);
        checkSummary(r.value(u"wait"_s).toObject(), want.wait, "wait of " + role.toStdString());
        checkSummary(r.value(u"service"_s).toObject(), want.service, "service of " + role.toStdString());
    }

    // The seed's quality measures and the no-show rate.
    const QJsonObject q = got.value(u"quality"_s).toObject();
    CHECK(q.value(u"visits"_s).toInt() == visits);
    CHECK(q.value(u"finishedVisits"_s).toInt() == finished);
    CHECK(q.value(u"contactsPerVisit"_s).toDouble() ==
          Approx(double(contacts) / double(finished)).epsilon(1e-12));
    CHECK(q.value(u"calledStages"_s).toInt() == called);
    CHECK(q.value(u"noShows"_s).toInt() == noShows);
    CHECK(q.value(u"noShowRate"_s).toDouble() == Approx(double(noShows) / double(called)).epsilon(1e-12));
    CHECK(q.value(u"visitsWithAccount"_s).toInt() == withAccount);
    CHECK(q.value(u"repeatVisits"_s).toInt() == repeats);
    CHECK(q.value(u"repeatShare"_s).toDouble() ==
          Approx(withAccount ? double(repeats) / double(withAccount) : 0.0).epsilon(1e-12));
    CHECK(q.value(u"repeatWindowDays"_s).toInt() == window);
    // Generated days are busy: the measures are not trivially zero.
    CHECK(visits > 50);
    CHECK(noShows > 0);
    CHECK(contacts > finished);

    // By hour of day: arrivals, and each role's waits (by the hour called) and services (by the
    // hour finished).
    std::set<int> hours;
    for (const auto &[h, n] : hourArrivals)
        hours.insert(h);
    for (const auto &[h, m] : byHour)
        hours.insert(h);
    const QJsonArray gotHours = got.value(u"byHour"_s).toArray();
    REQUIRE(gotHours.size() == qsizetype(hours.size()));
    for (int h : hours) {
        const QJsonObject gh = byKey(gotHours, u"hour"_s, h);
        INFO("hour " << h);
        CHECK(gh.value(u"arrivals"_s).toInt() == (hourArrivals.count(h) ? hourArrivals[h] : 0));
        Durations allWaits, allServices;
        for (const QString &role : kRoles) {
            const auto &[w, s] = byHour[h][role];
            const QJsonObject gr = byKey(gh.value(u"roles"_s).toArray(), u"role"_s, role);
            checkSummary(gr.value(u"wait"_s).toObject(), w, "hourly wait " + role.toStdString());
            checkSummary(gr.value(u"service"_s).toObject(), s, "hourly service " + role.toStdString());
            allWaits.secs += w.secs;
            allWaits.within += w.within;
            allServices.secs += s.secs;
            allServices.within += s.within;
        }
        checkSummary(gh.value(u"wait"_s).toObject(), allWaits, "hourly wait");
        checkSummary(gh.value(u"service"_s).toObject(), allServices, "hourly service");
    }

    // By day: arrivals and stages served.
    const QJsonArray gotDays = got.value(u"byDay"_s).toArray();
    std::set<QDate> days;
    for (const auto &[day, n] : dayArrivals)
        days.insert(day);
    for (const auto &[day, n] : dayServed)
        days.insert(day);
    REQUIRE(gotDays.size() == qsizetype(days.size()));
    for (const QDate &day : days) {
        const QJsonObject gd = byKey(gotDays, u"date"_s, day.toString(Qt::ISODate));
        INFO("day " << day.toString(Qt::ISODate).toStdString());
        CHECK(gd.value(u"arrivals"_s).toInt() == (dayArrivals.count(day) ? dayArrivals[day] : 0));
        CHECK(gd.value(u"served"_s).toInt() == (dayServed.count(day) ? dayServed[day] : 0));
    }

    // Each person.
    const QJsonArray gotStaff = got.value(u"byStaff"_s).toArray();
    CHECK(gotStaff.size() == qsizetype(staff.size()));
    for (const auto &[id, figures] : staff) {
        const QJsonObject gs = byKey(gotStaff, u"staffId"_s, double(id));
        INFO("staff " << id);
        CHECK(gs.value(u"served"_s).toInt() == std::get<0>(figures));
        CHECK(gs.value(u"noShows"_s).toInt() == std::get<1>(figures));
        checkSummary(gs.value(u"service"_s).toObject(), std::get<2>(figures), "service by staff");
        CHECK_FALSE(gs.value(u"fullName"_s).toString().isEmpty());
    }
}

} // namespace

TEST_CASE("dashboard figures on a generated history equal an independent calculation", "[dashboard]")
{
    okno::HistoryOptions o;
    o.centres = 2;
    o.from = QDate(2026, 9, 7); // Monday
    o.to = QDate(2026, 11, 13); // Friday, ten weeks
    o.visitsPerDay = 90;
    o.seed = 4242;
    HistoryServer h(o, DemoServer::moscow(QDate(2026, 11, 16), 9, 0));
    REQUIRE(h.generated.visits > 1000);
    SyncClient &chief = h.chief;

    const RawHistory raw(h.server);
    REQUIRE(raw.centres.size() == 2);
    const std::set<qint64> all{raw.centres.begin()->first, raw.centres.rbegin()->first};

    SECTION("every centre, the whole history")
    {
        const QJsonObject d =
            chief.ok(u"dashboard"_s, {{u"from"_s, u"2026-09-07"_s}, {u"to"_s, u"2026-11-13"_s}});
        checkDashboard(raw, d, all, QDate(2026, 9, 7), QDate(2026, 11, 13), 30);
        // Longer than a request may be: the client takes the server's long frames.
        CHECK(QJsonDocument(d).toJson(QJsonDocument::Compact).size() > okno::protocol::kMaxFrameBytes);
        REQUIRE(d.value(u"centres"_s).toArray().size() == 2);
        // Each centre's own figures, as the centre's own dashboard gives them.
        for (qint64 id : all) {
            const QJsonObject own = byKey(d.value(u"centres"_s).toArray(), u"centreId"_s, double(id));
            const QJsonObject single = chief.ok(
                u"dashboard"_s,
                {{u"centreId"_s, double(id)}, {u"from"_s, u"2026-09-07"_s}, {u"to"_s, u"2026-11-13"_s}});
            CHECK(own.value(u"roles"_s) == single.value(u"roles"_s));
            CHECK(own.value(u"quality"_s) == single.value(u"quality"_s));
        }
    }
    SECTION("one centre, the last week, with a week's look-back for repeat visits")
    {
        const qint64 id = *all.begin();
        const QJsonObject d = chief.ok(u"dashboard"_s, {{u"centreId"_s, double(id)},
                                                        {u"from"_s, u"2026-11-09"_s},
                                                        {u"to"_s, u"2026-11-13"_s},
                                                        {u"repeatWindowDays"_s, 7}});
        checkDashboard(raw, d, {id}, QDate(2026, 11, 9), QDate(2026, 11, 13), 7);
    }
    SECTION("one centre, one day")
    {
        const qint64 id = *all.begin();
        const QJsonObject body{
            {u"centreId"_s, double(id)}, {u"from"_s, u"2026-11-11"_s}, {u"to"_s, u"2026-11-11"_s}};
        const QJsonObject d = chief.ok(u"dashboard"_s, body);
        checkDashboard(raw, d, {id}, QDate(2026, 11, 11), QDate(2026, 11, 11), 30);
    }
}

TEST_CASE("dashboard and norms.history refuse what is wrong and record who changed a norm", "[dashboard]")
{
    DemoServer d;
    d.at(9, 0);
    auto manager = d.staff(u"manager"_s); // bound to centre 1
    const auto refused = [&](SyncClient &c, const QJsonObject &body) {
        return errorCode(c.call(u"dashboard"_s, body, false));
    };
    CHECK(refused(*manager, {{u"centreId"_s, 1}, {u"from"_s, u"2026-11-24"_s}, {u"to"_s, u"2026-11-23"_s}}) ==
          u"invalid_argument"_s);
    CHECK(refused(*manager, {{u"centreId"_s, 1}, {u"from"_s, u"2026-11-23"_s}}) == u"bad_request"_s);
    CHECK(refused(*manager, {{u"centreId"_s, 1}, {u"from"_s, u"23.11.2026"_s}, {u"to"_s, u"2026-11-23"_s}}) ==
          u"invalid_argument"_s);
    CHECK(refused(*manager, {{u"centreId"_s, 1},
                             {u"from"_s, u"2026-11-23"_s},
                             {u"to"_s, u"2026-11-23"_s},
                             {u"repeatWindowDays"_s, 0}}) == u"invalid_argument"_s);
    CHECK(refused(*manager, {{u"from"_s, u"2026-11-23"_s}, {u"to"_s, u"2026-11-23"_s}}) == u"bad_request"_s);
    CHECK(refused(*manager, {{u"centreId"_s, 2}, {u"from"_s, u"2026-11-23"_s}, {u"to"_s, u"2026-11-23"_s}}) ==
          u"not_found"_s);
    auto consultant = d.staff(u"consult1"_s, 2);
    CHECK(refused(*consultant,
                  {{u"centreId"_s, 1}, {u"from"_s, u"2026-11-23"_s}, {u"to"_s, u"2026-11-23"_s}}) ==
          u"forbidden"_s);
    // An empty day is all zeros, not an error.
    const QJsonObject empty = manager->ok(
        u"dashboard"_s, {{u"centreId"_s, 1}, {u"from"_s, u"2026-11-23"_s}, {u"to"_s, u"2026-11-23"_s}});
    CHECK(empty.value(u"quality"_s).toObject().value(u"visits"_s).toInt() == 0);
    CHECK(empty.value(u"byHour"_s).toArray().isEmpty());

    // Norms: who changed which from what to what, newest first.
    manager->ok(u"norms.set"_s, {{u"centreId"_s, 1},
                                 {u"role"_s, u"consultant"_s},
                                 {u"waitMinutes"_s, 25},
                                 {u"serviceMinutes"_s, 15}});
    manager->ok(
        u"norms.set"_s,
        {{u"centreId"_s, 1}, {u"role"_s, u"cashier"_s}, {u"waitMinutes"_s, 15}, {u"serviceMinutes"_s, 8}});
    const QJsonArray changes =
        manager->ok(u"norms.history"_s, {{u"centreId"_s, 1}}).value(u"changes"_s).toArray();
    REQUIRE(changes.size() == 2);
    const QJsonObject newest = changes[0].toObject();
    CHECK(newest.value(u"role"_s).toString() == u"cashier"_s);
    CHECK(newest.value(u"before"_s).toObject().value(u"waitMinutes"_s).toInt() == 20);
    CHECK(newest.value(u"after"_s).toObject().value(u"serviceMinutes"_s).toInt() == 8);
    CHECK(newest.value(u"actorName"_s).toString() == u"Смирнов Игорь Николаевич"_s);
    CHECK(changes[1].toObject().value(u"role"_s).toString() == u"consultant"_s);
    CHECK(manager->ok(u"norms.history"_s, {{u"centreId"_s, 1}, {u"limit"_s, 1}})
              .value(u"changes"_s)
              .toArray()
              .size() == 1);
    CHECK(errorCode(manager->call(u"norms.history"_s, {{u"centreId"_s, 1}, {u"limit"_s, 0}}, false)) ==
          u"invalid_argument"_s);
    CHECK(errorCode(consultant->call(u"norms.history"_s, {{u"centreId"_s, 1}}, false)) == u"forbidden"_s);
    // The norm change is judged from then on: today's report carries the new norms.
    const QJsonObject after = manager->ok(
        u"dashboard"_s, {{u"centreId"_s, 1}, {u"from"_s, u"2026-11-23"_s}, {u"to"_s, u"2026-11-23"_s}});
    CHECK(byKey(after.value(u"roles"_s).toArray(), u"role"_s, u"consultant"_s)
              .value(u"norm"_s)
              .toObject()
              .value(u"waitMinutes"_s)
              .toInt() == 25);

    // The company-wide demo account sees every centre.
    auto director = d.staff(u"director"_s);
    const QJsonObject everything =
        director->ok(u"dashboard"_s, {{u"from"_s, u"2026-11-23"_s}, {u"to"_s, u"2026-11-23"_s}});
    CHECK(everything.value(u"centres"_s).toArray().size() == 1);
}
