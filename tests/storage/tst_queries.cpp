// The event log, statistics records, ticket numbers and highest ids.

#include "StorageTestSupport.h"

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

} // namespace

TEST_CASE("events are appended and read back in pages", "[storage][events]")
{
    TempDatabase t;
    auto db = t.open();
    CHECK(requireValue(db->lastEventSeq()) == 0);
    CHECK(requireValue(db->eventsSince(0, 10)).isEmpty());

    for (int first = 1; first <= 25; first += 5) {
        WriteBatch b;
        for (int seq = first; seq < first + 5; ++seq)
            b.appendEvent(makeEvent(seq));
        requireOk(db->apply(b));
    }
    Event special = makeEvent(26, u"desk.opened"_s);
    special.centreId = 0; // company-wide
    special.visitId = 0;
    special.actorId = 0; // the server itself
    special.payload = QByteArrayLiteral("{\"desk\":\"Окно №3\"}");
    requireOk(db->apply(WriteBatch().appendEvent(special)));
    CHECK(requireValue(db->lastEventSeq()) == 26);

    QList<qint64> seen;
    qint64 last = 0;
    QList<qsizetype> pageSizes;
    while (true) {
        const QList<Event> page = requireValue(db->eventsSince(last, 10));
        pageSizes.append(page.size());
        if (page.isEmpty())
            break;
        for (const Event &e : page)
            seen.append(e.seq);
        last = page.constLast().seq;
    }
    CHECK(pageSizes == QList<qsizetype>{10, 10, 6, 0});
    REQUIRE(seen.size() == 26);
    for (qsizetype i = 0; i < seen.size(); ++i)
        CHECK(seen[i] == i + 1);

    const QList<Event> tail = requireValue(db->eventsSince(24, 10));
    REQUIRE(tail.size() == 2);
    const Event &e25 = tail[0];
    const Event original = makeEvent(25);
    CHECK(e25.seq == 25);
    CHECK(e25.at == original.at);
    CHECK(e25.at.timeSpec() == Qt::UTC);
    CHECK(e25.type == u"visit.created"_s);
    CHECK(e25.centreId == 1);
    CHECK(e25.visitId == 25);
    CHECK(e25.actorId == 31);
    CHECK(e25.payload == original.payload);
    const Event &e26 = tail[1];
    CHECK(e26.type == u"desk.opened"_s);
    CHECK(e26.centreId == 0);
    CHECK(e26.visitId == 0);
    CHECK(e26.actorId == 0);
    CHECK(e26.payload == special.payload);

    CHECK_FALSE(db->eventsSince(0, 0).ok());
    CHECK(requireValue(db->eventsSince(26, 10)).isEmpty());
}

TEST_CASE("stage records are filtered by service date, inclusive, and by centre", "[storage][statistics]")
{
    TempDatabase t;
    auto db = seeded(t);
    WriteBatch b;
    // Visits 1..5 on consecutive days in centre 1; visit 6 on kDay in centre 2.
    for (int i = 0; i < 5; ++i) {
        Visit v = makeVisit(1 + i, kDay.addDays(i));
        v.stages[0].state = StageState::Transferred;
        v.stages[0].calledAt = v.createdAt.addSecs(60);
        v.stages[0].startedAt = v.createdAt.addSecs(90);
        v.stages[0].finishedAt = v.createdAt.addSecs(300);
        v.stages[0].staffId = 31;
        v.stages.append(makeStage(1, 12, StageRole::Consultant, 1, kDay.addDays(i), StageState::Waiting,
                                  v.stages[0].finishedAt));
        b.putVisit(v);
    }
    Visit other = makeVisit(6, kDay);
    other.centreId = 2;
    other.stages[0].queueId = 14;
    other.stages[0].role = StageRole::Consultant;
    b.putVisit(other);
    requireOk(db->apply(b));

    const QList<StageRecord> all = requireValue(db->stageRecords(0, kDay.addDays(1), kDay.addDays(3)));
    REQUIRE(all.size() == 6); // 3 days × 2 stages
    CHECK(all[0].visitId == 2);
    CHECK(all[5].visitId == 4);

    const StageRecord &r = all[0];
    CHECK(r.centreId == 1);
    CHECK(r.queueId == 11);
    CHECK(r.staffId == 31);
    CHECK(r.role == StageRole::Administrator);
    CHECK(r.state == StageState::Transferred);
    CHECK(r.queuedAt == makeVisit(2, kDay.addDays(1)).createdAt);
    CHECK(r.calledAt == r.queuedAt.addSecs(60));
    CHECK(r.startedAt == r.queuedAt.addSecs(90));
    CHECK(r.finishedAt == r.queuedAt.addSecs(300));
    CHECK(all[1].role == StageRole::Consultant);
    CHECK_FALSE(all[1].calledAt.isValid());

    CHECK(requireValue(db->stageRecords(0, kDay, kDay)).size() == 3); // centre 1's two, centre 2's one
    CHECK(requireValue(db->stageRecords(1, kDay, kDay)).size() == 2);
    CHECK(requireValue(db->stageRecords(2, kDay, kDay)).size() == 1);
    CHECK(requireValue(db->stageRecords(2, kDay, kDay))[0].centreId == 2);
    CHECK(requireValue(db->stageRecords(1, QDate(), QDate())).size() == 10);
    CHECK(requireValue(db->stageRecords(1, kDay.addDays(3), QDate())).size() == 4);
    CHECK(requireValue(db->stageRecords(0, kDay.addDays(5), kDay.addDays(9))).isEmpty());
    CHECK(requireValue(db->stageRecords(0, kDay.addDays(3), kDay.addDays(1))).isEmpty()); // from after to
}

TEST_CASE("the highest ticket number per queue on a day", "[storage][statistics]")
{
    TempDatabase t;
    auto db = seeded(t);
    WriteBatch b;
    b.putVisit(makeVisit(1, kDay, 5)).putVisit(makeVisit(2, kDay, 17)).putVisit(makeVisit(3, kDay, 9));
    b.putVisit(makeVisit(4, kDay.addDays(-1), 40));
    Visit routed = makeVisit(5, kDay, 18);
    routed.stages[0].state = StageState::Transferred;
    routed.stages.append(
        makeStage(1, 12, StageRole::Consultant, 3, kDay, StageState::Waiting, utc(2024, 3, 4, 8, 0)));
    b.putVisit(routed);
    requireOk(db->apply(b));

    const QHash<Id, int> today = requireValue(db->maxTicketNumbers(kDay));
    CHECK(today.size() == 2);
    CHECK(today.value(11) == 18);
    CHECK(today.value(12) == 3);
    CHECK_FALSE(today.contains(13));
    CHECK(requireValue(db->maxTicketNumbers(kDay.addDays(-1))).value(11) == 40);
    CHECK(requireValue(db->maxTicketNumbers(kDay.addDays(1))).isEmpty());
}

TEST_CASE("the highest ids in use", "[storage][statistics]")
{
    TempDatabase t;
    auto db = seeded(t);
    CHECK(requireValue(db->maxIds()) == MaxIds{2, 14, 23, 33, 0, 0});

    requireOk(db->apply(
        WriteBatch().putVisit(makeVisit(77, kDay)).putVisit(makeVisit(12, kDay)).appendEvent(makeEvent(5))));
    requireOk(db->apply(WriteBatch().appendEvent(makeEvent(900))));
    const MaxIds ids = requireValue(db->maxIds());
    CHECK(ids.centre == 2);
    CHECK(ids.queue == 14);
    CHECK(ids.desk == 23);
    CHECK(ids.staff == 33);
    CHECK(ids.visit == 77);
    CHECK(ids.eventSeq == 900);
    CHECK(requireValue(db->lastEventSeq()) == 900);
}
