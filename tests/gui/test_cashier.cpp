// The cashier terminal's main flow through its real widgets against a real server.
#include "../integration/Fixture.h"

#include <CashierWindow.h>

#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
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
    child<QPushButton>(w, "closeShift")->click();
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
