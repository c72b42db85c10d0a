// Retention (docs/retention.md) through the real server and a real SQLite file: visits older than
// the period lose every personal field — in visits, stages, consultations, meter readings,
// payments and the event log — down to the last byte of the file and its WAL, while recent ones
// keep theirs and the dashboard's figures of every period stay what they were, even when the
// read model is rebuilt from the anonymised rows. A dry run changes nothing.
#include "Fixture.h"

#include <history/HistoryGenerator.h>

#include <QCryptographicHash>
#include <QFile>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QUuid>

namespace {

// The old visits are served on a day before the generated history; "now" is 400 days after the
// cut-off, which falls inside the history, so visits after it look back at erased ones.
const QDate kOldDay(2024, 1, 10);
const QDate kHistoryFrom(2024, 1, 15);
const QDate kHistoryTo(2024, 3, 29);
const QDate kNowDay(2025, 3, 26); // − 400 days = 2024-02-20
constexpr int kDays = 400;

// One distinct string for every personal field of one visit (letters and digits only where the
// field takes no more).
struct Canaries
{
    QString name, account, purpose, routeNote, memo, meter, appeal, payPurpose, payAccount, reason;

    explicit Canaries(const QString &tag, int digits)
        : name(u"Kanareykin %1 Quxname"_s.arg(tag))
        , account(u"7731"_s + QString::number(digits) + u"0555193"_s + QString::number(digits))
        , purpose(u"%1-visit-purpose-quxcanary"_s.arg(tag))
        , routeNote(u"%1-route-note-quxcanary"_s.arg(tag))
        , memo(u"%1 consultation memo quxcanary, Ленина 5"_s.arg(tag))
        , meter(u"QXM%1METER"_s.arg(tag.toUpper()))
        , appeal(u"QXAPPEAL-%1"_s.arg(tag))
        , payPurpose(u"%1 payment purpose quxcanary"_s.arg(tag))
        , payAccount(u"8842"_s + QString::number(digits) + u"0666284"_s + QString::number(digits))
        , reason(u"%1 reversal reason quxcanary"_s.arg(tag))
    {}
    QStringList all() const
    {
        return {name, account, purpose, routeNote, memo, meter, appeal, payPurpose, payAccount, reason};
    }
};

QDateTime moscow(const QDate &d, int h, int m)
{
    return DemoServer::moscow(d, h, m);
}

struct RetentionServer
{
    ServerProcess server{{u"--demo"_s, u"--retention-days"_s, QString::number(kDays), u"--retention-batch"_s,
                          u"50"_s, u"--no-retention-schedule"_s}};
    std::unique_ptr<SyncClient> admin;

    bool start()
    {
        if (!server.isRunning() && !server.start())
            return false;
        admin = std::make_unique<SyncClient>();
        return admin->login(server.port(), u"admin"_s, QString::fromLatin1(ServerProcess::kAdminPassword));
    }
    void setTime(const QDateTime &t)
    {
        admin->ok(u"clock.set"_s, {{u"at"_s, t.toUTC().toString(Qt::ISODateWithMs)}});
        server.setClock(t);
    }
    std::unique_ptr<SyncClient> staff(const QString &login, int desk = 0)
    {
        auto c = std::make_unique<SyncClient>();
        INFO("login " << login.toStdString() << ": " << c->loginError().toStdString());
        REQUIRE(c->login(server.port(), login, u"okno-demo"_s, desk));
        return c;
    }
};

// A visit through reception, a consultant (ticket with memo, reading and appeal) and the cash
// desk (a payment for it, reversed, and one without a visit), every personal field a canary.
void serveVisit(RetentionServer &s, const Canaries &c)
{
    auto reception = s.staff(u"admin1"_s, 1);
    auto consultant = s.staff(u"consult1"_s, 2);
    auto cashier = s.staff(u"cashier1"_s, 4);
    consultant->ok(u"desk.open"_s);
    cashier->ok(u"desk.open"_s);
    cashier->ok(u"shift.open"_s);
    const qint64 id = visitIdOf(reception->ok(u"visit.issue"_s, {{u"queueCode"_s, u"consult"_s},
                                                                 {u"customerName"_s, c.name},
                                                                 {u"purpose"_s, c.purpose},
                                                                 {u"accountNumber"_s, c.account}}));
    consultant->ok(u"visit.callNext"_s);
    consultant->ok(u"visit.start"_s, {{u"visitId"_s, double(id)}});
    consultant->ok(u"consultation.save"_s,
                   {{u"visitId"_s, double(id)},
                    {u"consultation"_s,
                     QJsonObject{{u"accountNumber"_s, c.account},
                                 {u"consumerGroup"_s, u"household"_s},
                                 {u"topic"_s, u"meter_readings"_s},
                                 {u"notes"_s, c.memo},
                                 {u"outcome"_s, u"resolved"_s},
                                 {u"appealNumber"_s, c.appeal},
                                 {u"readings"_s, QJsonArray{QJsonObject{{u"meterNumber"_s, c.meter},
                                                                        {u"dayValue"_s, 10234},
                                                                        {u"nightValue"_s, 4021}}}}}}});
    consultant->ok(u"visit.route"_s,
                   {{u"visitId"_s, double(id)}, {u"queueCode"_s, u"cash"_s}, {u"note"_s, c.routeNote}});
    cashier->ok(u"visit.callNext"_s);
    cashier->ok(u"visit.start"_s, {{u"visitId"_s, double(id)}});
    const QJsonObject paid =
        cashier->ok(u"payment.record"_s, {{u"idempotencyKey"_s, QUuid::createUuid().toString()},
                                          {u"accountNumber"_s, c.payAccount},
                                          {u"amountKopecks"_s, 1500'00},
                                          {u"purpose"_s, c.payPurpose},
                                          {u"method"_s, u"card"_s},
                                          {u"visitId"_s, double(id)}});
    cashier->ok(u"payment.reverse"_s, {{u"idempotencyKey"_s, QUuid::createUuid().toString()},
                                       {u"paymentId"_s, paid.value(u"payment"_s).toObject().value(u"id"_s)},
                                       {u"reason"_s, c.reason},
                                       {u"managerLogin"_s, u"manager"_s},
                                       {u"managerPassword"_s, u"okno-demo"_s}});
    cashier->ok(u"payment.record"_s, {{u"idempotencyKey"_s, QUuid::createUuid().toString()},
                                      {u"accountNumber"_s, c.payAccount},
                                      {u"amountKopecks"_s, 320'45},
                                      {u"purpose"_s, c.payPurpose},
                                      {u"method"_s, u"cash"_s},
                                      {u"tenderedKopecks"_s, 500'00}});
    cashier->ok(u"visit.finish"_s, {{u"visitId"_s, double(id)}});
    cashier->ok(u"shift.close"_s);
    cashier->ok(u"desk.close"_s);
    consultant->ok(u"desk.close"_s);
}

// The database file and its WAL, as they are on disk.
QByteArray fileBytes(const ServerProcess &server)
{
    QByteArray all;
    for (const QString &suffix : {u""_s, u"-wal"_s}) {
        QFile f(server.databasePath() + suffix);
        if (f.open(QIODevice::ReadOnly))
            all += f.readAll();
    }
    return all;
}

// Where `text` survives in `bytes`, as UTF-8 or UTF-16 (either byte order).
bool survives(const QByteArray &bytes, const QString &text)
{
    const QByteArray utf16(reinterpret_cast<const char *>(text.utf16()), text.size() * 2);
    QByteArray utf16be;
    for (qsizetype i = 0; i + 1 < utf16.size(); i += 2)
        utf16be.append(utf16[i + 1]).append(utf16[i]);
    return bytes.contains(text.toUtf8()) || bytes.contains(utf16) || bytes.contains(utf16be);
}

QStringList surviving(const QByteArray &bytes, const QStringList &texts)
{
    QStringList found;
    for (const QString &t : texts)
        if (survives(bytes, t))
            found.append(t);
    return found;
}

// The dashboard over every centre, for the periods that matter: the old day, the history before
// and after the cut-off (repeat visits within 30 and 366 days), and everything.
QJsonObject figures(SyncClient &director)
{
    QJsonObject all;
    const std::tuple<QDate, QDate, int> periods[] = {
        {kOldDay, kOldDay, 30},
        {kOldDay, QDate(2024, 2, 19), 30},
        {QDate(2024, 2, 20), kHistoryTo, 30},
        {QDate(2024, 2, 20), kHistoryTo, 365},
        {kOldDay, kNowDay, 365},
    };
    for (const auto &[from, to, window] : periods)
        all.insert(u"%1..%2/%3"_s.arg(from.toString(Qt::ISODate), to.toString(Qt::ISODate)).arg(window),
                   director.ok(u"dashboard"_s, {{u"from"_s, from.toString(Qt::ISODate)},
                                                {u"to"_s, to.toString(Qt::ISODate)},
                                                {u"repeatWindowDays"_s, window}}));
    return all;
}

// The personal columns of every table, as a digest: a dry run must leave it as it was.
QByteArray personalColumns(const QString &path)
{
    const QString name = QUuid::createUuid().toString();
    QByteArray digest;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
        db.setDatabaseName(path);
        db.setConnectOptions(u"QSQLITE_OPEN_READONLY"_s);
        REQUIRE(db.open());
        QCryptographicHash hash(QCryptographicHash::Sha256);
        for (const QString &sql :
             {u"SELECT id, customer_name, account_number, purpose FROM visits ORDER BY id"_s,
              u"SELECT visit_id, idx, note FROM stages ORDER BY visit_id, idx"_s,
              u"SELECT visit_id, account_number, notes, appeal_number FROM consultations ORDER BY visit_id"_s,
              u"SELECT visit_id, position, meter_number FROM meter_readings ORDER BY visit_id, position"_s,
              u"SELECT id, account_number, purpose, reason FROM payments ORDER BY id"_s,
              u"SELECT seq, payload FROM events ORDER BY seq"_s, u"SELECT COUNT(*) FROM visit_repeat_facts"_s,
              u"SELECT key, value FROM settings WHERE key LIKE 'retention.%' ORDER BY key"_s}) {
            QSqlQuery q(db);
            REQUIRE(q.exec(sql));
            while (q.next())
                for (int i = 0; i < q.record().count(); ++i)
                    hash.addData(q.value(i).toString().toUtf8().append('\x1f'));
        }
        digest = hash.result();
    }
    QSqlDatabase::removeDatabase(name);
    return digest;
}

void execSql(const QString &path, const QString &sql)
{
    const QString name = QUuid::createUuid().toString();
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
        db.setDatabaseName(path);
        REQUIRE(db.open());
        QSqlQuery q(db);
        REQUIRE(q.exec(sql));
    }
    QSqlDatabase::removeDatabase(name);
}

} // namespace

TEST_CASE("retention erases old visitors' personal data to the last byte and keeps the figures",
          "[retention][sqlite]")
{
    RetentionServer s;
    s.server.setClock(moscow(kOldDay, 9, 0));
    INFO(s.server.log().toStdString());
    REQUIRE(s.start());
    const Canaries old(u"old"_s, 1), old2(u"older"_s, 2), recent(u"recent"_s, 3);
    s.setTime(moscow(kOldDay, 9, 30));
    serveVisit(s, old);
    s.setTime(moscow(kOldDay, 11, 0));
    serveVisit(s, old2);
    s.server.stop();

    // Weeks of realistic visits on both sides of the cut-off, follow-ups included, in the same file.
    okno::HistoryOptions history;
    history.database.path = s.server.databasePath();
    history.centres = 2;
    history.from = kHistoryFrom;
    history.to = kHistoryTo;
    history.visitsPerDay = 30;
    const auto made = okno::generateHistory(history);
    INFO((made ? QString() : made.error().message).toStdString());
    REQUIRE(made);

    s.server.setClock(moscow(kNowDay, 9, 0));
    REQUIRE(s.start());
    s.setTime(moscow(kNowDay, 10, 0));
    serveVisit(s, recent);
    auto director = s.staff(u"director"_s);

    // Before: every canary is in the file, and the figures are what they are.
    {
        const QByteArray bytes = fileBytes(s.server);
        for (const Canaries *c : {&old, &old2, &recent})
            CHECK(surviving(bytes, c->all()) == c->all());
    }
    const QJsonObject before = figures(*director);
    CHECK(before.value(u"2024-02-20..2024-03-29/365"_s)
              .toObject()
              .value(u"quality"_s)
              .toObject()
              .value(u"repeatVisits"_s)
              .toInt() > 0);

    // Only a system administrator runs it.
    CHECK(errorCode(director->call(u"retention.run"_s, {{u"dryRun"_s, true}})) == u"forbidden"_s);

    // A dry run counts and changes nothing.
    const QByteArray columnsBefore = personalColumns(s.server.databasePath());
    const CtlResult dry = runCtl(s.server, u"admin"_s, QString::fromLatin1(ServerProcess::kAdminPassword),
                                 {u"--json"_s, u"retention"_s, u"run"_s, u"--dry-run"_s});
    INFO(dry.out.toStdString() << dry.err.toStdString());
    REQUIRE(dry.exitCode == 0);
    const QJsonObject wouldErase = dry.json().value(u"counts"_s).toObject();
    CHECK(dry.json().value(u"dryRun"_s).toBool());
    CHECK(dry.json().value(u"days"_s).toInt() == kDays);
    CHECK(wouldErase.value(u"visits"_s).toInt() > 2);
    CHECK(wouldErase.value(u"consultations"_s).toInt() >= 2);
    CHECK(wouldErase.value(u"meterReadings"_s).toInt() >= 2);
    CHECK(wouldErase.value(u"stageNotes"_s).toInt() >= 2);
    CHECK(wouldErase.value(u"payments"_s).toInt() >= 6);
    CHECK(wouldErase.value(u"events"_s).toInt() > 10);
    CHECK(personalColumns(s.server.databasePath()) == columnsBefore);
    for (const Canaries *c : {&old, &old2})
        CHECK(surviving(fileBytes(s.server), c->all()) == c->all());

    // The run: what the dry run counted, erased.
    const CtlResult ran = runCtl(s.server, u"admin"_s, QString::fromLatin1(ServerProcess::kAdminPassword),
                                 {u"--json"_s, u"retention"_s, u"run"_s});
    INFO(ran.out.toStdString() << ran.err.toStdString());
    REQUIRE(ran.exitCode == 0);
    CHECK(ran.json().value(u"counts"_s).toObject() == wouldErase);
    CHECK(ran.json().value(u"walTruncated"_s).toBool());

    // No personal field of an old visit survives anywhere in the file or its WAL; recent ones do.
    {
        const QByteArray bytes = fileBytes(s.server);
        for (const Canaries *c : {&old, &old2}) {
            const QStringList found = surviving(bytes, c->all());
            INFO("survived: " << found.join(u" | "_s).toStdString());
            CHECK(found.isEmpty());
        }
        CHECK(surviving(bytes, recent.all()) == recent.all());
    }
    // The dashboard's figures of every period are unchanged.
    const QJsonObject after = figures(*director);
    for (auto it = before.constBegin(); it != before.constEnd(); ++it) {
        INFO(it.key().toStdString());
        CHECK(after.value(it.key()) == it.value());
    }
    // The run is in the log, counts only; a second run finds nothing left.
    const CtlResult again = runCtl(s.server, u"admin"_s, QString::fromLatin1(ServerProcess::kAdminPassword),
                                   {u"--json"_s, u"retention"_s, u"run"_s, u"--dry-run"_s});
    REQUIRE(again.exitCode == 0);
    for (const QJsonValue n : again.json().value(u"counts"_s).toObject())
        CHECK(n.toInt() == 0);

    // The read model rebuilt from the anonymised rows (a schedule change, a lost digest) gives the
    // same figures: the repeat-visit facts were kept before the accounts went.
    s.server.stop();
    execSql(s.server.databasePath(), u"DELETE FROM day_digests"_s);
    REQUIRE(s.start());
    director = s.staff(u"director"_s);
    const QJsonObject rebuilt = figures(*director);
    for (auto it = before.constBegin(); it != before.constEnd(); ++it) {
        INFO("rebuilt " << it.key().toStdString());
        CHECK(rebuilt.value(it.key()) == it.value());
    }
    {
        const QString name = QUuid::createUuid().toString();
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
            db.setDatabaseName(s.server.databasePath());
            REQUIRE(db.open());
            QSqlQuery q(db);
            REQUIRE(q.exec(u"SELECT payload FROM events WHERE type = 'retention.ran'"_s));
            REQUIRE(q.next());
            CHECK(q.value(0).toString().contains(
                u"\"visits\":%1"_s.arg(wouldErase.value(u"visits"_s).toInt())));
        }
        QSqlDatabase::removeDatabase(name);
    }
}

TEST_CASE("retention refuses a period shorter than the repeat-visit lookback", "[retention]")
{
    ServerProcess server{{u"--retention-days"_s, u"366"_s}};
    CHECK_FALSE(server.start());
    CHECK(server.log().contains(u"--retention-days must be 400"_s));
}

TEST_CASE("the nightly run erases what is due at its time, and not before", "[retention]")
{
    ServerProcess server{
        {u"--demo"_s, u"--retention-days"_s, QString::number(kDays), u"--retention-time"_s, u"03:30"_s}};
    server.setClock(moscow(kOldDay, 9, 0));
    INFO(server.log().toStdString());
    REQUIRE(server.start());
    SyncClient admin;
    REQUIRE(admin.login(server.port(), u"admin"_s, QString::fromLatin1(ServerProcess::kAdminPassword)));
    const auto setTime = [&](const QDateTime &t) {
        admin.ok(u"clock.set"_s, {{u"at"_s, t.toUTC().toString(Qt::ISODateWithMs)}});
    };
    setTime(moscow(kOldDay, 9, 30));
    const QString name = u"Kanareykin Nightly Quxname"_s;
    const qint64 id = visitIdOf(admin.ok(u"visit.issue"_s, {{u"centreId"_s, 1},
                                                            {u"queueCode"_s, u"consult"_s},
                                                            {u"customerName"_s, name},
                                                            {u"accountNumber"_s, u"7731905551939"_s}}));
    // As stored (the live state keeps a past day's visits until the minute's sweep drops them).
    const auto customerName = [&] {
        StoredDatabase db(server);
        REQUIRE(db.isOpen());
        QSqlQuery q(db.db());
        REQUIRE(q.exec(u"SELECT customer_name FROM visits WHERE id = %1"_s.arg(id)));
        REQUIRE(q.next());
        return q.value(0).toString();
    };
    admin.client().setSubscribed(true);
    REQUIRE(waitUntil([&] { return admin.client().lastSeq() > 0; }));
    // Past the period, but before the run's time (the machine's local time): nothing happens.
    setTime(QDateTime(kNowDay, QTime(3, 0)));
    admin.waitForEvent(u"no.such.event"_s, 1500); // time for a run to start, were it to
    CHECK(customerName() == name);
    CHECK_FALSE(admin.waitForEvent(u"retention.ran"_s, 500));
    // At its time the run starts by itself, erases, and says so in the log of events.
    setTime(QDateTime(kNowDay, QTime(3, 31)));
    REQUIRE(admin.waitForEvent(u"retention.ran"_s, 20000));
    CHECK(customerName().isEmpty());
    for (const auto &e : admin.events())
        if (e.type == u"retention.ran"_s) {
            const QJsonObject r = e.data.value(u"retention"_s).toObject();
            CHECK(r.value(u"trigger"_s).toString() == u"schedule"_s);
            CHECK(r.value(u"counts"_s).toObject().value(u"visits"_s).toInt() == 1);
        }
}
