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
    commitVisit(c, m_visits->issue(r));
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
    commitVisit(c, m_visits->callNext(actorOf(c)));
}

void QueueService::opVisitCall(Call &c)
{
    Fields f(c.body);
    const Id id = f.requireId(u"visitId"_s);
    if (!f.status())
        return c.fail(f.status().error());
    commitVisit(c, m_visits->call(actorOf(c), id));
}

void QueueService::opVisitSimple(Call &c)
{
    Fields f(c.body);
    const Id id = f.requireId(u"visitId"_s);
    if (!f.status())
        return c.fail(f.status().error());
    const Actor a = actorOf(c);
    namespace op = ops;
    using Command = Result<app::VisitDone> (app::VisitService::*)(const Actor &, Id);
    static const QHash<QString, Command> commands{{op::VisitRecall, &app::VisitService::recall},
                                                  {op::VisitStart, &app::VisitService::start},
                                                  {op::VisitFinish, &app::VisitService::finish},
                                                  {op::VisitNoShow, &app::VisitService::noShow},
                                                  {op::VisitRequeue, &app::VisitService::requeue}};
    const Command command = commands.value(c.op);
    Q_ASSERT(command);
    commitVisit(c, (m_visits.get()->*command)(a, id));
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
    commitVisit(c, m_visits->route(actorOf(c), id, *queueId, note));
}

void QueueService::opVisitPostpone(Call &c)
{
    Fields f(c.body);
    const Id id = f.requireId(u"visitId"_s);
    const QString reason = f.optionalString(u"reason"_s, {}, 500);
    if (!f.status())
        return c.fail(f.status().error());
    commitVisit(c, m_visits->postpone(actorOf(c), id, reason));
}

void QueueService::opVisitCancel(Call &c)
{
    Fields f(c.body);
    const Id id = f.requireId(u"visitId"_s);
    const QString reason = f.optionalString(u"reason"_s, {}, 500);
    if (!f.status())
        return c.fail(f.status().error());
    commitVisit(c, m_visits->cancel(actorOf(c), id, reason));
}

void QueueService::opVisitSetPriority(Call &c)
{
    Fields f(c.body);
    const Id id = f.requireId(u"visitId"_s);
    const QString priority = f.optionalString(u"priority"_s, {}, 32);
    if (!f.status())
        return c.fail(f.status().error());
    commitVisit(c, m_visits->setPriority(actorOf(c), id, priority));
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
    auto opened = m_visits->openDesk(deskId, s.staff.id);
    if (opened)
        s.deskId = deskId;
    commitDesk(c, opened);
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
    const Id me = s.staff.id;
    commitDesk(c, c.op == op::DeskBreak    ? m_visits->breakDesk(s.deskId, me)
                  : c.op == op::DeskResume ? m_visits->resumeDesk(s.deskId, me)
                                           : m_visits->closeDesk(s.deskId, me));
}

} // namespace okno
