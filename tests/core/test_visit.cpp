// The visit state machine (VisitTransitions): every legal move, every illegal one refused with
// InvalidTransition and no change, desk ownership, routing, recall, postpone/requeue, contacts,
// and the account-number rule.

#include "CoreTestSupport.h"

#include "core/Visit.h"

#include <QStringList>

#include <functional>

using namespace okno;
using namespace okno::test;
using namespace Qt::StringLiterals;

namespace {

constexpr Id kDesk = 1;
constexpr Id kOtherDesk = 2;
constexpr Id kStaff = 10;
constexpr Id kQueue = 1;
constexpr Id kOtherQueue = 2;

// Every field of a visit, so that "unchanged" can be checked in full and a difference read.
QString dump(const Visit &v)
{
    const auto t = [](const QDateTime &d) { return d.isValid() ? d.toUTC().toString(Qt::ISODate) : u"-"_s; };
    QStringList parts{
        u"id=%1 centre=%2 created=%3 version=%4"_s.arg(v.id)
            .arg(v.centreId)
            .arg(t(v.createdAt))
            .arg(v.version),
        u"purpose=%1 priority=%2 name=%3 account=%4 channel=%5 by=%6"_s.arg(
            v.purpose, v.priority, v.customerName, v.accountNumber, v.channel, QString::number(v.createdBy))};
    for (const Stage &s : v.stages)
        parts << u"[%1 q=%2 role=%3 %4 #%5 day=%6 %7 queued=%8 called=%9 started=%10 finished=%11 calls=%12 "
                 u"desk=%13 "
                 u"staff=%14 note=%15]"_s
                     .arg(QString::number(s.index), QString::number(s.queueId), stageRoleName(s.role),
                          s.ticket, QString::number(s.ticketNumber), s.serviceDate.toString(Qt::ISODate),
                          stageStateName(s.state), t(s.queuedAt), t(s.calledAt))
                     .arg(t(s.startedAt), t(s.finishedAt), QString::number(s.callCount),
                          QString::number(s.deskId), QString::number(s.staffId), s.note);
    return parts.join(u'\n');
}

const QDateTime kQueued = msk(kMonday, 9, 0);
const QDateTime kCalled = msk(kMonday, 9, 10);
const QDateTime kStarted = msk(kMonday, 9, 11);
const QDateTime kNow = msk(kMonday, 9, 20);

// A visit whose single stage is in the given state, with the timestamps that state implies.
Visit visitIn(StageState state)
{
    Visit v;
    v.id = 7;
    v.centreId = 1;
    v.createdAt = kQueued;
    v.version = 1;
    Stage s;
    s.queueId = kQueue;
    s.role = StageRole::Administrator;
    s.ticket = u"А-001"_s;
    s.ticketNumber = 1;
    s.serviceDate = kMonday;
    s.queuedAt = kQueued;
    s.state = state;
    const bool wasCalled = state == StageState::Called || state == StageState::InService ||
                           state == StageState::Done || state == StageState::NoShow;
    if (wasCalled) {
        s.calledAt = kCalled;
        s.callCount = 1;
        s.deskId = kDesk;
        s.staffId = kStaff;
    }
    if (state == StageState::InService || state == StageState::Done)
        s.startedAt = kStarted;
    if (isTerminal(state))
        s.finishedAt = msk(kMonday, 9, 15);
    v.stages.append(s);
    return v;
}

struct Action
{
    const char *name;
    std::function<Status(Visit &)> apply;
};

const QList<Action> &actions()
{
    static const QList<Action> list = {
        {"call", [](Visit &v) { return VisitTransitions::call(v, kNow, kDesk, kStaff); }},
        {"recall", [](Visit &v) { return VisitTransitions::recall(v, kNow, kDesk); }},
        {"start", [](Visit &v) { return VisitTransitions::start(v, kNow, kDesk); }},
        {"finish", [](Visit &v) { return VisitTransitions::finish(v, kNow, kDesk); }},
        {"noShow", [](Visit &v) { return VisitTransitions::noShow(v, kNow, kDesk); }},
        {"postpone", [](Visit &v) { return VisitTransitions::postpone(v, kNow, u"за документами"_s); }},
        {"cancel", [](Visit &v) { return VisitTransitions::cancel(v, kNow, u"ушёл"_s); }},
        {"route",
         [](Visit &v) {
             return VisitTransitions::route(v, kNow, kOtherQueue, StageRole::Consultant, kMonday,
                                            u"нужна консультация"_s);
         }},
        {"requeue", [](Visit &v) { return VisitTransitions::requeue(v, kNow); }},
    };
    return list;
}

const QList<StageState> kAllStates = {StageState::Waiting,     StageState::Called,   StageState::InService,
                                      StageState::Done,        StageState::NoShow,   StageState::Postponed,
                                      StageState::Transferred, StageState::Cancelled};

// The legal moves, by action name: the states each action may start from.
QList<StageState> legalFrom(const QString &action)
{
    using S = StageState;
    if (action == u"call")
        return {S::Waiting, S::Postponed};
    if (action == u"recall" || action == u"start" || action == u"noShow")
        return {S::Called};
    if (action == u"finish")
        return {S::InService};
    if (action == u"postpone")
        return {S::Waiting, S::Called};
    if (action == u"cancel")
        return {S::Waiting, S::Called, S::Postponed};
    if (action == u"route")
        return {S::Waiting, S::InService, S::Postponed};
    if (action == u"requeue")
        return {S::Postponed};
    return {};
}

} // namespace

TEST_CASE("Visit: the full transition table, illegal moves refused and leave the visit as it was", "[visit]")
{
    int legal = 0;
    int illegal = 0;
    for (const Action &a : actions()) {
        for (StageState from : kAllStates) {
            const QString name = QString::fromLatin1(a.name);
            INFO(a.name << " from " << stageStateName(from).toStdString());
            Visit v = visitIn(from);
            const QString before = dump(v);
            const Status s = a.apply(v);
            if (legalFrom(name).contains(from)) {
                ++legal;
                CHECK(s.ok());
                CHECK(v.version == 2);
            } else {
                ++illegal;
                REQUIRE_FALSE(s.ok());
                CHECK(s.error().code == ErrorCode::InvalidTransition);
                // The message names the ticket and the state it is in.
                CHECK(s.error().message.contains(u"А-001"_s));
                CHECK(s.error().message.contains(stageStateName(from)));
                CHECK(dump(v) == before);
            }
        }
    }
    CHECK(legal == 15);
    CHECK(illegal == 9 * 8 - 15);
}

TEST_CASE("Visit: a representative set of illegal moves, spelled out", "[visit]")
{
    struct Case
    {
        StageState from;
        const char *action;
    };
    const Case cases[] = {
        {StageState::Waiting, "finish"},     // finish a waiting ticket
        {StageState::Done, "start"},         // start a done one
        {StageState::Waiting, "recall"},     // recall a waiting one
        {StageState::Cancelled, "call"},     // call a cancelled one
        {StageState::InService, "noShow"},   // no-show an in-service one
        {StageState::Called, "route"},       // route a called one (start serving first)
        {StageState::InService, "cancel"},   // cancel someone being served
        {StageState::Done, "route"},         // route a finished stage
        {StageState::Waiting, "requeue"},    // requeue what is already queued
        {StageState::InService, "postpone"}, // postpone someone being served
        {StageState::NoShow, "call"},        // a no-show is final for the stage
    };
    for (const Case &c : cases) {
        INFO(c.action << " from " << stageStateName(c.from).toStdString());
        const auto it = std::find_if(actions().cbegin(), actions().cend(),
                                     [&](const Action &a) { return qstrcmp(a.name, c.action) == 0; });
        REQUIRE(it != actions().cend());
        Visit v = visitIn(c.from);
        const QString before = dump(v);
        const Status s = it->apply(v);
        REQUIRE_FALSE(s.ok());
        CHECK(s.error().code == ErrorCode::InvalidTransition);
        CHECK(s.error().message.contains(u"ticket А-001"_s));
        CHECK(s.error().message.contains(u"it is "_s + stageStateName(c.from)));
        CHECK(dump(v) == before);
    }
}

TEST_CASE("Visit: a visit without stages refuses every move", "[visit]")
{
    for (const Action &a : actions()) {
        INFO(a.name);
        Visit v;
        v.id = 42;
        const Status s = a.apply(v);
        REQUIRE_FALSE(s.ok());
        CHECK(s.error().code == ErrorCode::InvalidTransition);
        CHECK(s.error().message.contains(u"42"_s));
        CHECK(v.stages.isEmpty());
        CHECK(v.version == 0);
    }
}

TEST_CASE("Visit: only the desk that called the ticket can act on it", "[visit]")
{
    const std::function<Status(Visit &)> byOtherDesk[] = {
        [](Visit &v) { return VisitTransitions::recall(v, kNow, kOtherDesk); },
        [](Visit &v) { return VisitTransitions::start(v, kNow, kOtherDesk); },
        [](Visit &v) { return VisitTransitions::noShow(v, kNow, kOtherDesk); },
    };
    for (const auto &f : byOtherDesk) {
        Visit v = visitIn(StageState::Called);
        const QString before = dump(v);
        const Status s = f(v);
        REQUIRE_FALSE(s.ok());
        CHECK(s.error().code == ErrorCode::Forbidden);
        CHECK(s.error().message.contains(u"А-001"_s));
        CHECK(dump(v) == before);
    }
    Visit v = visitIn(StageState::InService);
    const QString before = dump(v);
    const Status s = VisitTransitions::finish(v, kNow, kOtherDesk);
    REQUIRE_FALSE(s.ok());
    CHECK(s.error().code == ErrorCode::Forbidden);
    CHECK(dump(v) == before);
}

TEST_CASE("Visit: the happy path stamps each moment once", "[visit]")
{
    Visit v = visitIn(StageState::Waiting);
    REQUIRE(VisitTransitions::call(v, kCalled, kDesk, kStaff).ok());
    const Stage &s = v.stages.first();
    CHECK(s.state == StageState::Called);
    CHECK(s.calledAt == kCalled);
    CHECK(s.callCount == 1);
    CHECK(s.deskId == kDesk);
    CHECK(s.staffId == kStaff);
    REQUIRE(VisitTransitions::start(v, kStarted, kDesk).ok());
    CHECK(s.state == StageState::InService);
    CHECK(s.startedAt == kStarted);
    REQUIRE(VisitTransitions::finish(v, kNow, kDesk).ok());
    CHECK(s.state == StageState::Done);
    CHECK(s.finishedAt == kNow);
    CHECK(s.queuedAt == kQueued);
    CHECK(v.version == 4);
    CHECK_FALSE(v.isOpen());
    CHECK(v.contacts() == 1);
}

TEST_CASE("Visit: no-show and cancel close the stage with a time and a reason", "[visit]")
{
    Visit v = visitIn(StageState::Called);
    REQUIRE(VisitTransitions::noShow(v, kNow, kDesk).ok());
    CHECK(v.stages.first().state == StageState::NoShow);
    CHECK(v.stages.first().finishedAt == kNow);
    CHECK_FALSE(v.isOpen());
    CHECK(v.contacts() == 0);

    Visit w = visitIn(StageState::Waiting);
    REQUIRE(VisitTransitions::cancel(w, kNow, u"ушёл"_s).ok());
    CHECK(w.stages.first().state == StageState::Cancelled);
    CHECK(w.stages.first().finishedAt == kNow);
    CHECK(w.stages.first().note == u"ушёл"_s);
}

TEST_CASE("Visit: recall counts the calls and keeps the first call time", "[visit]")
{
    Visit v = visitIn(StageState::Called);
    REQUIRE(VisitTransitions::recall(v, kNow, kDesk).ok());
    REQUIRE(VisitTransitions::recall(v, kNow.addSecs(60), kDesk).ok());
    const Stage &s = v.stages.first();
    CHECK(s.callCount == 3);
    CHECK(s.calledAt == kCalled);
    CHECK(s.state == StageState::Called);
    CHECK(s.deskId == kDesk);
    CHECK(v.version == 3);
}

TEST_CASE("Visit: route closes the stage as transferred and opens a waiting one", "[visit]")
{
    Visit v = visitIn(StageState::InService);
    const QDate day = kMonday;
    const QString ticket = v.stages[0].ticket;
    const int number = v.stages[0].ticketNumber;
    REQUIRE_FALSE(ticket.isEmpty());
    REQUIRE(VisitTransitions::route(v, kNow, kOtherQueue, StageRole::Consultant, day, u"договор"_s).ok());
    REQUIRE(v.stages.size() == 2);
    const Stage &closed = v.stages[0];
    CHECK(closed.state == StageState::Transferred);
    CHECK(closed.finishedAt == kNow);
    CHECK(closed.note == u"договор"_s);
    CHECK(closed.startedAt == kStarted); // it was served: a contact
    const Stage &next = v.stages[1];
    CHECK(next.index == 1);
    CHECK(next.queueId == kOtherQueue);
    CHECK(next.role == StageRole::Consultant);
    // One visit, one ticket: the visitor is called at the next stage by the number they hold.
    CHECK(next.ticket == ticket);
    CHECK(next.ticketNumber == number);
    CHECK(next.serviceDate == day);
    CHECK(next.state == StageState::Waiting);
    CHECK(next.queuedAt == kNow);
    CHECK_FALSE(next.calledAt.isValid());
    CHECK(next.callCount == 0);
    CHECK(next.deskId == 0);
    CHECK(v.currentStage() == &v.stages.last());
    CHECK(v.isOpen());
    CHECK(v.version == 2);
}

TEST_CASE("Visit: reception cannot route a waiting ticket into the queue it already stands in", "[visit]")
{
    Visit v = visitIn(StageState::Waiting);
    const QString before = dump(v);
    const Status s = VisitTransitions::route(v, kNow, kQueue, StageRole::Administrator, kMonday, QString());
    REQUIRE_FALSE(s.ok());
    CHECK(s.error().code == ErrorCode::InvalidArgument);
    CHECK(dump(v) == before);
}

TEST_CASE("Visit: postpone then requeue keeps the place in time; a later call keeps the first call time",
          "[visit]")
{
    SECTION("postponed from the queue")
    {
        Visit v = visitIn(StageState::Waiting);
        REQUIRE(VisitTransitions::postpone(v, kNow, u"заполняет заявление"_s).ok());
        CHECK(v.stages.first().state == StageState::Postponed);
        CHECK(v.stages.first().note == u"заполняет заявление"_s);
        CHECK(v.isOpen());
        REQUIRE(VisitTransitions::requeue(v, kNow.addSecs(600)).ok());
        CHECK(v.stages.first().state == StageState::Waiting);
        CHECK(v.stages.first().queuedAt == kQueued);
    }
    SECTION("postponed after a call: the desk is released, the first call is remembered")
    {
        Visit v = visitIn(StageState::Called);
        REQUIRE(VisitTransitions::postpone(v, kNow, u"за документами"_s).ok());
        const Stage &s = v.stages.first();
        CHECK(s.state == StageState::Postponed);
        CHECK(s.deskId == 0);
        CHECK(s.staffId == 0);
        // Called again directly from postponed, by another desk.
        REQUIRE(VisitTransitions::call(v, kNow.addSecs(900), kOtherDesk, kStaff + 1).ok());
        CHECK(s.state == StageState::Called);
        CHECK(s.calledAt == kCalled);
        CHECK(s.callCount == 2);
        CHECK(s.deskId == kOtherDesk);
        CHECK(s.queuedAt == kQueued);
    }
}

TEST_CASE("Visit: contacts count the stages in which the visitor was served", "[visit]")
{
    Visit v = visitIn(StageState::InService);
    CHECK(v.contacts() == 1); // being served already counts
    REQUIRE(VisitTransitions::route(v, kNow, kOtherQueue, StageRole::Consultant, kMonday, {}).ok());
    CHECK(v.contacts() == 1);
    // Reception re-routes the waiting visitor to the cashier: no contact in the consultant stage.
    REQUIRE(VisitTransitions::route(v, kNow.addSecs(60), 3, StageRole::Cashier, kMonday, {}).ok());
    CHECK(v.contacts() == 1);
    const QDateTime t = kNow.addSecs(120);
    REQUIRE(VisitTransitions::call(v, t, 3, kStaff).ok());
    REQUIRE(VisitTransitions::start(v, t, 3).ok());
    REQUIRE(VisitTransitions::finish(v, t.addSecs(300), 3).ok());
    CHECK(v.contacts() == 2);
    CHECK(v.stages.size() == 3);
}

TEST_CASE("Visit: account numbers are 6–20 digits once spaces and dashes are removed", "[visit]")
{
    const auto valid = [](const QString &raw) {
        return validateAccountNumber(normaliseAccountNumber(raw)).ok();
    };
    CHECK(normaliseAccountNumber(u"12 34-56"_s) == u"123456"_s);
    CHECK(normaliseAccountNumber(u" 1-2 3 "_s) == u"123"_s);
    CHECK(valid(QString()));                 // not every visitor knows it
    CHECK(valid(u"123456"_s));               // 6
    CHECK(valid(u"12345678901234567890"_s)); // 20
    CHECK(valid(u"1234-5678 90"_s));
    CHECK(valid(u"000123"_s));                      // leading zeros are digits too
    CHECK_FALSE(valid(u"12345"_s));                 // 5
    CHECK_FALSE(valid(u"123456789012345678901"_s)); // 21
    CHECK_FALSE(valid(u"12345A"_s));
    CHECK_FALSE(valid(u"ЛС123456"_s));
    CHECK_FALSE(valid(u"123.456"_s));
    CHECK(valid(u"-- --"_s)); // only separators: empty after normalising, i.e. not given
    const Status bad = validateAccountNumber(u"12345A"_s);
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().code == ErrorCode::InvalidArgument);
}
