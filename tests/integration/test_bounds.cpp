// What the server keeps is bounded: idempotency answers expire after their days (in memory and on
// disk), the event ring holds at most its bytes, a reply too large for a client is refused with a
// reason instead of being dropped, and a connection that falls silent is closed while a living
// terminal's heartbeats keep it open.
#include "Fixture.h"
#include "TestTls.h"

#include <QJsonDocument>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QUuid>

namespace {

const QDate kThursday(2026, 12, 3);

qint64 countRows(const ServerProcess &server, const QString &table)
{
    StoredDatabase stored(server);
    REQUIRE(stored.isOpen());
    return stored.scalar(u"SELECT COUNT(*) FROM "_s + table);
}

// A raw, logged-in connection that sends a request and leaves reading its answer for later.
struct KeyedConnection
{
    RawConnection raw;
    bool open(quint16 port)
    {
        return raw.open(port) &&
               raw.request({{u"id"_s, 1}, {u"op"_s, u"hello"_s}, {u"version"_s, 1}})
                   .value(u"ok"_s)
                   .toBool() &&
               raw.request({{u"id"_s, 2},
                            {u"op"_s, u"auth.login"_s},
                            {u"login"_s, u"admin1"_s},
                            {u"password"_s, u"okno-demo"_s}})
                   .value(u"ok"_s)
                   .toBool();
    }
    void send(int id, const QString &key, const QString &queue = u"reception"_s)
    {
        raw.sendJson({{u"id"_s, id},
                      {u"op"_s, u"visit.issue"_s},
                      {u"queueCode"_s, queue},
                      {u"idempotencyKey"_s, key}});
    }
    // The answer to request `id`, without its id (events that come first are skipped).
    QJsonObject answer(int id)
    {
        for (int i = 0; i < 200; ++i) {
            QJsonObject f = raw.nextFrame();
            if (f.isEmpty())
                return {};
            if (f.contains(u"id"_s) && f.value(u"id"_s).toInt() == id) {
                f.remove(u"id"_s);
                return f;
            }
        }
        return {};
    }
};

double visitId(const QJsonObject &answer)
{
    return answer.value(u"result"_s).toObject().value(u"visit"_s).toObject().value(u"id"_s).toDouble();
}

} // namespace

TEST_CASE("idempotency keys expire after their days, in memory and on disk", "[security][bounds]")
{
    ServerProcess server({u"--demo"_s, u"--idempotency-days"_s, u"7"_s});
    server.setClock(DemoServer::moscow(kThursday, 10, 0));
    REQUIRE(server.start());
    SyncClient admin;
    REQUIRE(admin.login(server.port(), u"admin1"_s, u"okno-demo"_s));
    SyncClient sysadmin;
    REQUIRE(sysadmin.login(server.port(), u"admin"_s, QString::fromLatin1(ServerProcess::kAdminPassword)));
    const auto setClock = [&](const QDateTime &t) {
        sysadmin.ok(u"clock.set"_s, {{u"at"_s, t.toUTC().toString(Qt::ISODateWithMs)}});
    };
    const auto issue = [&](const QString &key) {
        return admin.ok(u"visit.issue"_s, {{u"queueCode"_s, u"reception"_s}, {u"idempotencyKey"_s, key}})
            .value(u"visit"_s)
            .toObject()
            .value(u"id"_s)
            .toDouble();
    };
    const double first = issue(u"old-key"_s);
    CHECK(issue(u"old-key"_s) == first); // a retry: the same answer, nothing applied twice
    setClock(DemoServer::moscow(kThursday.addDays(5), 10, 0));
    const double recent = issue(u"recent-key"_s);
    CHECK(countRows(server, u"idempotency"_s) == 2);

    // Eight days on: the first key is forgotten (its row gone), the five-day-old one is still kept.
    setClock(DemoServer::moscow(kThursday.addDays(8), 10, 0));
    REQUIRE(waitUntil([&] { return countRows(server, u"idempotency"_s) == 1; }, 5000));
    CHECK(issue(u"recent-key"_s) == recent);
    const double again = issue(u"old-key"_s);
    CHECK(again != first); // a new request now, with a new answer
    // After a restart too: what was forgotten stays forgotten, what was kept is kept.
    REQUIRE(server.restart());
    SyncClient after;
    REQUIRE(after.login(server.port(), u"admin1"_s, u"okno-demo"_s));
    CHECK(
        after.ok(u"visit.issue"_s, {{u"queueCode"_s, u"reception"_s}, {u"idempotencyKey"_s, u"recent-key"_s}})
            .value(u"visit"_s)
            .toObject()
            .value(u"id"_s)
            .toDouble() == recent);
}

TEST_CASE("a reply larger than a client may read is refused, saying so", "[security][bounds]")
{
    ServerProcess server({u"--demo"_s, u"--max-reply-kb"_s, u"2"_s});
    REQUIRE(server.start());
    SyncClient admin;
    REQUIRE(admin.login(server.port(), u"admin"_s, QString::fromLatin1(ServerProcess::kAdminPassword)));
    const auto big = admin.call(u"centre.get"_s, {{u"centreId"_s, 1}}, false); // schedule, norms, …
    REQUIRE_FALSE(big.ok());
    CHECK(big.error().code == okno::ErrorCode::InvalidArgument);
    CHECK(big.error().message.contains(u"over the 2048 bytes a reply may carry"_s));
    CHECK(admin.call(u"ping"_s, {}, false).ok()); // the connection goes on
    CHECK(server.log().contains(u"over the limit of 2048"_s));
}

TEST_CASE("the event ring keeps at most its bytes; a client further behind reloads", "[security][bounds]")
{
    ServerProcess server({u"--demo"_s, u"--event-ring-mb"_s, u"1"_s});
    server.setClock(DemoServer::moscow(kThursday, 10, 0));
    REQUIRE(server.start());
    SyncClient admin;
    REQUIRE(admin.login(server.port(), u"admin1"_s, u"okno-demo"_s));
    const qint64 firstSeq = qint64(admin.ok(u"ping"_s).value(u"lastSeq"_s).toDouble());
    // Long names make large events: 1 MiB holds a few hundred of them.
    const QString name = QString(190, u'Ж');
    for (int i = 0; i < 1500; ++i)
        admin.ok(u"visit.issue"_s, {{u"queueCode"_s, u"reception"_s}, {u"customerName"_s, name}});
    SyncClient late;
    REQUIRE(late.login(server.port(), u"manager"_s, u"okno-demo"_s));
    const QJsonObject far = late.ok(u"events.subscribe"_s, {{u"since"_s, double(firstSeq + 1)}});
    CHECK(far.value(u"snapshotRequired"_s).toBool());
    const qint64 last = qint64(far.value(u"lastSeq"_s).toDouble());
    SyncClient near;
    REQUIRE(near.login(server.port(), u"manager"_s, u"okno-demo"_s));
    const QJsonObject close = near.ok(u"events.subscribe"_s, {{u"since"_s, double(last - 100)}});
    CHECK_FALSE(close.value(u"snapshotRequired"_s).toBool());
    CHECK(close.value(u"replayed"_s).toInt() == 100);
}

TEST_CASE("a silent connection is closed as idle; a terminal's heartbeats keep it open", "[security][bounds]")
{
    ServerProcess server({u"--demo"_s, u"--idle-timeout"_s, u"5"_s});
    REQUIRE(server.start());
    RawConnection silent;
    REQUIRE(silent.open(server.port()));
    CHECK(silent.request({{u"id"_s, 1}, {u"op"_s, u"hello"_s}, {u"version"_s, 1}}).value(u"ok"_s).toBool());
    CHECK(silent
              .request({{u"id"_s, 2},
                        {u"op"_s, u"auth.login"_s},
                        {u"login"_s, u"board1"_s},
                        {u"password"_s, u"okno-demo"_s}})
              .value(u"ok"_s)
              .toBool());
    SyncClient living;
    living.client().setHeartbeatInterval(1000);
    REQUIRE(living.login(server.port(), u"manager"_s, u"okno-demo"_s));
    // The event loop turns (the living client beats) while the silent one passes its timeout.
    waitUntil([] { return false; }, 7000);
    const QJsonObject notice = silent.nextFrame(3000);
    INFO(QJsonDocument(notice).toJson().toStdString());
    CHECK(notice.value(u"error"_s).toObject().value(u"code"_s).toString() == u"unavailable"_s);
    CHECK(notice.value(u"error"_s).toObject().value(u"message"_s).toString().contains(u"idle"_s));
    CHECK(silent.waitClosed());
    waitUntil([] { return false; }, 2000); // past the timeout for the living one too
    CHECK(living.client().isReady());
    CHECK(living.call(u"ping"_s, {}, false).ok());
}

namespace {

// Logs `login` in on a raw connection, then sends `count` stats requests in one write, so that
// the server takes them all before any report can end, and returns the answers by request id.
QHash<int, QJsonObject> pipelinedReports(quint16 port, const QString &login, int count)
{
    RawConnection raw;
    REQUIRE(raw.open(port));
    REQUIRE(raw.request({{u"id"_s, 1}, {u"op"_s, u"hello"_s}, {u"version"_s, 1}}).value(u"ok"_s).toBool());
    REQUIRE(raw.request({{u"id"_s, 2},
                         {u"op"_s, u"auth.login"_s},
                         {u"login"_s, login},
                         {u"password"_s, u"okno-demo"_s}})
                .value(u"ok"_s)
                .toBool());
    QByteArray burst;
    for (int i = 0; i < count; ++i)
        burst += QJsonDocument(QJsonObject{{u"id"_s, 100 + i},
                                           {u"op"_s, u"stats"_s},
                                           {u"centreId"_s, 1},
                                           {u"from"_s, u"2026-01-01"_s},
                                           {u"to"_s, u"2026-12-31"_s}})
                     .toJson(QJsonDocument::Compact) +
                 '\n';
    raw.sendBytes(burst);
    QHash<int, QJsonObject> answers;
    while (answers.size() < count) {
        const QJsonObject f = raw.nextFrame(20000);
        REQUIRE_FALSE(f.isEmpty());
        if (f.contains(u"id"_s))
            answers.insert(f.value(u"id"_s).toInt(), f);
    }
    return answers;
}

int countBusy(const QHash<int, QJsonObject> &answers, const QString &message)
{
    int busy = 0;
    for (const QJsonObject &a : answers) {
        if (a.value(u"ok"_s).toBool()) {
            CHECK(a.value(u"result"_s).toObject().value(u"roles"_s).toArray().size() == 3);
            continue;
        }
        CHECK(a.value(u"error"_s).toObject().value(u"code"_s).toString() == u"busy"_s);
        CHECK(a.value(u"error"_s).toObject().value(u"message"_s).toString() == message);
        ++busy;
    }
    return busy;
}

} // namespace

TEST_CASE("reports past their bound are refused with busy, saying which bound; others go on",
          "[security][bounds]")
{
    SECTION("four reports in hand per account")
    {
        ServerProcess server({u"--demo"_s});
        REQUIRE(server.start());
        const auto answers = pipelinedReports(server.port(), u"manager"_s, 10);
        CHECK(countBusy(answers,
                        u"this account already has 4 reports in hand; try again when one is ready"_s) == 6);
        CHECK(answers.value(100).value(u"ok"_s).toBool()); // the first four are taken, in order
        for (int id = 101; id < 104; ++id)
            CHECK(answers.value(id).value(u"ok"_s).toBool());
        // The bound is of reports in hand, not of reports ever: once answered, the next is taken.
        SyncClient manager;
        REQUIRE(manager.login(server.port(), u"manager"_s, u"okno-demo"_s));
        for (int i = 0; i < 3; ++i)
            CHECK(manager
                      .call(u"stats"_s,
                            {{u"centreId"_s, 1}, {u"from"_s, u"2026-01-01"_s}, {u"to"_s, u"2026-12-31"_s}},
                            false)
                      .ok());
        CHECK(server.log().contains(u"stats for "_s));
        CHECK(server.log().contains(u"refused: 4 reports already in hand"_s));
    }
    SECTION("the server's bound over every account")
    {
        ServerProcess server({u"--demo"_s, u"--max-reports"_s, u"1"_s});
        REQUIRE(server.start());
        const auto answers = pipelinedReports(server.port(), u"director"_s, 3);
        CHECK(countBusy(answers,
                        u"the server already has 1 reports in hand; try again in a little while"_s) == 2);
        CHECK(answers.value(100).value(u"ok"_s).toBool());
        // An operation and a login are not reports: neither is held up or refused meanwhile.
        SyncClient admin;
        REQUIRE(admin.login(server.port(), u"admin1"_s, u"okno-demo"_s));
        CHECK(admin.call(u"ping"_s, {}, false).ok());
    }
    SECTION("a bound out of range stops the server with a clear message")
    {
        ServerProcess server({u"--demo"_s, u"--max-reports"_s, u"0"_s});
        CHECK_FALSE(server.start());
        CHECK(server.log().contains(u"--max-reports must be 1–1000"_s));
    }
}

TEST_CASE("a key sent twice at once on two connections is applied once, both answered alike",
          "[security][bounds]")
{
    ServerProcess server({u"--demo"_s});
    server.setClock(DemoServer::moscow(kThursday, 10, 0));
    REQUIRE(server.start());
    KeyedConnection a, b;
    REQUIRE(a.open(server.port()));
    REQUIRE(b.open(server.port()));
    const qint64 before = countRows(server, u"visits"_s);
    // Neither is answered before the other is sent: the second arrives while the first is looked
    // up on disk (a key not in memory) or applied.
    for (int round = 0; round < 20; ++round) {
        const QString key = u"twin-"_s + QString::number(round);
        a.send(100 + round, key);
        b.send(100 + round, key);
        const QJsonObject first = a.answer(100 + round), second = b.answer(100 + round);
        REQUIRE(first.value(u"ok"_s).toBool());
        CHECK(visitId(first) > 0);
        CHECK(first == second);
    }
    CHECK(countRows(server, u"visits"_s) == before + 20);

    // After a restart the keys are on disk only: twins at once get the stored answer, nothing new.
    a.send(200, u"twin-3"_s);
    const QJsonObject stored = a.answer(200);
    REQUIRE(server.restart());
    KeyedConnection c, d;
    REQUIRE(c.open(server.port()));
    REQUIRE(d.open(server.port()));
    c.send(300, u"twin-3"_s);
    d.send(300, u"twin-3"_s);
    const QJsonObject third = c.answer(300), fourth = d.answer(300);
    CHECK(third == stored);
    CHECK(fourth == stored);
    // The same key for other fields is refused, from disk as from memory.
    c.send(301, u"twin-5"_s, u"consult"_s);
    CHECK(c.answer(301).value(u"error"_s).toObject().value(u"code"_s).toString() == u"conflict"_s);
    CHECK(countRows(server, u"visits"_s) == before + 20);
}

TEST_CASE("idempotency answers in memory are bounded; an evicted key is answered from disk",
          "[security][bounds]")
{
    ServerProcess server({u"--demo"_s, u"--idempotency-memory-keys"_s, u"2"_s});
    server.setClock(DemoServer::moscow(kThursday, 10, 0));
    REQUIRE(server.start());
    KeyedConnection a, b;
    REQUIRE(a.open(server.port()));
    REQUIRE(b.open(server.port()));
    QList<QJsonObject> first;
    for (int i = 0; i < 10; ++i) {
        a.send(100 + i, u"bounded-"_s + QString::number(i));
        first.append(a.answer(100 + i));
        REQUIRE(first.last().value(u"ok"_s).toBool());
    }
    const qint64 visits = countRows(server, u"visits"_s);
    // Only the last two are in memory; the eight before come from disk, the same answer each,
    // also when asked twice at once.
    for (int i = 0; i < 10; ++i) {
        a.send(200 + i, u"bounded-"_s + QString::number(i));
        b.send(200 + i, u"bounded-"_s + QString::number(i));
        CHECK(a.answer(200 + i) == first[i]);
        CHECK(b.answer(200 + i) == first[i]);
    }
    b.send(300, u"bounded-0"_s, u"consult"_s);
    CHECK(b.answer(300).value(u"error"_s).toObject().value(u"code"_s).toString() == u"conflict"_s);
    CHECK(countRows(server, u"visits"_s) == visits);
}
