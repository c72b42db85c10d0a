#include "ReversalDialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>

namespace okno {

ReversalDialog::ReversalDialog(const Payment &payment, const QString &paymentText, QWidget *parent)
    : QDialog(parent)
    , m_payment(payment)
{
    setObjectName(QStringLiteral("reversalDialog"));
    setWindowTitle(tr("Сторно — подтверждение руководителя"));
    auto *form = new QFormLayout(this);
    auto *what = new QLabel(paymentText);
    what->setObjectName(QStringLiteral("reversedPayment"));
    what->setWordWrap(true);
    m_reason = new QLineEdit;
    m_reason->setObjectName(QStringLiteral("reason"));
    m_reason->setMaxLength(500);
    m_login = new QLineEdit;
    m_login->setObjectName(QStringLiteral("managerLogin"));
    m_password = new QLineEdit;
    m_password->setObjectName(QStringLiteral("managerPassword"));
    m_password->setEchoMode(QLineEdit::Password);
    m_error = new QLabel;
    m_error->setObjectName(QStringLiteral("reversalError"));
    m_error->setStyleSheet(QStringLiteral("color:#c62828;"));
    m_error->setWordWrap(true);
    form->addRow(tr("Платёж"), what);
    form->addRow(tr("Причина"), m_reason);
    form->addRow(tr("Логин руководителя"), m_login);
    form->addRow(tr("Пароль руководителя"), m_password);
    form->addRow(m_error);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    m_ok = buttons->button(QDialogButtonBox::Ok);
    m_ok->setText(tr("Сторнировать"));
    m_ok->setObjectName(QStringLiteral("confirmReversal"));
    buttons->button(QDialogButtonBox::Cancel)->setObjectName(QStringLiteral("cancelReversal"));
    form->addRow(buttons);
    // OK does not close: the dialog goes only when the server has reversed the payment, or on Cancel.
    connect(buttons, &QDialogButtonBox::accepted, this, &ReversalDialog::submit);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    setMinimumWidth(460);
}

void ReversalDialog::submit()
{
    const QString reason = m_reason->text().trimmed();
    if (reason.isEmpty())
        return refused(tr("Укажите причину сторно."));
    if (m_login->text().trimmed().isEmpty() || m_password->text().isEmpty())
        return refused(tr("Нужны логин и пароль руководителя."));
    m_error->clear();
    m_ok->setEnabled(false); // one attempt at a time
    Q_EMIT submitted(reason, m_login->text().trimmed(), m_password->text());
}

void ReversalDialog::refused(const QString &why)
{
    m_ok->setEnabled(true);
    m_error->setText(why);
    // What was typed stays; the password is asked again.
    m_password->clear();
    (m_reason->text().trimmed().isEmpty()  ? m_reason
     : m_login->text().trimmed().isEmpty() ? m_login
                                           : m_password)
        ->setFocus();
}

} // namespace okno
