#pragma once

#include <client/Client.h>

#include <QCommandLineOption>
#include <QHash>
#include <QList>
#include <QString>

class QApplication;
class QWidget;

namespace okno::ui {

// How a terminal connects: --host (one server, or the company's server nodes separated by commas:
// "a:7455,b:7455", tried in turn, see Client), --port (for a host given without one), --user, --password-file
// (or $OKNO_PASSWORD), --desk,
// --pdf-dir (documents go there as PDF instead of to a printer), --lang ru|en, and how it trusts
// the server: --tls auto|on|off, --tls-ca FILE, --tls-pin FINGERPRINT (ClientTls; TLS is used for
// every server not on this machine). What is missing is asked in a login dialog. Host, port,
// login, desk and the TLS settings are remembered for this terminal; never the password.
struct TerminalOptions
{
    QString host = QStringLiteral("127.0.0.1"); // as given: one host or a list (parseEndpoints)
    quint16 port = 7455;                        // of a host given without a port
    QList<Endpoint> servers;                    // `host` read: what connectTerminal connects to
    ClientCredentials credentials;
    ClientTls tls;
    QString pdfDir;
    QString language = QStringLiteral("ru");
    // The app's own options (appOptions below) that were given: name -> value ("" for a flag).
    QHash<QString, QString> appOptions;
};

// Parses the command line; shows the login dialog when the login or password is missing.
// Returns nothing when the person cancelled or the arguments are wrong (the reason on stderr).
// `appOptions` are options of the app's own (listed in --help too), e.g. the board's --mute.
std::optional<TerminalOptions> terminalOptions(QApplication &app, const QString &title, bool needsDesk,
                                               const QList<QCommandLineOption> &appOptions = {});

// The terminals' file for this machine, INI (resources/config/okno.conf is the example):
// /etc/okno/okno.conf, or $OKNO_TERMINAL_CONFIG. What it sets — [server] host (one, or the list of
// server nodes) and port, [login]
// desk, [tls], [ui] language and windowed, [documents] pdfDir — wins over what a person's terminal
// remembered and loses to the command line.
QString machineConfigPath();

// Applies the options' TLS settings and connects (Client::setTls, Client::connectToServer).
void connectTerminal(Client &client, const TerminalOptions &options);

// A staff terminal fills the screen it is on (maximised, also without a window manager) unless
// started with --windowed (windowedOption(), one of its appOptions): then a window of its own size,
// never larger than the screen.
QCommandLineOption windowedOption();
void showTerminal(QWidget &window, const TerminalOptions &options);

// Loads the English translation when asked for; Russian (the source language) otherwise.
void installTranslations(QApplication &app, const QString &language);

// A terminal calls this once its window shows its first data from the server. With the environment
// variable OKNO_READY_PROBE set, the window is painted and "okno-ready" goes to standard output
// (once per process): okno-bench measures each app's time to ready with it. Otherwise nothing.
void reportReady(QWidget *window);

} // namespace okno::ui
