#include "DemoOptions.h"

#include <QCommandLineParser>
#include <QCoreApplication>

namespace okno::demo {

using namespace Qt::StringLiterals;

namespace {

Error bad(const QString &message)
{
    return makeError(ErrorCode::InvalidArgument, message);
}

} // namespace

Result<ParsedCommandLine> parseCommandLine(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"Okno demo: plays visitors and staff against a running okno-server in real time, through the "
        u"real protocol — tickets at the kiosk and at reception, calls, services, consultation tickets, "
        u"payments — following the centre's schedule by the server's clock. Bot staff and desks are "
        u"created if missing; the desks of the demo terminals (1, 2, 4) are left to people."_s);
    const QCommandLineOption helpOpt({u"h"_s, u"help"_s}, u"Show this help."_s);
    const QCommandLineOption versionOpt(u"version"_s, u"Show the version."_s);
    const QCommandLineOption hostOpt(u"host"_s, u"Server address (default 127.0.0.1)."_s, u"host"_s);
    const QCommandLineOption portOpt(u"port"_s, u"Server port (default 7455)."_s, u"port"_s);
    const QCommandLineOption adminOpt(u"admin-login"_s, u"System administrator's login (default admin)."_s,
                                      u"login"_s);
    const QCommandLineOption passwordOpt(u"admin-password-file"_s,
                                         u"File whose first line is the system administrator's password "
                                         u"(e.g. initial-admin-password next to the database). Required."_s,
                                         u"file"_s);
    const QCommandLineOption centreOpt(u"centre"_s, u"Centre to play, by id or code (default: the first)."_s,
                                       u"centre"_s);
    const QCommandLineOption rateOpt(u"rate"_s, u"Visitors per hour, the day's mean (default 16)."_s, u"n"_s);
    const QCommandLineOption seedOpt(u"seed"_s, u"Random seed (default: a new one each run)."_s, u"n"_s);
    const QCommandLineOption speedOpt(
        u"speed"_s,
        u"People act this many times faster than real ones (tests; default 1). The clock is not changed."_s,
        u"factor"_s);
    const QCommandLineOption verboseOpt({u"v"_s, u"verbose"_s}, u"Log one line per action."_s);
    const QCommandLineOption planOpt(
        u"plan"_s,
        u"Print the time the demo server's clock should start at (ISO 8601, UTC) for --database, with the "
        u"reason on stderr, and exit. The server must not be running."_s);
    const QCommandLineOption databaseOpt(
        u"database"_s, u"With --plan: the server's database (the SQLite file, or its postgresql:// URL)."_s,
        u"path"_s);
    parser.addOptions({helpOpt, versionOpt, hostOpt, portOpt, adminOpt, passwordOpt, centreOpt, rateOpt,
                       seedOpt, speedOpt, verboseOpt, planOpt, databaseOpt});
    if (!parser.parse(arguments))
        return bad(parser.errorText());
    ParsedCommandLine result;
    if (parser.isSet(helpOpt)) {
        result.helpText = parser.helpText();
        return result;
    }
    if (parser.isSet(versionOpt)) {
        result.helpText =
            QCoreApplication::applicationName() % u' ' % QCoreApplication::applicationVersion() % u'\n';
        return result;
    }
    if (!parser.positionalArguments().isEmpty())
        return bad(u"unexpected argument \""_s % parser.positionalArguments().first() % u"\""_s);

    DemoOptions &o = result.options;
    o.verbose = parser.isSet(verboseOpt);
    o.plan = parser.isSet(planOpt);
    if (parser.isSet(hostOpt)) {
        o.host = parser.value(hostOpt).trimmed();
        if (o.host.isEmpty())
            return bad(u"--host must not be empty"_s);
    }
    if (parser.isSet(portOpt)) {
        bool ok = false;
        const uint port = parser.value(portOpt).toUInt(&ok);
        if (!ok || port < 1 || port > 65535)
            return bad(u"--port must be a number 1–65535, got \""_s % parser.value(portOpt) % u"\""_s);
        o.port = quint16(port);
    }
    if (parser.isSet(adminOpt))
        o.adminLogin = parser.value(adminOpt).trimmed();
    if (parser.isSet(centreOpt)) {
        o.centre = parser.value(centreOpt).trimmed();
        if (o.centre.isEmpty())
            return bad(u"--centre must name a centre by id or code"_s);
    }
    if (parser.isSet(rateOpt)) {
        bool ok = false;
        o.rate = parser.value(rateOpt).toDouble(&ok);
        if (!ok || !(o.rate > 0.0) || o.rate > 36000.0)
            return bad(
                u"--rate must be a number of visitors per hour, more than 0 and at most 36000, got \""_s %
                parser.value(rateOpt) % u"\""_s);
    }
    if (parser.isSet(seedOpt)) {
        bool ok = false;
        o.seed = parser.value(seedOpt).toUInt(&ok);
        if (!ok)
            return bad(u"--seed must be a whole number 0–4294967295, got \""_s % parser.value(seedOpt) %
                       u"\""_s);
        o.seedGiven = true;
    }
    if (parser.isSet(speedOpt)) {
        bool ok = false;
        o.speed = parser.value(speedOpt).toDouble(&ok);
        if (!ok || o.speed < 0.1 || o.speed > 1000.0)
            return bad(u"--speed must be a number 0.1–1000, got \""_s % parser.value(speedOpt) % u"\""_s);
    }
    if (o.plan) {
        o.database = parser.value(databaseOpt);
        if (o.database.isEmpty())
            return bad(u"--plan needs --database FILE"_s);
        return result;
    }
    if (parser.isSet(databaseOpt))
        return bad(u"--database is only for --plan"_s);
    o.adminPasswordFile = parser.value(passwordOpt);
    if (o.adminPasswordFile.isEmpty())
        return bad(u"--admin-password-file is required (the system administrator creates the bot staff)"_s);
    return result;
}

} // namespace okno::demo
