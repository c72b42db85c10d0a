#pragma once

#include "Norms.h"
#include "Schedule.h"
#include "Visit.h"

#include <QList>

namespace okno {

// Order statistics of a set of durations, in seconds of working time.
struct Summary
{
    int count = 0;
    double mean = 0;
    double median = 0; // middle value; the mean of the two middle values for an even count
    double p90 = 0;    // nearest-rank 90th percentile: the ceil(0.9·n)-th smallest value
    double max = 0;
    int withinNorm = 0;         // durations ≤ the norm
    double withinNormShare = 0; // withinNorm / count, 0 when count is 0

    static Summary of(QList<qint64> durations, qint64 normSecs);
    friend bool operator==(const Summary &, const Summary &) = default;
};

// What statistics need of one stage.
struct StageRecord
{
    Id visitId = 0;
    Id centreId = 0;
    Id queueId = 0;
    Id staffId = 0;
    StageRole role = StageRole::Administrator;
    StageState state = StageState::Waiting;
    QDateTime queuedAt, calledAt, startedAt, finishedAt;
    QDate serviceDate;
};

struct RoleStatistics
{
    StageRole role = StageRole::Administrator;
    Norm norm;
    int stages = 0; // stages queued in the period
    int served = 0; // stages whose service finished
    int noShows = 0;
    int cancelled = 0;
    int unserved = 0; // still waiting when the day ended
    Summary wait;     // called − queued, for every called stage
    Summary service;  // finished − started, for every stage with both
    friend bool operator==(const RoleStatistics &, const RoleStatistics &) = default;
};

// Waiting and service statistics per stage role, durations in the schedule's working time.
QList<RoleStatistics> computeStatistics(const QList<StageRecord> &records, const Schedule &schedule,
                                        const Norms &norms);

} // namespace okno
