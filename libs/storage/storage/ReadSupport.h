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
    if (Status s = tx.beginSnapshot(); !s)
        return s.error();
    Result<T> result = read();
    if (!result)
        return result;
    if (Status s = tx.commit(); !s)
        return s.error();
    return result;
}

// PostgreSQL: the transaction-scoped advisory lock that orders the writer's forgetting of a
// centre's digests (BatchWriter) and a report's storing of them (Database::buildDigestRange).
// SQLite needs none: its writers take the one write lock at BEGIN IMMEDIATE. One lock per centre;
// a report takes one at a time, and there is one writer at a time (the serving node's journal), so
// no two transactions can wait on each other in a cycle. (A second writer at once — a bulk loader
// on a live database — would have to take its centres' locks in one order.)
inline constexpr int kDigestLockClass = 0x6f6b6e6f; // "okno"; the object is the centre's id
// The other advisory locks, in a class of their own (a centre's id must never meet them): the
// migrations (object 0) and the serving node's lease (object 1, DatabaseLease.cpp).
inline constexpr int kNodeLockClass = 0x6f6b6e31; // "okn1"
inline constexpr int kMigrationLockObject = 0;
inline constexpr int kLeaseLockObject = 1;
// A centre's lease (the object is the centre's id), and a node's presence (the object is the
// number the node took when it announced itself): classes of their own (DatabaseLease.cpp).
inline constexpr int kCentreLeaseLockClass = 0x6f6b6e32;  // "okn2"
inline constexpr int kNodePresenceLockClass = 0x6f6b6e33; // "okn3"
inline const QString kDigestLockSql = QStringLiteral("SELECT pg_advisory_xact_lock(?, ?)");

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
