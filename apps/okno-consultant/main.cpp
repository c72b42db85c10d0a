// okno-consultant: the consultant's terminal.
#include "ConsultantWindow.h"

#include <ui/AppIcon.h>
#include <ui/LoginDialog.h>
#include <ui/TerminalOptions.h>

#include <QApplication>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Okno"));
    QApplication::setApplicationName(QStringLiteral("okno-consultant"));
    QApplication::setApplicationVersion(QStringLiteral(OKNO_VERSION));
    okno::ui::setApplicationIcon(); // before the login dialog, which shows it too
    auto options =
        okno::ui::terminalOptions(app, QObject::tr("Окно — консультант"), true, {okno::ui::windowedOption()});
    if (!options)
        return 1;
    okno::ui::installTranslations(app, options->language);
    okno::Client client;
    okno::ConsultantWindow window(&client, options->pdfDir);
    // A refused login or a session the server ended brings the login dialog back; cancelling quits.
    QObject::connect(window.loginPrompt(), &okno::ui::LoginPrompt::cancelled, &app,
                     [] { QApplication::exit(1); });
    okno::ui::showTerminal(window, *options);
    okno::ui::connectTerminal(client, *options);
    return app.exec();
}
