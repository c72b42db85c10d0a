// The event log, the highest identities, idempotency answers and settings.
#include "Database.h"

#include "ReadSupport.h"
#include "RowReader.h"
#include "SqlValues.h"

#include <QSqlQuery>

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
    return ids;
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

} // namespace okno
