#include "Restore.h"

#include <app/Events.h>
#include <protocol/Ops.h>
#include <storage/Database.h>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QScopeGuard>
#include <QSet>

#include <fcntl.h>
#include <unistd.h>

namespace okno::restore {

using namespace Qt::StringLiterals;

namespace {

bool syncPath(const QString &path, bool directory)
{
    const int fd =
        ::open(QFile::encodeName(path).constData(), O_RDONLY | O_CLOEXEC | (directory ? O_DIRECTORY : 0));
    if (fd < 0)
        return false;
    const bool ok = ::fsync(fd) == 0;
    ::close(fd);
    return ok;
}

// Takes the restored copy to its floors and records the restore in its own event log.
Result<Summary> prepare(const QString &copyPath, const QString &backupFile, const QDateTime &now,
                        Summary summary)
{
    DatabaseConfig config;
    config.path = copyPath;
    auto db = Database::open(config); // migrations: an older backup is brought to this schema
    if (!db)
        return db.error();
    auto ids = (*db)->maxIds(); // with the floors of an earlier restore, if the backup had one
    if (!ids)
        return ids.error();
    auto shiftNumbers = (*db)->maxShiftNumbers();
    if (!shiftNumbers)
        return shiftNumbers.error();
    auto queues = (*db)->loadQueues();
    if (!queues)
        return queues.error();
    auto open = (*db)->loadOpenShifts();
    if (!open)
        return open.error();
    auto earlier = (*db)->restoreFloors();
    if (!earlier)
        return earlier.error();

    RestoreFloors &f = summary.floors;
    const qint64 backupSeq = ids->eventSeq;
    f.ids = MaxIds{ids->centre + kIdMargin, ids->queue + kIdMargin,  ids->desk + kIdMargin,
                   ids->staff + kIdMargin,  ids->visit + kIdMargin,  backupSeq + kIdMargin,
                   ids->shift + kIdMargin,  ids->payment + kIdMargin};
    for (auto it = shiftNumbers->cbegin(); it != shiftNumbers->cend(); ++it)
        f.shiftNumbers.insert(it.key(), it.value() + kNumberMargin);
    for (const Queue &q : *queues) // a centre without shifts yet may have opened one since
        if (!f.shiftNumbers.contains(q.centreId))
            f.shiftNumbers.insert(q.centreId, kNumberMargin);
    // A shift open in the backup may have printed receipts since: its numbering goes on above.
    for (const CashShift &s : *open) {
        auto payments = (*db)->loadPaymentsOfShift(s.id);
        if (!payments)
            return payments.error();
        int last = earlier->receipts.value(s.id, 0);
        for (const Payment &p : *payments)
            last = std::max(last, p.receiptNumber);
        f.receipts.insert(s.id, last + kNumberMargin);
    }
    // Tickets: the days the old server may have called out numbers the backup does not hold —
    // around the backup's last event (its clock) and around now — in every time zone (±1 day).
    QSet<QDate> days;
    if (backupSeq > 0) {
        auto last = (*db)->eventsSince(backupSeq - 1, 1);
        if (!last)
            return last.error();
        if (!last->isEmpty())
            for (int d = -1; d <= 1; ++d)
                days.insert(last->first().at.toUTC().date().addDays(d));
    }
    for (int d = -1; d <= 1; ++d)
        days.insert(now.toUTC().date().addDays(d));
    for (const QDate &day : days) {
        auto numbers = (*db)->maxTicketNumbers(day);
        if (!numbers)
            return numbers.error();
        for (const Queue &q : *queues) {
            const int issued = std::max(numbers->value(q.id, 0), earlier->tickets.value(q.id).value(day, 0));
            f.tickets[q.id].insert(day, issued + kNumberMargin);
        }
    }
    f.seqGapFrom = backupSeq;
    f.seqGapTo = backupSeq + kIdMargin + 1;

    Event restored = app::events::serverRestored(QFileInfo(backupFile).absoluteFilePath(), backupSeq, now,
                                                 kIdMargin, kNumberMargin);
    restored.seq = f.seqGapTo; // the first seq above the floor
    WriteBatch batch;
    for (const auto &[key, value] : restoreFloorSettings(f))
        batch.putSetting(key, value);
    batch.appendEvent(restored);
    if (Status s = (*db)->apply(batch); !s)
        return s.error();
    summary.restoredEventSeq = restored.seq;
    return summary;
}

} // namespace

Result<Summary> restoreFromBackup(const QString &backupFile, const QString &databasePath,
                                  const QDateTime &now)
{
    Summary summary;
    auto checked = maintenance::verifyDatabase(backupFile, /*live*/ false);
    if (!checked)
        return makeError(checked.error().code,
                         u"the backup cannot be restored: "_s % checked.error().message);
    if (!checked->ok)
        return makeError(ErrorCode::InvalidArgument,
                         u"the backup %1 fails its check, nothing was restored: %2"_s.arg(
                             backupFile, checked->problems.join(u"; "_s)));
    summary.backup = *checked;
    const QFileInfo target(databasePath);
    if (!QDir().mkpath(target.absolutePath()))
        return makeError(ErrorCode::Unavailable, u"cannot create the directory of "_s % databasePath);
    const QString path = target.absoluteFilePath();
    if (maintenance::openElsewhere(path))
        return makeError(ErrorCode::Unavailable,
                         u"the database %1 is in use by another process (a running okno-server?); stop it "
                         u"first, nothing was restored"_s.arg(path));

    // The copy is made and prepared beside the database, then renamed into place: the database
    // is either the old one or the restored one, never half of either.
    const QString copy = path + u".restoring"_s;
    for (const QString &suffix : {u""_s, u"-wal"_s, u"-shm"_s, u"-journal"_s})
        QFile::remove(copy + suffix); // an earlier attempt's leftovers
    if (!QFile::copy(backupFile, copy))
        return makeError(ErrorCode::Unavailable, u"cannot copy %1 to %2"_s.arg(backupFile, copy));
    QFile::setPermissions(copy, QFile::ReadOwner | QFile::WriteOwner);
    bool done = false;
    auto cleanUp = qScopeGuard([&] {
        if (!done)
            for (const QString &suffix : {u""_s, u"-wal"_s, u"-shm"_s, u"-journal"_s})
                QFile::remove(copy + suffix);
    });
    auto prepared = prepare(copy, backupFile, now, summary);
    if (!prepared)
        return prepared.error();
    summary = *prepared;
    // The last connection closed checkpointed the WAL into the file; nothing may be left beside it.
    if (QFile::exists(copy + u"-wal"_s) && QFileInfo(copy + u"-wal"_s).size() > 0)
        return makeError(ErrorCode::Unavailable, u"the restored copy %1 kept a write-ahead log"_s.arg(copy));
    QFile::remove(copy + u"-wal"_s);
    QFile::remove(copy + u"-shm"_s);
    if (!syncPath(copy, false))
        return makeError(ErrorCode::Unavailable, u"cannot sync "_s % copy);

    if (maintenance::openElsewhere(path)) // started meanwhile
        return makeError(ErrorCode::Unavailable,
                         u"the database %1 is in use by another process (a running okno-server?); stop it "
                         u"first, nothing was restored"_s.arg(path));
    if (QFile::exists(path)) {
        const QString aside = path + u".before-restore-"_s + now.toUTC().toString(u"yyyyMMdd'T'HHmmss'Z'"_s);
        for (const QString &suffix : {u""_s, u"-wal"_s}) // its WAL holds committed data: it goes too
            if (QFile::exists(path + suffix) && !QFile::rename(path + suffix, aside + suffix))
                return makeError(ErrorCode::Unavailable,
                                 u"cannot move %1 aside to %2"_s.arg(path + suffix, aside + suffix));
        QFile::remove(path + u"-shm"_s);
        summary.movedAside = aside;
    } else {
        QFile::remove(path + u"-wal"_s);
        QFile::remove(path + u"-shm"_s);
    }
    if (!QFile::rename(copy, path))
        return makeError(ErrorCode::Unavailable, u"cannot move %1 into place as %2"_s.arg(copy, path));
    done = true;
    syncPath(target.absolutePath(), true);
    return summary;
}

} // namespace okno::restore
