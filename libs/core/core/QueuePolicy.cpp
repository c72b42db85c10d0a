#include "QueuePolicy.h"

namespace okno {

std::optional<qsizetype> pickNext(const QList<Candidate> &candidates, const QueuePolicyConfig &config,
                                  const std::function<int(Id queueId)> &priorityInRow)
{
    // The oldest candidate that `wanted` accepts: first queued, ties by visit id.
    const auto oldest = [&](const auto &wanted) {
        std::optional<qsizetype> found;
        for (qsizetype i = 0; i < candidates.size(); ++i) {
            const Candidate &x = candidates[i];
            if (!wanted(x))
                continue;
            if (found) {
                const Candidate &y = candidates[*found];
                if (!(x.queuedAt < y.queuedAt || (x.queuedAt == y.queuedAt && x.visitId < y.visitId)))
                    continue;
            }
            found = i;
        }
        return found;
    };
    const auto oldestPriority = oldest([](const Candidate &c) { return c.priority; });
    const auto oldestRegular = oldest([](const Candidate &c) { return !c.priority; });
    if (!oldestPriority)
        return oldestRegular;
    if (!oldestRegular)
        return oldestPriority;
    if (candidates[*oldestRegular].waitedWorkingSecs >= qint64(config.maxRegularWaitMinutes) * 60)
        return oldestRegular;
    const Id queue = candidates[*oldestPriority].queueId;
    const auto regularOfQueue =
        oldest([queue](const Candidate &c) { return !c.priority && c.queueId == queue; });
    if (regularOfQueue && priorityInRow(queue) >= config.maxPriorityInRow)
        return regularOfQueue;
    return oldestPriority;
}

} // namespace okno
