#include "Documents.h"

#include <QPageSize>
#include <QPrintDialog>
#include <QPrinter>
#include <QPrinterInfo>
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
                   QStringLiteral("<p style='font-size:34pt; font-weight:bold; margin:0'>") +
                   t.ticket.toHtmlEscaped() + QStringLiteral("</p><p style='font-size:12pt'>") +
                   t.queue.toHtmlEscaped() + QStringLiteral("</p>");
    if (!t.priority.isEmpty())
        html += QStringLiteral("<p style='font-size:10pt'>Обслуживание вне очереди: ") +
                t.priority.toHtmlEscaped() + QStringLiteral("</p>");
    html += QStringLiteral("<p style='font-size:9pt'>Перед вами: ") + QString::number(t.ahead) +
            QStringLiteral("<br/>Ожидаемое время ожидания: ") + QString::number(t.expectedWaitMinutes) +
            QStringLiteral(" мин</p>") + QStringLiteral("<p style='font-size:10pt'>") +
            t.issuedAt.toString(QStringLiteral("dd.MM.yyyy HH:mm")) +
            QStringLiteral(
                "</p><p style='font-size:9pt'>Следите за табло: номер талона и окна появятся на экране "
                "и прозвучит сигнал.</p></div>");
    return html;
}

QString memoHtml(const MemoInfo &m)
{
    const auto e = [](const QString &x) { return x.toHtmlEscaped(); };
    QString html = QStringLiteral("<h3 align='center'>") + e(m.organisation) + QStringLiteral("<br/>") +
                   e(m.centre) + QStringLiteral("</h3><p align='center' style='font-size:9pt'>") +
                   e(m.centreAddress) + QStringLiteral("</p><h2 align='center'>Памятка посетителю</h2>");
    html += QStringLiteral("<table cellpadding='3'>");
    const auto row = [&](const QString &k, const QString &v) {
        if (!v.isEmpty())
            html += QStringLiteral("<tr><td><b>") + e(k) + QStringLiteral("</b></td><td>") + e(v) +
                    QStringLiteral("</td></tr>");
    };
    row(QStringLiteral("Дата"), m.at.toString(QStringLiteral("dd.MM.yyyy HH:mm")));
    row(QStringLiteral("Талон"), m.ticket);
    row(QStringLiteral("Лицевой счёт"), m.accountNumber);
    row(QStringLiteral("Категория потребителя"), m.consumerGroup);
    row(QStringLiteral("Вопрос"), m.topic);
    row(QStringLiteral("Результат"), m.outcome);
    row(QStringLiteral("Входящий номер обращения"), m.appealNumber);
    html += QStringLiteral("</table>");
    if (!m.notes.isEmpty())
        html += QStringLiteral("<p><b>Разъяснения:</b> ") + e(m.notes) + QStringLiteral("</p>");
    if (!m.readings.isEmpty()) {
        html += QStringLiteral("<p><b>Приняты показания:</b></p><ul>");
        for (const MeterReading &r : m.readings) {
            html += QStringLiteral("<li>Счётчик № ") + e(r.meterNumber) + QStringLiteral(": ") +
                    (r.nightValue >= 0 ? QStringLiteral("день ") : QString()) + QString::number(r.dayValue) +
                    QStringLiteral(" кВт·ч");
            if (r.nightValue >= 0)
                html += QStringLiteral(", ночь ") + QString::number(r.nightValue) + QStringLiteral(" кВт·ч");
            html += QStringLiteral("</li>");
        }
        html += QStringLiteral("</ul>");
    }
    if (!m.documents.isEmpty()) {
        html += QStringLiteral("<p><b>Документы для заключения договора (") + e(m.consumerGroup) +
                QStringLiteral("):</b></p><ol>");
        for (const QString &d : m.documents)
            html += QStringLiteral("<li>") + e(d) + QStringLiteral("</li>");
        html += QStringLiteral("</ol>");
    }
    if (m.nextVisit.isValid())
        html += QStringLiteral("<p><b>Дата следующего визита:</b> ") +
                m.nextVisit.toString(QStringLiteral("dd.MM.yyyy")) + QStringLiteral("</p>");
    html += QStringLiteral("<p>Вопросы можно задать по телефону контакт-центра: <b>") + e(m.callCentrePhone) +
            QStringLiteral("</b></p><p style='font-size:9pt'>Вас обслужил(а): ") + e(m.consultant) +
            QStringLiteral("</p>");
    return html;
}

QString receiptHtml(const ReceiptInfo &r)
{
    const auto e = [](const QString &x) { return x.toHtmlEscaped(); };
    QString html = QStringLiteral("<div align='center'><p style='font-size:9pt'>") + e(r.organisation) +
                   QStringLiteral("<br/>") + e(r.centre) +
                   QStringLiteral("</p><p style='font-size:12pt'><b>") +
                   (r.reversal ? QStringLiteral("ВОЗВРАТ ПРИХОДА") : QStringLiteral("ПРИХОД")) +
                   QStringLiteral("</b></p></div><table width='100%' style='font-size:9pt'>");
    const auto row = [&](const QString &k, const QString &v) {
        if (!v.isEmpty())
            html += QStringLiteral("<tr><td>") + e(k) + QStringLiteral("</td><td align='right'>") + e(v) +
                    QStringLiteral("</td></tr>");
    };
    row(QStringLiteral("Смена №"), QString::number(r.shiftNumber));
    row(QStringLiteral("Чек №"), QString::number(r.receiptNumber));
    row(QStringLiteral("Талон"), r.ticket);
    row(QStringLiteral("Дата"), r.at.toString(QStringLiteral("dd.MM.yyyy HH:mm")));
    row(QStringLiteral("Лицевой счёт"), r.accountNumber);
    row(QStringLiteral("Назначение"), r.purpose);
    row(QStringLiteral("Способ оплаты"), r.method);
    row(QStringLiteral("Получено"), r.tendered);
    row(QStringLiteral("Сдача"), r.change);
    if (r.reversal) {
        row(QStringLiteral("Сторно чека №"),
            r.reversedReceipt ? QString::number(r.reversedReceipt) : QString());
        row(QStringLiteral("от"),
            r.reversedAt.isValid() ? r.reversedAt.toString(QStringLiteral("dd.MM.yyyy HH:mm")) : QString());
        row(QStringLiteral("Причина"), r.reason);
        row(QStringLiteral("Подтвердил"), r.approvedBy);
    }
    html += QStringLiteral("</table><p align='center' style='font-size:16pt'><b>ИТОГ: ") + e(r.amount) +
            QStringLiteral("</b></p><p style='font-size:8pt'>Кассир: ") + e(r.cashier) +
            QStringLiteral(
                "</p><p style='font-size:8pt'>Не является фискальным документом: кассовый чек по 54-ФЗ "
                "печатает контрольно-кассовая техника.</p>");
    return html;
}

QString shiftReportHtml(const ShiftReportInfo &r)
{
    const auto e = [](const QString &x) { return x.toHtmlEscaped(); };
    const auto hhmm = [](const QDateTime &t) {
        return t.isValid() ? t.toString(QStringLiteral("HH:mm")) : QStringLiteral("—");
    };
    const ShiftTotals &t = r.totals;
    QString html = QStringLiteral("<p align='center' style='font-size:9pt'>") + e(r.organisation) +
                   QStringLiteral("<br/>") + e(r.centre) +
                   QStringLiteral("</p><h2 align='center'>Отчёт о закрытии смены № ") +
                   QString::number(r.shiftNumber) + QStringLiteral("</h2><table cellpadding='3'>");
    const auto line = [&](const QString &k, const QString &v) {
        html += QStringLiteral("<tr><td>") + e(k) + QStringLiteral("</td><td><b>") + e(v) +
                QStringLiteral("</b></td></tr>");
    };
    line(QStringLiteral("Дата"), r.openedAt.toString(QStringLiteral("dd.MM.yyyy")));
    line(QStringLiteral("Смена открыта"), hhmm(r.openedAt));
    line(QStringLiteral("Смена закрыта"), r.closedAt.isValid() && r.closedAt.date() != r.openedAt.date()
                                              ? r.closedAt.toString(QStringLiteral("dd.MM.yyyy HH:mm"))
                                              : hhmm(r.closedAt));
    line(QStringLiteral("Окно"), r.desk);
    line(QStringLiteral("Кассир"), r.cashier);
    html += QStringLiteral(
        "</table><br/><table cellpadding='5' border='1' cellspacing='0' width='100%'>"
        "<tr><th></th><th>Количество</th><th>Наличными</th><th>Картой</th><th>Всего</th></tr>");
    const auto money = [&](const QString &what, const QString &count, qint64 cash, qint64 card, bool bold) {
        const QString b = bold ? QStringLiteral("<b>") : QString();
        const QString eb = bold ? QStringLiteral("</b>") : QString();
        html += QStringLiteral("<tr><td>") + b + e(what) + eb + QStringLiteral("</td><td align='right'>") +
                count + QStringLiteral("</td><td align='right'>") + b + formatRoubles(cash) + eb +
                QStringLiteral("</td><td align='right'>") + b + formatRoubles(card) + eb +
                QStringLiteral("</td><td align='right'>") + b + formatRoubles(cash + card) + eb +
                QStringLiteral("</td></tr>");
    };
    money(QStringLiteral("Платежи"), QString::number(t.payments), t.cashKopecks, t.cardKopecks, false);
    money(QStringLiteral("Сторно"), QString::number(t.reversals), t.cashRefundedKopecks,
          t.cardRefundedKopecks, false);
    money(QStringLiteral("Итого за смену"), QString(), t.netCashKopecks(),
          t.cardKopecks - t.cardRefundedKopecks, true);
    html += QStringLiteral("</table><p>Наличных в кассе по итогам смены: <b>") +
            formatRoubles(t.netCashKopecks()) +
            QStringLiteral("</b></p><br/><p>Кассир ____________________ ") + e(r.cashier) +
            QStringLiteral("</p><p style='font-size:8pt'>Не является фискальным документом: отчёт о закрытии "
                           "смены по 54-ФЗ печатает контрольно-кассовая техника.</p>");
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

Status printDirect(const QString &html, const QString &printerName, PaperSize size)
{
    const QPrinterInfo info =
        printerName.isEmpty() ? QPrinterInfo::defaultPrinter() : QPrinterInfo::printerInfo(printerName);
    if (info.isNull())
        return makeError(ErrorCode::Unavailable, printerName.isEmpty()
                                                     ? QStringLiteral("no default printer is set up")
                                                     : QStringLiteral("no printer named ") + printerName);
    QPrinter printer(info, QPrinter::HighResolution);
    if (!printer.isValid())
        return makeError(ErrorCode::Unavailable,
                         QStringLiteral("printer ") + info.printerName() + QStringLiteral(" is not usable"));
    render(html, printer, size);
    if (printer.printerState() == QPrinter::Error || printer.printerState() == QPrinter::Aborted)
        return makeError(ErrorCode::Unavailable, QStringLiteral("printer ") + info.printerName() +
                                                     QStringLiteral(" reported an error"));
    return {};
}

} // namespace okno::ui
