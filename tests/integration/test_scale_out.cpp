// Several okno-server nodes on one PostgreSQL database (docs/scale-out.md): one serves, the
// others stand by; the serving node killed with SIGKILL under load, another takes over. A
// PostgreSQL run only (tests/integration/CMakeLists.txt: test_scale_out_pg).

#include "ScaleOutSupport.h"

#include <storage/Database.h>

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QSqlQuery>
#include <QTcpServer>

#include <algorithm>
#include <iterator>
#include <map>
#include <optional>
#include <set>

using namespace scaleout;

TEST_CASE(
    "three nodes, twenty centres: the serving node killed under load loses nothing and repeats no number",
    "[failover]")
{
    REQUIRE(ServerProcess::onPostgres());

    ServerProcess first{{u"--demo"_s}};
    const auto targets = twentyCentres(first);

    // Three nodes on that database, on ports fixed in advance: the terminals' list.
    const QList<quint16> ports{freePort(), freePort(), freePort()};
    std::vector<std::unique_ptr<ServerProcess>> nodes;
    for (int i = 0; i < 3; ++i) {
        nodes.push_back(std::make_unique<ServerProcess>(QStringList{
            u"--node-name"_s, u"node-%1"_s.arg(i), u"--node-address"_s, u"127.0.0.1:%1"_s.arg(ports[i])}));
        nodes.back()->useDatabase(first.databaseArgument());
        nodes.back()->setClock(kNow);
        INFO(nodes.back()->log().toStdString());
        REQUIRE(nodes.back()->startNode(ports[i]));
        if (i == 0)
            REQUIRE(nodes[0]->waitServing(30000)); // node-0 serves; the others stand by
    }
    REQUIRE(nodes[0]->isServing());
    CHECK_FALSE(nodes[1]->isServing());
    CHECK_FALSE(nodes[2]->isServing());

    const auto login = [&](SyncClient &c, const QString &user, const QString &password, int desk = 0) {
        INFO(user.toStdString() << ": " << c.loginError().toStdString());
        REQUIRE(loginNodes(c, ports, user, password, desk));
    };
    SyncClient admin, reception, cashier, director;
    login(admin, u"admin"_s, QString::fromLatin1(ServerProcess::kAdminPassword));
    login(reception, u"admin1"_s, u"okno-demo"_s, 1);
    login(cashier, u"cashier1"_s, u"okno-demo"_s, 4);
    login(director, u"director"_s, u"okno-demo"_s);
    director.client().setSubscribed(true);
    cashier.ok(u"desk.open"_s);
    cashier.ok(u"shift.open"_s);

    // Steady load: visits issued across the twenty centres, asynchronously (several in flight
    // at any moment), and the cashier's visits called and paid.
    Load load{targets};
    const std::map<QString, Issued> &acked = load.acked;
    const std::set<QString> &failed = load.failed;
    const std::map<QString, qint64> &paid = load.paid;
    const int &payments = load.payments;
    const auto issueAsync = [&](int n) { load.issueAsync(n, [&](size_t) -> SyncClient & { return admin; }); };
    const auto payOne = [&] { load.payOne(reception, cashier); };
    for (int round = 0; round < 5; ++round) {
        issueAsync(12);
        payOne();
    }
    REQUIRE(waitUntil([&] { return load.allAnswered(); }, 30000));

    // The serving node killed while twenty issues are in flight.
    issueAsync(20);
    QElapsedTimer takeover;
    takeover.start();
    nodes[0]->kill();
    REQUIRE(waitUntil([&] { return nodes[1]->isServing() || nodes[2]->isServing(); }, 30000));
    const qint64 takeoverMs = takeover.elapsed();
    std::printf("FIGURE failover: another node serves %lld ms after the SIGKILL\n",
                static_cast<long long>(takeoverMs));
    CHECK(takeoverMs < kTakeoverBoundMs);
    ServerProcess &serving = nodes[1]->isServing() ? *nodes[1] : *nodes[2];
    ServerProcess &standby = nodes[1]->isServing() ? *nodes[2] : *nodes[1];
    CHECK_FALSE(standby.isServing());
    // Every request in flight is answered: re-sent by the clients to the new node with its key.
    REQUIRE(waitUntil([&] { return load.allAnswered(); }, 30000));
    INFO(QStringList(failed.begin(), failed.end()).join(u'\n').toStdString());
    CHECK(failed.empty());
    REQUIRE(waitUntil([&] { return admin.client().isReady() && cashier.client().isReady(); }, 20000));

    // The load goes on on the new node.
    for (int round = 0; round < 3; ++round) {
        issueAsync(12);
        payOne();
    }
    REQUIRE(waitUntil([&] { return load.allAnswered(); }, 30000));
    CHECK(failed.empty());
    admin.ok(u"visit.issue"_s,
             {{u"centreId"_s, double(targets[0].first)}, {u"queueCode"_s, targets[0].second}});

    // What the database holds: every acknowledged change exactly once, no number twice.
    StoredDatabase db(serving);
    REQUIRE(db.isOpen());
    for (const auto &[key, issued] : acked) {
        QSqlQuery q(db.db());
        REQUIRE(q.exec(
            u"SELECT COUNT(*), MIN(s.ticket) FROM visits v JOIN stages s ON s.visit_id = v.id AND s.idx = 0 "
            u"WHERE v.id = %1"_s.arg(issued.visitId)));
        REQUIRE(q.next());
        INFO(key.toStdString());
        CHECK(q.value(0).toInt() == 1);
        CHECK(q.value(1).toString() == issued.ticket);
    }
    std::set<qint64> visitIds;
    for (const auto &[key, issued] : acked)
        visitIds.insert(issued.visitId);
    CHECK(visitIds.size() == acked.size()); // no visit answered to two requests
    // Visits of today: the ones acknowledged (issues, the cashier's) and one more, nothing else.
    const qint64 todayStart = kNow.date().startOfDay(kNow.timeZone()).toMSecsSinceEpoch();
    CHECK(db.scalar(u"SELECT COUNT(*) FROM visits WHERE created_at >= %1"_s.arg(todayStart)) ==
          qint64(acked.size()) + payments + 1);
    // A ticket is handed out when a visit is issued (its first stage) and goes with it through
    // its routes: no two visits of a centre get the same ticket on one day.
    {
        QSqlQuery q(db.db());
        REQUIRE(
            q.exec(u"SELECT v.centre_id, s.service_date, s.ticket, COUNT(*) FROM stages s JOIN visits v ON "
                   u"v.id = s.visit_id WHERE s.idx = 0 GROUP BY v.centre_id, s.service_date, s.ticket "
                   u"HAVING COUNT(*) > 1"_s));
        QStringList twice;
        while (q.next())
            twice.append(u"centre %1, %2: %3 given to %4 visits"_s.arg(
                q.value(0).toString(), q.value(1).toString(), q.value(2).toString(), q.value(3).toString()));
        INFO(twice.join(u'\n').toStdString());
        CHECK(twice.isEmpty());
    }
    CHECK(db.scalar(u"SELECT COUNT(*) FROM stages WHERE idx = 0 AND service_date = '%1'"_s.arg(
              kNow.date().toString(Qt::ISODate))) == qint64(acked.size()) + payments + 1);
    CHECK(db.scalar(u"SELECT COUNT(*) FROM payments WHERE at >= %1"_s.arg(todayStart)) == payments);
    CHECK(qint64(paid.size()) == payments);
    CHECK(db.scalar(u"SELECT COUNT(*) FROM (SELECT shift_id, receipt_number FROM payments GROUP BY shift_id, "
                    u"receipt_number HAVING COUNT(*) > 1) AS twice"_s) == 0);
    std::set<qint64> receipts;
    for (const auto &[key, receipt] : paid)
        receipts.insert(receipt);
    CHECK(receipts.size() == paid.size());

    // The director's terminal resynced with no gap: every event of the log once, in order.
    const qint64 maxSeq = db.scalar(u"SELECT MAX(seq) FROM events"_s);
    REQUIRE(waitUntil([&] { return director.client().lastSeq() == maxSeq; }, 20000));
    qint64 previous = 0;
    int gaps = 0;
    for (const auto &e : director.events()) {
        if (previous != 0 && e.seq != previous + 1)
            ++gaps;
        previous = e.seq;
    }
    CHECK(gaps == 0);
    CHECK(previous == maxSeq);

    // The company-wide dashboard on the serving node equals a count from the database.
    const QJsonObject d = director.ok(u"dashboard"_s, {{u"from"_s, kNow.date().toString(Qt::ISODate)},
                                                       {u"to"_s, kNow.date().toString(Qt::ISODate)}});
    std::map<qint64, qint64> perCentre;
    {
        QSqlQuery q(db.db());
        REQUIRE(
            q.exec(u"SELECT centre_id, COUNT(*) FROM visits WHERE created_at >= %1 GROUP BY centre_id"_s.arg(
                todayStart)));
        while (q.next())
            perCentre[q.value(0).toLongLong()] = q.value(1).toLongLong();
    }
    REQUIRE(perCentre.size() == 20);
    for (const QJsonValue &c : d.value(u"centres"_s).toArray()) {
        const QJsonObject centre = c.toObject();
        const qint64 id = qint64(centre.value(u"centreId"_s).toDouble());
        INFO("centre " << id);
        CHECK(qint64(centre.value(u"quality"_s).toObject().value(u"visits"_s).toDouble()) == perCentre[id]);
    }
    qint64 total = 0;
    for (const auto &[id, n] : perCentre)
        total += n;
    CHECK(qint64(d.value(u"quality"_s).toObject().value(u"visits"_s).toDouble()) == total);
}

TEST_CASE("a terminal that knows only a standby node is sent on to the serving one, and served by the "
          "standby once it takes over",
          "[failover]")
{
    REQUIRE(ServerProcess::onPostgres());
    const QList<quint16> ports{freePort(), freePort()};
    std::vector<std::unique_ptr<ServerProcess>> nodes;
    for (int i = 0; i < 2; ++i) {
        QStringList args{u"--node-name"_s, u"node-%1"_s.arg(i), u"--node-address"_s,
                         u"127.0.0.1:%1"_s.arg(ports[i])};
        if (i == 0)
            args.append(u"--demo"_s);
        nodes.push_back(std::make_unique<ServerProcess>(args));
        if (i > 0)
            nodes.back()->useDatabase(nodes[0]->databaseArgument());
        nodes.back()->setClock(kNow);
        INFO(nodes.back()->log().toStdString());
        REQUIRE(nodes.back()->startNode(ports[i]));
        if (i == 0)
            REQUIRE(nodes[0]->waitServing(30000));
    }
    REQUIRE(waitUntil([&] { return nodes[1]->log().contains(u"node node-0"_s); }, 10000));
    CHECK_FALSE(nodes[1]->isServing());

    // What the standby says, as the wire has it: to a client that follows `moved`, where to go;
    // to one that does not say so (a terminal from before `moved`), nothing: it is closed, as if
    // nothing listened, and that client tries its next node.
    {
        RawConnection raw;
        REQUIRE(raw.open(ports[1]));
        raw.sendJson({{u"id"_s, 1}, {u"op"_s, u"hello"_s}, {u"version"_s, 1}});
        CHECK(raw.nextFrame(2000).isEmpty());
        CHECK(raw.waitClosed());
    }
    {
        RawConnection raw;
        REQUIRE(raw.open(ports[1]));
        const QJsonObject moved = raw.request(
            {{u"id"_s, 1}, {u"op"_s, u"hello"_s}, {u"version"_s, 1}, {u"follows"_s, QJsonArray{u"moved"_s}}});
        INFO(QJsonDocument(moved).toJson().toStdString());
        const QJsonObject error = moved.value(u"error"_s).toObject();
        CHECK(error.value(u"code"_s).toString() == u"moved"_s);
        CHECK(error.value(u"node"_s).toString() == u"node-0"_s);
        CHECK(error.value(u"endpoint"_s).toString() == u"127.0.0.1:%1"_s.arg(ports[0]));
    }

    // A terminal whose list names the standby only: sent on, it logs in on node-0 and works there.
    SyncClient reception;
    INFO(reception.loginError().toStdString());
    REQUIRE(loginNodes(reception, {ports[1]}, u"admin1"_s, u"okno-demo"_s, 1));
    CHECK(reception.client().endpoint() == okno::Endpoint{u"127.0.0.1"_s, ports[0]});
    const qint64 before = visitIdOf(reception.ok(u"visit.issue"_s, {{u"queueCode"_s, u"cash"_s}}));

    // node-0 goes: the standby takes over, and the same terminal, its list unchanged, is served
    // there (a `moved` to a node that is gone counts as a failed attempt, and the list goes on).
    nodes[0]->kill();
    REQUIRE(waitUntil([&] { return nodes[1]->isServing(); }, 30000));
    REQUIRE(waitUntil(
        [&] {
            return reception.client().isReady() &&
                   reception.client().endpoint() == okno::Endpoint{u"127.0.0.1"_s, ports[1]};
        },
        30000));
    const qint64 after = visitIdOf(reception.ok(u"visit.issue"_s, {{u"queueCode"_s, u"cash"_s}}));
    CHECK(after > before);
    StoredDatabase db(*nodes[1]);
    CHECK(db.scalar(u"SELECT COUNT(*) FROM visits WHERE id IN (%1, %2)"_s.arg(before).arg(after)) == 2);
}

TEST_CASE("a node whose lease was taken over cannot write: it refuses, writes nothing and stops",
          "[failover]")
{
    REQUIRE(ServerProcess::onPostgres());
    // Its own check of the lease every minute only: what stops this write is the fence.
    ServerProcess server{{u"--demo"_s, u"--lease-interval"_s, u"60000"_s}};
    server.setClock(DemoServer::moscow(QDate(2026, 11, 23), 9, 0));
    INFO(server.log().toStdString());
    REQUIRE(server.start());
    SyncClient admin;
    REQUIRE(admin.login(server.port(), u"admin"_s, QString::fromLatin1(ServerProcess::kAdminPassword)));
    admin.ok(u"visit.issue"_s, {{u"centreId"_s, 1}, {u"queueCode"_s, u"consult"_s}});
    StoredDatabase db(server);
    const qint64 visits = db.scalar(u"SELECT COUNT(*) FROM visits"_s);
    // As if another node had taken the lease while this one's own connection lingered (a network
    // partition): the token moves on.
    QSqlQuery q(db.db());
    REQUIRE(q.exec(u"UPDATE server_lease SET token = token + 1, holder = 'usurper'"_s));
    const auto refused = admin.call(u"visit.issue"_s, {{u"centreId"_s, 1}, {u"queueCode"_s, u"consult"_s}});
    CHECK_FALSE(refused);
    CHECK(db.scalar(u"SELECT COUNT(*) FROM visits"_s) == visits);
    REQUIRE(waitUntil([&] { return !server.isRunning(); }, 10000));
    CHECK(server.exitCode() == 75); // the supervisor restarts it: a standby then
    CHECK(server.log().contains(u"fenced"_s));
    CHECK(server.log().contains(u"usurper"_s));
}

TEST_CASE("a serving node that finds its lease taken over stops by itself, with nothing to write",
          "[failover]")
{
    REQUIRE(ServerProcess::onPostgres());
    DemoServer d; // the lease checked every 0.5 s
    StoredDatabase db(d.server);
    QSqlQuery q(db.db());
    REQUIRE(q.exec(u"UPDATE server_lease SET token = token + 1, holder = 'usurper'"_s));
    REQUIRE(waitUntil([&] { return !d.server.isRunning(); }, 10000));
    CHECK(d.server.exitCode() == 75);
    CHECK(d.server.log().contains(u"the lease was taken over by usurper"_s));
}

TEST_CASE("events another node commits reach this node's subscribers in sequence order, between its own",
          "[scale-out]")
{
    REQUIRE(ServerProcess::onPostgres());
    DemoServer d;
    d.at(10, 0); // a working Monday
    SyncClient director;
    REQUIRE(director.login(d.server.port(), u"director"_s, u"okno-demo"_s));
    director.client().setSubscribed(true);
    REQUIRE(waitUntil([&] { return director.client().lastSeq() > 0; }));

    // Another node's writer: its own connection to the same database, numbering its events from
    // the same counter in its commits (as a node owning other centres will).
    auto other = okno::Database::open(d.server.databaseConfig());
    REQUIRE(other.ok());
    std::map<qint64, int> theirs; // seq → which of theirs
    const auto commitTheirs = [&](int n, int count) {
        okno::WriteBatch batch;
        for (int k = 0; k < count; ++k) {
            okno::Event e;
            e.type = u"visit.noted"_s;
            e.at = QDateTime::currentDateTimeUtc();
            e.centreId = 1;
            e.payload = QJsonDocument(QJsonObject{{u"node"_s, u"node-b"_s}, {u"n"_s, n * 10 + k}})
                            .toJson(QJsonDocument::Compact);
            batch.appendEvent(e);
        }
        qint64 first = 0;
        INFO("node-b's commit " << n);
        REQUIRE((*other)->apply(batch, &first).ok());
        for (int k = 0; k < count; ++k)
            theirs[first + k] = n * 10 + k;
    };
    // Theirs before ours (ours finds numbers below its own unpublished: read from the log first),
    // ours before theirs (theirs heard: LISTEN/NOTIFY), and theirs last, with nothing of ours
    // after it to bring it along.
    for (int n = 0; n < 12; ++n) {
        if (n % 3 != 2)
            commitTheirs(n, 1 + n % 2);
        d.admin->ok(u"visit.issue"_s, {{u"centreId"_s, 1}, {u"queueCode"_s, u"consult"_s}});
    }

    // Theirs holding the counter's row while ours waits for it: ours commits the moment theirs
    // does, and its callback comes before the announcement of theirs is acted on — so ours finds
    // a number below its own unpublished, and reads it from the log first.
    StoredDatabase db(d.server);
    {
        QSqlQuery q(db.db());
        REQUIRE(db.db().transaction());
        REQUIRE(
            q.exec(u"UPDATE id_blocks SET next_id = next_id + 1 WHERE kind = 'event' RETURNING next_id"_s));
        REQUIRE(q.next());
        const qint64 seq = q.value(0).toLongLong() - 1;
        REQUIRE(q.exec(uR"(INSERT INTO events (seq, at, type, centre_id, payload)
                           VALUES (%1, 0, 'visit.noted', 1, '{"node":"node-b","n":500}'))"_s.arg(seq)));
        REQUIRE(q.exec(u"SELECT pg_notify('okno_events', '%1,%1')"_s.arg(seq)));
        std::optional<bool> issued;
        d.admin->client().call(u"visit.issue"_s, {{u"centreId"_s, 1}, {u"queueCode"_s, u"consult"_s}},
                               [&issued](const okno::Result<QJsonObject> &r) { issued = r.ok(); });
        CHECK_FALSE(waitUntil([&] { return issued.has_value(); }, 500)); // it waits for the row
        REQUIRE(db.db().commit());
        REQUIRE(waitUntil([&] { return issued.has_value(); }));
        CHECK(*issued);
        theirs[seq] = 500;
    }
    commitTheirs(99, 2);
    // And one whose announcement never comes (as when the listening connection was down): found
    // all the same, by the node's check of the log.
    {
        QSqlQuery q(db.db());
        REQUIRE(db.db().transaction());
        REQUIRE(
            q.exec(u"UPDATE id_blocks SET next_id = next_id + 1 WHERE kind = 'event' RETURNING next_id"_s));
        REQUIRE(q.next());
        const qint64 seq = q.value(0).toLongLong() - 1;
        REQUIRE(q.exec(uR"(INSERT INTO events (seq, at, type, centre_id, payload)
                           VALUES (%1, 0, 'visit.noted', 1, '{"node":"node-b","n":600}'))"_s.arg(seq)));
        REQUIRE(db.db().commit());
        theirs[seq] = 600;
    }

    // The node's connection that reads the log is cut (the database restarted it, the network
    // broke): it is opened again, and its own event that waits for theirs is published.
    {
        QSqlQuery q(db.db());
        REQUIRE(q.exec(u"SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity "
                       u"WHERE application_name = 'okno-reader' AND datname = current_database()"_s));
        REQUIRE(q.next());
        CHECK(q.value(0).toInt() == 1);
    }
    commitTheirs(97, 1);
    d.admin->ok(u"visit.issue"_s, {{u"centreId"_s, 1}, {u"queueCode"_s, u"consult"_s}});

    const qint64 maxSeq = db.scalar(u"SELECT MAX(seq) FROM events"_s);
    REQUIRE(waitUntil([&] { return director.client().lastSeq() >= maxSeq; }, 10000));
    // Every event once, in sequence order, with no gap: this node's and the other's.
    const auto &events = director.events();
    REQUIRE_FALSE(events.isEmpty());
    qint64 previous = events.constFirst().seq - 1;
    int gaps = 0;
    std::map<qint64, int> received;
    for (const auto &e : events) {
        if (e.seq != previous + 1)
            ++gaps;
        previous = e.seq;
        if (e.type == u"visit.noted"_s) {
            CHECK(e.data.value(u"node"_s).toString() == u"node-b"_s);
            received[e.seq] = e.data.value(u"n"_s).toInt();
        }
    }
    CHECK(gaps == 0);
    CHECK(received == theirs);
    CHECK(theirs.size() == 17);

    // A history is not written into the log while a node serves it: its past days' events would
    // reach the terminals as new ones.
    okno::HistoryOptions history;
    history.database = d.server.databaseConfig();
    history.from = history.to = QDate(2026, 11, 20);
    const auto refused = okno::generateHistory(history);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().message.contains(u"serves this database"_s));
    CHECK(db.scalar(u"SELECT COUNT(*) FROM visits WHERE created_at < %1"_s.arg(
              DemoServer::moscow(QDate(2026, 11, 23), 0, 0).toMSecsSinceEpoch())) == 0);
    // And this node's own fourteen visits among them.
    CHECK(std::count_if(events.begin(), events.end(),
                        [](const auto &e) { return e.type == u"visit.issued"_s; }) == 14);
}
