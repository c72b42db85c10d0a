#pragma once

#include <core/Result.h>
#include <storage/DatabaseConfig.h>

#include <QDate>
#include <QString>

#include <functional>

namespace okno {

// Fills a database with a realistic history, through the real domain rules and the real storage
// layer: several centres, working days with morning and afternoon peaks, priority visitors,
// visits that go reception → consultant → cashier, no-shows, postponed and cancelled tickets.
//
// Each centre's day is simulated as a discrete-event model on a QueueEngine driven by a manual
// clock: visitors arrive (a Poisson process whose rate follows the hour of day), desks call the
// next ticket when free, visitors walk up or fail to come, services take a random time around the
// centre's norm. So the history obeys every rule the live server obeys (opening hours, lunch,
// cut-off, priority without starvation), and its statistics are what a real day would give.
struct HistoryOptions
{
    DatabaseConfig database;
    int centres = 3;
    QDate from;             // first day (working days only are simulated)
    QDate to;               // last day, inclusive
    int visitsPerDay = 120; // mean arrivals per centre per working day
    quint32 seed = 20261123;
    bool events = true;                            // append visit events to the log as the live server would
    std::function<void(const QString &)> progress; // one line per day, optional
};

struct HistorySummary
{
    int centres = 0;
    int days = 0;
    qint64 visits = 0;
    qint64 stages = 0;
    qint64 events = 0;
};

// The database must not be in use by a running server. Centres, queues, desks and staff are
// created on the first run (codes GEN-1, GEN-2, …) and reused by later runs.
Result<HistorySummary> generateHistory(const HistoryOptions &options);

} // namespace okno
