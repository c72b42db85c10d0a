// Configuration: centres, schedules, norms, queues, desks and accounts.
#include "QueueService.h"

#include "Passwords.h"
#include "QueueServiceCall.h"

#include <app/Events.h>
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
// configuration

void QueueService::opCentreList(Call &c)
{
    QJsonArray out;
    const Staff &me = c.session().staff;
    const auto centres = everyCentre();
    if (!centres)
        return c.fail(makeError(ErrorCode::Unavailable, centres.error().message));
    for (const Centre &centre : std::as_const(*centres))
        if (me.centreId == 0 || me.centreId == centre.id)
            out.append(toJson(centre));
    c.reply({{u"centres"_s, out}});
}

void QueueService::opCentreGet(Call &c)
{
    Fields f(c.body);
    const Id id = f.requireId(u"centreId"_s);
    if (!f.status())
        return c.fail(f.status().error());
    c.reply({{u"centre"_s, toJson(*m_engine->centre(id))}});
}

void QueueService::opCentrePut(Call &c)
{
    Fields f(c.body);
    const QJsonObject obj = f.requireObject(u"centre"_s);
    if (!f.status())
        return c.fail(f.status().error());
    auto parsed = centreFromJson(obj);
    if (!parsed)
        return c.fail(parsed.error());
    Centre centre = *parsed;
    const bool creating = centre.id == 0;
    if (!creating && !m_engine->centre(centre.id))
        return c.fail(
            makeError(ErrorCode::NotFound, u"centre "_s % QString::number(centre.id) % u" does not exist"_s));
    if (auto s = validate(centre); !s)
        return c.fail(s.error());
    // Sharing the centres: those other nodes serve too (the database's UNIQUE would otherwise
    // fail the commit, and with it the node).
    auto others = everyCentre();
    if (!others)
        return c.fail(makeError(ErrorCode::Unavailable, others.error().message));
    for (const Centre &other : std::as_const(*others))
        if (other.code == centre.code && other.id != centre.id)
            return c.fail(
                makeError(ErrorCode::Conflict, u"centre code \""_s % centre.code % u"\" is taken"_s));
    if (creating) {
        auto id = takeId(IdKind::Centre);
        if (!id)
            return c.fail(id.error());
        centre.id = *id;
    }
    commitCentre(c, centre);
}

namespace {
Result<DayHours> hoursFromFields(Fields &f)
{
    DayHours h;
    h.open = f.optionalBool(u"open"_s, false);
    if (h.open) {
        h.opens = f.requireTime(u"opens"_s);
        h.closes = f.requireTime(u"closes"_s);
        if (f.has(u"lunchStart"_s) || f.has(u"lunchEnd"_s)) {
            h.lunchStart = f.requireTime(u"lunchStart"_s);
            h.lunchEnd = f.requireTime(u"lunchEnd"_s);
        }
    }
    if (!f.status())
        return f.status().error();
    return h;
}
} // namespace

void QueueService::opScheduleSetException(Call &c)
{
    Fields f(c.body);
    const Id centreId = f.requireId(u"centreId"_s);
    const QDate date = f.requireDate(u"date"_s);
    const QString note = f.optionalString(u"note"_s, {}, 200);
    auto hours = hoursFromFields(f);
    if (!hours)
        return c.fail(hours.error());
    Centre centre = *m_engine->centre(centreId);
    centre.schedule.setException(ScheduleException{date, *hours, note});
    if (auto s = validate(centre); !s)
        return c.fail(s.error());
    commitCentre(c, centre);
}

void QueueService::opScheduleRemoveException(Call &c)
{
    Fields f(c.body);
    const Id centreId = f.requireId(u"centreId"_s);
    const QDate date = f.requireDate(u"date"_s);
    if (!f.status())
        return c.fail(f.status().error());
    Centre centre = *m_engine->centre(centreId);
    if (!centre.schedule.removeException(date))
        return c.fail(
            makeError(ErrorCode::NotFound, u"no schedule exception on "_s % date.toString(Qt::ISODate)));
    commitCentre(c, centre);
}

void QueueService::opNormsGet(Call &c)
{
    Fields f(c.body);
    const Id centreId = f.requireId(u"centreId"_s);
    if (!f.status())
        return c.fail(f.status().error());
    c.reply({{u"norms"_s, toJson(m_engine->centre(centreId)->norms)}});
}

void QueueService::opNormsSet(Call &c)
{
    Fields f(c.body);
    const Id centreId = f.requireId(u"centreId"_s);
    const auto role = f.requireEnum<StageRole>(u"role"_s, stageRoleFromName);
    const int wait = int(f.requireInt(u"waitMinutes"_s, 1, 600));
    const int service = int(f.requireInt(u"serviceMinutes"_s, 1, 600));
    if (!f.status())
        return c.fail(f.status().error());
    Centre centre = *m_engine->centre(centreId);
    const Norm before = centre.norms.of(role);
    centre.norms.set(role, Norm{wait, service});
    m_engine->putCentre(centre);
    WriteBatch b;
    b.putCentre(centre);
    commit(c, std::move(b), {{u"norms"_s, toJson(centre.norms)}},
           {app::events::normsChanged(centre, role, before, actorOf(c).staffId, m_clock->now())});
}

void QueueService::opQueueList(Call &c)
{
    Fields f(c.body);
    const Id centreId = f.requireId(u"centreId"_s);
    if (!f.status())
        return c.fail(f.status().error());
    c.reply({{u"queues"_s, toJsonArray(m_engine->queues(centreId))}});
}

void QueueService::opQueueForecast(Call &c)
{
    Fields f(c.body);
    const bool priority = f.optionalBool(u"priority"_s, false);
    if (!f.status())
        return c.fail(f.status().error());
    auto queueId = queueFromFields(c, f, c.target.centreId, "queueId", "queueCode");
    const Queue *q = queueId ? m_engine->queue(*queueId) : nullptr;
    if (!queueId || !q || q->centreId != c.target.centreId) // another centre's queue is not there
        return c.fail(queueId ? makeError(ErrorCode::NotFound, u"queue "_s % QString::number(*queueId) %
                                                                   u" does not exist in this centre"_s)
                              : queueId.error());
    c.reply({{u"position"_s, toJson(m_engine->forecast(*queueId, priority))}});
}

void QueueService::opQueuePut(Call &c)
{
    Fields f(c.body);
    const QJsonObject obj = f.requireObject(u"queue"_s);
    if (!f.status())
        return c.fail(f.status().error());
    auto parsed = queueFromJson(obj);
    if (!parsed)
        return c.fail(parsed.error());
    Queue q = *parsed;
    const bool creating = q.id == 0;
    if (!creating) {
        const Queue *old = m_engine->queue(q.id);
        if (!old)
            return c.fail(
                makeError(ErrorCode::NotFound, u"queue "_s % QString::number(q.id) % u" does not exist"_s));
        if (old->centreId != q.centreId)
            return c.fail(makeError(ErrorCode::InvalidArgument, u"a queue cannot move to another centre"_s));
    }
    if (auto s = validate(q); !s)
        return c.fail(s.error());
    for (const Queue &other : m_engine->queues(q.centreId)) {
        if (other.id == q.id)
            continue;
        if (other.code == q.code)
            return c.fail(makeError(ErrorCode::Conflict,
                                    u"queue code \""_s % q.code % u"\" is taken in this centre"_s));
        if (other.prefix == q.prefix)
            return c.fail(makeError(ErrorCode::Conflict,
                                    u"ticket prefix \""_s % q.prefix % u"\" is taken in this centre"_s));
    }
    if (creating) {
        auto id = takeId(IdKind::Queue);
        if (!id)
            return c.fail(id.error());
        q.id = *id;
    }
    m_engine->putQueue(q);
    WriteBatch b;
    b.putQueue(q);
    commit(c, std::move(b), {{u"queue"_s, toJson(q)}},
           {app::events::queueChanged(q, actorOf(c).staffId, m_clock->now())});
}

void QueueService::opDeskList(Call &c)
{
    Fields f(c.body);
    const Id centreId = f.requireId(u"centreId"_s);
    if (!f.status())
        return c.fail(f.status().error());
    c.reply({{u"desks"_s, toJsonArray(m_engine->desks(centreId))}});
}

void QueueService::opDeskPut(Call &c)
{
    Fields f(c.body);
    const QJsonObject obj = f.requireObject(u"desk"_s);
    if (!f.status())
        return c.fail(f.status().error());
    auto parsed = deskFromJson(obj);
    if (!parsed)
        return c.fail(parsed.error());
    Desk d = *parsed;
    const bool creating = d.id == 0;
    if (!creating) {
        const Desk *old = m_engine->desk(d.id);
        if (!old)
            return c.fail(
                makeError(ErrorCode::NotFound, u"desk "_s % QString::number(d.id) % u" does not exist"_s));
        if (old->centreId != d.centreId)
            return c.fail(makeError(ErrorCode::InvalidArgument, u"a desk cannot move to another centre"_s));
        if (!d.active && m_engine->visitAtDesk(d.id))
            return c.fail(makeError(ErrorCode::InvalidTransition, u"the desk is serving a visitor"_s));
    }
    if (auto s = validate(d); !s)
        return c.fail(s.error());
    for (Id q : d.queueIds) {
        const Queue *queue = m_engine->queue(q);
        if (!queue || queue->centreId != d.centreId)
            return c.fail(makeError(ErrorCode::InvalidArgument,
                                    u"queue "_s % QString::number(q) % u" is not a queue of this centre"_s));
    }
    for (const Desk &other : m_engine->desks(d.centreId))
        if (other.id != d.id && other.number == d.number)
            return c.fail(makeError(ErrorCode::Conflict,
                                    u"desk number "_s % QString::number(d.number) % u" is taken"_s));
    if (creating) {
        auto id = takeId(IdKind::Desk);
        if (!id)
            return c.fail(id.error());
        d.id = *id;
    }
    m_engine->putDesk(d);
    const Desk &stored = *m_engine->desk(d.id);
    WriteBatch w;
    w.putDesk(stored);
    commit(c, std::move(w), {{u"desk"_s, toJson(stored)}},
           {app::events::desk(events::DeskChanged, stored, actorOf(c).staffId, m_clock->now())});
}

void QueueService::opStaffList(Call &c)
{
    QList<Staff> list = m_staff.values();
    std::sort(list.begin(), list.end(), [](const Staff &a, const Staff &b) { return a.id < b.id; });
    const Staff &me = c.session().staff;
    QJsonArray out;
    for (const Staff &s : list)
        if (me.centreId == 0 || s.centreId == me.centreId)
            out.append(toJson(s));
    c.reply({{u"staff"_s, out}});
}

void QueueService::opStaffPut(Call &c)
{
    Fields f(c.body);
    const QJsonObject obj = f.requireObject(u"staff"_s);
    const QString password = f.optionalSecret(u"password"_s, 128).value_or(QString());
    if (!f.status())
        return c.fail(f.status().error());
    auto parsed = staffFromJson(obj);
    if (!parsed)
        return c.fail(parsed.error());
    Staff st = *parsed;
    const bool creating = st.id == 0;
    if (!creating && !m_staff.contains(st.id))
        return c.fail(makeError(ErrorCode::NotFound,
                                u"staff member "_s % QString::number(st.id) % u" does not exist"_s));
    if (auto s = validate(st); !s)
        return c.fail(s.error());
    if (st.centreId != 0 && !centreExists(st.centreId))
        return c.fail(makeError(ErrorCode::NotFound,
                                u"centre "_s % QString::number(st.centreId) % u" does not exist"_s));
    const auto taken = [this, &st] {
        if (m_pendingLogins.contains(st.login) &&
            (!m_staff.contains(st.id) || m_staff[st.id].login != st.login))
            return true;
        for (const Staff &other : std::as_const(m_staff))
            if (other.login == st.login && other.id != st.id)
                return true;
        return false;
    };
    if (taken())
        return c.fail(makeError(ErrorCode::Conflict, u"login \""_s % st.login % u"\" is taken"_s));
    if (creating && password.isEmpty())
        return c.fail(
            makeError(ErrorCode::BadRequest, u"field \"password\" is required for a new account"_s));
    if (!password.isEmpty())
        if (const QString weak = passwords::weaknessOf(password, st.login); !weak.isEmpty())
            return c.fail(makeError(ErrorCode::InvalidArgument, weak));
    if (!creating && c.session().staff.id == st.id && (!st.active || st.role != Role::SystemAdministrator))
        return c.fail(
            makeError(ErrorCode::InvalidArgument, u"you cannot deactivate or demote your own account"_s));
    if (creating) {
        auto id = takeId(IdKind::Staff);
        if (!id)
            return c.fail(id.error());
        st.id = *id;
    }
    // Applied and committed whatever becomes of the caller's connection: an administrator who
    // disconnects while the password is hashed must not leave a change half made.
    const Id actorId = c.session().staff.id;
    const auto store = [this, st, actorId](Call call, const QByteArray &hash) {
        m_pendingLogins.remove(st.login);
        if (auto here = accountWritableHere(st); !here)
            return call.fail(here.error());
        applyStaff(st, hash, call.peer);
        WriteBatch b;
        b.putStaff(st, hash.isEmpty() ? std::optional<QString>()
                                      : std::optional<QString>(QString::fromUtf8(hash)));
        commit(call, std::move(b), {{u"staff"_s, toJson(st)}},
               {app::events::staffChanged(st, actorId, m_clock->now())});
    };
    if (password.isEmpty())
        return store(c, {});
    // Reserve the login so that a second request cannot take it while the hash is computed.
    m_pendingLogins.insert(st.login);
    const bool started = startPasswordJob([this, c, password, store] {
        const QByteArray hash = passwords::hash(password);
        QMetaObject::invokeMethod(
            this, [c, hash, store] { store(c, hash); }, Qt::QueuedConnection);
    });
    if (!started) {
        m_pendingLogins.remove(st.login);
        return c.fail(passwordQueueFull());
    }
}

} // namespace okno
