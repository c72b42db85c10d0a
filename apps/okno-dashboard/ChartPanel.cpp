#include "ChartPanel.h"

#include "Format.h"

#include <protocol/Codec.h>
#include <ui/DomainText.h>

#include <QBarSeries>
#include <QBarSet>
#include <QCategoryAxis>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QCoreApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QLineSeries>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>

namespace okno::dashboard {

using namespace Qt::StringLiterals;

namespace {

Summary summaryOf(const QJsonValue &v)
{
    auto s = protocol::summaryFromJson(v.toObject());
    return s ? *s : Summary{};
}

QStringList hourHeaders()
{
    // lupdate files a tr() in namespace okno::dashboard under "okno::dashboard": the same context here.
    const auto tr = [](const char *s) { return QCoreApplication::translate("okno::dashboard", s); };
    return {tr("Час"),           tr("Пришло"),
            tr("Вызвано"),       tr("Ожидание\nсреднее"),
            tr("Ожидание\np90"), tr("Ожидание\nв норме"),
            tr("Приёмов"),       tr("Приём\nсредний"),
            tr("Приём\np90"),    tr("Приём\nв норме")};
}

QStringList dayHeaders()
{
    QStringList h = hourHeaders();
    h[0] = QCoreApplication::translate("okno::dashboard::ChartPanel", "Дата");
    h.insert(2, QCoreApplication::translate("okno::dashboard::ChartPanel", "Обслужено"));
    return h;
}

} // namespace

ChartPanel::ChartPanel(Mode mode, QWidget *parent)
    : QWidget(parent)
    , m_mode(mode)
    , m_table(mode == Mode::Hours ? hourHeaders() : dayHeaders())
{
    const QString prefix = mode == Mode::Hours ? u"hours"_s : u"days"_s;
    auto *root = new QVBoxLayout(this);
    auto *top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Этап:")));
    m_role = new QComboBox;
    m_role->setObjectName(prefix + u"Role"_s);
    m_role->addItem(tr("Все этапы"), QString());
    for (StageRole r : allStageRoles())
        m_role->addItem(ui::DomainText::stageRole(r), stageRoleName(r));
    top->addWidget(m_role);
    top->addWidget(new QLabel(tr("Ожидание и приём — минуты рабочего времени; пунктир — норматив этапа.")),
                   1);
    root->addLayout(top);

    auto *split = new QSplitter(Qt::Vertical);
    auto *charts = new QWidget;
    auto *row = new QHBoxLayout(charts);
    row->setContentsMargins(0, 0, 0, 0);
    for (const QString &name : {u"Arrivals"_s, u"Wait"_s, u"Service"_s}) {
        auto *view = new QChartView;
        view->setObjectName(prefix + name + u"Chart"_s);
        view->setRenderHint(QPainter::Antialiasing);
        view->setMinimumSize(300, 220);
        row->addWidget(view, 1);
        m_views.append(view);
    }
    split->addWidget(charts);
    auto *table = new QTableView;
    table->setObjectName(prefix + u"Table"_s);
    auto *proxy = new QSortFilterProxyModel(this);
    proxy->setSourceModel(&m_table);
    proxy->setSortRole(ReportModel::SortRole);
    table->setModel(proxy);
    table->setSortingEnabled(true);
    table->sortByColumn(-1, Qt::AscendingOrder);
    table->verticalHeader()->hide();
    table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    split->addWidget(table);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    root->addWidget(split, 1);
    connect(m_role, &QComboBox::currentIndexChanged, this, &ChartPanel::rebuild);
    rebuild();
}

void ChartPanel::setReport(const QJsonObject &dashboard)
{
    m_report = dashboard;
    rebuild();
}

std::optional<StageRole> ChartPanel::role() const
{
    return stageRoleFromName(m_role->currentData().toString());
}

QString ChartPanel::roleTitle() const
{
    return m_role->currentText();
}

QList<ChartPanel::Point> ChartPanel::points() const
{
    QList<Point> out;
    const auto r = role();
    const QJsonArray rows = m_report.value(m_mode == Mode::Hours ? u"byHour"_s : u"byDay"_s).toArray();
    for (const auto &v : rows) {
        const QJsonObject o = v.toObject();
        Point p;
        if (m_mode == Mode::Hours) {
            const int h = o.value(u"hour"_s).toInt();
            p.label = QStringLiteral("%1:00").arg(h, 2, 10, QLatin1Char('0'));
        } else {
            p.label = QDate::fromString(o.value(u"date"_s).toString(), Qt::ISODate).toString(u"dd.MM.yy"_s);
        }
        p.arrivals = o.value(u"arrivals"_s).toInt();
        p.served = o.value(u"served"_s).toInt();
        if (!r) {
            p.wait = summaryOf(o.value(u"wait"_s));
            p.service = summaryOf(o.value(u"service"_s));
        } else {
            for (const auto &rv : o.value(u"roles"_s).toArray()) {
                const QJsonObject ro = rv.toObject();
                if (ro.value(u"role"_s).toString() == stageRoleName(*r)) {
                    p.wait = summaryOf(ro.value(u"wait"_s));
                    p.service = summaryOf(ro.value(u"service"_s));
                }
            }
        }
        out.append(p);
    }
    return out;
}

QList<QChart *> ChartPanel::makeCharts(const QList<Point> &pts) const
{
    const auto r = role();
    Norm norm;
    if (r)
        for (const auto &v : m_report.value(u"roles"_s).toArray())
            if (v.toObject().value(u"role"_s).toString() == stageRoleName(*r))
                if (auto n = protocol::normFromJson(v.toObject().value(u"norm"_s).toObject()))
                    norm = *n;
    // The x axis: a label on every point, or on every k-th when there are many days.
    const qsizetype n = std::max<qsizetype>(pts.size(), 1);
    const qsizetype every = pts.size() <= 16 ? 1 : (pts.size() + 11) / 12;
    const auto axisX = [&](QChart *chart) {
        auto *x = new QCategoryAxis;
        x->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
        x->setRange(-0.5, double(n) - 0.5);
        for (qsizetype i = 0; i < pts.size(); i += every)
            x->append(m_mode == Mode::Days ? pts[i].label.left(5) : pts[i].label, double(i));
        x->setGridLineVisible(false);
        QFont f = x->labelsFont();
        f.setPointSize(8);
        x->setLabelsFont(f);
        chart->addAxis(x, Qt::AlignBottom);
        return x;
    };
    const auto axisY = [](QChart *chart, double max, const QString &title) {
        auto *y = new QValueAxis;
        y->setRange(0, max <= 0 ? 1 : max * 1.15);
        y->applyNiceNumbers();
        y->setLabelFormat(u"%.0f"_s);
        y->setTitleText(title);
        chart->addAxis(y, Qt::AlignLeft);
        return y;
    };
    const auto newChart = [](const QString &title) {
        auto *c = new QChart;
        c->setTitle(title);
        c->legend()->setAlignment(Qt::AlignBottom);
        c->setMargins(QMargins(2, 2, 2, 2));
        return c;
    };

    QList<QChart *> charts;
    {
        auto *c =
            newChart(m_mode == Mode::Hours ? tr("Приход посетителей по часам") : tr("Посетители по дням"));
        auto *set = new QBarSet(tr("пришло"));
        auto *served = new QBarSet(tr("обслужено этапов"));
        double max = 0;
        for (const Point &p : pts) {
            *set << p.arrivals;
            *served << p.served;
            max = std::max({max, double(p.arrivals), double(p.served)});
        }
        auto *bars = new QBarSeries;
        bars->append(set);
        if (m_mode == Mode::Days)
            bars->append(served);
        else
            delete served;
        c->addSeries(bars);
        bars->attachAxis(axisX(c));
        bars->attachAxis(axisY(c, max, tr("человек")));
        charts.append(c);
    }
    const auto durations = [&](const QString &title, bool wait, int normMinutes) {
        auto *c = newChart(title);
        auto *x = axisX(c);
        auto *mean = new QLineSeries;
        mean->setName(tr("среднее"));
        auto *p90 = new QLineSeries;
        p90->setName(tr("90-й процентиль"));
        double max = normMinutes;
        for (qsizetype i = 0; i < pts.size(); ++i) {
            const Summary &s = wait ? pts[i].wait : pts[i].service;
            if (!s.count)
                continue;
            mean->append(double(i), s.mean / 60.0);
            p90->append(double(i), s.p90 / 60.0);
            max = std::max(max, s.p90 / 60.0);
        }
        auto *y = axisY(c, max, tr("минуты"));
        for (QLineSeries *s : {mean, p90}) {
            s->setPointsVisible(true);
            c->addSeries(s);
            s->attachAxis(x);
            s->attachAxis(y);
        }
        if (normMinutes > 0) {
            auto *line = new QLineSeries;
            line->setName(tr("норматив %1 мин").arg(normMinutes));
            line->append(-0.5, normMinutes);
            line->append(double(n) - 0.5, normMinutes);
            QPen pen(QColor(0xc6, 0x28, 0x28));
            pen.setStyle(Qt::DashLine);
            pen.setWidth(2);
            line->setPen(pen);
            c->addSeries(line);
            line->attachAxis(x);
            line->attachAxis(y);
        }
        return c;
    };
    charts.append(durations(tr("Ожидание в очереди"), true, r ? norm.waitMinutes : 0));
    charts.append(durations(tr("Время приёма"), false, r ? norm.serviceMinutes : 0));
    return charts;
}

void ChartPanel::rebuild()
{
    const QList<Point> pts = points();
    const QList<QChart *> charts = makeCharts(pts);
    for (qsizetype i = 0; i < m_views.size(); ++i) {
        QChart *old = m_views[i]->chart();
        m_views[i]->setChart(charts[i]);
        delete old;
    }
    QList<QList<Cell>> rows;
    for (const Point &p : pts) {
        QList<Cell> row{Cell::of(p.label), Cell::num(QString::number(p.arrivals), p.arrivals)};
        if (m_mode == Mode::Days)
            row.append(Cell::num(QString::number(p.served), p.served));
        const auto summary = [&](const Summary &s) {
            row.append(Cell::num(QString::number(s.count), s.count));
            row.append(s.count ? Cell::seconds(s.mean) : Cell::of(u"—"_s));
            row.append(s.count ? Cell::seconds(s.p90) : Cell::of(u"—"_s));
            row.append(s.count ? Cell::num(formatShare(s.withinNormShare), s.withinNormShare)
                               : Cell::of(u"—"_s));
        };
        summary(p.wait);
        summary(p.service);
        rows.append(row);
    }
    m_table.setRows(rows);
}

QList<QImage> ChartPanel::chartImages(const QSize &size) const
{
    QList<QImage> out;
    for (QChart *chart : makeCharts(points())) {
        // A chart lays itself out only in a shown view: show it, off the screen, and grab it.
        QChartView view(chart); // owns the chart
        view.setAttribute(Qt::WA_DontShowOnScreen);
        view.setRenderHint(QPainter::Antialiasing);
        view.resize(size);
        view.show();
        QCoreApplication::processEvents();
        chart->setAnimationOptions(QChart::NoAnimation);
        out.append(view.grab().toImage());
    }
    return out;
}

} // namespace okno::dashboard
