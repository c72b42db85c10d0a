// Database::importFrom: a company's SQLite history copied into a new database (PostgreSQL).

#include "Database.h"

#include "SqlValues.h"
#include "Transaction.h"

#include <QSqlQuery>
#include <QSqlRecord>

namespace okno {

using namespace Qt::StringLiterals;

namespace {

// Rows per INSERT: one statement carries many rows (a round trip per row would take minutes for
// a few million), and stays far below PostgreSQL's 65,535 parameters for the widest table.
constexpr int kRowsPerStatement = 200;

QString quoted(const QString &identifier)
{
    return u'"' + QString(identifier).replace(u'"', u"\"\""_s) + u'"';
}

QString insertSql(const QString &table, const QStringList &columns, int rows)
{
    QStringList quotedColumns;
    for (const QString &c : columns)
        quotedColumns.append(quoted(c));
    const QString row = u'(' + QStringList(columns.size(), u"?"_s).join(u", "_s) + u')';
    return u"INSERT INTO %1 (%2) VALUES %3"_s.arg(quoted(table), quotedColumns.join(u", "_s),
                                                  QStringList(rows, row).join(u", "_s));
}

Result<qint64> countRows(QSqlDatabase &db, const QString &table, const QString &context)
{
    QSqlQuery q(db);
    if (Status s = sql::execDirect(q, u"SELECT COUNT(*) FROM "_s + quoted(table), context); !s)
        return s.error();
    return q.next() ? q.value(0).toLongLong() : 0;
}

} // namespace

Result<QList<Database::ImportedTable>> Database::importFrom(Database &source)
{
    checkThread();
    source.checkThread();
    if (!source.m_config.isSqlite())
        return makeError(ErrorCode::InvalidArgument, u"import: the source must be an SQLite database"_s);
    if (source.m_schemaVersion != m_schemaVersion)
        return makeError(
            ErrorCode::InvalidArgument,
            u"import: the source is at schema version %1, this database at %2"_s.arg(source.m_schemaVersion)
                .arg(m_schemaVersion));
    const QString context = u"import from "_s + source.m_config.displayName();

    // The tables in the order the migrations made them: a table comes after those it refers to.
    QStringList tables;
    {
        QSqlQuery q(source.m_db);
        if (Status s = sql::execDirect(q, uR"(SELECT name FROM sqlite_master WHERE type = 'table'
                                           AND name NOT LIKE 'sqlite\_%' ESCAPE '\'
                                           AND name <> 'schema_version' ORDER BY rowid)"_s,
                                       context);
            !s)
            return s.error();
        while (q.next())
            tables.append(q.value(0).toString());
    }
    const QStringList targetTables = m_db.tables(QSql::Tables);
    for (const QString &table : std::as_const(tables)) {
        if (!targetTables.contains(table))
            return makeError(
                ErrorCode::InvalidArgument,
                u"import: the table %1 of the source is not in %2"_s.arg(table, m_config.displayName()));
        auto rows = countRows(m_db, table, context);
        if (!rows)
            return rows.error();
        if (*rows > 0)
            return makeError(ErrorCode::InvalidArgument,
                             u"import: %1 already holds data (table %2: %3 rows); import into a new, empty "
                             u"database"_s.arg(m_config.displayName(), table)
                                 .arg(*rows));
    }

    Transaction tx(m_db);
    if (Status s = tx.begin(); !s)
        return s.error();
    // The source is read in one snapshot too: what is copied is the database as of one moment.
    Transaction read(source.m_db);
    if (Status s = read.beginSnapshot(); !s)
        return s.error();
    QList<ImportedTable> copied;
    for (const QString &table : std::as_const(tables)) {
        const QString tableContext = u"%1, table %2"_s.arg(context, table);
        QSqlQuery in(source.m_db);
        in.setForwardOnly(true);
        if (Status s = sql::execDirect(in, u"SELECT * FROM "_s + quoted(table), tableContext); !s)
            return s.error();
        QStringList columns;
        const QSqlRecord record = in.record();
        for (int i = 0; i < record.count(); ++i)
            columns.append(record.fieldName(i));
        QSqlQuery full(m_db);
        if (!full.prepare(insertSql(table, columns, kRowsPerStatement)))
            return sql::error(full.lastError(), tableContext);
        QVariantList values;
        qint64 rows = 0;
        const auto flush = [&](QSqlQuery &q) { return sql::exec(q, values, tableContext); };
        while (in.next()) {
            for (int i = 0; i < columns.size(); ++i)
                values.append(in.value(i));
            ++rows;
            if (values.size() == qsizetype(kRowsPerStatement) * columns.size()) {
                if (Status s = flush(full); !s)
                    return s.error();
                values.clear();
            }
        }
        if (in.lastError().type() != QSqlError::NoError)
            return sql::error(in.lastError(), tableContext);
        if (!values.isEmpty()) {
            QSqlQuery rest(m_db);
            if (!rest.prepare(insertSql(table, columns, int(values.size() / columns.size()))))
                return sql::error(rest.lastError(), tableContext);
            if (Status s = flush(rest); !s)
                return s.error();
        }
        auto stored = countRows(m_db, table, tableContext);
        if (!stored)
            return stored.error();
        if (*stored != rows)
            return makeError(ErrorCode::Internal,
                             u"%1: %2 rows read, %3 stored"_s.arg(tableContext).arg(rows).arg(*stored));
        copied.append({table, rows});
    }
    read.rollback();
    if (Status s = tx.commit(); !s)
        return s.error();
    return copied;
}

} // namespace okno
