#include "AccessPolicy.h"

#include <protocol/Ops.h>

#include <QJsonArray>
#include <QStringList>

namespace okno::access {

using namespace Qt::StringLiterals;
namespace op = protocol::ops;

namespace {

using R = Role;
using T = TargetKind;
using D = DeskRule;

const QList<Role> kAnyone{};
const QList<Role> kStageRoles{R::Administrator, R::Consultant, R::Cashier};
const QList<Role> kSysadmin{R::SystemAdministrator};

Error forbidden(const QString &what)
{
    return makeError(ErrorCode::Forbidden, what);
}

QList<OpRule> makeRules()
{
    const auto r = [](QLatin1StringView name, QList<Role> roles, bool mutates, T target, D desk,
                      const char *note) {
        return OpRule{QString(name), std::move(roles), false, mutates, target, desk, QString::fromUtf8(note)};
    };
    QList<OpRule> list{
        {QString(op::Hello), kAnyone, true, false, T::None, D::None, u"the first frame"_s},
        {QString(op::AuthLogin), kAnyone, true, false, T::None, D::None, u"a desk of the account's centre"_s},
        r(op::AuthLogout, kAnyone, false, T::None, D::None, ""),
        r(op::Ping, kAnyone, false, T::None, D::None, ""),
        r(op::CentreList, kAnyone, false, T::None, D::None, "the centres the account may see"),
        r(op::CentreGet, kAnyone, false, T::Centre, D::None, ""),
        r(op::CentrePut, kSysadmin, true, T::CentreObject, D::None,
          "a new centre: company-wide accounts only"),
        r(op::ScheduleSetException, kSysadmin, true, T::Centre, D::None, ""),
        r(op::ScheduleRemoveException, kSysadmin, true, T::Centre, D::None, ""),
        r(op::NormsGet, kAnyone, false, T::Centre, D::None, ""),
        r(op::NormsSet, {R::Manager}, true, T::Centre, D::None, ""),
        r(op::NormsHistory, {R::Manager, R::SystemAdministrator}, false, T::Centre, D::None, ""),
        r(op::QueueList, kAnyone, false, T::Centre, D::None, ""),
        r(op::QueuePut, kSysadmin, true, T::QueueObject, D::None, ""),
        r(op::QueueForecast, kAnyone, false, T::Centre, D::None, "no personal data"),
        r(op::DeskList, kAnyone, false, T::Centre, D::None, ""),
        r(op::DeskPut, kSysadmin, true, T::DeskObject, D::None, ""),
        r(op::StaffList, {R::SystemAdministrator, R::Manager}, false, T::None, D::None,
          "the accounts of the centres the caller may see"),
        r(op::StaffPut, kSysadmin, true, T::StaffObject, D::None,
          "a company-wide account: company-wide administrators only"),
        r(op::StaffSetPassword,
          {R::Administrator, R::Consultant, R::Cashier, R::Manager, R::SystemAdministrator}, true,
          T::StaffAccount, D::None, "one's own (with the old password); another's: system administrator"),
        r(op::VisitIssue, {R::Administrator, R::Kiosk, R::SystemAdministrator}, true, T::Centre, D::None, ""),
        r(op::VisitGet, kAnyone, false, T::Visit, D::None, "devices: without personal data"),
        r(op::VisitCallNext, kStageRoles, true, T::None, D::None, "the caller's own open desk"),
        r(op::VisitCall, kStageRoles, true, T::Visit, D::OwnDesk, ""),
        r(op::VisitRecall, kStageRoles, true, T::Visit, D::OwnDesk, ""),
        r(op::VisitStart, kStageRoles, true, T::Visit, D::OwnDesk, ""),
        r(op::VisitFinish, kStageRoles, true, T::Visit, D::OwnDesk, ""),
        r(op::VisitNoShow, kStageRoles, true, T::Visit, D::OwnDesk, ""),
        r(op::VisitRoute, kStageRoles, true, T::Visit, D::OwnDeskForServiceRoles,
          "a waiting visitor: reception only"),
        r(op::VisitPostpone, kStageRoles, true, T::Visit, D::OwnDeskForServiceRoles, ""),
        r(op::VisitRequeue, kStageRoles, true, T::Visit, D::OwnDeskForServiceRoles, ""),
        r(op::VisitCancel, {R::Administrator, R::Consultant, R::Cashier, R::SystemAdministrator}, true,
          T::Visit, D::OwnDeskForServiceRoles, ""),
        r(op::VisitSetPriority, {R::Administrator, R::SystemAdministrator}, true, T::Visit, D::None, ""),
        r(op::DeskOpen, kStageRoles, true, T::Desk, D::None, "the session's desk, or a free one"),
        r(op::DeskBreak, kStageRoles, true, T::None, D::None, "the caller's own open desk"),
        r(op::DeskResume, kStageRoles, true, T::None, D::None, "the caller's own desk"),
        r(op::DeskClose, kStageRoles, true, T::None, D::None, "the caller's own desk"),
        r(op::StatusQuery, kAnyone, false, T::Centre, D::None, "devices: without personal data"),
        r(op::Stats, {R::Manager}, false, T::Centre, D::None, ""),
        r(op::Dashboard, {R::Manager}, false, T::CentreOrAll, D::None, ""),
        r(op::Alerts, {R::Manager, R::Administrator, R::SystemAdministrator}, false, T::CentreOrAll, D::None,
          ""),
        r(op::EventsSubscribe, kAnyone, false, T::None, D::None, "events of the centres the caller may see"),
        r(op::ClockSet, kSysadmin, false, T::None, D::None, "servers started with --test-clock only"),
        r(op::AuthLockouts, kSysadmin, false, T::None, D::None, "logins and addresses, all centres"),
        r(op::AuthUnlock, kSysadmin, false, T::None, D::None, "a login's or an address's lockout"),
        r(op::BackupCreate, kSysadmin, false, T::None, D::None,
          "a copy of the whole database (every centre) to a new file on the server's machine"),
        r(op::DatabaseVerify, kSysadmin, false, T::None, D::None, "integrity check and counts, all centres"),
        r(op::RetentionRun, kSysadmin, true, T::None, D::None,
          "every centre: the configured period only; dry run changes nothing"),
        r(op::ConsultationGet, {R::Administrator, R::Consultant, R::Cashier, R::Manager}, false, T::Visit,
          D::None, ""),
        r(op::ConsultationSave, {R::Consultant}, true, T::Visit, D::None,
          "the consultant stage served at the caller's desk"),
        r(op::ShiftOpen, {R::Cashier}, true, T::None, D::None, "at the caller's own open desk"),
        r(op::ShiftCurrent, {R::Cashier}, false, T::None, D::None, "at the caller's own desk"),
        r(op::ShiftClose, {R::Cashier}, true, T::None, D::None, "the caller's own shift"),
        r(op::PaymentRecord, {R::Cashier}, true, T::None, D::None, "into the caller's own open shift"),
        r(op::PaymentReverse, {R::Cashier}, true, T::Payment, D::None,
          "into the caller's own open shift; a manager's password"),
        r(op::PaymentList, {R::Cashier, R::Manager}, false, T::PaymentsOf, D::None, ""),
    };
    return list;
}

bool isStageServiceRole(Role r)
{
    return r == Role::Consultant || r == Role::Cashier;
}

bool hasCentre(TargetKind k)
{
    return k != T::None;
}

QString targetName(TargetKind k)
{
    switch (k) {
    case T::None:
        return u"—"_s;
    case T::Centre:
        return u"centre"_s;
    case T::CentreOrAll:
        return u"centre or all"_s;
    case T::CentreObject:
        return u"centre (object)"_s;
    case T::QueueObject:
        return u"queue's centre"_s;
    case T::DeskObject:
        return u"desk's centre"_s;
    case T::StaffObject:
        return u"account's centre"_s;
    case T::StaffAccount:
        return u"account"_s;
    case T::Visit:
        return u"visit"_s;
    case T::Desk:
        return u"desk"_s;
    case T::Payment:
        return u"payment"_s;
    case T::PaymentsOf:
        return u"shift or visit"_s;
    }
    return {};
}

QString deskRuleName(DeskRule d)
{
    switch (d) {
    case D::None:
        return u"—"_s;
    case D::OwnDesk:
        return u"own open desk serving the ticket's queue"_s;
    case D::OwnDeskForServiceRoles:
        return u"consultant, cashier: own open desk serving the ticket's queue"_s;
    }
    return {};
}

// Event types a device may receive: the calls and desks the hall shows, and the configuration it
// needs to show them. Consultations, shifts, payments and accounts never reach a device.
bool deviceEvent(const QString &type)
{
    return type.startsWith(u"visit."_s) || type.startsWith(u"desk."_s) || type == u"centre.changed"_s ||
           type == u"queue.changed"_s;
}

QJsonValue blank(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::String:
        return QString();
    case QJsonValue::Double:
        return 0;
    case QJsonValue::Array:
        return QJsonArray();
    case QJsonValue::Object:
        return QJsonObject();
    default:
        return v;
    }
}

QJsonValue maskValue(const QJsonValue &v);

QJsonObject maskObject(QJsonObject o)
{
    for (auto it = o.begin(); it != o.end(); ++it) {
        if (personalFields().contains(it.key()))
            it.value() = blank(it.value());
        else if (it.value().isObject() || it.value().isArray())
            it.value() = maskValue(it.value());
    }
    return o;
}

QJsonValue maskValue(const QJsonValue &v)
{
    if (v.isObject())
        return maskObject(v.toObject());
    if (v.isArray()) {
        QJsonArray out;
        for (const QJsonValue &item : v.toArray())
            out.append(maskValue(item));
        return out;
    }
    return v;
}

} // namespace

const QList<OpRule> &rules()
{
    static const QList<OpRule> list = makeRules();
    return list;
}

const OpRule *rule(const QString &name)
{
    for (const OpRule &r : rules())
        if (r.op == name)
            return &r;
    return nullptr;
}

Status decide(const Principal &who, const OpRule &rule, const Target &on)
{
    if (!rule.roles.isEmpty() && !rule.roles.contains(who.role))
        return forbidden(u"a "_s % roleName(who.role) % u" may not use "_s % rule.op);
    // Centre scope: a centre-bound account acts in its own centre only.
    if (hasCentre(on.kind) && !who.companyWide()) {
        if (on.kind == T::CentreOrAll && on.centreId == 0)
            ; // the resolver narrows "every centre" to the caller's own
        else if (on.kind == T::StaffAccount)
            ; // the account's centre is checked below
        else if (on.centreId == 0)
            return forbidden(u"only a company-wide account may do this across centres"_s);
        else if (on.centreId != who.centreId)
            return forbidden(u"this account belongs to another centre"_s);
    }
    if (on.kind == T::StaffAccount && on.staffId != who.staffId) {
        if (who.role != Role::SystemAdministrator)
            return forbidden(u"only a system administrator sets another person's password"_s);
        if (!who.companyWide() && on.centreId != who.centreId)
            return forbidden(u"this account belongs to another centre"_s);
    }
    // Visit-changing operations by those who serve: through their own open desk, on its queues.
    const bool needsDesk =
        rule.desk == D::OwnDesk || (rule.desk == D::OwnDeskForServiceRoles && isStageServiceRole(who.role));
    if (needsDesk && on.kind == T::Visit) {
        if (who.deskId == 0)
            return makeError(ErrorCode::DeskUnavailable, u"this session is not bound to a desk"_s);
        if (!who.deskOwned)
            return makeError(ErrorCode::DeskUnavailable, u"open the desk first"_s);
        if (!who.deskQueues.contains(on.queueId))
            return forbidden(u"your desk does not serve this ticket's queue"_s);
    }
    return {};
}

Visibility visibilityOf(Role role)
{
    return role == Role::Board || role == Role::Kiosk ? Visibility::NoPersonalData : Visibility::Full;
}

Visibility visibilityOf(const Principal &who)
{
    return visibilityOf(who.role);
}

const QList<QString> &personalFields()
{
    static const QList<QString> fields{
        u"customerName"_s, u"accountNumber"_s, u"purpose"_s,         u"note"_s,          u"notes"_s,
        u"reason"_s,       u"readings"_s,      u"meterNumber"_s,     u"dayValue"_s,      u"nightValue"_s,
        u"appealNumber"_s, u"amountKopecks"_s, u"tenderedKopecks"_s, u"changeKopecks"_s, u"nextVisitDate"_s,
    };
    return fields;
}

QJsonObject mask(Visibility v, QJsonObject frame)
{
    if (v == Visibility::Full)
        return frame;
    return maskObject(std::move(frame));
}

bool mayReceive(const Principal &who, const QString &type, Id centreId)
{
    // Password checks and lockouts (nodes sharing the centres): logins and addresses, the system
    // administrators' to see.
    if (type.startsWith(u"auth."))
        return who.role == Role::SystemAdministrator;
    if (!who.companyWide() && centreId != 0 && centreId != who.centreId)
        return false;
    if (who.isDevice())
        return deviceEvent(type);
    return true;
}

QString policyMarkdown()
{
    QString out;
    out += u"| operation | who may call it | acts on | desk | also |\n|---|---|---|---|---|\n"_s;
    for (const OpRule &r : rules()) {
        QStringList roles;
        for (Role role : r.roles)
            roles.append(roleName(role));
        const QString who = r.preAuth         ? u"anyone (before login)"_s
                            : roles.isEmpty() ? u"any account"_s
                                              : roles.join(u", "_s);
        out += u"| `%1` | %2 | %3 | %4 | %5 |\n"_s.arg(r.op, who, targetName(r.target), deskRuleName(r.desk),
                                                       r.note.isEmpty() ? u"—"_s : r.note);
    }
    out += u"\nFields blanked for device accounts (board, kiosk), wherever they appear in a frame:\n"_s;
    QStringList fields;
    for (const QString &f : personalFields())
        fields.append(u'`' % f % u'`');
    out += fields.join(u", "_s) % u".\n"_s;
    out += u"\nEvents a device account receives: `visit.*` and `desk.*` (masked as above), "_s
           u"`centre.changed`, `queue.changed`; never `consultation.*`, `shift.*`, `payment.*`, "_s
           u"`staff.*`.\n"_s
           u"\nEvents `auth.*` (password checks and lifted lockouts, shared by nodes sharing the "_s
           u"centres) reach system administrators only.\n"_s;
    return out;
}

} // namespace okno::access
