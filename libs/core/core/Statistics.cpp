#include "Statistics.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace okno {

Summary Summary::of(QList<qint64> durations, qint64 normSecs)
{
    Summary s;
    s.count = int(durations.size());
    if (durations.isEmpty())
        return s;
    std::sort(durations.begin(), durations.end());
    const double sum = std::accumulate(durations.cbegin(), durations.cend(), 0.0);
    s.mean = sum / double(s.count);
    const qsizetype n = durations.size();
    s.median =
        n % 2 ? double(durations[n / 2]) : (double(durations[n / 2 - 1]) + double(durations[n / 2])) / 2.0;
    const auto rank = qsizetype(std::ceil(0.9 * double(n)));
    s.p90 = double(durations[std::clamp<qsizetype>(rank, 1, n) - 1]);
    s.max = double(durations.last());
    s.withinNorm =
        int(std::count_if(durations.cbegin(), durations.cend(), [&](qint64 d) { return d <= normSecs; }));
    s.withinNormShare = double(s.withinNorm) / double(s.count);
    return s;
}

QList<RoleStatistics> computeStatistics(const QList<StageRecord> &records, const Schedule &schedule,
                                        const Norms &norms)
{
    QList<RoleStatistics> out;
    for (StageRole role : allStageRoles()) {
        RoleStatistics rs;
        rs.role = role;
        rs.norm = norms.of(role);
        QList<qint64> waits;
        QList<qint64> services;
        for (const StageRecord &r : records) {
            if (r.role != role)
                continue;
            ++rs.stages;
            if (r.state == StageState::NoShow)
                ++rs.noShows;
            if (r.state == StageState::Cancelled)
                ++rs.cancelled;
            if (r.state == StageState::Unserved)
                ++rs.unserved;
            if (r.calledAt.isValid() && r.queuedAt.isValid())
                waits.append(schedule.workingSeconds(r.queuedAt, r.calledAt));
            if (r.startedAt.isValid() && r.finishedAt.isValid()) {
                ++rs.served;
                services.append(schedule.workingSeconds(r.startedAt, r.finishedAt));
            }
        }
        rs.wait = Summary::of(waits, qint64(rs.norm.waitMinutes) * 60);
        rs.service = Summary::of(services, qint64(rs.norm.serviceMinutes) * 60);
        out.append(rs);
    }
    return out;
}

} // namespace okno
