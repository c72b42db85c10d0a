#pragma once

#include "ReportModel.h"

#include <core/Statistics.h>
#include <core/Types.h>

#include <QImage>
#include <QJsonObject>
#include <QWidget>

#include <optional>

class QChart;
class QChartView;
class QComboBox;

namespace okno::dashboard {

// «По часам» and «По дням»: arrivals as bars, mean and 90th-percentile waits and services as
// lines with the norm of the chosen stage role as a dashed reference line, and the same figures
// as a table under the charts. Fed with a `dashboard` result; draws nothing itself from history.
class ChartPanel final : public QWidget
{
    Q_OBJECT

public:
    enum class Mode
    {
        Hours,
        Days
    };

    ChartPanel(Mode mode, QWidget *parent = nullptr);

    void setReport(const QJsonObject &dashboard);
    ReportModel *table() { return &m_table; }
    // The three charts drawn afresh at `size` each, for a printed report.
    QList<QImage> chartImages(const QSize &size) const;
    QString roleTitle() const; // «все этапы» or the chosen stage role

private:
    struct Point
    {
        QString label;
        int arrivals = 0;
        int served = 0;
        Summary wait;
        Summary service;
    };

    void rebuild();
    std::optional<StageRole> role() const;
    QList<Point> points() const;
    QList<QChart *> makeCharts(const QList<Point> &points) const;

    Mode m_mode;
    QJsonObject m_report;
    ReportModel m_table;
    QComboBox *m_role = nullptr;
    QList<QChartView *> m_views;
};

} // namespace okno::dashboard
