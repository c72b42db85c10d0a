#include "ReportExport.h"

#include "ReportModel.h"

#include <QAbstractItemModel>
#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QPageLayout>
#include <QPageSize>
#include <QPdfWriter>
#include <QRegularExpression>
#include <QSaveFile>
#include <QTextDocument>
#include <QUrl>

namespace okno::dashboard {

using namespace Qt::StringLiterals;

namespace {

// lupdate files a tr() in namespace okno::dashboard under "okno::dashboard": the same context here.
QString tr(const char *s)
{
    return QCoreApplication::translate("okno::dashboard", s);
}

QStringList headerLines(const ReportHeader &h)
{
    return {tr("Отчёт") + u';' + csvField(h.title), tr("ЦОК") + u';' + csvField(h.centre),
            tr("Период") + u';' + csvField(h.period), tr("Составлен") + u';' + csvField(h.madeAt),
            tr("Составил") + u';' + csvField(h.madeBy)};
}

} // namespace

QString csvField(QString s)
{
    s.replace(u'\n', u' ');
    // A spreadsheet takes a cell that starts with = + - @ (or a tab or CR before them) for a
    // formula: a visitor's name «=HYPERLINK(…)» must stay text. Numbers and durations as the
    // screen shows them («-5», «0:02:20») are left alone.
    static const QRegularExpression number(u"^-?\\d+([.,]\\d+)?\\s?%?$|^\\d+:\\d\\d(:\\d\\d)?$"_s);
    if (!s.isEmpty() && QStringView(u"=+-@\t\r").contains(s.front()) && !number.match(s).hasMatch())
        s.prepend(u'\'');
    if (s.contains(u';') || s.contains(u'"') || s.contains(u'\r')) {
        s.replace(u"\""_s, u"\"\""_s);
        return u'"' + s + u'"';
    }
    return s;
}

bool writeCsv(const QString &path, const ReportHeader &header, const QList<ReportSection> &sections,
              QString *error)
{
    QStringList lines = headerLines(header);
    for (const ReportSection &s : sections) {
        if (!s.model)
            continue;
        lines.append(QString());
        lines.append(csvField(s.title));
        QStringList head;
        for (int c = 0; c < s.model->columnCount(); ++c)
            head.append(csvField(s.model->headerData(c, Qt::Horizontal).toString()));
        lines.append(head.join(u';'));
        for (int r = 0; r < s.model->rowCount(); ++r) {
            QStringList row;
            for (int c = 0; c < s.model->columnCount(); ++c)
                row.append(csvField(s.model->index(r, c).data(ReportModel::ExportRole).toString()));
            lines.append(row.join(u';'));
        }
    }
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly)) {
        if (error)
            *error = tr("Не удалось записать файл %1: %2").arg(path, f.errorString());
        return false;
    }
    f.write("\xEF\xBB\xBF");
    f.write((lines.join(u"\r\n"_s) + u"\r\n"_s).toUtf8());
    if (!f.commit()) {
        if (error)
            *error = tr("Не удалось записать файл %1: %2").arg(path, f.errorString());
        return false;
    }
    return true;
}

bool writePdf(const QString &path, const ReportHeader &header, const QList<ReportSection> &sections,
              const QList<QImage> &charts, QString *error)
{
    {
        QFile probe(path);
        if (!probe.open(QIODevice::WriteOnly)) {
            if (error)
                *error = tr("Не удалось записать файл %1: %2").arg(path, probe.errorString());
            return false;
        }
    }
    QPdfWriter writer(path);
    writer.setPageSize(QPageSize(QPageSize::A4));
    writer.setPageOrientation(QPageLayout::Landscape);
    writer.setPageMargins(QMarginsF(12, 10, 12, 10), QPageLayout::Millimeter);
    writer.setTitle(header.title + u" — "_s + header.centre);
    writer.setCreator(u"okno-dashboard"_s);

    QTextDocument doc;
    QFont font(u"DejaVu Sans"_s);
    font.setPointSize(8);
    doc.setDefaultFont(font);
    const auto esc = [](const QString &s) { return s.toHtmlEscaped(); };
    QString html = u"<h2>"_s + esc(tr("Панель руководителя: ") + header.title) + u"</h2><p>"_s +
                   esc(tr("ЦОК: ")) + u"<b>"_s + esc(header.centre) + u"</b><br/>"_s + esc(tr("Период: ")) +
                   esc(header.period) + u"<br/>"_s + esc(tr("Составлен: ")) + esc(header.madeAt) +
                   u"<br/>"_s + esc(tr("Составил: ")) + esc(header.madeBy) + u"</p>"_s;
    if (!charts.isEmpty())
        html += u"<p>"_s;
    for (qsizetype i = 0; i < charts.size(); ++i) {
        const QUrl name(u"chart%1.png"_s.arg(i));
        doc.addResource(QTextDocument::ImageResource, name, charts[i]);
        html += u"<img src='"_s + name.toString() + u"' width='370'/> "_s;
    }
    if (!charts.isEmpty())
        html += u"</p>"_s;
    for (const ReportSection &s : sections) {
        if (!s.model)
            continue;
        html += u"<h3>"_s + esc(s.title) + u"</h3>"_s;
        // A wide table (the stage roles, the centres) in a smaller type, so that its headers'
        // words fit their columns on the landscape page.
        const bool wide = s.model->columnCount() > 10;
        html +=
            u"<table border='1' cellspacing='0' cellpadding='%1' width='100%' style='font-size:%2pt'><tr>"_s
                .arg(wide ? 2 : 3)
                .arg(wide ? 7 : 8);
        for (int c = 0; c < s.model->columnCount(); ++c)
            html += u"<th bgcolor='#e8eef5' style='font-size:%1pt; white-space:nowrap'>"_s.arg(wide ? 6 : 7) +
                    esc(s.model->headerData(c, Qt::Horizontal).toString()).replace(u"\n"_s, u"<br/>"_s) +
                    u"</th>"_s;
        html += u"</tr>"_s;
        if (s.model->rowCount() == 0)
            html += u"<tr><td colspan='%1'>"_s.arg(s.model->columnCount()) + esc(tr("нет данных")) +
                    u"</td></tr>"_s;
        for (int r = 0; r < s.model->rowCount(); ++r) {
            html += u"<tr>"_s;
            for (int c = 0; c < s.model->columnCount(); ++c) {
                const QModelIndex i = s.model->index(r, c);
                const QVariant bg = i.data(Qt::BackgroundRole);
                const bool right = i.data(Qt::TextAlignmentRole).toInt() & Qt::AlignRight;
                // The first column names the row (a stage role, a centre, a person) and a figure
                // is one token: neither is broken over lines; the headers keep their own lines.
                html += u"<td"_s + (right ? u" align='right'"_s : QString()) +
                        (c == 0 || right ? u" style='white-space:nowrap'"_s : QString()) +
                        (bg.isValid() ? u" bgcolor='"_s + bg.value<QColor>().name() + u"'"_s : QString()) +
                        u">"_s + esc(i.data().toString()) + u"</td>"_s;
            }
            html += u"</tr>"_s;
        }
        html += u"</table>"_s;
    }
    doc.setHtml(html);
    // With its own page size the document is laid out for the paper (as ui/Documents does).
    doc.setPageSize(writer.pageLayout().paintRect(QPageLayout::Point).size());
    doc.print(&writer);
    if (QFileInfo(path).size() == 0) {
        if (error)
            *error = tr("Не удалось записать файл %1").arg(path);
        return false;
    }
    return true;
}

} // namespace okno::dashboard
