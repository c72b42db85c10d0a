#pragma once

#include <client/Client.h>
#include <core/Schedule.h>
#include <ui/QueueModel.h>
#include <ui/TerminalWindow.h>

#include <QMainWindow>
#include <QTimer>

#include <optional>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;

namespace okno::ui {
class ServingDesk;
}

namespace okno {

// The administrator's terminal (администратор): registers and routes visitors, serves its own
// queue, sees and manages every queue of the centre. It decides nothing itself: each button is
// one request to the server, and what it shows comes back from the server.
class ReceptionWindow final : public ui::TerminalWindow
{
    Q_OBJECT

public:
    ReceptionWindow(Client *client, QString pdfDir, QWidget *parent = nullptr);

    // The last ticket issued here, for tests and for the printer.
    QString lastTicket() const { return m_lastTicket; }
    QString lastPdf() const { return m_lastPdf; }

private:
    void buildUi();
    void statusLoaded(const QJsonObject &status) override;
    void handleVisitChanged(const Visit &v, const QString &type);
    void register_(const QString &queueCode);
    void routeSelected(const QString &queueCode);
    void issueTicket(const QString &queueCode, const QJsonObject &visitor, const QString &priorityTitle);
    void actOnSelected(const QString &op, const QJsonObject &extra = {});
    void actOn(Id visitId, const QString &op, const QJsonObject &extra = {});
    void changePriority();
    void updateEnabled();
    Id selectedVisit() const;
    void showHistory();
    void updateCentreState();

    Client *m_client;
    QString m_pdfDir;
    ui::QueueModel m_model;
    QString m_lastTicket;
    QString m_lastPdf;

    QLabel *m_status = nullptr;
    QComboBox *m_purpose = nullptr;
    QLineEdit *m_account = nullptr;
    QLabel *m_accountError = nullptr;
    QLineEdit *m_name = nullptr;
    QComboBox *m_priority = nullptr;
    QLabel *m_ticketWait = nullptr;
    QLabel *m_ticket = nullptr;
    QLabel *m_ticketWarning = nullptr; // the call is expected only after closing
    ui::ServingDesk *m_desk = nullptr;
    QTableView *m_table = nullptr;
    QLabel *m_history = nullptr;
    QList<QPushButton *> m_serverButtons;
    QList<QPushButton *> m_tableButtons; // act on the visit selected in the table
    std::optional<Schedule> m_schedule;  // the centre's, from the last `status`
    QTimer m_centreClock;                // the centre's state follows the server's time
};

} // namespace okno
