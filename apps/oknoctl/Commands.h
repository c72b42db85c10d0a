#pragma once

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

// What oknoctl can do: each command turns its arguments into one request and its result into
// text for a person (--json prints the result as it came).
struct CommandContext
{
    QStringList args;                // positional arguments after the command words
    QHash<QString, QString> options; // --name value options after the command words
    qint64 centreId = 0;             // --centre, or the session's centre
};

struct Command
{
    QString words; // "visit issue"
    QString usage; // arguments
    QString help;  // one line
    QString op;    // protocol op
    bool mutating = false;
    // An optional first request whose result the builder needs (e.g. the centre to change).
    std::function<std::optional<QPair<QString, QJsonObject>>(const CommandContext &)> prefetch;
    // Builds the request body from the arguments (and the prefetched result); returns an error
    // message for bad arguments.
    std::function<std::optional<QString>(const CommandContext &, const QJsonObject &prefetched,
                                         QJsonObject &body)>
        build;
    // Renders the result for a person.
    std::function<QString(const QJsonObject &)> render;
    // Whether an answered request means success (exit 0); absent: always. `verify` answers with a
    // report that may say the database is damaged: exit 1 then.
    std::function<bool(const QJsonObject &)> succeeded = {};
};

const QList<Command> &commands();
QString usageText();
