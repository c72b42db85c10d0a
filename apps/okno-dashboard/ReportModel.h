#pragma once

#include <QAbstractTableModel>
#include <QColor>
#include <QList>
#include <QStringList>
#include <QVariant>

namespace okno::dashboard {

// One cell of a report as the manager reads it: the text shown (and exported: CSV and PDF carry
// the numbers as displayed), an optional colour against a norm, and a key to sort by.
struct Cell
{
    QString text;
    QVariant sortKey; // the raw number; the text when invalid
    QColor background;
    bool number = false;   // right-aligned
    QString toolTip;       // shown on hover instead of the text, when set
    bool duration = false; // sortKey holds seconds: exported as [h]:mm:ss, which spreadsheets read

    static Cell of(const QString &text) { return {text, {}, {}, false, {}, false}; }
    static Cell num(const QString &text, double key, QColor background = {})
    {
        return {text, key, background, true, {}, false};
    }
    // A duration in seconds, shown as minutes and seconds («12:05», «1:02:03»).
    static Cell seconds(double secs, QColor background = {});
};

// A report table (a QAbstractTableModel): headers and rows of cells, replaced as a whole when the
// figures change. When the shape stays the same it says dataChanged rather than reset, so a
// table that refreshes every second keeps its selection and scroll position.
class ReportModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    static constexpr int SortRole = Qt::UserRole + 1;
    // The text for a CSV file: as displayed, but durations as h:mm:ss («0:02:20»), since a
    // spreadsheet reads «2:20» as two hours twenty.
    static constexpr int ExportRole = Qt::UserRole + 2;

    explicit ReportModel(QStringList headers, QObject *parent = nullptr);

    void setHeaders(const QStringList &headers);
    void setRows(QList<QList<Cell>> rows);
    const QStringList &headers() const { return m_headers; }
    QString text(int row, int column) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    QStringList m_headers;
    QList<QList<Cell>> m_rows;
};

} // namespace okno::dashboard
