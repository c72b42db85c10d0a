// Visits with their stages: round-trip, and the ways the server loads them.

#include "StorageTestSupport.h"

using namespace okno;
using namespace okno::test;

namespace {

const QDate kDay(2024, 3, 4); // a Monday

// Administrator → consultant → cashier: the first two finished, the third in service.
Visit threeStageVisit()
{
    Visit v;
    v.id = 1001;
    v.centreId = 1;
    v.createdAt = utc(2024, 3, 4, 6, 1, 2, 345);
    v.purpose = u"Оплата и перерасчёт"_s;
    v.priority = u"veteran"_s;
    v.customerName = u"Петров П. П."_s;
    v.accountNumber = u"1234567890"_s;
    v.channel = u"reception"_s;
    v.createdBy = 31;
    v.version = 7;

    Stage admin = makeStage(0, 11, StageRole::Administrator, 15, kDay, StageState::Transferred, v.createdAt);
    admin.ticket = u"А-015"_s;
    admin.calledAt = utc(2024, 3, 4, 6, 5, 0, 1);
    admin.startedAt = utc(2024, 3, 4, 6, 5, 30, 999);
    admin.finishedAt = utc(2024, 3, 4, 6, 9, 59, 500);
    admin.callCount = 2;
    admin.deskId = 21;
    admin.staffId = 31;
    admin.note = u"к консультанту"_s;
    admin.calledAhead = true; // a priority visitor called while a regular one waited

    Stage consult =
        makeStage(1, 12, StageRole::Consultant, 3, kDay, StageState::Transferred, admin.finishedAt);
    consult.ticket = u"К-003"_s;
    consult.calledAt = utc(2024, 3, 4, 6, 30, 0, 0);
    consult.startedAt = utc(2024, 3, 4, 6, 31, 0, 7);
    consult.finishedAt = utc(2024, 3, 4, 6, 50, 0, 70);
    consult.callCount = 1;
    consult.deskId = 22;
    consult.staffId = 32;

    Stage cash = makeStage(2, 13, StageRole::Cashier, 4, kDay, StageState::InService, consult.finishedAt);
    cash.ticket = u"Р-004"_s;
    cash.calledAt = utc(2024, 3, 4, 7, 0, 0, 123);
    cash.startedAt = utc(2024, 3, 4, 7, 0, 45, 456);
    cash.callCount = 1;
    cash.deskId = 22;
    cash.staffId = 32;

    v.stages = {admin, consult, cash};
    return v;
}

void checkSameTime(const QDateTime &loaded, const QDateTime &original)
{
    CHECK(loaded.isValid() == original.isValid());
    if (!original.isValid())
        return;
    CHECK(loaded.timeSpec() == Qt::UTC);
    CHECK(loaded.toMSecsSinceEpoch() == original.toMSecsSinceEpoch());
    CHECK(loaded == original);
}

void checkSameVisit(const Visit &a, const Visit &b)
{
    CHECK(a.id == b.id);
    CHECK(a.centreId == b.centreId);
    checkSameTime(a.createdAt, b.createdAt);
    CHECK(a.purpose == b.purpose);
    CHECK(a.priority == b.priority);
    CHECK(a.customerName == b.customerName);
    CHECK(a.accountNumber == b.accountNumber);
    CHECK(a.channel == b.channel);
    CHECK(a.createdBy == b.createdBy);
    CHECK(a.version == b.version);
    REQUIRE(a.stages.size() == b.stages.size());
    for (qsizetype i = 0; i < a.stages.size(); ++i) {
        INFO("stage " << i);
        const Stage &x = a.stages[i];
        const Stage &y = b.stages[i];
        CHECK(x.index == y.index);
        CHECK(x.queueId == y.queueId);
        CHECK(x.role == y.role);
        CHECK(x.ticket == y.ticket);
        CHECK(x.ticketNumber == y.ticketNumber);
        CHECK(x.serviceDate == y.serviceDate);
        CHECK(x.state == y.state);
        checkSameTime(x.queuedAt, y.queuedAt);
        checkSameTime(x.calledAt, y.calledAt);
        checkSameTime(x.startedAt, y.startedAt);
        checkSameTime(x.finishedAt, y.finishedAt);
        CHECK(x.callCount == y.callCount);
        CHECK(x.deskId == y.deskId);
        CHECK(x.staffId == y.staffId);
        CHECK(x.note == y.note);
        CHECK(x.calledAhead == y.calledAhead);
    }
}

std::unique_ptr<Database> seeded(const TempDatabase &t)
{
    auto db = t.open();
    requireOk(db->apply(seedConfigurationBatch()));
    return db;
}

QList<Id> idsOf(const QList<Visit> &visits)
{
    QList<Id> ids;
    for (const Visit &v : visits)
        ids.append(v.id);
    return ids;
}

} // namespace

TEST_CASE("a multi-stage visit round-trips with every field, ms-precise UTC times", "[storage][visits]")
{
    TempDatabase t;
    auto db = seeded(t);
    const Visit original = threeStageVisit();
    requireOk(db->apply(WriteBatch().putVisit(original)));

    const auto loaded = requireValue(db->loadVisit(original.id));
    REQUIRE(loaded.has_value());
    checkSameVisit(*loaded, original);
    CHECK(loaded->isOpen());
    CHECK_FALSE(requireValue(db->loadVisit(999)).has_value());

    // A time given in another zone is the same instant, read back in UTC.
    Visit moscow = original;
    moscow.createdAt =
        QDateTime(QDate(2024, 3, 4), QTime(9, 1, 2, 345), QTimeZone(QByteArrayLiteral("Europe/Moscow")));
    requireOk(db->apply(WriteBatch().putVisit(moscow)));
    const auto reloaded = requireValue(db->loadVisit(original.id));
    REQUIRE(reloaded.has_value());
    CHECK(reloaded->createdAt.timeSpec() == Qt::UTC);
    CHECK(reloaded->createdAt == original.createdAt);
}

TEST_CASE("a visit is upserted: the stored visit becomes exactly the one given", "[storage][visits]")
{
    TempDatabase t;
    auto db = seeded(t);
    Visit v = threeStageVisit();
    requireOk(db->apply(WriteBatch().putVisit(v)));

    SECTION("finishing the last stage updates it in place")
    {
        v.stages[2].state = StageState::Done;
        v.stages[2].finishedAt = utc(2024, 3, 4, 7, 5, 0, 1);
        v.version = 8;
        requireOk(db->apply(WriteBatch().putVisit(v)));
        const auto loaded = requireValue(db->loadVisit(v.id));
        REQUIRE(loaded.has_value());
        checkSameVisit(*loaded, v);
        CHECK_FALSE(loaded->isOpen());
    }
    SECTION("stages beyond the visit's last are removed")
    {
        v.stages.removeLast();
        requireOk(db->apply(WriteBatch().putVisit(v)));
        const auto loaded = requireValue(db->loadVisit(v.id));
        REQUIRE(loaded.has_value());
        CHECK(loaded->stages.size() == 2);
        checkSameVisit(*loaded, v);
    }
    SECTION("a stage whose index is not its position is refused")
    {
        v.stages[1].index = 5;
        const Status s = db->apply(WriteBatch().putVisit(v));
        REQUIRE_FALSE(s.ok());
        CHECK(s.error().message.contains(u"index 5"_s));
    }
}

TEST_CASE("NULLs read as empty values, never as errors", "[storage][visits]")
{
    TempDatabase t;
    auto db = seeded(t);
    Visit v = makeVisit(5, kDay);
    v.createdAt = QDateTime();
    v.createdBy = 0;
    v.stages[0].queuedAt = QDateTime();
    v.stages[0].serviceDate = QDate();
    requireOk(db->apply(WriteBatch().putVisit(v)));
    CHECK(t.raw(u"SELECT COUNT(*) FROM visits WHERE created_at IS NULL AND created_by IS NULL"_s).toInt() ==
          1);

    const auto loaded = requireValue(db->loadVisit(5));
    REQUIRE(loaded.has_value());
    CHECK_FALSE(loaded->createdAt.isValid());
    CHECK(loaded->createdBy == 0);
    CHECK_FALSE(loaded->stages[0].queuedAt.isValid());
    CHECK_FALSE(loaded->stages[0].serviceDate.isValid());
    CHECK(loaded->stages[0].deskId == 0);
    CHECK(loaded->stages[0].staffId == 0);
}

TEST_CASE("a bad row is reported as an error naming the row and column, not a crash", "[storage][visits]")
{
    TempDatabase t;
    auto db = seeded(t);
    requireOk(db->apply(WriteBatch().putVisit(threeStageVisit())));

    SECTION("unknown state")
    {
        t.raw(u"UPDATE stages SET state = 'teleported' WHERE visit_id = 1001 AND idx = 1"_s);
        const auto r = db->loadVisit(1001);
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().code == ErrorCode::Internal);
        const QString m = r.error().message;
        INFO(m.toStdString());
        CHECK(m.contains(u"stages"_s));
        CHECK(m.contains(u"visit 1001, stage 1"_s));
        CHECK(m.contains(u"state"_s));
        CHECK(m.contains(u"teleported"_s));
    }
    SECTION("text in a timestamp column")
    {
        const QString update =
            u"UPDATE stages SET called_at = 'yesterday' WHERE visit_id = 1001 AND idx = 0"_s;
        if (t.isPostgres()) {
            CHECK_FALSE(t.accepts(update)); // PostgreSQL's column types keep such a row out
        } else {
            t.raw(update);
            const auto r = db->loadActiveVisits();
            REQUIRE_FALSE(r.ok());
            CHECK(r.error().message.contains(u"called_at"_s));
        }
    }
    SECTION("a malformed date")
    {
        t.raw(u"UPDATE stages SET service_date = '04.03.2024' WHERE visit_id = 1001 AND idx = 2"_s);
        const auto r = db->loadVisit(1001);
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().message.contains(u"service_date"_s));
    }
    // The database stays usable after a refused read.
    CHECK(requireValue(db->loadQueues()).size() == 4);
}

TEST_CASE("active visits are those whose last stage is not terminal", "[storage][visits]")
{
    TempDatabase t;
    auto db = seeded(t);

    Visit waiting = makeVisit(1, kDay); // waiting at the administrator
    Visit done = makeVisit(2, kDay);    // served and gone
    done.stages[0].state = StageState::Done;
    Visit routed = threeStageVisit(); // transferred twice, now in service
    routed.id = 3;
    Visit postponed = makeVisit(4, kDay.addDays(-1)); // set aside yesterday: still open
    postponed.stages[0].state = StageState::Postponed;
    Visit cancelled = makeVisit(5, kDay);
    cancelled.stages[0].state = StageState::Cancelled;
    Visit routedThenNoShow = threeStageVisit(); // earlier stage active-looking? no: last decides
    routedThenNoShow.id = 6;
    routedThenNoShow.stages[2].state = StageState::NoShow;

    requireOk(db->apply(WriteBatch()
                            .putVisit(waiting)
                            .putVisit(done)
                            .putVisit(routed)
                            .putVisit(postponed)
                            .putVisit(cancelled)
                            .putVisit(routedThenNoShow)));
    const QList<Visit> active = requireValue(db->loadActiveVisits());
    CHECK(idsOf(active) == QList<Id>{1, 3, 4});
    REQUIRE(active.size() == 3);
    CHECK(active[1].stages.size() == 3); // with all stages, not only the active one
}

TEST_CASE("visits of a day are those with any stage on that service date", "[storage][visits]")
{
    TempDatabase t;
    auto db = seeded(t);
    Visit today = makeVisit(1, kDay);
    Visit yesterday = makeVisit(2, kDay.addDays(-1));
    Visit spansTwoDays = makeVisit(3, kDay.addDays(-1)); // postponed yesterday, served today
    spansTwoDays.stages[0].state = StageState::Transferred;
    spansTwoDays.stages.append(
        makeStage(1, 12, StageRole::Consultant, 9, kDay, StageState::Waiting, utc(2024, 3, 4, 5, 0)));
    requireOk(db->apply(WriteBatch().putVisit(today).putVisit(yesterday).putVisit(spansTwoDays)));

    CHECK(idsOf(requireValue(db->loadVisitsOfDay(kDay))) == QList<Id>{1, 3});
    CHECK(idsOf(requireValue(db->loadVisitsOfDay(kDay.addDays(-1)))) == QList<Id>{2, 3});
    CHECK(requireValue(db->loadVisitsOfDay(kDay.addDays(1))).isEmpty());
    CHECK(requireValue(db->loadVisitsOfDay(kDay))[1].stages.size() == 2);
    CHECK_FALSE(db->loadVisitsOfDay(QDate()).ok());
}

TEST_CASE("a centre's visits of a day: every one with a stage that day, finished ones too",
          "[storage][visits]")
{
    TempDatabase t;
    auto db = seeded(t);
    Visit open = makeVisit(1, kDay);
    Visit finished = makeVisit(2, kDay);
    finished.stages[0].state = StageState::Done;
    finished.stages[0].calledAt = utc(2024, 3, 4, 6, 10);
    finished.stages[0].calledAhead = true;
    Visit yesterday = makeVisit(3, kDay.addDays(-1));
    yesterday.stages[0].state = StageState::NoShow;
    Visit otherCentre = makeVisit(4, kDay);
    otherCentre.centreId = 2;
    otherCentre.stages[0].queueId = 14;
    Visit routedToday = makeVisit(5, kDay.addDays(-1));
    routedToday.stages[0].state = StageState::Transferred;
    routedToday.stages.append(
        makeStage(1, 12, StageRole::Consultant, 9, kDay, StageState::Cancelled, utc(2024, 3, 4, 5, 0)));
    requireOk(db->apply(WriteBatch()
                            .putVisit(open)
                            .putVisit(finished)
                            .putVisit(yesterday)
                            .putVisit(otherCentre)
                            .putVisit(routedToday)));

    const QList<Visit> day = requireValue(db->loadVisitsOfDay(1, kDay));
    CHECK(idsOf(day) == QList<Id>{1, 2, 5});
    REQUIRE(day.size() == 3);
    checkSameVisit(day[1], finished);
    checkSameVisit(day[2], routedToday);
    CHECK(idsOf(requireValue(db->loadVisitsOfDay(2, kDay))) == QList<Id>{4});
    CHECK(idsOf(requireValue(db->loadVisitsOfDay(1, kDay.addDays(-1)))) == QList<Id>{3, 5});
    CHECK(requireValue(db->loadVisitsOfDay(1, kDay.addDays(1))).isEmpty());
    CHECK(requireValue(db->loadVisitsOfDay(99, kDay)).isEmpty());
    CHECK_FALSE(db->loadVisitsOfDay(1, QDate()).ok());
}

TEST_CASE("visits by account number within a range of service dates", "[storage][visits]")
{
    TempDatabase t;
    auto db = seeded(t);
    WriteBatch b;
    for (int i = 0; i < 5; ++i) {
        Visit v = makeVisit(10 + i, kDay.addDays(i));
        v.accountNumber = i == 2 ? u"999999"_s : u"123456"_s;
        b.putVisit(v);
    }
    requireOk(db->apply(b));

    CHECK(idsOf(requireValue(db->visitsByAccount(u"123456"_s, kDay, kDay.addDays(4)))) ==
          QList<Id>{10, 11, 13, 14});
    CHECK(idsOf(requireValue(db->visitsByAccount(u"123456"_s, kDay.addDays(1), kDay.addDays(3)))) ==
          QList<Id>{11, 13});
    CHECK(idsOf(requireValue(db->visitsByAccount(u"123456"_s, QDate(), kDay.addDays(1)))) ==
          QList<Id>{10, 11});
    CHECK(idsOf(requireValue(db->visitsByAccount(u"123456"_s, kDay.addDays(3), QDate()))) ==
          QList<Id>{13, 14});
    CHECK(idsOf(requireValue(db->visitsByAccount(u"999999"_s, QDate(), QDate()))) == QList<Id>{12});
    CHECK(requireValue(db->visitsByAccount(u"000000"_s, QDate(), QDate())).isEmpty());
}
