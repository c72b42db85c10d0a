// The self-service kiosk: its rules (which purposes go where; whether tickets are issued now and
// what it says otherwise) on hand-made centres, and its real window against a real server.
#include "../integration/Fixture.h"

#include <KioskButton.h>
#include <KioskRules.h>
#include <KioskWindow.h>

#include <QDir>
#include <QFile>
#include <QLabel>
#include <QProcess>
#include <QTemporaryDir>

using okno::KioskAvailability;
using okno::KioskRules;
using Reason = okno::KioskAvailability::Reason;

namespace {

okno::Queue queue(okno::Id id, const QString &code, const QString &name, okno::StageRole role,
                  bool active = true)
{
    okno::Queue q;
    q.id = id;
    q.centreId = 1;
    q.code = code;
    q.name = name;
    q.prefix = code.left(1).toUpper();
    q.role = role;
    q.active = active;
    return q;
}

QList<okno::Queue> demoQueues()
{
    return {queue(1, u"reception"_s, u"Администратор"_s, okno::StageRole::Administrator),
            queue(2, u"consult"_s, u"Консультация"_s, okno::StageRole::Consultant),
            queue(3, u"cash"_s, u"Касса"_s, okno::StageRole::Cashier)};
}

QStringList keys(const QList<okno::KioskPurpose> &ps)
{
    QStringList out;
    for (const auto &p : ps)
        out.append(p.key + u'>' + p.queueCode);
    return out;
}

KioskRules demoRules()
{
    okno::Centre c;
    c.id = 1;
    c.name = u"ЦОК Саранск"_s;
    KioskRules r;
    r.setCentre(c);
    r.setQueues(demoQueues());
    return r;
}

QDateTime msk(int y, int mo, int d, int h, int mi)
{
    return DemoServer::moscow(QDate(y, mo, d), h, mi);
}

template <typename T> T *child(QWidget &w, const QString &name)
{
    T *c = w.findChild<T *>(name);
    INFO("widget " << name.toStdString());
    REQUIRE(c != nullptr);
    return c;
}

QString text(QWidget &w, const char *name)
{
    return child<QLabel>(w, QString::fromLatin1(name))->text();
}

void press(QWidget &w, const QString &name)
{
    auto *b = child<okno::KioskButton>(w, name);
    INFO("button " << name.toStdString());
    REQUIRE(b->isEnabled());
    REQUIRE(b->isVisible());
    b->click();
}

QString pdfText(const QString &path)
{
    QProcess p;
    p.start(u"pdftotext"_s, {path, u"-"_s});
    if (!p.waitForFinished(20000))
        return {};
    return QString::fromUtf8(p.readAllStandardOutput());
}

bool allDisabled(QWidget &w, const QString &prefix)
{
    int n = 0;
    for (auto *b : w.findChildren<okno::KioskButton *>())
        if (b->objectName().startsWith(prefix)) {
            ++n;
            if (b->isEnabled())
                return false;
        }
    return n > 0;
}

} // namespace

TEST_CASE("kiosk purposes follow the centre's queues", "[kiosk][rules]")
{
    CHECK(keys(KioskRules::purposesFor(demoQueues())) == QStringList{u"consultation>consult"_s,
                                                                     u"readings>consult"_s, u"payment>cash"_s,
                                                                     u"other>reception"_s});
    const auto demo = KioskRules::purposesFor(demoQueues());
    CHECK(demo[0].title == u"Консультация"_s);
    CHECK(demo[1].title == u"Передать показания"_s);
    CHECK(demo[1].purpose == u"Показания счётчика"_s);
    CHECK(demo[2].queueName == u"Касса"_s);
    CHECK(demo[3].title == u"Другой вопрос"_s);

    // Another centre: two consultant queues, the cash desk switched off, no administrator.
    const QList<okno::Queue> other{queue(7, u"legal"_s, u"Юридические лица"_s, okno::StageRole::Consultant),
                                   queue(8, u"cash"_s, u"Касса"_s, okno::StageRole::Cashier, false),
                                   queue(9, u"people"_s, u"Физические лица"_s, okno::StageRole::Consultant)};
    const auto ps = KioskRules::purposesFor(other);
    CHECK(keys(ps) == QStringList{u"consultation>legal"_s, u"readings>legal"_s, u"queue-people>people"_s,
                                  u"other>legal"_s});
    CHECK(ps[2].title == u"Физические лица"_s);
    // Only a cash desk: payment, and nothing pretends to be a consultation.
    CHECK(keys(KioskRules::purposesFor({queue(3, u"cash"_s, u"Касса"_s, okno::StageRole::Cashier)})) ==
          QStringList{u"payment>cash"_s});
    CHECK(KioskRules::purposesFor({}).isEmpty());
}

TEST_CASE("kiosk refuses outside hours and says when it opens", "[kiosk][rules]")
{
    KioskRules r = demoRules();
    const auto at = [&](const QDateTime &t) { return r.availabilityAt(t.toUTC()); };

    CHECK(at(msk(2026, 11, 23, 9, 30)).accepts());
    CHECK(at(msk(2026, 11, 23, 11, 59)).accepts());

    const KioskAvailability lunch = at(msk(2026, 11, 23, 12, 0));
    CHECK(lunch.reason == Reason::Lunch);
    CHECK(lunch.headline == u"Обеденный перерыв до 13:00"_s);
    CHECK(lunch.detail == u"Талоны снова выдаются с 13:00."_s);
    CHECK(lunch.reopensAt == msk(2026, 11, 23, 13, 0).toUTC());
    CHECK(at(msk(2026, 11, 23, 12, 10)).reason == Reason::Lunch);
    CHECK(at(msk(2026, 11, 23, 13, 0)).accepts());

    CHECK(at(msk(2026, 11, 23, 16, 44)).accepts());
    const KioskAvailability cutoff = at(msk(2026, 11, 23, 16, 45));
    CHECK(cutoff.reason == Reason::Cutoff);
    CHECK(cutoff.headline == u"Выдача талонов на сегодня закончена"_s);
    CHECK(cutoff.detail == u"Талоны выдаются до 16:45, центр работает до 17:00. Откроется завтра в 08:00."_s);

    const KioskAvailability evening = at(msk(2026, 11, 23, 17, 30));
    CHECK(evening.reason == Reason::AfterHours);
    CHECK(evening.headline == u"Центр закрыт"_s);
    CHECK(evening.detail == u"Рабочий день окончен. Откроется завтра в 08:00."_s);
    CHECK(evening.reopensAt == msk(2026, 11, 24, 8, 0).toUTC());

    const KioskAvailability early = at(msk(2026, 11, 23, 7, 30));
    CHECK(early.reason == Reason::BeforeOpening);
    CHECK(early.detail == u"Откроется сегодня в 08:00."_s);

    CHECK(at(msk(2026, 11, 27, 17, 30)).detail ==
          u"Рабочий день окончен. Откроется в понедельник в 08:00."_s);
    const KioskAvailability saturday = at(msk(2026, 11, 28, 10, 0));
    CHECK(saturday.reason == Reason::DayOff);
    CHECK(saturday.headline == u"Центр закрыт"_s);
    CHECK(saturday.detail == u"Сегодня выходной. Откроется в понедельник в 08:00."_s);
    CHECK(at(msk(2026, 11, 29, 10, 0)).detail == u"Сегодня выходной. Откроется завтра в 08:00."_s);
}

TEST_CASE("kiosk honours holidays, long closures, time zones and the server's word", "[kiosk][rules]")
{
    okno::Centre c;
    c.id = 1;
    c.schedule.setException({QDate(2026, 11, 4), okno::DayHours::closed(), u"День народного единства"_s});
    for (int d = 1; d <= 11; ++d)
        c.schedule.setException({QDate(2027, 1, d), okno::DayHours::closed(), u"Новогодние каникулы"_s});
    KioskRules r;
    r.setCentre(c);
    const KioskAvailability holiday = r.availabilityAt(msk(2026, 11, 4, 10, 0).toUTC());
    CHECK(holiday.reason == Reason::DayOff);
    CHECK(holiday.detail == u"Сегодня нерабочий день: День народного единства. Откроется завтра в 08:00."_s);
    CHECK(r.availabilityAt(msk(2026, 12, 31, 17, 30).toUTC()).detail ==
          u"Рабочий день окончен. Откроется 12 января в 08:00."_s);

    // A centre in Yekaterinburg (UTC+5): 07:10 UTC is its lunch.
    c.schedule.setTimeZone(QTimeZone(QByteArrayLiteral("Asia/Yekaterinburg")));
    r.setCentre(c);
    const QDateTime utc(QDate(2026, 11, 23), QTime(7, 10), Qt::UTC);
    CHECK(r.availabilityAt(utc).reason == Reason::Lunch);
    CHECK(r.availabilityAt(utc.addSecs(-3600)).accepts());

    // The server refuses although the schedule allows it: the kiosk refuses until it accepts.
    KioskRules s = demoRules();
    s.setServerStatus(false, msk(2026, 11, 23, 9, 30).toUTC());
    CHECK(s.availabilityAt(msk(2026, 11, 23, 9, 31).toUTC()).reason == Reason::ServerRefused);
    s.setServerStatus(true, msk(2026, 11, 23, 9, 32).toUTC());
    CHECK(s.availabilityAt(msk(2026, 11, 23, 9, 33).toUTC()).accepts());
    // A refusal the schedule explains (lunch) is not carried past the lunch break.
    s.setServerStatus(false, msk(2026, 11, 23, 12, 10).toUTC());
    CHECK(s.availabilityAt(msk(2026, 11, 23, 13, 5).toUTC()).accepts());
    s.noteServerRefusal(msk(2026, 11, 23, 13, 6).toUTC());
    CHECK(s.availabilityAt(msk(2026, 11, 23, 13, 7).toUTC()).reason == Reason::ServerRefused);

    okno::Centre off = c;
    off.active = false;
    r.setCentre(off);
    CHECK(r.availabilityAt(utc).reason == Reason::Inactive);
    CHECK(KioskRules().availabilityAt(utc).reason == Reason::NoCentre);
}

TEST_CASE("kiosk texts: people ahead and the week's hours", "[kiosk][rules]")
{
    CHECK(KioskRules::people(1) == u"1 человек"_s);
    CHECK(KioskRules::people(3) == u"3 человека"_s);
    CHECK(KioskRules::people(5) == u"5 человек"_s);
    CHECK(KioskRules::people(12) == u"12 человек"_s);
    CHECK(KioskRules::people(21) == u"21 человек"_s);
    CHECK(KioskRules::people(24) == u"24 человека"_s);
    CHECK(demoRules().weekHours() ==
          QStringList{u"Пн–Пт: 08:00–17:00, обед 12:00–13:00"_s, u"Сб, Вс: выходной"_s});
    CHECK(demoRules().todayHours(msk(2026, 11, 23, 9, 0).toUTC()) ==
          u"Сегодня: 08:00–17:00, обед 12:00–13:00"_s);
    CHECK(demoRules().todayHours(msk(2026, 11, 28, 9, 0).toUTC()) == u"Сегодня выходной"_s);
    CHECK(KioskRules::dateText(QDate(2026, 11, 23)) == u"понедельник, 23 ноября"_s);
}

TEST_CASE("kiosk issues tickets by touch, refuses when closed and recovers", "[gui][kiosk]")
{
    DemoServer d;
    d.at(9, 30);
    // Two visitors already wait for a consultant, and one consultant is at desk 2.
    auto admin1 = d.staff(u"admin1"_s, 1);
    admin1->ok(u"visit.issue"_s, {{u"queueCode"_s, u"consult"_s}});
    admin1->ok(u"visit.issue"_s, {{u"queueCode"_s, u"consult"_s}});
    auto consult1 = d.staff(u"consult1"_s, 2);
    consult1->ok(u"desk.open"_s);

    QTemporaryDir pdf;
    okno::Client client;
    client.setReconnectDelays(100, 500);
    okno::KioskWindow::Options options;
    options.pdfDir = pdf.path();
    options.idleMs = 1500;
    options.ticketMs = 1500;
    options.clockSyncMs = 200;
    okno::KioskWindow w(&client, options);
    w.resize(1080, 1920);
    w.show();
    client.connectToServer(u"127.0.0.1"_s, d.server.port(), {u"kiosk1"_s, u"okno-demo"_s, 0, 0});
    auto *getTicket = child<okno::KioskButton>(w, u"getTicket"_s);
    REQUIRE(waitUntil([&] { return w.currentPageName() == u"welcomePage"_s && getTicket->isEnabled(); }));
    CHECK(text(w, "welcomeCentre") == u"ЦОК Саранск"_s);
    CHECK(text(w, "welcomeHours") == u"Сегодня: 08:00–17:00, обед 12:00–13:00"_s);

    // «Назад» on every step.
    press(w, u"getTicket"_s);
    CHECK(w.currentPageName() == u"purposePage"_s);
    press(w, u"purpose-consultation"_s);
    CHECK(w.currentPageName() == u"priorityPage"_s);
    press(w, u"priorityBack"_s);
    CHECK(w.currentPageName() == u"purposePage"_s);
    press(w, u"purposeBack"_s);
    CHECK(w.currentPageName() == u"welcomePage"_s);

    // A veteran for a consultation: three touches.
    press(w, u"getTicket"_s);
    REQUIRE(waitUntil([&] {
        return child<okno::KioskButton>(w, u"purpose-consultation"_s)->note() ==
               u"Сейчас в очереди: 2 человека"_s;
    }));
    press(w, u"purpose-consultation"_s);
    CHECK(text(w, "chosenPurpose") == u"Цель визита: Консультация"_s);
    press(w, u"priority-veteran"_s);
    REQUIRE(waitUntil([&] { return w.currentPageName() == u"ticketPage"_s; }));
    CHECK(text(w, "ticketNumber") == u"К-003"_s);
    CHECK(w.lastTicket() == u"К-003"_s);
    const QJsonObject veteran = d.admin->ok(u"visit.get"_s, {{u"visitId"_s, double(w.lastVisitId())}});
    const QJsonObject vv = veteran.value(u"visit"_s).toObject();
    CHECK(vv.value(u"channel"_s).toString() == u"kiosk"_s);
    CHECK(vv.value(u"priority"_s).toString() == u"veteran"_s);
    CHECK(vv.value(u"purpose"_s).toString() == u"Консультация"_s);
    CHECK(lastStage(veteran).value(u"queueId"_s).toInt() == 2);
    CHECK(lastStage(veteran).value(u"ticket"_s).toString() == u"К-003"_s);
    const int vetAhead = veteran.value(u"position"_s).toObject().value(u"ahead"_s).toInt();
    CHECK(vetAhead == 0); // a priority visitor goes before the two regular ones
    CHECK(text(w, "ticketAhead") == u"Перед вами никого нет"_s);
    CHECK(text(w, "ticketPriority").contains(u"Ветеран"_s));
    CHECK(text(w, "ticketPrint").startsWith(u"Возьмите талон"_s));
    REQUIRE(QFile::exists(w.lastPdf()));
    press(w, u"done"_s);
    CHECK(w.currentPageName() == u"welcomePage"_s);

    // Meter readings, no priority: the ticket says who is ahead and how long, as the server does.
    press(w, u"getTicket"_s);
    press(w, u"purpose-readings"_s);
    press(w, u"priority-none"_s);
    REQUIRE(waitUntil([&] { return w.currentPageName() == u"ticketPage"_s; }));
    CHECK(text(w, "ticketNumber") == u"К-004"_s);
    const QJsonObject readings = d.admin->ok(u"visit.get"_s, {{u"visitId"_s, double(w.lastVisitId())}});
    CHECK(readings.value(u"visit"_s).toObject().value(u"priority"_s).toString().isEmpty());
    CHECK(readings.value(u"visit"_s).toObject().value(u"purpose"_s).toString() == u"Показания счётчика"_s);
    CHECK(readings.value(u"visit"_s).toObject().value(u"channel"_s).toString() == u"kiosk"_s);
    const QJsonObject pos = readings.value(u"position"_s).toObject();
    const int ahead = pos.value(u"ahead"_s).toInt();
    const int wait = pos.value(u"expectedWaitMinutes"_s).toInt();
    CHECK(ahead == 3);
    CHECK(wait > 0);
    CHECK(text(w, "ticketAhead") == u"Перед вами: "_s + KioskRules::people(ahead));
    CHECK(text(w, "ticketWait") == u"Ожидание ≈ %1 мин"_s.arg(wait));
    REQUIRE(QFile::exists(w.lastPdf()));
    const QString printed = pdfText(w.lastPdf());
    INFO(printed.toStdString());
    CHECK(printed.contains(u"К-004"_s));
    CHECK(printed.contains(u"Перед вами: %1"_s.arg(ahead)));
    CHECK(printed.contains(u"Ожидаемое время ожидания: %1 мин"_s.arg(wait)));
    CHECK(printed.contains(u"ЦОК Саранск"_s));
    if (const QString out = qEnvironmentVariable("OKNO_DOCS_OUT"); !out.isEmpty()) {
        QFile::remove(out + u"/kiosk-ticket.pdf"_s);
        QFile::copy(w.lastPdf(), out + u"/kiosk-ticket.pdf"_s);
    }
    // The ticket screen goes back to the start by itself.
    REQUIRE(waitUntil([&] { return w.currentPageName() == u"welcomePage"_s; }, 5000));

    // A half-finished choice is dropped after the idle timeout.
    press(w, u"getTicket"_s);
    press(w, u"purpose-payment"_s);
    CHECK(w.currentPageName() == u"priorityPage"_s);
    REQUIRE(waitUntil([&] { return w.currentPageName() == u"welcomePage"_s; }, 5000));

    // Lunch: the kiosk says so by itself, with every button disabled.
    d.at(12, 10);
    REQUIRE(waitUntil([&] { return w.currentPageName() == u"closedPage"_s; }));
    CHECK(text(w, "closedHeadline") == u"Обеденный перерыв до 13:00"_s);
    CHECK(text(w, "closedDetail") == u"Талоны снова выдаются с 13:00."_s);
    CHECK(text(w, "closedHours").contains(u"Пн–Пт: 08:00–17:00"_s));
    CHECK_FALSE(getTicket->isEnabled());
    CHECK(allDisabled(w, u"purpose-"_s));
    CHECK(allDisabled(w, u"priority-"_s));

    d.at(17, 30);
    REQUIRE(waitUntil([&] { return text(w, "closedDetail").contains(u"Откроется завтра в 08:00"_s); }));
    CHECK(text(w, "closedHeadline") == u"Центр закрыт"_s);
    CHECK_FALSE(getTicket->isEnabled());

    d.setTime(DemoServer::moscow(QDate(2026, 11, 28), 10, 0)); // Saturday
    REQUIRE(
        waitUntil([&] { return text(w, "closedDetail").contains(u"Откроется в понедельник в 08:00"_s); }));
    CHECK(text(w, "closedHeadline") == u"Центр закрыт"_s);
    CHECK(text(w, "closedDetail").startsWith(u"Сегодня выходной"_s));
    CHECK_FALSE(getTicket->isEnabled());
    CHECK(allDisabled(w, u"purpose-"_s));

    // Monday morning: open again, by itself.
    d.setTime(DemoServer::moscow(QDate(2026, 11, 30), 9, 0));
    REQUIRE(waitUntil([&] { return w.currentPageName() == u"welcomePage"_s && getTicket->isEnabled(); }));

    // The server goes away: the kiosk says it does not work; it comes back by itself.
    const quint16 port = d.server.port();
    d.server.stop();
    REQUIRE(waitUntil([&] { return w.currentPageName() == u"offlinePage"_s; }));
    CHECK(text(w, "offlineText") == u"Терминал временно не работает, обратитесь к администратору"_s);
    CHECK_FALSE(getTicket->isEnabled());
    REQUIRE(d.server.start(port));
    REQUIRE(
        waitUntil([&] { return w.currentPageName() == u"welcomePage"_s && getTicket->isEnabled(); }, 20000));
    press(w, u"getTicket"_s);
    press(w, u"purpose-payment"_s);
    press(w, u"priority-none"_s);
    REQUIRE(waitUntil([&] { return w.currentPageName() == u"ticketPage"_s; }));
    CHECK(text(w, "ticketNumber") == u"О-001"_s);
}

TEST_CASE("kiosk shows the number when the printer fails and the server's refusal", "[gui][kiosk]")
{
    DemoServer d;
    d.at(10, 0);
    okno::Client client;
    okno::KioskWindow::Options options;
    options.printer = u"no-such-printer"_s; // and no PDF directory: the printer path
    options.clockSyncMs = 3600 * 1000;      // the kiosk will not notice the lunch by itself
    okno::KioskWindow w(&client, options);
    w.resize(1366, 768);
    w.show();
    client.connectToServer(u"127.0.0.1"_s, d.server.port(), {u"kiosk1"_s, u"okno-demo"_s, 0, 0});
    auto *getTicket = child<okno::KioskButton>(w, u"getTicket"_s);
    REQUIRE(waitUntil([&] { return getTicket->isEnabled(); }));

    press(w, u"getTicket"_s);
    press(w, u"purpose-other"_s);
    press(w, u"priority-none"_s);
    REQUIRE(waitUntil([&] { return w.currentPageName() == u"ticketPage"_s; }));
    CHECK(text(w, "ticketNumber") == u"А-001"_s);
    CHECK(text(w, "ticketPrint") ==
          u"Талон не удалось напечатать. Запомните номер А-001 и следите за табло."_s);
    CHECK(w.lastPdf().isEmpty());
    const QJsonObject v = d.admin->ok(u"visit.get"_s, {{u"visitId"_s, double(w.lastVisitId())}});
    CHECK(lastStage(v).value(u"state"_s).toString() == u"waiting"_s); // the ticket is real
    press(w, u"done"_s);

    // The server's clock moves to lunch and the kiosk has not asked yet: the server refuses, and
    // the kiosk shows that refusal the same way.
    d.at(12, 10);
    press(w, u"getTicket"_s);
    press(w, u"purpose-payment"_s);
    press(w, u"priority-none"_s);
    REQUIRE(waitUntil([&] { return w.currentPageName() == u"closedPage"_s; }));
    REQUIRE(waitUntil([&] { return text(w, "closedHeadline") == u"Обеденный перерыв до 13:00"_s; }));
    CHECK_FALSE(getTicket->isEnabled());
    const QJsonArray visits = d.admin->ok(u"status"_s, {{u"centreId"_s, 1}}).value(u"visits"_s).toArray();
    CHECK(visits.size() == 1); // nothing was issued at lunch
}
