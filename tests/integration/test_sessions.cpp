// Personal data never reaches the hall devices; sessions end when their account changes; an
// idempotency key belongs to one request; administration is stored whatever the caller's
// connection does. All against the real server, reading the raw frames a client receives.
#include "Fixture.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QUuid>

namespace {

// A raw session: every frame the server sends it is kept, so nothing can hide in a field the
// client library would not show.
struct RawSession
{
    RawConnection raw;
    QList<QJsonObject> frames;
    int nextId = 1;

    bool open(quint16 port, const QString &login, const QString &password)
    {
        if (!raw.open(port))
            return false;
        if (!request(u"hello"_s, {{u"version"_s, 1}}).value(u"ok"_s).toBool())
            return false;
        return request(u"auth.login"_s, {{u"login"_s, login}, {u"password"_s, password}})
            .value(u"ok"_s)
            .toBool();
    }
    // Sends a request and returns its response; events that arrive meanwhile are kept too.
    QJsonObject request(const QString &op, QJsonObject body = {})
    {
        const int id = nextId++;
        body.insert(u"id"_s, id);
        body.insert(u"op"_s, op);
        raw.sendJson(body);
        for (int i = 0; i < 200; ++i) {
            const QJsonObject f = raw.nextFrame();
            if (f.isEmpty())
                return {};
            frames.append(f);
            if (f.value(u"id"_s).toInt() == id)
                return f;
        }
        return {};
    }
    void drain(int ms)
    {
        for (;;) {
            const QJsonObject f = raw.nextFrame(ms);
            if (f.isEmpty())
                return;
            frames.append(f);
        }
    }
    QString everything() const
    {
        QString all;
        for (const QJsonObject &f : frames)
            all += QString::fromUtf8(QJsonDocument(f).toJson(QJsonDocument::Compact)) + u'\n';
        return all;
    }
};

} // namespace

TEST_CASE("personal data never reaches the hall board or the kiosk", "[security][canary]")
{
    DemoServer demo;
    demo.at(9, 0);
    RawSession board, kiosk;
    REQUIRE(board.open(demo.server.port(), u"board1"_s, u"okno-demo"_s));
    REQUIRE(kiosk.open(demo.server.port(), u"kiosk1"_s, u"okno-demo"_s));
    REQUIRE(board.request(u"events.subscribe"_s).value(u"ok"_s).toBool());
    REQUIRE(kiosk.request(u"events.subscribe"_s).value(u"ok"_s).toBool());

    // A distinctive value in every personal field of a scripted day.
    const QString name = u"Канареечкина Зинаида"_s;
    const QString account = u"7770001112"_s;
    const QString purpose = u"ПРИЧИНА-канарейка"_s;
    const QString note = u"ЗАМЕТКА-канарейка"_s;
    const QString meter = u"MTR-730155"_s;
    const QString appeal = u"ОБРАЩЕНИЕ-4242"_s;
    const qint64 amount = 7373737;
    const QStringList canaries{name,   u"Канареечкина"_s,       account,       purpose,       note, meter,
                               appeal, QString::number(amount), u"73737,37"_s, u"73 737,37"_s};

    auto reception = demo.staff(u"admin1"_s, 1);
    auto consultant = demo.staff(u"consult1"_s, 2);
    auto cashier = demo.staff(u"cashier1"_s, 4);
    reception->ok(u"desk.open"_s);
    consultant->ok(u"desk.open"_s);
    cashier->ok(u"desk.open"_s);
    cashier->ok(u"shift.open"_s);
    for (int i = 0; i < 3; ++i) {
        const QJsonObject issued = reception->ok(u"visit.issue"_s, {{u"queueCode"_s, u"reception"_s},
                                                                    {u"customerName"_s, name},
                                                                    {u"accountNumber"_s, account},
                                                                    {u"purpose"_s, purpose},
                                                                    {u"priority"_s, u"veteran"_s}});
        const double id = double(visitIdOf(issued));
        reception->ok(u"visit.callNext"_s);
        reception->ok(u"visit.start"_s, {{u"visitId"_s, id}});
        reception->ok(u"visit.route"_s,
                      {{u"visitId"_s, id}, {u"queueCode"_s, u"consult"_s}, {u"note"_s, note}});
        consultant->ok(u"visit.callNext"_s);
        consultant->ok(u"visit.start"_s, {{u"visitId"_s, id}});
        consultant->ok(u"consultation.save"_s,
                       {{u"visitId"_s, id},
                        {u"consultation"_s,
                         QJsonObject{{u"accountNumber"_s, account},
                                     {u"consumerGroup"_s, u"household"_s},
                                     {u"topic"_s, u"meter_readings"_s},
                                     {u"notes"_s, note},
                                     {u"outcome"_s, u"appeal_registered"_s},
                                     {u"appealNumber"_s, appeal},
                                     {u"readings"_s, QJsonArray{QJsonObject{{u"meterNumber"_s, meter},
                                                                            {u"dayValue"_s, 73737}}}}}}});
        consultant->ok(u"visit.route"_s,
                       {{u"visitId"_s, id}, {u"queueCode"_s, u"cash"_s}, {u"note"_s, note}});
        cashier->ok(u"visit.callNext"_s);
        cashier->ok(u"visit.start"_s, {{u"visitId"_s, id}});
        const QJsonObject paid = cashier->ok(u"payment.record"_s, {{u"visitId"_s, id},
                                                                   {u"accountNumber"_s, account},
                                                                   {u"amountKopecks"_s, double(amount)},
                                                                   {u"purpose"_s, purpose},
                                                                   {u"method"_s, u"cash"_s},
                                                                   {u"tenderedKopecks"_s, double(amount)}});
        cashier->ok(u"payment.reverse"_s,
                    {{u"paymentId"_s, paid.value(u"payment"_s).toObject().value(u"id"_s)},
                     {u"reason"_s, note},
                     {u"managerLogin"_s, u"manager"_s},
                     {u"managerPassword"_s, u"okno-demo"_s}});
        cashier->ok(u"visit.finish"_s, {{u"visitId"_s, id}});
        // The devices ask for what they may: status, the visit, the centre.
        for (RawSession *device : {&board, &kiosk}) {
            REQUIRE(device->request(u"status"_s, {{u"centreId"_s, 1}}).value(u"ok"_s).toBool());
            device->request(u"visit.get"_s, {{u"visitId"_s, id}});
        }
    }
    // A waiting one, cancelled with a reason, postponed with a reason.
    const double waiting = double(visitIdOf(reception->ok(u"visit.issue"_s, {{u"queueCode"_s, u"consult"_s},
                                                                             {u"customerName"_s, name},
                                                                             {u"accountNumber"_s, account},
                                                                             {u"purpose"_s, purpose}})));
    reception->ok(u"visit.postpone"_s, {{u"visitId"_s, waiting}, {u"reason"_s, note}});
    reception->ok(u"visit.cancel"_s, {{u"visitId"_s, waiting}, {u"reason"_s, note}});
    // The kiosk's own ticket with a purpose and a name it was (wrongly) given.
    kiosk.request(u"visit.issue"_s,
                  {{u"queueCode"_s, u"consult"_s}, {u"customerName"_s, name}, {u"purpose"_s, purpose}});
    board.drain(500);
    kiosk.drain(500);

    // The devices did hear the day (so the scan below scans something).
    const QString boardSaw = board.everything();
    const QString kioskSaw = kiosk.everything();
    CHECK(boardSaw.count(u"visit.called"_s) >= 9);
    CHECK(kioskSaw.count(u"visit.called"_s) >= 9);
    for (const QString &canary : canaries) {
        INFO(canary.toStdString());
        CHECK(boardSaw.count(canary) == 0);
        CHECK(kioskSaw.count(canary) == 0);
    }
    CHECK_FALSE(boardSaw.contains(u"payment."_s));
    CHECK_FALSE(boardSaw.contains(u"consultation."_s));
    // The staff, by contrast, see it all: the canaries are where they should be.
    CHECK(QString::fromUtf8(QJsonDocument(reception->ok(u"visit.get"_s, {{u"visitId"_s, waiting}})).toJson())
              .contains(name));
}

TEST_CASE("a session ends when its account is deactivated, demoted or re-passworded",
          "[security][revocation]")
{
    DemoServer demo;
    demo.at(9, 0);
    const auto idOf = [&](const QString &login) {
        for (const auto &s : demo.admin->ok(u"staff.list"_s).value(u"staff"_s).toArray())
            if (s.toObject().value(u"login"_s).toString() == login)
                return s.toObject();
        return QJsonObject();
    };
    struct Change
    {
        QString login;
        QString reason;
        std::function<void(QJsonObject)> apply;
    };
    const QList<Change> changes{
        {u"consult1"_s, u"deactivated"_s,
         [&](QJsonObject s) {
             s.insert(u"active"_s, false);
             demo.admin->ok(u"staff.put"_s, {{u"staff"_s, s}});
         }},
        {u"consult2"_s, u"role_changed"_s,
         [&](QJsonObject s) {
             s.insert(u"role"_s, u"cashier"_s);
             demo.admin->ok(u"staff.put"_s, {{u"staff"_s, s}});
         }},
        {u"cashier1"_s, u"password_changed"_s,
         [&](QJsonObject s) {
             demo.admin->ok(u"staff.setPassword"_s,
                            {{u"staffId"_s, s.value(u"id"_s)}, {u"password"_s, u"Another-pass-2026"_s}});
         }},
    };
    for (const Change &change : changes) {
        INFO(change.login.toStdString());
        RawSession victim;
        REQUIRE(victim.open(demo.server.port(), change.login, u"okno-demo"_s));
        REQUIRE(victim.request(u"ping"_s).value(u"ok"_s).toBool());
        QElapsedTimer t;
        t.start();
        change.apply(idOf(change.login));
        // The session is told why, and then the connection closes: within a second.
        const QJsonObject notice = victim.raw.nextFrame(1000);
        CHECK(notice.value(u"event"_s).toString() == u"session.revoked"_s);
        CHECK(notice.value(u"data"_s).toObject().value(u"reason"_s).toString() == change.reason);
        CHECK(victim.raw.waitClosed(1000));
        CHECK(t.elapsed() < 1500);
    }
    // The old password no longer opens a session; the deactivated account none at all.
    RawSession again;
    CHECK_FALSE(again.open(demo.server.port(), u"cashier1"_s, u"okno-demo"_s));
    RawSession gone;
    CHECK_FALSE(gone.open(demo.server.port(), u"consult1"_s, u"okno-demo"_s));
    RawSession renewed;
    CHECK(renewed.open(demo.server.port(), u"cashier1"_s, u"Another-pass-2026"_s));
}

TEST_CASE("an idempotency key belongs to one request", "[security][idempotency]")
{
    DemoServer demo;
    demo.at(9, 0);
    RawSession admin1;
    REQUIRE(admin1.open(demo.server.port(), u"admin1"_s, u"okno-demo"_s));

    SECTION("a key used for visit.issue does not cancel anything")
    {
        const QJsonObject issued = admin1.request(
            u"visit.issue"_s, {{u"queueCode"_s, u"consult"_s}, {u"idempotencyKey"_s, u"k-1"_s}});
        REQUIRE(issued.value(u"ok"_s).toBool());
        const double id =
            issued.value(u"result"_s).toObject().value(u"visit"_s).toObject().value(u"id"_s).toDouble();
        const QJsonObject cancel =
            admin1.request(u"visit.cancel"_s, {{u"visitId"_s, id}, {u"idempotencyKey"_s, u"k-1"_s}});
        CHECK_FALSE(cancel.value(u"ok"_s).toBool());
        CHECK(cancel.value(u"error"_s).toObject().value(u"code"_s).toString() == u"conflict"_s);
        // The same request again is answered as the first time.
        const QJsonObject repeat = admin1.request(
            u"visit.issue"_s, {{u"queueCode"_s, u"consult"_s}, {u"idempotencyKey"_s, u"k-1"_s}});
        CHECK(repeat.value(u"result"_s) == issued.value(u"result"_s));
        const QJsonObject v = demo.admin->ok(u"visit.get"_s, {{u"visitId"_s, id}});
        CHECK(lastStage(v).value(u"state"_s).toString() == u"waiting"_s);
        // …also after a restart, when the answer comes from the database.
        REQUIRE(demo.server.restart());
        RawSession after;
        REQUIRE(after.open(demo.server.port(), u"admin1"_s, u"okno-demo"_s));
        const QJsonObject cancel2 =
            after.request(u"visit.cancel"_s, {{u"visitId"_s, id}, {u"idempotencyKey"_s, u"k-1"_s}});
        CHECK(cancel2.value(u"error"_s).toObject().value(u"code"_s).toString() == u"conflict"_s);
    }

    SECTION("a payment's key reused with another amount is refused")
    {
        RawSession cashier;
        REQUIRE(cashier.open(demo.server.port(), u"cashier1"_s, u"okno-demo"_s));
        REQUIRE(cashier.request(u"desk.open"_s, {{u"deskId"_s, 4}}).value(u"ok"_s).toBool());
        REQUIRE(cashier.request(u"shift.open"_s).value(u"ok"_s).toBool());
        const auto pay = [&](int kopecks) {
            return cashier.request(u"payment.record"_s, {{u"accountNumber"_s, u"1234567890"_s},
                                                         {u"amountKopecks"_s, kopecks},
                                                         {u"purpose"_s, u"оплата"_s},
                                                         {u"method"_s, u"card"_s},
                                                         {u"idempotencyKey"_s, u"pay-1"_s}});
        };
        CHECK(pay(10000).value(u"ok"_s).toBool());
        const QJsonObject other = pay(99900);
        CHECK(other.value(u"error"_s).toObject().value(u"code"_s).toString() == u"conflict"_s);
        CHECK(pay(10000).value(u"ok"_s).toBool());
    }

    SECTION("twins of a request in flight wait for it instead of racing it")
    {
        // Two pipelined password changes with one key: the first version of the server stopped.
        RawSession self;
        REQUIRE(self.open(demo.server.port(), u"consult1"_s, u"okno-demo"_s));
        const QJsonObject req{{u"op"_s, u"staff.setPassword"_s},
                              {u"password"_s, u"New-pass-2026-x"_s},
                              {u"oldPassword"_s, u"okno-demo"_s},
                              {u"idempotencyKey"_s, u"pw-1"_s}};
        QJsonObject a = req, b = req;
        a.insert(u"id"_s, 101);
        b.insert(u"id"_s, 102);
        self.raw.sendJson(a);
        self.raw.sendJson(b);
        const QJsonObject r1 = self.raw.nextFrame(10000);
        const QJsonObject r2 = self.raw.nextFrame(10000);
        CHECK(r1.value(u"ok"_s).toBool());
        CHECK(r2.value(u"ok"_s).toBool());
        CHECK(demo.server.isRunning());
        CHECK(demo.admin->call(u"ping"_s, {}, false));
        RawSession renewed;
        CHECK(renewed.open(demo.server.port(), u"consult1"_s, u"New-pass-2026-x"_s));
    }
}

TEST_CASE("an account change is stored even when the administrator's connection drops",
          "[security][durability]")
{
    DemoServer demo;
    demo.at(9, 0);
    QJsonObject consult;
    for (const auto &s : demo.admin->ok(u"staff.list"_s).value(u"staff"_s).toArray())
        if (s.toObject().value(u"login"_s).toString() == u"consult2"_s)
            consult = s.toObject();
    consult.insert(u"active"_s, false);
    {
        RawConnection raw;
        REQUIRE(raw.open(demo.server.port()));
        raw.sendJson({{u"id"_s, 1}, {u"op"_s, u"hello"_s}, {u"version"_s, 1}});
        raw.nextFrame();
        raw.sendJson({{u"id"_s, 2},
                      {u"op"_s, u"auth.login"_s},
                      {u"login"_s, u"admin"_s},
                      {u"password"_s, QString::fromLatin1(ServerProcess::kAdminPassword)}});
        REQUIRE(raw.nextFrame(10000).value(u"ok"_s).toBool());
        // A new password is hashed on a worker thread; the administrator leaves meanwhile.
        raw.sendJson({{u"id"_s, 3},
                      {u"op"_s, u"staff.put"_s},
                      {u"staff"_s, consult},
                      {u"password"_s, u"Rotated-pass-2026"_s}});
    } // the connection closes here
    waitUntil([] { return false; }, 1500);
    demo.server.stop();
    REQUIRE(demo.server.restart());
    SyncClient admin;
    REQUIRE(admin.login(demo.server.port(), u"admin"_s, QString::fromLatin1(ServerProcess::kAdminPassword)));
    bool active = true;
    for (const auto &s : admin.ok(u"staff.list"_s).value(u"staff"_s).toArray())
        if (s.toObject().value(u"login"_s).toString() == u"consult2"_s)
            active = s.toObject().value(u"active"_s).toBool();
    CHECK_FALSE(active);
}
