// The reports' read model in a real SQLite file: after a generated year, every figure merged from
// the stored day digests equals a full recomputation from the raw rows (the computation the
// server used before the read model); a change to a past visit drops the digests it touches in
// its own commit; a digest made under another schedule is not used; and a database of the schema
// before the read model gets one.

#include <history/HistoryGenerator.h>

#include <core/Analytics.h>
#include <core/ReadModel.h>
#include <storage/Database.h>

#include <catch2/catch.hpp>

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>

#include <future>
#include <thread>

using namespace okno;
using namespace Qt::StringLiterals;

namespace {

template <typename T> T ok(Result<T> r)
{
    INFO((r.ok() ? QString() : r.error().message).toStdString());
    REQUIRE(r.ok());
    return std::move(r).value();
}

void ok(const Status &s)
{
    INFO((s.ok() ? QString() : s.error().message).toStdString());
    REQUIRE(s.ok());
}

// "Now" for the reports: the evening after the history's last day, so every day of it is over.
const QDate kFirst(2025, 11, 3);
const QDate kLast(2026, 10, 30);
const QDateTime kNow(kLast.addDays(3), QTime(12, 0), QTimeZone::utc());

struct Year
{
    QTemporaryDir dir;
    DatabaseConfig config;
    HistorySummary summary;

    Year()
    {
        REQUIRE(dir.isValid());
        config.path = dir.filePath(u"year.db"_s);
        HistoryOptions o;
        o.database = config;
        o.centres = 2;
        o.from = kFirst;
        o.to = kLast;
        o.visitsPerDay = 30;
        o.seed = 77;
        o.events = false;
        summary = ok(generateHistory(o));
        REQUIRE(summary.visits > 10000);
    }

    QVariant raw(const QString &sql) const
    {
        const QString name = u"okno-test-raw"_s;
        QVariant result;
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
            db.setDatabaseName(config.path);
            REQUIRE(db.open());
            QSqlQuery q(db);
            INFO(sql.toStdString());
            REQUIRE(q.exec(sql));
            if (q.next())
                result = q.value(0);
        }
        QSqlDatabase::removeDatabase(name);
        return result;
    }
};

// The figures as the server computed them before the read model: every visit of the period (and
// of the repeat window before it) read back and reckoned.
Dashboard rawDashboard(Database &db, const QHash<Id, Centre> &centres, const QDate &from, const QDate &to,
                       int window)
{
    QList<Visit> visits;
    for (const Centre &c : centres) {
        const QTimeZone zone = c.schedule.timeZone();
        visits += ok(db.visitsCreated(c.id, QDateTime(from.addDays(-window), QTime(0, 0), zone).toUTC(),
                                      QDateTime(to.addDays(1), QTime(0, 0), zone).toUTC()));
    }
    return computeDashboard(visits, centres, from, to, window);
}

Dashboard digestDashboard(Database &db, const QHash<Id, Centre> &centres, const QDate &from, const QDate &to,
                          int window)
{
    DashboardBuilder builder(centres, from, to, window);
    ok(db.readCreatedDigests(
        centres.values(), from, to, kNow,
        [&](Id centre, const QDate &day, const CreatedDigest &d) { builder.add(centre, day, d); }));
    REQUIRE(builder.exact());
    return builder.finish();
}

void requireSame(const Dashboard &fromDigests, const Dashboard &raw)
{
    REQUIRE(fromDigests.roles == raw.roles);
    REQUIRE(fromDigests.byHour == raw.byHour);
    REQUIRE(fromDigests.byDay == raw.byDay);
    REQUIRE(fromDigests.byStaff == raw.byStaff);
    REQUIRE(fromDigests.quality == raw.quality);
    REQUIRE(fromDigests.centres == raw.centres);
}

QHash<Id, Centre> centresOf(Database &db)
{
    QHash<Id, Centre> out;
    for (const Centre &c : ok(db.loadCentres()))
        out.insert(c.id, c);
    return out;
}

void requireEveryFigure(Database &db)
{
    const QHash<Id, Centre> all = centresOf(db);
    REQUIRE(all.size() == 2);
    struct Period
    {
        QDate from, to;
        int window;
    };
    const QList<Period> periods{{kFirst, kLast, 30},
                                {QDate(2026, 3, 1), QDate(2026, 3, 31), 365},
                                {QDate(2026, 6, 8), QDate(2026, 6, 14), 7},
                                {QDate(2026, 9, 16), QDate(2026, 9, 16), 1},
                                {QDate(2026, 10, 26), kLast.addDays(2), 30}}; // into days with no visits
    for (const Period &p : periods) {
        INFO(p.from.toString(Qt::ISODate).toStdString() << " … " << p.to.toString(Qt::ISODate).toStdString());
        requireSame(digestDashboard(db, all, p.from, p.to, p.window),
                    rawDashboard(db, all, p.from, p.to, p.window));
        for (const Centre &c : all) {
            const QHash<Id, Centre> one{{c.id, c}};
            requireSame(digestDashboard(db, one, p.from, p.to, p.window),
                        rawDashboard(db, one, p.from, p.to, p.window));
            const auto days = ok(db.readServiceDigests(c, p.from, p.to, kNow));
            REQUIRE(statisticsFromDigests(days, c.norms) ==
                    computeStatistics(ok(db.stageRecords(c.id, p.from, p.to)), c.schedule, c.norms));
        }
    }
}

} // namespace

TEST_CASE("after a generated year, every report figure from the read model equals a full recomputation",
          "[readmodel]")
{
    Year year;
    // okno-history left the read model complete: a digest for every centre and day of the year
    // (and the day before it, where a stage might have a service date).
    const int days = int(kFirst.daysTo(kLast)) + 1;
    CHECK(year.raw(u"SELECT COUNT(*) FROM day_digests"_s).toInt() == 2 * (days + 1));
    auto db = ok(Database::open(year.config));
    requireEveryFigure(*db);
    // Reading built only the day after the last visits; later days hold nothing by definition.
    CHECK(year.raw(u"SELECT COUNT(*) FROM day_digests"_s).toInt() == 2 * (days + 2));
    // Nor do the years before the first: a period of nine years builds nothing for them.
    const QHash<Id, Centre> all = centresOf(*db);
    const QDate longAgo = kFirst.addYears(-8);
    requireSame(digestDashboard(*db, all, longAgo, kLast, 30), rawDashboard(*db, all, longAgo, kLast, 30));
    CHECK(year.raw(u"SELECT COUNT(*) FROM day_digests"_s).toInt() == 2 * (days + 2));
}

TEST_CASE("a change to a past visit drops the digests it touches in its own commit", "[readmodel]")
{
    Year year;
    auto db = ok(Database::open(year.config));
    // A visit with an account that comes again on a later day: its day, and the later visit's
    // day (whose repeat measure may change), lose their digests when it changes.
    const qint64 visitId = year.raw(uR"(SELECT v.id FROM visits v JOIN visits w
                                          ON w.account_number = v.account_number
                                          AND w.created_at > v.created_at + 86400000
                                        WHERE v.account_number <> '' ORDER BY v.id LIMIT 1)"_s)
                               .toLongLong();
    REQUIRE(visitId != 0);
    Visit v = *ok(db->loadVisit(visitId));
    const QString account = v.accountNumber;
    const QDate day = v.stages.first().serviceDate;
    auto digestsOn = [&](Id centre, const QDate &d) {
        return year
            .raw(u"SELECT COUNT(*) FROM day_digests WHERE centre_id = %1 AND day = '%2'"_s.arg(centre).arg(
                d.toString(Qt::ISODate)))
            .toInt();
    };
    const auto later = year.raw(uR"(SELECT centre_id || ' ' || created_at FROM visits
                                     WHERE account_number = '%1' AND created_at > %2
                                     ORDER BY created_at LIMIT 1)"_s.arg(account)
                                    .arg(v.createdAt.toMSecsSinceEpoch() + 86400000))
                           .toString()
                           .split(u' ');
    REQUIRE(later.size() == 2);
    const QHash<Id, Centre> centres = centresOf(*db);
    const Id laterCentre = later[0].toLongLong();
    const QDate laterDay = centres[laterCentre].schedule.localDate(
        QDateTime::fromMSecsSinceEpoch(later[1].toLongLong(), QTimeZone::utc()));
    REQUIRE(digestsOn(v.centreId, day) == 1);
    REQUIRE(digestsOn(laterCentre, laterDay) == 1);

    // The account corrected, a wait made longer: one commit.
    v.accountNumber = u"99999999"_s;
    v.stages.first().calledAt = v.stages.first().calledAt.addSecs(60);
    ++v.version;
    WriteBatch batch;
    batch.putVisit(v);
    ok(db->apply(batch));
    CHECK(digestsOn(v.centreId, day) == 0);
    CHECK(digestsOn(laterCentre, laterDay) == 0);
    // Reports rebuild them from the rows as they are now.
    requireEveryFigure(*db);
    CHECK(digestsOn(v.centreId, day) == 1);
    CHECK(digestsOn(laterCentre, laterDay) == 1);
}

TEST_CASE("a digest made under another schedule is not used", "[readmodel]")
{
    Year year;
    auto db = ok(Database::open(year.config));
    const QHash<Id, Centre> before = centresOf(*db);
    // The first centre's lunch now counts as working time, and a spring day becomes a holiday:
    // every wait and service across lunch changes length.
    Centre c = before.value(before.keys().first());
    c.schedule.setLunchCountsAsWorkingTime(true);
    c.schedule.setException({QDate(2026, 4, 15), DayHours::closed(), u"closed for repairs"_s});
    WriteBatch batch;
    batch.putCentre(c);
    ok(db->apply(batch));
    requireEveryFigure(*db);
}

TEST_CASE("a database of the schema before the read model gets one", "[readmodel]")
{
    Year year;
    // As a version-5 database was: no read model.
    year.raw(u"DROP TABLE day_digests"_s);
    year.raw(u"DROP INDEX visits_account_created"_s);
    year.raw(u"CREATE INDEX visits_account ON visits (account_number)"_s);
    year.raw(u"DELETE FROM schema_version WHERE version = 6"_s);
    // … and nothing of the later ones (v7: retention's repeat facts; v8: the serving node's lease;
    // v9: the id blocks).
    year.raw(u"DROP TABLE visit_repeat_facts"_s);
    year.raw(u"DROP INDEX visits_created"_s);
    year.raw(u"DELETE FROM schema_version WHERE version = 7"_s);
    year.raw(u"DROP TABLE server_lease"_s);
    year.raw(u"DELETE FROM schema_version WHERE version = 8"_s);
    year.raw(u"DROP TABLE id_blocks"_s);
    year.raw(u"DELETE FROM schema_version WHERE version = 9"_s);
    auto db = ok(Database::open(year.config));
    CHECK(db->schemaVersion() == 9);
    CHECK(year.raw(u"SELECT COUNT(*) FROM day_digests"_s).toInt() == 0);
    // What okno-server does in the background at start.
    const int built = ok(db->buildDigests(ok(db->loadCentres()), kNow));
    const int days = int(kFirst.daysTo(kLast)) + 1;
    CHECK(built == 2 * (days + 2));
    CHECK(year.raw(u"SELECT COUNT(*) FROM day_digests"_s).toInt() == built);
    CHECK(ok(db->buildDigests(ok(db->loadCentres()), kNow)) == 0); // nothing left to do
    requireEveryFigure(*db);
}

TEST_CASE("a write waits for another connection's write instead of failing", "[readmodel]")
{
    // Storing digests, a report holds the write lock for a moment. The server's next commit must
    // wait for it and then succeed, even though it reads (the visit's stored account) before it
    // writes: a transaction that began by reading would find its snapshot stale and fail.
    Year year;
    auto db = ok(Database::open(year.config));
    const qint64 visitId = year.raw(u"SELECT MAX(id) FROM visits"_s).toLongLong();
    Visit v = *ok(db->loadVisit(visitId));
    std::promise<void> locked;
    std::thread other([&] {
        const QString name = u"okno-test-other-writer"_s;
        {
            QSqlDatabase c = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
            c.setDatabaseName(year.config.path);
            c.open();
            QSqlQuery q(c);
            q.exec(u"BEGIN IMMEDIATE"_s);
            q.exec(u"INSERT INTO settings (key, value) VALUES ('bench', 'x')"_s);
            locked.set_value();
            std::this_thread::sleep_for(std::chrono::milliseconds(300));
            q.exec(u"COMMIT"_s);
        }
        QSqlDatabase::removeDatabase(name);
    });
    locked.get_future().wait();
    ++v.version;
    v.purpose = u"changed while another connection wrote"_s;
    WriteBatch batch;
    batch.putVisit(v);
    const Status written = db->apply(batch);
    other.join();
    ok(written);
    CHECK(ok(db->loadVisit(visitId))->purpose == v.purpose);
}
