// okno-history: fills a database with a realistic history for demos, tests and benchmarks.
#include <history/HistoryGenerator.h>

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace {

int fail(const QString &message)
{
    std::fprintf(stderr, "okno-history: %s\n(see okno-history --help)\n", qPrintable(message));
    return 2;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"okno-history"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(OKNO_VERSION));
    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"Fills an Okno database with months of realistic working days, simulated with the server's own "
        u"rules: several centres, arrival peaks, priority visitors, visits through reception, consultant "
        u"and cashier, no-shows; consultation tickets (topics, outcomes, follow-up dates, appeals, meter "
        u"readings), cash shifts, payments and a few reversals approved by a manager; follow-ups and "
        u"other repeat visits.\n\n"
        u"Every active centre already in the database is filled first, with its own queues, desks and "
        u"staff (e.g. «ЦОК Саранск» of okno-server --demo); GEN-n centres are created for the rest of "
        u"--centres. Where a desk has nobody of its role, a history-only account gen<centre>-<desk> is "
        u"added: active, without a password, so it cannot log in. New centres get desks for the load "
        u"asked; an existing centre gets no more visitors than its desks can serve (the summary says so). "
        u"Run it on a database NOT in use by a "
        u"running server (it refuses one that is). Whole working days are written in large transactions "
        u"(about 200,000 rows each), with a rollback journal rather than the server's write-ahead log "
        u"(the server switches back when it opens the file): if the run is interrupted, even by a power "
        u"cut, the database is consistent and holds the days committed so far (run again with a later "
        u"--from to go on).\n\n"
        u"Exit codes: 0 done, 1 the database failed or is in use, 2 bad options."_s);
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption dbOpt({u"d"_s, u"database"_s},
                                   u"SQLite database file (created if missing) or a PostgreSQL URL "
                                   u"(postgresql://user@host:port/name). Required."_s,
                                   u"path|url"_s);
    const QCommandLineOption centresOpt(
        u"centres"_s,
        u"Centres to fill in all, 1–50: the existing active ones first, then new GEN-n (default 3)."_s,
        u"n"_s, u"3"_s);
    const QCommandLineOption fromOpt(u"from"_s, u"First day, YYYY-MM-DD (default: 90 days before --to)."_s,
                                     u"date"_s);
    const QCommandLineOption toOpt(u"to"_s, u"Last day, YYYY-MM-DD, inclusive (default: yesterday)."_s,
                                   u"date"_s);
    const QCommandLineOption visitsOpt(u"visits-per-day"_s,
                                       u"Mean visitors per centre per working day, 1–2000 (default 120)."_s,
                                       u"n"_s, u"120"_s);
    const QCommandLineOption seedOpt(
        u"seed"_s,
        u"Random seed (default 20261123): the same seed on the same database gives the same history."_s,
        u"n"_s, u"20261123"_s);
    const QCommandLineOption noEventsOpt(
        u"no-events"_s, u"Do not write the event log (a tenth of the size, several times faster)."_s);
    const QCommandLineOption daysPerTxOpt(
        u"days-per-transaction"_s,
        u"Working days written per transaction, 1–366 (default: as many as fit in about 200,000 rows)."_s,
        u"n"_s);
    const QCommandLineOption quietOpt({u"q"_s, u"quiet"_s}, u"No progress lines."_s);
    parser.addOptions(
        {dbOpt, centresOpt, fromOpt, toOpt, visitsOpt, seedOpt, noEventsOpt, daysPerTxOpt, quietOpt});
    if (!parser.parse(QCoreApplication::arguments()))
        return fail(parser.errorText());
    if (parser.isSet(u"help"_s) || parser.isSet(u"help-all"_s)) {
        std::printf("%s", qPrintable(parser.helpText()));
        return 0;
    }
    if (parser.isSet(u"version"_s)) {
        std::printf("okno-history %s\n", OKNO_VERSION);
        return 0;
    }
    if (!parser.positionalArguments().isEmpty())
        return fail(u"unexpected argument \""_s % parser.positionalArguments().first() % u"\""_s);
    if (!parser.isSet(dbOpt) || parser.value(dbOpt).isEmpty())
        return fail(u"--database is required"_s);

    okno::HistoryOptions o;
    auto database = okno::DatabaseConfig::fromString(parser.value(dbOpt));
    if (!database)
        return fail(database.error().message);
    o.database = *database;
    const auto number = [&](const QCommandLineOption &opt, int *out) {
        bool ok = false;
        *out = parser.value(opt).toInt(&ok);
        return ok;
    };
    if (!number(centresOpt, &o.centres))
        return fail(u"--centres must be a number"_s);
    if (!number(visitsOpt, &o.visitsPerDay))
        return fail(u"--visits-per-day must be a number"_s);
    if (parser.isSet(daysPerTxOpt) &&
        (!number(daysPerTxOpt, &o.daysPerTransaction) || o.daysPerTransaction < 1))
        return fail(u"--days-per-transaction must be a number 1–366"_s);
    bool ok = false;
    o.seed = parser.value(seedOpt).toUInt(&ok);
    if (!ok)
        return fail(u"--seed must be a number 0–4294967295"_s);
    o.to = parser.isSet(toOpt) ? QDate::fromString(parser.value(toOpt), Qt::ISODate)
                               : QDate::currentDate().addDays(-1);
    if (!o.to.isValid())
        return fail(u"--to must be a date YYYY-MM-DD"_s);
    o.from =
        parser.isSet(fromOpt) ? QDate::fromString(parser.value(fromOpt), Qt::ISODate) : o.to.addDays(-90);
    if (!o.from.isValid())
        return fail(u"--from must be a date YYYY-MM-DD"_s);
    o.events = !parser.isSet(noEventsOpt);
    if (auto s = okno::validate(o); !s)
        return fail(s.error().message);
    if (!parser.isSet(quietOpt))
        o.progress = [](const QString &line) { std::fprintf(stderr, "%s\n", qPrintable(line)); };

    QElapsedTimer timer;
    timer.start();
    auto r = okno::generateHistory(o);
    if (!r) {
        std::fprintf(stderr, "okno-history: %s\n", qPrintable(r.error().message));
        return r.error().code == okno::ErrorCode::InvalidArgument ? 2 : 1;
    }
    const double secs = double(timer.elapsed()) / 1000.0;
    std::printf("%d centres (%d already in the database), %d working days: %lld visits, %lld stages, "
                "%lld consultations, %lld cash shifts, %lld payments, %lld reversals, %lld events; "
                "%d history-only staff accounts added; %.1f s (%.0f visits/s)\n",
                r->centres, r->existingCentres, r->days, r->visits, r->stages, r->consultations, r->shifts,
                r->payments, r->reversals, r->events, r->staffCreated, secs,
                secs > 0 ? double(r->visits) / secs : 0.0);
    for (const QString &note : std::as_const(r->notes))
        std::printf("%s\n", qPrintable(note));
    for (const QString &skipped : std::as_const(r->skippedCentres))
        std::printf("skipped centre %s\n", qPrintable(skipped));
    return 0;
}
