#include "Analytics.h"

#include <algorithm>
#include <array>
#include <map>
#include <set>

namespace okno {

namespace {

bool served(const Stage &s)
{
    return s.startedAt.isValid() && s.finishedAt.isValid() &&
           (s.state == StageState::Done || s.state == StageState::Transferred);
}

// Durations, each judged against its own norm when it is added; the order statistics come from
// Summary over all of them.
struct Judged
{
    QList<qint64> secs;
    int within = 0;

    void add(qint64 s, qint64 normSecs)
    {
        secs.append(s);
        if (s <= normSecs)
            ++within;
    }
    Summary summary() const
    {
        Summary s = Summary::of(secs, std::numeric_limits<qint64>::max());
        s.withinNorm = within;
        s.withinNormShare = s.count ? double(within) / double(s.count) : 0.0;
        return s;
    }
};

struct WaitService
{
    Judged wait, service;
};

// Everything together plus each stage role apart.
struct Split
{
    WaitService all;
    std::array<WaitService, 3> byRole;

    void addWait(StageRole r, qint64 s, qint64 norm)
    {
        all.wait.add(s, norm);
        byRole[size_t(r)].wait.add(s, norm);
    }
    void addService(StageRole r, qint64 s, qint64 norm)
    {
        all.service.add(s, norm);
        byRole[size_t(r)].service.add(s, norm);
    }
    QList<RoleFigures> roles() const
    {
        QList<RoleFigures> out;
        for (StageRole r : allStageRoles())
            out.append({r, byRole[size_t(r)].wait.summary(), byRole[size_t(r)].service.summary()});
        return out;
    }
};

qint64 waitNormSecs(const Centre &c, StageRole r)
{
    return qint64(c.norms.of(r).waitMinutes) * 60;
}

qint64 serviceNormSecs(const Centre &c, StageRole r)
{
    return qint64(c.norms.of(r).serviceMinutes) * 60;
}

bool inPeriod(const Centre &c, const QDateTime &t, const QDate &from, const QDate &to)
{
    if (!t.isValid())
        return false;
    const QDate day = c.schedule.localDate(t);
    return day >= from && day <= to;
}

// Contacts per visit, no-shows and repeat visits of `period` (visits created in the period);
// `all` also holds the earlier visits that make a visit a repeat.
QualityFigures qualityOf(const QList<const Visit *> &period, const QList<const Visit *> &all, int windowDays)
{
    QualityFigures q;
    q.repeatWindowDays = windowDays;
    int contacts = 0;
    for (const Visit *v : period) {
        ++q.visits;
        for (const Stage &s : v->stages) {
            if (s.calledAt.isValid())
                ++q.calledStages;
            if (s.state == StageState::NoShow)
                ++q.noShows;
        }
        const Stage *last = v->currentStage();
        if (last && last->state == StageState::Done) {
            ++q.finishedVisits;
            contacts += v->contacts();
        }
    }
    q.contactsPerVisit = q.finishedVisits ? double(contacts) / double(q.finishedVisits) : 0.0;
    q.noShowRate = q.calledStages ? double(q.noShows) / double(q.calledStages) : 0.0;

    QHash<QString, QList<QDateTime>> byAccount;
    for (const Visit *v : all)
        if (!v->accountNumber.isEmpty())
            byAccount[v->accountNumber].append(v->createdAt);
    for (auto &times : byAccount)
        std::sort(times.begin(), times.end());
    for (const Visit *v : period) {
        if (v->accountNumber.isEmpty())
            continue;
        ++q.visitsWithAccount;
        const QList<QDateTime> &times = byAccount[v->accountNumber];
        const QDateTime windowStart = v->createdAt.addDays(-windowDays);
        // The latest earlier visit decides: sorted, so look just before this visit's own time.
        const auto it = std::lower_bound(times.cbegin(), times.cend(), v->createdAt);
        if (it != times.cbegin() && *std::prev(it) >= windowStart)
            ++q.repeatVisits;
    }
    q.repeatShare = q.visitsWithAccount ? double(q.repeatVisits) / double(q.visitsWithAccount) : 0.0;
    return q;
}

} // namespace

QList<StageRecord> stageRecordsOf(const QList<Visit> &visits)
{
    QList<StageRecord> out;
    for (const Visit &v : visits)
        for (const Stage &s : v.stages)
            out.append(StageRecord{v.id, v.centreId, s.queueId, s.staffId, s.role, s.state, s.queuedAt,
                                   s.calledAt, s.startedAt, s.finishedAt, s.serviceDate});
    return out;
}

QList<RoleStatistics> computeStatistics(const QList<StageRecord> &records, const QHash<Id, Centre> &centres)
{
    const Centre *first = nullptr;
    for (const Centre &c : centres)
        if (!first || c.id < first->id)
            first = &c;
    std::array<RoleStatistics, 3> stats;
    std::array<WaitService, 3> durations;
    for (StageRole r : allStageRoles()) {
        stats[size_t(r)].role = r;
        stats[size_t(r)].norm = first ? first->norms.of(r) : Norms().of(r);
    }
    for (const StageRecord &rec : records) {
        const auto c = centres.constFind(rec.centreId);
        if (c == centres.cend())
            continue;
        RoleStatistics &rs = stats[size_t(rec.role)];
        WaitService &d = durations[size_t(rec.role)];
        ++rs.stages;
        if (rec.state == StageState::NoShow)
            ++rs.noShows;
        if (rec.state == StageState::Cancelled)
            ++rs.cancelled;
        if (rec.state == StageState::Unserved)
            ++rs.unserved;
        if (rec.calledAt.isValid() && rec.queuedAt.isValid())
            d.wait.add(c->schedule.workingSeconds(rec.queuedAt, rec.calledAt), waitNormSecs(*c, rec.role));
        if (rec.startedAt.isValid() && rec.finishedAt.isValid()) {
            ++rs.served;
            d.service.add(c->schedule.workingSeconds(rec.startedAt, rec.finishedAt),
                          serviceNormSecs(*c, rec.role));
        }
    }
    QList<RoleStatistics> out;
    for (StageRole r : allStageRoles()) {
        RoleStatistics rs = stats[size_t(r)];
        rs.wait = durations[size_t(r)].wait.summary();
        rs.service = durations[size_t(r)].service.summary();
        out.append(rs);
    }
    return out;
}

Dashboard computeDashboard(const QList<Visit> &visits, const QHash<Id, Centre> &centres, const QDate &from,
                           const QDate &to, int repeatWindowDays)
{
    Dashboard d;
    d.from = from;
    d.to = to;

    QList<const Visit *> all;
    QList<const Visit *> period;
    QList<Visit> periodVisits;
    std::map<Id, std::pair<QList<const Visit *>, QList<const Visit *>>> perCentre; // period, all
    for (const Visit &v : visits) {
        const auto c = centres.constFind(v.centreId);
        if (c == centres.cend())
            continue;
        all.append(&v);
        perCentre[v.centreId].second.append(&v);
        if (inPeriod(*c, v.createdAt, from, to)) {
            period.append(&v);
            periodVisits.append(v);
            perCentre[v.centreId].first.append(&v);
        }
    }
    d.roles = computeStatistics(stageRecordsOf(periodVisits), centres);
    d.quality = qualityOf(period, all, repeatWindowDays);

    std::map<int, Split> hourDur;
    std::map<int, int> hourArrivals;
    std::map<QDate, Split> dayDur;
    std::map<QDate, std::pair<int, int>> dayCounts; // arrivals, served
    std::map<Id, StaffFigures> staff;
    std::map<Id, Judged> staffDur;

    for (const Visit *v : period) {
        const Centre &c = *centres.constFind(v->centreId);
        const Schedule &sch = c.schedule;
        ++hourArrivals[sch.localTime(v->createdAt).hour()];
        ++dayCounts[sch.localDate(v->createdAt)].first;
        for (const Stage &s : v->stages) {
            if (s.calledAt.isValid() && s.queuedAt.isValid()) {
                const qint64 w = sch.workingSeconds(s.queuedAt, s.calledAt);
                hourDur[sch.localTime(s.calledAt).hour()].addWait(s.role, w, waitNormSecs(c, s.role));
                dayDur[sch.localDate(s.calledAt)].addWait(s.role, w, waitNormSecs(c, s.role));
            }
            if (s.state == StageState::NoShow && s.staffId) {
                StaffFigures &f = staff[s.staffId];
                f.staffId = s.staffId;
                f.centreId = v->centreId;
                f.role = s.role;
                ++f.noShows;
            }
            if (served(s)) {
                const qint64 sv = sch.workingSeconds(s.startedAt, s.finishedAt);
                hourDur[sch.localTime(s.finishedAt).hour()].addService(s.role, sv,
                                                                       serviceNormSecs(c, s.role));
                dayDur[sch.localDate(s.finishedAt)].addService(s.role, sv, serviceNormSecs(c, s.role));
                ++dayCounts[sch.localDate(s.finishedAt)].second;
                StaffFigures &f = staff[s.staffId];
                f.staffId = s.staffId;
                f.centreId = v->centreId;
                f.role = s.role;
                ++f.served;
                staffDur[s.staffId].add(sv, serviceNormSecs(c, s.role));
            }
        }
    }

    std::set<int> hours;
    for (const auto &[h, n] : hourArrivals)
        hours.insert(h);
    for (const auto &[h, v] : hourDur)
        hours.insert(h);
    for (int h : hours) {
        HourFigures f;
        f.hour = h;
        f.arrivals = hourArrivals.count(h) ? hourArrivals[h] : 0;
        const Split &split = hourDur[h];
        f.wait = split.all.wait.summary();
        f.service = split.all.service.summary();
        f.roles = split.roles();
        d.byHour.append(f);
    }
    for (const auto &[day, counts] : dayCounts) {
        DayFigures f;
        f.date = day;
        f.arrivals = counts.first;
        f.served = counts.second;
        const Split &split = dayDur[day];
        f.wait = split.all.wait.summary();
        f.service = split.all.service.summary();
        f.roles = split.roles();
        d.byDay.append(f);
    }
    for (auto &[id, f] : staff) {
        f.service = staffDur[id].summary();
        d.byStaff.append(f);
    }

    QList<Id> centreIds = centres.keys();
    std::sort(centreIds.begin(), centreIds.end());
    for (Id centreId : centreIds) {
        const auto &lists = perCentre[centreId];
        CentreFigures cf;
        cf.centreId = centreId;
        QList<Visit> own;
        for (const Visit *v : lists.first)
            own.append(*v);
        const QHash<Id, Centre> one{{centreId, centres.value(centreId)}};
        cf.roles = computeStatistics(stageRecordsOf(own), one);
        cf.quality = qualityOf(lists.first, lists.second, repeatWindowDays);
        d.centres.append(cf);
    }
    return d;
}

Dashboard computeDashboard(const QList<Visit> &visits, const Centre &centre, const QDate &from,
                           const QDate &to, int repeatWindowDays)
{
    return computeDashboard(visits, QHash<Id, Centre>{{centre.id, centre}}, from, to, repeatWindowDays);
}

} // namespace okno
