#include "QueuePolicy.h"

namespace okno {

std::optional<qsizetype> pickNext(const QList<Candidate> &candidates, const QueuePolicyConfig &config,
                                  const std::function<int(Id queueId)> &priorityInRow)
{
    std::optional<qsizetype> oldestRegular;
    std::optional<qsizetype> oldestPriority;
    const auto older = [&](qsizetype a, std::optional<qsizetype> b) {
        if (!b)
            return true;
        const Candidate &x = candidates[a];
        const Candidate &y = candidates[*b];
        return x.queuedAt < y.queuedAt || (x.queuedAt == y.queuedAt && x.visitId < y.visitId);
    };
    for (qsizetype i = 0; i < candidates.size(); ++i) {
        auto &slot = candidates[i].priority ? oldestPriority : oldestRegular;
        if (older(i, slot))
            slot = i;
    }
    if (!oldestPriority)
        return oldestRegular;
    if (!oldestRegular)
        return oldestPriority;
    const Candidate &regular = candidates[*oldestRegular];
    if (regular.waitedWorkingSecs >= qint64(config.maxRegularWaitMinutes) * 60)
        return oldestRegular;
    if (priorityInRow(candidates[*oldestPriority].queueId) >= config.maxPriorityInRow)
        return oldestRegular;
    return oldestPriority;
}

} // namespace okno
