// Ids from the database (Database::reserveIds): blocks that never overlap, whoever asks.
#include "StorageTestSupport.h"

#include <QThread>

#include <algorithm>
#include <set>

using namespace okno;
using namespace okno::test;

TEST_CASE("ids come in blocks from the database: each block after the last, never below the floor",
          "[storage][ids]")
{
    TempDatabase t;
    auto db = t.open();

    // The first block starts at the floor (the highest id in use + 1) …
    CHECK(requireValue(db->reserveIds(IdKind::Visit, 10, 1)) == IdRange(1, 11));
    // … the next one after it, whatever floor is given below that …
    CHECK(requireValue(db->reserveIds(IdKind::Visit, 10, 1)) == IdRange(11, 21));
    CHECK(requireValue(db->reserveIds(IdKind::Visit, 5, 15)) == IdRange(21, 26));
    // … and a higher floor (rows written by a restore or a history load) lifts it.
    CHECK(requireValue(db->reserveIds(IdKind::Visit, 10, 100)) == IdRange(100, 110));
    CHECK(requireValue(db->reserveIds(IdKind::Visit, 1, 1)) == IdRange(110, 111));
    // Each kind has its own run.
    CHECK(requireValue(db->reserveIds(IdKind::Payment, 3, 7)) == IdRange(7, 10));
    CHECK(requireValue(db->reserveIds(IdKind::Staff, 20, 1)) == IdRange(1, 21));
    CHECK(requireValue(db->reserveIds(IdKind::Visit, 1, 1)) == IdRange(111, 112));

    // A restarted process (another connection) goes on after what was handed out, used or not.
    db.reset();
    auto again = t.open();
    CHECK(requireValue(again->reserveIds(IdKind::Visit, 1000, 1)) == IdRange(112, 1112));
    CHECK(t.raw(u"SELECT next_id FROM id_blocks WHERE kind = 'visit'"_s).toLongLong() == 1112);

    // Nonsense is refused and changes nothing.
    const auto none = again->reserveIds(IdKind::Visit, 0, 1);
    REQUIRE_FALSE(none.ok());
    CHECK(none.error().message.contains(u"visit"_s));
    const auto belowOne = again->reserveIds(IdKind::Visit, 10, 0);
    REQUIRE_FALSE(belowOne.ok());
    CHECK(belowOne.error().message.contains(u"floor"_s));
    CHECK(t.raw(u"SELECT next_id FROM id_blocks WHERE kind = 'visit'"_s).toLongLong() == 1112);
}

TEST_CASE("two connections taking blocks at the same time never get the same id", "[storage][ids]")
{
    // Two nodes on one database, each on its own connection and thread, as fast as they can.
    TempDatabase t;
    t.open(); // the schema, before the two race
    constexpr int kBlocks = 150;
    std::vector<IdRange> taken[2];
    QString failure[2];
    std::unique_ptr<QThread> threads[2];
    for (int n = 0; n < 2; ++n) {
        threads[n].reset(QThread::create([&t, &taken, &failure, n] {
            auto db = Database::open(t.config());
            if (!db) {
                failure[n] = db.error().message;
                return;
            }
            for (int i = 0; i < kBlocks; ++i) {
                auto block = (*db)->reserveIds(IdKind::Payment, 1 + (i + n) % 7, 1);
                if (!block) {
                    failure[n] = block.error().message;
                    return;
                }
                taken[n].push_back(*block);
            }
        }));
        threads[n]->start();
    }
    for (auto &thread : threads)
        REQUIRE(thread->wait(std::chrono::minutes(2)));
    CHECK(failure[0] == QString());
    CHECK(failure[1] == QString());
    REQUIRE(taken[0].size() == size_t(kBlocks));
    REQUIRE(taken[1].size() == size_t(kBlocks));

    std::set<Id> ids;
    qint64 handedOut = 0;
    for (const auto &node : taken)
        for (IdRange block : node) {
            handedOut += block.left();
            while (!block.empty())
                ids.insert(block.take());
        }
    CHECK(qint64(ids.size()) == handedOut); // no id twice
    // And nothing is skipped between them: the blocks tile [1, end).
    CHECK(*ids.begin() == 1);
    CHECK(*ids.rbegin() == handedOut);
    CHECK(t.raw(u"SELECT next_id FROM id_blocks WHERE kind = 'payment'"_s).toLongLong() == handedOut + 1);
}
