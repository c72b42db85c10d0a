#include "PgPipeline.h"

#include "SqlValues.h"

#include <QSqlDriver>
#include <QSqlError>

#include <libpq-fe.h>

namespace okno {

using namespace Qt::StringLiterals;

namespace {

// Qt's positional `?` placeholders as PostgreSQL's `$1`, `$2`, … (none of Okno's statements has a
// `?` inside a quoted literal, but one would be left alone).
QByteArray numberedPlaceholders(const QString &sql, int *count)
{
    QString out;
    out.reserve(sql.size() + 16);
    bool quoted = false;
    int n = 0;
    for (const QChar c : sql) {
        if (c == u'\'')
            quoted = !quoted;
        if (c == u'?' && !quoted)
            out += u'$' + QString::number(++n);
        else
            out += c;
    }
    *count = n;
    return out.toUtf8();
}

QByteArray textOf(const QVariant &v)
{
    switch (v.typeId()) {
    case QMetaType::LongLong:
        return QByteArray::number(v.toLongLong());
    case QMetaType::Int:
        return QByteArray::number(v.toInt());
    case QMetaType::Bool:
        return v.toBool() ? "1" : "0";
    case QMetaType::QByteArray:
        return v.toByteArray();
    default:
        return v.toString().toUtf8();
    }
}

} // namespace

bool PgPipeline::attach(const QSqlDatabase &db)
{
    PGconn *conn = nullptr;
    if (db.isOpen() && db.driver()) {
        const QVariant handle = db.driver()->handle();
        // Qt 6.4 names the type by libpq's struct ("pg_conn*"); its documentation, by the typedef.
        if (handle.isValid() &&
            (qstrcmp(handle.typeName(), "pg_conn*") == 0 || qstrcmp(handle.typeName(), "PGconn*") == 0))
            conn = *static_cast<PGconn *const *>(handle.constData());
    }
    if (conn != m_conn) {
        m_inPipeline = false;
        m_broken = false;
        m_queued.clear();
        m_prepared.clear();
        m_pending.clear();
        m_conn = conn;
    }
    return m_conn != nullptr;
}

void PgPipeline::abandon()
{
    if (m_inPipeline)
        (void)flush(); // its results are of a transaction being rolled back
    m_queued.clear();
}

void PgPipeline::clear()
{
    abandon();
    m_prepared.clear();
    m_pending.clear();
    m_conn = nullptr;
    m_broken = false;
}

Error PgPipeline::failure(const QString &what, const QString &context, const char *sqlState) const
{
    const QString state = sqlState ? QString::fromLatin1(sqlState) : QString();
    // No SQLSTATE from libpq itself (a connection gone): the storage is in trouble.
    return sql::error(QSqlError(u"QPSQL pipeline"_s, what.trimmed(),
                                state.isEmpty() ? QSqlError::ConnectionError : QSqlError::StatementError,
                                state),
                      context);
}

Status PgPipeline::enter()
{
    if (!m_conn)
        return makeError(ErrorCode::Internal, u"storage: pipeline without a PostgreSQL connection"_s);
    if (m_broken)
        return makeError(ErrorCode::Unavailable,
                         u"storage: the writer's connection failed in the middle of a pipeline"_s);
    if (m_inPipeline)
        return {};
    // A query of Qt's read to its last row but not finish()ed still holds the connection: its
    // remaining results are nobody's (what Qt itself does before its next query).
    while (PGresult *r = PQgetResult(m_conn))
        PQclear(r);
    if (PQpipelineStatus(m_conn) == PQ_PIPELINE_OFF && PQenterPipelineMode(m_conn) == 1) {
        m_inPipeline = true;
        return {};
    }
    return failure(QString::fromUtf8(PQerrorMessage(m_conn)),
                   u"enter pipeline mode (is a query still active?)"_s, nullptr);
}

Result<QByteArray> PgPipeline::nameFor(const QString &sql)
{
    if (auto it = m_prepared.find(sql); it != m_prepared.end())
        return it->second;
    if (auto it = m_pending.find(sql); it != m_pending.end())
        return it->second;
    int count = 0;
    const QByteArray text = numberedPlaceholders(sql, &count);
    const QByteArray name = "okno_w" + QByteArray::number(++m_nextName);
    if (PQsendPrepare(m_conn, name.constData(), text.constData(), count, nullptr) != 1)
        return failure(QString::fromUtf8(PQerrorMessage(m_conn)), u"prepare \"%1\""_s.arg(sql.simplified()),
                       nullptr);
    m_queued.push_back({Queued::Prepare, sql, {}, false});
    m_pending.emplace(sql, name);
    return name;
}

Status PgPipeline::send(const QString &sql, const QVariantList &values, const QString &context)
{
    if (m_queued.size() >= size_t(kMaxQueued)) {
        if (Status s = flush(); !s)
            return s;
    }
    if (Status s = enter(); !s)
        return s;
    Result<QByteArray> name = nameFor(sql);
    if (!name)
        return name.error();
    std::vector<QByteArray> texts;
    std::vector<const char *> params;
    texts.reserve(size_t(values.size()));
    params.reserve(size_t(values.size()));
    for (const QVariant &v : values) {
        // NULL as Qt's drivers bind it: a null variant, or a null QString or QByteArray in one.
        const bool null = v.isNull() || (v.typeId() == QMetaType::QString && v.toString().isNull()) ||
                          (v.typeId() == QMetaType::QByteArray && v.toByteArray().isNull());
        if (null) {
            texts.emplace_back();
            params.push_back(nullptr);
        } else {
            texts.push_back(textOf(v));
            // A parameter ends at its first NUL: PostgreSQL's text cannot hold U+0000, and the
            // rest of the value must not be dropped without a word (the protocol refuses it first).
            if (texts.back().contains('\0'))
                return makeError(
                    ErrorCode::Internal,
                    u"storage: %1: text with U+0000 (NUL), which PostgreSQL cannot store"_s.arg(context));
            params.push_back(texts.back().constData());
        }
    }
    // libpq copies the values into its output buffer before this returns.
    if (PQsendQueryPrepared(m_conn, name->constData(), int(params.size()), params.data(), nullptr, nullptr,
                            0) != 1)
        return failure(QString::fromUtf8(PQerrorMessage(m_conn)), context, nullptr);
    m_queued.push_back({Queued::Execute, sql, context, false, nullptr});
    return {};
}

Status PgPipeline::sendInto(const QString &sql, const QVariantList &values, const QString &context,
                            QList<QVariantList> *into)
{
    if (Status s = send(sql, values, context); !s)
        return s;
    m_queued.back().into = into;
    return {};
}

Result<QList<QVariantList>> PgPipeline::rows(const QString &sql, const QVariantList &values,
                                             const QString &context)
{
    if (Status s = send(sql, values, context); !s)
        return s.error();
    m_queued.back().wanted = true;
    if (Status s = flush(); !s)
        return s.error();
    return std::move(m_wantedRows);
}

bool PgPipeline::inTransaction() const
{
    if (!m_conn)
        return false;
    const PGTransactionStatusType status = PQtransactionStatus(m_conn);
    return status == PQTRANS_INTRANS || status == PQTRANS_INERROR || status == PQTRANS_ACTIVE;
}

Status PgPipeline::flush()
{
    m_wantedRows.clear();
    if (!m_inPipeline || m_broken)
        return {};
    std::optional<Error> first;
    auto fail = [&first](Error e) {
        if (!first)
            first = std::move(e);
    };
    if (PQpipelineSync(m_conn) != 1) {
        // Without a sync point the server may hold its results back: waiting for them could block
        // the writer for good. The connection is not to be trusted any more (m_broken); the
        // transaction fails, and so does every later one on it (the server stops).
        m_broken = true;
        m_queued.clear();
        m_pending.clear();
        m_prepared.clear();
        return failure(QString::fromUtf8(PQerrorMessage(m_conn)), u"send the writes"_s, nullptr);
    }

    // Each statement's results end with a null; then comes the sync point. A connection that is
    // gone gives nulls only: past one null more than the statements sent, nothing else will come.
    size_t index = 0;
    bool synced = false;
    for (;;) {
        PGresult *r = PQgetResult(m_conn);
        if (!r) {
            if (++index > m_queued.size())
                break;
            continue;
        }
        const ExecStatusType status = PQresultStatus(r);
        if (status == PGRES_PIPELINE_SYNC) {
            PQclear(r);
            synced = true;
            break;
        }
        if (index >= m_queued.size()) {
            PQclear(r);
            fail(makeError(ErrorCode::Internal,
                           u"storage: a result nobody asked for in the writer's pipeline"_s));
            continue;
        }
        const Queued &q = m_queued[index];
        // PGRES_SINGLE_TUPLE: libpq 15 keeps single-row mode, which Qt sets for its forward-only
        // queries, on for the first query of a pipeline entered after one of Qt's: its rows then
        // come one result each, ended by a PGRES_TUPLES_OK of none.
        if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_SINGLE_TUPLE) {
            if (q.kind == Queued::Prepare) {
                if (auto it = m_pending.find(q.sql); it != m_pending.end()) {
                    m_prepared.insert(*it);
                    m_pending.erase(it);
                }
            } else if (q.sql == u"COMMIT"_s && qstrcmp(PQcmdStatus(r), "COMMIT") != 0) {
                // A COMMIT of a failed transaction answers ROLLBACK, without an error.
                fail(makeError(ErrorCode::Unavailable,
                               u"storage: %1: the transaction was rolled back (%2)"_s.arg(
                                   q.context, QString::fromUtf8(PQcmdStatus(r)))));
            } else if (q.wanted || q.into) {
                QList<QVariantList> &rows = q.into ? *q.into : m_wantedRows;
                const int columns = PQnfields(r);
                for (int row = 0; row < PQntuples(r); ++row) {
                    QVariantList values;
                    values.reserve(columns);
                    for (int c = 0; c < columns; ++c)
                        values.append(PQgetisnull(r, row, c)
                                          ? QVariant()
                                          : QVariant(QString::fromUtf8(PQgetvalue(r, row, c))));
                    rows.append(values);
                }
            }
        } else if (status != PGRES_PIPELINE_ABORTED) {
            const QString context =
                q.kind == Queued::Prepare ? u"prepare \"%1\""_s.arg(q.sql.simplified()) : q.context;
            QString message = QString::fromUtf8(PQresultErrorMessage(r)).trimmed();
            if (message.isEmpty()) // not the database's error: say what came instead
                message = u"%1 (%2)"_s.arg(QString::fromLatin1(PQresStatus(status)),
                                           QString::fromUtf8(PQerrorMessage(m_conn)).trimmed());
            fail(failure(message, context, PQresultErrorField(r, PG_DIAG_SQLSTATE)));
        }
        PQclear(r);
    }
    // A prepare whose result never came (aborted, or the connection lost) prepared nothing.
    m_pending.clear();
    m_queued.clear();
    if (synced && PQexitPipelineMode(m_conn) == 1) {
        m_inPipeline = false;
    } else {
        fail(failure(QString::fromUtf8(PQerrorMessage(m_conn)), u"finish the writes"_s, nullptr));
        // The connection is in no state to trust: its prepared names are forgotten, and it stays
        // in pipeline mode, where Qt's next call on it fails (the writer's connection is then
        // reopened, and attach() starts afresh).
        m_prepared.clear();
    }
    if (first) {
        m_wantedRows.clear();
        return *first;
    }
    return {};
}

} // namespace okno
