// The front-office commands of the application layer: cash shifts, payments, reversals and
// consultation tickets, with the state they keep between calls.
#include "CoreTestSupport.h"

#include <app/FrontOfficeService.h>
#include <app/VisitService.h>
#include <protocol/FrameDecoder.h>
#include <protocol/Ops.h>

#include <QJsonObject>

using namespace okno;
using namespace okno::test;
using namespace Qt::StringLiterals;
namespace names = okno::protocol::events;

namespace {

Payment cash(qint64 amount, qint64 tendered)
{
    Payment p;
    p.accountNumber = u"12345678"_s;
    p.purpose = u"Оплата электроэнергии"_s;
    p.amountKopecks = amount;
    p.method = PaymentMethod::Cash;
    p.tenderedKopecks = tendered;
    return p;
}

} // namespace

TEST_CASE("cash shifts: only at one's own open desk, numbered per centre, one at a time", "[app]")
{
    CentreFixture f;
    app::FrontOfficeService office(f.clock);
    office.setLastIds(40, 900);
    office.setLastShiftNumbers({{f.kCentre, 7}});

    auto refused = office.openShift(f.engine.desk(f.kCashDesk), f.cashier.staffId);
    REQUIRE_FALSE(refused); // the desk is closed
    CHECK(refused.error().code == ErrorCode::DeskUnavailable);

    f.openAll();
    const Desk *desk = f.engine.desk(f.kCashDesk);
    CHECK_FALSE(office.openShift(desk, f.consultant.staffId)); // another person's desk
    auto opened = office.openShift(desk, f.cashier.staffId);
    REQUIRE(opened);
    CHECK(opened->shift.id == 41);
    CHECK(opened->shift.number == 8);
    CHECK(opened->shift.openedAt == f.clock.now());
    CHECK(opened->shift.isOpen());
    REQUIRE(opened->change.events.size() == 1);
    CHECK(opened->change.events.first().type == QString(names::ShiftOpened));
    REQUIRE(office.openShiftAt(f.kCashDesk));

    auto twice = office.openShift(desk, f.cashier.staffId);
    REQUIRE_FALSE(twice);
    CHECK(twice.error().code == ErrorCode::InvalidTransition);

    CHECK_FALSE(office.closeShift(f.kCashDesk, f.consultant.staffId)); // not theirs
    f.clock.advanceMins(90);
    auto closed = office.closeShift(f.kCashDesk, f.cashier.staffId);
    REQUIRE(closed);
    CHECK(closed->shift.closedAt == f.clock.now());
    CHECK(closed->change.events.first().type == QString(names::ShiftClosed));
    CHECK_FALSE(office.openShiftAt(f.kCashDesk));
    auto next = office.openShift(desk, f.cashier.staffId);
    REQUIRE(next);
    CHECK(next->shift.number == 9);
    CHECK(office.lastShiftId() == 42);
}

TEST_CASE("payments: receipts numbered in the shift; refused without a usable shift", "[app]")
{
    CentreFixture f;
    app::FrontOfficeService office(f.clock);
    f.openAll();
    const Desk *desk = f.engine.desk(f.kCashDesk);

    auto noShift = office.recordPayment(cash(100'00, 100'00), desk, f.cashier.staffId, std::nullopt);
    REQUIRE_FALSE(noShift);
    CHECK(noShift.error().code == ErrorCode::InvalidTransition);

    REQUIRE(office.openShift(desk, f.cashier.staffId));
    auto first = office.recordPayment(cash(1234'56, 2000'00), desk, f.cashier.staffId, std::nullopt);
    REQUIRE(first);
    CHECK(first->payment.receiptNumber == 1);
    CHECK(first->payment.changeKopecks == 765'44);
    CHECK(first->payment.at == f.clock.now());
    CHECK(first->payment.staffId == f.cashier.staffId);
    REQUIRE(first->change.writes.size() == 1);
    CHECK(std::holds_alternative<WriteBatch::AppendPayment>(first->change.writes.changes.first()));
    CHECK(first->change.events.first().type == QString(names::PaymentRecorded));
    auto second = office.recordPayment(cash(50'00, 50'00), desk, f.cashier.staffId, std::nullopt);
    REQUIRE(second);
    CHECK(second->payment.receiptNumber == 2);
    CHECK(second->payment.id == first->payment.id + 1);

    // A payment that names a visit of another centre, or none found, is refused.
    Payment named = cash(10'00, 10'00);
    named.visitId = 77;
    auto unknown = office.recordPayment(named, desk, f.cashier.staffId, std::nullopt);
    REQUIRE_FALSE(unknown);
    CHECK(unknown.error().code == ErrorCode::NotFound);
    Visit elsewhere;
    elsewhere.id = 77;
    elsewhere.centreId = f.kCentre + 1;
    CHECK_FALSE(office.recordPayment(named, desk, f.cashier.staffId, elsewhere));

    // Bad fields are refused by the core's rule, and no receipt number is spent on them.
    auto bad = office.recordPayment(cash(100'00, 50'00), desk, f.cashier.staffId, std::nullopt);
    REQUIRE_FALSE(bad);
    CHECK(bad.error().code == ErrorCode::InvalidArgument);
    auto third = office.recordPayment(cash(1'00, 1'00), desk, f.cashier.staffId, std::nullopt);
    REQUIRE(third);
    CHECK(third->payment.receiptNumber == 3);

    // A shift older than 24 hours takes no more money.
    f.clock.advanceSecs(24 * 3600 + 1);
    auto stale = office.recordPayment(cash(1'00, 1'00), desk, f.cashier.staffId, std::nullopt);
    REQUIRE_FALSE(stale);
    CHECK(stale.error().message.contains(u"24 hours"_s));
}

TEST_CASE("reversals: at most one per payment, held while the manager confirms", "[app]")
{
    CentreFixture f;
    app::FrontOfficeService office(f.clock);
    f.openAll();
    const Desk *desk = f.engine.desk(f.kCashDesk);
    REQUIRE(office.openShift(desk, f.cashier.staffId));
    const Payment paid =
        office.recordPayment(cash(300'00, 500'00), desk, f.cashier.staffId, std::nullopt)->payment;

    REQUIRE(office.holdReversal(paid, desk, f.cashier.staffId, false));
    auto second = office.holdReversal(paid, desk, f.cashier.staffId, false);
    REQUIRE_FALSE(second); // one is being confirmed
    CHECK(second.error().code == ErrorCode::Conflict);
    office.releaseReversal(paid.id); // the manager's password was wrong
    REQUIRE(office.holdReversal(paid, desk, f.cashier.staffId, false));

    f.clock.advanceMins(3);
    auto reversed = office.reverse(paid, u"Ошибка в сумме"_s, 555, desk, f.cashier.staffId);
    REQUIRE(reversed);
    const Payment &r = reversed->payment;
    CHECK(r.reversalOf == paid.id);
    CHECK(r.approvedBy == 555);
    CHECK(r.amountKopecks == paid.amountKopecks);
    CHECK(r.tenderedKopecks == 0);
    CHECK(r.changeKopecks == 0);
    CHECK(r.receiptNumber == 2);
    CHECK(r.at == f.clock.now());
    CHECK(reversed->change.events.first().type == QString(names::PaymentReversed));

    CHECK_FALSE(office.holdReversal(paid, desk, f.cashier.staffId, false)); // already reversed
    CHECK_FALSE(office.holdReversal(r, desk, f.cashier.staffId, false));    // a reversal is final
    Payment other = paid;
    other.id = paid.id + 10;
    CHECK_FALSE(office.holdReversal(other, desk, f.cashier.staffId, true)); // storage knows a reversal
    other.centreId = f.kCentre + 1;
    auto foreign = office.holdReversal(other, desk, f.cashier.staffId, false);
    REQUIRE_FALSE(foreign);
    CHECK(foreign.error().code == ErrorCode::Forbidden);
}

TEST_CASE("a consultation belongs to the latest consultant stage served at this desk", "[app]")
{
    CentreFixture f;
    app::VisitService visits(f.engine);
    app::FrontOfficeService office(f.clock);
    f.openAll();
    const Visit v = f.issue(f.kConsultQueue);
    Consultation k;
    k.accountNumber = u"12345678"_s;
    k.topic = u"bills"_s;
    k.notes = u"Разъяснён расчёт."_s;
    const Centre &centre = *f.engine.centre(f.kCentre);

    REQUIRE(visits.callNext(f.consultant));
    auto early = office.saveConsultation(k, f.visit(v.id), centre, f.consultant.staffId, f.kConsultDesk, {});
    REQUIRE_FALSE(early); // called, not yet served
    CHECK(early.error().code == ErrorCode::InvalidTransition);

    REQUIRE(visits.start(f.consultant, v.id));
    auto elsewhere = office.saveConsultation(k, f.visit(v.id), centre, f.admin.staffId, f.kAdminDesk, {});
    REQUIRE_FALSE(elsewhere);
    CHECK(elsewhere.error().code == ErrorCode::Forbidden);

    f.clock.advanceMins(5);
    auto saved = office.saveConsultation(k, f.visit(v.id), centre, f.consultant.staffId, f.kConsultDesk, {});
    REQUIRE(saved);
    CHECK(saved->consultation.visitId == v.id);
    CHECK(saved->consultation.stageIndex == f.stage(v.id).index);
    CHECK(saved->consultation.staffId == f.consultant.staffId);
    CHECK(saved->consultation.createdAt == f.clock.now());
    REQUIRE(saved->change.events.size() == 1);
    const Event &e = saved->change.events.first();
    CHECK(e.type == QString(names::ConsultationSaved));
    CHECK(e.visitId == v.id);
    CHECK(protocol::parseJson(e.payload).object().value(u"consultation"_s).toObject().value(u"notes"_s) ==
          k.notes);

    // Saved again later: the first save's instant is kept.
    const QDateTime first = saved->consultation.createdAt;
    f.clock.advanceMins(2);
    auto again =
        office.saveConsultation(k, f.visit(v.id), centre, f.consultant.staffId, f.kConsultDesk, first);
    REQUIRE(again);
    CHECK(again->consultation.createdAt == first);
    CHECK(again->consultation.updatedAt == f.clock.now());

    Consultation bad = k;
    bad.topic = u"no_such_topic"_s;
    auto refused =
        office.saveConsultation(bad, f.visit(v.id), centre, f.consultant.staffId, f.kConsultDesk, {});
    REQUIRE_FALSE(refused);
    CHECK(refused.error().message.contains(u"topic"_s));
}
