// Centres, queues, desks, staff, settings and idempotency records: written and read back.

#include "StorageTestSupport.h"

using namespace okno;
using namespace okno::test;

namespace {

Centre richCentre()
{
    Centre c = makeCentre(7, u"SARANSK-2"_s);
    c.active = false;
    Schedule &s = c.schedule;
    s.setTimeZone(QTimeZone(QByteArrayLiteral("Europe/Samara")));
    s.setLastTicketCutoffMinutes(20);
    s.setLunchCountsAsWorkingTime(true);
    s.setWeekday(3, DayHours{true, QTime(9, 0), QTime(18, 30), QTime(13, 0), QTime(13, 45)});
    s.setWeekday(6, DayHours{true, QTime(10, 0), QTime(14, 0), QTime(), QTime()}); // Saturday, no lunch
    s.setWeekday(5, DayHours{true, QTime(0, 0), QTime(23, 59), QTime(12, 0), QTime(12, 30)});
    s.setException(ScheduleException{QDate(2024, 6, 12), DayHours::closed(), u"День России"_s});
    s.setException(ScheduleException{QDate(2024, 6, 11),
                                     DayHours{true, QTime(8, 0), QTime(16, 0), QTime(12, 0), QTime(13, 0)},
                                     u"Предпраздничный день"_s});
    s.setException(
        ScheduleException{QDate(2024, 11, 2), DayHours::standard(), QString()}); // a moved working Saturday
    c.norms.set(StageRole::Administrator, Norm{7, 4});
    c.norms.set(StageRole::Cashier, Norm{25, 12});
    c.priorityCategories = {PriorityCategory{u"veteran"_s, u"Ветеран"_s},
                            PriorityCategory{u"disabled"_s, u"Инвалид I или II группы"_s},
                            PriorityCategory{u"local"_s, u"Местная льгота"_s}};
    c.policy = QueuePolicyConfig{2, 45};
    return c;
}

void checkSameCentre(const Centre &a, const Centre &b)
{
    CHECK(a.id == b.id);
    CHECK(a.code == b.code);
    CHECK(a.name == b.name);
    CHECK(a.address == b.address);
    CHECK(a.phone == b.phone);
    CHECK(a.schedule.timeZone().id() == b.schedule.timeZone().id());
    CHECK(a.schedule.lastTicketCutoffMinutes() == b.schedule.lastTicketCutoffMinutes());
    CHECK(a.schedule.lunchCountsAsWorkingTime() == b.schedule.lunchCountsAsWorkingTime());
    for (int day = 1; day <= 7; ++day) {
        INFO("weekday " << day);
        CHECK(a.schedule.weekday(day) == b.schedule.weekday(day));
    }
    CHECK(a.schedule.exceptions() == b.schedule.exceptions());
    CHECK(a.schedule == b.schedule);
    CHECK(a.norms == b.norms);
    CHECK(a.priorityCategories == b.priorityCategories);
    CHECK(a.policy == b.policy);
    CHECK(a.active == b.active);
}

} // namespace

TEST_CASE("a centre round-trips with its schedule, exceptions, norms, categories and policy",
          "[storage][config]")
{
    TempDatabase t;
    auto db = t.open();
    const Centre original = richCentre();
    requireOk(db->apply(WriteBatch().putCentre(original).putCentre(makeCentre(3, u"DEFAULTS"_s))));

    const QList<Centre> centres = requireValue(db->loadCentres());
    REQUIRE(centres.size() == 2);
    CHECK(centres[0].id == 3); // ordered by id
    checkSameCentre(centres[0], makeCentre(3, u"DEFAULTS"_s));
    checkSameCentre(centres[1], original);
    CHECK(centres[1].schedule.timeZone().isValid());

    SECTION("putting it again replaces the children instead of adding to them")
    {
        Centre changed = original;
        changed.name = u"ЦОК Саранск-2 (новый адрес)"_s;
        changed.schedule.removeException(QDate(2024, 6, 11));
        changed.schedule.setWeekday(6, DayHours::closed());
        changed.priorityCategories = {PriorityCategory{u"disabled"_s, u"Инвалид"_s}};
        changed.norms.set(StageRole::Consultant, Norm{30, 20});
        requireOk(db->apply(WriteBatch().putCentre(changed)));

        const QList<Centre> again = requireValue(db->loadCentres());
        REQUIRE(again.size() == 2);
        checkSameCentre(again[1], changed);
        CHECK(t.raw(u"SELECT COUNT(*) FROM centre_exceptions WHERE centre_id = 7"_s).toInt() == 2);
        CHECK(t.raw(u"SELECT COUNT(*) FROM centre_week_hours WHERE centre_id = 7"_s).toInt() == 7);
    }
    SECTION("a centre without priority categories stays without them")
    {
        Centre none = original;
        none.priorityCategories.clear();
        requireOk(db->apply(WriteBatch().putCentre(none)));
        CHECK(requireValue(db->loadCentres())[1].priorityCategories.isEmpty());
    }
    SECTION("a centre with an unknown time zone is reported, not guessed")
    {
        t.raw(u"UPDATE centres SET time_zone = 'Mars/Olympus_Mons' WHERE id = 7"_s);
        const auto bad = db->loadCentres();
        REQUIRE_FALSE(bad.ok());
        CHECK(bad.error().message.contains(u"Mars/Olympus_Mons"_s));
    }
    SECTION("a second centre with the same code is refused")
    {
        const Status s = db->apply(WriteBatch().putCentre(makeCentre(8, u"SARANSK-2"_s)));
        REQUIRE_FALSE(s.ok());
        CHECK(s.error().code == ErrorCode::Internal);
        CHECK(s.error().message.contains(u"put centre 8"_s));
        CHECK(requireValue(db->loadCentres()).size() == 2);
    }
}

TEST_CASE("queues round-trip and their code and prefix are unique within a centre", "[storage][config]")
{
    TempDatabase t;
    auto db = t.open();
    requireOk(db->apply(seedConfigurationBatch()));
    Queue inactive = makeQueue(15, 2, u"cash"_s, u"Р"_s, StageRole::Cashier);
    inactive.active = false;
    requireOk(db->apply(WriteBatch().putQueue(inactive)));

    const QList<Queue> queues = requireValue(db->loadQueues());
    REQUIRE(queues.size() == 5);
    const Queue &q = queues[4];
    CHECK(q.id == 15);
    CHECK(q.centreId == 2);
    CHECK(q.code == u"cash"_s);
    CHECK(q.name == u"cash"_s);
    CHECK(q.prefix == u"Р"_s);
    CHECK(q.role == StageRole::Cashier);
    CHECK_FALSE(q.active);
    CHECK(queues[1].role == StageRole::Consultant);
    CHECK(queues[1].active);

    // Same prefix in another centre is fine (above); in the same centre it is not.
    const Status s =
        db->apply(WriteBatch().putQueue(makeQueue(16, 1, u"other"_s, u"К"_s, StageRole::Consultant)));
    REQUIRE_FALSE(s.ok());
    CHECK(s.error().message.contains(u"unique"_s, Qt::CaseInsensitive)); // SQLite: UNIQUE; PostgreSQL: unique
}

TEST_CASE("desks round-trip with their queues in order and their live state", "[storage][config]")
{
    TempDatabase t;
    auto db = t.open();
    requireOk(db->apply(seedConfigurationBatch()));

    Desk d = makeDesk(22, 1, 2, {13, 11, 12});
    d.state = DeskState::Open;
    d.staffId = 32;
    d.name = QString(); // no label
    requireOk(db->apply(WriteBatch().putDesk(d)));

    QList<Desk> desks = requireValue(db->loadDesks());
    REQUIRE(desks.size() == 3);
    const Desk &loaded = desks[1];
    CHECK(loaded.id == 22);
    CHECK(loaded.centreId == 1);
    CHECK(loaded.number == 2);
    CHECK(loaded.name.isEmpty());
    CHECK(loaded.queueIds == QList<Id>{13, 11, 12});
    CHECK(loaded.active);
    CHECK(loaded.state == DeskState::Open);
    CHECK(loaded.staffId == 32);
    CHECK(desks[0].queueIds == QList<Id>{11});
    CHECK(desks[0].state == DeskState::Closed);
    CHECK(desks[0].staffId == 0);

    // Going on a break and serving one queue less.
    d.state = DeskState::Break;
    d.queueIds = {12};
    d.active = false;
    requireOk(db->apply(WriteBatch().putDesk(d)));
    desks = requireValue(db->loadDesks());
    CHECK(desks[1].state == DeskState::Break);
    CHECK(desks[1].queueIds == QList<Id>{12});
    CHECK_FALSE(desks[1].active);
    CHECK(desks[1].staffId == 32);

    SECTION("a desk number is unique within its centre")
    {
        const Status s = db->apply(WriteBatch().putDesk(makeDesk(29, 1, 1, {})));
        REQUIRE_FALSE(s.ok());
        CHECK(requireValue(db->loadDesks()).size() == 3);
    }
    SECTION("a desk with an unknown state in the database is an error that says where")
    {
        t.raw(u"UPDATE desks SET state = 'melted' WHERE id = 22"_s);
        const auto bad = db->loadDesks();
        REQUIRE_FALSE(bad.ok());
        CHECK(bad.error().code == ErrorCode::Internal);
        CHECK(bad.error().message.contains(u"desks"_s));
        CHECK(bad.error().message.contains(u"id 22"_s));
        CHECK(bad.error().message.contains(u"state"_s));
        CHECK(bad.error().message.contains(u"melted"_s));
    }
}

TEST_CASE("staff round-trip; the password hash is replaced only when a new one is given", "[storage][config]")
{
    TempDatabase t;
    auto db = t.open();
    requireOk(db->apply(seedConfigurationBatch()));

    Staff root = makeStaff(40, 0, u"root"_s, Role::SystemAdministrator); // company-wide
    root.active = false;
    requireOk(db->apply(WriteBatch().putStaff(root)));

    const QList<Staff> staff = requireValue(db->loadStaff());
    REQUIRE(staff.size() == 4);
    const Staff &s = staff[3];
    CHECK(s.id == 40);
    CHECK(s.centreId == 0);
    CHECK(s.login == u"root"_s);
    CHECK(s.fullName == root.fullName);
    CHECK(s.position == root.position);
    CHECK(s.role == Role::SystemAdministrator);
    CHECK_FALSE(s.active);
    CHECK(staff[0].role == Role::Administrator);
    CHECK(staff[0].centreId == 1);

    // A new account without a password has none.
    auto rootLogin = requireValue(db->findLogin(u"root"_s));
    REQUIRE(rootLogin.has_value());
    CHECK(rootLogin->passwordHash.isEmpty());
    CHECK(rootLogin->staff.id == 40);

    auto login = requireValue(db->findLogin(u"consult1"_s));
    REQUIRE(login.has_value());
    CHECK(login->passwordHash == u"hash-32"_s);

    // Renamed without a new password: the hash stays.
    Staff renamed = makeStaff(32, 1, u"consult1"_s, Role::Consultant);
    renamed.fullName = u"Иванова Мария"_s;
    requireOk(db->apply(WriteBatch().putStaff(renamed)));
    login = requireValue(db->findLogin(u"consult1"_s));
    REQUIRE(login.has_value());
    CHECK(login->staff.fullName == u"Иванова Мария"_s);
    CHECK(login->passwordHash == u"hash-32"_s);

    // With a new password: replaced.
    requireOk(db->apply(WriteBatch().putStaff(renamed, u"hash-32-new"_s)));
    CHECK(requireValue(db->findLogin(u"consult1"_s))->passwordHash == u"hash-32-new"_s);

    CHECK_FALSE(requireValue(db->findLogin(u"nobody"_s)).has_value());
    CHECK_FALSE(requireValue(db->findLogin(u"CONSULT1"_s)).has_value()); // exact match

    // Logins are unique.
    const Status dup = db->apply(WriteBatch().putStaff(makeStaff(41, 1, u"admin1"_s, Role::Cashier)));
    REQUIRE_FALSE(dup.ok());
    CHECK(dup.error().message.contains(u"put staff 41"_s));
}

TEST_CASE("settings are upserted; idempotency records are written once", "[storage][config]")
{
    TempDatabase t;
    auto db = t.open();
    CHECK_FALSE(requireValue(db->setting(u"k"_s)).has_value());
    requireOk(db->apply(
        WriteBatch().putSetting(u"k"_s, u"1"_s).putSetting(u"k"_s, u"2"_s).putSetting(u"e"_s, QString())));
    CHECK(requireValue(db->setting(u"k"_s)) == std::optional<QString>(u"2"_s));
    CHECK(requireValue(db->setting(u"e"_s)) == std::optional<QString>(QString()));

    const QByteArray response = QByteArrayLiteral("{\"receipt\":17,\"change\":\"150 ₽\"}");
    CHECK_FALSE(requireValue(db->idempotencyResponse(u"pay-1"_s)).has_value());
    requireOk(db->apply(WriteBatch().putIdempotency(u"pay-1"_s, utc(2024, 3, 4, 10, 0), response)));
    CHECK(requireValue(db->idempotencyResponse(u"pay-1"_s)) == std::optional<QByteArray>(response));

    const Status again = db->apply(WriteBatch().putIdempotency(u"pay-1"_s, utc(2024, 3, 4, 10, 1), "{}"));
    REQUIRE_FALSE(again.ok());
    CHECK(again.error().message.contains(u"pay-1"_s));
    CHECK(requireValue(db->idempotencyResponse(u"pay-1"_s)) == std::optional<QByteArray>(response));
}
