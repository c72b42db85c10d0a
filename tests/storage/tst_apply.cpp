// apply(): many batches, one transaction — all of it or nothing of it.

#include "StorageTestSupport.h"

#include <QElapsedTimer>

using namespace okno;
using namespace okno::test;

namespace {

const QDate kDay(2024, 3, 4);

std::unique_ptr<Database> seeded(const TempDatabase &t)
{
    auto db = t.open();
    requireOk(db->apply(seedConfigurationBatch()));
    return db;
}

// What one "register a visitor" operation writes.
WriteBatch registration(Id visitId, qint64 seq)
{
    WriteBatch b;
    b.putVisit(makeVisit(visitId, kDay, int(visitId))).appendEvent(makeEvent(seq));
    return b;
}

} // namespace

TEST_CASE("apply() writes many batches in one transaction", "[storage][apply]")
{
    TempDatabase t;
    auto db = seeded(t);
    QList<WriteBatch> batches;
    for (int i = 1; i <= 3; ++i)
        batches.append(registration(i, i));
    batches.append(WriteBatch()); // an empty batch in the group is fine
    requireOk(db->apply(batches));

    CHECK(requireValue(db->loadVisitsOfDay(kDay)).size() == 3);
    CHECK(requireValue(db->lastEventSeq()) == 3);
    CHECK(db->apply(QList<WriteBatch>{}).ok());
    CHECK(db->apply(WriteBatch()).ok());
}

TEST_CASE("an apply() that fails in the middle leaves nothing of any batch behind", "[storage][apply]")
{
    TempDatabase t;
    auto db = seeded(t);
    requireOk(db->apply(registration(1, 1)));
    const MaxIds before = requireValue(db->maxIds());

    // Batch 1 is fine; batch 2 registers a visit, then appends an event whose seq is taken;
    // batch 3 would be fine.
    QList<WriteBatch> batches;
    batches.append(registration(2, 2).putSetting(u"touched"_s, u"yes"_s));
    WriteBatch bad;
    bad.putVisit(makeVisit(3, kDay)).appendEvent(makeEvent(1)).putSetting(u"also"_s, u"yes"_s);
    batches.append(bad);
    batches.append(registration(4, 4));

    const Status s = db->apply(batches);
    REQUIRE_FALSE(s.ok());
    CHECK(s.error().code == ErrorCode::Internal);
    INFO(s.error().message.toStdString());
    CHECK(s.error().message.contains(u"append event 1"_s));
    // The database's own words name the column: SQLite "events.seq", PostgreSQL "Key (seq)=(1)".
    CHECK((s.error().message.contains(u"events.seq"_s) || s.error().message.contains(u"Key (seq)=(1)"_s)));

    CHECK(requireValue(db->maxIds()) == before);
    CHECK_FALSE(requireValue(db->loadVisit(2)).has_value());
    CHECK_FALSE(requireValue(db->loadVisit(3)).has_value());
    CHECK_FALSE(requireValue(db->setting(u"touched"_s)).has_value());
    CHECK_FALSE(requireValue(db->setting(u"also"_s)).has_value());
    CHECK(requireValue(db->eventsSince(0, 100)).size() == 1);
    CHECK(t.raw(u"SELECT COUNT(*) FROM stages"_s).toInt() == 1);

    // The connection is still good: retrying without the bad batch succeeds.
    batches.removeAt(1);
    requireOk(db->apply(batches));
    CHECK(requireValue(db->lastEventSeq()) == 4);
    CHECK(requireValue(db->setting(u"touched"_s)) == std::optional<QString>(u"yes"_s));
}

TEST_CASE("a failure found only at commit (a dangling reference) also leaves nothing behind",
          "[storage][apply]")
{
    TempDatabase t;
    auto db = seeded(t);
    Visit orphan = makeVisit(7, kDay);
    orphan.stages[0].queueId = 404; // no such queue; foreign keys are checked at commit
    WriteBatch b = registration(6, 6);
    b.putVisit(orphan);

    const Status s = db->apply(b);
    REQUIRE_FALSE(s.ok());
    CHECK(s.error().code == ErrorCode::Internal);
    CHECK(s.error().message.contains(u"commit"_s));
    CHECK_FALSE(requireValue(db->loadVisit(6)).has_value());
    CHECK_FALSE(requireValue(db->loadVisit(7)).has_value());
    CHECK(requireValue(db->lastEventSeq()) == 0);

    // Order inside a transaction does not matter: a visit may come before its queue.
    WriteBatch forward;
    forward.putVisit(orphan).putQueue(makeQueue(404, 1, u"late"_s, u"Л"_s, StageRole::Consultant));
    requireOk(db->apply(forward));
    CHECK(requireValue(db->loadVisit(7)).has_value());
}

TEST_CASE("group commit: thousands of operations in one apply()", "[storage][apply]")
{
    TempDatabase t;
    auto db = seeded(t);
    constexpr int kOperations = 2000;
    QList<WriteBatch> batches;
    for (int i = 1; i <= kOperations; ++i)
        batches.append(registration(i, i));

    QElapsedTimer timer;
    timer.start();
    requireOk(db->apply(batches));
    const qint64 ms = timer.elapsed();
    WARN("group commit of " << kOperations << " operations (visit + stage + event each): " << ms << " ms");

    CHECK(requireValue(db->loadActiveVisits()).size() == kOperations);
    CHECK(requireValue(db->lastEventSeq()) == kOperations);
    CHECK(requireValue(db->maxTicketNumbers(kDay)).value(11) == kOperations);
}

TEST_CASE("a writer under a lease writes through its fence; a writer whose lease was taken writes nothing",
          "[storage][apply]")
{
    TempDatabase t;
    auto db = seeded(t);
    const QDateTime now = QDateTime(kDay, QTime(9, 0), Qt::UTC);
    const auto lease = db->tryTakeLease(u"node-a"_s, u"a:7455"_s, now);
    if (!t.isPostgres()) {
        // One process owns an SQLite file: there is no lease to take.
        REQUIRE_FALSE(lease.ok());
        CHECK(lease.error().code == ErrorCode::InvalidArgument);
        return;
    }
    REQUIRE(lease.ok());
    REQUIRE(lease->has_value());
    db->setFence((*lease)->token);
    // The fence's read is the last of Qt's queries before the writer's pipeline, whose first
    // query then gets its rows one result each (libpq keeps Qt's single-row mode on): the second
    // apply's first query reads the stored visit it rewrites (BatchWriter::prepare), and its row
    // must come through. Without PGRES_SINGLE_TUPLE handled in PgPipeline::flush, it fails.
    requireOk(db->apply(registration(1, 1)));
    Visit again = requireValue(db->loadVisit(1)).value();
    again.accountNumber = u"1234567890"_s;
    requireOk(db->apply(WriteBatch().putVisit(again)));
    CHECK(requireValue(db->loadVisit(1))->accountNumber == u"1234567890"_s);

    // The token moves on (another node took over): nothing more is written.
    t.raw(u"UPDATE server_lease SET token = token + 1, holder = 'node-b'"_s);
    const Status refused = db->apply(registration(2, 2));
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().code == ErrorCode::Unavailable);
    CHECK(refused.error().message.contains(u"node-b"_s));
    CHECK_FALSE(requireValue(db->loadVisit(2)).has_value());
    CHECK(requireValue(db->lastEventSeq()) == 1);

    // Nor does it erase (retention) or store the read model (the reports' digests) any more.
    const auto erased = db->anonymiseStep(QDateTime(kDay.addYears(10), QTime(0, 0), Qt::UTC), 100);
    REQUIRE_FALSE(erased.ok());
    CHECK(erased.error().message.contains(u"node-b"_s));
    CHECK(requireValue(db->loadVisit(1))->accountNumber == u"1234567890"_s);
    const auto built =
        db->buildDigests(requireValue(db->loadCentres()), QDateTime(kDay.addDays(5), QTime(9, 0), Qt::UTC));
    REQUIRE_FALSE(built.ok());
    CHECK(built.error().message.contains(u"node-b"_s));
    CHECK(t.raw(u"SELECT COUNT(*) FROM day_digests"_s).toInt() == 0);
}

TEST_CASE("a visit whose account changes drops the read model's days it touches, the old account's later "
          "visits' included, and no other",
          "[storage][apply]")
{
    // On PostgreSQL the accounts stored before come from one read for the whole transaction
    // (BatchWriter::prepare), kept up to date as its visits are written: a visit put twice in one
    // apply() must be seen with the account its first put gave it.
    TempDatabase t;
    auto db = seeded(t);
    const QDate d1(2024, 3, 4); // a Monday
    Visit first = makeVisit(1, d1);
    first.accountNumber = u"111"_s;
    Visit sameAccountLater = makeVisit(2, d1.addDays(2));
    sameAccountLater.accountNumber = u"111"_s;
    Visit otherAccount = makeVisit(3, d1.addDays(3));
    otherAccount.accountNumber = u"2\"2\\2, {2}"_s; // what an array literal must quote
    Visit unrelated = makeVisit(4, d1.addDays(1));
    requireOk(db->apply(
        WriteBatch().putVisit(first).putVisit(sameAccountLater).putVisit(otherAccount).putVisit(unrelated)));
    const auto centres = requireValue(db->loadCentres());
    REQUIRE(requireValue(db->buildDigests(centres, QDateTime(d1.addDays(10), QTime(9, 0), Qt::UTC))) > 0);
    auto digestsOn = [&t](const QDate &day) {
        return t
            .raw(u"SELECT COUNT(*) FROM day_digests WHERE centre_id = 1 AND day = '%1'"_s.arg(
                day.toString(Qt::ISODate)))
            .toInt();
    };
    for (int i = 0; i <= 3; ++i)
        REQUIRE(digestsOn(d1.addDays(i)) == 1);

    Visit corrected = first;
    corrected.accountNumber = u"333"_s;
    ++corrected.version;
    Visit again = corrected;
    again.accountNumber = u"444"_s;
    ++again.version;
    requireOk(db->apply(WriteBatch().putVisit(corrected).putVisit(again)));
    CHECK(digestsOn(d1) == 0);            // its own day
    CHECK(digestsOn(d1.addDays(2)) == 0); // the later visit of the account it had ("111")
    CHECK(digestsOn(d1.addDays(1)) == 1); // nothing to do with it
    CHECK(digestsOn(d1.addDays(3)) == 1); // another account's
    CHECK(requireValue(db->loadVisit(1))->accountNumber == u"444"_s);

    // A new visit of an account seen later: the later visit's day goes too (on PostgreSQL found
    // by the transaction's one read of later visits, the account quoted in an array literal).
    REQUIRE(requireValue(db->buildDigests(centres, QDateTime(d1.addDays(10), QTime(9, 0), Qt::UTC))) > 0);
    for (int i = 0; i <= 3; ++i)
        REQUIRE(digestsOn(d1.addDays(i)) == 1);
    Visit newcomer = makeVisit(5, d1);
    newcomer.accountNumber = otherAccount.accountNumber;
    requireOk(db->apply(WriteBatch().putVisit(newcomer)));
    CHECK(digestsOn(d1) == 0);            // its own day
    CHECK(digestsOn(d1.addDays(3)) == 0); // the account's later visit
    CHECK(digestsOn(d1.addDays(1)) == 1);
    CHECK(digestsOn(d1.addDays(2)) == 1);
}
