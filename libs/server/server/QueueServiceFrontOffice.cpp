// The front office: consultation tickets, cash shifts and payments.
#include "Passwords.h"
#include "QueueService.h"
#include "QueueServiceCall.h"

#include <app/Events.h>
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

Error moneyNeedsKey()
{
    return makeError(ErrorCode::BadRequest,
                     u"field \"idempotencyKey\" is required for an operation that moves money"_s);
}

} // namespace

Status QueueService::loadFrontOffice()
{
    // No shift or payment ids until a block is taken from the database (start() does).
    m_frontOffice->setShiftIds({});
    m_frontOffice->setPaymentIds({});
    auto numbers = m_reader->maxShiftNumbers();
    if (!numbers)
        return numbers.error();
    m_frontOffice->setLastShiftNumbers(*numbers);
    auto open = m_reader->loadOpenShifts();
    if (!open)
        return open.error();
    // After a restore, a shift open in the backup may have issued receipts the restored database
    // never saw: its numbering goes on above the restore's floor.
    auto floors = m_reader->restoreFloors();
    if (!floors)
        return floors.error();
    for (const CashShift &s : *open)
        if (Status restored = restoreOpenShift(s, *floors); !restored)
            return restored;
    return {};
}

Status QueueService::restoreOpenShift(const CashShift &shift, const RestoreFloors &floors)
{
    auto payments = m_reader->loadPaymentsOfShift(shift.id);
    if (!payments)
        return payments.error();
    int last = floors.receipts.value(shift.id, 0);
    for (const Payment &p : *payments)
        last = std::max(last, p.receiptNumber);
    m_frontOffice->restoreOpenShift(shift, last);
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
    // When the consultation of the visit's latest consultant stage (the one it belongs to) was first saved.
    QDateTime firstSavedAt;
    const auto stage = std::find_if(v->stages.crbegin(), v->stages.crend(),
                                    [](const Stage &s) { return s.role == StageRole::Consultant; });
    if (stage != v->stages.crend())
        if (auto existing = m_reader->loadConsultation(v->id, stage->index);
            existing && existing->has_value())
            firstSavedAt = (*existing)->createdAt;
    const Session &me = c.session();
    auto saved = m_frontOffice->saveConsultation(k, *v, *m_engine->centre(v->centreId), me.staff.id,
                                                 me.deskId, firstSavedAt);
    if (!saved)
        return c.fail(saved.error());
    commit(c, saved->change, {{u"consultation"_s, toJson(saved->consultation)}});
}

// ---------------------------------------------------------------------------------------------
// cash shifts

void QueueService::opShiftOpen(Call &c)
{
    const Session &me = c.session();
    auto opened = m_frontOffice->openShift(m_engine->desk(me.deskId), me.staff.id);
    if (!opened)
        return c.fail(opened.error());
    commit(c, opened->change, {{u"shift"_s, toJson(opened->shift)}});
}

void QueueService::opShiftCurrent(Call &c)
{
    const auto open = m_frontOffice->openShiftAt(c.session().deskId);
    if (!open)
        return c.reply({{u"shift"_s, QJsonValue()}, {u"totals"_s, toJson(ShiftTotals{})}});
    const CashShift shift = *open;
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
    auto done = m_frontOffice->closeShift(me.deskId, me.staff.id);
    if (!done)
        return c.fail(done.error());
    // The report must include every payment of the shift, also those still being committed:
    // it is read once this change is on disk.
    const CashShift closed = done->shift;
    WriteBatch b = std::move(done->change.writes);
    QList<Event> events = journalEvents(b, std::move(done->change.events));
    m_journal->submitNumbered(
        std::move(b), [this, c, closed, events](const Status &s, qint64 firstSeq) mutable {
            if (!s)
                return c.fail(makeError(ErrorCode::Unavailable, s.error().message));
            numberFrom(events, firstSeq);
            publishCommitted(events);
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
    const Session &me = c.session();
    auto done = m_frontOffice->recordPayment(p, m_engine->desk(me.deskId), me.staff.id,
                                             p.visitId ? findVisit(p.visitId) : std::nullopt);
    if (!done)
        return c.fail(done.error());
    const Payment &paid = done->payment;
    // No account number: the log outlives the retention period (docs/retention.md); the payment's
    // id leads to it while the database keeps it.
    logging::info(u"payment %1: %2 kopecks by %3 (receipt %4 of shift %5)"_s.arg(paid.id)
                      .arg(paid.amountKopecks)
                      .arg(paymentMethodName(paid.method))
                      .arg(paid.receiptNumber)
                      .arg(m_frontOffice->openShiftAt(paid.deskId)->number));
    commit(c, done->change, {{u"payment"_s, toJson(paid)}});
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
    const Session &me = c.session();
    if (auto shift = m_frontOffice->usableShift(m_engine->desk(me.deskId), me.staff.id); !shift)
        return c.fail(shift.error());
    auto original = m_reader->loadPayment(paymentId);
    if (!original)
        return c.fail(original.error());
    if (!original->has_value())
        return c.fail(makeError(ErrorCode::NotFound,
                                u"payment "_s % QString::number(paymentId) % u" does not exist"_s));
    const Payment orig = **original;
    auto stored = m_reader->loadReversalOf(orig.id);
    if (!stored)
        return c.fail(stored.error());
    // No second reversal while this one is being confirmed.
    if (auto held =
            m_frontOffice->holdReversal(orig, m_engine->desk(me.deskId), me.staff.id, stored->has_value());
        !held)
        return c.fail(held.error());
    // The manager's password is guessed no faster here than at a login: the same counts, by the
    // manager's login and the cashier's address.
    const LoginThrottle::Verdict verdict = beginPasswordCheck(managerLogin, c.peer);
    if (!verdict.allowed) {
        m_frontOffice->releaseReversal(orig.id);
        return c.fail(throttled(verdict));
    }
    const QString address = c.peer->address();
    // The manager confirms with their own credentials; checked off the event loop.
    const Staff *manager = nullptr;
    for (const Staff &s : std::as_const(m_staff))
        if (s.login == managerLogin && s.active && s.role == Role::Manager &&
            (s.centreId == 0 || s.centreId == orig.centreId))
            manager = &s;
    const QByteArray hash = manager ? m_passwordHashes.value(manager->id) : QByteArray();
    const Id managerId = manager ? manager->id : 0;
    const QByteArray checked = hash.isEmpty() ? m_equaliserHash : hash;
    const bool started = startPasswordJob([this, c, hash, checked, managerPassword, managerId, orig, reason,
                                           managerLogin, address] {
        const bool ok = passwords::verify(checked, managerPassword) && !hash.isEmpty();
        QMetaObject::invokeMethod(
            this,
            [this, c, ok, managerId, orig, reason, managerLogin, address]() mutable {
                finishPasswordCheck(managerLogin, address, ok);
                if (!c.peer)
                    return m_frontOffice->releaseReversal(orig.id);
                if (!ok) {
                    m_frontOffice->releaseReversal(orig.id);
                    logging::warn(u"payment reversal refused: wrong manager credentials from %1"_s.arg(
                        c.peer->describe()));
                    return c.fail(
                        makeError(ErrorCode::AuthFailed, u"the manager's login or password is wrong"_s));
                }
                const Session &now = c.session(); // the desk may have changed while the manager confirmed
                // Payments taken while the manager confirmed may have used the block at hand.
                (void)ensureIds(IdKind::Payment, 1); // without one, reverse() refuses and releases
                auto done =
                    m_frontOffice->reverse(orig, reason, managerId, m_engine->desk(now.deskId), now.staff.id);
                if (!done)
                    return c.fail(done.error());
                logging::info(u"payment %1 reversed by payment %2, approved by staff %3"_s.arg(orig.id)
                                  .arg(done->payment.id)
                                  .arg(managerId));
                // Who confirmed it, for the reversal document the cashier prints.
                const Staff approver = m_staff.value(managerId);
                commit(c, done->change,
                       {{u"payment"_s, toJson(done->payment)},
                        {u"approvedBy"_s, QJsonObject{{u"fullName"_s, approver.fullName},
                                                      {u"position"_s, approver.position}}}});
            },
            Qt::QueuedConnection);
    });
    if (!started) {
        m_frontOffice->releaseReversal(orig.id);
        m_throttle.cancel(managerLogin, address);
        return c.fail(passwordQueueFull());
    }
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
