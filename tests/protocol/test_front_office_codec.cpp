// The front office on the wire: consultations, shifts, payments, totals, topics.
#include "ProtocolTestSupport.h"

#include <protocol/Codec.h>
#include <protocol/Results.h>

#include <QJsonArray>
#include <QJsonDocument>

using namespace okno;
using namespace okno::protocol;
using namespace Qt::StringLiterals;

namespace {

template <typename T>
Result<T> viaText(const T &value, Result<T> (*decode)(const QJsonObject &, const QString &))
{
    const QByteArray text = QJsonDocument(toJson(value)).toJson(QJsonDocument::Compact);
    return decode(QJsonDocument::fromJson(text).object(), QString());
}

QDateTime at(int h, int m, int ms = 0)
{
    return QDateTime(QDate(2026, 11, 23), QTime(h, m, 0, ms), Qt::UTC);
}

Payment payment()
{
    Payment p;
    p.id = 7;
    p.centreId = 1;
    p.shiftId = 3;
    p.visitId = 42;
    p.staffId = 5;
    p.deskId = 4;
    p.receiptNumber = 12;
    p.at = at(8, 15, 250);
    p.accountNumber = u"1234567890"_s;
    p.amountKopecks = 1234'56;
    p.purpose = u"Оплата электроэнергии"_s;
    p.method = PaymentMethod::Cash;
    p.tenderedKopecks = 2000'00;
    p.changeKopecks = 765'44;
    return p;
}

} // namespace

TEST_CASE("front office objects round-trip through the wire text", "[codec][front-office]")
{
    Consultation c;
    c.visitId = 42;
    c.stageIndex = 1;
    c.centreId = 1;
    c.staffId = 5;
    c.accountNumber = u"1234567890"_s;
    c.consumerGroup = ConsumerGroup::Entrepreneur;
    c.topic = u"meter_readings"_s;
    c.notes = u"Приняты показания"_s;
    c.outcome = ConsultationOutcome::AppealRegistered;
    c.appealNumber = u"ВХ-17"_s;
    c.nextVisitDate = QDate(2026, 12, 1);
    c.readings = {{u"011-22"_s, 10234, 4021}, {u"A-7"_s, 555, -1}};
    c.createdAt = at(7, 0, 1);
    c.updatedAt = at(7, 5);
    const auto back = viaText(c, &consultationFromJson);
    REQUIRE(back.ok());
    CHECK(back->readings == c.readings);
    CHECK(back->consumerGroup == c.consumerGroup);
    CHECK(back->outcome == c.outcome);
    CHECK(back->nextVisitDate == c.nextVisitDate);
    CHECK(back->createdAt == c.createdAt);
    CHECK(toJson(c).value(u"readings"_s).toArray()[1].toObject().value(u"nightValue"_s).isNull());

    const Payment p = payment();
    const auto pb = viaText(p, &paymentFromJson);
    REQUIRE(pb.ok());
    CHECK(pb->amountKopecks == p.amountKopecks);
    CHECK(pb->changeKopecks == p.changeKopecks);
    CHECK(pb->at == p.at);
    CHECK(pb->method == PaymentMethod::Cash);

    CashShift s{3, 1, 4, 5, 9, at(5, 0), {}};
    const auto sb = viaText(s, &cashShiftFromJson);
    REQUIRE(sb.ok());
    CHECK(sb->isOpen());
    CHECK(toJson(s).value(u"open"_s).toBool());

    ShiftReport report{s, totalsOf({p}), {p}};
    const auto rb = viaText(report, &shiftReportFromJson);
    REQUIRE(rb.ok());
    CHECK(rb->totals.cashKopecks == 1234'56);
    CHECK(rb->payments.size() == 1);
}

TEST_CASE("front office decoding is strict", "[codec][front-office]")
{
    QJsonObject p = toJson(payment());
    p.insert(u"amountKopecks"_s, 12.5);
    CHECK(paymentFromJson(p).error().code == ErrorCode::BadRequest);
    p = toJson(payment());
    p.insert(u"method"_s, u"barter"_s);
    CHECK(paymentFromJson(p).error().code == ErrorCode::InvalidArgument);
    p = toJson(payment());
    p.insert(u"amountKopecks"_s, 0);
    CHECK(paymentFromJson(p).error().code == ErrorCode::InvalidArgument);

    QJsonObject c{{u"visitId"_s, 1},
                  {u"consumerGroup"_s, u"alien"_s},
                  {u"topic"_s, u"bills"_s},
                  {u"outcome"_s, u"resolved"_s}};
    CHECK(consultationFromJson(c).error().code == ErrorCode::InvalidArgument);
    c.insert(u"consumerGroup"_s, u"household"_s);
    CHECK(consultationFromJson(c).ok());
    c.insert(u"notes"_s, QString(4001, u'x'));
    CHECK_FALSE(consultationFromJson(c).ok());
    c.insert(u"notes"_s, u""_s);
    c.insert(u"readings"_s, QJsonArray{QJsonObject{{u"meterNumber"_s, u"1"_s}, {u"dayValue"_s, 1.5}}});
    CHECK(consultationFromJson(c).error().code == ErrorCode::BadRequest);
}

TEST_CASE("a centre without a topic catalogue decodes with the defaults", "[codec][front-office]")
{
    Centre centre;
    centre.id = 1;
    centre.code = u"C1"_s;
    centre.name = u"ЦОК"_s;
    centre.topics = {{u"bills"_s, u"Счета"_s, false}};
    const auto same = viaText(centre, &centreFromJson);
    REQUIRE(same.ok());
    CHECK(same->topics == centre.topics);
    QJsonObject old = toJson(centre);
    old.remove(u"topics"_s);
    const auto older = centreFromJson(old);
    REQUIRE(older.ok());
    CHECK(older->topics == defaultTopics());
}
