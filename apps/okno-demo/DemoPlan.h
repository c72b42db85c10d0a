#pragma once

#include <core/Result.h>
#include <core/Schedule.h>

#include <QDateTime>
#include <QString>

namespace okno::demo {

// When the demo centre's day should be on the server's clock (okno-server --clock-start).
struct DemoTime
{
    QDateTime at;         // UTC
    bool realTime = true; // `at` is the real time now
    QString reason;       // one line for a person
};

// The demo lives in working hours at any hour of the day:
//  - the centre is open now (or at lunch) → now;
//  - otherwise 10:00 (the centre's time) of the next working day, or its opening if later;
//  - never earlier than the newest event already in the database: a second run continues where
//    the first stopped, and moves on to the next working day once that day is over.
// `newestEvent` may be invalid (an empty database).
DemoTime chooseDemoTime(const Schedule &schedule, const QDateTime &now, const QDateTime &newestEvent);

// chooseDemoTime for a database that no server is using: the schedule of `centre` (its id or
// code; empty = the first centre) and the newest of its last events. A missing file is a fresh
// start (the default schedule, no events).
Result<DemoTime> planDemoTime(const QString &databasePath, const QString &centre, const QDateTime &now);

} // namespace okno::demo
