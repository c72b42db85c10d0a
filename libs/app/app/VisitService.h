#pragma once

#include "Change.h"

#include <core/QueueEngine.h>

#include <optional>

namespace okno::app {

// A visit command's result: the visit as it now is, its place in the queue where the visitor
// gets a new ticket, and what to store and publish.
struct VisitDone
{
    Visit visit;
    std::optional<QueuePosition> position; // visit.issue, visit.route
    Change change;
};

struct DeskDone
{
    Desk desk;
    Change change;
};

// Visits and desks: the one implementation of visit.* and desk.* (docs/protocol.md). The core's
// QueueEngine decides and changes the state; this says what each change stores and publishes.
// Who may ask is not decided here (the server's access policy does that before the command runs);
// an actor is whoever is recorded as having done it (0: the server itself).
class VisitService
{
public:
    explicit VisitService(QueueEngine &engine);

    QueueEngine &engine() { return m_engine; }

    // Whether results carry their events (and a visitor's queue position). On by default; the
    // history generator turns it off when it keeps no event log, so nothing is encoded only to
    // be thrown away. What is stored (Change::writes) is the same either way.
    void setEvents(bool on) { m_events = on; }

    Result<VisitDone> issue(const IssueRequest &r); // done by r.createdBy
    Result<VisitDone> callNext(const Actor &a);
    Result<VisitDone> call(const Actor &a, Id visitId);
    Result<VisitDone> recall(const Actor &a, Id visitId);
    Result<VisitDone> start(const Actor &a, Id visitId);
    Result<VisitDone> finish(const Actor &a, Id visitId);
    Result<VisitDone> noShow(const Actor &a, Id visitId);
    Result<VisitDone> requeue(const Actor &a, Id visitId);
    Result<VisitDone> route(const Actor &a, Id visitId, Id toQueueId, const QString &note);
    Result<VisitDone> postpone(const Actor &a, Id visitId, const QString &reason);
    Result<VisitDone> cancel(const Actor &a, Id visitId, const QString &reason);
    Result<VisitDone> setPriority(const Actor &a, Id visitId, const QString &priority);
    // The day is over: visits still open from an earlier local date are closed (visit.expired).
    QList<VisitDone> expireStale();

    Result<DeskDone> openDesk(Id deskId, Id staffId);
    Result<DeskDone> breakDesk(Id deskId, Id actorId);
    Result<DeskDone> resumeDesk(Id deskId, Id actorId);
    Result<DeskDone> closeDesk(Id deskId, Id actorId);
    // Desks left open after their centre's hours are closed (desk.closed).
    QList<DeskDone> closeIdleAfterHours();

private:
    Result<VisitDone> done(Result<Visit> v, const QString &type, Id actorId, bool withPosition = false);
    Result<DeskDone> done(Result<Desk> d, const QString &type, Id actorId);

    QueueEngine &m_engine;
    bool m_events = true;
};

} // namespace okno::app
