#pragma once

// Shared fixtures of the storage tests: a throwaway SQLite file, result checks that print the
// error message, a small configuration to hang visits on, and raw SQL access to the file for
// what the public API deliberately cannot do (corrupt a row, fake a future schema version).

#include <storage/Database.h>
#include <storage/DatabaseMaintenance.h>

#include <catch2/catch.hpp>

#include <QCoreApplication>
#include <QDateTime>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>

#include <memory>
#include <optional>
#include <ostream>

namespace Catch {
template <> struct StringMaker<QString>
{
    static std::string convert(const QString &s) { return '"' + s.toStdString() + '"'; }
};
template <> struct StringMaker<QDateTime>
{
    static std::string convert(const QDateTime &d)
    {
        return d.isValid() ? d.toString(Qt::ISODateWithMs).toStdString() : std::string("<invalid>");
    }
};
template <> struct StringMaker<QDate>
{
    static std::string convert(const QDate &d)
    {
        return d.isValid() ? d.toString(Qt::ISODate).toStdString() : "<invalid>";
    }
};
template <> struct StringMaker<QByteArray>
{
    static std::string convert(const QByteArray &b) { return '"' + b.toStdString() + '"'; }
};
} // namespace Catch

namespace okno::test {

using namespace Qt::StringLiterals;

inline void requireOk(const Status &s)
{
    INFO((s.ok() ? QString() : s.error().message).toStdString());
    REQUIRE(s.ok());
}

template <typename T> T requireValue(Result<T> r)
{
    INFO((r.ok() ? QString() : r.error().message).toStdString());
    REQUIRE(r.ok());
    return std::move(r).value();
}

// A database file in a fresh temporary directory, removed with the fixture — or, when the
// suite runs as test_storage_pg (OKNO_TEST_POSTGRES names a throwaway cluster that
// scripts/pg-cluster.sh started), a fresh PostgreSQL database of that cluster, dropped with it.
class TempDatabase
{
public:
    TempDatabase()
    {
        REQUIRE(m_dir.isValid());
        const QString cluster = qEnvironmentVariable("OKNO_TEST_POSTGRES");
        if (cluster.isEmpty())
            return;
        auto admin = DatabaseConfig::fromString(cluster);
        REQUIRE(admin.ok());
        REQUIRE(admin->isPostgres());
        static int made = 0;
        const QString name = u"okno_storage_%1_%2"_s.arg(QCoreApplication::applicationPid()).arg(++made);
        m_postgres = requireValue(maintenance::createPostgresDatabase(*admin, name));
        m_admin = *admin;
        m_name = name;
    }
    ~TempDatabase()
    {
        if (!m_name.isEmpty()) // every connection of the test's is closed by now
            rawOn(m_admin, u"DROP DATABASE IF EXISTS %1 WITH (FORCE)"_s.arg(m_name), Must::BeChecked);
    }

    bool isPostgres() const { return m_postgres.has_value(); }
    QString path() const { return m_dir.filePath(u"okno.db"_s); }
    DatabaseConfig config() const
    {
        if (m_postgres)
            return *m_postgres;
        DatabaseConfig c;
        c.path = path();
        return c;
    }
    std::unique_ptr<Database> open() const { return requireValue(Database::open(config())); }

    // Runs one statement on a separate raw connection and returns the first column of the first
    // row (an invalid QVariant if there is none).
    QVariant raw(const QString &sql) const { return rawOn(config(), sql, Must::Succeed); }
    // Whether the database takes the statement (for what one engine refuses and the other keeps).
    bool accepts(const QString &sql) const
    {
        bool ok = false;
        rawOn(config(), sql, Must::Nothing, &ok);
        return ok;
    }
    // How many tables (type "table"), indexes ("index") or either ("") of that name the schema
    // has, from the engine's own catalogue.
    int objects(const QString &type, const QString &name) const
    {
        if (!isPostgres())
            return raw(type.isEmpty()
                           ? u"SELECT COUNT(*) FROM sqlite_master WHERE name = '%1'"_s.arg(name)
                           : u"SELECT COUNT(*) FROM sqlite_master WHERE type = '%1' AND name = '%2'"_s.arg(
                                 type, name))
                .toInt();
        const QString kinds = type == u"table"_s ? u"'r'"_s : type == u"index"_s ? u"'i'"_s : u"'r', 'i'"_s;
        return raw(u"SELECT COUNT(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                   u"WHERE n.nspname = current_schema() AND c.relname = '%1' AND c.relkind IN (%2)"_s.arg(
                       name, kinds))
            .toInt();
    }
    // Whether `table` has a column `column`.
    bool hasColumn(const QString &table, const QString &column) const
    {
        return raw(isPostgres()
                       ? u"SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = "
                         u"current_schema() AND table_name = '%1' AND column_name = '%2'"_s.arg(table, column)
                       : u"SELECT COUNT(*) FROM pragma_table_info('%1') WHERE name = '%2'"_s.arg(table,
                                                                                                 column))
                   .toInt() == 1;
    }

private:
    enum class Must
    {
        Succeed,
        BeChecked,
        Nothing
    };
    static QVariant rawOn(const DatabaseConfig &config, const QString &sql, Must must,
                          bool *succeeded = nullptr)
    {
        const QString name = u"okno-test-raw"_s;
        QVariant result;
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(config.driver, name);
            config.applyTo(db);
            const bool opened = db.open();
            INFO(db.lastError().text().toStdString());
            QSqlQuery q(db);
            INFO(sql.toStdString());
            const bool ok = opened && q.exec(sql);
            INFO(q.lastError().text().toStdString());
            if (must == Must::Succeed)
                REQUIRE(ok);
            else if (must == Must::BeChecked)
                CHECK(ok);
            if (succeeded)
                *succeeded = ok;
            if (q.next())
                result = q.value(0);
        }
        QSqlDatabase::removeDatabase(name);
        return result;
    }

    QTemporaryDir m_dir;
    std::optional<DatabaseConfig> m_postgres;
    DatabaseConfig m_admin;
    QString m_name;
};

inline QDateTime utc(int y, int mo, int d, int h, int mi, int s = 0, int ms = 0)
{
    return QDateTime(QDate(y, mo, d), QTime(h, mi, s, ms), Qt::UTC);
}

// Configuration the visit tests need (foreign keys are enforced):
//   centre 1 "SARANSK-1": queues 11 admin "А", 12 consult "К", 13 cashier "Р"; desks 21, 22;
//                         staff 31 (administrator), 32 (consultant)
//   centre 2 "RUZAEVKA":  queue 14 consult "К"; desk 23; staff 33
inline Centre makeCentre(Id id, const QString &code)
{
    Centre c;
    c.id = id;
    c.code = code;
    c.name = u"ЦОК "_s + code;
    c.address = u"ул. Коммунистическая, 50"_s;
    c.phone = u"8-800-000-00-00"_s;
    return c;
}

inline Queue makeQueue(Id id, Id centreId, const QString &code, const QString &prefix, StageRole role)
{
    Queue q;
    q.id = id;
    q.centreId = centreId;
    q.code = code;
    q.name = code;
    q.prefix = prefix;
    q.role = role;
    return q;
}

inline Staff makeStaff(Id id, Id centreId, const QString &login, Role role)
{
    Staff s;
    s.id = id;
    s.centreId = centreId;
    s.login = login;
    s.fullName = u"Сотрудник "_s + login;
    s.position = u"Должность: "_s + roleName(role); // any text: storage keeps what it is given
    s.role = role;
    return s;
}

inline Desk makeDesk(Id id, Id centreId, int number, QList<Id> queueIds)
{
    Desk d;
    d.id = id;
    d.centreId = centreId;
    d.number = number;
    d.name = u"Окно %1"_s.arg(number);
    d.queueIds = std::move(queueIds);
    return d;
}

inline WriteBatch seedConfigurationBatch()
{
    WriteBatch b;
    b.putCentre(makeCentre(1, u"SARANSK-1"_s))
        .putCentre(makeCentre(2, u"RUZAEVKA"_s))
        .putQueue(makeQueue(11, 1, u"admin"_s, u"А"_s, StageRole::Administrator))
        .putQueue(makeQueue(12, 1, u"consult"_s, u"К"_s, StageRole::Consultant))
        .putQueue(makeQueue(13, 1, u"cash"_s, u"Р"_s, StageRole::Cashier))
        .putQueue(makeQueue(14, 2, u"consult"_s, u"К"_s, StageRole::Consultant))
        .putStaff(makeStaff(31, 1, u"admin1"_s, Role::Administrator), u"hash-31"_s)
        .putStaff(makeStaff(32, 1, u"consult1"_s, Role::Consultant), u"hash-32"_s)
        .putStaff(makeStaff(33, 2, u"consult2"_s, Role::Consultant), u"hash-33"_s)
        .putDesk(makeDesk(21, 1, 1, {11}))
        .putDesk(makeDesk(22, 1, 2, {12, 13}))
        .putDesk(makeDesk(23, 2, 1, {14}));
    return b;
}

inline Stage makeStage(int index, Id queueId, StageRole role, int number, const QDate &day, StageState state,
                       const QDateTime &queuedAt)
{
    Stage s;
    s.index = index;
    s.queueId = queueId;
    s.role = role;
    s.ticketNumber = number;
    s.ticket = u"X-%1"_s.arg(number, 3, 10, QLatin1Char('0'));
    s.serviceDate = day;
    s.state = state;
    s.queuedAt = queuedAt;
    return s;
}

// A visit with one waiting administrator stage in centre 1.
inline Visit makeVisit(Id id, const QDate &day, int ticketNumber = 1)
{
    Visit v;
    v.id = id;
    v.centreId = 1;
    v.createdAt = QDateTime(day, QTime(6, 0), Qt::UTC).addSecs(id);
    v.purpose = u"Перерасчёт"_s;
    v.channel = u"reception"_s;
    v.createdBy = 31;
    v.version = 1;
    v.stages.append(
        makeStage(0, 11, StageRole::Administrator, ticketNumber, day, StageState::Waiting, v.createdAt));
    return v;
}

inline Event makeEvent(qint64 seq, const QString &type = u"visit.created"_s)
{
    Event e;
    e.seq = seq;
    e.at = utc(2024, 3, 4, 9, 0).addMSecs(seq * 1001);
    e.type = type;
    e.centreId = 1;
    e.visitId = seq;
    e.actorId = 31;
    e.payload = QByteArrayLiteral("{\"seq\":") + QByteArray::number(seq) + '}';
    return e;
}

} // namespace okno::test
