#pragma once

#include <QDate>
#include <QString>
#include <QStringList>

// The nightly backups' files: their names and which of them go when there are too many. Only
// names this server makes match (okno-backup-YYYY-MM-DD.sqlite); nothing else in the directory
// is ever deleted.
namespace okno::backupfiles {

QString nightlyName(const QDate &day); // okno-backup-2026-11-23.sqlite
bool isNightlyName(const QString &fileName);
// Of `fileNames` (names in the backup directory), the nightly backups beyond the newest `keep`,
// oldest first. Names that are not the server's own are never listed.
QStringList toPrune(const QStringList &fileNames, int keep);

} // namespace okno::backupfiles
