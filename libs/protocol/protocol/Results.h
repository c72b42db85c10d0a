#pragma once

#include "Codec.h"

#include <core/Organisation.h>
#include <core/QueueEngine.h>
#include <core/Schedule.h>
#include <core/Statistics.h>
#include <core/Visit.h>

#include <QDate>
#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

// Results of the operations whose result is more than one domain object, both ways, so that the
// server and the client build and read them alike (docs/protocol.md, "Operations").
namespace okno::protocol {

// hello → {"server", "version", "serverTime", "testClock"}
struct HelloResult
{
    QString server;  // "okno-server/0.1.0"
    int version = 0; // the protocol version the server speaks
    QDateTime serverTime;
    bool testClock = false; // the server's clock is set by clock.set (tests only)
};
QJsonObject toJson(const HelloResult &r);
Result<HelloResult> helloResultFromJson(const QJsonObject &o, const QString &path = {});
HelloResult readHelloResult(Fields &f);

// auth.login → {"session": {"staff", "role", "centreId", "deskId", "desk"?}}; this is the inner object.
struct SessionInfo
{
    Staff staff;
    Id deskId = 0;            // the desk the session serves; 0 for none
    std::optional<Desk> desk; // that desk, when there is one
    // role and centreId on the wire repeat staff.role and staff.centreId, for convenience.
};
QJsonObject toJson(const SessionInfo &s);
Result<SessionInfo> sessionInfoFromJson(const QJsonObject &o, const QString &path = {});
SessionInfo readSessionInfo(Fields &f);

// visit.issue → {"visit", "position"}
struct IssueResult
{
    Visit visit;
    QueuePosition position;
};
QJsonObject toJson(const IssueResult &r);
Result<IssueResult> issueResultFromJson(const QJsonObject &o, const QString &path = {});
IssueResult readIssueResult(Fields &f);

// One queue in status: {"queue", "waiting", "postponed", "longestWaitSecs"}
struct QueueLoad
{
    Queue queue;
    int waiting = 0;            // tickets waiting
    int postponed = 0;          // tickets set aside, callable by choice
    qint64 longestWaitSecs = 0; // working seconds the oldest waiting ticket has waited
};
QJsonObject toJson(const QueueLoad &q);
Result<QueueLoad> queueLoadFromJson(const QJsonObject &o, const QString &path = {});
QueueLoad readQueueLoad(Fields &f);

// status → {"centre", "status", "acceptsTickets", "refusal", "refusalCode", "reopensAt",
// "serverTime", "queues", "desks", "visits", "lastSeq"}: a snapshot to resync from. A desk with
// someone at it carries "staff".
struct StatusSnapshot
{
    Centre centre;
    CentreStatus status = CentreStatus::Closed;
    bool acceptsTickets = false; // open and before the last-ticket cut-off
    QString refusal;             // why not, in plain English (logs); empty when tickets are accepted
    // Why not, as a code for the terminals to put into words; nothing from a server older than
    // the code or with a code this client does not know (then `acceptsTickets` still says).
    std::optional<RefusalReason> refusalCode;
    QDateTime reopensAt; // when tickets are issued again (UTC); invalid when accepted or unknown
    QDateTime serverTime;
    QList<QueueLoad> queues;
    QList<Desk> desks;
    QHash<Id, Staff> deskStaff; // desk id → who is at it
    QList<Visit> visits;        // visits with an active stage, oldest first
    qint64 lastSeq = 0;         // the last event this snapshot includes
};
QJsonObject toJson(const StatusSnapshot &s);
Result<StatusSnapshot> statusSnapshotFromJson(const QJsonObject &o, const QString &path = {});
StatusSnapshot readStatusSnapshot(Fields &f);

// stats → {"centreId", "from", "to", "roles"}
struct StatsResult
{
    Id centreId = 0;
    QDate from;
    QDate to;
    QList<RoleStatistics> roles;
};
QJsonObject toJson(const StatsResult &r);
Result<StatsResult> statsResultFromJson(const QJsonObject &o, const QString &path = {});
StatsResult readStatsResult(Fields &f);

// events.subscribe → {"lastSeq", "replayed", "snapshotRequired"}
struct SubscribeResult
{
    qint64 lastSeq = 0;
    int replayed = 0;
    bool snapshotRequired = false;
};
QJsonObject toJson(const SubscribeResult &r);
Result<SubscribeResult> subscribeResultFromJson(const QJsonObject &o, const QString &path = {});
SubscribeResult readSubscribeResult(Fields &f);

// shift.close → {"shift", "totals", "payments"}: the shift-closing report
struct ShiftReport
{
    CashShift shift;
    ShiftTotals totals;
    QList<Payment> payments;
};
QJsonObject toJson(const ShiftReport &r);
Result<ShiftReport> shiftReportFromJson(const QJsonObject &o, const QString &path = {});
ShiftReport readShiftReport(Fields &f);

} // namespace okno::protocol
