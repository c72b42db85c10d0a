#pragma once

#include <client/Client.h>
#include <core/FrontOffice.h>
#include <ui/QueueModel.h>
#include <ui/TerminalWindow.h>

#include <QMainWindow>

class QCheckBox;
class QComboBox;
class QDateEdit;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;

namespace okno::ui {
class ServingDesk;
}

namespace okno {

// The consultant's terminal (менеджер-консультант): calls the next visitor, sees what reception
// recorded, fills in the consultation ticket (account, consumer group, topic, notes, outcome,
// meter readings), prints the written memo (8.3.4) and finishes or sends the visitor on to the
// cash desk.
class ConsultantWindow final : public ui::TerminalWindow
{
    Q_OBJECT

public:
    ConsultantWindow(Client *client, QString pdfDir, QWidget *parent = nullptr);
    QString lastPdf() const { return m_lastPdf; }

private:
    void buildUi();
    void statusLoaded(const QJsonObject &status) override;
    void handleCurrent(const std::optional<Visit> &v);
    void save();
    void printMemo();
    std::optional<QJsonObject> formConsultation(QString *problem) const;

    Client *m_client;
    QString m_pdfDir;
    QString m_lastPdf;
    ui::QueueModel m_model;
    Id m_shownVisit = 0;                 // the visitor whose ticket the form shows
    std::optional<Consultation> m_saved; // the ticket as the server stored it: what the memo prints
    QList<Id> m_myQueues; // the queues this desk serves: the header counts those waiting in them
    void showWaiting();
    ui::ServingDesk *m_desk = nullptr;
    QLabel *m_waiting = nullptr;
    QLineEdit *m_account = nullptr;
    QComboBox *m_group = nullptr;
    QComboBox *m_topic = nullptr;
    QPlainTextEdit *m_notes = nullptr;
    QComboBox *m_outcome = nullptr;
    QCheckBox *m_hasNextVisit = nullptr;
    QDateEdit *m_nextVisit = nullptr;
    QLineEdit *m_appeal = nullptr;
    QLineEdit *m_meter = nullptr;
    QLineEdit *m_day = nullptr;
    QLineEdit *m_night = nullptr;
    QList<QPushButton *> m_formButtons;
};

} // namespace okno
