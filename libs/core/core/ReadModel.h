#pragma once

#include "Analytics.h"
#include "Organisation.h"
#include "Statistics.h"
#include "Visit.h"

#include <QByteArray>
#include <QDate>
#include <QHash>
#include <QList>

#include <array>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

// The reports' read model: per centre and local day, a digest of what the day's visits and stages
// contribute to `stats` and `dashboard` — counts, and durations in whole seconds of working time
// counted by value. Figures over any period are then merged from days instead of recomputed from
// every visit, and they are the same figures exactly: order statistics (median, p90) come from
// the merged counts by value, and "within norm" is judged when a day is merged, against the norm
// in force at report time, as the raw computation does.
//
// A digest depends on the day's visits and stages, on the centre's schedule (working time) and,
// for repeat visits, on each visit's gap to the same account's previous visit; it does not depend
// on norms, names or anything else that may change later. Storage keeps digests of past days,
// drops one in the same transaction as any change to a visit or stage it was made from, and
// tells a digest made under another schedule by its fingerprint (scheduleFingerprint()).
namespace okno {

// Whole-second durations counted by value, ascending by seconds, each count > 0.
using SecondCounts = std::vector<std::pair<qint64, qint64>>;

// computeStatistics' view of one stage role.
struct DigestRole
{
    int stages = 0;
    int served = 0; // started and finished
    int noShows = 0;
    int cancelled = 0;
    int unserved = 0;
    SecondCounts wait;    // queued → called
    SecondCounts service; // started → finished

    friend bool operator==(const DigestRole &, const DigestRole &) = default;
};

// Waits of stages called, and services of stages served, in one local hour of one local day.
struct DigestCell
{
    QDate day;
    int hour = 0;
    StageRole role = StageRole::Administrator;
    SecondCounts wait;
    SecondCounts service; // served to the end (done or routed on), by the hour it finished

    friend bool operator==(const DigestCell &, const DigestCell &) = default;
};

// One person's stages of one role among the day's visits.
struct DigestStaff
{
    Id staffId = 0;
    StageRole role = StageRole::Administrator;
    int served = 0;
    int noShows = 0;
    SecondCounts service;

    friend bool operator==(const DigestStaff &, const DigestStaff &) = default;
};

// The repeat measure needs, per visit with an account, how long before it the same account was
// last seen: days rounded up (1 … 365), counted by value.
constexpr int kRepeatHorizonDays = 365;

struct DigestQuality
{
    int visits = 0;
    int finishedVisits = 0;
    int contacts = 0; // of finished visits
    int calledStages = 0;
    int noShows = 0;
    int visitsWithAccount = 0;
    std::vector<int> gapSameCentre; // [k − 1]: visits whose previous visit here was k days before
    std::vector<int> gapAnyCentre;  // the same at any centre

    friend bool operator==(const DigestQuality &, const DigestQuality &) = default;
};

// The visits one centre created on one local day.
struct CreatedDigest
{
    std::array<int, 24> arrivalsByHour{};
    std::vector<DigestCell> cells; // by (day, hour, role)
    // By stage role: the counts; `wait` is empty and `service` holds only the stages started and
    // finished but not served to the end (the cells hold every other wait and service).
    std::array<DigestRole, 3> roles;
    std::vector<DigestStaff> staff;                   // by (staff, role)
    std::vector<std::pair<Id, StageRole>> lastRoleOf; // each person's role at their last stage, by staff
    DigestQuality quality;
    QDate horizon; // the latest local day of any instant in these visits (what the schedule must keep)

    friend bool operator==(const CreatedDigest &, const CreatedDigest &) = default;
};

// The stages of one centre with one service date (what `stats` reads).
struct ServiceDigest
{
    std::array<DigestRole, 3> roles;
    QDate horizon;

    friend bool operator==(const ServiceDigest &, const ServiceDigest &) = default;
};

// How long before a visit its account was last seen (strictly earlier), in milliseconds; −1 if
// not within the horizon.
struct RepeatGaps
{
    qint64 sameCentreMs = -1;
    qint64 anyCentreMs = -1;
};

// `visits`: the visits the centre created on one local day, by id; `gaps`: by visit id, for the
// visits with an account (a visit missing there has no earlier visit).
CreatedDigest createdDigestOf(const QList<Visit> &visits, const Schedule &schedule,
                              const QHash<Id, RepeatGaps> &gaps);
// `records`: the centre's stages with one service date, in order.
ServiceDigest serviceDigestOf(const QList<StageRecord> &records, const Schedule &schedule);

// What of a schedule a digest depends on, up to and including `horizon`: the time zone, the
// weekly hours, the exceptions dated up to the horizon, and how lunch and after-closing count.
QByteArray scheduleFingerprint(const Schedule &schedule, const QDate &horizon);

// The same for many horizons of one schedule, each distinct answer worked out once.
class ScheduleFingerprints
{
public:
    explicit ScheduleFingerprints(Schedule schedule);
    QByteArray at(const QDate &horizon);

private:
    Schedule m_schedule;
    QList<QDate> m_exceptionDates; // ascending
    QHash<qsizetype, QByteArray> m_byExceptionCount;
};

// Compact binary forms (what the database stores); nullopt for bytes that are not one.
QByteArray encodeDigest(const CreatedDigest &d);
QByteArray encodeDigest(const ServiceDigest &d);
std::optional<CreatedDigest> decodeCreatedDigest(const QByteArray &bytes);
std::optional<ServiceDigest> decodeServiceDigest(const QByteArray &bytes);

// The dashboard from digests: the same Dashboard as computeDashboard() over the raw visits.
// Digests are added in order of day (any order of centres within a day), each once.
class DashboardBuilder
{
public:
    DashboardBuilder(const QHash<Id, Centre> &centres, const QDate &from, const QDate &to,
                     int repeatWindowDays);
    ~DashboardBuilder();
    DashboardBuilder(const DashboardBuilder &) = delete;
    DashboardBuilder &operator=(const DashboardBuilder &) = delete;

    // A digest of a centre outside `centres` or a day outside the period is ignored.
    void add(Id centreId, const QDate &day, const CreatedDigest &digest);
    // False if a digest held an instant earlier than its own day (a clock set back across
    // midnight): the days' figures may then differ from the raw computation, which the caller
    // uses instead. Every other figure is exact either way.
    bool exact() const;
    Dashboard finish();

private:
    struct State;
    std::unique_ptr<State> d;
};

// `stats` from service digests of one centre: the same as computeStatistics() over the records.
QList<RoleStatistics> statisticsFromDigests(const QList<ServiceDigest> &days, const Norms &norms);

} // namespace okno
