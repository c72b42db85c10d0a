// The hall board: BoardState's rules on hand-made snapshots and events, then the real window
// against a real server.
#include "../integration/Fixture.h"

#include <BoardState.h>
#include <BoardWindow.h>

#include <protocol/Codec.h>

#include <QFile>
#include <QFrame>
#include <QLabel>
#include <QSignalSpy>
#include <QStackedWidget>
#include <QTcpSocket>

using okno::BoardCall;
using okno::BoardState;
using okno::Id;
using okno::StageState;

namespace {

const QDate kMonday(2026, 11, 23);

QDateTime moscow(int h, int m, int s = 0, const QDate &d = kMonday)
{
    return QDateTime(d, QTime(h, m, s), QTimeZone(QByteArrayLiteral("Europe/Moscow"))).toUTC();
}

// The demo centre's shape: queues А (1), К (2), О (3); desks 1–4 (desk n has id n).
okno::Centre centre()
{
    okno::Centre c;
    c.id = 1;
    c.code = u"SARANSK"_s;
    c.name = u"ЦОК Саранск"_s;
    return c;
}

okno::Visit visit(Id id, int version, const QString &ticket, Id queueId, StageState state, Id deskId = 0,
                  const QDateTime &calledAt = {}, int callCount = 0)
{
    okno::Visit v;
    v.id = id;
    v.centreId = 1;
    v.version = version;
    v.createdAt = moscow(9, 0);
    okno::Stage s;
    s.queueId = queueId;
    s.role = queueId == 1 ? okno::StageRole::Administrator
                          : (queueId == 2 ? okno::StageRole::Consultant : okno::StageRole::Cashier);
    s.ticket = ticket;
    s.ticketNumber = ticket.mid(2).toInt();
    s.serviceDate = kMonday;
    s.state = state;
    s.queuedAt = moscow(9, 0);
    s.calledAt = calledAt;
    s.callCount = callCount;
    s.deskId = deskId;
    v.stages.append(s);
    return v;
}

QJsonObject status(const QList<okno::Visit> &visits, qint64 lastSeq, const okno::Centre &c = centre())
{
    QJsonArray queues;
    const QList<std::tuple<Id, const char *, QString, QString>> qs{
        {1, "reception", u"Администратор"_s, u"А"_s},
        {2, "consult", u"Консультация"_s, u"К"_s},
        {3, "cash", u"Касса"_s, u"О"_s}};
    for (const auto &[id, code, name, prefix] : qs) {
        okno::Queue q{id, 1, QString::fromLatin1(code), name, prefix, okno::StageRole::Consultant, true};
        queues.append(QJsonObject{{u"queue"_s, okno::protocol::toJson(q)}, {u"waiting"_s, 0}});
    }
    QJsonArray desks;
    for (int n = 1; n <= 4; ++n) {
        okno::Desk d;
        d.id = n;
        d.centreId = 1;
        d.number = n;
        d.queueIds = {n == 1 ? 1 : (n == 4 ? 3 : 2)};
        desks.append(okno::protocol::toJson(d));
    }
    QJsonArray vs;
    for (const auto &v : visits)
        vs.append(okno::protocol::toJson(v));
    return {{u"centre"_s, okno::protocol::toJson(c)},
            {u"status"_s, u"open"_s},
            {u"serverTime"_s, okno::protocol::instantToJson(moscow(9, 30))},
            {u"queues"_s, queues},
            {u"desks"_s, desks},
            {u"visits"_s, vs},
            {u"lastSeq"_s, double(lastSeq)}};
}

QJsonObject payload(const okno::Visit &v)
{
    return {{u"visit"_s, okno::protocol::toJson(v)}};
}

QStringList texts(const QList<BoardCall> &calls)
{
    QStringList list;
    for (const BoardCall &c : calls)
        list.append(c.text());
    return list;
}

} // namespace

TEST_CASE("board: a snapshot's calls are shown, not announced; a new call is announced once", "[board]")
{
    BoardState b;
    b.loadSnapshot(status({visit(1, 2, u"А-001"_s, 1, StageState::Called, 1, moscow(9, 20), 1),
                           visit(2, 1, u"К-001"_s, 2, StageState::Waiting)},
                          10));
    REQUIRE(b.hasCentre());
    CHECK(b.isSynced());
    CHECK(texts(b.currentCalls()) == QStringList{u"А-001 → окно 1"_s});
    CHECK_FALSE(b.currentCalls().at(0).highlighted);
    CHECK(b.waitingIn(2) == 1);

    const QDateTime now = moscow(9, 30, 2);
    // An event the snapshot already has: ignored.
    CHECK(b.applyEvent(u"visit.called"_s, 9, moscow(9, 25),
                       payload(visit(2, 2, u"К-001"_s, 2, StageState::Called, 2, moscow(9, 25), 1)), now, 0)
              .isEmpty());
    CHECK(b.currentCalls().size() == 1);

    // A live call: announced, on top, highlighted; it no longer waits.
    const auto called = visit(2, 2, u"К-001"_s, 2, StageState::Called, 2, moscow(9, 30, 1), 1);
    const QList<BoardCall> fresh =
        b.applyEvent(u"visit.called"_s, 11, moscow(9, 30, 1), payload(called), now, 1000);
    REQUIRE(fresh.size() == 1);
    CHECK(fresh[0].text() == u"К-001 → окно 2"_s);
    CHECK(texts(b.currentCalls()) == QStringList{u"К-001 → окно 2"_s, u"А-001 → окно 1"_s});
    CHECK(b.currentCalls().at(0).highlighted);
    CHECK(b.waitingIn(2) == 0);
    // The same change again (a duplicate): nothing new.
    CHECK(b.applyEvent(u"visit.called"_s, 12, moscow(9, 30, 1), payload(called), now, 1100).isEmpty());

    // A recall re-announces.
    const auto recalled = visit(2, 3, u"К-001"_s, 2, StageState::Called, 2, moscow(9, 30, 1), 2);
    const auto again =
        b.applyEvent(u"visit.recalled"_s, 13, moscow(9, 31), payload(recalled), moscow(9, 31), 60000);
    REQUIRE(again.size() == 1);
    CHECK(again[0].callCount == 2);

    // The highlight ends after a few seconds on screen.
    CHECK(b.tick(moscow(9, 31, 5), 60000 + BoardState::kHighlightMs));
    CHECK_FALSE(b.currentCalls().at(0).highlighted);
}

TEST_CASE("board: calls replayed after a reconnect, or old by the server's clock, are never new", "[board]")
{
    BoardState b;
    b.loadSnapshot(status({visit(1, 1, u"К-001"_s, 2, StageState::Waiting),
                           visit(2, 1, u"К-002"_s, 2, StageState::Waiting),
                           visit(3, 1, u"К-003"_s, 2, StageState::Waiting)},
                          10));
    b.connectionLost();
    CHECK_FALSE(b.isSynced());
    // The replay after the reconnect: shown, not announced, however recent.
    CHECK(b.applyEvent(u"visit.called"_s, 11, moscow(9, 30),
                       payload(visit(1, 2, u"К-001"_s, 2, StageState::Called, 2, moscow(9, 30), 1)),
                       moscow(9, 30, 1), 0)
              .isEmpty());
    CHECK(texts(b.currentCalls()) == QStringList{u"К-001 → окно 2"_s});
    // The snapshot after the reconnect keeps what the board had.
    b.loadSnapshot(status({visit(1, 2, u"К-001"_s, 2, StageState::Called, 2, moscow(9, 30), 1),
                           visit(2, 1, u"К-002"_s, 2, StageState::Waiting),
                           visit(3, 1, u"К-003"_s, 2, StageState::Waiting)},
                          11));
    CHECK(texts(b.currentCalls()) == QStringList{u"К-001 → окно 2"_s});

    // A minute old by the server's clock: shown, not announced.
    CHECK(b.applyEvent(u"visit.called"_s, 12, moscow(9, 31),
                       payload(visit(2, 2, u"К-002"_s, 2, StageState::Called, 3, moscow(9, 31), 1)),
                       moscow(9, 32), 0)
              .isEmpty());
    CHECK(b.currentCalls().at(0).text() == u"К-002 → окно 3"_s);
    // A few seconds: new.
    CHECK(b.applyEvent(u"visit.called"_s, 13, moscow(9, 32),
                       payload(visit(3, 2, u"К-003"_s, 2, StageState::Called, 4, moscow(9, 32), 1)),
                       moscow(9, 32, 3), 0)
              .size() == 1);
}

TEST_CASE("board: answered calls leave 'now calling' after a while; last calls newest first", "[board]")
{
    BoardState b;
    b.setLimits(2, 3);
    b.loadSnapshot(status({visit(1, 1, u"А-001"_s, 1, StageState::Waiting),
                           visit(2, 1, u"К-001"_s, 2, StageState::Waiting),
                           visit(3, 1, u"О-001"_s, 3, StageState::Waiting)},
                          10));
    b.applyEvent(u"visit.called"_s, 11, moscow(9, 31),
                 payload(visit(1, 2, u"А-001"_s, 1, StageState::Called, 1, moscow(9, 31), 1)), moscow(9, 31),
                 0);
    b.applyEvent(u"visit.called"_s, 12, moscow(9, 32),
                 payload(visit(2, 2, u"К-001"_s, 2, StageState::Called, 2, moscow(9, 32), 1)), moscow(9, 32),
                 0);
    b.applyEvent(u"visit.called"_s, 13, moscow(9, 33),
                 payload(visit(3, 2, u"О-001"_s, 3, StageState::Called, 4, moscow(9, 33), 1)), moscow(9, 33),
                 0);
    CHECK(texts(b.currentCalls()) == QStringList{u"О-001 → окно 4"_s, u"К-001 → окно 2"_s});
    CHECK(texts(b.recentCalls()) == QStringList{u"А-001 → окно 1"_s});

    // The visitor of О-001 comes: it stays a moment, then goes to the last calls.
    b.applyEvent(u"visit.started"_s, 14, moscow(9, 34),
                 payload(visit(3, 3, u"О-001"_s, 3, StageState::InService, 4, moscow(9, 33), 1)),
                 moscow(9, 34), 10000);
    b.tick(moscow(9, 34, 10), 10000 + BoardState::kAnsweredLingerMs - 1);
    CHECK(b.currentCalls().at(0).ticket == u"О-001"_s);
    CHECK(b.currentCalls().at(0).answered);
    CHECK(b.tick(moscow(9, 34, 15), 10000 + BoardState::kAnsweredLingerMs));
    CHECK(texts(b.currentCalls()) == QStringList{u"К-001 → окно 2"_s, u"А-001 → окно 1"_s});
    CHECK(texts(b.recentCalls()) == QStringList{u"О-001 → окно 4"_s});

    // A new working day starts with an empty board.
    b.tick(moscow(8, 0, 0, kMonday.addDays(1)), 100000);
    CHECK(b.currentCalls().isEmpty());
    CHECK(b.recentCalls().isEmpty());
}

TEST_CASE("board: waiting counts follow issues, calls and routes", "[board]")
{
    BoardState b;
    b.loadSnapshot(status({}, 10));
    CHECK(b.waiting().size() == 3);
    CHECK(b.waiting().at(1).name == u"Консультация"_s);
    b.applyEvent(u"visit.issued"_s, 11, moscow(9, 30),
                 payload(visit(1, 1, u"А-001"_s, 1, StageState::Waiting)), moscow(9, 30), 0);
    b.applyEvent(u"visit.issued"_s, 12, moscow(9, 30),
                 payload(visit(2, 1, u"А-002"_s, 1, StageState::Waiting)), moscow(9, 30), 0);
    CHECK(b.waitingIn(1) == 2);
    // Routed on: a new waiting stage in the consultant's queue.
    okno::Visit routed = visit(1, 2, u"А-001"_s, 1, StageState::Transferred);
    okno::Stage next = routed.stages.first();
    next.index = 1;
    next.queueId = 2;
    next.ticket = u"К-001"_s;
    next.state = StageState::Waiting;
    routed.stages.append(next);
    b.applyEvent(u"visit.routed"_s, 13, moscow(9, 31), payload(routed), moscow(9, 31), 0);
    CHECK(b.waitingIn(1) == 1);
    CHECK(b.waitingIn(2) == 1);
    b.applyEvent(u"visit.cancelled"_s, 14, moscow(9, 32),
                 payload(visit(2, 2, u"А-002"_s, 1, StageState::Cancelled)), moscow(9, 32), 0);
    CHECK(b.waitingIn(1) == 0);
}

TEST_CASE("board: the chime is built in", "[board]")
{
    QFile wav(u":/board/chime.wav"_s);
    REQUIRE(wav.open(QIODevice::ReadOnly));
    CHECK(wav.read(4) == "RIFF");
    CHECK(wav.size() > 10000);
}

TEST_CASE("board: the centre's state for the hall, from its schedule", "[board]")
{
    okno::Schedule s;
    auto n = okno::centreNotice(s, moscow(9, 30));
    CHECK(n.status == okno::CentreStatus::Open);
    CHECK(n.headline.isEmpty());
    CHECK(n.detail.isEmpty());
    CHECK(n.hoursToday == u"Сегодня 08:00–17:00, обед 12:00–13:00"_s);

    n = okno::centreNotice(s, moscow(12, 10));
    CHECK(n.status == okno::CentreStatus::Lunch);
    CHECK(n.headline == u"Перерыв на обед до 13:00"_s);

    CHECK(okno::centreNotice(s, moscow(16, 50)).detail.startsWith(u"Выдача талонов на сегодня окончена"_s));

    n = okno::centreNotice(s, moscow(17, 30));
    CHECK(n.headline == u"Центр закрыт"_s);
    CHECK(n.detail == u"Откроется завтра в 08:00"_s);
    CHECK(okno::centreNotice(s, moscow(7, 0)).detail == u"Откроется сегодня в 08:00"_s);
    CHECK(okno::centreNotice(s, moscow(18, 0, 0, QDate(2026, 11, 27))).detail ==
          u"Откроется в понедельник, 30 ноября, в 08:00"_s);

    // A holiday tomorrow: its note on the day, and the day after named.
    okno::ScheduleException holiday{QDate(2026, 11, 24), okno::DayHours::closed(),
                                    u"Региональный праздник"_s};
    s.setException(holiday);
    CHECK(okno::centreNotice(s, moscow(17, 30)).detail == u"Откроется в среду, 25 ноября, в 08:00"_s);
    n = okno::centreNotice(s, moscow(10, 0, 0, QDate(2026, 11, 24)));
    CHECK(n.hoursToday == u"Сегодня выходной"_s);
    CHECK(n.note == u"Региональный праздник"_s);
}

// --- the window against a real server

namespace {

template <typename T> T *child(QWidget &w, const char *name)
{
    T *c = w.findChild<T *>(QString::fromLatin1(name));
    INFO("widget " << name);
    REQUIRE(c != nullptr);
    return c;
}

// What the "now calling" (or "last calls") rows show, top to bottom, read from their labels.
QStringList shown(QWidget &w, const QString &rowPrefix)
{
    QStringList rows;
    for (int i = 0;; ++i) {
        auto *row = w.findChild<QFrame *>(rowPrefix + QString::number(i));
        if (!row)
            break;
        if (row->isVisibleTo(&w))
            rows.append(row->findChild<QLabel *>(u"ticket"_s)->text() % u" → "_s %
                        row->findChild<QLabel *>(u"desk"_s)->text());
    }
    return rows;
}

QString allText(QWidget &w)
{
    QStringList all;
    for (const QLabel *l : w.findChildren<QLabel *>())
        if (l->isVisibleTo(&w))
            all.append(l->text());
    return all.join(u'\n');
}

} // namespace

TEST_CASE("the hall board shows calls, waiting counts, lunch and closing; recovers by itself", "[gui][board]")
{
    DemoServer d;
    d.at(9, 30);
    auto reception = d.staff(u"admin1"_s, 1);
    reception->ok(u"desk.open"_s);
    // Called before the board starts: shown from the snapshot, never chimed.
    reception->ok(u"visit.issue"_s, {{u"queueCode"_s, u"reception"_s}});
    reception->ok(u"visit.issue"_s, {{u"queueCode"_s, u"reception"_s}});
    const qint64 first = visitIdOf(reception->ok(u"visit.callNext"_s));

    okno::Client client;
    client.setReconnectDelays(100, 500);
    okno::BoardWindow w(&client);
    w.setClockSyncInterval(200);
    w.resize(1366, 768);
    w.show();
    QSignalSpy chimes(&w, &okno::BoardWindow::callAnnounced);
    client.connectToServer(u"127.0.0.1"_s, d.server.port(), {u"board1"_s, u"okno-demo"_s, 0, 0});
    REQUIRE(waitUntil([&] { return shown(w, u"currentCall"_s) == QStringList{u"А-001 → окно 1"_s}; }));
    CHECK(chimes.isEmpty());
    CHECK_FALSE(w.isDimmed());
    CHECK(child<QLabel>(w, "centreName")->text() == u"ЦОК Саранск"_s);
    CHECK(child<QLabel>(w, "todayHours")->text() == u"Сегодня 08:00–17:00, обед 12:00–13:00"_s);
    CHECK(child<QLabel>(w, "clock")->text() == u"09:30"_s);
    CHECK(child<QStackedWidget>(w, "boardPages")->currentWidget()->objectName() == u"callsPage"_s);

    // Waiting counts follow issues.
    auto *waiting = child<QLabel>(w, "waiting_consult");
    CHECK(waiting->text() == u"0"_s);
    CHECK(child<QLabel>(w, "waiting_reception")->text() == u"1"_s);
    reception->ok(u"visit.issue"_s, {{u"queueCode"_s, u"consult"_s},
                                     {u"customerName"_s, u"Орлова Наталья Сергеевна"_s},
                                     {u"purpose"_s, u"Перерасчёт за октябрь"_s},
                                     {u"accountNumber"_s, u"5550001112"_s}});
    reception->ok(u"visit.issue"_s, {{u"queueCode"_s, u"consult"_s}});
    REQUIRE(waitUntil([&] { return waiting->text() == u"2"_s; }));

    // A call through a staff client: on the board within a short wait, chimed once.
    auto consultant = d.staff(u"consult1"_s, 2);
    consultant->ok(u"desk.open"_s);
    const qint64 k1 = visitIdOf(consultant->ok(u"visit.callNext"_s));
    REQUIRE(waitUntil([&] { return shown(w, u"currentCall"_s).value(0) == u"К-001 → окно 2"_s; }, 3000));
    CHECK(shown(w, u"currentCall"_s) == QStringList{u"К-001 → окно 2"_s, u"А-001 → окно 1"_s});
    REQUIRE(chimes.size() == 1);
    CHECK(chimes[0][0].toString() == u"К-001"_s);
    CHECK(chimes[0][1].toInt() == 2);
    CHECK(waiting->text() == u"1"_s);
    // A hall display shows tickets and desks, never who the visitor is, nor who serves.
    const QString screen = allText(w);
    for (const QString &secret : {u"Орлова"_s, u"Перерасчёт"_s, u"5550001112"_s, u"Петров"_s, u"Иванова"_s})
        CHECK_FALSE(screen.contains(secret));
    // A recall re-announces.
    consultant->ok(u"visit.recall"_s, {{u"visitId"_s, double(k1)}});
    REQUIRE(waitUntil([&] { return chimes.size() == 2; }));

    // Reading across a hall: the fonts follow the screen.
    auto *ticket = child<QFrame>(w, "currentCall0")->findChild<QLabel *>(u"ticket"_s);
    const int small = ticket->font().pixelSize();
    w.resize(1920, 1080);
    REQUIRE(waitUntil([&] { return ticket->font().pixelSize() > small; }));
    CHECK(ticket->font().pixelSize() >= 100);
    CHECK(small >= 70);

    // A call replayed after a reconnect is shown, not announced.
    auto consultant2 = d.staff(u"consult2"_s, 3);
    consultant2->ok(u"desk.open"_s);
    auto *banner = child<QLabel>(w, "connectionBanner");
    client.setReconnectDelays(1500, 1500);
    auto *socket = client.findChild<QTcpSocket *>();
    REQUIRE(socket);
    socket->abort();
    REQUIRE(waitUntil([&] { return banner->text().contains(u"Нет связи"_s); }));
    CHECK(w.isDimmed());
    consultant2->ok(u"visit.callNext"_s);
    REQUIRE(waitUntil([&] { return client.isReady() && !w.isDimmed(); }));
    CHECK(shown(w, u"currentCall"_s).value(0) == u"К-002 → окно 3"_s);
    CHECK(chimes.size() == 2);

    // The server restarts: a banner, the last state kept dimmed, then back by itself.
    client.setReconnectDelays(100, 500);
    const quint16 port = d.server.port();
    d.server.stop();
    REQUIRE(waitUntil([&] { return banner->isVisibleTo(&w) && banner->text().contains(u"Нет связи"_s); }));
    CHECK(w.isDimmed());
    CHECK(shown(w, u"currentCall"_s).value(0) == u"К-002 → окно 3"_s);
    REQUIRE(d.server.start(port));
    REQUIRE(waitUntil([&] { return banner->text().contains(u"установлена"_s) && !w.isDimmed(); }, 20000));
    CHECK_FALSE(banner->isVisibleTo(&w));
    CHECK(shown(w, u"currentCall"_s) ==
          QStringList{u"К-002 → окно 3"_s, u"К-001 → окно 2"_s, u"А-001 → окно 1"_s});
    CHECK(chimes.size() == 2);
    // And calls after the restart are announced again.
    REQUIRE(waitUntil([&] { return reception->client().isReady(); }, 20000));
    reception->ok(u"visit.start"_s, {{u"visitId"_s, double(first)}});
    reception->ok(u"visit.finish"_s, {{u"visitId"_s, double(first)}});
    reception->ok(u"visit.callNext"_s);
    REQUIRE(waitUntil([&] { return shown(w, u"currentCall"_s).value(0) == u"А-002 → окно 1"_s; }));
    CHECK(chimes.size() == 3);
    CHECK(shown(w, u"currentCall"_s).contains(u"А-001 → окно 1"_s)); // answered a moment ago

    // Lunch and closing, as the server's clock moves.
    auto *pages = child<QStackedWidget>(w, "boardPages");
    auto *notice = child<QLabel>(w, "centreNotice");
    d.at(12, 10);
    REQUIRE(waitUntil([&] { return notice->text() == u"Перерыв на обед до 13:00"_s; }));
    CHECK(pages->currentWidget()->objectName() == u"noticePage"_s);
    CHECK(child<QLabel>(w, "clock")->text() == u"12:10"_s);
    d.at(17, 30);
    REQUIRE(waitUntil([&] { return notice->text() == u"Центр закрыт"_s; }));
    CHECK(child<QLabel>(w, "centreNoticeDetail")->text() == u"Откроется завтра в 08:00"_s);
    d.at(13, 0);
    REQUIRE(waitUntil([&] { return pages->currentWidget()->objectName() == u"callsPage"_s; }));
    CHECK(chimes.size() == 3);
}
