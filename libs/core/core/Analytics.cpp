#include "Analytics.h"

#include <QHash>

#include <map>
#include <set>

namespace okno {

namespace {

bool served(const Stage &s)
{
    return s.startedAt.isValid() && s.finishedAt.isValid() &&
           (s.state == StageState::Done || s.state == StageState::Transferred);
}

// Durations judged against a norm that differs by role: count within-norm by hand, then let
// Summary compute the order statistics with a norm that every duration meets or not as judged.
Summary summaryJudged(const QList<std::pair<qint64, qint64>> &durationsAndNorms)
{
    QList<qint64> d;
    int within = 0;
    for (const auto &[secs, norm] : durationsAndNorms) {
        d.append(secs);
        if (secs <= norm)
            ++within;
    }
    Summary s = Summary::of(d, std::numeric_limits<qint64>::max());
    s.withinNorm = within;
    s.withinNormShare = s.count ? double(within) / double(s.count) : 0.0;
    return s;
}

} // namespace

QList<StageRecord> stageRecordsOf(const QList<Visit> &visits)
{
    QList<StageRecord> out;
    for (const Visit &v : visits)
        for (const Stage &s : v.stages)
            out.append(StageRecord{v.id, v.centreId, s.queueId, s.staffId, s.role, s.state, s.queuedAt,
                                   s.calledAt, s.startedAt, s.finishedAt});
    return out;
}

Dashboard computeDashboard(const QList<Visit> &visits, const Centre &centre, const QDate &from,
                           const QDate &to, int repeatWindowDays)
{
    Dashboard d;
    d.from = from;
    d.to = to;
    const Schedule &sch = centre.schedule;
    const auto inPeriod = [&](const QDateTime &t) {
        const QDate day = sch.localDate(t);
        return t.isValid() && day >= from && day <= to;
    };
    const auto waitNorm = [&](StageRole r) { return qint64(centre.norms.of(r).waitMinutes) * 60; };
    const auto serviceNorm = [&](StageRole r) { return qint64(centre.norms.of(r).serviceMinutes) * 60; };

    QList<Visit> period;
    for (const Visit &v : visits)
        if (v.centreId == centre.id && inPeriod(v.createdAt))
            period.append(v);
    d.roles = computeStatistics(stageRecordsOf(period), sch, centre.norms);

    std::map<int, std::pair<QList<std::pair<qint64, qint64>>, QList<std::pair<qint64, qint64>>>> hourDur;
    std::map<int, int> hourArrivals;
    std::map<QDate, std::pair<QList<std::pair<qint64, qint64>>, QList<std::pair<qint64, qint64>>>> dayDur;
    std::map<QDate, std::pair<int, int>> dayCounts; // arrivals, served
    std::map<Id, StaffFigures> staff;
    std::map<Id, QList<std::pair<qint64, qint64>>> staffDur;
    QualityFigures &q = d.quality;
    q.repeatWindowDays = repeatWindowDays;
    int contacts = 0;

    for (const Visit &v : period) {
        const QDateTime created = sch.toLocal(v.createdAt);
        ++hourArrivals[created.time().hour()];
        ++dayCounts[created.date()].first;
        ++q.visits;
        for (const Stage &s : v.stages) {
            if (s.calledAt.isValid()) {
                ++q.calledStages;
                const auto w = std::pair{sch.workingSeconds(s.queuedAt, s.calledAt), waitNorm(s.role)};
                hourDur[sch.toLocal(s.calledAt).time().hour()].first.append(w);
                dayDur[sch.localDate(s.calledAt)].first.append(w);
            }
            if (s.state == StageState::NoShow) {
                ++q.noShows;
                if (s.staffId) {
                    staff[s.staffId].staffId = s.staffId;
                    staff[s.staffId].role = s.role;
                    ++staff[s.staffId].noShows;
                }
            }
            if (served(s)) {
                const auto sv = std::pair{sch.workingSeconds(s.startedAt, s.finishedAt), serviceNorm(s.role)};
                hourDur[sch.toLocal(s.finishedAt).time().hour()].second.append(sv);
                dayDur[sch.localDate(s.finishedAt)].second.append(sv);
                ++dayCounts[sch.localDate(s.finishedAt)].second;
                StaffFigures &f = staff[s.staffId];
                f.staffId = s.staffId;
                f.role = s.role;
                ++f.served;
                staffDur[s.staffId].append(sv);
            }
        }
        const Stage *last = v.currentStage();
        if (last && last->state == StageState::Done) {
            ++q.finishedVisits;
            contacts += v.contacts();
        }
    }
    q.contactsPerVisit = q.finishedVisits ? double(contacts) / double(q.finishedVisits) : 0.0;
    q.noShowRate = q.calledStages ? double(q.noShows) / double(q.calledStages) : 0.0;

    // Repeat visits: the same account seen within the window before this visit (any centre's
    // visits given count; earlier visits outside the period count as "before" only).
    QHash<QString, QList<QDateTime>> byAccount;
    for (const Visit &v : visits)
        if (!v.accountNumber.isEmpty())
            byAccount[v.accountNumber].append(v.createdAt);
    for (auto &times : byAccount)
        std::sort(times.begin(), times.end());
    for (const Visit &v : period) {
        if (v.accountNumber.isEmpty())
            continue;
        ++q.visitsWithAccount;
        const QList<QDateTime> &times = byAccount.value(v.accountNumber);
        const QDateTime windowStart = v.createdAt.addDays(-repeatWindowDays);
        const bool repeat = std::any_of(times.cbegin(), times.cend(), [&](const QDateTime &t) {
            return t < v.createdAt && t >= windowStart;
        });
        if (repeat)
            ++q.repeatVisits;
    }
    q.repeatShare = q.visitsWithAccount ? double(q.repeatVisits) / double(q.visitsWithAccount) : 0.0;

    std::set<int> hours;
    for (const auto &[h, n] : hourArrivals)
        hours.insert(h);
    for (const auto &[h, v] : hourDur)
        hours.insert(h);
    for (int h : hours) {
        HourFigures f;
        f.hour = h;
        f.arrivals = hourArrivals.count(h) ? hourArrivals[h] : 0;
        f.wait = summaryJudged(hourDur[h].first);
        f.service = summaryJudged(hourDur[h].second);
        d.byHour.append(f);
    }
    for (const auto &[day, counts] : dayCounts) {
        DayFigures f;
        f.date = day;
        f.arrivals = counts.first;
        f.served = counts.second;
        f.wait = summaryJudged(dayDur[day].first);
        f.service = summaryJudged(dayDur[day].second);
        d.byDay.append(f);
    }
    for (auto &[id, f] : staff) {
        f.service = summaryJudged(staffDur[id]);
        d.byStaff.append(f);
    }
    return d;
}

} // namespace okno
