// The scripted day: a whole Monday (2026-11-23) of visits driven through the real oknoctl against
// a real okno-server, then the server's statistics are compared with what this test computes
// from its own timeline. Nothing here uses libs/core: the working-time arithmetic, the order
// statistics and the norms are written out again so that the two implementations check each other.
#include "ServerProcess.h"
#include "TestClients.h"
#include "TestTls.h"

#include <catch2/catch.hpp>

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTcpServer>
#include <QTemporaryDir>

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <numeric>
#include <random>
#include <set>

using namespace Qt::StringLiterals;

namespace {

// --- the day, in seconds since local (Europe/Moscow, UTC+3) midnight of Monday 2026-11-23

constexpr int kH = 3600;
constexpr int kM = 60;
constexpr int kOpens = 8 * kH;
constexpr int kLunchStart = 12 * kH;
constexpr int kLunchEnd = 13 * kH;
constexpr int kCloses = 17 * kH;
constexpr int kTicketCutoff = kCloses - 15 * kM;

// Working seconds between two instants of this one day: 08:00–12:00 and 13:00–17:00.
qint64 workingSecs(int from, int to)
{
    if (to <= from)
        return 0;
    const auto overlap = [&](int a, int b) { return std::max(0, std::min(to, b) - std::max(from, a)); };
    return overlap(kOpens, kLunchStart) + overlap(kLunchEnd, kCloses);
}

QString localIso(int t)
{
    return QString::asprintf("2026-11-23T%02d:%02d:%02d+03:00", t / kH, t / kM % 60, t % 60);
}

QString utcIso(int t) // as the server prints instants
{
    const int u = t - 3 * kH;
    return QString::asprintf("2026-11-23T%02d:%02d:%02d.000Z", u / kH, u / kM % 60, u % 60);
}

std::string hms(int t)
{
    return QString::asprintf("%02d:%02d:%02d", t / kH, t / kM % 60, t % 60).toStdString();
}

// --- roles, queues, desks of the demo centre

enum Role
{
    Admin = 0,
    Consult = 1,
    Cash = 2
};
const std::array<QString, 3> kRoleName{u"administrator"_s, u"consultant"_s, u"cashier"_s};
const std::array<QString, 3> kQueueCode{u"reception"_s, u"consult"_s, u"cash"_s};
const std::array<QString, 3> kPrefix{u"А-"_s, u"К-"_s, u"О-"_s};
constexpr std::array<int, 3> kWaitNormMin{10, 20, 20};   // Table 1
constexpr std::array<int, 3> kServiceNormMin{5, 15, 10}; // Table 1

struct Desk
{
    int number;
    QString login;
    Role role;
    int reaction;  // seconds from "someone is waiting" to pressing "call next"
    int lunchStop; // the desk makes no calls from here to `lunchResume`
    int lunchResume;
    int opensAt;         // the staff member arrives and opens the desk
    int breakAt = -1;    // a break (taken once the current visitor is done) …
    int breakLength = 0; // … of this many seconds
    bool open = false;
    bool onBreak = false;
    bool breakWanted = false;
    int busyWith = -1; // visitor index
    bool callPending = false;
};

// --- the plan of each visitor (decided up front) and what happened (recorded as it happens)

struct StagePlan
{
    bool noShow = false;
    int walk = 30;     // called → comes to the desk
    int service = 300; // started → finished (or routed on)
    int next = -1;     // role to route to afterwards; -1 = the visit ends here
};

struct Plan
{
    int arrival = 0;
    QString priority;
    QString account;
    std::array<StagePlan, 3> stage;
    int cancelAfter = -1;   // leaves if still waiting this long after arriving
    int postponeAfter = -1; // set aside by reception if still waiting …
    int requeueAfter = -1;  // … and put back this long after that
};

struct StageRec
{
    Role role;
    int queued = -1, called = -1, started = -1, finished = -1;
    QString state = u"waiting"_s;
};

struct Visitor
{
    Plan plan;
    qint64 id = 0;
    QString ticket; // the number on their paper: theirs at every stage
    QList<StageRec> stages;
    StageRec &cur() { return stages.last(); }
};

enum class Kind
{
    OpenDesk,
    Break,
    Resume,
    CloseDesks,
    Arrive,
    Call,
    Recall,
    Start,
    End,
    NoShow,
    Cancel,
    Postpone,
    Requeue,
    LunchRefusal,
    CutoffRefusal,
    ForbiddenNorms
};

struct Event
{
    Kind kind;
    int desk = -1;    // index into the desks
    int visitor = -1; // index into the visitors
};

// The deterministic schedule of arrivals and what each visitor will need.
QList<Plan> makePlans()
{
    std::mt19937 rng(20261123);
    const auto uni = [&](int a, int b) { return std::uniform_int_distribution<int>(a, b)(rng); };
    const auto chance = [&](int percent) { return uni(1, 100) <= percent; };

    const auto hm = [](int h, int m, int sec = 0) { return h * kH + m * kM + sec; };
    QList<int> arrivals;
    // The morning rush.
    arrivals += {hm(8, 1), hm(8, 2, 30), hm(8, 3, 10), hm(8, 5), hm(8, 6, 40), hm(8, 9), hm(8, 12)};
    // A second wave, while the first consultant is away.
    arrivals += {hm(9, 31), hm(9, 33), hm(9, 36), hm(9, 38), hm(9, 41)};
    // A long consultation before lunch (see below); two who wait through the lunch break.
    arrivals += {hm(11, 15), hm(11, 50), hm(11, 55)};
    // The last one.
    arrivals += hm(16, 30);
    while (arrivals.size() < 48) {
        // Between the rush and 11:40, or 13:00–16:15.
        const int t = uni(0, 200 * kM + 195 * kM);
        arrivals.append(t < 200 * kM ? 8 * kH + 20 * kM + t : kLunchEnd + (t - 200 * kM));
    }
    std::sort(arrivals.begin(), arrivals.end());

    QList<Plan> plans;
    for (int a : arrivals) {
        Plan p;
        p.arrival = a;
        if (const int r = uni(1, 100); r <= 12)
            p.priority = u"veteran"_s;
        else if (r <= 20)
            p.priority = u"disabled"_s;
        if (chance(40)) {
            QString digits;
            for (int i = 0; i < 10; ++i)
                digits += QChar(u'0' + uni(0, 9));
            // Written as people write it, sometimes: the server keeps digits only.
            p.account =
                chance(50) ? digits : digits.left(4) % u" "_s % digits.mid(4, 4) % u"-"_s % digits.mid(8);
        }
        for (int role = 0; role < 3; ++role) {
            StagePlan &s = p.stage[role];
            s.walk = uni(10, 90);
            s.noShow = chance(4);
        }
        p.stage[Admin].service = uni(60, 480);
        p.stage[Consult].service = uni(240, 1500);
        p.stage[Cash].service = uni(120, 900);
        const int r = uni(1, 100);
        p.stage[Admin].next = r <= 20 ? -1 : r <= 70 ? Consult : Cash;
        p.stage[Consult].next = chance(40) ? Cash : -1;
        // The afternoon's last visitors have short business: everything ends before 17:00.
        if (a >= 15 * kH + 45 * kM && p.stage[Admin].next == Consult)
            p.stage[Admin].next = Cash;
        if (a >= 16 * kH + 15 * kM)
            p.stage[Admin].next = -1;
        plans.append(p);
    }
    // A no-show at every stage role, a visitor who leaves, one who steps out for a document.
    plans[10].stage[Admin].noShow = true;
    plans[17].stage[Admin] = {false, 40, 200, Consult};
    plans[17].stage[Consult].noShow = true;
    plans[24].stage[Admin] = {false, 25, 150, Cash};
    plans[24].stage[Cash].noShow = true;
    plans[6].cancelAfter = 4 * kM;
    plans[6].stage[Admin].noShow = false;
    plans[5].postponeAfter = 1 * kM;
    plans[5].requeueAfter = 8 * kM;
    plans[5].stage[Admin].noShow = false;
    // A long consultation that runs into the lunch break: its service time excludes the break.
    Plan &longOne = *std::find_if(plans.begin(), plans.end(),
                                  [](const Plan &p) { return p.arrival == 11 * kH + 15 * kM; });
    longOne.priority = u"disabled"_s;
    longOne.stage[Admin] = {false, 20, 120, Consult};
    longOne.stage[Consult] = {false, 30, 35 * kM, -1};
    return plans;
}

// --- order statistics as the manager's report defines them

struct Expected
{
    int stages = 0, served = 0, noShows = 0, cancelled = 0;
    QList<qint64> waits, services;
};

void checkSummary(const QJsonObject &got, QList<qint64> d, int normMinutes, const std::string &what)
{
    INFO(what << ": " << QJsonDocument(got).toJson(QJsonDocument::Compact).toStdString());
    std::sort(d.begin(), d.end());
    const qsizetype n = d.size();
    CHECK(got.value(u"count"_s).toInt(-1) == n);
    if (n == 0)
        return;
    const qint64 sum = std::accumulate(d.cbegin(), d.cend(), qint64(0));
    const double mean = double(sum) / double(n);
    const double median = n % 2 ? double(d[n / 2]) : (double(d[n / 2 - 1]) + double(d[n / 2])) / 2.0;
    const qsizetype rank = (9 * n + 9) / 10; // ceil(0.9·n), in integers
    const qint64 p90 = d[rank - 1];
    const qint64 within =
        std::count_if(d.cbegin(), d.cend(), [&](qint64 x) { return x <= qint64(normMinutes) * 60; });
    CHECK(std::abs(got.value(u"mean"_s).toDouble() - mean) <= 1e-9);
    CHECK(got.value(u"median"_s).toDouble() == median);
    CHECK(got.value(u"p90"_s).toDouble() == double(p90));
    CHECK(got.value(u"max"_s).toDouble() == double(d.last()));
    CHECK(got.value(u"withinNorm"_s).toInt(-1) == within);
    CHECK(std::abs(got.value(u"withinNormShare"_s).toDouble() - double(within) / double(n)) <= 1e-12);
}

// --- oknoctl

class Ctl
{
public:
    explicit Ctl(const ServerProcess &s)
        : m_server(s)
    {}

    // Moves the frozen clock (only when it has to move).
    void at(int t)
    {
        if (t == m_clock)
            return;
        const CtlResult r = run(u"admin"_s, QString::fromLatin1(ServerProcess::kAdminPassword),
                                {u"clock"_s, u"set"_s, localIso(t)});
        INFO("clock set " << hms(t) << ": " << r.err.toStdString());
        INFO((r.exitCode != 0 ? serverState() : std::string()));
        REQUIRE(r.exitCode == 0);
        m_clock = t;
    }

    CtlResult run(const QString &user, const QString &password, const QStringList &args)
    {
        ++m_calls;
        return runCtl(m_server, user, password, args);
    }
    // A staff member's command with --json; the desk binds the session when given.
    CtlResult staff(const QString &login, int desk, const QStringList &args)
    {
        QStringList all;
        if (desk > 0)
            all += {u"--desk"_s, QString::number(desk)};
        all += u"--json"_s;
        return run(login, u"okno-demo"_s, all + args);
    }
    // The same, which must succeed; returns the parsed result.
    QJsonObject ok(const QString &login, int desk, const QStringList &args)
    {
        const CtlResult r = staff(login, desk, args);
        INFO(hms(m_clock) << " " << login.toStdString() << " " << args.join(u' ').toStdString() << " → exit "
                          << r.exitCode << "\nstdout: " << r.out.toStdString()
                          << "\nstderr: " << r.err.toStdString());
        INFO((r.exitCode != 0 ? serverState() : std::string()));
        REQUIRE(r.exitCode == 0);
        const QJsonObject o = r.json();
        REQUIRE(!o.isEmpty());
        return o;
    }
    int calls() const { return m_calls; }
    // For a failure message: is the server alive, and the end of what it printed.
    std::string serverState() const
    {
        return (m_server.isRunning() ? "the server is running" : "THE SERVER HAS EXITED") +
               std::string("; its log ends with:\n") + m_server.log().right(4000).toStdString();
    }

private:
    const ServerProcess &m_server;
    int m_clock = -1;
    int m_calls = 0;
};

QJsonObject lastStageOf(const QJsonObject &result)
{
    const QJsonArray stages = result.value(u"visit"_s).toObject().value(u"stages"_s).toArray();
    return stages.isEmpty() ? QJsonObject() : stages.last().toObject();
}

QString deskStateIn(const QJsonObject &result)
{
    return result.value(u"desk"_s).toObject().value(u"state"_s).toString();
}

qint64 visitIdIn(const QJsonObject &result)
{
    return qint64(result.value(u"visit"_s).toObject().value(u"id"_s).toDouble());
}

} // namespace

TEST_CASE("a scripted working day through oknoctl: the server's statistics match the timeline",
          "[oknoctl][day]")
{
    QElapsedTimer elapsed;
    elapsed.start();
    ServerProcess server{{u"--demo"_s}};
    server.setClock(QDateTime::fromString(localIso(7 * kH + 55 * kM), Qt::ISODate));
    if (!server.start())
        FAIL("okno-server did not start: " << server.log().toStdString());
    Ctl ctl(server);

    QList<Visitor> visitors;
    for (const Plan &p : makePlans())
        visitors.append(Visitor{p, 0, {}, {}});
    // Reception stops calling a quarter of an hour before lunch; the first consultant leaves for a
    // meeting at 09:50 and the second one comes only at 10:30 (the consultation queue grows);
    // the cashier takes a break in the afternoon.
    QList<Desk> desks{
        {1, u"admin1"_s, Admin, 15, 11 * kH + 45 * kM, 13 * kH + 10 * kM, kOpens},
        {2, u"consult1"_s, Consult, 20, kLunchStart, 13 * kH + 5 * kM, kOpens, 9 * kH + 50 * kM, 45 * kM},
        {3, u"consult2"_s, Consult, 35, kLunchStart, 13 * kH + 8 * kM, 10 * kH + 30 * kM},
        {4, u"cashier1"_s, Cash, 15, kLunchStart, 13 * kH + 2 * kM, kOpens, 15 * kH, 20 * kM}};
    std::array<std::set<int>, 3> waiting; // visitor indices waiting in each queue, as the test sees it
    QHash<qint64, int> byId;

    // The timeline: (time, insertion order) → event.
    std::map<std::pair<int, int>, Event> timeline;
    int seq = 0;
    const auto schedule = [&](int t, Event e) { timeline.emplace(std::pair{t, seq++}, e); };
    const auto scheduleCall = [&](int t, int desk) {
        desks[desk].callPending = true;
        schedule(t, {Kind::Call, desk});
    };
    // Someone has joined a queue: idle desks serving it will call.
    const auto poke = [&](Role role, int t) {
        for (int i = 0; i < desks.size(); ++i)
            if (desks[i].role == role && desks[i].open && !desks[i].onBreak && desks[i].busyWith < 0 &&
                !desks[i].callPending)
                scheduleCall(t + desks[i].reaction, i);
    };
    const auto takeBreak = [&](int t, int i) {
        Desk &d = desks[i];
        ctl.at(t);
        CHECK(deskStateIn(ctl.ok(d.login, d.number, {u"desk"_s, u"break"_s})) == u"break"_s);
        d.breakWanted = false;
        d.onBreak = true;
        schedule(t + d.breakLength, {Kind::Resume, i});
    };
    // The desk is free again: a break if one is due, else the next call.
    const auto deskFree = [&](int t, int i) {
        desks[i].busyWith = -1;
        if (desks[i].breakWanted)
            takeBreak(t, i);
        else
            scheduleCall(t + desks[i].reaction, i);
    };

    for (int i = 0; i < desks.size(); ++i) {
        schedule(desks[i].opensAt, {Kind::OpenDesk, i});
        if (desks[i].breakAt >= 0)
            schedule(desks[i].breakAt, {Kind::Break, i});
    }
    schedule(16 * kH + 58 * kM, {Kind::CloseDesks});
    for (int i = 0; i < visitors.size(); ++i) {
        const int t = visitors[i].plan.arrival;
        REQUIRE(((t > kOpens && t < kLunchStart) || (t >= kLunchEnd && t < kTicketCutoff)));
        schedule(t, {Kind::Arrive, -1, i});
    }
    schedule(10 * kH + 7 * kM, {Kind::ForbiddenNorms});
    schedule(12 * kH + 30 * kM, {Kind::LunchRefusal});
    schedule(kTicketCutoff, {Kind::CutoffRefusal}); // 16:45 sharp: no more tickets

    // What the test saw happen, for the coverage checks at the end.
    int priorityOvertakes = 0; // a priority visitor called while an earlier regular one waited
    int recalls = 0, breaks = 0, cancels = 0, postpones = 0, lunchServices = 0, lastAction = 0;

    const auto idOf = [&](int v) { return QString::number(visitors[v].id); };

    while (!timeline.empty()) {
        const auto [key, e] = *timeline.begin();
        timeline.erase(timeline.begin());
        const int t = key.first;
        Visitor *vis = e.visitor >= 0 ? &visitors[e.visitor] : nullptr;
        Desk *desk = e.desk >= 0 ? &desks[e.desk] : nullptr;
        switch (e.kind) {
        case Kind::OpenDesk:
            ctl.at(t);
            CHECK(deskStateIn(ctl.ok(desk->login, desk->number, {u"desk"_s, u"open"_s})) == u"open"_s);
            desk->open = true;
            poke(desk->role, t);
            break;
        case Kind::Break:
            if (desk->busyWith >= 0)
                desk->breakWanted = true; // after this visitor
            else
                takeBreak(t, e.desk);
            break;
        case Kind::Resume:
            ctl.at(t);
            CHECK(deskStateIn(ctl.ok(desk->login, desk->number, {u"desk"_s, u"resume"_s})) == u"open"_s);
            desk->onBreak = false;
            ++breaks;
            poke(desk->role, t);
            break;
        case Kind::CloseDesks:
            ctl.at(t);
            for (Desk &d : desks) {
                REQUIRE(d.busyWith < 0);
                CHECK(deskStateIn(ctl.ok(d.login, d.number, {u"desk"_s, u"close"_s})) == u"closed"_s);
                d.open = false;
            }
            break;
        case Kind::Arrive: {
            ctl.at(t);
            QStringList args{u"issue"_s, u"--queue"_s, kQueueCode[Admin]};
            if (!vis->plan.priority.isEmpty())
                args += {u"--priority"_s, vis->plan.priority};
            if (!vis->plan.account.isEmpty())
                args += {u"--account"_s, vis->plan.account};
            const QJsonObject r = ctl.ok(u"admin1"_s, 0, args);
            vis->id = visitIdIn(r);
            REQUIRE(vis->id > 0);
            REQUIRE(!byId.contains(vis->id));
            byId.insert(vis->id, e.visitor);
            const QJsonObject visit = r.value(u"visit"_s).toObject();
            const QJsonObject st = lastStageOf(r);
            CHECK(st.value(u"role"_s).toString() == kRoleName[Admin]);
            CHECK(st.value(u"state"_s).toString() == u"waiting"_s);
            CHECK(st.value(u"ticket"_s).toString().startsWith(kPrefix[Admin]));
            vis->ticket = st.value(u"ticket"_s).toString();
            CHECK(st.value(u"queuedAt"_s).toString() == utcIso(t));
            CHECK(visit.value(u"priority"_s).toString() == vis->plan.priority);
            QString digits = vis->plan.account;
            digits.remove(u' ').remove(u'-');
            CHECK(visit.value(u"accountNumber"_s).toString() == digits);
            vis->stages.append(StageRec{Admin, t});
            waiting[Admin].insert(e.visitor);
            poke(Admin, t);
            if (vis->plan.cancelAfter >= 0)
                schedule(t + vis->plan.cancelAfter, {Kind::Cancel, -1, e.visitor});
            if (vis->plan.postponeAfter >= 0)
                schedule(t + vis->plan.postponeAfter, {Kind::Postpone, -1, e.visitor});
            break;
        }
        case Kind::Call: {
            desk->callPending = false;
            REQUIRE(desk->busyWith < 0);
            if (!desk->open || desk->onBreak || waiting[desk->role].empty())
                break; // idle until someone comes (or the desk opens, or the break ends)
            if (t >= desk->lunchStop && t < desk->lunchResume) {
                scheduleCall(desk->lunchResume, e.desk);
                break;
            }
            INFO("desk " << desk->number << " would call at " << hms(t) << ": the day is over");
            REQUIRE(t < kCloses);
            ctl.at(t);
            const QJsonObject r = ctl.ok(desk->login, desk->number, {u"call-next"_s});
            const qint64 id = visitIdIn(r);
            INFO("desk " << desk->number << " called visit " << id << " at " << hms(t));
            REQUIRE(byId.contains(id));
            const int v = byId.value(id);
            REQUIRE(waiting[desk->role].count(v) == 1);
            const QJsonObject st = lastStageOf(r);
            CHECK(st.value(u"role"_s).toString() == kRoleName[desk->role]);
            CHECK(st.value(u"state"_s).toString() == u"called"_s);
            CHECK(st.value(u"ticket"_s).toString() == visitors[v].ticket); // called by the number they hold
            CHECK(st.value(u"calledAt"_s).toString() == utcIso(t));
            Visitor &called = visitors[v];
            if (!called.plan.priority.isEmpty())
                for (int other : waiting[desk->role])
                    if (visitors[other].plan.priority.isEmpty() &&
                        visitors[other].cur().queued < called.cur().queued) {
                        ++priorityOvertakes;
                        break;
                    }
            waiting[desk->role].erase(v);
            called.cur().called = t;
            called.cur().state = u"called"_s;
            desk->busyWith = v;
            const StagePlan &sp = called.plan.stage[desk->role];
            if (sp.noShow) {
                schedule(t + 60, {Kind::Recall, e.desk, v});
                schedule(t + 180, {Kind::NoShow, e.desk, v});
            } else {
                schedule(t + sp.walk, {Kind::Start, e.desk, v});
            }
            lastAction = t;
            break;
        }
        case Kind::Recall: {
            ctl.at(t);
            const QJsonObject r = ctl.ok(desk->login, desk->number, {u"recall"_s, idOf(e.visitor)});
            CHECK(lastStageOf(r).value(u"callCount"_s).toInt() == 2);
            CHECK(lastStageOf(r).value(u"calledAt"_s).toString() ==
                  utcIso(vis->cur().called)); // the first call counts
            ++recalls;
            break;
        }
        case Kind::NoShow: {
            ctl.at(t);
            const QJsonObject r = ctl.ok(desk->login, desk->number, {u"no-show"_s, idOf(e.visitor)});
            CHECK(lastStageOf(r).value(u"state"_s).toString() == u"no_show"_s);
            vis->cur().finished = t;
            vis->cur().state = u"no_show"_s;
            deskFree(t, e.desk);
            lastAction = t;
            break;
        }
        case Kind::Start: {
            ctl.at(t);
            const QJsonObject r = ctl.ok(desk->login, desk->number, {u"start"_s, idOf(e.visitor)});
            CHECK(lastStageOf(r).value(u"state"_s).toString() == u"in_service"_s);
            vis->cur().started = t;
            vis->cur().state = u"in_service"_s;
            schedule(t + vis->plan.stage[desk->role].service, {Kind::End, e.desk, e.visitor});
            lastAction = t;
            break;
        }
        case Kind::End: {
            ctl.at(t);
            const StagePlan &sp = vis->plan.stage[desk->role];
            StageRec &done = vis->cur();
            done.finished = t;
            if (done.started < kLunchStart && t > kLunchStart)
                ++lunchServices;
            if (sp.next < 0) {
                const QJsonObject r = ctl.ok(desk->login, desk->number, {u"finish"_s, idOf(e.visitor)});
                CHECK(lastStageOf(r).value(u"state"_s).toString() == u"done"_s);
                done.state = u"done"_s;
            } else {
                const Role next = Role(sp.next);
                const QJsonObject r = ctl.ok(desk->login, desk->number,
                                             {u"route"_s, idOf(e.visitor), u"--queue"_s, kQueueCode[next]});
                const QJsonArray stages = r.value(u"visit"_s).toObject().value(u"stages"_s).toArray();
                REQUIRE(stages.size() == vis->stages.size() + 1);
                CHECK(stages[stages.size() - 2].toObject().value(u"state"_s).toString() == u"transferred"_s);
                const QJsonObject st = stages.last().toObject();
                CHECK(st.value(u"role"_s).toString() == kRoleName[next]);
                CHECK(st.value(u"state"_s).toString() == u"waiting"_s);
                CHECK(st.value(u"ticket"_s).toString() == visitors[e.visitor].ticket);
                done.state = u"transferred"_s;
                vis->stages.append(StageRec{next, t});
                waiting[next].insert(e.visitor);
                poke(next, t);
            }
            deskFree(t, e.desk);
            lastAction = t;
            break;
        }
        case Kind::Cancel: {
            if (!waiting[vis->cur().role].count(e.visitor))
                break; // already called: they stayed after all
            ctl.at(t);
            const QJsonObject r = ctl.ok(
                u"admin1"_s, 0, {u"cancel"_s, idOf(e.visitor), u"--reason"_s, u"ушёл, не дождавшись"_s});
            CHECK(lastStageOf(r).value(u"state"_s).toString() == u"cancelled"_s);
            waiting[vis->cur().role].erase(e.visitor);
            vis->cur().finished = t;
            vis->cur().state = u"cancelled"_s;
            ++cancels;
            break;
        }
        case Kind::Postpone: {
            if (!waiting[vis->cur().role].count(e.visitor))
                break;
            ctl.at(t);
            const QJsonObject r = ctl.ok(
                u"admin1"_s, 0, {u"postpone"_s, idOf(e.visitor), u"--reason"_s, u"пошёл за документами"_s});
            CHECK(lastStageOf(r).value(u"state"_s).toString() == u"postponed"_s);
            waiting[vis->cur().role].erase(e.visitor);
            vis->cur().state = u"postponed"_s;
            schedule(t + vis->plan.requeueAfter, {Kind::Requeue, -1, e.visitor});
            ++postpones;
            break;
        }
        case Kind::Requeue: {
            ctl.at(t);
            const QJsonObject r = ctl.ok(u"admin1"_s, 0, {u"requeue"_s, idOf(e.visitor)});
            const QJsonObject st = lastStageOf(r);
            CHECK(st.value(u"state"_s).toString() == u"waiting"_s);
            CHECK(st.value(u"queuedAt"_s).toString() == utcIso(vis->cur().queued)); // keeps its place in time
            vis->cur().state = u"waiting"_s;
            waiting[vis->cur().role].insert(e.visitor);
            poke(vis->cur().role, t);
            break;
        }
        case Kind::LunchRefusal: {
            ctl.at(t);
            const CtlResult r = ctl.staff(u"admin1"_s, 0, {u"issue"_s, u"--queue"_s, kQueueCode[Admin]});
            INFO("issue at lunch: " << r.out.toStdString() << " / " << r.err.toStdString());
            CHECK(r.exitCode == 1);
            CHECK(r.err.contains(u"centre_closed"_s));
            CHECK(r.err.contains(u"lunch"_s));
            const QJsonObject o = r.json();
            CHECK(o.value(u"ok"_s) == QJsonValue(false));
            CHECK(o.value(u"error"_s).toObject().value(u"code"_s).toString() == u"centre_closed"_s);
            // Nobody can be called during the break either, though people are waiting.
            const CtlResult call = ctl.staff(u"admin1"_s, 1, {u"call-next"_s});
            CHECK(call.exitCode == 1);
            CHECK(call.json().value(u"error"_s).toObject().value(u"code"_s).toString() == u"centre_closed"_s);
            break;
        }
        case Kind::CutoffRefusal: {
            ctl.at(t);
            const CtlResult r = ctl.staff(u"admin1"_s, 0, {u"issue"_s, u"--queue"_s, kQueueCode[Admin]});
            INFO("issue after the cut-off: " << r.out.toStdString() << " / " << r.err.toStdString());
            CHECK(r.exitCode == 1);
            CHECK(r.err.contains(u"centre_closed"_s));
            CHECK(r.json().value(u"error"_s).toObject().value(u"code"_s).toString() == u"centre_closed"_s);
            break;
        }
        case Kind::ForbiddenNorms: {
            ctl.at(t);
            const CtlResult r =
                ctl.staff(u"consult1"_s, 0, {u"norms"_s, u"set"_s, u"consultant"_s, u"60"_s, u"30"_s});
            INFO("norms set by a consultant: " << r.out.toStdString() << " / " << r.err.toStdString());
            CHECK(r.exitCode == 1);
            CHECK(r.err.contains(u"forbidden"_s));
            const QJsonObject o = r.json();
            CHECK(o.value(u"ok"_s) == QJsonValue(false));
            CHECK(o.value(u"error"_s).toObject().value(u"code"_s).toString() == u"forbidden"_s);
            break;
        }
        }
    }

    // --- the end of the day: nobody waits, nobody is being served.
    REQUIRE(lastAction < kCloses);
    for (const auto &w : waiting)
        CHECK(w.empty());
    for (const Desk &d : desks)
        CHECK(d.busyWith < 0);
    const QJsonObject status = ctl.ok(u"manager"_s, 0, {u"status"_s});
    for (const auto &qv : status.value(u"queues"_s).toArray()) {
        const QJsonObject q = qv.toObject();
        INFO("queue " << q.value(u"queue"_s).toObject().value(u"code"_s).toString().toStdString());
        CHECK(q.value(u"waiting"_s).toInt(-1) == 0);
        CHECK(q.value(u"postponed"_s).toInt(-1) == 0);
    }
    CHECK(status.value(u"visits"_s).toArray().isEmpty());
    for (const auto &dv : status.value(u"desks"_s).toArray())
        CHECK(dv.toObject().value(u"state"_s).toString() == u"closed"_s);

    // The visits that waited through lunch: 11:50 → 13:10 is 20 minutes of working time, and the
    // server's own record of the first one has exactly the times the test set.
    int lunchWaits = 0;
    for (const Visitor &v : visitors)
        for (const StageRec &s : v.stages)
            if (s.called >= 0 && s.queued < kLunchStart && s.called >= kLunchEnd)
                ++lunchWaits;
    {
        const Visitor &first = *std::find_if(visitors.cbegin(), visitors.cend(), [](const Visitor &v) {
            return v.plan.arrival == 11 * kH + 50 * kM;
        });
        const QJsonObject r = ctl.ok(u"admin1"_s, 0, {u"visit"_s, QString::number(first.id)});
        const QJsonArray stages = r.value(u"visit"_s).toObject().value(u"stages"_s).toArray();
        REQUIRE(stages.size() == first.stages.size());
        for (int i = 0; i < stages.size(); ++i) {
            const QJsonObject s = stages[i].toObject();
            const StageRec &mine = first.stages[i];
            INFO("stage " << i);
            CHECK(s.value(u"role"_s).toString() == kRoleName[mine.role]);
            CHECK(s.value(u"state"_s).toString() == mine.state);
            CHECK(s.value(u"queuedAt"_s).toString() == utcIso(mine.queued));
            CHECK(s.value(u"calledAt"_s).toString() == (mine.called >= 0 ? utcIso(mine.called) : QString()));
            CHECK(s.value(u"startedAt"_s).toString() ==
                  (mine.started >= 0 ? utcIso(mine.started) : QString()));
            CHECK(s.value(u"finishedAt"_s).toString() ==
                  (mine.finished >= 0 ? utcIso(mine.finished) : QString()));
        }
        CHECK(first.stages[0].called == 13 * kH + 10 * kM);
    }

    // --- what the statistics must say, computed from the test's own timeline
    std::array<Expected, 3> expected;
    for (const Visitor &v : visitors) {
        for (const StageRec &s : v.stages) {
            Expected &x = expected[s.role];
            ++x.stages;
            if (s.state == u"no_show"_s)
                ++x.noShows;
            if (s.state == u"cancelled"_s)
                ++x.cancelled;
            if (s.called >= 0)
                x.waits.append(workingSecs(s.queued, s.called));
            if (s.started >= 0 && s.finished >= 0) {
                ++x.served;
                x.services.append(workingSecs(s.started, s.finished));
            }
        }
    }

    const QJsonObject stats =
        ctl.ok(u"manager"_s, 0, {u"stats"_s, u"--from"_s, u"2026-11-23"_s, u"--to"_s, u"2026-11-23"_s});
    QHash<QString, QJsonObject> byRole;
    for (const auto &rv : stats.value(u"roles"_s).toArray())
        byRole.insert(rv.toObject().value(u"role"_s).toString(), rv.toObject());

    QString summary =
        u"%1 visits, %2 oknoctl calls in %3 s; priority overtakes %4, recalls %5, cancels %6, postpones %7, "
        "waits through lunch %8, services across lunch %9, last action %10"_s.arg(visitors.size())
            .arg(ctl.calls())
            .arg(double(elapsed.elapsed()) / 1000.0, 0, 'f', 1)
            .arg(priorityOvertakes)
            .arg(recalls)
            .arg(cancels)
            .arg(postpones)
            .arg(lunchWaits)
            .arg(lunchServices)
            .arg(QString::fromStdString(hms(lastAction)));
    for (int role = 0; role < 3; ++role) {
        const Expected &x = expected[role];
        summary += u"\n  %1: stages %2 served %3 no-shows %4 cancelled %5 waits %6 services %7"_s
                       .arg(kRoleName[role])
                       .arg(x.stages)
                       .arg(x.served)
                       .arg(x.noShows)
                       .arg(x.cancelled)
                       .arg(x.waits.size())
                       .arg(x.services.size());
    }
    INFO(summary.toStdString());
    INFO("stats: " << QJsonDocument(stats).toJson(QJsonDocument::Compact).toStdString());

    REQUIRE(byRole.size() == 3);
    for (int role = 0; role < 3; ++role) {
        const Expected &x = expected[role];
        const QJsonObject got = byRole.value(kRoleName[role]);
        const std::string name = kRoleName[role].toStdString();
        INFO(name);
        CHECK(got.value(u"stages"_s).toInt(-1) == x.stages);
        CHECK(got.value(u"served"_s).toInt(-1) == x.served);
        CHECK(got.value(u"noShows"_s).toInt(-1) == x.noShows);
        CHECK(got.value(u"cancelled"_s).toInt(-1) == x.cancelled);
        // The consultant could not change the norms: still Table 1.
        CHECK(got.value(u"norm"_s).toObject().value(u"waitMinutes"_s).toInt() == kWaitNormMin[role]);
        CHECK(got.value(u"norm"_s).toObject().value(u"serviceMinutes"_s).toInt() == kServiceNormMin[role]);
        checkSummary(got.value(u"wait"_s).toObject(), x.waits, kWaitNormMin[role], name + " wait");
        checkSummary(got.value(u"service"_s).toObject(), x.services, kServiceNormMin[role],
                     name + " service");
    }

    // The day really had what it claims to have.
    CHECK(visitors.size() >= 36);
    for (const Expected &x : expected) {
        CHECK(x.noShows >= 1);
        CHECK(x.served >= 5);
    }
    const auto someOverNorm = [&](int role) {
        return std::any_of(expected[role].waits.cbegin(), expected[role].waits.cend(),
                           [&](qint64 w) { return w > kWaitNormMin[role] * 60; });
    };
    // Some waits beyond the norm (and others within it), so the share is a real test.
    CHECK(someOverNorm(Admin));
    CHECK(someOverNorm(Consult));
    CHECK(lunchServices >= 1);
    CHECK(priorityOvertakes >= 1);
    CHECK(recalls == expected[Admin].noShows + expected[Consult].noShows + expected[Cash].noShows);
    CHECK(cancels == 1);
    CHECK(postpones == 1);
    CHECK(breaks == 2);
    CHECK(lunchWaits >= 2);
}

namespace {

// The system administrator's oknoctl, with --json.
CtlResult adminCtl(const ServerProcess &server, const QStringList &args)
{
    return runCtl(server, u"admin"_s, QString::fromLatin1(ServerProcess::kAdminPassword),
                  QStringList{u"--json"_s} + args);
}

QJsonObject adminOk(const ServerProcess &server, const QStringList &args)
{
    const CtlResult r = adminCtl(server, args);
    INFO("oknoctl " << args.join(u' ').toStdString() << " → exit " << r.exitCode
                    << "\nstdout: " << r.out.toStdString() << "\nstderr: " << r.err.toStdString());
    REQUIRE(r.exitCode == 0);
    return r.json();
}

QJsonObject centreShown(const ServerProcess &server, qint64 id)
{
    return adminOk(server, {u"centre"_s, u"show"_s, QString::number(id)}).value(u"centre"_s).toObject();
}

// The week as "1 08:00-17:00 12:00-13:00" lines, one per day, "7 closed" for a day off.
QStringList weekOf(const QJsonObject &centre)
{
    QStringList out;
    for (const auto &dv : centre.value(u"schedule"_s).toObject().value(u"week"_s).toArray()) {
        const QJsonObject d = dv.toObject();
        QString line = QString::number(d.value(u"day"_s).toInt());
        if (!d.value(u"open"_s).toBool()) {
            out.append(line + u" closed"_s);
            continue;
        }
        line += u' ' + d.value(u"opens"_s).toString() + u'-' + d.value(u"closes"_s).toString();
        if (d.value(u"lunchStart"_s).isString())
            line += u' ' + d.value(u"lunchStart"_s).toString() + u'-' + d.value(u"lunchEnd"_s).toString();
        out.append(line);
    }
    out.sort();
    return out;
}

} // namespace

TEST_CASE("oknoctl centre create makes a whole centre, with the standard schedule unless told otherwise",
          "[oknoctl][centre]")
{
    ServerProcess server;
    REQUIRE(server.start());

    const QJsonObject created =
        adminOk(server, {u"centre"_s, u"create"_s, u"--code"_s, u"RUZ-1"_s, u"--name"_s, u"ЦОК Рузаевка"_s,
                         u"--address"_s, u"ул. Ленина, 5"_s, u"--phone"_s, u"8 800 100-00-00"_s});
    const qint64 id = qint64(created.value(u"centre"_s).toObject().value(u"id"_s).toDouble());
    REQUIRE(id > 0);
    QJsonObject c = centreShown(server, id);
    CHECK(c.value(u"code"_s) == u"RUZ-1"_s);
    CHECK(c.value(u"name"_s) == u"ЦОК Рузаевка"_s);
    CHECK(c.value(u"address"_s) == u"ул. Ленина, 5"_s);
    CHECK(c.value(u"phone"_s) == u"8 800 100-00-00"_s);
    CHECK(c.value(u"active"_s) == QJsonValue(true));
    QJsonObject schedule = c.value(u"schedule"_s).toObject();
    CHECK(schedule.value(u"timeZone"_s) == u"Europe/Moscow"_s);
    CHECK(schedule.value(u"cutoffMinutes"_s).toInt() == 15);
    CHECK(weekOf(c) == QStringList{u"1 08:00-17:00 12:00-13:00"_s, u"2 08:00-17:00 12:00-13:00"_s,
                                   u"3 08:00-17:00 12:00-13:00"_s, u"4 08:00-17:00 12:00-13:00"_s,
                                   u"5 08:00-17:00 12:00-13:00"_s, u"6 closed"_s, u"7 closed"_s});
    const QJsonObject norms = c.value(u"norms"_s).toObject();
    const auto norm = [&](const QString &role) {
        const QJsonObject n = norms.value(role).toObject();
        return QPair<int, int>(n.value(u"waitMinutes"_s).toInt(), n.value(u"serviceMinutes"_s).toInt());
    };
    CHECK(norm(u"administrator"_s) == QPair<int, int>(10, 5)); // Table 1
    CHECK(norm(u"consultant"_s) == QPair<int, int>(20, 15));
    CHECK(norm(u"cashier"_s) == QPair<int, int>(20, 10));
    CHECK(c.value(u"policy"_s).toObject().value(u"maxPriorityInRow"_s).toInt() == 3);
    CHECK(c.value(u"policy"_s).toObject().value(u"maxRegularWaitMinutes"_s).toInt() == 30);
    CHECK(!c.value(u"priorityCategories"_s).toArray().isEmpty());
    CHECK(!c.value(u"topics"_s).toArray().isEmpty());

    // Every option of create.
    const QJsonObject other = adminOk(server, {u"centre"_s,
                                               u"create"_s,
                                               u"--code"_s,
                                               u"EKB-1"_s,
                                               u"--name"_s,
                                               u"ЦОК Екатеринбург"_s,
                                               u"--tz"_s,
                                               u"Asia/Yekaterinburg"_s,
                                               u"--cutoff"_s,
                                               u"30"_s,
                                               u"--days"_s,
                                               u"1-4,6"_s,
                                               u"--opens"_s,
                                               u"09:00"_s,
                                               u"--closes"_s,
                                               u"18:00"_s,
                                               u"--lunch-start"_s,
                                               u"13:00"_s,
                                               u"--lunch-end"_s,
                                               u"13:45"_s,
                                               u"--max-priority-in-row"_s,
                                               u"2"_s,
                                               u"--max-regular-wait"_s,
                                               u"25"_s});
    const qint64 ekb = qint64(other.value(u"centre"_s).toObject().value(u"id"_s).toDouble());
    c = centreShown(server, ekb);
    CHECK(c.value(u"name"_s) == u"ЦОК Екатеринбург"_s);
    CHECK(c.value(u"address"_s) == u""_s);
    schedule = c.value(u"schedule"_s).toObject();
    CHECK(schedule.value(u"timeZone"_s) == u"Asia/Yekaterinburg"_s);
    CHECK(schedule.value(u"cutoffMinutes"_s).toInt() == 30);
    CHECK(weekOf(c) == QStringList{u"1 09:00-18:00 13:00-13:45"_s, u"2 09:00-18:00 13:00-13:45"_s,
                                   u"3 09:00-18:00 13:00-13:45"_s, u"4 09:00-18:00 13:00-13:45"_s,
                                   u"5 closed"_s, u"6 09:00-18:00 13:00-13:45"_s, u"7 closed"_s});
    CHECK(c.value(u"policy"_s).toObject().value(u"maxPriorityInRow"_s).toInt() == 2);
    CHECK(c.value(u"policy"_s).toObject().value(u"maxRegularWaitMinutes"_s).toInt() == 25);

    // Without lunch.
    const QJsonObject noLunch = adminOk(server, {u"centre"_s, u"create"_s, u"--code"_s, u"NL-1"_s,
                                                 u"--name"_s, u"Без обеда"_s, u"--no-lunch"_s});
    CHECK(weekOf(centreShown(server, qint64(noLunch.value(u"centre"_s).toObject().value(u"id"_s).toDouble())))
              .first() == u"1 08:00-17:00"_s);

    // All of them in the list.
    QStringList codes;
    for (const auto &cv : adminOk(server, {u"centre"_s, u"list"_s}).value(u"centres"_s).toArray())
        codes.append(cv.toObject().value(u"code"_s).toString());
    CHECK(codes.contains(u"RUZ-1"_s));
    CHECK(codes.contains(u"EKB-1"_s));
    CHECK(codes.contains(u"NL-1"_s));

    // Mistakes are refused plainly, before anything is sent.
    CtlResult r = adminCtl(server, {u"centre"_s, u"create"_s, u"--name"_s, u"Без кода"_s});
    CHECK(r.exitCode == 2);
    CHECK(r.err.contains(u"--code is required"_s));
    r = adminCtl(server, {u"centre"_s, u"create"_s, u"--code"_s, u"X-1"_s, u"--name"_s, u"X"_s, u"--tz"_s,
                          u"Mars/Olympus"_s});
    CHECK(r.exitCode == 2);
    CHECK(r.err.contains(u"Mars/Olympus"_s));
    r = adminCtl(server, {u"centre"_s, u"create"_s, u"--code"_s, u"X-1"_s, u"--name"_s, u"X"_s, u"--colour"_s,
                          u"red"_s});
    CHECK(r.exitCode == 2);
    CHECK(r.err.contains(u"--colour"_s));
    r = adminCtl(server, {u"centre"_s, u"create"_s, u"--code"_s, u"X-1"_s, u"--name"_s, u"X"_s, u"--days"_s,
                          u"1-9"_s});
    CHECK(r.exitCode == 2);
    CHECK(r.err.contains(u"--days"_s));
    // The server's own rules still apply (closing before opening).
    r = adminCtl(server, {u"centre"_s, u"create"_s, u"--code"_s, u"X-1"_s, u"--name"_s, u"X"_s, u"--opens"_s,
                          u"18:00"_s, u"--closes"_s, u"09:00"_s, u"--no-lunch"_s});
    CHECK(r.exitCode != 0);
    codes.clear();
    for (const auto &cv : adminOk(server, {u"centre"_s, u"list"_s}).value(u"centres"_s).toArray())
        codes.append(cv.toObject().value(u"code"_s).toString());
    CHECK_FALSE(codes.contains(u"X-1"_s));
}

TEST_CASE("oknoctl centre set changes every option it takes, and nothing else", "[oknoctl][centre]")
{
    // The centre the server creates on its first start, with the standard schedule.
    ServerProcess server;
    REQUIRE(server.start());
    const qint64 id = 1;
    const QString idText = QString::number(id);
    const QJsonObject before = centreShown(server, id);

    adminOk(server,
            {u"centre"_s, u"set"_s, idText, u"--tz"_s, u"Asia/Yekaterinburg"_s, u"--cutoff"_s, u"40"_s});
    QJsonObject c = centreShown(server, id);
    CHECK(c.value(u"schedule"_s).toObject().value(u"timeZone"_s) == u"Asia/Yekaterinburg"_s);
    CHECK(c.value(u"schedule"_s).toObject().value(u"cutoffMinutes"_s).toInt() == 40);
    // Nothing else moved.
    QJsonObject expected = before;
    QJsonObject schedule = expected.value(u"schedule"_s).toObject();
    schedule.insert(u"timeZone"_s, u"Asia/Yekaterinburg"_s);
    schedule.insert(u"cutoffMinutes"_s, 40);
    expected.insert(u"schedule"_s, schedule);
    CHECK(c == expected);

    adminOk(server, {u"centre"_s, u"set"_s, idText, u"--name"_s, u"ЦОК Саранск-2"_s, u"--address"_s,
                     u"пр. Ленина, 2"_s, u"--phone"_s, u"8 800 200-00-00"_s, u"--code"_s, u"SET-2"_s,
                     u"--max-priority-in-row"_s, u"4"_s, u"--max-regular-wait"_s, u"45"_s});
    c = centreShown(server, id);
    CHECK(c.value(u"name"_s) == u"ЦОК Саранск-2"_s);
    CHECK(c.value(u"address"_s) == u"пр. Ленина, 2"_s);
    CHECK(c.value(u"phone"_s) == u"8 800 200-00-00"_s);
    CHECK(c.value(u"code"_s) == u"SET-2"_s);
    CHECK(c.value(u"policy"_s).toObject().value(u"maxPriorityInRow"_s).toInt() == 4);
    CHECK(c.value(u"policy"_s).toObject().value(u"maxRegularWaitMinutes"_s).toInt() == 45);
    CHECK(c.value(u"schedule"_s).toObject().value(u"timeZone"_s) == u"Asia/Yekaterinburg"_s);

    // Hours: the open days keep being the open days unless --days says otherwise.
    adminOk(server, {u"centre"_s, u"set"_s, idText, u"--opens"_s, u"09:00"_s, u"--closes"_s, u"18:00"_s});
    CHECK(weekOf(centreShown(server, id)) ==
          QStringList{u"1 09:00-18:00 12:00-13:00"_s, u"2 09:00-18:00 12:00-13:00"_s,
                      u"3 09:00-18:00 12:00-13:00"_s, u"4 09:00-18:00 12:00-13:00"_s,
                      u"5 09:00-18:00 12:00-13:00"_s, u"6 closed"_s, u"7 closed"_s});
    adminOk(server, {u"centre"_s, u"set"_s, idText, u"--days"_s, u"2-6"_s, u"--no-lunch"_s});
    CHECK(weekOf(centreShown(server, id)) ==
          QStringList{u"1 closed"_s, u"2 09:00-18:00"_s, u"3 09:00-18:00"_s, u"4 09:00-18:00"_s,
                      u"5 09:00-18:00"_s, u"6 08:00-17:00"_s, u"7 closed"_s});

    // What it does not take is refused, and nothing changes.
    const QJsonObject settled = centreShown(server, id);
    CtlResult r = adminCtl(server, {u"centre"_s, u"set"_s, idText, u"--tz"_s, u"Nowhere/Land"_s});
    CHECK(r.exitCode == 2);
    CHECK(r.err.contains(u"Nowhere/Land"_s));
    r = adminCtl(server, {u"centre"_s, u"set"_s, idText, u"--cutoff"_s, u"500"_s});
    CHECK(r.exitCode == 2);
    CHECK(r.err.contains(u"--cutoff"_s));
    r = adminCtl(server, {u"centre"_s, u"set"_s, idText, u"--timezone"_s, u"Europe/Moscow"_s});
    CHECK(r.exitCode == 2);
    CHECK(r.err.contains(u"--timezone"_s));
    r = adminCtl(server, {u"centre"_s, u"set"_s, idText});
    CHECK(r.exitCode == 2);
    r = adminCtl(server, {u"centre"_s, u"set"_s, u"9999"_s, u"--name"_s, u"X"_s});
    CHECK(r.exitCode == 1);
    CHECK(centreShown(server, id) == settled);
}

TEST_CASE("oknoctl takes no password on its command line: a file, standard input or the environment",
          "[oknoctl][security]")
{
    ServerProcess server;
    REQUIRE(server.start());
    const QString admin = QString::fromLatin1(ServerProcess::kAdminPassword);
    // oknoctl as an operator types it: `env` extra variables, `input` on standard input.
    const auto ctl = [&](const QStringList &args, const QHash<QString, QString> &envVars,
                         const QByteArray &input) {
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(u"OKNO_PASSWORD"_s);
        if (testtls::enabled())
            env.insert(u"OKNO_TLS_CA"_s, testtls::certificates().caFile);
        for (auto it = envVars.cbegin(); it != envVars.cend(); ++it)
            env.insert(it.key(), it.value());
        p.setProcessEnvironment(env);
        p.start(ServerProcess::ctlBinary(), QStringList{u"--port"_s, QString::number(server.port())} + args);
        REQUIRE(p.waitForStarted());
        p.write(input);
        p.closeWriteChannel();
        REQUIRE(p.waitForFinished(60000));
        const CtlResult r{p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()),
                          QString::fromUtf8(p.readAllStandardError())};
        checkNoSanitizerReport(u"oknoctl"_s, r.err);
        return r;
    };
    const QStringList addCarol{u"--user"_s, u"admin"_s,         u"--centre"_s, u"1"_s,
                               u"staff"_s,  u"add"_s,           u"--login"_s,  u"carol"_s,
                               u"--name"_s, u"Карпова Ольга"_s, u"--role"_s,   u"consultant"_s};

    // The login's password on the command line: refused, saying what to use instead; nothing done.
    CtlResult r = ctl({u"--user"_s, u"admin"_s, u"--password"_s, admin, u"status"_s}, {}, {});
    CHECK(r.exitCode != 0);
    CHECK(r.err.contains(u"--password is not taken"_s));
    CHECK(r.err.contains(u"--password-file"_s));
    // A new account's password on the command line: refused too, and no account is made.
    r = ctl(addCarol + QStringList{u"--password"_s, u"Lavender-hills-26"_s}, {{u"OKNO_PASSWORD"_s, admin}},
            {});
    CHECK(r.exitCode != 0);
    CHECK(r.err.contains(u"--password is not taken"_s));
    SyncClient probe;
    CHECK_FALSE(probe.login(server.port(), u"carol"_s, u"Lavender-hills-26"_s));

    // The login's password from standard input, the new one from a file.
    QTemporaryDir dir;
    QFile secret(dir.filePath(u"carol"_s));
    REQUIRE(secret.open(QIODevice::WriteOnly));
    secret.write("Lavender-hills-26\n");
    secret.close();
    r = ctl(QStringList{u"--password-file"_s, u"-"_s} + addCarol +
                QStringList{u"--password-file"_s, secret.fileName()},
            {}, admin.toUtf8() + '\n');
    // (--password-file before the command words is the login's; after them, the new account's.)
    INFO(r.err.toStdString());
    REQUIRE(r.exitCode == 0);
    SyncClient carol;
    CHECK(carol.login(server.port(), u"carol"_s, u"Lavender-hills-26"_s));
    const qint64 id = r.out.section(u' ', -1).trimmed().toLongLong();
    REQUIRE(id > 0);

    // A new password from standard input, then from the environment.
    r = ctl(
        {u"--user"_s, u"admin"_s, u"staff"_s, u"passwd"_s, QString::number(id), u"--password-file"_s, u"-"_s},
        {{u"OKNO_PASSWORD"_s, admin}}, "Maple-stdin-2026\n");
    INFO(r.err.toStdString());
    REQUIRE(r.exitCode == 0);
    SyncClient again;
    CHECK(again.login(server.port(), u"carol"_s, u"Maple-stdin-2026"_s));
    r = ctl({u"--user"_s, u"admin"_s, u"staff"_s, u"passwd"_s, QString::number(id)},
            {{u"OKNO_PASSWORD"_s, admin}, {u"OKNO_NEW_PASSWORD"_s, u"Maple-env-2026"_s}}, {});
    INFO(r.err.toStdString());
    REQUIRE(r.exitCode == 0);
    SyncClient third;
    CHECK(third.login(server.port(), u"carol"_s, u"Maple-env-2026"_s));
    // No new password at all: said plainly.
    r = ctl({u"--user"_s, u"admin"_s, u"staff"_s, u"passwd"_s, QString::number(id)},
            {{u"OKNO_PASSWORD"_s, admin}}, {});
    CHECK(r.exitCode != 0);
    CHECK(r.err.contains(u"the new password is missing"_s));
}

TEST_CASE("oknoctl given the server nodes as a list uses the one that answers", "[oknoctl][failover]")
{
    ServerProcess server;
    INFO(server.log().toStdString());
    REQUIRE(server.start());
    const QString admin = QString::fromLatin1(ServerProcess::kAdminPassword);
    const QString live = QString::number(server.port());
    // A node that is down: a loopback port nobody listens on.
    const QString dead = [] {
        QTcpServer probe;
        REQUIRE(probe.listen(QHostAddress::LocalHost));
        return QString::number(probe.serverPort());
    }();

    // The dead node first: passed over (well within the timeout, which would say "cannot reach").
    QElapsedTimer clock;
    clock.start();
    CtlResult r = runCtl(server, u"admin"_s, admin,
                         {u"--host"_s, u"127.0.0.1:"_s % dead % u",127.0.0.1:"_s % live, u"--timeout"_s,
                          u"10"_s, u"staff"_s, u"list"_s});
    INFO(r.err.toStdString());
    CHECK(r.exitCode == 0);
    CHECK(r.out.contains(u"admin"_s));
    CHECK(clock.elapsed() < 5000);
    // A host without a port is on --port (runCtl gives the live one); in $OKNO_HOST too.
    r = runCtl(server, u"admin"_s, admin,
               {u"--host"_s, u"127.0.0.1:"_s % dead % u", 127.0.0.1"_s, u"--timeout"_s, u"10"_s, u"ping"_s});
    CHECK(r.exitCode == 0);
    CHECK(r.out.contains(u"server time"_s));
    qputenv("OKNO_HOST", QString(u"127.0.0.1:"_s % dead % u",127.0.0.1:"_s % live).toUtf8());
    r = runCtl(server, u"admin"_s, admin, {u"--timeout"_s, u"10"_s, u"ping"_s});
    qunsetenv("OKNO_HOST");
    CHECK(r.exitCode == 0);

    // Every node down: exit 3, naming them all.
    r = runCtl(
        server, u"admin"_s, admin,
        {u"--host"_s, u"127.0.0.1:"_s % dead % u",localhost:"_s % dead, u"--timeout"_s, u"2"_s, u"ping"_s});
    CHECK(r.exitCode == 3);
    CHECK(r.err.contains(u"cannot reach any of the servers 127.0.0.1:"_s % dead % u",localhost:"_s % dead));
    // A list that cannot be meant: a usage error, saying why, before any connection.
    r = runCtl(server, u"admin"_s, admin, {u"--host"_s, u"127.0.0.1,,127.0.0.2"_s, u"ping"_s});
    CHECK(r.exitCode == 2);
    CHECK(r.err.contains(u"server 2 of 3 is empty"_s));
    r = runCtl(server, u"admin"_s, admin, {u"--host"_s, u"127.0.0.1:"_s % live % u",127.0.0.1"_s, u"ping"_s});
    CHECK(r.exitCode == 2);
    CHECK(r.err.contains(u"is given twice"_s));
}
