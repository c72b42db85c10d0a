#include "SqlValues.h"

#include <QSqlQuery>

namespace okno::sql {

using namespace Qt::StringLiterals;

QVariant id(Id value)
{
    return value == 0 ? QVariant(QMetaType::fromType<qint64>()) : QVariant(value);
}

QVariant integer(qint64 value)
{
    return QVariant(value);
}

QVariant flag(bool value)
{
    return QVariant(value ? 1 : 0);
}

namespace {

// Qt's SQLite driver binds every QString as UTF-16 (sqlite3_bind_text16), and SQLite takes a
// leading U+FEFF or U+FFFE of such a value for a byte-order mark: it drops a U+FEFF, and after a
// U+FFFE it reads the rest byte-swapped. A byte-order mark of our own in front (dropped by SQLite)
// keeps the text exactly as it is. An unpaired surrogate would make SQLite's conversion to UTF-8
// swallow the character after it; it is stored as U+FFFD instead, which is what SQLite reads back
// for it anyway (as it does for U+FFFE and U+FFFF: those cannot be stored, and the protocol
// refuses them). Every other string is stored and read back exactly.
QString bindable(const QString &value)
{
    QString s = value;
    for (qsizetype i = 0; i < s.size(); ++i) {
        const QChar c = s.at(i);
        if (c.isHighSurrogate() && i + 1 < s.size() && s.at(i + 1).isLowSurrogate())
            ++i;
        else if (c.isSurrogate())
            s[i] = QChar(QChar::ReplacementCharacter);
    }
    if (s.startsWith(QChar(QChar::ByteOrderMark)) || s.startsWith(QChar(QChar::ByteOrderSwapped)))
        s.prepend(QChar(QChar::ByteOrderMark));
    return s;
}

} // namespace

QVariant text(const QString &value)
{
    // Qt binds a null QString as SQL NULL; NOT NULL text columns want ''.
    return value.isNull() ? QVariant(u""_s) : QVariant(bindable(value));
}

QVariant optionalText(const QString &value)
{
    return value.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(bindable(value));
}

QVariant timestamp(const QDateTime &value)
{
    return value.isValid() ? QVariant(value.toMSecsSinceEpoch()) : QVariant(QMetaType::fromType<qint64>());
}

QString dateText(const QDate &value)
{
    return value.toString(Qt::ISODate);
}

QVariant date(const QDate &value)
{
    return value.isValid() ? QVariant(dateText(value)) : QVariant(QMetaType::fromType<QString>());
}

QVariant minutes(const QTime &value)
{
    return value.isValid() ? QVariant(value.msecsSinceStartOfDay() / 60000)
                           : QVariant(QMetaType::fromType<int>());
}

namespace {

// SQLite primary result codes that mean "the storage is in trouble", not "the request is wrong":
// BUSY, LOCKED, NOMEM, READONLY, IOERR, CORRUPT, FULL, CANTOPEN, PROTOCOL, NOTADB.
bool isSqliteUnavailable(int code)
{
    switch (code & 0xff) {
    case 5:
    case 6:
    case 7:
    case 8:
    case 10:
    case 11:
    case 13:
    case 14:
    case 15:
    case 26:
        return true;
    default:
        return false;
    }
}

// PostgreSQL SQLSTATE classes: 08 connection, 53 insufficient resources, 57 operator
// intervention, 58 system error; 40001/40P01 serialization failure/deadlock and 55P03 a lock not
// available at once (NOWAIT): worth a retry.
bool isPostgresUnavailable(const QString &state)
{
    return state.startsWith(u"08"_s) || state.startsWith(u"53"_s) || state.startsWith(u"57"_s) ||
           state.startsWith(u"58"_s) || state == u"40001"_s || state == u"40P01"_s || state == u"55P03"_s;
}

} // namespace

Error error(const QSqlError &sqlError, const QString &context)
{
    // The driver's native code decides when there is one: SQLite result codes are numbers below
    // 10000, PostgreSQL SQLSTATEs have five characters. Qt drops the code of a failed COMMIT; then
    // a constraint message means a fault of ours, and anything else about the connection or the
    // transaction means the storage is in trouble.
    const QString native = sqlError.nativeErrorCode();
    bool numeric = false;
    const int code = native.toInt(&numeric);
    bool unavailable = false;
    if (native.size() == 5)
        unavailable = isPostgresUnavailable(native);
    else if (numeric)
        unavailable = isSqliteUnavailable(code);
    else if (sqlError.databaseText().contains(u"constraint"_s, Qt::CaseInsensitive))
        unavailable = false;
    else
        unavailable =
            sqlError.type() == QSqlError::ConnectionError || sqlError.type() == QSqlError::TransactionError;

    // The database's own words ("UNIQUE constraint failed: events.seq") say more than Qt's
    // generic "Unable to fetch row"; the latter is kept only when there is nothing else.
    QString detail = sqlError.databaseText();
    if (detail.isEmpty())
        detail = sqlError.driverText();
    if (detail.isEmpty())
        detail = u"unknown database error"_s;
    return makeError(unavailable ? ErrorCode::Unavailable : ErrorCode::Internal,
                     u"storage: %1: %2"_s.arg(context, detail));
}

Status exec(QSqlQuery &query, const QVariantList &values, const QString &context)
{
    for (qsizetype i = 0; i < values.size(); ++i)
        query.bindValue(int(i), values.at(i));
    if (!query.exec())
        return error(query.lastError(), context);
    return {};
}

Status execDirect(QSqlQuery &query, const QString &sql, const QString &context)
{
    if (!query.exec(sql))
        return error(query.lastError(), context);
    return {};
}

} // namespace okno::sql
