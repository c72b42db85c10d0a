// The access policy tried as an attacker would, against the real server: every operation of the
// policy's table × every role × {own centre, other centre} × {own desk, another desk, no desk}
// and the device accounts; personal data never reaching the hall devices; sessions ending when
// their account changes; idempotency keys bound to one request.
//
// The expected decision is this test's own reading of docs/security.md (roles from the table,
// the centre and desk rules in words), not a call into the server's policy code.
#include "Fixture.h"

#include <protocol/Ops.h>
#include <server/AccessPolicy.h>

#include <QFile>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QUuid>

#include <map>

using okno::Result;

namespace {

constexpr auto kPw = "okno-demo";
const QDate kDay(2026, 11, 23); // a Monday

struct Env
{
    DemoServer demo;
    qint64 centre2 = 0;
    QHash<QString, qint64> queue1, queue2; // code → id
    QHash<qint64, QJsonObject> desk;       // id → desk JSON
    qint64 centre2Desk = 0;                // a desk of the second centre
    QHash<QString, qint64> staffId;        // login → id
    qint64 payment1 = 0, payment2 = 0, shift1 = 0, shift2 = 0;

    QJsonObject admin(const QString &op, const QJsonObject &body) { return demo.admin->ok(op, body); }

    qint64 addStaff(const QString &login, const QString &role, qint64 centre)
    {
        const QJsonObject r =
            admin(u"staff.put"_s, {{u"staff"_s, QJsonObject{{u"centreId"_s, double(centre)},
                                                            {u"login"_s, login},
                                                            {u"fullName"_s, QString(u"Тест "_s + login)},
                                                            {u"position"_s, u"—"_s},
                                                            {u"role"_s, role},
                                                            {u"active"_s, true}}},
                                   {u"password"_s, QString::fromLatin1(kPw)}});
        const qint64 id = qint64(r.value(u"staff"_s).toObject().value(u"id"_s).toDouble());
        staffId.insert(login, id);
        return id;
    }
    qint64 addDesk(qint64 centre, int number, qint64 queue)
    {
        const QJsonObject r =
            admin(u"desk.put"_s,
                  {{u"desk"_s, QJsonObject{{u"centreId"_s, double(centre)},
                                           {u"number"_s, number},
                                           {u"name"_s, QString(u"Окно "_s + QString::number(number))},
                                           {u"queueIds"_s, QJsonArray{double(queue)}},
                                           {u"active"_s, true}}}});
        const QJsonObject d = r.value(u"desk"_s).toObject();
        desk.insert(qint64(d.value(u"id"_s).toDouble()), d);
        return qint64(d.value(u"id"_s).toDouble());
    }
    qint64 issue(qint64 centre, const QString &queueCode)
    {
        return visitIdOf(admin(u"visit.issue"_s, {{u"centreId"_s, double(centre)},
                                                  {u"queueCode"_s, queueCode},
                                                  {u"customerName"_s, u"Посетитель"_s}}));
    }

    Env()
    {
        demo.at(9, 0);
        // A second centre like the first, with its own queues, desks and accounts.
        QJsonObject c = admin(u"centre.get"_s, {{u"centreId"_s, 1}}).value(u"centre"_s).toObject();
        c.insert(u"id"_s, 0);
        c.insert(u"code"_s, u"SECOND"_s);
        c.insert(u"name"_s, u"ЦОК Второй"_s);
        centre2 = qint64(admin(u"centre.put"_s, {{u"centre"_s, c}})
                             .value(u"centre"_s)
                             .toObject()
                             .value(u"id"_s)
                             .toDouble());
        for (const auto &q : admin(u"queue.list"_s, {{u"centreId"_s, 1}}).value(u"queues"_s).toArray())
            queue1.insert(q.toObject().value(u"code"_s).toString(),
                          qint64(q.toObject().value(u"id"_s).toDouble()));
        const QList<std::tuple<QString, QString, QString, QString>> queues{
            {u"reception"_s, u"Администратор"_s, u"А"_s, u"administrator"_s},
            {u"consult"_s, u"Консультация"_s, u"К"_s, u"consultant"_s},
            {u"cash"_s, u"Касса"_s, u"О"_s, u"cashier"_s}};
        for (const auto &[code, name, prefix, role] : queues) {
            const QJsonObject r =
                admin(u"queue.put"_s, {{u"queue"_s, QJsonObject{{u"centreId"_s, double(centre2)},
                                                                {u"code"_s, code},
                                                                {u"name"_s, name},
                                                                {u"prefix"_s, prefix},
                                                                {u"role"_s, role},
                                                                {u"active"_s, true}}}});
            queue2.insert(code, qint64(r.value(u"queue"_s).toObject().value(u"id"_s).toDouble()));
        }
        for (const auto &d : admin(u"desk.list"_s, {{u"centreId"_s, 1}}).value(u"desks"_s).toArray())
            desk.insert(qint64(d.toObject().value(u"id"_s).toDouble()), d.toObject());
        // Centre 1: desks 1 А, 2 К, 3 К, 4 О from the demo; 5 А, 6 К, 7 О for the "another desk" sessions.
        addDesk(1, 5, queue1[u"reception"_s]);
        addDesk(1, 6, queue1[u"consult"_s]);
        addDesk(1, 7, queue1[u"cash"_s]);
        addDesk(1, 8, queue1[u"consult"_s]);
        centre2Desk = addDesk(centre2, 1, queue2[u"reception"_s]);
        addDesk(centre2, 2, queue2[u"consult"_s]);
        addDesk(centre2, 4, queue2[u"cash"_s]);
        for (const QString &role : {u"administrator"_s, u"consultant"_s, u"cashier"_s}) {
            addStaff(u"own-"_s + role, role, 1);
            addStaff(u"other-"_s + role, role, 1);
        }
        addStaff(u"sysadmin0"_s, u"system_administrator"_s, 0); // company-wide
        addStaff(u"sysadmin1"_s, u"system_administrator"_s, 1); // a centre-bound administrator
        addStaff(u"cashier2"_s, u"cashier"_s, centre2);
        addStaff(u"victim1"_s, u"consultant"_s, 1);
        addStaff(u"victim2"_s, u"consultant"_s, centre2);
        // A payment and a shift in each centre, for payment.reverse and payment.list.
        const auto pay = [&](const QString &login, int deskNumber, qint64 *shift) {
            auto cashier = demo.staff(login, deskNumber);
            cashier->ok(u"desk.open"_s);
            *shift =
                qint64(cashier->ok(u"shift.open"_s).value(u"shift"_s).toObject().value(u"id"_s).toDouble());
            const QJsonObject p = cashier->ok(u"payment.record"_s, {{u"accountNumber"_s, u"1234567890"_s},
                                                                    {u"amountKopecks"_s, 10000},
                                                                    {u"purpose"_s, u"оплата"_s},
                                                                    {u"method"_s, u"card"_s}});
            cashier->ok(u"desk.close"_s);
            return qint64(p.value(u"payment"_s).toObject().value(u"id"_s).toDouble());
        };
        payment1 = pay(u"cashier1"_s, 4, &shift1);
        payment2 = pay(u"cashier2"_s, 4, &shift2);
    }
};

// One caller of the matrix: an account, and the desk its session holds.
struct Caller
{
    QString login;
    QString role;
    qint64 centreId = 1; // 0 = company-wide
    int deskNumber = 0;  // 0 = no desk
    QString deskKind;    // "own", "another", "none" (or "—" for roles without desks)
    std::unique_ptr<SyncClient> client;
};

QString errorCodeOf(const Result<QJsonObject> &r)
{
    return r ? QString() : okno::errorCodeName(r.error().code);
}

// The queue a caller's own desk serves, for each stage role.
QString queueOfRole(const QString &role)
{
    return role == u"administrator"_s ? u"reception"_s : role == u"cashier"_s ? u"cash"_s : u"consult"_s;
}

} // namespace

TEST_CASE("the access matrix: no operation succeeds for a caller the policy refuses", "[security]")
{
    Env env;
    std::vector<Caller> callers;
    const auto add = [&](QString login, QString role, qint64 centre, int desk, QString kind) {
        callers.push_back(Caller{std::move(login), std::move(role), centre, desk, std::move(kind), nullptr});
    };
    // Stage roles at their own desk (serving their queue), at another desk (serving another
    // queue), and with no desk.
    // Centre 1's desks: 1 А, 2 К, 3 К, 4 О, 5 А, 6 К, 7 О, 8 К (2 stays free for desk.open).
    add(u"own-administrator"_s, u"administrator"_s, 1, 1, u"own"_s);
    add(u"other-administrator"_s, u"administrator"_s, 1, 6, u"another"_s);
    add(u"own-consultant"_s, u"consultant"_s, 1, 3, u"own"_s);
    add(u"other-consultant"_s, u"consultant"_s, 1, 5, u"another"_s);
    add(u"own-cashier"_s, u"cashier"_s, 1, 7, u"own"_s);
    add(u"other-cashier"_s, u"cashier"_s, 1, 8, u"another"_s);
    add(u"admin1"_s, u"administrator"_s, 1, 0, u"none"_s);
    add(u"consult1"_s, u"consultant"_s, 1, 0, u"none"_s);
    add(u"cashier1"_s, u"cashier"_s, 1, 0, u"none"_s);
    add(u"manager"_s, u"manager"_s, 1, 0, u"—"_s);
    add(u"director"_s, u"manager"_s, 0, 0, u"—"_s);
    add(u"sysadmin0"_s, u"system_administrator"_s, 0, 0, u"—"_s);
    add(u"sysadmin1"_s, u"system_administrator"_s, 1, 0, u"—"_s);
    add(u"board1"_s, u"board"_s, 1, 0, u"—"_s);
    add(u"kiosk1"_s, u"kiosk"_s, 1, 0, u"—"_s);

    const auto ensureSession = [&](Caller &c) {
        if (c.client) {
            auto ping = c.client->call(u"ping"_s, {}, false);
            if (!ping)
                c.client.reset();
        }
        if (!c.client)
            c.client = env.demo.staff(c.login, c.deskNumber);
        if (c.deskNumber) {
            // Back at the desk after a break or close in an earlier cell (a refusal is fine).
            (void)c.client->call(u"desk.resume"_s);
            (void)c.client->call(u"desk.open"_s);
        }
    };

    // The table the test walks is the policy's own, the same that docs/security.md shows.
    const auto &rules = okno::access::rules();
    REQUIRE(rules.size() == okno::protocol::ops::all().size());
    int unauthorisedSuccesses = 0, refusals = 0, allowedSuccesses = 0, cells = 0;
    QStringList leaks;
    std::map<QString, int> successesByOp;

    for (const okno::access::OpRule &rule : rules) {
        for (Caller &caller : callers) {
            for (const bool otherCentre : {false, true}) {
                ensureSession(caller);
                const qint64 centre = otherCentre ? env.centre2 : 1;
                // The thing acted on: a fresh visit in the caller's own queue (for the stage
                // roles) in the chosen centre, or the chosen centre itself.
                const QString queueCode =
                    okno::roleFromName(caller.role) && okno::stageRoleOf(*okno::roleFromName(caller.role))
                        ? queueOfRole(caller.role)
                        : u"consult"_s;
                const qint64 visit =
                    rule.target == okno::access::TargetKind::Visit ? env.issue(centre, queueCode) : 0;
                const QString key = QUuid::createUuid().toString(QUuid::WithoutBraces);
                QJsonObject body;
                const QString &op = rule.op;
                using T = okno::access::TargetKind;
                switch (rule.target) {
                case T::Centre:
                case T::CentreOrAll:
                    body.insert(u"centreId"_s, double(centre));
                    break;
                case T::Visit:
                    body.insert(u"visitId"_s, double(visit));
                    break;
                default:
                    break;
                }
                if (op == u"hello"_s)
                    body.insert(u"version"_s, 1);
                else if (op == u"auth.login"_s)
                    body = {{u"login"_s, caller.login}, {u"password"_s, QString::fromLatin1(kPw)}};
                else if (op == u"centre.put"_s)
                    body = {
                        {u"centre"_s,
                         env.admin(u"centre.get"_s, {{u"centreId"_s, double(centre)}}).value(u"centre"_s)}};
                else if (op == u"schedule.setException"_s)
                    body.insert(u"date"_s, u"2027-01-05"_s), body.insert(u"open"_s, false);
                else if (op == u"schedule.removeException"_s)
                    body.insert(u"date"_s, u"2027-01-05"_s);
                else if (op == u"norms.set"_s)
                    body.insert(u"role"_s, u"consultant"_s), body.insert(u"waitMinutes"_s, 20),
                        body.insert(u"serviceMinutes"_s, 15);
                else if (op == u"queue.put"_s) {
                    QJsonObject q;
                    for (const auto &v : env.admin(u"queue.list"_s, {{u"centreId"_s, double(centre)}})
                                             .value(u"queues"_s)
                                             .toArray())
                        if (v.toObject().value(u"code"_s) == u"consult"_s)
                            q = v.toObject();
                    body = {{u"queue"_s, q}};
                } else if (op == u"desk.put"_s) {
                    QJsonObject d = env.admin(u"desk.list"_s, {{u"centreId"_s, double(centre)}})
                                        .value(u"desks"_s)
                                        .toArray()
                                        .first()
                                        .toObject();
                    body = {{u"desk"_s, QJsonObject{{u"id"_s, d.value(u"id"_s)},
                                                    {u"centreId"_s, d.value(u"centreId"_s)},
                                                    {u"number"_s, d.value(u"number"_s)},
                                                    {u"name"_s, d.value(u"name"_s)},
                                                    {u"queueIds"_s, d.value(u"queueIds"_s)},
                                                    {u"active"_s, true}}}};
                } else if (op == u"staff.put"_s) {
                    const QString victim = otherCentre ? u"victim2"_s : u"victim1"_s;
                    body = {{u"staff"_s, QJsonObject{{u"id"_s, double(env.staffId[victim])},
                                                     {u"centreId"_s, double(centre)},
                                                     {u"login"_s, victim},
                                                     {u"fullName"_s, QString(u"Тест "_s + victim)},
                                                     {u"position"_s, u"—"_s},
                                                     {u"role"_s, u"consultant"_s},
                                                     {u"active"_s, true}}}};
                } else if (op == u"staff.setPassword"_s) {
                    body = {{u"staffId"_s, double(env.staffId[otherCentre ? u"victim2"_s : u"victim1"_s])},
                            {u"password"_s, u"Victim-pass-2026!"_s}};
                } else if (op == u"visit.issue"_s || op == u"queue.forecast"_s)
                    body.insert(u"queueCode"_s, u"consult"_s);
                else if (op == u"visit.route"_s)
                    body.insert(u"queueCode"_s, u"cash"_s);
                else if (op == u"visit.setPriority"_s)
                    body.insert(u"priority"_s, u"veteran"_s);
                else if (op == u"desk.open"_s)
                    body = {{u"deskId"_s, double(otherCentre ? env.centre2Desk : 2)}};
                else if (op == u"stats"_s || op == u"dashboard"_s)
                    body.insert(u"from"_s, kDay.toString(Qt::ISODate)),
                        body.insert(u"to"_s, kDay.toString(Qt::ISODate));
                else if (op == u"events.subscribe"_s)
                    body.insert(u"since"_s, 0);
                else if (op == u"clock.set"_s)
                    body.insert(u"at"_s, DemoServer::moscow(kDay, 9, 0).toUTC().toString(Qt::ISODateWithMs));
                else if (op == u"consultation.save"_s)
                    body.insert(u"consultation"_s, QJsonObject{{u"consumerGroup"_s, u"household"_s},
                                                               {u"topic"_s, u"meter_readings"_s},
                                                               {u"outcome"_s, u"resolved"_s}});
                else if (op == u"payment.record"_s)
                    body = {{u"accountNumber"_s, u"1234567890"_s},
                            {u"amountKopecks"_s, 100},
                            {u"purpose"_s, u"оплата"_s},
                            {u"method"_s, u"card"_s}};
                else if (op == u"payment.reverse"_s)
                    body = {{u"paymentId"_s, double(otherCentre ? env.payment2 : env.payment1)},
                            {u"reason"_s, u"ошибка"_s},
                            {u"managerLogin"_s, u"director"_s},
                            {u"managerPassword"_s, QString::fromLatin1(kPw)}};
                else if (op == u"payment.list"_s)
                    body = {{u"shiftId"_s, double(otherCentre ? env.shift2 : env.shift1)}};
                if (rule.mutates)
                    body.insert(u"idempotencyKey"_s, key);

                // The expected decision, from the table's roles and the rules in words.
                const auto role = okno::roleFromName(caller.role);
                REQUIRE(role);
                bool allowed = rule.preAuth || rule.roles.isEmpty() || rule.roles.contains(*role);
                const bool actsOnCentre = rule.target != T::None;
                if (actsOnCentre && caller.centreId != 0 && otherCentre)
                    allowed = false;
                if (op == u"staff.setPassword"_s && *role != okno::Role::SystemAdministrator)
                    allowed = false; // the account is another's
                const bool serviceRole = *role == okno::Role::Consultant || *role == okno::Role::Cashier;
                const bool deskRule =
                    rule.desk == okno::access::DeskRule::OwnDesk ||
                    (rule.desk == okno::access::DeskRule::OwnDeskForServiceRoles && serviceRole);
                if (deskRule && caller.deskKind != u"own"_s)
                    allowed = false;

                const auto r = caller.client->call(op, body, rule.mutates);
                ++cells;
                const QString code = errorCodeOf(r);
                if (!allowed) {
                    ++refusals;
                    if (r) {
                        ++unauthorisedSuccesses;
                        leaks << op % u" by "_s % caller.login %
                                     (otherCentre ? u" in another centre"_s : u""_s);
                    } else if (code != u"forbidden"_s && code != u"desk_unavailable"_s) {
                        leaks << op % u" by "_s % caller.login % u" refused with "_s % code % u": "_s %
                                     r.error().message;
                    }
                } else if (r) {
                    ++allowedSuccesses;
                    ++successesByOp[op];
                }
            }
        }
    }
    INFO(leaks.join(u"\n"_s).toStdString());
    CHECK(leaks.isEmpty());
    CHECK(unauthorisedSuccesses == 0);
    CHECK(cells == int(rules.size() * callers.size() * 2));
    CHECK(refusals > cells / 3);
    // The allowed side works too: the matrix is not green because every request was malformed.
    for (const char *op : {"centre.get", "visit.get", "visit.cancel", "visit.postpone", "visit.issue",
                           "status", "alerts", "payment.list", "staff.put", "norms.set"}) {
        INFO(op);
        CHECK(successesByOp[QString::fromLatin1(op)] > 0);
    }
    CHECK(allowedSuccesses > cells / 5);
}

TEST_CASE("the defects of the first version: cross-queue and cross-centre visit changes", "[security]")
{
    Env env;
    const qint64 v1 = env.issue(1, u"consult"_s);
    const qint64 v2 = env.issue(env.centre2, u"consult"_s);
    auto cashier = env.demo.staff(u"cashier1"_s); // no desk
    for (const QString &op : {u"visit.cancel"_s, u"visit.postpone"_s, u"visit.requeue"_s})
        CHECK(errorCodeOf(cashier->call(op, {{u"visitId"_s, double(v1)}})) == u"desk_unavailable"_s);
    auto atCash = env.demo.staff(u"own-cashier"_s, 7);
    atCash->ok(u"desk.open"_s);
    for (const QString &op : {u"visit.cancel"_s, u"visit.postpone"_s, u"visit.requeue"_s})
        CHECK(errorCodeOf(atCash->call(op, {{u"visitId"_s, double(v1)}})) == u"forbidden"_s);
    auto consultant2 = env.demo.staff(u"consult1"_s, 2);
    consultant2->ok(u"desk.open"_s);
    // Another centre's visit: refused, and the refusal carries nobody's name or account.
    const auto r = consultant2->call(u"visit.postpone"_s, {{u"visitId"_s, double(v2)}});
    CHECK(errorCodeOf(r) == u"forbidden"_s);
    CHECK_FALSE(r.error().message.contains(u"Посетитель"_s));
    const QJsonObject stored = env.admin(u"visit.get"_s, {{u"visitId"_s, double(v2)}});
    CHECK(lastStage(stored).value(u"state"_s).toString() == u"waiting"_s);
    // Its own queue, through its own open desk: allowed.
    CHECK(consultant2->call(u"visit.postpone"_s, {{u"visitId"_s, double(v1)}}));
}

TEST_CASE("docs/security.md shows the policy the server enforces", "[security]")
{
    QFile f(QStringLiteral(OKNO_SOURCE_DIR "/docs/security.md"));
    REQUIRE(f.open(QIODevice::ReadOnly));
    const QString doc = QString::fromUtf8(f.readAll());
    const QString table = okno::access::policyMarkdown();
    INFO("regenerate it with: okno-server --print-policy");
    CHECK(doc.contains(table));
}

TEST_CASE("queue.forecast: another centre's queue, named by its id, is not there", "[security]")
{
    Env env;
    auto admin1 = env.demo.staff(u"admin1"_s);
    const qint64 foreign = env.queue2[u"consult"_s];
    const auto r = admin1->call(u"queue.forecast"_s, {{u"queueId"_s, double(foreign)}});
    REQUIRE_FALSE(r);
    CHECK(errorCodeOf(r) == u"not_found"_s);
    // Its own centre's queue, by the same kind of name: answered.
    CHECK(admin1->call(u"queue.forecast"_s, {{u"queueCode"_s, u"consult"_s}}));
}
