// The reception terminal's main flow through its real widgets against a real server.
#include "../integration/Fixture.h"
#include "Dialogs.h"

#include <ReceptionWindow.h>
#include <ui/TerminalOptions.h>

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
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

int waitingInStatus(SyncClient &c)
{
    return int(c.ok(u"status"_s, {{u"centreId"_s, 1}}).value(u"visits"_s).toArray().size());
}

} // namespace

TEST_CASE("reception registers, routes, prints and serves its own queue", "[gui][reception]")
{
    DemoServer d;
    d.at(9, 30);
    QTemporaryDir pdf;
    okno::Client client;
    client.setReconnectDelays(100, 500);
    okno::ReceptionWindow w(&client, pdf.path());
    w.show();
    client.connectToServer(u"127.0.0.1"_s, d.server.port(), {u"admin1"_s, u"okno-demo"_s, 0, 1});
    auto *banner = child<QLabel>(w, "connectionBanner");
    REQUIRE(waitUntil([&] { return client.isReady() && banner->text().contains(u"установлена"_s); }));
    auto *table = child<QTableView>(w, "queueTable");
    QAbstractItemModelTester tester(table->model(), QAbstractItemModelTester::FailureReportingMode::Fatal);
    auto *badge = child<QLabel>(w, "badge");
    REQUIRE(waitUntil([&] { return badge->text().contains(u"Иванова"_s); }));
    CHECK(badge->text().contains(u"окно 1"_s));

    // A visitor for the consultant, a veteran: a few keystrokes and one button.
    child<QComboBox>(w, "purpose")->setCurrentText(u"Перерасчёт"_s);
    child<QLineEdit>(w, "account")->setText(u"1234 5678 90"_s);
    auto *priority = child<QComboBox>(w, "priority");
    REQUIRE(waitUntil([&] { return priority->count() > 1; }));
    priority->setCurrentIndex(priority->findData(u"veteran"_s));
    child<QPushButton>(w, "toConsultant")->click();
    auto *ticket = child<QLabel>(w, "lastTicket");
    REQUIRE(waitUntil([&] { return ticket->text().startsWith(u"К-001"_s); }));
    CHECK(child<QLabel>(w, "lastTicketWait")->text().contains(u"перед вами: 0"_s));
    CHECK(child<QLineEdit>(w, "account")->text().isEmpty()); // the form is ready for the next visitor
    REQUIRE(waitUntil([&] { return table->model()->rowCount() == 1; }));
    CHECK(table->model()->index(0, 0).data().toString() == u"К-001"_s);
    // The ticket was printed to PDF.
    REQUIRE(QFile::exists(w.lastPdf()));
    CHECK(QFile(w.lastPdf()).size() > 1000);
    // For docs/: OKNO_DOCS_OUT=docs/screenshots keeps a copy of the ticket to look at.
    if (const QString out = qEnvironmentVariable("OKNO_DOCS_OUT"); !out.isEmpty()) {
        QFile::remove(out + u"/ticket.pdf"_s);
        QFile::copy(w.lastPdf(), out + u"/ticket.pdf"_s);
    }

    // A bad account number is refused at the field; nothing reaches the server.
    auto observer = d.staff(u"manager"_s);
    child<QLineEdit>(w, "account")->setText(u"12ab"_s);
    child<QPushButton>(w, "toCashier")->click();
    CHECK(child<QLabel>(w, "accountError")->text().contains(u"6 до 20 цифр"_s));
    CHECK(waitingInStatus(*observer) == 1);
    child<QLineEdit>(w, "account")->clear();

    // Reception's own queue: register, call with F5 (the button), start, route on to the cashier.
    child<QPushButton>(w, "toReception")->click();
    REQUIRE(waitUntil([&] { return ticket->text().startsWith(u"А-001"_s); }));
    d.at(9, 34);
    child<QPushButton>(w, "callNext")->click();
    auto *current = child<QLabel>(w, "currentVisitor");
    REQUIRE(waitUntil([&] { return current->text().startsWith(u"А-001"_s); }));
    child<QPushButton>(w, "start")->click();
    REQUIRE(waitUntil([&] {
        return table->model()->index(1, okno::ui::QueueModel::State).data().toString() == u"на приёме"_s;
    }));
    child<QPushButton>(w, "routeCashier")->click();
    REQUIRE(waitUntil([&] { return current->text() == u"Нет посетителя"_s; }));
    // One visit, one ticket: the visitor waits for the cashier under the number on their paper.
    const auto cashierRow = [&] {
        for (int r = 0; r < table->model()->rowCount(); ++r)
            if (table->model()->index(r, okno::ui::QueueModel::Ticket).data().toString() == u"А-001"_s &&
                table->model()->index(r, okno::ui::QueueModel::QueueName).data().toString() == u"Касса"_s)
                return r;
        return -1;
    };
    REQUIRE(waitUntil([&] { return cashierRow() >= 0; }));
    for (int r = 0; r < table->model()->rowCount(); ++r)
        CHECK(table->model()->index(r, okno::ui::QueueModel::Ticket).data().toString() != u"О-001"_s);

    // One visit, one record: selecting the routed visit shows both its stages, under one number.
    table->selectRow(cashierRow());
    auto *history = child<QLabel>(w, "visitHistory");
    REQUIRE(waitUntil([&] { return history->text().contains(u"А-001 · Касса"_s); }));
    CHECK(history->text().contains(u"А-001 · Администратор"_s));
    CHECK(history->text().contains(u"передан дальше"_s));

    // The server goes away: the banner says so and the buttons wait; it comes back by itself.
    const quint16 port = d.server.port();
    d.server.stop();
    REQUIRE(waitUntil([&] { return banner->text().contains(u"Нет связи"_s); }));
    CHECK_FALSE(child<QPushButton>(w, "callNext")->isEnabled());
    REQUIRE(d.server.start(port));
    REQUIRE(waitUntil([&] { return banner->text().contains(u"установлена"_s); }, 20000));
    CHECK(child<QPushButton>(w, "callNext")->isEnabled());
    REQUIRE(waitUntil([&] { return table->model()->rowCount() == 2; }));
}

TEST_CASE("Qt's own buttons and dialogs speak Russian in a Russian terminal", "[gui][reception][language]")
{
    auto *app = qobject_cast<QApplication *>(QCoreApplication::instance());
    REQUIRE(app);
    okno::ui::installTranslations(*app, u"ru"_s);
    QDialogButtonBox buttons(QDialogButtonBox::Ok | QDialogButtonBox::Cancel | QDialogButtonBox::Yes |
                             QDialogButtonBox::No);
    const auto text = [&](QDialogButtonBox::StandardButton b) {
        return buttons.button(b)->text().remove(u'&'); // without the shortcut mark
    };
    CHECK(text(QDialogButtonBox::Cancel) == u"Отмена"_s);
    CHECK(text(QDialogButtonBox::Yes) == u"Да"_s);
    CHECK(text(QDialogButtonBox::No) == u"Нет"_s);
}

TEST_CASE("reception: the priority category by name, changed only in its dialog; buttons need a visit",
          "[gui][reception][priority]")
{
    DemoServer d;
    d.at(9, 30);
    // A veteran's ticket from the kiosk.
    auto kiosk = d.staff(u"kiosk1"_s);
    const qint64 id = visitIdOf(kiosk->ok(
        u"visit.issue"_s,
        {{u"queueCode"_s, u"consult"_s}, {u"purpose"_s, u"Консультация"_s}, {u"priority"_s, u"veteran"_s}}));
    auto observer = d.staff(u"manager"_s);
    const auto priorityOnServer = [&] {
        return observer->ok(u"visit.get"_s, {{u"visitId"_s, double(id)}})
            .value(u"visit"_s)
            .toObject()
            .value(u"priority"_s)
            .toString();
    };
    REQUIRE(priorityOnServer() == u"veteran"_s);

    QTemporaryDir pdf;
    okno::Client client;
    okno::ReceptionWindow w(&client, pdf.path());
    w.show();
    client.connectToServer(u"127.0.0.1"_s, d.server.port(), {u"admin1"_s, u"okno-demo"_s, 0, 1});
    auto *table = child<QTableView>(w, "queueTable");
    REQUIRE(waitUntil([&] { return client.isReady() && table->model()->rowCount() == 1; }));
    const auto enabled = [&](const char *name) { return child<QPushButton>(w, name)->isEnabled(); };
    const auto priorityCell = [&] {
        return table->model()->index(0, okno::ui::QueueModel::Priority).data().toString();
    };
    // The all-queues table names the category.
    CHECK(priorityCell() == u"Ветеран, инвалид войны, участник боевых действий"_s);

    // Nothing selected, nobody at the desk: the table's actions and F6–F9, Ctrl+K/O wait.
    for (const char *name :
         {"postponeSelected", "requeueSelected", "prioritySelected", "rerouteConsultant", "rerouteCash",
          "cancelSelected", "recall", "start", "finish", "noShow", "routeConsultant", "routeCashier"}) {
        INFO(name);
        CHECK_FALSE(enabled(name));
    }
    CHECK(enabled("callNext"));
    CHECK(enabled("toConsultant"));

    // The registration form's category has nothing to do with a visit already in the queue.
    auto *formPriority = child<QComboBox>(w, "priority");
    REQUIRE(waitUntil([&] { return formPriority->count() > 1; }));
    formPriority->setCurrentIndex(formPriority->findData(u"disabled"_s));
    table->selectRow(0);
    REQUIRE(enabled("prioritySelected"));

    // «Льгота…» opens a dialog with the visit's own category; Cancel changes nothing.
    QString prefilled;
    {
        OnDialog cancel(u"priorityDialog"_s, [&](QWidget *dialog) {
            auto *choice = dialog->findChild<QComboBox *>(u"priorityChoice"_s);
            auto *box = dialog->findChild<QDialogButtonBox *>();
            CHECK(choice);
            CHECK(box);
            if (!choice || !box)
                return qobject_cast<QDialog *>(dialog)->reject();
            prefilled = choice->currentData().toString();
            choice->setCurrentIndex(choice->findData(QString())); // «нет»
            box->button(QDialogButtonBox::Cancel)->click();
        });
        child<QPushButton>(w, "prioritySelected")->click();
        REQUIRE(cancel.shown());
    }
    CHECK(prefilled == u"veteran"_s);
    QTest::qWait(300);
    CHECK(priorityOnServer() == u"veteran"_s);
    CHECK(priorityCell() == u"Ветеран, инвалид войны, участник боевых действий"_s);

    // OK applies what was chosen there.
    {
        OnDialog ok(u"priorityDialog"_s, [&](QWidget *dialog) {
            auto *choice = dialog->findChild<QComboBox *>(u"priorityChoice"_s);
            CHECK(choice);
            if (!choice)
                return qobject_cast<QDialog *>(dialog)->reject();
            choice->setCurrentIndex(choice->findData(u"vulnerable"_s));
            dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->click();
        });
        child<QPushButton>(w, "prioritySelected")->click();
        REQUIRE(ok.shown());
    }
    REQUIRE(waitUntil([&] { return priorityOnServer() == u"vulnerable"_s; }));
    REQUIRE(waitUntil([&] { return priorityCell() == u"Социально уязвимая категория"_s; }));

    // And «нет» takes it away — only when chosen.
    {
        OnDialog ok(u"priorityDialog"_s, [&](QWidget *dialog) {
            auto *choice = dialog->findChild<QComboBox *>(u"priorityChoice"_s);
            CHECK(choice);
            if (!choice)
                return qobject_cast<QDialog *>(dialog)->reject();
            CHECK(choice->currentData().toString() == u"vulnerable"_s);
            choice->setCurrentIndex(choice->findData(QString()));
            dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->click();
        });
        child<QPushButton>(w, "prioritySelected")->click();
        REQUIRE(ok.shown());
    }
    REQUIRE(waitUntil([&] { return priorityOnServer().isEmpty(); }));

    // Reception's own desk shows the category of the visitor it serves.
    child<QPushButton>(w, "toReception")->click(); // with the form's «Инвалид I или II группы…»
    REQUIRE(waitUntil([&] { return child<QLabel>(w, "lastTicket")->text().startsWith(u"А-001"_s); }));
    child<QPushButton>(w, "callNext")->click();
    auto *current = child<QLabel>(w, "currentVisitor");
    REQUIRE(waitUntil([&] { return current->text().startsWith(u"А-001"_s); }));
    auto *priority = child<QLabel>(w, "visitorPriority");
    CHECK(priority->text().simplified().contains(u"Инвалид I или II группы"_s));
    CHECK(enabled("start"));
    CHECK_FALSE(enabled("routeCashier"));
    child<QPushButton>(w, "start")->click();
    REQUIRE(waitUntil([&] { return enabled("routeCashier"); }));
    CHECK(enabled("routeConsultant"));
    CHECK_FALSE(enabled("start"));
}

TEST_CASE("reception asks before giving a ticket or sending a visitor on into a wait past closing",
          "[gui][reception][dayend]")
{
    DemoServer d;
    d.at(16, 0);
    auto kiosk = d.staff(u"kiosk1"_s);
    for (int i = 0; i < 12; ++i) // a long consultant queue late in the day
        kiosk->ok(u"visit.issue"_s, {{u"queueCode"_s, u"consult"_s}});
    QTemporaryDir pdf;
    okno::Client client;
    okno::ReceptionWindow w(&client, pdf.path());
    w.show();
    client.connectToServer(u"127.0.0.1"_s, d.server.port(), {u"admin1"_s, u"okno-demo"_s, 0, 1});
    REQUIRE(waitUntil(
        [&] { return client.isReady() && child<QLabel>(w, "centreStatus")->text().contains(u"открыт"_s); }));
    auto *ticket = child<QLabel>(w, "lastTicket");
    auto *table = child<QTableView>(w, "queueTable");
    REQUIRE(waitUntil([&] { return table->model()->rowCount() == 12; }));

    // An empty queue: no question, no warning.
    {
        AnswerMessageBox none(QMessageBox::No);
        child<QPushButton>(w, "toCashier")->click();
        REQUIRE(waitUntil([&] { return ticket->text().startsWith(u"О-001"_s); }));
        CHECK_FALSE(none.shown());
    }
    auto *warning = child<QLabel>(w, "ticketWarning");
    CHECK(warning->text().isEmpty());

    // Behind twelve others for the consultant: the call would come after 17:00. Reception is asked
    // before the ticket is given, with «Нет» as the default; «Нет» gives no ticket.
    {
        AnswerMessageBox no(QMessageBox::No);
        child<QPushButton>(w, "toConsultant")->click();
        REQUIRE(waitUntil([&] { return no.shown(); }));
        CHECK(no.text().contains(u"после закрытия"_s));
        CHECK(no.text().contains(u"17:00"_s));
        CHECK(no.text().contains(u"дообслужит"_s));
        CHECK(no.defaultButton() == QMessageBox::No);
    }
    REQUIRE(waitUntil([&] { return child<QPushButton>(w, "toConsultant")->isEnabled(); }));
    CHECK(table->model()->rowCount() == 13); // the twelve and the cashier's visitor
    CHECK(ticket->text().startsWith(u"О-001"_s));
    // «Да»: the ticket, and the line under it for the visitor.
    {
        AnswerMessageBox yes(QMessageBox::Yes);
        child<QPushButton>(w, "toConsultant")->click();
        REQUIRE(waitUntil([&] { return ticket->text().startsWith(u"К-013"_s); }));
        CHECK(yes.shown());
    }
    CHECK(warning->text().contains(u"после закрытия"_s));
    CHECK(warning->text().contains(u"дообслужит"_s));

    // Sending the cashier's visitor on to the consultant from the table asks the same; «Нет»
    // leaves the visit where it was.
    int cashierRow = -1;
    for (int r = 0; r < table->model()->rowCount(); ++r)
        if (table->model()->index(r, okno::ui::QueueModel::Ticket).data().toString() == u"О-001"_s)
            cashierRow = r;
    REQUIRE(cashierRow >= 0);
    table->selectRow(cashierRow);
    {
        AnswerMessageBox no(QMessageBox::No);
        child<QPushButton>(w, "rerouteConsultant")->click();
        REQUIRE(waitUntil([&] { return no.shown(); }));
        CHECK(no.text().contains(u"после закрытия"_s));
    }
    QTest::qWait(200);
    CHECK(table->model()->index(cashierRow, okno::ui::QueueModel::QueueName).data().toString() == u"Касса"_s);
    // Reception's own visitor, served and sent on to the consultant with Ctrl+K: asked as well.
    child<QPushButton>(w, "toReception")->click();
    REQUIRE(waitUntil([&] { return ticket->text().startsWith(u"А-001"_s); }));
    child<QPushButton>(w, "callNext")->click();
    REQUIRE(waitUntil([&] { return child<QPushButton>(w, "start")->isEnabled(); }));
    child<QPushButton>(w, "start")->click();
    REQUIRE(waitUntil([&] { return child<QPushButton>(w, "routeConsultant")->isEnabled(); }));
    {
        AnswerMessageBox yes(QMessageBox::Yes);
        child<QPushButton>(w, "routeConsultant")->click();
        REQUIRE(waitUntil([&] { return yes.shown(); }));
        CHECK(yes.text().contains(u"после закрытия"_s));
    }
    auto *current = child<QLabel>(w, "currentVisitor");
    REQUIRE(waitUntil([&] { return current->text() == u"Нет посетителя"_s; }));
}
