#pragma once

#include "Clock.h"
#include "IdRange.h"
#include "Organisation.h"
#include "QueuePolicy.h"
#include "Result.h"
#include "Visit.h"

#include <QHash>

#include <QList>
#include <QSet>

#include <functional>
#include <optional>
#include <vector>

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
    // Everything of the centre — its configuration, desks, visits and ticket numbers — as if it
    // had never been loaded (a node hands the centre over to another, docs/scale-out.md).
    void forgetCentre(Id centreId);
    void noteTicketNumber(Id queueId, const QDate &day, int number); // highest number issued
    // The ids new visits get (IdRange): a server gives the engine blocks from its database and
    // tops them up before they run out; without one, the engine counts up from 1. A loaded visit's
    // id is never handed out again.
    void setVisitIds(IdRange ids) { m_visitIds = ids; }
    const IdRange &visitIds() const { return m_visitIds; }

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
    // Expected wait for `ahead` people in the queue: ahead × service norm ÷ desks open for it.
    int expectedWaitMinutes(Id queueId, int ahead) const;

    // --- indexes over m_visits, so that no answer walks the day's visits. Every change of a
    // visit ends with reindex() (a Reindexing guard where the visit is changed); the test
    // test_engine_indexes.cpp compares each answer with a walk over every visit.
    struct Ticket // a waiting ticket's place: first queued first, ties by visit id
    {
        qint64 queuedAtMs = 0;
        Id visitId = 0;
        friend auto operator<=>(const Ticket &, const Ticket &) = default;
    };
    struct CallMark // a stage's call: latest last; calls in the same millisecond in a fixed order
    {
        qint64 calledAtMs = 0;
        Id visitId = 0;
        int stage = 0;
        bool ahead = false; // a priority call while a regular ticket of the queue waited
        friend auto operator<=>(const CallMark &, const CallMark &) = default;
    };
    struct QueueDay // one queue on one service date
    {
        std::vector<Ticket> priority, regular; // waiting, in order
        int setAside = 0;                      // postponed
        std::vector<CallMark> calls;           // every call, in order
        bool empty() const { return priority.empty() && regular.empty() && !setAside && calls.empty(); }
    };
    struct Indexed // what one visit adds to the indexes
    {
        Id centreId = 0;
        bool open = false;
        Id queueId = 0; // the current stage's queue and day, when it waits or is set aside
        QDate day;
        std::optional<bool> waitingPriority; // waiting: as priority or not, since queuedAtMs
        qint64 queuedAtMs = 0;
        bool setAside = false;
        Id deskId = 0; // called to or served at
        struct Call
        {
            Id queueId;
            QDate day;
            CallMark mark;
        };
        QList<Call> calls;
    };
    class Reindexing;
    void reindex(Id visitId);
    void addToIndexes(Id visitId, const Indexed &x);
    void removeFromIndexes(Id visitId, const Indexed &x);
    const QueueDay *queueDay(Id queueId, const QDate &day) const;

    const Clock &m_clock;
    QHash<Id, Centre> m_centres;
    QHash<Id, Queue> m_queues;
    QHash<Id, Desk> m_desks;
    QHash<Id, Visit> m_visits;                 // active, plus today's finished
    QHash<Id, QHash<QDate, int>> m_lastTicket; // queue → day → last number
    IdRange m_visitIds = IdRange::from(1);
    QHash<Id, Indexed> m_indexed;                  // visit → what it adds below
    QHash<Id, QHash<QDate, QueueDay>> m_queueDays; // queue → service date → tickets and calls
    QHash<Id, Id> m_visitAtDesk;                   // desk → the visit called to it or served there
    QHash<Id, QSet<Id>> m_openVisits;              // centre → its visits with an active stage
    QHash<Id, QDate> m_sweptDay;                   // centre → the day its finished visits were dropped for
};

} // namespace okno
