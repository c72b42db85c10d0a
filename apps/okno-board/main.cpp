// okno-board: the hall board (табло в зале) — full screen, the calls, the queues, the hours.
#include "BoardWindow.h"

#include <ui/AppIcon.h>
#include <ui/ErrorText.h>
#include <ui/TerminalOptions.h>

#include <QApplication>
#include <QMessageBox>
#include <QScreen>
#include <QShortcut>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Okno"));
    QApplication::setApplicationName(QStringLiteral("okno-board"));
    QApplication::setApplicationVersion(QStringLiteral(OKNO_VERSION));
    okno::ui::setApplicationIcon(); // before the login dialog, which shows it too
    const QCommandLineOption windowed(QStringLiteral("windowed"),
                                      QStringLiteral("Show in a window instead of full screen."));
    const QCommandLineOption mute(QStringLiteral("mute"), QStringLiteral("No chime on a call."));
    auto options = okno::ui::terminalOptions(app, QObject::tr("Окно — табло"), false, {windowed, mute});
    if (!options)
        return 1;
    okno::ui::installTranslations(app, options->language);
    okno::Client client;
    QObject::connect(&client, &okno::Client::loginFailed, &app, [](const QString &, okno::ErrorCode code) {
        QMessageBox::critical(nullptr, QObject::tr("Вход"), okno::ui::loginFailureText(code));
        QApplication::exit(1);
    });
    okno::BoardWindow::Options boardOptions;
    boardOptions.muted = options->appOptions.contains(QStringLiteral("mute"));
    okno::BoardWindow window(&client, boardOptions);
    // A wall display: F11 switches between full screen and a window, Ctrl+Q quits.
    new QShortcut(QKeySequence(Qt::Key_F11), &window,
                  [&window] { window.isFullScreen() ? window.showNormal() : window.showFullScreen(); });
    new QShortcut(QKeySequence::Quit, &window, &QApplication::quit);
    if (options->appOptions.contains(QStringLiteral("windowed"))) {
        window.resize(1366, 768);
        window.show();
    } else {
        window.setCursor(Qt::BlankCursor);
        window.setGeometry(window.screen()->geometry()); // also without a window manager
        window.showFullScreen();
    }
    okno::ui::connectTerminal(client, *options);
    return app.exec();
}
