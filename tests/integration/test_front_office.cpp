// The front office through the real server: what reception wrote the consultant sees, the
// consultation ticket, the cashier's shift, payments exactly once, reversals with a manager.
#include "Fixture.h"

namespace {

QJsonObject paymentBody(const QString &key, qint64 amount, const QString &method, qint64 tendered,
                        qint64 visitId = 0)
{
    QJsonObject b{{u"idempotencyKey"_s, key},
                  {u"accountNumber"_s, u"1234567890"_s},
                  {u"amountKopecks"_s, double(amount)},
                  {u"purpose"_s, u"Оплата электроэнергии"_s},
                  {u"method"_s, method}};
    if (tendered)
        b.insert(u"tenderedKopecks"_s, double(tendered));
    if (visitId)
        b.insert(u"visitId"_s, double(visitId));
    return b;
}

} // namespace

TEST_CASE("one visit, one record: reception → consultation ticket → payment", "[front-office]")
{
    DemoServer d;
    d.at(9, 0);
    auto reception = d.staff(u"admin1"_s, 1);
    auto consultant = d.staff(u"consult1"_s, 2);
    auto cashier = d.staff(u"cashier1"_s, 4);
    consultant->ok(u"desk.open"_s);
    cashier->ok(u"desk.open"_s);

    const qint64 id = visitIdOf(reception->ok(u"visit.issue"_s, {{u"queueCode"_s, u"consult"_s},
                                                                 {u"purpose"_s, u"Показания счётчика"_s},
                                                                 {u"accountNumber"_s, u"1234567890"_s}}));
    const QJsonObject called = consultant->ok(u"visit.callNext"_s);
    CHECK(called.value(u"visit"_s).toObject().value(u"accountNumber"_s).toString() == u"1234567890"_s);

    const QJsonObject ticket{{u"accountNumber"_s, u"1234567890"_s},
                             {u"consumerGroup"_s, u"household"_s},
                             {u"topic"_s, u"meter_readings"_s},
                             {u"notes"_s, u"Передал показания, разъяснён порядок"_s},
                             {u"outcome"_s, u"resolved"_s},
                             {u"readings"_s, QJsonArray{QJsonObject{{u"meterNumber"_s, u"011-22"_s},
                                                                    {u"dayValue"_s, 10234},
                                                                    {u"nightValue"_s, 4021}}}}};
    // Not before the visitor is being served.
    CHECK(errorCode(consultant->call(u"consultation.save"_s,
                                     {{u"visitId"_s, double(id)}, {u"consultation"_s, ticket}})) ==
          u"invalid_transition"_s);
    consultant->ok(u"visit.start"_s, {{u"visitId"_s, double(id)}});
    // Bad fields are refused, naming the field.
    QJsonObject bad = ticket;
    bad.insert(u"topic"_s, u"astrology"_s);
    auto refused =
        consultant->call(u"consultation.save"_s, {{u"visitId"_s, double(id)}, {u"consultation"_s, bad}});
    CHECK(errorCode(refused) == u"invalid_argument"_s);
    CHECK(refused.error().message.contains(u"astrology"_s));
    bad = ticket;
    bad.insert(u"consumerGroup"_s, u"alien"_s);
    CHECK(errorCode(consultant->call(u"consultation.save"_s,
                                     {{u"visitId"_s, double(id)}, {u"consultation"_s, bad}})) ==
          u"invalid_argument"_s);
    // Another consultant cannot write it.
    auto other = d.staff(u"consult2"_s, 3);
    other->ok(u"desk.open"_s);
    CHECK(errorCode(other->call(u"consultation.save"_s, {{u"visitId"_s, double(id)},
                                                         {u"consultation"_s, ticket}})) == u"forbidden"_s);

    const QJsonObject saved =
        consultant->ok(u"consultation.save"_s, {{u"visitId"_s, double(id)}, {u"consultation"_s, ticket}});
    CHECK(saved.value(u"consultation"_s).toObject().value(u"readings"_s).toArray().size() == 1);
    consultant->ok(u"visit.route"_s, {{u"visitId"_s, double(id)}, {u"queueCode"_s, u"cash"_s}});

    // The cashier sees what the consultant recorded.
    cashier->ok(u"visit.callNext"_s);
    const QJsonArray consultations =
        cashier->ok(u"consultation.get"_s, {{u"visitId"_s, double(id)}}).value(u"consultations"_s).toArray();
    REQUIRE(consultations.size() == 1);
    CHECK(consultations[0].toObject().value(u"accountNumber"_s).toString() == u"1234567890"_s);
    CHECK(consultations[0].toObject().value(u"topic"_s).toString() == u"meter_readings"_s);

    // No payment without a shift, nor without an idempotency key.
    CHECK(errorCode(cashier->call(u"payment.record"_s, paymentBody(u"p-1"_s, 1500'00, u"cash"_s, 2000'00,
                                                                   id))) == u"invalid_transition"_s);
    cashier->ok(u"shift.open"_s);
    QJsonObject noKey = paymentBody(u"x"_s, 100, u"cash"_s, 100);
    noKey.remove(u"idempotencyKey"_s);
    CHECK(errorCode(cashier->call(u"payment.record"_s, noKey, /*mutating: no automatic key*/ false)) ==
          u"bad_request"_s);
    // Bad amounts are refused.
    CHECK(errorCode(cashier->call(u"payment.record"_s, paymentBody(u"p-0"_s, 0, u"cash"_s, 100))) ==
          u"invalid_argument"_s);
    CHECK(errorCode(cashier->call(u"payment.record"_s, paymentBody(u"p-0"_s, -5, u"cash"_s, 100))) ==
          u"invalid_argument"_s);
    CHECK(errorCode(cashier->call(u"payment.record"_s, paymentBody(u"p-0"_s, 1500'00, u"cash"_s, 1000'00))) ==
          u"invalid_argument"_s);
    QJsonObject floaty = paymentBody(u"p-0"_s, 1500'00, u"cash"_s, 2000'00);
    floaty.insert(u"amountKopecks"_s, 1500.5);
    CHECK(errorCode(cashier->call(u"payment.record"_s, floaty)) == u"bad_request"_s);

    const QJsonObject paid =
        cashier->ok(u"payment.record"_s, paymentBody(u"p-1"_s, 1500'00, u"cash"_s, 2000'00, id));
    const QJsonObject payment = paid.value(u"payment"_s).toObject();
    CHECK(qint64(payment.value(u"changeKopecks"_s).toDouble()) == 500'00);
    CHECK(payment.value(u"receiptNumber"_s).toInt() == 1);
    // The same request again (a retry after a lost answer) records nothing new.
    const QJsonObject again =
        cashier->ok(u"payment.record"_s, paymentBody(u"p-1"_s, 1500'00, u"cash"_s, 2000'00, id));
    CHECK(again.value(u"payment"_s).toObject().value(u"id"_s) == payment.value(u"id"_s));
    cashier->ok(u"payment.record"_s, paymentBody(u"p-2"_s, 320'45, u"card"_s, 0));
    cashier->ok(u"visit.start"_s, {{u"visitId"_s, double(id)}});
    cashier->ok(u"visit.finish"_s, {{u"visitId"_s, double(id)}});

    // A mistaken payment is reversed only with a manager's credentials, and only once.
    const double paymentId = payment.value(u"id"_s).toDouble();
    auto wrong = cashier->call(u"payment.reverse"_s, {{u"idempotencyKey"_s, u"r-1"_s},
                                                      {u"paymentId"_s, paymentId},
                                                      {u"reason"_s, u"ошибка суммы"_s},
                                                      {u"managerLogin"_s, u"manager"_s},
                                                      {u"managerPassword"_s, u"guess-guess"_s}});
    CHECK(errorCode(wrong) == u"auth_failed"_s);
    auto notManager = cashier->call(u"payment.reverse"_s, {{u"idempotencyKey"_s, u"r-2"_s},
                                                           {u"paymentId"_s, paymentId},
                                                           {u"reason"_s, u"ошибка"_s},
                                                           {u"managerLogin"_s, u"cashier1"_s},
                                                           {u"managerPassword"_s, u"okno-demo"_s}});
    CHECK(errorCode(notManager) == u"auth_failed"_s);
    const QJsonObject reversal = cashier
                                     ->ok(u"payment.reverse"_s, {{u"idempotencyKey"_s, u"r-3"_s},
                                                                 {u"paymentId"_s, paymentId},
                                                                 {u"reason"_s, u"ошибка суммы"_s},
                                                                 {u"managerLogin"_s, u"manager"_s},
                                                                 {u"managerPassword"_s, u"okno-demo"_s}})
                                     .value(u"payment"_s)
                                     .toObject();
    CHECK(reversal.value(u"reversalOf"_s).toDouble() == paymentId);
    CHECK(qint64(reversal.value(u"amountKopecks"_s).toDouble()) == 1500'00);
    auto twice = cashier->call(u"payment.reverse"_s, {{u"idempotencyKey"_s, u"r-4"_s},
                                                      {u"paymentId"_s, paymentId},
                                                      {u"reason"_s, u"ещё раз"_s},
                                                      {u"managerLogin"_s, u"manager"_s},
                                                      {u"managerPassword"_s, u"okno-demo"_s}});
    CHECK(errorCode(twice) == u"conflict"_s);
    auto ofReversal =
        cashier->call(u"payment.reverse"_s, {{u"idempotencyKey"_s, u"r-5"_s},
                                             {u"paymentId"_s, reversal.value(u"id"_s).toDouble()},
                                             {u"reason"_s, u"x"_s},
                                             {u"managerLogin"_s, u"manager"_s},
                                             {u"managerPassword"_s, u"okno-demo"_s}});
    CHECK(errorCode(ofReversal) == u"invalid_transition"_s);

    // The shift-closing report: totals by method, refunds separately.
    const QJsonObject report = cashier->ok(u"shift.close"_s);
    const QJsonObject totals = report.value(u"totals"_s).toObject();
    CHECK(totals.value(u"payments"_s).toInt() == 2);
    CHECK(totals.value(u"reversals"_s).toInt() == 1);
    CHECK(qint64(totals.value(u"cashKopecks"_s).toDouble()) == 1500'00);
    CHECK(qint64(totals.value(u"cardKopecks"_s).toDouble()) == 320'45);
    CHECK(qint64(totals.value(u"cashRefundedKopecks"_s).toDouble()) == 1500'00);
    CHECK(qint64(totals.value(u"netKopecks"_s).toDouble()) == 320'45);
    CHECK(report.value(u"payments"_s).toArray().size() == 3);
    CHECK(errorCode(cashier->call(u"payment.record"_s, paymentBody(u"p-9"_s, 100, u"card"_s, 0))) ==
          u"invalid_transition"_s);

    // The visit's history shows every stage, and its payments are listed with it.
    auto manager = d.staff(u"manager"_s);
    const QJsonArray payments =
        manager->ok(u"payment.list"_s, {{u"visitId"_s, double(id)}}).value(u"payments"_s).toArray();
    CHECK(payments.size() == 2); // the payment and its reversal
}

TEST_CASE("a payment whose answer was lost is recorded exactly once", "[front-office][resync]")
{
    DemoServer d;
    d.at(10, 0);
    const quint16 port = d.server.port();
    auto cashier = d.staff(u"cashier1"_s, 4);
    cashier->ok(u"desk.open"_s);
    cashier->ok(u"shift.open"_s);
    // The server dies; the cashier's app sends the payment meanwhile (its key is fixed now).
    d.server.stop();
    REQUIRE(waitUntil([&] { return cashier->client().state() != okno::Client::State::Ready; }));
    std::optional<okno::Result<QJsonObject>> result;
    cashier->client().call(
        u"payment.record"_s, paymentBody(u"pay-77"_s, 999'99, u"cash"_s, 1000'00),
        [&](const okno::Result<QJsonObject> &r) { result = r; }, true, 60000);
    REQUIRE(d.server.start(port));
    REQUIRE(waitUntil([&] { return result.has_value(); }, 30000));
    REQUIRE(result->ok());
    // The app, unsure, sends it once more with the same key: still one payment.
    cashier->ok(u"payment.record"_s, paymentBody(u"pay-77"_s, 999'99, u"cash"_s, 1000'00));
    const QJsonObject current = cashier->ok(u"shift.current"_s);
    CHECK(current.value(u"totals"_s).toObject().value(u"payments"_s).toInt() == 1);
    CHECK(qint64(current.value(u"totals"_s).toObject().value(u"cashKopecks"_s).toDouble()) == 999'99);
}

TEST_CASE("oknoctl records a payment once per key and refuses a malformed amount", "[front-office][oknoctl]")
{
    DemoServer d;
    d.at(10, 0);
    const QString pw = u"okno-demo"_s;
    REQUIRE(runCtl(d.server, u"cashier1"_s, pw, {u"--desk"_s, u"4"_s, u"desk"_s, u"open"_s}).exitCode == 0);
    REQUIRE(runCtl(d.server, u"cashier1"_s, pw, {u"--desk"_s, u"4"_s, u"shift"_s, u"open"_s}).exitCode == 0);
    const QStringList pay{u"--desk"_s,    u"4"_s,          u"--json"_s,   u"payment"_s, u"record"_s,
                          u"--account"_s, u"7001002003"_s, u"--amount"_s, u"1234,56"_s, u"--method"_s,
                          u"cash"_s,      u"--tendered"_s, u"2000"_s,     u"--key"_s,   u"ctl-1"_s};
    const CtlResult first = runCtl(d.server, u"cashier1"_s, pw, pay);
    REQUIRE(first.exitCode == 0);
    const CtlResult again = runCtl(d.server, u"cashier1"_s, pw, pay);
    REQUIRE(again.exitCode == 0);
    CHECK(first.json().value(u"payment"_s).toObject().value(u"id"_s) ==
          again.json().value(u"payment"_s).toObject().value(u"id"_s));
    CHECK(qint64(first.json().value(u"payment"_s).toObject().value(u"changeKopecks"_s).toDouble()) == 765'44);
    const CtlResult bad = runCtl(d.server, u"cashier1"_s, pw,
                                 {u"--desk"_s, u"4"_s, u"payment"_s, u"record"_s, u"--account"_s,
                                  u"7001002003"_s, u"--amount"_s, u"12a"_s, u"--method"_s, u"cash"_s});
    CHECK(bad.exitCode == 2);
    CHECK(bad.err.contains(u"--amount"_s));
    const CtlResult shift =
        runCtl(d.server, u"cashier1"_s, pw, {u"--desk"_s, u"4"_s, u"--json"_s, u"shift"_s, u"close"_s});
    REQUIRE(shift.exitCode == 0);
    CHECK(shift.json().value(u"totals"_s).toObject().value(u"payments"_s).toInt() == 1);
}
