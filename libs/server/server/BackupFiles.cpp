#include "BackupFiles.h"

#include <QRegularExpression>

#include <algorithm>

namespace okno::backupfiles {

using namespace Qt::StringLiterals;

QString nightlyName(const QDate &day)
{
    return u"okno-backup-"_s % day.toString(Qt::ISODate) % u".sqlite"_s;
}

bool isNightlyName(const QString &fileName)
{
    static const QRegularExpression pattern(uR"(\Aokno-backup-(\d{4}-\d{2}-\d{2})\.sqlite\z)"_s);
    const auto m = pattern.match(fileName);
    return m.hasMatch() && QDate::fromString(m.captured(1), Qt::ISODate).isValid();
}

QStringList toPrune(const QStringList &fileNames, int keep)
{
    QStringList ours;
    for (const QString &name : fileNames)
        if (isNightlyName(name))
            ours.append(name);
    std::sort(ours.begin(), ours.end()); // the date sorts like the name
    ours.removeDuplicates();
    const qsizetype drop = std::max<qsizetype>(0, ours.size() - std::max(keep, 1));
    return ours.first(drop);
}

} // namespace okno::backupfiles
