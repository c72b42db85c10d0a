#pragma once

// What the parts of the history generator hand each other. Internal to libs/history.

#include <core/Event.h>
#include <core/FrontOffice.h>
#include <core/Organisation.h>
#include <core/QueueEngine.h>

#include <QDate>
#include <QHash>
#include <QList>
#include <QString>

#include <map>

namespace okno::history {

// A person and why they come: the same for every visit of theirs.
struct Returner
{
    QString account; // the person's account number
    ConsumerGroup group = ConsumerGroup::Household;
    QString priority;
    QString purpose; // empty: a new reason, drawn afresh
    QString topic;
    bool followUp = false; // asked to come back by a consultant
};

// One visit as planned before it happens.
struct Visitor
{
    QList<Id> queues; // the queues the visit passes through, in order
    QString priority;
    QString account;              // the person's account number: the cashier and consultant always know it
    bool accountOnTicket = false; // reception or the kiosk wrote it on the visit
    QString purpose;
    ConsumerGroup group = ConsumerGroup::Household;
    QString topic;         // what a consultation is about; empty if the catalogue has none
    bool followUp = false; // comes back after a follow-up
};

// A centre as the generator runs it.
struct CentreSetup
{
    Centre centre;
    QList<Desk> desks;                       // active desks serving an active queue, by number
    QHash<Id, Actor> actorAt;                // desk → the person at it, with their role
    std::map<StageRole, QList<Id>> queuesOf; // active queues with a desk serving them, by id
    Id receptionistId = 0;                   // who issues tickets at reception (the first one)
    Id managerId = 0;                        // who approves reversals
    int meanVisits = 0;                      // mean arrivals per working day
};

// What one simulated day of one centre produced.
struct SimulatedDay
{
    QList<Visit> visits;          // every visit changed that day, final state, by id
    QHash<Id, Visitor> visitorOf; // visit id → its plan
    QList<Event> events;          // seq not yet assigned, in time order
};

// The front office of that day.
struct FrontOfficeDay
{
    QList<Consultation> consultations;
    QList<CashShift> shifts;
    QList<Payment> payments;                   // by id, reversals after what they reverse
    QList<Event> events;                       // seq not yet assigned
    QList<std::pair<QDate, Returner>> returns; // who will come back, and when
};

} // namespace okno::history
