// The consultant terminal's main flow through its real widgets against a real server.
#include "../integration/Fixture.h"

#include <ConsultantWindow.h>

#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTemporaryDir>

namespace {

template <typename T> T *child(QWidget &w, const char *name)
{
    T *c = w.findChild<T *>(QString::fromLatin1(name));
    INFO("widget " << name);
    REQUIRE(c != nullptr);
    return c;
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
    CHECK(current->text().contains(u"Договор"_s));
    CHECK(child<QLineEdit>(w, "account")->text() == u"5550001112"_s);
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
