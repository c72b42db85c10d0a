#include "TerminalOptions.h"

#include "LoginDialog.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QFile>
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
    const QCommandLineOption host(QStringLiteral("host"), QStringLiteral("Server address."),
                                  QStringLiteral("host"));
    const QCommandLineOption port(QStringLiteral("port"), QStringLiteral("Server port."),
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
    p.addOptions({host, port, user, pwFile, desk, pdf, lang});
    p.addOptions(appOptions);
    p.process(app);

    QSettings settings;
    TerminalOptions o;
    o.host = p.value(host).isEmpty() ? settings.value(QStringLiteral("server/host"), o.host).toString()
                                     : p.value(host);
    o.port = quint16(
        (p.isSet(port) ? p.value(port) : settings.value(QStringLiteral("server/port"), 7455).toString())
            .toUInt());
    o.credentials.login =
        p.isSet(user) ? p.value(user) : settings.value(QStringLiteral("login/user")).toString();
    o.credentials.deskNumber =
        (p.isSet(desk) ? p.value(desk) : settings.value(QStringLiteral("login/desk")).toString()).toInt();
    o.pdfDir = p.value(pdf);
    for (const QCommandLineOption &option : appOptions)
        if (p.isSet(option))
            o.appOptions.insert(option.names().constFirst(),
                                option.valueName().isEmpty() ? QString() : p.value(option));
    o.language =
        p.isSet(lang) ? p.value(lang) : settings.value(QStringLiteral("ui/language"), o.language).toString();
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
    if (!o.credentials.login.isEmpty() && !o.credentials.password.isEmpty() &&
        (!needsDesk || o.credentials.deskNumber > 0))
        return o;

    LoginDialog dialog(title, needsDesk);
    dialog.setServer(o.host, o.port);
    dialog.setCredentials(o.credentials);
    if (dialog.exec() != QDialog::Accepted)
        return std::nullopt;
    o.host = dialog.host();
    o.port = dialog.port();
    o.credentials = dialog.credentials();
    settings.setValue(QStringLiteral("server/host"), o.host);
    settings.setValue(QStringLiteral("server/port"), o.port);
    settings.setValue(QStringLiteral("login/user"), o.credentials.login);
    settings.setValue(QStringLiteral("login/desk"), o.credentials.deskNumber);
    return o;
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
