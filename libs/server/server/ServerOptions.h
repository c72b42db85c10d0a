#pragma once

#include <core/LoginThrottle.h>
#include <storage/Database.h>
#include <storage/Retention.h>

#include <QDateTime>
#include <QHostAddress>
#include <QString>
#include <QTime>

namespace okno {

struct ServerOptions
{
    DatabaseConfig database;
    // Several nodes on one PostgreSQL database (docs/scale-out.md): this node's name and the
    // address terminals reach it at (for the logs and the other nodes' "who serves"), and how
    // often the lease is tried (standby) or its connection checked (serving).
    QString nodeName;
    QString nodeAddress;
    int leaseIntervalMs = 500;
    // The nodes share the centres, each serving those it owns, instead of one serving them all
    // (docs/scale-out.md, "Load sharing"; PostgreSQL only).
    bool shareCentres = false;
    QHostAddress listenAddress = QHostAddress::LocalHost;
    quint16 port = 7455;
    // A frozen clock that a system administrator moves with clock.set: for tests only.
    bool testClock = false;
    QDateTime testClockStart;                 // where the test clock starts; invalid = now
    QDateTime clockStart;                     // not with testClock: starts here, runs at real speed (demos)
    QString adminPasswordFile;                // read the first administrator's password from here
    QString initialPasswordPath;              // where a generated first password is written (0600)
    bool demo = false;                        // seed demo staff in the default centre on first start
    int eventRingSize = 100000;               // events kept in memory for resync, at most …
    qint64 eventRingBytes = 64 * 1024 * 1024; // … and at most this much of them (as sent)
    int idempotencyDays = 7;                  // an idempotency key's answer is kept this long, then forgotten
    int idempotencyMemoryKeys = 20000;        // the most recent answers kept in memory (older: on disk)
    qint64 maxReplyBytes = 16 * 1024 * 1024;  // a larger reply is refused (a client reads up to 16 MiB)
    // Reports (stats, dashboard) waiting or running at once, in all and per account: past either
    // a report is refused with `busy`; they run on their own threads (reportThreads, 0 = half the
    // cores, at least one), so they never hold up an operation or a password check.
    int maxReports = 8;
    int maxReportsPerAccount = 4; // a dashboard window asks for two at once; a director may have two windows
    int reportThreads = 0;
    int maxConnections = 500;
    int maxConnectionsPerAddress = 100; // below the global cap: one address cannot take them all
    int loginDeadlineSecs = 30;         // a connection not logged in by then is closed
    ThrottlePolicy throttle;            // failed logins: delays and lockouts (docs/security.md)
    int idleTimeoutSecs = 120;          // nothing heard for this long: closed (clients ping every 30 s)
    // TLS: the server's certificate (PEM, the chain up to the CA may follow it) and private key
    // (PEM, unencrypted, readable by the server's account only). Without them the server speaks
    // plain TCP, which it does on a loopback address only, unless allowPlaintext.
    QString tlsCertFile;
    QString tlsKeyFile;
    bool allowPlaintext = false;
    int tlsHandshakeTimeoutMs = 10000;
    // The nightly backup ([backup] in the config): into `backupDirectory` (empty = none), at
    // `backupTime` local time, as okno-backup-YYYY-MM-DD.sqlite, keeping the newest `backupKeep`
    // of the files it made (docs/backup.md).
    QString backupDirectory;
    QTime backupTime = QTime(2, 30);
    int backupKeep = 7;
    // Retention (docs/retention.md): visitors' personal data older than `days` is erased every
    // day at `at` (the server machine's local time, on the server's clock) when `scheduled`, and
    // whenever a system administrator asks (retention.run) — in steps of `batch` rows.
    struct Retention
    {
        bool scheduled = true;
        int days = retention::kDefaultDays; // kMinDays … kMaxDays
        QTime at{3, 30};
        int batch = retention::kDefaultBatch;
        bool vacuum = true; // a run that erased anything ends with VACUUM (stale copies in pages)
    } retention;
};

} // namespace okno
