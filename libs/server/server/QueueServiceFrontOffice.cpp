// The front office: consultation tickets, cash shifts and payments.
#include "Passwords.h"
#include "QueueService.h"
#include "QueueServiceCall.h"

#include <logging/Logging.h>
#include <protocol/Codec.h>
#include <protocol/Fields.h>
#include <protocol/Ops.h>
#include <protocol/Results.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QThreadPool>

namespace okno {

using namespace Qt::StringLiterals;
using namespace protocol;

namespace {

constexpr qint64 kMaxShiftSecs = 24 * 3600;

Error moneyNeedsKey()
{
    return makeError(ErrorCode::BadRequest,
                     u"field \"idempotencyKey\" is required for an operation that moves money"_s);
}

} // namespace

Status QueueService::loadFrontOffice()
{
    auto ids = m_reader->maxIds();
    if (!ids)
        return ids.error();
    m_nextShiftId = ids->shift + 1;
    m_nextPaymentId = ids->payment + 1;
    auto numbers = m_reader->maxShiftNumbers();
    if (!numbers)
        return numbers.error();
    m_lastShiftNumber = *numbers;
    auto open = m_reader->loadOpenShifts();
    if (!open)
        return open.error();
    for (const CashShift &s : *open) {
        m_openShifts.insert(s.deskId, s);
        auto payments = m_reader->loadPaymentsOfShift(s.id);
        if (!payments)
            return payments.error();
        int last = 0;
        for (const Payment &p : *payments)
            last = std::max(last, p.receiptNumber);
        m_lastReceipt.insert(s.id, last);
    }
    return {};
}

void QueueService::readAfterDurable(Call &c, std::function<Result<QJsonObject>()> read)
{
    m_journal->submit(WriteBatch{}, [c, read = std::move(read)](const Status &s) {
        if (!s)
            return c.fail(makeError(ErrorCode::Unavailable, s.error().message));
        const auto result = read();
        result ? c.reply(*result) : c.fail(result.error());
    });
}

std::optional<Visit> QueueService::findVisit(Id visitId) const
{
    if (const Visit *v = m_engine->visit(visitId))
        return *v;
    if (auto stored = m_reader->loadVisit(visitId); stored && stored->has_value())
        return **stored;
    return std::nullopt;
}

// ---------------------------------------------------------------------------------------------
// consultations

void QueueService::opConsultationGet(Call &c)
{
    Fields f(c.body);
    const Id visitId = f.requireId(u"visitId"_s);
    if (!f.status())
        return c.fail(f.status().error());
    const auto v = findVisit(visitId);
    if (!v)
        return c.fail(
            makeError(ErrorCode::NotFound, u"visit "_s % QString::number(visitId) % u" does not exist"_s));
    readAfterDurable(c, [this, visitId]() -> Result<QJsonObject> {
        auto list = m_reader->loadConsultationsOfVisit(visitId);
        if (!list)
            return list.error();
        return QJsonObject{{u"consultations"_s, toJsonArray(*list)}};
    });
}

void QueueService::opConsultationSave(Call &c)
{
    Fields f(c.body);
    const Id visitId = f.requireId(u"visitId"_s);
    Fields in = f.object(u"consultation"_s);
    Consultation k;
    k.accountNumber = normaliseAccountNumber(in.optionalString(u"accountNumber"_s, {}, 40));
    k.consumerGroup = in.requireEnum<ConsumerGroup>(u"consumerGroup"_s, consumerGroupFromName);
    k.topic = in.requireString(u"topic"_s, 32);
    k.notes = in.optionalString(u"notes"_s, {}, 4000);
    k.outcome = in.requireEnum<ConsultationOutcome>(u"outcome"_s, consultationOutcomeFromName);
    k.nextVisitDate = in.optionalDate(u"nextVisitDate"_s);
    k.appealNumber = in.optionalString(u"appealNumber"_s, {}, 50);
    k.readings = readList<MeterReading>(in, u"readings"_s, readMeterReading, false);
    if (!f.status())
        return c.fail(f.status().error());
    const Visit *v = m_engine->visit(visitId);
    if (!v)
        return c.fail(makeError(ErrorCode::NotFound,
                                u"visit "_s % QString::number(visitId) % u" is not a visit of today"_s));
    // The consultation belongs to the visit's latest consultant stage, served at this desk.
    const Stage *stage = nullptr;
    for (const Stage &s : v->stages)
        if (s.role == StageRole::Consultant)
            stage = &s;
    const Session &me = c.session();
    if (!stage)
        return c.fail(makeError(ErrorCode::InvalidTransition, u"the visit has no consultant stage"_s));
    if (stage->deskId != me.deskId || stage->staffId != me.staff.id)
        return c.fail(
            makeError(ErrorCode::Forbidden, u"ticket "_s % stage->ticket % u" is served at another desk"_s));
    if (stage->state != StageState::InService && stage->state != StageState::Done &&
        stage->state != StageState::Transferred)
        return c.fail(makeError(ErrorCode::InvalidTransition, u"start serving ticket "_s % stage->ticket %
                                                                  u" before writing its consultation"_s));
    const Centre *centre = m_engine->centre(v->centreId);
    const QDateTime now = m_clock->now();
    if (auto s = validate(k, *centre, centre->schedule.localDate(now)); !s)
        return c.fail(s.error());
    k.visitId = v->id;
    k.stageIndex = stage->index;
    k.centreId = v->centreId;
    k.staffId = me.staff.id;
    k.updatedAt = now;
    k.createdAt = now;
    if (auto existing = m_reader->loadConsultation(k.visitId, k.stageIndex);
        existing && existing->has_value())
        k.createdAt = (*existing)->createdAt;
    WriteBatch b;
    b.putConsultation(k);
    const QJsonObject json = toJson(k);
    commit(c, std::move(b), {{u"consultation"_s, json}},
           {newEvent(events::ConsultationSaved, k.centreId, k.visitId, me.staff.id,
                     {{u"consultation"_s, json}})});
}

// ---------------------------------------------------------------------------------------------
// cash shifts

Result<CashShift> QueueService::usableShift(const Call &c) const
{
    const Session &me = c.peer->session();
    const Desk *d = m_engine->desk(me.deskId);
    if (!d || d->state != DeskState::Open || d->staffId != me.staff.id)
        return makeError(ErrorCode::DeskUnavailable, u"open your desk first"_s);
    const auto it = m_openShifts.constFind(me.deskId);
    if (it == m_openShifts.constEnd())
        return makeError(ErrorCode::InvalidTransition, u"open a cash shift first"_s);
    if (it->staffId != me.staff.id)
        return makeError(ErrorCode::Forbidden, u"the cash shift at this desk belongs to another cashier"_s);
    if (it->openedAt.secsTo(m_clock->now()) > kMaxShiftSecs)
        return makeError(ErrorCode::InvalidTransition,
                         u"the cash shift is older than 24 hours; close it and open a new one"_s);
    return *it;
}

void QueueService::opShiftOpen(Call &c)
{
    const Session &me = c.session();
    const Desk *d = m_engine->desk(me.deskId);
    if (!d || d->state != DeskState::Open || d->staffId != me.staff.id)
        return c.fail(makeError(ErrorCode::DeskUnavailable, u"open your desk first"_s));
    if (m_openShifts.contains(d->id))
        return c.fail(
            makeError(ErrorCode::InvalidTransition, u"a cash shift is already open at this desk"_s));
    CashShift s;
    s.id = m_nextShiftId++;
    s.centreId = d->centreId;
    s.deskId = d->id;
    s.staffId = me.staff.id;
    s.number = ++m_lastShiftNumber[d->centreId];
    s.openedAt = m_clock->now();
    m_openShifts.insert(d->id, s);
    m_lastReceipt.insert(s.id, 0);
    WriteBatch b;
    b.putShift(s);
    const QJsonObject json = toJson(s);
    commit(c, std::move(b), {{u"shift"_s, json}},
           {newEvent(events::ShiftOpened, s.centreId, 0, me.staff.id, {{u"shift"_s, json}})});
}

void QueueService::opShiftCurrent(Call &c)
{
    const auto it = m_openShifts.constFind(c.session().deskId);
    if (it == m_openShifts.constEnd())
        return c.reply({{u"shift"_s, QJsonValue()}, {u"totals"_s, toJson(ShiftTotals{})}});
    const CashShift shift = *it;
    readAfterDurable(c, [this, shift]() -> Result<QJsonObject> {
        auto payments = m_reader->loadPaymentsOfShift(shift.id);
        if (!payments)
            return payments.error();
        return QJsonObject{{u"shift"_s, toJson(shift)}, {u"totals"_s, toJson(totalsOf(*payments))}};
    });
}

void QueueService::opShiftClose(Call &c)
{
    const Session &me = c.session();
    const auto it = m_openShifts.find(me.deskId);
    if (it == m_openShifts.end())
        return c.fail(makeError(ErrorCode::InvalidTransition, u"no cash shift is open at this desk"_s));
    if (it->staffId != me.staff.id)
        return c.fail(
            makeError(ErrorCode::Forbidden, u"the cash shift at this desk belongs to another cashier"_s));
    // The report must include every payment of the shift, also those still being committed:
    // read it after a barrier.
    CashShift closed = *it;
    closed.closedAt = m_clock->now();
    m_openShifts.erase(it);
    WriteBatch b;
    b.putShift(closed);
    const Event e =
        newEvent(events::ShiftClosed, closed.centreId, 0, me.staff.id, {{u"shift"_s, toJson(closed)}});
    b.appendEvent(e);
    m_journal->submit(std::move(b), [this, c, closed, e](const Status &s) mutable {
        if (!s)
            return c.fail(makeError(ErrorCode::Unavailable, s.error().message));
        publish(e);
        auto payments = m_reader->loadPaymentsOfShift(closed.id);
        if (!payments)
            return c.fail(payments.error());
        ShiftReport report{closed, totalsOf(*payments), *payments};
        const QJsonObject result = toJson(report);
        // The answer to a keyed request is the report, so it is recorded with it, after it.
        WriteBatch k;
        rememberAnswer(c, k, result);
        if (k.isEmpty())
            return c.reply(result);
        m_journal->submit(std::move(k), [c, result](const Status &stored) {
            stored ? c.reply(result) : c.fail(makeError(ErrorCode::Unavailable, stored.error().message));
        });
    });
}

// ---------------------------------------------------------------------------------------------
// payments

void QueueService::opPaymentRecord(Call &c)
{
    if (c.idempotencyKey.isEmpty())
        return c.fail(moneyNeedsKey());
    Fields f(c.body);
    Payment p;
    p.visitId = f.optionalId(u"visitId"_s);
    p.accountNumber = normaliseAccountNumber(f.requireString(u"accountNumber"_s, 40));
    p.amountKopecks = f.requireInt(u"amountKopecks"_s, 1, kMaxPaymentKopecks);
    p.purpose = f.requireString(u"purpose"_s, 200);
    p.method = f.requireEnum<PaymentMethod>(u"method"_s, paymentMethodFromName);
    p.tenderedKopecks = p.method == PaymentMethod::Cash
                            ? f.requireInt(u"tenderedKopecks"_s, 0, kMaxPaymentKopecks * 2)
                            : f.optionalInt(u"tenderedKopecks"_s, 0, 0, kMaxPaymentKopecks * 2);
    if (!f.status())
        return c.fail(f.status().error());
    auto shift = usableShift(c);
    if (!shift)
        return c.fail(shift.error());
    if (auto s = preparePayment(p); !s)
        return c.fail(s.error());
    if (p.visitId) {
        const auto v = findVisit(p.visitId);
        if (!v || v->centreId != shift->centreId)
            return c.fail(makeError(ErrorCode::NotFound, u"visit "_s % QString::number(p.visitId) %
                                                             u" is not a visit of this centre"_s));
    }
    const Session &me = c.session();
    p.id = m_nextPaymentId++;
    p.centreId = shift->centreId;
    p.shiftId = shift->id;
    p.staffId = me.staff.id;
    p.deskId = me.deskId;
    p.receiptNumber = ++m_lastReceipt[shift->id];
    p.at = m_clock->now();
    WriteBatch b;
    b.appendPayment(p);
    const QJsonObject json = toJson(p);
    logging::info(u"payment %1: %2 kopecks by %3 for account %4 (receipt %5 of shift %6)"_s.arg(p.id)
                      .arg(p.amountKopecks)
                      .arg(paymentMethodName(p.method), p.accountNumber)
                      .arg(p.receiptNumber)
                      .arg(shift->number));
    commit(c, std::move(b), {{u"payment"_s, json}},
           {newEvent(events::PaymentRecorded, p.centreId, p.visitId, me.staff.id, {{u"payment"_s, json}})});
}

void QueueService::opPaymentReverse(Call &c)
{
    if (c.idempotencyKey.isEmpty())
        return c.fail(moneyNeedsKey());
    Fields f(c.body);
    const Id paymentId = f.requireId(u"paymentId"_s);
    const QString reason = f.requireString(u"reason"_s, 500);
    const QString managerLogin = f.requireString(u"managerLogin"_s, 32);
    const QString managerPassword = f.requireSecret(u"managerPassword"_s, 128);
    if (!f.status())
        return c.fail(f.status().error());
    auto shift = usableShift(c);
    if (!shift)
        return c.fail(shift.error());
    auto original = m_reader->loadPayment(paymentId);
    if (!original)
        return c.fail(original.error());
    if (!original->has_value())
        return c.fail(makeError(ErrorCode::NotFound,
                                u"payment "_s % QString::number(paymentId) % u" does not exist"_s));
    const Payment orig = **original;
    if (orig.centreId != shift->centreId)
        return c.fail(makeError(ErrorCode::Forbidden, u"the payment was taken in another centre"_s));
    if (orig.isReversal())
        return c.fail(makeError(ErrorCode::InvalidTransition, u"a reversal cannot be reversed"_s));
    // At most one reversal: one being confirmed right now, or one already stored.
    auto reversed = m_reversed.contains(orig.id) ? Result<bool>(true) : [&]() -> Result<bool> {
        auto stored = m_reader->loadReversalOf(orig.id);
        if (!stored)
            return stored.error();
        return stored->has_value();
    }();
    if (!reversed)
        return c.fail(reversed.error());
    if (*reversed)
        return c.fail(makeError(ErrorCode::Conflict,
                                u"payment "_s % QString::number(orig.id) % u" is already reversed"_s));
    // The manager confirms with their own credentials; checked off the event loop.
    const Staff *manager = nullptr;
    for (const Staff &s : std::as_const(m_staff))
        if (s.login == managerLogin && s.active && s.role == Role::Manager &&
            (s.centreId == 0 || s.centreId == orig.centreId))
            manager = &s;
    const QByteArray hash = manager ? m_passwordHashes.value(manager->id) : QByteArray();
    const Id managerId = manager ? manager->id : 0;
    m_reversed.insert(orig.id); // no second reversal while this one is being checked
    QThreadPool::globalInstance()->start([this, c, hash, managerPassword, managerId, orig, reason] {
        const bool ok = !hash.isEmpty() && passwords::verify(hash, managerPassword);
        if (hash.isEmpty())
            passwords::hash(u"timing-equaliser"_s);
        QMetaObject::invokeMethod(
            this,
            [this, c, ok, managerId, orig, reason]() mutable {
                if (!c.peer) {
                    m_reversed.remove(orig.id);
                    return;
                }
                if (!ok) {
                    m_reversed.remove(orig.id);
                    logging::warn(u"payment reversal refused: wrong manager credentials from %1"_s.arg(
                        c.peer->describe()));
                    return c.fail(
                        makeError(ErrorCode::AuthFailed, u"the manager's login or password is wrong"_s));
                }
                auto current = usableShift(c);
                if (!current) {
                    m_reversed.remove(orig.id);
                    return c.fail(current.error());
                }
                const Session &me = c.session();
                Payment r = orig;
                r.id = m_nextPaymentId++;
                r.shiftId = current->id;
                r.staffId = me.staff.id;
                r.deskId = me.deskId;
                r.receiptNumber = ++m_lastReceipt[current->id];
                r.at = m_clock->now();
                r.reversalOf = orig.id;
                r.approvedBy = managerId;
                r.reason = reason;
                r.tenderedKopecks = 0;
                r.changeKopecks = 0;
                WriteBatch b;
                b.appendPayment(r);
                const QJsonObject json = toJson(r);
                logging::info(
                    u"payment %1 reversed by payment %2, approved by staff %3"_s.arg(orig.id).arg(r.id).arg(
                        managerId));
                commit(c, std::move(b), {{u"payment"_s, json}},
                       {newEvent(events::PaymentReversed, r.centreId, r.visitId, me.staff.id,
                                 {{u"payment"_s, json}})});
            },
            Qt::QueuedConnection);
    });
}

void QueueService::opPaymentList(Call &c)
{
    Fields f(c.body);
    const Id shiftId = f.optionalId(u"shiftId"_s);
    const Id visitId = f.optionalId(u"visitId"_s);
    if (!f.status())
        return c.fail(f.status().error());
    if ((shiftId == 0) == (visitId == 0))
        return c.fail(makeError(ErrorCode::BadRequest, u"give exactly one of \"shiftId\" or \"visitId\""_s));
    readAfterDurable(c, [this, shiftId, visitId]() -> Result<QJsonObject> {
        auto payments =
            shiftId ? m_reader->loadPaymentsOfShift(shiftId) : m_reader->loadPaymentsOfVisit(visitId);
        if (!payments)
            return payments.error();
        return QJsonObject{{u"payments"_s, toJsonArray(*payments)}};
    });
}

} // namespace okno
