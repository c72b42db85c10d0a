#include "ServerProcess.h"

#include "TestTls.h"

#include <catch2/catch.hpp>

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QFile>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>

#include <atomic>

#include <csignal>
#include <sys/prctl.h>

using namespace Qt::StringLiterals;

namespace {

QString postgresAdminUrl()
{
    return qEnvironmentVariable("OKNO_TEST_POSTGRES");
}

okno::DatabaseConfig postgresAdmin()
{
    auto config = okno::DatabaseConfig::fromString(postgresAdminUrl());
    if (!config || !config->isPostgres())
        FAIL("OKNO_TEST_POSTGRES is not a postgresql:// URL: " << postgresAdminUrl().toStdString());
    return *config;
}

// One statement on the cluster's maintenance database (CREATE/DROP DATABASE cannot run in a
// transaction, nor on the database they name).
void adminExec(const QString &statement)
{
    StoredDatabase admin(postgresAdmin());
    REQUIRE(admin.isOpen());
    QSqlQuery q(admin.db());
    if (!q.exec(statement))
        FAIL(statement.toStdString() << ": " << q.lastError().text().toStdString());
}

} // namespace

bool ServerProcess::onPostgres()
{
    return !postgresAdminUrl().isEmpty();
}

ServerProcess::ServerProcess(QStringList extraArgs)
    : m_extra(std::move(extraArgs))
{
    QFile pw(m_dir.filePath(u"admin-password"_s));
    if (pw.open(QIODevice::WriteOnly))
        pw.write(kAdminPassword);
    if (onPostgres()) {
        // Unique across the test processes CTest runs at once on the one cluster.
        static std::atomic<int> counter{0};
        m_pgDatabase = u"okno_test_%1_%2"_s.arg(QCoreApplication::applicationPid()).arg(++counter);
        adminExec(u"CREATE DATABASE %1"_s.arg(m_pgDatabase));
    }
}

ServerProcess::~ServerProcess()
{
    stop();
    if (!m_pgDatabase.isEmpty()) {
        StoredDatabase admin(postgresAdmin());
        QSqlQuery q(admin.db());
        q.exec(u"DROP DATABASE IF EXISTS %1 WITH (FORCE)"_s.arg(m_pgDatabase)); // a leftover costs only disk
    }
}

QString ServerProcess::databaseArgument() const
{
    if (!m_databaseOverride.isEmpty())
        return m_databaseOverride;
    if (m_pgDatabase.isEmpty())
        return databasePath();
    okno::DatabaseConfig admin = postgresAdmin();
    return u"postgresql://%1@%2:%3/%4"_s.arg(admin.user, admin.host).arg(admin.port).arg(m_pgDatabase);
}

okno::DatabaseConfig ServerProcess::databaseConfig() const
{
    auto config = okno::DatabaseConfig::fromString(databaseArgument());
    REQUIRE(config);
    return *config;
}

StoredDatabase::StoredDatabase(const okno::DatabaseConfig &config)
{
    static std::atomic<int> counter{0};
    m_name = u"stored-database-%1"_s.arg(++counter);
    m_db = QSqlDatabase::addDatabase(config.driver, m_name);
    config.applyTo(m_db);
    if (config.isSqlite())
        m_db.setConnectOptions(u"QSQLITE_BUSY_TIMEOUT=5000"_s);
    if (!m_db.open())
        FAIL_CHECK("cannot open " << config.displayName().toStdString() << ": " << error().toStdString());
}

StoredDatabase::~StoredDatabase()
{
    m_db.close();
    m_db = QSqlDatabase();
    QSqlDatabase::removeDatabase(m_name);
}

QString StoredDatabase::error() const
{
    return m_db.lastError().text();
}

qint64 StoredDatabase::scalar(const QString &sql)
{
    QSqlQuery q(m_db);
    if (!q.exec(sql) || !q.next()) {
        FAIL_CHECK(sql.toStdString() << ": " << q.lastError().text().toStdString());
        return -1;
    }
    return q.value(0).toLongLong();
}

QString ServerProcess::serverBinary()
{
    return QStringLiteral(OKNO_SERVER_BINARY);
}

QString ServerProcess::ctlBinary()
{
    return QStringLiteral(OKNO_CTL_BINARY);
}

QString ServerProcess::databasePath() const
{
    return m_dir.filePath(u"okno.sqlite"_s);
}

bool ServerProcess::start(quint16 port)
{
    const QString portFile = m_dir.filePath(u"port"_s);
    QFile::remove(portFile);
    m_proc = std::make_unique<QProcess>();
    // The server's output goes to a file: a pipe nobody drains would fill up and stall the server
    // in a test that never runs the event loop (one that only runs oknoctl, say).
    m_proc->setProcessChannelMode(QProcess::MergedChannels);
    m_proc->setStandardOutputFile(m_dir.filePath(u"server.log"_s), QIODevice::Append);
    // If the test itself dies (a crash, a timeout), the server goes with it instead of lingering.
    m_proc->setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGTERM); });
    if (!m_env.isEmpty()) {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(m_env);
        m_proc->setProcessEnvironment(env);
    }
    QStringList args{u"--database"_s,
                     databaseArgument(),
                     u"--port"_s,
                     QString::number(port),
                     u"--port-file"_s,
                     portFile,
                     u"--admin-password-file"_s,
                     m_dir.filePath(u"admin-password"_s),
                     u"--log-level"_s,
                     u"info"_s};
    if (m_runningClockAt.isValid())
        args += {u"--clock-start"_s, m_runningClockAt.toUTC().toString(Qt::ISODateWithMs)};
    else
        args += u"--test-clock"_s;
    if (m_clockAt.isValid() && !m_runningClockAt.isValid())
        args += {u"--test-clock-at"_s, m_clockAt.toUTC().toString(Qt::ISODateWithMs)};
    if (m_suiteTls)
        args += testtls::serverArgs();
    args += m_extra;
    m_proc->start(serverBinary(), args);
    if (!m_proc->waitForStarted(10000)) {
        m_log += u"could not start "_s % serverBinary();
        return false;
    }
    m_port = port;
    if (m_node)
        return true;
    return waitServing(30000);
}

bool ServerProcess::startNode(quint16 port)
{
    m_node = true;
    const bool started = start(port);
    m_node = false;
    if (!started)
        return false;
    // Past its start: serving, or a standby saying who serves (or that it cannot reach the database).
    QDeadlineTimer deadline(30000);
    while (!deadline.hasExpired()) {
        if (isServing())
            return true;
        const QString text = log();
        if (text.contains(u"standby:"_s) || text.contains(u"took the serving lease"_s))
            return true;
        if (m_proc->state() == QProcess::NotRunning)
            return false;
        QThread::msleep(20);
    }
    return false;
}

bool ServerProcess::isServing() const
{
    QFile f(m_dir.filePath(u"port"_s));
    return f.open(QIODevice::ReadOnly) && !f.readAll().trimmed().isEmpty();
}

bool ServerProcess::waitServing(int timeoutMs)
{
    const QString portFile = m_dir.filePath(u"port"_s);
    QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        QFile f(portFile);
        if (f.open(QIODevice::ReadOnly)) {
            const QByteArray text = f.readAll().trimmed();
            if (!text.isEmpty()) {
                m_port = quint16(text.toUInt());
                return m_port != 0;
            }
        }
        if (m_proc->state() == QProcess::NotRunning)
            return false;
        QThread::msleep(20);
    }
    return false;
}

void ServerProcess::stop()
{
    if (m_proc && m_proc->state() != QProcess::NotRunning) {
        m_proc->terminate();
        if (!m_proc->waitForFinished(15000))
            m_proc->kill();
        m_proc->waitForFinished(5000);
    }
    checkSanitizerReports();
}

// What the server printed since the last look: a sanitizer's report there fails the test, also
// one printed while the server stopped (the exit code of a stop is not every test's business).
void ServerProcess::checkSanitizerReports()
{
    QFile f(m_dir.filePath(u"server.log"_s));
    if (!f.open(QIODevice::ReadOnly) || f.size() <= m_logChecked)
        return;
    f.seek(m_logChecked);
    const QString text = QString::fromUtf8(f.readAll());
    m_logChecked = f.size();
    checkNoSanitizerReport(u"okno-server"_s, text);
}

int ServerProcess::exitCode() const
{
    if (!m_proc || m_proc->state() != QProcess::NotRunning || m_proc->exitStatus() != QProcess::NormalExit)
        return -1;
    return m_proc->exitCode();
}

void ServerProcess::kill()
{
    if (!m_proc)
        return;
    m_proc->kill();
    m_proc->waitForFinished(5000);
    checkSanitizerReports(); // what it said before the SIGKILL
}

bool ServerProcess::restart()
{
    stop();
    return start();
}

qint64 ServerProcess::pid() const
{
    return m_proc ? m_proc->processId() : 0;
}

qint64 ServerProcess::residentKiB() const
{
    QFile f(u"/proc/%1/status"_s.arg(pid()));
    if (!pid() || !f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : f.readAll().split('\n'))
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    return -1;
}

bool ServerProcess::isRunning() const
{
    return m_proc && m_proc->state() == QProcess::Running;
}

QString ServerProcess::log() const
{
    QFile f(m_dir.filePath(u"server.log"_s));
    const QString written = f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
    return m_log + written;
}

bool hasSanitizerReport(const QString &output)
{
    // "==PID==ERROR: AddressSanitizer: …", "==PID==ERROR: LeakSanitizer: …", a deadly signal
    // caught by AddressSanitizer, and UBSan's "file:line:col: runtime error: …".
    static const QRegularExpression report(
        uR"(==\d+==ERROR: \w+Sanitizer|\w+Sanitizer:DEADLYSIGNAL|:\d+:\d+: runtime error: )"_s);
    return output.contains(report);
}

void checkNoSanitizerReport(const QString &program, const QString &output)
{
    if (hasSanitizerReport(output))
        FAIL_CHECK(program.toStdString() << " printed a sanitizer report:\n" << output.toStdString());
}

QJsonObject CtlResult::json() const
{
    return QJsonDocument::fromJson(out.toUtf8()).object();
}

CtlResult runCtl(const ServerProcess &server, const QString &user, const QString &password,
                 const QStringList &args)
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"OKNO_PASSWORD"_s, password);
    if (testtls::enabled())
        env.insert(u"OKNO_TLS_CA"_s, testtls::certificates().caFile);
    p.setProcessEnvironment(env);
    p.start(ServerProcess::ctlBinary(),
            QStringList{u"--port"_s, QString::number(server.port()), u"--user"_s, user} + args);
    CtlResult r;
    if (!p.waitForFinished(60000)) {
        p.kill();
        p.waitForFinished();
        r.err = u"oknoctl timed out"_s;
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    checkNoSanitizerReport(u"oknoctl"_s, r.err);
    return r;
}

CtlResult runServerCommand(const QStringList &args, int timeoutMs)
{
    QProcess p;
    p.start(ServerProcess::serverBinary(), args);
    CtlResult r;
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        r.err = u"okno-server timed out"_s;
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    checkNoSanitizerReport(u"okno-server"_s, r.out + r.err);
    return r;
}
