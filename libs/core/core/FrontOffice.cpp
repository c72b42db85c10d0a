#include "FrontOffice.h"

#include <QRegularExpression>

namespace okno {

using namespace Qt::StringLiterals;

QString consultationOutcomeName(ConsultationOutcome o)
{
    switch (o) {
    case ConsultationOutcome::Resolved:
        return u"resolved"_s;
    case ConsultationOutcome::FollowUp:
        return u"follow_up"_s;
    case ConsultationOutcome::AppealRegistered:
        return u"appeal_registered"_s;
    }
    return u"resolved"_s;
}

std::optional<ConsultationOutcome> consultationOutcomeFromName(const QString &s)
{
    for (auto o : {ConsultationOutcome::Resolved, ConsultationOutcome::FollowUp,
                   ConsultationOutcome::AppealRegistered})
        if (consultationOutcomeName(o) == s)
            return o;
    return std::nullopt;
}

namespace {
Error invalid(const QString &m)
{
    return makeError(ErrorCode::InvalidArgument, m);
}
} // namespace

Status validate(const Consultation &c, const Centre &centre, const QDate &today)
{
    if (auto s = validateAccountNumber(c.accountNumber); !s)
        return s;
    const Topic *t = centre.topic(c.topic);
    if (!t || !t->active)
        return invalid(u"topic \""_s % c.topic % u"\" is not in this centre's catalogue"_s);
    if (c.notes.size() > 4000)
        return invalid(u"notes must be at most 4000 characters"_s);
    if (c.nextVisitDate.isValid() && (c.nextVisitDate < today || c.nextVisitDate > today.addYears(1)))
        return invalid(u"the next visit must be within a year from today"_s);
    if (c.outcome == ConsultationOutcome::AppealRegistered && c.appealNumber.trimmed().isEmpty())
        return invalid(u"a registered written appeal needs its incoming number"_s);
    if (c.readings.size() > 20)
        return invalid(u"at most 20 meter readings per consultation"_s);
    if (!c.readings.isEmpty() && c.topic != QLatin1StringView(kMeterReadingsTopic))
        return invalid(u"meter readings are recorded under the topic \"meter_readings\""_s);
    static const QRegularExpression meter(u"^[0-9A-Za-zА-Яа-я-]{1,30}$"_s);
    for (const MeterReading &r : c.readings) {
        if (!meter.match(r.meterNumber).hasMatch())
            return invalid(u"meter number must be 1–30 letters, digits or '-'"_s);
        if (r.dayValue < 0 || r.dayValue > 999'999'999)
            return invalid(u"meter reading must be 0–999 999 999 kWh"_s);
        if (r.nightValue < -1 || r.nightValue > 999'999'999)
            return invalid(u"night reading must be 0–999 999 999 kWh (or absent for a single-rate meter)"_s);
    }
    if (c.topic == QLatin1StringView(kMeterReadingsTopic) && c.readings.isEmpty())
        return invalid(u"the topic \"meter_readings\" needs at least one reading"_s);
    return {};
}

QString paymentMethodName(PaymentMethod m)
{
    return m == PaymentMethod::Cash ? u"cash"_s : u"card"_s;
}

std::optional<PaymentMethod> paymentMethodFromName(const QString &s)
{
    if (s == u"cash")
        return PaymentMethod::Cash;
    if (s == u"card")
        return PaymentMethod::Card;
    return std::nullopt;
}

Status preparePayment(Payment &p)
{
    if (p.accountNumber.isEmpty())
        return invalid(u"the account number is required for a payment"_s);
    if (auto s = validateAccountNumber(p.accountNumber); !s)
        return s;
    if (p.amountKopecks <= 0)
        return invalid(u"the amount must be greater than zero"_s);
    if (p.amountKopecks > kMaxPaymentKopecks)
        return invalid(u"the amount is larger than "_s % formatRoubles(kMaxPaymentKopecks));
    if (p.purpose.trimmed().isEmpty())
        return invalid(u"the purpose of the payment is required"_s);
    if (p.method == PaymentMethod::Cash) {
        if (p.tenderedKopecks < p.amountKopecks)
            return invalid(u"the cash tendered is less than the amount"_s);
        if (p.tenderedKopecks > p.amountKopecks + 500'000'00)
            return invalid(u"the cash tendered exceeds the amount by more than 500 000 roubles"_s);
        p.changeKopecks = p.tenderedKopecks - p.amountKopecks;
    } else {
        p.tenderedKopecks = p.amountKopecks;
        p.changeKopecks = 0;
    }
    return {};
}

ShiftTotals totalsOf(const QList<Payment> &payments)
{
    ShiftTotals t;
    for (const Payment &p : payments) {
        const bool cash = p.method == PaymentMethod::Cash;
        if (p.isReversal()) {
            ++t.reversals;
            (cash ? t.cashRefundedKopecks : t.cardRefundedKopecks) += p.amountKopecks;
        } else {
            ++t.payments;
            (cash ? t.cashKopecks : t.cardKopecks) += p.amountKopecks;
        }
    }
    return t;
}

QString formatRoubles(qint64 kopecks)
{
    const bool negative = kopecks < 0;
    const qint64 abs = negative ? -kopecks : kopecks;
    QString whole = QString::number(abs / 100);
    for (qsizetype i = whole.size() - 3; i > 0; i -= 3)
        whole.insert(i, QChar(0x00A0)); // no-break space between thousands
    return (negative ? u"−"_s : QString()) % whole % u',' %
           QString::number(abs % 100).rightJustified(2, u'0') % u" ₽"_s;
}

std::optional<qint64> parseRoubles(const QString &text)
{
    QString t = text.trimmed();
    t.remove(u' ');
    t.remove(QChar(0x00A0));
    t.replace(u',', u'.');
    if (t.endsWith(u"₽"_s))
        t.chop(1);
    static const QRegularExpression re(u"^([0-9]{1,12})(?:\\.([0-9]{1,2}))?$"_s);
    const auto m = re.match(t);
    if (!m.hasMatch())
        return std::nullopt;
    const qint64 whole = m.captured(1).toLongLong();
    const QString frac = m.captured(2).leftJustified(2, u'0');
    return whole * 100 + frac.toLongLong();
}

} // namespace okno
