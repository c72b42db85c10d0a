#pragma once

#include "HistoryTypes.h"

#include <app/FrontOfficeService.h>
#include <core/Clock.h>
#include <core/Result.h>
#include <storage/StorageTypes.h>

#include <limits>
#include <random>

namespace okno::history {

// The front office of a simulated day, recorded by the server's own consultation.save,
// shift.open/close and payment.record/reverse (app::FrontOfficeService, replayed in time order on
// a manual clock): every record passes the same rules and gets the same numbers and events as on
// the live server. What is drafted here is what the staff would type:
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

    // The ids handed out stay below these (the ends of the blocks the run reserved): past them,
    // a record is refused rather than take an id that is not the run's.
    void setIdEnds(Id shiftEnd, Id paymentEnd)
    {
        m_shiftEnd = shiftEnd;
        m_paymentEnd = paymentEnd;
    }

    // An error only if a generated record breaks a rule of the core (a bug here).
    Result<FrontOfficeDay> record(const CentreSetup &setup, const QDate &day, const SimulatedDay &sim);

private:
    struct Draft // a payment as the cashier types it, or the reversal of an earlier draft
    {
        Payment payment;   // account, amount, purpose, method, tendered, visit, desk, at
        int reverses = -1; // index of the draft it reverses
        QString reason;    // of a reversal
    };

    double uniform() { return std::uniform_real_distribution<double>(0.0, 1.0)(m_rng); }
    int between(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(m_rng); }
    Result<app::ConsultationDone> consultation(const Centre &centre, const QDate &day, const Visit &v,
                                               const Stage &s, const Visitor &who);
    Payment payment(const Visit &v, const Stage &s, const Visitor &who);
    qint64 amountKopecks(ConsumerGroup g);
    QList<MeterReading> readings(const QString &account, ConsumerGroup g, const QDate &day);
    static QDate workingDayAfter(const Centre &centre, const QDate &day, int workingDays);

    std::mt19937 &m_rng;
    MaxIds &m_next;
    Id m_shiftEnd = std::numeric_limits<Id>::max();
    Id m_paymentEnd = std::numeric_limits<Id>::max();
    const bool m_events;
    ManualClock m_clock;
    app::FrontOfficeService m_office;
};

} // namespace okno::history
