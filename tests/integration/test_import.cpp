// Moving up (docs/scale-out.md): a company's SQLite history imported into PostgreSQL with
// okno-server --import gives the same dashboard there. Runs in a PostgreSQL run only
// (tests/integration/CMakeLists.txt: test_import_pg), where each server's database is new.

#include "HistoryServer.h"

#include <QJsonDocument>
#include <QProcess>
#include <QSqlQuery>

namespace {

using Run = CtlResult;

Run runServer(const QStringList &args)
{
    return runServerCommand(args);
}

QJsonObject dashboard(SyncClient &chief, const QJsonObject &body)
{
    return chief.ok(u"dashboard"_s, body);
}

std::map<QString, qint64> counts(const okno::DatabaseConfig &config)
{
    StoredDatabase stored(config);
    REQUIRE(stored.isOpen());
    std::map<QString, qint64> n;
    for (const QString &table : {u"centres"_s, u"staff"_s, u"visits"_s, u"stages"_s, u"events"_s,
                                 u"consultations"_s, u"payments"_s, u"cash_shifts"_s, u"day_digests"_s})
        n[table] = stored.scalar(u"SELECT COUNT(*) FROM "_s + table);
    return n;
}

} // namespace

TEST_CASE("an SQLite history imported into PostgreSQL gives the same dashboard", "[import]")
{
    REQUIRE(ServerProcess::onPostgres()); // CTest runs it under scripts/pg-cluster.sh run

    // The company's SQLite server, with months of history and a company-wide manager.
    QTemporaryDir sqliteDir;
    const QString file = sqliteDir.filePath(u"okno.sqlite"_s);
    okno::HistoryOptions o;
    o.centres = 3;
    o.from = QDate(2026, 9, 7); // Monday
    o.to = QDate(2026, 11, 13); // Friday
    o.visitsPerDay = 60;
    o.seed = 1313;
    o.database.path = file;
    auto made = okno::generateHistory(o);
    REQUIRE(made);
    const QDateTime clock = DemoServer::moscow(QDate(2026, 11, 16), 9, 0);

    const QList<QJsonObject> requests{
        {{u"from"_s, u"2026-09-07"_s}, {u"to"_s, u"2026-11-13"_s}},
        {{u"from"_s, u"2026-11-09"_s}, {u"to"_s, u"2026-11-13"_s}, {u"repeatWindowDays"_s, 7}},
        {{u"centreId"_s, 2}, {u"from"_s, u"2026-10-01"_s}, {u"to"_s, u"2026-10-31"_s}},
    };
    QList<QJsonObject> before;
    ServerProcess sqlite;
    sqlite.useDatabase(file);
    sqlite.setClock(clock);
    {
        INFO(sqlite.log().toStdString());
        REQUIRE(sqlite.start());
        SyncClient admin;
        REQUIRE(admin.login(sqlite.port(), u"admin"_s, QString::fromLatin1(ServerProcess::kAdminPassword)));
        admin.ok(u"staff.put"_s, {{u"staff"_s, QJsonObject{{u"login"_s, u"chief"_s},
                                                           {u"fullName"_s, u"Руководитель сети"_s},
                                                           {u"role"_s, u"manager"_s},
                                                           {u"centreId"_s, 0}}},
                                  {u"password"_s, u"Director-of-all-7"_s}});
        SyncClient chief;
        REQUIRE(chief.login(sqlite.port(), u"chief"_s, u"Director-of-all-7"_s));
        for (const QJsonObject &r : requests)
            before.append(dashboard(chief, r));
    }
    // Refused while a server has the file open: the copy would not be of one moment.
    Run busy = runServer({u"--import"_s, file, u"--database"_s, ServerProcess().databaseArgument()});
    CHECK(busy.exitCode == 1);
    CHECK(busy.err.contains(u"in use"_s));
    sqlite.stop();
    const auto sourceCounts = counts(sqlite.databaseConfig());
    REQUIRE(sourceCounts.at(u"visits"_s) == made->visits);

    ServerProcess pg; // a new, empty PostgreSQL database
    pg.setClock(clock);
    Run imported = runServer({u"--import"_s, file, u"--database"_s, pg.databaseArgument()});
    INFO(imported.out.toStdString() << imported.err.toStdString());
    REQUIRE(imported.exitCode == 0);
    CHECK(imported.out.contains(u"counted on both sides"_s));
    CHECK(counts(pg.databaseConfig()) == sourceCounts);
    // The reports' read model is built again on PostgreSQL, from the imported rows: the figures
    // below come from PostgreSQL's own digests, not from the copied ones.
    {
        StoredDatabase db(pg);
        QSqlQuery q(db.db());
        REQUIRE(q.exec(u"DELETE FROM day_digests"_s));
    }

    {
        INFO(pg.log().toStdString());
        REQUIRE(pg.start());
        SyncClient chief;
        REQUIRE(chief.login(pg.port(), u"chief"_s, u"Director-of-all-7"_s));
        for (qsizetype i = 0; i < requests.size(); ++i) {
            INFO(QJsonDocument(requests[i]).toJson(QJsonDocument::Compact).toStdString());
            const QJsonObject after = dashboard(chief, requests[i]);
            CHECK(after.value(u"centres"_s).toArray().size() >= 1);
            CHECK(after == before[i]);
        }
        // And the imported history goes on: a new visit gets an id after every imported one.
        SyncClient admin;
        REQUIRE(admin.login(pg.port(), u"admin"_s, QString::fromLatin1(ServerProcess::kAdminPassword)));
    }
    pg.stop();

    // Twice into the same database: refused, naming what is there, and nothing changes.
    Run again = runServer({u"--import"_s, file, u"--database"_s, pg.databaseArgument()});
    CHECK(again.exitCode == 2);
    CHECK(again.err.contains(u"already holds data"_s));
    auto afterCounts = counts(pg.databaseConfig());
    afterCounts.erase(u"day_digests"_s); // rebuilt by the server meanwhile, as far as it got
    auto expected = sourceCounts;
    expected.erase(u"day_digests"_s);
    CHECK(afterCounts == expected);

    // A file that is not there, and a URL that is not one, are clear refusals.
    Run missing = runServer(
        {u"--import"_s, sqliteDir.filePath(u"none.sqlite"_s), u"--database"_s, pg.databaseArgument()});
    CHECK(missing.exitCode == 2);
    CHECK(missing.err.contains(u"no such file"_s));
    Run badUrl = runServer({u"--import"_s, file, u"--database"_s, u"postgresql://"_s});
    CHECK(badUrl.exitCode == 2);
    CHECK(badUrl.err.contains(u"--database"_s));
}

TEST_CASE("on PostgreSQL the SQLite file tools refuse, naming PostgreSQL's own", "[import]")
{
    REQUIRE(ServerProcess::onPostgres());
    DemoServer d;
    d.at(9, 0);
    const auto backup =
        d.admin->call(u"backup.create"_s, QJsonObject{{u"path"_s, QString(d.server.dir() + u"/b.sqlite"_s)}});
    REQUIRE_FALSE(backup);
    CHECK(backup.error().message.contains(u"pg_basebackup"_s));
    CHECK_FALSE(QFile::exists(d.server.dir() + u"/b.sqlite"_s));
    const auto verify = d.admin->call(u"database.verify"_s, {}, false);
    REQUIRE_FALSE(verify);
    CHECK(verify.error().message.contains(u"pg_amcheck"_s));
    // --restore puts an SQLite backup in place of an SQLite file: not of a PostgreSQL database.
    d.server.stop();
    Run restore = runServer(
        {u"--restore"_s, d.server.dir() + u"/b.sqlite"_s, u"--database"_s, d.server.databaseArgument()});
    CHECK(restore.exitCode == 2);
    CHECK(restore.err.contains(u"PostgreSQL's tools"_s));
    // --check-config reaches the database with the server's credentials, or says why not.
    Run good = runServer({u"--check-config"_s, u"--database"_s, d.server.databaseArgument()});
    CHECK(good.exitCode == 0);
    CHECK(good.out.contains(u"postgres://"_s));
    Run bad = runServer({u"--check-config"_s, u"--database"_s, u"postgresql://nobody@127.0.0.1:1/okno"_s});
    CHECK(bad.exitCode == 2);
    CHECK(bad.err.contains(u"cannot reach"_s));
}
