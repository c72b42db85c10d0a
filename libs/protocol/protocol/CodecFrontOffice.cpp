// The JSON encoding of the front office's records: meter readings, consultations, cash shifts,
// payments and shift totals (see Codec.h).
#include "Codec.h"

#include "CodecSupport.h"
#include "Fields.h"

namespace okno::protocol {

using namespace Qt::StringLiterals;
using namespace codec_detail;

// --- front office

QJsonObject toJson(const MeterReading &r)
{
    return {{u"meterNumber"_s, r.meterNumber},
            {u"dayValue"_s, double(r.dayValue)},
            {u"nightValue"_s, r.nightValue < 0 ? QJsonValue() : QJsonValue(double(r.nightValue))}};
}

MeterReading readMeterReading(Fields &f)
{
    MeterReading r;
    r.meterNumber = f.requireString("meterNumber", 30);
    r.dayValue = f.requireInt("dayValue", 0, 999'999'999);
    r.nightValue = f.has("nightValue") ? f.requireInt("nightValue", 0, 999'999'999) : -1;
    return r;
}

Result<MeterReading> meterReadingFromJson(const QJsonObject &o, const QString &path)
{
    return decodeWith(o, path, &readMeterReading);
}

QJsonObject toJson(const Consultation &c)
{
    return {
        {u"visitId"_s, idToJson(c.visitId)},
        {u"stageIndex"_s, c.stageIndex},
        {u"centreId"_s, idToJson(c.centreId)},
        {u"staffId"_s, idToJson(c.staffId)},
        {u"accountNumber"_s, c.accountNumber},
        {u"consumerGroup"_s, consumerGroupName(c.consumerGroup)},
        {u"topic"_s, c.topic},
        {u"notes"_s, c.notes},
        {u"outcome"_s, consultationOutcomeName(c.outcome)},
        {u"nextVisitDate"_s, dateToJson(c.nextVisitDate)},
        {u"appealNumber"_s, c.appealNumber},
        {u"readings"_s, toJsonArray(c.readings)},
        {u"createdAt"_s, instantToJson(c.createdAt)},
        {u"updatedAt"_s, instantToJson(c.updatedAt)},
    };
}

Consultation readConsultation(Fields &f)
{
    Consultation c;
    c.visitId = f.requireId("visitId");
    c.stageIndex = int(f.optionalInt("stageIndex", 0, 0, 100));
    c.centreId = f.optionalId("centreId");
    c.staffId = f.optionalId("staffId");
    c.accountNumber = f.optionalString("accountNumber", {}, 40);
    c.consumerGroup = f.requireEnum("consumerGroup", &consumerGroupFromName);
    c.topic = f.requireString("topic", kCodeLength);
    c.notes = f.optionalString("notes", {}, 4000);
    c.outcome = f.requireEnum("outcome", &consultationOutcomeFromName);
    c.nextVisitDate = f.optionalDate("nextVisitDate");
    c.appealNumber = f.optionalString("appealNumber", {}, 50);
    c.readings = readList(f, "readings", &readMeterReading, false);
    c.createdAt = f.optionalDateTime("createdAt");
    c.updatedAt = f.optionalDateTime("updatedAt");
    return c;
}

Result<Consultation> consultationFromJson(const QJsonObject &o, const QString &path)
{
    return decodeWith(o, path, &readConsultation);
}

QJsonObject toJson(const CashShift &s)
{
    return {{u"id"_s, idToJson(s.id)},
            {u"centreId"_s, idToJson(s.centreId)},
            {u"deskId"_s, idToJson(s.deskId)},
            {u"staffId"_s, idToJson(s.staffId)},
            {u"number"_s, s.number},
            {u"openedAt"_s, instantToJson(s.openedAt)},
            {u"closedAt"_s, instantToJson(s.closedAt)},
            {u"open"_s, s.isOpen()}};
}

CashShift readCashShift(Fields &f)
{
    CashShift s;
    s.id = f.requireId("id");
    s.centreId = f.requireId("centreId");
    s.deskId = f.requireId("deskId");
    s.staffId = f.requireId("staffId");
    s.number = int(f.requireInt("number", 1, kMaxCount));
    s.openedAt = f.requireDateTime("openedAt");
    s.closedAt = f.optionalDateTime("closedAt");
    return s;
}

Result<CashShift> cashShiftFromJson(const QJsonObject &o, const QString &path)
{
    return decodeWith(o, path, &readCashShift);
}

QJsonObject toJson(const Payment &p)
{
    return {
        {u"id"_s, idToJson(p.id)},
        {u"centreId"_s, idToJson(p.centreId)},
        {u"shiftId"_s, idToJson(p.shiftId)},
        {u"visitId"_s, idToJson(p.visitId)},
        {u"staffId"_s, idToJson(p.staffId)},
        {u"deskId"_s, idToJson(p.deskId)},
        {u"receiptNumber"_s, p.receiptNumber},
        {u"at"_s, instantToJson(p.at)},
        {u"accountNumber"_s, p.accountNumber},
        {u"amountKopecks"_s, double(p.amountKopecks)},
        {u"purpose"_s, p.purpose},
        {u"method"_s, paymentMethodName(p.method)},
        {u"tenderedKopecks"_s, double(p.tenderedKopecks)},
        {u"changeKopecks"_s, double(p.changeKopecks)},
        {u"reversalOf"_s, idToJson(p.reversalOf)},
        {u"approvedBy"_s, idToJson(p.approvedBy)},
        {u"reason"_s, p.reason},
    };
}

Payment readPayment(Fields &f)
{
    Payment p;
    p.id = f.requireId("id");
    p.centreId = f.requireId("centreId");
    p.shiftId = f.requireId("shiftId");
    p.visitId = f.optionalId("visitId");
    p.staffId = f.requireId("staffId");
    p.deskId = f.requireId("deskId");
    p.receiptNumber = int(f.requireInt("receiptNumber", 1, kMaxCount));
    p.at = f.requireDateTime("at");
    p.accountNumber = f.requireString("accountNumber", 40);
    p.amountKopecks = f.requireInt("amountKopecks", 1, kMaxPaymentKopecks);
    p.purpose = f.requireString("purpose", 200);
    p.method = f.requireEnum("method", &paymentMethodFromName);
    p.tenderedKopecks = f.requireInt("tenderedKopecks", 0, kMaxSafeInteger);
    p.changeKopecks = f.requireInt("changeKopecks", 0, kMaxSafeInteger);
    p.reversalOf = f.optionalId("reversalOf");
    p.approvedBy = f.optionalId("approvedBy");
    p.reason = f.optionalString("reason");
    return p;
}

Result<Payment> paymentFromJson(const QJsonObject &o, const QString &path)
{
    return decodeWith(o, path, &readPayment);
}

QJsonObject toJson(const ShiftTotals &t)
{
    return {{u"payments"_s, t.payments},
            {u"reversals"_s, t.reversals},
            {u"cashKopecks"_s, double(t.cashKopecks)},
            {u"cardKopecks"_s, double(t.cardKopecks)},
            {u"cashRefundedKopecks"_s, double(t.cashRefundedKopecks)},
            {u"cardRefundedKopecks"_s, double(t.cardRefundedKopecks)},
            {u"netCashKopecks"_s, double(t.netCashKopecks())},
            {u"netKopecks"_s, double(t.netKopecks())}};
}

ShiftTotals readShiftTotals(Fields &f)
{
    ShiftTotals t;
    t.payments = int(f.requireInt("payments", 0, kMaxCount));
    t.reversals = int(f.requireInt("reversals", 0, kMaxCount));
    t.cashKopecks = f.requireInt("cashKopecks", 0, kMaxSafeInteger);
    t.cardKopecks = f.requireInt("cardKopecks", 0, kMaxSafeInteger);
    t.cashRefundedKopecks = f.requireInt("cashRefundedKopecks", 0, kMaxSafeInteger);
    t.cardRefundedKopecks = f.requireInt("cardRefundedKopecks", 0, kMaxSafeInteger);
    return t;
}

Result<ShiftTotals> shiftTotalsFromJson(const QJsonObject &o, const QString &path)
{
    return decodeWith(o, path, &readShiftTotals);
}

} // namespace okno::protocol
