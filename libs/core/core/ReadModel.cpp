#include "ReadModel.h"

#include <QCryptographicHash>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <tuple>

namespace okno {

namespace {

constexpr qint64 kDayMs = 86'400'000;

// --- Building ---------------------------------------------------------------------------------

using Counter = std::map<qint64, qint64>;

SecondCounts flatten(const Counter &c)
{
    return SecondCounts(c.cbegin(), c.cend());
}

bool servedToTheEnd(const Stage &s)
{
    return s.startedAt.isValid() && s.finishedAt.isValid() &&
           (s.state == StageState::Done || s.state == StageState::Transferred);
}

struct RoleCounter
{
    DigestRole counts;
    Counter wait, service;

    // computeStatistics' rules for one stage.
    void add(StageState state, const QDateTime &queuedAt, const QDateTime &calledAt,
             const QDateTime &startedAt, const QDateTime &finishedAt, const Schedule &schedule)
    {
        ++counts.stages;
        if (state == StageState::NoShow)
            ++counts.noShows;
        if (state == StageState::Cancelled)
            ++counts.cancelled;
        if (state == StageState::Unserved)
            ++counts.unserved;
        if (calledAt.isValid() && queuedAt.isValid())
            ++wait[schedule.workingSeconds(queuedAt, calledAt)];
        if (startedAt.isValid() && finishedAt.isValid()) {
            ++counts.served;
            ++service[schedule.workingSeconds(startedAt, finishedAt)];
        }
    }
    DigestRole digest() const
    {
        DigestRole r = counts;
        r.wait = flatten(wait);
        r.service = flatten(service);
        return r;
    }
};

void countGap(std::vector<int> &gaps, qint64 gapMs)
{
    if (gapMs <= 0)
        return;
    const qint64 days = (gapMs + kDayMs - 1) / kDayMs; // gap ≤ W days exactly when this ≤ W
    if (days > kRepeatHorizonDays)
        return;
    if (gaps.size() < size_t(days))
        gaps.resize(size_t(days));
    ++gaps[size_t(days - 1)];
}

// --- Merging ----------------------------------------------------------------------------------

// Durations merged from many digests, each judged against its own norm as it comes in. Small
// tallies keep the counts as they come and sort once; large ones count by value in an array.
class Tally
{
public:
    void add(const SecondCounts &run, qint64 normSecs)
    {
        if (run.empty())
            return;
        // Ascending: the durations within the norm are a prefix.
        for (auto it = run.cbegin(); it != run.cend() && it->first <= normSecs; ++it)
            m_within += it->second;
        m_low = std::min(m_low, run.front().first);
        m_high = std::max(m_high, run.back().first);
        if (m_dense.empty()) {
            for (const auto &[seconds, n] : run)
                m_count += n;
            m_sparse.insert(m_sparse.end(), run.cbegin(), run.cend());
            if (m_sparse.size() > kDenseAfter)
                densify();
        } else if (m_high <= kDenseLimit && m_low >= 0) {
            if (size_t(m_high) >= m_dense.size())
                m_dense.resize(size_t(m_high) + 1, 0);
            for (const auto &[seconds, n] : run) {
                m_count += n;
                m_dense[size_t(seconds)] += n;
            }
        } else {
            for (const auto &[seconds, n] : run) {
                m_count += n;
                addDense(seconds, n);
            }
        }
    }
    // Another tally's durations, as judged there.
    void merge(const Tally &other)
    {
        if (other.m_count == 0)
            return;
        m_count += other.m_count;
        m_within += other.m_within;
        m_low = std::min(m_low, other.m_low);
        m_high = std::max(m_high, other.m_high);
        auto addAll = [this](const Tally &t) {
            for (const auto &[seconds, n] : t.m_sparse)
                addDense(seconds, n);
            for (size_t k = 0; k < t.m_dense.size(); ++k)
                if (t.m_dense[k])
                    addDense(qint64(k), t.m_dense[k]);
        };
        if (m_dense.empty() && other.m_dense.empty()) {
            m_sparse.insert(m_sparse.end(), other.m_sparse.cbegin(), other.m_sparse.cend());
            if (m_sparse.size() > kDenseAfter)
                densify();
        } else if (m_dense.empty()) {
            densify();
            m_dense.empty()
                ? void(m_sparse.insert(m_sparse.end(), other.m_sparse.cbegin(), other.m_sparse.cend()))
                : addAll(other);
            if (m_dense.empty()) // out of the dense range: the other's as counts
                for (size_t k = 0; k < other.m_dense.size(); ++k)
                    if (other.m_dense[k])
                        m_sparse.emplace_back(qint64(k), other.m_dense[k]);
        } else {
            addAll(other);
        }
    }
    bool isEmpty() const { return m_count == 0; }

    Summary summary()
    {
        Summary s;
        s.count = int(m_count);
        if (m_count == 0)
            return s;
        // The k-th smallest (1-based) for the median's one or two ranks and the p90's.
        const qint64 n = m_count;
        const qint64 lowMid = n % 2 ? n / 2 + 1 : n / 2;
        const qint64 highMid = n / 2 + 1;
        const qint64 p90Rank = std::clamp<qint64>(qint64(std::ceil(0.9 * double(n))), 1, n);
        qint64 seen = 0;
        double sum = 0;
        qint64 lowValue = 0, highValue = 0, p90Value = 0, maxValue = 0;
        auto visit = [&](qint64 seconds, qint64 times) {
            const qint64 before = seen;
            seen += times;
            sum += double(seconds) * double(times);
            if (before < lowMid && seen >= lowMid)
                lowValue = seconds;
            if (before < highMid && seen >= highMid)
                highValue = seconds;
            if (before < p90Rank && seen >= p90Rank)
                p90Value = seconds;
            maxValue = seconds;
        };
        if (m_dense.empty() && m_high - m_low < 8 * qint64(m_sparse.size())) {
            // A narrow range: counted by value in a scratch array, in linear time.
            std::vector<qint64> byValue(size_t(m_high - m_low) + 1, 0);
            for (const auto &[seconds, times] : m_sparse)
                byValue[size_t(seconds - m_low)] += times;
            for (size_t k = 0; k < byValue.size(); ++k)
                if (byValue[k])
                    visit(m_low + qint64(k), byValue[k]);
        } else if (m_dense.empty()) {
            std::sort(m_sparse.begin(), m_sparse.end(),
                      [](const auto &a, const auto &b) { return a.first < b.first; });
            for (const auto &[seconds, times] : m_sparse)
                visit(seconds, times);
        } else {
            for (size_t k = 0; k < m_dense.size(); ++k)
                if (m_dense[k])
                    visit(qint64(k), m_dense[k]);
        }
        s.mean = sum / double(n);
        s.median = n % 2 ? double(lowValue) : (double(lowValue) + double(highValue)) / 2.0;
        s.p90 = double(p90Value);
        s.max = double(maxValue);
        s.withinNorm = int(m_within);
        s.withinNormShare = double(m_within) / double(n);
        return s;
    }

private:
    static constexpr size_t kDenseAfter = 4096;
    static constexpr qint64 kDenseLimit = 1'000'000; // seconds: beyond, counts stay as they came

    void densify()
    {
        qint64 low = 0, high = 0;
        for (const auto &[seconds, n] : m_sparse) {
            low = std::min(low, seconds);
            high = std::max(high, seconds);
        }
        if (low < 0 || high > kDenseLimit)
            return;
        m_dense.assign(size_t(high) + 1, 0);
        for (const auto &[seconds, n] : m_sparse)
            m_dense[size_t(seconds)] += n;
        m_sparse = {};
    }
    void addDense(qint64 seconds, qint64 n)
    {
        if (seconds < 0 || seconds > kDenseLimit) { // back to counts as they come
            for (size_t k = 0; k < m_dense.size(); ++k)
                if (m_dense[k])
                    m_sparse.emplace_back(qint64(k), m_dense[k]);
            m_dense = {};
            m_sparse.emplace_back(seconds, n);
            return;
        }
        if (size_t(seconds) >= m_dense.size())
            m_dense.resize(size_t(seconds) + 1, 0);
        m_dense[size_t(seconds)] += n;
    }

    SecondCounts m_sparse;
    std::vector<qint64> m_dense;
    qint64 m_low = std::numeric_limits<qint64>::max(); // the least and greatest value added
    qint64 m_high = std::numeric_limits<qint64>::min();
    qint64 m_count = 0;
    qint64 m_within = 0;
};

qint64 waitNorm(const Centre &c, StageRole r)
{
    return qint64(c.norms.of(r).waitMinutes) * 60;
}

qint64 serviceNorm(const Centre &c, StageRole r)
{
    return qint64(c.norms.of(r).serviceMinutes) * 60;
}

struct RoleTally
{
    DigestRole counts; // wait/service lists unused
    Tally wait, service;

    void add(const DigestRole &r, const Centre &c, StageRole role)
    {
        counts.stages += r.stages;
        counts.served += r.served;
        counts.noShows += r.noShows;
        counts.cancelled += r.cancelled;
        counts.unserved += r.unserved;
        wait.add(r.wait, waitNorm(c, role));
        service.add(r.service, serviceNorm(c, role));
    }
    RoleStatistics statistics(StageRole role, const Norm &norm)
    {
        RoleStatistics rs;
        rs.role = role;
        rs.norm = norm;
        rs.stages = counts.stages;
        rs.served = counts.served;
        rs.noShows = counts.noShows;
        rs.cancelled = counts.cancelled;
        rs.unserved = counts.unserved;
        rs.wait = wait.summary();
        rs.service = service.summary();
        return rs;
    }
};

// Analytics' Split: each stage role apart, and everything together merged from them.
struct SplitTally
{
    std::array<Tally, 3> roleWait, roleService;

    void add(const DigestCell &cell, const Centre &c)
    {
        roleWait[size_t(cell.role)].add(cell.wait, waitNorm(c, cell.role));
        roleService[size_t(cell.role)].add(cell.service, serviceNorm(c, cell.role));
    }
    static Summary together(const std::array<Tally, 3> &roles)
    {
        Tally all;
        for (const Tally &t : roles)
            all.merge(t);
        return all.summary();
    }
    Summary wait() const { return together(roleWait); }
    Summary service() const { return together(roleService); }
    QList<RoleFigures> roles()
    {
        QList<RoleFigures> out;
        for (StageRole r : allStageRoles())
            out.append({r, roleWait[size_t(r)].summary(), roleService[size_t(r)].summary()});
        return out;
    }
};

struct QualityTally
{
    DigestQuality sum;
    std::vector<qint64> gaps; // the variant that applies

    void add(const DigestQuality &q, bool anyCentre)
    {
        sum.visits += q.visits;
        sum.finishedVisits += q.finishedVisits;
        sum.contacts += q.contacts;
        sum.calledStages += q.calledStages;
        sum.noShows += q.noShows;
        sum.visitsWithAccount += q.visitsWithAccount;
        const std::vector<int> &g = anyCentre ? q.gapAnyCentre : q.gapSameCentre;
        if (gaps.size() < g.size())
            gaps.resize(g.size());
        for (size_t k = 0; k < g.size(); ++k)
            gaps[k] += g[k];
    }
    QualityFigures figures(int windowDays) const
    {
        QualityFigures q;
        q.repeatWindowDays = windowDays;
        q.visits = sum.visits;
        q.finishedVisits = sum.finishedVisits;
        q.contactsPerVisit = q.finishedVisits ? double(sum.contacts) / double(q.finishedVisits) : 0.0;
        q.calledStages = sum.calledStages;
        q.noShows = sum.noShows;
        q.noShowRate = q.calledStages ? double(q.noShows) / double(q.calledStages) : 0.0;
        q.visitsWithAccount = sum.visitsWithAccount;
        qint64 repeats = 0;
        for (size_t k = 0; k < gaps.size() && qint64(k) < windowDays; ++k)
            repeats += gaps[k];
        q.repeatVisits = int(repeats);
        q.repeatShare = q.visitsWithAccount ? double(q.repeatVisits) / double(q.visitsWithAccount) : 0.0;
        return q;
    }
};

} // namespace

// --- Digests of a day -------------------------------------------------------------------------

CreatedDigest createdDigestOf(const QList<Visit> &visits, const Schedule &schedule,
                              const QHash<Id, RepeatGaps> &gaps)
{
    CreatedDigest d;
    std::map<std::tuple<QDate, int, int>, std::pair<Counter, Counter>> cells;
    std::array<RoleCounter, 3> roles;
    std::array<Counter, 3> otherService;
    struct PersonCounter
    {
        int served = 0;
        int noShows = 0;
        Counter service;
    };
    std::map<std::pair<Id, int>, PersonCounter> staff;
    std::map<Id, StageRole> lastRole;
    auto seen = [&](const QDateTime &t) {
        if (t.isValid())
            d.horizon = std::max(d.horizon, schedule.localDate(t));
    };
    for (const Visit &v : visits) {
        seen(v.createdAt);
        if (v.createdAt.isValid())
            ++d.arrivalsByHour[size_t(schedule.localTime(v.createdAt).hour())];
        ++d.quality.visits;
        for (const Stage &s : v.stages) {
            for (const QDateTime &t : {s.queuedAt, s.calledAt, s.startedAt, s.finishedAt})
                seen(t);
            roles[size_t(s.role)].add(s.state, s.queuedAt, s.calledAt, s.startedAt, s.finishedAt, schedule);
            if (s.calledAt.isValid()) {
                ++d.quality.calledStages;
                if (s.queuedAt.isValid()) {
                    const auto key = std::tuple(schedule.localDate(s.calledAt),
                                                schedule.localTime(s.calledAt).hour(), int(s.role));
                    ++cells[key].first[schedule.workingSeconds(s.queuedAt, s.calledAt)];
                }
            }
            if (s.state == StageState::NoShow) {
                ++d.quality.noShows;
                if (s.staffId) {
                    ++staff[{s.staffId, int(s.role)}].noShows;
                    lastRole[s.staffId] = s.role;
                }
            }
            if (s.startedAt.isValid() && s.finishedAt.isValid() && !servedToTheEnd(s))
                ++otherService[size_t(s.role)][schedule.workingSeconds(s.startedAt, s.finishedAt)];
            if (servedToTheEnd(s)) {
                const qint64 seconds = schedule.workingSeconds(s.startedAt, s.finishedAt);
                const auto key = std::tuple(schedule.localDate(s.finishedAt),
                                            schedule.localTime(s.finishedAt).hour(), int(s.role));
                ++cells[key].second[seconds];
                PersonCounter &p = staff[{s.staffId, int(s.role)}];
                ++p.served;
                ++p.service[seconds];
                lastRole[s.staffId] = s.role;
            }
        }
        const Stage *last = v.currentStage();
        if (last && last->state == StageState::Done) {
            ++d.quality.finishedVisits;
            d.quality.contacts += v.contacts();
        }
        if (!v.accountNumber.isEmpty()) {
            ++d.quality.visitsWithAccount;
            const RepeatGaps g = gaps.value(v.id);
            countGap(d.quality.gapSameCentre, g.sameCentreMs);
            countGap(d.quality.gapAnyCentre, g.anyCentreMs);
        }
    }
    for (const auto &[key, counters] : cells)
        d.cells.push_back({std::get<0>(key), std::get<1>(key), StageRole(std::get<2>(key)),
                           flatten(counters.first), flatten(counters.second)});
    // The cells hold every wait and every service served to the end; the roles keep their counts
    // and only the services that ended otherwise (started, then cancelled or left unserved).
    for (size_t r = 0; r < roles.size(); ++r) {
        d.roles[r] = roles[r].counts;
        d.roles[r].service = flatten(otherService[r]);
    }
    for (const auto &[key, p] : staff)
        d.staff.push_back({key.first, StageRole(key.second), p.served, p.noShows, flatten(p.service)});
    for (const auto &[id, role] : lastRole)
        d.lastRoleOf.emplace_back(id, role);
    return d;
}

ServiceDigest serviceDigestOf(const QList<StageRecord> &records, const Schedule &schedule)
{
    ServiceDigest d;
    std::array<RoleCounter, 3> roles;
    for (const StageRecord &r : records) {
        for (const QDateTime &t : {r.queuedAt, r.calledAt, r.startedAt, r.finishedAt})
            if (t.isValid())
                d.horizon = std::max(d.horizon, schedule.localDate(t));
        roles[size_t(r.role)].add(r.state, r.queuedAt, r.calledAt, r.startedAt, r.finishedAt, schedule);
    }
    for (size_t r = 0; r < roles.size(); ++r)
        d.roles[r] = roles[r].digest();
    return d;
}

QByteArray scheduleFingerprint(const Schedule &schedule, const QDate &horizon)
{
    QByteArray text = schedule.timeZone().id();
    auto hours = [&text](const DayHours &h) {
        text += h.open ? '+' : '-';
        for (const QTime &t : {h.opens, h.closes, h.lunchStart, h.lunchEnd})
            text += ',' + QByteArray::number(t.isValid() ? t.msecsSinceStartOfDay() : -1);
        text += ';';
    };
    for (int day = 1; day <= 7; ++day)
        hours(schedule.weekday(day));
    QList<ScheduleException> exceptions = schedule.exceptions();
    std::sort(exceptions.begin(), exceptions.end(),
              [](const ScheduleException &a, const ScheduleException &b) { return a.date < b.date; });
    for (const ScheduleException &e : exceptions) {
        if (!horizon.isValid() || e.date > horizon)
            break;
        text += e.date.toString(Qt::ISODate).toLatin1() + '=';
        hours(e.hours);
    }
    text += "lunch=" + QByteArray::number(schedule.lunchCountsAsWorkingTime()) +
            ";after=" + QByteArray::number(schedule.serveAfterClosingMinutes());
    return QCryptographicHash::hash(text, QCryptographicHash::Sha256);
}

ScheduleFingerprints::ScheduleFingerprints(Schedule schedule)
    : m_schedule(std::move(schedule))
{
    for (const ScheduleException &e : m_schedule.exceptions())
        m_exceptionDates.append(e.date);
    std::sort(m_exceptionDates.begin(), m_exceptionDates.end());
}

QByteArray ScheduleFingerprints::at(const QDate &horizon)
{
    // The fingerprint changes only with the number of exceptions up to the horizon.
    const qsizetype n = horizon.isValid()
                            ? std::upper_bound(m_exceptionDates.cbegin(), m_exceptionDates.cend(), horizon) -
                                  m_exceptionDates.cbegin()
                            : 0;
    auto it = m_byExceptionCount.constFind(n);
    if (it == m_byExceptionCount.cend())
        it = m_byExceptionCount.insert(n, scheduleFingerprint(m_schedule, horizon));
    return *it;
}

// --- Figures from digests ---------------------------------------------------------------------

struct DashboardBuilder::State
{
    QHash<Id, Centre> centres;
    QDate from, to;
    int windowDays = 30;
    bool anyCentre = false; // repeats across the centres reported (more than one)
    Norms firstNorms;       // RoleStatistics.norm: the centre with the lowest id

    std::array<RoleTally, 3> roles;
    std::array<int, 24> hourArrivals{};
    std::map<int, SplitTally> hours;
    struct DayTally
    {
        int arrivals = 0;
        int served = 0;
        SplitTally split;
    };
    std::map<QDate, DayTally> openDays; // days still receiving figures
    QDate lastAdded;
    QDate closedBefore;
    bool lateFigures = false; // a figure for a day already closed (a clock that went back)
    QList<DayFigures> byDay;
    struct PersonTally
    {
        StaffFigures figures;
        Tally service;
    };
    std::map<Id, PersonTally> staff;
    QualityTally quality;
    struct CentreTally
    {
        std::array<RoleTally, 3> roles;
        QualityTally quality;
    };
    std::map<Id, CentreTally> perCentre;

    // Days before `day` receive nothing more (every instant of a visit is at or after its
    // creation): their figures are final.
    void closeDaysBefore(const QDate &day)
    {
        if (day.isValid())
            closedBefore = day;
        while (!openDays.empty() && (!day.isValid() || openDays.begin()->first < day)) {
            auto node = openDays.extract(openDays.begin());
            DayTally &t = node.mapped();
            if (t.arrivals == 0 && t.served == 0)
                continue; // as computeDashboard: only days with arrivals or services
            DayFigures f;
            f.date = node.key();
            f.arrivals = t.arrivals;
            f.served = t.served;
            f.wait = t.split.wait();
            f.service = t.split.service();
            f.roles = t.split.roles();
            byDay.append(f);
        }
    }
    DayTally &day(const QDate &date)
    {
        if (closedBefore.isValid() && date < closedBefore)
            lateFigures = true;
        return openDays[date];
    }
};

DashboardBuilder::DashboardBuilder(const QHash<Id, Centre> &centres, const QDate &from, const QDate &to,
                                   int repeatWindowDays)
    : d(std::make_unique<State>())
{
    d->centres = centres;
    d->from = from;
    d->to = to;
    d->windowDays = repeatWindowDays;
    d->anyCentre = centres.size() > 1;
    const Centre *first = nullptr;
    for (const Centre &c : centres)
        if (!first || c.id < first->id)
            first = &c;
    if (first)
        d->firstNorms = first->norms;
    for (const Centre &c : centres)
        d->perCentre[c.id];
}

DashboardBuilder::~DashboardBuilder() = default;

void DashboardBuilder::add(Id centreId, const QDate &day, const CreatedDigest &digest)
{
    const auto c = d->centres.constFind(centreId);
    if (c == d->centres.cend() || day < d->from || day > d->to)
        return;
    Q_ASSERT(!d->lastAdded.isValid() || day >= d->lastAdded);
    d->lastAdded = day;
    d->closeDaysBefore(day);

    int arrivals = 0;
    for (int h = 0; h < 24; ++h) {
        d->hourArrivals[size_t(h)] += digest.arrivalsByHour[size_t(h)];
        arrivals += digest.arrivalsByHour[size_t(h)];
    }
    if (arrivals)
        d->day(day).arrivals += arrivals;
    State::CentreTally &own = d->perCentre[centreId];
    for (const DigestCell &cell : digest.cells) {
        d->hours[cell.hour].add(cell, *c);
        State::DayTally &t = d->day(cell.day);
        t.split.add(cell, *c);
        for (const auto &[seconds, n] : cell.service)
            t.served += int(n);
        // The roles over every centre are merged from the hours at the end.
        RoleTally &r = own.roles[size_t(cell.role)];
        r.wait.add(cell.wait, waitNorm(*c, cell.role));
        r.service.add(cell.service, serviceNorm(*c, cell.role));
    }
    for (StageRole r : allStageRoles()) {
        d->roles[size_t(r)].add(digest.roles[size_t(r)], *c, r);
        own.roles[size_t(r)].add(digest.roles[size_t(r)], *c, r);
    }
    for (const DigestStaff &s : digest.staff) {
        State::PersonTally &p = d->staff[s.staffId];
        p.figures.staffId = s.staffId;
        p.figures.served += s.served;
        p.figures.noShows += s.noShows;
        p.service.add(s.service, serviceNorm(*c, s.role));
    }
    for (const auto &[id, role] : digest.lastRoleOf) {
        StaffFigures &f = d->staff[id].figures;
        f.role = role;
        f.centreId = centreId;
    }
    d->quality.add(digest.quality, d->anyCentre);
    own.quality.add(digest.quality, false);
}

bool DashboardBuilder::exact() const
{
    return !d->lateFigures;
}

Dashboard DashboardBuilder::finish()
{
    d->closeDaysBefore({});
    Dashboard out;
    out.from = d->from;
    out.to = d->to;
    for (const auto &[hour, split] : d->hours)
        for (StageRole r : allStageRoles()) {
            d->roles[size_t(r)].wait.merge(split.roleWait[size_t(r)]);
            d->roles[size_t(r)].service.merge(split.roleService[size_t(r)]);
        }
    for (StageRole r : allStageRoles())
        out.roles.append(d->roles[size_t(r)].statistics(r, d->firstNorms.of(r)));
    for (int h = 0; h < 24; ++h) {
        const auto split = d->hours.find(h);
        if (d->hourArrivals[size_t(h)] == 0 && split == d->hours.end())
            continue;
        SplitTally empty;
        SplitTally &s = split == d->hours.end() ? empty : split->second;
        HourFigures f;
        f.hour = h;
        f.arrivals = d->hourArrivals[size_t(h)];
        f.wait = s.wait();
        f.service = s.service();
        f.roles = s.roles();
        out.byHour.append(f);
    }
    out.byDay = d->byDay;
    for (auto &[id, p] : d->staff) {
        p.figures.service = p.service.summary();
        out.byStaff.append(p.figures);
    }
    out.quality = d->quality.figures(d->windowDays);
    for (auto &[id, t] : d->perCentre) {
        CentreFigures cf;
        cf.centreId = id;
        const Norms norms = d->centres.value(id).norms;
        for (StageRole r : allStageRoles())
            cf.roles.append(t.roles[size_t(r)].statistics(r, norms.of(r)));
        cf.quality = t.quality.figures(d->windowDays);
        out.centres.append(cf);
    }
    return out;
}

QList<RoleStatistics> statisticsFromDigests(const QList<ServiceDigest> &days, const Norms &norms)
{
    Centre judge; // only its norms are read
    judge.norms = norms;
    std::array<RoleTally, 3> roles;
    for (const ServiceDigest &day : days)
        for (StageRole r : allStageRoles())
            roles[size_t(r)].add(day.roles[size_t(r)], judge, r);
    QList<RoleStatistics> out;
    for (StageRole r : allStageRoles())
        out.append(roles[size_t(r)].statistics(r, norms.of(r)));
    return out;
}

} // namespace okno
