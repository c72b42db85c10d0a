// Bad input of every kind gets a documented error code and a clear message; the server keeps
// running and nothing already stored is lost or changed.
#include "Fixture.h"

#include <QCryptographicHash>
#include <QJsonDocument>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QUuid>

namespace {

// A digest of every stored row that matters, read straight from the database.
QByteArray storedDigest(const ServerProcess &server)
{
    StoredDatabase stored(server);
    REQUIRE(stored.isOpen());
    QCryptographicHash h(QCryptographicHash::Sha256);
    for (const QString &table :
         {u"centres"_s, u"queues"_s, u"desks"_s, u"staff"_s, u"visits"_s, u"stages"_s, u"events"_s}) {
        QSqlQuery q(stored.db());
        REQUIRE(q.exec(u"SELECT * FROM "_s % table % u" ORDER BY 1, 2"_s));
        while (q.next())
            for (int i = 0; i < q.record().count(); ++i)
                h.addData(QByteArray(q.value(i).toString().toUtf8() + '|'));
    }
    return h.result();
}

QString codeOf(const QJsonObject &response)
{
    return response.value(u"error"_s).toObject().value(u"code"_s).toString();
}

QString messageOf(const QJsonObject &response)
{
    return response.value(u"error"_s).toObject().value(u"message"_s).toString();
}

} // namespace

TEST_CASE("malformed frames, unknown ops, wrong types and wrong roles are refused clearly", "[bad-input]")
{
    DemoServer d;
    d.at(9, 0);
    auto reception = d.staff(u"admin1"_s, 1);
    const qint64 visit = visitIdOf(reception->ok(
        u"visit.issue"_s, {{u"queueCode"_s, u"consult"_s}, {u"accountNumber"_s, u"12345678"_s}}));
    auto consultant = d.staff(u"consult1"_s, 2);
    consultant->ok(u"desk.open"_s);
    const QByteArray before = storedDigest(d.server);

    RawConnection raw;
    REQUIRE(raw.open(d.server.port()));

    SECTION("framing")
    {
        raw.sendBytes("this is not json\n");
        QJsonObject r = raw.nextFrame();
        CHECK(codeOf(r) == u"bad_frame"_s);
        CHECK(r.value(u"id"_s).isNull());
        raw.sendBytes("[1,2,3]\n");
        CHECK(codeOf(raw.nextFrame()) == u"bad_frame"_s);
        raw.sendBytes("{\"id\":1,\"op\":\"hel"); // truncated …
        raw.sendBytes("\n");                     // … and ended
        CHECK(codeOf(raw.nextFrame()) == u"bad_frame"_s);
        raw.sendBytes("\xff\xfe{}\n");
        CHECK(codeOf(raw.nextFrame()) == u"bad_frame"_s);
        // An oversized frame: 200 KiB without a newline, then the newline.
        raw.sendBytes(QByteArray("{\"id\":2,\"op\":\"hello\",\"pad\":\"") + QByteArray(200 * 1024, 'x') +
                      "\"}\n");
        r = raw.nextFrame();
        CHECK(codeOf(r) == u"bad_frame"_s);
        CHECK(messageOf(r).contains(u"65536"_s));
        // The connection still works after all that.
        r = raw.request({{u"id"_s, 3}, {u"op"_s, u"hello"_s}, {u"version"_s, 1}});
        CHECK(r.value(u"ok"_s).toBool());
    }

    SECTION("requests before hello and login, unknown ops, bad ids")
    {
        QJsonObject r = raw.request({{u"id"_s, 1}, {u"op"_s, u"status"_s}});
        CHECK(codeOf(r) == u"bad_request"_s);
        CHECK(messageOf(r).contains(u"hello"_s));
        r = raw.request({{u"id"_s, 2}, {u"op"_s, u"hello"_s}, {u"version"_s, 99}});
        CHECK(codeOf(r) == u"unsupported_version"_s);
        r = raw.request({{u"id"_s, 3}, {u"op"_s, u"hello"_s}, {u"version"_s, 1}});
        REQUIRE(r.value(u"ok"_s).toBool());
        r = raw.request({{u"id"_s, 4}, {u"op"_s, u"status"_s}, {u"centreId"_s, 1}});
        CHECK(codeOf(r) == u"auth_required"_s);
        r = raw.request({{u"id"_s, 5}, {u"op"_s, u"visit.teleport"_s}});
        CHECK(codeOf(r) == u"unknown_operation"_s);
        CHECK(r.value(u"id"_s).toInt() == 5);
        r = raw.request({{u"id"_s, u"seven"_s}, {u"op"_s, u"ping"_s}});
        CHECK(codeOf(r) == u"bad_request"_s);
        CHECK(r.value(u"id"_s).isNull());
        r = raw.request({{u"id"_s, 6}});
        CHECK(codeOf(r) == u"bad_request"_s);
        // Wrong password: auth_failed, after a pause.
        r = raw.request({{u"id"_s, 7},
                         {u"op"_s, u"auth.login"_s},
                         {u"login"_s, u"admin1"_s},
                         {u"password"_s, u"guess"_s}});
        CHECK(codeOf(r) == u"auth_failed"_s);
        r = raw.request({{u"id"_s, 8},
                         {u"op"_s, u"auth.login"_s},
                         {u"login"_s, u"nobody"_s},
                         {u"password"_s, u"guess"_s}});
        CHECK(codeOf(r) == u"auth_failed"_s);
        r = raw.request(
            {{u"id"_s, 9}, {u"op"_s, u"auth.login"_s}, {u"login"_s, 42}, {u"password"_s, u"guess"_s}});
        CHECK(codeOf(r) == u"bad_request"_s);
        CHECK(messageOf(r).contains(u"login"_s));
    }

    SECTION("fields of the wrong type, missing, out of range; illegal transitions; wrong roles")
    {
        raw.request({{u"id"_s, 1}, {u"op"_s, u"hello"_s}, {u"version"_s, 1}});
        QJsonObject r = raw.request({{u"id"_s, 2},
                                     {u"op"_s, u"auth.login"_s},
                                     {u"login"_s, u"consult1"_s},
                                     {u"password"_s, u"okno-demo"_s},
                                     {u"deskNumber"_s, 2}});
        REQUIRE(r.value(u"ok"_s).toBool());
        r = raw.request({{u"id"_s, 3}, {u"op"_s, u"visit.start"_s}, {u"visitId"_s, u"12"_s}});
        CHECK(codeOf(r) == u"bad_request"_s);
        CHECK(messageOf(r).contains(u"visitId"_s));
        r = raw.request({{u"id"_s, 4}, {u"op"_s, u"visit.start"_s}, {u"visitId"_s, 1.5}});
        CHECK(codeOf(r) == u"bad_request"_s);
        r = raw.request({{u"id"_s, 5}, {u"op"_s, u"visit.start"_s}});
        CHECK(codeOf(r) == u"bad_request"_s);
        CHECK(messageOf(r).contains(u"required"_s));
        r = raw.request({{u"id"_s, 6}, {u"op"_s, u"visit.start"_s}, {u"visitId"_s, -4}});
        CHECK(codeOf(r) == u"invalid_argument"_s);
        r = raw.request({{u"id"_s, 9}, {u"op"_s, u"visit.start"_s}, {u"visitId"_s, 999999}});
        CHECK(codeOf(r) == u"not_found"_s);
        r = raw.request({{u"id"_s, 10}, {u"op"_s, u"visit.finish"_s}, {u"visitId"_s, double(visit)}});
        CHECK(codeOf(r) == u"invalid_transition"_s);
        CHECK(messageOf(r).contains(u"К-001"_s));
        r = raw.request({{u"id"_s, 11},
                         {u"op"_s, u"norms.set"_s},
                         {u"centreId"_s, 1},
                         {u"role"_s, u"cashier"_s},
                         {u"waitMinutes"_s, 1},
                         {u"serviceMinutes"_s, 1}});
        CHECK(codeOf(r) == u"forbidden"_s);
        r = raw.request({{u"id"_s, 12}, {u"op"_s, u"visit.issue"_s}, {u"queueCode"_s, u"consult"_s}});
        CHECK(codeOf(r) == u"forbidden"_s);
        r = raw.request({{u"id"_s, 13}, {u"op"_s, u"desk.open"_s}, {u"deskId"_s, 4}});
        CHECK(codeOf(r) == u"invalid_transition"_s); // this session works at desk 2
    }

    SECTION("bad registration data")
    {
        auto r = reception->call(u"visit.issue"_s,
                                 {{u"queueCode"_s, u"consult"_s}, {u"accountNumber"_s, u"12ab"_s}});
        CHECK(errorCode(r) == u"invalid_argument"_s);
        CHECK(r.error().message.contains(u"account"_s));
        r = reception->call(u"visit.issue"_s, {{u"queueCode"_s, u"consult"_s}, {u"priority"_s, u"vip"_s}});
        CHECK(errorCode(r) == u"invalid_argument"_s);
        r = reception->call(u"visit.issue"_s, {{u"queueCode"_s, u"nowhere"_s}});
        CHECK(errorCode(r) == u"not_found"_s);
        r = reception->call(u"visit.issue"_s,
                            {{u"queueCode"_s, u"consult"_s}, {u"customerName"_s, QString(600, u'я')}});
        CHECK(errorCode(r) == u"invalid_argument"_s);
        r = reception->call(u"visit.issue"_s,
                            {{u"queueCode"_s, u"consult"_s}, {u"purpose"_s, u"line\nbreak"_s}});
        CHECK(!r.ok());
    }

    // In every case the server is still up, and the stored data is exactly as before.
    CHECK(d.server.isRunning());
    auto again = d.staff(u"manager"_s);
    CHECK(again->ok(u"status"_s, {{u"centreId"_s, 1}}).value(u"visits"_s).toArray().size() == 1);
    CHECK(storedDigest(d.server) == before);
}

TEST_CASE("a connection that floods the server is cut off, and others are unaffected", "[bad-input]")
{
    DemoServer d;
    RawConnection raw;
    REQUIRE(raw.open(d.server.port()));
    raw.request({{u"id"_s, 1}, {u"op"_s, u"hello"_s}, {u"version"_s, 1}});
    // Five wrong passwords close the connection (five logins, so that no login's own count —
    // delays after three failures — answers first).
    for (int i = 0; i < 5; ++i)
        CHECK(codeOf(raw.request({{u"id"_s, 2 + i},
                                  {u"op"_s, u"auth.login"_s},
                                  {u"login"_s, QString(u"guess"_s + QString::number(i))},
                                  {u"password"_s, u"wrong-password"_s}})) == u"auth_failed"_s);
    CHECK(codeOf(raw.request({{u"id"_s, 9},
                              {u"op"_s, u"auth.login"_s},
                              {u"login"_s, u"admin1"_s},
                              {u"password"_s, u"okno-demo"_s}})) == u"auth_failed"_s);
    CHECK(raw.waitClosed());
    // Megabytes of garbage without a newline do not grow the server's memory or stop it.
    RawConnection flood;
    REQUIRE(flood.open(d.server.port()));
    for (int i = 0; i < 64; ++i)
        flood.sendBytes(QByteArray(64 * 1024, 'z'));
    flood.sendBytes("\n");
    CHECK(codeOf(flood.nextFrame()) == u"bad_frame"_s);
    auto fine = d.staff(u"admin1"_s, 1);
    CHECK(fine->call(u"ping"_s, {}, false).ok());
}
