// okno-cashier: the operator-cashier's terminal.
#include "CashierWindow.h"

#include <ui/AppIcon.h>
#include <ui/LoginDialog.h>
#include <ui/TerminalOptions.h>

#include <QApplication>
#include <QSettings>

#include <cstdio>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Okno"));
    QApplication::setApplicationName(QStringLiteral("okno-cashier"));
    QApplication::setApplicationVersion(QStringLiteral(OKNO_VERSION));
    okno::ui::setApplicationIcon(); // before the login dialog, which shows it too
    const QCommandLineOption confirmAbove(
        QStringLiteral("confirm-above"),
        QStringLiteral("Ask the cashier to confirm payments above this amount in roubles (default 100000)."),
        QStringLiteral("roubles"));
    auto options = okno::ui::terminalOptions(app, QObject::tr("Окно — касса"), true,
                                             {confirmAbove, okno::ui::windowedOption()});
    if (!options)
        return 1;
    const QString bound = options->appOptions.value(
        QStringLiteral("confirm-above"),
        QSettings().value(QStringLiteral("cashier/confirmAboveRoubles")).toString());
    const auto boundKopecks = bound.isEmpty()
                                  ? std::optional<qint64>(okno::CashierWindow::kDefaultConfirmAboveKopecks)
                                  : okno::parseRoubles(bound);
    if (!boundKopecks || *boundKopecks <= 0) {
        std::fprintf(stderr, "--confirm-above (cashier/confirmAboveRoubles) must be an amount in roubles\n");
        return 1;
    }
    okno::ui::installTranslations(app, options->language);
    okno::Client client;
    okno::CashierWindow window(&client, options->pdfDir);
    window.setConfirmAboveKopecks(*boundKopecks);
    // A refused login or a session the server ended brings the login dialog back; cancelling quits.
    QObject::connect(window.loginPrompt(), &okno::ui::LoginPrompt::cancelled, &app,
                     [] { QApplication::exit(1); });
    okno::ui::showTerminal(window, *options);
    okno::ui::connectTerminal(client, *options);
    return app.exec();
}
