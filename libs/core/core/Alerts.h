#pragma once

#include "Organisation.h"
#include "Visit.h"

#include <QDateTime>
#include <QList>

// The live rules of the manager's dashboard: who waits (or is served) past the norm of their
// stage role right now, how loaded each stage role is, and whether a desk is busy. Pure functions
// of a centre, its open visits and the server's "now"; durations in the centre's working time
// (Schedule::workingSeconds: the lunch break, nights and closed days do not count).
namespace okno {

enum class AlertKind
{
    Wait,   // a waiting ticket has waited longer than the wait norm of its stage role
    Service // a service in progress has run longer than the service norm
};

struct Alert
{
    AlertKind kind = AlertKind::Wait;
    Id centreId = 0;
    Id visitId = 0;
    QString ticket; // "К-015"
    Id queueId = 0;
    StageRole role = StageRole::Administrator;
    qint64 seconds = 0;  // working seconds waited (or in service) so far
    qint64 normSecs = 0; // the norm it is past
    QString priority;    // priority category code, empty for a regular visitor
    Id deskId = 0;       // the desk serving it (a service alert)
};

// Every stage of `openVisits` that is past its norm at `now`, longest first (then by ticket):
// - a stage in state `waiting` whose wait (queuedAt → now) is longer than the centre's wait norm of
//   its role; a called, postponed or served ticket is not waiting;
// - with `services`, a stage `in_service` whose service (startedAt → now) is longer than the
//   service norm.
// "Past" means strictly longer than the norm, as Summary counts a duration equal to the norm as
// within it. Visits of other centres are ignored.
QList<Alert> overdueStages(const Centre &centre, const QList<Visit> &openVisits, const QDateTime &now,
                           bool services = true);

// The day's end (дообслуживание): once the centre gives no more tickets for the day, everyone who
// holds one of the day's tickets and is not yet served — waiting, set aside, called or at a desk —
// in the order they joined their queue. Empty while tickets are still given: the queue is then
// the roles' load. Visits of other centres and tickets of another day are ignored.
struct StillToServe
{
    Id visitId = 0;
    QString ticket;
    Id queueId = 0;
    StageRole role = StageRole::Administrator;
    StageState state = StageState::Waiting;
    QDateTime queuedAt;
    QString priority; // category code, empty for a regular visitor
    Id deskId = 0;    // called to or served at
};
QList<StillToServe> stillToServe(const Centre &centre, const QList<Visit> &openVisits, const QDateTime &now);

// The queue load of one stage role right now, as `status` counts it per queue.
struct RoleLoad
{
    StageRole role = StageRole::Administrator;
    int waiting = 0;            // stages in state `waiting`
    int postponed = 0;          // set aside, callable by choice
    int called = 0;             // called to a desk, the visitor not yet there
    int inService = 0;          // being served
    qint64 longestWaitSecs = 0; // working seconds the oldest waiting ticket has waited
    int waitingOverNorm = 0;    // waiting stages whose wait has already passed the norm
    Norm norm;                  // the centre's norm of the role
    bool longestOverNorm() const { return longestWaitSecs > qint64(norm.waitMinutes) * 60; }
};

// One entry per stage role, in the order of allStageRoles().
QList<RoleLoad> roleLoads(const Centre &centre, const QList<Visit> &openVisits, const QDateTime &now);

// What a desk is doing. A desk is busy when a ticket is called to it or in service there (the
// current stage of an open visit has that desk and is `called` or `in_service`); an open desk
// with neither is free. A closed desk or one on a break is that, whatever its tickets.
enum class DeskActivity
{
    Closed,
    Free,
    Busy,
    Break
};

DeskActivity deskActivity(const Desk &desk, const QList<Visit> &openVisits);
// The visit called to or served at the desk, or nullptr.
const Visit *visitAtDesk(const Desk &desk, const QList<Visit> &openVisits);

} // namespace okno
