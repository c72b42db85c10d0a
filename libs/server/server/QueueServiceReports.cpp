// The manager's reports: the dashboard's figures over a period, and the audit trail of norms.
#include "QueueService.h"
#include "QueueServiceCall.h"

#include <core/Analytics.h>
#include <core/ReadModel.h>
#include <logging/Logging.h>
#include <protocol/Codec.h>
#include <protocol/Fields.h>
#include <protocol/FrameDecoder.h>
#include <protocol/Ops.h>

#include <QElapsedTimer>
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
    QHash<Id, Centre> centres;
    const auto known = everyCentre();
    if (!known)
        return c.fail(makeError(ErrorCode::Unavailable, known.error().message));
    for (const Centre &centre : std::as_const(*known))
        if (requested == 0 || centre.id == requested)
            centres.insert(centre.id, centre);
    const QHash<Id, Staff> staff = m_staff;
    const DatabaseConfig config = workerDatabase();
    const QDateTime now = m_clock->now();
    // Everything acknowledged so far is on disk first (the barrier), then the figures are merged
    // from the read model's day digests (reckoning those missing from the visits) on a worker
    // thread with its own connection: the event loop stays free.
    m_journal->submit(WriteBatch{}, [this, c, requested, centres, staff, config, from, to, window,
                                     now](const Status &barrier) {
        if (!barrier)
            return c.fail(makeError(ErrorCode::Unavailable, barrier.error().message));
        startReportJob(c, [this, c, requested, centres, staff, config, from, to, window, now] {
            QJsonObject result;
            std::optional<Error> error;
            QElapsedTimer timer;
            timer.start();
            {
                auto db = Database::open(config);
                DashboardBuilder builder(centres, from, to, window);
                Status read;
                if (db)
                    read = (*db)->readCreatedDigests(
                        centres.values(), from, to, now,
                        [&builder](Id centreId, const QDate &day, const CreatedDigest &digest) {
                            builder.add(centreId, day, digest);
                        });
                if (!db) {
                    error = db.error();
                } else if (!read) {
                    error = read.error();
                } else if (builder.exact()) {
                    result = dashboardJson(builder.finish(), requested, window, staff, centres);
                } else {
                    // A clock set back across midnight put an instant before its visit's day:
                    // only the raw computation places it as it always has.
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
            logging::debug(u"dashboard of %1 centre(s), %2 … %3: %4 ms"_s.arg(centres.size())
                               .arg(from.toString(Qt::ISODate), to.toString(Qt::ISODate))
                               .arg(timer.elapsed()));
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
    readAfterDurable(c, [this, centreId, limit]() -> Result<QJsonObject> {
        // A norm change is a centre.changed event with "role", "before" and "after" (opNormsSet);
        // other changes of the centre are rare, so a generous read finds `limit` norm changes.
        auto events = m_reader->eventsOfType(QString(events::CentreChanged), centreId, 20 * limit + 100);
        if (!events)
            return events.error();
        QJsonArray changes;
        for (const Event &e : *events) {
            const QJsonObject data = protocol::parseJson(e.payload).object();
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

// ---------------------------------------------------------------------------------------------
// live state, statistics, events

QJsonObject QueueService::statusOf(Id centreId) const
{
    const Centre *c = m_engine->centre(centreId);
    const QDateTime now = m_clock->now();
    const QList<Visit> active = m_engine->activeVisits(centreId);
    QJsonArray queues;
    for (const Queue &q : m_engine->queues(centreId)) {
        int waiting = 0;
        int postponed = 0;
        qint64 longest = 0;
        for (const Visit &v : active) {
            const Stage *s = v.currentStage();
            if (s->queueId != q.id)
                continue;
            if (s->state == StageState::Waiting) {
                ++waiting;
                longest = std::max(longest, c->schedule.workingSeconds(s->queuedAt, now));
            } else if (s->state == StageState::Postponed) {
                ++postponed;
            }
        }
        queues.append(QJsonObject{{u"queue"_s, toJson(q)},
                                  {u"waiting"_s, waiting},
                                  {u"postponed"_s, postponed},
                                  {u"longestWaitSecs"_s, double(longest)}});
    }
    QJsonArray desks;
    for (const Desk &d : m_engine->desks(centreId)) {
        QJsonObject dj = toJson(d);
        if (d.staffId)
            if (auto it = m_staff.constFind(d.staffId); it != m_staff.constEnd())
                dj.insert(u"staff"_s, toJson(*it));
        desks.append(dj);
    }
    QJsonArray visits;
    for (const Visit &v : active)
        visits.append(toJson(v));
    return {{u"centre"_s, toJson(*c)},
            {u"status"_s, centreStatusName(c->schedule.statusAt(now))},
            {u"acceptsTickets"_s, c->schedule.acceptsNewTicketsAt(now)},
            {u"refusal"_s, c->schedule.refusalReasonAt(now)},
            {u"refusalCode"_s, refusalReasonName(c->schedule.ticketRefusalAt(now).reason)},
            {u"reopensAt"_s, instantToJson(c->schedule.ticketRefusalAt(now).reopensAt)},
            {u"serverTime"_s, instantToJson(now)},
            {u"queues"_s, queues},
            {u"desks"_s, desks},
            {u"visits"_s, visits},
            {u"lastSeq"_s, double(m_lastPublished)}};
}

void QueueService::opStatus(Call &c)
{
    Fields f(c.body);
    const Id centreId = f.has(u"centreId"_s) ? f.requireId(u"centreId"_s) : c.session().staff.centreId;
    if (!f.status())
        return c.fail(f.status().error());
    if (centreId == 0)
        return c.fail(makeError(ErrorCode::BadRequest, u"field \"centreId\" is required"_s));
    c.reply(statusOf(centreId)); // masked on the way out for devices
}

void QueueService::opStats(Call &c)
{
    Fields f(c.body);
    const Id centreId = f.requireId(u"centreId"_s);
    const QDate from = f.requireDate(u"from"_s);
    const QDate to = f.requireDate(u"to"_s);
    if (!f.status())
        return c.fail(f.status().error());
    if (from > to)
        return c.fail(makeError(ErrorCode::InvalidArgument, u"\"from\" is after \"to\""_s));
    if (from.daysTo(to) > 3700)
        return c.fail(makeError(ErrorCode::InvalidArgument, u"the period is longer than ten years"_s));
    const Centre centre = *m_engine->centre(centreId);
    const DatabaseConfig config = workerDatabase();
    const QDateTime now = m_clock->now();
    // Statistics are merged from the read model's day digests on a worker thread with its own
    // connection: the event loop stays free.
    startReportJob(c, [this, c, centre, from, to, config, now] {
        QJsonObject result;
        std::optional<Error> error;
        {
            auto db = Database::open(config);
            if (!db) {
                error = db.error();
            } else {
                auto days = (*db)->readServiceDigests(centre, from, to, now);
                if (!days) {
                    error = days.error();
                } else {
                    QJsonArray roles;
                    for (const RoleStatistics &rs : statisticsFromDigests(*days, centre.norms))
                        roles.append(toJson(rs));
                    result = {{u"centreId"_s, double(centre.id)},
                              {u"from"_s, from.toString(Qt::ISODate)},
                              {u"to"_s, to.toString(Qt::ISODate)},
                              {u"roles"_s, roles}};
                }
            }
        }
        QMetaObject::invokeMethod(
            this, [c, result, error] { error ? c.fail(*error) : c.reply(result); }, Qt::QueuedConnection);
    });
}

void QueueService::opEventsSubscribe(Call &c)
{
    Fields f(c.body);
    const qint64 since = f.optionalInt(u"since"_s, 0, 0, qint64(1) << 53);
    if (!f.status())
        return c.fail(f.status().error());
    Session &s = c.session();
    // Events a client has never seen are replayed from memory; older history means a snapshot.
    const qint64 oldestKept = m_ring.empty() ? m_lastPublished + 1 : m_ring.front().seq;
    const bool fresh = since == 0;
    // A seq the server lost in a restore from a backup was seen with changes this log never had.
    const bool lostInRestore = since > m_seqGap.first && since < m_seqGap.second;
    const bool snapshotRequired =
        !fresh && (since > m_lastPublished || since + 1 < oldestKept || lostInRestore);
    s.subscribed = true;
    s.lastSeqSent = (fresh || snapshotRequired) ? m_lastPublished : since;
    int replayed = 0;
    QList<Event> toSend;
    if (!fresh && !snapshotRequired)
        for (const Event &e : m_ring)
            if (e.seq > since && (s.staff.centreId == 0 || e.centreId == 0 || e.centreId == s.staff.centreId))
                toSend.append(e);
    c.reply({{u"lastSeq"_s, double(m_lastPublished)},
             {u"replayed"_s, double(toSend.size())},
             {u"snapshotRequired"_s, snapshotRequired}});
    for (const Event &e : toSend) {
        sendEvent(c.peer, e);
        ++replayed;
    }
}

void QueueService::opAlerts(Call &c)
{
    Fields f(c.body);
    f.optionalId(u"centreId"_s); // resolved, and allowed, by the access policy
    const bool services = f.optionalBool(u"services"_s, true);
    if (!f.status())
        return c.fail(f.status().error());
    // The dashboard's rule (core/Alerts) on the server's live state and clock: every stage past
    // its norm at this instant, longest first, in the centre asked for or every centre.
    const QDateTime now = m_clock->now();
    const auto centres = everyCentre();
    if (!centres)
        return c.fail(makeError(ErrorCode::Unavailable, centres.error().message));
    // Sharing the centres: the visits of those another node serves as the database has them.
    QHash<Id, QList<Visit>> elsewhere;
    const bool fromDatabase = m_options.shareCentres && c.target.centreId == 0;
    if (fromDatabase) {
        auto active = m_reader->loadActiveVisits();
        if (!active)
            return c.fail(makeError(ErrorCode::Unavailable, active.error().message));
        for (const Visit &v : std::as_const(*active))
            if (!m_owned.contains(v.centreId))
                elsewhere[v.centreId].append(v);
    }
    QJsonArray out;
    for (const Centre &centre : std::as_const(*centres)) {
        if (c.target.centreId != 0 && centre.id != c.target.centreId)
            continue;
        const QList<Visit> visits = fromDatabase && !m_owned.contains(centre.id)
                                        ? elsewhere.value(centre.id)
                                        : m_engine->activeVisits(centre.id);
        for (const Alert &a : overdueStages(centre, visits, now, services))
            out.append(toJson(a));
    }
    c.reply({{u"serverTime"_s, instantToJson(now)}, {u"alerts"_s, out}});
}

} // namespace okno
