#include "DatabaseMaintenance.h"

#include "Migration.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUrl>

#include <atomic>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace okno::maintenance {

using namespace Qt::StringLiterals;

namespace {

std::atomic<quint64> connectionCounter{0};

// One connection of its own for the life of the object, removed again at the end.
class Connection
{
public:
    Connection(const QString &databaseName, const QString &options)
        : m_name(u"okno-maintenance-%1"_s.arg(++connectionCounter))
    {
        m_db = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_name);
        m_db.setDatabaseName(databaseName);
        m_db.setConnectOptions(options);
    }
    ~Connection()
    {
        m_db.close();
        m_db = QSqlDatabase();
        QSqlDatabase::removeDatabase(m_name);
    }
    Q_DISABLE_COPY_MOVE(Connection)
    QSqlDatabase &db() { return m_db; }

private:
    QString m_name;
    QSqlDatabase m_db;
};

Error sqlError(const QSqlError &e, const QString &what)
{
    return makeError(ErrorCode::Unavailable, what % u": "_s % e.text());
}

// Writes what the file holds to the disk, and its name in its directory.
bool syncFile(const QString &path)
{
    const int fd = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    const bool ok = ::fsync(fd) == 0;
    ::close(fd);
    const int dir = ::open(QFile::encodeName(QFileInfo(path).absolutePath()).constData(),
                           O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir < 0)
        return false;
    const bool dirOk = ::fsync(dir) == 0;
    ::close(dir);
    return ok && dirOk;
}

// A file nobody writes, read without locks and without creating -wal or -shm beside it.
QString immutableUri(const QString &path)
{
    return QUrl::fromLocalFile(QFileInfo(path).absoluteFilePath()).toString(QUrl::FullyEncoded) +
           u"?immutable=1"_s;
}

Result<qint64> singleInteger(QSqlDatabase &db, const QString &sql, const QString &what)
{
    QSqlQuery q(db);
    if (!q.exec(sql))
        return sqlError(q.lastError(), what);
    return q.next() ? q.value(0).toLongLong() : 0;
}

} // namespace

QString refuseBackupTarget(const QString &target)
{
    if (target.isEmpty())
        return u"no backup file given"_s;
    if (!QDir::isAbsolutePath(target))
        return u"the backup file must be an absolute path on the server's machine: "_s % target;
    const QFileInfo file(target);
    if (file.exists() || file.isSymLink())
        return u"the backup file already exists (a backup never overwrites a file): "_s % target;
    const QFileInfo dir(file.absolutePath());
    if (!dir.exists() || !dir.isDir())
        return u"the directory of the backup file does not exist: "_s % file.absolutePath();
    return {};
}

Result<BackupInfo> backupInto(const DatabaseConfig &source, const QString &target)
{
    if (!source.isSqlite())
        return makeError(ErrorCode::InvalidArgument,
                         u"backup: the database is PostgreSQL: its backups are PostgreSQL's own "
                         u"(pg_basebackup, a streaming standby, pg_dump; docs/scale-out.md)"_s);
    if (const QString why = refuseBackupTarget(target); !why.isEmpty())
        return makeError(ErrorCode::InvalidArgument, why);
    QElapsedTimer timer;
    timer.start();
    // Owner-only from the first byte: the file exists, empty and 0600, before SQLite writes
    // names and account numbers into it (VACUUM INTO accepts an empty file). O_EXCL: nobody
    // else's file is ever written into, even one made since the check above.
    const QByteArray name = QFile::encodeName(target);
    const int fd = ::open(name.constData(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0)
        return makeError(ErrorCode::InvalidArgument, u"cannot create the backup file %1: %2"_s.arg(
                                                         target, QString::fromLocal8Bit(strerror(errno))));
    const bool modeOk = ::fchmod(fd, 0600) == 0; // whatever the umask did
    ::close(fd);
    bool keep = false;
    auto removePartial = qScopeGuard([&] {
        if (!keep)
            QFile::remove(target);
    });
    if (!modeOk)
        return makeError(ErrorCode::Unavailable, u"cannot make the backup file owner-only: "_s % target);
    {
        Connection c(source.path, u"QSQLITE_BUSY_TIMEOUT=5000"_s);
        if (!c.db().open())
            return sqlError(c.db().lastError(), u"backup: open "_s % source.path);
        QSqlQuery q(c.db());
        // One read transaction on a connection of its own: WAL lets the writer commit meanwhile.
        if (!q.prepare(u"VACUUM INTO ?"_s))
            return sqlError(q.lastError(), u"backup: prepare VACUUM INTO"_s);
        q.addBindValue(QFileInfo(target).absoluteFilePath());
        if (!q.exec())
            return sqlError(q.lastError(), u"backup into "_s % target);
    }
    if (!syncFile(target))
        return makeError(ErrorCode::Unavailable, u"backup: cannot sync "_s % target);
    BackupInfo info;
    info.path = QFileInfo(target).absoluteFilePath();
    info.bytes = QFileInfo(target).size();
    {
        Connection copy(immutableUri(target), u"QSQLITE_OPEN_READONLY;QSQLITE_OPEN_URI"_s);
        if (!copy.db().open())
            return sqlError(copy.db().lastError(), u"backup: open the copy "_s % target);
        auto seq = singleInteger(copy.db(), u"SELECT COALESCE(MAX(seq), 0) FROM events"_s,
                                 u"backup: read the copy's last event"_s);
        if (!seq)
            return seq.error();
        info.lastEventSeq = *seq;
    }
    info.elapsedMs = timer.elapsed();
    keep = true;
    return info;
}

Result<VerifyReport> verifyDatabase(const QString &path, bool live)
{
    const QFileInfo file(path);
    if (!file.exists())
        return makeError(ErrorCode::InvalidArgument, u"no such file: "_s % path);
    if (!file.isFile())
        return makeError(ErrorCode::InvalidArgument, u"not a file: "_s % path);
    // SQLite's own check of the header first: a file that is not a database says so plainly.
    {
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly))
            return makeError(ErrorCode::InvalidArgument,
                             u"cannot read "_s % path % u": "_s % f.errorString());
        const QByteArray head = f.read(16);
        if (head != QByteArrayView("SQLite format 3\0", 16))
            return makeError(
                ErrorCode::InvalidArgument,
                u"%1 is not an SQLite database (its header is wrong: a damaged or foreign file)"_s.arg(path));
    }
    VerifyReport report;
    report.path = file.absoluteFilePath();
    report.bytes = file.size();
    report.knownSchemaVersion = latestSchemaVersion();
    Connection c(live ? path : immutableUri(path), live ? u"QSQLITE_BUSY_TIMEOUT=5000;QSQLITE_OPEN_READONLY"_s
                                                        : u"QSQLITE_OPEN_READONLY;QSQLITE_OPEN_URI"_s);
    if (!c.db().open())
        return makeError(ErrorCode::InvalidArgument,
                         u"cannot open %1: %2"_s.arg(path, c.db().lastError().text()));
    {
        QSqlQuery q(c.db());
        if (!q.exec(u"PRAGMA integrity_check(100)"_s))
            return makeError(ErrorCode::InvalidArgument,
                             u"%1 cannot be checked: %2"_s.arg(path, q.lastError().text()));
        while (q.next())
            report.problems.append(q.value(0).toString());
        if (report.problems == QStringList{u"ok"_s})
            report.problems.clear();
        else if (report.problems.isEmpty())
            report.problems.append(u"integrity_check returned nothing"_s);
    }
    const bool intact = report.problems.isEmpty();
    if (intact) {
        auto version = singleInteger(c.db(), u"SELECT COALESCE(MAX(version), 0) FROM schema_version"_s,
                                     u"read the schema version of "_s % path);
        if (!version)
            return makeError(ErrorCode::InvalidArgument,
                             u"%1 is not an Okno database (%2)"_s.arg(path, version.error().message));
        report.schemaVersion = int(*version);
        const QList<std::pair<QString, qint64 *>> counts{
            {u"SELECT COUNT(*) FROM visits"_s, &report.visits},
            {u"SELECT COUNT(*) FROM events"_s, &report.events},
            {u"SELECT COUNT(*) FROM payments"_s, &report.payments},
            {u"SELECT COALESCE(MAX(seq), 0) FROM events"_s, &report.lastEventSeq}};
        for (const auto &[sql, out] : counts) {
            auto n = singleInteger(c.db(), sql, u"count in "_s % path);
            if (!n)
                return makeError(ErrorCode::InvalidArgument,
                                 u"%1 is not an Okno database (%2)"_s.arg(path, n.error().message));
            *out = *n;
        }
        if (report.schemaVersion > report.knownSchemaVersion)
            report.problems.append(
                u"schema version %1 is newer than this build knows (%2)"_s.arg(report.schemaVersion)
                    .arg(report.knownSchemaVersion));
        else if (report.schemaVersion == 0)
            report.problems.append(u"no schema version: not an Okno database"_s);
    }
    report.ok = report.problems.isEmpty();
    return report;
}

bool openElsewhere(const QString &path)
{
    const QByteArray shm = QFile::encodeName(path + u"-shm"_s);
    const int fd = ::open(shm.constData(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    struct flock lock = {};
    lock.l_type = F_WRLCK;
    lock.l_whence = SEEK_SET;
    lock.l_start = 128;
    lock.l_len = 1;
    const bool busy = ::fcntl(fd, F_GETLK, &lock) == 0 && lock.l_type != F_UNLCK;
    ::close(fd);
    return busy;
}

Status checkReachable(const DatabaseConfig &config)
{
    const QString name = u"okno-maintenance-%1"_s.arg(++connectionCounter);
    Status status;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(config.driver, name);
        config.applyTo(db);
        if (config.isPostgres())
            db.setConnectOptions(u"connect_timeout=10"_s);
        if (!db.open())
            status = sqlError(db.lastError(), u"cannot reach "_s % config.displayName());
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return status;
}

Result<DatabaseConfig> createPostgresDatabase(const DatabaseConfig &admin, const QString &name)
{
    static const QRegularExpression valid(u"^[a-z_][a-z0-9_]{0,62}$"_s);
    if (!admin.isPostgres())
        return makeError(ErrorCode::InvalidArgument, u"not a PostgreSQL server: "_s % admin.displayName());
    if (!valid.match(name).hasMatch())
        return makeError(ErrorCode::InvalidArgument, u"not a database name: "_s % name);
    const QString connection = u"okno-maintenance-%1"_s.arg(++connectionCounter);
    Status status;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(admin.driver, connection);
        admin.applyTo(db);
        db.setConnectOptions(u"connect_timeout=10"_s);
        if (!db.open()) {
            status = sqlError(db.lastError(), u"cannot reach "_s % admin.displayName());
        } else {
            QSqlQuery q(db);
            if (!q.exec(u"CREATE DATABASE "_s % name))
                status = sqlError(q.lastError(), u"create database "_s % name);
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(connection);
    if (!status)
        return status.error();
    DatabaseConfig config = admin;
    config.name = name;
    return config;
}

} // namespace okno::maintenance
