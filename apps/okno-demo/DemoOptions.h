#pragma once

#include <core/Result.h>

#include <QString>
#include <QStringList>

namespace okno::demo {

struct DemoOptions
{
    QString host = QStringLiteral("127.0.0.1");
    quint16 port = 7455;
    QString adminLogin = QStringLiteral("admin");
    QString adminPasswordFile;
    QString centre;     // id or code; empty = the first centre
    double rate = 16.0; // visitors per hour, the day's mean
    quint32 seed = 0;
    bool seedGiven = false;
    double speed = 1.0; // people act this many times faster (tests); the clock is not changed
    bool verbose = false;
    // --plan: print the demo time for --database and exit (see DemoPlan.h)
    bool plan = false;
    QString database;
};

// What the command line asks for. A bad option is an error whose message says what is wrong
// (main prints it and exits with 2); --help and --version are `help`/`version` with the text.
struct ParsedCommandLine
{
    DemoOptions options;
    QString helpText; // non-empty: print it and exit 0
};
Result<ParsedCommandLine> parseCommandLine(const QStringList &arguments);

} // namespace okno::demo
