// okno-demo: bots that play a centre's visitors and staff against a running okno-server, so that
// a demo shows living data (scripts/run.sh starts it); --plan chooses the demo server's time.
#include "DemoDirector.h"
#include "DemoOptions.h"
#include "DemoPlan.h"
#include "UnixSignals.h"

#include <logging/Logging.h>

#include <QCoreApplication>
#include <QFile>

#include <cstdio>

using namespace Qt::StringLiterals;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"okno-demo"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(OKNO_VERSION));

    const auto parsed = okno::demo::parseCommandLine(QCoreApplication::arguments());
    if (!parsed) {
        std::fprintf(stderr, "okno-demo: %s\n(okno-demo --help lists the options)\n",
                     qPrintable(parsed.error().message));
        return 2;
    }
    if (!parsed->helpText.isEmpty()) {
        std::fputs(qPrintable(parsed->helpText), stdout);
        return 0;
    }
    const okno::demo::DemoOptions &options = parsed->options;

    if (options.plan) {
        const auto t =
            okno::demo::planDemoTime(options.database, options.centre, QDateTime::currentDateTimeUtc());
        if (!t) {
            std::fprintf(stderr, "okno-demo: %s\n", qPrintable(t.error().message));
            return t.error().code == okno::ErrorCode::NotFound ? 2 : 1;
        }
        std::printf("%s\n", qPrintable(t->at.toString(Qt::ISODateWithMs)));
        std::fprintf(stderr, "okno-demo: %s\n", qPrintable(t->reason));
        return 0;
    }

    QFile passwordFile(options.adminPasswordFile);
    if (!passwordFile.open(QIODevice::ReadOnly)) {
        std::fprintf(stderr, "okno-demo: --admin-password-file: cannot read %s: %s\n",
                     qPrintable(options.adminPasswordFile), qPrintable(passwordFile.errorString()));
        return 2;
    }
    const QString password = QString::fromUtf8(passwordFile.readLine()).trimmed();
    if (password.isEmpty()) {
        std::fprintf(stderr, "okno-demo: --admin-password-file: %s is empty\n",
                     qPrintable(options.adminPasswordFile));
        return 2;
    }

    okno::logging::Options logOptions;
    logOptions.appName = u"okno-demo"_s;
    logOptions.level = options.verbose ? okno::logging::Level::Info : okno::logging::Level::Warning;
    okno::logging::setUp(logOptions);

    okno::demo::DemoDirector director(options, password);
    UnixSignals signals_;
    QObject::connect(&signals_, &UnixSignals::terminationRequested, &director,
                     [&director](int) { director.stop(); });
    QObject::connect(&director, &okno::demo::DemoDirector::finished, &app,
                     [](int code) { QCoreApplication::exit(code); });
    director.start();
    const int rc = app.exec();
    okno::logging::flush();
    return rc;
}
