#include "Schedule.h"

#include "ZoneOffsets.h"

#include <algorithm>

namespace okno {

using namespace Qt::StringLiterals;

DayHours DayHours::standard()
{
    return DayHours{true, QTime(8, 0), QTime(17, 0), QTime(12, 0), QTime(13, 0)};
}

QString centreStatusName(CentreStatus s)
{
    switch (s) {
    case CentreStatus::Open:
        return u"open"_s;
    case CentreStatus::Lunch:
        return u"lunch"_s;
    case CentreStatus::BeforeOpening:
        return u"before_opening"_s;
    case CentreStatus::Closed:
        return u"closed"_s;
    }
    return u"closed"_s;
}

Schedule::Schedule()
    : m_zone(QByteArrayLiteral("Europe/Moscow"))
{
    for (int d = 1; d <= 5; ++d)
        m_week[d - 1] = DayHours::standard();
    m_week[5] = DayHours::closed();
    m_week[6] = DayHours::closed();
}

const DayHours &Schedule::weekday(int dayOfWeek) const
{
    return m_week[std::clamp(dayOfWeek, 1, 7) - 1];
}

void Schedule::setWeekday(int dayOfWeek, const DayHours &hours)
{
    if (dayOfWeek >= 1 && dayOfWeek <= 7)
        m_week[dayOfWeek - 1] = hours;
}

void Schedule::setException(const ScheduleException &e)
{
    removeException(e.date);
    auto pos = std::lower_bound(
        m_exceptions.begin(), m_exceptions.end(), e,
        [](const ScheduleException &a, const ScheduleException &b) { return a.date < b.date; });
    m_exceptions.insert(pos, e);
}

bool Schedule::removeException(const QDate &date)
{
    return m_exceptions.removeIf([&](const ScheduleException &e) { return e.date == date; }) > 0;
}

DayHours Schedule::hoursOn(const QDate &localDate) const
{
    for (const auto &e : m_exceptions)
        if (e.date == localDate)
            return e.hours;
    return weekday(localDate.dayOfWeek());
}

QDateTime Schedule::toLocal(const QDateTime &instant) const
{
    return instant.toTimeZone(m_zone);
}

QDate Schedule::localDate(const QDateTime &instant) const
{
    if (!instant.isValid())
        return {};
    return zone::localDate(m_zone, instant.toMSecsSinceEpoch());
}

QTime Schedule::localTime(const QDateTime &instant) const
{
    if (!instant.isValid())
        return {};
    return QTime::fromMSecsSinceStartOfDay(zone::localMsecsOfDay(m_zone, instant.toMSecsSinceEpoch()));
}

CentreStatus Schedule::statusAt(const QDateTime &instant) const
{
    const DayHours h = hoursOn(localDate(instant));
    if (!h.open)
        return CentreStatus::Closed;
    const QTime t = localTime(instant);
    if (t < h.opens)
        return CentreStatus::BeforeOpening;
    if (t >= h.closes)
        return CentreStatus::Closed;
    if (h.hasLunch() && t >= h.lunchStart && t < h.lunchEnd)
        return CentreStatus::Lunch;
    return CentreStatus::Open;
}

QString refusalReasonName(RefusalReason r)
{
    switch (r) {
    case RefusalReason::None:
        return u"none"_s;
    case RefusalReason::BeforeOpening:
        return u"before_opening"_s;
    case RefusalReason::Lunch:
        return u"lunch"_s;
    case RefusalReason::AfterCutoff:
        return u"after_cutoff"_s;
    case RefusalReason::AfterClosing:
        return u"after_closing"_s;
    case RefusalReason::DayOff:
        return u"day_off"_s;
    case RefusalReason::Holiday:
        return u"holiday"_s;
    }
    return u"none"_s;
}

std::optional<RefusalReason> refusalReasonFromName(const QString &s)
{
    for (auto r :
         {RefusalReason::None, RefusalReason::BeforeOpening, RefusalReason::Lunch, RefusalReason::AfterCutoff,
          RefusalReason::AfterClosing, RefusalReason::DayOff, RefusalReason::Holiday})
        if (refusalReasonName(r) == s)
            return r;
    return std::nullopt;
}

bool Schedule::inAfterClosingServiceAt(const QDateTime &instant) const
{
    if (m_afterClosingMinutes <= 0)
        return false;
    const QDate date = localDate(instant);
    const DayHours h = hoursOn(date);
    if (!h.open || localTime(instant) < h.closes)
        return false;
    // Until the end of the overtime, and never past the day's midnight.
    const QDateTime closing(date, h.closes, m_zone);
    return instant < closing.addSecs(60 * qint64(m_afterClosingMinutes));
}

bool Schedule::expectedAfterClosing(const QDateTime &instant, int expectedWaitMinutes) const
{
    const QDate date = localDate(instant);
    const DayHours h = hoursOn(date);
    if (!h.open)
        return false;
    QDateTime call = instant.addSecs(60 * qint64(std::max(0, expectedWaitMinutes)));
    if (h.hasLunch()) {
        const QDateTime lunchStart(date, h.lunchStart, m_zone);
        if (instant < lunchStart && call > lunchStart)
            call = call.addSecs(h.lunchStart.secsTo(h.lunchEnd));
    }
    return call > QDateTime(date, h.closes, m_zone);
}

bool Schedule::callsAllowedAt(const QDateTime &instant) const
{
    return statusAt(instant) == CentreStatus::Open || inAfterClosingServiceAt(instant);
}

bool Schedule::acceptsNewTicketsAt(const QDateTime &instant) const
{
    return reasonAt(instant) == RefusalReason::None;
}

RefusalReason Schedule::reasonAt(const QDateTime &instant) const
{
    const QDate date = localDate(instant);
    const DayHours h = hoursOn(date);
    switch (statusAt(instant)) {
    case CentreStatus::Closed:
        if (h.open)
            return RefusalReason::AfterClosing;
        for (const ScheduleException &e : m_exceptions)
            if (e.date == date)
                return RefusalReason::Holiday;
        return RefusalReason::DayOff;
    case CentreStatus::BeforeOpening:
        return RefusalReason::BeforeOpening;
    case CentreStatus::Lunch:
        return RefusalReason::Lunch;
    case CentreStatus::Open:
        break;
    }
    if (m_cutoffMinutes > 0 && localTime(instant) >= h.closes.addSecs(-60 * m_cutoffMinutes))
        return RefusalReason::AfterCutoff;
    return RefusalReason::None;
}

std::optional<QDateTime> Schedule::nextTicketTime(const QDateTime &instant) const
{
    if (acceptsNewTicketsAt(instant))
        return instant.toUTC();
    // Tickets start again at an opening or at the end of a lunch break, never in between.
    const QDate first = localDate(instant);
    for (QDate d = first; first.daysTo(d) <= 31; d = d.addDays(1)) {
        const DayHours h = hoursOn(d);
        if (!h.open)
            continue;
        QList<QTime> starts{h.opens};
        if (h.hasLunch())
            starts.append(h.lunchEnd);
        for (const QTime &t : starts) {
            const QDateTime at = QDateTime(d, t, m_zone).toUTC();
            if (at >= instant && acceptsNewTicketsAt(at))
                return at;
        }
    }
    return std::nullopt;
}

TicketRefusal Schedule::ticketRefusalAt(const QDateTime &instant) const
{
    TicketRefusal r;
    r.reason = reasonAt(instant);
    if (r.refused())
        if (const auto next = nextTicketTime(instant))
            r.reopensAt = *next;
    return r;
}

QString Schedule::refusalReasonAt(const QDateTime &instant) const
{
    const QDateTime local = toLocal(instant);
    const DayHours h = hoursOn(local.date());
    const auto hhmm = [](const QTime &t) { return t.toString(u"HH:mm"_s); };
    switch (reasonAt(instant)) {
    case RefusalReason::None:
        return {};
    case RefusalReason::DayOff:
    case RefusalReason::Holiday:
        return u"the centre does not work on "_s % local.date().toString(Qt::ISODate);
    case RefusalReason::AfterClosing:
        return u"the working day is over (closed at "_s % hhmm(h.closes) % u")"_s;
    case RefusalReason::BeforeOpening:
        return u"the centre opens at "_s % hhmm(h.opens);
    case RefusalReason::Lunch:
        return u"lunch break until "_s % hhmm(h.lunchEnd);
    case RefusalReason::AfterCutoff:
        return u"tickets are not issued in the last "_s % QString::number(m_cutoffMinutes) %
               u" minutes before closing at "_s % hhmm(h.closes);
    }
    return {};
}

qint64 Schedule::workingSeconds(const QDateTime &from, const QDateTime &to) const
{
    if (!from.isValid() || !to.isValid() || to <= from)
        return 0;
    constexpr qint64 kMaxDays = 3700; // ten years: a bound, not a limit any real span reaches
    const QDate first = localDate(from);
    const QDate last = localDate(to);
    if (first.daysTo(last) > kMaxDays)
        return 0;
    const qint64 fromMs = from.toMSecsSinceEpoch();
    const qint64 toMs = to.toMSecsSinceEpoch();
    qint64 totalMs = 0;
    const auto addSpan = [&](const QDate &d, const QTime &a, const QTime &b) {
        const qint64 s = std::max(zone::utcOf(m_zone, d, a.msecsSinceStartOfDay()), fromMs);
        const qint64 e = std::min(zone::utcOf(m_zone, d, b.msecsSinceStartOfDay()), toMs);
        if (e > s)
            totalMs += e - s;
    };
    for (QDate d = first; d <= last; d = d.addDays(1)) {
        const DayHours h = hoursOn(d);
        if (!h.open)
            continue;
        if (h.hasLunch() && !m_lunchCounts) {
            addSpan(d, h.opens, h.lunchStart);
            addSpan(d, h.lunchEnd, h.closes);
        } else {
            addSpan(d, h.opens, h.closes);
        }
    }
    return totalMs / 1000;
}

std::optional<QDateTime> Schedule::nextOpening(const QDateTime &instant) const
{
    if (statusAt(instant) == CentreStatus::Open)
        return instant.toUTC();
    const QDate first = localDate(instant);
    for (QDate d = first; first.daysTo(d) <= 30; d = d.addDays(1)) {
        const DayHours h = hoursOn(d);
        if (!h.open)
            continue;
        QList<QTime> starts{h.opens};
        if (h.hasLunch())
            starts.append(h.lunchEnd);
        for (const QTime &t : starts) {
            const QDateTime at = QDateTime(d, t, m_zone).toUTC();
            // A lunch may start at opening or end at closing: such a start is not an opening.
            if (at >= instant && statusAt(at) == CentreStatus::Open)
                return at;
        }
    }
    return std::nullopt;
}

} // namespace okno
