#include "BatchWriter.h"

#include "ReadSupport.h"

#include "PgPipeline.h"
#include "SqlValues.h"
#include "StatementCache.h"
#include "StorageTypes.h"

#include <core/ReadModel.h>
#include <core/ZoneOffsets.h>

#include <QSet>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>

#include <limits>
#include <set>

namespace okno {

using namespace Qt::StringLiterals;

namespace {

// How far after a visit the repeat measure looks back at it from (a day more than the horizon:
// local days, not UTC ones).
constexpr qint64 kRepeatHorizonMs = qint64(kRepeatHorizonDays + 1) * 86'400'000;

QVariantList dayHoursValues(const DayHours &h)
{
    return {sql::flag(h.open), sql::minutes(h.opens), sql::minutes(h.closes), sql::minutes(h.lunchStart),
            sql::minutes(h.lunchEnd)};
}

} // namespace

BatchWriter::BatchWriter(StatementCache &statements, QHash<Id, QTimeZone> &zones, bool keepReadModel)
    : m_statements(statements)
    , m_pipeline(statements.pipeline())
    , m_zones(zones)
    , m_keepReadModel(keepReadModel)
{}

Status BatchWriter::prepare(const QList<WriteBatch> &batches)
{
    if (!m_pipeline || !m_keepReadModel)
        return {};
    QStringList ids;
    for (const WriteBatch &batch : batches)
        for (const WriteBatch::Change &change : batch.changes)
            if (const auto *put = std::get_if<WriteBatch::PutVisit>(&change))
                ids.append(QString::number(put->visit.id));
    if (ids.isEmpty())
        return {};
    auto stored = rows(u"SELECT id, account_number FROM visits WHERE id = ANY(?::bigint[])"_s,
                       {u"{%1}"_s.arg(ids.join(u','))}, u"read the visits being written"_s);
    if (!stored)
        return stored.error();
    for (const QVariantList &row : std::as_const(*stored))
        m_storedAccounts.insert(row.at(0).toLongLong(), row.at(1).toString());
    m_accountsRead = true;

    // The accounts whose later visits forgetDigestsOf will want, found as it will find them (the
    // stored account evolving put by put), and those visits read in one query. It sees the
    // database as it was before this transaction: a visit written in it is not among them, and
    // need not be, for its own put drops its own days.
    QHash<Id, QString> account = m_storedAccounts;
    QSet<QString> wanted;
    qint64 first = std::numeric_limits<qint64>::max();
    qint64 last = std::numeric_limits<qint64>::min();
    for (const WriteBatch &batch : batches)
        for (const WriteBatch::Change &change : batch.changes) {
            const auto *put = std::get_if<WriteBatch::PutVisit>(&change);
            if (!put)
                continue;
            const Visit &v = put->visit;
            const auto before = account.constFind(v.id);
            const std::optional<QString> storedAccount =
                before == account.cend() ? std::nullopt : std::optional<QString>(*before);
            account.insert(v.id, v.accountNumber);
            if (!v.createdAt.isValid())
                continue;
            const QStringList accounts = accountsToLookAfter(v, storedAccount);
            if (accounts.isEmpty())
                continue;
            for (const QString &a : accounts)
                wanted.insert(a);
            first = std::min(first, v.createdAt.toMSecsSinceEpoch());
            last = std::max(last, v.createdAt.toMSecsSinceEpoch());
        }
    m_laterRead = true;
    if (wanted.isEmpty())
        return {};
    QStringList quoted; // a PostgreSQL array literal: each element in double quotes, escaped
    for (QString a : std::as_const(wanted))
        quoted.append(u'"' + a.replace(u'\\', u"\\\\"_s).replace(u'"', u"\\\""_s) + u'"');
    auto later =
        rows(uR"(SELECT account_number, centre_id, created_at FROM visits
                          WHERE account_number = ANY(?::text[]) AND created_at > ? AND created_at <= ?)"_s,
             {u"{%1}"_s.arg(quoted.join(u',')), sql::integer(first), sql::integer(last + kRepeatHorizonMs)},
             u"read the later visits of the accounts being written"_s);
    if (!later)
        return later.error();
    for (const QVariantList &row : std::as_const(*later))
        m_laterVisits[row.at(0).toString()].append({row.at(1).toLongLong(), row.at(2).toLongLong()});
    return {};
}

Status BatchWriter::numberEvents(const QList<WriteBatch> &batches)
{
    qint64 highest = 0;
    for (const WriteBatch &batch : batches)
        for (const WriteBatch::Change &change : batch.changes)
            if (const auto *append = std::get_if<WriteBatch::AppendEvent>(&change)) {
                if (append->event.seq == 0)
                    ++m_unnumbered;
                else
                    highest = std::max(highest, append->event.seq);
            }
    if (m_unnumbered == 0 && highest == 0)
        return {};
    // One statement, as Database::reserveIds: the row is created (past the highest seq in the log,
    // for a database whose events came before the counter) or lifted past the seqs given, and
    // moved on by the events to number; what it returns is the end of their range.
    const QString sqlText = uR"(INSERT INTO id_blocks (kind, next_id)
                                VALUES (?, (SELECT CASE WHEN COALESCE(MAX(seq), 0) + 1 > ?
                                                         THEN COALESCE(MAX(seq), 0) + 1 ELSE ? END
                                                  FROM events) + ?)
                                ON CONFLICT (kind) DO UPDATE
                                SET next_id = (CASE WHEN id_blocks.next_id > ? THEN id_blocks.next_id
                                               ELSE ? END) + ?
                                RETURNING next_id)"_s;
    const qint64 floor = highest + 1;
    const QVariantList values{sql::text(kEventCounter),   sql::integer(floor), sql::integer(floor),
                              sql::integer(m_unnumbered), sql::integer(floor), sql::integer(floor),
                              sql::integer(m_unnumbered)};
    const QString context = u"number %1 events"_s.arg(m_unnumbered);
    if (m_pipeline)
        return m_pipeline->sendInto(sqlText, values, context, &m_seqRows);
    auto answer = rows(sqlText, values, context);
    if (!answer)
        return answer.error();
    m_seqRows = std::move(*answer);
    return m_unnumbered > 0 ? takeSeqs() : Status();
}

Status BatchWriter::takeSeqs()
{
    if (m_seqRows.isEmpty() && m_pipeline && !m_pipeline->isIdle()) {
        // Nothing has read the pipeline since the counter's step: this flush does.
        if (Status s = m_pipeline->flush(); !s)
            return s;
    }
    if (m_seqRows.isEmpty() || m_seqRows.constFirst().isEmpty())
        return makeError(ErrorCode::Internal, u"storage: number the events: the counter returned no row"_s);
    const qint64 end = m_seqRows.constFirst().constFirst().toLongLong();
    m_nextSeq = m_firstSeq = end - m_unnumbered;
    if (m_firstSeq < 1)
        return makeError(ErrorCode::Internal,
                         u"storage: number the events: the counter returned %1 for %2 events"_s.arg(end).arg(
                             m_unnumbered));
    return {};
}

Status BatchWriter::announceEvents()
{
    if (!m_statements.isPostgres() || m_firstSeq == 0)
        return {};
    return run(u"SELECT pg_notify(?, ?)"_s,
               {sql::text(kEventsChannel), sql::text(u"%1,%2"_s.arg(m_firstSeq).arg(m_nextSeq - 1))},
               u"announce events %1 to %2"_s.arg(m_firstSeq).arg(m_nextSeq - 1));
}

// The accounts whose later visits a visit's put may change the repeat measure of: its account now
// when it was not stored so, and the one stored before when that changes.
QStringList BatchWriter::accountsToLookAfter(const Visit &v, const std::optional<QString> &storedAccount)
{
    QStringList accounts;
    if (!v.accountNumber.isEmpty() && storedAccount != v.accountNumber)
        accounts.append(v.accountNumber);
    if (storedAccount && !storedAccount->isEmpty() && *storedAccount != v.accountNumber)
        accounts.append(*storedAccount);
    return accounts;
}

Status BatchWriter::finish()
{
    return m_pipeline ? m_pipeline->flush() : Status();
}

Status BatchWriter::run(const QString &sqlText, const QVariantList &values, const QString &context)
{
    if (m_pipeline)
        return m_pipeline->send(sqlText, values, context);
    Result<QSqlQuery *> query = m_statements.prepare(sqlText);
    if (!query)
        return query.error();
    Status status = sql::exec(**query, values, context);
    (*query)->finish();
    return status;
}

Result<QList<QVariantList>> BatchWriter::rows(const QString &sqlText, const QVariantList &values,
                                              const QString &context)
{
    if (m_pipeline)
        return m_pipeline->rows(sqlText, values, context);
    Result<QSqlQuery *> query = m_statements.prepare(sqlText);
    if (!query)
        return query.error();
    QSqlQuery &q = **query;
    if (Status s = sql::exec(q, values, context); !s) {
        q.finish();
        return s.error();
    }
    QList<QVariantList> out;
    const int columns = q.record().count();
    while (q.next()) {
        QVariantList row;
        for (int c = 0; c < columns; ++c)
            row.append(q.value(c));
        out.append(row);
    }
    const QSqlError error = q.lastError();
    q.finish();
    if (error.type() != QSqlError::NoError)
        return sql::error(error, context);
    return out;
}

Result<QTimeZone> BatchWriter::zoneOf(Id centreId)
{
    if (auto it = m_zones.constFind(centreId); it != m_zones.cend())
        return *it;
    auto found = rows(u"SELECT time_zone FROM centres WHERE id = ?"_s, {sql::integer(centreId)},
                      u"read the time zone of centre %1"_s.arg(centreId));
    if (!found)
        return found.error();
    // A visit of a centre that does not exist fails at commit (foreign key); UTC meanwhile.
    const QTimeZone zone =
        found->isEmpty() ? QTimeZone::utc() : QTimeZone(found->constFirst().constFirst().toString().toUtf8());
    m_zones.insert(centreId, zone.isValid() ? zone : QTimeZone::utc());
    return m_zones.value(centreId);
}

Status BatchWriter::forgetDigestsOf(const Visit &v, const std::optional<QString> &storedAccount)
{
    const QString context = u"update the read model for visit %1"_s.arg(v.id);
    std::set<std::pair<Id, QDate>> days;
    auto zone = zoneOf(v.centreId);
    if (!zone)
        return zone.error();
    if (v.createdAt.isValid())
        days.emplace(v.centreId, zone::localDate(*zone, v.createdAt.toMSecsSinceEpoch()));
    for (const Stage &s : v.stages)
        if (s.serviceDate.isValid())
            days.emplace(v.centreId, s.serviceDate);
    if (v.createdAt.isValid()) {
        const qint64 at = v.createdAt.toMSecsSinceEpoch();
        for (const QString &account : accountsToLookAfter(v, storedAccount)) {
            QList<std::pair<Id, qint64>> later; // centre, created_at
            if (m_laterRead) {
                for (const auto &[centreId, createdAt] : m_laterVisits.value(account))
                    if (createdAt > at && createdAt <= at + kRepeatHorizonMs)
                        later.append({centreId, createdAt});
            } else {
                auto read = rows(uR"(SELECT centre_id, created_at FROM visits
                                     WHERE account_number = ? AND created_at > ? AND created_at <= ?)"_s,
                                 {sql::text(account), sql::integer(at), sql::integer(at + kRepeatHorizonMs)},
                                 context);
                if (!read)
                    return read.error();
                for (const QVariantList &row : std::as_const(*read))
                    later.append({row.at(0).toLongLong(), row.at(1).toLongLong()});
            }
            for (const auto &[centreId, createdAt] : std::as_const(later)) {
                auto laterZone = zoneOf(centreId);
                if (!laterZone)
                    return laterZone.error();
                days.emplace(centreId, zone::localDate(*laterZone, createdAt));
            }
        }
    }
    Id locked = 0;
    for (const auto &[centreId, day] : days) {
        if (m_statements.isPostgres() && centreId != locked) {
            // Its row is not wanted: the lock is held once the statement has run, and what follows
            // runs after it (in order, on the pipeline).
            if (Status s = run(storage_detail::kDigestLockSql,
                               {storage_detail::kDigestLockClass, int(centreId)}, context);
                !s)
                return s;
            locked = centreId;
        }
        if (Status s = run(u"DELETE FROM day_digests WHERE centre_id = ? AND day = ?"_s,
                           {sql::integer(centreId), sql::date(day)}, context);
            !s)
            return s;
    }
    return {};
}

Status BatchWriter::write(const WriteBatch &batch)
{
    for (const WriteBatch::Change &change : batch.changes) {
        Status status = std::visit([this](const auto &c) { return write(c); }, change);
        if (!status)
            return status;
    }
    return {};
}

Status BatchWriter::write(const WriteBatch::PutCentre &change)
{
    const Centre &c = change.centre;
    const QString context = u"put centre %1"_s.arg(c.id);
    m_zones.remove(c.id);
    const Schedule &s = c.schedule;
    Status status =
        run(uR"(INSERT INTO centres (id, code, name, address, phone, time_zone, cutoff_minutes,
                              lunch_counts, policy_max_priority_in_row, policy_max_regular_wait_minutes, active,
                              after_closing_minutes)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                            ON CONFLICT (id) DO UPDATE SET
                              code = excluded.code, name = excluded.name, address = excluded.address,
                              phone = excluded.phone, time_zone = excluded.time_zone,
                              cutoff_minutes = excluded.cutoff_minutes, lunch_counts = excluded.lunch_counts,
                              policy_max_priority_in_row = excluded.policy_max_priority_in_row,
                              policy_max_regular_wait_minutes = excluded.policy_max_regular_wait_minutes,
                              active = excluded.active, after_closing_minutes = excluded.after_closing_minutes)"_s,
            {sql::integer(c.id), sql::text(c.code), sql::text(c.name), sql::text(c.address),
             sql::text(c.phone), sql::text(QString::fromUtf8(s.timeZone().id())),
             sql::integer(s.lastTicketCutoffMinutes()), sql::flag(s.lunchCountsAsWorkingTime()),
             sql::integer(c.policy.maxPriorityInRow), sql::integer(c.policy.maxRegularWaitMinutes),
             sql::flag(c.active), sql::integer(s.serveAfterClosingMinutes())},
            context);
    if (!status)
        return status;

    // The children are replaced as a whole: what the centre says now is all there is.
    for (const QString &table : {u"centre_week_hours"_s, u"centre_exceptions"_s, u"norms"_s,
                                 u"priority_categories"_s, u"centre_topics"_s}) {
        if (status = run(u"DELETE FROM %1 WHERE centre_id = ?"_s.arg(table), {sql::integer(c.id)}, context);
            !status)
            return status;
    }
    for (int day = 1; day <= 7; ++day) {
        const QVariantList values =
            QVariantList{sql::integer(c.id), sql::integer(day)} + dayHoursValues(s.weekday(day));
        status = run(
            uR"(INSERT INTO centre_week_hours (centre_id, day_of_week, is_open, opens, closes, lunch_start,
                           lunch_end) VALUES (?, ?, ?, ?, ?, ?, ?))"_s,
            values, context);
        if (!status)
            return status;
    }
    for (const ScheduleException &e : s.exceptions()) {
        const QVariantList values = QVariantList{sql::integer(c.id), sql::date(e.date)} +
                                    dayHoursValues(e.hours) + QVariantList{sql::text(e.note)};
        status = run(uR"(INSERT INTO centre_exceptions (centre_id, exception_date, is_open, opens, closes,
                           lunch_start, lunch_end, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?))"_s,
                     values, context);
        if (!status)
            return status;
    }
    for (StageRole role : allStageRoles()) {
        const Norm n = c.norms.of(role);
        status = run(
            u"INSERT INTO norms (centre_id, stage_role, wait_minutes, service_minutes) VALUES (?, ?, ?, ?)"_s,
            {sql::integer(c.id), sql::text(stageRoleName(role)), sql::integer(n.waitMinutes),
             sql::integer(n.serviceMinutes)},
            context);
        if (!status)
            return status;
    }
    for (qsizetype i = 0; i < c.priorityCategories.size(); ++i) {
        const PriorityCategory &p = c.priorityCategories.at(i);
        status =
            run(u"INSERT INTO priority_categories (centre_id, code, title, position) VALUES (?, ?, ?, ?)"_s,
                {sql::integer(c.id), sql::text(p.code), sql::text(p.title), sql::integer(i)}, context);
        if (!status)
            return status;
    }
    for (qsizetype i = 0; i < c.topics.size(); ++i) {
        const Topic &t = c.topics.at(i);
        status = run(
            u"INSERT INTO centre_topics (centre_id, code, title, active, position) VALUES (?, ?, ?, ?, ?)"_s,
            {sql::integer(c.id), sql::text(t.code), sql::text(t.title), sql::flag(t.active), sql::integer(i)},
            context);
        if (!status)
            return status;
    }
    return {};
}

Status BatchWriter::write(const WriteBatch::PutQueue &change)
{
    const Queue &q = change.queue;
    return run(uR"(INSERT INTO queues (id, centre_id, code, name, prefix, role, active)
                   VALUES (?, ?, ?, ?, ?, ?, ?)
                   ON CONFLICT (id) DO UPDATE SET
                     centre_id = excluded.centre_id, code = excluded.code, name = excluded.name,
                     prefix = excluded.prefix, role = excluded.role, active = excluded.active)"_s,
               {sql::integer(q.id), sql::id(q.centreId), sql::text(q.code), sql::text(q.name),
                sql::text(q.prefix), sql::text(stageRoleName(q.role)), sql::flag(q.active)},
               u"put queue %1"_s.arg(q.id));
}

Status BatchWriter::write(const WriteBatch::PutDesk &change)
{
    const Desk &d = change.desk;
    const QString context = u"put desk %1"_s.arg(d.id);
    Status status = run(uR"(INSERT INTO desks (id, centre_id, number, name, active, state, staff_id)
                            VALUES (?, ?, ?, ?, ?, ?, ?)
                            ON CONFLICT (id) DO UPDATE SET
                              centre_id = excluded.centre_id, number = excluded.number, name = excluded.name,
                              active = excluded.active, state = excluded.state, staff_id = excluded.staff_id)"_s,
                        {sql::integer(d.id), sql::id(d.centreId), sql::integer(d.number), sql::text(d.name),
                         sql::flag(d.active), sql::text(deskStateName(d.state)), sql::id(d.staffId)},
                        context);
    if (!status)
        return status;
    if (status = run(u"DELETE FROM desk_queues WHERE desk_id = ?"_s, {sql::integer(d.id)}, context); !status)
        return status;
    for (qsizetype i = 0; i < d.queueIds.size(); ++i) {
        status = run(u"INSERT INTO desk_queues (desk_id, queue_id, position) VALUES (?, ?, ?)"_s,
                     {sql::integer(d.id), sql::id(d.queueIds.at(i)), sql::integer(i)}, context);
        if (!status)
            return status;
    }
    return {};
}

Status BatchWriter::write(const WriteBatch::PutStaff &change)
{
    const Staff &s = change.staff;
    // Without a new hash, NULL is bound and COALESCE keeps the stored one.
    const QVariant hash =
        change.passwordHash ? sql::text(*change.passwordHash) : QVariant(QMetaType::fromType<QString>());
    return run(uR"(INSERT INTO staff (id, centre_id, login, full_name, position, role, active, password_hash)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                   ON CONFLICT (id) DO UPDATE SET
                     centre_id = excluded.centre_id, login = excluded.login, full_name = excluded.full_name,
                     position = excluded.position, role = excluded.role, active = excluded.active,
                     password_hash = COALESCE(excluded.password_hash, staff.password_hash))"_s,
               {sql::integer(s.id), sql::id(s.centreId), sql::text(s.login), sql::text(s.fullName),
                sql::text(s.position), sql::text(roleName(s.role)), sql::flag(s.active), hash},
               u"put staff %1"_s.arg(s.id));
}

Status BatchWriter::write(const WriteBatch::PutVisit &change)
{
    const Visit &v = change.visit;
    const QString context = u"put visit %1"_s.arg(v.id);
    std::optional<QString> storedAccount;
    if (m_accountsRead) {
        if (auto it = m_storedAccounts.constFind(v.id); it != m_storedAccounts.cend())
            storedAccount = *it;
        m_storedAccounts.insert(v.id, v.accountNumber); // what a later put of it in this transaction finds
    } else if (m_keepReadModel) {
        auto stored =
            rows(u"SELECT account_number FROM visits WHERE id = ?"_s, {sql::integer(v.id)}, context);
        if (!stored)
            return stored.error();
        if (!stored->isEmpty())
            storedAccount = stored->constFirst().constFirst().toString();
    }
    Status status =
        run(uR"(INSERT INTO visits (id, centre_id, created_at, purpose, priority, customer_name,
                              account_number, channel, created_by, version)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                            ON CONFLICT (id) DO UPDATE SET
                              centre_id = excluded.centre_id, created_at = excluded.created_at,
                              purpose = excluded.purpose, priority = excluded.priority,
                              customer_name = excluded.customer_name, account_number = excluded.account_number,
                              channel = excluded.channel, created_by = excluded.created_by,
                              version = excluded.version)"_s,
            {sql::integer(v.id), sql::id(v.centreId), sql::timestamp(v.createdAt), sql::text(v.purpose),
             sql::text(v.priority), sql::text(v.customerName), sql::text(v.accountNumber),
             sql::text(v.channel), sql::id(v.createdBy), sql::integer(v.version)},
            context);
    if (!status)
        return status;
    for (qsizetype i = 0; i < v.stages.size(); ++i) {
        const Stage &s = v.stages.at(i);
        if (s.index != i)
            return makeError(ErrorCode::Internal, u"storage: %1: the stage at position %2 has index %3"_s.arg(
                                                      context, QString::number(i), QString::number(s.index)));
        status =
            run(uR"(INSERT INTO stages (visit_id, idx, queue_id, role, ticket, ticket_number, service_date,
                           state, queued_at, called_at, started_at, finished_at, call_count, desk_id, staff_id,
                           note, called_ahead)
                         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                         ON CONFLICT (visit_id, idx) DO UPDATE SET
                           queue_id = excluded.queue_id, role = excluded.role, ticket = excluded.ticket,
                           ticket_number = excluded.ticket_number, service_date = excluded.service_date,
                           state = excluded.state, queued_at = excluded.queued_at, called_at = excluded.called_at,
                           started_at = excluded.started_at, finished_at = excluded.finished_at,
                           call_count = excluded.call_count, desk_id = excluded.desk_id,
                           staff_id = excluded.staff_id, note = excluded.note,
                           called_ahead = excluded.called_ahead)"_s,
                {sql::integer(v.id), sql::integer(i), sql::id(s.queueId), sql::text(stageRoleName(s.role)),
                 sql::text(s.ticket), sql::integer(s.ticketNumber), sql::date(s.serviceDate),
                 sql::text(stageStateName(s.state)), sql::timestamp(s.queuedAt), sql::timestamp(s.calledAt),
                 sql::timestamp(s.startedAt), sql::timestamp(s.finishedAt), sql::integer(s.callCount),
                 sql::id(s.deskId), sql::id(s.staffId), sql::text(s.note), sql::flag(s.calledAhead)},
                context);
        if (!status)
            return status;
    }
    status = run(u"DELETE FROM stages WHERE visit_id = ? AND idx >= ?"_s,
                 {sql::integer(v.id), sql::integer(v.stages.size())}, context);
    if (!status)
        return status;
    return m_keepReadModel ? forgetDigestsOf(v, storedAccount) : Status();
}

Status BatchWriter::write(const WriteBatch::AppendEvent &change)
{
    Event e = change.event;
    if (e.seq == 0) {
        if (m_nextSeq == 0) {
            if (Status s = takeSeqs(); !s)
                return s;
        }
        e.seq = m_nextSeq++;
    }
    return run(uR"(INSERT INTO events (seq, at, type, centre_id, visit_id, actor_id, payload)
                   VALUES (?, ?, ?, ?, ?, ?, ?))"_s,
               {sql::integer(e.seq), sql::timestamp(e.at), sql::text(e.type), sql::id(e.centreId),
                sql::id(e.visitId), sql::id(e.actorId), sql::text(QString::fromUtf8(e.payload))},
               u"append event %1"_s.arg(e.seq));
}

Status BatchWriter::write(const WriteBatch::PutIdempotency &change)
{
    return run(u"INSERT INTO idempotency (key, created_at, response) VALUES (?, ?, ?)"_s,
               {sql::text(change.key), sql::timestamp(change.createdAt),
                sql::text(QString::fromUtf8(change.response))},
               u"record idempotency key '%1'"_s.arg(change.key));
}

Status BatchWriter::write(const WriteBatch::ForgetIdempotencyBefore &change)
{
    return run(u"DELETE FROM idempotency WHERE created_at < ?"_s, {sql::timestamp(change.before)},
               u"forget idempotency keys before %1"_s.arg(change.before.toString(Qt::ISODate)));
}

Status BatchWriter::write(const WriteBatch::PutSetting &change)
{
    return run(uR"(INSERT INTO settings (key, value) VALUES (?, ?)
                   ON CONFLICT (key) DO UPDATE SET value = excluded.value)"_s,
               {sql::text(change.key), sql::text(change.value)}, u"put setting '%1'"_s.arg(change.key));
}

Status BatchWriter::write(const WriteBatch::PutConsultation &change)
{
    const Consultation &c = change.consultation;
    const QString context = u"put consultation of visit %1, stage %2"_s.arg(c.visitId).arg(c.stageIndex);
    Status status =
        run(uR"(INSERT INTO consultations (visit_id, stage_idx, centre_id, staff_id, account_number,
                              consumer_group, topic, notes, outcome, next_visit_date, appeal_number, created_at,
                              updated_at)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                            ON CONFLICT (visit_id, stage_idx) DO UPDATE SET
                              centre_id = excluded.centre_id, staff_id = excluded.staff_id,
                              account_number = excluded.account_number, consumer_group = excluded.consumer_group,
                              topic = excluded.topic, notes = excluded.notes, outcome = excluded.outcome,
                              next_visit_date = excluded.next_visit_date, appeal_number = excluded.appeal_number,
                              created_at = excluded.created_at, updated_at = excluded.updated_at)"_s,
            {sql::integer(c.visitId), sql::integer(c.stageIndex), sql::id(c.centreId), sql::id(c.staffId),
             sql::text(c.accountNumber), sql::text(consumerGroupName(c.consumerGroup)), sql::text(c.topic),
             sql::text(c.notes), sql::text(consultationOutcomeName(c.outcome)), sql::date(c.nextVisitDate),
             sql::text(c.appealNumber), sql::timestamp(c.createdAt), sql::timestamp(c.updatedAt)},
            context);
    if (!status)
        return status;
    status = run(u"DELETE FROM meter_readings WHERE visit_id = ? AND stage_idx = ?"_s,
                 {sql::integer(c.visitId), sql::integer(c.stageIndex)}, context);
    if (!status)
        return status;
    for (qsizetype i = 0; i < c.readings.size(); ++i) {
        const MeterReading &r = c.readings.at(i);
        status = run(
            uR"(INSERT INTO meter_readings (visit_id, stage_idx, position, meter_number, day_value, night_value)
                         VALUES (?, ?, ?, ?, ?, ?))"_s,
            {sql::integer(c.visitId), sql::integer(c.stageIndex), sql::integer(i), sql::text(r.meterNumber),
             sql::integer(r.dayValue),
             r.nightValue < 0 ? QVariant(QMetaType::fromType<qlonglong>()) : sql::integer(r.nightValue)},
            context);
        if (!status)
            return status;
    }
    return {};
}

Status BatchWriter::write(const WriteBatch::PutShift &change)
{
    const CashShift &s = change.shift;
    return run(uR"(INSERT INTO cash_shifts (id, centre_id, desk_id, staff_id, number, opened_at, closed_at)
                   VALUES (?, ?, ?, ?, ?, ?, ?)
                   ON CONFLICT (id) DO UPDATE SET
                     centre_id = excluded.centre_id, desk_id = excluded.desk_id, staff_id = excluded.staff_id,
                     number = excluded.number, opened_at = excluded.opened_at, closed_at = excluded.closed_at)"_s,
               {sql::integer(s.id), sql::id(s.centreId), sql::id(s.deskId), sql::id(s.staffId),
                sql::integer(s.number), sql::timestamp(s.openedAt), sql::timestamp(s.closedAt)},
               u"put cash shift %1"_s.arg(s.id));
}

Status BatchWriter::write(const WriteBatch::AppendPayment &change)
{
    const Payment &p = change.payment;
    return run(
        uR"(INSERT INTO payments (id, centre_id, shift_id, visit_id, staff_id, desk_id, receipt_number, at,
                     account_number, amount_kopecks, purpose, method, tendered_kopecks, change_kopecks, reversal_of,
                     approved_by, reason)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?))"_s,
        {sql::integer(p.id), sql::id(p.centreId), sql::id(p.shiftId), sql::id(p.visitId), sql::id(p.staffId),
         sql::id(p.deskId), sql::integer(p.receiptNumber), sql::timestamp(p.at), sql::text(p.accountNumber),
         sql::integer(p.amountKopecks), sql::text(p.purpose), sql::text(paymentMethodName(p.method)),
         sql::integer(p.tenderedKopecks), sql::integer(p.changeKopecks), sql::id(p.reversalOf),
         sql::id(p.approvedBy), sql::text(p.reason)},
        u"append payment %1"_s.arg(p.id));
}

} // namespace okno
