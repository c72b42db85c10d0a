#pragma once

#include "PgPipeline.h"

#include <core/Result.h>

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>

#include <memory>
#include <unordered_map>

namespace okno {

// Internal to okno_storage: prepared statements of one connection, keyed by their SQL text, so
// that a statement is parsed once and then only re-bound (group commit runs the same few
// statements thousands of times). Queries are forward-only. A caller binds every placeholder
// before each use and calls finish() when done reading, so the statement holds no locks.
class StatementCache
{
public:
    explicit StatementCache(QSqlDatabase db);
    ~StatementCache();
    Q_DISABLE_COPY_MOVE(StatementCache)

    // The prepared query for `sql`, prepared on first use. The pointer stays valid until clear().
    Result<QSqlQuery *> prepare(const QString &sql);
    bool isPostgres() const { return m_db.driverName() == QLatin1String("QPSQL"); }
    // PostgreSQL: the writer's pipeline on this connection (null on SQLite, where a statement
    // costs no round trip).
    PgPipeline *pipeline();
    // Drops every prepared statement (before the connection closes, or after it failed).
    void clear();
    qsizetype size() const { return qsizetype(m_queries.size()); }

private:
    QSqlDatabase m_db;
    std::unordered_map<QString, std::unique_ptr<QSqlQuery>> m_queries;
    PgPipeline m_pipeline;
};

} // namespace okno
