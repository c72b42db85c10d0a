// Event sequence numbers given in the commit (WriteBatch::appendEvent with seq 0): one counter
// row, held by a commit until it ends, so the numbers follow the commits' order on both engines
// and across connections — what lets a node publish another node's committed events in order.
#include "StorageTestSupport.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QThread>

#include <atomic>
#include <set>

using namespace okno;
using namespace okno::test;

namespace {

Event unnumbered(const QString &type)
{
    Event e = makeEvent(0, type);
    e.seq = 0;
    return e;
}

QList<qint64> seqsOf(const QList<Event> &events)
{
    QList<qint64> seqs;
    for (const Event &e : events)
        seqs.append(e.seq);
    return seqs;
}

} // namespace

TEST_CASE("events with seq 0 are numbered in the commit, batch after batch, in order", "[storage][seq]")
{
    TempDatabase t;
    auto db = t.open();

    // Two batches in one commit: the numbers run on from the first batch into the second, and
    // apply() says where they started.
    qint64 first = -1;
    requireOk(db->apply({WriteBatch().appendEvent(unnumbered(u"a"_s)).appendEvent(unnumbered(u"b"_s)),
                         WriteBatch().appendEvent(unnumbered(u"c"_s))},
                        &first));
    CHECK(first == 1);
    auto events = requireValue(db->eventsSince(0, 100));
    REQUIRE(seqsOf(events) == QList<qint64>{1, 2, 3});
    CHECK(events.at(0).type == u"a"_s);
    CHECK(events.at(1).type == u"b"_s);
    CHECK(events.at(2).type == u"c"_s);
    CHECK(events.at(2).payload == makeEvent(0, u"c"_s).payload); // stored as given, but for its seq

    requireOk(db->apply(WriteBatch().appendEvent(unnumbered(u"d"_s)), &first));
    CHECK(first == 4);
    requireOk(db->apply(WriteBatch().putSetting(u"k"_s, u"v"_s), &first));
    CHECK(first == 0); // no events, no numbers

    // A seq given (a restore's mark, a history) is kept, and the counter moves past it.
    requireOk(db->apply(WriteBatch().appendEvent(makeEvent(100)).appendEvent(unnumbered(u"e"_s)), &first));
    CHECK(first == 101);
    CHECK(seqsOf(requireValue(db->eventsSince(4, 100))) == QList<qint64>{100, 101});

    // A commit that fails takes no number: the next one goes on where the last success ended.
    const auto failed =
        db->apply(WriteBatch().appendEvent(unnumbered(u"f"_s)).appendEvent(makeEvent(100)), &first);
    REQUIRE_FALSE(failed.ok());
    CHECK(first == 0);
    requireOk(db->apply(WriteBatch().appendEvent(unnumbered(u"g"_s)), &first));
    CHECK(first == 102);

    // What the counter handed out counts as in use (a restore's floors start above it).
    CHECK(requireValue(db->maxIds()).eventSeq == 102);
    CHECK(t.raw(u"SELECT next_id FROM id_blocks WHERE kind = 'event'"_s).toLongLong() == 103);

    // Only seqs given: nothing numbered (on both engines), the counter past them.
    requireOk(db->apply(WriteBatch().appendEvent(makeEvent(200)), &first));
    CHECK(first == 0);
    CHECK(t.raw(u"SELECT next_id FROM id_blocks WHERE kind = 'event'"_s).toLongLong() == 201);

    // A database whose events came before the counter (written by an older version): the
    // counter starts after the highest seq in the log, on any connection.
    db.reset();
    t.raw(u"DELETE FROM id_blocks WHERE kind = 'event'"_s);
    auto reopened = t.open();
    requireOk(reopened->apply(WriteBatch().appendEvent(unnumbered(u"h"_s)), &first));
    CHECK(first == 201);
}

TEST_CASE("two connections committing events at once: every number once, and no reader sees a number "
          "before the numbers below it",
          "[storage][seq]")
{
    // Two nodes' writers on one database, each on its own connection and thread, and a third
    // connection reading the log as they go, as a node publishing the others' events would.
    TempDatabase t;
    t.open(); // the schema, before the race
    constexpr int kCommits = 120;
    std::vector<std::pair<qint64, int>> taken[2]; // each commit's first seq and its events
    QString failure[3];
    std::atomic<bool> writing{true};
    std::unique_ptr<QThread> threads[2];
    for (int n = 0; n < 2; ++n) {
        threads[n].reset(QThread::create([&t, &taken, &failure, n] {
            auto db = Database::open(t.config());
            if (!db) {
                failure[n] = db.error().message;
                return;
            }
            for (int i = 0; i < kCommits; ++i) {
                const int count = 1 + (i + n) % 3;
                WriteBatch batch;
                for (int k = 0; k < count; ++k)
                    batch.appendEvent(unnumbered(u"node%1"_s.arg(n)));
                qint64 first = 0;
                if (Status s = (*db)->apply(batch, &first); !s) {
                    failure[n] = s.error().message;
                    return;
                }
                taken[n].push_back({first, count});
            }
        }));
    }
    qint64 readerSaw = 0;
    int reads = 0;
    std::unique_ptr<QThread> reader(QThread::create([&] {
        auto db = Database::open(t.config());
        if (!db) {
            failure[2] = db.error().message;
            return;
        }
        // Whatever it reads follows on from what it read before: a gap would be a number whose
        // commit is still to come while a later one is already visible.
        for (bool last = false; !last;) {
            last = !writing.load();
            auto events = (*db)->eventsSince(readerSaw, 10'000);
            if (!events) {
                failure[2] = events.error().message;
                return;
            }
            ++reads;
            for (const Event &e : std::as_const(*events)) {
                if (e.seq != readerSaw + 1) {
                    failure[2] = u"after %1 the reader saw %2"_s.arg(readerSaw).arg(e.seq);
                    return;
                }
                readerSaw = e.seq;
            }
        }
    }));
    reader->start();
    for (auto &thread : threads)
        thread->start();
    for (auto &thread : threads)
        REQUIRE(thread->wait(std::chrono::minutes(2)));
    writing = false;
    REQUIRE(reader->wait(std::chrono::minutes(1)));
    CHECK(failure[0] == QString());
    CHECK(failure[1] == QString());
    CHECK(failure[2] == QString());
    REQUIRE(taken[0].size() == size_t(kCommits));
    REQUIRE(taken[1].size() == size_t(kCommits));
    CHECK(reads > 1);

    // Every number once, none skipped, and each of them is the event its commit was told it was.
    std::set<qint64> seqs;
    qint64 handedOut = 0;
    for (int n = 0; n < 2; ++n)
        for (const auto &[first, count] : taken[n]) {
            handedOut += count;
            for (qint64 s = first; s < first + count; ++s)
                seqs.insert(s);
        }
    CHECK(qint64(seqs.size()) == handedOut);
    CHECK(*seqs.begin() == 1);
    CHECK(*seqs.rbegin() == handedOut);
    CHECK(readerSaw == handedOut);
    auto db = t.open();
    const auto log = requireValue(db->eventsSince(0, 10'000));
    REQUIRE(log.size() == handedOut);
    for (int n = 0; n < 2; ++n)
        for (const auto &[first, count] : taken[n])
            for (qint64 s = first; s < first + count; ++s)
                CHECK(log.at(s - 1).type == u"node%1"_s.arg(n));
}

TEST_CASE("a commit that numbers events tells every listener which numbers it took, in commit order",
          "[storage][seq]")
{
    TempDatabase t;
    auto listener = t.open();
    std::vector<std::pair<qint64, qint64>> heard;
    const Status listening =
        listener->listenForEvents([&heard](qint64 first, qint64 last) { heard.emplace_back(first, last); });
    if (!t.isPostgres()) {
        // One process owns an SQLite file: there is no other node to hear.
        REQUIRE_FALSE(listening.ok());
        CHECK(listening.error().code == ErrorCode::InvalidArgument);
        return;
    }
    requireOk(listening);

    auto writer = t.open(); // another node's writer
    qint64 first = 0;
    requireOk(
        writer->apply(WriteBatch().appendEvent(unnumbered(u"a"_s)).appendEvent(unnumbered(u"b"_s)), &first));
    REQUIRE(first == 1);
    requireOk(writer->apply(WriteBatch().putSetting(u"k"_s, u"v"_s))); // no events: nothing to tell
    REQUIRE_FALSE(writer->apply(WriteBatch().appendEvent(unnumbered(u"c"_s)).appendEvent(makeEvent(1))).ok());
    requireOk(writer->apply({WriteBatch().appendEvent(unnumbered(u"d"_s)),
                             WriteBatch().appendEvent(unnumbered(u"e"_s)).appendEvent(unnumbered(u"f"_s))},
                            &first));
    REQUIRE(first == 3);

    // Heard from the listener's event loop; anything more (the failed commit's) would come with them.
    QElapsedTimer waited;
    waited.start();
    while (heard.size() < 2 && waited.elapsed() < 10'000)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
    const qint64 more = waited.elapsed() + 300;
    while (waited.elapsed() < more)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
    CHECK(heard == std::vector<std::pair<qint64, qint64>>{{1, 2}, {3, 5}});
}
