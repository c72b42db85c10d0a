// The cashier terminal's main flow through its real widgets against a real server.
#include "../integration/Fixture.h"
#include "Dialogs.h"
#include "GuiSupport.h"

#include <CashierWindow.h>

#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QRegularExpression>
#include <QTableView>
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

TEST_CASE("cashier: any payment of the shift is reversed from the list, the dialog keeps what was typed, the "
          "reversal and the shift report are printed",
          "[gui][cashier][reversal]")
{
    using gui::pdfText;
    DemoServer d;
    d.at(11, 0);
    QTemporaryDir pdf;
    okno::Client client;
    okno::CashierWindow w(&client, pdf.path());
    w.show();
    client.connectToServer(u"127.0.0.1"_s, d.server.port(), {u"cashier1"_s, u"okno-demo"_s, 0, 4});
    REQUIRE(waitUntil([&] { return client.isReady() && child<QPushButton>(w, "openShift")->isEnabled(); }));
    child<QPushButton>(w, "openShift")->click();
    REQUIRE(waitUntil([&] { return child<QPushButton>(w, "pay")->isEnabled(); }));
    auto *table = child<QTableView>(w, "paymentTable");
    auto *message = child<QLabel>(w, "message");

    // Three payments: 1 000,00 in cash, 2 500,50 by card, 300,00 in cash.
    const struct
    {
        QString amount;
        bool card;
    } taken[]{{u"1000"_s, false}, {u"2500,50"_s, true}, {u"300"_s, false}};
    for (const auto &t : taken) {
        d.at(11, 5 + table->model()->rowCount());
        child<QLineEdit>(w, "account")->setText(u"7001002003"_s);
        child<QLineEdit>(w, "amount")->setText(t.amount);
        child<QComboBox>(w, "method")->setCurrentIndex(t.card ? 1 : 0);
        if (!t.card)
            child<QLineEdit>(w, "tendered")->setText(t.amount);
        const int before = table->model()->rowCount();
        child<QPushButton>(w, "pay")->click();
        REQUIRE(waitUntil([&] { return table->model()->rowCount() == before + 1; }));
    }
    // Newest first: receipts 3, 2, 1.
    CHECK(table->model()->index(0, 0).data().toString() == u"3"_s);
    CHECK(table->model()->index(1, 4).data().toString() == u"2\u00A0500,50 ₽"_s);
    CHECK(table->model()->index(1, 3).data().toString() == u"картой"_s);

    // Nothing chosen: no reversal. The middle one (not the last) is chosen.
    CHECK_FALSE(child<QPushButton>(w, "reverse")->isEnabled());
    table->selectRow(1);
    REQUIRE(child<QPushButton>(w, "reverse")->isEnabled());
    child<QPushButton>(w, "reverse")->click();
    QPointer<QDialog> dialog = w.findChild<QDialog *>(u"reversalDialog"_s);
    REQUIRE(dialog);
    REQUIRE(waitUntil([&] { return dialog->isVisible(); }));
    CHECK(child<QLabel>(*dialog, "reversedPayment")->text().contains(u"чек № 2"_s));

    // A wrong manager password: refused in the dialog, in Russian; the reason and the login stay.
    child<QLineEdit>(*dialog, "reason")->setText(u"ошибка в сумме"_s);
    child<QLineEdit>(*dialog, "managerLogin")->setText(u"manager"_s);
    child<QLineEdit>(*dialog, "managerPassword")->setText(u"wrong-password"_s);
    child<QPushButton>(*dialog, "confirmReversal")->click();
    auto *refusal = child<QLabel>(*dialog, "reversalError");
    REQUIRE(waitUntil([&] { return !refusal->text().isEmpty(); }));
    INFO(refusal->text().toStdString());
    CHECK(refusal->text().contains(u"парол"_s));
    CHECK_FALSE(refusal->text().contains(u"wrong"_s));
    CHECK(dialog->isVisible());
    CHECK(child<QLineEdit>(*dialog, "reason")->text() == u"ошибка в сумме"_s);
    CHECK(child<QLineEdit>(*dialog, "managerLogin")->text() == u"manager"_s);
    CHECK(child<QLineEdit>(*dialog, "managerPassword")->text().isEmpty());
    auto manager = d.staff(u"manager"_s);
    // The first shift of a fresh database is shift 1; its three payments say it is the one.
    const auto shiftPayments = [&] {
        return manager->ok(u"payment.list"_s, {{u"shiftId"_s, 1}}).value(u"payments"_s).toArray();
    };
    CHECK(shiftPayments().size() == 3); // nothing reversed

    // The right password: that payment, and only it, is reversed; the dialog goes.
    d.at(11, 20);
    child<QLineEdit>(*dialog, "managerPassword")->setText(u"okno-demo"_s);
    child<QPushButton>(*dialog, "confirmReversal")->click();
    REQUIRE(waitUntil([&] { return dialog.isNull() || !dialog->isVisible(); }));
    REQUIRE(waitUntil([&] { return table->model()->rowCount() == 4; }));
    const QJsonArray all = shiftPayments();
    REQUIRE(all.size() == 4);
    qint64 secondId = 0, reversedId = 0;
    for (const auto &v : all) {
        const QJsonObject p = v.toObject();
        if (p.value(u"receiptNumber"_s).toInt() == 2)
            secondId = qint64(p.value(u"id"_s).toDouble());
        if (p.value(u"reversalOf"_s).toDouble() != 0)
            reversedId = qint64(p.value(u"reversalOf"_s).toDouble());
    }
    CHECK(secondId != 0);
    CHECK(reversedId == secondId);
    CHECK(message->text().contains(u"Чек № 2"_s));
    // In the list: the reversal on top, the payment marked; neither can be reversed (again).
    CHECK(table->model()->index(0, 5).data().toString() == u"сторно чека № 2"_s);
    CHECK(table->model()->index(2, 5).data().toString() == u"сторнирован (чек № 4)"_s);
    for (int row : {0, 2}) {
        table->selectRow(row);
        CHECK_FALSE(child<QPushButton>(w, "reverse")->isEnabled());
    }
    table->selectRow(1); // receipt 3: still possible
    CHECK(child<QPushButton>(w, "reverse")->isEnabled());

    // The reversal document: the receipt it undoes, the amount, the reason and who confirmed it.
    REQUIRE(w.lastPdf().contains(u"reversal-1-4"_s));
    const QString reversal = pdfText(w.lastPdf()).simplified();
    INFO(reversal.toStdString());
    CHECK(reversal.contains(u"ВОЗВРАТ ПРИХОДА"_s));
    CHECK(reversal.contains(u"Сторно чека № 2"_s));
    CHECK(reversal.contains(u"2 500,50"_s));
    CHECK(reversal.contains(u"ошибка в сумме"_s));
    CHECK(reversal.contains(u"Смирнов Игорь Николаевич"_s));
    if (const QString out = qEnvironmentVariable("OKNO_DOCS_OUT"); !out.isEmpty()) {
        QFile::remove(out + u"/reversal.pdf"_s);
        QFile::copy(w.lastPdf(), out + u"/reversal.pdf"_s);
    }

    // The shift report: the day, the times, payments and reversals apart. Expected, by hand:
    // payments 3 — 1 300,00 in cash, 2 500,50 by card, 3 800,50 in all; reversals 1 — 2 500,50 by
    // card; the shift's total 1 300,00, all of it cash.
    d.at(16, 55);
    {
        AnswerMessageBox yes(QMessageBox::Yes);
        child<QPushButton>(w, "closeShift")->click();
        REQUIRE(yes.shown());
    }
    REQUIRE(waitUntil([&] { return w.lastPdf().contains(u"shift-1"_s); }));
    const QString report = pdfText(w.lastPdf());
    INFO(report.toStdString());
    CHECK(report.contains(u"Отчёт о закрытии смены № 1"_s));
    CHECK(report.simplified().contains(u"Дата 23.11.2026"_s));
    CHECK(report.simplified().contains(u"Смена открыта 11:00"_s));
    CHECK(report.simplified().contains(u"Смена закрыта 16:55"_s));
    CHECK(report.simplified().contains(u"Окно 4"_s));
    const QRegularExpression payments(
        u"Платежи\\s+3\\s+1 300,00 ₽\\s+2 500,50 ₽\\s+3 800,50 ₽"_s);
    const QRegularExpression reversals(u"Сторно\\s+1\\s+0,00 ₽\\s+2 500,50 ₽\\s+2 500,50 ₽"_s);
    const QRegularExpression total(
        u"Итого за смену\\s+1 300,00 ₽\\s+0,00 ₽\\s+1 300,00 ₽"_s);
    const QString plain = QString(report).replace(QChar(0x00A0), u' ');
    CHECK(plain.contains(payments));
    CHECK(plain.contains(reversals));
    CHECK(plain.contains(total));
    if (const QString out = qEnvironmentVariable("OKNO_DOCS_OUT"); !out.isEmpty()) {
        QFile::remove(out + u"/shift-report.pdf"_s);
        QFile::copy(w.lastPdf(), out + u"/shift-report.pdf"_s);
    }
}
