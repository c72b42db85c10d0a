#pragma once

#include <client/Client.h>
#include <core/Visit.h>

#include <QJsonObject>
#include <QMainWindow>

#include <optional>

class QHBoxLayout;
class QLabel;

namespace okno::ui {

class LoginPrompt;

// What every staff terminal's window has: the connection banner, the badge (full name, position,
// desk — 8.3.9), a line for the server's answers, and the centre's state loaded from `status`
// after each (re)login and whenever the server says the client missed too much. When the server
// ends the session (the account was deactivated or changed) or refuses a login, the window says
// why and the login dialog comes back over it (LoginPrompt).
class TerminalWindow : public QMainWindow
{
    Q_OBJECT

public:
    TerminalWindow(Client *client, const QString &title, QWidget *parent = nullptr);

    // Asks for the login again; its cancelled() is the person giving up (the app quits).
    LoginPrompt *loginPrompt() const { return m_loginPrompt; }

protected:
    // Where a terminal puts its panels, side by side.
    QHBoxLayout *columns() const { return m_columns; }
    QHBoxLayout *topBar() const { return m_top; }

    // Called with each `status` snapshot, after centre(), deskId() and serverOffsetMs() are set.
    virtual void statusLoaded(const QJsonObject &status) = 0;
    void reload();

    void showError(const Error &e);        // the server refused: the terminal's words for its code
    void showProblem(const QString &text); // the terminal itself refuses, in its own words
    void showInfo(const QString &text);

    Client *client() const { return m_client; }
    const QJsonObject &centre() const { return m_centre; }
    const QJsonObject &staff() const { return m_staff; }
    Id deskId() const { return m_deskId; }
    int deskNumber() const { return m_deskNumber; } // as the staff and visitors know it
    qint64 serverOffsetMs() const { return m_serverOffsetMs; }
    // The visit called to or served at this session's desk, in a snapshot.
    std::optional<Visit> visitAtMyDesk(const QJsonObject &status) const;
    // The centre's own time zone (from its schedule).
    QDateTime inCentreTime(const QDateTime &utc) const;

private:
    void handleReady(const QJsonObject &session);
    void handleRevoked(const QString &reason);

    Client *m_client;
    QJsonObject m_centre;
    QJsonObject m_staff;
    Id m_deskId = 0;
    int m_deskNumber = 0;
    qint64 m_serverOffsetMs = 0;
    QHBoxLayout *m_top = nullptr;
    QHBoxLayout *m_columns = nullptr;
    QLabel *m_badge = nullptr;
    QLabel *m_message = nullptr;
    bool m_showingError = false; // the message line holds a refusal
    LoginPrompt *m_loginPrompt = nullptr;
};

} // namespace okno::ui
