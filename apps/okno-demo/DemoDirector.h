#pragma once

#include "DemoOptions.h"
#include "DeskBot.h"
#include "Visitors.h"

#include <client/Client.h>
#include <core/Organisation.h>

#include <QHash>
#include <QObject>
#include <QTimer>

#include <memory>
#include <random>
#include <vector>

namespace okno::demo {

// How many bots of a stage role keep up with `ratePerHour` visitors (1–4).
int botsNeeded(StageRole role, double ratePerHour, double speed, int serviceNormMinutes);

// Plays a centre's day against a running server: logs in as the system administrator, creates
// the bot staff and desks it needs (never the desks of the demo terminals), starts one DeskBot
// per bot desk, and lets visitors arrive — a Poisson process with the morning and after-lunch
// peaks — taking tickets at the kiosk or being registered by the bot administrator.
class DemoDirector final : public QObject
{
    Q_OBJECT

public:
    // The desks the demo terminals of scripts/run.sh use (reception 1, consultant 2, cash desk 4):
    // people may sit there, so no bot ever takes them.
    static const QList<int> &humanDesks();

    DemoDirector(DemoOptions options, QString adminPassword, QObject *parent = nullptr);
    ~DemoDirector() override;

    void start();
    void stop(); // bots finish what is in hand and close their desks; then finished(0)

    // --- for the bots
    QDateTime serverNow() const;
    const Centre &centre() const { return m_centre; }
    std::mt19937 &rng() { return m_rng; }
    double speed() const { return m_options.speed; }
    VisitorPlan planFor(const Visit &visit);
    void forget(Id visitId) { m_plans.remove(visitId); }
    QString queueCodeOf(StageRole role) const;
    QString poolAccount() { return m_factory.poolAccount(); }
    void log(const QString &line) const; // one line per action, with the server's local time

Q_SIGNALS:
    void finished(int exitCode);

private:
    struct Need // a bot desk to find or create
    {
        StageRole role;
        Id queueId;
    };

    void setUp();
    void setUpOrganisation(const QList<Queue> &queues, const QList<Desk> &desks, const QList<Staff> &staff);
    void createAccounts(const QList<BotAccount> &accounts, const QList<Staff> &staff);
    void startPlaying(const QList<BotAccount> &accounts);
    void syncClock();
    void scheduleArrival();
    void arrive();
    void issue(const VisitorPlan &plan);
    void handleEvent(const QString &type, const QJsonObject &data);
    void retrySetUp(const Error &e);
    void fail(const QString &message);
    void finish(int exitCode);

    DemoOptions m_options;
    QString m_adminPassword;
    std::mt19937 m_rng;
    VisitorFactory m_factory;
    Client m_admin;
    Client m_kiosk;
    QString m_kioskLogin;
    QString m_kioskPassword;
    std::vector<std::unique_ptr<DeskBot>> m_bots;
    Centre m_centre;
    QHash<StageRole, Queue> m_queues;
    QHash<Id, VisitorPlan> m_plans;
    QTimer m_arrivals;
    QTimer m_clockSync;
    QTimer m_stopDeadline;
    qint64 m_offsetMs = 0; // server clock − local clock
    bool m_settingUp = false;
    bool m_playing = false;
    bool m_stopping = false;
    bool m_finished = false;
};

} // namespace okno::demo
