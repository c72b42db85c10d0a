// okno-kiosk: the self-service ticket point at the entrance.
#include "KioskWindow.h"

#include <ui/AppIcon.h>
#include <ui/ErrorText.h>
#include <ui/TerminalOptions.h>

#include <QApplication>
#include <QMessageBox>
#include <QScreen>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Okno"));
    QApplication::setApplicationName(QStringLiteral("okno-kiosk"));
    QApplication::setApplicationVersion(QStringLiteral(OKNO_VERSION));
    okno::ui::setApplicationIcon(); // before the login dialog, which shows it too
    const QCommandLineOption windowed(QStringLiteral("windowed"),
                                      QStringLiteral("Run in a window instead of full screen."));
    const QCommandLineOption printer(QStringLiteral("printer"),
                                     QStringLiteral("Print tickets on this printer (default: the system's)."),
                                     QStringLiteral("name"));
    const QCommandLineOption idle(QStringLiteral("idle-seconds"),
                                  QStringLiteral("Drop a half-finished choice after this long (default 45)."),
                                  QStringLiteral("s"));
    const QCommandLineOption ticket(QStringLiteral("ticket-seconds"),
                                    QStringLiteral("Show the issued ticket this long (default 15)."),
                                    QStringLiteral("s"));
    auto options = okno::ui::terminalOptions(app, QObject::tr("Окно — киоск самообслуживания"), false,
                                             {windowed, printer, idle, ticket});
    if (!options)
        return 1;
    okno::ui::installTranslations(app, options->language);
    okno::KioskWindow::Options kiosk;
    kiosk.pdfDir = options->pdfDir;
    kiosk.printer = options->appOptions.value(QStringLiteral("printer"));
    if (const int s = options->appOptions.value(QStringLiteral("idle-seconds")).toInt(); s > 0)
        kiosk.idleMs = s * 1000;
    if (const int s = options->appOptions.value(QStringLiteral("ticket-seconds")).toInt(); s > 0)
        kiosk.ticketMs = s * 1000;
    okno::Client client;
    QObject::connect(&client, &okno::Client::loginFailed, &app, [](const QString &, okno::ErrorCode code) {
        QMessageBox::critical(nullptr, QObject::tr("Вход"), okno::ui::loginFailureText(code));
        QApplication::exit(1);
    });
    okno::KioskWindow window(&client, kiosk);
    if (options->appOptions.contains(QStringLiteral("windowed")))
        window.show();
    else {
        // The whole screen, also where no window manager would make it so.
        window.setGeometry(window.screen()->geometry());
        window.showFullScreen();
    }
    okno::ui::connectTerminal(client, *options);
    return app.exec();
}
