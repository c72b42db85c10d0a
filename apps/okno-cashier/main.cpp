// okno-cashier: the operator-cashier's terminal.
#include "CashierWindow.h"

#include <ui/TerminalOptions.h>

#include <QApplication>
#include <QMessageBox>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Okno"));
    QApplication::setApplicationName(QStringLiteral("okno-cashier"));
    QApplication::setApplicationVersion(QStringLiteral(OKNO_VERSION));
    auto options = okno::ui::terminalOptions(app, QObject::tr("Окно — касса"), true);
    if (!options)
        return 1;
    okno::ui::installTranslations(app, options->language);
    okno::Client client;
    QObject::connect(&client, &okno::Client::loginFailed, &app, [](const QString &message) {
        QMessageBox::critical(nullptr, QObject::tr("Вход"), QObject::tr("Вход не выполнен: %1").arg(message));
        QApplication::exit(1);
    });
    okno::CashierWindow window(&client, options->pdfDir);
    window.show();
    client.connectToServer(options->host, options->port, options->credentials);
    return app.exec();
}
