#pragma once

// Internal to okno_storage: how domain values are written to SQL columns, and how SQL errors
// become okno::Error. The column conventions (portable between SQLite and PostgreSQL):
//   identifiers  BIGINT; Id 0 ("none") is NULL in nullable reference columns
//   instants     BIGINT milliseconds since the Unix epoch, UTC; an invalid QDateTime is NULL
//   dates        TEXT 'yyyy-MM-dd' (sorts like the date); an invalid QDate is NULL
//   times of day INTEGER minutes since midnight; an invalid QTime is NULL
//   flags        INTEGER 0/1
//   enums        TEXT, the core's wire names (stageStateName, roleName, …)
//   text         TEXT, never NULL where the column is NOT NULL (a null QString is written as '');
//                read back exactly, except U+FFFE, U+FFFF and unpaired surrogates (as U+FFFD)

#include <core/Result.h>
#include <core/Types.h>

#include <QDate>
#include <QDateTime>
#include <QSqlError>
#include <QTime>
#include <QVariant>

class QSqlQuery;

namespace okno::sql {

QVariant id(Id value); // 0 → NULL
QVariant integer(qint64 value);
QVariant flag(bool value);
QVariant text(const QString &value);         // null → ''
QVariant optionalText(const QString &value); // null or empty → NULL
QVariant timestamp(const QDateTime &value);
QVariant date(const QDate &value);
QVariant minutes(const QTime &value);

QString dateText(const QDate &value); // 'yyyy-MM-dd'

// A SQL failure as an okno::Error: Unavailable when the storage itself is in trouble (connection
// lost, disk full or failing, database locked or busy, read-only), Internal otherwise (a
// constraint violated, a malformed statement: a fault of the caller or of this library).
Error error(const QSqlError &sqlError, const QString &context);

// Binds `values` positionally and executes a prepared query.
Status exec(QSqlQuery &query, const QVariantList &values, const QString &context);
// Prepares and executes a one-off statement (DDL, PRAGMA, BEGIN …) on `query`'s connection.
Status execDirect(QSqlQuery &query, const QString &sql, const QString &context);

} // namespace okno::sql
