#include "ZoneOffsets.h"

#include <QDateTime>
#include <QHash>

#include <algorithm>
#include <vector>

namespace okno::zone {

namespace {

constexpr qint64 kDayMs = 86'400'000;
constexpr qint64 kJulianDayOfEpoch = 2'440'588; // 1970-01-01

qint64 floorDiv(qint64 a, qint64 b)
{
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0);
}

// One zone's offsets during one UTC year (with a day's margin either side).
struct YearTable
{
    int initialOffset = 0;                      // at the start of the table
    std::vector<std::pair<qint64, int>> change; // (instant, offset from then on), in order

    int at(qint64 utcMs) const
    {
        const auto it =
            std::upper_bound(change.cbegin(), change.cend(), utcMs,
                             [](qint64 t, const std::pair<qint64, int> &c) { return t < c.first; });
        return it == change.cbegin() ? initialOffset : std::prev(it)->second;
    }
};

YearTable buildYear(const QTimeZone &zone, int year)
{
    YearTable t;
    const QDateTime start(QDate(year, 1, 1).addDays(-1), QTime(0, 0), Qt::UTC);
    const QDateTime end(QDate(year + 1, 1, 1).addDays(1), QTime(0, 0), Qt::UTC);
    t.initialOffset = zone.offsetFromUtc(start);
    if (zone.hasTransitions())
        for (const QTimeZone::OffsetData &d : zone.transitions(start, end))
            if (d.atUtc.isValid())
                t.change.emplace_back(d.atUtc.toMSecsSinceEpoch(), d.offsetFromUtc);
    return t;
}

const YearTable &tableFor(const QTimeZone &zone, int year)
{
    thread_local QHash<QByteArray, QHash<int, YearTable>> cache;
    QHash<int, YearTable> &years = cache[zone.id()];
    auto it = years.find(year);
    if (it == years.end())
        it = years.insert(year, buildYear(zone, year));
    return *it;
}

int utcYear(qint64 utcMs)
{
    return QDate::fromJulianDay(kJulianDayOfEpoch + floorDiv(utcMs, kDayMs)).year();
}

} // namespace

int offsetAt(const QTimeZone &zone, qint64 utcMs)
{
    if (!zone.isValid())
        return 0;
    return tableFor(zone, utcYear(utcMs)).at(utcMs);
}

QDate localDate(const QTimeZone &zone, qint64 utcMs)
{
    const qint64 local = utcMs + qint64(offsetAt(zone, utcMs)) * 1000;
    return QDate::fromJulianDay(kJulianDayOfEpoch + floorDiv(local, kDayMs));
}

int localMsecsOfDay(const QTimeZone &zone, qint64 utcMs)
{
    const qint64 local = utcMs + qint64(offsetAt(zone, utcMs)) * 1000;
    return int(local - floorDiv(local, kDayMs) * kDayMs);
}

qint64 utcOf(const QTimeZone &zone, const QDate &date, int msecsOfDay)
{
    const qint64 wall = (date.toJulianDay() - kJulianDayOfEpoch) * kDayMs + msecsOfDay;
    // A candidate instant is right when its own offset maps it back to the wall time. The offset
    // of a day before and the offset at that first candidate cover a change within the day.
    const auto maps = [&](qint64 candidate, int offset) { return offsetAt(zone, candidate) == offset; };
    const int o1 = offsetAt(zone, wall - kDayMs);
    const qint64 c1 = wall - qint64(o1) * 1000;
    const int o2 = offsetAt(zone, c1);
    const qint64 c2 = wall - qint64(o2) * 1000;
    const bool v1 = maps(c1, o1), v2 = maps(c2, o2);
    if (v1 && v2)
        return std::min(c1, c2); // repeated wall time: the earlier, with the offset before the change
    if (v2)
        return c2;
    return c1; // a skipped wall time: the offset before the change
}

} // namespace okno::zone
