#pragma once

#include <core/Organisation.h>
#include <core/Types.h>

#include <QString>

namespace okno {

// A staff account as the login check needs it. The hash is opaque to storage (its format is the
// server's business); an empty hash means "no password set": such an account cannot log in.
struct StaffCredential
{
    Staff staff;
    QString passwordHash;
};

// The highest identifiers in use, so that the server can go on allocating after a restart.
// 0 when a table is empty.
struct MaxIds
{
    Id centre = 0;
    Id queue = 0;
    Id desk = 0;
    Id staff = 0;
    Id visit = 0;
    qint64 eventSeq = 0;
    Id shift = 0;
    Id payment = 0;

    friend bool operator==(const MaxIds &, const MaxIds &) = default;
};

// What the connection actually runs with, for the server's start-up log and for tests.
struct ConnectionInfo
{
    QString driver;        // "QSQLITE"
    QString serverVersion; // "3.40.1" for SQLite
    QString journalMode;   // SQLite: "wal" ("memory" for an in-memory database)
    QString synchronous;   // SQLite: "full"
    bool foreignKeys = false;
    int busyTimeoutMs = 0;
    int schemaVersion = 0;
};

} // namespace okno
