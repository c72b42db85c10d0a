// okno-server: the central queue server of a company's customer-service centres.
#include "UnixSignals.h"

#include <logging/Logging.h>
#include <server/AccessPolicy.h>
#include <server/Server.h>

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QSettings>
#include <QStandardPaths>

#include <cstdio>

#include <sys/stat.h>

using namespace Qt::StringLiterals;

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
    const QCommandLineOption configOpt(
        u"config"_s,
        u"Read settings from an INI file ([server], [database], [tls], [security], [reports], [retention], [log])."_s,
        u"file"_s);
    const QCommandLineOption dbOpt({u"d"_s, u"database"_s},
                                   u"SQLite database file (created on first start)."_s, u"path"_s);
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
    parser.addOptions({configOpt,
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
                       reportThreadsOpt});
    parser.process(app);
    if (parser.isSet(printPolicyOpt)) {
        std::fputs(okno::access::policyMarkdown().toUtf8().constData(), stdout);
        return 0;
    }

    // Settings: command line over config file over defaults.
    QSettings config(parser.value(configOpt), QSettings::IniFormat);
    const auto setting = [&](const QCommandLineOption &opt, const QString &key, const QString &fallback) {
        if (parser.isSet(opt))
            return parser.value(opt);
        if (parser.isSet(configOpt))
            return config.value(key, fallback).toString();
        return fallback;
    };
    const QString dataDir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    okno::ServerOptions options;
    options.database.path = setting(dbOpt, u"database/path"_s, dataDir + u"/okno.sqlite"_s);
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
        !limit(idleTimeoutOpt, u"server/idleTimeoutSeconds"_s, 120, 5, 86400, &options.idleTimeoutSecs))
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
    okno::logging::setUp(logOptions);

    const QFileInfo dbFile(options.database.path);
    if (!QDir().mkpath(dbFile.absolutePath())) {
        okno::logging::critical(u"cannot create the directory of "_s % options.database.path);
        return 1;
    }
    // A database an earlier version (or a copy) left readable by others is closed to them now.
    for (const QString &suffix : {u""_s, u"-wal"_s, u"-shm"_s, u"-journal"_s}) {
        const QString path = dbFile.absoluteFilePath() + suffix;
        if (QFile::exists(path) && (QFile::permissions(path) & ~(QFile::ReadOwner | QFile::WriteOwner |
                                                                 QFile::ReadUser | QFile::WriteUser)))
            QFile::setPermissions(path,
                                  QFile::ReadOwner | QFile::WriteOwner | QFile::ReadUser | QFile::WriteUser);
    }
    if (QFile::permissions(dbFile.absolutePath()) & (QFile::ReadOther | QFile::ExeOther | QFile::WriteOther))
        okno::logging::warn(
            u"the data directory %1 can be read by other users: chmod 700 it"_s.arg(dbFile.absolutePath()));
    options.initialPasswordPath = dbFile.absolutePath() + u"/initial-admin-password"_s;
    okno::logging::info(u"okno-server %1 starting; database %2"_s.arg(QCoreApplication::applicationVersion(),
                                                                      dbFile.absoluteFilePath()));
    if (options.clockStart.isValid())
        okno::logging::warn(
            u"shifted clock: the server's time starts at %1 and runs at real speed (demos only)"_s.arg(
                options.clockStart.toUTC().toString(Qt::ISODateWithMs)));
    if (options.testClock)
        okno::logging::warn(
            u"test clock enabled: the server's time stands still until set (never use in production)"_s);

    okno::Server server(options);
    if (auto s = server.start(); !s) {
        okno::logging::critical(u"cannot start: "_s % s.error().message);
        okno::logging::flush();
        return 1;
    }
    if (parser.isSet(portFileOpt)) {
        QFile f(parser.value(portFileOpt));
        if (f.open(QIODevice::WriteOnly | QIODevice::Truncate))
            f.write(QByteArray::number(server.port()) + '\n');
    }

    UnixSignals signals_;
    QObject::connect(&signals_, &UnixSignals::terminationRequested, &app, [](int sig) {
        okno::logging::info(u"signal %1: shutting down"_s.arg(sig));
        QCoreApplication::quit();
    });
    QObject::connect(&server, &okno::Server::fatalError, &app,
                     [](const QString &) { QCoreApplication::exit(75); });

    const int rc = app.exec();
    okno::logging::info(u"stopped"_s);
    okno::logging::flush();
    return rc;
}
