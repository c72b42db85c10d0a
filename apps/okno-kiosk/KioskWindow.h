#pragma once

#include "KioskRules.h"

#include <client/Client.h>

#include <QElapsedTimer>
#include <QHash>
#include <QJsonObject>
#include <QMainWindow>
#include <QPointer>
#include <QTimer>

class QGridLayout;
class QLabel;
class QStackedWidget;
class QVBoxLayout;

namespace okno {

class KioskButton;

// The self-service ticket point at the entrance (okno-kiosk): welcome → «Цель визита» →
// «Льготная категория» → the printed ticket and a screen with the number, the people ahead and
// the expected wait, then back to the start by itself. It refuses plainly, and says when the
// centre opens again, outside working hours, at lunch, past the cut-off and on days off — worked
// out from the centre's schedule at the server's time (KioskRules), changing by itself as time
// passes. Every choice is one request to the server; the server decides.
class KioskWindow final : public QMainWindow
{
    Q_OBJECT

public:
    struct Options
    {
        QString pdfDir;          // tickets go there as PDF instead of to a printer
        QString printer;         // printer name; empty = the system's default
        int idleMs = 45000;      // a half-finished choice is dropped after this long untouched
        int ticketMs = 15000;    // the ticket screen returns to the start after this long
        int clockSyncMs = 15000; // how often the server's clock is asked (ping)
    };

    KioskWindow(Client *client, Options options, QWidget *parent = nullptr);

    // For tests and the IT administrator: what is on screen and what was issued last.
    QString currentPageName() const;
    QString lastTicket() const { return m_lastTicket; }
    QString lastPdf() const { return m_lastPdf; }
    Id lastVisitId() const { return m_lastVisitId; }
    const KioskRules &rules() const { return m_rules; }

protected:
    void resizeEvent(QResizeEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    enum class Step
    {
        Welcome,
        Purpose,
        Priority,
        Issuing,
        Ticket,
        Message // a ticket could not be issued for another reason
    };

    void buildUi();
    QWidget *buildWelcome();
    QWidget *buildPurpose();
    QWidget *buildPriority();
    QWidget *buildBusy();
    QWidget *buildTicket();
    QWidget *buildClosed();
    QWidget *buildOffline();
    QWidget *buildMessage();
    QWidget *stepPage(const QString &title, const QString &subtitle, QVBoxLayout **body,
                      const char *backName);
    QLabel *label(const QString &text, qreal size, bool bold = false, const char *name = nullptr);
    KioskButton *button(const QString &title, const QString &hint, int tone, const char *name);

    void handleReady();
    void reloadStatus();
    void statusLoaded(const QJsonObject &status);
    void syncClock();
    void setServerTime(const QString &iso);
    QDateTime serverNow() const;
    QDateTime centreTime(const QDateTime &utc) const;

    void rebuildPurposes();
    void rebuildPriorities();
    void layOutChoices();
    void applyScale();
    void setUnit(qreal unit);

    void setStep(Step step);
    void refresh();
    void tick();
    void choosePurpose(int index);
    void choosePriority(const QString &code, const QString &title);
    void issue();
    void ticketIssued(const Visit &visit, const QueuePosition &pos);
    void issueFailed(const Error &e);
    QString printTicket(const Visit &visit, const QueuePosition &pos);

    Client *m_client;
    Options m_options;
    KioskRules m_rules;
    qint64 m_offsetMs = 0; // server time = local time + offset
    bool m_haveTime = false;
    QHash<QString, int> m_waiting; // queue code -> waiting, from the last status
    QList<PriorityCategory> m_categories;

    Step m_step = Step::Welcome;
    int m_purpose = -1;
    KioskPurpose m_chosen; // what is being issued
    QString m_priorityCode;
    QString m_priorityTitle;
    QString m_lastTicket;
    QString m_lastPdf;
    Id m_lastVisitId = 0;
    QElapsedTimer m_ticketShown;

    QTimer m_tick;      // the clock, the schedule, the countdown
    QTimer m_idle;      // drops a half-finished choice
    QTimer m_clockSync; // asks the server's time
    QTimer m_return;    // the ticket screen goes back to the start

    qreal m_unit = 20;
    QList<QPair<QPointer<QLabel>, QPair<qreal, bool>>> m_scaled; // label, size in units, bold
    QList<QPointer<KioskButton>> m_buttons;

    QLabel *m_centreName = nullptr;
    QLabel *m_clock = nullptr;
    QStackedWidget *m_pages = nullptr;
    QWidget *m_welcomePage = nullptr;
    QWidget *m_purposePage = nullptr;
    QWidget *m_priorityPage = nullptr;
    QWidget *m_busyPage = nullptr;
    QWidget *m_ticketPage = nullptr;
    QWidget *m_closedPage = nullptr;
    QWidget *m_offlinePage = nullptr;
    QWidget *m_messagePage = nullptr;

    QLabel *m_welcomeCentre = nullptr;
    QLabel *m_welcomeHours = nullptr;
    KioskButton *m_getTicket = nullptr;
    QGridLayout *m_purposeGrid = nullptr;
    QList<KioskButton *> m_purposeButtons;
    QLabel *m_priorityChosenPurpose = nullptr;
    KioskButton *m_noPriority = nullptr;
    QGridLayout *m_priorityGrid = nullptr;
    QList<KioskButton *> m_priorityButtons;
    QLabel *m_ticketNumber = nullptr;
    QLabel *m_ticketQueue = nullptr;
    QLabel *m_ticketAhead = nullptr;
    QLabel *m_ticketWait = nullptr;
    QLabel *m_ticketPriority = nullptr;
    QLabel *m_ticketPrint = nullptr;
    QLabel *m_ticketCountdown = nullptr;
    QLabel *m_closedHeadline = nullptr;
    QLabel *m_closedDetail = nullptr;
    QLabel *m_closedHours = nullptr;
    QLabel *m_messageText = nullptr;
    QLabel *m_offlineText = nullptr;
    QLabel *m_offlineDetail = nullptr;
};

} // namespace okno
