// The manager's dashboard through its real widgets against a real server: the live figures equal
// what the server's own `status` and `dashboard` say, alerts come and go with the server's clock
// and the visitors' calls, norms edited here reach the server and its journal, exports carry the
// figures as shown, and the window recovers when the server restarts.
#include "../integration/Fixture.h"

#include <DashboardWindow.h>
#include <Format.h>

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QProcess>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>

using okno::DashboardWindow;
using okno::dashboard::formatDuration;

namespace {

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

QJsonObject queueLoad(SyncClient &c, const QString &code)
{
    for (const auto &q : c.ok(u"status"_s, {{u"centreId"_s, 1}}).value(u"queues"_s).toArray())
        if (q.toObject().value(u"queue"_s).toObject().value(u"code"_s).toString() == code)
            return q.toObject();
    return {};
}

QJsonObject roleOf(const QJsonObject &dashboard, const QString &role)
{
    for (const auto &r : dashboard.value(u"roles"_s).toArray())
        if (r.toObject().value(u"role"_s).toString() == role)
            return r.toObject();
    return {};
}

QString pdfText(const QString &path)
{
    QProcess p;
    p.start(u"pdftotext"_s, {u"-layout"_s, path, u"-"_s});
    p.waitForFinished(20000);
    return QString::fromUtf8(p.readAllStandardOutput());
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
    CHECK(cell(desks, desk1, 2) == u"открыто, свободно"_s);
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
    if (observer->call(u"norms.history"_s, {{u"centreId"_s, 1}}, false)) {
        REQUIRE(waitUntil([&] { return history->model()->rowCount() >= 1; }));
        CHECK(cell(history, 0, 2) == u"Смирнов Игорь Николаевич"_s);
        CHECK(cell(history, 0, 3) == u"Консультант"_s);
        CHECK(cell(history, 0, 4) == u"ожидание 20 мин, приём 15 мин"_s);
        CHECK(cell(history, 0, 5) == u"ожидание 25 мин, приём 15 мин"_s);
    } else {
        WARN("the server has no `norms.history` op yet: the journal is not checked");
    }
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
        INFO(rowTexts(roles, r).join(u';').toStdString());
        CHECK(csvText.contains(rowTexts(roles, r).join(u';')));
    }
    CHECK(csvText.contains(rowTexts(desks, desk1).join(u';')));

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
