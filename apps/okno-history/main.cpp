// okno-history: fills a database with a realistic history for demos, tests and benchmarks.
#include <history/HistoryGenerator.h>

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>

#include <cstdio>

using namespace Qt::StringLiterals;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"okno-history"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(OKNO_VERSION));
    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"Fills an Okno database (not in use by a running server) with months of realistic working days: "
        u"several centres, arrival peaks, priority visitors, visits through reception, consultant and "
        u"cashier, "
        u"no-shows — simulated with the server's own rules."_s);
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption dbOpt({u"d"_s, u"database"_s}, u"SQLite database file (created if missing)."_s,
                                   u"path"_s);
    const QCommandLineOption centresOpt(u"centres"_s, u"Number of centres (default 3)."_s, u"n"_s, u"3"_s);
    const QCommandLineOption fromOpt(u"from"_s, u"First day, YYYY-MM-DD (default: 90 days before --to)."_s,
                                     u"date"_s);
    const QCommandLineOption toOpt(u"to"_s, u"Last day, YYYY-MM-DD (default: yesterday)."_s, u"date"_s);
    const QCommandLineOption visitsOpt(
        u"visits-per-day"_s, u"Mean visitors per centre per working day (default 120)."_s, u"n"_s, u"120"_s);
    const QCommandLineOption seedOpt(
        u"seed"_s, u"Random seed (default 20261123): the same seed gives the same history."_s, u"n"_s,
        u"20261123"_s);
    const QCommandLineOption noEventsOpt(u"no-events"_s, u"Do not write the event log (smaller, faster)."_s);
    const QCommandLineOption quietOpt({u"q"_s, u"quiet"_s}, u"No progress lines."_s);
    parser.addOptions({dbOpt, centresOpt, fromOpt, toOpt, visitsOpt, seedOpt, noEventsOpt, quietOpt});
    parser.process(app);

    const auto fail = [](const QString &m) {
        std::fprintf(stderr, "okno-history: %s\n", qPrintable(m));
        return 2;
    };
    if (!parser.isSet(dbOpt))
        return fail(u"--database is required"_s);
    okno::HistoryOptions o;
    o.database.path = parser.value(dbOpt);
    bool ok = false;
    o.centres = parser.value(centresOpt).toInt(&ok);
    if (!ok)
        return fail(u"--centres must be a number"_s);
    o.visitsPerDay = parser.value(visitsOpt).toInt(&ok);
    if (!ok)
        return fail(u"--visits-per-day must be a number"_s);
    o.seed = parser.value(seedOpt).toUInt(&ok);
    if (!ok)
        return fail(u"--seed must be a number"_s);
    o.to = parser.isSet(toOpt) ? QDate::fromString(parser.value(toOpt), Qt::ISODate)
                               : QDate::currentDate().addDays(-1);
    o.from =
        parser.isSet(fromOpt) ? QDate::fromString(parser.value(fromOpt), Qt::ISODate) : o.to.addDays(-90);
    if (!o.from.isValid() || !o.to.isValid())
        return fail(u"--from and --to must be dates YYYY-MM-DD"_s);
    o.events = !parser.isSet(noEventsOpt);
    if (!parser.isSet(quietOpt))
        o.progress = [](const QString &line) { std::fprintf(stderr, "%s\n", qPrintable(line)); };
    QElapsedTimer timer;
    timer.start();
    auto r = okno::generateHistory(o);
    if (!r) {
        std::fprintf(stderr, "okno-history: %s\n", qPrintable(r.error().message));
        return 1;
    }
    std::printf("%d centres, %d working days, %lld visits, %lld stages, %lld events in %.1f s\n", r->centres,
                r->days, r->visits, r->stages, r->events, double(timer.elapsed()) / 1000.0);
    return 0;
}
