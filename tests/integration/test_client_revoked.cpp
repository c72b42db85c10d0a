// The client library when the server ends its session (session.revoked): it says why, forgets the
// password, fails what was waiting, and does not log in again by itself — against the real server,
// and against a scripted one for a request caught in flight.
#include "Fixture.h"
#include "TestTls.h"

#include <QJsonDocument>
#include <QTcpServer>
#include <QTcpSocket>

#include <optional>

namespace {

// Lines of the server's log that mention `what` and `about` (e.g. "logged in" and "consult1 (").
int logLines(const ServerProcess &server, const QString &about, const QString &what)
{
    int n = 0;
    for (const QString &line : server.log().split(u'\n'))
        if (line.contains(about) && line.contains(what))
            ++n;
    return n;
}

// A client as an app holds one, with what it heard.
struct WatchedClient
{
    okno::Client client;
    QStringList revoked; // reasons
    QStringList messages;
    QStringList loginFailures;
    int readies = 0;

    WatchedClient()
    {
        client.setReconnectDelays(100, 400); // reconnect cycles come quickly: none may come
        QObject::connect(&client, &okno::Client::sessionRevoked, &client,
                         [this](const QString &reason, const QString &message) {
                             revoked.append(reason);
                             messages.append(message);
                         });
        QObject::connect(&client, &okno::Client::loginFailed, &client,
                         [this](const QString &m) { loginFailures.append(m); });
        QObject::connect(&client, &okno::Client::ready, &client, [this] { ++readies; });
        client.setSubscribed(true);
    }
    void connect(quint16 port, const QString &login, const QString &password)
    {
        REQUIRE(client.setTls(testtls::clientTls()).ok());
        client.connectToServer(u"127.0.0.1"_s, port, {login, password, 0, 0});
    }
    okno::Result<QJsonObject> call(const QString &op, const QJsonObject &body, bool mutating)
    {
        std::optional<okno::Result<QJsonObject>> result;
        client.call(
            op, body, [&result](const okno::Result<QJsonObject> &r) { result = r; }, mutating);
        waitUntil([&] { return result.has_value(); }, 2000);
        return result.value_or(okno::makeError(okno::ErrorCode::Internal, u"test: no answer in 2 s"_s));
    }
};

} // namespace

TEST_CASE("a revoked session is not logged in again by the client library", "[security][revocation][client]")
{
    DemoServer demo;
    demo.at(9, 0);
    const auto staffRecord = [&](const QString &login) {
        for (const auto &s : demo.admin->ok(u"staff.list"_s).value(u"staff"_s).toArray())
            if (s.toObject().value(u"login"_s).toString() == login)
                return s.toObject();
        FAIL("no account " << login.toStdString());
        return QJsonObject();
    };
    struct Change
    {
        QString login;
        QString role;   // as the server logs it
        QString reason; // of session.revoked
        std::function<void(QJsonObject)> apply;
        QString passwordAfter; // what logs in afterwards; empty: nothing does
        QString roleAfter;
    };
    const QList<Change> changes{
        {u"consult1"_s, u"consultant"_s, u"deactivated"_s,
         [&](QJsonObject s) {
             s.insert(u"active"_s, false);
             demo.admin->ok(u"staff.put"_s, {{u"staff"_s, s}});
         },
         QString(), QString()},
        // The remembered password would still open a session here: the client must not use it.
        {u"consult2"_s, u"consultant"_s, u"role_changed"_s,
         [&](QJsonObject s) {
             s.insert(u"role"_s, u"cashier"_s);
             demo.admin->ok(u"staff.put"_s, {{u"staff"_s, s}});
         },
         u"okno-demo"_s, u"cashier"_s},
        {u"cashier1"_s, u"cashier"_s, u"password_changed"_s,
         [&](QJsonObject s) {
             demo.admin->ok(u"staff.setPassword"_s,
                            {{u"staffId"_s, s.value(u"id"_s)}, {u"password"_s, u"Another-pass-2026"_s}});
         },
         u"Another-pass-2026"_s, u"cashier"_s},
    };
    for (const Change &change : changes) {
        INFO(change.login.toStdString() << ", " << change.reason.toStdString());
        WatchedClient w;
        w.connect(demo.server.port(), change.login, u"okno-demo"_s);
        REQUIRE(waitUntil([&] { return w.readies == 1; }));
        const QString loggedIn = change.login + u" ("_s;
        const QString failed = u"failed login as \""_s + change.login + u'"';
        const int loginsBefore = logLines(demo.server, loggedIn, u"logged in"_s);
        REQUIRE(loginsBefore >= 1);

        change.apply(staffRecord(change.login));
        REQUIRE(waitUntil([&] { return !w.revoked.isEmpty(); }, 2000));
        CHECK(w.revoked == QStringList{change.reason});
        CHECK_FALSE(w.messages.value(0).isEmpty());
        CHECK(w.client.isSessionRevoked());
        CHECK(w.client.revokedReason() == change.reason);
        CHECK(w.client.state() == okno::Client::State::Disconnected);
        CHECK(w.client.session().isEmpty());
        CHECK(w.client.loginDetails().login == change.login); // for the login form
        CHECK(w.client.loginDetails().password.isEmpty());

        // A change asked for now is refused at once, not kept to be sent after some later login.
        const auto issued = w.call(u"visit.issue"_s, {{u"queueCode"_s, u"consult"_s}}, true);
        CHECK(errorCode(issued) == u"auth_required"_s);
        CHECK(errorCode(w.call(u"status"_s, {}, false)) == u"auth_required"_s);

        // Several reconnect cycles' worth of time (100–400 ms each): nothing happens by itself.
        waitUntil([] { return false; }, 3000);
        CHECK(w.readies == 1);
        CHECK(w.loginFailures.isEmpty());
        CHECK(w.client.state() == okno::Client::State::Disconnected);
        CHECK(w.revoked.size() == 1);
        CHECK(logLines(demo.server, loggedIn, u"logged in"_s) == loginsBefore);
        CHECK(logLines(demo.server, failed, u"from"_s) == 0);
        CHECK(demo.admin->ok(u"status"_s, {{u"centreId"_s, 1}}).value(u"visits"_s).toArray().isEmpty());

        // The person logs in again (the app asked): that works, as whatever the account is now.
        if (change.passwordAfter.isEmpty()) {
            w.connect(demo.server.port(), change.login, u"okno-demo"_s);
            REQUIRE(waitUntil([&] { return !w.loginFailures.isEmpty(); }, 5000));
            CHECK(w.readies == 1);
        } else {
            w.connect(demo.server.port(), change.login, change.passwordAfter);
            REQUIRE(waitUntil([&] { return w.readies == 2; }, 5000));
            CHECK_FALSE(w.client.isSessionRevoked());
            CHECK(w.client.session().value(u"role"_s).toString() == change.roleAfter);
            CHECK(w.call(u"ping"_s, {}, false).ok());
        }
    }
}

TEST_CASE("a request in flight when the session is revoked fails and is never sent again",
          "[revocation][client]")
{
    // A scripted server: it greets, accepts any login, and answers the first other request by
    // ending the session — the moment a real server's revocation can catch a request.
    QTcpServer server;
    REQUIRE(server.listen(QHostAddress::LocalHost));
    int connections = 0;
    QStringList requests;
    QObject::connect(&server, &QTcpServer::newConnection, &server, [&] {
        QTcpSocket *s = server.nextPendingConnection();
        ++connections;
        QObject::connect(s, &QTcpSocket::readyRead, s, [&, s] {
            while (s->canReadLine()) {
                const QJsonObject f = QJsonDocument::fromJson(s->readLine()).object();
                const QString op = f.value(u"op"_s).toString();
                requests.append(op);
                QJsonObject reply{{u"id"_s, f.value(u"id"_s)}, {u"ok"_s, true}};
                if (op == u"hello"_s) {
                    reply.insert(u"result"_s, QJsonObject{{u"version"_s, 1}});
                } else if (op == u"auth.login"_s) {
                    reply.insert(u"result"_s,
                                 QJsonObject{{u"session"_s, QJsonObject{{u"role"_s, u"consultant"_s}}}});
                } else if (op == u"events.subscribe"_s) {
                    reply.insert(u"result"_s, QJsonObject{{u"lastSeq"_s, 7}});
                } else {
                    const QJsonObject notice{
                        {u"event"_s, u"session.revoked"_s},
                        {u"data"_s,
                         QJsonObject{{u"reason"_s, u"centre_changed"_s},
                                     {u"message"_s, u"the account was moved to another centre"_s}}}};
                    s->write(QJsonDocument(notice).toJson(QJsonDocument::Compact) + '\n');
                    s->disconnectFromHost();
                    return;
                }
                s->write(QJsonDocument(reply).toJson(QJsonDocument::Compact) + '\n');
            }
        });
    });

    WatchedClient w;
    // The scripted server speaks plain TCP, in a TLS run of the suite too.
    REQUIRE(w.client.setTls({okno::ClientTls::Mode::Off, {}, {}}).ok());
    w.client.connectToServer(u"127.0.0.1"_s, server.serverPort(), {u"consult1"_s, u"okno-demo"_s, 0, 0});
    REQUIRE(waitUntil([&] { return w.readies == 1; }));
    std::optional<okno::Result<QJsonObject>> issued;
    w.client.call(
        u"visit.issue"_s, {{u"queueCode"_s, u"consult"_s}},
        [&](const okno::Result<QJsonObject> &r) { issued = r; }, true);
    REQUIRE(waitUntil([&] { return issued.has_value(); }, 2000));
    CHECK(errorCode(*issued) == u"auth_required"_s);
    CHECK(issued->error().message.contains(u"moved to another centre"_s));
    CHECK(w.revoked == QStringList{u"centre_changed"_s});
    waitUntil([] { return false; }, 2000);
    CHECK(connections == 1);
    CHECK(requests.count(u"visit.issue"_s) == 1);
    CHECK(requests.count(u"auth.login"_s) == 1);
    CHECK(w.client.state() == okno::Client::State::Disconnected);

    // A login the app asks for is a new session, and nothing of the old one is sent in it.
    w.client.connectToServer(u"127.0.0.1"_s, server.serverPort(), {u"consult1"_s, u"okno-demo"_s, 0, 0});
    REQUIRE(waitUntil([&] { return w.readies == 2; }));
    waitUntil([] { return false; }, 300);
    CHECK(connections == 2);
    CHECK(requests.count(u"visit.issue"_s) == 1);
    CHECK(requests.count(u"events.subscribe"_s) == 2);
}
