// okno-demo: the choice of the demo time (a plain function), its command line, and the real
// okno-demo process playing against a real okno-server whose clock runs from a working morning.
#include "ServerProcess.h"
#include "TestClients.h"

#include <DemoDirector.h>
#include <DemoPlan.h>

#include <catch2/catch.hpp>

#include <core/Schedule.h>
#include <protocol/Codec.h>

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QProcess>
#include <QSet>
#include <QTemporaryDir>
#include <QTimeZone>

#include <sys/prctl.h>

#include <algorithm>
#include <csignal>

using namespace Qt::StringLiterals;
using okno::demo::chooseDemoTime;

namespace {

QDateTime moscow(int y, int mo, int d, int h, int mi, int s = 0)
{
    return QDateTime(QDate(y, mo, d), QTime(h, mi, s), QTimeZone(QByteArrayLiteral("Europe/Moscow"))).toUTC();
}

QString demoBinary()
{
    return QStringLiteral(OKNO_DEMO_BINARY);
}

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
};

Run runDemo(const QStringList &args)
{
    QProcess p;
    p.start(demoBinary(), args);
    Run r;
    if (!p.waitForFinished(20000)) {
        p.kill();
        p.waitForFinished();
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    checkNoSanitizerReport(u"okno-demo"_s, r.err);
    return r;
}

// The demo as scripts/run.sh starts it, against a test server; its output goes to a file.
class DemoProcess
{
public:
    DemoProcess(const ServerProcess &server, const QStringList &extra)
        : m_log(server.dir() + u"/demo.log"_s)
    {
        m_proc.setProcessChannelMode(QProcess::MergedChannels);
        m_proc.setStandardOutputFile(m_log);
        m_proc.setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGTERM); });
        m_proc.start(demoBinary(),
                     QStringList{u"--port"_s, QString::number(server.port()), u"--admin-password-file"_s,
                                 server.dir() + u"/admin-password"_s, u"--verbose"_s} +
                         extra);
    }
    ~DemoProcess()
    {
        if (m_proc.state() != QProcess::NotRunning) {
            m_proc.kill();
            m_proc.waitForFinished(5000);
        }
        checkNoSanitizerReport(u"okno-demo"_s, log());
    }
    bool running() const { return m_proc.state() == QProcess::Running; }
    // SIGTERM; the exit code, or -1 for a crash or a hang.
    int terminate()
    {
        m_proc.terminate();
        if (!m_proc.waitForFinished(20000))
            return -1;
        return m_proc.exitStatus() == QProcess::NormalExit ? m_proc.exitCode() : -1;
    }
    QString log() const
    {
        QFile f(m_log);
        return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
    }

private:
    QString m_log;
    QProcess m_proc;
};

int countOf(SyncClient &c, const QString &type)
{
    return int(std::count_if(c.events().cbegin(), c.events().cend(),
                             [&](const SyncClient::ReceivedEvent &e) { return e.type == type; }));
}

QHash<int, QString> deskStates(SyncClient &admin)
{
    QHash<int, QString> states;
    const QJsonObject status = admin.ok(u"status"_s, {{u"centreId"_s, 1}});
    for (const QJsonValue &d : status.value(u"desks"_s).toArray())
        states.insert(d.toObject().value(u"number"_s).toInt(), d.toObject().value(u"state"_s).toString());
    return states;
}

// The desks of the demo terminals; every other desk of the demo centre is a bot's.
const QList<int> kHumanDesks{1, 2, 4};

} // namespace

TEST_CASE("the demo time: now when tickets are issued, else the next working moment")
{
    okno::Schedule s; // Mon–Fri 08:00–17:00, lunch 12–13, cut-off 15 minutes, Moscow
    const QDateTime none;

    SECTION("open now: the real time")
    {
        const auto t = chooseDemoTime(s, moscow(2026, 11, 23, 10, 30), none);
        CHECK(t.at == moscow(2026, 11, 23, 10, 30));
        CHECK(t.realTime);
    }
    SECTION("at lunch: the demo starts when the lunch break ends, not an hour of nobody called")
    {
        const auto t = chooseDemoTime(s, moscow(2026, 11, 23, 12, 13), none);
        CHECK(t.at == moscow(2026, 11, 23, 13, 0));
        CHECK_FALSE(t.realTime);
        CHECK(t.reason.contains(u"lunch"_s));
    }
    SECTION("a Saturday: Monday 10:00")
    {
        const auto t = chooseDemoTime(s, moscow(2026, 11, 28, 15, 0), none);
        CHECK(t.at == moscow(2026, 11, 30, 10, 0));
        CHECK_FALSE(t.realTime);
    }
    SECTION("a working night and the evening after the cut-off: the next morning")
    {
        CHECK(chooseDemoTime(s, moscow(2026, 11, 24, 22, 49), none).at == moscow(2026, 11, 25, 10, 0));
        CHECK(chooseDemoTime(s, moscow(2026, 11, 27, 16, 50), none).at == moscow(2026, 11, 30, 10, 0));
    }
    SECTION("early morning: 10:00 the same day")
    {
        CHECK(chooseDemoTime(s, moscow(2026, 11, 23, 6, 0), none).at == moscow(2026, 11, 23, 10, 0));
    }
    SECTION("a holiday is skipped")
    {
        okno::ScheduleException holiday;
        holiday.date = QDate(2026, 11, 30);
        holiday.note = u"Праздник"_s;
        s.setException(holiday);
        CHECK(chooseDemoTime(s, moscow(2026, 11, 28, 15, 0), none).at == moscow(2026, 12, 1, 10, 0));
    }
    SECTION("after a newer event: continue where the last run stopped")
    {
        const auto t = chooseDemoTime(s, moscow(2026, 11, 28, 15, 0), moscow(2026, 11, 30, 11, 20));
        CHECK(t.at == moscow(2026, 11, 30, 11, 20));
        CHECK_FALSE(t.realTime);
    }
    SECTION("after a newer event past the day's cut-off: the next working day")
    {
        CHECK(chooseDemoTime(s, moscow(2026, 11, 28, 15, 0), moscow(2026, 11, 30, 16, 58)).at ==
              moscow(2026, 12, 1, 10, 0));
        // A Friday demo day that is over continues on Monday.
        CHECK(chooseDemoTime(s, moscow(2026, 11, 26, 20, 0), moscow(2026, 11, 27, 17, 0)).at ==
              moscow(2026, 11, 30, 10, 0));
    }
    SECTION("an older event changes nothing")
    {
        CHECK(chooseDemoTime(s, moscow(2026, 11, 23, 10, 30), moscow(2026, 11, 20, 16, 0)).at ==
              moscow(2026, 11, 23, 10, 30));
    }
    SECTION("a database that does not exist yet is a fresh start")
    {
        QTemporaryDir dir;
        auto t = okno::demo::planDemoTime(dir.filePath(u"none.sqlite"_s), {}, moscow(2026, 11, 28, 15, 0));
        REQUIRE(t.ok());
        CHECK(t->at == moscow(2026, 11, 30, 10, 0));
        CHECK_FALSE(QFile::exists(dir.filePath(u"none.sqlite"_s)));
    }
}

TEST_CASE("okno-demo has enough bots for its rate")
{
    using okno::StageRole;
    using okno::demo::botsNeeded;
    // 16 visitors an hour with the Table 1 norms: reception 5 min, consultant 15, cashier 10.
    CHECK(botsNeeded(StageRole::Administrator, 16, 1, 5) == 2);
    CHECK(botsNeeded(StageRole::Consultant, 16, 1, 15) == 3);
    CHECK(botsNeeded(StageRole::Cashier, 16, 1, 10) == 2);
    CHECK(botsNeeded(StageRole::Consultant, 1, 1, 15) == 1);
    CHECK(botsNeeded(StageRole::Consultant, 5000, 1, 15) == 4); // at most four of a role
    CHECK(botsNeeded(StageRole::Consultant, 16, 10, 15) == 1);  // fast people need fewer desks
}

TEST_CASE("okno-demo: a bad option is a clear message and exit code 2")
{
    QTemporaryDir dir;
    const QString pw = dir.filePath(u"pw"_s);
    QFile f(pw);
    REQUIRE(f.open(QIODevice::WriteOnly));
    f.write("some-password\n");
    f.close();
    const QList<std::pair<QStringList, QString>> cases{
        {{u"--bogus"_s}, u"bogus"_s},
        {{u"--admin-password-file"_s, pw, u"--rate"_s, u"0"_s}, u"--rate"_s},
        {{u"--admin-password-file"_s, pw, u"--rate"_s, u"lots"_s}, u"--rate"_s},
        {{u"--admin-password-file"_s, pw, u"--port"_s, u"70000"_s}, u"--port"_s},
        {{u"--admin-password-file"_s, pw, u"--seed"_s, u"-1"_s}, u"--seed"_s},
        {{u"--admin-password-file"_s, pw, u"--speed"_s, u"0"_s}, u"--speed"_s},
        {{u"--admin-password-file"_s, pw, u"extra"_s}, u"extra"_s},
        {{u"--rate"_s, u"10"_s}, u"--admin-password-file"_s},
        {{u"--admin-password-file"_s, dir.filePath(u"missing"_s)}, u"cannot read"_s},
        {{u"--plan"_s}, u"--database"_s},
    };
    for (const auto &[args, mentions] : cases) {
        const Run r = runDemo(args);
        INFO(args.join(u' ').toStdString() << " → " << r.err.toStdString());
        CHECK(r.exitCode == 2);
        CHECK(r.err.startsWith(u"okno-demo: "_s));
        CHECK(r.err.contains(mentions));
    }
    const Run help = runDemo({u"--help"_s});
    CHECK(help.exitCode == 0);
    CHECK(help.out.contains(u"--rate"_s));
}

TEST_CASE("okno-demo plays a working morning: tickets, calls, services, a consultation, a payment")
{
    ServerProcess server{{u"--demo"_s}};
    server.setRunningClock(moscow(2026, 11, 23, 10, 0));
    INFO(server.log().toStdString());
    REQUIRE(server.start());
    SyncClient admin;
    REQUIRE(admin.login(server.port(), u"admin"_s, QString::fromLatin1(ServerProcess::kAdminPassword)));
    admin.client().setSubscribed(true);

    DemoProcess demo(server, {u"--rate"_s, u"3600"_s, u"--speed"_s, u"120"_s, u"--seed"_s, u"7"_s});
    const auto played = [&] {
        return countOf(admin, u"visit.issued"_s) >= 3 && countOf(admin, u"visit.called"_s) >= 2 &&
               countOf(admin, u"visit.finished"_s) >= 1 && countOf(admin, u"consultation.saved"_s) >= 1 &&
               countOf(admin, u"payment.recorded"_s) >= 1;
    };
    const bool ok = waitUntil(played, 40000);
    INFO(demo.log().toStdString());
    REQUIRE(ok);
    REQUIRE(demo.running());

    // Every figure of the dashboard has its source: the log has one line per action. The demo's
    // log file is flushed every 2 s, so the server's event can come before the line about it.
    const QStringList lines{u"kiosk: ticket "_s, u": called "_s, u": consultation ticket for "_s,
                            u": payment "_s};
    waitUntil(
        [&] {
            return std::all_of(lines.begin(), lines.end(),
                               [&](const QString &l) { return demo.log().contains(l); });
        },
        10000);
    const QString log = demo.log();
    CHECK(log.contains(u"kiosk: ticket "_s));
    CHECK(log.contains(u": called "_s));
    CHECK(log.contains(u": consultation ticket for "_s));
    CHECK(log.contains(u": payment "_s));

    // The bots work at their own desks; the demo terminals' desks (1, 2, 4) are left to people.
    QSet<int> opened;
    for (const auto &e : admin.events())
        if (e.type == u"desk.opened"_s)
            opened.insert(e.data.value(u"desk"_s).toObject().value(u"number"_s).toInt());
    for (int d : kHumanDesks)
        CHECK_FALSE(opened.contains(d));
    CHECK(opened.contains(3));
    CHECK(opened.contains(5));

    // A payment carries what a receipt needs.
    for (const auto &e : admin.events())
        if (e.type == u"payment.recorded"_s) {
            const QJsonObject p = e.data.value(u"payment"_s).toObject();
            CHECK(p.value(u"amountKopecks"_s).toDouble() > 0);
            CHECK(p.value(u"receiptNumber"_s).toInt() >= 1);
            CHECK(p.value(u"accountNumber"_s).toString().size() >= 6);
        }

    // The server restarts (a little later on its clock): the demo's clients reconnect and play on.
    server.stop();
    server.setRunningClock(moscow(2026, 11, 23, 10, 5));
    REQUIRE(server.start(server.port()));
    SyncClient again;
    REQUIRE(again.login(server.port(), u"admin"_s, QString::fromLatin1(ServerProcess::kAdminPassword)));
    again.client().setSubscribed(true);
    const bool goesOn = waitUntil(
        [&] { return countOf(again, u"visit.called"_s) >= 1 && countOf(again, u"visit.finished"_s) >= 1; },
        30000);
    INFO(demo.log().toStdString());
    CHECK(goesOn);
    REQUIRE(demo.running());

    // SIGTERM: it finishes or releases the visitor in hand, closes its desks and exits 0.
    CHECK(demo.terminate() == 0);
    INFO("after SIGTERM: " << demo.log().toStdString());
    const QHash<int, QString> states = deskStates(again);
    CHECK(states.size() > 4);
    for (auto it = states.cbegin(); it != states.cend(); ++it) {
        INFO("desk " << it.key() << ": " << it.value().toStdString());
        CHECK(it.value() == u"closed"_s);
    }
    const QJsonObject status = again.ok(u"status"_s, {{u"centreId"_s, 1}});
    for (const QJsonValue &v : status.value(u"visits"_s).toArray()) {
        const QJsonArray stages = v.toObject().value(u"stages"_s).toArray();
        const QString state = stages.last().toObject().value(u"state"_s).toString();
        CHECK(state != u"called"_s);
        CHECK(state != u"in_service"_s);
    }

    // A second run of scripts/run.sh goes on where this one stopped: the plan reads the database
    // (here as if it ran on the Saturday before, so that the events are newer than "now").
    server.stop();
    auto planned = okno::demo::planDemoTime(server.databaseArgument(), {}, moscow(2026, 11, 21, 15, 0));
    REQUIRE(planned.ok());
    INFO(planned->reason.toStdString());
    CHECK(planned->at >= moscow(2026, 11, 23, 10, 5));
    CHECK(planned->at < moscow(2026, 11, 23, 10, 10));
    CHECK_FALSE(planned->realTime);
    const Run plan = runDemo({u"--plan"_s, u"--database"_s, server.databaseArgument()});
    CHECK(plan.exitCode == 0);
    CHECK(QDateTime::fromString(plan.out.trimmed(), Qt::ISODateWithMs).isValid());
}

TEST_CASE("okno-demo follows the server's clock: no call at lunch, the desks go on a break")
{
    ServerProcess server{{u"--demo"_s}};
    server.setRunningClock(moscow(2026, 11, 23, 11, 59, 40));
    INFO(server.log().toStdString());
    REQUIRE(server.start());
    SyncClient admin;
    REQUIRE(admin.login(server.port(), u"admin"_s, QString::fromLatin1(ServerProcess::kAdminPassword)));
    admin.client().setSubscribed(true);

    DemoProcess demo(server, {u"--rate"_s, u"3600"_s, u"--speed"_s, u"120"_s, u"--seed"_s, u"11"_s});
    // Until every bot desk is on its lunch break (services running at 12:00 are finished first).
    const auto allOnBreak = [&] {
        const QHash<int, QString> states = deskStates(admin);
        return states.size() > 4 && std::all_of(states.keyBegin(), states.keyEnd(), [&](int d) {
                   return kHumanDesks.contains(d) ? states.value(d) == u"closed"_s
                                                  : states.value(d) == u"break"_s;
               });
    };
    const bool onBreak = waitUntil(allOnBreak, 45000);
    INFO(demo.log().toStdString());
    CHECK(onBreak);
    CHECK(countOf(admin, u"visit.called"_s) >= 1); // the morning's last minutes did live

    const QDateTime lunch = moscow(2026, 11, 23, 12, 0);
    for (const auto &e : admin.events()) {
        if (e.type != u"visit.called"_s)
            continue;
        auto v = okno::protocol::visitFromJson(e.data.value(u"visit"_s).toObject());
        REQUIRE(v.ok());
        INFO(e.type.toStdString() << " " << v->currentStage()->ticket.toStdString());
        CHECK(v->currentStage()->calledAt < lunch);
    }
    // Nobody tried to call after 12:00: the server would have refused it.
    CHECK_FALSE(demo.log().contains(u"centre_closed"_s));
    CHECK_FALSE(demo.log().contains(u"no calls now"_s));
    CHECK(demo.terminate() == 0);
}
