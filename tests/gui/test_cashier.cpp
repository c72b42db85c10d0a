// The cashier terminal's main flow through its real widgets against a real server.
#include "../integration/Fixture.h"
#include "Dialogs.h"

#include <CashierWindow.h>

#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
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

} // namespace

TEST_CASE("cashier opens a shift, takes a cash payment with change, prints the receipt, closes the shift",
          "[gui][cashier]")
{
    DemoServer d;
    d.at(11, 0);
    auto reception = d.staff(u"admin1"_s, 1);
    const qint64 id = visitIdOf(reception->ok(
        u"visit.issue"_s, {{u"queueCode"_s, u"cash"_s}, {u"accountNumber"_s, u"7001002003"_s}}));
    QTemporaryDir pdf;
    okno::Client client;
    okno::CashierWindow w(&client, pdf.path());
    w.show();
    client.connectToServer(u"127.0.0.1"_s, d.server.port(), {u"cashier1"_s, u"okno-demo"_s, 0, 4});
    REQUIRE(waitUntil(
        [&] { return client.isReady() && child<QLabel>(w, "badge")->text().contains(u"Кузнецова"_s); }));
    auto *message = child<QLabel>(w, "message");

    // «Открыть смену» is enabled once the terminal knows there is no open shift.
    REQUIRE(waitUntil([&] { return child<QPushButton>(w, "openShift")->isEnabled(); }));
    child<QPushButton>(w, "openShift")->click();
    REQUIRE(waitUntil([&] { return child<QLabel>(w, "shiftLabel")->text().contains(u"Смена №"_s); }));
    child<QPushButton>(w, "callNext")->click();
    auto *current = child<QLabel>(w, "currentVisitor");
    REQUIRE(waitUntil([&] { return current->text().startsWith(u"О-001"_s); }));
    REQUIRE(waitUntil([&] { return child<QLineEdit>(w, "account")->text() == u"7001002003"_s; }));
    child<QPushButton>(w, "start")->click();

    // Bad amounts are refused at the field and nothing is sent.
    auto *amount = child<QLineEdit>(w, "amount");
    auto *tendered = child<QLineEdit>(w, "tendered");
    auto *fieldError = child<QLabel>(w, "fieldError");
    const auto refused = [&](const QString &a, const QString &t, const QString &words) {
        amount->setText(a);
        tendered->setText(t);
        child<QPushButton>(w, "pay")->click();
        INFO(a.toStdString() << " / " << t.toStdString() << ": " << fieldError->text().toStdString());
        CHECK(fieldError->text().contains(words));
    };
    refused(u"12a"_s, u"100"_s, u"число рублей"_s);
    refused(u"0"_s, u"100"_s, u"больше нуля"_s);
    refused(u"-5"_s, u"100"_s, u"число рублей"_s);
    refused(u"999999999999"_s, u"999999999999"_s, u"слишком велика"_s);
    refused(u"1500"_s, u"1000"_s, u"меньше суммы"_s);
    child<QLineEdit>(w, "account")->setText(u"12"_s);
    refused(u"1500"_s, u"2000"_s, u"6 до 20 цифр"_s);
    child<QLineEdit>(w, "account")->setText(u"7001002003"_s);
    CHECK(d.staff(u"manager"_s)
              ->ok(u"payment.list"_s, {{u"visitId"_s, double(id)}})
              .value(u"payments"_s)
              .toArray()
              .isEmpty());

    amount->setText(u"1 234,56"_s);
    tendered->setText(u"2000"_s);
    CHECK(child<QLabel>(w, "change")->text() == u"765,44 ₽"_s);
    child<QPushButton>(w, "pay")->click();
    REQUIRE(waitUntil([&] { return message->text().contains(u"Платёж принят"_s); }));
    CHECK(message->text().contains(u"765,44"_s));
    REQUIRE(QFile::exists(w.lastPdf()));
    if (const QString out = qEnvironmentVariable("OKNO_DOCS_OUT"); !out.isEmpty()) {
        QFile::remove(out + u"/receipt.pdf"_s);
        QFile::copy(w.lastPdf(), out + u"/receipt.pdf"_s);
    }
    const QJsonArray payments = d.staff(u"manager"_s)
                                    ->ok(u"payment.list"_s, {{u"visitId"_s, double(id)}})
                                    .value(u"payments"_s)
                                    .toArray();
    REQUIRE(payments.size() == 1);
    CHECK(qint64(payments[0].toObject().value(u"amountKopecks"_s).toDouble()) == 1234'56);
    REQUIRE(waitUntil([&] { return child<QLabel>(w, "shiftLabel")->text().contains(u"платежей: 1"_s); }));

    child<QPushButton>(w, "finish")->click();
    REQUIRE(waitUntil([&] { return current->text() == u"Нет посетителя"_s; }));
    {
        AnswerMessageBox yes(QMessageBox::Yes);
        child<QPushButton>(w, "closeShift")->click();
        REQUIRE(yes.shown());
    }
    REQUIRE(waitUntil([&] { return message->text().contains(u"Смена закрыта"_s); }));
    CHECK(message->text().contains(u"1\u00A0234,56"_s));
    CHECK(w.lastPdf().contains(u"shift-"_s));
    REQUIRE(waitUntil([&] { return child<QLabel>(w, "shiftLabel")->text() == u"Смена не открыта"_s; }));

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

TEST_CASE("cashier: the priority category at the desk, shift buttons follow the shift, large amounts and "
          "closing are confirmed",
          "[gui][cashier][desk]")
{
    DemoServer d;
    d.at(11, 0);
    // A kiosk ticket for the cash desk with a priority category.
    auto kiosk = d.staff(u"kiosk1"_s);
    const qint64 id = visitIdOf(
        kiosk->ok(u"visit.issue"_s,
                  {{u"queueCode"_s, u"cash"_s}, {u"purpose"_s, u"Оплата"_s}, {u"priority"_s, u"veteran"_s}}));
    QTemporaryDir pdf;
    okno::Client client;
    okno::CashierWindow w(&client, pdf.path());
    w.show();
    client.connectToServer(u"127.0.0.1"_s, d.server.port(), {u"cashier1"_s, u"okno-demo"_s, 0, 4});
    REQUIRE(waitUntil(
        [&] { return client.isReady() && child<QLabel>(w, "badge")->text().contains(u"Кузнецова"_s); }));
    const auto enabled = [&](const char *name) { return child<QPushButton>(w, name)->isEnabled(); };
    auto manager = d.staff(u"manager"_s);
    const auto payments = [&] {
        return manager->ok(u"payment.list"_s, {{u"visitId"_s, double(id)}})
            .value(u"payments"_s)
            .toArray()
            .size();
    };

    // No shift: it can be opened, not closed; nothing can be paid. No visitor: F6–F9 wait.
    REQUIRE(waitUntil([&] { return enabled("openShift"); }));
    CHECK_FALSE(enabled("closeShift"));
    CHECK_FALSE(enabled("pay"));
    CHECK_FALSE(enabled("reverse"));
    CHECK(enabled("callNext"));
    for (const char *name : {"recall", "start", "finish", "noShow"}) {
        INFO(name);
        CHECK_FALSE(enabled(name));
    }
    child<QPushButton>(w, "openShift")->click();
    REQUIRE(waitUntil([&] { return enabled("closeShift"); }));
    CHECK_FALSE(enabled("openShift"));
    CHECK(enabled("pay"));

    child<QPushButton>(w, "callNext")->click();
    auto *current = child<QLabel>(w, "currentVisitor");
    REQUIRE(waitUntil([&] { return current->text().startsWith(u"О-001"_s); }));
    auto *priority = child<QLabel>(w, "visitorPriority");
    CHECK(priority->text().simplified().contains(u"Ветеран"_s));
    CHECK(priority->text().simplified().contains(u"проверьте документ"_s));
    CHECK_FALSE(priority->text().simplified().contains(u"veteran"_s));
    child<QPushButton>(w, "start")->click();
    REQUIRE(waitUntil([&] { return enabled("finish"); }));

    // Above the bound (100 000,00 ₽ by default) the amount is asked about; «Нет» records nothing.
    child<QLineEdit>(w, "account")->setText(u"7001002003"_s);
    child<QLineEdit>(w, "amount")->setText(u"150000"_s);
    child<QLineEdit>(w, "tendered")->setText(u"150000"_s);
    {
        AnswerMessageBox no(QMessageBox::No);
        child<QPushButton>(w, "pay")->click();
        REQUIRE(no.shown());
        CHECK(no.text().contains(okno::formatRoubles(150'000'00)));
        CHECK(no.defaultButton() == QMessageBox::No);
    }
    QTest::qWait(300);
    CHECK(payments() == 0);
    CHECK(child<QLabel>(w, "fieldError")->text().contains(u"не подтверждена"_s));
    // An ordinary amount is not asked about.
    child<QLineEdit>(w, "amount")->setText(u"99 999,99"_s);
    child<QLineEdit>(w, "tendered")->setText(u"100000"_s);
    {
        AnswerMessageBox any(QMessageBox::No);
        child<QPushButton>(w, "pay")->click();
        REQUIRE(waitUntil([&] { return payments() == 1; }));
        CHECK_FALSE(any.shown());
    }
    // Confirmed, it is recorded.
    child<QLineEdit>(w, "amount")->setText(u"150000"_s);
    child<QLineEdit>(w, "tendered")->setText(u"150000"_s);
    {
        AnswerMessageBox yes(QMessageBox::Yes);
        child<QPushButton>(w, "pay")->click();
        REQUIRE(yes.shown());
    }
    REQUIRE(waitUntil([&] { return payments() == 2; }));
    // A lower bound from the command line / settings.
    w.setConfirmAboveKopecks(500'00);
    child<QLineEdit>(w, "amount")->setText(u"600"_s);
    child<QLineEdit>(w, "tendered")->setText(u"600"_s);
    {
        AnswerMessageBox no(QMessageBox::No);
        child<QPushButton>(w, "pay")->click();
        REQUIRE(no.shown());
        CHECK(no.text().contains(u"600,00"_s));
    }
    QTest::qWait(300);
    CHECK(payments() == 2);

    child<QPushButton>(w, "finish")->click();
    REQUIRE(waitUntil([&] { return current->text() == u"Нет посетителя"_s; }));
    CHECK(priority->text().isEmpty());

    // Closing the shift asks; «Нет» keeps it open.
    {
        AnswerMessageBox no(QMessageBox::No);
        child<QPushButton>(w, "closeShift")->click();
        REQUIRE(no.shown());
        CHECK(no.defaultButton() == QMessageBox::No);
    }
    QTest::qWait(300);
    CHECK(enabled("closeShift"));
    CHECK_FALSE(w.lastPdf().contains(u"shift-"_s)); // no report printed
    CHECK_FALSE(child<QLabel>(w, "message")->text().contains(u"Смена закрыта"_s));
    CHECK(child<QLabel>(w, "shiftLabel")->text().contains(u"платежей: 2"_s));

    // Ending the session asks too; «Нет» keeps the window and the desk.
    {
        AnswerMessageBox no(QMessageBox::No);
        child<QPushButton>(w, "endShift")->click();
        REQUIRE(no.shown());
        CHECK(no.defaultButton() == QMessageBox::No);
    }
    QTest::qWait(300);
    CHECK(w.isVisible());
    {
        AnswerMessageBox yes(QMessageBox::Yes);
        child<QPushButton>(w, "endShift")->click();
        REQUIRE(yes.shown());
    }
    REQUIRE(waitUntil([&] { return !w.isVisible(); }));
}

TEST_CASE("cashier: every visitor starts with a fresh payment form", "[gui][cashier][stale]")
{
    DemoServer d;
    d.at(11, 0);
    auto reception = d.staff(u"admin1"_s, 1);
    const qint64 first = visitIdOf(reception->ok(
        u"visit.issue"_s, {{u"queueCode"_s, u"cash"_s}, {u"accountNumber"_s, u"7001002003"_s}}));
    reception->ok(u"visit.issue"_s, {{u"queueCode"_s, u"cash"_s}});
    QTemporaryDir pdf;
    okno::Client client;
    okno::CashierWindow w(&client, pdf.path());
    w.show();
    client.connectToServer(u"127.0.0.1"_s, d.server.port(), {u"cashier1"_s, u"okno-demo"_s, 0, 4});
    REQUIRE(waitUntil([&] { return client.isReady() && child<QPushButton>(w, "openShift")->isEnabled(); }));
    child<QPushButton>(w, "openShift")->click();
    REQUIRE(waitUntil([&] { return child<QLabel>(w, "shiftLabel")->text().contains(u"Смена №"_s); }));
    child<QPushButton>(w, "callNext")->click();
    auto *current = child<QLabel>(w, "currentVisitor");
    REQUIRE(waitUntil([&] { return current->text().startsWith(u"О-001"_s); }));
    child<QPushButton>(w, "start")->click();
    REQUIRE(waitUntil([&] { return child<QPushButton>(w, "finish")->isEnabled(); }));

    // The first visitor pays by card, for something else.
    auto *method = child<QComboBox>(w, "method");
    method->setCurrentIndex(method->findData(u"card"_s));
    child<QLineEdit>(w, "purpose")->setText(u"Оплата пени"_s);
    child<QLineEdit>(w, "amount")->setText(u"100"_s);
    child<QPushButton>(w, "pay")->click();
    REQUIRE(waitUntil([&] {
        return !d.staff(u"manager"_s)
                    ->ok(u"payment.list"_s, {{u"visitId"_s, double(first)}})
                    .value(u"payments"_s)
                    .toArray()
                    .isEmpty();
    }));
    child<QPushButton>(w, "finish")->click();
    REQUIRE(waitUntil([&] { return current->text() == u"Нет посетителя"_s; }));

    // The next one, who gave no account: nothing of the first visitor's payment is left.
    child<QPushButton>(w, "callNext")->click();
    REQUIRE(waitUntil([&] { return current->text().startsWith(u"О-002"_s); }));
    CHECK(child<QLineEdit>(w, "account")->text().isEmpty());
    CHECK(method->currentData().toString() == u"cash"_s);
    CHECK(child<QLineEdit>(w, "purpose")->text() == u"Оплата электроэнергии"_s);
    CHECK(child<QLineEdit>(w, "amount")->text().isEmpty());
}
