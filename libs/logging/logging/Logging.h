#pragma once

#include <QString>

#include <optional>

namespace okno::logging {

enum class Level
{
    Trace,
    Debug,
    Info,
    Warning,
    Error,
    Critical,
    Off
};

std::optional<Level> levelFromName(const QString &name); // trace, debug, info, warn, error, critical, off

struct Options
{
    QString appName = QStringLiteral("okno");
    Level level = Level::Info;
    bool console = true; // to stderr
    QString filePath;    // rotating file; empty = none
    int maxFileBytes = 10 * 1024 * 1024;
    int maxFiles = 5;
};

// Sets up the one logger of the process (console and rotating file) and routes Qt's own
// messages (qDebug, qWarning, …) into it. Call once from main().
void setUp(const Options &options);
void setLevel(Level level);
void flush();

void trace(const QString &message);
void debug(const QString &message);
void info(const QString &message);
void warn(const QString &message);
void error(const QString &message);
void critical(const QString &message);

} // namespace okno::logging
