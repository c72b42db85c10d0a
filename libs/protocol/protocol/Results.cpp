#include "Results.h"

namespace okno::protocol {

using namespace Qt::StringLiterals;

namespace {

constexpr qint64 kMaxCount = 1'000'000'000;

} // namespace

QJsonObject toJson(const HelloResult &r)
{
    return {
        {u"server"_s, r.server},
        {u"version"_s, r.version},
        {u"serverTime"_s, instantToJson(r.serverTime)},
        {u"testClock"_s, r.testClock},
    };
}

HelloResult readHelloResult(Fields &f)
{
    HelloResult r;
    r.server = f.requireString("server", 100);
    r.version = int(f.requireInt("version", 1, 1000));
    r.serverTime = f.requireDateTime("serverTime");
    r.testClock = f.optionalBool("testClock", false);
    return r;
}

Result<HelloResult> helloResultFromJson(const QJsonObject &o, const QString &path)
{
    return decodeWith(o, path, &readHelloResult);
}

QJsonObject toJson(const SessionInfo &s)
{
    QJsonObject o{
        {u"staff"_s, toJson(s.staff)},
        {u"role"_s, roleName(s.staff.role)},
        {u"centreId"_s, s.staff.centreId},
        {u"deskId"_s, s.deskId},
    };
    if (s.desk)
        o.insert(u"desk"_s, toJson(*s.desk));
    return o;
}

SessionInfo readSessionInfo(Fields &f)
{
    SessionInfo s;
    Fields staff = f.object("staff");
    s.staff = readStaff(staff);
    s.deskId = f.optionalId("deskId");
    if (f.has("desk")) {
        Fields desk = f.object("desk");
        s.desk = readDesk(desk);
    }
    return s;
}

Result<SessionInfo> sessionInfoFromJson(const QJsonObject &o, const QString &path)
{
    return decodeWith(o, path, &readSessionInfo);
}

QJsonObject toJson(const IssueResult &r)
{
    return {{u"visit"_s, toJson(r.visit)}, {u"position"_s, toJson(r.position)}};
}

IssueResult readIssueResult(Fields &f)
{
    IssueResult r;
    Fields visit = f.object("visit");
    r.visit = readVisit(visit);
    Fields position = f.object("position");
    r.position = readQueuePosition(position);
    return r;
}

Result<IssueResult> issueResultFromJson(const QJsonObject &o, const QString &path)
{
    return decodeWith(o, path, &readIssueResult);
}

QJsonObject toJson(const QueueLoad &q)
{
    return {
        {u"queue"_s, toJson(q.queue)},
        {u"waiting"_s, q.waiting},
        {u"postponed"_s, q.postponed},
        {u"longestWaitSecs"_s, q.longestWaitSecs},
    };
}

QueueLoad readQueueLoad(Fields &f)
{
    QueueLoad q;
    Fields queue = f.object("queue");
    q.queue = readQueue(queue);
    q.waiting = int(f.requireInt("waiting", 0, kMaxCount));
    q.postponed = int(f.optionalInt("postponed", 0, 0, kMaxCount));
    q.longestWaitSecs = f.requireInt("longestWaitSecs", 0, kMaxSafeInteger);
    return q;
}

Result<QueueLoad> queueLoadFromJson(const QJsonObject &o, const QString &path)
{
    return decodeWith(o, path, &readQueueLoad);
}

QJsonObject toJson(const StatusSnapshot &s)
{
    QJsonArray desks;
    for (const Desk &d : s.desks) {
        QJsonObject o = toJson(d);
        if (const auto it = s.deskStaff.constFind(d.id); it != s.deskStaff.constEnd())
            o.insert(u"staff"_s, toJson(*it));
        desks.append(o);
    }
    return {
        {u"centre"_s, toJson(s.centre)},
        {u"status"_s, centreStatusName(s.status)},
        {u"acceptsTickets"_s, s.acceptsTickets},
        {u"refusal"_s, s.refusal},
        {u"refusalCode"_s, s.refusalCode ? QJsonValue(refusalReasonName(*s.refusalCode)) : QJsonValue()},
        {u"reopensAt"_s, instantToJson(s.reopensAt)},
        {u"serverTime"_s, instantToJson(s.serverTime)},
        {u"queues"_s, toJsonArray(s.queues)},
        {u"desks"_s, desks},
        {u"visits"_s, toJsonArray(s.visits)},
        {u"lastSeq"_s, s.lastSeq},
    };
}

StatusSnapshot readStatusSnapshot(Fields &f)
{
    StatusSnapshot s;
    Fields centre = f.object("centre");
    s.centre = readCentre(centre);
    s.status = f.requireEnum("status", &centreStatusFromName);
    s.acceptsTickets = f.optionalBool("acceptsTickets", false);
    s.refusal = f.optionalString("refusal");
    // Read leniently: a newer server may give a reason this client has no code for.
    s.refusalCode = refusalReasonFromName(f.optionalString("refusalCode"));
    if (f.value("reopensAt").isString())
        s.reopensAt = f.optionalDateTime("reopensAt");
    s.serverTime = f.optionalDateTime("serverTime");
    s.queues = readList(f, "queues", &readQueueLoad);
    const QJsonArray desks = f.requireArray("desks");
    for (qsizetype i = 0; i < desks.size() && f.ok(); ++i) {
        Fields item = f.element("desks", desks, i);
        const Desk d = readDesk(item);
        if (item.has("staff")) {
            Fields staff = item.object("staff");
            s.deskStaff.insert(d.id, readStaff(staff));
        }
        s.desks.append(d);
    }
    s.visits = readList(f, "visits", &readVisit);
    s.lastSeq = f.requireInt("lastSeq", 0, kMaxSafeInteger);
    return s;
}

Result<StatusSnapshot> statusSnapshotFromJson(const QJsonObject &o, const QString &path)
{
    return decodeWith(o, path, &readStatusSnapshot);
}

QJsonObject toJson(const StatsResult &r)
{
    return {
        {u"centreId"_s, r.centreId},
        {u"from"_s, dateToJson(r.from)},
        {u"to"_s, dateToJson(r.to)},
        {u"roles"_s, toJsonArray(r.roles)},
    };
}

StatsResult readStatsResult(Fields &f)
{
    StatsResult r;
    r.centreId = f.optionalId("centreId");
    r.from = f.requireDate("from");
    r.to = f.requireDate("to");
    r.roles = readList(f, "roles", &readRoleStatistics);
    return r;
}

Result<StatsResult> statsResultFromJson(const QJsonObject &o, const QString &path)
{
    return decodeWith(o, path, &readStatsResult);
}

QJsonObject toJson(const SubscribeResult &r)
{
    return {
        {u"lastSeq"_s, r.lastSeq}, {u"replayed"_s, r.replayed}, {u"snapshotRequired"_s, r.snapshotRequired}};
}

SubscribeResult readSubscribeResult(Fields &f)
{
    SubscribeResult r;
    r.lastSeq = f.requireInt("lastSeq", 0, kMaxSafeInteger);
    r.replayed = int(f.requireInt("replayed", 0, kMaxCount));
    r.snapshotRequired = f.requireBool("snapshotRequired");
    return r;
}

Result<SubscribeResult> subscribeResultFromJson(const QJsonObject &o, const QString &path)
{
    return decodeWith(o, path, &readSubscribeResult);
}

QJsonObject toJson(const ShiftReport &r)
{
    return {{u"shift"_s, toJson(r.shift)},
            {u"totals"_s, toJson(r.totals)},
            {u"payments"_s, toJsonArray(r.payments)}};
}

ShiftReport readShiftReport(Fields &f)
{
    ShiftReport r;
    Fields shift = f.object("shift");
    r.shift = readCashShift(shift);
    Fields totals = f.object("totals");
    r.totals = readShiftTotals(totals);
    r.payments = readList(f, "payments", &readPayment);
    return r;
}

Result<ShiftReport> shiftReportFromJson(const QJsonObject &o, const QString &path)
{
    return decodeWith(o, path, &readShiftReport);
}

} // namespace okno::protocol
