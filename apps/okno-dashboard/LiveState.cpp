#include "LiveState.h"

#include <protocol/Codec.h>
#include <protocol/Ops.h>
#include <protocol/Results.h>

namespace okno::dashboard {

using namespace Qt::StringLiterals;

namespace {
constexpr int kRecentEvents = 2000;
}

void ServerClock::observe(const QDateTime &serverTime)
{
    if (!serverTime.isValid())
        return;
    if (serverTime == m_server) {
        // The same instant again after half a second here: the server's clock stands still.
        if (m_firstSeen.isValid() && m_firstSeen.elapsed() >= 500)
            m_frozen = true;
    } else {
        m_firstSeen.start();
    }
    m_server = serverTime;
    m_since.start();
}

QDateTime ServerClock::now() const
{
    if (!m_server.isValid())
        return QDateTime::currentDateTimeUtc();
    return m_frozen ? m_server : m_server.addMSecs(m_since.elapsed());
}

void ServerClock::reset()
{
    *this = ServerClock();
}

void LiveState::setCentres(const QList<Centre> &centres)
{
    QMap<Id, CentreLive> next;
    for (const Centre &c : centres) {
        CentreLive live = m_centres.value(c.id);
        live.centre = c;
        next.insert(c.id, live);
    }
    m_centres = next;
}

const CentreLive *LiveState::centre(Id id) const
{
    auto it = m_centres.constFind(id);
    return it == m_centres.constEnd() ? nullptr : &*it;
}

QList<const CentreLive *> LiveState::inScope(Id id) const
{
    QList<const CentreLive *> out;
    for (auto it = m_centres.constBegin(); it != m_centres.constEnd(); ++it)
        if (id == 0 || it.key() == id)
            out.append(&*it);
    return out;
}

void LiveState::loadSnapshot(const QJsonObject &status)
{
    auto s = protocol::statusSnapshotFromJson(status);
    if (!s)
        return;
    CentreLive &c = m_centres[s->centre.id];
    c.centre = s->centre;
    c.queues.clear();
    for (const auto &q : s->queues)
        c.queues.append(q.queue);
    c.desks = s->desks;
    c.deskStaff = s->deskStaff;
    for (const Staff &st : s->deskStaff)
        m_staff.insert(st.id, st);
    c.visits = s->visits;
    c.lastSeq = s->lastSeq;
    c.loaded = true;
    // What happened after the snapshot was taken but reached us before it.
    for (const Recent &e : std::as_const(m_recent))
        if (e.centreId == c.centre.id && e.seq > c.lastSeq)
            apply(e.type, e.data, e.centreId);
}

bool LiveState::applyEvent(const QString &type, qint64 seq, const QJsonObject &data, Id centreId)
{
    m_recent.append({seq, type, data, centreId});
    if (m_recent.size() > kRecentEvents)
        m_recent.removeFirst();
    auto it = m_centres.find(centreId);
    if (it != m_centres.end() && it->loaded && seq <= it->lastSeq)
        return false; // already in the snapshot
    return apply(type, data, centreId);
}

bool LiveState::apply(const QString &type, const QJsonObject &data, Id centreId)
{
    if (data.contains(u"visit"_s)) {
        auto v = protocol::visitFromJson(data.value(u"visit"_s).toObject());
        if (!v)
            return false;
        auto it = m_centres.find(v->centreId);
        if (it == m_centres.end())
            return false;
        applyVisit(*it, *v);
        return true;
    }
    if (data.contains(u"desk"_s)) {
        auto d = protocol::deskFromJson(data.value(u"desk"_s).toObject());
        if (!d)
            return false;
        auto it = m_centres.find(d->centreId);
        if (it == m_centres.end())
            return false;
        bool found = false;
        for (Desk &x : it->desks)
            if (x.id == d->id) {
                x = *d;
                found = true;
            }
        if (!found)
            it->desks.append(*d);
        if (d->staffId && m_staff.contains(d->staffId))
            it->deskStaff.insert(d->id, m_staff.value(d->staffId));
        else
            it->deskStaff.remove(d->id);
        return false;
    }
    if (type == protocol::events::CentreChanged) {
        auto it = m_centres.find(centreId);
        if (data.contains(u"centre"_s)) {
            if (auto c = protocol::centreFromJson(data.value(u"centre"_s).toObject())) {
                m_centres[c->id].centre = *c;
                return false;
            }
        }
        if (it != m_centres.end() && data.contains(u"norms"_s))
            if (auto n = protocol::normsFromJson(data.value(u"norms"_s).toObject()))
                it->centre.norms = *n;
        return false;
    }
    if (type == protocol::events::QueueChanged && data.contains(u"queue"_s)) {
        auto q = protocol::queueFromJson(data.value(u"queue"_s).toObject());
        if (!q)
            return false;
        auto it = m_centres.find(q->centreId);
        if (it == m_centres.end())
            return false;
        bool found = false;
        for (Queue &x : it->queues)
            if (x.id == q->id) {
                x = *q;
                found = true;
            }
        if (!found)
            it->queues.append(*q);
        return false;
    }
    if (type == protocol::events::StaffChanged && data.contains(u"staff"_s))
        if (auto st = protocol::staffFromJson(data.value(u"staff"_s).toObject()))
            m_staff.insert(st->id, *st);
    return false;
}

void LiveState::applyVisit(CentreLive &c, const Visit &v)
{
    for (qsizetype i = 0; i < c.visits.size(); ++i) {
        if (c.visits[i].id != v.id)
            continue;
        if (c.visits[i].version > v.version)
            return;
        if (v.isOpen())
            c.visits[i] = v;
        else
            c.visits.removeAt(i);
        return;
    }
    if (v.isOpen())
        c.visits.append(v);
}

void LiveState::setStaff(const QList<Staff> &staff)
{
    for (const Staff &s : staff)
        m_staff.insert(s.id, s);
    for (CentreLive &c : m_centres)
        for (const Desk &d : std::as_const(c.desks))
            if (d.staffId && m_staff.contains(d.staffId))
                c.deskStaff.insert(d.id, m_staff.value(d.staffId));
}

QString LiveState::staffName(Id staffId) const
{
    auto it = m_staff.constFind(staffId);
    return it == m_staff.constEnd() ? QString() : it->fullName;
}

QString LiveState::queueName(Id centreId, Id queueId) const
{
    if (const CentreLive *c = centre(centreId))
        for (const Queue &q : c->queues)
            if (q.id == queueId)
                return q.name;
    return {};
}

int LiveState::deskNumber(Id centreId, Id deskId) const
{
    if (const CentreLive *c = centre(centreId))
        for (const Desk &d : c->desks)
            if (d.id == deskId)
                return d.number;
    return 0;
}

} // namespace okno::dashboard
