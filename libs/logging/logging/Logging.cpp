#include "Logging.h"

#include <QDir>
#include <QFileInfo>

#include <spdlog/sinks/rotating_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <memory>
#include <vector>

namespace okno::logging {

using namespace Qt::StringLiterals;

namespace {

std::shared_ptr<spdlog::logger> &logger()
{
    static std::shared_ptr<spdlog::logger> instance = spdlog::stderr_color_mt("okno");
    return instance;
}

spdlog::level::level_enum toSpd(Level l)
{
    switch (l) {
    case Level::Trace:
        return spdlog::level::trace;
    case Level::Debug:
        return spdlog::level::debug;
    case Level::Info:
        return spdlog::level::info;
    case Level::Warning:
        return spdlog::level::warn;
    case Level::Error:
        return spdlog::level::err;
    case Level::Critical:
        return spdlog::level::critical;
    case Level::Off:
        return spdlog::level::off;
    }
    return spdlog::level::info;
}

void qtMessageHandler(QtMsgType type, const QMessageLogContext &context, const QString &msg)
{
    QString text = msg;
    if (context.category && qstrcmp(context.category, "default") != 0)
        text = QString::fromLatin1(context.category) % u": "_s % msg;
    switch (type) {
    case QtDebugMsg:
        debug(text);
        break;
    case QtInfoMsg:
        info(text);
        break;
    case QtWarningMsg:
        warn(text);
        break;
    case QtCriticalMsg:
        error(text);
        break;
    case QtFatalMsg:
        critical(text);
        flush();
        break;
    }
}

} // namespace

std::optional<Level> levelFromName(const QString &name)
{
    const QString n = name.toLower();
    if (n == u"trace")
        return Level::Trace;
    if (n == u"debug")
        return Level::Debug;
    if (n == u"info")
        return Level::Info;
    if (n == u"warn" || n == u"warning")
        return Level::Warning;
    if (n == u"error")
        return Level::Error;
    if (n == u"critical")
        return Level::Critical;
    if (n == u"off")
        return Level::Off;
    return std::nullopt;
}

void setUp(const Options &options)
{
    std::vector<spdlog::sink_ptr> sinks;
    if (options.console)
        sinks.push_back(std::make_shared<spdlog::sinks::stderr_color_sink_mt>());
    if (!options.filePath.isEmpty()) {
        QDir().mkpath(QFileInfo(options.filePath).absolutePath());
        sinks.push_back(std::make_shared<spdlog::sinks::rotating_file_sink_mt>(
            options.filePath.toStdString(), std::size_t(options.maxFileBytes),
            std::size_t(options.maxFiles)));
    }
    auto l = std::make_shared<spdlog::logger>(options.appName.toStdString(), sinks.begin(), sinks.end());
    l->set_pattern("%Y-%m-%d %H:%M:%S.%e %^%-5l%$ [%n] %v");
    l->set_level(toSpd(options.level));
    l->flush_on(spdlog::level::warn);
    logger() = l;
    spdlog::flush_every(std::chrono::seconds(2));
    qInstallMessageHandler(qtMessageHandler);
}

void setLevel(Level level)
{
    logger()->set_level(toSpd(level));
}
void flush()
{
    logger()->flush();
}

void trace(const QString &m)
{
    logger()->trace(m.toStdString());
}
void debug(const QString &m)
{
    logger()->debug(m.toStdString());
}
void info(const QString &m)
{
    logger()->info(m.toStdString());
}
void warn(const QString &m)
{
    logger()->warn(m.toStdString());
}
void error(const QString &m)
{
    logger()->error(m.toStdString());
}
void critical(const QString &m)
{
    logger()->critical(m.toStdString());
}

} // namespace okno::logging
