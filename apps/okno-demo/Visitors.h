#pragma once

#include <core/Organisation.h>
#include <core/Types.h>
#include <core/Visit.h>
#include <history/ArrivalProfile.h>

#include <QList>
#include <QString>

#include <random>

namespace okno::demo {

// Arrivals by hour: the shape okno-history uses, so the live demo day looks like the history.
using okno::arrivalWeight;
using okno::maxArrivalWeight;

// What one visitor came for, decided when they arrive: the queues they will pass through, who
// they are, what they will pay.
struct VisitorPlan
{
    QList<StageRole> stages; // in order; the first is the queue of their first ticket
    QString priority;        // a priority category code, or empty
    QString accountNumber;   // лицевой счёт, or empty
    QString customerName;
    QString purpose;
    ConsumerGroup consumerGroup = ConsumerGroup::Household;
    bool viaKiosk = true; // takes the ticket at the kiosk; else registered at reception
};

// Makes visitors: about 8 % priority, accounts from a pool so that some people come back,
// visits reception → consultant → cashier in the proportions okno-history uses.
class VisitorFactory
{
public:
    VisitorFactory(std::mt19937 &rng, Id centreId);
    void setCentre(Id centreId) { m_centreId = centreId; } // accounts are numbered per centre

    VisitorPlan make(const Centre &centre);
    // A plan for a visit the demo did not issue (a ticket from a person at a terminal, or from an
    // earlier run): the stages it already has, then perhaps the cashier.
    VisitorPlan forVisit(const Visit &visit);
    QString poolAccount(); // an account number of the pool

private:
    double uniform();

    std::mt19937 &m_rng;
    Id m_centreId = 0;
};

} // namespace okno::demo
