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

// Chooses the next ticket for a desk: the oldest priority ticket first, unless a regular ticket
// has waited longer than the limit or the queue has already served `maxPriorityInRow` priority
// tickets in a row while regular ones waited (no starvation). `priorityInRow` gives that count
// for a queue. Returns an index into `candidates`, or nothing if it is empty.
std::optional<qsizetype> pickNext(const QList<Candidate> &candidates, const QueuePolicyConfig &config,
                                  const std::function<int(Id queueId)> &priorityInRow);

} // namespace okno
