#pragma once

#include "HistoryTypes.h"
#include "VisitorMix.h"

#include <app/VisitService.h>
#include <core/Clock.h>
#include <core/QueueEngine.h>

#include <map>
#include <random>

namespace okno::history {

// The instants (UTC) a centre is open on a local date: one period, or two around the lunch break;
// none on a closed day.
QList<std::pair<QDateTime, QDateTime>> openPeriods(const Centre &centre, const QDate &day);

// One working day of one centre as a discrete-event model driven by a manual clock: every change is
// made by the server's own visit commands (app::VisitService on the real QueueEngine), so a
// simulated visit and its events are exactly what the live server would store: visitors arrive (a Poisson
// process whose rate follows the hour of day), free desks call the next ticket, visitors walk up or fail to
// come, services take a random time around the centre's norm. Staff call nobody in the last minutes before
// lunch and closing, and a service still running then is wrapped up at the break: so every stage's timestamps
// lie within the centre's open hours and none in the lunch break (a wait may span lunch, as in life). What is
// left at the end of the day is closed as the live server closes it.
class DaySimulation
{
public:
    DaySimulation(QueueEngine &engine, ManualClock &clock, std::mt19937 &rng, const CentreSetup &setup,
                  bool events);

    // `returning` come back that day (they take the place of new arrivals).
    SimulatedDay run(const QDate &day, int meanVisits, const QList<Visitor> &returning, VisitorMix &mix);

private:
    enum class Kind
    {
        Arrive,
        Tick,
        Leave,
        WalkUp,
        Recall,
        NoShow,
        Finish
    };
    struct SimEvent
    {
        Kind kind = Kind::Tick;
        int visitor = -1; // index into m_visitors (Arrive)
        Id visitId = 0;
        Id deskId = 0;
    };

    QDateTime periodEnd(const QDateTime &t) const; // end of the open period holding t; invalid if none
    double uniform() { return std::uniform_real_distribution<double>(0.0, 1.0)(m_rng); }
    void schedule(const QDateTime &t, SimEvent e) { m_queue.emplace(t, e); }
    void note(const Result<app::VisitDone> &r); // what changed, and its events when they are kept
    qint64 serviceSecs(StageRole role);
    void handle(const SimEvent &e);
    void dispatch();

    QueueEngine &m_engine;
    app::VisitService m_visits;
    ManualClock &m_clock;
    std::mt19937 &m_rng;
    const CentreSetup &m_setup;
    const bool m_events;
    QList<std::pair<QDateTime, QDateTime>> m_periods; // the day's open periods (UTC), in order
    QList<Visitor> m_visitors;
    QHash<Id, int> m_visitorOf; // visit id → index into m_visitors
    std::multimap<QDateTime, SimEvent> m_queue;
    QHash<Id, Visit> m_changed;
    QList<Event> m_log;
    QHash<Id, int> m_waitingIn;     // queue → tickets waiting in it
    QHash<Id, Id> m_waitingQueueOf; // visit → the queue it waits in
    QHash<Id, Id> m_atDesk;         // desk → the visit called to it or served there
};

} // namespace okno::history
