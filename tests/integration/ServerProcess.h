#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QProcess>
#include <QString>
#include <QTemporaryDir>

#include <memory>

// A real okno-server process on a free loopback port, with its own SQLite file in a temporary
// directory, a frozen test clock and a known administrator password.
class ServerProcess
{
public:
    static constexpr const char *kAdminPassword = "integration-admin-pw";

    explicit ServerProcess(QStringList extraArgs = {});
    ~ServerProcess();

    // Starts and waits until it listens (on `port`, or any free port); false with a reason in log().
    bool start(quint16 port = 0);
    void stop(); // SIGTERM and wait
    // How the last run ended: its exit code, or -1 when it crashed or still runs.
    int exitCode() const;
    void kill();    // SIGKILL (a crash)
    bool restart(); // start again on the same database (new port)
    bool isRunning() const;

    quint16 port() const { return m_port; }
    // The frozen test clock survives restarts: the next start begins at the last time set.
    void setClock(const QDateTime &t) { m_clockAt = t; }
    // Instead of the frozen test clock, a clock that starts at `t` and runs at real speed
    // (--clock-start), as a demo server has; clock.set is then refused. Call before start().
    void setRunningClock(const QDateTime &t) { m_runningClockAt = t; }
    QString databasePath() const;
    QString dir() const { return m_dir.path(); }
    QString log() const; // what the server printed

    static QString serverBinary();
    static QString ctlBinary();

private:
    void checkSanitizerReports();

    QTemporaryDir m_dir;
    QStringList m_extra;
    std::unique_ptr<QProcess> m_proc;
    quint16 m_port = 0;
    QString m_log;
    qint64 m_logChecked = 0; // how much of server.log checkSanitizerReports() has read
    QDateTime m_clockAt;
    QDateTime m_runningClockAt;
};

// In the sanitized build (-DOKNO_SANITIZE=address,undefined) every program a test starts is
// sanitized too, and a report makes it exit with an error or, at exit (LeakSanitizer, a report in
// a destructor), only print one: a test that reads no exit code would not see it. So whatever a
// test starts has its output checked: the report fails the test (a non-fatal CHECK failure naming
// `program`, the output attached). ServerProcess and runCtl do it themselves.
bool hasSanitizerReport(const QString &output);
void checkNoSanitizerReport(const QString &program, const QString &output);

// Runs oknoctl against the server; returns exit code, stdout and stderr.
struct CtlResult
{
    int exitCode = -1;
    QString out;
    QString err;
    QJsonObject json() const; // stdout parsed as JSON (for --json)
};
CtlResult runCtl(const ServerProcess &server, const QString &user, const QString &password,
                 const QStringList &args);
