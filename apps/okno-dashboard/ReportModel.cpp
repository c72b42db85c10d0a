#include "ReportModel.h"

#include "Format.h"

#include <cmath>

using namespace Qt::StringLiterals;

namespace okno::dashboard {

ReportModel::ReportModel(QStringList headers, QObject *parent)
    : QAbstractTableModel(parent)
    , m_headers(std::move(headers))
{}

void ReportModel::setHeaders(const QStringList &headers)
{
    if (headers == m_headers)
        return;
    beginResetModel();
    m_headers = headers;
    for (auto &row : m_rows)
        row.resize(m_headers.size());
    endResetModel();
}

void ReportModel::setRows(QList<QList<Cell>> rows)
{
    for (auto &row : rows)
        row.resize(m_headers.size());
    if (rows.size() == m_rows.size()) {
        m_rows = std::move(rows);
        if (!m_rows.isEmpty())
            Q_EMIT dataChanged(index(0, 0), index(int(m_rows.size()) - 1, int(m_headers.size()) - 1));
        return;
    }
    beginResetModel();
    m_rows = std::move(rows);
    endResetModel();
}

QString ReportModel::text(int row, int column) const
{
    if (row < 0 || row >= m_rows.size() || column < 0 || column >= m_headers.size())
        return {};
    return m_rows[row][column].text;
}

int ReportModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ReportModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_headers.size());
}

Cell Cell::seconds(double secs, QColor background)
{
    Cell c = num(formatDuration(secs), secs, std::move(background));
    c.duration = true;
    return c;
}

QVariant ReportModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Cell &c = m_rows[index.row()][index.column()];
    switch (role) {
    case Qt::DisplayRole:
        return c.text;
    case Qt::ToolTipRole:
        return c.toolTip.isEmpty() ? c.text : c.toolTip;
    case Qt::BackgroundRole:
        return c.background.isValid() ? QVariant(c.background) : QVariant();
    case Qt::TextAlignmentRole:
        return c.number ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
                        : QVariant(Qt::AlignLeft | Qt::AlignVCenter);
    case SortRole:
        return c.sortKey.isValid() ? c.sortKey : QVariant(c.text);
    case ExportRole: {
        if (!c.duration || !c.sortKey.isValid())
            return c.text;
        const qint64 secs = qRound64(c.sortKey.toDouble());
        const qint64 a = std::abs(secs);
        return QString((secs < 0 ? u"-"_s : QString()) + QString::number(a / 3600) + u':' +
                       QString::number(a / 60 % 60).rightJustified(2, u'0') + u':' +
                       QString::number(a % 60).rightJustified(2, u'0'));
    }
    default:
        return {};
    }
}

QVariant ReportModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole || section < 0 ||
        section >= m_headers.size())
        return QAbstractTableModel::headerData(section, orientation, role);
    return m_headers[section];
}

} // namespace okno::dashboard
