#include "ServerProcess.h"

#include "TestTls.h"

#include <catch2/catch.hpp>

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QFile>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QThread>

#include <csignal>
#include <sys/prctl.h>

using namespace Qt::StringLiterals;

ServerProcess::ServerProcess(QStringList extraArgs)
    : m_extra(std::move(extraArgs))
{
    QFile pw(m_dir.filePath(u"admin-password"_s));
    if (pw.open(QIODevice::WriteOnly))
        pw.write(kAdminPassword);
}

ServerProcess::~ServerProcess()
{
    stop();
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
                     databasePath(),
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
    QDeadlineTimer deadline(30000);
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
