// oknoctl: the command-line client for the IT administrator and for scripts.
#include "Commands.h"

#include <client/Client.h>

#include <QCoreApplication>
#include <QFile>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTimer>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace {

enum Exit
{
    Ok = 0,
    Refused = 1,
    Usage = 2,
    NoServer = 3,
    LoginFailed = 4
};

void out(const QString &text)
{
    std::fputs(text.toUtf8().constData(), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
}

void err(const QString &text)
{
    std::fputs(QByteArray("oknoctl: "_ba + text.toUtf8()).constData(), stderr);
    std::fputc('\n', stderr);
}

struct Parsed
{
    QHash<QString, QString> global;
    bool json = false;
    const Command *command = nullptr;
    bool watch = false;
    CommandContext ctx;
};

const QStringList kGlobalWithValue{u"host"_s,          u"port"_s,   u"user"_s,   u"password"_s,
                                   u"password-file"_s, u"desk"_s,   u"centre"_s, u"timeout"_s,
                                   u"tls"_s,           u"tls-ca"_s, u"tls-pin"_s};

// Global options come first, then the command words, then the command's own arguments and options.
std::optional<QString> parse(const QStringList &argv, Parsed &p)
{
    qsizetype i = 1;
    for (; i < argv.size() && argv[i].startsWith(u"--"_s); ++i) {
        const QString name = argv[i].mid(2);
        if (name == u"json") {
            p.json = true;
        } else if (name == u"help") {
            return QString();
        } else if (kGlobalWithValue.contains(name)) {
            if (i + 1 >= argv.size())
                return u"--"_s % name % u" needs a value"_s;
            p.global.insert(name, argv[++i]);
        } else {
            return u"unknown option --"_s % name;
        }
    }
    const QStringList rest = argv.mid(i);
    if (rest.isEmpty())
        return QString();
    // The longest command whose words match.
    qsizetype matched = 0;
    for (const Command &c : commands()) {
        const QStringList words = c.words.split(u' ');
        if (words.size() > matched && rest.mid(0, words.size()) == words) {
            p.command = &c;
            matched = words.size();
        }
    }
    if (!p.command && rest.first() == u"watch") {
        p.watch = true;
        matched = 1;
    }
    if (!p.command && !p.watch)
        return u"unknown command \""_s % rest.join(u' ') % u"\" (see --help)"_s;
    for (qsizetype j = matched; j < rest.size(); ++j) {
        const QString a = rest[j];
        if (a == u"--json") {
            p.json = true;
        } else if (a.startsWith(u"--"_s)) {
            const QString name = a.mid(2);
            // An option the command's own usage names is the command's (staff add --password-file F);
            // any other global option may also come after the command words.
            const bool commandsOwn =
                p.command && p.command->usage.contains(QRegularExpression(
                                 u"--"_s % QRegularExpression::escape(name) % u"(?![\\w-])"_s));
            if (!commandsOwn && kGlobalWithValue.contains(name) && j + 1 < rest.size()) {
                p.global.insert(name, rest[++j]);
            } else if (j + 1 < rest.size() && !rest[j + 1].startsWith(u"--"_s)) {
                p.ctx.options.insert(name, rest[++j]);
            } else {
                p.ctx.options.insert(name, QString()); // a flag such as --closed
            }
        } else {
            p.ctx.args.append(a);
        }
    }
    return std::nullopt;
}

QString env(const char *name)
{
    return qEnvironmentVariable(name);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"oknoctl"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(OKNO_VERSION));

    Parsed p;
    if (auto problem = parse(app.arguments(), p)) {
        if (problem->isEmpty()) {
            out(usageText());
            return Ok;
        }
        err(*problem);
        return Usage;
    }

    const QString host =
        p.global.value(u"host"_s, env("OKNO_HOST").isEmpty() ? u"127.0.0.1"_s : env("OKNO_HOST"));
    bool ok = false;
    const uint port =
        p.global.value(u"port"_s, env("OKNO_PORT").isEmpty() ? u"7455"_s : env("OKNO_PORT")).toUInt(&ok);
    if (!ok || port == 0 || port > 65535) {
        err(u"--port must be 1–65535"_s);
        return Usage;
    }
    // One server, or the server nodes of the company ("a:7455,b:7455"): tried in turn.
    const auto servers = okno::parseEndpoints(host, quint16(port));
    if (!servers) {
        err(u"--host: "_s % servers.error().message);
        return Usage;
    }
    const QString where = servers->size() == 1 ? u"the server at "_s % servers->constFirst().toString()
                                               : u"any of the servers "_s % okno::endpointsText(*servers);
    okno::ClientCredentials creds;
    creds.login = p.global.value(u"user"_s, env("OKNO_USER"));
    if (p.global.contains(u"password"_s)) {
        // On the command line a password is in `ps` for every user of the machine, and in shell history.
        err(u"--password is not taken: a password on the command line is visible to every user (ps); "
            u"use --password-file FILE (- for standard input) or $OKNO_PASSWORD"_s);
        return Usage;
    }
    creds.password = env("OKNO_PASSWORD");
    if (p.global.contains(u"password-file"_s)) {
        const QString path = p.global.value(u"password-file"_s);
        QFile f(path);
        if (!(path == u"-"_s ? f.open(stdin, QIODevice::ReadOnly) : f.open(QIODevice::ReadOnly))) {
            err(u"cannot read the password file "_s % f.fileName());
            return Usage;
        }
        creds.password = QString::fromUtf8(path == u"-"_s ? f.readLine() : f.readAll()).trimmed();
    }
    if (creds.login.isEmpty() || creds.password.isEmpty()) {
        err(u"log in with --user and --password-file (or $OKNO_USER and $OKNO_PASSWORD)"_s);
        return Usage;
    }
    if (p.global.contains(u"desk"_s)) {
        creds.deskNumber = p.global.value(u"desk"_s).toInt(&ok);
        if (!ok || creds.deskNumber <= 0) {
            err(u"--desk must be a desk number"_s);
            return Usage;
        }
    }
    if (p.global.contains(u"centre"_s)) {
        p.ctx.centreId = p.global.value(u"centre"_s).toLongLong(&ok);
        if (!ok || p.ctx.centreId < 0) {
            err(u"--centre must be a centre id"_s);
            return Usage;
        }
    }
    const int timeoutSecs = p.global.value(u"timeout"_s, u"30"_s).toInt(&ok);
    if (!ok || timeoutSecs <= 0) {
        err(u"--timeout must be a positive number of seconds"_s);
        return Usage;
    }

    okno::ClientTls tls;
    const QString tlsMode = p.global.value(u"tls"_s, env("OKNO_TLS").isEmpty() ? u"auto"_s : env("OKNO_TLS"));
    if (tlsMode == u"on"_s)
        tls.mode = okno::ClientTls::Mode::On;
    else if (tlsMode == u"off"_s)
        tls.mode = okno::ClientTls::Mode::Off;
    else if (tlsMode != u"auto"_s) {
        err(u"--tls must be auto, on or off"_s);
        return Usage;
    }
    tls.caFile = p.global.value(u"tls-ca"_s, env("OKNO_TLS_CA"));
    tls.pin = p.global.value(u"tls-pin"_s, env("OKNO_TLS_PIN"));
    if ((!tls.caFile.isEmpty() || !tls.pin.isEmpty()) && tls.mode == okno::ClientTls::Mode::Auto)
        tls.mode = okno::ClientTls::Mode::On;

    okno::Client client;
    client.setReconnectDelays(200, 1000);
    if (auto s = client.setTls(tls); !s) {
        err(u"TLS: "_s % s.error().message);
        return Usage;
    }
    int exitCode = Ok;
    QTimer deadline;
    deadline.setSingleShot(true);
    QObject::connect(&deadline, &QTimer::timeout, &app, [&] {
        err(client.isReady()
                ? u"no answer from the server in time"_s
                : u"cannot reach "_s % where %
                      (client.lastError().isEmpty() ? QString() : u" ("_s % client.lastError() % u")"_s));
        QCoreApplication::exit(client.isReady() ? Refused : NoServer);
    });
    deadline.start(timeoutSecs * 1000);

    const auto finish = [&](const okno::Result<QJsonObject> &r) {
        if (!r) {
            err(okno::errorCodeName(r.error().code) % u": "_s % r.error().message);
            if (p.json)
                out(QString::fromUtf8(
                    QJsonDocument(
                        QJsonObject{{u"ok"_s, false},
                                    {u"error"_s, QJsonObject{{u"code"_s, okno::errorCodeName(r.error().code)},
                                                             {u"message"_s, r.error().message}}}})
                        .toJson(QJsonDocument::Compact)));
            QCoreApplication::exit(r.error().code == okno::ErrorCode::Unavailable ? NoServer : Refused);
            return;
        }
        out(p.json ? QString::fromUtf8(QJsonDocument(*r).toJson(QJsonDocument::Compact))
                   : p.command->render(*r));
        QCoreApplication::exit(!p.command->succeeded || p.command->succeeded(*r) ? Ok : Refused);
    };

    QObject::connect(&client, &okno::Client::certificateRefused, &app, [&](const QString &message) {
        err(u"refused the server at "_s % client.endpoint().toString() % u": "_s % message);
        QCoreApplication::exit(NoServer);
    });
    QObject::connect(&client, &okno::Client::loginFailed, &app, [&](const QString &message) {
        err(u"login failed: "_s % message);
        QCoreApplication::exit(LoginFailed);
    });

    int watchCount = p.ctx.options.value(u"count"_s, u"0"_s).toInt();
    QObject::connect(
        &client, &okno::Client::eventReceived, &app,
        [&](const QString &type, qint64 seq, const QJsonObject &data, okno::Id centreId) {
            if (p.json)
                out(QString::fromUtf8(QJsonDocument(QJsonObject{{u"event"_s, type},
                                                                {u"seq"_s, double(seq)},
                                                                {u"centreId"_s, double(centreId)},
                                                                {u"data"_s, data}})
                                          .toJson(QJsonDocument::Compact)));
            else
                out(QString::number(seq) % u" "_s % type % u" "_s %
                    QString::fromUtf8(QJsonDocument(data).toJson(QJsonDocument::Compact)).left(200));
            if (watchCount > 0 && --watchCount == 0)
                QCoreApplication::exit(Ok);
        });

    bool started = false;
    QObject::connect(&client, &okno::Client::ready, &app, [&](const QJsonObject &session) {
        if (started)
            return;
        started = true;
        if (!p.ctx.centreId)
            p.ctx.centreId = qint64(session.value(u"centreId"_s).toDouble());
        if (p.watch) {
            deadline.stop();
            client.setSubscribed(true);
            return;
        }
        const Command &c = *p.command;
        const auto run = [&](const QJsonObject &prefetched) {
            QJsonObject body;
            if (auto problem = c.build(p.ctx, prefetched, body)) {
                err(c.words % u": "_s % *problem);
                QCoreApplication::exit(Usage);
                return;
            }
            client.call(c.op, body, finish, c.mutating, timeoutSecs * 1000);
        };
        if (c.prefetch) {
            if (auto pre = c.prefetch(p.ctx)) {
                client.call(pre->first, pre->second, [&, run](const okno::Result<QJsonObject> &r) {
                    if (!r)
                        return finish(r);
                    run(*r);
                });
                return;
            }
        }
        run({});
    });

    client.connectToServer(*servers, creds);
    exitCode = app.exec();
    return exitCode;
}
