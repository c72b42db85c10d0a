// The consultant terminal's main flow through its real widgets against a real server.
#include "../integration/Fixture.h"
#include "Dialogs.h"

#include <ConsultantWindow.h>

#include <QComboBox>
#include <QDateEdit>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTest>

namespace {

template <typename T> T *child(QWidget &w, const char *name)
{
    T *c = w.findChild<T *>(QString::fromLatin1(name));
    INFO("widget " << name);
    REQUIRE(c != nullptr);
    return c;
}

QString stageState(SyncClient &c, qint64 id)
{
    return lastStage(c.ok(u"visit.get"_s, {{u"visitId"_s, double(id)}})).value(u"state"_s).toString();
}

// Where a widget is in its window once the layout has settled.
int yIn(QWidget &window, const char *name)
{
    QCoreApplication::sendPostedEvents(); // pending layout requests
    QCoreApplication::processEvents();
    QWidget *w = child<QWidget>(window, name);
    return w->mapTo(&window, QPoint(0, 0)).y();
}

} // namespace

TEST_CASE("consultant calls, writes the consultation ticket, prints the memo, routes to the cash desk",
          "[gui][consultant]")
{
    DemoServer d;
    d.at(10, 0);
    auto reception = d.staff(u"admin1"_s, 1);
    const qint64 id = visitIdOf(reception->ok(u"visit.issue"_s, {{u"queueCode"_s, u"consult"_s},
                                                                 {u"purpose"_s, u"Договор"_s},
                                                                 {u"customerName"_s, u"Орлова Н. С."_s},
                                                                 {u"accountNumber"_s, u"5550001112"_s}}));
    QTemporaryDir pdf;
    okno::Client client;
    okno::ConsultantWindow w(&client, pdf.path());
    w.show();
    client.connectToServer(u"127.0.0.1"_s, d.server.port(), {u"consult1"_s, u"okno-demo"_s, 0, 2});
    REQUIRE(waitUntil([&] { return client.isReady() && child<QComboBox>(w, "topic")->count() > 0; }));
    CHECK(child<QLabel>(w, "badge")->text().contains(u"Петров"_s));

    d.at(10, 12);
    child<QPushButton>(w, "callNext")->click();
    auto *current = child<QLabel>(w, "currentVisitor");
    REQUIRE(waitUntil([&] { return current->text().startsWith(u"К-001"_s); }));
    // What reception recorded is there.
    CHECK(current->text().contains(u"Орлова"_s));
    CHECK(child<QLabel>(w, "visitorPurpose")->text().contains(u"Договор"_s));
    CHECK(child<QLineEdit>(w, "account")->text() == u"5550001112"_s);
    // A next visit is offered a week from the centre's today, by the server's clock.
    CHECK(child<QDateEdit>(w, "nextVisitDate")->date() == QDate(2026, 11, 30));
    child<QPushButton>(w, "start")->click();
    REQUIRE(waitUntil([&] { return child<QLabel>(w, "serviceTimer")->text().contains(u"норматив 15"_s); }));

    // A malformed account is refused at the field; nothing is sent.
    child<QLineEdit>(w, "account")->setText(u"55-abc"_s);
    child<QPushButton>(w, "saveConsultation")->click();
    auto *message = child<QLabel>(w, "message");
    CHECK(message->text().contains(u"6 до 20 цифр"_s));
    CHECK(d.staff(u"cashier1"_s)
              ->ok(u"consultation.get"_s, {{u"visitId"_s, double(id)}})
              .value(u"consultations"_s)
              .toArray()
              .isEmpty());

    child<QLineEdit>(w, "account")->setText(u"5550001112"_s);
    auto *group = child<QComboBox>(w, "consumerGroup");
    group->setCurrentIndex(group->findData(u"legal_entity"_s));
    auto *topic = child<QComboBox>(w, "topic");
    topic->setCurrentIndex(topic->findData(u"contract"_s));
    child<QPlainTextEdit>(w, "notes")->setPlainText(u"Разъяснён порядок заключения договора"_s);
    child<QPushButton>(w, "saveConsultation")->click();
    REQUIRE(waitUntil([&] { return message->text().contains(u"сохранён"_s); }));
    const QJsonArray saved = d.staff(u"cashier1"_s)
                                 ->ok(u"consultation.get"_s, {{u"visitId"_s, double(id)}})
                                 .value(u"consultations"_s)
                                 .toArray();
    REQUIRE(saved.size() == 1);
    CHECK(saved[0].toObject().value(u"consumerGroup"_s).toString() == u"legal_entity"_s);

    // The written memo: the documents of the visitor's consumer group.
    child<QPushButton>(w, "printMemo")->click();
    REQUIRE(QFile::exists(w.lastPdf()));
    CHECK(QFile(w.lastPdf()).size() > 1000);
    if (const QString out = qEnvironmentVariable("OKNO_DOCS_OUT"); !out.isEmpty()) {
        QFile::remove(out + u"/memo.pdf"_s);
        QFile::copy(w.lastPdf(), out + u"/memo.pdf"_s);
    }

    child<QPushButton>(w, "routeCashier")->click();
    REQUIRE(waitUntil([&] { return current->text() == u"Нет посетителя"_s; }));
    const QJsonObject v = d.staff(u"manager"_s)->ok(u"visit.get"_s, {{u"visitId"_s, double(id)}});
    CHECK(lastStage(v).value(u"role"_s).toString() == u"cashier"_s);

    // The server goes away mid-shift: the banner says so, buttons wait; it recovers by itself.
    auto *banner = child<QLabel>(w, "connectionBanner");
    const quint16 port = d.server.port();
    d.server.stop();
    REQUIRE(waitUntil([&] { return banner->text().contains(u"Нет связи"_s); }));
    CHECK_FALSE(child<QPushButton>(w, "callNext")->isEnabled());
    REQUIRE(d.server.start(port));
    REQUIRE(waitUntil([&] { return banner->text().contains(u"установлена"_s); }, 20000));
    CHECK(child<QPushButton>(w, "callNext")->isEnabled());
}

TEST_CASE("consultant's desk: the priority category shown, buttons follow the visitor, no-show confirmed, "
          "buttons stay put",
          "[gui][consultant][desk]")
{
    DemoServer d;
    d.at(10, 0);
    // A veteran's kiosk ticket (the kiosk asks for the category), then a visitor with a long name
    // registered at reception without one.
    auto kiosk = d.staff(u"kiosk1"_s);
    const qint64 veteran = visitIdOf(kiosk->ok(u"visit.issue"_s, {{u"queueCode"_s, u"consult"_s},
                                                                  {u"purpose"_s, u"Консультация"_s},
                                                                  {u"priority"_s, u"vulnerable"_s}}));
    auto reception = d.staff(u"admin1"_s, 1);
    const QString longName = u"Константинопольская-Верхнедвинская Александра-Мария Христофоровна "
                             u"Иоанновна-Бартоломеевна фон Шлиссельбург-Петропавловская"_s;
    const qint64 regular = visitIdOf(reception->ok(
        u"visit.issue"_s,
        {{u"queueCode"_s, u"consult"_s}, {u"purpose"_s, u"Перерасчёт"_s}, {u"customerName"_s, longName}}));

    okno::Client client;
    okno::ConsultantWindow w(&client, {});
    w.resize(1366, 768);
    w.show();
    client.connectToServer(u"127.0.0.1"_s, d.server.port(), {u"consult1"_s, u"okno-demo"_s, 0, 2});
    REQUIRE(waitUntil([&] { return client.isReady() && child<QComboBox>(w, "topic")->count() > 0; }));
    auto *current = child<QLabel>(w, "currentVisitor");
    auto *priority = child<QLabel>(w, "visitorPriority");
    const auto enabled = [&](const char *name) { return child<QPushButton>(w, name)->isEnabled(); };

    // Nobody at the desk: only calling the next visitor (and break / end of shift) is possible.
    CHECK(enabled("callNext"));
    CHECK_FALSE(enabled("recall"));
    CHECK_FALSE(enabled("start"));
    CHECK_FALSE(enabled("finish"));
    CHECK_FALSE(enabled("noShow"));
    CHECK_FALSE(enabled("routeCashier"));
    CHECK(enabled("breakDesk"));
    CHECK(priority->text().isEmpty());
    const int breakY = yIn(w, "breakDesk");
    const int callY = yIn(w, "callNext");

    // The veteran is called (priority first): the category's name, not its code, and the reminder.
    child<QPushButton>(w, "callNext")->click();
    REQUIRE(waitUntil([&] { return current->text().startsWith(u"К-001"_s); }));
    CHECK(priority->text().simplified().contains(u"Социально уязвимая категория"_s));
    CHECK(priority->text().simplified().contains(u"проверьте документ"_s));
    CHECK_FALSE(priority->text().simplified().contains(u"vulnerable"_s));
    CHECK(enabled("recall"));
    CHECK(enabled("start"));
    CHECK(enabled("noShow"));
    CHECK_FALSE(enabled("finish"));
    CHECK_FALSE(enabled("routeCashier"));
    CHECK(yIn(w, "breakDesk") == breakY);

    // F9 asks first; «Нет» (the default) changes nothing.
    {
        AnswerMessageBox no(QMessageBox::No);
        child<QPushButton>(w, "noShow")->click();
        REQUIRE(no.shown());
        CHECK(no.text().contains(u"К-001"_s));
        CHECK(no.defaultButton() == QMessageBox::No);
    }
    QTest::qWait(300);
    CHECK(stageState(*reception, veteran) == u"called"_s);
    CHECK(current->text().startsWith(u"К-001"_s));

    child<QPushButton>(w, "start")->click();
    REQUIRE(waitUntil([&] { return enabled("finish"); }));
    CHECK_FALSE(enabled("start"));
    CHECK_FALSE(enabled("recall"));
    CHECK_FALSE(enabled("noShow"));
    CHECK(enabled("routeCashier"));
    CHECK(priority->text().simplified().contains(
        u"Социально уязвимая категория"_s)); // still there while serving
    child<QPushButton>(w, "finish")->click();
    REQUIRE(waitUntil([&] { return current->text() == u"Нет посетителя"_s; }));
    CHECK(priority->text().isEmpty());
    CHECK_FALSE(enabled("finish"));

    // A name that would wrap over several lines: the buttons do not move, the name is all there
    // in the tooltip, and the next visitor has no category from the previous one.
    child<QPushButton>(w, "callNext")->click();
    REQUIRE(waitUntil([&] { return current->text().startsWith(u"К-002"_s); }));
    CHECK(priority->text().isEmpty());
    CHECK(current->toolTip().contains(longName));
    CHECK(yIn(w, "callNext") == callY);
    CHECK(yIn(w, "breakDesk") == breakY);
    CHECK(w.width() <= 1366);

    // «Да» marks the no-show.
    {
        AnswerMessageBox yes(QMessageBox::Yes);
        child<QPushButton>(w, "noShow")->click();
        REQUIRE(yes.shown());
    }
    REQUIRE(waitUntil([&] { return current->text() == u"Нет посетителя"_s; }));
    CHECK(stageState(*reception, regular) == u"no_show"_s);
}
