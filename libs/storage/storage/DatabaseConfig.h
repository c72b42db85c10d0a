#pragma once

#include <QString>

namespace okno {

// Where the database is and how to reach it. SQLite ("QSQLITE") is the supported backend today:
// only `path` is used. The SQL is kept portable so that PostgreSQL ("QPSQL", using host, port,
// name, user and password) can follow without a schema rewrite.
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

    bool isSqlite() const;
    bool isPostgres() const;
    // "sqlite:/var/lib/okno/okno.db" or "postgres://okno@db:5432/okno": for logs, never the password.
    QString displayName() const;
};

} // namespace okno
