#pragma once

#include <core/Result.h>
#include <core/Types.h>

#include <QDate>
#include <QDateTime>
#include <QString>
#include <QTime>

#include <optional>

class QSqlQuery;

namespace okno {

// Internal to okno_storage: reads the columns of the current row of a query, following the
// conventions of SqlValues.h. A NULL is never an error (it reads as 0, "", false or an invalid
// date/time); a value that cannot be what the column should hold (text in an integer column, an
// unknown enum name, a malformed date) is remembered as the row's error, so the caller can refuse
// the row with a message that says where and what, instead of inventing data or crashing.
class RowReader
{
public:
    RowReader(const QSqlQuery &query, QString table);

    qint64 integer(int column);
    Id id(int column) { return integer(column); }
    bool flag(int column);
    QString text(int column);
    QDateTime timestamp(int column); // UTC
    QDate date(int column);
    QTime minutes(int column);

    Role role(int column);
    StageRole stageRole(int column);
    StageState stageState(int column);
    DeskState deskState(int column);

    bool ok() const { return !m_error.has_value(); }
    // The first problem found in this row, naming the table, the row's key and the column.
    Error error(const QString &rowKey) const;

private:
    void fail(int column, const QString &problem);
    template <typename E, typename FromName> E enumValue(int column, FromName fromName, E fallback);

    const QSqlQuery &m_query;
    QString m_table;
    std::optional<QString> m_error;
};

} // namespace okno
