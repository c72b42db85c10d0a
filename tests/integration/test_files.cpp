// What the server writes to disk holds names, account numbers and notes: the data directory and
// every file in it are its owner's only, whatever the umask the server was started with.
#include "ServerProcess.h"

#include <catch2/catch.hpp>

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QThread>

#include <sys/stat.h>

using namespace Qt::StringLiterals;

namespace {

// The permission bits of a path, as `ls -l` would show them.
mode_t modeOf(const QString &path)
{
    struct stat st
    {};
    REQUIRE(::stat(QFile::encodeName(path).constData(), &st) == 0);
    return st.st_mode & 0777;
}

// Starts okno-server on `database` with the usual umask 022 and waits until it listens.
std::unique_ptr<QProcess> startServer(const QString &database, const QString &portFile)
{
    QFile::remove(portFile);
    const mode_t previous = ::umask(022);
    auto p = std::make_unique<QProcess>();
    p->setProcessChannelMode(QProcess::ForwardedErrorChannel);
    p->start(ServerProcess::serverBinary(),
             {u"--database"_s, database, u"--port"_s, u"0"_s, u"--port-file"_s, portFile, u"--log-file"_s,
              QFileInfo(database).absolutePath() + u"/server.log"_s});
    ::umask(previous);
    REQUIRE(p->waitForStarted(10000));
    QDeadlineTimer deadline(30000);
    while (!deadline.hasExpired() && !(QFile::exists(portFile) && QFileInfo(portFile).size() > 0))
        QThread::msleep(20);
    REQUIRE(QFileInfo(portFile).size() > 0);
    return p;
}

} // namespace

TEST_CASE("the data directory, the database, its WAL and the log are owner-only under umask 022",
          "[security][files][sqlite]")
{
    QTemporaryDir root;
    const QString dataDir = root.filePath(u"var/lib/okno"_s);
    const QString database = dataDir + u"/okno.sqlite"_s;
    const QString portFile = root.filePath(u"port"_s);
    auto server = startServer(database, portFile);
    const QStringList files{database, database + u"-wal"_s, database + u"-shm"_s, dataDir + u"/server.log"_s,
                            dataDir + u"/initial-admin-password"_s};
    for (const QString &f : files) {
        INFO(f.toStdString());
        REQUIRE(QFile::exists(f));
        CHECK(modeOf(f) == 0600);
    }
    CHECK(modeOf(dataDir) == 0700);
    CHECK(modeOf(root.filePath(u"var/lib"_s)) == 0700); // every directory it made
    server->terminate();
    REQUIRE(server->waitForFinished(15000));
    CHECK(server->exitCode() == 0); // its stderr is the test's: a sanitizer's report shows here

    // A database left readable by others (an older version, a copy) is closed to them at start.
    for (const QString &f : QStringList{database, database + u"-wal"_s})
        if (QFile::exists(f))
            REQUIRE(::chmod(QFile::encodeName(f).constData(), 0644) == 0);
    server = startServer(database, portFile);
    CHECK(modeOf(database) == 0600);
    CHECK(modeOf(database + u"-wal"_s) == 0600);
    server->terminate();
    REQUIRE(server->waitForFinished(15000));
    CHECK(server->exitCode() == 0); // its stderr is the test's: a sanitizer's report shows here
}
