#include "Terminals.h"

#include "Bench.h"
#include "Server.h"

#include <QApplication>
#include <QDir>
#include <QLabel>
#include <QProcess>
#include <QTimer>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace okno::bench {

Ready startUntilReady(const QString &binary, const QStringList &arguments, const QString &home)
{
    QDir().mkpath(home);
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
    env.insert(u"OKNO_READY_PROBE"_s, u"1"_s);
    env.insert(u"HOME"_s, home);
    env.insert(u"XDG_CONFIG_HOME"_s, QDir(home).filePath(u".config"_s));
    env.remove(u"OKNO_PASSWORD"_s);
    process.setProcessEnvironment(env);
    process.setStandardErrorFile(QDir(home).filePath(u"stderr.log"_s));
    const auto start = Clock::now();
    process.start(binary, arguments);
    if (!process.waitForStarted(10000))
        fail(u"cannot start "_s + binary);
    QByteArray out;
    while (!out.contains("okno-ready")) {
        if (micros(Clock::now() - start) > 60e6 || process.state() != QProcess::Running) {
            process.kill();
            process.waitForFinished(5000);
            fail(
                u"%1 was not ready within 60 s (see %2)"_s.arg(binary, QDir(home).filePath(u"stderr.log"_s)));
        }
        process.waitForReadyRead(100);
        out += process.readAllStandardOutput();
    }
    Ready ready;
    ready.seconds = micros(Clock::now() - start) / 1e6;
    ready.rssMiB = processMemory(process.processId()).first;
    process.terminate();
    if (!process.waitForFinished(10000)) {
        process.kill();
        process.waitForFinished(5000);
    }
    return ready;
}

int bareWindow(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QLabel window(u"Окно"_s);
    window.resize(800, 600);
    window.show();
    QTimer::singleShot(0, &window, [&window] {
        window.repaint();
        std::fprintf(stdout, "okno-ready\n");
        std::fflush(stdout);
    });
    return app.exec();
}

} // namespace okno::bench
