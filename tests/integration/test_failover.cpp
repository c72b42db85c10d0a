// Several server nodes (one serves the company at a time, another takes over when it dies): the
// client is given the list of them all and ends up on the one that answers — at the start when
// the first in the list is down, and after the node it works with is killed — quickly, as the
// backoff is only for when every node failed.
#include "Fixture.h"
#include "TestTls.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTcpServer>
#include <QTcpSocket>

#include <optional>

namespace {

// A loopback port nobody listens on (a node that is down): a connection there is refused.
quint16 deadPort()
{
    QTcpServer probe;
    REQUIRE(probe.listen(QHostAddress::LocalHost));
    const quint16 port = probe.serverPort();
    probe.close();
    return port;
}

okno::Endpoint at(quint16 port)
{
    return {u"127.0.0.1"_s, port};
}

// A client as a terminal holds one, with what it heard.
struct NodeClient
{
    okno::Client client;
    int readies = 0;
    QStringList loginFailures;

    NodeClient()
    {
        QObject::connect(&client, &okno::Client::ready, &client, [this] { ++readies; });
        QObject::connect(&client, &okno::Client::loginFailed, &client,
                         [this](const QString &m) { loginFailures.append(m); });
        REQUIRE(client.setTls(testtls::clientTls()).ok());
    }
    void connect(const QList<okno::Endpoint> &endpoints, const QString &password)
    {
        client.connectToServer(endpoints, {u"admin"_s, password, 0, 0});
    }
    okno::Result<QJsonObject> call(const QString &op)
    {
        std::optional<okno::Result<QJsonObject>> result;
        client.call(op, {}, [&result](const okno::Result<QJsonObject> &r) { result = r; });
        waitUntil([&] { return result.has_value(); }, 5000);
        return result.value_or(okno::makeError(okno::ErrorCode::Internal, u"test: no answer in 5 s"_s));
    }
};

const QString kAdminPassword = QString::fromLatin1(ServerProcess::kAdminPassword);

// A scripted node, plain TCP: while it stands by it answers a hello as a standby does — `moved` to
// `movedTo`, or `unavailable` when that is empty — and once `serving` it greets and takes any login.
struct ScriptedNode
{
    QTcpServer server;
    QString movedTo;
    bool serving = false;
    int connections = 0;
    QList<QJsonObject> hellos;

    ScriptedNode()
    {
        REQUIRE(server.listen(QHostAddress::LocalHost));
        QObject::connect(&server, &QTcpServer::newConnection, &server, [this] {
            QTcpSocket *s = server.nextPendingConnection();
            ++connections;
            QObject::connect(s, &QTcpSocket::disconnected, s, &QObject::deleteLater);
            QObject::connect(s, &QTcpSocket::readyRead, s, [this, s] {
                while (s->canReadLine()) {
                    const QJsonObject f = QJsonDocument::fromJson(s->readLine()).object();
                    const QString op = f.value(u"op"_s).toString();
                    QJsonObject reply{{u"id"_s, f.value(u"id"_s)}, {u"ok"_s, true}};
                    if (op == u"hello"_s)
                        hellos.append(f);
                    if (!serving && op == u"hello"_s) {
                        QJsonObject error{{u"code"_s, movedTo.isEmpty() ? u"unavailable"_s : u"moved"_s},
                                          {u"message"_s, u"standing by"_s}};
                        if (!movedTo.isEmpty()) {
                            error.insert(u"node"_s, u"scripted"_s);
                            error.insert(u"endpoint"_s, movedTo);
                        }
                        reply = {{u"id"_s, f.value(u"id"_s)}, {u"ok"_s, false}, {u"error"_s, error}};
                    } else if (op == u"hello"_s) {
                        reply.insert(u"result"_s, QJsonObject{{u"version"_s, 1}});
                    } else if (op == u"auth.login"_s) {
                        reply.insert(u"result"_s,
                                     QJsonObject{{u"session"_s, QJsonObject{{u"role"_s, u"manager"_s}}}});
                    }
                    s->write(QJsonDocument(reply).toJson(QJsonDocument::Compact) + '\n');
                }
            });
        });
    }
    quint16 port() const { return server.serverPort(); }
    QString endpoint() const { return u"127.0.0.1:%1"_s.arg(port()); }
};

} // namespace

TEST_CASE("a client goes where a standby's `moved` sends it, once, and waits out `unavailable`",
          "[failover][client]")
{
    // Found at once: a terminal that knows only a standby.
    ScriptedNode serving, standby;
    serving.serving = true;
    standby.movedTo = serving.endpoint();
    NodeClient c;
    REQUIRE(c.client.setTls({okno::ClientTls::Mode::Off, {}, {}}).ok()); // scripted: plain TCP
    c.client.setReconnectDelays(100, 400);
    c.connect({at(standby.port())}, u"x"_s);
    REQUIRE(waitUntil([&] { return c.readies == 1; }, 5000));
    CHECK(c.client.endpoint() == at(serving.port()));
    REQUIRE_FALSE(standby.hellos.isEmpty());
    CHECK(standby.hellos.constFirst().value(u"follows"_s).toArray().contains(u"moved"_s));
    c.client.disconnectFromServer();

    // Two standbys that name each other (a takeover seen half-way): one detour per attempt, then
    // the backoff — no tight loop, no giving up — until one of them serves.
    ScriptedNode a, b;
    a.movedTo = b.endpoint();
    b.movedTo = a.endpoint();
    NodeClient d;
    REQUIRE(d.client.setTls({okno::ClientTls::Mode::Off, {}, {}}).ok());
    d.client.setReconnectDelays(100, 400);
    d.connect({at(a.port())}, u"x"_s);
    waitUntil([] { return false; }, 1500);
    CHECK(d.readies == 0);
    CHECK(d.loginFailures.isEmpty());
    CHECK(a.connections >= 2);
    CHECK(b.connections >= 2);
    CHECK(a.connections + b.connections <= 24); // rounds 0.1, 0.2, 0.4, 0.4 … s apart: two each
    b.serving = true;
    REQUIRE(waitUntil([&] { return d.readies == 1; }, 5000));
    CHECK(d.client.endpoint() == at(b.port()));
    d.client.disconnectFromServer();

    // A standby while no node serves: `unavailable` is a failed attempt, not a refused login.
    ScriptedNode alone;
    NodeClient e;
    REQUIRE(e.client.setTls({okno::ClientTls::Mode::Off, {}, {}}).ok());
    e.client.setReconnectDelays(100, 400);
    e.connect({at(alone.port())}, u"x"_s);
    REQUIRE(waitUntil([&] { return alone.connections >= 3; }, 5000));
    CHECK(e.readies == 0);
    CHECK(e.loginFailures.isEmpty());
    alone.serving = true;
    REQUIRE(waitUntil([&] { return e.readies == 1; }, 5000));
    CHECK(e.loginFailures.isEmpty());
}

TEST_CASE("a client given a list passes over a node that is down", "[failover]")
{
    ServerProcess b;
    INFO(b.log().toStdString());
    REQUIRE(b.start());
    const quint16 dead = deadPort();

    NodeClient c;
    // A backoff before the second node would take 5 s: the list is gone through at once instead.
    c.client.setReconnectDelays(5000, 10000);
    QElapsedTimer clock;
    clock.start();
    c.connect({at(dead), at(b.port())}, kAdminPassword);
    REQUIRE(waitUntil([&] { return c.client.isReady(); }, 10000));
    const qint64 ms = clock.elapsed();
    INFO("ready on the second node after " << ms << " ms");
    CHECK(ms < 3000);
    CHECK(c.readies == 1);
    // It says where it is.
    CHECK(c.client.host() == u"127.0.0.1"_s);
    CHECK(c.client.port() == b.port());
    CHECK(c.client.endpoint() == at(b.port()));
    CHECK(c.client.endpoints() == QList<okno::Endpoint>{at(dead), at(b.port())});
    CHECK(c.call(u"ping"_s).ok());
}

TEST_CASE("a client whose node is killed ends up ready on the next one", "[failover]")
{
    // Two nodes with the same administrator (each its own database: what is checked here is the
    // client's way to the other node, not the nodes' shared data).
    ServerProcess a;
    ServerProcess b;
    INFO(a.log().toStdString());
    INFO(b.log().toStdString());
    REQUIRE(a.start());
    REQUIRE(b.start());
    const quint16 portA = a.port();

    NodeClient c;
    c.client.setReconnectDelays(5000, 10000); // as above: any backoff on the way would show
    QList<okno::Client::State> states;
    QObject::connect(&c.client, &okno::Client::stateChanged, &c.client,
                     [&](okno::Client::State s) { states.append(s); });
    c.connect({at(portA), at(b.port())}, kAdminPassword);
    REQUIRE(waitUntil([&] { return c.client.isReady(); }, 10000));
    CHECK(c.client.endpoint() == at(portA));

    // A dies: no goodbye, the kernel closes its sockets.
    a.kill();
    QElapsedTimer clock;
    clock.start();
    REQUIRE(waitUntil([&] { return c.readies == 2; }, 15000));
    const qint64 ms = clock.elapsed();
    INFO("ready on B " << ms << " ms after A was killed");
    CHECK(ms < 3000);
    CHECK(c.client.isReady());
    CHECK(c.client.endpoint() == at(b.port()));
    CHECK(states.contains(okno::Client::State::Disconnected));
    CHECK(c.call(u"ping"_s).ok());

    // A comes back (a standby now) and B dies: round robin, back to A, as quickly — the backoff
    // started over when the client logged in on B.
    REQUIRE(a.start(portA));
    b.kill();
    clock.restart();
    REQUIRE(waitUntil([&] { return c.readies == 3; }, 15000));
    const qint64 back = clock.elapsed();
    INFO("ready on A again " << back << " ms after B was killed");
    CHECK(back < 3000);
    CHECK(c.client.endpoint() == at(portA));
    CHECK(c.call(u"ping"_s).ok());
}

TEST_CASE("when every node is down the client backs off between rounds", "[failover]")
{
    const quint16 d1 = deadPort();
    const quint16 d2 = deadPort();
    NodeClient c;
    c.client.setReconnectDelays(600, 600);
    QList<quint16> tried;
    QObject::connect(&c.client, &okno::Client::stateChanged, &c.client, [&](okno::Client::State s) {
        if (s == okno::Client::State::Connecting)
            tried.append(c.client.port());
    });
    QElapsedTimer clock;
    clock.start();
    c.connect({at(d1), at(d2)}, kAdminPassword);
    // Both at once, then a wait of 0.6 s, then both again: not a busy loop over dead nodes.
    REQUIRE(waitUntil([&] { return tried.size() >= 4; }, 5000));
    const qint64 ms = clock.elapsed();
    CHECK(tried.mid(0, 4) == QList<quint16>{d1, d2, d1, d2});
    CHECK(ms >= 550);
    waitUntil([] { return false; }, 500);
    CHECK(tried.size() <= 6);
    c.client.disconnectFromServer();
}

TEST_CASE("a refused login is not a node failure: the next node is not tried", "[failover]")
{
    ServerProcess a;
    ServerProcess b;
    INFO(a.log().toStdString());
    REQUIRE(a.start());
    REQUIRE(b.start());
    NodeClient c;
    c.client.setReconnectDelays(100, 200);
    QList<quint16> tried;
    QObject::connect(&c.client, &okno::Client::stateChanged, &c.client, [&](okno::Client::State s) {
        if (s == okno::Client::State::Connecting)
            tried.append(c.client.port());
    });
    c.connect({at(a.port()), at(b.port())}, u"not-the-password"_s);
    REQUIRE(waitUntil([&] { return !c.loginFailures.isEmpty(); }, 10000));
    waitUntil([] { return false; }, 1000);
    CHECK(c.loginFailures.size() == 1);
    CHECK(c.readies == 0);
    CHECK(tried == QList<quint16>{a.port()});
    CHECK(c.client.state() == okno::Client::State::Disconnected);
}
