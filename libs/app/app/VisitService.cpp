#include "VisitService.h"

#include "Events.h"

#include <protocol/Ops.h>

namespace okno::app {

namespace names = protocol::events;

VisitService::VisitService(QueueEngine &engine)
    : m_engine(engine)
{}

Result<VisitDone> VisitService::done(Result<Visit> v, const QString &type, Id actorId, bool withPosition)
{
    if (!v)
        return v.error();
    VisitDone out{*v, std::nullopt, {}};
    out.change.writes.putVisit(*v);
    if (!m_events)
        return out;
    if (withPosition)
        out.position = m_engine.position(v->id);
    out.change.events.append(events::visit(type, *v, actorId, m_engine.clock().now(), out.position));
    return out;
}

Result<DeskDone> VisitService::done(Result<Desk> d, const QString &type, Id actorId)
{
    if (!d)
        return d.error();
    DeskDone out{*d, {}};
    out.change.writes.putDesk(*d);
    if (m_events)
        out.change.events.append(events::desk(type, *d, actorId, m_engine.clock().now()));
    return out;
}

Result<VisitDone> VisitService::issue(const IssueRequest &r)
{
    return done(m_engine.issue(r), names::VisitIssued, r.createdBy, true);
}

Result<VisitDone> VisitService::callNext(const Actor &a)
{
    return done(m_engine.callNext(a), names::VisitCalled, a.staffId);
}

Result<VisitDone> VisitService::call(const Actor &a, Id visitId)
{
    return done(m_engine.callVisit(a, visitId), names::VisitCalled, a.staffId);
}

Result<VisitDone> VisitService::recall(const Actor &a, Id visitId)
{
    return done(m_engine.recall(a, visitId), names::VisitRecalled, a.staffId);
}

Result<VisitDone> VisitService::start(const Actor &a, Id visitId)
{
    return done(m_engine.start(a, visitId), names::VisitStarted, a.staffId);
}

Result<VisitDone> VisitService::finish(const Actor &a, Id visitId)
{
    return done(m_engine.finish(a, visitId), names::VisitFinished, a.staffId);
}

Result<VisitDone> VisitService::noShow(const Actor &a, Id visitId)
{
    return done(m_engine.noShow(a, visitId), names::VisitNoShow, a.staffId);
}

Result<VisitDone> VisitService::requeue(const Actor &a, Id visitId)
{
    return done(m_engine.requeue(a, visitId), names::VisitRequeued, a.staffId);
}

Result<VisitDone> VisitService::route(const Actor &a, Id visitId, Id toQueueId, const QString &note)
{
    return done(m_engine.route(a, visitId, toQueueId, note), names::VisitRouted, a.staffId, true);
}

Result<VisitDone> VisitService::postpone(const Actor &a, Id visitId, const QString &reason)
{
    return done(m_engine.postpone(a, visitId, reason), names::VisitPostponed, a.staffId);
}

Result<VisitDone> VisitService::cancel(const Actor &a, Id visitId, const QString &reason)
{
    return done(m_engine.cancel(a, visitId, reason), names::VisitCancelled, a.staffId);
}

Result<VisitDone> VisitService::setPriority(const Actor &a, Id visitId, const QString &priority)
{
    return done(m_engine.setPriority(visitId, priority), names::VisitPriorityChanged, a.staffId);
}

QList<VisitDone> VisitService::expireStale()
{
    QList<VisitDone> out;
    for (const Visit &v : m_engine.expireStaleVisits())
        out.append(*done(v, names::VisitExpired, 0));
    return out;
}

Result<DeskDone> VisitService::openDesk(Id deskId, Id staffId)
{
    return done(m_engine.openDesk(deskId, staffId), names::DeskOpened, staffId);
}

Result<DeskDone> VisitService::breakDesk(Id deskId, Id actorId)
{
    return done(m_engine.breakDesk(deskId), names::DeskOnBreak, actorId);
}

Result<DeskDone> VisitService::resumeDesk(Id deskId, Id actorId)
{
    return done(m_engine.resumeDesk(deskId), names::DeskResumed, actorId);
}

Result<DeskDone> VisitService::closeDesk(Id deskId, Id actorId)
{
    return done(m_engine.closeDesk(deskId), names::DeskClosed, actorId);
}

QList<DeskDone> VisitService::closeIdleAfterHours()
{
    QList<DeskDone> out;
    for (const Desk &d : m_engine.closeIdleDesksAfterHours())
        out.append(*done(d, names::DeskClosed, 0));
    return out;
}

} // namespace okno::app
