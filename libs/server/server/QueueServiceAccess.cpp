// Where the access policy meets the live state: who the caller is, what a request acts on, and
// ending the sessions of an account that changed.
#include "QueueService.h"

#include "QueueServiceCall.h"

#include <logging/Logging.h>
#include <protocol/Codec.h>
#include <protocol/Fields.h>
#include <protocol/Ops.h>

namespace okno {

using namespace Qt::StringLiterals;
using namespace protocol;

access::Principal QueueService::principalOf(const Session &s) const
{
    access::Principal p;
    p.staffId = s.staff.id;
    p.role = s.staff.role;
    p.centreId = s.staff.centreId;
    p.deskId = s.deskId;
    if (const Desk *d = m_engine->desk(s.deskId)) {
        p.deskOwned = d->staffId == s.staff.id && d->state != DeskState::Closed;
        p.deskQueues = d->queueIds;
    }
    return p;
}

namespace {

Error notFound(const QString &what, Id id)
{
    return makeError(ErrorCode::NotFound, what % u" "_s % QString::number(id) % u" does not exist"_s);
}

} // namespace

Result<access::Target> QueueService::resolveTarget(const Call &c, const access::OpRule &rule) const
{
    using T = access::TargetKind;
    access::Target t;
    t.kind = rule.target;
    const Staff &me = c.peer->session().staff;
    Fields f(c.body);
    const auto centreMustExist = [this](Id id) -> Status {
        if (!centreExists(id))
            return notFound(u"centre"_s, id);
        return {};
    };
    const auto visitById = [this](Id visitId) -> Result<std::optional<Visit>> {
        if (const Visit *live = m_engine->visit(visitId))
            return std::optional<Visit>(*live);
        return m_reader->loadVisit(visitId);
    };
    switch (rule.target) {
    case T::None:
        return t;
    case T::Centre:
    case T::CentreOrAll: {
        // "centreId": 0 means every centre where the op allows it (dashboard, alerts).
        t.centreId = !f.has(u"centreId"_s)           ? me.centreId
                     : rule.target == T::CentreOrAll ? f.optionalId(u"centreId"_s)
                                                     : f.requireId(u"centreId"_s);
        if (!f.status())
            return f.status().error();
        if (t.centreId == 0 && rule.target == T::Centre)
            return makeError(ErrorCode::BadRequest, u"field \"centreId\" is required"_s);
        if (t.centreId != 0)
            if (auto s = centreMustExist(t.centreId); !s)
                return s.error();
        return t;
    }
    case T::CentreObject: {
        Fields inner = f.object(u"centre"_s);
        t.centreId = inner.optionalId(u"id"_s);
        if (!f.status())
            return f.status().error();
        if (t.centreId != 0)
            if (auto s = centreMustExist(t.centreId); !s)
                return s.error();
        return t;
    }
    case T::QueueObject:
    case T::DeskObject:
    case T::StaffObject: {
        const QString field = rule.target == T::QueueObject  ? u"queue"_s
                              : rule.target == T::DeskObject ? u"desk"_s
                                                             : u"staff"_s;
        Fields inner = f.object(field);
        t.centreId = inner.optionalId(u"centreId"_s);
        const Id objectId = inner.optionalId(u"id"_s);
        if (!f.status())
            return f.status().error();
        // An existing object is judged where it is now as well as where it would go.
        Id now = t.centreId;
        if (rule.target == T::QueueObject)
            if (const Queue *q = m_engine->queue(objectId))
                now = q->centreId;
        if (rule.target == T::DeskObject)
            if (const Desk *d = m_engine->desk(objectId))
                now = d->centreId;
        if (rule.target == T::StaffObject)
            if (auto it = m_staff.constFind(objectId); it != m_staff.constEnd())
                now = it->centreId;
        if (now != t.centreId && me.centreId != 0)
            return forbidden(u"only a company-wide account moves things between centres"_s);
        if (rule.target != T::StaffObject && t.centreId == 0)
            return makeError(ErrorCode::BadRequest, u"field \""_s % field % u".centreId\" is required"_s);
        if (t.centreId != 0)
            if (auto s = centreMustExist(t.centreId); !s)
                return s.error();
        return t;
    }
    case T::StaffAccount: {
        t.staffId = f.optionalId(u"staffId"_s);
        if (!f.status())
            return f.status().error();
        if (t.staffId == 0)
            t.staffId = me.id;
        const auto it = m_staff.constFind(t.staffId);
        if (it == m_staff.constEnd())
            return notFound(u"staff member"_s, t.staffId);
        t.centreId = it->centreId;
        return t;
    }
    case T::Visit: {
        const Id visitId = f.requireId(u"visitId"_s);
        if (!f.status())
            return f.status().error();
        auto v = visitById(visitId);
        if (!v)
            return v.error();
        if (!v->has_value())
            return notFound(u"visit"_s, visitId);
        const Visit &visit = **v;
        t.centreId = visit.centreId;
        t.visitOpen = visit.isOpen();
        if (!visit.stages.isEmpty()) {
            t.queueId = visit.stages.last().queueId;
            t.visitDeskId = visit.stages.last().deskId;
        }
        return t;
    }
    case T::Desk: {
        const Id deskId = f.has(u"deskId"_s) ? f.requireId(u"deskId"_s) : c.peer->session().deskId;
        if (!f.status())
            return f.status().error();
        if (!deskId)
            return makeError(ErrorCode::BadRequest,
                             u"field \"deskId\" is required (the session has no desk)"_s);
        if (const Desk *d = m_engine->desk(deskId)) {
            t.centreId = d->centreId;
            return t;
        }
        // Sharing the centres: a desk of a centre another node serves is answered `moved` there.
        if (m_options.shareCentres) {
            auto desks = m_reader->loadDesks();
            if (!desks)
                return desks.error();
            for (const Desk &d : std::as_const(*desks))
                if (d.id == deskId) {
                    t.centreId = d.centreId;
                    return t;
                }
        }
        return notFound(u"desk"_s, deskId);
    }
    case T::Payment: {
        const Id paymentId = f.requireId(u"paymentId"_s);
        if (!f.status())
            return f.status().error();
        auto p = m_reader->loadPayment(paymentId);
        if (!p)
            return p.error();
        if (!p->has_value())
            return notFound(u"payment"_s, paymentId);
        t.centreId = (*p)->centreId;
        return t;
    }
    case T::PaymentsOf: {
        const Id shiftId = f.optionalId(u"shiftId"_s);
        const Id visitId = f.optionalId(u"visitId"_s);
        if (!f.status())
            return f.status().error();
        if ((shiftId == 0) == (visitId == 0))
            return makeError(ErrorCode::BadRequest, u"give exactly one of \"shiftId\" or \"visitId\""_s);
        if (shiftId) {
            auto shift = m_reader->loadShift(shiftId);
            if (!shift)
                return shift.error();
            if (!shift->has_value())
                return notFound(u"cash shift"_s, shiftId);
            t.centreId = (*shift)->centreId;
            return t;
        }
        auto v = visitById(visitId);
        if (!v)
            return v.error();
        if (!v->has_value())
            return notFound(u"visit"_s, visitId);
        t.centreId = (*v)->centreId;
        return t;
    }
    }
    return t;
}

void QueueService::revokeSessions(Id staffId, const QString &reason, const QString &message,
                                  const Peer *except)
{
    for (Peer *p : std::as_const(m_peers)) {
        Session &s = p->session();
        if (p == except || !s.authenticated || s.staff.id != staffId)
            continue;
        logging::info(u"session of %1 from %2 ended: %3"_s.arg(s.staff.login, p->describe(), message));
        // Not part of the replayable stream (no seq); then the connection closes.
        p->send(QJsonObject{{u"event"_s, QString(events::SessionRevoked)},
                            {u"data"_s, QJsonObject{{u"reason"_s, reason}, {u"message"_s, message}}}});
        s = Session{};
        p->closeAfterSending();
    }
}

void QueueService::applyStaff(const Staff &st, const QByteArray &newHash, const Peer *except)
{
    const auto old = m_staff.constFind(st.id);
    QString reason, message;
    if (old != m_staff.constEnd()) {
        if (!st.active)
            reason = u"deactivated"_s, message = u"the account was deactivated"_s;
        else if (old->role != st.role)
            reason = u"role_changed"_s, message = u"the account's role was changed"_s;
        else if (old->centreId != st.centreId)
            reason = u"centre_changed"_s, message = u"the account was moved to another centre"_s;
        else if (old->login != st.login)
            reason = u"login_changed"_s, message = u"the account's login was changed"_s;
    }
    if (reason.isEmpty() && !newHash.isEmpty() && m_passwordHashes.contains(st.id))
        reason = u"password_changed"_s, message = u"the account's password was changed"_s;
    m_staff.insert(st.id, st);
    if (!newHash.isEmpty())
        m_passwordHashes.insert(st.id, newHash);
    if (reason.isEmpty())
        return;
    ++m_credentialEpoch[st.id];
    revokeSessions(st.id, reason, message, except);
    // The session that made the change (one's own new password) carries on under the new epoch.
    for (Peer *p : std::as_const(m_peers))
        if (p == except && p->session().authenticated && p->session().staff.id == st.id) {
            p->session().credentialEpoch = m_credentialEpoch.value(st.id);
            p->session().staff = st;
        }
}

} // namespace okno
