#include "Migrator.h"

#include "SqlValues.h"
#include "Transaction.h"

#include <QSqlQuery>

namespace okno {

using namespace Qt::StringLiterals;

Migrator::Migrator(QSqlDatabase db, QList<Migration> migrations)
    : m_db(std::move(db))
    , m_steps(std::move(migrations))
{}

int Migrator::latestVersion() const
{
    return m_steps.isEmpty() ? 0 : m_steps.constLast().version;
}

Status Migrator::checkSteps() const
{
    for (qsizetype i = 0; i < m_steps.size(); ++i) {
        if (m_steps.at(i).version != i + 1)
            return makeError(
                ErrorCode::Internal,
                u"storage: migration steps must be numbered 1, 2, 3 …; step %1 has version %2"_s.arg(i + 1)
                    .arg(m_steps.at(i).version));
    }
    return {};
}

Result<int> Migrator::currentVersion()
{
    QSqlQuery q(m_db);
    if (Status s = sql::execDirect(q, uR"(CREATE TABLE IF NOT EXISTS schema_version (
                                           version INTEGER NOT NULL PRIMARY KEY,
                                           applied_at BIGINT NOT NULL,
                                           description TEXT NOT NULL))"_s,
                                   u"create schema_version"_s);
        !s)
        return s.error();
    if (Status s = sql::execDirect(q, u"SELECT MAX(version) FROM schema_version"_s, u"read schema version"_s);
        !s)
        return s.error();
    if (!q.next())
        return 0;
    const QVariant v = q.value(0);
    bool ok = true;
    const int version = v.isNull() ? 0 : v.toInt(&ok);
    if (!ok)
        return makeError(ErrorCode::Unavailable,
                         u"storage: schema_version holds '%1', not a version number"_s.arg(v.toString()));
    return version;
}

Status Migrator::apply(const Migration &step)
{
    Transaction tx(m_db);
    if (Status s = tx.begin(); !s)
        return s;
    QSqlQuery q(m_db);
    // Another process may have migrated since we looked: check again inside the transaction.
    if (Status s = sql::execDirect(q, u"SELECT MAX(version) FROM schema_version"_s, u"read schema version"_s);
        !s)
        return s;
    const bool alreadyApplied = q.next() && !q.value(0).isNull() && q.value(0).toInt() >= step.version;
    q.finish();
    if (alreadyApplied)
        return tx.commit();

    for (const QString &statement : step.statements) {
        if (Status s = sql::execDirect(q, statement, u"migration step %1"_s.arg(step.version)); !s)
            return s;
    }
    if (!q.prepare(u"INSERT INTO schema_version (version, applied_at, description) VALUES (?, ?, ?)"_s))
        return sql::error(q.lastError(), u"record schema version"_s);
    if (Status s = sql::exec(q, {step.version, QDateTime::currentMSecsSinceEpoch(), step.description},
                             u"record schema version"_s);
        !s)
        return s;
    return tx.commit();
}

Result<int> Migrator::migrate()
{
    if (Status s = checkSteps(); !s)
        return s.error();
    Result<int> current = currentVersion();
    if (!current)
        return current;
    const int latest = latestVersion();
    if (*current > latest)
        return makeError(
            ErrorCode::Unavailable,
            u"storage: the database has schema version %1, newer than this build of Okno knows "
            u"(%2); use a newer okno-server, or restore a backup made by this version"_s.arg(*current)
                .arg(latest));

    int version = *current;
    for (const Migration &step : m_steps) {
        if (step.version <= version)
            continue;
        if (Status s = apply(step); !s)
            return makeError(s.error().code,
                             u"storage: migration to schema version %1 (%2) failed, the database stays at "
                             u"version %3: %4"_s.arg(QString::number(step.version), step.description,
                                                     QString::number(version), s.error().message));
        version = step.version;
    }
    return version;
}

} // namespace okno
