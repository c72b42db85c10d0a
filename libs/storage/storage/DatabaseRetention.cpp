// Retention (storage/Retention.h, docs/retention.md): the personal data of visitors older than a
// cut-off erased in bounded steps, each one transaction on the writer's connection.
//
// The walk is kept in `settings`: every visit created before retention.visitsBefore (ms), every
// payment made before retention.paymentsBefore (ms) and every event logged before retention.eventsBefore
// (ms) is done. A step takes the next few hundred rows after its mark, erases them and moves the
// mark in the same transaction, so a crash or a stop between steps loses nothing and repeats
// nothing; a run is steps until the marks reach the cut-off.
//
// A step zeroes what it overwrites (PRAGMA secure_delete for its own statements). That is not
// enough: SQLite leaves stale copies of cells in the unallocated space of pages it rebalanced long
// before (an index entry moved by a page split, say), and test_retention finds them. So a run that
// erased anything ends with vacuum(), which writes the whole database afresh, and truncateWal(),
// which empties the WAL whose frames still hold pages as they were.
#include "Database.h"
#include "ReadSupport.h"
#include "Retention.h"
#include "RowReader.h"
#include "SqlValues.h"
#include "StatementCache.h"
#include "Transaction.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QScopeGuard>
#include <QSqlQuery>

#include <limits>

namespace okno {

using namespace Qt::StringLiterals;
using storage_detail::endOfRows;

namespace retention {

const QList<QString> &erasedFields()
{
    static const QList<QString> fields{u"customerName"_s, u"accountNumber"_s, u"purpose"_s,
                                       u"note"_s,         u"notes"_s,         u"reason"_s,
                                       u"meterNumber"_s,  u"appealNumber"_s};
    return fields;
}

bool carriesVisitorData(const QString &eventType)
{
    return eventType.startsWith(u"visit."_s) || eventType.startsWith(u"consultation."_s) ||
           eventType.startsWith(u"payment."_s);
}

namespace {

QJsonValue erase(const QJsonValue &v, bool *changed);

QJsonObject eraseObject(QJsonObject o, bool *changed)
{
    for (auto it = o.begin(); it != o.end(); ++it) {
        if (erasedFields().contains(it.key())) {
            if (it.value().isString() && !it.value().toString().isEmpty()) {
                it.value() = QString();
                *changed = true;
            }
        } else if (it.value().isObject() || it.value().isArray()) {
            it.value() = erase(it.value(), changed);
        }
    }
    return o;
}

QJsonValue erase(const QJsonValue &v, bool *changed)
{
    if (v.isObject())
        return eraseObject(v.toObject(), changed);
    if (v.isArray()) {
        QJsonArray out;
        for (const QJsonValue &item : v.toArray())
            out.append(erase(item, changed));
        return out;
    }
    return v;
}

} // namespace

QByteArray anonymisedPayload(const QByteArray &payload)
{
    const QJsonDocument doc = QJsonDocument::fromJson(payload);
    if (!doc.isObject())
        return payload;
    bool changed = false;
    const QJsonObject erased = eraseObject(doc.object(), &changed);
    return changed ? QJsonDocument(erased).toJson(QJsonDocument::Compact) : payload;
}

} // namespace retention

namespace {

constexpr qint64 kDayMs = 86'400'000;
constexpr qint64 kNoMark = std::numeric_limits<qint64>::min();

const QString kVisitsMark = u"retention.visitsBefore"_s;
const QString kPaymentsMark = u"retention.paymentsBefore"_s;
const QString kEventsMark = u"retention.eventsBefore"_s;

// The event types retention.carriesVisitorData() names, in SQL.
const QString kVisitorEventTypes =
    u"(type LIKE 'visit.%' OR type LIKE 'consultation.%' OR type LIKE 'payment.%')"_s;

} // namespace

Result<qint64> Database::retentionMark(const QString &key)
{
    auto value = setting(key);
    if (!value)
        return value.error();
    if (!value->has_value())
        return kNoMark;
    bool ok = false;
    const qint64 mark = (*value)->toLongLong(&ok);
    if (!ok)
        return makeError(ErrorCode::Internal, u"storage: the setting %1 is not a number"_s.arg(key));
    return mark;
}

Status Database::setRetentionMark(const QString &key, qint64 mark)
{
    return exec(uR"(INSERT INTO settings (key, value) VALUES (?, ?)
                    ON CONFLICT (key) DO UPDATE SET value = excluded.value)"_s,
                {sql::text(key), sql::text(QString::number(mark))}, u"record how far retention went"_s);
}

Status Database::exec(const QString &sqlText, const QVariantList &values, const QString &context,
                      qint64 *rowsAffected)
{
    Result<QSqlQuery *> q = select(sqlText, values, context);
    if (!q)
        return q.error();
    if (rowsAffected)
        *rowsAffected = (*q)->numRowsAffected();
    (*q)->finish();
    return {};
}

Result<qint64> Database::countOf(const QString &sqlText, const QVariantList &values, const QString &context)
{
    Result<QSqlQuery *> q = select(sqlText, values, context);
    if (!q)
        return q.error();
    qint64 n = 0;
    if ((*q)->next())
        n = (*q)->value(0).toLongLong();
    if (Status s = endOfRows(**q, context); !s)
        return s.error();
    return n;
}

// The end (exclusive) of the next chunk of at most `maxRows` rows of `table` by `column` in
// [from, to): the instant of the last row taken, or `to` when fewer remain. Rows of one instant
// are never split (all of them go together when they fill a chunk alone).
Result<qint64> Database::chunkEnd(const QString &table, const QString &column, qint64 from, qint64 to,
                                  int maxRows)
{
    const QString context = u"find the next rows retention erases"_s;
    Result<QSqlQuery *> q =
        select(u"SELECT %2 FROM %1 WHERE %2 >= ? AND %2 < ? ORDER BY %2 LIMIT ?"_s.arg(table, column),
               {sql::integer(from), sql::integer(to), sql::integer(maxRows)}, context);
    if (!q)
        return q.error();
    int n = 0;
    qint64 first = 0, last = 0;
    while ((*q)->next()) {
        last = (*q)->value(0).toLongLong();
        if (n++ == 0)
            first = last;
    }
    if (Status s = endOfRows(**q, context); !s)
        return s.error();
    if (n < maxRows)
        return to;
    return last > first ? last : last + 1;
}

Result<QHash<Id, Database::RepeatFact>> Database::repeatFacts(const QList<Visit> &visits)
{
    const QString context = u"read the kept repeat-visit facts"_s;
    QHash<Id, RepeatFact> facts;
    constexpr qsizetype kPerQuery = 500;
    for (qsizetype i = 0; i < visits.size(); i += kPerQuery) {
        QStringList ids;
        for (qsizetype j = i; j < std::min(visits.size(), i + kPerQuery); ++j)
            ids.append(QString::number(visits[j].id));
        Result<QSqlQuery *> q = select(uR"(SELECT visit_id, had_account, same_centre_gap_ms, any_centre_gap_ms
                                           FROM visit_repeat_facts WHERE visit_id IN (%1))"_s.arg(
                                           ids.join(u',')),
                                       {}, context);
        if (!q)
            return q.error();
        while ((*q)->next())
            facts.insert((*q)->value(0).toLongLong(),
                         RepeatFact{(*q)->value(1).toLongLong() != 0,
                                    RepeatGaps{(*q)->value(2).toLongLong(), (*q)->value(3).toLongLong()}});
        if (Status s = endOfRows(**q, context); !s)
            return s.error();
    }
    return facts;
}

Status Database::keepRepeatFacts(const QList<Visit> &erased)
{
    const QString context = u"keep the repeat-visit facts of visits retention erases"_s;
    // The later visits that look back at an erased one: they keep, from now on, the gaps their
    // rows give while the account is still there.
    QSet<Id> inChunk;
    for (const Visit &v : erased)
        inChunk.insert(v.id);
    QSet<Id> later;
    for (const Visit &v : erased) {
        if (v.accountNumber.isEmpty() || !v.createdAt.isValid())
            continue;
        const qint64 at = v.createdAt.toMSecsSinceEpoch();
        Result<QSqlQuery *> q = select(uR"(SELECT id FROM visits
                                           WHERE account_number = ? AND created_at > ? AND created_at <= ?)"_s,
                                       {sql::text(v.accountNumber), sql::integer(at),
                                        sql::integer(at + qint64(kRepeatHorizonDays + 1) * kDayMs)},
                                       context);
        if (!q)
            return q.error();
        while ((*q)->next())
            if (const Id id = (*q)->value(0).toLongLong(); !inChunk.contains(id))
                later.insert(id);
        if (Status s = endOfRows(**q, context); !s)
            return s.error();
    }
    QList<Visit> visits = erased;
    if (!later.isEmpty()) {
        QStringList ids;
        for (Id id : std::as_const(later))
            ids.append(QString::number(id));
        auto laterVisits =
            readVisits(u"SELECT id FROM visits WHERE id IN (%1)"_s.arg(ids.join(u',')), {}, context);
        if (!laterVisits)
            return laterVisits.error();
        visits.append(*laterVisits);
    }
    auto gaps = repeatGaps(visits); // facts kept earlier win: they were taken before any erasing
    if (!gaps)
        return gaps.error();
    for (const Visit &v : std::as_const(visits)) {
        const RepeatGaps g = gaps->value(v.id);
        // An existing row stays: it was kept before an earlier visit of the account was erased.
        if (Status s = exec(uR"(INSERT INTO visit_repeat_facts (visit_id, had_account, same_centre_gap_ms,
                                                                any_centre_gap_ms)
                                VALUES (?, ?, ?, ?) ON CONFLICT (visit_id) DO NOTHING)"_s,
                            {sql::integer(v.id), sql::flag(!v.accountNumber.isEmpty()),
                             sql::integer(g.sameCentreMs), sql::integer(g.anyCentreMs)},
                            context);
            !s)
            return s;
    }
    return {};
}

Result<retention::Step> Database::anonymiseStep(const QDateTime &cutoff, int maxRows)
{
    checkThread();
    const QString context = u"retention: erase personal data before %1"_s.arg(cutoff.toString(Qt::ISODate));
    const qint64 cut = cutoff.toMSecsSinceEpoch();
    maxRows = std::max(1, maxRows);
    // What this step overwrites is zeroed where it stood; off again after it.
    // (SQLite; PostgreSQL leaves old row versions until VACUUM: vacuum() below.)
    const bool sqlite = m_config.isSqlite();
    if (sqlite) {
        QSqlQuery pragmaQuery(m_db);
        if (Status s = sql::execDirect(pragmaQuery, u"PRAGMA secure_delete = ON"_s, context); !s)
            return s.error();
    }
    auto secureDeleteOff = qScopeGuard([this, sqlite] {
        if (!sqlite)
            return;
        QSqlQuery off(m_db);
        off.exec(u"PRAGMA secure_delete = OFF"_s);
    });
    // The write lock from the start, as every write takes it (see buildDigestRange).
    Transaction tx(m_db);
    if (Status s = beginWrite(tx, context); !s)
        return s.error();
    retention::Step step;
    auto visitsMark = retentionMark(kVisitsMark);
    auto paymentsMark = retentionMark(kPaymentsMark);
    auto eventsMark = retentionMark(kEventsMark);
    if (!visitsMark || !paymentsMark || !eventsMark)
        return (!visitsMark ? visitsMark.error() : !paymentsMark ? paymentsMark.error() : eventsMark.error());
    qint64 visitsDone = *visitsMark, paymentsDone = *paymentsMark, eventsDone = *eventsMark;

    if (visitsDone < cut) {
        // Visits, with their stages' notes, consultations and meter readings.
        auto end = chunkEnd(u"visits"_s, u"created_at"_s, visitsDone, cut, maxRows);
        if (!end)
            return end.error();
        const QString ids = u"SELECT id FROM visits WHERE created_at >= ? AND created_at < ?"_s;
        const QVariantList range{sql::integer(visitsDone), sql::integer(*end)};
        auto visits = readVisits(ids, range, context);
        if (!visits)
            return visits.error();
        if (Status s = keepRepeatFacts(*visits); !s)
            return s.error();
        qint64 n = 0;
        if (Status s =
                exec(uR"(UPDATE stages SET note = '' WHERE note <> '' AND visit_id IN (%1))"_s.arg(ids),
                     range, context, &n);
            !s)
            return s.error();
        step.counts.stageNotes = n;
        if (Status s =
                exec(uR"(UPDATE meter_readings SET meter_number = '' WHERE visit_id IN (%1))"_s.arg(ids),
                     range, context, &n);
            !s)
            return s.error();
        step.counts.meterReadings = n;
        if (Status s = exec(uR"(UPDATE consultations SET account_number = '', notes = '', appeal_number = ''
                                WHERE visit_id IN (%1))"_s.arg(ids),
                            range, context, &n);
            !s)
            return s.error();
        step.counts.consultations = n;
        if (Status s = exec(uR"(UPDATE visits SET customer_name = '', account_number = '', purpose = ''
                                WHERE created_at >= ? AND created_at < ?)"_s,
                            range, context, &n);
            !s)
            return s.error();
        step.counts.visits = n;
        visitsDone = *end;
        if (Status s = setRetentionMark(kVisitsMark, visitsDone); !s)
            return s.error();
    } else if (paymentsDone < cut) {
        // Payments (a payment need not belong to a visit): the account, the purpose and a
        // reversal's reason go; the amounts, method, receipt and shift stay.
        auto end = chunkEnd(u"payments"_s, u"at"_s, paymentsDone, cut, maxRows);
        if (!end)
            return end.error();
        qint64 n = 0;
        if (Status s = exec(uR"(UPDATE payments SET account_number = '', purpose = '', reason = ''
                                WHERE at >= ? AND at < ?)"_s,
                            {sql::integer(paymentsDone), sql::integer(*end)}, context, &n);
            !s)
            return s.error();
        step.counts.payments = n;
        paymentsDone = *end;
        if (Status s = setRetentionMark(kPaymentsMark, paymentsDone); !s)
            return s.error();
    } else if (eventsDone < cut) {
        // The event log: the payloads of visit, consultation and payment events before the
        // cut-off, their personal fields blanked; the rest of each payload stays as it was.
        auto end = chunkEnd(u"events"_s, u"at"_s, eventsDone, cut, maxRows);
        if (!end)
            return end.error();
        Result<QSqlQuery *> q =
            select(uR"(SELECT seq, type, payload FROM events WHERE at >= ? AND at < ? AND %1)"_s.arg(
                       kVisitorEventTypes),
                   {sql::integer(eventsDone), sql::integer(*end)}, context);
        if (!q)
            return q.error();
        QList<std::pair<qint64, QByteArray>> rewrite;
        while ((*q)->next()) {
            RowReader r(**q, u"events"_s);
            const qint64 seq = r.integer(0);
            const QString type = r.text(1);
            const QByteArray payload = r.text(2).toUtf8();
            if (!r.ok()) {
                const Error e = r.error(u"seq %1"_s.arg(seq));
                (*q)->finish();
                return e;
            }
            if (!retention::carriesVisitorData(type))
                continue;
            ++step.counts.events;
            const QByteArray erased = retention::anonymisedPayload(payload);
            if (erased != payload)
                rewrite.append({seq, erased});
        }
        if (Status s = endOfRows(**q, context); !s)
            return s.error();
        for (const auto &[seq, payload] : std::as_const(rewrite))
            if (Status s = exec(u"UPDATE events SET payload = ? WHERE seq = ?"_s,
                                {sql::text(QString::fromUtf8(payload)), sql::integer(seq)}, context);
                !s)
                return s.error();
        eventsDone = *end;
        if (Status s = setRetentionMark(kEventsMark, eventsDone); !s)
            return s.error();
    }
    if (Status s = commitWrite(tx); !s)
        return s.error();
    step.done = visitsDone >= cut && paymentsDone >= cut && eventsDone >= cut;
    return step;
}

Result<retention::Counts> Database::retentionPending(const QDateTime &cutoff)
{
    checkThread();
    const QString context = u"retention: count what a run would erase"_s;
    const qint64 cut = cutoff.toMSecsSinceEpoch();
    return storage_detail::readInSnapshot<retention::Counts>(m_db, [&]() -> Result<retention::Counts> {
        auto visitsMark = retentionMark(kVisitsMark);
        auto paymentsMark = retentionMark(kPaymentsMark);
        auto eventsMark = retentionMark(kEventsMark);
        if (!visitsMark || !paymentsMark || !eventsMark)
            return (!visitsMark     ? visitsMark.error()
                    : !paymentsMark ? paymentsMark.error()
                                    : eventsMark.error());
        const QString ids = u"SELECT id FROM visits WHERE created_at >= ? AND created_at < ?"_s;
        const QVariantList range{sql::integer(*visitsMark), sql::integer(cut)};
        retention::Counts c;
        const std::pair<qint64 *, Result<qint64>> counts[] = {
            {&c.visits, countOf(u"SELECT COUNT(*) FROM visits WHERE created_at >= ? AND created_at < ?"_s,
                                range, context)},
            {&c.stageNotes,
             countOf(u"SELECT COUNT(*) FROM stages WHERE note <> '' AND visit_id IN (%1)"_s.arg(ids), range,
                     context)},
            {&c.consultations,
             countOf(u"SELECT COUNT(*) FROM consultations WHERE visit_id IN (%1)"_s.arg(ids), range,
                     context)},
            {&c.meterReadings,
             countOf(u"SELECT COUNT(*) FROM meter_readings WHERE visit_id IN (%1)"_s.arg(ids), range,
                     context)},
            {&c.payments, countOf(u"SELECT COUNT(*) FROM payments WHERE at >= ? AND at < ?"_s,
                                  {sql::integer(*paymentsMark), sql::integer(cut)}, context)},
            {&c.events,
             countOf(u"SELECT COUNT(*) FROM events WHERE at >= ? AND at < ? AND %1"_s.arg(kVisitorEventTypes),
                     {sql::integer(*eventsMark), sql::integer(cut)}, context)},
        };
        for (const auto &[field, n] : counts) {
            if (!n)
                return n.error();
            *field = *n;
        }
        return c;
    });
}

Status Database::vacuum()
{
    checkThread();
    QSqlQuery q(m_db);
    // PostgreSQL: the dead row versions (the erased values among them) are removed and their
    // space reused, without the exclusive lock of VACUUM FULL, which would hold every commit for
    // as long as it rewrites the tables of a large company. Rewriting them, and the WAL and its
    // archives, are the DBA's (docs/scale-out.md).
    Status s =
        m_config.isSqlite()
            ? sql::execDirect(q, u"VACUUM"_s, u"retention: write the database afresh (VACUUM)"_s)
            : sql::execDirect(q, u"VACUUM (ANALYZE)"_s, u"retention: remove dead row versions (VACUUM)"_s);
    q.finish();
    return s;
}

Result<bool> Database::truncateWal()
{
    checkThread();
    if (!m_config.isSqlite())
        return true; // PostgreSQL recycles its WAL segments at its checkpoints by itself
    const QString context = u"retention: empty the write-ahead log"_s;
    QSqlQuery q(m_db);
    if (Status s = sql::execDirect(q, u"PRAGMA wal_checkpoint(TRUNCATE)"_s, context); !s)
        return s.error();
    // (busy, frames in the log, frames checkpointed): busy = a reader kept the log from being reset.
    const bool busy = q.next() && q.value(0).toInt() != 0;
    q.finish();
    return !busy;
}

} // namespace okno
