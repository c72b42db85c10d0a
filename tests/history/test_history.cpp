// The history generator (libs/history, okno-history) on real SQLite files: the same seed gives
// the same database; every stage lies in its centre's open hours; the front office is what the
// server would have stored; follow-ups bring people back; existing centres are filled with their
// own staff; and the real okno-server starts on the result and reports on it.
#include "../integration/ServerProcess.h"
#include "../integration/TestClients.h"

#include <history/HistoryGenerator.h>

#include <core/Analytics.h>
#include <core/FrontOffice.h>
#include <storage/Database.h>

#include <catch2/catch.hpp>

#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTemporaryDir>
#include <QTimeZone>
#include <QUuid>

#include <map>
#include <set>

using namespace okno;
using namespace Qt::StringLiterals;

namespace {

HistoryOptions smallHistory(const QString &path)
{
    HistoryOptions o;
    o.database.path = path;
    o.centres = 2;
    o.from = QDate(2026, 10, 5); // Monday
    o.to = QDate(2026, 10, 30);  // four weeks
    o.visitsPerDay = 70;
    o.seed = 42;
    return o;
}

IdRange requireBlock(Result<IdRange> r)
{
    INFO((r ? QString() : r.error().message).toStdString());
    REQUIRE(r);
    return *r;
}

std::unique_ptr<Database> openDb(const QString &path)
{
    DatabaseConfig config;
    config.path = path;
    auto db = Database::open(config);
    REQUIRE(db);
    return std::move(db.value());
}

// Every row of every table (but the migrations' own log, which has the time they ran), as text,
// sorted: two databases with equal dumps hold the same content.
QStringList dump(const QString &path)
{
    QStringList rows;
    const QString name = u"dump-"_s + QUuid::createUuid().toString();
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
        db.setDatabaseName(path);
        REQUIRE(db.open());
        QSqlQuery tables(db);
        REQUIRE(tables.exec(
            u"SELECT name FROM sqlite_master WHERE type = 'table' AND name <> 'schema_version' ORDER BY name"_s));
        QStringList names;
        while (tables.next())
            names.append(tables.value(0).toString());
        for (const QString &t : std::as_const(names)) {
            QSqlQuery q(db);
            REQUIRE(q.exec(u"SELECT * FROM "_s + t));
            while (q.next()) {
                QStringList cells{t};
                for (int i = 0; i < q.record().count(); ++i)
                    cells.append(q.value(i).toString());
                rows.append(cells.join(u'|'));
            }
        }
    }
    QSqlDatabase::removeDatabase(name);
    rows.sort();
    return rows;
}

// The first row where two dumps differ ("" when they are equal), so that a failure stays readable.
std::string firstDifference(const QStringList &a, const QStringList &b)
{
    for (qsizetype i = 0; i < std::min(a.size(), b.size()); ++i)
        if (a[i] != b[i])
            return QString(a[i] + u"\n  ≠ "_s + b[i]).toStdString();
    return a.size() == b.size() ? std::string() : "one dump is longer";
}

struct Loaded
{
    QHash<Id, Centre> centres;
    QHash<Id, Staff> staff;
    QList<Visit> visits;
    QHash<Id, Visit> visitById;
};

Loaded load(Database &db, const HistoryOptions &o)
{
    Loaded l;
    auto centres = db.loadCentres();
    REQUIRE(centres);
    for (const Centre &c : *centres)
        l.centres.insert(c.id, c);
    auto staff = db.loadStaff();
    REQUIRE(staff);
    for (const Staff &s : *staff)
        l.staff.insert(s.id, s);
    std::set<Id> seen;
    for (QDate d = o.from; d <= o.to; d = d.addDays(1)) {
        auto day = db.loadVisitsOfDay(d);
        REQUIRE(day);
        for (const Visit &v : *day)
            if (seen.insert(v.id).second) {
                l.visits.append(v);
                l.visitById.insert(v.id, v);
            }
    }
    return l;
}

bool served(const Stage &s)
{
    return s.startedAt.isValid() && (s.state == StageState::Done || s.state == StageState::Transferred);
}

QDateTime local(const Centre &c, const QDate &d, const QTime &t)
{
    return QDateTime(d, t, c.schedule.timeZone()).toUTC();
}

} // namespace

TEST_CASE("options are checked before anything is written", "[history]")
{
    QTemporaryDir dir;
    HistoryOptions o = smallHistory(dir.filePath(u"okno.sqlite"_s));
    CHECK(validate(o));
    auto bad = o;
    bad.centres = 0;
    CHECK_FALSE(validate(bad));
    bad = o;
    bad.to = o.from.addDays(-1);
    CHECK_FALSE(validate(bad));
    bad = o;
    bad.visitsPerDay = 5000;
    CHECK_FALSE(validate(bad));
    auto r = generateHistory(bad);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == ErrorCode::InvalidArgument);
    CHECK_FALSE(QFile::exists(o.database.path));

    const auto run = [](const QStringList &args) {
        QProcess p;
        p.start(QStringLiteral(OKNO_HISTORY_BINARY), args);
        REQUIRE(p.waitForFinished(60000));
        const QString text = QString::fromUtf8(p.readAllStandardOutput() + p.readAllStandardError());
        checkNoSanitizerReport(u"okno-history"_s, text);
        return std::pair{p.exitCode(), text};
    };
    const QString db = dir.filePath(u"cli.sqlite"_s);
    for (const QStringList &args : {QStringList{u"--bogus"_s}, QStringList{u"--centres"_s, u"x"_s},
                                    QStringList{u"--database"_s, db, u"--centres"_s, u"0"_s},
                                    QStringList{u"--database"_s, db, u"--from"_s, u"2026-13-01"_s},
                                    QStringList{u"--database"_s, db, u"--days-per-transaction"_s, u"0"_s},
                                    QStringList{u"--from"_s, u"2026-10-01"_s}, QStringList{u"extra"_s}}) {
        const auto [code, text] = run(args);
        INFO(args.join(u' ').toStdString() << " → " << text.toStdString());
        CHECK(code == 2);
        CHECK(text.contains(u"okno-history:"_s));
    }
    CHECK_FALSE(QFile::exists(db));
    const auto [code, help] = run({u"--help"_s});
    CHECK(code == 0);
    for (const char *opt : {"--database", "--centres", "--from", "--to", "--visits-per-day", "--seed",
                            "--no-events", "--days-per-transaction", "--quiet"})
        CHECK(help.contains(QLatin1StringView(opt)));
}

TEST_CASE("the same seed gives the same database content", "[history]")
{
    QTemporaryDir dir;
    HistoryOptions a = smallHistory(dir.filePath(u"a.sqlite"_s));
    a.to = QDate(2026, 10, 16);
    HistoryOptions b = a;
    b.database.path = dir.filePath(u"b.sqlite"_s);
    HistoryOptions c = a;
    c.database.path = dir.filePath(u"c.sqlite"_s);
    c.seed = 43;
    auto ra = generateHistory(a);
    auto rb = generateHistory(b);
    auto rc = generateHistory(c);
    REQUIRE(ra);
    REQUIRE(rb);
    REQUIRE(rc);
    CHECK(ra->visits > 500);
    CHECK(ra->events > ra->visits);
    CHECK(ra->visits == rb->visits);
    const QStringList da = dump(a.database.path);
    const QStringList db = dump(b.database.path);
    CHECK(da.size() > 1000);
    CHECK(firstDifference(da, db).empty());
    CHECK_FALSE(firstDifference(da, dump(c.database.path)).empty());

    // Without events, and with several days per transaction, the same visits and records.
    HistoryOptions e = a;
    e.database.path = dir.filePath(u"e.sqlite"_s);
    e.events = false;
    auto re = generateHistory(e);
    REQUIRE(re);
    CHECK(re->events == 0);
    CHECK(re->visits == ra->visits);
    CHECK(re->payments == ra->payments);
    CHECK(re->consultations == ra->consultations);
}

TEST_CASE("a history takes its ids from the database's blocks, past what a node has taken", "[history][ids]")
{
    // A node serving the database took blocks of visit, payment and shift ids and has not written
    // them yet: the history written meanwhile uses none of them, and a node after it none of its.
    QTemporaryDir dir;
    HistoryOptions o = smallHistory(dir.filePath(u"okno.sqlite"_s));
    o.to = QDate(2026, 10, 9);
    const IdRange nodeVisits = [&] {
        auto db = openDb(o.database.path);
        REQUIRE(db->reserveIds(IdKind::Payment, 300, 1));
        REQUIRE(db->reserveIds(IdKind::Shift, 40, 1));
        auto visits = db->reserveIds(IdKind::Visit, 5000, 1);
        REQUIRE(visits);
        return *visits;
    }();
    auto summary = generateHistory(o);
    INFO((summary ? QString() : summary.error().message).toStdString());
    REQUIRE(summary);
    REQUIRE(summary->visits > 100);
    auto db = openDb(o.database.path);
    auto scalar = [&](const QString &sql) {
        QSqlQuery q(QSqlDatabase::database(u"okno-history-ids"_s));
        REQUIRE(q.exec(sql));
        REQUIRE(q.next());
        return q.value(0).toLongLong();
    };
    {
        QSqlDatabase raw = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"okno-history-ids"_s);
        raw.setDatabaseName(o.database.path);
        REQUIRE(raw.open());
        CHECK(scalar(u"SELECT MIN(id) FROM visits"_s) >= nodeVisits.peek() + nodeVisits.left());
        CHECK(scalar(u"SELECT MIN(id) FROM payments"_s) > 300);
        CHECK(scalar(u"SELECT MIN(id) FROM cash_shifts"_s) > 40);
        const qint64 lastVisit = scalar(u"SELECT MAX(id) FROM visits"_s);
        // A node after it starts past the history's block, whatever it used of it.
        const IdRange after = requireBlock(db->reserveIds(IdKind::Visit, 10, 1));
        CHECK(after.peek() > lastVisit);
        raw.close();
    }
    QSqlDatabase::removeDatabase(u"okno-history-ids"_s);
}

// One history for the checks below (Catch runs a test case once per section: generate it once).
struct SharedHistory
{
    QTemporaryDir dir;
    HistoryOptions options;
    Result<HistorySummary> summary = makeError(ErrorCode::Internal, u"not generated"_s);

    SharedHistory()
    {
        options = smallHistory(dir.filePath(u"okno.sqlite"_s));
        options.centres = 3;
        summary = generateHistory(options);
    }
    static SharedHistory &get()
    {
        static SharedHistory h;
        return h;
    }
};

TEST_CASE("a generated history obeys the server's rules", "[history]")
{
    SharedHistory &shared = SharedHistory::get();
    const HistoryOptions &o = shared.options;
    auto &summary = shared.summary;
    REQUIRE(summary);
    CHECK(summary->centres == 3);
    CHECK(summary->existingCentres == 0);
    CHECK(summary->days == 20);
    auto db = openDb(o.database.path);
    const Loaded l = load(*db, o);
    REQUIRE(l.visits.size() == summary->visits);
    REQUIRE(l.visits.size() > 2000);

    SECTION("every stage lies in its centre's open hours, none in the lunch break")
    {
        qint64 spanningLunch = 0;
        for (const Visit &v : l.visits) {
            const Centre &c = l.centres.value(v.centreId);
            for (const Stage &s : v.stages) {
                INFO("visit " << v.id << " stage " << s.index << " " << s.ticket.toStdString());
                const DayHours h = c.schedule.hoursOn(s.serviceDate);
                REQUIRE(h.open);
                const QDateTime opens = local(c, s.serviceDate, h.opens);
                const QDateTime closes = local(c, s.serviceDate, h.closes);
                const QDateTime lunchStart = local(c, s.serviceDate, h.lunchStart);
                const QDateTime lunchEnd = local(c, s.serviceDate, h.lunchEnd);
                for (const QDateTime &t : {s.queuedAt, s.calledAt, s.startedAt, s.finishedAt}) {
                    if (!t.isValid())
                        continue;
                    CHECK(t >= opens);
                    CHECK(t <= closes);
                    CHECK_FALSE((t > lunchStart && t < lunchEnd));
                }
                REQUIRE(s.queuedAt.isValid());
                if (s.calledAt.isValid())
                    CHECK(s.queuedAt <= s.calledAt); // waits ≥ 0
                if (s.startedAt.isValid()) {
                    CHECK(s.calledAt <= s.startedAt);
                    REQUIRE(s.finishedAt.isValid());
                    CHECK(s.startedAt <= s.finishedAt); // services ≥ 0
                }
                if (s.finishedAt.isValid())
                    CHECK(s.queuedAt <= s.finishedAt);
                CHECK_FALSE(s.isActive()); // the day is over: nothing left open
                if (s.queuedAt <= lunchStart && s.calledAt.isValid() && s.calledAt >= lunchEnd)
                    ++spanningLunch;
            }
            CHECK(v.stages.first().queuedAt == v.createdAt);
        }
        CHECK(spanningLunch > 0); // a wait may span lunch, as in life
    }

    SECTION("the mix is realistic: peaks, priorities, several stages, no-shows")
    {
        const Dashboard d = computeDashboard(l.visits, l.centres, o.from, o.to, 30);
        CHECK(d.quality.visits == l.visits.size());
        CHECK(d.quality.contactsPerVisit > 1.2);
        CHECK(d.quality.contactsPerVisit < 2.5);
        CHECK(d.quality.noShowRate > 0.01);
        CHECK(d.quality.noShowRate < 0.1);
        const auto priority =
            std::count_if(l.visits.cbegin(), l.visits.cend(), [](const Visit &v) { return v.isPriority(); });
        CHECK(priority > l.visits.size() * 0.04);
        CHECK(priority < l.visits.size() * 0.12);
        int morning = 0, noon = 0;
        for (const HourFigures &h : d.byHour) {
            if (h.hour == 9 || h.hour == 10)
                morning += h.arrivals;
            if (h.hour == 16)
                noon += h.arrivals;
        }
        CHECK(morning > 3 * noon);
        for (const RoleStatistics &r : d.roles)
            CHECK(r.wait.count > 0);
    }

    SECTION("every served consultant stage has its consultation ticket")
    {
        qint64 consulted = 0;
        std::map<ConsultationOutcome, int> outcomes;
        for (const Visit &v : l.visits) {
            const Centre &c = l.centres.value(v.centreId);
            for (const Stage &s : v.stages) {
                auto k = db->loadConsultation(v.id, s.index);
                REQUIRE(k);
                if (s.role != StageRole::Consultant || !served(s)) {
                    CHECK_FALSE(k->has_value());
                    continue;
                }
                INFO("visit " << v.id);
                REQUIRE(k->has_value());
                const Consultation &t = **k;
                ++consulted;
                ++outcomes[t.outcome];
                CHECK(t.centreId == v.centreId);
                CHECK(t.staffId == s.staffId);
                REQUIRE(c.topic(t.topic));
                CHECK(c.topic(t.topic)->active);
                CHECK(validate(t, c, s.serviceDate));
                CHECK(t.createdAt >= s.startedAt);
                CHECK(t.createdAt <= s.finishedAt);
                if (t.outcome == ConsultationOutcome::FollowUp)
                    CHECK(t.nextVisitDate > s.serviceDate);
                if (t.topic == QLatin1StringView(kMeterReadingsTopic))
                    CHECK_FALSE(t.readings.isEmpty());
                if (!v.accountNumber.isEmpty())
                    CHECK(t.accountNumber == v.accountNumber);
            }
        }
        CHECK(consulted == summary->consultations);
        CHECK(outcomes[ConsultationOutcome::Resolved] > consulted * 0.6);
        CHECK(outcomes[ConsultationOutcome::FollowUp] > 0);
        CHECK(outcomes[ConsultationOutcome::AppealRegistered] > 0);
    }

    SECTION("payments belong to served cashier stages and to shifts open at the time")
    {
        std::map<Id, CashShift> shifts;
        std::map<Id, Payment> byId;
        qint64 cashierStages = 0;
        for (const Visit &v : l.visits) {
            auto ps = db->loadPaymentsOfVisit(v.id);
            REQUIRE(ps);
            QList<Payment> originals;
            for (const Payment &p : *ps) {
                byId[p.id] = p;
                if (!p.isReversal())
                    originals.append(p);
            }
            qsizetype cashier = 0;
            for (const Stage &s : v.stages)
                if (s.role == StageRole::Cashier && served(s))
                    ++cashier;
            cashierStages += cashier;
            INFO("visit " << v.id);
            CHECK(originals.size() == cashier); // one payment per served cashier stage
            for (const Payment &p : std::as_const(originals)) {
                CHECK(p.centreId == v.centreId);
                const bool inStage = std::any_of(v.stages.cbegin(), v.stages.cend(), [&](const Stage &s) {
                    return s.role == StageRole::Cashier && served(s) && s.deskId == p.deskId &&
                           s.staffId == p.staffId && s.startedAt <= p.at && p.at <= s.finishedAt;
                });
                CHECK(inStage);
            }
        }
        CHECK(qint64(byId.size()) == summary->payments + summary->reversals);
        CHECK(cashierStages == summary->payments);
        std::map<Id, QList<Payment>> ofShift;
        std::set<Id> reversed;
        for (const auto &[id, p] : byId) {
            if (!shifts.count(p.shiftId)) {
                auto s = db->loadShift(p.shiftId);
                REQUIRE(s);
                REQUIRE(s->has_value());
                shifts[p.shiftId] = **s;
            }
            const CashShift &s = shifts[p.shiftId];
            INFO("payment " << id);
            CHECK(s.centreId == p.centreId);
            CHECK(s.deskId == p.deskId);
            CHECK(s.staffId == p.staffId);
            CHECK(s.openedAt <= p.at);
            REQUIRE_FALSE(s.isOpen());
            CHECK(p.at <= s.closedAt);
            CHECK(s.openedAt.secsTo(s.closedAt) <= 24 * 3600);
            CHECK(l.staff.value(p.staffId).role == Role::Cashier);
            CHECK(p.amountKopecks > 0);
            if (p.method == PaymentMethod::Cash && !p.isReversal())
                CHECK(p.tenderedKopecks - p.changeKopecks == p.amountKopecks);
            if (p.isReversal()) {
                REQUIRE(byId.count(p.reversalOf));
                const Payment &orig = byId[p.reversalOf];
                CHECK_FALSE(orig.isReversal());
                CHECK(orig.centreId == p.centreId);
                CHECK(orig.amountKopecks == p.amountKopecks);
                CHECK(orig.at < p.at);
                CHECK(reversed.insert(p.reversalOf).second); // at most one reversal each
                CHECK(l.staff.value(p.approvedBy).role == Role::Manager);
                CHECK_FALSE(p.reason.isEmpty());
            }
            ofShift[p.shiftId].append(p);
        }
        CHECK(summary->reversals > 0);
        CHECK(qint64(shifts.size()) == summary->shifts);
        // Shift totals add up; receipts are numbered 1, 2, 3 … in time order; shift numbers rise.
        std::map<Id, std::map<int, Id>> numbers; // centre → number → shift
        for (const auto &[shiftId, payments] : ofShift) {
            auto stored = db->loadPaymentsOfShift(shiftId);
            REQUIRE(stored);
            REQUIRE(stored->size() == payments.size());
            const ShiftTotals t = totalsOf(*stored);
            qint64 in = 0, out = 0;
            for (const Payment &p : payments)
                (p.isReversal() ? out : in) += p.amountKopecks;
            CHECK(t.netKopecks() == in - out);
            CHECK(t.cashKopecks + t.cardKopecks == in);
            CHECK(t.payments + t.reversals == payments.size());
            QList<Payment> byTime = *stored;
            std::sort(byTime.begin(), byTime.end(),
                      [](const Payment &a, const Payment &b) { return a.receiptNumber < b.receiptNumber; });
            for (qsizetype i = 0; i < byTime.size(); ++i) {
                CHECK(byTime[i].receiptNumber == i + 1);
                if (i > 0)
                    CHECK(byTime[i - 1].at <= byTime[i].at);
            }
            const CashShift &s = shifts[shiftId];
            CHECK(numbers[s.centreId].emplace(s.number, shiftId).second);
        }
        for (const auto &[centre, byNumber] : numbers) {
            QDateTime last;
            for (const auto &[number, shiftId] : byNumber) {
                CHECK(shifts[shiftId].openedAt >= last);
                last = shifts[shiftId].openedAt;
            }
        }
        auto open = db->loadOpenShifts();
        REQUIRE(open);
        CHECK(open->isEmpty());
    }

    SECTION("follow-ups bring the same account back within days")
    {
        QHash<QString, QList<const Visit *>> byAccount;
        for (const Visit &v : l.visits)
            if (!v.accountNumber.isEmpty())
                byAccount[v.accountNumber].append(&v);
        int followUps = 0, back = 0;
        for (const Visit &v : l.visits) {
            auto ks = db->loadConsultationsOfVisit(v.id);
            REQUIRE(ks);
            for (const Consultation &k : *ks) {
                if (k.outcome != ConsultationOutcome::FollowUp || k.nextVisitDate.addDays(4) > o.to)
                    continue;
                ++followUps;
                const auto &later = byAccount.value(k.accountNumber);
                if (std::any_of(later.cbegin(), later.cend(), [&](const Visit *w) {
                        return w->createdAt > v.createdAt && v.createdAt.daysTo(w->createdAt) <= 14;
                    }))
                    ++back;
            }
        }
        REQUIRE(followUps > 20);
        CHECK(back > followUps * 0.6);
        const Dashboard d = computeDashboard(l.visits, l.centres, o.from.addDays(14), o.to, 30);
        CHECK(d.quality.repeatVisits > 0);
        CHECK(d.quality.repeatShare > 0.03);
        CHECK(d.quality.repeatShare < 0.5);
    }

    SECTION("the events are those the server appends, in order")
    {
        auto events = db->eventsSince(0, 1'000'000);
        REQUIRE(events);
        CHECK(events->size() == summary->events);
        std::map<QString, int> types;
        qint64 seq = 0;
        for (const Event &e : *events) {
            CHECK(e.seq == ++seq);
            ++types[e.type];
        }
        CHECK(types[u"visit.issued"_s] == l.visits.size());
        CHECK(types[u"consultation.saved"_s] == summary->consultations);
        CHECK(types[u"shift.opened"_s] == summary->shifts);
        CHECK(types[u"shift.closed"_s] == summary->shifts);
        CHECK(types[u"payment.recorded"_s] == summary->payments);
        CHECK(types[u"payment.reversed"_s] == summary->reversals);
        CHECK(types[u"visit.finished"_s] > 0);
        CHECK(types[u"visit.noShow"_s] > 0);
    }

    SECTION("history-only staff cannot log in")
    {
        for (const Staff &s : l.staff) {
            auto cred = db->findLogin(s.login);
            REQUIRE(cred);
            REQUIRE(cred->has_value());
            CHECK((*cred)->passwordHash.isEmpty());
            CHECK(s.login.startsWith(u"gen"_s));
        }
    }
}

TEST_CASE("existing centres are filled with their own staff, and reused; the server reports on it",
          "[history][server]")
{
    ServerProcess server({u"--demo"_s});
    server.setClock(
        QDateTime(QDate(2026, 11, 23), QTime(9, 30), QTimeZone(QByteArrayLiteral("Europe/Moscow"))));
    INFO(server.log().toStdString());
    REQUIRE(server.start());

    HistoryOptions o = smallHistory(server.databasePath());
    o.from = QDate(2026, 11, 2);
    o.to = QDate(2026, 11, 13);
    o.visitsPerDay = 60;
    // In use by the running server: refused, nothing written.
    const QStringList before = dump(server.databasePath());
    auto refused = generateHistory(o);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().code == ErrorCode::Unavailable);
    CHECK(firstDifference(dump(server.databasePath()), before).empty());
    server.stop();

    auto first = generateHistory(o);
    REQUIRE(first);
    CHECK(first->centres == 2);
    CHECK(first->existingCentres == 1);
    CHECK(first->notes.isEmpty());
    {
        auto db = openDb(o.database.path);
        const Loaded l = load(*db, o);
        const auto saransk = std::find_if(l.centres.cbegin(), l.centres.cend(),
                                          [](const Centre &c) { return c.code == u"SARANSK"; });
        REQUIRE(saransk != l.centres.cend());
        CHECK(l.centres.size() == 2);
        std::map<QString, int> servedBy; // login → stages served at SARANSK
        for (const Visit &v : l.visits)
            if (v.centreId == saransk->id)
                for (const Stage &s : v.stages)
                    if (served(s))
                        ++servedBy[l.staff.value(s.staffId).login];
        CHECK(servedBy.size() == 4);
        for (const char *login : {"admin1", "consult1", "consult2", "cashier1"})
            CHECK(servedBy[QString::fromLatin1(login)] > 50);
        // The demo centre has a person for every desk and a manager: no history-only staff there.
        for (const Staff &s : l.staff)
            if (s.login.startsWith(u"gen"_s))
                CHECK(s.centreId != saransk->id);
        // Reversals at the demo centre are approved by its manager.
        for (const Visit &v : l.visits)
            if (v.centreId == saransk->id) {
                auto ps = db->loadPaymentsOfVisit(v.id);
                REQUIRE(ps);
                for (const Payment &p : *ps)
                    if (p.isReversal())
                        CHECK(l.staff.value(p.approvedBy).login == u"manager"_s);
            }
    }

    // A second run continues with the same centres and staff.
    HistoryOptions later = o;
    later.from = QDate(2026, 11, 16);
    later.to = QDate(2026, 11, 20);
    later.centres = 1;
    auto second = generateHistory(later);
    REQUIRE(second);
    CHECK(second->centres == 2); // every active centre is filled
    CHECK(second->existingCentres == 2);
    CHECK(second->staffCreated == 0);
    {
        auto db = openDb(o.database.path);
        auto centres = db->loadCentres();
        REQUIRE(centres);
        CHECK(centres->size() == 2);
    }

    // The real server loads the generated database and its reports answer.
    server.setClock(
        QDateTime(QDate(2026, 11, 23), QTime(9, 30), QTimeZone(QByteArrayLiteral("Europe/Moscow"))));
    REQUIRE(server.start());
    SyncClient manager;
    INFO(manager.loginError().toStdString());
    REQUIRE(manager.login(server.port(), u"manager"_s, u"okno-demo"_s));
    const QJsonObject stats = manager.ok(
        u"stats"_s, {{u"centreId"_s, 1}, {u"from"_s, u"2026-11-02"_s}, {u"to"_s, u"2026-11-20"_s}});
    const QJsonArray roles = stats.value(u"roles"_s).toArray();
    REQUIRE(roles.size() == 3);
    for (const auto &r : roles) {
        INFO(QJsonDocument(r.toObject()).toJson().toStdString());
        CHECK(r.toObject().value(u"wait"_s).toObject().value(u"count"_s).toInt() > 20);
    }
    // A history-only account cannot log in, whatever the password.
    SyncClient gen;
    CHECK_FALSE(gen.login(server.port(), u"gen2-1"_s, u"okno-demo"_s, 1));
    SyncClient cashier;
    CHECK(cashier.login(server.port(), u"cashier1"_s, u"okno-demo"_s, 4));
    CHECK(cashier.ok(u"shift.current"_s).value(u"shift"_s).isNull());
}
