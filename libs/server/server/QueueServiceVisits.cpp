// Visits and desks: issuing, calling, serving, routing; opening and closing a desk.
#include "QueueService.h"

#include "Passwords.h"
#include "QueueServiceCall.h"

#include <logging/Logging.h>
#include <protocol/Codec.h>
#include <protocol/Fields.h>
#include <protocol/Message.h>
#include <protocol/Ops.h>

#include <QCoreApplication>
#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QPointer>
#include <QThreadPool>
#include <QTimer>

namespace okno {

using namespace Qt::StringLiterals;
using namespace protocol;

// ---------------------------------------------------------------------------------------------
// visits

void QueueService::opVisitIssue(Call &c)
{
    Fields f(c.body);
    const Staff &me = c.session().staff;
    const Id centreId = c.target.centreId; // resolved and allowed by the access policy
    IssueRequest r;
    r.centreId = centreId;
    r.purpose = f.optionalString(u"purpose"_s, {}, 200);
    r.priority = f.optionalString(u"priority"_s, {}, 32);
    r.customerName = f.optionalString(u"customerName"_s, {}, 200);
    r.accountNumber = f.optionalString(u"accountNumber"_s, {}, 40);
    if (!f.status())
        return c.fail(f.status().error());
    auto queueId = queueFromFields(c, f, centreId, "queueId", "queueCode");
    if (!queueId)
        return c.fail(queueId.error());
    r.queueId = *queueId;
    r.channel = me.role == Role::Kiosk           ? u"kiosk"_s
                : me.role == Role::Administrator ? u"reception"_s
                                                 : u"admin"_s;
    r.createdBy = me.id;
    auto v = m_engine->issue(r);
    if (!v)
        return c.fail(v.error());
    const QueuePosition pos = m_engine->position(v->id);
    commitVisit(c, events::VisitIssued, *v, {{u"position"_s, toJson(pos)}});
}

void QueueService::opVisitGet(Call &c)
{
    Fields f(c.body);
    const Id id = f.requireId(u"visitId"_s);
    if (!f.status())
        return c.fail(f.status().error());
    std::optional<Visit> v;
    if (const Visit *live = m_engine->visit(id))
        v = *live;
    else if (auto stored = m_reader->loadVisit(id); stored && stored->has_value())
        v = **stored;
    if (!v)
        return c.fail(
            makeError(ErrorCode::NotFound, u"visit "_s % QString::number(id) % u" does not exist"_s));
    QJsonObject result{{u"visit"_s, toJson(*v)}}; // masked on the way out for devices
    if (v->isOpen())
        result.insert(u"position"_s, toJson(m_engine->position(id)));
    afterDurable(c, result);
}

void QueueService::opVisitCallNext(Call &c)
{
    auto v = m_engine->callNext(actorOf(c));
    if (!v)
        return c.fail(v.error());
    commitVisit(c, events::VisitCalled, *v);
}

void QueueService::opVisitCall(Call &c)
{
    Fields f(c.body);
    const Id id = f.requireId(u"visitId"_s);
    if (!f.status())
        return c.fail(f.status().error());
    auto v = m_engine->callVisit(actorOf(c), id);
    if (!v)
        return c.fail(v.error());
    commitVisit(c, events::VisitCalled, *v);
}

void QueueService::opVisitSimple(Call &c)
{
    Fields f(c.body);
    const Id id = f.requireId(u"visitId"_s);
    if (!f.status())
        return c.fail(f.status().error());
    const Actor a = actorOf(c);
    namespace op = ops;
    Result<Visit> v = makeError(ErrorCode::Internal, u"unhandled"_s);
    QString type;
    if (c.op == op::VisitRecall) {
        v = m_engine->recall(a, id);
        type = events::VisitRecalled;
    } else if (c.op == op::VisitStart) {
        v = m_engine->start(a, id);
        type = events::VisitStarted;
    } else if (c.op == op::VisitFinish) {
        v = m_engine->finish(a, id);
        type = events::VisitFinished;
    } else if (c.op == op::VisitNoShow) {
        v = m_engine->noShow(a, id);
        type = events::VisitNoShow;
    } else if (c.op == op::VisitRequeue) {
        v = m_engine->requeue(a, id);
        type = events::VisitRequeued;
    }
    if (!v)
        return c.fail(v.error());
    commitVisit(c, type, *v);
}

void QueueService::opVisitRoute(Call &c)
{
    Fields f(c.body);
    const Id id = f.requireId(u"visitId"_s);
    const QString note = f.optionalString(u"note"_s, {}, 500);
    if (!f.status())
        return c.fail(f.status().error());
    const Visit *existing = m_engine->visit(id);
    if (!existing)
        return c.fail(
            makeError(ErrorCode::NotFound, u"visit "_s % QString::number(id) % u" does not exist"_s));
    auto queueId = queueFromFields(c, f, existing->centreId, "queueId", "queueCode");
    if (!queueId)
        return c.fail(queueId.error());
    auto v = m_engine->route(actorOf(c), id, *queueId, note);
    if (!v)
        return c.fail(v.error());
    commitVisit(c, events::VisitRouted, *v, {{u"position"_s, toJson(m_engine->position(id))}});
}

void QueueService::opVisitPostpone(Call &c)
{
    Fields f(c.body);
    const Id id = f.requireId(u"visitId"_s);
    const QString reason = f.optionalString(u"reason"_s, {}, 500);
    if (!f.status())
        return c.fail(f.status().error());
    auto v = m_engine->postpone(actorOf(c), id, reason);
    if (!v)
        return c.fail(v.error());
    commitVisit(c, events::VisitPostponed, *v);
}

void QueueService::opVisitCancel(Call &c)
{
    Fields f(c.body);
    const Id id = f.requireId(u"visitId"_s);
    const QString reason = f.optionalString(u"reason"_s, {}, 500);
    if (!f.status())
        return c.fail(f.status().error());
    auto v = m_engine->cancel(actorOf(c), id, reason);
    if (!v)
        return c.fail(v.error());
    commitVisit(c, events::VisitCancelled, *v);
}

void QueueService::opVisitSetPriority(Call &c)
{
    Fields f(c.body);
    const Id id = f.requireId(u"visitId"_s);
    const QString priority = f.optionalString(u"priority"_s, {}, 32);
    if (!f.status())
        return c.fail(f.status().error());
    auto v = m_engine->setPriority(id, priority);
    if (!v)
        return c.fail(v.error());
    commitVisit(c, events::VisitPriorityChanged, *v);
}

// ---------------------------------------------------------------------------------------------
// desks

void QueueService::opDeskOpen(Call &c)
{
    Fields f(c.body);
    const Id requested = f.optionalId(u"deskId"_s);
    if (!f.status())
        return c.fail(f.status().error());
    Session &s = c.session();
    const Id deskId = requested ? requested : s.deskId;
    if (!deskId)
        return c.fail(
            makeError(ErrorCode::BadRequest, u"field \"deskId\" is required (the session has no desk)"_s));
    const Desk *d = m_engine->desk(deskId);
    if (!d)
        return c.fail(
            makeError(ErrorCode::NotFound, u"desk "_s % QString::number(deskId) % u" does not exist"_s));
    if (s.deskId && s.deskId != deskId)
        return c.fail(makeError(ErrorCode::InvalidTransition, u"this session works at another desk"_s));
    auto opened = m_engine->openDesk(deskId, s.staff.id);
    if (!opened)
        return c.fail(opened.error());
    s.deskId = deskId;
    commitDesk(c, events::DeskOpened, *opened);
}

void QueueService::opDeskState(Call &c)
{
    Session &s = c.session();
    if (!s.deskId)
        return c.fail(makeError(ErrorCode::DeskUnavailable, u"this session is not bound to a desk"_s));
    const Desk *d = m_engine->desk(s.deskId);
    if (!d || d->staffId != s.staff.id)
        return c.fail(makeError(ErrorCode::DeskUnavailable, u"open the desk first"_s));
    namespace op = ops;
    Result<Desk> r = makeError(ErrorCode::Internal, u"unhandled"_s);
    QString type;
    if (c.op == op::DeskBreak) {
        r = m_engine->breakDesk(s.deskId);
        type = events::DeskOnBreak;
    } else if (c.op == op::DeskResume) {
        r = m_engine->resumeDesk(s.deskId);
        type = events::DeskResumed;
    } else {
        r = m_engine->closeDesk(s.deskId);
        type = events::DeskClosed;
    }
    if (!r)
        return c.fail(r.error());
    commitDesk(c, type, *r);
}

} // namespace okno
