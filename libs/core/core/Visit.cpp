#include "Visit.h"

#include <QRegularExpression>

namespace okno {

using namespace Qt::StringLiterals;

int Visit::contacts() const
{
    return int(
        std::count_if(stages.cbegin(), stages.cend(), [](const Stage &s) { return s.startedAt.isValid(); }));
}

namespace {

Error illegal(const Stage &s, const char *action)
{
    return makeError(ErrorCode::InvalidTransition, u"cannot "_s % QLatin1StringView(action) % u" ticket "_s %
                                                       s.ticket % u": it is "_s % stageStateName(s.state));
}

Status checkDesk(const Stage &s, Id deskId)
{
    if (deskId != 0 && s.deskId != deskId)
        return makeError(ErrorCode::Forbidden,
                         u"ticket "_s % s.ticket %
                             u" was called to another desk; only that desk can do this"_s);
    return {};
}

Result<Stage *> current(Visit &v)
{
    if (v.stages.isEmpty())
        return makeError(ErrorCode::InvalidTransition,
                         u"visit "_s % QString::number(v.id) % u" has no stage"_s);
    return &v.stages.last();
}

} // namespace

namespace VisitTransitions {

Status call(Visit &v, const QDateTime &at, Id deskId, Id staffId)
{
    auto s = current(v);
    if (!s)
        return s.error();
    Stage &st = **s;
    if (st.state != StageState::Waiting && st.state != StageState::Postponed)
        return illegal(st, "call");
    st.state = StageState::Called;
    if (!st.calledAt.isValid())
        st.calledAt = at;
    st.callCount += 1;
    st.deskId = deskId;
    st.staffId = staffId;
    ++v.version;
    return {};
}

Status recall(Visit &v, const QDateTime &, Id deskId)
{
    auto s = current(v);
    if (!s)
        return s.error();
    Stage &st = **s;
    if (st.state != StageState::Called)
        return illegal(st, "recall");
    if (auto d = checkDesk(st, deskId); !d)
        return d;
    st.callCount += 1;
    ++v.version;
    return {};
}

Status start(Visit &v, const QDateTime &at, Id deskId)
{
    auto s = current(v);
    if (!s)
        return s.error();
    Stage &st = **s;
    if (st.state != StageState::Called)
        return illegal(st, "start serving");
    if (auto d = checkDesk(st, deskId); !d)
        return d;
    st.state = StageState::InService;
    st.startedAt = at;
    ++v.version;
    return {};
}

Status finish(Visit &v, const QDateTime &at, Id deskId)
{
    auto s = current(v);
    if (!s)
        return s.error();
    Stage &st = **s;
    if (st.state != StageState::InService)
        return illegal(st, "finish");
    if (auto d = checkDesk(st, deskId); !d)
        return d;
    st.state = StageState::Done;
    st.finishedAt = at;
    ++v.version;
    return {};
}

Status noShow(Visit &v, const QDateTime &at, Id deskId)
{
    auto s = current(v);
    if (!s)
        return s.error();
    Stage &st = **s;
    if (st.state != StageState::Called)
        return illegal(st, "mark as no-show");
    if (auto d = checkDesk(st, deskId); !d)
        return d;
    st.state = StageState::NoShow;
    st.finishedAt = at;
    ++v.version;
    return {};
}

Status postpone(Visit &v, const QDateTime &, const QString &reason)
{
    auto s = current(v);
    if (!s)
        return s.error();
    Stage &st = **s;
    if (st.state != StageState::Waiting && st.state != StageState::Called)
        return illegal(st, "postpone");
    st.state = StageState::Postponed;
    st.deskId = 0;
    st.staffId = 0;
    st.note = reason;
    ++v.version;
    return {};
}

Status requeue(Visit &v, const QDateTime &)
{
    auto s = current(v);
    if (!s)
        return s.error();
    Stage &st = **s;
    if (st.state != StageState::Postponed)
        return illegal(st, "return to the queue");
    st.state = StageState::Waiting;
    ++v.version;
    return {};
}

Status cancel(Visit &v, const QDateTime &at, const QString &reason)
{
    auto s = current(v);
    if (!s)
        return s.error();
    Stage &st = **s;
    if (st.state != StageState::Waiting && st.state != StageState::Postponed &&
        st.state != StageState::Called)
        return illegal(st, "cancel");
    st.state = StageState::Cancelled;
    st.finishedAt = at;
    st.note = reason;
    ++v.version;
    return {};
}

Status route(Visit &v, const QDateTime &at, Id toQueue, StageRole toRole, const QDate &serviceDate,
             const QString &note)
{
    auto s = current(v);
    if (!s)
        return s.error();
    Stage &st = **s;
    if (st.state != StageState::InService && st.state != StageState::Waiting &&
        st.state != StageState::Postponed)
        return illegal(st, "route");
    if (st.queueId == toQueue && st.state != StageState::InService)
        return makeError(ErrorCode::InvalidArgument,
                         u"ticket "_s % st.ticket % u" is already in that queue"_s);
    st.state = StageState::Transferred;
    st.finishedAt = at;
    st.note = note;
    Stage next;
    next.index = int(v.stages.size());
    next.queueId = toQueue;
    next.role = toRole;
    next.ticket = st.ticket; // one visit, one ticket: the number on the visitor's paper
    next.ticketNumber = st.ticketNumber;
    next.serviceDate = serviceDate;
    next.state = StageState::Waiting;
    next.queuedAt = at;
    v.stages.append(next);
    ++v.version;
    return {};
}

} // namespace VisitTransitions

QString normaliseAccountNumber(const QString &account)
{
    QString out;
    for (QChar c : account)
        if (c != u' ' && c != u'-')
            out.append(c);
    return out;
}

Status validateAccountNumber(const QString &account)
{
    if (account.isEmpty())
        return {};
    static const QRegularExpression re(u"^[0-9]{6,20}$"_s);
    if (!re.match(account).hasMatch())
        return makeError(ErrorCode::InvalidArgument,
                         u"account number must be 6–20 digits (spaces and dashes are ignored)"_s);
    return {};
}

} // namespace okno
