#include "DatabaseConfig.h"

namespace okno {

using namespace Qt::StringLiterals;

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
