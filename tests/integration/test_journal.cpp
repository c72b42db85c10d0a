// The journal on a real SQLite file: a failed commit stops it; nothing built on the failed state is
// stored after it.
#include <server/Journal.h>
#include <storage/Database.h>

#include <catch2/catch.hpp>

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTemporaryDir>

#include <optional>

using namespace okno;
using namespace Qt::StringLiterals;

namespace {

// Runs the event loop until the journal has answered.
Status waitFor(Journal &journal, WriteBatch batch)
{
    std::optional<Status> answer;
    journal.submit(std::move(batch), [&](const Status &s) { answer = s; });
    QElapsedTimer t;
    t.start();
    while (!answer && t.elapsed() < 10000)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    REQUIRE(answer.has_value());
    return *answer;
}

Event eventWithSeq(qint64 seq)
{
    Event e;
    e.seq = seq;
    e.at = QDateTime::currentDateTimeUtc();
    e.type = u"centre.changed"_s;
    e.payload = "{}";
    return e;
}

} // namespace

TEST_CASE("after a failed commit the journal stores nothing more", "[journal][durability]")
{
    QTemporaryDir dir;
    REQUIRE(dir.isValid());
    DatabaseConfig config;
    config.path = dir.filePath(u"okno.db"_s);
    {
        auto created = Database::open(config); // the schema
        REQUIRE(created);
    }
    Journal journal(config);
    REQUIRE(journal.start());
    int failures = 0;
    QObject::connect(&journal, &Journal::storageFailed, [&] { ++failures; });

    WriteBatch first;
    first.putSetting(u"test.first"_s, u"1"_s);
    first.appendEvent(eventWithSeq(1));
    REQUIRE(waitFor(journal, std::move(first)));

    // The same sequence number again: the log refuses it, the whole batch fails.
    WriteBatch clash;
    clash.putSetting(u"test.clash"_s, u"1"_s);
    clash.appendEvent(eventWithSeq(1));
    CHECK_FALSE(waitFor(journal, std::move(clash)));
    CHECK(failures == 1);

    // A later batch is valid on its own, but the memory it was built from is ahead of the disk:
    // it is refused, and not stored.
    WriteBatch later;
    later.putSetting(u"test.later"_s, u"1"_s);
    later.appendEvent(eventWithSeq(2));
    const Status refused = waitFor(journal, std::move(later));
    CHECK_FALSE(refused);
    CHECK(waitFor(journal, WriteBatch{}).ok() == false); // even a barrier: nothing is durable any more
    journal.stop();

    auto db = Database::open(config);
    REQUIRE(db);
    auto firstStored = (*db)->setting(u"test.first"_s);
    REQUIRE(firstStored);
    CHECK(firstStored->has_value());
    auto clashStored = (*db)->setting(u"test.clash"_s);
    REQUIRE(clashStored);
    CHECK_FALSE(clashStored->has_value());
    auto laterStored = (*db)->setting(u"test.later"_s);
    REQUIRE(laterStored);
    CHECK_FALSE(laterStored->has_value());
}
