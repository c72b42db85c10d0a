#pragma once

#include "Organisation.h"
#include "Statistics.h"
#include "Visit.h"

#include <QDate>
#include <QHash>
#include <QList>

// What the manager's dashboard reports beyond waits and services against the norms: the load by
// hour of day and by day, each person's figures, no-shows, and the standard's own quality
// measures — contacts per visit (8.3.1: the fewest is the goal) and repeat visits (8.3.2: the
// visitor should not need to come again). Pure functions over visits; durations in working time.
//
// Several centres may be reported together: each visit is measured in its own centre's working
// time and each stage judged against its own centre's norm for its role, so "within norm" means
// the same thing whether one centre or all are shown. Order statistics (median, p90) are taken
// over the union of the durations, never averaged from per-centre figures.
namespace okno {

struct RoleFigures
{
    StageRole role = StageRole::Administrator;
    Summary wait;
    Summary service;
    friend bool operator==(const RoleFigures &, const RoleFigures &) = default;
};

struct HourFigures
{
    int hour = 0;             // local hour of day, 0–23
    int arrivals = 0;         // visits created in that hour
    Summary wait;             // stages called in that hour, every role
    Summary service;          // stages finished in that hour, every role
    QList<RoleFigures> roles; // the same per stage role, every role in order
    friend bool operator==(const HourFigures &, const HourFigures &) = default;
};

struct DayFigures
{
    QDate date;
    int arrivals = 0;
    int served = 0; // stages served that day
    Summary wait;   // norms judged per stage role
    Summary service;
    QList<RoleFigures> roles;
    friend bool operator==(const DayFigures &, const DayFigures &) = default;
};

struct StaffFigures
{
    Id staffId = 0;
    Id centreId = 0;
    StageRole role = StageRole::Consultant;
    int served = 0; // stages this person served to the end (done or routed on)
    int noShows = 0;
    Summary service; // judged against the norm of the stage's role
    friend bool operator==(const StaffFigures &, const StaffFigures &) = default;
};

struct QualityFigures
{
    int visits = 0;              // visits created in the period
    int finishedVisits = 0;      // visits whose last stage is done
    double contactsPerVisit = 0; // served stages per finished visit
    int calledStages = 0;
    int noShows = 0;
    double noShowRate = 0; // no-shows / called stages
    int visitsWithAccount = 0;
    int repeatVisits = 0;   // visits whose account came within `repeatWindowDays` before
    double repeatShare = 0; // repeatVisits / visitsWithAccount
    int repeatWindowDays = 0;
    friend bool operator==(const QualityFigures &, const QualityFigures &) = default;
};

struct CentreFigures
{
    Id centreId = 0;
    QList<RoleStatistics> roles;
    QualityFigures quality;
    friend bool operator==(const CentreFigures &, const CentreFigures &) = default;
};

struct Dashboard
{
    QDate from, to;
    QList<RoleStatistics> roles;
    QList<HourFigures> byHour;   // only hours that had any activity, in order
    QList<DayFigures> byDay;     // only days that had visits, in order
    QList<StaffFigures> byStaff; // by staff id
    QualityFigures quality;
    QList<CentreFigures> centres; // each centre reported, by id (one entry for one centre)
    friend bool operator==(const Dashboard &, const Dashboard &) = default;
};

// `visits` must hold the centres' visits created from `from − repeatWindowDays` to `to`
// (the earlier ones only count as previous visits for the repeat measure; a repeat is the same
// account seen at any of the centres given). Visits of centres not in `centres` are ignored.
// The period's days are each centre's own local days.
Dashboard computeDashboard(const QList<Visit> &visits, const QHash<Id, Centre> &centres, const QDate &from,
                           const QDate &to, int repeatWindowDays = 30);
// One centre.
Dashboard computeDashboard(const QList<Visit> &visits, const Centre &centre, const QDate &from,
                           const QDate &to, int repeatWindowDays = 30);

// Waiting and service statistics per stage role over stages of several centres: each record in its
// centre's working time, judged against its centre's norm. A role's `norm` is that of the centre
// with the lowest id (centres rarely differ; withinNorm is exact either way).
QList<RoleStatistics> computeStatistics(const QList<StageRecord> &records, const QHash<Id, Centre> &centres);

// Stage records of visits, as computeStatistics takes them.
QList<StageRecord> stageRecordsOf(const QList<Visit> &visits);

} // namespace okno
