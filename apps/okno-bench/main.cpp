// okno-bench: measures Okno on this machine against baselines taken in the same run — the raw
// SQLite commit rate on the same filesystem, a TCP echo round trip driven by the same client code,
// and the reports' raw computation — and prints each figure beside its baseline and their ratio.
//
// Everything runs against a real okno-server process on a loopback port with its own temporary
// database; the client is a plain blocking line client (one per thread), the same for the echo
// baseline and for the server.
#include <core/Analytics.h>
#include <history/HistoryGenerator.h>
#include <storage/Database.h>

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QThread>
#include <QUuid>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <functional>
#include <future>
#include <mutex>
#include <optional>
#include <semaphore>
#include <thread>
#include <vector>

using namespace Qt::StringLiterals;
using namespace okno;

namespace {

using Clock = std::chrono::steady_clock;

double micros(Clock::duration d)
{
    return double(std::chrono::duration_cast<std::chrono::nanoseconds>(d).count()) / 1000.0;
}

// Nearest-rank percentile of samples (µs).
double percentile(std::vector<double> v, double p)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    const auto rank = size_t(std::ceil(p / 100.0 * double(v.size())));
    return v[std::clamp<size_t>(rank, 1, v.size()) - 1];
}

struct Failure
{
    QString what;
};

[[noreturn]] void fail(const QString &what)
{
    throw Failure{what};
}

// --- The client: one blocking connection, newline-delimited JSON ---------------------------------

class LineClient
{
public:
    explicit LineClient(quint16 port)
    {
        m_socket.connectToHost(QHostAddress::LocalHost, port);
        if (!m_socket.waitForConnected(10000))
            fail(u"cannot connect to port %1: %2"_s.arg(port).arg(m_socket.errorString()));
        m_socket.setSocketOption(QAbstractSocket::LowDelayOption, 1);
    }

    qint64 send(QJsonObject request)
    {
        const qint64 id = m_nextId++;
        request.insert(u"id"_s, double(id));
        m_socket.write(QJsonDocument(request).toJson(QJsonDocument::Compact) + '\n');
        m_socket.flush();
        return id;
    }
    // The next frame, events included.
    QJsonObject next(int timeoutMs = 60000)
    {
        while (true) {
            const qsizetype nl = m_buffer.indexOf('\n');
            if (nl >= 0) {
                const QByteArray line = m_buffer.left(nl);
                m_buffer.remove(0, nl + 1);
                if (line.trimmed().isEmpty())
                    continue;
                return QJsonDocument::fromJson(line).object();
            }
            if (!m_socket.waitForReadyRead(timeoutMs))
                fail(u"no answer within %1 ms (%2)"_s.arg(timeoutMs).arg(m_socket.errorString()));
            m_buffer += m_socket.readAll();
        }
    }
    // The response to request `id`; events that come first are handed to `onEvent`.
    QJsonObject response(qint64 id, const std::function<void(const QJsonObject &)> &onEvent = {})
    {
        while (true) {
            const QJsonObject frame = next();
            if (frame.contains(u"event"_s)) {
                if (onEvent)
                    onEvent(frame);
                continue;
            }
            if (qint64(frame.value(u"id"_s).toDouble()) == id)
                return frame;
        }
    }
    QJsonObject call(const QString &op, QJsonObject fields = {})
    {
        fields.insert(u"op"_s, op);
        const QJsonObject r = response(send(fields));
        if (!r.value(u"ok"_s).toBool())
            fail(u"%1: %2"_s.arg(op, QString::fromUtf8(QJsonDocument(r).toJson(QJsonDocument::Compact))));
        return r.value(u"result"_s).toObject();
    }
    // Many connections log in with one account at once: the server checks at most two of its
    // passwords at a time and asks the others to come again (unavailable).
    void login(const QString &user, const QString &password)
    {
        call(u"hello"_s, {{u"version"_s, 1}, {u"client"_s, u"okno-bench"_s}});
        for (int attempt = 0;; ++attempt) {
            const QJsonObject r =
                response(send({{u"op"_s, u"auth.login"_s}, {u"login"_s, user}, {u"password"_s, password}}));
            if (r.value(u"ok"_s).toBool())
                return;
            if (r.value(u"error"_s).toObject().value(u"code"_s).toString() != u"unavailable"_s ||
                attempt > 1200)
                fail(u"auth.login: "_s + QString::fromUtf8(QJsonDocument(r).toJson(QJsonDocument::Compact)));
            QThread::msleep(100 + QRandomGenerator::global()->bounded(100));
        }
    }

private:
    QTcpSocket m_socket;
    QByteArray m_buffer;
    qint64 m_nextId = 1;
};

// A few connections at a time connect and log in: the server checks two passwords of one account
// at a time, and closes a connection not logged in within 30 seconds.
std::counting_semaphore<64> loginSlots(4);

struct Admission
{
    Admission() { loginSlots.acquire(); }
    ~Admission() { loginSlots.release(); }
    Admission(const Admission &) = delete;
    Admission &operator=(const Admission &) = delete;
};

// --- Baselines -----------------------------------------------------------------------------------

struct CommitRate
{
    double perSecond = 0;
    double p50Micros = 0;
};

// One-row transactions on a WAL SQLite file in `dir` for `seconds`.
CommitRate sqliteCommits(const QString &dir, const QString &synchronous, double seconds)
{
    const QString name = u"bench-"_s + synchronous;
    CommitRate rate;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
        db.setDatabaseName(QDir(dir).filePath(name + u".db"_s));
        if (!db.open())
            fail(u"sqlite: "_s + db.lastError().text());
        QSqlQuery q(db);
        for (const QString &s :
             QStringList{u"PRAGMA journal_mode = WAL"_s, u"PRAGMA synchronous = "_s + synchronous,
                         u"CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, v TEXT)"_s})
            if (!q.exec(s))
                fail(u"sqlite: "_s + q.lastError().text());
        QSqlQuery insert(db);
        insert.prepare(u"INSERT INTO t (v) VALUES (?)"_s);
        std::vector<double> samples;
        const auto start = Clock::now();
        while (micros(Clock::now() - start) < seconds * 1e6) {
            const auto t0 = Clock::now();
            db.transaction();
            insert.addBindValue(u"a row of about the size of a change"_s);
            if (!insert.exec())
                fail(u"sqlite: "_s + insert.lastError().text());
            if (!db.commit())
                fail(u"sqlite: commit failed"_s);
            samples.push_back(micros(Clock::now() - t0));
        }
        rate.perSecond = double(samples.size()) / (micros(Clock::now() - start) / 1e6);
        rate.p50Micros = percentile(samples, 50);
    }
    QSqlDatabase::removeDatabase(name);
    return rate;
}

// A line echo server: every line comes back to its sender, each connection served by a thread of
// its own blocked in a read (the tightest loop a server can have).
class EchoServer
{
public:
    EchoServer()
    {
        std::promise<quint16> ready;
        auto port = ready.get_future();
        m_acceptor = std::thread([this, &ready] {
            Acceptor acceptor(*this); // made on this thread, so its sockets are too
            acceptor.listen(QHostAddress::LocalHost, 0);
            ready.set_value(acceptor.serverPort());
            while (!m_stop)
                acceptor.waitForNewConnection(50);
        });
        m_port = port.get();
    }
    ~EchoServer()
    {
        m_stop = true;
        m_acceptor.join();
        for (std::thread &t : m_connections)
            t.join();
    }
    quint16 port() const { return m_port; }

private:
    class Acceptor : public QTcpServer
    {
    public:
        explicit Acceptor(EchoServer &owner)
            : m_owner(owner)
        {}

    protected:
        void incomingConnection(qintptr fd) override
        {
            m_owner.m_connections.emplace_back([stop = &m_owner.m_stop, fd] {
                QTcpSocket s;
                s.setSocketDescriptor(fd);
                s.setSocketOption(QAbstractSocket::LowDelayOption, 1);
                QByteArray buffer;
                while (!*stop && s.state() == QAbstractSocket::ConnectedState) {
                    if (!s.waitForReadyRead(100))
                        continue;
                    buffer += s.readAll();
                    const qsizetype nl = buffer.lastIndexOf('\n');
                    if (nl < 0)
                        continue;
                    s.write(buffer.left(nl + 1));
                    s.flush();
                    buffer.remove(0, nl + 1);
                }
            });
        }

    private:
        EchoServer &m_owner;
    };

    std::thread m_acceptor;
    std::vector<std::thread> m_connections;
    std::atomic<bool> m_stop{false};
    quint16 m_port = 0;
};

// --- The server ----------------------------------------------------------------------------------

const QString kAdminPassword = u"bench-admin-password"_s;
const QString kChiefPassword = u"Tally-of-all-figures-7"_s;

class ServerUnderTest
{
public:
    ServerUnderTest(QString binary, QString dir)
        : m_binary(std::move(binary))
        , m_dir(std::move(dir))
    {}
    ~ServerUnderTest() { stop(); }
    QString databasePath() const { return QDir(m_dir).filePath(u"okno.db"_s); }

    void start(const QDateTime &clock)
    {
        QFile pw(QDir(m_dir).filePath(u"admin-password"_s));
        if (!pw.open(QIODevice::WriteOnly) || pw.write(kAdminPassword.toUtf8()) < 0)
            fail(u"cannot write "_s + pw.fileName());
        pw.close();
        const QString portFile = QDir(m_dir).filePath(u"port"_s);
        QFile::remove(portFile);
        m_process.setProcessChannelMode(QProcess::MergedChannels);
        m_process.setStandardOutputFile(QDir(m_dir).filePath(u"server.log"_s), QIODevice::Append);
        m_process.start(m_binary, {u"-d"_s, databasePath(), u"-p"_s, u"0"_s, u"--port-file"_s, portFile,
                                   u"--admin-password-file"_s, pw.fileName(), u"--test-clock"_s,
                                   u"--test-clock-at"_s, clock.toString(Qt::ISODate), u"--max-connections"_s,
                                   u"1200"_s, u"--max-connections-per-address"_s, u"1200"_s,
                                   u"--idle-timeout"_s, u"900"_s, u"--log-level"_s, u"warn"_s});
        if (!m_process.waitForStarted(10000))
            fail(u"cannot start "_s + m_binary);
        for (int i = 0; i < 600 && !QFile::exists(portFile); ++i) {
            if (m_process.state() != QProcess::Running)
                fail(u"okno-server exited at start; see "_s + QDir(m_dir).filePath(u"server.log"_s));
            QThread::msleep(50);
        }
        QThread::msleep(50);
        QFile f(portFile);
        if (!f.open(QIODevice::ReadOnly))
            fail(u"okno-server did not write its port"_s);
        m_port = quint16(f.readAll().trimmed().toUInt());
        if (!m_port)
            fail(u"okno-server wrote no port"_s);
    }
    void stop()
    {
        if (m_process.state() == QProcess::NotRunning)
            return;
        m_process.terminate();
        if (!m_process.waitForFinished(20000))
            m_process.kill();
        m_process.waitForFinished(5000);
    }
    quint16 port() const { return m_port; }
    // VmRSS and VmHWM of the server, in MiB.
    std::pair<double, double> memory() const
    {
        QFile f(u"/proc/%1/status"_s.arg(m_process.processId()));
        double rss = 0, hwm = 0;
        if (f.open(QIODevice::ReadOnly))
            for (const QByteArray &line : f.readAll().split('\n')) {
                const QList<QByteArray> parts = line.simplified().split(' ');
                if (parts.size() >= 2 && parts[0] == "VmRSS:")
                    rss = parts[1].toDouble() / 1024;
                if (parts.size() >= 2 && parts[0] == "VmHWM:")
                    hwm = parts[1].toDouble() / 1024;
            }
        return {rss, hwm};
    }

private:
    QString m_binary;
    QString m_dir;
    QProcess m_process;
    quint16 m_port = 0;
};

// --- The report ----------------------------------------------------------------------------------

struct Row
{
    QString what;
    double value = 0;
    QString unit;
    QString baselineName;
    double baseline = 0;
    QString goal;
};

class Report
{
public:
    void add(Row r)
    {
        std::printf("  %-58s %12.1f %-6s", qPrintable(r.what), r.value, qPrintable(r.unit));
        if (r.baseline > 0)
            std::printf("  %7.2f× %s", r.value / r.baseline, qPrintable(r.baselineName));
        if (!r.goal.isEmpty())
            std::printf("  [goal %s]", qPrintable(r.goal));
        std::printf("\n");
        std::fflush(stdout);
        m_rows.push_back(std::move(r));
    }
    void section(const QString &title)
    {
        std::printf("\n%s\n", qPrintable(title));
        std::fflush(stdout);
    }
    QJsonObject json() const
    {
        QJsonArray rows;
        for (const Row &r : m_rows)
            rows.append(QJsonObject{{u"what"_s, r.what},
                                    {u"value"_s, r.value},
                                    {u"unit"_s, r.unit},
                                    {u"baseline"_s, r.baseline},
                                    {u"baselineName"_s, r.baselineName},
                                    {u"ratio"_s, r.baseline > 0 ? r.value / r.baseline : 0.0},
                                    {u"goal"_s, r.goal}});
        return {{u"rows"_s, rows}};
    }

private:
    std::vector<Row> m_rows;
};

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
    qint64 historyVisits = 100000;
};

// --- The measurements ----------------------------------------------------------------------------

struct Target
{
    Id centreId = 0;
    QString queueCode;
};

Target issueTarget(LineClient &admin)
{
    const QJsonArray centres = admin.call(u"centre.list"_s).value(u"centres"_s).toArray();
    if (centres.isEmpty())
        fail(u"the server has no centre"_s);
    const Id centreId = Id(centres.first().toObject().value(u"id"_s).toDouble());
    const QJsonArray queues =
        admin.call(u"queue.list"_s, {{u"centreId"_s, double(centreId)}}).value(u"queues"_s).toArray();
    for (const QJsonValue &q : queues)
        if (q.toObject().value(u"role"_s).toString() == u"administrator"_s)
            return {centreId, q.toObject().value(u"code"_s).toString()};
    if (queues.isEmpty())
        fail(u"the centre has no queue"_s);
    return {centreId, queues.first().toObject().value(u"code"_s).toString()};
}

QJsonObject issueRequest(const Target &t)
{
    return {{u"op"_s, u"visit.issue"_s},
            {u"centreId"_s, double(t.centreId)},
            {u"queueCode"_s, t.queueCode},
            {u"accountNumber"_s, u"1234567"_s}};
}

// Sequential durable changes, one in flight: latencies in µs.
std::vector<double> sequentialIssues(LineClient &c, const Target &t, int n)
{
    std::vector<double> samples;
    for (int i = 0; i < n; ++i) {
        const auto t0 = Clock::now();
        const QJsonObject r = c.response(c.send(issueRequest(t)));
        if (!r.value(u"ok"_s).toBool())
            fail(u"visit.issue: "_s + QString::fromUtf8(QJsonDocument(r).toJson(QJsonDocument::Compact)));
        samples.push_back(micros(Clock::now() - t0));
    }
    return samples;
}

// `connections` clients each keep `inFlight` visit.issue requests outstanding for `seconds`.
double issueThroughput(quint16 port, const Target &t, int connections, int inFlight, double seconds)
{
    std::atomic<qint64> acked{0};
    std::atomic<bool> failed{false};
    std::atomic<int> ready{0};
    std::atomic<bool> go{false};
    Clock::time_point start;
    std::vector<std::thread> threads;
    for (int i = 0; i < connections; ++i) {
        // Each connection lives on its own thread (a Qt socket belongs to the thread that made it).
        threads.emplace_back([port, &t, inFlight, seconds, &start, &acked, &failed, &ready, &go] {
            try {
                std::unique_ptr<LineClient> client;
                {
                    const Admission admitted;
                    client = std::make_unique<LineClient>(port);
                    client->login(u"admin"_s, kAdminPassword);
                }
                ++ready;
                while (!go)
                    std::this_thread::sleep_for(std::chrono::milliseconds(1));
                int outstanding = 0;
                for (; outstanding < inFlight; ++outstanding)
                    client->send(issueRequest(t));
                while (outstanding > 0) {
                    const QJsonObject r = client->next();
                    if (r.contains(u"event"_s))
                        continue;
                    --outstanding;
                    if (!r.value(u"ok"_s).toBool()) {
                        if (!failed.exchange(true))
                            std::fprintf(stderr, "okno-bench: %s\n",
                                         QJsonDocument(r).toJson(QJsonDocument::Compact).constData());
                        continue;
                    }
                    ++acked;
                    if (micros(Clock::now() - start) < seconds * 1e6) {
                        client->send(issueRequest(t));
                        ++outstanding;
                    }
                }
            } catch (const Failure &f) {
                if (!failed.exchange(true))
                    std::fprintf(stderr, "okno-bench: %s\n", qPrintable(f.what));
                ++ready;
            }
        });
    }
    while (ready < connections)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    start = Clock::now();
    go = true;
    for (std::thread &th : threads)
        th.join();
    if (failed)
        fail(u"visit.issue failed under %1 connections"_s.arg(connections));
    return double(acked) / (micros(Clock::now() - start) / 1e6);
}

} // namespace

// Sockets are created on the main thread but used on workers: allowed for blocking use as long as
// one thread uses a socket at a time, which holds here (the creating thread hands it over).
int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"okno-bench"_s);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"Measures Okno on this machine in one run, each figure beside a baseline taken in the same run: "
        u"the raw SQLite one-row commit rate (synchronous FULL and NORMAL) in the same directory as the "
        u"server's database; a TCP echo round trip and an echo broadcast driven by the same client code; "
        u"the reports' raw computation over the same rows. On a real okno-server (its own temporary "
        u"database, a frozen test clock on a working Monday): one durable change at a time, durable "
        u"throughput of visit.issue at several pipelining connections, an event's fan-out to many "
        u"subscribers, the dashboard over a generated history, and the server's memory.\n\n"
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
    const QCommandLineOption dirOpt(u"dir"_s, u"Work directory (default: a temporary one, removed after)."_s,
                                    u"path"_s);
    parser.addOptions({smokeOpt, jsonOpt, serverOpt, historyOpt, subscribersOpt, dirOpt});
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
        sizes.historyVisits = 2000;
    }
    bool ok = true;
    if (parser.isSet(historyOpt))
        sizes.historyVisits = parser.value(historyOpt).toLongLong(&ok);
    if (ok && parser.isSet(subscribersOpt))
        sizes.subscribers = parser.value(subscribersOpt).toInt(&ok);
    if (!ok || sizes.historyVisits < 0 || sizes.subscribers < 1 || sizes.subscribers > 1000) {
        std::fprintf(stderr, "okno-bench: --history-visits must be ≥ 0, --subscribers 1–1000\n");
        return 2;
    }
    const QString serverBinary =
        parser.isSet(serverOpt)
            ? parser.value(serverOpt)
            : QDir(QCoreApplication::applicationDirPath()).filePath(u"../okno-server/okno-server"_s);
    QTemporaryDir temp;
    const QString dir = parser.isSet(dirOpt) ? parser.value(dirOpt) : temp.path();
    QDir().mkpath(dir);

    Report report;
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

        // The server on a database with a generated history (for the reports).
        ServerUnderTest server(serverBinary, dir);
        const QDate day(2026, 11, 23); // a Monday
        qint64 visits = 0;
        if (sizes.historyVisits > 0) {
            HistoryOptions o;
            o.database.path = server.databasePath();
            o.centres = sizes.historyVisits >= 200000 ? 20 : 3;
            o.visitsPerDay = int(std::clamp<qint64>(sizes.historyVisits / (o.centres * 250) + 1, 20, 400));
            const qint64 workingDays = sizes.historyVisits / (qint64(o.centres) * o.visitsPerDay) + 1;
            o.to = day.addDays(-3); // the Friday before
            o.from = o.to.addDays(-qint64(double(workingDays) * 7.0 / 5.0) - 1);
            o.events = false;
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
        }
        server.start(QDateTime(day, QTime(10, 0), QTimeZone(QByteArrayLiteral("Europe/Moscow"))));
        LineClient admin(server.port());
        admin.login(u"admin"_s, kAdminPassword);
        const Target target = issueTarget(admin);
        const double idleRss = server.memory().first;

        report.section(u"One durable change at a time (visit.issue)"_s);
        const std::vector<double> single = sequentialIssues(admin, target, sizes.latencyOps);
        report.add({u"latency p50"_s, percentile(single, 50), u"µs"_s, u"one FULL commit"_s, full.p50Micros,
                    u"≤ 1.5×"_s});
        report.add(
            {u"latency p99"_s, percentile(single, 99), u"µs"_s, u"one FULL commit"_s, full.p50Micros, {}});

        report.section(
            u"Durable throughput, visit.issue, %1 requests in flight per connection"_s.arg(sizes.inFlight));
        for (int n : sizes.connections)
            report.add({u"%1 connection(s)"_s.arg(n),
                        issueThroughput(server.port(), target, n, sizes.inFlight, sizes.throughputSeconds),
                        u"/s"_s, u"FULL one-row rate"_s, full.perSecond, n >= 50 ? u"≥ 10×"_s : QString()});

        report.section(u"Fan-out: visit.issued at each of %1 subscribers"_s.arg(sizes.subscribers));
        {
            std::mutex lock;
            std::vector<double> arrivals;
            std::vector<Clock::time_point> sent(size_t(sizes.fanoutRounds));
            std::atomic<int> ready{0};
            std::atomic<bool> subscribeFailed{false};
            std::atomic<bool> go{false}; // every subscriber is in: the first to log in waits for the last
            std::vector<std::thread> threads;
            for (int i = 0; i < sizes.subscribers; ++i) {
                threads.emplace_back([port = server.port(), &lock, &arrivals, &sent, &ready, &subscribeFailed,
                                      &go, rounds = sizes.fanoutRounds] {
                    std::unique_ptr<LineClient> client;
                    try {
                        const Admission admitted;
                        client = std::make_unique<LineClient>(port);
                        client->login(u"admin"_s, kAdminPassword);
                        client->call(u"events.subscribe"_s);
                    } catch (const Failure &) {
                        subscribeFailed = true;
                        ++ready;
                        return;
                    }
                    ++ready;
                    while (!go)
                        std::this_thread::sleep_for(std::chrono::milliseconds(1));
                    try {
                        for (int got = 0; got < rounds;) {
                            const QJsonObject e = client->next(30000);
                            if (e.value(u"event"_s).toString() != u"visit.issued"_s)
                                continue;
                            const auto at = Clock::now();
                            const int round = got++;
                            std::lock_guard g(lock);
                            arrivals.push_back(micros(at - sent[size_t(round)]));
                        }
                    } catch (const Failure &) {
                    }
                });
            }
            while (ready < sizes.subscribers)
                QThread::msleep(5);
            go = true;
            if (subscribeFailed)
                fail(u"a subscriber could not log in and subscribe"_s);
            std::vector<double> acks;
            for (int r = 0; r < sizes.fanoutRounds; ++r) {
                sent[size_t(r)] = Clock::now();
                const QJsonObject a = admin.response(admin.send(issueRequest(target)));
                if (!a.value(u"ok"_s).toBool())
                    fail(u"visit.issue failed during the fan-out"_s);
                acks.push_back(micros(Clock::now() - sent[size_t(r)]));
                QThread::msleep(50);
            }
            for (std::thread &th : threads)
                th.join();
            if (arrivals.size() != size_t(sizes.subscribers) * size_t(sizes.fanoutRounds))
                fail(u"fan-out: %1 of %2 events arrived"_s.arg(arrivals.size())
                         .arg(qint64(sizes.subscribers) * sizes.fanoutRounds));
            report.add({u"event at a subscriber, p50"_s,
                        percentile(arrivals, 50),
                        u"µs"_s,
                        u"echo round trip p50"_s,
                        echoP50,
                        {}});
            report.add({u"event at a subscriber, p99"_s, percentile(arrivals, 99), u"µs"_s,
                        u"echo round trip p99"_s, echoP99, u"< 10 ms"_s});
            report.add({u"the caller's own ack, p50"_s, percentile(acks, 50), u"µs"_s, u"alone (above)"_s,
                        percentile(single, 50), u"unaffected"_s});
            const auto [rss, hwm] = server.memory();
            report.add(
                {u"server RSS with the subscribers connected"_s, rss, u"MiB"_s, u"idle"_s, idleRss, {}});
        }

        if (visits > 0) {
            report.section(u"Reports over the generated history (%1 visits)"_s.arg(visits));
            admin.call(u"staff.put"_s, {{u"staff"_s, QJsonObject{{u"login"_s, u"chief"_s},
                                                                 {u"fullName"_s, u"Chief"_s},
                                                                 {u"role"_s, u"manager"_s},
                                                                 {u"centreId"_s, 0}}},
                                        {u"password"_s, kChiefPassword}});
            LineClient chief(server.port());
            chief.login(u"chief"_s, kChiefPassword);
            DatabaseConfig config;
            config.path = server.databasePath();
            auto db = Database::open(config);
            if (!db)
                fail(db.error().message);
            auto loaded = (*db)->loadCentres();
            if (!loaded)
                fail(loaded.error().message);
            const QList<Centre> centres = *loaded;
            QHash<Id, Centre> all;
            for (const Centre &c : centres)
                all.insert(c.id, c);
            const QDate from = day.addYears(-1), to = day.addDays(-1);
            // Baseline: every visit of the period read back and reckoned, as before the read model.
            QElapsedTimer timer;
            timer.start();
            QList<Visit> rows;
            for (const Centre &c : centres) {
                const QTimeZone zone = c.schedule.timeZone();
                auto some =
                    (*db)->visitsCreated(c.id, QDateTime(from.addDays(-30), QTime(0, 0), zone).toUTC(),
                                         QDateTime(to.addDays(1), QTime(0, 0), zone).toUTC());
                if (!some)
                    fail(some.error().message);
                rows += *some;
            }
            const Dashboard raw = computeDashboard(rows, all, from, to, 30);
            const double rawMs = double(timer.nsecsElapsed()) / 1e6;
            rows.clear();
            std::vector<double> times;
            double peak = 0;
            for (int i = 0; i < 3; ++i) {
                timer.restart();
                const QJsonObject d = chief.call(u"dashboard"_s, {{u"from"_s, from.toString(Qt::ISODate)},
                                                                  {u"to"_s, to.toString(Qt::ISODate)}});
                times.push_back(double(timer.nsecsElapsed()) / 1e6);
                peak = std::max(peak, server.memory().second);
                if (d.value(u"quality"_s).toObject().value(u"visits"_s).toInt() != raw.quality.visits)
                    fail(u"the dashboard's visits differ from the raw computation's"_s);
            }
            std::sort(times.begin(), times.end());
            report.add({u"dashboard, every centre, a year (best of 3)"_s, times.front(), u"ms"_s,
                        u"raw rows reckoned"_s, rawMs, u"< 200 ms at 5 M"_s});
            report.add({u"server peak RSS (VmHWM) by then"_s, peak, u"MiB"_s, u"idle"_s, idleRss, {}});
        }
        const auto [rss, hwm] = server.memory();
        report.section(u"Server memory"_s);
        report.add({u"RSS idle, after start"_s, idleRss, u"MiB"_s, {}, 0, {}});
        report.add({u"RSS at the end"_s, rss, u"MiB"_s, u"idle"_s, idleRss, {}});
        server.stop();
    } catch (const Failure &f) {
        std::fprintf(stderr, "okno-bench: %s\n", qPrintable(f.what));
        return 1;
    }
    if (parser.isSet(jsonOpt)) {
        QFile out(parser.value(jsonOpt));
        if (!out.open(QIODevice::WriteOnly) || out.write(QJsonDocument(report.json()).toJson()) < 0) {
            std::fprintf(stderr, "okno-bench: cannot write %s\n", qPrintable(out.fileName()));
            return 1;
        }
    }
    return 0;
}
