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
    // SQLite, for an offline bulk loader that has the file to itself (okno-history): WAL with
    // synchronous=NORMAL and a larger page cache. A commit is then not durable when apply()
    // returns (a power cut may lose the last ones), but the file stays consistent: after a crash
    // it holds every transaction up to some point. Never for the server.
    bool bulkLoad = false;

    bool isSqlite() const;
    bool isPostgres() const;
    // "sqlite:/var/lib/okno/okno.db" or "postgres://okno@db:5432/okno": for logs, never the password.
    QString displayName() const;
};

} // namespace okno
