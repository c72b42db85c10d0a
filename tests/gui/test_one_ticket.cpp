// One visit, one ticket (issue 9): a visitor registered at reception, served there, sent to the
// consultant and then to the cash desk is called by the number on their paper at every stage — on
// each terminal, on the hall board and on the printed ticket and memo. Every app's real window
// against one real server.
#include "../integration/Fixture.h"
#include "GuiSupport.h"

#include <BoardWindow.h>
#include <CashierWindow.h>
#include <ConsultantWindow.h>
#include <ReceptionWindow.h>

#include <QComboBox>
#include <QFrame>
#include <QLabel>
#include <QLineEdit>
#include <QProcess>
#include <QPushButton>
#include <QTemporaryDir>

namespace {

using gui::pdfText;

template <typename T> T *child(QWidget &w, const char *name)
{
    T *c = w.findChild<T *>(QString::fromLatin1(name));
    INFO("widget " << name);
    REQUIRE(c != nullptr);
    return c;
}

// The board's "now calling" rows, top to bottom.
QStringList calling(QWidget &board)
{
    QStringList rows;
    for (int i = 0;; ++i) {
        auto *row = board.findChild<QFrame *>(u"currentCall"_s + QString::number(i));
        if (!row)
            break;
        if (row->isVisibleTo(&board))
            rows.append(row->findChild<QLabel *>(u"ticket"_s)->text() + u" → "_s +
                        row->findChild<QLabel *>(u"desk"_s)->text());
    }
    return rows;
}

void login(okno::Client &client, quint16 port, const QString &user, int desk)
{
    client.setReconnectDelays(100, 500);
    client.connectToServer(u"127.0.0.1"_s, port, {user, u"okno-demo"_s, 0, desk});
    REQUIRE(waitUntil([&] { return client.isReady(); }));
}

} // namespace

TEST_CASE("a visit through three stages keeps the visitor's one ticket number everywhere", "[gui][ticket]")
{
    DemoServer d;
    d.at(9, 30);
    QTemporaryDir pdf;

    okno::Client boardClient;
    okno::BoardWindow board(&boardClient);
    board.resize(1366, 768);
    board.show();
    login(boardClient, d.server.port(), u"board1"_s, 0);

    okno::Client receptionClient;
    okno::ReceptionWindow reception(&receptionClient, pdf.path());
    reception.show();
    login(receptionClient, d.server.port(), u"admin1"_s, 1);
    okno::Client consultantClient;
    okno::ConsultantWindow consultant(&consultantClient, pdf.path());
    consultant.show();
    login(consultantClient, d.server.port(), u"consult1"_s, 2);
    okno::Client cashierClient;
    okno::CashierWindow cashier(&cashierClient, pdf.path());
    cashier.show();
    login(cashierClient, d.server.port(), u"cashier1"_s, 4);

    // Reception registers the visitor in its own queue: the paper says А-001.
    child<QComboBox>(reception, "purpose")->setCurrentText(u"Показания счётчика"_s);
    child<QLineEdit>(reception, "account")->setText(u"1234567890"_s);
    // A veteran: every desk that serves the visit shows the category to check.
    auto *category = child<QComboBox>(reception, "priority");
    REQUIRE(waitUntil([&] { return category->count() > 1; }));
    category->setCurrentIndex(category->findData(u"veteran"_s));
    const QString veteran = u"Ветеран, инвалид войны, участник боевых действий"_s;
    const auto showsCategory = [&](QWidget &w) {
        return child<QLabel>(w, "visitorPriority")->text().simplified().contains(veteran);
    };
    child<QPushButton>(reception, "toReception")->click();
    REQUIRE(waitUntil([&] { return child<QLabel>(reception, "lastTicket")->text().startsWith(u"А-001"_s); }));
    const QString ticket = u"А-001"_s;
    REQUIRE(QFile::exists(reception.lastPdf()));
    CHECK(pdfText(reception.lastPdf()).contains(ticket));

    // Reception calls and serves, then sends the visitor to a consultant.
    child<QPushButton>(reception, "callNext")->click();
    REQUIRE(waitUntil([&] { return calling(board).contains(ticket + u" → окно 1"_s); }));
    CHECK(showsCategory(reception));
    child<QPushButton>(reception, "start")->click();
    REQUIRE(waitUntil([&] { return child<QPushButton>(reception, "routeConsultant")->isEnabled(); }));
    d.at(9, 35);
    child<QPushButton>(reception, "routeConsultant")->click();
    REQUIRE(
        waitUntil([&] { return child<QLabel>(reception, "currentVisitor")->text() == u"Нет посетителя"_s; }));

    // The consultant calls the same number; the board announces it at desk 2.
    d.at(9, 40);
    child<QPushButton>(consultant, "callNext")->click();
    REQUIRE(
        waitUntil([&] { return child<QLabel>(consultant, "currentVisitor")->text().startsWith(ticket); }));
    REQUIRE(waitUntil([&] { return calling(board).contains(ticket + u" → окно 2"_s); }));
    CHECK(showsCategory(consultant));
    child<QPushButton>(consultant, "start")->click();
    REQUIRE(waitUntil([&] { return child<QPushButton>(consultant, "routeCashier")->isEnabled(); }));
    // The topic is the one reception's purpose speaks of; the meter reading is taken.
    CHECK(child<QComboBox>(consultant, "topic")->currentData().toString() == u"meter_readings"_s);
    child<QLineEdit>(consultant, "meterNumber")->setText(u"40117733"_s);
    child<QLineEdit>(consultant, "dayValue")->setText(u"18345"_s);
    // The memo printed for the visitor (from the saved ticket) carries the same number, and the reading.
    child<QPushButton>(consultant, "saveConsultation")->click();
    const bool saved = waitUntil(
        [&] { return child<QLabel>(consultant, "message")->text() == u"Талон консультации сохранён."_s; });
    INFO(child<QLabel>(consultant, "message")->text().toStdString());
    REQUIRE(saved);
    child<QPushButton>(consultant, "printMemo")->click();
    REQUIRE(waitUntil([&] { return QFile::exists(consultant.lastPdf()); }));
    const QString memo = pdfText(consultant.lastPdf());
    CHECK(memo.contains(ticket));
    CHECK(memo.contains(u"40117733"_s));
    CHECK(memo.contains(u"18345"_s));
    d.at(9, 50);
    child<QPushButton>(consultant, "routeCashier")->click();
    REQUIRE(waitUntil(
        [&] { return child<QLabel>(consultant, "currentVisitor")->text() == u"Нет посетителя"_s; }));

    // The cashier calls the same number too; the board says «А-001 → окно 4».
    d.at(9, 55);
    child<QPushButton>(cashier, "callNext")->click();
    REQUIRE(waitUntil([&] { return child<QLabel>(cashier, "currentVisitor")->text().startsWith(ticket); }));
    REQUIRE(waitUntil([&] { return calling(board).contains(ticket + u" → окно 4"_s); }));
    CHECK(showsCategory(cashier));
    // No other number was ever shown for this visitor.
    for (const QString &row : calling(board))
        CHECK(row.startsWith(ticket));
    // The receipt for the visit's payment names the same number.
    child<QPushButton>(cashier, "start")->click();
    REQUIRE(waitUntil([&] { return child<QPushButton>(cashier, "finish")->isEnabled(); }));
    REQUIRE(waitUntil([&] { return child<QPushButton>(cashier, "openShift")->isEnabled(); }));
    child<QPushButton>(cashier, "openShift")->click();
    REQUIRE(waitUntil([&] { return child<QPushButton>(cashier, "pay")->isEnabled(); }));
    child<QLineEdit>(cashier, "amount")->setText(u"850"_s);
    child<QLineEdit>(cashier, "tendered")->setText(u"1000"_s);
    child<QPushButton>(cashier, "pay")->click();
    REQUIRE(waitUntil([&] { return cashier.lastPdf().contains(u"receipt-"_s); }));
    CHECK(pdfText(cashier.lastPdf()).simplified().contains(u"Талон "_s + ticket));
}
