#pragma once

#include <core/Organisation.h>
#include <core/Schedule.h>
#include <core/Visit.h>

#include <QCoreApplication>
#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QList>

namespace okno {

// One call as the hall reads it: a ticket and the desk it is called to.
struct BoardCall
{
    Id visitId = 0;
    int stageIndex = 0;
    QString ticket; // "К-015"
    Id deskId = 0;
    int deskNumber = 0;       // 0 while the desk is unknown
    QDate serviceDate;        // the working day the ticket belongs to
    QDateTime calledAt;       // the latest call or recall, server time (UTC)
    int callCount = 0;        // 1, then +1 per recall
    bool answered = false;    // the visitor came, or the call ended otherwise: no longer being called
    bool highlighted = false; // announced a moment ago

    QString text() const; // "К-015 → окно 3"
};

// What the hall board shows, worked out from the `status` snapshot and the server's events, with
// no widget in sight (so it is tested without a screen).
//
// Two clocks: the server's (UTC: the age of a call, the centre's hours and working day) and a
// monotonic local one in milliseconds (how long something stays on screen) — the server's clock
// may be a frozen test clock, and the terminal's own wall clock is not trusted.
//
// Stale calls are never new: calls loaded from a snapshot, events replayed after a reconnect
// (everything until the next snapshot) and calls whose event is older than kFreshSeconds by the
// server's clock are shown but not announced.
class BoardState
{
    Q_DECLARE_TR_FUNCTIONS(okno::BoardState)

public:
    // A call whose event is older than this by the server's clock is shown, not announced.
    static constexpr int kFreshSeconds = 10;
    // An answered call leaves "now calling" after this long on screen.
    static constexpr qint64 kAnsweredLingerMs = 15000;
    // A new call stays highlighted this long.
    static constexpr qint64 kHighlightMs = 8000;
    // Calls remembered for "last calls".
    static constexpr int kHistory = 50;

    struct QueueCount
    {
        Id queueId = 0;
        QString code;
        QString name;
        QString prefix;
        int waiting = 0;
    };

    // How many calls "now calling" and "last calls" show (defaults 4 and 8).
    void setLimits(int maxCurrent, int maxRecent);

    // A `status` result. The calls in it are shown, never announced; later events up to its
    // lastSeq are already in it and ignored. What the board remembered stays (a snapshot has
    // only open visits).
    void loadSnapshot(const QJsonObject &status);
    // The connection dropped: until the next snapshot, events are a replay and announce nothing.
    void connectionLost();
    bool isSynced() const { return m_synced; }
    bool hasCentre() const { return m_centre.id != 0; }
    qint64 snapshotSeq() const { return m_snapshotSeq; }

    // One event (Client::eventTimed). Returns the calls it makes new: each to be announced once
    // (chime, highlight). `localMs` is the monotonic clock.
    QList<BoardCall> applyEvent(const QString &type, qint64 seq, const QDateTime &at, const QJsonObject &data,
                                const QDateTime &serverNow, qint64 localMs);

    // Time passes: answered calls leave "now calling", highlights end, and a new working day
    // starts with an empty board. Returns whether anything shown changed.
    bool tick(const QDateTime &serverNow, qint64 localMs);

    QList<BoardCall> currentCalls() const; // "now calling", newest first, at most maxCurrent
    QList<BoardCall> recentCalls() const;  // the calls before those, newest first, at most maxRecent
    QList<QueueCount> waiting() const;     // the centre's active queues, in their order
    int waitingIn(Id queueId) const;
    const Centre &centre() const { return m_centre; }

private:
    struct Entry
    {
        BoardCall call;
        qint64 order = 0;       // arrival order: ties of calledAt (a frozen clock) keep it
        bool retired = false;   // out of "now calling" for good
        qint64 answeredMs = -1; // local time it was answered
        qint64 highlightUntilMs = 0;
    };

    void applyVisit(const Visit &v);
    Entry *entry(Id visitId, int stageIndex);
    int deskNumber(Id deskId) const { return m_deskNumbers.value(deskId); }
    QList<const Entry *> ordered() const; // newest first
    void trimHistory();

    Centre m_centre;
    QList<Queue> m_queues;
    QHash<Id, int> m_deskNumbers;
    QHash<Id, Visit> m_visits; // open visits, by id
    QList<Entry> m_entries;
    qint64 m_nextOrder = 1;
    qint64 m_snapshotSeq = 0;
    bool m_synced = false;
    int m_maxCurrent = 4;
    int m_maxRecent = 8;
};

// The centre's state at an instant as the hall reads it, from its schedule (core/Schedule).
struct CentreNotice
{
    CentreStatus status = CentreStatus::Closed;
    QString headline; // "Перерыв на обед до 13:00", "Центр закрыт"; empty while open
    QString detail; // "Откроется завтра, 24 ноября, в 08:00"; while open, past the cut-off:
                    // that tickets are no longer issued
    QString note; // the note of today's schedule exception ("День народного единства")
    QString hoursToday; // "Сегодня 08:00–17:00, обед 12:00–13:00" or "Сегодня выходной"
};
CentreNotice centreNotice(const Schedule &schedule, const QDateTime &serverNow);

} // namespace okno
