#include "LoginDialog.h"

#include "DomainText.h"
#include "ErrorText.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>

#include <algorithm>

namespace okno::ui {

LoginDialog::LoginDialog(const QString &title, bool needsDesk, QWidget *parent)
    : QDialog(parent)
{
    setObjectName(QStringLiteral("loginDialog"));
    setWindowTitle(title);
    setMinimumWidth(420); // the reason on one or two lines, not a narrow column
    auto *form = new QFormLayout(this);
    m_reason = new QLabel;
    m_reason->setObjectName(QStringLiteral("loginReason"));
    m_reason->setWordWrap(true);
    m_reason->setStyleSheet(QStringLiteral("color:#c62828; font-size:12pt; font-weight:600;"));
    m_reason->hide();
    form->addRow(m_reason);
    m_server = new QLineEdit;
    m_server->setObjectName(QStringLiteral("server"));
    m_login = new QLineEdit;
    m_login->setObjectName(QStringLiteral("login"));
    m_password = new QLineEdit;
    m_password->setObjectName(QStringLiteral("password"));
    m_password->setEchoMode(QLineEdit::Password);
    m_desk = new QSpinBox;
    m_desk->setObjectName(QStringLiteral("desk"));
    m_desk->setRange(needsDesk ? 1 : 0, 999);
    form->addRow(tr("Сервер"), m_server);
    form->addRow(tr("Логин"), m_login);
    form->addRow(tr("Пароль"), m_password);
    form->addRow(tr("Окно №"), m_desk);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    buttons->button(QDialogButtonBox::Ok)->setObjectName(QStringLiteral("loginOk"));
    buttons->button(QDialogButtonBox::Cancel)->setObjectName(QStringLiteral("loginCancel"));
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    setServer(QStringLiteral("127.0.0.1"), 7455);
}

void LoginDialog::setServer(const QString &host, quint16 port)
{
    setServers({Endpoint{host, port}});
}

void LoginDialog::setServers(const QList<Endpoint> &servers)
{
    setServerText(endpointsText(servers));
}

void LoginDialog::setServerText(const QString &text)
{
    m_server->setText(text);
    // A list of nodes is read from its first one: the field is as wide as the list (up to a
    // limit), shows its beginning, and holds each node on a line of its tooltip.
    const int wanted =
        m_server->fontMetrics().horizontalAdvance(text) + 3 * m_server->fontMetrics().averageCharWidth();
    m_server->setMinimumWidth(std::min(wanted, 640));
    m_server->setCursorPosition(0);
    m_server->setToolTip(text.contains(u',') ? text.split(u',').join(u'\n') : QString());
}

void LoginDialog::setCredentials(const ClientCredentials &credentials)
{
    m_login->setText(credentials.login);
    m_password->clear();
    m_desk->setValue(credentials.deskNumber);
    (credentials.login.isEmpty() ? m_login : m_password)->setFocus();
}

void LoginDialog::setReason(const QString &text)
{
    m_reason->setText(text);
    m_reason->setVisible(!text.isEmpty());
}

QString LoginDialog::reason() const
{
    return m_reason->text();
}

QList<Endpoint> LoginDialog::servers() const
{
    const auto servers = parseEndpoints(m_server->text(), 7455);
    return servers ? *servers : QList<Endpoint>();
}

void LoginDialog::accept()
{
    if (const auto servers = parseEndpoints(m_server->text(), 7455); !servers) {
        // The reason as the parser words it (it names what was typed), for IT to read.
        setReason(tr("Адрес сервера не распознан: %1").arg(servers.error().message));
        m_server->setFocus();
        return;
    }
    QDialog::accept();
}

ClientCredentials LoginDialog::credentials() const
{
    ClientCredentials c;
    c.login = m_login->text().trimmed();
    c.password = m_password->text();
    c.deskNumber = m_desk->value();
    return c;
}

LoginPrompt::LoginPrompt(Client *client, QWidget *window, bool needsDesk)
    : QObject(window)
    , m_client(client)
    , m_window(window)
    , m_needsDesk(needsDesk)
{
    connect(m_client, &Client::ready, this, [this](const QJsonObject &session) {
        m_sessionDesk =
            session.value(QStringLiteral("desk")).toObject().value(QStringLiteral("number")).toInt();
    });
    connect(m_client, &Client::sessionRevoked, this,
            [this](const QString &reason) { ask(DomainText::sessionRevoked(reason)); });
    connect(m_client, &Client::loginFailed, this,
            [this](const QString &, ErrorCode code) { ask(loginFailureText(code)); });
}

void LoginPrompt::ask(const QString &why)
{
    ClientCredentials known = m_client->loginDetails();
    if (!known.deskNumber)
        known.deskNumber = m_sessionDesk;
    if (!m_dialog) {
        m_dialog = new LoginDialog(m_window->windowTitle(), m_needsDesk, m_window);
        m_dialog->setAttribute(Qt::WA_DeleteOnClose);
        m_dialog->setWindowModality(Qt::WindowModal);
        if (!m_client->endpoints().isEmpty())
            m_dialog->setServers(m_client->endpoints()); // all the nodes, not only the one in use
        LoginDialog *dialog = m_dialog;
        connect(dialog, &QDialog::accepted, this,
                [this, dialog] { m_client->connectToServer(dialog->servers(), dialog->credentials()); });
        connect(dialog, &QDialog::rejected, this, &LoginPrompt::cancelled);
    }
    m_dialog->setCredentials(known);
    m_dialog->setReason(why);
    m_dialog->open();
    m_dialog->raise();
    m_dialog->activateWindow();
}

} // namespace okno::ui
