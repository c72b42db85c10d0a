#pragma once

#include "Visitors.h"

#include <client/Client.h>
#include <core/Organisation.h>
#include <core/Visit.h>

#include <QObject>
#include <QTimer>

#include <functional>

namespace okno::demo {

class DemoDirector;

// A bot's account and the desk it works at.
struct BotAccount
{
    QString login;
    QString password;
    Role role = Role::Administrator;
    Id deskId = 0;
    int deskNumber = 0;
    StageRole stageRole = StageRole::Administrator;
};

// One member of staff played by the demo: a logged-in Client bound to one desk. It opens the desk
// when the centre opens, calls the next ticket, waits for the visitor to walk up (or not), serves
// for a time around the norm, fills the consultation ticket or records the payment, routes the
// visitor on or finishes; goes on a break at lunch; closes the cash shift and the desk at the end
// of the day. Everything by the server's clock, one request at a time, as a person would.
//
// It never trusts its own memory after a failure or a reconnect: it reloads its desk and the
// visitor at it from `status` and goes on from there.
class DeskBot final : public QObject
{
    Q_OBJECT

public:
    DeskBot(DemoDirector &director, BotAccount account, QObject *parent = nullptr);
    ~DeskBot() override;

    void start(const QString &host, quint16 port);
    void wake(); // a ticket may be waiting for this desk
    void stop(); // finish or release the visitor in hand, close the desk, then emit stopped()
    bool isStopped() const { return m_stopped; }
    bool serves(Id queueId) const;
    void setQueues(const QList<Id> &queueIds) { m_queueIds = queueIds; }
    const BotAccount &account() const { return m_account; }
    Client &client() { return m_client; }

Q_SIGNALS:
    void stopped();
    void loginFailed(const QString &message);

private:
    enum class Phase
    {
        Idle,
        Called,
        InService
    };

    void step();
    void stepIdle();
    void stepCalled();
    void stepInService();
    void resync();
    void request(const QString &op, const QJsonObject &body,
                 std::function<void(const Result<QJsonObject> &)> done, bool mutating = true);
    void visitRequest(const QString &op, const QJsonObject &extra, const QString &what,
                      std::function<void(const Visit &)> done);
    void deskRequest(const QString &op, DeskState after, const QString &what);
    void failed(const QString &what, const Error &e);
    void takeVisit(const Visit &v, bool justCalled);
    void release();
    void finishStop();
    void after(double seconds); // no next action before this many (scaled) seconds
    void paceTo(qint64 at);     // … before `at`, or at most 0.3 s once the demo stops
    qint64 scaledMs(double seconds) const;
    double uniform(double from, double to);
    QString label() const;
    QJsonObject consultation() const;
    QJsonObject payment();

    DemoDirector &m_director;
    BotAccount m_account;
    QList<Id> m_queueIds;
    Client m_client;
    QTimer m_heartbeat;

    bool m_busy = false;
    bool m_needResync = true;
    bool m_stopping = false;
    bool m_stopped = false;
    qint64 m_nextAt = 0; // ms since the epoch (real time)
    DeskState m_deskState = DeskState::Closed;
    qint64 m_breakEndsAt = 0; // a short break between visitors; 0 = none
    bool m_shiftOpen = false;
    bool m_dayServed = false; // after closing: nobody of the day is left to call
    QDate m_shiftDay;         // centre-local day the open shift was opened

    Phase m_phase = Phase::Idle;
    Visit m_visit;
    VisitorPlan m_plan;
    bool m_noShow = false;
    int m_recallsLeft = 0;
    bool m_paperworkDone = false;
    qint64 m_paperworkAt = 0;
    qint64 m_serviceEndsAt = 0;
};

} // namespace okno::demo
