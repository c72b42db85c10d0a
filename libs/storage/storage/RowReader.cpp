#include "RowReader.h"

#include <QSqlQuery>
#include <QSqlRecord>

namespace okno {

using namespace Qt::StringLiterals;

RowReader::RowReader(const QSqlQuery &query, QString table)
    : m_query(query)
    , m_table(std::move(table))
{}

void RowReader::fail(int column, const QString &problem)
{
    if (m_error)
        return;
    const QString name = m_query.record().fieldName(column);
    m_error = u"column %1: %2"_s.arg(name.isEmpty() ? QString::number(column) : name, problem);
}

qint64 RowReader::integer(int column)
{
    const QVariant v = m_query.value(column);
    if (v.isNull())
        return 0;
    bool ok = false;
    const qint64 result = v.toLongLong(&ok);
    if (!ok) {
        fail(column, u"'%1' is not an integer"_s.arg(v.toString()));
        return 0;
    }
    return result;
}

bool RowReader::flag(int column)
{
    return integer(column) != 0;
}

QString RowReader::text(int column)
{
    const QVariant v = m_query.value(column);
    return v.isNull() ? QString() : v.toString();
}

QDateTime RowReader::timestamp(int column)
{
    const QVariant v = m_query.value(column);
    if (v.isNull())
        return {};
    const qint64 ms = integer(column);
    return ok() ? QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC) : QDateTime();
}

QDate RowReader::date(int column)
{
    const QString s = text(column);
    if (s.isEmpty())
        return {};
    const QDate d = QDate::fromString(s, Qt::ISODate);
    if (!d.isValid())
        fail(column, u"'%1' is not a date (yyyy-MM-dd)"_s.arg(s));
    return d;
}

QTime RowReader::minutes(int column)
{
    const QVariant v = m_query.value(column);
    if (v.isNull())
        return {};
    const qint64 m = integer(column);
    if (!ok())
        return {};
    if (m < 0 || m >= 24 * 60) {
        fail(column, u"%1 is not a time of day in minutes (0…1439)"_s.arg(m));
        return {};
    }
    return QTime::fromMSecsSinceStartOfDay(int(m) * 60000);
}

template <typename E, typename FromName> E RowReader::enumValue(int column, FromName fromName, E fallback)
{
    const QString s = text(column);
    const std::optional<E> e = fromName(s);
    if (!e) {
        fail(column, u"unknown value '%1'"_s.arg(s));
        return fallback;
    }
    return *e;
}

Role RowReader::role(int column)
{
    return enumValue(column, roleFromName, Role::Consultant);
}

StageRole RowReader::stageRole(int column)
{
    return enumValue(column, stageRoleFromName, StageRole::Administrator);
}

StageState RowReader::stageState(int column)
{
    return enumValue(column, stageStateFromName, StageState::Waiting);
}

DeskState RowReader::deskState(int column)
{
    return enumValue(column, deskStateFromName, DeskState::Closed);
}

Error RowReader::error(const QString &rowKey) const
{
    return makeError(ErrorCode::Internal,
                     u"storage: bad row in %1 (%2): %3"_s.arg(m_table, rowKey, m_error.value_or(QString())));
}

} // namespace okno
