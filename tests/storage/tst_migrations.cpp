// Opening, connection settings and the versioned schema.

#include "StorageTestSupport.h"

#include <storage/Migration.h>

using namespace okno;
using namespace okno::test;

TEST_CASE("open creates the schema at the latest version", "[storage][migrations]")
{
    TempDatabase t;
    auto db = t.open();
    CHECK(db->schemaVersion() == latestSchemaVersion());
    CHECK(latestSchemaVersion() == 9);
    CHECK(t.raw(u"SELECT COUNT(*) FROM schema_version"_s).toInt() == 9);
    CHECK(t.raw(u"SELECT description FROM schema_version WHERE version = 1"_s).toString() ==
          u"initial schema"_s);

    for (const QString &table :
         {u"centres"_s, u"centre_week_hours"_s, u"centre_exceptions"_s, u"norms"_s, u"priority_categories"_s,
          u"queues"_s, u"desks"_s, u"desk_queues"_s, u"staff"_s, u"visits"_s, u"stages"_s, u"events"_s,
          u"idempotency"_s, u"settings"_s}) {
        INFO(table.toStdString());
        CHECK(t.objects(u"table"_s, table) == 1);
    }
    for (const QString &index : {u"stages_service_date"_s, u"stages_queue_ticket"_s, u"stages_state"_s,
                                 u"events_at"_s, u"visits_account_created"_s, u"visits_centre_created"_s}) {
        INFO(index.toStdString());
        CHECK(t.objects(u"index"_s, index) == 1);
    }
    const MaxIds none = requireValue(db->maxIds());
    CHECK(none == MaxIds{});
}

TEST_CASE("the connection runs with WAL, synchronous FULL, foreign keys and a busy timeout",
          "[storage][migrations][sqlite]")
{
    TempDatabase t;
    auto db = t.open();
    const ConnectionInfo info = requireValue(db->connectionInfo());
    CHECK(info.driver == u"QSQLITE"_s);
    CHECK(info.journalMode == u"wal"_s);
    CHECK(info.synchronous == u"full"_s);
    CHECK(info.foreignKeys);
    CHECK(info.busyTimeoutMs == 5000);
    CHECK(info.schemaVersion == latestSchemaVersion());
    CHECK_FALSE(info.serverVersion.isEmpty());
    // WAL is a property of the file: a plain connection sees it too.
    CHECK(t.raw(u"PRAGMA journal_mode"_s).toString() == u"wal"_s);

    SECTION("foreign keys are enforced: a queue of a centre that does not exist is refused")
    {
        const Status s =
            db->apply(WriteBatch().putQueue(makeQueue(1, 99, u"q"_s, u"Q"_s, StageRole::Consultant)));
        REQUIRE_FALSE(s.ok());
        CHECK(s.error().code == ErrorCode::Internal);
        CHECK(s.error().message.contains(u"FOREIGN KEY"_s));
        CHECK(requireValue(db->loadQueues()).isEmpty());
    }
}

TEST_CASE("reopening keeps the data and does not run the migrations again", "[storage][migrations]")
{
    TempDatabase t;
    {
        auto db = t.open();
        requireOk(db->apply(WriteBatch().putSetting(u"board.title"_s, u"Добро пожаловать"_s)));
    }
    const qint64 appliedAt = t.raw(u"SELECT applied_at FROM schema_version WHERE version = 1"_s).toLongLong();

    auto db = t.open();
    CHECK(db->schemaVersion() == latestSchemaVersion());
    CHECK(t.raw(u"SELECT COUNT(*) FROM schema_version"_s).toInt() == latestSchemaVersion());
    CHECK(t.raw(u"SELECT applied_at FROM schema_version WHERE version = 1"_s).toLongLong() == appliedAt);
    CHECK(requireValue(db->setting(u"board.title"_s)) == std::optional<QString>(u"Добро пожаловать"_s));
}

TEST_CASE("a database with a newer schema than the code knows is refused", "[storage][migrations]")
{
    TempDatabase t;
    t.open().reset();
    t.raw(
        u"INSERT INTO schema_version (version, applied_at, description) VALUES (999, 0, 'from the future')"_s);

    const auto db = Database::open(t.config());
    REQUIRE_FALSE(db.ok());
    CHECK(db.error().code == ErrorCode::Unavailable);
    CHECK(db.error().message.contains(u"999"_s));
    CHECK(db.error().message.contains(u"newer"_s));
    // Nothing was touched.
    CHECK(t.raw(u"SELECT MAX(version) FROM schema_version"_s).toInt() == 999);
}

TEST_CASE("a later migration step is applied on top of an existing database", "[storage][migrations]")
{
    TempDatabase t;
    {
        auto db = t.open();
        requireOk(db->apply(WriteBatch().putSetting(u"k"_s, u"v"_s)));
    }
    QList<Migration> steps = builtinMigrations();
    const int next = latestSchemaVersion() + 1;
    steps.append(
        Migration{next, u"settings get a comment"_s, {u"ALTER TABLE settings ADD COLUMN comment TEXT"_s}});

    {
        auto db = requireValue(Database::open(t.config(), steps));
        CHECK(db->schemaVersion() == next);
        CHECK(requireValue(db->setting(u"k"_s)) == std::optional<QString>(u"v"_s));
    }
    CHECK(t.raw(u"SELECT COUNT(*) FROM schema_version"_s).toInt() == next);
    CHECK(t.hasColumn(u"settings"_s, u"comment"_s));

    // The build that knows only the versions before now refuses the file instead of misreading it.
    const auto old = Database::open(t.config());
    REQUIRE_FALSE(old.ok());
    CHECK(old.error().message.contains(u"version %1"_s.arg(next)));
}

TEST_CASE("a failing migration step is rolled back and the version stays", "[storage][migrations]")
{
    TempDatabase t;
    t.open().reset();

    QList<Migration> steps = builtinMigrations();
    const int next = latestSchemaVersion() + 1;
    steps.append(Migration{
        next,
        u"broken step"_s,
        {u"CREATE TABLE half_done (x INTEGER)"_s, u"ALTER TABLE no_such_table ADD COLUMN y TEXT"_s}});
    const auto db = Database::open(t.config(), steps);
    REQUIRE_FALSE(db.ok());
    const QString message = db.error().message;
    INFO(message.toStdString());
    CHECK(message.contains(u"schema version %1 (broken step)"_s.arg(next)));
    CHECK(message.contains(u"stays at version %1"_s.arg(next - 1)));
    CHECK(message.contains(u"no_such_table"_s));

    CHECK(t.raw(u"SELECT MAX(version) FROM schema_version"_s).toInt() == next - 1);
    CHECK(t.objects({}, u"half_done"_s) == 0);
    CHECK(requireValue(Database::open(t.config()))->schemaVersion() == next - 1);
}

TEST_CASE("a failing first step leaves a new database empty at version 0", "[storage][migrations]")
{
    TempDatabase t;
    const QList<Migration> steps{Migration{1, u"broken"_s, {u"CREATE TABLE a (x INTEGER)"_s, u"NOT SQL"_s}}};
    const auto db = Database::open(t.config(), steps);
    REQUIRE_FALSE(db.ok());
    CHECK(db.error().message.contains(u"stays at version 0"_s));
    CHECK(t.raw(u"SELECT COUNT(*) FROM schema_version"_s).toInt() == 0);
    CHECK(t.objects({}, u"a"_s) == 0);
}

TEST_CASE("migration steps must be numbered consecutively", "[storage][migrations]")
{
    TempDatabase t;
    const QList<Migration> steps{Migration{1, u"one"_s, {}}, Migration{3, u"three"_s, {}}};
    const auto db = Database::open(t.config(), steps);
    REQUIRE_FALSE(db.ok());
    CHECK(db.error().code == ErrorCode::Internal);
    CHECK(db.error().message.contains(u"numbered"_s));
}

TEST_CASE("bad configurations are refused with a clear error", "[storage][migrations]")
{
    DatabaseConfig c;
    SECTION("no path")
    {
        const auto db = Database::open(c);
        REQUIRE_FALSE(db.ok());
        CHECK(db.error().code == ErrorCode::InvalidArgument);
    }
    SECTION("unknown driver")
    {
        c.driver = u"QODBC"_s;
        c.path = u"x.db"_s;
        const auto db = Database::open(c);
        REQUIRE_FALSE(db.ok());
        CHECK(db.error().code == ErrorCode::InvalidArgument);
        CHECK(db.error().message.contains(u"QODBC"_s));
    }
    SECTION("a file that cannot be created")
    {
        TempDatabase t;
        c.path = t.path() + u"/no/such/dir/okno.db"_s;
        const auto db = Database::open(c);
        REQUIRE_FALSE(db.ok());
        CHECK(db.error().code == ErrorCode::Unavailable);
        CHECK(db.error().message.contains(u"open sqlite:"_s));
    }
}

TEST_CASE("each Database has its own connection, removed when it is destroyed", "[storage][migrations]")
{
    TempDatabase t;
    const qsizetype before = QSqlDatabase::connectionNames().size();
    {
        auto writer = t.open();
        auto reader = t.open();
        CHECK(QSqlDatabase::connectionNames().size() == before + 2);
        requireOk(writer->apply(WriteBatch().putSetting(u"k"_s, u"v1"_s)));
        CHECK(requireValue(reader->setting(u"k"_s)) == std::optional<QString>(u"v1"_s));
    }
    CHECK(QSqlDatabase::connectionNames().size() == before);

    // A failed open does not leak its connection either.
    DatabaseConfig c;
    c.path = t.path() + u"/no/such/dir/okno.db"_s;
    CHECK_FALSE(Database::open(c).ok());
    CHECK(QSqlDatabase::connectionNames().size() == before);
}

TEST_CASE("an in-memory database works for throwaway use", "[storage][migrations]")
{
    DatabaseConfig c;
    c.path = u":memory:"_s;
    auto db = requireValue(Database::open(c));
    CHECK(db->schemaVersion() == latestSchemaVersion());
    requireOk(db->apply(WriteBatch().putSetting(u"k"_s, u"v"_s)));
    CHECK(requireValue(db->setting(u"k"_s)) == std::optional<QString>(u"v"_s));
}
