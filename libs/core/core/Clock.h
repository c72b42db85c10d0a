#pragma once

#include <QDateTime>

namespace okno {

// The only source of "now" in the domain. Production code uses SystemClock; tests and the
// server's --test-clock mode use ManualClock, so every rule can be checked at 11:59 or 17:00;
// the server's --clock-start mode (demos) uses ShiftedClock.
class Clock
{
public:
    virtual ~Clock() = default;
    // Current time in UTC.
    virtual QDateTime now() const = 0;
};

class SystemClock final : public Clock
{
public:
    QDateTime now() const override { return QDateTime::currentDateTimeUtc(); }
};

// A clock that stands still until told otherwise.
class ManualClock final : public Clock
{
public:
    explicit ManualClock(QDateTime start = QDateTime::currentDateTimeUtc())
        : m_now(start.toUTC())
    {}
    QDateTime now() const override { return m_now; }
    void set(const QDateTime &t) { m_now = t.toUTC(); }
    void advanceSecs(qint64 s) { m_now = m_now.addSecs(s); }
    void advanceMins(qint64 m) { m_now = m_now.addSecs(m * 60); }

private:
    QDateTime m_now;
};

// A clock that starts at a given instant and then runs at real speed (the system clock plus a
// fixed offset): a demo server lives in working hours at night or on a weekend, and nobody has
// to move it (unlike ManualClock).
class ShiftedClock final : public Clock
{
public:
    explicit ShiftedClock(const QDateTime &start)
        : m_offsetMs(QDateTime::currentDateTimeUtc().msecsTo(start.toUTC()))
    {}
    QDateTime now() const override { return QDateTime::currentDateTimeUtc().addMSecs(m_offsetMs); }
    qint64 offsetMs() const { return m_offsetMs; }

private:
    qint64 m_offsetMs = 0;
};

} // namespace okno
