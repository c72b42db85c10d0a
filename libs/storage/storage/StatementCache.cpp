#include "StatementCache.h"

#include "SqlValues.h"

namespace okno {

using namespace Qt::StringLiterals;

StatementCache::StatementCache(QSqlDatabase db)
    : m_db(std::move(db))
{}

StatementCache::~StatementCache() = default;

Result<QSqlQuery *> StatementCache::prepare(const QString &sql)
{
    if (auto it = m_queries.find(sql); it != m_queries.end())
        return it->second.get();
    auto query = std::make_unique<QSqlQuery>(m_db);
    query->setForwardOnly(true);
    if (!query->prepare(sql))
        return sql::error(query->lastError(), u"prepare \"%1\""_s.arg(sql.simplified()));
    QSqlQuery *result = query.get();
    m_queries.emplace(sql, std::move(query));
    return result;
}

PgPipeline *StatementCache::pipeline()
{
    return isPostgres() && m_pipeline.attach(m_db) ? &m_pipeline : nullptr;
}

void StatementCache::clear()
{
    m_pipeline.clear();
    m_queries.clear();
}

} // namespace okno
