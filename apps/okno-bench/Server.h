// okno-bench's side of a real okno-server process: starting it on a database of its own, the
// accounts and desks a measurement needs, and the measurements that drive it.
#pragma once

#include "Bench.h"

#include <core/Types.h>

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QProcess>
#include <QString>

#include <vector>

namespace okno::bench {

extern const QString kAdminPassword;
extern const QString kStaffPassword; // every account okno-bench makes

class ServerUnderTest
{
public:
    ServerUnderTest(QString binary, QString dir);
    ~ServerUnderTest();
    QString databasePath() const;
    // Another database than the SQLite file in `dir` (a PostgreSQL URL), and options of its own
    // (--node-name …), from the next start on.
    void setDatabase(const QString &argument) { m_database = argument; }
    void setExtraArgs(const QStringList &args) { m_extra = args; }
    void start(const QDateTime &clock);
    // One more node on the same PostgreSQL database: returns once it runs, serving or not.
    void startStandby(const QDateTime &clock);
    void stop();
    quint16 port() const { return m_port; }
    // VmRSS and VmHWM of the server, in MiB.
    std::pair<double, double> memory() const;
    // Starts VmHWM afresh (Linux's clear_refs), so that a peak belongs to what comes next.
    void resetPeak() const;

private:
    QString m_binary;
    QString m_dir;
    QProcess m_process;
    quint16 m_port = 0;
    QString m_database;
    QStringList m_extra;
    void launch(const QDateTime &clock);
};

// VmRSS and VmHWM of a process, in MiB (0 when it is gone).
std::pair<double, double> processMemory(qint64 pid);

struct CentreQueues
{
    Id centreId = 0;
    QHash<QString, Id> queueByRole; // stage role → the centre's first active queue of it
    QHash<QString, QString> codeByRole;
};
QList<CentreQueues> centreQueues(LineClient &admin);

struct Account
{
    QString login;
    Id centreId = 0;
    int deskNumber = 0; // 0: no desk
};

// Makes `login` with `role` in `centreId` (0: company-wide) and, for a desk role, a desk of its own
// numbered `deskNumber` serving `queueId`.
Account makeAccount(LineClient &admin, const QString &login, const QString &role, Id centreId,
                    int deskNumber = 0, Id queueId = 0);

QJsonObject issueRequest(Id centreId, const QString &queueCode);

// Sequential durable changes, one in flight: latencies in µs.
std::vector<double> sequentialIssues(LineClient &c, Id centreId, const QString &queueCode, int n);

// `connections` clients each keep `inFlight` visit.issue requests outstanding for `seconds`: acks/s.
double issueThroughput(quint16 port, Id centreId, const QString &queueCode, int connections, int inFlight,
                       double seconds);

struct MixFigures
{
    std::vector<double> all; // every op's latency, µs
    std::vector<double> durable;
    qint64 ops = 0;
    double seconds = 0;
};

// The working day's mix: every terminal (a consultant at its desk, subscribed to events) does about
// one op a second — call the next visitor, start, finish — while each reception (subscribed too)
// issues a ticket to the terminals' queue every `issueEveryMs`.
MixFigures realisticMix(quint16 port, const QList<Account> &terminals, const QList<CentreQueues> &receptions,
                        int issueEveryMs, double seconds);

struct ToggleFigures
{
    double perSecond = 0;
    double rssEarly = 0; // MiB after a tenth of the changes
    double rssEnd = 0;
};

// `changes` desk.break/desk.resume with idempotency keys over the terminals' connections,
// `inFlight` outstanding each; the server's memory early and at the end.
ToggleFigures deskToggles(const ServerUnderTest &server, const QList<Account> &terminals, int inFlight,
                          qint64 changes);

// Seconds for a fresh connection to log in `login`, median of `n`.
double loginSeconds(quint16 port, const QString &login, int n);

} // namespace okno::bench
