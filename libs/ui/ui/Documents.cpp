#include "Documents.h"

#include <QPageSize>
#include <QPrintDialog>
#include <QPrinter>
#include <QTextDocument>

namespace okno::ui {

namespace {

void render(const QString &html, QPrinter &printer, PaperSize size)
{
    printer.setPageSize(size == PaperSize::Ticket ? QPageSize(QPageSize::A6) : QPageSize(QPageSize::A4));
    printer.setPageMargins(QMarginsF(8, 8, 8, 8), QPageLayout::Millimeter);
    QTextDocument doc;
    QFont font(QStringLiteral("DejaVu Sans"));
    font.setPointSize(10);
    doc.setDefaultFont(font);
    doc.setHtml(html);
    // With its own page size the document is laid out for the paper (and gets no page numbers).
    doc.setPageSize(printer.pageLayout().paintRect(QPageLayout::Point).size());
    doc.print(&printer);
}

} // namespace

QString ticketHtml(const TicketInfo &t)
{
    const QString esc = t.centre.toHtmlEscaped();
    QString html = QStringLiteral("<div align='center'>") + QStringLiteral("<p style='font-size:9pt'>") +
                   t.organisation.toHtmlEscaped() + QStringLiteral("<br/>") + esc + QStringLiteral("</p>") +
                   QStringLiteral("<p style='font-size:12pt'>Ваш талон</p>") +
                   QStringLiteral("<p style='font-size:34pt; font-weight:bold; margin:0'>") + t.ticket.toHtmlEscaped() +
                   QStringLiteral("</p><p style='font-size:12pt'>") + t.queue.toHtmlEscaped() + QStringLiteral("</p>");
    if (!t.priority.isEmpty())
        html += QStringLiteral("<p style='font-size:10pt'>Обслуживание вне очереди: ") + t.priority.toHtmlEscaped() +
                QStringLiteral("</p>");
    html += QStringLiteral("<p style='font-size:9pt'>Перед вами: ") + QString::number(t.ahead) +
            QStringLiteral("<br/>Ожидаемое время ожидания: ") + QString::number(t.expectedWaitMinutes) +
            QStringLiteral(" мин</p>") + QStringLiteral("<p style='font-size:10pt'>") +
            t.issuedAt.toString(QStringLiteral("dd.MM.yyyy HH:mm")) +
            QStringLiteral("</p><p style='font-size:9pt'>Следите за табло: номер талона и окна появятся на экране "
                           "и прозвучит сигнал.</p></div>");
    return html;
}

Status writePdf(const QString &html, const QString &path, PaperSize size)
{
    QPrinter printer(QPrinter::HighResolution);
    printer.setOutputFormat(QPrinter::PdfFormat);
    printer.setOutputFileName(path);
    if (!printer.isValid())
        return makeError(ErrorCode::Internal, QStringLiteral("cannot write PDF to ") + path);
    render(html, printer, size);
    return {};
}

bool printDocument(const QString &html, QWidget *parent, PaperSize size)
{
    QPrinter printer(QPrinter::HighResolution);
    QPrintDialog dialog(&printer, parent);
    if (dialog.exec() != QDialog::Accepted)
        return false;
    render(html, printer, size);
    return true;
}

} // namespace okno::ui
