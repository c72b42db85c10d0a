// Several okno-server nodes on one PostgreSQL database (docs/scale-out.md): one serves, the
// others stand by; the serving node killed with SIGKILL under load, another takes over. A
// PostgreSQL run only (tests/integration/CMakeLists.txt: test_scale_out_pg).

#include "Fixture.h"
#include "TestTls.h"

#include <server/CentreOwnership.h>

#include <history/HistoryGenerator.h>
#include <storage/Database.h>

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QSqlQuery>
#include <QTcpServer>

#include <algorithm>
#include <map>
#include <optional>
#include <set>

namespace {

// The documented takeover bound (docs/scale-out.md): from the SIGKILL to another node listening.
// Measured about 0.5 s; the bound leaves room for a loaded machine running other suites.
constexpr int kTakeoverBoundMs = 10000;

// A node's port, fixed before it starts (the terminals' list names it, and it is the address in
// its lease row): outside Linux's ephemeral range (32768–60999), where another suite's listen(0)
// or an outgoing connection could take it between this probe and the node's start.
quint16 freePort()
{
    static QRandomGenerator random(quint32(QCoreApplication::applicationPid()));
    for (int attempt = 0; attempt < 100; ++attempt) {
        QTcpServer probe;
        const quint16 port = quint16(20000 + random.bounded(12000));
        if (probe.listen(QHostAddress::LocalHost, port))
            return port;
    }
    FAIL("no free port in 20000–31999");
    return 0;
}

const QDateTime kNow = DemoServer::moscow(QDate(2026, 11, 24), 10, 0); // a Tuesday

struct Issued
{
    qint64 visitId = 0;
    QString ticket;
};

QJsonObject paymentBody(const QString &key, qint64 amount, qint64 visitId)
{
    return {{u"idempotencyKey"_s, key},
            {u"accountNumber"_s, u"1234567890"_s},
            {u"amountKopecks"_s, double(amount)},
            {u"purpose"_s, u"Оплата электроэнергии"_s},
            {u"method"_s, u"card"_s},
            {u"visitId"_s, double(visitId)}};
}

// The terminals' list of nodes: the client tries the next when one fails or is not serving.
bool loginNodes(SyncClient &c, const QList<quint16> &ports, const QString &user, const QString &password,
                int desk = 0)
{
    QList<okno::Endpoint> endpoints;
    for (quint16 port : ports)
        endpoints.append({u"127.0.0.1"_s, port});
    REQUIRE(c.client().setTls(testtls::clientTls()).ok());
    c.client().connectToServer(endpoints, okno::ClientCredentials{user, password, 0, desk});
    return waitUntil([&] { return c.client().isReady(); }, 20000);
}

// The company: the demo centre (its staff) made by a first start of `first`, then nineteen more
// centres with a day of history each; each centre's reception queue to issue into.
std::vector<std::pair<qint64, QString>> twentyCentres(ServerProcess &first)
{
    first.setClock(kNow);
    INFO(first.log().toStdString());
    REQUIRE(first.start());
    first.stop();
    okno::HistoryOptions history;
    history.database = first.databaseConfig();
    history.centres = 20;
    history.from = history.to = QDate(2026, 11, 23);
    history.visitsPerDay = 5;
    REQUIRE(okno::generateHistory(history));
    std::vector<std::pair<qint64, QString>> targets;
    StoredDatabase db(first);
    QSqlQuery q(db.db());
    REQUIRE(q.exec(u"SELECT centre_id, MIN(code) FROM queues WHERE active = 1 AND role = 'administrator' "
                   u"GROUP BY centre_id ORDER BY centre_id"_s));
    while (q.next())
        targets.emplace_back(q.value(0).toLongLong(), q.value(1).toString());
    REQUIRE(targets.size() == 20);
    return targets;
}

// Nodes sharing the centres of `first`'s database, one on each port, all of them serving.
std::vector<std::unique_ptr<ServerProcess>> sharingNodes(const ServerProcess &first,
                                                         const QList<quint16> &ports)
{
    std::vector<std::unique_ptr<ServerProcess>> nodes;
    for (qsizetype i = 0; i < ports.size(); ++i) {
        nodes.push_back(std::make_unique<ServerProcess>(
            QStringList{u"--share-centres"_s, u"--node-name"_s, u"node-%1"_s.arg(i), u"--node-address"_s,
                        u"127.0.0.1:%1"_s.arg(ports[i]), u"--lease-interval"_s, u"200"_s}));
        nodes.back()->useDatabase(first.databaseArgument());
        nodes.back()->setClock(kNow);
        REQUIRE(nodes.back()->startNode(ports[i]));
    }
    for (auto &n : nodes) {
        INFO(n->log().toStdString());
        REQUIRE(n->waitServing(30000));
    }
    return nodes;
}

} // namespace

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
    std::map<QString, Issued> acked; // idempotency key → what the server answered
    std::set<QString> failed;
    int sent = 0;
    const auto issueAsync = [&](int n) {
        for (int i = 0; i < n; ++i, ++sent) {
            const auto &[centre, queue] = targets[size_t(sent) % targets.size()];
            const QString key = u"issue-%1"_s.arg(sent);
            admin.client().call(
                u"visit.issue"_s,
                {{u"centreId"_s, double(centre)}, {u"queueCode"_s, queue}, {u"idempotencyKey"_s, key}},
                [&, key](const okno::Result<QJsonObject> &r) {
                    if (!r) {
                        failed.insert(key + u": "_s + r.error().message);
                        return;
                    }
                    acked[key] = {visitIdOf(*r), lastStage(*r).value(u"ticket"_s).toString()};
                },
                /*mutating: re-sent with its key after a reconnect*/ true, 60000);
        }
    };
    std::map<QString, qint64> paid; // key → receipt number
    int payments = 0;
    const auto payOne = [&] {
        const qint64 id = visitIdOf(reception.ok(u"visit.issue"_s, {{u"queueCode"_s, u"cash"_s}}));
        cashier.ok(u"visit.callNext"_s);
        cashier.ok(u"visit.start"_s, {{u"visitId"_s, double(id)}});
        const QString key = u"pay-%1"_s.arg(payments++);
        const QJsonObject p = cashier.ok(u"payment.record"_s, paymentBody(key, 100'00 + payments, id));
        paid[key] = qint64(p.value(u"payment"_s).toObject().value(u"receiptNumber"_s).toDouble());
        cashier.ok(u"visit.finish"_s, {{u"visitId"_s, double(id)}});
    };
    for (int round = 0; round < 5; ++round) {
        issueAsync(12);
        payOne();
    }
    REQUIRE(waitUntil([&] { return int(acked.size() + failed.size()) == sent; }, 30000));

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
    REQUIRE(waitUntil([&] { return int(acked.size() + failed.size()) == sent; }, 30000));
    INFO(QStringList(failed.begin(), failed.end()).join(u'\n').toStdString());
    CHECK(failed.empty());
    REQUIRE(waitUntil([&] { return admin.client().isReady() && cashier.client().isReady(); }, 20000));

    // The load goes on on the new node.
    for (int round = 0; round < 3; ++round) {
        issueAsync(12);
        payOne();
    }
    REQUIRE(waitUntil([&] { return int(acked.size() + failed.size()) == sent; }, 30000));
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

namespace {

// What one node's CentreOwnership said and holds, as its node would track it.
struct Member
{
    QString name;
    std::unique_ptr<okno::CentreOwnership> ownership;
    std::set<okno::Id> mine;
    qint64 companyToken = 0;
    QString lost;
};

std::unique_ptr<Member> join(const okno::DatabaseConfig &config, const QString &name)
{
    auto m = std::make_unique<Member>();
    m->name = name;
    m->ownership = std::make_unique<okno::CentreOwnership>(config, name, name + u":7455"_s, 50);
    Member *raw = m.get();
    QObject::connect(raw->ownership.get(), &okno::CentreOwnership::taken, raw->ownership.get(),
                     [raw](const QHash<okno::Id, qint64> &centres) {
                         for (auto it = centres.cbegin(); it != centres.cend(); ++it)
                             raw->mine.insert(it.key());
                     });
    // The node's answer to a surplus: it stops serving them, then lets them go.
    QObject::connect(raw->ownership.get(), &okno::CentreOwnership::surplus, raw->ownership.get(),
                     [raw](const QList<okno::Id> &centres) {
                         for (okno::Id c : centres)
                             raw->mine.erase(c);
                         raw->ownership->release(centres);
                     });
    QObject::connect(raw->ownership.get(), &okno::CentreOwnership::companyTaken, raw->ownership.get(),
                     [raw](qint64 token) { raw->companyToken = token; });
    QObject::connect(raw->ownership.get(), &okno::CentreOwnership::lost, raw->ownership.get(),
                     [raw](const QString &why) { raw->lost = why; });
    raw->ownership->start();
    return m;
}

} // namespace

TEST_CASE(
    "the centres are shared among the nodes present: a node that dies leaves its centres to the others, "
    "a node that joins takes its share",
    "[scale-out][ownership]")
{
    REQUIRE(ServerProcess::onPostgres());
    ServerProcess first{{u"--demo"_s}};
    first.setClock(kNow);
    INFO(first.log().toStdString());
    REQUIRE(first.start());
    first.stop();
    const okno::DatabaseConfig config = first.databaseConfig();
    {
        auto db = okno::Database::open(config);
        REQUIRE(db.ok());
        okno::WriteBatch more;
        for (int i = 1; i <= 19; ++i) {
            okno::Centre c;
            c.id = 1000 + i;
            c.code = u"C-%1"_s.arg(i);
            c.name = u"ЦОК %1"_s.arg(i);
            more.putCentre(c);
        }
        REQUIRE((*db)->apply(more).ok());
    }
    auto observer = okno::Database::open(config);
    REQUIRE(observer.ok());
    const auto allCentres = (*observer)->centreIds();
    REQUIRE(allCentres.ok());
    REQUIRE(allCentres->size() == 20);

    // Each node's view agrees with the database's: every centre owned by exactly the node that
    // believes it owns it, and the shares as even as they can be.
    std::vector<std::unique_ptr<Member>> members;
    const auto settled = [&](const std::vector<qsizetype> &shares) {
        auto owners = (*observer)->centreOwners();
        if (!owners.ok() || owners->size() != 20)
            return false;
        std::vector<qsizetype> held;
        for (const auto &m : members) {
            if (!m)
                continue;
            for (okno::Id c : m->mine)
                if (owners->value(c).holder != m->name)
                    return false;
            held.push_back(qsizetype(m->mine.size()));
        }
        std::sort(held.begin(), held.end());
        return held == shares;
    };
    const auto believedBy = [&](okno::Id centre) {
        int n = 0;
        for (const auto &m : members)
            if (m && m->mine.count(centre))
                ++n;
        return n;
    };
    for (int i = 0; i < 3; ++i)
        members.push_back(join(config, u"node-%1"_s.arg(i)));
    // They start together, but whoever is first takes up to its share of the nodes it sees: a
    // node that joins after takes its share from the others' surplus.
    REQUIRE(waitUntil([&] { return settled({6, 7, 7}); }, 20000));
    const auto owners = (*observer)->centreOwners();
    REQUIRE(owners.ok());
    for (okno::Id centre : *allCentres) {
        INFO("centre " << centre);
        CHECK(believedBy(centre) == 1);
        const QString holder = owners->value(centre).holder;
        const int index = holder.mid(5).toInt();
        REQUIRE(holder.startsWith(u"node-"_s));
        CHECK(members.at(size_t(index))->mine.count(centre) == 1);
    }
    // The company's lease: one node.
    int companyHolders = 0;
    for (const auto &m : members)
        companyHolders += m->companyToken != 0 ? 1 : 0;
    CHECK(companyHolders == 1);

    // The node with the company's lease dies (its connection goes, as with SIGKILL): the two
    // others take its centres and the company's lease within a few rounds.
    const auto holderOfCompany =
        std::find_if(members.begin(), members.end(), [](const auto &m) { return m->companyToken != 0; });
    REQUIRE(holderOfCompany != members.end());
    const std::set<okno::Id> orphaned = (*holderOfCompany)->mine;
    QElapsedTimer sinceDeath;
    sinceDeath.start();
    holderOfCompany->reset();
    REQUIRE(waitUntil([&] { return settled({10, 10}); }, 20000));
    const qint64 takeoverMs = sinceDeath.elapsed();
    INFO("taken over in " << takeoverMs << " ms");
    CHECK(takeoverMs < 5000); // rounds of 50 ms; the bound leaves room for a loaded machine
    for (okno::Id centre : orphaned)
        CHECK(believedBy(centre) == 1);
    REQUIRE(waitUntil([&] {
        return std::count_if(members.begin(), members.end(),
                             [](const auto &m) { return m && m->companyToken != 0; }) == 1;
    }));

    // A fourth node joins: the others hand over their surplus, and it takes its share.
    members.push_back(join(config, u"node-3"_s));
    REQUIRE(waitUntil([&] { return settled({6, 7, 7}); }, 20000));
    for (okno::Id centre : *allCentres)
        CHECK(believedBy(centre) == 1);
    for (const auto &m : members)
        if (m)
            CHECK(m->lost.isEmpty());
}

TEST_CASE("three nodes sharing twenty centres: one killed with SIGKILL, its centres go to the two others; "
          "nothing acknowledged lost, no number twice, and the dashboard on each survivor is the database's",
          "[scale-out][sharing]")
{
    REQUIRE(ServerProcess::onPostgres());
    ServerProcess first{{u"--demo"_s}};
    const auto targets = twentyCentres(first);

    // Three nodes sharing the centres: each takes its share.
    const QList<quint16> ports{freePort(), freePort(), freePort()};
    const auto nodes = sharingNodes(first, ports);
    auto observer = okno::Database::open(first.databaseConfig());
    REQUIRE(observer.ok());
    const auto ownerIndex = [&](qint64 centre) {
        const auto owners = (*observer)->centreOwners();
        REQUIRE(owners.ok());
        const QString holder = owners->value(centre).holder;
        return holder.startsWith(u"node-"_s) ? holder.mid(5).toInt() : -1;
    };
    const auto spread = [&](const std::set<int> &alive, qsizetype most) {
        const auto owners = (*observer)->centreOwners();
        if (!owners.ok() || owners->size() != 20)
            return false;
        std::map<int, qsizetype> held;
        for (auto it = owners->cbegin(); it != owners->cend(); ++it)
            ++held[it->holder.mid(5).toInt()];
        for (const auto &[node, n] : held)
            if (!alive.count(node) || n > most)
                return false;
        return held.size() == alive.size();
    };
    REQUIRE(waitUntil([&] { return spread({0, 1, 2}, 7); }, 30000));

    // A terminal per centre, logged in as the company's administrator through the list of nodes:
    // its first issue into its centre is answered `moved` unless it landed on the owner, and
    // followed.
    const auto loginTo = [&](SyncClient &c, const QList<quint16> &list, const QString &user,
                             const QString &password, int desk = 0) {
        INFO(user.toStdString() << ": " << c.loginError().toStdString());
        REQUIRE(loginNodes(c, list, user, password, desk));
    };
    std::vector<std::unique_ptr<SyncClient>> terminals;
    for (size_t i = 0; i < targets.size(); ++i) {
        terminals.push_back(std::make_unique<SyncClient>());
        loginTo(*terminals.back(), ports, u"admin"_s, QString::fromLatin1(ServerProcess::kAdminPassword));
    }
    SyncClient reception, cashier;
    loginTo(reception, ports, u"admin1"_s, u"okno-demo"_s, 1);
    loginTo(cashier, ports, u"cashier1"_s, u"okno-demo"_s, 4);
    cashier.ok(u"desk.open"_s);
    cashier.ok(u"shift.open"_s);

    std::map<QString, Issued> acked;
    std::set<QString> failed;
    int sent = 0;
    const auto issueAsync = [&](int n) {
        for (int i = 0; i < n; ++i, ++sent) {
            const size_t at = size_t(sent) % targets.size();
            const auto &[centre, queue] = targets[at];
            const QString key = u"issue-%1"_s.arg(sent);
            terminals[at]->client().call(
                u"visit.issue"_s,
                {{u"centreId"_s, double(centre)}, {u"queueCode"_s, queue}, {u"idempotencyKey"_s, key}},
                [&, key](const okno::Result<QJsonObject> &r) {
                    if (!r) {
                        failed.insert(key + u": "_s + r.error().message);
                        return;
                    }
                    acked[key] = {visitIdOf(*r), lastStage(*r).value(u"ticket"_s).toString()};
                },
                true, 60000);
        }
    };
    std::map<QString, qint64> paid;
    int payments = 0;
    const auto payOne = [&] {
        const qint64 id = visitIdOf(reception.ok(u"visit.issue"_s, {{u"queueCode"_s, u"cash"_s}}));
        cashier.ok(u"visit.callNext"_s);
        cashier.ok(u"visit.start"_s, {{u"visitId"_s, double(id)}});
        const QString key = u"pay-%1"_s.arg(payments++);
        const QJsonObject p = cashier.ok(u"payment.record"_s, paymentBody(key, 100'00 + payments, id));
        paid[key] = qint64(p.value(u"payment"_s).toObject().value(u"receiptNumber"_s).toDouble());
        cashier.ok(u"visit.finish"_s, {{u"visitId"_s, double(id)}});
    };
    for (int round = 0; round < 3; ++round) {
        issueAsync(20);
        payOne();
    }
    REQUIRE(waitUntil([&] { return int(acked.size() + failed.size()) == sent; }, 60000));
    {
        INFO(QStringList(failed.begin(), failed.end()).join(u'\n').toStdString());
        REQUIRE(failed.empty());
    }
    // Each terminal is where its centre is served.
    for (size_t i = 0; i < targets.size(); ++i) {
        INFO("centre " << targets[i].first);
        CHECK(terminals[i]->client().endpoint().port == ports[ownerIndex(targets[i].first)]);
    }

    // Directors watching: one on the node to be killed (its list goes on to the others), one on
    // each of the others.
    const int victim = ownerIndex(targets[0].first);
    std::vector<int> survivors;
    for (int i = 0; i < 3; ++i)
        if (i != victim)
            survivors.push_back(i);
    SyncClient onVictim, onFirst, onSecond;
    loginTo(onVictim, {ports[victim], ports[survivors[0]], ports[survivors[1]]}, u"director"_s,
            u"okno-demo"_s);
    loginTo(onFirst, {ports[survivors[0]]}, u"director"_s, u"okno-demo"_s);
    loginTo(onSecond, {ports[survivors[1]]}, u"director"_s, u"okno-demo"_s);
    for (SyncClient *d : {&onVictim, &onFirst, &onSecond})
        d->client().setSubscribed(true);
    REQUIRE(waitUntil([&] { return onVictim.client().lastSeq() > 0 && onFirst.client().lastSeq() > 0; }));

    // The node killed with twenty issues in flight.
    issueAsync(20);
    QElapsedTimer takeover;
    takeover.start();
    nodes[size_t(victim)]->kill();
    REQUIRE(waitUntil([&] { return spread({survivors[0], survivors[1]}, 10); }, 30000));
    const qint64 takeoverMs = takeover.elapsed();
    std::printf("FIGURE sharing: the killed node's centres owned by the others %lld ms after the SIGKILL\n",
                static_cast<long long>(takeoverMs));
    CHECK(takeoverMs < kTakeoverBoundMs);
    REQUIRE(waitUntil([&] { return int(acked.size() + failed.size()) == sent; }, 60000));
    for (int round = 0; round < 2; ++round) {
        issueAsync(20);
        payOne();
    }
    REQUIRE(waitUntil([&] { return int(acked.size() + failed.size()) == sent; }, 60000));
    {
        INFO(QStringList(failed.begin(), failed.end()).join(u'\n').toStdString());
        CHECK(failed.empty());
    }

    // The database: every acknowledged issue once, with its ticket; no ticket or receipt twice.
    StoredDatabase db(first);
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
    const qint64 todayStart = kNow.date().startOfDay(kNow.timeZone()).toMSecsSinceEpoch();
    CHECK(db.scalar(u"SELECT COUNT(*) FROM visits WHERE created_at >= %1"_s.arg(todayStart)) ==
          qint64(acked.size()) + payments);
    CHECK(db.scalar(u"SELECT COUNT(*) FROM (SELECT v.centre_id, s.service_date, s.ticket FROM stages s JOIN "
                    u"visits v ON v.id = s.visit_id WHERE s.idx = 0 GROUP BY v.centre_id, s.service_date, "
                    u"s.ticket HAVING COUNT(*) > 1) AS twice"_s) == 0);
    CHECK(db.scalar(u"SELECT COUNT(*) FROM (SELECT shift_id, receipt_number FROM payments GROUP BY shift_id, "
                    u"receipt_number HAVING COUNT(*) > 1) AS twice"_s) == 0);
    CHECK(qint64(paid.size()) == payments);

    // Every director's terminal has every event of the log once, in order — the one whose node
    // died after its reconnection's resync.
    const qint64 maxSeq = db.scalar(u"SELECT MAX(seq) FROM events"_s);
    for (SyncClient *d : {&onVictim, &onFirst, &onSecond}) {
        REQUIRE(waitUntil([&] { return d->client().lastSeq() == maxSeq; }, 20000));
        qint64 previous = 0;
        int gaps = 0;
        for (const auto &e : d->events()) {
            if (previous != 0 && e.seq != previous + 1)
                ++gaps;
            previous = e.seq;
        }
        CHECK(gaps == 0);
        CHECK(previous == maxSeq);
    }

    // The company-wide dashboard on each surviving node equals a count from the database.
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
    for (SyncClient *d : {&onFirst, &onSecond}) {
        const QJsonObject dash = d->ok(u"dashboard"_s, {{u"from"_s, kNow.date().toString(Qt::ISODate)},
                                                        {u"to"_s, kNow.date().toString(Qt::ISODate)}});
        const QJsonArray centres = dash.value(u"centres"_s).toArray();
        CHECK(centres.size() == 20);
        for (const QJsonValue &c : centres) {
            const QJsonObject centre = c.toObject();
            const qint64 id = qint64(centre.value(u"centreId"_s).toDouble());
            INFO("centre " << id);
            CHECK(qint64(centre.value(u"quality"_s).toObject().value(u"visits"_s).toDouble()) ==
                  perCentre[id]);
        }
    }
}

TEST_CASE(
    "sharing the centres: a new centre is taken and served by a node, a centre's norms are changed on its "
    "owner, an account changed on one node ends its session on another, and alerts cover every centre",
    "[scale-out][sharing]")
{
    REQUIRE(ServerProcess::onPostgres());
    ServerProcess first{{u"--demo"_s}};
    first.setClock(kNow);
    INFO(first.log().toStdString());
    REQUIRE(first.start());
    first.stop();
    const QList<quint16> ports{freePort(), freePort()};
    const auto nodes = sharingNodes(first, ports);
    auto observer = okno::Database::open(first.databaseConfig());
    REQUIRE(observer.ok());
    const auto owners = [&] {
        auto o = (*observer)->centreOwners();
        REQUIRE(o.ok());
        return *o;
    };
    const auto nodeOf = [](const okno::Database::Lease &lease) { return lease.holder.mid(5).toInt(); };
    REQUIRE(waitUntil([&] { return owners().size() == 1; }, 30000));

    SyncClient admin;
    REQUIRE(loginNodes(admin, ports, u"admin"_s, QString::fromLatin1(ServerProcess::kAdminPassword)));
    // Three more centres: written by the node with the company's lease, taken by the nodes.
    QJsonObject model = admin.ok(u"centre.get"_s, {{u"centreId"_s, 1}}).value(u"centre"_s).toObject();
    QList<qint64> added;
    for (int i = 1; i <= 3; ++i) {
        model.insert(u"id"_s, 0);
        model.insert(u"code"_s, u"NEW-%1"_s.arg(i));
        model.insert(u"name"_s, u"ЦОК Новый %1"_s.arg(i));
        added.append(qint64(admin.ok(u"centre.put"_s, {{u"centre"_s, model}})
                                .value(u"centre"_s)
                                .toObject()
                                .value(u"id"_s)
                                .toDouble()));
    }
    REQUIRE(waitUntil(
        [&] {
            const auto o = owners();
            std::map<int, int> held;
            for (const auto &lease : o)
                ++held[nodeOf(lease)];
            return o.size() == 4 && held[0] == 2 && held[1] == 2;
        },
        30000));
    // Each new centre gets a queue and a visitor, on whichever node owns it.
    std::map<qint64, qint64> visitOf;
    for (qint64 centre : added) {
        INFO("centre " << centre);
        admin.ok(u"queue.put"_s, {{u"queue"_s, QJsonObject{{u"centreId"_s, double(centre)},
                                                           {u"code"_s, u"reception"_s},
                                                           {u"name"_s, u"Администратор"_s},
                                                           {u"prefix"_s, u"А"_s},
                                                           {u"role"_s, u"administrator"_s},
                                                           {u"active"_s, true}}}});
        const QJsonObject issued =
            admin.ok(u"visit.issue"_s, {{u"centreId"_s, double(centre)}, {u"queueCode"_s, u"reception"_s}});
        CHECK(lastStage(issued).value(u"ticket"_s).toString() == u"А-001"_s);
        visitOf[centre] = visitIdOf(issued);
        CHECK(admin.client().endpoint().port == ports[nodeOf(owners().value(centre))]);
    }

    // The demo centre's manager changes its norms: on its owner, under that centre's lease.
    SyncClient manager;
    REQUIRE(loginNodes(manager, ports, u"manager"_s, u"okno-demo"_s));
    CHECK(manager.client().endpoint().port == ports[nodeOf(owners().value(1))]);
    manager.ok(
        u"norms.set"_s,
        {{u"centreId"_s, 1}, {u"role"_s, u"cashier"_s}, {u"waitMinutes"_s, 15}, {u"serviceMinutes"_s, 8}});
    CHECK(manager.ok(u"norms.get"_s, {{u"centreId"_s, 1}})
              .value(u"norms"_s)
              .toObject()
              .value(u"cashier"_s)
              .toObject()
              .value(u"waitMinutes"_s)
              .toInt() == 15);

    // An account of a centre served by the node without the company's lease, logged in there;
    // deactivated through the company's node: its session there ends.
    const auto company = (*observer)->heldLease();
    REQUIRE(company.ok());
    REQUIRE(company->has_value());
    const int other = 1 - nodeOf(**company);
    qint64 remoteCentre = 0;
    for (qint64 centre : added)
        if (nodeOf(owners().value(centre)) == other)
            remoteCentre = centre;
    REQUIRE(remoteCentre != 0);
    const QJsonObject created =
        admin
            .ok(u"staff.put"_s, {{u"staff"_s, QJsonObject{{u"login"_s, u"remote1"_s},
                                                          {u"fullName"_s, u"Удалённая Анна Сергеевна"_s},
                                                          {u"position"_s, u"Консультант"_s},
                                                          {u"role"_s, u"consultant"_s},
                                                          {u"centreId"_s, double(remoteCentre)},
                                                          {u"active"_s, true}}},
                                 {u"password"_s, u"Remote-pass-2026"_s}})
            .value(u"staff"_s)
            .toObject();
    // The other node learns of the new account from the company node's event.
    SyncClient adminThere;
    REQUIRE(loginNodes(adminThere, {ports[other]}, u"admin"_s,
                       QString::fromLatin1(ServerProcess::kAdminPassword)));
    REQUIRE(waitUntil(
        [&] {
            for (const QJsonValue &s : adminThere.ok(u"staff.list"_s).value(u"staff"_s).toArray())
                if (s.toObject().value(u"login"_s).toString() == u"remote1"_s)
                    return true;
            return false;
        },
        10000));
    SyncClient remote;
    REQUIRE(loginNodes(remote, {ports[other]}, u"remote1"_s, u"Remote-pass-2026"_s));
    remote.ok(u"ping"_s);
    // One's own new password is written on one's centre's node (not the company's): the terminal
    // stays where it is.
    remote.ok(u"staff.setPassword"_s,
              {{u"password"_s, u"Remote-pass-2027"_s}, {u"oldPassword"_s, u"Remote-pass-2026"_s}});
    CHECK(remote.client().endpoint().port == ports[other]);
    remote.ok(u"ping"_s);
    QJsonObject deactivated = created;
    deactivated.insert(u"active"_s, false);
    admin.ok(u"staff.put"_s, {{u"staff"_s, deactivated}});
    CHECK(admin.client().endpoint().port == ports[nodeOf(**company)]);
    REQUIRE(waitUntil([&] { return remote.client().isSessionRevoked(); }, 10000));
    CHECK(remote.client().revokedReason() == u"deactivated"_s);

    // Half an hour on, every new centre's visitor waits past the norm: each node's alerts of
    // every centre list all three, those of the other node's centres from the database.
    const QDateTime later = kNow.addSecs(30 * 60);
    for (int i = 0; i < 2; ++i) {
        SyncClient here;
        REQUIRE(loginNodes(here, {ports[i]}, u"admin"_s, QString::fromLatin1(ServerProcess::kAdminPassword)));
        here.ok(u"clock.set"_s, {{u"at"_s, later.toUTC().toString(Qt::ISODateWithMs)}});
    }
    for (int i = 0; i < 2; ++i) {
        SyncClient director;
        REQUIRE(loginNodes(director, {ports[i]}, u"director"_s, u"okno-demo"_s));
        std::set<qint64> overdue;
        for (const QJsonValue &a : director.ok(u"alerts"_s).value(u"alerts"_s).toArray())
            overdue.insert(qint64(a.toObject().value(u"visitId"_s).toDouble()));
        INFO("node-" << i);
        for (qint64 centre : added)
            CHECK(overdue.count(visitOf[centre]) == 1);
    }

    // A new centre may not take the code of one another node serves (the database's UNIQUE would
    // fail the commit, and with it the company node): refused as taken, and the node goes on.
    const QString remoteCode = admin.ok(u"centre.get"_s, {{u"centreId"_s, double(remoteCentre)}})
                                   .value(u"centre"_s)
                                   .toObject()
                                   .value(u"code"_s)
                                   .toString();
    model.insert(u"id"_s, 0);
    model.insert(u"code"_s, remoteCode);
    CHECK(errorCode(admin.call(u"centre.put"_s, {{u"centre"_s, model}})) == u"conflict"_s);
    admin.ok(u"ping"_s);

    // The next day, the day before is the read model's to keep: each node's dashboard of it
    // counts every centre's visitor (a node without the company's lease reads and builds, the
    // company node stores the digests), and a retention run goes through the company node.
    const QDateTime nextDay = kNow.addDays(1);
    for (int i = 0; i < 2; ++i) {
        SyncClient here;
        REQUIRE(loginNodes(here, {ports[i]}, u"admin"_s, QString::fromLatin1(ServerProcess::kAdminPassword)));
        here.ok(u"clock.set"_s, {{u"at"_s, nextDay.toUTC().toString(Qt::ISODateWithMs)}});
    }
    const QString day = kNow.date().toString(Qt::ISODate);
    for (int i : {other, nodeOf(**company)}) {
        SyncClient director;
        REQUIRE(loginNodes(director, {ports[i]}, u"director"_s, u"okno-demo"_s));
        INFO("node-" << i);
        const auto figures = director.call(u"dashboard"_s, {{u"from"_s, day}, {u"to"_s, day}}, false);
        INFO((figures ? std::string() : figures.error().message.toStdString()));
        REQUIRE(figures.ok());
        std::map<qint64, qint64> visits;
        for (const QJsonValue &c : figures->value(u"centres"_s).toArray())
            visits[qint64(c.toObject().value(u"centreId"_s).toDouble())] =
                qint64(c.toObject().value(u"quality"_s).toObject().value(u"visits"_s).toDouble());
        for (qint64 centre : added)
            CHECK(visits[centre] == 1);
    }
    {
        StoredDatabase db(first);
        QSqlQuery q(db.db());
        REQUIRE(q.exec(u"SELECT COUNT(DISTINCT centre_id) FROM day_digests WHERE day = '%1'"_s.arg(day)));
        REQUIRE(q.next());
        CHECK(q.value(0).toInt() >= added.size());
    }
    const QJsonObject retention = admin.ok(u"retention.run"_s, {{u"dryRun"_s, false}});
    CHECK(admin.client().endpoint().port == ports[nodeOf(**company)]);
    CHECK_FALSE(retention.isEmpty());
}
