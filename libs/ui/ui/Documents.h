#pragma once

#include <core/Result.h>

#include <QDateTime>
#include <QString>

class QWidget;

namespace okno::ui {

// What a visitor takes away on paper: the ticket now; the consultant's written memo (8.3.4) and
// the cashier's receipt are laid out the same way. Documents are HTML rendered by QTextDocument
// in DejaVu Sans (Cyrillic), printed to a printer or written to PDF.
struct TicketInfo
{
    QString organisation = QStringLiteral("Энергосбытовая компания");
    QString centre;
    QString ticket;      // "К-015"
    QString queue;       // "Консультация"
    QDateTime issuedAt;  // shown in the centre's time
    int ahead = 0;
    int expectedWaitMinutes = 0;
    QString priority;    // title, empty for none
};

QString ticketHtml(const TicketInfo &t);

// Writes the HTML as an A6 (ticket) or A4 (other documents) PDF.
enum class PaperSize { Ticket, A4 };
Status writePdf(const QString &html, const QString &path, PaperSize size = PaperSize::Ticket);
// Asks for a printer and prints; returns false when the person cancelled.
bool printDocument(const QString &html, QWidget *parent, PaperSize size = PaperSize::Ticket);

} // namespace okno::ui
