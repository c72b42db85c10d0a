#pragma once

#include "Fields.h"

#include <core/Alerts.h>
#include <core/Analytics.h>
#include <core/Event.h>
#include <core/FrontOffice.h>
#include <core/Norms.h>
#include <core/Organisation.h>
#include <core/QueueEngine.h>
#include <core/Schedule.h>
#include <core/Statistics.h>
#include <core/Visit.h>

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>

// The JSON encoding of the domain types, both ways; docs/protocol.md ("Objects") shows each.
//
// toJson(x) never fails. xFromJson(object, path) checks the shape strictly (types, required
// fields, ranges, names; see Fields) and returns the first problem, with `path` prefixed to the
// field names in its message ("centre.schedule.week[2].opens"). readX(fields) does the same on
// a reader that already exists, recording the problem in it, for objects nested in a request.
// Business rules that need more than one object (a code unique in a centre, a desk's queues in
// its centre) are the core's and the server's; so is validate() of a configuration object.
//
// Times are ISO-8601 UTC with milliseconds ("2026-11-23T09:15:00.000Z") or null when unset;
// dates "yyyy-MM-dd"; times of day "HH:mm"; ids integers (0 or absent = none).
namespace okno::protocol {

// --- scalar values
QString formatInstant(const QDateTime &t);    // UTC, ms, 'Z'; empty if invalid
QJsonValue instantToJson(const QDateTime &t); // null if invalid
QString formatDate(const QDate &d);           // "yyyy-MM-dd"; empty if invalid
QJsonValue dateToJson(const QDate &d);        // null if invalid
QString formatTime(const QTime &t);           // "HH:mm"; empty if invalid
QJsonValue timeToJson(const QTime &t);        // null if invalid
std::optional<CentreStatus> centreStatusFromName(const QString &name);

// --- schedule
QJsonObject toJson(const Schedule &s);
Result<Schedule> scheduleFromJson(const QJsonObject &o, const QString &path = {});
Schedule readSchedule(Fields &f);
QJsonObject toJson(const ScheduleException &e);
Result<ScheduleException> scheduleExceptionFromJson(const QJsonObject &o, const QString &path = {});
ScheduleException readScheduleException(Fields &f);
// One day's hours: {open, opens, closes, lunchStart, lunchEnd}, merged into a week entry or an exception.
void writeDayHours(QJsonObject &o, const DayHours &h);
DayHours readDayHours(Fields &f);

// --- norms
QJsonObject toJson(const Norm &n);
Result<Norm> normFromJson(const QJsonObject &o, const QString &path = {});
Norm readNorm(Fields &f);
QJsonObject toJson(const Norms &n); // keyed by stage role name
Result<Norms> normsFromJson(const QJsonObject &o, const QString &path = {});
Norms readNorms(Fields &f);

// --- organisation
QJsonObject toJson(const PriorityCategory &p);
Result<PriorityCategory> priorityCategoryFromJson(const QJsonObject &o, const QString &path = {});
PriorityCategory readPriorityCategory(Fields &f);
QJsonObject toJson(const Topic &t);
Result<Topic> topicFromJson(const QJsonObject &o, const QString &path = {});
Topic readTopic(Fields &f);
QJsonObject toJson(const QueuePolicyConfig &p);
Result<QueuePolicyConfig> queuePolicyConfigFromJson(const QJsonObject &o, const QString &path = {});
QueuePolicyConfig readQueuePolicyConfig(Fields &f);
QJsonObject toJson(const Centre &c);
Result<Centre> centreFromJson(const QJsonObject &o, const QString &path = {});
Centre readCentre(Fields &f);
QJsonObject toJson(const Queue &q);
Result<Queue> queueFromJson(const QJsonObject &o, const QString &path = {});
Queue readQueue(Fields &f);
QJsonObject toJson(const Desk &d); // with its live state
Result<Desk> deskFromJson(const QJsonObject &o, const QString &path = {});
Desk readDesk(Fields &f);
QJsonObject toJson(const Staff &s); // there is no password in a Staff, and none on the wire
Result<Staff> staffFromJson(const QJsonObject &o, const QString &path = {});
Staff readStaff(Fields &f);

// --- visits
QJsonObject toJson(const Stage &s);
Result<Stage> stageFromJson(const QJsonObject &o, const QString &path = {});
Stage readStage(Fields &f);
QJsonObject toJson(const Visit &v);
// Appends the compact JSON text of toJson(v) (and of toJson(s)), byte for byte what
// compactJson(toJson(v)) gives, written directly: the event log carries a visit on every change,
// and building a QJsonObject for each was most of the cost of writing the log.
void appendCompactJson(QByteArray &out, const Visit &v);
void appendCompactJson(QByteArray &out, const Stage &s);
Result<Visit> visitFromJson(const QJsonObject &o, const QString &path = {});
Visit readVisit(Fields &f);
QJsonObject toJson(const QueuePosition &p);
Result<QueuePosition> queuePositionFromJson(const QJsonObject &o, const QString &path = {});
QueuePosition readQueuePosition(Fields &f);

// --- statistics
QJsonObject toJson(const Summary &s);
Result<Summary> summaryFromJson(const QJsonObject &o, const QString &path = {});
Summary readSummary(Fields &f);
// A stage past its norm right now (the `alerts` op): {"kind": "wait"|"service", "centreId",
// "visitId", "ticket", "queueId", "role", "seconds", "normSecs", "priority", "deskId"}.
QJsonObject toJson(const Alert &a);

QJsonObject toJson(const RoleStatistics &r);
Result<RoleStatistics> roleStatisticsFromJson(const QJsonObject &o, const QString &path = {});
RoleStatistics readRoleStatistics(Fields &f);
// The dashboard's figures (sent by the server only; the `dashboard` op adds staff names).
QJsonObject toJson(const RoleFigures &r);
QJsonObject toJson(const HourFigures &h);
QJsonObject toJson(const DayFigures &d);
QJsonObject toJson(const StaffFigures &s);
QJsonObject toJson(const QualityFigures &q);
Result<QualityFigures> qualityFiguresFromJson(const QJsonObject &o, const QString &path = {});
QualityFigures readQualityFigures(Fields &f);
QJsonObject toJson(const CentreFigures &c);

// --- front office: amounts are integer kopecks (a JSON number without a fraction)
QJsonObject toJson(const MeterReading &r); // nightValue null for a single-rate meter
Result<MeterReading> meterReadingFromJson(const QJsonObject &o, const QString &path = {});
MeterReading readMeterReading(Fields &f);
QJsonObject toJson(const Consultation &c);
Result<Consultation> consultationFromJson(const QJsonObject &o, const QString &path = {});
Consultation readConsultation(Fields &f);
QJsonObject toJson(const CashShift &s);
Result<CashShift> cashShiftFromJson(const QJsonObject &o, const QString &path = {});
CashShift readCashShift(Fields &f);
QJsonObject toJson(const Payment &p);
Result<Payment> paymentFromJson(const QJsonObject &o, const QString &path = {});
Payment readPayment(Fields &f);
QJsonObject toJson(const ShiftTotals &t);
Result<ShiftTotals> shiftTotalsFromJson(const QJsonObject &o, const QString &path = {});
ShiftTotals readShiftTotals(Fields &f);

// --- events: {"event", "seq", "at", "centreId", "visitId", "actorId", "data"}
QJsonObject toJson(const Event &e); // data is the payload parsed; {} if the payload is empty
Result<Event> eventFromJson(const QJsonObject &o, const QString &path = {});
Event readEvent(Fields &f);

// --- lists
template <typename T> QJsonArray toJsonArray(const QList<T> &items)
{
    QJsonArray array;
    for (const T &item : items)
        array.append(toJson(item));
    return array;
}

// Reads the array field `name` of `f` with `read` for each element (each must be an object).
template <typename T>
QList<T> readList(Fields &f, QAnyStringView name, T (*read)(Fields &), bool required = true)
{
    const QJsonArray array = required ? f.requireArray(name) : f.optionalArray(name);
    QList<T> items;
    items.reserve(array.size());
    for (qsizetype i = 0; i < array.size() && f.ok(); ++i) {
        Fields element = f.element(name, array, i);
        items.append(read(element));
    }
    return f.ok() ? items : QList<T>();
}

// Runs `read` over a fresh reader of `o`: the shape of every xFromJson.
template <typename T> Result<T> decodeWith(const QJsonObject &o, const QString &path, T (*read)(Fields &))
{
    Fields f(o, path);
    T value = read(f);
    if (!f.ok())
        return f.status().error();
    return value;
}

} // namespace okno::protocol
