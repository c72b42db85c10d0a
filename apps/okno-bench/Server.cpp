#include "Server.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QThread>
#include <QUuid>

#include <atomic>
#include <mutex>
#include <thread>

using namespace Qt::StringLiterals;

namespace okno::bench {

const QString kAdminPassword = u"bench-admin-password"_s;
const QString kStaffPassword = u"Tally-of-all-figures-7"_s;

// --- ServerUnderTest -----------------------------------------------------------------------------

ServerUnderTest::ServerUnderTest(QString binary, QString dir)
    : m_binary(std::move(binary))
    , m_dir(std::move(dir))
{}

ServerUnderTest::~ServerUnderTest()
{
    stop();
}

QString ServerUnderTest::databasePath() const
{
    return QDir(m_dir).filePath(u"okno.db"_s);
}

void ServerUnderTest::startStandby(const QDateTime &clock)
{
    launch(clock);
    for (int i = 0; i < 600; ++i) {
        QFile log(QDir(m_dir).filePath(u"server.log"_s));
        if (log.open(QIODevice::ReadOnly) && log.readAll().contains("serving once it holds the lease"))
            return;
        if (m_process.state() != QProcess::Running)
            fail(u"okno-server exited at start; see "_s + QDir(m_dir).filePath(u"server.log"_s));
        QThread::msleep(50);
    }
    fail(u"a standby node did not start"_s);
}

void ServerUnderTest::start(const QDateTime &clock)
{
    launch(clock);
    const QString portFile = QDir(m_dir).filePath(u"port"_s);
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

void ServerUnderTest::launch(const QDateTime &clock)
{
    QDir().mkpath(m_dir);
    QFile pw(QDir(m_dir).filePath(u"admin-password"_s));
    if (!pw.open(QIODevice::WriteOnly) || pw.write(kAdminPassword.toUtf8()) < 0)
        fail(u"cannot write "_s + pw.fileName());
    pw.close();
    const QString portFile = QDir(m_dir).filePath(u"port"_s);
    QFile::remove(portFile);
    m_process.setProcessChannelMode(QProcess::MergedChannels);
    m_process.setStandardOutputFile(QDir(m_dir).filePath(u"server.log"_s), QIODevice::Append);
    m_process.start(m_binary,
                    QStringList{u"-d"_s, m_database.isEmpty() ? databasePath() : m_database, u"-p"_s, u"0"_s,
                                u"--port-file"_s, portFile, u"--admin-password-file"_s, pw.fileName(),
                                u"--test-clock"_s, u"--test-clock-at"_s, clock.toString(Qt::ISODate),
                                u"--max-connections"_s, u"1200"_s, u"--max-connections-per-address"_s,
                                u"1200"_s, u"--idle-timeout"_s, u"900"_s, u"--log-level"_s, u"warn"_s} +
                        m_extra);
    if (!m_process.waitForStarted(10000))
        fail(u"cannot start "_s + m_binary);
}

void ServerUnderTest::stop()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    m_process.terminate();
    if (!m_process.waitForFinished(20000))
        m_process.kill();
    m_process.waitForFinished(5000);
}

std::pair<double, double> ServerUnderTest::memory() const
{
    return processMemory(m_process.processId());
}

void ServerUnderTest::resetPeak() const
{
    QFile f(u"/proc/%1/clear_refs"_s.arg(m_process.processId()));
    if (!f.open(QIODevice::WriteOnly) || f.write("5") != 1)
        fail(u"cannot reset the server's peak memory: "_s + f.errorString());
}

std::pair<double, double> processMemory(qint64 pid)
{
    QFile f(u"/proc/%1/status"_s.arg(pid));
    double rss = 0, hwm = 0;
    if (pid > 0 && f.open(QIODevice::ReadOnly))
        for (const QByteArray &line : f.readAll().split('\n')) {
            const QList<QByteArray> parts = line.simplified().split(' ');
            if (parts.size() >= 2 && parts[0] == "VmRSS:")
                rss = parts[1].toDouble() / 1024;
            if (parts.size() >= 2 && parts[0] == "VmHWM:")
                hwm = parts[1].toDouble() / 1024;
        }
    return {rss, hwm};
}

// --- Accounts ------------------------------------------------------------------------------------

QList<CentreQueues> centreQueues(LineClient &admin)
{
    QList<CentreQueues> result;
    for (const QJsonValue &c : admin.call(u"centre.list"_s).value(u"centres"_s).toArray()) {
        CentreQueues cq;
        cq.centreId = Id(c.toObject().value(u"id"_s).toDouble());
        for (const QJsonValue &qv : admin.call(u"queue.list"_s, {{u"centreId"_s, double(cq.centreId)}})
                                        .value(u"queues"_s)
                                        .toArray()) {
            const QJsonObject q = qv.toObject();
            const QString role = q.value(u"role"_s).toString();
            if (!q.value(u"active"_s).toBool(true) || cq.queueByRole.contains(role))
                continue;
            cq.queueByRole.insert(role, Id(q.value(u"id"_s).toDouble()));
            cq.codeByRole.insert(role, q.value(u"code"_s).toString());
        }
        for (const QString &role : {u"administrator"_s, u"consultant"_s, u"cashier"_s})
            if (!cq.queueByRole.contains(role))
                fail(u"centre %1 has no %2 queue"_s.arg(cq.centreId).arg(role));
        result.append(cq);
    }
    if (result.isEmpty())
        fail(u"the server has no centre"_s);
    return result;
}

Account makeAccount(LineClient &admin, const QString &login, const QString &role, Id centreId, int deskNumber,
                    Id queueId)
{
    if (deskNumber > 0) {
        QJsonArray queues;
        queues.append(double(queueId));
        QJsonObject desk;
        desk.insert(u"centreId"_s, double(centreId));
        desk.insert(u"number"_s, deskNumber);
        desk.insert(u"queueIds"_s, queues);
        admin.call(u"desk.put"_s, {{u"desk"_s, desk}});
    }
    admin.call(u"staff.put"_s, {{u"staff"_s, QJsonObject{{u"login"_s, login},
                                                         {u"fullName"_s, QString(u"Bench "_s + login)},
                                                         {u"role"_s, role},
                                                         {u"centreId"_s, double(centreId)}}},
                                {u"password"_s, kStaffPassword}});
    return {login, centreId, deskNumber};
}

// --- Issuing -------------------------------------------------------------------------------------

QJsonObject issueRequest(Id centreId, const QString &queueCode)
{
    return {{u"op"_s, u"visit.issue"_s},
            {u"centreId"_s, double(centreId)},
            {u"queueCode"_s, queueCode},
            {u"accountNumber"_s, u"1234567"_s}};
}

std::vector<double> sequentialIssues(LineClient &c, Id centreId, const QString &queueCode, int n)
{
    std::vector<double> samples;
    for (int i = 0; i < n; ++i) {
        const auto t0 = Clock::now();
        const QJsonObject r = c.response(c.send(issueRequest(centreId, queueCode)));
        if (!r.value(u"ok"_s).toBool())
            fail(u"visit.issue: "_s + QString::fromUtf8(QJsonDocument(r).toJson(QJsonDocument::Compact)));
        samples.push_back(micros(Clock::now() - t0));
    }
    return samples;
}

namespace {

// Runs `body(index, client)` on one thread per connection, each logged in by `login(index, client)`
// a few at a time; all start together once every one is in. The first failure stops the run.
void onConnections(quint16 port, int n, const std::function<void(int, LineClient &)> &login,
                   const std::function<void(int, LineClient &)> &body)
{
    std::atomic<int> ready{0};
    std::atomic<bool> go{false};
    std::mutex lock;
    std::optional<QString> failure;
    std::vector<std::thread> threads;
    for (int i = 0; i < n; ++i)
        threads.emplace_back([&, i] {
            try {
                std::unique_ptr<LineClient> client;
                try {
                    const Admission admitted;
                    client = std::make_unique<LineClient>(port);
                    login(i, *client);
                } catch (...) {
                    ++ready;
                    throw;
                }
                ++ready;
                go.wait(
                    false); // blocked, not polling: hundreds of waiting threads would steal the server's CPU
                body(i, *client);
            } catch (const Failure &f) {
                std::lock_guard g(lock);
                if (!failure)
                    failure = f.what;
            }
        });
    while (ready < n)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    go = true;
    go.notify_all();
    for (std::thread &th : threads)
        th.join();
    if (failure)
        fail(*failure);
}

QString compact(const QJsonObject &o)
{
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

QString key()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

} // namespace

double issueThroughput(quint16 port, Id centreId, const QString &queueCode, int connections, int inFlight,
                       double seconds)
{
    std::atomic<qint64> acked{0};
    Clock::time_point start = Clock::now();
    std::once_flag started;
    onConnections(
        port, connections, [](int, LineClient &c) { c.login(u"admin"_s, kAdminPassword); },
        [&](int, LineClient &client) {
            std::call_once(started, [&] { start = Clock::now(); });
            int outstanding = 0;
            for (; outstanding < inFlight; ++outstanding)
                client.send(issueRequest(centreId, queueCode));
            while (outstanding > 0) {
                const QJsonObject r = client.next();
                if (r.contains(u"event"_s))
                    continue;
                --outstanding;
                if (!r.value(u"ok"_s).toBool())
                    fail(u"visit.issue: "_s + compact(r));
                ++acked;
                if (micros(Clock::now() - start) < seconds * 1e6) {
                    client.send(issueRequest(centreId, queueCode));
                    ++outstanding;
                }
            }
        });
    return double(acked) / (micros(Clock::now() - start) / 1e6);
}

// --- The working day's mix -----------------------------------------------------------------------

MixFigures realisticMix(quint16 port, const QList<Account> &terminals, const QList<CentreQueues> &receptions,
                        int issueEveryMs, double seconds)
{
    MixFigures figures;
    std::mutex lock;
    const int n = int(terminals.size() + receptions.size());
    Clock::time_point start = Clock::now();
    std::once_flag started;
    onConnections(
        port, n,
        [&](int i, LineClient &c) {
            if (i < terminals.size()) {
                c.login(terminals[i].login, kStaffPassword, terminals[i].deskNumber);
                c.call(u"desk.open"_s, {{u"idempotencyKey"_s, key()}});
            } else {
                c.login(u"admin"_s, kAdminPassword);
            }
            c.call(u"events.subscribe"_s);
        },
        [&](int i, LineClient &c) {
            std::call_once(started, [&] { start = Clock::now(); });
            const bool terminal = i < terminals.size();
            const double period = terminal ? 1e6 : double(issueEveryMs) * 1000;
            std::vector<double> all, durable;
            // Each starts at a random point of its period, then keeps its pace (±10 %).
            double nextAt = QRandomGenerator::global()->bounded(period);
            Id visit = 0;
            int step = 0; // terminals: 0 call, 1 start, 2 finish
            const auto op = [&](QJsonObject request) {
                request.insert(u"idempotencyKey"_s, key());
                const auto t0 = Clock::now();
                const QJsonObject r = c.response(c.send(request));
                const double us = micros(Clock::now() - t0);
                all.push_back(us);
                durable.push_back(us);
                return r;
            };
            while (true) {
                const double now = micros(Clock::now() - start);
                const bool over = now >= seconds * 1e6;
                if (over && (!terminal || step == 0))
                    break;
                if (!over && now < nextAt) {
                    std::this_thread::sleep_for(std::chrono::microseconds(qint64(nextAt - now)));
                    continue;
                }
                nextAt += period * (0.9 + 0.2 * QRandomGenerator::global()->generateDouble());
                if (!terminal) {
                    const CentreQueues &cq = receptions[i - terminals.size()];
                    const QJsonObject r = op(issueRequest(cq.centreId, cq.codeByRole.value(u"consultant"_s)));
                    if (!r.value(u"ok"_s).toBool())
                        fail(u"visit.issue: "_s + compact(r));
                    continue;
                }
                if (step == 0) {
                    const QJsonObject r = op({{u"op"_s, u"visit.callNext"_s}});
                    if (r.value(u"ok"_s).toBool()) {
                        visit = Id(r.value(u"result"_s)
                                       .toObject()
                                       .value(u"visit"_s)
                                       .toObject()
                                       .value(u"id"_s)
                                       .toDouble());
                        step = 1;
                    } else if (r.value(u"error"_s).toObject().value(u"code"_s).toString() !=
                               u"queue_empty"_s) {
                        fail(u"visit.callNext: "_s + compact(r));
                    }
                } else {
                    const QString name = step == 1 ? u"visit.start"_s : u"visit.finish"_s;
                    const QJsonObject r = op({{u"op"_s, name}, {u"visitId"_s, double(visit)}});
                    if (!r.value(u"ok"_s).toBool())
                        fail(name + u": "_s + compact(r));
                    step = step == 1 ? 2 : 0;
                }
            }
            std::lock_guard g(lock);
            figures.all.insert(figures.all.end(), all.begin(), all.end());
            figures.durable.insert(figures.durable.end(), durable.begin(), durable.end());
        });
    figures.ops = qint64(figures.all.size());
    figures.seconds = micros(Clock::now() - start) / 1e6;
    return figures;
}

// --- Memory over many changes --------------------------------------------------------------------

ToggleFigures deskToggles(const ServerUnderTest &server, const QList<Account> &terminals, int inFlight,
                          qint64 changes)
{
    ToggleFigures figures;
    std::atomic<qint64> sent{0}, acked{0};
    std::atomic<bool> sampled{false};
    Clock::time_point start = Clock::now();
    std::once_flag started;
    onConnections(
        server.port(), int(terminals.size()),
        [&](int i, LineClient &c) {
            c.login(terminals[i].login, kStaffPassword, terminals[i].deskNumber);
            c.call(u"desk.open"_s, {{u"idempotencyKey"_s, key()}}); // a no-op when it is open
        },
        [&](int, LineClient &c) {
            std::call_once(started, [&] { start = Clock::now(); });
            // Strictly alternating on each connection: the server applies one connection's
            // requests in order, so each finds the desk as the previous one left it.
            qint64 mine = 0;
            int outstanding = 0;
            const auto sendOne = [&] {
                if (sent.fetch_add(1) >= changes)
                    return false;
                c.send({{u"op"_s, mine++ % 2 == 0 ? u"desk.break"_s : u"desk.resume"_s},
                        {u"idempotencyKey"_s, key()}});
                ++outstanding;
                return true;
            };
            for (int k = 0; k < inFlight && sendOne(); ++k) {
            }
            while (outstanding > 0) {
                const QJsonObject r = c.next();
                if (r.contains(u"event"_s))
                    continue;
                --outstanding;
                if (!r.value(u"ok"_s).toBool())
                    fail(u"desk toggle: "_s + compact(r));
                if (++acked == changes / 10 && !sampled.exchange(true))
                    figures.rssEarly = server.memory().first;
                sendOne();
            }
        });
    figures.perSecond = double(acked) / (micros(Clock::now() - start) / 1e6);
    figures.rssEnd = server.memory().first;
    return figures;
}

double loginSeconds(quint16 port, const QString &login, int n)
{
    std::vector<double> samples;
    for (int i = 0; i < n; ++i) {
        const auto t0 = Clock::now();
        LineClient c(port);
        c.login(login, login == u"admin"_s ? kAdminPassword : kStaffPassword);
        samples.push_back(micros(Clock::now() - t0) / 1e6);
    }
    return percentile(samples, 50);
}

} // namespace okno::bench
