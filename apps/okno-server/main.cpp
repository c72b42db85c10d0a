// okno-server: the central queue server of a company's customer-service centres.
#include "UnixSignals.h"

#include <logging/Logging.h>
#include <server/AccessPolicy.h>
#include <server/Restore.h>
#include <server/Server.h>
#include <storage/DatabaseMaintenance.h>

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QSet>
#include <QSettings>
#include <QStandardPaths>
#include <QSysInfo>

#include <cstdio>

#include <sys/stat.h>

using namespace Qt::StringLiterals;

namespace {

// okno-server --verify FILE: what the check found, for a person; 0 when sound.
int verifyFile(const QString &file)
{
    const auto report = okno::maintenance::verifyDatabase(file, /*live*/ false);
    if (!report) {
        std::fprintf(stderr, "okno-server: --verify: %s\n", qPrintable(report.error().message));
        return 1;
    }
    std::printf("%s: %s\nschema version %d (this build: %d), %lld bytes\n"
                "%lld visits, %lld events (last seq %lld), %lld payments\n",
                qPrintable(report->path), report->ok ? "ok" : "FAILED", report->schemaVersion,
                report->knownSchemaVersion, qint64(report->bytes), qint64(report->visits),
                qint64(report->events), qint64(report->lastEventSeq), qint64(report->payments));
    for (const QString &p : report->problems)
        std::printf("  %s\n", qPrintable(p));
    return report->ok ? 0 : 1;
}

// okno-server --import FILE: a company's SQLite history into a new (PostgreSQL) database.
int importFile(const QString &file, const okno::DatabaseConfig &target)
{
    if (!QFileInfo(file).isFile()) {
        std::fprintf(stderr, "okno-server: --import: no such file: %s\n", qPrintable(file));
        return 2;
    }
    if (target.isSqlite() &&
        QFileInfo(target.path).absoluteFilePath() == QFileInfo(file).absoluteFilePath()) {
        std::fprintf(stderr, "okno-server: --import: the file is the database itself\n");
        return 2;
    }
    if (okno::maintenance::openElsewhere(file)) {
        std::fprintf(stderr, "okno-server: --import: %s is in use (a running okno-server?): stop it first\n",
                     qPrintable(file));
        return 1;
    }
    okno::DatabaseConfig sourceConfig;
    sourceConfig.path = file;
    // The source is brought to this version's schema first, as a start of the server would.
    auto source = okno::Database::open(sourceConfig);
    if (!source) {
        std::fprintf(stderr, "okno-server: --import: %s\n", qPrintable(source.error().message));
        return 1;
    }
    auto database = okno::Database::open(target);
    if (!database) {
        std::fprintf(stderr, "okno-server: --import: %s\n", qPrintable(database.error().message));
        return 1;
    }
    QElapsedTimer timer;
    timer.start();
    auto copied = (*database)->importFrom(**source);
    if (!copied) {
        std::fprintf(stderr, "okno-server: --import: %s (nothing was imported)\n",
                     qPrintable(copied.error().message));
        return copied.error().code == okno::ErrorCode::InvalidArgument ? 2 : 1;
    }
    qint64 total = 0;
    for (const auto &t : std::as_const(*copied)) {
        std::printf("%-28s %12lld rows\n", qPrintable(t.name), static_cast<long long>(t.rows));
        total += t.rows;
    }
    std::printf("imported %s into %s: %lld rows in %d tables, counted on both sides, in %.1f s\n",
                qPrintable(QFileInfo(file).absoluteFilePath()), qPrintable(target.displayName()),
                static_cast<long long>(total), int(copied->size()), double(timer.elapsed()) / 1000.0);
    okno::logging::info(
        u"imported %1 into %2: %3 rows"_s.arg(QFileInfo(file).absoluteFilePath(), target.displayName())
            .arg(total));
    return 0;
}

// okno-server --restore FILE: the backup in place of the database, with the server stopped.
int restoreFile(const QString &backup, const QString &database)
{
    const auto summary = okno::restore::restoreFromBackup(backup, database, QDateTime::currentDateTimeUtc());
    if (!summary) {
        std::fprintf(stderr, "okno-server: --restore: %s\n", qPrintable(summary.error().message));
        okno::logging::error(u"restore from "_s % backup % u" refused: "_s % summary.error().message);
        okno::logging::flush();
        return 1;
    }
    const auto &s = *summary;
    std::printf("restored %s into %s\n"
                "the backup: %lld visits, %lld events (last seq %lld), %lld payments, schema %d\n"
                "ids and event seqs go on past +%lld, ticket, receipt and shift numbers past +%d\n"
                "the restore is event %lld (server.restored)\n",
                qPrintable(s.backup.path), qPrintable(QFileInfo(database).absoluteFilePath()),
                qint64(s.backup.visits), qint64(s.backup.events), qint64(s.backup.lastEventSeq),
                qint64(s.backup.payments), s.backup.schemaVersion, qint64(okno::restore::kIdMargin),
                okno::restore::kNumberMargin, qint64(s.restoredEventSeq));
    if (!s.movedAside.isEmpty())
        std::printf("the database it replaced is kept as %s\n", qPrintable(s.movedAside));
    okno::logging::warn(u"database %1 restored from %2 (up to event %3); the restore is event %4"_s.arg(
        QFileInfo(database).absoluteFilePath(), s.backup.path, QString::number(s.backup.lastEventSeq),
        QString::number(s.restoredEventSeq)));
    okno::logging::flush();
    return 0;
}

} // namespace

int main(int argc, char *argv[])
{
    // Names, account numbers and consultation notes: every file and directory the server creates —
    // the database, its WAL, the log, the data directory — is its owner's only, whatever the
    // umask it was started with.
    ::umask(0077);
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"okno-server"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(OKNO_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"Okno queue server: owns the queues, desks and visits of every centre."_s);
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption checkConfigOpt(
        u"check-config"_s,
        u"Check the settings (command line and --config: values, unknown keys, the database's and TLS files' "
        u"access), print what the server would use and exit: 0 when sound, 2 when not."_s);
    const QCommandLineOption configOpt(
        u"config"_s,
        u"Read settings from an INI file ([server], [database], [tls], [security], [reports], [backup], "
        u"[retention], [log])."_s,
        u"file"_s);
    const QCommandLineOption dbOpt(
        {u"d"_s, u"database"_s},
        u"The database: an SQLite file (created on first start) or a PostgreSQL URL, "
        u"postgresql://user@host:port/name (the password from PGPASSWORD or ~/.pgpass)."_s,
        u"path|url"_s);
    const QCommandLineOption listenOpt({u"l"_s, u"listen"_s}, u"Address to listen on (default 127.0.0.1)."_s,
                                       u"address"_s);
    const QCommandLineOption portOpt({u"p"_s, u"port"_s}, u"TCP port (default 7455; 0 = any free port)."_s,
                                     u"port"_s);
    const QCommandLineOption logLevelOpt(u"log-level"_s, u"trace, debug, info, warn, error (default info)."_s,
                                         u"level"_s);
    const QCommandLineOption logFileOpt(u"log-file"_s, u"Rotating log file (default: none)."_s, u"path"_s);
    const QCommandLineOption adminPwOpt(
        u"admin-password-file"_s,
        u"On first start, take the password of system administrator \"admin\" from this file "
        u"instead of generating one."_s,
        u"file"_s);
    const QCommandLineOption demoOpt(u"demo"_s, u"On first start, add demo staff to the default centre."_s);
    const QCommandLineOption testClockOpt(
        u"test-clock"_s, u"Freeze the clock and let a system administrator set it (tests only)."_s);
    const QCommandLineOption testClockAtOpt(
        u"test-clock-at"_s, u"With --test-clock: the time to start at (ISO 8601)."_s, u"time"_s);
    const QCommandLineOption clockStartOpt(
        u"clock-start"_s,
        u"Start the clock at this time (ISO 8601 with a zone) and let it run at real speed: a demo "
        u"centre lives at night and on weekends. Not with --test-clock."_s,
        u"time"_s);
    const QCommandLineOption portFileOpt(u"port-file"_s,
                                         u"Write the bound port to this file once listening."_s, u"file"_s);
    const QCommandLineOption printPolicyOpt(
        u"print-policy"_s,
        u"Print the access policy (who may do what, what devices see) as Markdown and exit."_s);
    const QCommandLineOption maxConnOpt(u"max-connections"_s, u"Connections at once (default 500)."_s,
                                        u"n"_s);
    const QCommandLineOption maxPerAddressOpt(
        u"max-connections-per-address"_s,
        u"Connections at once from one address (default 100; a centre behind one NAT address counts "
        u"once for all its terminals)."_s,
        u"n"_s);
    const QCommandLineOption loginDeadlineOpt(
        u"login-deadline"_s, u"Seconds a new connection has to log in before it is closed (default 30)."_s,
        u"seconds"_s);
    const QCommandLineOption idleTimeoutOpt(
        u"idle-timeout"_s,
        u"Seconds without a message after which a connection is closed (default 120; terminals ping "
        u"every 30)."_s,
        u"seconds"_s);
    const QCommandLineOption tlsCertOpt(
        u"tls-cert"_s,
        u"TLS: the server's certificate, PEM (the chain up to the CA may follow). Every connection is "
        u"then TLS."_s,
        u"file"_s);
    const QCommandLineOption tlsKeyOpt(
        u"tls-key"_s, u"TLS: the certificate's private key, PEM, unencrypted (mode 0600)."_s, u"file"_s);
    const QCommandLineOption plaintextOpt(
        u"allow-plaintext"_s,
        u"Accept plain TCP on an address that is not loopback (passwords cross the network in clear: "
        u"only on a network protected otherwise, e.g. a VPN)."_s);
    const QCommandLineOption lockoutLoginOpt(
        u"lockout-login"_s, u"Failed password checks for one login that lock it (default 10)."_s, u"n"_s);
    const QCommandLineOption lockoutAddressOpt(
        u"lockout-address"_s,
        u"Failed password checks from one address that lock it (default 50; a centre behind NAT shares one)."_s,
        u"n"_s);
    const QCommandLineOption lockoutMinutesOpt(
        u"lockout-minutes"_s,
        u"How long a lockout lasts, and how long failures are remembered (default 15)."_s, u"minutes"_s);
    const QCommandLineOption idempotencyDaysOpt(
        u"idempotency-days"_s,
        u"Days an idempotency key's answer is kept (default 7; a client retries within minutes)."_s,
        u"days"_s);
    const QCommandLineOption idempotencyMemoryOpt(
        u"idempotency-memory-keys"_s,
        u"Idempotency answers kept in memory, the most recent (default 20000; older ones are read from disk)."_s,
        u"n"_s);
    const QCommandLineOption eventRingOpt(
        u"event-ring-mb"_s,
        u"Memory for recent events that reconnecting terminals catch up from (default 64)."_s, u"MiB"_s);
    const QCommandLineOption maxReplyOpt(
        u"max-reply-kb"_s,
        u"The largest reply sent; a larger one is refused with invalid_argument (default and most 16384)."_s,
        u"KiB"_s);
    const QCommandLineOption maxReportsOpt(
        u"max-reports"_s,
        u"Reports (stats, dashboard) waiting or running at once; past it a report is refused with busy "
        u"(default 8; four per account)."_s,
        u"n"_s);
    const QCommandLineOption reportThreadsOpt(
        u"report-threads"_s, u"Threads that build reports (default half the cores, at least one)."_s, u"n"_s);
    const QCommandLineOption backupDirOpt(
        u"backup-dir"_s,
        u"Make a nightly backup into this directory (absolute; it must exist), named "
        u"okno-backup-YYYY-MM-DD.sqlite (default: none)."_s,
        u"directory"_s);
    const QCommandLineOption backupTimeOpt(
        u"backup-time"_s, u"The local time of the nightly backup, HH:MM (default 02:30)."_s, u"time"_s);
    const QCommandLineOption backupKeepOpt(
        u"backup-keep"_s,
        u"Nightly backups kept; older ones the server made are deleted (default 7, 1–3650)."_s, u"n"_s);
    const QCommandLineOption verifyOpt(
        u"verify"_s,
        u"Check a database file or backup offline (integrity, schema version, counts), print what it "
        u"found and exit: 0 when it is sound, 1 when not."_s,
        u"file"_s);
    const QCommandLineOption restoreOpt(
        u"restore"_s,
        u"With the server stopped: check this backup and put it in place of the database (--database or "
        u"the config's), advancing every id and number past what the old server may have handed out "
        u"since (docs/backup.md), then exit."_s,
        u"file"_s);
    const QCommandLineOption nodeNameOpt(
        u"node-name"_s,
        u"This node's name among several okno-server nodes on one PostgreSQL database (default: the "
        u"machine's host name; docs/scale-out.md)."_s,
        u"name"_s);
    const QCommandLineOption nodeAddressOpt(
        u"node-address"_s,
        u"Where terminals reach this node, host:port, as the other nodes report who serves (default: the "
        u"listen address and port)."_s,
        u"host:port"_s);
    const QCommandLineOption leaseIntervalOpt(
        u"lease-interval"_s,
        u"Milliseconds between a standby node's attempts to take the serving lease, and between the serving "
        u"node's checks that it still holds it (default 500, 100–60000; docs/scale-out.md)."_s,
        u"ms"_s);
    const QCommandLineOption shareCentresOpt(
        u"share-centres"_s,
        u"Several nodes on one PostgreSQL database share the centres, each serving those it owns, instead of "
        u"one serving them all while the others stand by (experimental; docs/scale-out.md)."_s);
    const QCommandLineOption importOpt(
        u"import"_s,
        u"Copy a company's SQLite database (with no server running on it; brought to this version's schema "
        u"first, in place, as a start would) into the database of --database or the config's — a new, empty "
        u"PostgreSQL database — in one transaction, count every table's rows on both sides, print them and "
        u"exit (docs/scale-out.md)."_s,
        u"file"_s);
    const QCommandLineOption retentionDaysOpt(
        u"retention-days"_s,
        u"Visitors' personal data older than this many days is erased (default 1096, at least 400; "
        u"docs/retention.md)."_s,
        u"days"_s);
    const QCommandLineOption retentionTimeOpt(
        u"retention-time"_s,
        u"The daily retention run's time, HH:MM, the machine's local time (default 03:30)."_s, u"time"_s);
    const QCommandLineOption retentionBatchOpt(
        u"retention-batch"_s, u"Rows retention erases in one step, one short transaction (default 500)."_s,
        u"n"_s);
    const QCommandLineOption noRetentionScheduleOpt(
        u"no-retention-schedule"_s,
        u"No daily retention run (a system administrator still runs it: oknoctl retention run)."_s);
    const QCommandLineOption noRetentionVacuumOpt(
        u"no-retention-vacuum"_s,
        u"A retention run does not end with VACUUM: shorter, but stale copies of erased values may stay "
        u"in the file's unused space (docs/retention.md)."_s);
    parser.addOptions({checkConfigOpt,
                       configOpt,
                       noRetentionVacuumOpt,
                       retentionDaysOpt,
                       retentionTimeOpt,
                       retentionBatchOpt,
                       noRetentionScheduleOpt,
                       dbOpt,
                       listenOpt,
                       portOpt,
                       logLevelOpt,
                       logFileOpt,
                       adminPwOpt,
                       demoOpt,
                       testClockOpt,
                       testClockAtOpt,
                       clockStartOpt,
                       portFileOpt,
                       printPolicyOpt,
                       maxConnOpt,
                       maxPerAddressOpt,
                       loginDeadlineOpt,
                       idleTimeoutOpt,
                       tlsCertOpt,
                       tlsKeyOpt,
                       plaintextOpt,
                       lockoutLoginOpt,
                       lockoutAddressOpt,
                       lockoutMinutesOpt,
                       idempotencyDaysOpt,
                       idempotencyMemoryOpt,
                       eventRingOpt,
                       maxReplyOpt,
                       maxReportsOpt,
                       reportThreadsOpt,
                       backupDirOpt,
                       backupTimeOpt,
                       backupKeepOpt,
                       verifyOpt,
                       restoreOpt,
                       importOpt,
                       nodeNameOpt,
                       nodeAddressOpt,
                       leaseIntervalOpt,
                       shareCentresOpt});
    parser.process(app);
    if (parser.isSet(printPolicyOpt)) {
        std::fputs(okno::access::policyMarkdown().toUtf8().constData(), stdout);
        return 0;
    }

    // Settings: command line over config file over defaults.
    QSettings config(parser.value(configOpt), QSettings::IniFormat);
    if (parser.isSet(configOpt)) {
        const QFileInfo file(parser.value(configOpt));
        if (!file.isFile() || !file.isReadable()) {
            std::fprintf(stderr, "okno-server: --config: cannot read %s\n", qPrintable(file.filePath()));
            return 2;
        }
        if (config.status() != QSettings::NoError) {
            std::fprintf(stderr, "okno-server: --config: %s is not a valid INI file\n",
                         qPrintable(file.filePath()));
            return 2;
        }
    }
    // Every key read, to find the misspelt (those read directly from `config` are listed here).
    QSet<QString> knownKeys{u"server/allowPlaintext"_s, u"retention/vacuum"_s, u"retention/scheduled"_s};
    const auto setting = [&](const QCommandLineOption &opt, const QString &key, const QString &fallback) {
        knownKeys.insert(key);
        if (parser.isSet(opt))
            return parser.value(opt);
        if (parser.isSet(configOpt))
            return config.value(key, fallback).toString();
        return fallback;
    };
    const QString dataDir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    okno::ServerOptions options;
    {
        auto database =
            okno::DatabaseConfig::fromString(setting(dbOpt, u"database/path"_s, dataDir + u"/okno.sqlite"_s));
        if (!database) {
            std::fprintf(stderr, "okno-server: --database: %s\n", qPrintable(database.error().message));
            return 2;
        }
        options.database = *database;
    }
    const QString listen = setting(listenOpt, u"server/listen"_s, u"127.0.0.1"_s);
    if (!options.listenAddress.setAddress(listen)) {
        std::fprintf(stderr, "okno-server: --listen: \"%s\" is not an IP address\n", qPrintable(listen));
        return 2;
    }
    bool portOk = false;
    const uint port = setting(portOpt, u"server/port"_s, u"7455"_s).toUInt(&portOk);
    if (!portOk || port > 65535) {
        std::fprintf(stderr, "okno-server: --port must be 0–65535\n");
        return 2;
    }
    options.port = quint16(port);
    options.nodeName = setting(nodeNameOpt, u"cluster/node"_s, QSysInfo::machineHostName());
    options.nodeAddress = setting(nodeAddressOpt, u"cluster/address"_s,
                                  u"%1:%2"_s.arg(options.listenAddress.toString()).arg(options.port));
    {
        const QString share =
            parser.isSet(shareCentresOpt)
                ? u"true"_s
                : setting(shareCentresOpt, u"cluster/shareCentres"_s, u"false"_s).trimmed().toLower();
        if (share != u"true"_s && share != u"false"_s) {
            std::fprintf(stderr, "okno-server: [cluster] shareCentres must be true or false\n");
            return 2;
        }
        options.shareCentres = share == u"true"_s;
        if (options.shareCentres && !options.database.isPostgres()) {
            std::fprintf(stderr, "okno-server: --share-centres needs a PostgreSQL database (one process owns "
                                 "an SQLite file)\n");
            return 2;
        }
    }
    if (options.nodeName.trimmed().isEmpty() || options.nodeName.size() > 200) {
        std::fprintf(stderr, "okno-server: --node-name must be 1–200 characters\n");
        return 2;
    }
    // Limits: a whole number in its range, or the program says which and stops.
    const auto limit = [&](const QCommandLineOption &opt, const QString &key, int fallback, int min, int max,
                           int *out) {
        bool ok = false;
        const int v = setting(opt, key, QString::number(fallback)).toInt(&ok);
        if (!ok || v < min || v > max) {
            std::fprintf(stderr, "okno-server: --%s must be %d–%d\n", qPrintable(opt.names().constFirst()),
                         min, max);
            return false;
        }
        *out = v;
        return true;
    };
    if (!limit(maxConnOpt, u"server/maxConnections"_s, 500, 1, 100000, &options.maxConnections) ||
        !limit(maxPerAddressOpt, u"server/maxConnectionsPerAddress"_s, 100, 1, 100000,
               &options.maxConnectionsPerAddress) ||
        !limit(loginDeadlineOpt, u"server/loginDeadlineSeconds"_s, 30, 1, 3600, &options.loginDeadlineSecs) ||
        !limit(idleTimeoutOpt, u"server/idleTimeoutSeconds"_s, 120, 5, 86400, &options.idleTimeoutSecs) ||
        !limit(leaseIntervalOpt, u"cluster/leaseIntervalMs"_s, 500, 100, 60000, &options.leaseIntervalMs))
        return 2;
    int ringMiB = 64, replyKiB = 16384;
    if (!limit(idempotencyDaysOpt, u"server/idempotencyDays"_s, 7, 1, 365, &options.idempotencyDays) ||
        !limit(idempotencyMemoryOpt, u"server/idempotencyMemoryKeys"_s, 20000, 1, 10000000,
               &options.idempotencyMemoryKeys) ||
        !limit(eventRingOpt, u"server/eventRingMiB"_s, 64, 1, 4096, &ringMiB) ||
        !limit(maxReplyOpt, u"server/maxReplyKiB"_s, 16384, 1, 16384, &replyKiB) ||
        !limit(maxReportsOpt, u"reports/maxReports"_s, 8, 1, 1000, &options.maxReports) ||
        !limit(reportThreadsOpt, u"reports/threads"_s, 0, 0, 64, &options.reportThreads))
        return 2;
    options.maxReportsPerAccount = std::min(options.maxReportsPerAccount, options.maxReports);
    // Retention (docs/retention.md): the period has a floor — the repeat-visit measure looks a
    // year back at accounts (okno::retention::kMinDays says why).
    if (!limit(retentionDaysOpt, u"retention/days"_s, okno::retention::kDefaultDays,
               okno::retention::kMinDays, okno::retention::kMaxDays, &options.retention.days) ||
        !limit(retentionBatchOpt, u"retention/batch"_s, okno::retention::kDefaultBatch, 1, 100000,
               &options.retention.batch))
        return 2;
    options.retention.at =
        QTime::fromString(setting(retentionTimeOpt, u"retention/time"_s, u"03:30"_s), u"HH:mm"_s);
    if (!options.retention.at.isValid()) {
        std::fprintf(stderr, "okno-server: --retention-time must be HH:MM (00:00–23:59)\n");
        return 2;
    }
    options.retention.vacuum =
        !parser.isSet(noRetentionVacuumOpt) &&
        (!parser.isSet(configOpt) || config.value(u"retention/vacuum"_s, true).toBool());
    options.retention.scheduled =
        !parser.isSet(noRetentionScheduleOpt) &&
        (!parser.isSet(configOpt) || config.value(u"retention/scheduled"_s, true).toBool());
    options.eventRingBytes = qint64(ringMiB) * 1024 * 1024;
    options.maxReplyBytes = qint64(replyKiB) * 1024;
    int lockoutMinutes = 15;
    if (!limit(lockoutLoginOpt, u"security/lockoutLogin"_s, 10, 3, 1000,
               &options.throttle.accountLockoutAfter) ||
        !limit(lockoutAddressOpt, u"security/lockoutAddress"_s, 50, 3, 100000,
               &options.throttle.addressLockoutAfter) ||
        !limit(lockoutMinutesOpt, u"security/lockoutMinutes"_s, 15, 1, 24 * 60, &lockoutMinutes))
        return 2;
    options.throttle.lockoutSecs = options.throttle.windowSecs = qint64(lockoutMinutes) * 60;
    // Delays start well before a lockout, at the same proportion for any count.
    options.throttle.accountDelayAfter = std::max(1, options.throttle.accountLockoutAfter * 3 / 10);
    options.throttle.addressDelayAfter = std::max(1, options.throttle.addressLockoutAfter / 5);
    options.tlsCertFile = setting(tlsCertOpt, u"tls/cert"_s, {});
    options.tlsKeyFile = setting(tlsKeyOpt, u"tls/key"_s, {});
    options.allowPlaintext = parser.isSet(plaintextOpt) ||
                             (parser.isSet(configOpt) && config.value(u"server/allowPlaintext"_s).toBool());
    options.demo = parser.isSet(demoOpt);
    options.testClock = parser.isSet(testClockOpt);
    if (parser.isSet(testClockAtOpt)) {
        options.testClockStart = QDateTime::fromString(parser.value(testClockAtOpt), Qt::ISODateWithMs);
        if (!options.testClock || !options.testClockStart.isValid()) {
            std::fprintf(stderr, "okno-server: --test-clock-at needs --test-clock and an ISO 8601 time\n");
            return 2;
        }
    }
    if (parser.isSet(clockStartOpt)) {
        options.clockStart = QDateTime::fromString(parser.value(clockStartOpt), Qt::ISODateWithMs);
        if (options.testClock || !options.clockStart.isValid() ||
            options.clockStart.timeSpec() == Qt::LocalTime) {
            std::fprintf(stderr, "okno-server: --clock-start needs an ISO 8601 time with a zone "
                                 "(2026-11-23T10:00:00+03:00) and no --test-clock\n");
            return 2;
        }
    }
    options.adminPasswordFile = parser.value(adminPwOpt);
    options.backupDirectory = setting(backupDirOpt, u"backup/directory"_s, {});
    if (!options.backupDirectory.isEmpty() &&
        (!QDir::isAbsolutePath(options.backupDirectory) || !QFileInfo(options.backupDirectory).isDir())) {
        std::fprintf(stderr, "okno-server: --backup-dir: \"%s\" is not an absolute path to a directory\n",
                     qPrintable(options.backupDirectory));
        return 2;
    }
    const QString backupTime = setting(backupTimeOpt, u"backup/time"_s, u"02:30"_s);
    options.backupTime = QTime::fromString(backupTime, u"HH:mm"_s);
    if (!options.backupTime.isValid()) {
        std::fprintf(stderr, "okno-server: --backup-time must be HH:MM, 00:00–23:59\n");
        return 2;
    }
    if (!limit(backupKeepOpt, u"backup/keep"_s, 7, 1, 3650, &options.backupKeep))
        return 2;

    okno::logging::Options logOptions;
    logOptions.appName = u"okno-server"_s;
    const QString levelName = setting(logLevelOpt, u"log/level"_s, u"info"_s);
    const auto level = okno::logging::levelFromName(levelName);
    if (!level) {
        std::fprintf(stderr, "okno-server: --log-level: unknown level \"%s\"\n", qPrintable(levelName));
        return 2;
    }
    logOptions.level = *level;
    logOptions.filePath = setting(logFileOpt, u"log/file"_s, {});

    // A key nobody reads is a typo that silently leaves a default in force: --check-config refuses
    // it, a start says so in the log.
    QStringList unknownKeys;
    if (parser.isSet(configOpt))
        for (const QString &key : config.allKeys())
            if (!knownKeys.contains(key))
                unknownKeys.append(key);
    if (parser.isSet(checkConfigOpt)) {
        bool sound = true;
        for (const QString &key : std::as_const(unknownKeys)) {
            std::fprintf(stderr, "okno-server: %s: unknown setting \"%s\"\n",
                         qPrintable(parser.value(configOpt)), qPrintable(key));
            sound = false;
        }
        for (const QString &file : {options.tlsCertFile, options.tlsKeyFile})
            if (!file.isEmpty() && !QFileInfo(file).isReadable()) {
                std::fprintf(stderr, "okno-server: TLS: cannot read %s\n", qPrintable(file));
                sound = false;
            }
        if (options.tlsCertFile.isEmpty() != options.tlsKeyFile.isEmpty()) {
            std::fprintf(stderr, "okno-server: TLS needs both a certificate and its key\n");
            sound = false;
        }
        const QFileInfo db(options.database.path);
        if (options.database.isPostgres()) {
            // Reached with the server's own credentials: the schema is not touched here.
            if (okno::Status s = okno::maintenance::checkReachable(options.database); !s) {
                std::fprintf(stderr, "okno-server: %s\n", qPrintable(s.error().message));
                sound = false;
            }
        } else {
            QFileInfo dir(db.absolutePath());
            while (!dir.exists() && !dir.isRoot())
                dir = QFileInfo(dir.absolutePath()); // the nearest ancestor that exists must be writable
            if (db.exists() ? !db.isWritable() : !dir.isWritable()) {
                std::fprintf(stderr, "okno-server: the database %s cannot be %s\n",
                             qPrintable(db.absoluteFilePath()), db.exists() ? "written" : "created");
                sound = false;
            }
        }
        if (!sound)
            return 2;
        std::printf(
            "okno-server: the configuration is sound\n"
            "  database  %s\n  listen    %s port %u (%s)\n  log       %s%s\n  backups   %s\n",
            qPrintable(options.database.isPostgres() ? options.database.displayName()
                                                     : db.absoluteFilePath()),
            qPrintable(options.listenAddress.toString()), unsigned(options.port),
            options.tlsCertFile.isEmpty() ? "plain TCP" : "TLS", qPrintable(levelName),
            logOptions.filePath.isEmpty() ? "" : qPrintable(u", to "_s + logOptions.filePath),
            options.backupDirectory.isEmpty()
                ? "none"
                : qPrintable(u"nightly at %1 into %2, %3 kept"_s
                                 .arg(options.backupTime.toString(u"HH:mm"_s), options.backupDirectory)
                                 .arg(options.backupKeep)));
        return 0;
    }
    okno::logging::setUp(logOptions);
    for (const QString &key : std::as_const(unknownKeys))
        okno::logging::warn(
            u"%1: unknown setting \"%2\" (ignored; okno-server --check-config lists them)"_s.arg(
                parser.value(configOpt), key));

    if (parser.isSet(verifyOpt))
        return verifyFile(parser.value(verifyOpt));
    if (parser.isSet(importOpt))
        return importFile(parser.value(importOpt), options.database);
    if (parser.isSet(restoreOpt)) {
        if (!options.database.isSqlite()) {
            std::fprintf(stderr,
                         "okno-server: --restore puts an SQLite backup in place of an SQLite database; "
                         "a PostgreSQL database is restored with PostgreSQL's tools (docs/scale-out.md)\n");
            return 2;
        }
        return restoreFile(parser.value(restoreOpt), options.database.path);
    }

    // The directory the server keeps its own files in: the SQLite file's, or, on PostgreSQL, the
    // data directory (the first administrator's password is written there).
    const QFileInfo dbFile(options.database.isSqlite() ? options.database.path : dataDir + u"/postgresql"_s);
    if (!QDir().mkpath(dbFile.absolutePath())) {
        okno::logging::critical(u"cannot create the directory of "_s % dbFile.absoluteFilePath());
        return 1;
    }
    // A database an earlier version (or a copy) left readable by others is closed to them now.
    for (const QString &suffix : {u""_s, u"-wal"_s, u"-shm"_s, u"-journal"_s}) {
        const QString path = dbFile.absoluteFilePath() + suffix;
        if (options.database.isSqlite() && QFile::exists(path) &&
            (QFile::permissions(path) &
             ~(QFile::ReadOwner | QFile::WriteOwner | QFile::ReadUser | QFile::WriteUser)))
            QFile::setPermissions(path,
                                  QFile::ReadOwner | QFile::WriteOwner | QFile::ReadUser | QFile::WriteUser);
    }
    if (QFile::permissions(dbFile.absolutePath()) & (QFile::ReadOther | QFile::ExeOther | QFile::WriteOther))
        okno::logging::warn(
            u"the data directory %1 can be read by other users: chmod 700 it"_s.arg(dbFile.absolutePath()));
    options.initialPasswordPath = dbFile.absolutePath() + u"/initial-admin-password"_s;
    okno::logging::info(u"okno-server %1 starting; database %2"_s.arg(
        QCoreApplication::applicationVersion(),
        options.database.isSqlite() ? dbFile.absoluteFilePath() : options.database.displayName()));
    if (options.clockStart.isValid())
        okno::logging::warn(
            u"shifted clock: the server's time starts at %1 and runs at real speed (demos only)"_s.arg(
                options.clockStart.toUTC().toString(Qt::ISODateWithMs)));
    if (options.testClock)
        okno::logging::warn(
            u"test clock enabled: the server's time stands still until set (never use in production)"_s);

    // Before the server starts: the port file is written as soon as it listens, and a SIGTERM
    // that follows at once must end it cleanly, not by the signal's default.
    bool terminated = false;
    UnixSignals signals_;
    QObject::connect(&signals_, &UnixSignals::terminationRequested, &app, [&terminated](int sig) {
        okno::logging::info(u"signal %1: shutting down"_s.arg(sig));
        terminated = true;
        QCoreApplication::quit();
    });

    okno::Server server(options);
    // At once on SQLite; on PostgreSQL once this node holds the serving lease (a standby waits).
    QObject::connect(&server, &okno::Server::listening, &app, [&](quint16 bound) {
        if (!parser.isSet(portFileOpt))
            return;
        QFile f(parser.value(portFileOpt));
        if (f.open(QIODevice::WriteOnly | QIODevice::Truncate))
            f.write(QByteArray::number(bound) + '\n');
    });
    QObject::connect(&server, &okno::Server::fatalError, &app,
                     [](const QString &) { QCoreApplication::exit(75); });
    if (auto s = server.start(); !s) {
        okno::logging::critical(u"cannot start: "_s % s.error().message);
        okno::logging::flush();
        return 1;
    }

    if (terminated) { // while it started (its event loop ran for the first writes)
        okno::logging::info(u"stopped"_s);
        okno::logging::flush();
        return 0;
    }

    const int rc = app.exec();
    okno::logging::info(u"stopped"_s);
    okno::logging::flush();
    return rc;
}
