#pragma once

#include <client/Client.h>
#include <core/FrontOffice.h>
#include <ui/FiscalRegister.h>
#include <ui/TerminalWindow.h>

#include <QMainWindow>

#include <memory>

class QComboBox;
class QStandardItemModel;
class QTableView;
class QLabel;
class QLineEdit;
class QPushButton;

namespace okno::ui {
class ServingDesk;
}

namespace okno {

// The operator-cashier's terminal (оператор, контролер-кассир): calls the next visitor, sees the
// account the consultant recorded, records a payment (integer kopecks, change for cash) exactly
// once, prints the receipt, opens and closes the cash shift with its report, lists the shift's
// payments, and reverses a mistaken one chosen there only with a manager's credentials, printing
// the reversal.
class CashierWindow final : public ui::TerminalWindow
{
    Q_OBJECT

public:
    CashierWindow(Client *client, QString pdfDir, QWidget *parent = nullptr);
    QString lastPdf() const { return m_lastPdf; }
    // Payments above this (kopecks) are recorded only after the cashier confirms the amount:
    // a slip of the keyboard (99 999 999,00 ₽) is caught before it is in the books. `--confirm-above`
    // or the setting `cashier/confirmAboveRoubles`; 100 000,00 ₽ by default.
    void setConfirmAboveKopecks(qint64 kopecks) { m_confirmAboveKopecks = kopecks; }
    static constexpr qint64 kDefaultConfirmAboveKopecks = Q_INT64_C(100'000'00);

private:
    void buildUi();
    void statusLoaded(const QJsonObject &status) override;
    void refreshShift();
    void handleCurrent(const std::optional<Visit> &v);
    void updateChange();
    void pay();
    void refreshPayments();
    void reverseSelected();
    void reverse(class ReversalDialog *dialog, const QString &reason, const QString &login,
                 const QString &password);
    std::optional<Payment> selectedPayment() const;
    void openShift();
    void closeShift();
    void updateButtons();
    bool confirm(const QString &title, const QString &question);
    void writeDocument(const QString &name, const QString &html, bool a4);

    Client *m_client;
    QString m_pdfDir;
    QString m_lastPdf;
    std::unique_ptr<ui::FiscalRegister> m_fiscal = std::make_unique<ui::NoFiscalRegister>();
    std::optional<CashShift> m_shift;
    bool m_shiftKnown = false; // the answer to shift.current has come
    bool m_paying = false;     // a payment is on its way to the server
    qint64 m_confirmAboveKopecks = kDefaultConfirmAboveKopecks;
    QList<Payment> m_payments; // the open shift's payments and reversals, as the server lists them
    QStandardItemModel *m_paymentModel = nullptr;
    QTableView *m_paymentTable = nullptr;
    Id m_shownVisit = 0;
    ui::ServingDesk *m_desk = nullptr;
    QLabel *m_shiftLabel = nullptr;
    QLineEdit *m_account = nullptr;
    QLineEdit *m_amount = nullptr;
    QLineEdit *m_purpose = nullptr;
    QComboBox *m_method = nullptr;
    QLineEdit *m_tendered = nullptr;
    QLabel *m_change = nullptr;
    QLabel *m_fieldError = nullptr;
    QPushButton *m_pay = nullptr;
    QPushButton *m_reverse = nullptr;
    QPushButton *m_openShift = nullptr;
    QPushButton *m_closeShift = nullptr;
};

} // namespace okno
