// The event log, the highest identities, idempotency answers and settings.
#include "Database.h"

#include "ReadSupport.h"
#include "RowReader.h"
#include "SqlValues.h"

#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>

#include <algorithm>

namespace okno {

using namespace Qt::StringLiterals;
using storage_detail::endOfRows;
using storage_detail::readInSnapshot;
using storage_detail::rowKey;

namespace {

Result<QList<Event>> readEvents(QSqlQuery &q, const QString &context)
{
    QList<Event> events;
    while (q.next()) {
        RowReader r(q, u"events"_s);
        Event e;
        e.seq = r.integer(0);
        e.at = r.timestamp(1);
        e.type = r.text(2);
        e.centreId = r.id(3);
        e.visitId = r.id(4);
        e.actorId = r.id(5);
        e.payload = r.text(6).toUtf8();
        if (!r.ok())
            return r.error(u"seq "_s + rowKey(q));
        events.append(e);
    }
    if (Status s = endOfRows(q, context); !s)
        return s.error();
    return events;
}

} // namespace

Result<QList<Event>> Database::eventsSince(qint64 seq, int limit)
{
    checkThread();
    if (limit <= 0)
        return makeError(ErrorCode::InvalidArgument, u"storage: events since: the limit must be positive"_s);
    const QString context = u"read events since %1"_s.arg(seq);
    Result<QSqlQuery *> q = select(
        u"SELECT seq, at, type, centre_id, visit_id, actor_id, payload FROM events WHERE seq > ? ORDER BY seq LIMIT ?"_s,
        {sql::integer(seq), sql::integer(limit)}, context);
    if (!q)
        return q.error();
    auto finish = qScopeGuard([&] { (*q)->finish(); });
    return readEvents(**q, context);
}

Result<QList<Event>> Database::eventsOfType(const QString &type, Id centreId, int limit)
{
    checkThread();
    if (limit <= 0)
        return makeError(ErrorCode::InvalidArgument,
                         u"storage: events of type: the limit must be positive"_s);
    const QString context = u"read %1 events of centre %2"_s.arg(type).arg(centreId);
    Result<QSqlQuery *> q =
        select(uR"(SELECT seq, at, type, centre_id, visit_id, actor_id, payload FROM events
                                       WHERE type = ? AND centre_id = ? ORDER BY seq DESC LIMIT ?)"_s,
               {sql::text(type), sql::integer(centreId), sql::integer(limit)}, context);
    if (!q)
        return q.error();
    auto finish = qScopeGuard([&] { (*q)->finish(); });
    return readEvents(**q, context);
}

Result<qint64> Database::lastEventSeq()
{
    checkThread();
    const QString context = u"read last event seq"_s;
    Result<QSqlQuery *> q = select(u"SELECT MAX(seq) FROM events"_s, {}, context);
    if (!q)
        return q.error();
    auto finish = qScopeGuard([&] { (*q)->finish(); });
    qint64 seq = 0;
    if ((*q)->next()) {
        RowReader r(**q, u"events"_s);
        seq = r.integer(0);
        if (!r.ok())
            return r.error(u"MAX(seq)"_s);
    }
    if (Status s = endOfRows(**q, context); !s)
        return s.error();
    return seq;
}

Status Database::listenForEvents(std::function<void(qint64 first, qint64 last)> heard)
{
    checkThread();
    if (m_config.isSqlite())
        return makeError(
            ErrorCode::InvalidArgument,
            u"listen for events: an SQLite database has one writer, the server that opened it"_s);
    QSqlDriver *driver = m_db.driver();
    if (!driver->subscribeToNotification(QString(kEventsChannel)))
        return makeError(ErrorCode::Unavailable,
                         u"listen for events on %1: %2"_s.arg(kEventsChannel, driver->lastError().text()));
    QObject::connect(driver, &QSqlDriver::notification, driver,
                     [heard = std::move(heard)](const QString &name, QSqlDriver::NotificationSource,
                                                const QVariant &payload) {
                         if (name != kEventsChannel)
                             return;
                         // Anything but "first,last" is not an announcement of ours: the gap it may hide is
                         // found by the next one.
                         const QStringList parts = payload.toString().split(u',');
                         bool firstOk = false;
                         bool lastOk = false;
                         const qint64 first = parts.value(0).toLongLong(&firstOk);
                         const qint64 last = parts.value(1).toLongLong(&lastOk);
                         if (parts.size() == 2 && firstOk && lastOk && first >= 1 && last >= first)
                             heard(first, last);
                     });
    return {};
}

// --- Other -----------------------------------------------------------------------------------

Result<MaxIds> Database::maxIds()
{
    checkThread();
    const QString context = u"read highest ids"_s;
    Result<QSqlQuery *> q = select(uR"(SELECT (SELECT MAX(id) FROM centres), (SELECT MAX(id) FROM queues),
                                         (SELECT MAX(id) FROM desks), (SELECT MAX(id) FROM staff),
                                         (SELECT MAX(id) FROM visits), (SELECT MAX(seq) FROM events),
                                         (SELECT MAX(id) FROM cash_shifts), (SELECT MAX(id) FROM payments))"_s,
                                   {}, context);
    if (!q)
        return q.error();
    auto finish = qScopeGuard([&] { (*q)->finish(); });
    MaxIds ids;
    if ((*q)->next()) {
        RowReader r(**q, u"highest ids"_s);
        ids = MaxIds{r.id(0), r.id(1), r.id(2), r.id(3), r.id(4), r.integer(5), r.id(6), r.id(7)};
        if (!r.ok())
            return r.error(QString());
    }
    if (Status s = endOfRows(**q, context); !s)
        return s.error();
    finish.dismiss();
    (*q)->finish();
    // Ids reserved in blocks (reserveIds) count as in use, written or not: a restore's floors
    // (Restore.cpp) go past what the old server may have handed out of them.
    {
        const QString blocks = u"read the id blocks"_s;
        Result<QSqlQuery *> b = select(u"SELECT kind, next_id FROM id_blocks"_s, {}, blocks);
        if (!b)
            return b.error();
        while ((*b)->next()) {
            const QString kind = (*b)->value(0).toString();
            const Id reserved = (*b)->value(1).toLongLong() - 1;
            if (kind == kEventCounter)
                ids.eventSeq = std::max(ids.eventSeq, reserved); // numbered in a commit: in use
            for (auto [k, id] : {std::pair{IdKind::Centre, &ids.centre}, std::pair{IdKind::Queue, &ids.queue},
                                 std::pair{IdKind::Desk, &ids.desk}, std::pair{IdKind::Staff, &ids.staff},
                                 std::pair{IdKind::Visit, &ids.visit}, std::pair{IdKind::Shift, &ids.shift},
                                 std::pair{IdKind::Payment, &ids.payment}})
                if (kind == idKindName(k))
                    *id = std::max(*id, reserved);
        }
        if (Status s = endOfRows(**b, blocks); !s)
            return s.error();
    }
    auto floors = restoreFloors();
    if (!floors)
        return floors.error();
    const MaxIds &f = floors->ids;
    ids.centre = std::max(ids.centre, f.centre);
    ids.queue = std::max(ids.queue, f.queue);
    ids.desk = std::max(ids.desk, f.desk);
    ids.staff = std::max(ids.staff, f.staff);
    ids.visit = std::max(ids.visit, f.visit);
    ids.eventSeq = std::max(ids.eventSeq, f.eventSeq);
    ids.shift = std::max(ids.shift, f.shift);
    ids.payment = std::max(ids.payment, f.payment);
    return ids;
}

QString idKindName(IdKind kind)
{
    switch (kind) {
    case IdKind::Centre:
        return u"centre"_s;
    case IdKind::Queue:
        return u"queue"_s;
    case IdKind::Desk:
        return u"desk"_s;
    case IdKind::Staff:
        return u"staff"_s;
    case IdKind::Visit:
        return u"visit"_s;
    case IdKind::Shift:
        return u"shift"_s;
    case IdKind::Payment:
        return u"payment"_s;
    }
    return {};
}

Result<IdRange> Database::reserveIds(IdKind kind, qint64 count, Id floor)
{
    checkThread();
    const QString name = idKindName(kind);
    const QString context = u"reserve "_s % QString::number(count) % u" "_s % name % u" ids"_s;
    if (count < 1 || floor < 1)
        return makeError(ErrorCode::Internal, context % u": a count and a floor of at least 1 are needed"_s);
    // One statement, so one atomic step on both engines: the row is created at the floor, or
    // lifted to it, and moved past the block; what it returns is the block's end.
    Result<QSqlQuery *> q = select(uR"(INSERT INTO id_blocks (kind, next_id) VALUES (?, ?)
                                       ON CONFLICT (kind) DO UPDATE
                                       SET next_id = (CASE WHEN id_blocks.next_id > ? THEN id_blocks.next_id
                                                      ELSE ? END) + ?
                                       RETURNING next_id)"_s,
                                   {name, floor + count, floor, floor, count}, context);
    if (!q)
        return q.error();
    auto finish = qScopeGuard([&] { (*q)->finish(); });
    if (!(*q)->next())
        return makeError(ErrorCode::Internal, context % u": the statement returned no row"_s);
    const Id end = (*q)->value(0).toLongLong();
    // The statement ends, and SQLite's implicit transaction commits, with the step after the
    // row: a block is used only once that commit is known to have happened.
    if ((*q)->next())
        return makeError(ErrorCode::Internal, context % u": the statement returned more than one row"_s);
    if (Status s = endOfRows(**q, context); !s)
        return s.error();
    if (end - count < floor)
        return makeError(ErrorCode::Internal,
                         context % u": the block ends at "_s % QString::number(end) % u", below the floor"_s);
    return IdRange(end - count, end);
}

Result<RestoreFloors> Database::restoreFloors()
{
    checkThread();
    const QString context = u"read the floors of a restore"_s;
    Result<QSqlQuery *> q =
        select(u"SELECT key, value FROM settings WHERE key LIKE 'restore.floor.%'"_s, {}, context);
    if (!q)
        return q.error();
    auto finish = qScopeGuard([&] { (*q)->finish(); });
    RestoreFloors floors;
    const QHash<QString, Id *> idKeys{
        {u"centre"_s, &floors.ids.centre},     {u"queue"_s, &floors.ids.queue},
        {u"desk"_s, &floors.ids.desk},         {u"staff"_s, &floors.ids.staff},
        {u"visit"_s, &floors.ids.visit},       {u"eventSeq"_s, &floors.ids.eventSeq},
        {u"shift"_s, &floors.ids.shift},       {u"payment"_s, &floors.ids.payment},
        {u"seqGapFrom"_s, &floors.seqGapFrom}, {u"seqGapTo"_s, &floors.seqGapTo}};
    while ((*q)->next()) {
        const QString key = (*q)->value(0).toString();
        bool ok = false;
        const qint64 value = (*q)->value(1).toString().toLongLong(&ok);
        const QStringList parts = key.split(u'.'); // restore.floor.<kind>[.<id>[.<date>]]
        bool known = ok && parts.size() >= 3;
        if (known && parts.size() == 3 && idKeys.contains(parts[2])) {
            *idKeys.value(parts[2]) = value;
        } else if (known && parts.size() == 4 && parts[2] == u"shiftNumber"_s) {
            floors.shiftNumbers.insert(parts[3].toLongLong(&known), int(value));
        } else if (known && parts.size() == 4 && parts[2] == u"receipt"_s) {
            floors.receipts.insert(parts[3].toLongLong(&known), int(value));
        } else if (known && parts.size() == 5 && parts[2] == u"ticket"_s) {
            const QDate day = QDate::fromString(parts[4], Qt::ISODate);
            floors.tickets[parts[3].toLongLong(&known)].insert(day, int(value));
            known = known && day.isValid();
        } else {
            known = false;
        }
        if (!known)
            return makeError(ErrorCode::Internal,
                             u"storage: the setting %1 = '%2' is not a restore floor"_s.arg(
                                 key, (*q)->value(1).toString()));
    }
    if (Status s = endOfRows(**q, context); !s)
        return s.error();
    return floors;
}

Result<std::optional<QByteArray>> Database::idempotencyResponse(const QString &key)
{
    checkThread();
    const QString context = u"read idempotency key"_s;
    Result<QSqlQuery *> q =
        select(u"SELECT response FROM idempotency WHERE key = ?"_s, {sql::text(key)}, context);
    if (!q)
        return q.error();
    auto finish = qScopeGuard([&] { (*q)->finish(); });
    std::optional<QByteArray> response;
    if ((*q)->next())
        response = (*q)->value(0).toString().toUtf8();
    if (Status s = endOfRows(**q, context); !s)
        return s.error();
    return response;
}

Result<std::optional<QString>> Database::setting(const QString &key)
{
    checkThread();
    const QString context = u"read setting"_s;
    Result<QSqlQuery *> q = select(u"SELECT value FROM settings WHERE key = ?"_s, {sql::text(key)}, context);
    if (!q)
        return q.error();
    auto finish = qScopeGuard([&] { (*q)->finish(); });
    std::optional<QString> value;
    if ((*q)->next())
        value = (*q)->value(0).toString();
    if (Status s = endOfRows(**q, context); !s)
        return s.error();
    return value;
}

QList<std::pair<QString, QString>> restoreFloorSettings(const RestoreFloors &floors)
{
    QList<std::pair<QString, QString>> rows;
    const auto put = [&rows](const QString &key, qint64 value) {
        rows.append({u"restore.floor."_s + key, QString::number(value)});
    };
    const MaxIds &i = floors.ids;
    for (const auto &[name, value] : QList<std::pair<QString, qint64>>{{u"centre"_s, i.centre},
                                                                       {u"queue"_s, i.queue},
                                                                       {u"desk"_s, i.desk},
                                                                       {u"staff"_s, i.staff},
                                                                       {u"visit"_s, i.visit},
                                                                       {u"eventSeq"_s, i.eventSeq},
                                                                       {u"shift"_s, i.shift},
                                                                       {u"payment"_s, i.payment},
                                                                       {u"seqGapFrom"_s, floors.seqGapFrom},
                                                                       {u"seqGapTo"_s, floors.seqGapTo}})
        put(name, value);
    for (auto it = floors.shiftNumbers.cbegin(); it != floors.shiftNumbers.cend(); ++it)
        put(u"shiftNumber."_s + QString::number(it.key()), it.value());
    for (auto it = floors.receipts.cbegin(); it != floors.receipts.cend(); ++it)
        put(u"receipt."_s + QString::number(it.key()), it.value());
    for (auto q = floors.tickets.cbegin(); q != floors.tickets.cend(); ++q)
        for (auto d = q->cbegin(); d != q->cend(); ++d)
            put(u"ticket.%1.%2"_s.arg(q.key()).arg(d.key().toString(Qt::ISODate)), d.value());
    return rows;
}

} // namespace okno
