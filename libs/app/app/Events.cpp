#include "Events.h"

#include <protocol/Codec.h>
#include <protocol/FrameDecoder.h>
#include <protocol/Ops.h>

namespace okno::app::events {

using namespace Qt::StringLiterals;
namespace names = protocol::events;

namespace {

Event make(const QString &type, Id centreId, Id visitId, Id actorId, const QDateTime &at,
           const QJsonObject &data)
{
    Event e;
    e.at = at;
    e.type = type;
    e.centreId = centreId;
    e.visitId = visitId;
    e.actorId = actorId;
    e.payload = protocol::compactJson(data);
    return e;
}

} // namespace

Event visit(const QString &type, const Visit &v, Id actorId, const QDateTime &at,
            const std::optional<QueuePosition> &position)
{
    // What compactJson({"position": …, "visit": …}) gives, the visit written directly: one is
    // encoded on every change of every visit.
    Event e;
    e.at = at;
    e.type = type;
    e.centreId = v.centreId;
    e.visitId = v.id;
    e.actorId = actorId;
    e.payload.reserve(320 + 400 * v.stages.size()); // about what it takes
    e.payload.append('{');
    if (position)
        e.payload.append("\"position\":")
            .append(protocol::compactJson(protocol::toJson(*position)))
            .append(',');
    e.payload.append("\"visit\":");
    protocol::appendCompactJson(e.payload, v);
    e.payload.append('}');
    return e;
}

Event desk(const QString &type, const Desk &d, Id actorId, const QDateTime &at)
{
    return make(type, d.centreId, 0, actorId, at, {{u"desk"_s, protocol::toJson(d)}});
}

Event centreChanged(const Centre &c, Id actorId, const QDateTime &at)
{
    return make(names::CentreChanged, c.id, 0, actorId, at, {{u"centre"_s, protocol::toJson(c)}});
}

Event normsChanged(const Centre &c, StageRole role, const Norm &before, Id actorId, const QDateTime &at)
{
    const Norm after = c.norms.of(role);
    return make(names::CentreChanged, c.id, 0, actorId, at,
                {{u"role"_s, stageRoleName(role)},
                 {u"before"_s, QJsonObject{{u"waitMinutes"_s, before.waitMinutes},
                                           {u"serviceMinutes"_s, before.serviceMinutes}}},
                 {u"after"_s, QJsonObject{{u"waitMinutes"_s, after.waitMinutes},
                                          {u"serviceMinutes"_s, after.serviceMinutes}}},
                 {u"norms"_s, protocol::toJson(c.norms)}});
}

Event queueChanged(const Queue &q, Id actorId, const QDateTime &at)
{
    return make(names::QueueChanged, q.centreId, 0, actorId, at, {{u"queue"_s, protocol::toJson(q)}});
}

Event staffChanged(const Staff &s, Id actorId, const QDateTime &at)
{
    return make(names::StaffChanged, s.centreId, 0, actorId, at, {{u"staff"_s, protocol::toJson(s)}});
}

Event passwordChanged(const Staff &s, Id actorId, const QDateTime &at)
{
    return make(names::StaffChanged, s.centreId, 0, actorId, at, {{u"staffId"_s, double(s.id)}});
}

Event serverRestored(const QString &backupFile, qint64 backupLastSeq, const QDateTime &at, qint64 idMargin,
                     int numberMargin)
{
    return make(protocol::events::ServerRestored, 0, 0, 0, at.toUTC(),
                {{u"backupFile"_s, backupFile},
                 {u"backupLastSeq"_s, double(backupLastSeq)},
                 {u"restoredAt"_s, at.toUTC().toString(Qt::ISODateWithMs)},
                 {u"idMargin"_s, double(idMargin)},
                 {u"numberMargin"_s, numberMargin}});
}

Event consultationSaved(const Consultation &k, Id actorId, const QDateTime &at)
{
    return make(names::ConsultationSaved, k.centreId, k.visitId, actorId, at,
                {{u"consultation"_s, protocol::toJson(k)}});
}

Event shift(const QString &type, const CashShift &s, Id actorId, const QDateTime &at)
{
    return make(type, s.centreId, 0, actorId, at, {{u"shift"_s, protocol::toJson(s)}});
}

Event payment(const Payment &p, Id actorId, const QDateTime &at)
{
    return make(p.isReversal() ? names::PaymentReversed : names::PaymentRecorded, p.centreId, p.visitId,
                actorId, at, {{u"payment"_s, protocol::toJson(p)}});
}

Event anonymised(Event e)
{
    if (retention::carriesVisitorData(e.type))
        e.payload = retention::anonymisedPayload(e.payload);
    return e;
}

Event retentionRan(const QJsonObject &summary, Id actorId, const QDateTime &at)
{
    return make(names::RetentionRan, 0, 0, actorId, at, {{u"retention"_s, summary}});
}

Event loginChecked(const QString &login, const QString &address, bool success, const QString &node,
                   const QDateTime &at)
{
    return make(names::AuthChecked, 0, 0, 0, at,
                {{u"login"_s, login}, {u"address"_s, address}, {u"success"_s, success}, {u"node"_s, node}});
}

Event lockoutLifted(const QString &kind, const QString &key, const QString &node, Id actorId,
                    const QDateTime &at)
{
    return make(names::AuthUnlocked, 0, 0, actorId, at,
                {{u"kind"_s, kind}, {u"key"_s, key}, {u"node"_s, node}});
}

QJsonObject retentionSummary(const retention::Counts &counts, const QDateTime &cutoff, int days,
                             const QString &trigger)
{
    return {{u"cutoff"_s, protocol::instantToJson(cutoff)},
            {u"days"_s, days},
            {u"trigger"_s, trigger},
            {u"counts"_s, QJsonObject{{u"visits"_s, double(counts.visits)},
                                      {u"stageNotes"_s, double(counts.stageNotes)},
                                      {u"consultations"_s, double(counts.consultations)},
                                      {u"meterReadings"_s, double(counts.meterReadings)},
                                      {u"payments"_s, double(counts.payments)},
                                      {u"events"_s, double(counts.events)}}}};
}

} // namespace okno::app::events
