// The manager's reports: the dashboard's figures over a period, and the audit trail of norms.
#include "QueueService.h"
#include "QueueServiceCall.h"

#include <core/Analytics.h>
#include <protocol/Codec.h>
#include <protocol/Fields.h>
#include <protocol/Ops.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QThreadPool>

namespace okno {

using namespace Qt::StringLiterals;
using namespace protocol;

namespace {

constexpr int kMaxPeriodDays = 3700; // ten years, as `stats`
constexpr int kMaxRepeatWindowDays = 365;

// The dashboard as the wire shows it, with each person's login and name beside their figures.
QJsonObject dashboardJson(const Dashboard &d, Id centreId, int windowDays, const QHash<Id, Staff> &staff,
                          const QHash<Id, Centre> &centres)
{
    QJsonArray roles, byHour, byDay, byStaff, perCentre;
    for (const RoleStatistics &r : d.roles)
        roles.append(toJson(r));
    for (const HourFigures &h : d.byHour)
        byHour.append(toJson(h));
    for (const DayFigures &day : d.byDay)
        byDay.append(toJson(day));
    for (const StaffFigures &s : d.byStaff) {
        QJsonObject o = toJson(s);
        const Staff person = staff.value(s.staffId);
        o.insert(u"login"_s, person.login);
        o.insert(u"fullName"_s, person.fullName);
        byStaff.append(o);
    }
    for (const CentreFigures &c : d.centres) {
        QJsonObject o = toJson(c);
        o.insert(u"name"_s, centres.value(c.centreId).name);
        perCentre.append(o);
    }
    return {{u"centreId"_s, double(centreId)},
            {u"from"_s, d.from.toString(Qt::ISODate)},
            {u"to"_s, d.to.toString(Qt::ISODate)},
            {u"repeatWindowDays"_s, windowDays},
            {u"roles"_s, roles},
            {u"byHour"_s, byHour},
            {u"byDay"_s, byDay},
            {u"byStaff"_s, byStaff},
            {u"quality"_s, toJson(d.quality)},
            {u"centres"_s, perCentre}};
}

} // namespace

void QueueService::registerReportOps()
{
    using R = Role;
    m_ops.insert(ops::Dashboard, {&QueueService::opDashboard, {R::Manager}, false, false});
    m_ops.insert(ops::NormsHistory,
                 {&QueueService::opNormsHistory, {R::Manager, R::SystemAdministrator}, false, false});
}

void QueueService::opDashboard(Call &c)
{
    Fields f(c.body);
    const Id requested = f.optionalId(u"centreId"_s);
    const QDate from = f.requireDate(u"from"_s);
    const QDate to = f.requireDate(u"to"_s);
    const int window = int(f.optionalInt(u"repeatWindowDays"_s, 30, 1, kMaxRepeatWindowDays));
    if (!f.status())
        return c.fail(f.status().error());
    if (from > to)
        return c.fail(makeError(ErrorCode::InvalidArgument, u"\"from\" is after \"to\""_s));
    if (from.daysTo(to) > kMaxPeriodDays)
        return c.fail(makeError(ErrorCode::InvalidArgument, u"the period is longer than ten years"_s));
    const Id own = c.session().staff.centreId;
    if (requested == 0 && own != 0)
        return c.fail(makeError(ErrorCode::BadRequest,
                                u"field \"centreId\" is required: this account reports on its own centre"_s));
    if (requested != 0)
        if (auto s = checkCentreAccess(c, requested); !s)
            return c.fail(s.error());

    QHash<Id, Centre> centres;
    for (const Centre &centre : m_engine->centres())
        if (requested == 0 || centre.id == requested)
            centres.insert(centre.id, centre);
    const QHash<Id, Staff> staff = m_staff;
    const DatabaseConfig config = m_options.database;
    // Everything acknowledged so far is on disk first (the barrier), then the history is read and
    // reckoned on a worker thread with its own connection: the event loop stays free.
    m_journal->submit(WriteBatch{}, [this, c, requested, centres, staff, config, from, to,
                                     window](const Status &barrier) {
        if (!barrier)
            return c.fail(makeError(ErrorCode::Unavailable, barrier.error().message));
        QThreadPool::globalInstance()->start([this, c, requested, centres, staff, config, from, to, window] {
            QJsonObject result;
            std::optional<Error> error;
            {
                auto db = Database::open(config);
                if (!db) {
                    error = db.error();
                } else {
                    QList<Visit> visits;
                    for (const Centre &centre : centres) {
                        const QTimeZone zone = centre.schedule.timeZone();
                        const QDateTime start(from.addDays(-window), QTime(0, 0), zone);
                        const QDateTime end(to.addDays(1), QTime(0, 0), zone);
                        auto some = (*db)->visitsCreated(centre.id, start.toUTC(), end.toUTC());
                        if (!some) {
                            error = some.error();
                            break;
                        }
                        visits.append(*some);
                    }
                    if (!error)
                        result = dashboardJson(computeDashboard(visits, centres, from, to, window), requested,
                                               window, staff, centres);
                }
            }
            QMetaObject::invokeMethod(
                this, [c, result, error] { error ? c.fail(*error) : c.reply(result); }, Qt::QueuedConnection);
        });
    });
}

void QueueService::opNormsHistory(Call &c)
{
    Fields f(c.body);
    const Id centreId = f.requireId(u"centreId"_s);
    const int limit = int(f.optionalInt(u"limit"_s, 100, 1, 1000));
    if (!f.status())
        return c.fail(f.status().error());
    if (auto s = checkCentreAccess(c, centreId); !s)
        return c.fail(s.error());
    readAfterDurable(c, [this, centreId, limit]() -> Result<QJsonObject> {
        // A norm change is a centre.changed event with "role", "before" and "after" (opNormsSet);
        // other changes of the centre are rare, so a generous read finds `limit` norm changes.
        auto events = m_reader->eventsOfType(QString(events::CentreChanged), centreId, 20 * limit + 100);
        if (!events)
            return events.error();
        QJsonArray changes;
        for (const Event &e : *events) {
            const QJsonObject data = QJsonDocument::fromJson(e.payload).object();
            if (!data.contains(u"role"_s) || !data.contains(u"before"_s) || !data.contains(u"after"_s))
                continue;
            changes.append(QJsonObject{{u"seq"_s, double(e.seq)},
                                       {u"at"_s, instantToJson(e.at)},
                                       {u"centreId"_s, double(e.centreId)},
                                       {u"actorId"_s, double(e.actorId)},
                                       {u"actorName"_s, m_staff.value(e.actorId).fullName},
                                       {u"role"_s, data.value(u"role"_s)},
                                       {u"before"_s, data.value(u"before"_s)},
                                       {u"after"_s, data.value(u"after"_s)}});
            if (changes.size() == limit)
                break;
        }
        return QJsonObject{{u"changes"_s, changes}};
    });
}

} // namespace okno
