#pragma once

#include <storage/DatabaseConfig.h>

#include <QDateTime>
#include <QJsonObject>
#include <QProcess>
#include <QSqlDatabase>
#include <QString>
#include <QTemporaryDir>

#include <memory>

// A real okno-server process on a free loopback port, with its own SQLite file in a temporary
// directory, a frozen test clock and a known administrator password.
//
// In a PostgreSQL run of a suite (OKNO_TEST_POSTGRES=postgresql://user@127.0.0.1:port/postgres,
// the throwaway cluster of scripts/pg-cluster.sh; CTest's *_pg variants) every ServerProcess has
// a fresh database of its own in that cluster instead, created with the object and dropped with
// it. Test cases that are about the SQLite file itself carry the tag [sqlite] and are left out of
// those runs by name (tests/integration/CMakeLists.txt).
class ServerProcess
{
public:
    static constexpr const char *kAdminPassword = "integration-admin-pw";

    explicit ServerProcess(QStringList extraArgs = {});
    ~ServerProcess();

    // Starts and waits until it listens (on `port`, or any free port); false with a reason in log().
    bool start(quint16 port = 0);
    // One of several nodes on one PostgreSQL database (useDatabase): starts it on `port` and
    // returns once it runs, serving or standing by; waitServing() then waits until it serves.
    bool startNode(quint16 port);
    bool waitServing(int timeoutMs);
    bool isServing() const; // has written its port file: it holds the lease and listens
    void stop();            // SIGTERM and wait
    // How the last run ended: its exit code, or -1 when it crashed or still runs.
    int exitCode() const;
    void kill();    // SIGKILL (a crash)
    bool restart(); // start again on the same database (new port)
    bool isRunning() const;
    qint64 pid() const;
    qint64 residentKiB() const; // VmRSS of the running server (Linux), -1 when unknown

    quint16 port() const { return m_port; }
    // The frozen test clock survives restarts: the next start begins at the last time set.
    void setClock(const QDateTime &t) { m_clockAt = t; }
    // Instead of the frozen test clock, a clock that starts at `t` and runs at real speed
    // (--clock-start), as a demo server has; clock.set is then refused. Call before start().
    void setRunningClock(const QDateTime &t) { m_runningClockAt = t; }
    // In a TLS run of the suite (OKNO_TEST_TLS=1) every server has the suite's certificate; a test
    // of plain TCP itself says false before start().
    void setSuiteTls(bool on) { m_suiteTls = on; }
    // An environment variable for the server, on top of the test's own environment, from the next
    // start() on (LD_PRELOAD, say).
    void setEnvironment(const QString &name, const QString &value) { m_env.insert(name, value); }
    // The SQLite file (on a PostgreSQL run: a file that is never made).
    QString databasePath() const;
    // What the server is given: the SQLite file or the PostgreSQL URL.
    QString databaseArgument() const;
    okno::DatabaseConfig databaseConfig() const;
    // Another database than the run's (an SQLite file on a PostgreSQL run, say), from the next
    // start() on.
    void useDatabase(const QString &argument) { m_databaseOverride = argument; }
    static bool onPostgres();
    QString dir() const { return m_dir.path(); }
    QString log() const; // what the server printed

    static QString serverBinary();
    static QString ctlBinary();

private:
    void checkSanitizerReports();

    QTemporaryDir m_dir;
    QStringList m_extra;
    QProcessEnvironment m_env;
    std::unique_ptr<QProcess> m_proc;
    quint16 m_port = 0;
    QString m_log;
    qint64 m_logChecked = 0; // how much of server.log checkSanitizerReports() has read
    QDateTime m_clockAt;
    QDateTime m_runningClockAt;
    bool m_suiteTls = true;
    QString m_pgDatabase; // the database of this server in a PostgreSQL run
    QString m_databaseOverride;
    bool m_node = false; // start() returns once the process runs (startNode)
};

// A connection of the test's own to a server's database (SQLite or PostgreSQL, as the run has
// it), for checks against what is stored; closed and removed with the object.
class StoredDatabase
{
public:
    explicit StoredDatabase(const okno::DatabaseConfig &config);
    explicit StoredDatabase(const ServerProcess &server)
        : StoredDatabase(server.databaseConfig())
    {}
    ~StoredDatabase();
    Q_DISABLE_COPY_MOVE(StoredDatabase)

    bool isOpen() const { return m_db.isOpen(); }
    QString error() const;
    QSqlDatabase &db() { return m_db; }
    // The first column of the first row of `sql`, or -1 when it fails (FAIL_CHECK says why).
    qint64 scalar(const QString &sql);

private:
    QString m_name;
    QSqlDatabase m_db;
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
// okno-server run as a command that exits (--verify, --restore, --import, --check-config): its exit
// code (-1 when it crashed or ran past `timeoutMs`), stdout and stderr, checked for sanitizer reports.
CtlResult runServerCommand(const QStringList &args, int timeoutMs = 300000);
