// What the tests of several okno-server nodes on one PostgreSQL database share
// (test_scale_out.cpp: one serving node and standbys; test_sharing.cpp: nodes sharing the centres).
#pragma once

#include "Fixture.h"
#include "TestTls.h"

#include <history/HistoryGenerator.h>

#include <QCoreApplication>
#include <QRandomGenerator>
#include <QSqlQuery>
#include <QTcpServer>

#include <functional>
#include <map>
#include <memory>
#include <set>
#include <utility>
#include <vector>

namespace scaleout {

// The documented takeover bound (docs/scale-out.md): from the SIGKILL to another node listening.
// Measured about 0.5 s; the bound leaves room for a loaded machine running other suites.
inline constexpr int kTakeoverBoundMs = 10000;

// A node's port, fixed before it starts (the terminals' list names it, and it is the address in
// its lease row): outside Linux's ephemeral range (32768–60999), where another suite's listen(0)
// or an outgoing connection could take it between this probe and the node's start.
inline quint16 freePort()
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

inline const QDateTime kNow = DemoServer::moscow(QDate(2026, 11, 24), 10, 0); // a Tuesday

struct Issued
{
    qint64 visitId = 0;
    QString ticket;
};

inline QJsonObject paymentBody(const QString &key, qint64 amount, qint64 visitId)
{
    return {{u"idempotencyKey"_s, key},
            {u"accountNumber"_s, u"1234567890"_s},
            {u"amountKopecks"_s, double(amount)},
            {u"purpose"_s, u"Оплата электроэнергии"_s},
            {u"method"_s, u"card"_s},
            {u"visitId"_s, double(visitId)}};
}

// The terminals' list of nodes: the client tries the next when one fails or is not serving.
inline bool loginNodes(SyncClient &c, const QList<quint16> &ports, const QString &user,
                       const QString &password, int desk = 0)
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
inline std::vector<std::pair<qint64, QString>> twentyCentres(ServerProcess &first)
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
std::vector<std::unique_ptr<ServerProcess>>
sharingNodes(const ServerProcess &first, const QList<quint16> &ports, const QStringList &extra = {})
{
    std::vector<std::unique_ptr<ServerProcess>> nodes;
    for (qsizetype i = 0; i < ports.size(); ++i) {
        nodes.push_back(std::make_unique<ServerProcess>(
            QStringList{u"--share-centres"_s, u"--node-name"_s, u"node-%1"_s.arg(i), u"--node-address"_s,
                        u"127.0.0.1:%1"_s.arg(ports[i]), u"--lease-interval"_s, u"200"_s} +
            extra));
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

// Steady load for the tests that kill a node: visits issued across the centres asynchronously
// (several in flight at any moment, each with its idempotency key, so that a client re-sends it
// after a reconnect), and a cashier's visits called and paid.
struct Load
{
    explicit Load(std::vector<std::pair<qint64, QString>> into)
        : targets(std::move(into))
    {}

    std::vector<std::pair<qint64, QString>> targets; // centre → its reception queue's code
    std::map<QString, Issued> acked;                 // idempotency key → what the server answered
    std::set<QString> failed;                        // "key: why"
    int sent = 0;
    std::map<QString, qint64> paid; // key → receipt number
    int payments = 0;

    // `n` more visits, the i-th sent through terminalFor(i % targets) into that target.
    void issueAsync(int n, const std::function<SyncClient &(size_t)> &terminalFor)
    {
        for (int i = 0; i < n; ++i, ++sent) {
            const size_t at = size_t(sent) % targets.size();
            const auto &[centre, queue] = targets[at];
            const QString key = u"issue-%1"_s.arg(sent);
            terminalFor(at).client().call(
                u"visit.issue"_s,
                {{u"centreId"_s, double(centre)}, {u"queueCode"_s, queue}, {u"idempotencyKey"_s, key}},
                [this, key](const okno::Result<QJsonObject> &r) {
                    if (!r) {
                        failed.insert(key + u": "_s + r.error().message);
                        return;
                    }
                    acked[key] = {visitIdOf(*r), lastStage(*r).value(u"ticket"_s).toString()};
                },
                /*mutating: re-sent with its key after a reconnect*/ true, 60000);
        }
    }
    // A visitor issued at the reception, called, served and paid at the cashier's desk.
    void payOne(SyncClient &reception, SyncClient &cashier)
    {
        const qint64 id = visitIdOf(reception.ok(u"visit.issue"_s, {{u"queueCode"_s, u"cash"_s}}));
        cashier.ok(u"visit.callNext"_s);
        cashier.ok(u"visit.start"_s, {{u"visitId"_s, double(id)}});
        const QString key = u"pay-%1"_s.arg(payments++);
        const QJsonObject p = cashier.ok(u"payment.record"_s, paymentBody(key, 100'00 + payments, id));
        paid[key] = qint64(p.value(u"payment"_s).toObject().value(u"receiptNumber"_s).toDouble());
        cashier.ok(u"visit.finish"_s, {{u"visitId"_s, double(id)}});
    }
    bool allAnswered() const { return int(acked.size() + failed.size()) == sent; }
};

} // namespace scaleout
