#pragma once

#include <core/Result.h>
#include <storage/DatabaseMaintenance.h>
#include <storage/StorageTypes.h>

#include <QDateTime>
#include <QString>

// okno-server --restore FILE: puts a backup in place of the server's database, with the server
// stopped, so that nothing the old server handed out after the backup is ever handed out again
// (docs/backup.md).
namespace okno::restore {

// Ids and event seqs go on this far above the backup's highest: more than a server hands out in
// years (a busy centre makes ~10 000 visits, ~100 000 events a month), so whatever the old server
// issued between the backup and its end lies below, and the numbers are never shown to anyone.
inline constexpr qint64 kIdMargin = 1'000'000;
// Numbers people see — tickets of a queue and day, receipts of a cash shift, shift numbers of a
// centre — go on this far above: a queue calls some hundreds of tickets a day and a cash desk
// prints one receipt every few minutes, so a thousand is beyond what one day can hand out, and a
// ticket К-1001 reads plainly as "after the restore".
inline constexpr int kNumberMargin = 1'000;

struct Summary
{
    maintenance::VerifyReport backup; // the check of the backup before anything was touched
    RestoreFloors floors;             // what the restored database starts above
    qint64 restoredEventSeq = 0;      // the seq of the server.restored event
    QString movedAside;               // where the database that was replaced went ("" = there was none)
};

// Checks `backupFile` (integrity, a schema this build knows), refuses when `databasePath` is in use
// by a running server, copies the backup beside it, brings it to this build's schema, stores the
// floors and the event `server.restored`, moves the old database (and its -wal) aside as
// <path>.before-restore-<time>, and puts the copy in its place. Nothing is changed when it fails.
Result<Summary> restoreFromBackup(const QString &backupFile, const QString &databasePath,
                                  const QDateTime &now);

} // namespace okno::restore
