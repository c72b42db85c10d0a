// The protocol's encoding of the reports' figures: Summary, the dashboard's per role, hour, day,
// person and centre figures, quality, alerts and statistics (Codec.h declares them).
#include "Codec.h"

#include "CodecSupport.h"

namespace okno::protocol {

using namespace Qt::StringLiterals;
using namespace codec_detail;

// --- statistics

QJsonObject toJson(const Summary &s)
{
    return {
        {u"count"_s, s.count},
        {u"mean"_s, s.mean},
        {u"median"_s, s.median},
        {u"p90"_s, s.p90},
        {u"max"_s, s.max},
        {u"withinNorm"_s, s.withinNorm},
        {u"withinNormShare"_s, s.withinNormShare},
    };
}

Summary readSummary(Fields &f)
{
    Summary s;
    s.count = int(f.requireInt("count", 0, kMaxCount));
    s.mean = f.requireNumber("mean");
    s.median = f.requireNumber("median");
    s.p90 = f.requireNumber("p90");
    s.max = f.requireNumber("max");
    s.withinNorm = int(f.requireInt("withinNorm", 0, kMaxCount));
    s.withinNormShare = f.requireNumber("withinNormShare");
    return s;
}

Result<Summary> summaryFromJson(const QJsonObject &o, const QString &path)
{
    return decodeWith(o, path, &readSummary);
}

namespace {

QJsonArray rolesJson(const QList<RoleFigures> &roles)
{
    QJsonArray out;
    for (const RoleFigures &r : roles)
        out.append(toJson(r));
    return out;
}

} // namespace

QJsonObject toJson(const RoleFigures &r)
{
    return {
        {u"role"_s, stageRoleName(r.role)}, {u"wait"_s, toJson(r.wait)}, {u"service"_s, toJson(r.service)}};
}

QJsonObject toJson(const HourFigures &h)
{
    return {{u"hour"_s, h.hour},
            {u"arrivals"_s, h.arrivals},
            {u"wait"_s, toJson(h.wait)},
            {u"service"_s, toJson(h.service)},
            {u"roles"_s, rolesJson(h.roles)}};
}

QJsonObject toJson(const DayFigures &d)
{
    return {{u"date"_s, d.date.toString(Qt::ISODate)},
            {u"arrivals"_s, d.arrivals},
            {u"served"_s, d.served},
            {u"wait"_s, toJson(d.wait)},
            {u"service"_s, toJson(d.service)},
            {u"roles"_s, rolesJson(d.roles)}};
}

QJsonObject toJson(const StaffFigures &s)
{
    return {{u"staffId"_s, double(s.staffId)},  {u"centreId"_s, double(s.centreId)},
            {u"role"_s, stageRoleName(s.role)}, {u"served"_s, s.served},
            {u"noShows"_s, s.noShows},          {u"service"_s, toJson(s.service)}};
}

QJsonObject toJson(const QualityFigures &q)
{
    return {
        {u"visits"_s, q.visits},
        {u"finishedVisits"_s, q.finishedVisits},
        {u"contactsPerVisit"_s, q.contactsPerVisit},
        {u"calledStages"_s, q.calledStages},
        {u"noShows"_s, q.noShows},
        {u"noShowRate"_s, q.noShowRate},
        {u"visitsWithAccount"_s, q.visitsWithAccount},
        {u"repeatVisits"_s, q.repeatVisits},
        {u"repeatShare"_s, q.repeatShare},
        {u"repeatWindowDays"_s, q.repeatWindowDays},
    };
}

QualityFigures readQualityFigures(Fields &f)
{
    QualityFigures q;
    q.visits = int(f.requireInt("visits", 0, kMaxCount));
    q.finishedVisits = int(f.requireInt("finishedVisits", 0, kMaxCount));
    q.contactsPerVisit = f.requireNumber("contactsPerVisit");
    q.calledStages = int(f.requireInt("calledStages", 0, kMaxCount));
    q.noShows = int(f.requireInt("noShows", 0, kMaxCount));
    q.noShowRate = f.requireNumber("noShowRate");
    q.visitsWithAccount = int(f.requireInt("visitsWithAccount", 0, kMaxCount));
    q.repeatVisits = int(f.requireInt("repeatVisits", 0, kMaxCount));
    q.repeatShare = f.requireNumber("repeatShare");
    q.repeatWindowDays = int(f.requireInt("repeatWindowDays", 0, 3700));
    return q;
}

Result<QualityFigures> qualityFiguresFromJson(const QJsonObject &o, const QString &path)
{
    return decodeWith(o, path, &readQualityFigures);
}

QJsonObject toJson(const CentreFigures &c)
{
    QJsonArray roles;
    for (const RoleStatistics &r : c.roles)
        roles.append(toJson(r));
    return {{u"centreId"_s, double(c.centreId)}, {u"roles"_s, roles}, {u"quality"_s, toJson(c.quality)}};
}

QJsonObject toJson(const Alert &a)
{
    return {{u"kind"_s, a.kind == AlertKind::Wait ? u"wait"_s : u"service"_s},
            {u"centreId"_s, double(a.centreId)},
            {u"visitId"_s, double(a.visitId)},
            {u"ticket"_s, a.ticket},
            {u"queueId"_s, double(a.queueId)},
            {u"role"_s, stageRoleName(a.role)},
            {u"seconds"_s, double(a.seconds)},
            {u"normSecs"_s, double(a.normSecs)},
            {u"priority"_s, a.priority},
            {u"deskId"_s, double(a.deskId)}};
}

QJsonObject toJson(const RoleStatistics &r)
{
    return {
        {u"role"_s, stageRoleName(r.role)},
        {u"norm"_s, toJson(r.norm)},
        {u"stages"_s, r.stages},
        {u"served"_s, r.served},
        {u"noShows"_s, r.noShows},
        {u"cancelled"_s, r.cancelled},
        {u"unserved"_s, r.unserved},
        {u"wait"_s, toJson(r.wait)},
        {u"service"_s, toJson(r.service)},
    };
}

RoleStatistics readRoleStatistics(Fields &f)
{
    RoleStatistics r;
    r.role = f.requireEnum("role", &stageRoleFromName);
    Fields norm = f.object("norm");
    r.norm = readNorm(norm);
    r.stages = int(f.requireInt("stages", 0, kMaxCount));
    r.served = int(f.requireInt("served", 0, kMaxCount));
    r.noShows = int(f.requireInt("noShows", 0, kMaxCount));
    r.cancelled = int(f.requireInt("cancelled", 0, kMaxCount));
    r.unserved = int(f.optionalInt("unserved", 0, 0, kMaxCount));
    Fields wait = f.object("wait");
    r.wait = readSummary(wait);
    Fields service = f.object("service");
    r.service = readSummary(service);
    return r;
}

Result<RoleStatistics> roleStatisticsFromJson(const QJsonObject &o, const QString &path)
{
    return decodeWith(o, path, &readRoleStatistics);
}

// --- events

} // namespace okno::protocol
