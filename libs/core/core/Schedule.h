#pragma once

#include <QDate>
#include <QDateTime>
#include <QList>
#include <QTime>
#include <QTimeZone>

#include <array>
#include <optional>

namespace okno {

// One day's hours. A closed day has no hours. A day may have no lunch break.
struct DayHours
{
    bool open = false;
    QTime opens;      // e.g. 08:00
    QTime closes;     // e.g. 17:00
    QTime lunchStart; // invalid if no lunch
    QTime lunchEnd;

    bool hasLunch() const { return lunchStart.isValid() && lunchEnd.isValid() && lunchStart < lunchEnd; }
    friend bool operator==(const DayHours &, const DayHours &) = default;

    static DayHours closed() { return {}; }
    static DayHours standard(); // 08:00–17:00, lunch 12:00–13:00
};

// A dated exception: a public holiday (closed) or a shortened or moved working day.
struct ScheduleException
{
    QDate date;
    DayHours hours;
    QString note; // "День России", "Предпраздничный день"
    friend bool operator==(const ScheduleException &, const ScheduleException &) = default;
};

enum class CentreStatus
{
    Open,
    Lunch,
    BeforeOpening,
    Closed
};
QString centreStatusName(CentreStatus s);

// Why no ticket is issued at an instant. The core speaks in codes; the terminals put them into
// words (ui::DomainText) and the server sends the code in `status` (`refusalCode`).
enum class RefusalReason
{
    None,          // tickets are issued
    BeforeOpening, // today, before the opening time
    Lunch,         // the lunch break
    AfterCutoff,   // open, but within the last-ticket cut-off before closing
    AfterClosing,  // today's working day is over
    DayOff,        // a closed weekday (weekend)
    Holiday        // a dated exception closes the day (its note says why)
};
QString refusalReasonName(RefusalReason r); // "none", "before_opening", "lunch", "after_cutoff", …
std::optional<RefusalReason> refusalReasonFromName(const QString &s);

// The reason and when tickets are issued again.
struct TicketRefusal
{
    RefusalReason reason = RefusalReason::None;
    QDateTime reopensAt; // UTC: the first instant tickets are issued again; invalid when accepted
                         // or when the schedule issues none in the next 31 days
    bool refused() const { return reason != RefusalReason::None; }
    friend bool operator==(const TicketRefusal &, const TicketRefusal &) = default;
};

// A centre's working schedule in the centre's own time zone. All instants passed in are UTC (or
// any QDateTime with a time spec); they are converted to the centre's zone before any rule.
class Schedule
{
public:
    Schedule(); // Mon–Fri standard hours, Sat/Sun closed, Europe/Moscow, cut-off 15 minutes

    // 1 = Monday … 7 = Sunday, as QDate::dayOfWeek.
    const DayHours &weekday(int dayOfWeek) const;
    void setWeekday(int dayOfWeek, const DayHours &hours);

    const QList<ScheduleException> &exceptions() const { return m_exceptions; }
    void setException(const ScheduleException &e); // replaces one on the same date
    bool removeException(const QDate &date);

    QTimeZone timeZone() const { return m_zone; }
    void setTimeZone(const QTimeZone &zone) { m_zone = zone; }

    // Minutes before closing after which no new ticket is issued (0 = until closing).
    int lastTicketCutoffMinutes() const { return m_cutoffMinutes; }
    void setLastTicketCutoffMinutes(int m) { m_cutoffMinutes = m; }

    // After closing, the visitors who got a ticket that day are still called and served
    // (дообслуживание) for up to this many minutes — 0 to 360, default 120; 0 = nobody is called
    // after closing. Tickets are never issued after closing.
    int serveAfterClosingMinutes() const { return m_afterClosingMinutes; }
    void setServeAfterClosingMinutes(int m) { m_afterClosingMinutes = m; }
    // Whether staff may call a visitor at that instant: in open hours, or after closing on an
    // open day within serveAfterClosingMinutes (never at lunch or before opening).
    bool callsAllowedAt(const QDateTime &instant) const;
    // Whether the instant lies in the after-closing service of its day.
    bool inAfterClosingServiceAt(const QDateTime &instant) const;

    // Whether a visitor given a ticket at `instant`, expected to wait `expectedWaitMinutes` of
    // working time, would be called only after that day's closing (a lunch break on the way adds
    // its length): reception tells them so (they are served in the after-closing service, or,
    // with none, may not be served).
    bool expectedAfterClosing(const QDateTime &instant, int expectedWaitMinutes) const;

    // Whether the lunch break counts as working time for waits (default: it does not).
    bool lunchCountsAsWorkingTime() const { return m_lunchCounts; }
    void setLunchCountsAsWorkingTime(bool b) { m_lunchCounts = b; }

    // The hours in force on a local date (exceptions first, then the weekday).
    DayHours hoursOn(const QDate &localDate) const;
    QDate localDate(const QDateTime &instant) const;
    QTime localTime(const QDateTime &instant) const; // wall-clock time of day in the centre
    QDateTime toLocal(const QDateTime &instant) const;

    CentreStatus statusAt(const QDateTime &instant) const;
    bool isServing(const QDateTime &instant) const { return statusAt(instant) == CentreStatus::Open; }
    // Open, and earlier than the cut-off before closing: the rule for issuing a ticket.
    bool acceptsNewTicketsAt(const QDateTime &instant) const;
    // Why a ticket is refused at that instant, and when tickets are issued again.
    TicketRefusal ticketRefusalAt(const QDateTime &instant) const;
    // The same in plain English for logs and error messages on the wire; empty if accepted.
    QString refusalReasonAt(const QDateTime &instant) const;
    // The first instant at or after `instant` when a ticket is issued (UTC), within 31 days.
    std::optional<QDateTime> nextTicketTime(const QDateTime &instant) const;

    // Seconds of working time in [from, to): open hours only, lunch excluded unless configured,
    // closed days and exceptions honoured. Negative spans give 0.
    qint64 workingSeconds(const QDateTime &from, const QDateTime &to) const;

    // The next instant (UTC) at or after `instant` when the centre is open, within 30 days.
    std::optional<QDateTime> nextOpening(const QDateTime &instant) const;

    friend bool operator==(const Schedule &, const Schedule &) = default;

private:
    RefusalReason reasonAt(const QDateTime &instant) const;

    std::array<DayHours, 7> m_week;
    QList<ScheduleException> m_exceptions;
    QTimeZone m_zone;
    int m_cutoffMinutes = 15;
    int m_afterClosingMinutes = 120;
    bool m_lunchCounts = false;
};

} // namespace okno
