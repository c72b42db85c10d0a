#include "Baselines.h"

#include <QDir>
#include <QEventLoop>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>

#include <future>
#include <mutex>

using namespace Qt::StringLiterals;

namespace okno::bench {

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

// --- EchoServer ----------------------------------------------------------------------------------

class EchoServer::Acceptor : public QTcpServer
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

EchoServer::EchoServer()
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

EchoServer::~EchoServer()
{
    m_stop = true;
    m_acceptor.join();
    for (std::thread &t : m_connections)
        t.join();
}

// --- BroadcastServer -----------------------------------------------------------------------------

BroadcastServer::BroadcastServer()
{
    std::promise<quint16> ready;
    auto port = ready.get_future();
    m_thread = std::thread([this, &ready] {
        QEventLoop loop;
        QTcpServer server;
        std::vector<QTcpSocket *> sockets;
        QObject::connect(&server, &QTcpServer::newConnection, &server, [&] {
            while (QTcpSocket *s = server.nextPendingConnection()) {
                s->setSocketOption(QAbstractSocket::LowDelayOption, 1);
                sockets.push_back(s);
                ++m_connections;
                auto buffer = std::make_shared<QByteArray>();
                QObject::connect(s, &QTcpSocket::readyRead, s, [s, buffer, &sockets] {
                    *buffer += s->readAll();
                    const qsizetype nl = buffer->lastIndexOf('\n');
                    if (nl < 0)
                        return;
                    const QByteArray lines = buffer->left(nl + 1);
                    buffer->remove(0, nl + 1);
                    for (QTcpSocket *to : sockets)
                        to->write(lines);
                });
            }
        });
        server.listen(QHostAddress::LocalHost, 0);
        m_loop = &loop;
        ready.set_value(server.serverPort());
        loop.exec();
        m_loop = nullptr;
    });
    m_port = port.get();
}

BroadcastServer::~BroadcastServer()
{
    while (!m_loop)
        QThread::msleep(1);
    QMetaObject::invokeMethod(m_loop.load(), "quit", Qt::QueuedConnection);
    m_thread.join();
}

// --- Fan-out -------------------------------------------------------------------------------------

FanOut measureFanOut(quint16 port, int receivers, int rounds,
                     const std::function<void(LineClient &)> &prepare,
                     const std::function<bool(const QJsonObject &)> &counts,
                     const std::function<void()> &beforeFirstRound, const std::function<void()> &sendRound)
{
    FanOut result;
    std::mutex lock;
    std::vector<Clock::time_point> sent(static_cast<size_t>(rounds));
    std::atomic<int> ready{0};
    std::atomic<bool> prepareFailed{false};
    std::atomic<bool> go{false}; // every receiver is in: the first to come waits for the last
    std::vector<std::thread> threads;
    for (int i = 0; i < receivers; ++i) {
        threads.emplace_back([&, port] {
            std::unique_ptr<LineClient> client;
            try {
                const Admission admitted;
                client = std::make_unique<LineClient>(port);
                prepare(*client);
            } catch (const Failure &) {
                prepareFailed = true;
                ++ready;
                return;
            }
            ++ready;
            go.wait(false); // blocked, not polling: hundreds of waiting threads would steal the server's CPU
            try {
                for (int got = 0; got < rounds;) {
                    const QJsonObject e = client->next(30000);
                    if (!counts(e))
                        continue;
                    const auto at = Clock::now();
                    const int round = got++;
                    std::lock_guard g(lock);
                    result.arrivals.push_back(micros(at - sent[size_t(round)]));
                }
            } catch (const Failure &) {
            }
        });
    }
    while (ready < receivers)
        QThread::msleep(5);
    if (prepareFailed) {
        go = true;
        go.notify_all();
        for (std::thread &th : threads)
            th.join();
        fail(u"a receiver could not connect, log in or subscribe"_s);
    }
    beforeFirstRound();
    go = true;
    go.notify_all();
    for (int r = 0; r < rounds; ++r) {
        sent[size_t(r)] = Clock::now();
        sendRound();
        result.acks.push_back(micros(Clock::now() - sent[size_t(r)]));
        QThread::msleep(50);
    }
    for (std::thread &th : threads)
        th.join();
    if (result.arrivals.size() != size_t(receivers) * size_t(rounds))
        fail(u"fan-out: %1 of %2 frames arrived"_s.arg(result.arrivals.size())
                 .arg(qint64(receivers) * rounds));
    return result;
}

} // namespace okno::bench
