#pragma once

#include "HistoryTypes.h"

#include <core/Result.h>
#include <storage/StorageTypes.h>

#include <random>

namespace okno::history {

// The front office of a simulated day, recorded the way the server's consultation.save,
// shift.open/close and payment.record/reverse store it (the core's validate() and
// preparePayment() check every record; the same events are produced):
//  - a consultation ticket for every served consultant stage: the visitor's account and consumer
//    group, the topic of the centre's catalogue their purpose leads to, an outcome (mostly
//    resolved; follow_up with the date of the next visit; appeal_registered with an incoming
//    number), notes, and meter readings for the meter_readings topic;
//  - for every cashier desk that served anyone: one cash shift, opened just before the desk's
//    first service and closed a few minutes after its last; a payment per served cashier stage
//    (kopecks; cash with the amount tendered and the change, or card), receipts numbered in the
//    shift in time order; now and then a reversal a few minutes later, approved by the centre's
//    manager (at most one per payment, within the same shift);
//  - who comes back: most of those asked to (follow_up) on or soon after the date given, and a
//    few others anyway.
class FrontOfficeHistory
{
public:
    FrontOfficeHistory(std::mt19937 &rng, MaxIds &next, QHash<Id, int> lastShiftNumbers, bool events);

    // An error only if a generated record breaks a rule of the core (a bug here).
    Result<FrontOfficeDay> record(const CentreSetup &setup, const QDate &day, const SimulatedDay &sim);

private:
    struct Draft
    {
        Payment payment;
        int reverses = -1; // index of the draft it reverses
    };

    double uniform() { return std::uniform_real_distribution<double>(0.0, 1.0)(m_rng); }
    int between(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(m_rng); }
    Result<Consultation> consultation(const Centre &centre, const QDate &day, const Visit &v, const Stage &s,
                                      const Visitor &who);
    Result<Payment> payment(const Visit &v, const Stage &s, const Visitor &who);
    qint64 amountKopecks(ConsumerGroup g);
    QList<MeterReading> readings(const QString &account, ConsumerGroup g, const QDate &day);
    static QDate workingDayAfter(const Centre &centre, const QDate &day, int workingDays);
    Event event(QLatin1StringView type, const QDateTime &at, Id centreId, Id visitId, Id actorId,
                const char *key, const QJsonObject &json) const;

    std::mt19937 &m_rng;
    MaxIds &m_next;
    QHash<Id, int> m_lastShiftNumber; // per centre
    const bool m_events;
};

} // namespace okno::history
