#pragma once

#include <QDate>
#include <QTimeZone>

// Fast conversions between UTC instants and a time zone's wall clock.
//
// QTimeZone answers every question by searching the zone's rules, which costs microseconds; the
// dashboard's figures over years of history ask it millions of times. A zone's offset from UTC
// changes only at its transitions, so the offsets are worked out once per zone and year (from
// QTimeZone itself, so the answers are the same) and then looked up. Each thread keeps its own
// tables: no locks.
namespace okno::zone {

// The zone's offset from UTC at an instant (milliseconds since the epoch), in seconds.
int offsetAt(const QTimeZone &zone, qint64 utcMs);

// The local date at an instant.
QDate localDate(const QTimeZone &zone, qint64 utcMs);

// Milliseconds since local midnight at an instant.
int localMsecsOfDay(const QTimeZone &zone, qint64 utcMs);

// The instant of a local wall-clock time on a date. For a wall time that a change of offset
// skips or repeats (a DST change at night), the offset in force just before the change is used.
qint64 utcOf(const QTimeZone &zone, const QDate &date, int msecsOfDay);

} // namespace okno::zone
