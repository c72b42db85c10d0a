// The reports' read model in the database: day digests (core/ReadModel.h) read, built from the
// raw rows where missing, and stored. The rows are derived data: BatchWriter drops those a change
// touches in the change's own transaction, and whatever is missing is built again here.
#include "Database.h"
#include "ReadSupport.h"
#include "RowReader.h"
#include "SqlValues.h"
#include "StatementCache.h"
#include "Transaction.h"

#include <core/ZoneOffsets.h>

#include <QScopeGuard>
#include <QSqlError>
#include <QSqlQuery>

namespace okno {

using namespace Qt::StringLiterals;
using storage_detail::endOfRows;

namespace {

// Days built in one transaction: short enough that the writer's commits wait at most one chunk.
constexpr qint64 kDaysPerBuild = 7;
// Attempts at a consistent set of digests while the server writes.
constexpr int kDigestAttempts = 3;

constexpr qint64 kDayMs = 86'400'000;

Error unreadableDigest(Id centreId, const QDate &day)
{
    return makeError(ErrorCode::Internal,
                     u"storage: the read model's digest of centre %1 on %2 is unreadable"_s.arg(centreId).arg(
                         sql::dateText(day)));
}

} // namespace

Result<std::set<Database::DigestKey>>
Database::validDigests(const QHash<Id, Centre> &centres, const QDate &from, const QDate &to, DigestPart part)
{
    const QString context = u"read the reports' read model"_s;
    const bool created = part == DigestPart::Created;
    QString sqlText = created
                          ? u"SELECT centre_id, day, created_horizon, created_fingerprint FROM day_digests"_s
                          : u"SELECT centre_id, day, service_horizon, service_fingerprint FROM day_digests"_s;
    sqlText += u" WHERE day >= ? AND day <= ?"_s;
    QVariantList values{sql::date(from), sql::date(to)};
    if (centres.size() == 1) {
        sqlText += u" AND centre_id = ?"_s;
        values.append(sql::integer(centres.cbegin().key()));
    }
    Result<QSqlQuery *> q = select(sqlText, values, context);
    if (!q)
        return q.error();
    std::map<Id, ScheduleFingerprints> prints;
    for (const Centre &c : centres)
        prints.emplace(c.id, ScheduleFingerprints(c.schedule));
    std::set<DigestKey> valid;
    while ((*q)->next()) {
        RowReader r(**q, u"day_digests"_s);
        const Id centreId = r.id(0);
        const QDate day = r.date(1);
        const QDate horizon = r.date(2);
        const QByteArray fingerprint = (*q)->value(3).toByteArray();
        if (!r.ok()) {
            const Error e = r.error(u"centre %1, day %2"_s.arg(centreId).arg(day.toString(Qt::ISODate)));
            (*q)->finish();
            return e;
        }
        const auto print = prints.find(centreId);
        if (print != prints.end() && print->second.at(horizon) == fingerprint)
            valid.emplace(day, centreId);
    }
    if (Status s = endOfRows(**q, context); !s)
        return s.error();
    return valid;
}

Result<QHash<Id, RepeatGaps>> Database::repeatGaps(const QList<Visit> &visits)
{
    const QString context = u"read the repeat visits of accounts"_s;
    // Facts kept when retention erased an account (this visit's or an earlier one's it looks back
    // at) stand for what the rows said then.
    auto facts = repeatFacts(visits);
    if (!facts)
        return facts.error();
    QHash<Id, RepeatGaps> gaps;
    for (const Visit &v : visits) {
        if (const auto fact = facts->constFind(v.id); fact != facts->cend()) {
            if (fact->hadAccount && fact->gaps.anyCentreMs >= 0)
                gaps.insert(v.id, fact->gaps);
            continue;
        }
        if (v.accountNumber.isEmpty() || !v.createdAt.isValid())
            continue;
        const qint64 at = v.createdAt.toMSecsSinceEpoch();
        Result<QSqlQuery *> q = select(uR"(SELECT centre_id, created_at FROM visits
                                           WHERE account_number = ? AND created_at < ? AND created_at >= ?)"_s,
                                       {sql::text(v.accountNumber), sql::integer(at),
                                        sql::integer(at - qint64(kRepeatHorizonDays + 1) * kDayMs)},
                                       context);
        if (!q)
            return q.error();
        qint64 any = -1, same = -1;
        while ((*q)->next()) {
            const Id centreId = (*q)->value(0).toLongLong();
            const qint64 earlier = (*q)->value(1).toLongLong();
            any = std::max(any, earlier);
            if (centreId == v.centreId)
                same = std::max(same, earlier);
        }
        if (Status s = endOfRows(**q, context); !s)
            return s.error();
        if (any >= 0)
            gaps.insert(v.id, {same >= 0 ? at - same : -1, at - any});
    }
    return gaps;
}

Result<QHash<Id, std::pair<QDate, QDate>>> Database::dataSpans(const QHash<Id, Centre> &centres)
{
    // A stage's service date is its visit's local creation day or, at the latest, the next day
    // (routed on after midnight); one day's margin on each side also covers a date reckoned
    // before a change of the centre's zone.
    const QString context = u"find the span of the centres' visits"_s;
    QHash<Id, std::pair<QDate, QDate>> spans;
    for (const Centre &c : centres) {
        Result<QSqlQuery *> q =
            // Two subqueries, each a seek to one end of the index: MIN and MAX in one select
            // walk every visit of the centre (170 ms a report at a million visits).
            select(uR"(SELECT (SELECT MIN(created_at) FROM visits WHERE centre_id = ?),
                              (SELECT MAX(created_at) FROM visits WHERE centre_id = ?))"_s,
                   {sql::integer(c.id), sql::integer(c.id)}, context);
        if (!q)
            return q.error();
        QVariant first, last;
        if ((*q)->next()) {
            first = (*q)->value(0);
            last = (*q)->value(1);
        }
        if (Status s = endOfRows(**q, context); !s)
            return s.error();
        if (first.isNull() || last.isNull())
            continue;
        const QTimeZone zone = c.schedule.timeZone();
        spans.insert(c.id, {zone::localDate(zone, first.toLongLong()).addDays(-1),
                            zone::localDate(zone, last.toLongLong()).addDays(1)});
    }
    return spans;
}

Result<std::map<QDate, std::pair<QByteArray, QByteArray>>>
Database::buildDigestRange(const Centre &centre, const QDate &from, const QDate &to, bool store)
{
    const QString context = u"build the read model of centre %1 for %2 … %3"_s.arg(centre.id).arg(
        sql::dateText(from), sql::dateText(to));
    // Reading and storing in one transaction that holds the write lock from the start: no change
    // to these days can come between (a deferred transaction would read a snapshot that a commit
    // in between makes stale). Without storing, a snapshot is all it takes.
    Transaction tx(m_db);
    if (Status s = store ? beginWrite(tx, context) : tx.begin(); !s)
        return s.error();
    if (store && m_config.isPostgres()) {
        // The writer forgets this centre's digests under the same lock: taken before the visits are
        // read, each later statement of this READ COMMITTED transaction sees every change that
        // forgot a digest of these days, and none can commit before this one stores.
        Result<QSqlQuery *> lock = select(storage_detail::kDigestLockSql,
                                          {storage_detail::kDigestLockClass, int(centre.id)}, context);
        if (!lock)
            return lock.error();
        (*lock)->finish();
    }
    const QTimeZone zone = centre.schedule.timeZone();
    auto visits =
        readVisits(u"SELECT id FROM visits WHERE centre_id = ? AND created_at >= ? AND created_at < ?"_s,
                   {sql::integer(centre.id), sql::integer(zone::utcOf(zone, from, 0)),
                    sql::integer(zone::utcOf(zone, to.addDays(1), 0))},
                   context);
    if (!visits)
        return visits.error();
    // A visit whose account retention erased still counts as a visit with an account: a stand-in
    // that matches no other (the gaps come from the kept facts, never from a lookup by it).
    auto facts = repeatFacts(*visits);
    if (!facts)
        return facts.error();
    for (Visit &v : visits.value())
        if (v.accountNumber.isEmpty() && facts->value(v.id).hadAccount)
            v.accountNumber = u"\u2205erased:"_s + QString::number(v.id);
    auto records = stageRecords(centre.id, from, to);
    if (!records)
        return records.error();
    auto gaps = repeatGaps(*visits);
    if (!gaps)
        return gaps.error();

    std::map<QDate, QList<Visit>> createdOn;
    for (const Visit &v : std::as_const(*visits))
        createdOn[zone::localDate(zone, v.createdAt.toMSecsSinceEpoch())].append(v);
    std::map<QDate, QList<StageRecord>> servedOn;
    for (const StageRecord &r : std::as_const(*records))
        servedOn[r.serviceDate].append(r);

    std::map<QDate, std::pair<QByteArray, QByteArray>> built;
    for (QDate day = from; day <= to; day = day.addDays(1)) {
        const CreatedDigest created = createdDigestOf(createdOn[day], centre.schedule, *gaps);
        const ServiceDigest service = serviceDigestOf(servedOn[day], centre.schedule);
        auto &[createdBytes, serviceBytes] = built[day];
        createdBytes = encodeDigest(created);
        serviceBytes = encodeDigest(service);
        if (!store)
            continue;
        Result<QSqlQuery *> q = m_statements->prepare(
            uR"(INSERT INTO day_digests (centre_id, day, created_horizon, created_fingerprint, created,
                                         service_horizon, service_fingerprint, service)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (centre_id, day) DO UPDATE SET
                  created_horizon = excluded.created_horizon, created_fingerprint = excluded.created_fingerprint,
                  created = excluded.created, service_horizon = excluded.service_horizon,
                  service_fingerprint = excluded.service_fingerprint, service = excluded.service)"_s);
        if (!q)
            return q.error();
        Status s = sql::exec(**q,
                             {sql::integer(centre.id), sql::date(day), sql::date(created.horizon),
                              scheduleFingerprint(centre.schedule, created.horizon), createdBytes,
                              sql::date(service.horizon),
                              scheduleFingerprint(centre.schedule, service.horizon), serviceBytes},
                             context);
        (*q)->finish();
        if (!s)
            return s.error();
    }
    if (Status s = store ? commitWrite(tx) : tx.commit(); !s)
        return s.error();
    return built;
}

Status Database::forEachDigest(const QList<Centre> &centreList, const QDate &from, const QDate &to,
                               const QDateTime &now, DigestPart part, const DigestUse &use)
{
    checkThread();
    if (!from.isValid() || !to.isValid() || from > to)
        return makeError(ErrorCode::InvalidArgument, u"storage: read model: invalid period"_s);
    QHash<Id, Centre> centres;
    for (const Centre &c : centreList)
        centres.insert(c.id, c);
    const bool created = part == DigestPart::Created;
    for (int attempt = 0; attempt < kDigestAttempts; ++attempt) {
        // 1. What is stored and still holds; 2. the rest built (and stored if the day is over);
        // 3. in one snapshot, everything present again, then handed over in order.
        auto valid = validDigests(centres, from, to, part);
        if (!valid)
            return valid.error();
        auto spans = dataSpans(centres);
        if (!spans)
            return spans.error();
        // Days outside a centre's span hold nothing: their digests are empty and add nothing.
        auto inSpan = [&spans](Id centreId, const QDate &day) {
            const auto span = spans->constFind(centreId);
            return span != spans->cend() && day >= span->first && day <= span->second;
        };
        std::map<DigestKey, QByteArray> held; // built, not stored (today, or a later day)
        for (const Centre &c : std::as_const(centres)) {
            const QDate today = zone::localDate(c.schedule.timeZone(), now.toMSecsSinceEpoch());
            QDate day = from;
            while (day <= to) {
                if (valid->count({day, c.id}) || !inSpan(c.id, day)) {
                    day = day.addDays(1);
                    continue;
                }
                // A run of missing days, cut at the chunk's length and where storing stops.
                const bool store = day < today && storesDerived();
                QDate last = day;
                while (last < to && day.daysTo(last) + 1 < kDaysPerBuild &&
                       !valid->count({last.addDays(1), c.id}) && inSpan(c.id, last.addDays(1)) &&
                       (last.addDays(1) < today) == (day < today))
                    last = last.addDays(1);
                auto built = buildDigestRange(c, day, last, store);
                if (!built)
                    return built.error();
                if (!store)
                    for (const auto &[d, bytes] : *built)
                        held.emplace(DigestKey{d, c.id}, created ? bytes.first : bytes.second);
                day = last.addDays(1);
            }
        }

        Result<bool> complete = storage_detail::readInSnapshot<bool>(m_db, [&]() -> Result<bool> {
            auto present = validDigests(centres, from, to, part);
            if (!present)
                return present.error();
            auto spansNow = dataSpans(centres);
            if (!spansNow)
                return spansNow.error();
            if (*spansNow != *spans)
                return false; // visits before or after every other: once more
            for (const Centre &c : std::as_const(centres))
                for (QDate day = from; day <= to; day = day.addDays(1))
                    if (inSpan(c.id, day) && !present->count({day, c.id}) && !held.count({day, c.id}))
                        return false; // changed meanwhile: once more
            const QString context = u"read the reports' read model"_s;
            QString sqlText = created ? u"SELECT centre_id, day, created FROM day_digests"_s
                                      : u"SELECT centre_id, day, service FROM day_digests"_s;
            sqlText += u" WHERE day >= ? AND day <= ?"_s;
            QVariantList values{sql::date(from), sql::date(to)};
            if (centres.size() == 1) {
                sqlText += u" AND centre_id = ?"_s;
                values.append(sql::integer(centres.cbegin().key()));
            }
            sqlText += u" ORDER BY day, centre_id"_s;
            Result<QSqlQuery *> q = select(sqlText, values, context);
            if (!q)
                return q.error();
            auto finish = qScopeGuard([&] { (*q)->finish(); });
            auto nextHeld = held.cbegin();
            while ((*q)->next()) {
                RowReader r(**q, u"day_digests"_s);
                const DigestKey key{r.date(1), r.id(0)};
                if (!r.ok())
                    return r.error(u"centre %1"_s.arg(key.second));
                if (!present->count(key) || held.count(key) || !inSpan(key.second, key.first))
                    continue;
                for (; nextHeld != held.cend() && nextHeld->first < key; ++nextHeld)
                    if (Status s = use(nextHeld->first, nextHeld->second); !s)
                        return s.error();
                if (Status s = use(key, (*q)->value(2).toByteArray()); !s)
                    return s.error();
            }
            if (Status s = endOfRows(**q, context); !s)
                return s.error();
            for (; nextHeld != held.cend(); ++nextHeld)
                if (Status s = use(nextHeld->first, nextHeld->second); !s)
                    return s.error();
            return true;
        });
        if (!complete)
            return complete.error();
        if (*complete)
            return {};
    }
    return makeError(ErrorCode::Unavailable,
                     u"storage: the reports' read model kept changing while it was read; try again"_s);
}

Status Database::readCreatedDigests(const QList<Centre> &centres, const QDate &from, const QDate &to,
                                    const QDateTime &now, const CreatedDigestUse &use)
{
    return forEachDigest(centres, from, to, now, DigestPart::Created,
                         [&use](const DigestKey &key, const QByteArray &bytes) -> Status {
                             const auto digest = decodeCreatedDigest(bytes);
                             if (!digest)
                                 return unreadableDigest(key.second, key.first);
                             use(key.second, key.first, *digest);
                             return {};
                         });
}

Result<QList<ServiceDigest>> Database::readServiceDigests(const Centre &centre, const QDate &from,
                                                          const QDate &to, const QDateTime &now)
{
    QList<ServiceDigest> days;
    Status s = forEachDigest({centre}, from, to, now, DigestPart::Service,
                             [&days](const DigestKey &key, const QByteArray &bytes) -> Status {
                                 const auto digest = decodeServiceDigest(bytes);
                                 if (!digest)
                                     return unreadableDigest(key.second, key.first);
                                 days.append(*digest);
                                 return {};
                             });
    if (!s)
        return s.error();
    return days;
}

Status Database::dropDigests(const QDate &from, const QDate &to)
{
    checkThread();
    Result<QSqlQuery *> q = select(u"DELETE FROM day_digests WHERE day >= ? AND day <= ?"_s,
                                   {sql::date(from), sql::date(to)}, u"drop the read model's digests"_s);
    if (!q)
        return q.error();
    (*q)->finish();
    return {};
}

Result<int> Database::buildDigests(const QList<Centre> &centres, const QDateTime &now,
                                   const std::atomic<bool> *stop)
{
    checkThread();
    int built = 0;
    for (const Centre &c : centres) {
        auto spans = dataSpans({{c.id, c}});
        if (!spans)
            return spans.error();
        if (!spans->contains(c.id))
            continue; // no visits
        const auto [from, lastWithVisits] = spans->value(c.id);
        const QDate to = std::min(
            lastWithVisits, zone::localDate(c.schedule.timeZone(), now.toMSecsSinceEpoch()).addDays(-1));
        if (from > to)
            continue;
        auto valid = validDigests({{c.id, c}}, from, to, DigestPart::Created);
        auto validService = validDigests({{c.id, c}}, from, to, DigestPart::Service);
        if (!valid)
            return valid.error();
        if (!validService)
            return validService.error();
        QDate day = from;
        while (day <= to) {
            if (stop && *stop)
                return built;
            auto missing = [&](const QDate &d) {
                return !valid->count({d, c.id}) || !validService->count({d, c.id});
            };
            if (!missing(day)) {
                day = day.addDays(1);
                continue;
            }
            QDate last = day;
            while (last < to && day.daysTo(last) + 1 < kDaysPerBuild && missing(last.addDays(1)))
                last = last.addDays(1);
            auto range = buildDigestRange(c, day, last, true);
            if (!range)
                return range.error();
            built += int(range->size());
            day = last.addDays(1);
        }
    }
    return built;
}

} // namespace okno
