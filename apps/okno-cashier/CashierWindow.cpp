#include "CashierWindow.h"

#include <protocol/Codec.h>
#include <protocol/Ops.h>
#include <protocol/Results.h>
#include <ui/Documents.h>
#include <ui/DomainText.h>
#include <ui/ErrorText.h>
#include <ui/Guarded.h>
#include <ui/ServingDesk.h>

#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QShortcut>
#include <QTimeZone>
#include <QUuid>
#include <QVBoxLayout>

namespace okno {

namespace ops = protocol::ops;
using ui::guarded;

CashierWindow::CashierWindow(Client *client, QString pdfDir, QWidget *parent)
    : ui::TerminalWindow(client, tr("Окно — касса"), parent)
    , m_client(client)
    , m_pdfDir(std::move(pdfDir))
{
    buildUi();
    connect(m_client, &Client::stateChanged, this, &CashierWindow::updateButtons);
    connect(m_client, &Client::visitChanged, this, [this](const Visit &v) { m_desk->applyVisit(v); });
    updateButtons();
}

void CashierWindow::updateButtons()
{
    // Each button only when its action is possible: a payment or a reversal needs an open shift,
    // a shift is opened when there is none and closed when there is one.
    const bool ready = m_client->isReady();
    m_desk->setServerAvailable(ready);
    const bool open = m_shiftKnown && m_shift.has_value();
    m_pay->setEnabled(ready && open && !m_paying);
    m_reverse->setEnabled(ready && open && !m_paying && m_lastPayment.has_value());
    m_openShift->setEnabled(ready && m_shiftKnown && !m_shift);
    m_closeShift->setEnabled(ready && open && !m_paying);
}

bool CashierWindow::confirm(const QString &title, const QString &question)
{
    // «Нет» is the default: Enter pressed by habit records nothing.
    return QMessageBox::question(this, title, question, QMessageBox::Yes | QMessageBox::No,
                                 QMessageBox::No) == QMessageBox::Yes;
}

void CashierWindow::buildUi()
{
    m_shiftLabel = new QLabel(tr("Смена не открыта"));
    m_shiftLabel->setObjectName(QStringLiteral("shiftLabel"));
    topBar()->addWidget(m_shiftLabel);
    QHBoxLayout *columns = this->columns();

    m_desk = new ui::ServingDesk(m_client, StageRole::Cashier);
    connect(m_desk, &ui::ServingDesk::failed, this, &CashierWindow::showError);
    connect(m_desk, &ui::ServingDesk::currentChanged, this, &CashierWindow::handleCurrent);
    connect(m_desk, &ui::ServingDesk::shiftEnded, this, &QWidget::close);
    columns->addWidget(m_desk, 2);

    auto *payment = new QGroupBox(tr("Платёж"));
    auto *form = new QFormLayout(payment);
    m_account = new QLineEdit;
    m_account->setObjectName(QStringLiteral("account"));
    m_amount = new QLineEdit;
    m_amount->setObjectName(QStringLiteral("amount"));
    m_amount->setPlaceholderText(tr("рубли, например 1 234,56"));
    m_purpose = new QLineEdit(tr("Оплата электроэнергии"));
    m_purpose->setObjectName(QStringLiteral("purpose"));
    m_method = new QComboBox;
    m_method->setObjectName(QStringLiteral("method"));
    m_method->addItem(tr("Наличными"), QStringLiteral("cash"));
    m_method->addItem(tr("Картой"), QStringLiteral("card"));
    m_tendered = new QLineEdit;
    m_tendered->setObjectName(QStringLiteral("tendered"));
    m_change = new QLabel(QStringLiteral("—"));
    m_change->setObjectName(QStringLiteral("change"));
    m_change->setStyleSheet(QStringLiteral("font-size:18pt; font-weight:700;"));
    m_fieldError = new QLabel;
    m_fieldError->setObjectName(QStringLiteral("fieldError"));
    m_fieldError->setStyleSheet(QStringLiteral("color:#c62828;"));
    m_fieldError->setWordWrap(true);
    form->addRow(tr("Лицевой счёт"), m_account);
    form->addRow(tr("Сумма, ₽"), m_amount);
    form->addRow(tr("Назначение"), m_purpose);
    form->addRow(tr("Способ"), m_method);
    form->addRow(tr("Получено, ₽"), m_tendered);
    form->addRow(tr("Сдача"), m_change);
    form->addRow(m_fieldError);
    connect(m_amount, &QLineEdit::textChanged, this, &CashierWindow::updateChange);
    connect(m_tendered, &QLineEdit::textChanged, this, &CashierWindow::updateChange);
    connect(m_method, &QComboBox::currentIndexChanged, this, [this] {
        m_tendered->setEnabled(m_method->currentData().toString() == QStringLiteral("cash"));
        updateChange();
    });
    const auto button = [&](const QString &text, const QString &key, const char *name, auto &&slot) {
        auto *b =
            new QPushButton(key.isEmpty() ? text : text + QStringLiteral("  [") + key + QLatin1Char(']'));
        b->setObjectName(QString::fromLatin1(name));
        b->setMinimumHeight(36);
        connect(b, &QPushButton::clicked, this, slot);
        if (!key.isEmpty()) {
            auto *s = new QShortcut(QKeySequence(key), this);
            connect(s, &QShortcut::activated, b, &QPushButton::click);
        }
        form->addRow(b);
        return b;
    };
    m_pay = button(tr("Принять оплату"), QStringLiteral("Ctrl+Return"), "pay", [this] { pay(); });
    m_reverse = button(tr("Сторно последнего платежа…"), QString(), "reverse", [this] { reverseLast(); });
    m_openShift = button(tr("Открыть смену"), QString(), "openShift", [this] { openShift(); });
    m_closeShift = button(tr("Закрыть смену и отчёт"), QString(), "closeShift", [this] {
        if (!m_shift)
            return;
        if (confirm(tr("Закрыть смену"),
                    tr("Закрыть смену № %1 и напечатать отчёт? В закрытой смене платежи и сторно "
                       "невозможны.")
                        .arg(m_shift->number)))
            closeShift();
    });
    columns->addWidget(payment, 3);
    resize(1200, 720);
}

void CashierWindow::statusLoaded(const QJsonObject &status)
{
    m_desk->setContext(centre(), deskId(), serverOffsetMs());
    m_desk->adopt(visitAtMyDesk(status));
    refreshShift();
}

void CashierWindow::refreshShift()
{
    m_client->call(ops::ShiftCurrent, {}, guarded(this, [this](const Result<QJsonObject> &r) {
                       if (!r)
                           return showError(r.error());
                       const auto shift =
                           protocol::cashShiftFromJson(r->value(QStringLiteral("shift")).toObject());
                       m_shift = shift ? std::optional<CashShift>(*shift) : std::nullopt;
                       m_shiftKnown = true;
                       updateButtons();
                       const auto totals =
                           protocol::shiftTotalsFromJson(r->value(QStringLiteral("totals")).toObject());
                       if (!m_shift) {
                           m_shiftLabel->setText(tr("Смена не открыта"));
                           return;
                       }
                       m_shiftLabel->setText(tr("Смена № %1 · платежей: %2 · итого %3")
                                                 .arg(m_shift->number)
                                                 .arg(totals ? totals->payments : 0)
                                                 .arg(formatRoubles(totals ? totals->netKopecks() : 0)));
                   }));
}

void CashierWindow::handleCurrent(const std::optional<Visit> &v)
{
    if (!v) {
        m_shownVisit = 0;
        return;
    }
    if (m_shownVisit == v->id)
        return;
    m_shownVisit = v->id;
    // A fresh form for every visitor: nothing of the previous one's payment stays.
    m_account->setText(v->accountNumber);
    m_amount->clear();
    m_tendered->clear();
    m_method->setCurrentIndex(0);
    m_purpose->setText(tr("Оплата электроэнергии"));
    // The account the consultant confirmed wins over what reception heard.
    m_client->call(ops::ConsultationGet, {{QStringLiteral("visitId"), double(v->id)}},
                   guarded(this, [this, id = v->id](const Result<QJsonObject> &r) {
                       if (!r || m_shownVisit != id)
                           return;
                       const QJsonArray list = r->value(QStringLiteral("consultations")).toArray();
                       if (!list.isEmpty()) {
                           const QString account =
                               list.last().toObject().value(QStringLiteral("accountNumber")).toString();
                           if (!account.isEmpty())
                               m_account->setText(account);
                       }
                   }));
}

void CashierWindow::updateChange()
{
    m_fieldError->clear();
    const auto amount = parseRoubles(m_amount->text());
    const auto tendered = parseRoubles(m_tendered->text());
    if (m_method->currentData().toString() != QStringLiteral("cash"))
        m_change->setText(QStringLiteral("—"));
    else if (amount && tendered && *tendered >= *amount)
        m_change->setText(formatRoubles(*tendered - *amount));
    else
        m_change->setText(QStringLiteral("—"));
}

void CashierWindow::pay()
{
    // Everything is checked at the field first: nothing half-written reaches the server.
    const QString account = normaliseAccountNumber(m_account->text().trimmed());
    const bool cash = m_method->currentData().toString() == QStringLiteral("cash");
    const auto amount = parseRoubles(m_amount->text());
    const auto tendered = parseRoubles(m_tendered->text());
    QString problem;
    if (account.isEmpty() || !validateAccountNumber(account))
        problem = tr("Лицевой счёт — от 6 до 20 цифр.");
    else if (!amount)
        problem = tr("Сумма — число рублей с копейками, например 1 234,56.");
    else if (*amount <= 0)
        problem = tr("Сумма должна быть больше нуля.");
    else if (*amount > kMaxPaymentKopecks)
        problem = tr("Сумма слишком велика: не больше %1.").arg(formatRoubles(kMaxPaymentKopecks));
    else if (m_purpose->text().trimmed().isEmpty())
        problem = tr("Укажите назначение платежа.");
    else if (cash && (!tendered || *tendered < *amount))
        problem = tr("Полученная сумма меньше суммы платежа.");
    if (!problem.isEmpty()) {
        m_fieldError->setText(problem);
        return;
    }
    // Plausible, or confirmed with the amount spelled out: a few zeros too many are caught here.
    if (*amount > m_confirmAboveKopecks &&
        !confirm(tr("Крупная сумма"),
                 tr("Сумма %1 больше %2. Принять платёж на %1 по лицевому счёту %3?")
                     .arg(formatRoubles(*amount), formatRoubles(m_confirmAboveKopecks), account))) {
        m_fieldError->setText(tr("Платёж не принят: сумма %1 не подтверждена.").arg(formatRoubles(*amount)));
        m_amount->setFocus();
        return;
    }
    QJsonObject body{{QStringLiteral("accountNumber"), account},
                     {QStringLiteral("amountKopecks"), double(*amount)},
                     {QStringLiteral("purpose"), m_purpose->text().trimmed()},
                     {QStringLiteral("method"), m_method->currentData().toString()},
                     // One key per payment the cashier takes: a retry after a lost answer repeats it.
                     {QStringLiteral("idempotencyKey"), QUuid::createUuid().toString(QUuid::WithoutBraces)}};
    if (cash)
        body.insert(QStringLiteral("tenderedKopecks"), double(*tendered));
    if (const auto &v = m_desk->current())
        body.insert(QStringLiteral("visitId"), double(v->id));
    m_paying = true;
    updateButtons();
    m_client->call(
        ops::PaymentRecord, body,
        guarded(this,
                [this](const Result<QJsonObject> &r) {
                    m_paying = false;
                    updateButtons();
                    if (!r)
                        return showError(r.error());
                    const auto p = protocol::paymentFromJson(r->value(QStringLiteral("payment")).toObject());
                    if (!p)
                        return showError(p.error());
                    m_lastPayment = *p;
                    updateButtons();
                    (void)m_fiscal->registerPayment(*p);
                    ui::ReceiptInfo ri;
                    ri.centre = centre().value(QStringLiteral("name")).toString();
                    ri.shiftNumber = m_shift ? m_shift->number : 0;
                    ri.receiptNumber = p->receiptNumber;
                    const QTimeZone zone(centre()
                                             .value(QStringLiteral("schedule"))
                                             .toObject()
                                             .value(QStringLiteral("timeZone"))
                                             .toString()
                                             .toUtf8());
                    ri.at = p->at.toTimeZone(zone.isValid() ? zone : QTimeZone::systemTimeZone());
                    ri.accountNumber = p->accountNumber;
                    ri.purpose = p->purpose;
                    ri.amount = formatRoubles(p->amountKopecks);
                    ri.method = ui::documentText::paymentMethod(p->method); // the receipt is Russian
                    if (p->method == PaymentMethod::Cash) {
                        ri.tendered = formatRoubles(p->tenderedKopecks);
                        ri.change = formatRoubles(p->changeKopecks);
                    }
                    ri.cashier = staff().value(QStringLiteral("fullName")).toString();
                    writeDocument(QStringLiteral("receipt-%1-%2").arg(ri.shiftNumber).arg(ri.receiptNumber),
                                  ui::receiptHtml(ri), false);
                    showInfo(tr("Платёж принят: %1, сдача %2")
                                 .arg(formatRoubles(p->amountKopecks), formatRoubles(p->changeKopecks)));
                    m_amount->clear();
                    m_tendered->clear();
                    refreshShift();
                }),
        true);
}

void CashierWindow::reverseLast()
{
    if (!m_lastPayment)
        return showProblem(tr("Нет платежа для сторно в этой смене."));
    QDialog dialog(this);
    dialog.setWindowTitle(tr("Сторно — подтверждение руководителя"));
    auto *form = new QFormLayout(&dialog);
    auto *reason = new QLineEdit;
    auto *login = new QLineEdit;
    auto *password = new QLineEdit;
    password->setEchoMode(QLineEdit::Password);
    form->addRow(tr("Платёж"), new QLabel(formatRoubles(m_lastPayment->amountKopecks) + QStringLiteral(", ") +
                                          m_lastPayment->accountNumber));
    form->addRow(tr("Причина"), reason);
    form->addRow(tr("Логин руководителя"), login);
    form->addRow(tr("Пароль руководителя"), password);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    if (dialog.exec() != QDialog::Accepted)
        return;
    m_client->call(
        ops::PaymentReverse,
        {{QStringLiteral("paymentId"), double(m_lastPayment->id)},
         {QStringLiteral("reason"), reason->text().trimmed()},
         {QStringLiteral("managerLogin"), login->text().trimmed()},
         {QStringLiteral("managerPassword"), password->text()},
         {QStringLiteral("idempotencyKey"), QUuid::createUuid().toString(QUuid::WithoutBraces)}},
        guarded(this,
                [this](const Result<QJsonObject> &r) {
                    if (!r)
                        return showError(r.error());
                    if (auto p = protocol::paymentFromJson(r->value(QStringLiteral("payment")).toObject()))
                        (void)m_fiscal->registerPayment(*p);
                    m_lastPayment.reset();
                    updateButtons();
                    showInfo(tr("Платёж сторнирован."));
                    refreshShift();
                }),
        true);
}

void CashierWindow::openShift()
{
    m_client->call(
        ops::ShiftOpen, {},
        guarded(this,
                [this](const Result<QJsonObject> &r) {
                    if (!r)
                        return showError(r.error());
                    if (auto s = protocol::cashShiftFromJson(r->value(QStringLiteral("shift")).toObject()))
                        (void)m_fiscal->openShift(*s);
                    showInfo(tr("Смена открыта."));
                    refreshShift();
                }),
        true);
}

void CashierWindow::closeShift()
{
    m_client->call(
        ops::ShiftClose, {},
        guarded(
            this,
            [this](const Result<QJsonObject> &r) {
                if (!r)
                    return showError(r.error());
                const auto report = protocol::shiftReportFromJson(*r);
                if (!report)
                    return showError(report.error());
                (void)m_fiscal->closeShift(report->shift, report->totals);
                const ShiftTotals &t = report->totals;
                QString html =
                    QStringLiteral("<h2 align='center'>Отчёт о закрытии смены № ") +
                    QString::number(report->shift.number) + QStringLiteral("</h2><p align='center'>") +
                    centre().value(QStringLiteral("name")).toString().toHtmlEscaped() +
                    QStringLiteral("<br/>Кассир: ") +
                    staff().value(QStringLiteral("fullName")).toString().toHtmlEscaped() +
                    QStringLiteral("</p><table cellpadding='4' border='1' cellspacing='0' width='100%'>") +
                    QStringLiteral("<tr><th></th><th>Приход</th><th>Возврат прихода</th><th>Итого</th></tr>");
                html += QStringLiteral("<tr><td>Наличными</td><td align='right'>") +
                        formatRoubles(t.cashKopecks) + QStringLiteral("</td><td align='right'>") +
                        formatRoubles(t.cashRefundedKopecks) + QStringLiteral("</td><td align='right'>") +
                        formatRoubles(t.netCashKopecks()) + QStringLiteral("</td></tr>");
                html += QStringLiteral("<tr><td>Картой</td><td align='right'>") +
                        formatRoubles(t.cardKopecks) + QStringLiteral("</td><td align='right'>") +
                        formatRoubles(t.cardRefundedKopecks) + QStringLiteral("</td><td align='right'>") +
                        formatRoubles(t.cardKopecks - t.cardRefundedKopecks) + QStringLiteral("</td></tr>");
                html += QStringLiteral("<tr><td><b>Всего</b></td><td></td><td></td><td align='right'><b>") +
                        formatRoubles(t.netKopecks()) +
                        QStringLiteral("</b></td></tr></table><p>Платежей: ") + QString::number(t.payments) +
                        QStringLiteral(", возвратов: ") + QString::number(t.reversals) +
                        QStringLiteral("</p>");
                writeDocument(QStringLiteral("shift-%1").arg(report->shift.number), html, true);
                showInfo(tr("Смена закрыта: итого %1.").arg(formatRoubles(t.netKopecks())));
                m_lastPayment.reset();
                updateButtons();
                refreshShift();
            }),
        true);
}

void CashierWindow::writeDocument(const QString &name, const QString &html, bool a4)
{
    if (m_pdfDir.isEmpty()) {
        ui::printDocument(html, this, a4 ? ui::PaperSize::A4 : ui::PaperSize::Ticket);
        return;
    }
    QDir().mkpath(m_pdfDir);
    m_lastPdf = QDir(m_pdfDir).filePath(name + QStringLiteral(".pdf"));
    if (auto s = ui::writePdf(html, m_lastPdf, a4 ? ui::PaperSize::A4 : ui::PaperSize::Ticket); !s)
        showError(s.error());
}

} // namespace okno
