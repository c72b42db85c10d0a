// A terminal's settings on one machine (ui::machineConfigPath, resources/config/okno.conf): the
// real okno-consultant, started with no server, login or desk on its command line, finds them in
// the machine's file and becomes ready against a real server; the file wins over what the
// person's terminal remembered, and the command line wins over the file. The server may be a list
// of nodes, in the file or on the command line: the terminal passes over one that is down.
#include "Fixture.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTcpServer>
#include <QTemporaryDir>

#include <chrono>

namespace {

struct Terminal
{
    QTemporaryDir home;
    QString machineFile() const { return home.filePath(u"okno.conf"_s); }
    QString rememberedFile() const { return home.filePath(u".config/Okno/okno-consultant.conf"_s); }

    static void write(const QString &path, const QByteArray &text)
    {
        QDir().mkpath(QFileInfo(path).absolutePath());
        QFile f(path);
        REQUIRE(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        REQUIRE(f.write(text) == text.size());
    }

    // Whether the consultant's terminal shows its first data within `seconds`; its stderr then.
    bool ready(const QStringList &arguments, QString *log, int seconds = 30) const
    {
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
        env.insert(u"OKNO_READY_PROBE"_s, u"1"_s);
        env.insert(u"OKNO_TERMINAL_CONFIG"_s, machineFile());
        env.insert(u"OKNO_PASSWORD"_s, u"okno-demo"_s);
        env.insert(u"HOME"_s, home.path());
        env.insert(u"XDG_CONFIG_HOME"_s, home.filePath(u".config"_s));
        env.insert(u"XDG_RUNTIME_DIR"_s, home.path());
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(OKNO_CONSULTANT_BINARY), arguments + QStringList{u"--windowed"_s});
        bool isReady = false;
        QByteArray out;
        const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
        while (!isReady && std::chrono::steady_clock::now() < until && p.state() != QProcess::NotRunning) {
            p.waitForReadyRead(100);
            out += p.readAllStandardOutput();
            isReady = out.contains("okno-ready");
        }
        p.kill();
        p.waitForFinished(5000);
        *log = QString::fromUtf8(p.readAllStandardError());
        return isReady;
    }
};

// A loopback port nobody listens on (a server node that is down).
QByteArray deadPort()
{
    QTcpServer probe;
    REQUIRE(probe.listen(QHostAddress::LocalHost));
    return QByteArray::number(probe.serverPort());
}

} // namespace

TEST_CASE("A terminal takes its server, login and desk from the machine's file", "[terminal][config]")
{
    DemoServer demo;
    demo.at(10, 0);
    Terminal t;
    const QByteArray port = QByteArray::number(demo.server.port());
    QString log;

    SECTION("the machine's file alone is enough")
    {
        t.write(t.machineFile(),
                "[server]\nhost = 127.0.0.1\nport = " + port + "\n[login]\nuser = consult1\ndesk = 2\n");
        CHECK(t.ready({}, &log));
        INFO(log.toStdString());
    }
    SECTION("it wins over what the person's terminal remembered")
    {
        t.write(t.rememberedFile(),
                "[server]\nhost = 127.0.0.1\nport = 1\n[login]\nuser = consult1\ndesk = 2\n");
        t.write(t.machineFile(), "[server]\nport = " + port + "\n");
        CHECK(t.ready({}, &log));
        INFO(log.toStdString());
    }
    SECTION("the command line wins over it")
    {
        t.write(t.machineFile(),
                "[server]\nhost = 127.0.0.1\nport = 1\n[login]\nuser = consult1\ndesk = 2\n");
        CHECK(t.ready({u"--port"_s, QString::fromLatin1(port)}, &log));
        INFO(log.toStdString());
    }
    SECTION("the file names the company's server nodes, the first one down")
    {
        // Unquoted, as an administrator writes it (QSettings reads a value with commas as a list).
        t.write(t.machineFile(), "[server]\nhost = 127.0.0.1:" + deadPort() + ", 127.0.0.1:" + port +
                                     "\n[login]\nuser = consult1\ndesk = 2\n");
        CHECK(t.ready({}, &log));
        INFO(log.toStdString());
    }
    SECTION("--host names the nodes; a host alone is on --port")
    {
        t.write(t.machineFile(), "[login]\nuser = consult1\ndesk = 2\n");
        CHECK(t.ready({u"--host"_s, u"127.0.0.1:"_s + QString::fromLatin1(deadPort()) + u",127.0.0.1"_s,
                       u"--port"_s, QString::fromLatin1(port)},
                      &log));
        INFO(log.toStdString());
    }
    SECTION("a list that cannot be meant stops the terminal, saying why")
    {
        t.write(t.machineFile(), "[login]\nuser = consult1\ndesk = 2\n");
        CHECK_FALSE(t.ready({u"--host"_s, u"127.0.0.1:"_s + QString::fromLatin1(port) + u",,b"_s}, &log, 8));
        CHECK(log.contains(u"--host:"_s));
        CHECK(log.contains(u"server 2 of 3 is empty"_s));
    }
    SECTION("a wrong port in the file is not overridden by a remembered right one")
    {
        // The checks above can fail: with the file pointing nowhere the same start never gets
        // ready (8 s: the right port would be ready in well under one).
        t.write(t.rememberedFile(),
                "[server]\nhost = 127.0.0.1\nport = " + port + "\n[login]\nuser = consult1\ndesk = 2\n");
        t.write(t.machineFile(), "[server]\nport = 1\n");
        CHECK_FALSE(t.ready({}, &log, 8));
    }
}
