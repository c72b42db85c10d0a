#pragma once

#include <core/Result.h>

#include <QString>

class QSqlDatabase;

namespace okno {

// Where the database is and how to reach it: an SQLite file ("QSQLITE", `path`), the embedded
// default, or a PostgreSQL database ("QPSQL": host, port, name, user, password). The schema and
// its migrations are the same portable SQL for both; what differs is isolated in libs/storage.
struct DatabaseConfig
{
    QString driver = QStringLiteral("QSQLITE");
    QString path;    // SQLite: the database file (created if missing); ":memory:" for a throwaway
    QString host;    // PostgreSQL
    int port = 5432; // PostgreSQL
    QString name;    // PostgreSQL database name
    QString user;
    QString password;
    // SQLite, for an offline bulk loader that has the file to itself (okno-history): a rollback
    // journal (journal_mode=DELETE, synchronous FULL) instead of WAL, and a larger page cache.
    // Each commit is durable and all-or-nothing, as with WAL, but the pages a large load adds are
    // written once, not twice. The file is left in that mode; the server switches it back to WAL
    // when it opens it. Never for the server itself (readers would wait for each commit).
    bool bulkLoad = false;
    // PostgreSQL with several nodes: the serving node's lease token every write checks
    // (Database::setFence); 0 = none (SQLite, or a connection that writes nothing).
    qint64 fenceToken = 0;
    // PostgreSQL, nodes sharing the centres: every write checks the leases of the centres it
    // touches (Database::fenceByCentre).
    bool fenceByCentre = false;
    // PostgreSQL: the connection's application_name (pg_stat_activity): "okno", or what it is
    // for ("okno-writer", "okno-reader", …), so that a DBA sees which of a node's connections is
    // which. Letters, digits and '-' only.
    QString applicationName = QStringLiteral("okno");

    // What an administrator writes (--database, [database] path): a file path for SQLite, or a
    // URL postgresql://[user[:password]@]host[:port]/database (also postgres://). A password left
    // out of the URL is libpq's to find (PGPASSWORD, ~/.pgpass, PGPASSFILE): keep it out of files
    // others read. Refuses, saying why, a URL it cannot use.
    static Result<DatabaseConfig> fromString(const QString &text);

    // Points a connection of this driver at the database: the file, or host, port, name, user
    // and password (connect options are the caller's).
    void applyTo(QSqlDatabase &db) const;

    bool isSqlite() const;
    bool isPostgres() const;
    // "sqlite:/var/lib/okno/okno.db" or "postgres://okno@db:5432/okno": for logs, never the password.
    QString displayName() const;
};

} // namespace okno
