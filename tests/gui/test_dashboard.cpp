// The manager's dashboard through its real widgets against a real server: the live figures equal
// what the server's own `status` and `dashboard` say, alerts come and go with the server's clock
// and the visitors' calls, norms edited here reach the server and its journal, exports carry the
// figures as shown, and the window recovers when the server restarts.
#include "../integration/Fixture.h"
#include "../integration/HistoryServer.h"
#include "GuiSupport.h"

#include <DashboardWindow.h>
#include <Format.h>
#include <ReportExport.h>
#include <ReportModel.h>

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QDateEdit>
#include <QFile>
#include <QHeaderView>
#include <QLabel>
#include <QProcess>
#include <QPushButton>
#include <QRegularExpression>
#include <QScrollBar>
#include <QSettings>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>

#include <algorithm>

using okno::DashboardWindow;
using okno::dashboard::formatDuration;

namespace {

using gui::pdfText;

template <typename T> T *child(QWidget &w, const char *name)
{
    T *c = w.findChild<T *>(QString::fromLatin1(name));
    INFO("widget " << name);
    REQUIRE(c != nullptr);
    return c;
}

QString cell(QTableView *t, int row, int column)
{
    return t->model()->index(row, column).data().toString();
}

// The row whose `column` reads `text`, or -1.
int rowOf(QTableView *t, int column, const QString &text)
{
    for (int r = 0; r < t->model()->rowCount(); ++r)
        if (cell(t, r, column) == text)
            return r;
    return -1;
}

QStringList rowTexts(QTableView *t, int row)
{
    QStringList out;
    for (int c = 0; c < t->model()->columnCount(); ++c)
        out.append(cell(t, row, c));
    return out;
}

// A row as a spreadsheet must read it from the CSV: a duration shown as minutes and seconds
// («2:20») written as hours, minutes and seconds («0:02:20»); everything else as shown.
QStringList csvRow(QTableView *t, int row)
{
    static const QRegularExpression minutesSeconds(u"^(\\+?)(\\d{1,2}):(\\d\\d)$"_s);
    QStringList out;
    for (QString text : rowTexts(t, row)) {
        if (const auto m = minutesSeconds.match(text); m.hasMatch())
            text = m.captured(1) + u"0:"_s + m.captured(2).rightJustified(2, u'0') + u':' + m.captured(3);
        out.append(text);
    }
    return out;
}

QJsonObject queueLoad(SyncClient &c, const QString &code)
{
    for (const auto &q : c.ok(u"status"_s, {{u"centreId"_s, 1}}).value(u"queues"_s).toArray())
        if (q.toObject().value(u"queue"_s).toObject().value(u"code"_s).toString() == code)
            return q.toObject();
    return {};
}

// What `status` of a centre says of a stage role: people waiting in its queues and the longest wait.
struct StatusRole
{
    int waiting = 0;
    double longest = 0;
};

StatusRole statusRole(SyncClient &c, qint64 centreId, const QString &role)
{
    StatusRole out;
    for (const auto &v :
         c.ok(u"status"_s, {{u"centreId"_s, double(centreId)}}).value(u"queues"_s).toArray()) {
        const QJsonObject q = v.toObject();
        if (q.value(u"queue"_s).toObject().value(u"role"_s).toString() != role)
            continue;
        out.waiting += q.value(u"waiting"_s).toInt();
        out.longest = std::max(out.longest, q.value(u"longestWaitSecs"_s).toDouble());
    }
    return out;
}

QJsonObject centreOf(const QJsonObject &dashboard, qint64 centreId)
{
    for (const auto &c : dashboard.value(u"centres"_s).toArray())
        if (qint64(c.toObject().value(u"centreId"_s).toDouble()) == centreId)
            return c.toObject();
    return {};
}

QJsonObject roleOf(const QJsonObject &dashboard, const QString &role)
{
    for (const auto &r : dashboard.value(u"roles"_s).toArray())
        if (r.toObject().value(u"role"_s).toString() == role)
            return r.toObject();
    return {};
}

// Rows: administrator, consultant, cashier. Columns as DashboardWindow's roles table.
enum RoleColumn
{
    Waiting = 1,
    Longest = 2,
    WaitMean = 4,
    WaitP90 = 5,
    ServiceMean = 7,
    Served = 11
};

} // namespace

TEST_CASE("dashboard: live figures, alerts, desks, norms, export and recovery against a real server",
          "[gui][dashboard]")
{
    DemoServer d;
    d.at(9, 0);
    auto reception = d.staff(u"admin1"_s, 1);
    reception->ok(u"desk.open"_s);
    auto consult = d.staff(u"consult1"_s, 2);
    consult->ok(u"desk.open"_s);
    auto observer = d.staff(u"manager"_s);
    reception->ok(u"visit.issue"_s, {{u"queueCode"_s, u"consult"_s}, {u"priority"_s, u"veteran"_s}});
    d.at(9, 5);
    reception->ok(u"visit.issue"_s, {{u"queueCode"_s, u"consult"_s}});
    reception->ok(u"visit.issue"_s, {{u"queueCode"_s, u"reception"_s}, {u"accountNumber"_s, u"1234567"_s}});
    d.at(9, 10);
    const qint64 k1 = visitIdOf(consult->ok(u"visit.callNext"_s)); // К-001, the veteran
    d.at(9, 11);
    consult->ok(u"visit.start"_s, {{u"visitId"_s, double(k1)}});
    d.at(9, 15);

    QSettings().remove(u"dashboard"_s); // the tab and centre shown last time: none
    okno::Client client;
    client.setReconnectDelays(100, 500);
    DashboardWindow w(&client);
    w.setClockSyncIntervalMs(100);
    w.setRefreshThrottleMs(200);
    QStringList questions;
    bool answer = false;
    w.setConfirm([&](const QString &q) {
        questions.append(q);
        return answer;
    });
    QTemporaryDir out;
    QString nextPath;
    w.setSavePath([&](const QString &) { return nextPath; });
    w.resize(1366, 768);
    w.show();
    client.connectToServer(u"127.0.0.1"_s, d.server.port(), {u"manager"_s, u"okno-demo"_s, 0, 0});
    auto *banner = child<QLabel>(w, "connectionBanner");
    REQUIRE(waitUntil([&] { return client.isReady() && banner->text().contains(u"установлена"_s); }));

    auto *roles = child<QTableView>(w, "rolesTable");
    auto *desks = child<QTableView>(w, "desksTable");
    auto *alerts = child<QTableView>(w, "alertsTable");
    using Mode = QAbstractItemModelTester::FailureReportingMode;
    QList<std::shared_ptr<QAbstractItemModelTester>> testers;
    for (const char *name : {"rolesTable", "desksTable", "alertsTable", "staffTable", "qualityTable",
                             "normsHistory", "hoursTable", "daysTable"})
        testers.append(
            std::make_shared<QAbstractItemModelTester>(child<QTableView>(w, name)->model(), Mode::Fatal));

    // «Сейчас»: the queue per stage role equals the server's `status` (its own longestWaitSecs).
    const QJsonObject consultLoad = queueLoad(*observer, u"consult"_s);
    const QJsonObject receptionLoad = queueLoad(*observer, u"reception"_s);
    REQUIRE(consultLoad.value(u"waiting"_s).toInt() == 1);
    REQUIRE(waitUntil([&] {
        return cell(roles, 1, Longest) ==
                   formatDuration(consultLoad.value(u"longestWaitSecs"_s).toDouble()) &&
               cell(roles, 0, Longest) ==
                   formatDuration(receptionLoad.value(u"longestWaitSecs"_s).toDouble());
    }));
    CHECK(cell(roles, 1, Waiting) == QString::number(consultLoad.value(u"waiting"_s).toInt()));
    CHECK(cell(roles, 0, Waiting) == u"1"_s);
    CHECK(cell(roles, 1, Longest) == u"10:00"_s);
    CHECK(cell(roles, 2, Waiting) == u"0"_s);
    // The server's clock stands still (a test clock): the window notices and shows its time exactly.
    CHECK(waitUntil([&] { return w.serverNow() == DemoServer::moscow(QDate(2026, 11, 23), 9, 15); }));
    // Exactly at the norm (А-001, 10 minutes) nobody is past it; the veteran К-001 is served 4 min.
    CHECK(alerts->model()->rowCount() == 0);
    CHECK(child<QLabel>(w, "alertsLabel")->text().contains(u"никого нет"_s));
    const int desk2 = rowOf(desks, 1, u"Окно 2"_s);
    REQUIRE(desk2 >= 0);
    CHECK(cell(desks, desk2, 2) == u"занято"_s);
    CHECK(cell(desks, desk2, 3) == u"Петров Алексей Сергеевич"_s);
    CHECK(cell(desks, desk2, 4) == u"К-001 (на приёме)"_s);
    const int desk1 = rowOf(desks, 1, u"Окно 1"_s);
    REQUIRE(desk1 >= 0);
    CHECK(cell(desks, desk1, 2) == u"свободно"_s);
    CHECK(cell(desks, rowOf(desks, 1, u"Окно 4"_s), 2) == u"закрыто"_s);

    // One second past the norm, the alert appears, without any event.
    d.at(9, 15, 1);
    REQUIRE(waitUntil([&] { return alerts->model()->rowCount() == 1; }));
    CHECK(cell(alerts, 0, 1) == u"А-001"_s);
    CHECK(cell(alerts, 0, 4) == u"ждёт"_s);
    CHECK(cell(alerts, 0, 5) == u"10:01"_s);
    CHECK(cell(alerts, 0, 6) == u"10 мин"_s);
    CHECK(cell(alerts, 0, 7) == u"+0:01"_s);
    // The visitor is called: the alert goes, and desk 1 is busy.
    reception->ok(u"visit.callNext"_s);
    REQUIRE(waitUntil([&] { return alerts->model()->rowCount() == 0; }));
    REQUIRE(waitUntil([&] { return cell(desks, desk1, 2) == u"занято"_s; }));
    CHECK(cell(desks, desk1, 3) == u"Иванова Мария Петровна"_s);
    CHECK(cell(desks, desk1, 4) == u"А-001 (вызван)"_s);
    // Desk 2 finishes and goes on a break.
    consult->ok(u"visit.finish"_s, {{u"visitId"_s, double(k1)}});
    consult->ok(u"desk.break"_s);
    REQUIRE(waitUntil([&] { return cell(desks, desk2, 2) == u"перерыв"_s; }));
    CHECK(cell(desks, desk2, 4).isEmpty());

    // Today's waits and services against the norms: the numbers of the server's `dashboard` op.
    const auto today =
        observer->call(u"dashboard"_s,
                       {{u"centreId"_s, 1}, {u"from"_s, u"2026-11-23"_s}, {u"to"_s, u"2026-11-23"_s}}, false);
    const bool reports = bool(today);
    if (!reports) {
        WARN("the server has no `dashboard` op yet: today's figures and the reports are not checked");
    } else {
        const QJsonObject admin = roleOf(*today, u"administrator"_s);
        const QJsonObject cons = roleOf(*today, u"consultant"_s);
        REQUIRE(waitUntil([&] {
            return cell(roles, 0, WaitMean) ==
                       formatDuration(admin.value(u"wait"_s).toObject().value(u"mean"_s).toDouble()) &&
                   cell(roles, 1, ServiceMean) ==
                       formatDuration(cons.value(u"service"_s).toObject().value(u"mean"_s).toDouble());
        }));
        CHECK(cell(roles, 0, WaitMean) == u"10:01"_s);
        CHECK(cell(roles, 1, WaitMean) == u"10:00"_s);
        CHECK(cell(roles, 1, WaitP90) ==
              formatDuration(cons.value(u"wait"_s).toObject().value(u"p90"_s).toDouble()));
        CHECK(cell(roles, 1, Served) == QString::number(cons.value(u"served"_s).toInt()));
        CHECK(cell(roles, 1, ServiceMean) == u"4:01"_s);

        // The reports for the period (today): by hour, per person, quality.
        auto *hours = child<QTableView>(w, "hoursTable");
        REQUIRE(waitUntil([&] { return rowOf(hours, 0, u"09:00"_s) >= 0; }));
        const QJsonObject period = observer->ok(
            u"dashboard"_s, {{u"centreId"_s, 1}, {u"from"_s, u"2026-11-23"_s}, {u"to"_s, u"2026-11-23"_s}});
        int arrivals9 = 0;
        for (const auto &h : period.value(u"byHour"_s).toArray())
            if (h.toObject().value(u"hour"_s).toInt() == 9)
                arrivals9 = h.toObject().value(u"arrivals"_s).toInt();
        CHECK(arrivals9 == 3);
        CHECK(cell(hours, rowOf(hours, 0, u"09:00"_s), 1) == QString::number(arrivals9));
        auto *staff = child<QTableView>(w, "staffTable");
        REQUIRE(waitUntil([&] { return rowOf(staff, 1, u"Петров Алексей Сергеевич"_s) >= 0; }));
        CHECK(cell(staff, rowOf(staff, 1, u"Петров Алексей Сергеевич"_s), 4) == u"1"_s);
        auto *quality = child<QTableView>(w, "qualityTable");
        CHECK(cell(quality, 0, 1) ==
              QString::number(period.value(u"quality"_s).toObject().value(u"visits"_s).toInt()));
    }

    // Norms: edited in the widgets, confirmed, on the server, in the journal.
    auto *centre = child<QComboBox>(w, "centre");
    centre->setCurrentIndex(centre->findData(1.0));
    auto *tabs = child<QTabWidget>(w, "tabs");
    tabs->setCurrentIndex(DashboardWindow::NormsTab);
    auto *wait = child<QSpinBox>(w, "normWait_consultant");
    REQUIRE(waitUntil([&] { return wait->isEnabled() && wait->value() == 20; }));
    wait->setValue(25);
    answer = false;
    child<QPushButton>(w, "saveNorms")->click();
    REQUIRE(questions.size() == 1);
    CHECK(questions[0].contains(u"ожидание 20 → 25 мин"_s));
    CHECK(child<QLabel>(w, "message")->text().contains(u"не изменены"_s));
    answer = true;
    child<QPushButton>(w, "saveNorms")->click();
    const auto consultNorm = [&] {
        return observer->ok(u"norms.get"_s, {{u"centreId"_s, 1}})
            .value(u"norms"_s)
            .toObject()
            .value(u"consultant"_s)
            .toObject();
    };
    REQUIRE(waitUntil([&] { return consultNorm().value(u"waitMinutes"_s).toInt() == 25; }));
    CHECK(consultNorm().value(u"serviceMinutes"_s).toInt() == 15);
    REQUIRE(waitUntil([&] { return child<QLabel>(w, "message")->text().contains(u"сохранены"_s); }));
    auto *history = child<QTableView>(w, "normsHistory");
    REQUIRE(waitUntil([&] { return history->model()->rowCount() >= 1; }));
    CHECK(cell(history, 0, 2) == u"Смирнов Игорь Николаевич"_s);
    CHECK(cell(history, 0, 3) == u"Консультант"_s);
    CHECK(cell(history, 0, 4) == u"ожидание 20 мин, приём 15 мин"_s);
    CHECK(cell(history, 0, 5) == u"ожидание 25 мин, приём 15 мин"_s);
    // The new norm is the one alerts and the table judge by.
    tabs->setCurrentIndex(DashboardWindow::NowTab);
    REQUIRE(waitUntil([&] { return cell(roles, 1, 3) == u"25 мин"_s; }));

    // Export of the «Сейчас» report: CSV as displayed (BOM, `;`), PDF with the same figures.
    nextPath = out.filePath(u"now.csv"_s);
    child<QPushButton>(w, "exportCsv")->click();
    QFile csv(nextPath);
    REQUIRE(csv.open(QIODevice::ReadOnly));
    const QByteArray bytes = csv.readAll();
    CHECK(bytes.startsWith("\xEF\xBB\xBF"));
    const QString csvText = QString::fromUtf8(bytes.mid(3));
    CHECK(csvText.contains(u"ЦОК;ЦОК Саранск"_s));
    CHECK(csvText.contains(u"Составил;Смирнов Игорь Николаевич (manager)"_s));
    for (int r = 0; r < roles->model()->rowCount(); ++r) {
        INFO(csvRow(roles, r).join(u';').toStdString());
        CHECK(csvText.contains(csvRow(roles, r).join(u';')));
    }
    CHECK(csvText.contains(csvRow(desks, desk1).join(u';')));
    // No duration is left as minutes:seconds, which a spreadsheet would take for hours:minutes.
    CHECK_FALSE(csvText.contains(
        QRegularExpression(u"(^|;)\\+?\\d{1,2}:\\d\\d(;|\\r?$)"_s, QRegularExpression::MultilineOption)));

    nextPath = out.filePath(u"now.pdf"_s);
    child<QPushButton>(w, "exportPdf")->click();
    REQUIRE(QFile::exists(nextPath));
    const QString pdf = pdfText(nextPath);
    INFO(pdf.toStdString());
    CHECK(pdf.contains(u"ЦОК Саранск"_s));
    CHECK(pdf.contains(u"Смирнов Игорь Николаевич"_s));
    CHECK(pdf.contains(u"Иванова Мария Петровна"_s));
    CHECK(pdf.contains(u"А-001 (вызван)"_s));
    CHECK(pdf.contains(cell(roles, 1, Longest)));
    if (reports) {
        CHECK(pdf.contains(cell(roles, 1, ServiceMean)));
        // The hours report with its charts drawn in.
        tabs->setCurrentIndex(DashboardWindow::HoursTab);
        nextPath = out.filePath(u"hours.pdf"_s);
        child<QPushButton>(w, "exportPdf")->click();
        REQUIRE(QFile::exists(nextPath));
        CHECK(QFile(nextPath).size() > QFile(out.filePath(u"now.pdf"_s)).size());
        CHECK(pdfText(nextPath).contains(u"09:00"_s));
        if (const QString docs = qEnvironmentVariable("OKNO_DOCS_OUT"); !docs.isEmpty()) {
            QFile::remove(docs + u"/dashboard-report.pdf"_s);
            QFile::copy(nextPath, docs + u"/dashboard-report.pdf"_s);
        }
        tabs->setCurrentIndex(DashboardWindow::NowTab);
    }
    // A file that cannot be written is said so, in Russian.
    CHECK_FALSE(w.exportCsv(u"/nonexistent-dir/x.csv"_s));
    CHECK(child<QLabel>(w, "message")->text().contains(u"Не удалось записать"_s));

    // The server restarts: the banner says so, the window comes back by itself and goes on live.
    const quint16 port = d.server.port();
    d.server.stop();
    REQUIRE(waitUntil([&] { return banner->text().contains(u"Нет связи"_s); }));
    REQUIRE(d.server.start(port));
    REQUIRE(waitUntil([&] { return banner->text().contains(u"установлена"_s); }, 20000));
    auto reception2 = d.staff(u"admin1"_s, 1);
    reception2->ok(u"visit.issue"_s, {{u"queueCode"_s, u"consult"_s}});
    REQUIRE(waitUntil([&] { return cell(roles, 1, Waiting) == u"2"_s; }));
    CHECK(cell(roles, 1, Longest) ==
          formatDuration(queueLoad(*observer, u"consult"_s).value(u"longestWaitSecs"_s).toDouble()));
}

// The per-centre table of «Сейчас»: the centre, its alerts, then four columns per stage role
// (administrator, consultant, cashier): waiting, longest wait, today's mean wait, share within norm.
namespace {
enum PerCentreColumn
{
    PcName = 0,
    PcOverdue = 1
};
int pc(int roleIndex, int measure)
{
    return 2 + roleIndex * 4 + measure;
}
enum PcMeasure
{
    PcWaiting,
    PcLongest,
    PcMeanWait,
    PcWithinNorm
};
const QStringList kRoles{u"administrator"_s, u"consultant"_s, u"cashier"_s};

QString durationOr(const QJsonObject &summary, const char *key)
{
    return summary.value(u"count"_s).toInt()
               ? formatDuration(summary.value(QLatin1StringView(key)).toDouble())
               : u"—"_s;
}
} // namespace

TEST_CASE("dashboard: at the day's end, who is still to be served", "[gui][dashboard][dayend]")
{
    DemoServer d;
    d.at(16, 30);
    auto reception = d.staff(u"admin1"_s, 1);
    reception->ok(u"visit.issue"_s, {{u"queueCode"_s, u"consult"_s}, {u"priority"_s, u"veteran"_s}});
    d.at(16, 35);
    reception->ok(u"visit.issue"_s, {{u"queueCode"_s, u"consult"_s}});
    reception->ok(u"visit.issue"_s, {{u"queueCode"_s, u"cash"_s}});
    auto consult = d.staff(u"consult1"_s, 2);
    consult->ok(u"desk.open"_s);
    d.at(16, 40);
    const qint64 k1 = visitIdOf(consult->ok(u"visit.callNext"_s)); // К-001, the veteran
    consult->ok(u"visit.start"_s, {{u"visitId"_s, double(k1)}});

    QSettings().remove(u"dashboard"_s);
    okno::Client client;
    DashboardWindow w(&client);
    w.setClockSyncIntervalMs(100);
    w.setRefreshThrottleMs(200);
    w.resize(1366, 768);
    w.show();
    client.connectToServer(u"127.0.0.1"_s, d.server.port(), {u"manager"_s, u"okno-demo"_s, 0, 0});
    auto *box = child<QWidget>(w, "stillToServeBox");
    auto *table = child<QTableView>(w, "stillToServeTable");
    REQUIRE(waitUntil(
        [&] { return client.isReady() && child<QTableView>(w, "desksTable")->model()->rowCount() > 0; }));
    // Tickets are still given: the queue is in the roles' table, no list.
    CHECK_FALSE(box->isVisible());

    // 17:10, after closing: the three of the day not yet served, in the order they came.
    d.at(17, 10);
    REQUIRE(waitUntil([&] { return box->isVisible() && table->model()->rowCount() == 3; }));
    CHECK(rowTexts(table, 0).mid(1) == QStringList{u"К-001"_s, u"Консультация"_s, u"на приёме"_s, u"16:30"_s,
                                                   u"2"_s,
                                                   u"Ветеран, инвалид войны, участник боевых действий"_s});
    CHECK(rowTexts(table, 1).mid(1, 5) ==
          QStringList{u"К-002"_s, u"Консультация"_s, u"ожидает"_s, u"16:35"_s, QString()});
    CHECK(cell(table, 2, 1) == u"О-001"_s);
    auto *label = child<QLabel>(w, "stillToServeLabel");
    CHECK(label->text().contains(u"ещё не обслужены 3 (ждут 2, у окон 1)"_s));

    // Served one by one, they leave the list; when nobody is left, it goes.
    consult->ok(u"visit.finish"_s, {{u"visitId"_s, double(k1)}});
    REQUIRE(waitUntil([&] { return table->model()->rowCount() == 2; }));
    const qint64 k2 = visitIdOf(consult->ok(u"visit.callNext"_s));
    consult->ok(u"visit.start"_s, {{u"visitId"_s, double(k2)}});
    consult->ok(u"visit.finish"_s, {{u"visitId"_s, double(k2)}});
    REQUIRE(waitUntil([&] { return table->model()->rowCount() == 1; }));
    auto cashier = d.staff(u"cashier1"_s, 4);
    cashier->ok(u"desk.open"_s);
    const qint64 o1 = visitIdOf(cashier->ok(u"visit.callNext"_s));
    cashier->ok(u"visit.start"_s, {{u"visitId"_s, double(o1)}});
    cashier->ok(u"visit.finish"_s, {{u"visitId"_s, double(o1)}});
    REQUIRE(waitUntil([&] { return !box->isVisible(); }));

    // A refusal stays on the line only until the server next answers: dates the wrong way round,
    // then put right.
    auto *message = child<QLabel>(w, "message");
    auto *from = child<QDateEdit>(w, "fromDate");
    auto *to = child<QDateEdit>(w, "toDate");
    from->setDate(to->date().addDays(1));
    REQUIRE(waitUntil([&] { return message->text().contains(u"позже его конца"_s); }));
    from->setDate(to->date());
    REQUIRE(waitUntil([&] { return message->text().isEmpty(); }));
}

TEST_CASE("dashboard: a company-wide manager sees every centre, their sum and which is behind",
          "[gui][dashboard]")
{
    DemoServer d;
    d.at(9, 0);
    QSettings().remove(u"dashboard"_s);
    okno::Client client;
    client.setReconnectDelays(100, 500);
    DashboardWindow w(&client);
    w.setClockSyncIntervalMs(100);
    w.setRefreshThrottleMs(200);
    QTemporaryDir out;
    QString nextPath;
    w.setSavePath([&](const QString &) { return nextPath; });
    w.resize(1366, 768);
    w.show();
    client.connectToServer(u"127.0.0.1"_s, d.server.port(), {u"director"_s, u"okno-demo"_s, 0, 0});
    REQUIRE(waitUntil([&] { return client.isReady(); }));
    auto *centre = child<QComboBox>(w, "centre");
    REQUIRE(waitUntil([&] { return centre->count() == 2; }));
    CHECK(centre->itemText(0) == u"Все центры"_s);
    CHECK(centre->currentIndex() == 0);

    // The system administrator opens a second centre while the director watches: a copy of the
    // first one's schedule, norms and categories, one consultation queue, one desk, one consultant.
    QJsonObject second = d.admin->ok(u"centre.get"_s, {{u"centreId"_s, 1}}).value(u"centre"_s).toObject();
    second.remove(u"id"_s);
    second.insert(u"code"_s, u"RUZAEVKA"_s);
    second.insert(u"name"_s, u"ЦОК Рузаевка"_s);
    second.insert(u"address"_s, u"г. Рузаевка, ул. Ленина, 1"_s);
    const qint64 c2 = qint64(d.admin->ok(u"centre.put"_s, {{u"centre"_s, second}})
                                 .value(u"centre"_s)
                                 .toObject()
                                 .value(u"id"_s)
                                 .toDouble());
    REQUIRE(c2 > 1);
    const double q2 = d.admin
                          ->ok(u"queue.put"_s, {{u"queue"_s, QJsonObject{{u"centreId"_s, double(c2)},
                                                                         {u"code"_s, u"consult"_s},
                                                                         {u"name"_s, u"Консультация"_s},
                                                                         {u"prefix"_s, u"К"_s},
                                                                         {u"role"_s, u"consultant"_s}}}})
                          .value(u"queue"_s)
                          .toObject()
                          .value(u"id"_s)
                          .toDouble();
    d.admin->ok(u"desk.put"_s, {{u"desk"_s, QJsonObject{{u"centreId"_s, double(c2)},
                                                        {u"number"_s, 1},
                                                        {u"name"_s, u"Окно 1"_s},
                                                        {u"queueIds"_s, QJsonArray{q2}}}}});
    d.admin->ok(u"staff.put"_s, {{u"staff"_s, QJsonObject{{u"centreId"_s, double(c2)},
                                                          {u"login"_s, u"consult21"_s},
                                                          {u"fullName"_s, u"Морозова Анна Павловна"_s},
                                                          {u"position"_s, u"Менеджер-консультант"_s},
                                                          {u"role"_s, u"consultant"_s}}},
                                 {u"password"_s, u"okno-demo"_s}});
    // The new centre appears in the selector by itself.
    REQUIRE(waitUntil([&] { return centre->findText(u"ЦОК Рузаевка"_s) >= 0; }));
    CHECK(centre->count() == 3);
    CHECK(centre->currentIndex() == 0);

    // Tickets in both centres at set times.
    auto reception = d.staff(u"admin1"_s, 1);
    reception->ok(u"desk.open"_s);
    auto consult = d.staff(u"consult1"_s, 2);
    consult->ok(u"desk.open"_s);
    auto ruzConsult = d.staff(u"consult21"_s, 1);
    ruzConsult->ok(u"desk.open"_s);
    auto observer = d.staff(u"director"_s);
    reception->ok(u"visit.issue"_s, {{u"queueCode"_s, u"reception"_s}}); // А-001
    reception->ok(u"visit.issue"_s, {{u"queueCode"_s, u"consult"_s}});   // К-001
    for (int i = 0; i < 2; ++i)                                          // Рузаевка К-001, К-002
        d.admin->ok(u"visit.issue"_s, {{u"centreId"_s, double(c2)}, {u"queueCode"_s, u"consult"_s}});
    d.at(9, 5);
    const qint64 r1 = visitIdOf(ruzConsult->ok(u"visit.callNext"_s)); // waited 5:00
    ruzConsult->ok(u"visit.start"_s, {{u"visitId"_s, double(r1)}});
    reception->ok(u"visit.issue"_s, {{u"queueCode"_s, u"consult"_s}}); // К-002
    d.at(9, 10);
    const qint64 k1 = visitIdOf(consult->ok(u"visit.callNext"_s)); // waited 10:00
    consult->ok(u"visit.start"_s, {{u"visitId"_s, double(k1)}});
    // 9:25. Саранск: А-001 waits 25 min (norm 10), К-002 20 min (exactly the norm), К-001 served
    // 15 min (exactly the norm). Рузаевка: К-002 waits 25 min (norm 20), К-001 served 20 min (15).
    d.at(9, 25);

    auto *roles = child<QTableView>(w, "rolesTable");
    auto *desks = child<QTableView>(w, "desksTable");
    auto *alerts = child<QTableView>(w, "alertsTable");
    auto *perCentre = child<QTableView>(w, "perCentreTable");
    using Mode = QAbstractItemModelTester::FailureReportingMode;
    QAbstractItemModelTester perCentreTester(perCentre->model(), Mode::Fatal);
    const QString date = u"2026-11-23"_s;
    const auto dashboardOf = [&](qint64 centreId) {
        return observer->ok(u"dashboard"_s,
                            {{u"centreId"_s, double(centreId)}, {u"from"_s, date}, {u"to"_s, date}});
    };

    // «Все центры»: the sum of both centres, per stage role, against each centre's `status`...
    const QJsonObject all = dashboardOf(0);
    REQUIRE(all.value(u"centres"_s).toArray().size() == 2);
    const auto rolesMatch = [&](const QList<qint64> &centres, const QJsonObject &today) {
        for (int r = 0; r < 3; ++r) {
            int waiting = 0;
            double longest = 0;
            for (qint64 c : centres) {
                const StatusRole s = statusRole(*observer, c, kRoles[r]);
                waiting += s.waiting;
                longest = std::max(longest, s.longest);
            }
            const QJsonObject t = roleOf(today, kRoles[r]);
            const QStringList want{QString::number(waiting),
                                   waiting ? formatDuration(longest) : u"—"_s,
                                   durationOr(t.value(u"wait"_s).toObject(), "mean"),
                                   durationOr(t.value(u"wait"_s).toObject(), "p90"),
                                   durationOr(t.value(u"service"_s).toObject(), "mean"),
                                   QString::number(t.value(u"served"_s).toInt())};
            const QStringList shown{cell(roles, r, Waiting),     cell(roles, r, Longest),
                                    cell(roles, r, WaitMean),    cell(roles, r, WaitP90),
                                    cell(roles, r, ServiceMean), cell(roles, r, Served)};
            if (shown != want) {
                UNSCOPED_INFO(kRoles[r].toStdString()
                              << ": shown " << shown.join(u' ').toStdString() << ", the server says "
                              << want.join(u' ').toStdString());
                return false;
            }
        }
        return true;
    };
    REQUIRE(waitUntil([&] { return rolesMatch({1, c2}, all); }));
    // ... which are, by hand: one at reception, one consultation ticket waiting in each centre.
    CHECK(cell(roles, 0, Waiting) == u"1"_s);
    CHECK(cell(roles, 0, Longest) == u"25:00"_s);
    CHECK(cell(roles, 1, Waiting) == u"2"_s);
    CHECK(cell(roles, 1, Longest) == u"25:00"_s);
    CHECK(cell(roles, 1, WaitMean) == u"7:30"_s); // 10:00 in Саранск, 5:00 in Рузаевка
    CHECK(cell(roles, 2, Waiting) == u"0"_s);
    CHECK(child<QLabel>(w, "nowLabel")->text().contains(u"открыто ЦОК: 2 из 2"_s));

    // The desks of both centres, with the centre's column.
    REQUIRE(waitUntil([&] { return desks->model()->rowCount() == 5; }));
    CHECK_FALSE(desks->isColumnHidden(0));
    const int ruzDesk = rowOf(desks, 0, u"ЦОК Рузаевка"_s);
    REQUIRE(ruzDesk >= 0);
    CHECK(rowTexts(desks, ruzDesk).mid(1, 5) == QStringList{u"Окно 1"_s, u"занято"_s,
                                                            u"Морозова Анна Павловна"_s,
                                                            u"К-001 (на приёме)"_s, u"20:00"_s});
    int sarDesk2 = -1;
    for (int r = 0; r < desks->model()->rowCount(); ++r)
        if (cell(desks, r, 0) == u"ЦОК Саранск"_s && cell(desks, r, 1) == u"Окно 2"_s)
            sarDesk2 = r;
    REQUIRE(sarDesk2 >= 0);
    CHECK(cell(desks, sarDesk2, 3) == u"Петров Алексей Сергеевич"_s);
    CHECK(cell(desks, sarDesk2, 4) == u"К-001 (на приёме)"_s);

    // The alerts of both, longest first: two waits of 25 min and the Рузаевка service of 20.
    REQUIRE(waitUntil([&] { return alerts->model()->rowCount() == 3; }));
    CHECK_FALSE(alerts->isColumnHidden(0));
    QStringList alertRows;
    for (int r = 0; r < 3; ++r)
        alertRows.append(rowTexts(alerts, r).mid(0, 6).join(u'|'));
    const QString ruzWait = formatDuration(statusRole(*observer, c2, u"consultant"_s).longest);
    const QString sarWait = formatDuration(statusRole(*observer, 1, u"administrator"_s).longest);
    CHECK(alertRows.contains(u"ЦОК Саранск|А-001|Администратор|Администратор|ждёт|"_s + sarWait));
    CHECK(alertRows.contains(u"ЦОК Рузаевка|К-002|Консультация|Консультант|ждёт|"_s + ruzWait));
    CHECK(alertRows[2] == u"ЦОК Рузаевка|К-001|Консультация|Консультант|на приёме, окно 1|20:00"_s);
    CHECK(child<QLabel>(w, "alertsLabel")->text() == u"Сверх нормы: ждут 2, на приёме 1"_s);

    // Which centre is behind: a row each, its figures those of its own `status` and `dashboard`.
    REQUIRE(child<QWidget>(w, "perCentreBox")->isVisible());
    const auto centreRowMatches = [&](qint64 id, const QString &name, int overdue) {
        const int row = rowOf(perCentre, PcName, name);
        if (row < 0)
            return false;
        const QJsonObject today = centreOf(all, id);
        const QJsonArray overdueNow =
            observer->ok(u"alerts"_s, {{u"centreId"_s, double(id)}}).value(u"alerts"_s).toArray();
        QStringList want{name, QString::number(overdue)};
        for (int r = 0; r < 3; ++r) {
            const StatusRole s = statusRole(*observer, id, kRoles[r]);
            const QJsonObject wait = roleOf(today, kRoles[r]).value(u"wait"_s).toObject();
            // Within the norm out of those called today and those waiting past the norm now.
            int waitingPast = 0;
            for (const auto &a : overdueNow)
                waitingPast +=
                    a.toObject().value(u"kind"_s) == u"wait"_s && a.toObject().value(u"role"_s) == kRoles[r];
            const int of = wait.value(u"count"_s).toInt() + waitingPast;
            want << QString::number(s.waiting) << (s.waiting ? formatDuration(s.longest) : u"—"_s)
                 << durationOr(wait, "mean")
                 << (of ? okno::dashboard::formatShare(wait.value(u"withinNorm"_s).toDouble() / of) : u"—"_s);
        }
        if (rowTexts(perCentre, row) != want) {
            UNSCOPED_INFO("shown " << rowTexts(perCentre, row).join(u'|').toStdString()
                                   << ", the server says " << want.join(u'|').toStdString());
            return false;
        }
        return true;
    };
    REQUIRE(waitUntil([&] { return perCentre->model()->rowCount() == 2; }));
    CHECK(waitUntil([&] { return centreRowMatches(1, u"ЦОК Саранск"_s, 1); }));
    CHECK(waitUntil([&] { return centreRowMatches(c2, u"ЦОК Рузаевка"_s, 2); }));
    const int sar = rowOf(perCentre, PcName, u"ЦОК Саранск"_s);
    const int ruz = rowOf(perCentre, PcName, u"ЦОК Рузаевка"_s);
    CHECK(cell(perCentre, sar, pc(1, PcLongest)) == u"20:00"_s);
    CHECK(cell(perCentre, sar, pc(1, PcMeanWait)) == u"10:00"_s);
    CHECK(cell(perCentre, ruz, pc(1, PcLongest)) == u"25:00"_s);
    CHECK(cell(perCentre, ruz, pc(1, PcMeanWait)) == u"5:00"_s);
    CHECK(cell(perCentre, ruz, pc(0, PcWaiting)) == u"0"_s);
    // Coloured against the centre's own norm: 25 min past 20 is red, 20 min at the norm amber.
    const auto colourOf = [&](int row, int column) {
        return perCentre->model()->index(row, column).data(Qt::BackgroundRole).value<QColor>();
    };
    CHECK(colourOf(ruz, pc(1, PcLongest)) == okno::dashboard::normColour(25 * 60, 20 * 60));
    CHECK(colourOf(sar, pc(1, PcLongest)) == okno::dashboard::normColour(20 * 60, 20 * 60));
    CHECK(colourOf(ruz, pc(1, PcLongest)) != colourOf(sar, pc(1, PcLongest)));
    // Every column in view, without scrolling sideways, on a 1366×768 screen and on 1920×1080.
    const auto fits = [&](QTableView *t) {
        return t->horizontalHeader()->length() <= t->viewport()->width();
    };
    for (QSize size : {QSize(1366, 768), QSize(1920, 1080)}) {
        w.resize(size);
        INFO("window " << size.width() << "x" << size.height());
        CHECK(waitUntil([&] { return w.size() == size && fits(perCentre) && fits(roles) && fits(desks); }));
        CHECK(perCentre->verticalScrollBar()->maximum() == 0); // every centre's row in view
    }
    w.resize(1366, 768);

    // Sorted by its alerts, the centre most behind comes first.
    perCentre->sortByColumn(PcOverdue, Qt::DescendingOrder);
    CHECK(cell(perCentre, 0, PcName) == u"ЦОК Рузаевка"_s);
    perCentre->sortByColumn(PcName, Qt::AscendingOrder);
    CHECK(cell(perCentre, 0, PcName) == u"ЦОК Рузаевка"_s);

    // «Качество»: all centres, then each one's own column, as the server counts them.
    auto *quality = child<QTableView>(w, "qualityTable");
    const auto qualityMatches = [&](const QStringList &columns, const QList<QJsonObject> &figures) {
        if (quality->model()->columnCount() != columns.size() + 1)
            return false;
        for (int c = 0; c < columns.size(); ++c) {
            if (quality->model()->headerData(c + 1, Qt::Horizontal).toString() != columns[c])
                return false;
            // Visits; finished visits; called stages.
            const QJsonObject q = figures[c].value(u"quality"_s).toObject();
            if (cell(quality, 0, c + 1) != QString::number(q.value(u"visits"_s).toInt()) ||
                cell(quality, 1, c + 1) != QString::number(q.value(u"finishedVisits"_s).toInt()) ||
                cell(quality, 3, c + 1) != QString::number(q.value(u"calledStages"_s).toInt()))
                return false;
        }
        return true;
    };
    REQUIRE(waitUntil([&] {
        return qualityMatches({u"Все центры"_s, u"ЦОК Саранск"_s, u"ЦОК Рузаевка"_s},
                              {all, centreOf(all, 1), centreOf(all, c2)});
    }));
    CHECK(cell(quality, 0, 1) == u"5"_s); // three visits in Саранск, two in Рузаевка
    CHECK(cell(quality, 0, 2) == u"3"_s);
    CHECK(cell(quality, 0, 3) == u"2"_s);

    // The export of «Сейчас» carries the per-centre table too.
    nextPath = out.filePath(u"all.csv"_s);
    child<QPushButton>(w, "exportCsv")->click();
    QFile csv(nextPath);
    REQUIRE(csv.open(QIODevice::ReadOnly));
    const QString csvText = QString::fromUtf8(csv.readAll().mid(3));
    CHECK(csvText.contains(u"ЦОК;Все центры"_s));
    CHECK(csvText.contains(u"По центрам"_s));
    CHECK(csvText.contains(csvRow(perCentre, rowOf(perCentre, PcName, u"ЦОК Рузаевка"_s)).join(u';')));
    nextPath = out.filePath(u"all.pdf"_s);
    child<QPushButton>(w, "exportPdf")->click();
    const QString pdf = pdfText(nextPath);
    INFO(pdf.toStdString());
    CHECK(pdf.contains(u"По центрам"_s));
    CHECK(pdf.contains(u"ЦОК Рузаевка"_s));
    CHECK(pdf.contains(u"Орлова Наталья Андреевна"_s));
    if (const QString docs = qEnvironmentVariable("OKNO_DOCS_OUT"); !docs.isEmpty()) {
        QFile::remove(docs + u"/dashboard-all.pdf"_s);
        QFile::copy(nextPath, docs + u"/dashboard-all.pdf"_s);
    }

    // One centre: only its own figures, by `status` and `dashboard` for it.
    centre->setCurrentIndex(centre->findText(u"ЦОК Рузаевка"_s));
    const QJsonObject ruzToday = dashboardOf(c2);
    REQUIRE(waitUntil([&] { return rolesMatch({c2}, ruzToday); }));
    CHECK(cell(roles, 1, Waiting) == u"1"_s);
    CHECK(cell(roles, 1, WaitMean) == u"5:00"_s);
    CHECK(cell(roles, 0, Waiting) == u"0"_s);
    CHECK(desks->model()->rowCount() == 1);
    CHECK(desks->isColumnHidden(0));
    CHECK(alerts->model()->rowCount() == 2);
    for (int r = 0; r < alerts->model()->rowCount(); ++r)
        CHECK(cell(alerts, r, 0) == u"ЦОК Рузаевка"_s);
    CHECK_FALSE(child<QWidget>(w, "perCentreBox")->isVisible());
    CHECK(perCentre->model()->rowCount() == 0);
    REQUIRE(waitUntil([&] { return qualityMatches({u"ЦОК Рузаевка"_s}, {ruzToday}); }));
    CHECK(cell(quality, 0, 1) == u"2"_s);

    centre->setCurrentIndex(centre->findText(u"ЦОК Саранск"_s));
    const QJsonObject sarToday = dashboardOf(1);
    REQUIRE(waitUntil([&] { return rolesMatch({1}, sarToday); }));
    CHECK(cell(roles, 1, Longest) == u"20:00"_s);
    CHECK(cell(roles, 1, WaitMean) == u"10:00"_s);
    CHECK(desks->model()->rowCount() == 4);
    CHECK(alerts->model()->rowCount() == 1);
    REQUIRE(waitUntil([&] { return qualityMatches({u"ЦОК Саранск"_s}, {sarToday}); }));

    // Back to all: the Рузаевка visitor is called, the sum and that centre's row follow.
    centre->setCurrentIndex(0);
    ruzConsult->ok(u"visit.finish"_s, {{u"visitId"_s, double(r1)}});
    ruzConsult->ok(u"visit.callNext"_s); // К-002, waited 25:00
    const QJsonObject later = dashboardOf(0);
    REQUIRE(waitUntil([&] { return rolesMatch({1, c2}, later); }));
    CHECK(cell(roles, 1, Waiting) == u"1"_s);
    CHECK(cell(roles, 1, WaitMean) == formatDuration((10 + 5 + 25) * 60 / 3.0));
    REQUIRE(waitUntil([&] { return alerts->model()->rowCount() == 1; }));
    REQUIRE(child<QWidget>(w, "perCentreBox")->isVisible());
    const auto allNow = later;
    REQUIRE(waitUntil([&] {
        const int row = rowOf(perCentre, PcName, u"ЦОК Рузаевка"_s);
        return row >= 0 && cell(perCentre, row, PcOverdue) == u"0"_s &&
               cell(perCentre, row, pc(1, PcMeanWait)) ==
                   durationOr(roleOf(centreOf(allNow, c2), u"consultant"_s).value(u"wait"_s).toObject(),
                              "mean");
    }));
    CHECK(cell(perCentre, rowOf(perCentre, PcName, u"ЦОК Рузаевка"_s), pc(1, PcMeanWait)) == u"15:00"_s);
    CHECK(cell(perCentre, rowOf(perCentre, PcName, u"ЦОК Рузаевка"_s), pc(1, PcWithinNorm)) ==
          u"50,0\u00A0%"_s);
}

// On months of generated history, the reports show exactly the server's figures — which
// tests/integration/test_dashboard.cpp checks, on the same generator, against its own arithmetic
// straight from the database rows. Every person, every day and every quality measure is compared.
TEST_CASE("dashboard: the reports on a generated history show the server's figures, every row",
          "[gui][dashboard][history]")
{
    using okno::dashboard::formatDecimal;
    using okno::dashboard::formatShare;
    okno::HistoryOptions o;
    o.centres = 2;
    o.from = QDate(2026, 11, 2); // Monday
    o.to = QDate(2026, 11, 13);  // Friday, two weeks
    o.visitsPerDay = 80;
    o.seed = 77;
    HistoryServer h(o, DemoServer::moscow(QDate(2026, 11, 16), 9, 0));
    SyncClient &chief = h.chief;
    const QJsonObject want =
        chief.ok(u"dashboard"_s, {{u"from"_s, u"2026-11-02"_s}, {u"to"_s, u"2026-11-13"_s}});
    REQUIRE(want.value(u"byStaff"_s).toArray().size() > 10);

    QSettings().remove(u"dashboard"_s);
    okno::Client client;
    DashboardWindow w(&client);
    w.setRefreshThrottleMs(200);
    w.resize(1920, 1080);
    w.show();
    client.connectToServer(u"127.0.0.1"_s, h.server.port(), {u"chief"_s, u"Director-of-all-7"_s, 0, 0});
    auto *centre = child<QComboBox>(w, "centre");
    REQUIRE(waitUntil([&] { return centre->count() == 3; })); // «Все центры» and the two
    centre->setCurrentIndex(0);
    child<QDateEdit>(w, "fromDate")->setDate(QDate(2026, 11, 2));
    child<QDateEdit>(w, "toDate")->setDate(QDate(2026, 11, 13));

    // Each person: served, no-shows, service mean / p90 / max and the share within norm.
    auto *staff = child<QTableView>(w, "staffTable");
    const QJsonArray people = want.value(u"byStaff"_s).toArray();
    REQUIRE(waitUntil([&] { return staff->model()->rowCount() == people.size(); }, 30000));
    for (const auto &v : people) {
        const QJsonObject p = v.toObject();
        const int row = rowOf(staff, 2, p.value(u"login"_s).toString());
        INFO("staff " << p.value(u"login"_s).toString().toStdString());
        REQUIRE(row >= 0);
        const QJsonObject s = p.value(u"service"_s).toObject();
        CHECK(cell(staff, row, 1) == p.value(u"fullName"_s).toString());
        CHECK(cell(staff, row, 4) == QString::number(p.value(u"served"_s).toInt()));
        CHECK(cell(staff, row, 5) == QString::number(p.value(u"noShows"_s).toInt()));
        if (s.value(u"count"_s).toInt() > 0) {
            CHECK(cell(staff, row, 6) == formatDuration(s.value(u"mean"_s).toDouble()));
            CHECK(cell(staff, row, 7) == formatDuration(s.value(u"p90"_s).toDouble()));
            CHECK(cell(staff, row, 8) == formatDuration(s.value(u"max"_s).toDouble()));
            CHECK(cell(staff, row, 9) == formatShare(s.value(u"withinNormShare"_s).toDouble()));
        }
    }

    // Each day, every stage together: arrivals, served, waits and services against the norms.
    auto *days = child<QTableView>(w, "daysTable");
    child<QComboBox>(w, "daysRole")->setCurrentIndex(0); // «Все этапы»
    const QJsonArray byDay = want.value(u"byDay"_s).toArray();
    REQUIRE(waitUntil([&] { return days->model()->rowCount() == byDay.size(); }));
    REQUIRE(byDay.size() == 10);
    for (int i = 0; i < byDay.size(); ++i) {
        const QJsonObject d = byDay[i].toObject();
        const QJsonObject wait = d.value(u"wait"_s).toObject(), service = d.value(u"service"_s).toObject();
        INFO("day " << d.value(u"date"_s).toString().toStdString());
        CHECK(cell(days, i, 1) == QString::number(d.value(u"arrivals"_s).toInt()));
        CHECK(cell(days, i, 2) == QString::number(d.value(u"served"_s).toInt()));
        CHECK(cell(days, i, 3) == QString::number(wait.value(u"count"_s).toInt()));
        CHECK(cell(days, i, 4) == formatDuration(wait.value(u"mean"_s).toDouble()));
        CHECK(cell(days, i, 5) == formatDuration(wait.value(u"p90"_s).toDouble()));
        CHECK(cell(days, i, 6) == formatShare(wait.value(u"withinNormShare"_s).toDouble()));
        CHECK(cell(days, i, 7) == QString::number(service.value(u"count"_s).toInt()));
        CHECK(cell(days, i, 8) == formatDuration(service.value(u"mean"_s).toDouble()));
        CHECK(cell(days, i, 9) == formatDuration(service.value(u"p90"_s).toDouble()));
        CHECK(cell(days, i, 10) == formatShare(service.value(u"withinNormShare"_s).toDouble()));
    }

    // The standard's measures for all centres and for each: contacts per visit, repeat visits,
    // the no-show rate and the counts they come from.
    auto *quality = child<QTableView>(w, "qualityTable");
    QList<QJsonObject> columns{want.value(u"quality"_s).toObject()};
    for (const auto &c : want.value(u"centres"_s).toArray())
        columns.append(c.toObject().value(u"quality"_s).toObject());
    REQUIRE(waitUntil([&] { return quality->model()->columnCount() == columns.size() + 1; }));
    for (int c = 0; c < columns.size(); ++c) {
        const QJsonObject q = columns[c];
        INFO("quality column " << c);
        const auto count = [&](const char *key) {
            return QString::number(q.value(QLatin1StringView(key)).toInt());
        };
        CHECK(cell(quality, 0, c + 1) == count("visits"));
        CHECK(cell(quality, 1, c + 1) == count("finishedVisits"));
        CHECK(cell(quality, 2, c + 1) == formatDecimal(q.value(u"contactsPerVisit"_s).toDouble(), 2));
        CHECK(cell(quality, 3, c + 1) == count("calledStages"));
        CHECK(cell(quality, 4, c + 1) == count("noShows"));
        CHECK(cell(quality, 5, c + 1) == formatShare(q.value(u"noShowRate"_s).toDouble()));
        CHECK(cell(quality, 6, c + 1) == count("visitsWithAccount"));
        CHECK(cell(quality, 7, c + 1) == count("repeatVisits"));
        CHECK(cell(quality, 8, c + 1) == formatShare(q.value(u"repeatShare"_s).toDouble()));
        CHECK(q.value(u"repeatVisits"_s).toInt() > 0); // generated follow-ups come back
    }
}

TEST_CASE("dashboard: CSV export keeps what people typed as text, never a spreadsheet formula",
          "[gui][dashboard][csv]")
{
    using okno::dashboard::Cell;
    okno::dashboard::ReportModel model({u"Сотрудник"_s, u"Обслужено"_s, u"Длится"_s});
    model.setRows(
        {{Cell::of(u"=HYPERLINK(\"http://evil\";\"x\")"_s), Cell::num(u"3"_s, 3), Cell::seconds(140)},
         {Cell::of(u"+7 900 000-00-00"_s), Cell::num(u"-5"_s, -5), Cell::of(u"@SUM(A1)"_s)},
         {Cell::of(u"-2+3"_s), Cell::of(u"\t=1+1"_s), Cell::of(u"Иванова"_s)}});
    QTemporaryDir dir;
    const QString path = dir.filePath(u"report.csv"_s);
    QString error;
    okno::dashboard::ReportHeader header;
    header.title = u"=cmd|' /C calc'!A0"_s;
    REQUIRE(okno::dashboard::writeCsv(path, header, {{u"Сотрудники"_s, &model}}, &error));
    QFile f(path);
    REQUIRE(f.open(QIODevice::ReadOnly));
    const QStringList lines = QString::fromUtf8(f.readAll()).split(u"\r\n"_s);
    INFO(lines.join(u'\n').toStdString());
    // Every cell that began with = + - @ or a tab now begins with «'» (inside quotes where the
    // field holds ; or "); numbers and durations stay numbers.
    CHECK(lines.contains(u"\"'=HYPERLINK(\"\"http://evil\"\";\"\"x\"\")\";3;0:02:20"_s));
    CHECK(lines.contains(u"'+7 900 000-00-00;-5;'@SUM(A1)"_s));
    CHECK(lines.contains(u"'-2+3;'\t=1+1;Иванова"_s));
    CHECK(lines.first().endsWith(u";'=cmd|' /C calc'!A0"_s));
}
