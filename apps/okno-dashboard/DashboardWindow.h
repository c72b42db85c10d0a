#pragma once

#include "LiveState.h"
#include "ReportExport.h"
#include "ReportModel.h"

#include <client/Client.h>
#include <core/Result.h>

#include <QJsonArray>
#include <QJsonObject>
#include <QMainWindow>
#include <QTimeZone>
#include <QTimer>

#include <functional>

class QComboBox;
class QDateEdit;
class QLabel;
class QPushButton;
class QSpinBox;
class QTabWidget;
class QTableView;

namespace okno::dashboard {
class ChartPanel;
}

namespace okno::ui {
class LoginPrompt;
}

namespace okno {

// The manager's dashboard (okno-dashboard): live queues, desks and alerts of one centre or all
// of them; today's waits and services against the norms; reports by hour, by day, per person and
// the standard's quality measures over a chosen period; the norms, edited with a confirmation;
// every report exported to CSV and PDF. Figures come from the server (`status`, events and the
// `dashboard` report); the rules of what is late and what is busy are core/Alerts.
class DashboardWindow final : public QMainWindow
{
    Q_OBJECT

public:
    enum Tab
    {
        NowTab,
        HoursTab,
        DaysTab,
        StaffTab,
        QualityTab,
        NormsTab
    };

    explicit DashboardWindow(Client *client, QWidget *parent = nullptr);

    // Test seams. The question asked before norms are changed (default: a message box), and the
    // file an export goes to (default: a save dialog; an empty answer cancels).
    void setConfirm(std::function<bool(const QString &question)> confirm) { m_confirm = std::move(confirm); }
    void setSavePath(std::function<QString(const QString &suggested)> ask) { m_savePath = std::move(ask); }
    // How often the server's clock is asked (default every 10 s) and how soon after a change the
    // day's figures are fetched again (default at most every 3 s).
    void setClockSyncIntervalMs(int ms) { m_pingTimer.setInterval(ms); }
    void setRefreshThrottleMs(int ms);

    // Asks for the login again when the server ends the session or refuses a login; its
    // cancelled() is the person giving up (the app quits).
    ui::LoginPrompt *loginPrompt() const { return m_loginPrompt; }

    bool exportCsv(const QString &path); // the current tab
    bool exportPdf(const QString &path);
    QDateTime serverNow() const { return m_clock.now(); }
    QString lastExport() const { return m_lastExport; }

private:
    void buildUi();
    QWidget *buildNowTab();
    QWidget *buildStaffTab();
    QWidget *buildQualityTab();
    QWidget *buildNormsTab();
    QTableView *newTable(const QString &name, dashboard::ReportModel *model, bool sortable);

    void handleReady(const QJsonObject &session);
    void handleRevoked(const QString &reason);
    void handleEvent(const QString &type, qint64 seq, const QJsonObject &payload, Id centreId);
    void loadCentres();
    void loadLive();
    void loadStaff();
    void loadToday();
    void loadReport();
    void loadNormsHistory();
    void syncClock();
    void tick();

    void refreshNow();
    void refreshPerCentre(const QList<const dashboard::CentreLive *> &scope, const QDateTime &now);
    void refreshReport();
    void refreshNorms(bool force);
    void saveNorms();
    void exportWith(bool pdf);
    void setPeriod(const QDate &from, const QDate &to);
    void quickPeriod(int kind);
    void handleCentreChanged();

    Id selectedCentre() const;
    QString scopeName() const;
    QDate today() const; // the centre-local date at the server's now
    QTimeZone zone() const;
    bool reportIncludesToday() const;
    dashboard::ReportHeader reportHeader() const;
    QList<dashboard::ReportSection> currentSections() const;
    void showError(const Error &e);
    void clearStaleError(); // a refusal shown stays only until the server next answers
    void showInfo(const QString &text);
    void dashboardCall(const QDate &from, const QDate &to, std::function<void(const QJsonObject &)> done);

    Client *m_client;
    dashboard::LiveState m_live;
    dashboard::ServerClock m_clock;
    QJsonObject m_session;
    QJsonObject m_today;  // `dashboard` for today
    QJsonObject m_report; // `dashboard` for the chosen period
    QJsonArray m_normsHistory;
    bool m_periodChosen = false;   // the period was set to the server's today once
    bool m_reportsMissing = false; // the server has no `dashboard` op (an older server)
    int m_todayGen = 0;
    int m_reportGen = 0;
    int m_historyGen = 0;
    QString m_lastExport;
    std::function<bool(const QString &)> m_confirm;
    std::function<QString(const QString &)> m_savePath;
    Norms m_shownNorms;
    Id m_shownNormsCentre = -1;

    QTimer m_tick;
    QTimer m_pingTimer;
    QTimer m_todayTimer;
    QTimer m_reportTimer;
    QTimer m_periodTimer;

    dashboard::ReportModel m_roles;
    dashboard::ReportModel m_desks;
    dashboard::ReportModel m_alerts;
    dashboard::ReportModel m_stillToServe; // the day's end: tickets of the day not yet served
    dashboard::ReportModel m_perCentre;    // «Сейчас» with several centres: one row per centre
    dashboard::ReportModel m_staff;
    dashboard::ReportModel m_quality;
    dashboard::ReportModel m_norms;
    dashboard::ReportModel m_history;

    QComboBox *m_centre = nullptr;
    QDateEdit *m_from = nullptr;
    QDateEdit *m_to = nullptr;
    QTabWidget *m_tabs = nullptr;
    QTableView *m_rolesView = nullptr;
    QTableView *m_perCentreView = nullptr;
    QWidget *m_perCentreBox = nullptr; // its title and table, shown only with several centres
    QLabel *m_nowLabel = nullptr;
    QLabel *m_alertsLabel = nullptr;
    QWidget *m_stillToServeBox = nullptr;
    QLabel *m_stillToServeLabel = nullptr;
    QLabel *m_message = nullptr;
    bool m_showingError = false;  // the message line holds a refusal
    bool m_periodInvalid = false; // … about the chosen dates, until they are put right
    ui::LoginPrompt *m_loginPrompt = nullptr;
    QLabel *m_qualityLabel = nullptr;
    QLabel *m_normsNote = nullptr;
    QSpinBox *m_repeatDays = nullptr;
    QPushButton *m_saveNorms = nullptr;
    QList<QSpinBox *> m_waitSpins;    // by stage role, in allStageRoles() order
    QList<QSpinBox *> m_serviceSpins; // by stage role
    dashboard::ChartPanel *m_hours = nullptr;
    dashboard::ChartPanel *m_days = nullptr;
};

} // namespace okno
