#include <core/FrontOffice.h>

#include <catch2/catch.hpp>

using namespace okno;
using namespace Qt::StringLiterals;

TEST_CASE("Roubles: parsed into integer kopecks, never through floating point", "[money]")
{
    CHECK(parseRoubles(u"1234"_s) == 123400);
    CHECK(parseRoubles(u"1234,5"_s) == 123450);
    CHECK(parseRoubles(u"1 234.05"_s) == 123405);
    CHECK(parseRoubles(u"0,01"_s) == 1);
    CHECK(parseRoubles(u"  17,30 ₽ "_s) == 1730);
    CHECK(parseRoubles(u"0.1"_s) == 10);
    // 0.1 + 0.2 in kopecks is exact.
    CHECK(*parseRoubles(u"0,10"_s) + *parseRoubles(u"0,20"_s) == 30);
    for (const QString &bad :
         {u""_s, u"abc"_s, u"12a"_s, u"-5"_s, u"1,234"_s, u"1.2.3"_s, u"1e5"_s, u"1234567890123"_s})
        CHECK_FALSE(parseRoubles(bad).has_value());
    CHECK(formatRoubles(123405) == u"1\u00A0234,05 ₽"_s);
    CHECK(formatRoubles(5) == u"0,05 ₽"_s);
    CHECK(formatRoubles(-100) == u"−1,00 ₽"_s);
    CHECK(formatRoubles(100'000'000'00) == u"100\u00A0000\u00A0000,00 ₽"_s);
}

TEST_CASE("Payment: amount, purpose, account and change are checked", "[money]")
{
    Payment p;
    p.accountNumber = u"12345678"_s;
    p.purpose = u"Оплата электроэнергии"_s;
    p.amountKopecks = 1234'56;
    p.method = PaymentMethod::Cash;
    p.tenderedKopecks = 2000'00;
    REQUIRE(preparePayment(p).ok());
    CHECK(p.changeKopecks == 765'44);

    Payment exact = p;
    exact.tenderedKopecks = exact.amountKopecks;
    REQUIRE(preparePayment(exact).ok());
    CHECK(exact.changeKopecks == 0);

    Payment card = p;
    card.method = PaymentMethod::Card;
    card.tenderedKopecks = 0;
    REQUIRE(preparePayment(card).ok());
    CHECK(card.tenderedKopecks == card.amountKopecks);
    CHECK(card.changeKopecks == 0);

    const auto refused = [](Payment q, const QString &words) {
        const Status s = preparePayment(q);
        REQUIRE_FALSE(s.ok());
        CHECK(s.error().code == ErrorCode::InvalidArgument);
        INFO(s.error().message.toStdString());
        CHECK(s.error().message.contains(words));
    };
    Payment q = p;
    q.tenderedKopecks = 1000'00;
    refused(q, u"less than the amount"_s);
    q = p;
    q.amountKopecks = 0;
    refused(q, u"greater than zero"_s);
    q.amountKopecks = -5;
    refused(q, u"greater than zero"_s);
    q = p;
    q.amountKopecks = kMaxPaymentKopecks + 1;
    q.tenderedKopecks = q.amountKopecks;
    refused(q, u"larger than"_s);
    q = p;
    q.accountNumber.clear();
    refused(q, u"account"_s);
    q = p;
    q.accountNumber = u"12ab5678"_s;
    refused(q, u"account"_s);
    q = p;
    q.purpose = u"  "_s;
    refused(q, u"purpose"_s);
}

TEST_CASE("Shift totals: by method, reversals separately", "[money]")
{
    const auto pay = [](qint64 k, PaymentMethod m, Id reversalOf = 0) {
        Payment p;
        p.amountKopecks = k;
        p.method = m;
        p.reversalOf = reversalOf;
        return p;
    };
    const ShiftTotals t = totalsOf({pay(100'00, PaymentMethod::Cash), pay(250'50, PaymentMethod::Card),
                                    pay(49'50, PaymentMethod::Cash), pay(100'00, PaymentMethod::Cash, 1)});
    CHECK(t.payments == 3);
    CHECK(t.reversals == 1);
    CHECK(t.cashKopecks == 149'50);
    CHECK(t.cardKopecks == 250'50);
    CHECK(t.cashRefundedKopecks == 100'00);
    CHECK(t.netCashKopecks() == 49'50);
    CHECK(t.netKopecks() == 300'00);
    CHECK(totalsOf({}).netKopecks() == 0);
}

TEST_CASE("Consultation: topic from the catalogue, readings only under meter readings", "[consultation]")
{
    Centre centre;
    const QDate today(2026, 11, 23);
    Consultation c;
    c.accountNumber = u"12345678"_s;
    c.topic = u"bills"_s;
    c.outcome = ConsultationOutcome::Resolved;
    CHECK(validate(c, centre, today).ok());

    Consultation bad = c;
    bad.topic = u"astrology"_s;
    CHECK(validate(bad, centre, today).error().message.contains(u"catalogue"_s));
    bad = c;
    bad.readings = {{u"M-1"_s, 12345, -1}};
    CHECK(validate(bad, centre, today).error().message.contains(u"meter_readings"_s));
    bad = c;
    bad.topic = u"meter_readings"_s;
    CHECK_FALSE(validate(bad, centre, today).ok()); // no reading given
    bad.readings = {{u"M-1"_s, 12345, 678}};
    CHECK(validate(bad, centre, today).ok());
    bad.readings = {{u"M 1!"_s, 12345, 678}};
    CHECK_FALSE(validate(bad, centre, today).ok());
    bad.readings = {{u"M-1"_s, -3, 678}};
    CHECK_FALSE(validate(bad, centre, today).ok());
    bad = c;
    bad.outcome = ConsultationOutcome::AppealRegistered;
    CHECK(validate(bad, centre, today).error().message.contains(u"incoming number"_s));
    bad.appealNumber = u"ВХ-2026/1123"_s;
    CHECK(validate(bad, centre, today).ok());
    bad = c;
    bad.nextVisitDate = today.addDays(-1);
    CHECK_FALSE(validate(bad, centre, today).ok());
    bad.nextVisitDate = today.addDays(7);
    CHECK(validate(bad, centre, today).ok());
    bad = c;
    bad.accountNumber = u"12"_s;
    CHECK_FALSE(validate(bad, centre, today).ok());
    // A topic switched off in the catalogue is refused for new consultations.
    centre.topics[2].active = false;
    CHECK_FALSE(validate(c, centre, today).ok());
}

TEST_CASE("the consultation topic a visit's purpose speaks of, from the centre's own catalogue", "[topics]")
{
    const Centre c; // the default catalogue
    const auto topicOf = [&](const QString &purpose) {
        const Topic *t = c.topicForPurpose(purpose);
        return t ? t->code : QString();
    };
    // What reception's purpose list and the kiosk's buttons write.
    CHECK(topicOf(u"Показания счётчика"_s) == u"meter_readings"_s);
    CHECK(topicOf(u"Перерасчёт"_s) == u"bills"_s);
    CHECK(topicOf(u"Договор"_s) == u"contract"_s);
    CHECK(topicOf(u"Оплата"_s) == u"payment"_s);
    CHECK(topicOf(u"Жалоба на начисления"_s) == u"complaint"_s);
    CHECK(topicOf(u"Консультация по тарифам"_s) == u"tariffs"_s);
    // Nothing in common: no guess.
    CHECK(topicOf(u"Справка"_s).isEmpty());
    CHECK(topicOf(QString()).isEmpty());
    // An inactive topic is never proposed.
    Centre d;
    for (Topic &t : d.topics)
        if (t.code == u"tariffs"_s)
            t.active = false;
    CHECK(d.topicForPurpose(u"Консультация по тарифам"_s) == nullptr);
}
