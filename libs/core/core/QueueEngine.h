#pragma once

#include "Clock.h"
#include "Organisation.h"
#include "QueuePolicy.h"
#include "Result.h"
#include "Visit.h"

#include <QHash>

#include <QList>
#include <functional>

namespace okno {

// Who asks for an operation: the session's staff member, role and desk.
struct Actor
{
    Id staffId = 0;
    Role role = Role::Administrator;
    Id deskId = 0;
};

struct IssueRequest
{
    Id centreId = 0;
    Id queueId = 0;
    QString purpose;
    QString priority; // category code or empty
    QString customerName;
    QString accountNumber;
    QString channel;
    Id createdBy = 0;
};

// Where a waiting ticket stands: people ahead of it and a rough expected wait.
struct QueuePosition
{
    int ahead = 0;
    int expectedWaitMinutes = 0;
};

// The live state of every centre's queues and desks, and the rules that change it. Pure domain:
// no storage, no network. The server loads it from storage at start, applies each request to it,
// persists what changed and only then answers. Ids of new visits are assigned here, since the
// server is the only writer.
class QueueEngine
{
public:
    explicit QueueEngine(const Clock &clock);

    const Clock &clock() const { return m_clock; }

    // --- configuration, loaded from storage and changed by administrative operations
    void putCentre(const Centre &c);
    void putQueue(const Queue &q);
    void putDesk(const Desk &d); // keeps the live state of a desk already known
    const Centre *centre(Id id) const;
    const Queue *queue(Id id) const;
    const Desk *desk(Id id) const;
    QList<Centre> centres() const;
    QList<Queue> queues(Id centreId) const;
    QList<Desk> desks(Id centreId) const;

    // --- state loaded at start
    void loadVisit(const Visit &v); // active visits and today's finished ones
    void noteTicketNumber(Id queueId, const QDate &day, int number); // highest number issued
    void setNextVisitId(Id id) { m_nextVisitId = id; }

    const Visit *visit(Id id) const;
    // Visits with an active stage in the centre, oldest first.
    QList<Visit> activeVisits(Id centreId) const;
    // The visit a desk has called or is serving, if any.
    const Visit *visitAtDesk(Id deskId) const;

    // --- visitors
    Result<Visit> issue(const IssueRequest &r);
    QueuePosition position(Id visitId) const;
    // Where a ticket given now for `queueId` would stand (a priority one, or a regular one): what
    // reception tells a visitor before issuing or routing.
    QueuePosition forecast(Id queueId, bool priority) const;
    Result<Visit> setPriority(Id visitId, const QString &priority);

    // --- desks
    Result<Desk> openDesk(Id deskId, Id staffId);
    Result<Desk> breakDesk(Id deskId);
    Result<Desk> resumeDesk(Id deskId);
    Result<Desk> closeDesk(Id deskId); // refused while a visitor is called or served there

    // --- serving; each needs an open desk (the actor's)
    Result<Visit> callNext(const Actor &a);
    Result<Visit> callVisit(const Actor &a, Id visitId); // a chosen or postponed ticket
    Result<Visit> recall(const Actor &a, Id visitId);
    Result<Visit> start(const Actor &a, Id visitId);
    Result<Visit> finish(const Actor &a, Id visitId);
    Result<Visit> noShow(const Actor &a, Id visitId);
    Result<Visit> route(const Actor &a, Id visitId, Id toQueueId, const QString &note);
    Result<Visit> postpone(const Actor &a, Id visitId, const QString &reason);
    Result<Visit> requeue(const Actor &a, Id visitId);
    Result<Visit> cancel(const Actor &a, Id visitId, const QString &reason);

    // Closes desks left open or on a break once the centre has closed for the day (nobody
    // pressed "end of shift"), unless a visitor is still at the desk; returns them.
    QList<Desk> closeIdleDesksAfterHours();

    // Closes stages still active from an earlier working day (the day is over): the waiting and
    // set-aside ones as unserved, a called one as a no-show, one in service as done. Returns them.
    QList<Visit> expireStaleVisits();

private:
    // People ahead in `queueId` on `serviceDate` of a ticket (not `self`) with the given priority,
    // `earlier` telling which tickets of its own kind came before it.
    QueuePosition positionIn(Id queueId, const QDate &serviceDate, bool priority,
                             const std::function<bool(const Visit &, const Stage &)> &earlier, Id self) const;
    Result<Visit *> findVisit(Id id);
    Result<Desk *> servingDesk(const Actor &a);
    Status checkDeskServesQueue(const Desk &d, Id queueId) const;
    Status checkCentreServing(Id centreId) const;
    // Whether a ticket of the centre's current day waits (or is set aside) in one of the desk's queues.
    bool ticketsOfTodayWaitFor(const Desk &d) const;
    // The next ticket of a queue on a day, "К-015": at least three digits, more past 999.
    QString nextTicket(const Queue &q, const QDate &day, int *number);
    // Calls the visit's current stage to the desk, noting whether the call went ahead of a
    // waiting regular ticket of its queue.
    Status call(Visit &v, const Desk &desk, Id staffId, const QDate &day);
    // Whether a regular ticket other than `exceptVisitId` waits in the queue on that day.
    bool regularWaiting(Id queueId, const QDate &day, Id exceptVisitId) const;
    // How many priority tickets have been called in a row from the queue that day while a regular
    // one waited: the latest calls (first calls, by calledAt) that went ahead, up to the latest one
    // that did not. Worked out from the day's stages, so it is the same after a restart.
    int priorityInRow(Id queueId, const QDate &day) const;
    Visit &store(Visit &&v);

    const Clock &m_clock;
    QHash<Id, Centre> m_centres;
    QHash<Id, Queue> m_queues;
    QHash<Id, Desk> m_desks;
    QHash<Id, Visit> m_visits;                 // active, plus today's finished
    QHash<Id, QHash<QDate, int>> m_lastTicket; // queue → day → last number
    Id m_nextVisitId = 1;
};

} // namespace okno
