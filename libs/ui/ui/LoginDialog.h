#pragma once

#include <client/Client.h>

#include <QDialog>
#include <QPointer>

class QLabel;
class QLineEdit;
class QSpinBox;

namespace okno::ui {

// The terminals' login form: server, login, password and desk. The server field takes one
// "host:port" or the list of the company's server nodes, "a:7455,b:7455" (parseEndpoints; a host
// alone is on port 7455); OK is refused, with the reason above the fields, while it cannot be read. Shown at
// the start when the command line does not give everything (terminalOptions), and again when the server ends
// the session or refuses a login (LoginPrompt): then with the reason in red above the fields.
class LoginDialog final : public QDialog
{
    Q_OBJECT

public:
    LoginDialog(const QString &title, bool needsDesk, QWidget *parent = nullptr);

    void setServer(const QString &host, quint16 port);
    void setServers(const QList<Endpoint> &servers);
    void setServerText(const QString &text); // as typed, also when it cannot be read
    // The login and the desk; the password field is always left empty.
    void setCredentials(const ClientCredentials &credentials);
    void setReason(const QString &text); // empty hides the line
    QString reason() const;

    // The server field read; empty when it cannot be (accept() does not close then).
    QList<Endpoint> servers() const;
    ClientCredentials credentials() const;

    void accept() override;

private:
    QLabel *m_reason = nullptr;
    QLineEdit *m_server = nullptr;
    QLineEdit *m_login = nullptr;
    QLineEdit *m_password = nullptr;
    QSpinBox *m_desk = nullptr;
};

// Brings a terminal back to its login when the session ends: when the server revokes it (the
// account was deactivated, or its role, centre, login or password changed) or refuses a login, it
// opens the LoginDialog over the window (window-modal) with the reason in words, the login kept and
// the password empty. OK logs in again through the same client; Cancel emits cancelled() (the app
// quits). Nothing is done as the old account meanwhile: the client does not log in by itself.
class LoginPrompt final : public QObject
{
    Q_OBJECT

public:
    LoginPrompt(Client *client, QWidget *window, bool needsDesk);

    LoginDialog *dialog() const { return m_dialog; } // the open dialog, or null

Q_SIGNALS:
    void cancelled();

private:
    void ask(const QString &why);

    Client *m_client;
    QWidget *m_window;
    bool m_needsDesk;
    int m_sessionDesk = 0; // the desk number of the last session
    QPointer<LoginDialog> m_dialog;
};

} // namespace okno::ui
