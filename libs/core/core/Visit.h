#pragma once

#include "Result.h"
#include "Types.h"

#include <QDateTime>
#include <QList>
#include <QString>

namespace okno {

// One stage of a visit: a place in one queue, with its own ticket and timestamps.
struct Stage
{
    int index = 0; // 0, 1, 2 … within the visit
    Id queueId = 0;
    StageRole role = StageRole::Administrator;
    QString ticket;       // "К-015"
    int ticketNumber = 0; // 15
    QDate serviceDate;    // the centre-local working day the ticket belongs to
    StageState state = StageState::Waiting;
    QDateTime queuedAt; // UTC
    QDateTime calledAt; // first call
    QDateTime startedAt;
    QDateTime finishedAt; // done, no-show, transferred, cancelled
    int callCount = 0;    // 1 on first call, +1 on each recall
    Id deskId = 0;
    Id staffId = 0;
    QString note; // reason for postpone/cancel/transfer
    // A priority ticket first called while a regular ticket of its queue was waiting: one of the
    // run of priority calls that the queue policy limits (QueuePolicy.h). Set at the first call.
    bool calledAhead = false;

    bool isActive() const { return !isTerminal(state); }
};

// One person's trip to a centre.
struct Visit
{
    Id id = 0;
    Id centreId = 0;
    QDateTime createdAt; // UTC
    QString purpose;     // what the visitor came for, as reception wrote it
    QString priority;    // priority category code; empty = regular
    QString customerName;
    QString accountNumber; // лицевой счёт, digits
    QString channel;       // "reception", "kiosk", "oknoctl"
    Id createdBy = 0;      // staff or device id
    QList<Stage> stages;
    int version = 0; // incremented on every change, for optimistic clients

    bool isPriority() const { return !priority.isEmpty(); }
    const Stage *currentStage() const { return stages.isEmpty() ? nullptr : &stages.last(); }
    Stage *currentStage() { return stages.isEmpty() ? nullptr : &stages.last(); }
    bool isOpen() const
    {
        auto s = currentStage();
        return s && s->isActive();
    }
    // A visit counts a contact for every stage in which the visitor was actually served (8.3.1).
    int contacts() const;
};

// The visit state machine. Each function checks the transition and, if legal, applies it to the
// current stage; an illegal one leaves the visit untouched and says why.
namespace VisitTransitions {
Status call(Visit &v, const QDateTime &at, Id deskId, Id staffId);
Status recall(Visit &v, const QDateTime &at, Id deskId);
Status start(Visit &v, const QDateTime &at, Id deskId);
Status finish(Visit &v, const QDateTime &at, Id deskId);
Status noShow(Visit &v, const QDateTime &at, Id deskId);
Status postpone(Visit &v, const QDateTime &at, const QString &reason);
Status cancel(Visit &v, const QDateTime &at, const QString &reason);
// Closes the current stage as transferred and opens a new waiting stage in the target queue, under
// the same ticket: the visitor keeps the number they hold through every stage.
Status route(Visit &v, const QDateTime &at, Id toQueue, StageRole toRole, const QDate &serviceDate,
             const QString &note);
// Puts a postponed stage back into its queue (keeps its original queuedAt).
Status requeue(Visit &v, const QDateTime &at);
} // namespace VisitTransitions

// Validation of a visitor's registration data.
Status validateAccountNumber(const QString &account);   // empty is allowed; else 6–20 digits
QString normaliseAccountNumber(const QString &account); // strips spaces and dashes

} // namespace okno
