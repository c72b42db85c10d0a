// The main screens as people see them. Each staff terminal, mid-work with the longest things a
// day brings (a long name, a priority category, a full queue, a warning under the ticket), fits a
// 1366×768 and a 1920×1080 screen in both languages: nothing pushed out of the window, no label or
// button with its text cut, no table hiding columns. Every screen — the staff terminals, the
// dashboard, the board and the kiosk — speaks one language: no English word in Russian mode, no
// Russian one in English mode but what the company and the visitors wrote themselves. With
// OKNO_DOCS_OUT set, each staff terminal's state is also saved as a picture for docs/.
#include "../integration/Fixture.h"
#include "Dialogs.h"
#include "Language.h"
#include "Layout.h"

#include <BoardWindow.h>
#include <CashierWindow.h>
#include <ConsultantWindow.h>
#include <DashboardWindow.h>
#include <KioskWindow.h>
#include <ReceptionWindow.h>

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QVBoxLayout>

namespace {

template <typename T> T *child(QWidget &w, const char *name)
{
    T *c = w.findChild<T *>(QString::fromLatin1(name));
    INFO("widget " << name);
    REQUIRE(c != nullptr);
    return c;
}

// The room a maximised window has: the screen less a title bar and a panel.
const QList<QPair<QString, QSize>> kScreens{{u"1366"_s, QSize(1366, 704)}, {u"1920"_s, QSize(1920, 1016)}};

const QString kLongName = u"Константинопольская-Дебольская Александра-Виктория Вячеславовна"_s;

// What the company itself wrote, as the server keeps it (shown as written in either language):
// the centre, its queues, desks, topics and priority categories, its staff.
QStringList companyData(SyncClient &admin)
{
    QStringList out;
    const QJsonObject centre = admin.ok(u"centre.get"_s, {{u"centreId"_s, 1}}).value(u"centre"_s).toObject();
    for (const char *field : {"name", "address", "phone"})
        out.append(centre.value(QLatin1String(field)).toString());
    for (const char *list : {"topics", "priorityCategories"})
        for (const auto &v : centre.value(QLatin1String(list)).toArray())
            out.append(v.toObject().value(u"title"_s).toString());
    for (const auto &v : admin.ok(u"queue.list"_s, {{u"centreId"_s, 1}}).value(u"queues"_s).toArray())
        out.append(v.toObject().value(u"name"_s).toString());
    for (const auto &v : admin.ok(u"desk.list"_s, {{u"centreId"_s, 1}}).value(u"desks"_s).toArray())
        out.append(v.toObject().value(u"name"_s).toString());
    for (const auto &v : admin.ok(u"staff.list"_s).value(u"staff"_s).toArray())
        out << v.toObject().value(u"fullName"_s).toString() << v.toObject().value(u"position"_s).toString();
    return out;
}

// What the visitors of these tests said at reception and the kiosk.
const QStringList kVisitorData{kLongName, u"Консультация по тарифам"_s, u"Показания счётчика"_s,
                               u"Перерасчёт"_s, u"Оплата"_s};

// Key names and abbreviations a Russian screen writes in Latin letters.
const QSet<QString> kLatinWords{u"F"_s, u"Ctrl"_s,  u"K"_s,   u"O"_s,   u"P"_s,
                                u"S"_s, u"Enter"_s, u"PDF"_s, u"CSV"_s, u"p"_s};

void checkLanguage(QWidget &w, const QString &app, const QString &language, SyncClient &admin)
{
    const QStringList problems =
        gui::languageProblems(gui::seenTexts(w), language, companyData(admin) + kVisitorData, kLatinWords);
    INFO(app.toStdString() << " in " << language.toStdString() << ", words of the other language:\n"
                           << problems.join(u'\n').toStdString());
    CHECK(problems.isEmpty());
}

void checkScreen(QWidget &w, const QString &app, const QString &language, SyncClient &admin)
{
    checkLanguage(w, app, language, admin);
    for (const auto &[name, size] : kScreens) {
        const QStringList problems = gui::layoutProblems(w, size);
        INFO(app.toStdString() << " at " << name.toStdString() << " in " << language.toStdString() << ":\n"
                               << problems.join(u'\n').toStdString());
        CHECK(problems.isEmpty());
        if (const QString out = qEnvironmentVariable("OKNO_DOCS_OUT"); !out.isEmpty())
            w.grab().save(u"%1/%2-%3-%4.png"_s.arg(out, app, name, language));
    }
}

// A queue as a busy morning leaves it: visits for every stage, some with a priority category.
void fillQueues(SyncClient &kiosk)
{
    const QStringList queues{u"consult"_s, u"cash"_s, u"reception"_s};
    const QStringList priorities{QString(), u"disabled"_s, QString(), u"parent"_s, QString(), u"blockade"_s};
    for (int i = 0; i < 14; ++i) {
        QJsonObject args{{u"queueCode"_s, queues[i % queues.size()]}, {u"purpose"_s, u"Перерасчёт"_s}};
        if (!priorities[i % priorities.size()].isEmpty())
            args.insert(u"priority"_s, priorities[i % priorities.size()]);
        kiosk.ok(u"visit.issue"_s, args);
    }
}

} // namespace

TEST_CASE("layout: reception mid-work fits 1366×768 and 1920×1080 in both languages", "[gui][screens]")
{
    const QString language = GENERATE(u"ru"_s, u"en"_s);
    gui::UiLanguage lang(language);
    DemoServer d;
    d.at(16, 20); // late enough for the warning under a consultant's ticket
    // A veteran with a long name first in reception's own queue, then a busy morning's queues.
    d.staff(u"admin1"_s)
        ->ok(u"visit.issue"_s, {{u"queueCode"_s, u"reception"_s},
                                {u"purpose"_s, u"Консультация по тарифам"_s},
                                {u"customerName"_s, kLongName},
                                {u"priority"_s, u"veteran"_s}});
    fillQueues(*d.staff(u"kiosk1"_s));
    QTemporaryDir pdf;
    okno::Client client;
    okno::ReceptionWindow w(&client, pdf.path());
    w.show();
    client.connectToServer(u"127.0.0.1"_s, d.server.port(), {u"admin1"_s, u"okno-demo"_s, 0, 1});
    auto *table = child<QTableView>(w, "queueTable");
    REQUIRE(waitUntil([&] { return client.isReady() && table->model()->rowCount() == 15; }));
    child<QPushButton>(w, "callNext")->click();
    auto *current = child<QLabel>(w, "currentVisitor");
    REQUIRE(waitUntil([&] { return current->text().startsWith(u"А-001"_s); }));
    // The next visitor, for the consultant: first a refused account (the error line), then right.
    auto *priority = child<QComboBox>(w, "priority");
    REQUIRE(waitUntil([&] { return priority->count() > 1; }));
    child<QComboBox>(w, "purpose")->setCurrentText(u"Показания счётчика"_s);
    child<QLineEdit>(w, "customerName")->setText(kLongName);
    child<QLineEdit>(w, "account")->setText(u"12ab"_s);
    child<QPushButton>(w, "toConsultant")->click(); // refused at the field: the error line shows
    REQUIRE(!child<QLabel>(w, "accountError")->text().isEmpty());
    child<QLineEdit>(w, "account")->setText(u"1234 5678 9012"_s);
    {
        AnswerMessageBox yes(QMessageBox::Yes); // the call comes after closing: given all the same
        child<QPushButton>(w, "toConsultant")->click();
        REQUIRE(waitUntil([&] { return !child<QLabel>(w, "ticketWarning")->text().isEmpty(); }));
    }
    table->selectRow(table->model()->rowCount() - 1);
    REQUIRE(waitUntil([&] { return !child<QLabel>(w, "visitHistory")->text().isEmpty(); }));

    checkScreen(w, u"reception"_s, language, *d.admin);
}

TEST_CASE("layout: consultant mid-work fits 1366×768 and 1920×1080 in both languages", "[gui][screens]")
{
    const QString language = GENERATE(u"ru"_s, u"en"_s);
    gui::UiLanguage lang(language);
    DemoServer d;
    d.at(10, 0);
    auto reception = d.staff(u"admin1"_s, 1);
    reception->ok(u"visit.issue"_s,
                  {{u"queueCode"_s, u"consult"_s},
                   {u"purpose"_s, u"Показания счётчика"_s},
                   {u"customerName"_s, kLongName},
                   {u"accountNumber"_s, u"12345678901234567890"_s},
                   {u"priority"_s, u"disabled"_s},
                   {u"note"_s, u"Просит перерасчёт за октябрь и ноябрь, принёс квитанции"_s}});
    fillQueues(*d.staff(u"kiosk1"_s));
    QTemporaryDir pdf;
    okno::Client client;
    okno::ConsultantWindow w(&client, pdf.path());
    w.show();
    client.connectToServer(u"127.0.0.1"_s, d.server.port(), {u"consult1"_s, u"okno-demo"_s, 0, 2});
    REQUIRE(waitUntil([&] { return client.isReady() && child<QComboBox>(w, "topic")->count() > 0; }));
    d.at(10, 12);
    child<QPushButton>(w, "callNext")->click();
    auto *current = child<QLabel>(w, "currentVisitor");
    REQUIRE(waitUntil([&] { return current->text().startsWith(u"К-001"_s); }));
    child<QPushButton>(w, "start")->click();
    REQUIRE(waitUntil([&] { return child<QPushButton>(w, "finish")->isEnabled(); }));

    checkScreen(w, u"consultant"_s, language, *d.admin);
}

TEST_CASE("layout: cashier mid-work fits 1366×768 and 1920×1080 in both languages", "[gui][screens]")
{
    const QString language = GENERATE(u"ru"_s, u"en"_s);
    gui::UiLanguage lang(language);
    DemoServer d;
    d.at(11, 0);
    auto reception = d.staff(u"admin1"_s, 1);
    for (int i = 0; i < 3; ++i)
        reception->ok(u"visit.issue"_s, {{u"queueCode"_s, u"cash"_s},
                                         {u"purpose"_s, u"Оплата"_s},
                                         {u"customerName"_s, kLongName},
                                         {u"accountNumber"_s, u"7001002003"_s},
                                         {u"priority"_s, u"vulnerable"_s}});
    QTemporaryDir pdf;
    okno::Client client;
    okno::CashierWindow w(&client, pdf.path());
    w.show();
    client.connectToServer(u"127.0.0.1"_s, d.server.port(), {u"cashier1"_s, u"okno-demo"_s, 0, 4});
    REQUIRE(waitUntil([&] { return client.isReady() && child<QPushButton>(w, "openShift")->isEnabled(); }));
    child<QPushButton>(w, "openShift")->click();
    auto *shift = child<QLabel>(w, "shiftLabel");
    REQUIRE(waitUntil([&] { return child<QPushButton>(w, "closeShift")->isEnabled(); }));
    // Two visitors paid; the third is at the desk with the amount typed.
    for (int i = 0; i < 3; ++i) {
        child<QPushButton>(w, "callNext")->click();
        REQUIRE(waitUntil([&] { return child<QPushButton>(w, "start")->isEnabled(); }));
        child<QPushButton>(w, "start")->click();
        REQUIRE(waitUntil([&] { return child<QPushButton>(w, "finish")->isEnabled(); }));
        child<QLineEdit>(w, "account")->setText(u"7001002003"_s);
        child<QLineEdit>(w, "amount")->setText(u"12 345,67"_s);
        child<QLineEdit>(w, "tendered")->setText(u"13 000"_s);
        if (i == 2)
            break;
        const QString before = shift->text();
        child<QPushButton>(w, "pay")->click();
        REQUIRE(waitUntil([&] { return shift->text() != before; }));
        child<QPushButton>(w, "finish")->click();
        REQUIRE(waitUntil([&] { return child<QPushButton>(w, "callNext")->isEnabled(); }));
    }

    checkScreen(w, u"cashier"_s, language, *d.admin);
}

TEST_CASE("language: the dashboard, the board and the kiosk speak one language", "[gui][screens]")
{
    const QString language = GENERATE(u"ru"_s, u"en"_s);
    gui::UiLanguage lang(language);
    DemoServer d;
    d.at(10, 0);
    // A morning with something on every screen: visitors waiting (one past the norm), one called,
    // one being served.
    auto reception = d.staff(u"admin1"_s, 1);
    reception->ok(u"desk.open"_s);
    reception->ok(u"visit.issue"_s, {{u"queueCode"_s, u"consult"_s},
                                     {u"customerName"_s, kLongName},
                                     {u"purpose"_s, u"Перерасчёт"_s},
                                     {u"priority"_s, u"veteran"_s}});
    fillQueues(*d.staff(u"kiosk1"_s));
    auto consult = d.staff(u"consult1"_s, 2);
    consult->ok(u"desk.open"_s);
    d.at(10, 40);
    const qint64 k1 = visitIdOf(consult->ok(u"visit.callNext"_s));
    consult->ok(u"visit.start"_s, {{u"visitId"_s, double(k1)}});
    reception->ok(u"visit.callNext"_s);
    d.at(10, 45);

    SECTION("dashboard")
    {
        okno::Client client;
        okno::DashboardWindow w(&client);
        w.resize(1366, 768);
        w.show();
        client.connectToServer(u"127.0.0.1"_s, d.server.port(), {u"manager"_s, u"okno-demo"_s, 0, 0});
        auto *alerts = child<QTableView>(w, "alertsTable");
        REQUIRE(waitUntil([&] { return client.isReady() && alerts->model()->rowCount() > 0; }));
        auto *tabs = child<QTabWidget>(w, "tabs");
        for (int i = 0; i < tabs->count(); ++i) {
            tabs->setCurrentIndex(i);
            waitUntil([] { return false; }, 300); // the tab's figures arrive
            checkLanguage(w, u"dashboard, tab "_s + QString::number(i), language, *d.admin);
        }
    }
    SECTION("board")
    {
        okno::Client client;
        okno::BoardWindow w(&client);
        w.resize(1366, 768);
        w.show();
        client.connectToServer(u"127.0.0.1"_s, d.server.port(), {u"board1"_s, u"okno-demo"_s, 0, 0});
        REQUIRE(
            waitUntil([&] { return client.isReady() && !child<QLabel>(w, "centreName")->text().isEmpty(); }));
        waitUntil([] { return false; }, 500);
        checkLanguage(w, u"board"_s, language, *d.admin);
    }
    SECTION("kiosk")
    {
        QTemporaryDir pdf;
        okno::Client client;
        okno::KioskWindow::Options options;
        options.pdfDir = pdf.path();
        okno::KioskWindow w(&client, options);
        w.resize(1080, 1920);
        w.show();
        client.connectToServer(u"127.0.0.1"_s, d.server.port(), {u"kiosk1"_s, u"okno-demo"_s, 0, 0});
        auto *getTicket = w.findChild<QAbstractButton *>(u"getTicket"_s);
        REQUIRE(getTicket);
        REQUIRE(waitUntil([&] { return w.currentPageName() == u"welcomePage"_s && getTicket->isEnabled(); }));
        checkLanguage(w, u"kiosk, welcome"_s, language, *d.admin);
        getTicket->click();
        REQUIRE(waitUntil([&] { return w.currentPageName() == u"purposePage"_s; }));
        checkLanguage(w, u"kiosk, purpose"_s, language, *d.admin);
    }
}

TEST_CASE(
    "language: the scan sees a word or a number of the other language, and passes what the company wrote",
    "[gui][screens]")
{
    QWidget w;
    auto *layout = new QVBoxLayout(&w);
    auto *label = new QLabel;
    layout->addWidget(label);
    w.show();
    const auto problems = [&](const QString &text, const QString &language) {
        label->setText(text);
        return gui::languageProblems(gui::seenTexts(w), language, {u"ЦОК Саранск"_s}, kLatinWords);
    };
    CHECK_FALSE(problems(u"Вызвать следующего [F5]"_s, u"en"_s).isEmpty());
    CHECK_FALSE(problems(u"Call next [F5]"_s, u"ru"_s).isEmpty());
    CHECK_FALSE(problems(u"Total 1 234,50 ₽"_s, u"en"_s).isEmpty());
    CHECK_FALSE(problems(u"Итого 1,234.50 ₽"_s, u"ru"_s).isEmpty());
    CHECK(problems(u"Вызвать следующего [F5]"_s, u"ru"_s).isEmpty());
    CHECK(problems(u"Call next [F5]"_s, u"en"_s).isEmpty());
    CHECK(problems(u"К-001 → desk 2 · ЦОК Саранск · 23.11.2026"_s, u"en"_s).isEmpty());
    CHECK(problems(u"Итого 1 234,50 ₽ · 23.11.2026 · пункт 8.3.2"_s, u"ru"_s).isEmpty());
}
