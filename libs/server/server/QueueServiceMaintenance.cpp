// The database as a file: an online backup (on demand and nightly) and a check of the live file.
// Both run on a thread of their own with a connection of their own; the event loop and the
// journal's writer go on meanwhile (WAL: a reader never blocks the writer).
#include "BackupFiles.h"
#include "QueueService.h"
#include "QueueServiceCall.h"

#include <logging/Logging.h>
#include <protocol/Fields.h>

#include <QDir>
#include <QFile>
#include <QJsonArray>

namespace okno {

using namespace Qt::StringLiterals;
using namespace protocol;

namespace {

constexpr qsizetype kMaxPathLength = 4096;

QJsonObject backupJson(const maintenance::BackupInfo &b)
{
    return {{u"path"_s, b.path},
            {u"bytes"_s, double(b.bytes)},
            {u"lastSeq"_s, double(b.lastEventSeq)},
            {u"elapsedMs"_s, double(b.elapsedMs)}};
}

} // namespace

void QueueService::startBackup(const QString &target,
                               std::function<void(const Result<maintenance::BackupInfo> &)> done)
{
    m_backupRunning = true;
    const DatabaseConfig config = m_options.database;
    m_backupWork.start([this, config, target, done = std::move(done)] {
        const Result<maintenance::BackupInfo> result = maintenance::backupInto(config, target);
        QMetaObject::invokeMethod(
            this,
            [this, result, done] {
                m_backupRunning = false;
                done(result);
            },
            Qt::QueuedConnection);
    });
}

void QueueService::opBackupCreate(Call &c)
{
    Fields f(c.body);
    const QString path = f.requireString(u"path"_s, kMaxPathLength);
    if (!f.status())
        return c.fail(f.status().error());
    if (const QString why = maintenance::refuseBackupTarget(path); !why.isEmpty())
        return c.fail(makeError(ErrorCode::InvalidArgument, why));
    if (m_backupRunning)
        return c.fail(makeError(ErrorCode::Busy, u"a backup or a check of the database is already running; "
                                                 u"try again when it is done"_s));
    const QString who = c.session().staff.login;
    logging::info(u"%1 asked for a backup into %2"_s.arg(who, path));
    startBackup(path, [c, who](const Result<maintenance::BackupInfo> &r) {
        if (!r) {
            logging::error(u"backup for %1 failed: %2"_s.arg(who, r.error().message));
            return c.fail(r.error());
        }
        logging::info(u"backup into %1: %2 bytes up to event %3 in %4 ms"_s.arg(r->path)
                          .arg(r->bytes)
                          .arg(r->lastEventSeq)
                          .arg(r->elapsedMs));
        c.reply(backupJson(*r));
    });
}

void QueueService::opDatabaseVerify(Call &c)
{
    if (m_backupRunning)
        return c.fail(makeError(ErrorCode::Busy, u"a backup or a check of the database is already running; "
                                                 u"try again when it is done"_s));
    if (!m_options.database.isSqlite())
        return c.fail(makeError(ErrorCode::InvalidArgument,
                                u"database.verify checks an SQLite file; PostgreSQL checks its own "
                                u"(pg_amcheck; docs/scale-out.md)"_s));
    m_backupRunning = true;
    const QString path = m_options.database.path;
    m_backupWork.start([this, c, path] {
        const auto report = maintenance::verifyDatabase(path, /*live*/ true);
        QMetaObject::invokeMethod(
            this,
            [this, c, report] {
                m_backupRunning = false;
                if (!report)
                    return c.fail(report.error());
                c.reply({{u"path"_s, report->path},
                         {u"ok"_s, report->ok},
                         {u"problems"_s, QJsonArray::fromStringList(report->problems)},
                         {u"schemaVersion"_s, report->schemaVersion},
                         {u"knownSchemaVersion"_s, report->knownSchemaVersion},
                         {u"bytes"_s, double(report->bytes)},
                         {u"visits"_s, double(report->visits)},
                         {u"events"_s, double(report->events)},
                         {u"payments"_s, double(report->payments)},
                         {u"lastSeq"_s, double(report->lastEventSeq)}});
            },
            Qt::QueuedConnection);
    });
}

void QueueService::startBackupSchedule()
{
    if (m_options.backupDirectory.isEmpty())
        return;
    if (!m_options.database.isSqlite()) {
        logging::warn(u"[backup] is for an SQLite database and is ignored: %1 is backed up with "
                      u"PostgreSQL's own tools (docs/scale-out.md)"_s.arg(m_options.database.displayName()));
        return;
    }
    logging::info(u"nightly backup into %1 at %2, keeping %3"_s
                      .arg(m_options.backupDirectory, m_options.backupTime.toString(u"HH:mm"_s))
                      .arg(m_options.backupKeep));
    auto *timer = new QTimer(this);
    timer->setInterval(30 * 1000);
    connect(timer, &QTimer::timeout, this, &QueueService::runScheduledBackup);
    timer->start();
    QTimer::singleShot(0, this, &QueueService::runScheduledBackup);
}

void QueueService::runScheduledBackup()
{
    // The machine's local time, not the server's clock (a demo or test clock is not the night).
    const QDateTime now = QDateTime::currentDateTime();
    const QDate day = now.date();
    if (m_backupRunning || m_lastScheduledBackup == day || now.time() < m_options.backupTime)
        return;
    m_lastScheduledBackup = day; // tried once a day: a failure is logged, not retried every 30 s
    const QDir dir(m_options.backupDirectory);
    const int keep = m_options.backupKeep;
    const auto prune = [dir, keep] {
        for (const QString &name : backupfiles::toPrune(dir.entryList(QDir::Files), keep)) {
            if (QFile::remove(dir.absoluteFilePath(name)))
                logging::info(u"nightly backup: removed the old %1"_s.arg(dir.absoluteFilePath(name)));
            else
                logging::warn(u"nightly backup: cannot remove %1"_s.arg(dir.absoluteFilePath(name)));
        }
    };
    const QString target = dir.absoluteFilePath(backupfiles::nightlyName(day));
    if (QFile::exists(target)) { // made before a restart today
        prune();
        return;
    }
    startBackup(target, [prune](const Result<maintenance::BackupInfo> &r) {
        if (!r) {
            logging::error(u"nightly backup failed: "_s % r.error().message);
            return;
        }
        logging::info(u"nightly backup into %1: %2 bytes up to event %3 in %4 ms"_s.arg(r->path)
                          .arg(r->bytes)
                          .arg(r->lastEventSeq)
                          .arg(r->elapsedMs));
        prune(); // only once the new copy is there
    });
}

} // namespace okno
