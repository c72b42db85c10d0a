#pragma once

#include <core/FrontOffice.h>

#include <QDialog>

class QLabel;
class QLineEdit;
class QPushButton;

namespace okno {

// Asks for a reversal of one payment: the reason and the manager's login and password. It stays
// open while the server decides: a refusal (a wrong password, an empty reason) is shown in the
// dialog and what was typed stays — only the password is asked again. `submitted` is each attempt.
class ReversalDialog final : public QDialog
{
    Q_OBJECT

public:
    ReversalDialog(const Payment &payment, const QString &paymentText, QWidget *parent = nullptr);

    const Payment &payment() const { return m_payment; }
    // The server refused the attempt: why, in the terminal's words.
    void refused(const QString &why);

Q_SIGNALS:
    void submitted(const QString &reason, const QString &managerLogin, const QString &managerPassword);

private:
    void submit();

    Payment m_payment;
    QLineEdit *m_reason = nullptr;
    QLineEdit *m_login = nullptr;
    QLineEdit *m_password = nullptr;
    QLabel *m_error = nullptr;
    QPushButton *m_ok = nullptr;
};

} // namespace okno
