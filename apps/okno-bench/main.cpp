// okno-bench: measures Okno on this machine against baselines taken in the same run — the raw
// SQLite commit rate on the same filesystem, a TCP echo round trip and an echo broadcast driven by
// the same client code, the reports' raw computation, a bare Qt window — and prints each figure
// beside its baseline and their ratio.
//
// Everything runs against a real okno-server process on a loopback port with its own temporary
// database; the client is a plain blocking line client (one per thread), the same for the
// baselines and for the server.
#include "Baselines.h"
#include "Bench.h"
#include "Server.h"
#include "Terminals.h"

#include <core/Analytics.h>
#include <history/HistoryGenerator.h>
#include <storage/Database.h>
#include <storage/DatabaseMaintenance.h>

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QThread>

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdio>
#include <cstring>
#include <thread>

using namespace Qt::StringLiterals;
using namespace okno;
using namespace okno::bench;

namespace {

struct Sizes
{
    double baselineSeconds = 2;
    int echoRounds = 2000;
    int latencyOps = 500;
    QList<int> connections{1, 10, 50, 200};
    double throughputSeconds = 4;
    int inFlight = 8;
    int subscribers = 500;
    int fanoutRounds = 40;
    int terminals = 200;
    int receptions = 20;
    double mixSeconds = 20;
    int toggleConnections = 50;
    qint64 toggles = 1000000;
    qint64 historyVisits = 100000;
};

QString appBinary(const QString &name)
{
    const QDir here(QCoreApplication::applicationDirPath());
    const QString built = here.filePath(u"../%1/%1"_s.arg(name)); // the build tree
    return QFile::exists(built) ? built : here.filePath(name);    // installed side by side
}

// The same durable operations on the server with SQLite, on PostgreSQL with one node, and on
// PostgreSQL with three nodes (one serving, two standing by on the same database): one change at
// a time and throughput at several connections, each beside the SQLite figure of this run.
void compareBackends(Report &report, const QString &serverBinary, const QString &dir, const QString &postgres,
                     const Sizes &sizes, const CommitRate &full)
{
    auto admin = DatabaseConfig::fromString(postgres);
    if (!admin || !admin->isPostgres())
        fail(u"--postgres: not a postgresql:// URL of a server that may create databases"_s);
    const QDateTime clock(QDate(2026, 11, 23), QTime(10, 0), QTimeZone(QByteArrayLiteral("Europe/Moscow")));
    struct Backend
    {
        QString name;
        int nodes = 0; // 0: SQLite
    };
    const QList<Backend> backends{
        {u"SQLite"_s, 0}, {u"PostgreSQL, 1 node"_s, 1}, {u"PostgreSQL, 3 nodes"_s, 3}};
    double sqliteP50 = 0, sqliteP99 = 0;
    QHash<int, double> sqliteRate;
    int round = 0;
    for (const Backend &b : backends) {
        ++round;
        std::vector<std::unique_ptr<ServerUnderTest>> nodes;
        QString database;
        if (b.nodes > 0) {
            const QString name = u"okno_bench_%1_%2"_s.arg(QCoreApplication::applicationPid()).arg(round);
            auto made = maintenance::createPostgresDatabase(*admin, name);
            if (!made)
                fail(made.error().message);
            database = u"postgresql://%1@%2:%3/%4"_s.arg(admin->user, admin->host).arg(admin->port).arg(name);
        }
        for (int i = 0; i < std::max(1, b.nodes); ++i) {
            nodes.push_back(
                std::make_unique<ServerUnderTest>(serverBinary, dir + u"/backend-%1-%2"_s.arg(round).arg(i)));
            if (!database.isEmpty()) {
                nodes.back()->setDatabase(database);
                nodes.back()->setExtraArgs(
                    {u"--node-name"_s, u"bench-%1"_s.arg(i), u"--log-level"_s, u"info"_s});
            }
            if (i == 0)
                nodes.back()->start(clock);
            else
                nodes.back()->startStandby(clock);
        }
        ServerUnderTest &server = *nodes.front();
        LineClient c(server.port());
        c.login(u"admin"_s, kAdminPassword);
        const QList<CentreQueues> centres = centreQueues(c);
        const CentreQueues &first = centres.first();
        const QString queue = first.codeByRole.value(u"administrator"_s);
        report.section(u"Backends: %1"_s.arg(b.name));
        const std::vector<double> single = sequentialIssues(c, first.centreId, queue, sizes.latencyOps);
        const double p50 = percentile(single, 50), p99 = percentile(single, 99);
        if (b.nodes == 0) {
            sqliteP50 = p50;
            sqliteP99 = p99;
            report.add(
                {u"one change, latency p50"_s, p50, u"µs"_s, u"one FULL commit"_s, full.p50Micros, {}});
            report.add(
                {u"one change, latency p99"_s, p99, u"µs"_s, u"one FULL commit"_s, full.p50Micros, {}});
        } else {
            report.add({u"one change, latency p50"_s, p50, u"µs"_s, u"SQLite, this run"_s, sqliteP50, {}});
            report.add({u"one change, latency p99"_s, p99, u"µs"_s, u"SQLite, this run"_s, sqliteP99, {}});
        }
        for (int n : sizes.connections) {
            const double rate = issueThroughput(server.port(), first.centreId, queue, n, sizes.inFlight,
                                                sizes.throughputSeconds);
            if (b.nodes == 0) {
                sqliteRate.insert(n, rate);
                report.add({u"visit.issue, %1 connection(s)"_s.arg(n),
                            rate,
                            u"/s"_s,
                            u"FULL one-row rate"_s,
                            full.perSecond,
                            {}});
            } else {
                report.add({u"visit.issue, %1 connection(s)"_s.arg(n),
                            rate,
                            u"/s"_s,
                            u"SQLite, this run"_s,
                            sqliteRate.value(n),
                            {}});
            }
        }
        for (auto &n : nodes)
            n->stop();
    }
}

// The dashboard over [from, to] `times` times as `login`: the best time (ms) and the server's peak.
struct ReportFigures
{
    double bestMs = 0;
    double peakMiB = 0;
    int visits = 0;
};

ReportFigures dashboards(const ServerUnderTest &server, LineClient &chief, const QDate &from, const QDate &to,
                         int times)
{
    ReportFigures f;
    std::vector<double> ms;
    for (int i = 0; i < times; ++i) {
        QElapsedTimer timer;
        timer.start();
        const QJsonObject d = chief.call(
            u"dashboard"_s, {{u"from"_s, from.toString(Qt::ISODate)}, {u"to"_s, to.toString(Qt::ISODate)}});
        ms.push_back(double(timer.nsecsElapsed()) / 1e6);
        f.peakMiB = std::max(f.peakMiB, server.memory().second);
        f.visits = d.value(u"quality"_s).toObject().value(u"visits"_s).toInt();
    }
    f.bestMs = *std::min_element(ms.begin(), ms.end());
    return f;
}

} // namespace

int main(int argc, char *argv[])
{
    for (int i = 1; i < argc; ++i)
        if (std::strcmp(argv[i], "--bare-window") == 0)
            return bareWindow(argc, argv); // the terminals' baseline, started by okno-bench itself

    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"okno-bench"_s);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"Measures Okno on this machine in one run, each figure beside a baseline taken in the same run: "
        u"the raw SQLite one-row commit rate (synchronous FULL and NORMAL) in the same directory as the "
        u"server's database; a TCP echo round trip and an echo broadcast driven by the same client code; "
        u"the reports' raw computation over the same rows; a bare Qt window. On a real okno-server (its "
        u"own temporary database, a test clock from 10:00 on a working Monday): one durable change at a "
        u"time, durable throughput of visit.issue at several pipelining connections, an event's fan-out "
        u"to many subscribers, a working day's mix of terminals and receptions, desk toggles and the "
        u"server's memory over many changes, the dashboard over a generated history, a login while "
        u"reports run, and each terminal app's time to ready and memory.\n\n"
        u"Exit codes: 0 every measurement ran, 1 one failed (the message says which), 2 bad options."_s);
    parser.addHelpOption();
    const QCommandLineOption smokeOpt(u"smoke"_s,
                                      u"Tiny sizes: every measurement once, in well under a minute."_s);
    const QCommandLineOption jsonOpt(u"json"_s, u"Also write the figures as JSON to this file."_s, u"file"_s);
    const QCommandLineOption serverOpt(
        u"server"_s, u"okno-server binary (default: beside okno-bench's build)."_s, u"path"_s);
    const QCommandLineOption historyOpt(
        u"history-visits"_s, u"Visits of the generated history for the reports (default 100000)."_s, u"n"_s);
    const QCommandLineOption subscribersOpt(u"subscribers"_s,
                                            u"Event subscribers for the fan-out (default 500)."_s, u"n"_s);
    const QCommandLineOption togglesOpt(
        u"changes"_s, u"Desk toggles for the memory over many changes (default 1000000)."_s, u"n"_s);
    const QCommandLineOption dirOpt(u"dir"_s, u"Work directory (default: a temporary one, removed after)."_s,
                                    u"path"_s);
    const QCommandLineOption postgresOpt(
        u"postgres"_s,
        u"Instead of the whole run: the baselines, then the same durable operations on SQLite, on PostgreSQL "
        u"with one node and with three (one serving, two standing by), each in a new database made on this "
        u"server (a URL postgresql://user@host:port/postgres of a role that may create databases; "
        u"scripts/pg-cluster.sh start DIR prints one)."_s,
        u"url"_s);
    parser.addOptions(
        {smokeOpt, jsonOpt, serverOpt, historyOpt, subscribersOpt, togglesOpt, dirOpt, postgresOpt});
    if (!parser.parse(QCoreApplication::arguments())) {
        std::fprintf(stderr, "okno-bench: %s\n", qPrintable(parser.errorText()));
        return 2;
    }
    if (parser.isSet(u"help"_s)) {
        std::printf("%s", qPrintable(parser.helpText()));
        return 0;
    }
    Sizes sizes;
    if (parser.isSet(smokeOpt)) {
        sizes.baselineSeconds = 0.3;
        sizes.echoRounds = 200;
        sizes.latencyOps = 50;
        sizes.connections = {1, 4};
        sizes.throughputSeconds = 0.7;
        sizes.subscribers = 8;
        sizes.fanoutRounds = 5;
        sizes.terminals = 4;
        sizes.receptions = 2;
        sizes.mixSeconds = 2;
        sizes.toggleConnections = 4;
        sizes.toggles = 2000;
        sizes.historyVisits = 2000;
    }
    bool ok = true;
    if (parser.isSet(historyOpt))
        sizes.historyVisits = parser.value(historyOpt).toLongLong(&ok);
    if (ok && parser.isSet(subscribersOpt))
        sizes.subscribers = parser.value(subscribersOpt).toInt(&ok);
    if (ok && parser.isSet(togglesOpt))
        sizes.toggles = parser.value(togglesOpt).toLongLong(&ok);
    if (!ok || sizes.historyVisits < 0 || sizes.subscribers < 1 || sizes.subscribers > 1000 ||
        sizes.toggles < 10) {
        std::fprintf(stderr,
                     "okno-bench: --history-visits must be ≥ 0, --subscribers 1–1000, --changes ≥ 10\n");
        return 2;
    }
    const QString serverBinary =
        parser.isSet(serverOpt) ? parser.value(serverOpt) : appBinary(u"okno-server"_s);
    QTemporaryDir temp;
    const QString dir = parser.isSet(dirOpt) ? parser.value(dirOpt) : temp.path();
    QDir().mkpath(dir);

    Report report;
    const auto writeJson = [&] {
        if (!parser.isSet(jsonOpt))
            return 0;
        QFile out(parser.value(jsonOpt));
        if (!out.open(QIODevice::WriteOnly) || out.write(QJsonDocument(report.json()).toJson()) < 0) {
            std::fprintf(stderr, "okno-bench: cannot write %s\n", qPrintable(out.fileName()));
            return 1;
        }
        return 0;
    };
    try {
        report.section(u"Baselines (this machine, this run)"_s);
        const CommitRate full = sqliteCommits(dir, u"FULL"_s, sizes.baselineSeconds);
        const CommitRate normal = sqliteCommits(dir, u"NORMAL"_s, sizes.baselineSeconds);
        report.add(
            {u"SQLite WAL one-row transactions, synchronous=FULL"_s, full.perSecond, u"/s"_s, {}, 0, {}});
        report.add({u"  one FULL commit, p50"_s, full.p50Micros, u"µs"_s, {}, 0, {}});
        report.add(
            {u"SQLite WAL one-row transactions, synchronous=NORMAL"_s, normal.perSecond, u"/s"_s, {}, 0, {}});
        double echoP50 = 0, echoP99 = 0;
        {
            EchoServer echo;
            LineClient c(echo.port());
            std::vector<double> samples;
            for (int i = 0; i < sizes.echoRounds; ++i) {
                const auto t0 = Clock::now();
                c.response(c.send({{u"op"_s, u"ping"_s}}));
                samples.push_back(micros(Clock::now() - t0));
            }
            echoP50 = percentile(samples, 50);
            echoP99 = percentile(samples, 99);
            report.add({u"TCP loopback JSON echo round trip, p50"_s, echoP50, u"µs"_s, {}, 0, {}});
            report.add({u"TCP loopback JSON echo round trip, p99"_s, echoP99, u"µs"_s, {}, 0, {}});
        }
        FanOut broadcast;
        {
            BroadcastServer hub;
            LineClient sender(hub.port());
            broadcast = measureFanOut(
                hub.port(), sizes.subscribers, sizes.fanoutRounds, [](LineClient &) {},
                [](const QJsonObject &f) { return f.value(u"op"_s).toString() == u"broadcast"_s; },
                [&] {
                    while (hub.connections() < sizes.subscribers + 1)
                        QThread::msleep(5);
                },
                [&] {
                    sender.response(sender.send({{u"op"_s, u"broadcast"_s}, {u"seq"_s, 1}}));
                });
            report.add({u"echo broadcast to %1 (one event-loop thread), p50"_s.arg(sizes.subscribers),
                        percentile(broadcast.arrivals, 50),
                        u"µs"_s,
                        {},
                        0,
                        {}});
            report.add({u"echo broadcast to %1, p99"_s.arg(sizes.subscribers),
                        percentile(broadcast.arrivals, 99),
                        u"µs"_s,
                        {},
                        0,
                        {}});
        }

        if (parser.isSet(postgresOpt)) {
            compareBackends(report, serverBinary, dir, parser.value(postgresOpt), sizes, full);
            return writeJson();
        }

        // The server on a database with a generated history (for the reports).
        ServerUnderTest server(serverBinary, dir);
        const QDate day(2026, 11, 23); // a Monday
        qint64 visits = 0;
        QDate historyFrom;
        if (sizes.historyVisits > 0) {
            HistoryOptions o;
            o.database.path = server.databasePath();
            o.centres = sizes.historyVisits >= 200000 ? 20 : 3;
            o.visitsPerDay = int(std::clamp<qint64>(sizes.historyVisits / (o.centres * 250) + 1, 20, 400));
            const qint64 workingDays = sizes.historyVisits / (qint64(o.centres) * o.visitsPerDay) + 1;
            o.to = day.addDays(-3); // the Friday before
            o.from = o.to.addDays(-qint64(double(workingDays) * 7.0 / 5.0) - 1);
            o.events = false;
            historyFrom = o.from;
            QElapsedTimer timer;
            timer.start();
            auto made = generateHistory(o);
            if (!made)
                fail(u"okno-history: "_s + made.error().message);
            visits = made->visits;
            report.section(u"History (okno-history, no event log, read model built)"_s);
            report.add({u"visits generated"_s, double(visits), {}, {}, 0, {}});
            report.add({u"generation rate"_s,
                        double(visits) / (double(timer.elapsed()) / 1000.0),
                        u"/s"_s,
                        {},
                        0,
                        u"≥ 20,000/s"_s});

            // The event log's cost: the same small history with and without it, in files of
            // their own (bytes per visit, and the generation rate with the log).
            HistoryOptions small = o;
            small.centres = 3;
            small.visitsPerDay = 100;
            small.from =
                o.to.addDays(-qint64(std::min<qint64>(sizes.historyVisits, 50000) / 300 * 7 / 5 + 1));
            std::array<std::pair<qint64, double>, 2> sized{}; // bytes, visits; [0] without, [1] with
            double withEventsRate = 0;
            for (int withEvents = 0; withEvents < 2; ++withEvents) {
                small.database.path = QDir(dir).filePath(withEvents ? u"events.db"_s : u"no-events.db"_s);
                small.events = withEvents;
                timer.restart();
                auto m = generateHistory(small);
                if (!m)
                    fail(u"okno-history: "_s + m.error().message);
                if (withEvents)
                    withEventsRate = double(m->visits) / (double(timer.elapsed()) / 1000.0);
                qint64 bytes = 0;
                for (const QString &suffix : {QString(), u"-wal"_s})
                    bytes += QFileInfo(small.database.path + suffix).size();
                sized[size_t(withEvents)] = {bytes, double(m->visits)};
            }
            report.add({u"generation rate with the event log (%1 visits)"_s.arg(qint64(sized[1].second)),
                        withEventsRate,
                        u"/s"_s,
                        {},
                        0,
                        u"≥ 20,000/s"_s});
            report.add({u"database bytes per visit, with the event log"_s,
                        double(sized[1].first) / sized[1].second, u"B"_s, u"without the log"_s,
                        double(sized[0].first) / sized[0].second, u"≤ 2,048 B"_s});
        }
        server.start(QDateTime(day, QTime(10, 0), QTimeZone(QByteArrayLiteral("Europe/Moscow"))));
        LineClient admin(server.port());
        admin.login(u"admin"_s, kAdminPassword);
        const QList<CentreQueues> centres = centreQueues(admin);
        const CentreQueues &first = centres.first();
        const QString issueQueue = first.codeByRole.value(u"administrator"_s);
        const double idleRss = server.memory().first;

        // The accounts: terminals at desks of their own (consultants, spread over the centres),
        // the receptions' centres, a company-wide manager, and one of each app for the terminals.
        QList<Account> terminals;
        for (int i = 0; i < sizes.terminals; ++i) {
            const CentreQueues &cq = centres[i % centres.size()];
            terminals.append(makeAccount(admin, u"desk%1"_s.arg(i), u"consultant"_s, cq.centreId,
                                         500 + i / int(centres.size()),
                                         cq.queueByRole.value(u"consultant"_s)));
        }
        QList<CentreQueues> receptions;
        for (int i = 0; i < sizes.receptions; ++i)
            receptions.append(centres[i % centres.size()]);
        makeAccount(admin, u"chief"_s, u"manager"_s, 0);
        makeAccount(admin, u"deputy"_s, u"manager"_s, 0);

        report.section(u"One durable change at a time (visit.issue)"_s);
        const std::vector<double> single =
            sequentialIssues(admin, first.centreId, issueQueue, sizes.latencyOps);
        report.add({u"latency p50"_s, percentile(single, 50), u"µs"_s, u"one FULL commit"_s, full.p50Micros,
                    u"≤ 1.5×"_s});
        report.add(
            {u"latency p99"_s, percentile(single, 99), u"µs"_s, u"one FULL commit"_s, full.p50Micros, {}});

        report.section(
            u"Durable throughput, visit.issue, %1 requests in flight per connection"_s.arg(sizes.inFlight));
        for (int n : sizes.connections)
            report.add({u"%1 connection(s)"_s.arg(n),
                        issueThroughput(server.port(), first.centreId, issueQueue, n, sizes.inFlight,
                                        sizes.throughputSeconds),
                        u"/s"_s, u"FULL one-row rate"_s, full.perSecond, n >= 50 ? u"≥ 10×"_s : QString()});

        report.section(u"Fan-out: visit.issued at each of %1 subscribers"_s.arg(sizes.subscribers));
        {
            const FanOut fan = measureFanOut(
                server.port(), sizes.subscribers, sizes.fanoutRounds,
                [](LineClient &c) {
                    c.login(u"admin"_s, kAdminPassword);
                    c.call(u"events.subscribe"_s);
                },
                [](const QJsonObject &e) { return e.value(u"event"_s).toString() == u"visit.issued"_s; },
                [] {},
                [&] {
                    const QJsonObject a =
                        admin.response(admin.send(issueRequest(first.centreId, issueQueue)));
                    if (!a.value(u"ok"_s).toBool())
                        fail(u"visit.issue failed during the fan-out"_s);
                });
            report.add({u"event at a subscriber, p50"_s,
                        percentile(fan.arrivals, 50),
                        u"µs"_s,
                        u"echo broadcast p50"_s,
                        percentile(broadcast.arrivals, 50),
                        {}});
            report.add({u"event at a subscriber, p99"_s, percentile(fan.arrivals, 99), u"µs"_s,
                        u"echo broadcast p99"_s, percentile(broadcast.arrivals, 99), u"< 10 ms, ≤ 1.2×"_s});
            report.add({u"the caller's own ack, p50"_s, percentile(fan.acks, 50), u"µs"_s, u"alone (above)"_s,
                        percentile(single, 50), u"unaffected"_s});
            report.add({u"server RSS with %1 connections"_s.arg(sizes.subscribers + 1),
                        server.memory().first,
                        u"MiB"_s,
                        u"idle"_s,
                        idleRss,
                        {}});
        }

        report.section(u"A working day: %1 terminals at ~1 op/s (call, start, finish) + %2 receptions "
                       u"issuing, all subscribed"_s.arg(sizes.terminals)
                           .arg(sizes.receptions));
        {
            const MixFigures mix = realisticMix(server.port(), terminals, receptions, 400, sizes.mixSeconds);
            report.add({u"ops/s"_s, double(mix.ops) / mix.seconds, u"/s"_s, {}, 0, {}});
            report.add({u"latency p50"_s,
                        percentile(mix.all, 50),
                        u"µs"_s,
                        u"one FULL commit"_s,
                        full.p50Micros,
                        {}});
            report.add({u"latency p99"_s, percentile(mix.all, 99), u"µs"_s, u"one FULL commit"_s,
                        full.p50Micros, u"< 5 ms"_s});
            report.add({u"latency max"_s, percentile(mix.all, 100), u"µs"_s, {}, 0, {}});
        }

        report.section(
            u"Desk toggles with idempotency keys: %1 changes over %2 connections"_s.arg(sizes.toggles)
                .arg(std::min<int>(sizes.toggleConnections, int(terminals.size()))));
        {
            const ToggleFigures t =
                deskToggles(server, terminals.mid(0, sizes.toggleConnections), 4, sizes.toggles);
            report.add({u"durable throughput"_s, t.perSecond, u"/s"_s, u"FULL one-row rate"_s, full.perSecond,
                        u"≥ 10×"_s});
            report.add({u"server RSS after a tenth of them"_s, t.rssEarly, u"MiB"_s, {}, 0, {}});
            report.add({u"server RSS after all"_s, t.rssEnd, u"MiB"_s, u"after a tenth"_s, t.rssEarly,
                        u"flat (±10 %)"_s});
        }

        if (visits > 0) {
            const QDate from = historyFrom, to = day.addDays(-1);
            report.section(u"Reports over the generated history (%1 visits, %2 … %3)"_s.arg(visits).arg(
                from.toString(Qt::ISODate), to.toString(Qt::ISODate)));
            LineClient chief(server.port());
            chief.login(u"chief"_s, kStaffPassword);
            const double beforeReports = server.memory().first;
            server.resetPeak(); // a password check's 64 MiB (Argon2) is not the report's
            const ReportFigures d = dashboards(server, chief, from, to, 3);
            if (d.visits != visits)
                fail(u"the dashboard counts %1 visits of the %2 generated"_s.arg(d.visits).arg(visits));
            // Baseline: every visit of the period read back and reckoned, as before the read model
            // (up to 1.5 M visits: beyond, it takes minutes and gigabytes).
            double rawMs = 0;
            if (visits <= 1500000) {
                DatabaseConfig config;
                config.path = server.databasePath();
                auto db = Database::open(config);
                if (!db)
                    fail(db.error().message);
                auto loaded = (*db)->loadCentres();
                if (!loaded)
                    fail(loaded.error().message);
                QHash<Id, Centre> all;
                for (const Centre &c : *loaded)
                    all.insert(c.id, c);
                QElapsedTimer timer;
                timer.start();
                QList<Visit> rows;
                for (const Centre &c : *loaded) {
                    const QTimeZone zone = c.schedule.timeZone();
                    auto some =
                        (*db)->visitsCreated(c.id, QDateTime(from.addDays(-30), QTime(0, 0), zone).toUTC(),
                                             QDateTime(to.addDays(1), QTime(0, 0), zone).toUTC());
                    if (!some)
                        fail(some.error().message);
                    rows += *some;
                }
                const Dashboard raw = computeDashboard(rows, all, from, to, 30);
                rawMs = double(timer.nsecsElapsed()) / 1e6;
                if (raw.quality.visits != d.visits)
                    fail(u"the dashboard's visits differ from the raw computation's"_s);
            }
            report.add({u"dashboard, every centre, the whole history (best of 3)"_s, d.bestMs, u"ms"_s,
                        rawMs > 0 ? u"raw rows reckoned"_s : QString(), rawMs, u"< 200 ms at 5 M"_s});
            report.add({u"server peak RSS (VmHWM) during the reports"_s, d.peakMiB, u"MiB"_s,
                        u"RSS before them"_s, beforeReports, u"< +100 MB"_s});
            report.add({u"server RSS after the reports"_s, server.memory().first, u"MiB"_s,
                        u"RSS before them"_s, beforeReports, u"returned"_s});

            // A staff login while two company-wide reports run without a pause.
            const double idleLogin = loginSeconds(server.port(), u"deputy"_s, 5);
            std::atomic<bool> stop{false};
            std::atomic<int> reportsDone{0};
            std::vector<std::thread> loops;
            for (int i = 0; i < 2; ++i)
                loops.emplace_back([&, port = server.port()] {
                    try {
                        LineClient c(port);
                        c.login(u"chief"_s, kStaffPassword);
                        while (!stop) {
                            c.call(u"dashboard"_s, {{u"from"_s, from.toString(Qt::ISODate)},
                                                    {u"to"_s, to.toString(Qt::ISODate)}});
                            ++reportsDone;
                        }
                    } catch (const Failure &f) {
                        std::fprintf(stderr, "okno-bench: a report loop: %s\n", qPrintable(f.what));
                    }
                });
            while (reportsDone < 2)
                QThread::msleep(5);
            const double busyLogin = loginSeconds(server.port(), u"deputy"_s, 5);
            stop = true;
            for (std::thread &t : loops)
                t.join();
            report.add({u"a login while two company-wide reports run"_s, busyLogin * 1000, u"ms"_s,
                        u"login, idle"_s, idleLogin * 1000, u"unaffected"_s});
        }

        report.section(u"Terminals: start → first data shown (offscreen), and memory"_s);
        {
            const QString pw = QDir(dir).filePath(u"staff-password"_s);
            QFile f(pw);
            if (!f.open(QIODevice::WriteOnly) || f.write(kStaffPassword.toUtf8()) < 0)
                fail(u"cannot write "_s + pw);
            f.close();
            // The last centre: the first holds the throughput runs' hundreds of thousands of
            // tickets today, more than a status reply may carry (and than any centre issues).
            const CentreQueues &c = centres.last();
            makeAccount(admin, u"rec-probe"_s, u"administrator"_s, c.centreId, 901,
                        c.queueByRole.value(u"administrator"_s));
            makeAccount(admin, u"con-probe"_s, u"consultant"_s, c.centreId, 902,
                        c.queueByRole.value(u"consultant"_s));
            makeAccount(admin, u"cas-probe"_s, u"cashier"_s, c.centreId, 903,
                        c.queueByRole.value(u"cashier"_s));
            makeAccount(admin, u"board-probe"_s, u"board"_s, c.centreId);
            makeAccount(admin, u"kiosk-probe"_s, u"kiosk"_s, c.centreId);
            makeAccount(admin, u"man-probe"_s, u"manager"_s, c.centreId);
            const Ready bare = startUntilReady(QCoreApplication::applicationFilePath(), {u"--bare-window"_s},
                                               QDir(dir).filePath(u"home-bare"_s));
            report.add({u"a bare Qt window"_s, bare.seconds * 1000, u"ms"_s, {}, 0, {}});
            report.add({u"  its RSS"_s, bare.rssMiB, u"MiB"_s, {}, 0, {}});
            const QStringList common{u"--host"_s,          u"127.0.0.1"_s,
                                     u"--port"_s,          QString::number(server.port()),
                                     u"--password-file"_s, pw};
            struct App
            {
                QString name;
                QStringList arguments;
            };
            const QList<App> apps{
                {u"okno-reception"_s, {u"--user"_s, u"rec-probe"_s, u"--desk"_s, u"901"_s, u"--windowed"_s}},
                {u"okno-consultant"_s, {u"--user"_s, u"con-probe"_s, u"--desk"_s, u"902"_s, u"--windowed"_s}},
                {u"okno-cashier"_s, {u"--user"_s, u"cas-probe"_s, u"--desk"_s, u"903"_s, u"--windowed"_s}},
                {u"okno-dashboard"_s, {u"--user"_s, u"man-probe"_s}},
                {u"okno-board"_s, {u"--user"_s, u"board-probe"_s, u"--windowed"_s, u"--mute"_s}},
                {u"okno-kiosk"_s, {u"--user"_s, u"kiosk-probe"_s, u"--windowed"_s}},
            };
            for (const App &a : apps) {
                const Ready r = startUntilReady(appBinary(a.name), common + a.arguments,
                                                QDir(dir).filePath(u"home-"_s + a.name));
                report.add({a.name + u", ready"_s, r.seconds * 1000, u"ms"_s, u"bare window"_s,
                            bare.seconds * 1000, u"< 500 ms"_s});
                report.add(
                    {a.name + u", RSS"_s, r.rssMiB, u"MiB"_s, u"bare window"_s, bare.rssMiB, u"< 80 MB"_s});
            }
        }

        const auto [rss, hwm] = server.memory();
        report.section(u"Server memory"_s);
        report.add({u"RSS idle, after start"_s, idleRss, u"MiB"_s, {}, 0, {}});
        report.add({u"peak RSS (VmHWM) over the run"_s, hwm, u"MiB"_s, u"idle"_s, idleRss, {}});
        report.add({u"RSS at the end"_s, rss, u"MiB"_s, u"idle"_s, idleRss, {}});
        server.stop();
    } catch (const Failure &f) {
        std::fprintf(stderr, "okno-bench: %s\n", qPrintable(f.what));
        return 1;
    }
    return writeJson();
}
