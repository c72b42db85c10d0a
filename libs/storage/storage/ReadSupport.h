#pragma once

// Internal to okno_storage: what the Database's reads share, across its source files.

#include "SqlValues.h"
#include "Transaction.h"

#include <core/Result.h>

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QString>

namespace okno::storage_detail {

// Runs `read` inside a transaction, so that a read made of several statements sees one snapshot
// of the database (SQLite WAL) even if another connection commits in between.
template <typename T, typename Read> Result<T> readInSnapshot(const QSqlDatabase &db, Read &&read)
{
    Transaction tx(db);
    if (Status s = tx.begin(); !s)
        return s.error();
    Result<T> result = read();
    if (!result)
        return result;
    if (Status s = tx.commit(); !s)
        return s.error();
    return result;
}

// After reading the rows of a query: a failure while stepping (a busy or corrupt database) is an
// error too, not the end of the rows.
inline Status endOfRows(QSqlQuery &query, const QString &context)
{
    const QSqlError error = query.lastError();
    query.finish();
    if (error.type() != QSqlError::NoError)
        return sql::error(error, context);
    return {};
}

// The key of a row, for an error message that says which row was bad.
inline QString rowKey(const QSqlQuery &query, int column = 0)
{
    return query.value(column).toString();
}

} // namespace okno::storage_detail
