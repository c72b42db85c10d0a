// Whole days through the client library against the real server process.
#include "Fixture.h"

TEST_CASE("a visit goes reception → consultant → cashier and every stage is recorded", "[day]")
{
    DemoServer d;
    d.at(9, 0);
    auto reception = d.staff(u"admin1"_s, 1);
    auto consultant = d.staff(u"consult1"_s, 2);
    auto cashier = d.staff(u"cashier1"_s, 4);
    reception->ok(u"desk.open"_s);
    consultant->ok(u"desk.open"_s);
    cashier->ok(u"desk.open"_s);

    // The visitor arrives; reception registers them in its own queue.
    const QJsonObject issued = reception->ok(u"visit.issue"_s, {{u"queueCode"_s, u"reception"_s},
                                                                {u"purpose"_s, u"Оплата и перерасчёт"_s},
                                                                {u"customerName"_s, u"Иванов И. И."_s},
                                                                {u"accountNumber"_s, u"1234 5678 90"_s}});
    const qint64 id = visitIdOf(issued);
    CHECK(lastStage(issued).value(u"ticket"_s).toString() == u"А-001"_s);
    CHECK(issued.value(u"visit"_s).toObject().value(u"accountNumber"_s).toString() == u"1234567890"_s);

    d.at(9, 3);
    CHECK(visitIdOf(reception->ok(u"visit.callNext"_s)) == id);
    d.at(9, 4);
    reception->ok(u"visit.start"_s, {{u"visitId"_s, double(id)}});
    d.at(9, 6);
    const QJsonObject routed =
        reception->ok(u"visit.route"_s, {{u"visitId"_s, double(id)}, {u"queueCode"_s, u"consult"_s}});
    // One visit, one ticket: the consultant will call the number on the visitor's paper.
    CHECK(lastStage(routed).value(u"ticket"_s).toString() == u"А-001"_s);
    CHECK(lastStage(routed).value(u"queueId"_s).toInteger() !=
          lastStage(issued).value(u"queueId"_s).toInteger());

    d.at(9, 20);
    const QJsonObject called = consultant->ok(u"visit.callNext"_s);
    CHECK(visitIdOf(called) == id);
    // What reception wrote, the consultant sees.
    CHECK(called.value(u"visit"_s).toObject().value(u"purpose"_s).toString() == u"Оплата и перерасчёт"_s);
    d.at(9, 21);
    consultant->ok(u"visit.start"_s, {{u"visitId"_s, double(id)}});
    d.at(9, 33);
    consultant->ok(u"visit.route"_s, {{u"visitId"_s, double(id)}, {u"queueCode"_s, u"cash"_s}});

    d.at(9, 40);
    CHECK(visitIdOf(cashier->ok(u"visit.callNext"_s)) == id);
    cashier->ok(u"visit.start"_s, {{u"visitId"_s, double(id)}});
    d.at(9, 45);
    const QJsonObject done = cashier->ok(u"visit.finish"_s, {{u"visitId"_s, double(id)}});
    const QJsonArray stages = done.value(u"visit"_s).toObject().value(u"stages"_s).toArray();
    REQUIRE(stages.size() == 3);
    CHECK(stages[0].toObject().value(u"state"_s).toString() == u"transferred"_s);
    CHECK(stages[1].toObject().value(u"state"_s).toString() == u"transferred"_s);
    CHECK(stages[2].toObject().value(u"state"_s).toString() == u"done"_s);
    CHECK(stages[1].toObject().value(u"queuedAt"_s).toString() == u"2026-11-23T06:06:00.000Z"_s);
    CHECK(stages[1].toObject().value(u"calledAt"_s).toString() == u"2026-11-23T06:20:00.000Z"_s);

    // The manager's figures: one stage per role, waits 3, 14, 7 minutes; services 2, 12, 5.
    auto manager = d.staff(u"manager"_s);
    const QJsonObject stats = manager->ok(
        u"stats"_s, {{u"centreId"_s, 1}, {u"from"_s, u"2026-11-23"_s}, {u"to"_s, u"2026-11-23"_s}});
    QHash<QString, QJsonObject> byRole;
    for (const auto &r : stats.value(u"roles"_s).toArray())
        byRole.insert(r.toObject().value(u"role"_s).toString(), r.toObject());
    CHECK(byRole[u"administrator"_s].value(u"wait"_s).toObject().value(u"mean"_s).toDouble() == 180.0);
    CHECK(byRole[u"consultant"_s].value(u"wait"_s).toObject().value(u"mean"_s).toDouble() == 840.0);
    CHECK(byRole[u"cashier"_s].value(u"wait"_s).toObject().value(u"mean"_s).toDouble() == 420.0);
    CHECK(byRole[u"administrator"_s].value(u"service"_s).toObject().value(u"mean"_s).toDouble() == 120.0);
    CHECK(byRole[u"consultant"_s].value(u"service"_s).toObject().value(u"mean"_s).toDouble() == 720.0);
    CHECK(byRole[u"cashier"_s].value(u"service"_s).toObject().value(u"mean"_s).toDouble() == 300.0);
}

TEST_CASE("priority visitors go first but never starve the others", "[day]")
{
    DemoServer d;
    d.at(9, 0);
    auto reception = d.staff(u"admin1"_s, 1);
    auto consultant = d.staff(u"consult1"_s, 2);
    consultant->ok(u"desk.open"_s);
    // A regular visitor, then a stream of priority visitors behind them.
    const qint64 regular = visitIdOf(reception->ok(u"visit.issue"_s, {{u"queueCode"_s, u"consult"_s}}));
    QList<qint64> priority;
    for (int i = 0; i < 6; ++i) {
        d.at(9, 1 + i);
        priority.append(visitIdOf(reception->ok(
            u"visit.issue"_s, {{u"queueCode"_s, u"consult"_s}, {u"priority"_s, u"disabled"_s}})));
    }
    QList<qint64> order;
    for (int i = 0; i < 7; ++i) {
        d.at(9, 10 + i);
        const qint64 id = visitIdOf(consultant->ok(u"visit.callNext"_s));
        order.append(id);
        consultant->ok(u"visit.start"_s, {{u"visitId"_s, double(id)}});
        consultant->ok(u"visit.finish"_s, {{u"visitId"_s, double(id)}});
    }
    // Three priority visitors in a row (the default ratio), then the regular one, then the rest.
    CHECK(order.mid(0, 3) == priority.mid(0, 3));
    CHECK(order[3] == regular);
    CHECK(order.mid(4) == priority.mid(3));
}

TEST_CASE("lunch break and closing time stop tickets and calls", "[day]")
{
    DemoServer d;
    auto reception = d.staff(u"admin1"_s, 1);
    auto consultant = d.staff(u"consult1"_s, 2);
    d.at(11, 50);
    consultant->ok(u"desk.open"_s);
    const qint64 id = visitIdOf(reception->ok(u"visit.issue"_s, {{u"queueCode"_s, u"consult"_s}}));
    d.at(11, 59);
    const qint64 second = visitIdOf(reception->ok(u"visit.issue"_s, {{u"queueCode"_s, u"consult"_s}}));
    d.at(12, 0);
    auto refused = reception->call(u"visit.issue"_s, {{u"queueCode"_s, u"consult"_s}});
    CHECK(errorCode(refused) == u"centre_closed"_s);
    CHECK(refused.error().message.contains(u"lunch"_s));
    CHECK(errorCode(consultant->call(u"visit.callNext"_s)) == u"centre_closed"_s);
    d.at(12, 59);
    CHECK(errorCode(consultant->call(u"visit.callNext"_s)) == u"centre_closed"_s);
    d.at(13, 10);
    CHECK(visitIdOf(consultant->ok(u"visit.callNext"_s)) == id);
    consultant->ok(u"visit.start"_s, {{u"visitId"_s, double(id)}});
    consultant->ok(u"visit.finish"_s, {{u"visitId"_s, double(id)}});

    // The wait 11:50 → 13:10 counts 20 minutes of working time, not 80.
    auto manager = d.staff(u"manager"_s);
    const QJsonObject stats = manager->ok(
        u"stats"_s, {{u"centreId"_s, 1}, {u"from"_s, u"2026-11-23"_s}, {u"to"_s, u"2026-11-23"_s}});
    for (const auto &r : stats.value(u"roles"_s).toArray())
        if (r.toObject().value(u"role"_s).toString() == u"consultant"_s)
            CHECK(r.toObject().value(u"wait"_s).toObject().value(u"max"_s).toDouble() == 1200.0);

    d.at(16, 44);
    reception->ok(u"visit.issue"_s, {{u"queueCode"_s, u"consult"_s}});
    d.at(16, 45);
    CHECK(errorCode(reception->call(u"visit.issue"_s, {{u"queueCode"_s, u"consult"_s}})) ==
          u"centre_closed"_s);
    // Calls go on until closing for those already waiting.
    d.at(16, 59);
    CHECK(visitIdOf(consultant->ok(u"visit.callNext"_s)) == second);
    consultant->ok(u"visit.start"_s, {{u"visitId"_s, double(second)}});
    d.at(17, 5);
    consultant->ok(u"visit.finish"_s, {{u"visitId"_s, double(second)}}); // a service may run past closing
    // The day's end: the one who got a ticket at 16:44 is still called after closing.
    const QJsonObject afterClosing = consultant->ok(u"visit.callNext"_s);
    consultant->ok(u"visit.noShow"_s, {{u"visitId"_s, double(visitIdOf(afterClosing))}});
    CHECK(errorCode(consultant->call(u"visit.callNext"_s)) == u"queue_empty"_s);
    // Two hours after closing the day's service is over.
    d.at(19, 0);
    CHECK(errorCode(consultant->call(u"visit.callNext"_s)) == u"centre_closed"_s);
    // Saturday: closed all day.
    d.setTime(DemoServer::moscow(QDate(2026, 11, 28), 10, 0));
    CHECK(errorCode(reception->call(u"visit.issue"_s, {{u"queueCode"_s, u"consult"_s}})) ==
          u"centre_closed"_s);
}

TEST_CASE("no-show, postpone and serving a chosen ticket, transfer", "[day]")
{
    DemoServer d;
    d.at(10, 0);
    auto reception = d.staff(u"admin1"_s, 1);
    auto consultant = d.staff(u"consult1"_s, 2);
    auto other = d.staff(u"consult2"_s, 3);
    consultant->ok(u"desk.open"_s);
    other->ok(u"desk.open"_s);
    const qint64 a = visitIdOf(reception->ok(u"visit.issue"_s, {{u"queueCode"_s, u"consult"_s}}));
    const qint64 b = visitIdOf(reception->ok(u"visit.issue"_s, {{u"queueCode"_s, u"consult"_s}}));
    const qint64 c = visitIdOf(reception->ok(u"visit.issue"_s, {{u"queueCode"_s, u"consult"_s}}));

    // a is called, recalled, and does not come.
    CHECK(visitIdOf(consultant->ok(u"visit.callNext"_s)) == a);
    CHECK(lastStage(consultant->ok(u"visit.recall"_s, {{u"visitId"_s, double(a)}}))
              .value(u"callCount"_s)
              .toInt() == 2);
    // Another desk cannot act on a ticket called here.
    CHECK(errorCode(other->call(u"visit.start"_s, {{u"visitId"_s, double(a)}})) == u"forbidden"_s);
    CHECK(lastStage(consultant->ok(u"visit.noShow"_s, {{u"visitId"_s, double(a)}}))
              .value(u"state"_s)
              .toString() == u"no_show"_s);
    // A no-show cannot be started.
    CHECK(errorCode(consultant->call(u"visit.start"_s, {{u"visitId"_s, double(a)}})) ==
          u"invalid_transition"_s);

    // b is set aside by reception; the next call takes c; then b is served by choice.
    reception->ok(u"visit.postpone"_s, {{u"visitId"_s, double(b)}, {u"reason"_s, u"пошёл за документами"_s}});
    CHECK(visitIdOf(consultant->ok(u"visit.callNext"_s)) == c);
    consultant->ok(u"visit.start"_s, {{u"visitId"_s, double(c)}});
    // c needs the other consultant's queue? No: transfer to the cashier.
    const QJsonObject moved = consultant->ok(
        u"visit.route"_s, {{u"visitId"_s, double(c)}, {u"queueCode"_s, u"cash"_s}, {u"note"_s, u"оплата"_s}});
    CHECK(lastStage(moved).value(u"role"_s).toString() == u"cashier"_s);
    CHECK(errorCode(other->call(u"visit.callNext"_s)) == u"queue_empty"_s);
    CHECK(visitIdOf(other->ok(u"visit.call"_s, {{u"visitId"_s, double(b)}})) == b);
    other->ok(u"visit.start"_s, {{u"visitId"_s, double(b)}});
    other->ok(u"visit.finish"_s, {{u"visitId"_s, double(b)}});

    // A waiting visit can be cancelled by reception, and then nothing more happens to it.
    d.at(10, 30);
    const qint64 e = visitIdOf(reception->ok(u"visit.issue"_s, {{u"queueCode"_s, u"consult"_s}}));
    reception->ok(u"visit.cancel"_s, {{u"visitId"_s, double(e)}, {u"reason"_s, u"ушёл"_s}});
    CHECK(errorCode(consultant->call(u"visit.call"_s, {{u"visitId"_s, double(e)}})) ==
          u"invalid_transition"_s);

    // Desk rules: a desk on a break takes no calls; it cannot close while serving.
    consultant->ok(u"desk.break"_s);
    CHECK(errorCode(consultant->call(u"visit.callNext"_s)) == u"desk_unavailable"_s);
    consultant->ok(u"desk.resume"_s);
    consultant->ok(u"desk.close"_s);
    const QJsonObject status = reception->ok(u"status"_s, {{u"centreId"_s, 1}});
    for (const auto &dv : status.value(u"desks"_s).toArray())
        if (dv.toObject().value(u"number"_s).toInt() == 2)
            CHECK(dv.toObject().value(u"state"_s).toString() == u"closed"_s);
}

TEST_CASE("roles are enforced by the server", "[day][auth]")
{
    DemoServer d;
    d.at(10, 0);
    auto cashier = d.staff(u"cashier1"_s, 4);
    auto board = d.staff(u"board1"_s);
    auto kiosk = d.staff(u"kiosk1"_s);
    auto consultant = d.staff(u"consult1"_s, 2);
    CHECK(errorCode(cashier->call(u"norms.set"_s, {{u"centreId"_s, 1},
                                                   {u"role"_s, u"cashier"_s},
                                                   {u"waitMinutes"_s, 5},
                                                   {u"serviceMinutes"_s, 5}})) == u"forbidden"_s);
    CHECK(errorCode(cashier->call(
              u"stats"_s, {{u"centreId"_s, 1}, {u"from"_s, u"2026-11-23"_s}, {u"to"_s, u"2026-11-23"_s}})) ==
          u"forbidden"_s);
    CHECK(errorCode(cashier->call(u"staff.put"_s, {{u"staff"_s, QJsonObject{{u"login"_s, u"x1"_s}}},
                                                   {u"password"_s, u"12345678"_s}})) == u"forbidden"_s);
    CHECK(errorCode(board->call(u"visit.issue"_s, {{u"queueCode"_s, u"consult"_s}})) == u"forbidden"_s);
    CHECK(errorCode(board->call(u"visit.callNext"_s)) == u"forbidden"_s);
    // The hall board sees tickets and desks, never who the visitor is.
    board->client().setSubscribed(true);
    REQUIRE(waitUntil([&] { return board->client().lastSeq() > 0; }));
    auto reception = d.staff(u"admin1"_s, 1);
    const qint64 named = visitIdOf(reception->ok(u"visit.issue"_s, {{u"queueCode"_s, u"cash"_s},
                                                                    {u"customerName"_s, u"Петрова А. А."_s},
                                                                    {u"accountNumber"_s, u"55500011"_s}}));
    REQUIRE(board->waitForEvent(u"visit.issued"_s));
    const QJsonObject seen = board->events().last().data.value(u"visit"_s).toObject();
    CHECK(qint64(seen.value(u"id"_s).toDouble()) == named);
    CHECK(seen.value(u"customerName"_s).toString().isEmpty());
    CHECK(seen.value(u"accountNumber"_s).toString().isEmpty());
    for (const auto &v : board->ok(u"status"_s, {{u"centreId"_s, 1}}).value(u"visits"_s).toArray())
        CHECK(v.toObject().value(u"customerName"_s).toString().isEmpty());
    // A kiosk issues tickets and nothing else.
    const qint64 id = visitIdOf(kiosk->ok(u"visit.issue"_s, {{u"queueCode"_s, u"consult"_s}}));
    CHECK(errorCode(kiosk->call(u"visit.cancel"_s, {{u"visitId"_s, double(id)}})) == u"forbidden"_s);
    // A cashier's desk does not serve the consultant queue.
    cashier->ok(u"desk.open"_s);
    CHECK(errorCode(cashier->call(u"visit.call"_s, {{u"visitId"_s, double(id)}})) == u"forbidden"_s);
    // A manager changes norms, and the change is recorded as an event.
    auto manager = d.staff(u"manager"_s);
    manager->client().setSubscribed(true);
    REQUIRE(waitUntil([&] { return manager->client().lastSeq() > 0; }));
    manager->ok(
        u"norms.set"_s,
        {{u"centreId"_s, 1}, {u"role"_s, u"cashier"_s}, {u"waitMinutes"_s, 15}, {u"serviceMinutes"_s, 8}});
    REQUIRE(manager->waitForEvent(u"centre.changed"_s));
    const QJsonObject norms = manager->ok(u"norms.get"_s, {{u"centreId"_s, 1}}).value(u"norms"_s).toObject();
    CHECK(norms.value(u"cashier"_s).toObject().value(u"waitMinutes"_s).toInt() == 15);
    // Wrong password: refused, and the account is not logged in.
    SyncClient intruder;
    CHECK_FALSE(intruder.login(d.server.port(), u"manager"_s, u"not-the-password"_s));
    CHECK(intruder.loginError().contains(u"wrong login or password"_s));
    Q_UNUSED(consultant);
}

TEST_CASE("queue.forecast tells where a ticket given now would stand, before it is given", "[day]")
{
    DemoServer d;
    d.at(9, 0);
    auto reception = d.staff(u"admin1"_s, 1);
    const auto forecast = [&](const QJsonObject &args) {
        return reception->ok(u"queue.forecast"_s, args).value(u"position"_s).toObject();
    };
    CHECK(forecast({{u"queueCode"_s, u"consult"_s}}).value(u"ahead"_s).toInt() == 0);
    for (int i = 0; i < 4; ++i)
        reception->ok(u"visit.issue"_s, {{u"queueCode"_s, u"consult"_s}});
    reception->ok(u"visit.issue"_s, {{u"queueCode"_s, u"consult"_s}, {u"priority"_s, u"veteran"_s}});
    const QJsonObject regular = forecast({{u"queueCode"_s, u"consult"_s}});
    CHECK(regular.value(u"ahead"_s).toInt() == 5);
    // Five ahead, the consultant's 15-minute norm, no desk open yet.
    CHECK(regular.value(u"expectedWaitMinutes"_s).toInt() == 75);
    CHECK(forecast({{u"queueCode"_s, u"consult"_s}, {u"priority"_s, true}}).value(u"ahead"_s).toInt() == 1);
    // The ticket then given stands where the forecast said.
    const QJsonObject issued = reception->ok(u"visit.issue"_s, {{u"queueCode"_s, u"consult"_s}});
    CHECK(issued.value(u"position"_s).toObject() == regular);
    // Nothing was issued by asking: the queue holds the six tickets given.
    CHECK(forecast({{u"queueCode"_s, u"consult"_s}}).value(u"ahead"_s).toInt() == 6);
    // Unknown queues and bad fields are refused, saying what was wrong.
    auto r = reception->call(u"queue.forecast"_s, {{u"queueCode"_s, u"nowhere"_s}});
    REQUIRE_FALSE(r);
    CHECK(r.error().code == okno::ErrorCode::NotFound);
    r = reception->call(u"queue.forecast"_s, {{u"queueId"_s, 999}});
    REQUIRE_FALSE(r);
    CHECK(r.error().code == okno::ErrorCode::NotFound);
    r = reception->call(u"queue.forecast"_s, {{u"queueCode"_s, u"consult"_s}, {u"priority"_s, u"yes"_s}});
    REQUIRE_FALSE(r);
    CHECK(r.error().message.contains(u"priority"_s));
}
