#include "DatabaseConfig.h"

#include <QSqlDatabase>
#include <QUrl>

namespace okno {

using namespace Qt::StringLiterals;

Result<DatabaseConfig> DatabaseConfig::fromString(const QString &text)
{
    DatabaseConfig config;
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty())
        return makeError(ErrorCode::InvalidArgument,
                         u"database: neither a file nor a postgresql:// URL given"_s);
    if (!trimmed.startsWith(u"postgresql://"_s, Qt::CaseInsensitive) &&
        !trimmed.startsWith(u"postgres://"_s, Qt::CaseInsensitive)) {
        if (trimmed.contains(u"://"_s))
            return makeError(ErrorCode::InvalidArgument,
                             u"database: \"%1\" is neither a file nor a postgresql:// URL"_s.arg(
                                 trimmed.section(u"://"_s, 0, 0) + u"://…"_s));
        config.path = text;
        return config;
    }
    const QUrl url(trimmed, QUrl::StrictMode);
    if (!url.isValid())
        return makeError(ErrorCode::InvalidArgument,
                         u"database: not a valid URL (%1)"_s.arg(url.errorString()));
    config.driver = u"QPSQL"_s;
    config.host = url.host();
    if (config.host.isEmpty())
        return makeError(ErrorCode::InvalidArgument, u"database: the PostgreSQL URL names no host"_s);
    config.port = url.port(5432);
    if (config.port < 1)
        return makeError(ErrorCode::InvalidArgument,
                         u"database: the PostgreSQL URL's port must be 1–65535"_s);
    config.name = url.path().mid(1);
    if (config.name.isEmpty() || config.name.contains(u'/'))
        return makeError(ErrorCode::InvalidArgument,
                         u"database: the PostgreSQL URL names no database (postgresql://host/okno)"_s);
    config.user = url.userName();
    config.password = url.password();
    if (url.hasQuery() || url.hasFragment())
        return makeError(ErrorCode::InvalidArgument,
                         u"database: options after '?' are not taken in the URL (libpq reads PG* "
                         u"environment variables)"_s);
    return config;
}

void DatabaseConfig::applyTo(QSqlDatabase &db) const
{
    if (isSqlite()) {
        db.setDatabaseName(path);
        return;
    }
    db.setHostName(host);
    db.setPort(port);
    db.setDatabaseName(name);
    db.setUserName(user);
    db.setPassword(password);
}

bool DatabaseConfig::isSqlite() const
{
    return driver == u"QSQLITE"_s;
}

bool DatabaseConfig::isPostgres() const
{
    return driver == u"QPSQL"_s;
}

QString DatabaseConfig::displayName() const
{
    if (isSqlite())
        return u"sqlite:"_s + path;
    if (isPostgres())
        return u"postgres://%1@%2:%3/%4"_s.arg(user, host, QString::number(port), name);
    return driver + u':' + name;
}

} // namespace okno
