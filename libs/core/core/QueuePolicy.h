#pragma once

#include "Organisation.h"

#include <QList>

#include <functional>
#include <optional>

namespace okno {

// A waiting ticket as the policy sees it.
struct Candidate
{
    Id visitId = 0;
    Id queueId = 0;
    bool priority = false;
    QDateTime queuedAt;
    qint64 waitedWorkingSecs = 0;
};

// Chooses the next ticket for a desk among the tickets waiting in its queues (today's, not
// postponed):
//   1. a regular ticket that has waited `maxRegularWaitMinutes` of working time or more: the
//      oldest regular ticket goes;
//   2. else, if a priority ticket waits, the oldest priority ticket goes — unless its queue has had
//      `maxPriorityInRow` priority calls in a row while a regular ticket of that queue waited and
//      a regular ticket of that queue waits now: then the oldest regular ticket of that queue goes;
//   3. else the oldest regular ticket.
// "Oldest" is by the time it joined the queue, ties by visit id. `priorityInRow(queue)` gives the
// run: a priority call counts only if a regular ticket of the queue was waiting at that moment;
// a regular call, or a priority call with no regular ticket waiting, ends it (QueueEngine works it
// out from the day's stages). Returns an index into `candidates`, or nothing if it is empty.
std::optional<qsizetype> pickNext(const QList<Candidate> &candidates, const QueuePolicyConfig &config,
                                  const std::function<int(Id queueId)> &priorityInRow);

} // namespace okno
