#include "TerminalOptions.h"

#include "LoginDialog.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QFile>
#include <QFileInfo>
#include <QLibraryInfo>
#include <QLocale>
#include <QScreen>
#include <QSettings>
#include <QTranslator>
#include <QWidget>

#include <cstdio>

namespace okno::ui {

std::optional<TerminalOptions> terminalOptions(QApplication &app, const QString &title, bool needsDesk,
                                               const QList<QCommandLineOption> &appOptions)
{
    QCommandLineParser p;
    p.setApplicationDescription(title);
    p.addHelpOption();
    const QCommandLineOption host(
        QStringLiteral("host"),
        QStringLiteral("Server address; or the server nodes, separated by commas (a:7455,b:7455), "
                       "tried in turn."),
        QStringLiteral("host"));
    const QCommandLineOption port(QStringLiteral("port"),
                                  QStringLiteral("Server port (of a host given without one)."),
                                  QStringLiteral("port"));
    const QCommandLineOption user(QStringLiteral("user"), QStringLiteral("Login."), QStringLiteral("login"));
    const QCommandLineOption pwFile(QStringLiteral("password-file"),
                                    QStringLiteral("Read the password from a file."), QStringLiteral("file"));
    const QCommandLineOption desk(QStringLiteral("desk"), QStringLiteral("Desk number."),
                                  QStringLiteral("n"));
    const QCommandLineOption pdf(QStringLiteral("pdf-dir"), QStringLiteral("Write documents as PDF here."),
                                 QStringLiteral("dir"));
    const QCommandLineOption lang(QStringLiteral("lang"), QStringLiteral("ru or en."),
                                  QStringLiteral("lang"));
    const QCommandLineOption tlsMode(
        QStringLiteral("tls"), QStringLiteral("auto (TLS unless the server is on this machine), on or off."),
        QStringLiteral("mode"));
    const QCommandLineOption tlsCa(
        QStringLiteral("tls-ca"),
        QStringLiteral("Trust server certificates signed by the CA in this PEM file."),
        QStringLiteral("file"));
    const QCommandLineOption tlsPin(
        QStringLiteral("tls-pin"),
        QStringLiteral("Trust only the server certificate with this SHA-256 fingerprint."),
        QStringLiteral("fingerprint"));
    p.addOptions({host, port, user, pwFile, desk, pdf, lang, tlsMode, tlsCa, tlsPin});
    p.addOptions(appOptions);
    p.process(app);

    // Command line, then this machine's file (what the IT department set for every person at this
    // desk), then what this person's terminal remembered, then the defaults.
    QSettings settings;
    const QSettings machine(machineConfigPath(), QSettings::IniFormat);
    const auto stored = [&](const QString &key, const QVariant &fallback = {}) {
        return machine.contains(key) ? machine.value(key) : settings.value(key, fallback);
    };
    TerminalOptions o;
    // In an INI file a value with commas (the list of server nodes, unquoted) is read as a list.
    const QVariant storedHost = stored(QStringLiteral("server/host"), o.host);
    o.host = !p.value(host).isEmpty() ? p.value(host)
             : storedHost.typeId() == QMetaType::QStringList
                 ? storedHost.toStringList().join(QLatin1Char(','))
                 : storedHost.toString();
    o.port = quint16(
        (p.isSet(port) ? p.value(port) : stored(QStringLiteral("server/port"), 7455).toString()).toUInt());
    o.credentials.login = p.isSet(user) ? p.value(user) : stored(QStringLiteral("login/user")).toString();
    o.credentials.deskNumber =
        (p.isSet(desk) ? p.value(desk) : stored(QStringLiteral("login/desk")).toString()).toInt();
    o.pdfDir = p.isSet(pdf) ? p.value(pdf) : stored(QStringLiteral("documents/pdfDir")).toString();
    // TLS: given once, remembered for this terminal; a changed certificate is then refused.
    const QString mode = p.isSet(tlsMode)
                             ? p.value(tlsMode)
                             : stored(QStringLiteral("tls/mode"), QStringLiteral("auto")).toString();
    if (mode == QStringLiteral("on"))
        o.tls.mode = ClientTls::Mode::On;
    else if (mode == QStringLiteral("off"))
        o.tls.mode = ClientTls::Mode::Off;
    else if (mode != QStringLiteral("auto")) {
        std::fprintf(stderr, "--tls must be auto, on or off\n");
        return std::nullopt;
    }
    o.tls.caFile = p.isSet(tlsCa) ? QFileInfo(p.value(tlsCa)).absoluteFilePath()
                                  : stored(QStringLiteral("tls/ca")).toString();
    o.tls.pin = p.isSet(tlsPin) ? p.value(tlsPin) : stored(QStringLiteral("tls/pin")).toString();
    if (!o.tls.caFile.isEmpty() || !o.tls.pin.isEmpty()) {
        if (o.tls.mode == ClientTls::Mode::Off) {
            std::fprintf(stderr, "--tls off contradicts --tls-ca/--tls-pin\n");
            return std::nullopt;
        }
        o.tls.mode = ClientTls::Mode::On; // a CA or a pin given: this server speaks TLS
    }
    {
        Client probe; // checks the CA file and the fingerprint now, not at the first connection
        if (Status s = probe.setTls(o.tls); !s) {
            std::fprintf(stderr, "%s\n", qPrintable(s.error().message));
            return std::nullopt;
        }
        o.tls = probe.tls();
    }
    if (p.isSet(tlsMode) || p.isSet(tlsCa) || p.isSet(tlsPin)) {
        settings.setValue(QStringLiteral("tls/mode"),
                          mode == QStringLiteral("auto") && o.tls.mode == ClientTls::Mode::On
                              ? QStringLiteral("on")
                              : mode);
        settings.setValue(QStringLiteral("tls/ca"), o.tls.caFile);
        settings.setValue(QStringLiteral("tls/pin"), o.tls.pin);
    }
    for (const QCommandLineOption &option : appOptions)
        if (p.isSet(option))
            o.appOptions.insert(option.names().constFirst(),
                                option.valueName().isEmpty() ? QString() : p.value(option));
        else if (option.names().constFirst() == QStringLiteral("windowed") &&
                 stored(QStringLiteral("ui/windowed"), false).toBool())
            o.appOptions.insert(QStringLiteral("windowed"), QString());
    o.language = p.isSet(lang) ? p.value(lang) : stored(QStringLiteral("ui/language"), o.language).toString();
    installTranslations(app, o.language); // before the login dialog, so it speaks the language too
    if (p.isSet(pwFile)) {
        QFile f(p.value(pwFile));
        if (!f.open(QIODevice::ReadOnly)) {
            std::fprintf(stderr, "cannot read the password file %s\n", qPrintable(f.fileName()));
            return std::nullopt;
        }
        o.credentials.password = QString::fromUtf8(f.readAll()).trimmed();
    } else {
        o.credentials.password = qEnvironmentVariable("OKNO_PASSWORD");
    }
    if (o.port == 0) {
        std::fprintf(stderr, "--port must be 1-65535\n");
        return std::nullopt;
    }
    QString serverProblem;
    if (auto servers = parseEndpoints(o.host, o.port)) {
        o.servers = *servers;
    } else if (p.isSet(host) || p.isSet(port)) {
        std::fprintf(stderr, "--host: %s\n", qPrintable(servers.error().message));
        return std::nullopt;
    } else {
        // From this machine's file or what was remembered: the login dialog shows it to be mended.
        serverProblem = servers.error().message;
        std::fprintf(stderr, "[server] host: %s\n", qPrintable(serverProblem));
    }
    if (serverProblem.isEmpty() && !o.credentials.login.isEmpty() && !o.credentials.password.isEmpty() &&
        (!needsDesk || o.credentials.deskNumber > 0))
        return o;

    LoginDialog dialog(title, needsDesk);
    if (o.servers.isEmpty())
        dialog.setServerText(o.host);
    else
        dialog.setServers(o.servers);
    dialog.setCredentials(o.credentials);
    if (!serverProblem.isEmpty())
        dialog.setReason(LoginDialog::tr("Адрес сервера не распознан: %1").arg(serverProblem));
    if (dialog.exec() != QDialog::Accepted)
        return std::nullopt;
    o.servers = dialog.servers();
    // Remembered as before for one server (host, port); a list with the first node's port as the
    // port, so that a port set in this machine's file still applies to the hosts without one.
    o.port = o.servers.constFirst().port;
    o.host = endpointsText(o.servers, o.port);
    o.credentials = dialog.credentials();
    settings.setValue(QStringLiteral("server/host"), o.host);
    settings.setValue(QStringLiteral("server/port"), o.port);
    settings.setValue(QStringLiteral("login/user"), o.credentials.login);
    settings.setValue(QStringLiteral("login/desk"), o.credentials.deskNumber);
    return o;
}

QString machineConfigPath()
{
    const QString path = qEnvironmentVariable("OKNO_TERMINAL_CONFIG");
    return path.isEmpty() ? QStringLiteral("/etc/okno/okno.conf") : path;
}

void connectTerminal(Client &client, const TerminalOptions &options)
{
    (void)client.setTls(options.tls); // checked by terminalOptions
    // (servers is empty only in options not made by terminalOptions: then host is one host.)
    client.connectToServer(options.servers.isEmpty() ? QList<Endpoint>{Endpoint{options.host, options.port}}
                                                     : options.servers,
                           options.credentials);
}

void installTranslations(QApplication &app, const QString &language)
{
    if (app.property("okno.translationsInstalled").toBool())
        return; // once: terminalOptions installs it before the login dialog
    app.setProperty("okno.translationsInstalled", true);
    // Numbers, dates and amounts on screen follow the language too (ui::DomainText::money).
    QLocale::setDefault(language == QStringLiteral("en") ? QLocale(QLocale::English, QLocale::UnitedKingdom)
                                                         : QLocale(QLocale::Russian, QLocale::Russia));
    if (language != QStringLiteral("en")) {
        // Our strings are Russian already; Qt's own (OK/Cancel, Yes/No, file dialogs, context
        // menus) come from Qt's Russian catalogue (Debian's qt6-translations-l10n).
        auto *qt = new QTranslator(&app);
        if (qt->load(QLocale(QLocale::Russian, QLocale::Russia), QStringLiteral("qtbase"),
                     QStringLiteral("_"), QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
            QApplication::installTranslator(qt);
        return;
    }
    auto *translator = new QTranslator(&app);
    if (translator->load(QStringLiteral(":/i18n/okno_en.qm")))
        QApplication::installTranslator(translator);
}

void reportReady(QWidget *window)
{
    static bool reported = false;
    if (reported || !qEnvironmentVariableIsSet("OKNO_READY_PROBE"))
        return;
    reported = true;
    window->repaint(); // the first frame with the data, painted now rather than on the next pass
    std::fprintf(stdout, "okno-ready\n");
    std::fflush(stdout);
}

QCommandLineOption windowedOption()
{
    return QCommandLineOption(QStringLiteral("windowed"),
                              QStringLiteral("Show in a window of its own size instead of maximised."));
}

void showTerminal(QWidget &window, const TerminalOptions &options)
{
    const QRect screen = window.screen()->availableGeometry();
    if (options.appOptions.contains(QStringLiteral("windowed"))) {
        window.resize(window.size().boundedTo(screen.size()));
        window.show();
    } else {
        window.setGeometry(screen); // what maximised means where no window manager does it
        window.showMaximized();
    }
}

} // namespace okno::ui
