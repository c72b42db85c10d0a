// A client that loses the server gets back everything it missed, exactly once, and never
// applies a change twice.
#include "Fixture.h"

#include <QSet>

TEST_CASE("a subscribed client that reconnects misses and duplicates nothing", "[resync]")
{
    DemoServer d;
    d.at(9, 0);
    auto board = d.staff(u"board1"_s);
    board->client().setSubscribed(true);
    auto reception = d.staff(u"admin1"_s, 1);
    for (int i = 0; i < 3; ++i)
        reception->ok(u"visit.issue"_s, {{u"queueCode"_s, u"consult"_s}});
    REQUIRE(waitUntil([&] { return board->events().size() >= 3; }));

    // The server goes down and comes back (a new port: the clients are pointed at it again).
    d.server.stop();
    REQUIRE(waitUntil([&] { return board->client().state() != okno::Client::State::Ready; }));
    REQUIRE(d.server.start());
    REQUIRE(d.admin->login(d.server.port(), u"admin"_s, QString::fromLatin1(ServerProcess::kAdminPassword)));
    auto reception2 = d.staff(u"admin1"_s, 1);
    // Changes made while the board is away …
    for (int i = 0; i < 4; ++i)
        reception2->ok(u"visit.issue"_s, {{u"queueCode"_s, u"cash"_s}});
    // … reach it when it reconnects, once each and in order.
    okno::ClientCredentials creds{u"board1"_s, u"okno-demo"_s, 0, 0};
    board->client().connectToServer(u"127.0.0.1"_s, d.server.port(), creds);
    REQUIRE(waitUntil([&] { return board->events().size() >= 7; }, 20000));
    reception2->ok(u"visit.issue"_s, {{u"queueCode"_s, u"cash"_s}});
    REQUIRE(waitUntil([&] { return board->events().size() >= 8; }));
    QSet<qint64> seen;
    qint64 previous = 0;
    for (const auto &e : board->events()) {
        CHECK(e.seq > previous);
        previous = e.seq;
        CHECK_FALSE(seen.contains(e.seq));
        seen.insert(e.seq);
    }
    QStringList tickets;
    for (const auto &e : board->events())
        tickets.append(e.data.value(u"visit"_s)
                           .toObject()
                           .value(u"stages"_s)
                           .toArray()
                           .last()
                           .toObject()
                           .value(u"ticket"_s)
                           .toString());
    CHECK(tickets == QStringList{u"К-001"_s, u"К-002"_s, u"К-003"_s, u"О-001"_s, u"О-002"_s, u"О-003"_s,
                                 u"О-004"_s, u"О-005"_s});
}

TEST_CASE("a change sent while the server is away is applied once when it returns", "[resync]")
{
    DemoServer d;
    d.at(9, 0);
    const quint16 port = d.server.port();
    auto reception = d.staff(u"admin1"_s, 1);
    d.server.stop();
    REQUIRE(waitUntil([&] { return reception->client().state() != okno::Client::State::Ready; }));
    // The request waits for the connection instead of failing or being lost.
    std::optional<okno::Result<QJsonObject>> result;
    reception->client().call(
        u"visit.issue"_s, {{u"queueCode"_s, u"consult"_s}},
        [&](const okno::Result<QJsonObject> &r) { result = r; }, true, 60000);
    // The server returns on the same port (as a supervisor restarts it).
    REQUIRE(d.server.start(port));
    REQUIRE(waitUntil([&] { return result.has_value(); }, 30000));
    REQUIRE(result->ok());
    auto manager = d.staff(u"manager"_s);
    const QJsonObject status = manager->ok(u"status"_s, {{u"centreId"_s, 1}});
    CHECK(status.value(u"visits"_s).toArray().size() == 1);
}

TEST_CASE("a repeated request with the same idempotency key is answered, not applied again", "[resync]")
{
    DemoServer d;
    d.at(9, 0);
    auto reception = d.staff(u"admin1"_s, 1);
    const QJsonObject body{{u"queueCode"_s, u"consult"_s}, {u"idempotencyKey"_s, u"reg-42"_s}};
    const QJsonObject first = reception->ok(u"visit.issue"_s, body);
    const QJsonObject second = reception->ok(u"visit.issue"_s, body);
    CHECK(visitIdOf(first) == visitIdOf(second));
    // Also after a restart: the key is stored with the change.
    d.server.stop();
    REQUIRE(d.server.start());
    auto again = d.staff(u"admin1"_s, 1);
    CHECK(visitIdOf(again->ok(u"visit.issue"_s, body)) == visitIdOf(first));
    auto manager = d.staff(u"manager"_s);
    CHECK(manager->ok(u"status"_s, {{u"centreId"_s, 1}}).value(u"visits"_s).toArray().size() == 1);
}

TEST_CASE("priority calls made while a regular visitor waited still count after a restart",
          "[resync][policy]")
{
    // The centre's policy: at most three priority tickets in a row while a regular one waits.
    DemoServer d;
    d.at(9, 0);
    auto reception = d.staff(u"admin1"_s, 1);
    auto consultant = d.staff(u"consult1"_s, 2);
    consultant->ok(u"desk.open"_s);
    const auto issue = [&](const QString &priority) {
        QJsonObject body{{u"queueCode"_s, u"consult"_s}};
        if (!priority.isEmpty())
            body.insert(u"priority"_s, priority);
        return visitIdOf(reception->ok(u"visit.issue"_s, body));
    };
    const qint64 regular = issue({});
    QList<qint64> priority;
    for (int i = 0; i < 4; ++i)
        priority.append(issue(u"veteran"_s));
    for (int i = 0; i < 3; ++i) {
        d.at(9, 3 + i);
        REQUIRE(visitIdOf(consultant->ok(u"visit.callNext"_s)) == priority[i]);
        consultant->ok(u"visit.noShow"_s, {{u"visitId"_s, double(priority[i])}});
    }

    // Three veterans went ahead of the regular visitor; the server restarts; the regular one is next.
    d.server.stop();
    REQUIRE(d.server.start());
    auto after = std::make_unique<SyncClient>();
    REQUIRE(after->login(d.server.port(), u"consult1"_s, u"okno-demo"_s, 2));
    after->ok(u"desk.open"_s);
    CHECK(visitIdOf(after->ok(u"visit.callNext"_s)) == regular);
}
