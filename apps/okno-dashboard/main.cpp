// okno-dashboard: the manager's live dashboard and reports.
#include "DashboardWindow.h"

#include <ui/AppIcon.h>
#include <ui/LoginDialog.h>
#include <ui/TerminalOptions.h>

#include <QApplication>
#include <QScreen>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Okno"));
    QApplication::setApplicationName(QStringLiteral("okno-dashboard"));
    QApplication::setApplicationVersion(QStringLiteral(OKNO_VERSION));
    okno::ui::setApplicationIcon(); // before the login dialog, which shows it too
    auto options = okno::ui::terminalOptions(app, QObject::tr("Окно — панель руководителя"), false);
    if (!options)
        return 1;
    okno::ui::installTranslations(app, options->language);
    okno::Client client;
    okno::DashboardWindow window(&client);
    // A refused login or a session the server ended brings the login dialog back; cancelling quits.
    QObject::connect(window.loginPrompt(), &okno::ui::LoginPrompt::cancelled, &app,
                     [] { QApplication::exit(1); });
    // A manager's screen: up to 1920×1080, and whatever smaller screen there is (1366×768).
    window.resize(app.primaryScreen()->availableGeometry().size().boundedTo(QSize(1920, 1080)));
    window.show();
    okno::ui::connectTerminal(client, *options);
    return app.exec();
}
