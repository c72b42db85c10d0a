#include "CashierWindow.h"

#include <protocol/Codec.h>
#include <protocol/Ops.h>
#include <protocol/Results.h>
#include <ui/Documents.h>
#include <ui/DomainText.h>
#include <ui/ErrorText.h>
#include <ui/Guarded.h>
#include <ui/ServingDesk.h>

#include "ReversalDialog.h"

#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QShortcut>
#include <QStandardItemModel>
#include <QTableView>
#include <QTimeZone>
#include <QUuid>
#include <QVBoxLayout>

namespace okno {

namespace ops = protocol::ops;
using ui::guarded;

namespace {
// What a payment is for, as the books and the visitor's receipt say it: Russian whatever the
// screen's language (like every printed document).
const QString kDefaultPurpose = QStringLiteral("Оплата электроэнергии");
} // namespace

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
    m_reverse->setEnabled(ready && open && !m_paying && selectedPayment().has_value());
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

    auto *right = new QWidget;
    auto *rightBox = new QVBoxLayout(right);
    rightBox->setContentsMargins(0, 0, 0, 0);
    auto *payment = new QGroupBox(tr("Платёж"));
    auto *form = new QFormLayout(payment);
    rightBox->addWidget(payment);
    m_account = new QLineEdit;
    m_account->setObjectName(QStringLiteral("account"));
    m_amount = new QLineEdit;
    m_amount->setObjectName(QStringLiteral("amount"));
    m_amount->setPlaceholderText(tr("рубли, например 1 234,56"));
    m_purpose = new QLineEdit(kDefaultPurpose);
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
        return b;
    };
    m_pay = button(tr("Принять оплату"), QStringLiteral("Ctrl+Return"), "pay", [this] { pay(); });
    // The key as it is printed on keyboards; the keypad's Enter does the same.
    m_pay->setText(tr("Принять оплату") + QStringLiteral("  [Ctrl+Enter]"));
    connect(new QShortcut(QKeySequence(QStringLiteral("Ctrl+Enter")), this), &QShortcut::activated, m_pay,
            &QPushButton::click);
    form->addRow(m_pay);

    // The shift's payments and reversals, newest first: the one to reverse is chosen here.
    auto *list = new QGroupBox(tr("Платежи смены"));
    auto *listBox = new QVBoxLayout(list);
    m_paymentModel = new QStandardItemModel(0, 6, this);
    m_paymentModel->setHorizontalHeaderLabels(
        {tr("Чек"), tr("Время"), tr("Лицевой счёт"), tr("Способ"), tr("Сумма"), tr("Отметка")});
    m_paymentTable = new QTableView;
    m_paymentTable->setObjectName(QStringLiteral("paymentTable"));
    m_paymentTable->setModel(m_paymentModel);
    m_paymentTable->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_paymentTable->setSelectionMode(QAbstractItemView::SingleSelection);
    m_paymentTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_paymentTable->verticalHeader()->hide();
    m_paymentTable->setWordWrap(false);
    m_paymentTable->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_paymentTable->horizontalHeader()->setSectionResizeMode(5, QHeaderView::Stretch);
    m_paymentTable->setMinimumHeight(120);
    listBox->addWidget(m_paymentTable);
    connect(m_paymentTable->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &CashierWindow::updateButtons);
    m_reverse = button(tr("Сторно выбранного платежа…"), QString(), "reverse", [this] { reverseSelected(); });
    listBox->addWidget(m_reverse);
    rightBox->addWidget(list, 1);

    // The shift itself: side by side, below the day's work.
    auto *shiftRow = new QHBoxLayout;
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
    shiftRow->addWidget(m_openShift);
    shiftRow->addWidget(m_closeShift);
    rightBox->addLayout(shiftRow);
    columns->addWidget(right, 3);
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
    m_client->call(
        ops::ShiftCurrent, {}, guarded(this, [this](const Result<QJsonObject> &r) {
            if (!r)
                return showError(r.error());
            const auto shift = protocol::cashShiftFromJson(r->value(QStringLiteral("shift")).toObject());
            m_shift = shift ? std::optional<CashShift>(*shift) : std::nullopt;
            m_shiftKnown = true;
            updateButtons();
            refreshPayments();
            const auto totals = protocol::shiftTotalsFromJson(r->value(QStringLiteral("totals")).toObject());
            if (!m_shift) {
                m_shiftLabel->setText(tr("Смена не открыта"));
                return;
            }
            m_shiftLabel->setText(tr("Смена № %1 · платежей: %2 · итого %3")
                                      .arg(m_shift->number)
                                      .arg(totals ? totals->payments : 0)
                                      .arg(ui::DomainText::money(totals ? totals->netKopecks() : 0)));
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
    m_purpose->setText(kDefaultPurpose);
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
        m_change->setText(ui::DomainText::money(*tendered - *amount));
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
        problem = tr("Сумма слишком велика: не больше %1.").arg(ui::DomainText::money(kMaxPaymentKopecks));
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
        !confirm(tr("Крупная сумма"), tr("Сумма %1 больше %2. Принять платёж на %1 по лицевому счёту %3?")
                                          .arg(ui::DomainText::money(*amount),
                                               ui::DomainText::money(m_confirmAboveKopecks), account))) {
        m_fieldError->setText(
            tr("Платёж не принят: сумма %1 не подтверждена.").arg(ui::DomainText::money(*amount)));
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
                    updateButtons();
                    (void)m_fiscal->registerPayment(*p);
                    ui::ReceiptInfo ri;
                    ri.centre = centre().value(QStringLiteral("name")).toString();
                    ri.shiftNumber = m_shift ? m_shift->number : 0;
                    ri.receiptNumber = p->receiptNumber;
                    if (const auto &v = m_desk->current(); v && v->id == p->visitId && v->currentStage())
                        ri.ticket = v->currentStage()->ticket;
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
                                 .arg(ui::DomainText::money(p->amountKopecks),
                                      ui::DomainText::money(p->changeKopecks)));
                    m_amount->clear();
                    m_tendered->clear();
                    refreshShift();
                }),
        true);
}

void CashierWindow::refreshPayments()
{
    if (!m_shift) {
        m_payments.clear();
        m_paymentModel->removeRows(0, m_paymentModel->rowCount());
        return updateButtons();
    }
    m_client->call(
        ops::PaymentList, {{QStringLiteral("shiftId"), double(m_shift->id)}},
        guarded(this, [this, shiftId = m_shift->id](const Result<QJsonObject> &r) {
            if (!r)
                return showError(r.error());
            if (!m_shift || m_shift->id != shiftId)
                return;
            const std::optional<Payment> selected = selectedPayment();
            m_payments.clear();
            for (const auto &v : r->value(QStringLiteral("payments")).toArray())
                if (auto p = protocol::paymentFromJson(v.toObject()))
                    m_payments.append(*p);
            std::sort(m_payments.begin(), m_payments.end(),
                      [](const Payment &a, const Payment &b) { return a.receiptNumber > b.receiptNumber; });
            QHash<Id, int> receiptOf;
            QHash<Id, int> reversedBy; // payment id → the receipt number of its reversal
            for (const Payment &p : std::as_const(m_payments)) {
                receiptOf.insert(p.id, p.receiptNumber);
                if (p.isReversal())
                    reversedBy.insert(p.reversalOf, p.receiptNumber);
            }
            m_paymentModel->removeRows(0, m_paymentModel->rowCount());
            for (const Payment &p : std::as_const(m_payments)) {
                QString note;
                if (p.isReversal())
                    note = tr("сторно чека № %1").arg(receiptOf.value(p.reversalOf));
                else if (reversedBy.contains(p.id))
                    note = tr("сторнирован (чек № %1)").arg(reversedBy.value(p.id));
                QList<QStandardItem *> row{
                    new QStandardItem(QString::number(p.receiptNumber)),
                    new QStandardItem(inCentreTime(p.at).toString(QStringLiteral("HH:mm"))),
                    new QStandardItem(p.accountNumber),
                    new QStandardItem(ui::DomainText::paymentMethod(p.method)),
                    new QStandardItem((p.isReversal() ? QStringLiteral("−") : QString()) +
                                      ui::DomainText::money(p.amountKopecks)),
                    new QStandardItem(note)};
                row[0]->setData(double(p.id), Qt::UserRole);
                row[4]->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
                if (!note.isEmpty())
                    for (QStandardItem *item : row)
                        item->setForeground(QColor(0x8a, 0x8a, 0x8a));
                m_paymentModel->appendRow(row);
            }
            // The selection stays on the same payment across a refresh.
            if (selected)
                for (int row = 0; row < m_paymentModel->rowCount(); ++row)
                    if (Id(m_paymentModel->item(row, 0)->data(Qt::UserRole).toDouble()) == selected->id)
                        m_paymentTable->selectRow(row);
            updateButtons();
        }));
}

std::optional<Payment> CashierWindow::selectedPayment() const
{
    if (!m_paymentTable)
        return std::nullopt;
    const auto rows = m_paymentTable->selectionModel()->selectedRows();
    if (rows.isEmpty())
        return std::nullopt;
    const Id id = Id(m_paymentModel->item(rows.first().row(), 0)->data(Qt::UserRole).toDouble());
    // A reversal, or a payment already reversed, cannot be reversed (again).
    for (const Payment &p : m_payments)
        if (p.reversalOf == id)
            return std::nullopt;
    for (const Payment &p : m_payments)
        if (p.id == id && !p.isReversal())
            return p;
    return std::nullopt;
}

void CashierWindow::reverseSelected()
{
    const auto payment = selectedPayment();
    if (!payment)
        return showProblem(tr("Выберите в списке платёж, который нужно сторнировать."));
    auto *dialog =
        new ReversalDialog(*payment,
                           tr("чек № %1 от %2: %3, лицевой счёт %4, %5")
                               .arg(payment->receiptNumber)
                               .arg(inCentreTime(payment->at).toString(QStringLiteral("HH:mm")),
                                    ui::DomainText::money(payment->amountKopecks), payment->accountNumber,
                                    ui::DomainText::paymentMethod(payment->method)),
                           this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &ReversalDialog::submitted, this,
            [this, dialog](const QString &reason, const QString &login, const QString &password) {
                reverse(dialog, reason, login, password);
            });
    dialog->open();
}

void CashierWindow::reverse(ReversalDialog *dialog, const QString &reason, const QString &login,
                            const QString &password)
{
    const Payment original = dialog->payment();
    m_client->call(
        ops::PaymentReverse,
        {{QStringLiteral("paymentId"), double(original.id)},
         {QStringLiteral("reason"), reason},
         {QStringLiteral("managerLogin"), login},
         {QStringLiteral("managerPassword"), password},
         {QStringLiteral("idempotencyKey"), QUuid::createUuid().toString(QUuid::WithoutBraces)}},
        guarded(this,
                [this, dialog = QPointer<ReversalDialog>(dialog), original](const Result<QJsonObject> &r) {
                    if (!r) {
                        if (dialog)
                            return dialog->refused(ui::errorText(r.error()));
                        return showError(r.error());
                    }
                    const auto p = protocol::paymentFromJson(r->value(QStringLiteral("payment")).toObject());
                    if (dialog)
                        dialog->accept();
                    if (!p)
                        return showError(p.error());
                    (void)m_fiscal->registerPayment(*p);
                    const QJsonObject manager = r->value(QStringLiteral("approvedBy")).toObject();
                    ui::ReceiptInfo ri;
                    ri.centre = centre().value(QStringLiteral("name")).toString();
                    ri.shiftNumber = m_shift ? m_shift->number : 0;
                    ri.receiptNumber = p->receiptNumber;
                    ri.at = inCentreTime(p->at);
                    ri.accountNumber = p->accountNumber;
                    ri.purpose = original.purpose;
                    ri.amount = formatRoubles(p->amountKopecks);
                    ri.method = ui::documentText::paymentMethod(p->method); // the document is Russian
                    ri.reversal = true;
                    ri.reversedReceipt = original.receiptNumber;
                    ri.reversedAt = inCentreTime(original.at);
                    ri.reason = p->reason;
                    ri.approvedBy = QStringList{manager.value(QStringLiteral("fullName")).toString(),
                                                manager.value(QStringLiteral("position")).toString()}
                                        .join(QStringLiteral(", "));
                    ri.cashier = staff().value(QStringLiteral("fullName")).toString();
                    // On A4: it carries a manager's confirmation and is kept with the shift's report.
                    writeDocument(QStringLiteral("reversal-%1-%2").arg(ri.shiftNumber).arg(ri.receiptNumber),
                                  ui::receiptHtml(ri), true);
                    showInfo(tr("Чек № %1 на %2 сторнирован.")
                                 .arg(original.receiptNumber)
                                 .arg(ui::DomainText::money(original.amountKopecks)));
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
        guarded(this,
                [this](const Result<QJsonObject> &r) {
                    if (!r)
                        return showError(r.error());
                    const auto report = protocol::shiftReportFromJson(*r);
                    if (!report)
                        return showError(report.error());
                    (void)m_fiscal->closeShift(report->shift, report->totals);
                    const ShiftTotals &t = report->totals;
                    ui::ShiftReportInfo info;
                    info.centre = centre().value(QStringLiteral("name")).toString();
                    info.desk = QString::number(deskNumber());
                    info.cashier = staff().value(QStringLiteral("fullName")).toString();
                    info.shiftNumber = report->shift.number;
                    info.openedAt = inCentreTime(report->shift.openedAt);
                    info.closedAt = inCentreTime(report->shift.closedAt);
                    info.totals = t;
                    const QString html = ui::shiftReportHtml(info);
                    writeDocument(QStringLiteral("shift-%1").arg(report->shift.number), html, true);
                    showInfo(tr("Смена закрыта: итого %1.").arg(ui::DomainText::money(t.netKopecks())));
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
