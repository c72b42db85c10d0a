#pragma once

#include <core/Organisation.h>
#include <core/Schedule.h>
#include <core/Visit.h>

#include <QDateTime>
#include <QElapsedTimer>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QMap>

namespace okno::dashboard {

// The server's time as this machine can know it: the last serverTime seen (in `status` or a
// `ping`) plus the time elapsed here since. A server with a frozen test clock answers the same
// time again and again; once seen, the time is no longer extrapolated (tests and demos then show
// exactly the server's frozen time).
class ServerClock
{
public:
    void observe(const QDateTime &serverTime);
    QDateTime now() const;
    bool isFrozen() const { return m_frozen; }
    void reset();

private:
    QDateTime m_server;
    QElapsedTimer m_since;     // since m_server was last observed
    QElapsedTimer m_firstSeen; // since m_server's value was first observed
    bool m_frozen = false;
};

// One centre as it is now: loaded from a `status` snapshot, kept current by events.
struct CentreLive
{
    Centre centre;
    QList<Queue> queues;
    QList<Desk> desks;
    QHash<Id, Staff> deskStaff; // desk id → who is at it
    QList<Visit> visits;        // the visits with an open stage
    qint64 lastSeq = 0;
    bool loaded = false;
};

// The live state of the centres the manager watches. Events are applied as they come; each is
// also kept for a while so that a snapshot that arrives after them (it was asked for before)
// can have them replayed on top.
class LiveState
{
public:
    void setCentres(const QList<Centre> &centres);
    const QMap<Id, CentreLive> &centres() const { return m_centres; }
    const CentreLive *centre(Id id) const;
    // The centres in scope: one, or all when `id` is 0.
    QList<const CentreLive *> inScope(Id id) const;

    void loadSnapshot(const QJsonObject &status); // a `status` result (ignored if it does not parse)
    // An event from the client (eventReceived). Returns true when a visit changed.
    bool applyEvent(const QString &type, qint64 seq, const QJsonObject &data, Id centreId);

    void setStaff(const QList<Staff> &staff);
    QString staffName(Id staffId) const;
    QString queueName(Id centreId, Id queueId) const;
    int deskNumber(Id centreId, Id deskId) const;

private:
    bool apply(const QString &type, const QJsonObject &data, Id centreId);
    void applyVisit(CentreLive &c, const Visit &v);

    struct Recent
    {
        qint64 seq = 0;
        QString type;
        QJsonObject data;
        Id centreId = 0;
    };
    QMap<Id, CentreLive> m_centres;
    QHash<Id, Staff> m_staff;
    QList<Recent> m_recent; // the last events, for replay over a late snapshot
};

} // namespace okno::dashboard
