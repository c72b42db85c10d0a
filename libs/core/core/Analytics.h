#pragma once

#include "Organisation.h"
#include "Statistics.h"
#include "Visit.h"

#include <QDate>
#include <QList>

// What the manager's dashboard reports beyond waits and services against the norms: the load by
// hour of day and by day, each person's figures, no-shows, and the standard's own quality
// measures — contacts per visit (8.3.1: the fewest is the goal) and repeat visits (8.3.2: the
// visitor should not need to come again). Pure functions over visits; durations in working time.
namespace okno {

struct HourFigures
{
    int hour = 0;     // local hour of day, 0–23
    int arrivals = 0; // visits created in that hour
    Summary wait;     // stages called in that hour
    Summary service;  // stages finished in that hour
};

struct DayFigures
{
    QDate date;
    int arrivals = 0;
    int served = 0; // stages served that day
    Summary wait;   // norms judged per stage role
    Summary service;
};

struct StaffFigures
{
    Id staffId = 0;
    StageRole role = StageRole::Consultant;
    int served = 0; // stages this person served to the end (done or routed on)
    int noShows = 0;
    Summary service; // judged against the norm of the stage's role
};

struct QualityFigures
{
    int visits = 0;              // visits created in the period
    int finishedVisits = 0;      // visits whose last stage is done or routed nowhere further
    double contactsPerVisit = 0; // served stages per finished visit
    int calledStages = 0;
    int noShows = 0;
    double noShowRate = 0; // no-shows / called stages
    int visitsWithAccount = 0;
    int repeatVisits = 0;   // visits whose account came within `repeatWindowDays` before
    double repeatShare = 0; // repeatVisits / visitsWithAccount
    int repeatWindowDays = 0;
};

struct Dashboard
{
    QDate from, to;
    QList<RoleStatistics> roles;
    QList<HourFigures> byHour;   // only hours that had any activity, in order
    QList<DayFigures> byDay;     // only days that had visits, in order
    QList<StaffFigures> byStaff; // by staff id
    QualityFigures quality;
};

// `visits` must hold the centre's visits created from `from − repeatWindowDays` to `to`
// (the earlier ones only count as previous visits for the repeat measure).
Dashboard computeDashboard(const QList<Visit> &visits, const Centre &centre, const QDate &from,
                           const QDate &to, int repeatWindowDays = 30);

// Stage records of visits, as computeStatistics takes them.
QList<StageRecord> stageRecordsOf(const QList<Visit> &visits);

} // namespace okno
