#pragma once

#include "Organisation.h"
#include "Result.h"
#include "Types.h"
#include "Visit.h"

#include <QDate>
#include <QDateTime>
#include <QList>
#include <QString>

// The front office's records beyond the queue: the consultation ticket a consultant fills in, and
// the payments and cash shifts of an operator-cashier. Pure data and rules, no I/O.
namespace okno {

// The topic whose consultation records meter readings.
inline constexpr const char *kMeterReadingsTopic = "meter_readings";

enum class ConsultationOutcome
{
    Resolved,
    FollowUp,
    AppealRegistered
};
QString consultationOutcomeName(ConsultationOutcome o);
std::optional<ConsultationOutcome> consultationOutcomeFromName(const QString &s);

struct MeterReading
{
    QString meterNumber;    // as printed on the meter
    qint64 dayValue = 0;    // kWh, whole units
    qint64 nightValue = -1; // kWh; -1 for a single-rate meter
    friend bool operator==(const MeterReading &, const MeterReading &) = default;
};

// The consultation ticket of one consultant stage of a visit (one per visit and stage).
struct Consultation
{
    Id visitId = 0;
    int stageIndex = 0;
    Id centreId = 0;
    Id staffId = 0;
    QString accountNumber;
    ConsumerGroup consumerGroup = ConsumerGroup::Household;
    QString topic; // a topic code of the centre's catalogue
    QString notes;
    ConsultationOutcome outcome = ConsultationOutcome::Resolved;
    QDate nextVisitDate;  // for the written memo (8.3.4); invalid = none
    QString appealNumber; // incoming number of a written appeal, when registered
    QList<MeterReading> readings;
    QDateTime createdAt;
    QDateTime updatedAt;
};

// What a consultation must satisfy before it is stored; the message names the field.
Status validate(const Consultation &c, const Centre &centre, const QDate &today);

enum class PaymentMethod
{
    Cash,
    Card
};
QString paymentMethodName(PaymentMethod m);
std::optional<PaymentMethod> paymentMethodFromName(const QString &s);

// A cashier's working session at one desk: payments belong to it; closing it gives the
// shift-closing report. A shift lasts at most 24 hours.
struct CashShift
{
    Id id = 0;
    Id centreId = 0;
    Id deskId = 0;
    Id staffId = 0;
    int number = 0; // per centre, increasing
    QDateTime openedAt;
    QDateTime closedAt; // invalid while open
    bool isOpen() const { return !closedAt.isValid(); }
};

// A payment accepted, or the reversal of one. Never edited or deleted: a mistaken payment is
// undone by a separate reversal record approved by a manager.
struct Payment
{
    Id id = 0;
    Id centreId = 0;
    Id shiftId = 0;
    Id visitId = 0; // 0 when not tied to a visit
    Id staffId = 0;
    Id deskId = 0;
    int receiptNumber = 0; // within the shift
    QDateTime at;
    QString accountNumber;
    qint64 amountKopecks = 0; // always positive; a reversal refunds this amount
    QString purpose;
    PaymentMethod method = PaymentMethod::Cash;
    qint64 tenderedKopecks = 0; // cash handed over
    qint64 changeKopecks = 0;
    Id reversalOf = 0; // for a reversal: the payment it undoes
    Id approvedBy = 0; // for a reversal: the manager who confirmed it
    QString reason;    // for a reversal

    bool isReversal() const { return reversalOf != 0; }
};

inline constexpr qint64 kMaxPaymentKopecks = Q_INT64_C(100'000'000'00); // 100 million roubles

// Checks a new payment's fields and computes its change; the message names the field.
Status preparePayment(Payment &p);

struct ShiftTotals
{
    int payments = 0;
    int reversals = 0;
    qint64 cashKopecks = 0; // payments in cash
    qint64 cardKopecks = 0;
    qint64 cashRefundedKopecks = 0; // reversals in cash
    qint64 cardRefundedKopecks = 0;
    qint64 netCashKopecks() const { return cashKopecks - cashRefundedKopecks; }
    qint64 netKopecks() const
    {
        return cashKopecks + cardKopecks - cashRefundedKopecks - cardRefundedKopecks;
    }
};
ShiftTotals totalsOf(const QList<Payment> &payments);

// "1 234,50 ₽" style formatting for documents: integer kopecks, never floating point.
QString formatRoubles(qint64 kopecks);
// Parses "1234", "1234,5", "1 234.50" into kopecks; nothing for malformed, negative or > 2 decimals.
std::optional<qint64> parseRoubles(const QString &text);

} // namespace okno
