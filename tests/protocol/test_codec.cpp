#include "ProtocolTestSupport.h"

#include <protocol/Codec.h>
#include <protocol/FrameDecoder.h>
#include <protocol/Results.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QTimeZone>

using namespace okno;
using namespace okno::protocol;
using namespace okno::test;
using namespace Qt::StringLiterals;

namespace {

// Encode, go through text (as on the wire), decode.
template <typename T>
Result<T> throughWire(const T &value, Result<T> (*decode)(const QJsonObject &, const QString &))
{
    const QByteArray text = compactJson(toJson(value));
    return decode(parseJson(text).object(), QString());
}

template <typename T> T roundTrip(const T &value, Result<T> (*decode)(const QJsonObject &, const QString &))
{
    auto back = throughWire(value, decode);
    if (!back)
        FAIL(back.error().message.toStdString());
    // Encoding again gives the same JSON: nothing was lost or invented on the way.
    CHECK(toJson(*back) == toJson(value));
    return *back;
}

Centre sampleCentre()
{
    Centre c;
    c.id = 3;
    c.code = u"SARANSK-1"_s;
    c.name = u"ЦОК Саранск, ул. Ленина"_s;
    c.address = u"г. Саранск, ул. Ленина, 1"_s;
    c.phone = u"8 800 000-00-00"_s;
    c.schedule.setTimeZone(QTimeZone(QByteArrayLiteral("Europe/Samara")));
    c.schedule.setWeekday(6,
                          DayHours{true, QTime(9, 0), QTime(14, 0), QTime(), QTime()}); // Saturday, no lunch
    c.schedule.setException(
        ScheduleException{QDate(2026, 11, 4), DayHours::closed(), u"День народного единства"_s});
    c.schedule.setException(ScheduleException{
        QDate(2026, 11, 3), DayHours{true, QTime(8, 0), QTime(16, 0), QTime(12, 0), QTime(12, 45)},
        u"Предпраздничный день"_s});
    c.schedule.setLastTicketCutoffMinutes(20);
    c.schedule.setLunchCountsAsWorkingTime(true);
    c.norms.set(StageRole::Cashier, Norm{25, 12});
    c.priorityCategories = {{u"disabled"_s, u"Инвалид"_s}, {u"veteran"_s, u"Ветеран"_s}};
    c.policy = QueuePolicyConfig{4, 45};
    c.active = false;
    return c;
}

Visit sampleVisit()
{
    Visit v;
    v.id = 9001;
    v.centreId = 3;
    v.createdAt = utc(2026, 11, 23, 6, 15, 0, 125);
    v.purpose = u"Перерасчёт"_s;
    v.priority = u"veteran"_s;
    v.customerName = u"Иванов И. И."_s;
    v.accountNumber = u"123456789"_s;
    v.channel = u"reception"_s;
    v.createdBy = 17;
    v.version = 5;

    Stage admin;
    admin.index = 0;
    admin.queueId = 1;
    admin.role = StageRole::Administrator;
    admin.ticket = u"А-001"_s;
    admin.ticketNumber = 1;
    admin.serviceDate = QDate(2026, 11, 23);
    admin.state = StageState::Transferred;
    admin.queuedAt = utc(2026, 11, 23, 6, 15, 0, 125);
    admin.calledAt = utc(2026, 11, 23, 6, 16);
    admin.startedAt = utc(2026, 11, 23, 6, 17);
    admin.finishedAt = utc(2026, 11, 23, 6, 20, 30, 999);
    admin.callCount = 2;
    admin.deskId = 1;
    admin.staffId = 101;
    admin.note = u"к консультанту"_s;

    Stage consult; // waiting: no desk, no staff, unset times → null on the wire
    consult.index = 1;
    consult.queueId = 2;
    consult.role = StageRole::Consultant;
    consult.ticket = u"К-015"_s;
    consult.ticketNumber = 15;
    consult.serviceDate = QDate(2026, 11, 23);
    consult.state = StageState::Waiting;
    consult.queuedAt = utc(2026, 11, 23, 6, 20, 30, 999);

    v.stages = {admin, consult};
    return v;
}

void checkSameStage(const Stage &a, const Stage &b)
{
    CHECK(a.index == b.index);
    CHECK(a.queueId == b.queueId);
    CHECK(a.role == b.role);
    CHECK(a.ticket == b.ticket);
    CHECK(a.ticketNumber == b.ticketNumber);
    CHECK(a.serviceDate == b.serviceDate);
    CHECK(a.state == b.state);
    CHECK(a.queuedAt == b.queuedAt);
    CHECK(a.calledAt == b.calledAt);
    CHECK(a.startedAt == b.startedAt);
    CHECK(a.finishedAt == b.finishedAt);
    CHECK(a.calledAt.isValid() == b.calledAt.isValid());
    CHECK(a.callCount == b.callCount);
    CHECK(a.deskId == b.deskId);
    CHECK(a.staffId == b.staffId);
    CHECK(a.note == b.note);
}

} // namespace

TEST_CASE("times are ISO-8601 UTC with milliseconds, null when unset")
{
    CHECK(formatInstant(utc(2026, 11, 23, 9, 15)) == u"2026-11-23T09:15:00.000Z"_s);
    const QDateTime moscow(QDate(2026, 11, 23), QTime(12, 15), QTimeZone(QByteArrayLiteral("Europe/Moscow")));
    CHECK(formatInstant(moscow) == u"2026-11-23T09:15:00.000Z"_s);
    CHECK(instantToJson(QDateTime()).isNull());
    CHECK(dateToJson(QDate(2026, 1, 5)).toString() == u"2026-01-05"_s);
    CHECK(dateToJson(QDate()).isNull());
    CHECK(timeToJson(QTime(8, 5)).toString() == u"08:05"_s);
    CHECK(timeToJson(QTime()).isNull());
}

TEST_CASE("Centre with schedule exceptions survives the wire")
{
    const Centre c = sampleCentre();
    const Centre back = roundTrip(c, &centreFromJson);
    CHECK(back.id == c.id);
    CHECK(back.code == c.code);
    CHECK(back.name == c.name);
    CHECK(back.address == c.address);
    CHECK(back.phone == c.phone);
    CHECK(back.schedule == c.schedule);
    CHECK(back.schedule.exceptions().size() == 2);
    CHECK(back.schedule.timeZone().id() == QByteArrayLiteral("Europe/Samara"));
    CHECK(back.norms == c.norms);
    CHECK(back.priorityCategories == c.priorityCategories);
    CHECK(back.policy == c.policy);
    CHECK(back.active == c.active);
}

TEST_CASE("Centre's JSON has the documented shape")
{
    const QJsonObject o = toJson(sampleCentre());
    const QJsonObject schedule = o.value(u"schedule"_s).toObject();
    CHECK(schedule.value(u"timeZone"_s).toString() == u"Europe/Samara"_s);
    const QJsonArray week = schedule.value(u"week"_s).toArray();
    REQUIRE(week.size() == 7);
    CHECK(week[0].toObject() == json(R"({"day":1,"open":true,"opens":"08:00","closes":"17:00",
                                         "lunchStart":"12:00","lunchEnd":"13:00"})"));
    CHECK(week[5].toObject() == json(R"({"day":6,"open":true,"opens":"09:00","closes":"14:00",
                                         "lunchStart":null,"lunchEnd":null})"));
    CHECK(week[6].toObject() == json(R"({"day":7,"open":false,"opens":null,"closes":null,
                                         "lunchStart":null,"lunchEnd":null})"));
    CHECK(schedule.value(u"cutoffMinutes"_s).toInt() == 20);
    CHECK(schedule.value(u"lunchCountsAsWorkingTime"_s).toBool());
    CHECK(o.value(u"norms"_s).toObject() == json(R"({"administrator":{"waitMinutes":10,"serviceMinutes":5},
                                                      "consultant":{"waitMinutes":20,"serviceMinutes":15},
                                                      "cashier":{"waitMinutes":25,"serviceMinutes":12}})"));
    CHECK(o.value(u"policy"_s).toObject() == json(R"({"maxPriorityInRow":4,"maxRegularWaitMinutes":45})"));
}

TEST_CASE("a default Centre round-trips too")
{
    Centre c;
    c.code = u"NEW"_s;
    c.name = u"Новый"_s;
    const Centre back = roundTrip(c, &centreFromJson);
    CHECK(back.id == 0);
    CHECK(back.schedule == c.schedule);
    CHECK(back.priorityCategories == defaultPriorityCategories());
}

TEST_CASE("schedule decoding is strict")
{
    QJsonObject good = toJson(Schedule());
    REQUIRE(scheduleFromJson(good).ok());

    const auto withDay = [&](int index, const char *dayJson) {
        QJsonObject o = good;
        QJsonArray week = o.value(u"week"_s).toArray();
        week[index] = json(dayJson);
        o.insert(u"week"_s, week);
        return scheduleFromJson(o, u"centre.schedule"_s);
    };

    auto r = withDay(2, R"({"day":3,"open":true,"closes":"17:00"})");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == ErrorCode::BadRequest);
    CHECK(r.error().message == u"field \"centre.schedule.week[2].opens\" is required"_s);

    r = withDay(2, R"({"day":3,"open":true,"opens":"17:00","closes":"08:00"})");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == ErrorCode::InvalidArgument);
    CHECK(r.error().message.startsWith(u"field \"centre.schedule.week[2].closes\""_s));

    r = withDay(2, R"({"day":3,"open":true,"opens":"08:00","closes":"17:00","lunchStart":"12:00"})");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message.startsWith(u"field \"centre.schedule.week[2].lunchEnd\""_s));

    r = withDay(
        2,
        R"({"day":3,"open":true,"opens":"08:00","closes":"17:00","lunchStart":"07:00","lunchEnd":"08:00"})");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == ErrorCode::InvalidArgument);

    r = withDay(2, R"({"day":1,"open":false})"); // Monday twice, Wednesday never
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message == u"field \"centre.schedule.week[2].day\" repeats day 1"_s);

    r = withDay(2, R"({"day":8,"open":false})");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message == u"field \"centre.schedule.week[2].day\" must be between 1 and 7, got 8"_s);

    QJsonObject sixDays = good;
    QJsonArray week = sixDays.value(u"week"_s).toArray();
    week.removeLast();
    sixDays.insert(u"week"_s, week);
    r = scheduleFromJson(sixDays);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message == u"field \"week\" must list 7 days, got 6"_s);

    QJsonObject badZone = good;
    badZone.insert(u"timeZone"_s, u"Mars/Olympus_Mons"_s);
    r = scheduleFromJson(badZone);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == ErrorCode::InvalidArgument);
    CHECK(r.error().message.startsWith(u"field \"timeZone\" is not a known IANA time zone"_s));

    QJsonObject twice = good;
    const QJsonObject holiday = toJson(ScheduleException{QDate(2026, 11, 4), DayHours::closed(), u"x"_s});
    twice.insert(u"exceptions"_s, QJsonArray{holiday, holiday});
    r = scheduleFromJson(twice);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message == u"field \"exceptions[1].date\" repeats the date 2026-11-04"_s);

    QJsonObject cutoff = good;
    cutoff.insert(u"cutoffMinutes"_s, 241);
    CHECK(scheduleFromJson(cutoff).error().code == ErrorCode::InvalidArgument);
}

TEST_CASE("a closed day ignores hours given with it")
{
    Fields f(json(R"({"open":false,"opens":"08:00","closes":"17:00"})"));
    const DayHours h = readDayHours(f);
    CHECK(f.ok());
    CHECK(h == DayHours::closed());
}

TEST_CASE("ScheduleException round trip, as schedule.setException sends it")
{
    const ScheduleException e{QDate(2026, 11, 3), DayHours{true, QTime(8, 0), QTime(16, 0), QTime(), QTime()},
                              u"Предпраздничный день"_s};
    const ScheduleException back = roundTrip(e, &scheduleExceptionFromJson);
    CHECK(back == e);
    // The request's other fields (centreId) do not disturb the reading.
    auto fromRequest = scheduleExceptionFromJson(
        json(R"({"centreId":1,"date":"2026-06-12","open":false,"note":"День России"})"));
    REQUIRE(fromRequest.ok());
    CHECK(fromRequest->date == QDate(2026, 6, 12));
    CHECK_FALSE(fromRequest->hours.open);
    CHECK(fromRequest->note == u"День России"_s);
}

TEST_CASE("Norms keyed by stage role")
{
    Norms n;
    n.set(StageRole::Consultant, Norm{30, 20});
    CHECK(roundTrip(n, &normsFromJson) == n);

    auto r = normsFromJson(json(R"({"administrator":{"waitMinutes":10,"serviceMinutes":5},
                                     "consultant":{"waitMinutes":20,"serviceMinutes":15},
                                     "cashier":{"waitMinutes":20,"serviceMinutes":10},
                                     "manager":{"waitMinutes":1,"serviceMinutes":1}})"));
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == ErrorCode::InvalidArgument);
    CHECK(r.error().message.startsWith(u"field \"manager\" is not a stage role"_s));

    r = normsFromJson(json(R"({"administrator":{"waitMinutes":10,"serviceMinutes":5},
                                "consultant":{"waitMinutes":0,"serviceMinutes":15},
                                "cashier":{"waitMinutes":20,"serviceMinutes":10}})"),
                      u"centre.norms"_s);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message ==
          u"field \"centre.norms.consultant.waitMinutes\" must be between 1 and 600, got 0"_s);

    r = normsFromJson(json(R"({"administrator":{"waitMinutes":10,"serviceMinutes":5}})"));
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message == u"field \"consultant\" is required"_s);

    const Norm one = roundTrip(Norm{7, 3}, &normFromJson);
    CHECK(one == Norm{7, 3});
}

TEST_CASE("PriorityCategory and QueuePolicyConfig")
{
    const PriorityCategory p{u"parent"_s, u"С ребёнком до 3 лет"_s};
    CHECK(roundTrip(p, &priorityCategoryFromJson) == p);
    const QueuePolicyConfig q{2, 15};
    CHECK(roundTrip(q, &queuePolicyConfigFromJson) == q);
    CHECK(queuePolicyConfigFromJson(json(R"({"maxPriorityInRow":0,"maxRegularWaitMinutes":15})"))
              .error()
              .code == ErrorCode::InvalidArgument);
}

TEST_CASE("Queue round trip")
{
    Queue q;
    q.id = 2;
    q.centreId = 3;
    q.code = u"consult"_s;
    q.name = u"Консультация"_s;
    q.prefix = u"К"_s;
    q.role = StageRole::Consultant;
    q.active = false;
    const Queue back = roundTrip(q, &queueFromJson);
    CHECK(back.id == q.id);
    CHECK(back.centreId == q.centreId);
    CHECK(back.code == q.code);
    CHECK(back.name == q.name);
    CHECK(back.prefix == q.prefix);
    CHECK(back.role == q.role);
    CHECK(back.active == q.active);

    // A new queue is sent without an id.
    auto created =
        queueFromJson(json(R"({"centreId":3,"code":"cash","name":"Касса","prefix":"Р","role":"cashier"})"));
    REQUIRE(created.ok());
    CHECK(created->id == 0);
    CHECK(created->active);

    auto bad = queueFromJson(
        json(R"({"centreId":3,"code":"cash","name":"Касса","prefix":"Р","role":"manager"})"), u"queue"_s);
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().message == u"field \"queue.role\" has an unknown value \"manager\""_s);
}

TEST_CASE("Desk round trip with its live state")
{
    Desk d;
    d.id = 4;
    d.centreId = 3;
    d.number = 12;
    d.name = u"Окно 12"_s;
    d.queueIds = {2, 1};
    d.active = true;
    d.state = DeskState::Break;
    d.staffId = 102;
    const Desk back = roundTrip(d, &deskFromJson);
    CHECK(back.id == d.id);
    CHECK(back.centreId == d.centreId);
    CHECK(back.number == d.number);
    CHECK(back.name == d.name);
    CHECK(back.queueIds == d.queueIds);
    CHECK(back.active == d.active);
    CHECK(back.state == d.state);
    CHECK(back.staffId == d.staffId);
    CHECK(toJson(d).value(u"state"_s).toString() == u"break"_s);
}

TEST_CASE("Staff round trip, never a password")
{
    Staff s;
    s.id = 17;
    s.centreId = 0;
    s.login = u"ivanova"_s;
    s.fullName = u"Иванова Мария Петровна"_s;
    s.position = u"Системный администратор"_s;
    s.role = Role::SystemAdministrator;
    s.active = true;
    const QJsonObject o = toJson(s);
    CHECK_FALSE(o.contains(u"password"_s));
    CHECK(o.value(u"role"_s).toString() == u"system_administrator"_s);
    const Staff back = roundTrip(s, &staffFromJson);
    CHECK(back.id == s.id);
    CHECK(back.centreId == 0);
    CHECK(back.login == s.login);
    CHECK(back.fullName == s.fullName);
    CHECK(back.position == s.position);
    CHECK(back.role == s.role);
    CHECK(back.active == s.active);
}

TEST_CASE("Visit with stages and unset times round-trips")
{
    const Visit v = sampleVisit();
    const QJsonObject o = toJson(v);
    const QJsonObject waiting = o.value(u"stages"_s).toArray().at(1).toObject();
    CHECK(waiting.value(u"calledAt"_s).isNull());
    CHECK(waiting.value(u"startedAt"_s).isNull());
    CHECK(waiting.value(u"finishedAt"_s).isNull());
    CHECK(waiting.value(u"queuedAt"_s).toString() == u"2026-11-23T06:20:30.999Z"_s);
    CHECK(waiting.value(u"deskId"_s).toInteger() == 0);
    CHECK(waiting.value(u"state"_s).toString() == u"waiting"_s);
    CHECK(o.value(u"createdAt"_s).toString() == u"2026-11-23T06:15:00.125Z"_s);

    const Visit back = roundTrip(v, &visitFromJson);
    CHECK(back.id == v.id);
    CHECK(back.centreId == v.centreId);
    CHECK(back.createdAt == v.createdAt);
    CHECK(back.purpose == v.purpose);
    CHECK(back.priority == v.priority);
    CHECK(back.customerName == v.customerName);
    CHECK(back.accountNumber == v.accountNumber);
    CHECK(back.channel == v.channel);
    CHECK(back.createdBy == v.createdBy);
    CHECK(back.version == v.version);
    REQUIRE(back.stages.size() == 2);
    checkSameStage(back.stages[0], v.stages[0]);
    checkSameStage(back.stages[1], v.stages[1]);
    CHECK_FALSE(back.stages[1].calledAt.isValid());
    CHECK(back.isOpen());
}

TEST_CASE("a bad stage is reported with its path")
{
    QJsonObject o = toJson(sampleVisit());
    QJsonArray stages = o.value(u"stages"_s).toArray();
    QJsonObject s1 = stages[1].toObject();
    s1.insert(u"state"_s, u"sleeping"_s);
    stages[1] = s1;
    o.insert(u"stages"_s, stages);
    auto r = visitFromJson(o, u"visit"_s);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message == u"field \"visit.stages[1].state\" has an unknown value \"sleeping\""_s);
}

TEST_CASE("QueuePosition, Summary, RoleStatistics")
{
    const QueuePosition p{4, 35};
    const QueuePosition pb = roundTrip(p, &queuePositionFromJson);
    CHECK(pb.ahead == 4);
    CHECK(pb.expectedWaitMinutes == 35);

    const Summary s = Summary::of({60, 120, 180, 600, 1200}, 600);
    const Summary sb = roundTrip(s, &summaryFromJson);
    CHECK(sb.count == s.count);
    CHECK(sb.mean == s.mean);
    CHECK(sb.median == s.median);
    CHECK(sb.p90 == s.p90);
    CHECK(sb.max == s.max);
    CHECK(sb.withinNorm == s.withinNorm);
    CHECK(sb.withinNormShare == s.withinNormShare);

    RoleStatistics r;
    r.role = StageRole::Cashier;
    r.norm = Norm{20, 10};
    r.stages = 12;
    r.served = 9;
    r.noShows = 2;
    r.cancelled = 1;
    r.wait = s;
    r.service = Summary::of({300, 450}, 600);
    const RoleStatistics rb = roundTrip(r, &roleStatisticsFromJson);
    CHECK(rb.role == r.role);
    CHECK(rb.norm == r.norm);
    CHECK(rb.stages == r.stages);
    CHECK(rb.served == r.served);
    CHECK(rb.noShows == r.noShows);
    CHECK(rb.cancelled == r.cancelled);
    CHECK(rb.wait.p90 == r.wait.p90);
    CHECK(rb.service.mean == r.service.mean);
}

TEST_CASE("Event: payload bytes become data and come back")
{
    Event e;
    e.seq = 1234;
    e.at = utc(2026, 11, 23, 9, 15);
    e.type = u"visit.called"_s;
    e.centreId = 3;
    e.visitId = 9001;
    e.actorId = 101;
    e.payload =
        QJsonDocument(QJsonObject{{u"visit"_s, toJson(sampleVisit())}}).toJson(QJsonDocument::Compact);
    const QJsonObject o = toJson(e);
    CHECK(o.value(u"event"_s).toString() == u"visit.called"_s);
    CHECK(o.value(u"seq"_s).toInteger() == 1234);
    CHECK(o.value(u"at"_s).toString() == u"2026-11-23T09:15:00.000Z"_s);
    CHECK_FALSE(o.contains(u"id"_s));
    CHECK(o.value(u"data"_s).toObject().value(u"visit"_s).toObject().value(u"id"_s).toInteger() == 9001);

    const Event back = roundTrip(e, &eventFromJson);
    CHECK(back.seq == e.seq);
    CHECK(back.at == e.at);
    CHECK(back.type == e.type);
    CHECK(back.centreId == e.centreId);
    CHECK(back.visitId == e.visitId);
    CHECK(back.actorId == e.actorId);
    CHECK(back.payload == e.payload);

    Event empty = e;
    empty.payload.clear();
    CHECK(toJson(empty).value(u"data"_s).toObject().isEmpty());
}

TEST_CASE("Event: a string in the payload that starts with U+FEFF keeps it")
{
    // The server writes payloads with QJsonDocument, as raw UTF-8.
    const QString name = QString(QChar(0xFEFF)) + u"Иванов"_s;
    Event e;
    e.seq = 7;
    e.at = utc(2026, 11, 23, 9, 15);
    e.type = u"visit.issued"_s;
    e.payload = QJsonDocument(QJsonObject{{u"visit"_s, QJsonObject{{u"customerName"_s, name}}}})
                    .toJson(QJsonDocument::Compact);
    const QJsonObject o = toJson(e);
    CHECK(o.value(u"data"_s).toObject().value(u"visit"_s).toObject().value(u"customerName"_s).toString() ==
          name);
    const Event back = roundTrip(e, &eventFromJson);
    CHECK(toJson(back)
              .value(u"data"_s)
              .toObject()
              .value(u"visit"_s)
              .toObject()
              .value(u"customerName"_s)
              .toString() == name);
}

TEST_CASE("operation results round-trip")
{
    HelloResult h{u"okno-server/0.1.0"_s, 1, utc(2026, 11, 23, 9, 0), true};
    const HelloResult hb = roundTrip(h, &helloResultFromJson);
    CHECK(hb.server == h.server);
    CHECK(hb.version == 1);
    CHECK(hb.serverTime == h.serverTime);
    CHECK(hb.testClock);

    SessionInfo s;
    s.staff.id = 101;
    s.staff.centreId = 3;
    s.staff.login = u"petrov"_s;
    s.staff.fullName = u"Петров П."_s;
    s.staff.role = Role::Administrator;
    s.deskId = 1;
    s.desk = Desk{1, 3, 1, u"Окно 1"_s, {1}, true, DeskState::Open, 101};
    const QJsonObject so = toJson(s);
    CHECK(so.value(u"role"_s).toString() == u"administrator"_s);
    CHECK(so.value(u"centreId"_s).toInteger() == 3);
    const SessionInfo sb = roundTrip(s, &sessionInfoFromJson);
    CHECK(sb.staff.login == s.staff.login);
    CHECK(sb.deskId == 1);
    REQUIRE(sb.desk.has_value());
    CHECK(sb.desk->state == DeskState::Open);

    const IssueResult i{sampleVisit(), QueuePosition{2, 10}};
    const IssueResult ib = roundTrip(i, &issueResultFromJson);
    CHECK(ib.visit.id == 9001);
    CHECK(ib.position.ahead == 2);

    StatusSnapshot st;
    st.centre = sampleCentre();
    st.status = CentreStatus::Lunch;
    st.acceptsTickets = false;
    st.refusal = u"lunch break until 13:00"_s;
    st.refusalCode = RefusalReason::Lunch;
    st.reopensAt = utc(2026, 11, 23, 10, 0);
    st.serverTime = utc(2026, 11, 23, 9, 30);
    Queue q;
    q.id = 2;
    q.centreId = 3;
    q.code = u"consult"_s;
    q.name = u"Консультация"_s;
    q.prefix = u"К"_s;
    st.queues = {QueueLoad{q, 5, 1, 1800}};
    st.desks = {Desk{1, 3, 1, {}, {2}, true, DeskState::Open, 101},
                Desk{2, 3, 2, {}, {2}, true, DeskState::Closed, 0}};
    st.deskStaff.insert(1, s.staff);
    st.visits = {sampleVisit()};
    st.lastSeq = 77;
    const StatusSnapshot stb = roundTrip(st, &statusSnapshotFromJson);
    CHECK(stb.status == CentreStatus::Lunch);
    CHECK(stb.refusal == st.refusal);
    CHECK(stb.refusalCode == RefusalReason::Lunch);
    CHECK(stb.reopensAt == st.reopensAt);
    CHECK(toJson(st).value(u"refusalCode"_s).toString() == u"lunch"_s);
    CHECK(stb.queues.size() == 1);
    CHECK(stb.queues[0].waiting == 5);
    CHECK(stb.queues[0].postponed == 1);
    CHECK(stb.queues[0].longestWaitSecs == 1800);
    CHECK(stb.desks.size() == 2);
    CHECK(stb.deskStaff.size() == 1);
    CHECK(stb.deskStaff.value(1).login == u"petrov"_s);
    CHECK(stb.visits.size() == 1);
    CHECK(stb.lastSeq == 77);
    CHECK(toJson(st).value(u"status"_s).toString() == u"lunch"_s);
    CHECK(centreStatusFromName(u"before_opening"_s) == CentreStatus::BeforeOpening);
    CHECK_FALSE(centreStatusFromName(u"open_late"_s).has_value());
    // An older server sends no code and no reopening; a newer one may send a code this client does
    // not know: neither is an error.
    QJsonObject older = toJson(st);
    older.remove(u"refusalCode"_s);
    older.remove(u"reopensAt"_s);
    const auto olderBack = statusSnapshotFromJson(older);
    REQUIRE(olderBack);
    CHECK_FALSE(olderBack->refusalCode.has_value());
    CHECK_FALSE(olderBack->reopensAt.isValid());
    QJsonObject newer = toJson(st);
    newer.insert(u"refusalCode"_s, u"strike"_s);
    newer.insert(u"reopensAt"_s, QJsonValue());
    const auto newerBack = statusSnapshotFromJson(newer);
    REQUIRE(newerBack);
    CHECK_FALSE(newerBack->refusalCode.has_value());
    CHECK_FALSE(newerBack->acceptsTickets);

    StatsResult sr{3, QDate(2026, 11, 1), QDate(2026, 11, 30), {}};
    RoleStatistics rs;
    rs.role = StageRole::Consultant;
    rs.norm = Norm{20, 15};
    sr.roles = {rs};
    const StatsResult srb = roundTrip(sr, &statsResultFromJson);
    CHECK(srb.from == sr.from);
    CHECK(srb.roles.size() == 1);

    const SubscribeResult sub{120, 3, false};
    const SubscribeResult subb = roundTrip(sub, &subscribeResultFromJson);
    CHECK(subb.lastSeq == 120);
    CHECK(subb.replayed == 3);
    CHECK_FALSE(subb.snapshotRequired);
}

TEST_CASE("a visit written directly is byte for byte its compact JSON")
{
    Visit v = sampleVisit();
    const auto same = [&] {
        QByteArray direct;
        appendCompactJson(direct, v);
        CHECK(direct == compactJson(toJson(v)));
        for (const Stage &s : std::as_const(v.stages)) {
            QByteArray stage;
            appendCompactJson(stage, s);
            CHECK(stage == compactJson(toJson(s)));
        }
    };
    same();
    // Text that needs escaping: quotes, backslashes, controls, U+FEFF, astral and lone surrogates.
    const QList<QString> odd{u"\"quoted\" \\ back\\slash"_s,
                             u"tab\tnl\ncr\rbs\bff\f\x01\x1f"_s,
                             QString(QChar(0xFEFF)) + u"bom"_s,
                             u"😀 astral"_s,
                             QString(QChar(0xD800)) + u"lone"_s,
                             u"\x7f del, 𝄞"_s,
                             QString(),
                             u"\\"_s + QString(QChar(0xFEFF))};
    for (const QString &text : odd) {
        v.purpose = text;
        v.customerName = text;
        v.stages[0].note = text;
        v.stages[1].ticket = text;
        same();
    }
    // Unset and unusual times and dates, large ids.
    v.createdAt = QDateTime();
    v.stages[0].serviceDate = QDate();
    v.stages[0].calledAt = utc(1969, 12, 31, 23, 59, 59, 999);
    v.stages[0].startedAt = utc(1970, 1, 1, 0, 0, 0, 0);
    v.stages[0].finishedAt = utc(9999, 12, 31, 23, 59, 59, 999);
    v.stages[1].queuedAt = QDateTime(QDate(2026, 3, 29), QTime(2, 30), QTimeZone("Europe/Moscow"));
    v.id = Id(9'007'199'254'740'993);
    v.createdBy = 0;
    v.stages.append(v.stages.first());
    v.stages.last().index = 2;
    same();
    v.stages.clear();
    same();
}

TEST_CASE("instants are formatted as Qt formats them, every day from 1969 to 2101")
{
    for (QDate d(1969, 12, 25); d <= QDate(2101, 1, 5); d = d.addDays(1)) {
        const QDateTime t(d, QTime(d.day() % 24, d.month() * 4, d.dayOfWeek() * 8, d.dayOfYear()),
                          QTimeZone::utc());
        REQUIRE(formatInstant(t) == t.toUTC().toString(Qt::ISODateWithMs));
    }
    for (const QDateTime &t : {QDateTime(QDate(9999, 12, 31), QTime(23, 59, 59, 999), QTimeZone::utc()),
                               QDateTime(QDate(10000, 1, 1), QTime(0, 0), QTimeZone::utc()),
                               QDateTime(QDate(1, 1, 1), QTime(0, 0), QTimeZone::utc()),
                               QDateTime(QDate(2026, 6, 1), QTime(12, 0), QTimeZone("Asia/Yekaterinburg"))})
        CHECK(formatInstant(t) == t.toUTC().toString(Qt::ISODateWithMs));
    CHECK(formatInstant(QDateTime()).isEmpty());
}
