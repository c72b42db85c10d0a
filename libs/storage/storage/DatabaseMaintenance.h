#pragma once

#include "DatabaseConfig.h"

#include <core/Result.h>

#include <QString>
#include <QStringList>

// The database as a file: an online copy, a check of a file, and whether another process has it
// open. Each function opens a connection of its own (no migrations run), on the calling thread.
namespace okno::maintenance {

// What a copy holds and what it cost.
struct BackupInfo
{
    QString path;
    qint64 bytes = 0;
    qint64 lastEventSeq = 0; // the newest event in the copy: everything up to it is there
    qint64 elapsedMs = 0;
};

// Why `target` may not receive a backup, or an empty string: it must be an absolute path whose
// directory exists, and the file must not exist (a backup never overwrites anything).
QString refuseBackupTarget(const QString &target);

// A consistent copy of the SQLite database `source` into `target` (checked as above), made with
// `VACUUM INTO` on a connection of its own: one read transaction, so the copy is the database as
// of one commit, and in WAL mode the server's writer goes on meanwhile. The file is created
// owner-only (0600) before SQLite writes into it, and synced, with its directory, before this
// returns. On failure nothing is left at `target`.
Result<BackupInfo> backupInto(const DatabaseConfig &source, const QString &target);

// What `verify` found in a database file.
struct VerifyReport
{
    QString path;
    bool ok = false;            // integrity_check said "ok" and the schema is one this build knows
    QStringList problems;       // integrity_check's lines (at most 100), or why the schema is refused
    int schemaVersion = 0;      // the highest row of schema_version
    int knownSchemaVersion = 0; // what this build's migrations lead to
    qint64 bytes = 0;
    qint64 visits = 0;
    qint64 events = 0;
    qint64 payments = 0;
    qint64 lastEventSeq = 0;
};

// PRAGMA integrity_check, the schema version and the counts of a database file. `live`: the
// server's own database, read while it runs (a normal connection); otherwise a file nobody
// writes (a backup), opened immutable so that checking it writes nothing next to it. A file that
// is missing or not an SQLite database is an error (InvalidArgument) saying so.
Result<VerifyReport> verifyDatabase(const QString &path, bool live);

// Whether another process has the SQLite database at `path` open: every connection to a WAL
// database holds a shared lock on the "DMS" byte of its -shm file (byte 128 with SQLite's unix
// VFS) for as long as it is open; a running okno-server always has its database open. Call it
// before this process opens the file itself (closing a descriptor drops the process's POSIX
// locks on the file).
bool openElsewhere(const QString &path);

// Whether the PostgreSQL database of `config` answers with these credentials (a connection
// opened and closed: nothing is read or written); the error carries the server's own words.
Status checkReachable(const DatabaseConfig &config);

// A new, empty PostgreSQL database `name` (letters, digits, '_') on the server of `admin` (a role
// that may create databases, connected to its maintenance database): for tools and benchmarks
// that need a database of their own. Returns the configuration that reaches it.
Result<DatabaseConfig> createPostgresDatabase(const DatabaseConfig &admin, const QString &name);

} // namespace okno::maintenance
