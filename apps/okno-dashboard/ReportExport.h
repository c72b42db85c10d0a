#pragma once

#include <QImage>
#include <QList>
#include <QString>

class QAbstractItemModel;

namespace okno::dashboard {

// What every exported report says at the top.
struct ReportHeader
{
    QString title;  // the tab: «Сейчас», «По часам» …
    QString centre; // «ЦОК Саранск» or «Все центры»
    QString period; // «23.11.2026 — 27.11.2026»
    QString madeAt; // when, in the server's time
    QString madeBy; // the manager's full name and login
};

// One table of a report, exported as the screen shows it.
struct ReportSection
{
    QString title;
    const QAbstractItemModel *model = nullptr;
};

// CSV for Excel: UTF-8 with a byte order mark (so Excel reads Cyrillic), `;` between fields,
// CRLF line ends, every cell as displayed; the header lines first, then each table under its title.
bool writeCsv(const QString &path, const ReportHeader &header, const QList<ReportSection> &sections,
              QString *error);
// One field: quoted when it holds `;`, `"` or CR; a text that a spreadsheet would run as a formula
// (a leading = + - @) starts with «'» instead.
QString csvField(QString s);

// A4 PDF in DejaVu Sans: the header, each table, then the charts.
bool writePdf(const QString &path, const ReportHeader &header, const QList<ReportSection> &sections,
              const QList<QImage> &charts, QString *error);

} // namespace okno::dashboard
