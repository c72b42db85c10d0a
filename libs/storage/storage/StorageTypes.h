#pragma once

#include <core/Organisation.h>
#include <core/Types.h>

#include <QDate>
#include <QHash>
#include <QString>

namespace okno {

// A staff account as the login check needs it. The hash is opaque to storage (its format is the
// server's business); an empty hash means "no password set": such an account cannot log in.
struct StaffCredential
{
    Staff staff;
    QString passwordHash;
};

// What a server hands out ids of (Database::reserveIds): each kind has its own run.
enum class IdKind
{
    Centre,
    Queue,
    Desk,
    Staff,
    Visit,
    Shift,
    Payment,
};
inline constexpr int kIdKinds = 7;
QString idKindName(IdKind kind); // its row in id_blocks: "visit", …
// The row of id_blocks whose next_id is the next event seq (numbered in the commit: WriteBatch).
inline constexpr QLatin1StringView kEventCounter{"event"};
// The row of id_blocks that numbers the nodes as they announce themselves (Database::announceNode).
inline constexpr QLatin1StringView kNodeCounter{"node"};
// The PostgreSQL notification channel a commit that numbered events announces them on, with the
// payload "first,last" (Database::listenForEvents).
inline constexpr QLatin1StringView kEventsChannel{"okno_events"};

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

// After a restore from a backup (okno-server --restore), the numbers the old server may have
// handed out after the backup was taken are never handed out again: the restore stores a floor
// for every counter (settings rows "restore.floor.…"), and the counters start above them.
// maxIds() and maxShiftNumbers() already include them; the rest the server applies at start.
struct RestoreFloors
{
    MaxIds ids;                           // every id and the event seq
    QHash<Id, int> shiftNumbers;          // centre → highest cash shift number taken
    QHash<Id, int> receipts;              // shift (open in the backup) → highest receipt number taken
    QHash<Id, QHash<QDate, int>> tickets; // queue → service date → highest ticket number taken
    // The event seqs the old server may have published after the backup: (from, to], both
    // exclusive of what the restored log holds. A terminal that saw one reloads a snapshot.
    qint64 seqGapFrom = 0;
    qint64 seqGapTo = 0;

    bool isEmpty() const
    {
        return ids == MaxIds{} && shiftNumbers.isEmpty() && receipts.isEmpty() && tickets.isEmpty();
    }
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
