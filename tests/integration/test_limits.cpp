// Connection limits as an attacker meets them: a connection that never logs in is closed after the
// deadline, one address cannot take every place, and the server says why it refuses — a frame
// with the reason, not a bare reset.
#include "Fixture.h"
#include "TestTls.h"

#include <QDeadlineTimer>
#include <QJsonDocument>
#include <QTcpSocket>

namespace {

std::unique_ptr<QTcpSocket> connectTo(quint16 port)
{
    auto s = testtls::openTestSocket(port);
    REQUIRE(s);
    return s;
}

// The next frame the server sends, within `ms`; empty when none came.
QJsonObject nextFrame(QTcpSocket &s, int ms)
{
    QDeadlineTimer deadline(ms);
    while (!s.canReadLine() && !deadline.hasExpired() && s.state() == QAbstractSocket::ConnectedState)
        s.waitForReadyRead(int(std::max<qint64>(1, deadline.remainingTime())));
    if (!s.canReadLine())
        return {};
    return QJsonDocument::fromJson(s.readLine()).object();
}

bool closedWithin(QTcpSocket &s, int ms)
{
    QDeadlineTimer deadline(ms);
    while (s.state() == QAbstractSocket::ConnectedState && !deadline.hasExpired())
        s.waitForDisconnected(int(std::max<qint64>(1, deadline.remainingTime())));
    return s.state() != QAbstractSocket::ConnectedState;
}

QString errorCode(const QJsonObject &frame)
{
    return frame.value(u"error"_s).toObject().value(u"code"_s).toString();
}

QString errorMessage(const QJsonObject &frame)
{
    return frame.value(u"error"_s).toObject().value(u"message"_s).toString();
}

} // namespace

TEST_CASE("a connection that does not log in before the deadline is told so and closed", "[security][limits]")
{
    ServerProcess server({u"--demo"_s, u"--login-deadline"_s, u"1"_s});
    REQUIRE(server.start());
    auto silent = connectTo(server.port());
    auto helloOnly = connectTo(server.port());
    helloOnly->write("{\"id\":1,\"op\":\"hello\",\"version\":1}\n");
    SyncClient worker;
    REQUIRE(worker.login(server.port(), u"admin1"_s, u"okno-demo"_s));

    for (QTcpSocket *s : {silent.get(), helloOnly.get()}) {
        QJsonObject frame = nextFrame(*s, 5000);
        if (frame.contains(u"result"_s)) // the answer to hello comes first
            frame = nextFrame(*s, 5000);
        INFO(QJsonDocument(frame).toJson().toStdString());
        CHECK(errorCode(frame) == u"auth_required"_s);
        CHECK(errorMessage(frame).contains(u"no login within 1 seconds"_s));
        CHECK(closedWithin(*s, 5000));
    }
    // A terminal that logged in in time works on past the deadline.
    CHECK(worker.call(u"ping"_s));
}

TEST_CASE("one address cannot take every connection; a refused one is told why", "[security][limits]")
{
    ServerProcess server({u"--max-connections-per-address"_s, u"3"_s, u"--max-connections"_s, u"10"_s});
    REQUIRE(server.start());
    std::vector<std::unique_ptr<QTcpSocket>> held;
    for (int i = 0; i < 3; ++i)
        held.push_back(connectTo(server.port()));
    waitUntil([] { return false; }, 300); // the server has taken all three
    auto fourth = connectTo(server.port());
    const QJsonObject refused = nextFrame(*fourth, 5000);
    INFO(QJsonDocument(refused).toJson().toStdString());
    CHECK(errorCode(refused) == u"unavailable"_s);
    CHECK(errorMessage(refused).contains(u"too many connections from 127.0.0.1 (at most 3)"_s));
    CHECK(closedWithin(*fourth, 5000));
    // A place given back is a place again.
    held.front()->disconnectFromHost();
    held.erase(held.begin());
    waitUntil([] { return false; }, 300);
    SyncClient again;
    CHECK(again.login(server.port(), u"admin"_s, QString::fromLatin1(ServerProcess::kAdminPassword)));
}

TEST_CASE("the server's own limit: the connection past it is told why", "[security][limits]")
{
    ServerProcess server({u"--max-connections"_s, u"2"_s});
    REQUIRE(server.start());
    auto a = connectTo(server.port());
    auto b = connectTo(server.port());
    waitUntil([] { return false; }, 300);
    auto c = connectTo(server.port());
    const QJsonObject refused = nextFrame(*c, 5000);
    INFO(QJsonDocument(refused).toJson().toStdString());
    CHECK(errorCode(refused) == u"unavailable"_s);
    CHECK(errorMessage(refused).contains(u"limit of 2 connections"_s));
    CHECK(closedWithin(*c, 5000));
}
