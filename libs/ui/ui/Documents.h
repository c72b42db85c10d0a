#pragma once

#include <core/FrontOffice.h>
#include <core/Result.h>

#include <QDate>
#include <QDateTime>
#include <QString>
#include <QStringList>

class QWidget;

namespace okno::ui {

// What a visitor takes away on paper: the ticket now; the consultant's written memo (8.3.4) and
// the cashier's receipt are laid out the same way. Documents are HTML rendered by QTextDocument
// in DejaVu Sans (Cyrillic), printed to a printer or written to PDF.
struct TicketInfo
{
    QString organisation = QStringLiteral("Энергосбытовая компания");
    QString centre;
    QString ticket;     // "К-015"
    QString queue;      // "Консультация"
    QDateTime issuedAt; // shown in the centre's time
    int ahead = 0;
    int expectedWaitMinutes = 0;
    QString priority; // title, empty for none
};

QString ticketHtml(const TicketInfo &t);

// The consultant's written memo (standard 8.3.4): what was discussed, the documents the visitor's
// consumer group needs, the date of the next visit, the call-centre phone.
struct MemoInfo
{
    QString organisation = QStringLiteral("Энергосбытовая компания");
    QString centre;
    QString centreAddress;
    QString callCentrePhone;
    QString ticket;
    QString accountNumber;
    QString consumerGroup; // title
    QString topic;         // title
    QString outcome;       // title
    QString notes;
    QStringList documents;
    QDate nextVisit; // invalid = none
    QString appealNumber;
    QList<MeterReading> readings; // the meter readings taken
    QString consultant;           // full name and position
    QDateTime at;
};
QString memoHtml(const MemoInfo &m);

// A receipt of a payment or a reversal (the 54-ФЗ fiscal receipt comes from the fiscal register;
// this is the centre's own slip).
struct ReceiptInfo
{
    QString organisation = QStringLiteral("Энергосбытовая компания");
    QString centre;
    int shiftNumber = 0;
    int receiptNumber = 0;
    QString ticket; // the visitor's one number, when the payment is taken for a visit
    QDateTime at;
    QString accountNumber;
    QString purpose;
    QString amount;   // formatted roubles
    QString method;   // "наличными" / "картой"
    QString tendered; // cash only
    QString change;
    bool reversal = false;
    QString cashier;
    // A reversal: the receipt it undoes, why, and the manager who confirmed it.
    int reversedReceipt = 0;
    QDateTime reversedAt;
    QString reason;
    QString approvedBy; // full name and position
};
QString receiptHtml(const ReceiptInfo &r);

// The report printed when a cash shift is closed (A4): the day, the shift's times, and payments
// and reversals apart — how many and how much, in cash and by card — then what is left.
struct ShiftReportInfo
{
    QString organisation = QStringLiteral("Энергосбытовая компания");
    QString centre;
    QString desk; // its number
    QString cashier;
    int shiftNumber = 0;
    QDateTime openedAt; // in the centre's time
    QDateTime closedAt;
    ShiftTotals totals;
};
QString shiftReportHtml(const ShiftReportInfo &r);

// Writes the HTML as an A6 (ticket) or A4 (other documents) PDF.
enum class PaperSize
{
    Ticket,
    A4
};
Status writePdf(const QString &html, const QString &path, PaperSize size = PaperSize::Ticket);
// Asks for a printer and prints; returns false when the person cancelled.
bool printDocument(const QString &html, QWidget *parent, PaperSize size = PaperSize::Ticket);
// Prints without asking (a kiosk has nobody to answer a print dialog): to the printer of that
// name, or the system's default one. Fails, saying why, when there is no such printer or the
// printer reports an error.
Status printDirect(const QString &html, const QString &printerName = {}, PaperSize size = PaperSize::Ticket);

} // namespace okno::ui
