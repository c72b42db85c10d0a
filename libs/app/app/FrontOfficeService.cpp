#include "FrontOfficeService.h"

#include "Events.h"

#include <protocol/Ops.h>

namespace okno::app {

using namespace Qt::StringLiterals;
namespace names = protocol::events;

namespace {

constexpr qint64 kMaxShiftSecs = 24 * 3600;

Error noIdsLeft(const QString &what)
{
    return makeError(ErrorCode::Unavailable,
                     u"no "_s % what % u" ids left: the database did not give more"_s);
}

Status deskIsYours(const Desk *desk, Id staffId)
{
    if (!desk || desk->state != DeskState::Open || desk->staffId != staffId)
        return makeError(ErrorCode::DeskUnavailable, u"open your desk first"_s);
    return {};
}

} // namespace

FrontOfficeService::FrontOfficeService(const Clock &clock)
    : m_clock(clock)
{}

void FrontOfficeService::setLastIds(Id shiftId, Id paymentId)
{
    m_shiftIds = IdRange::from(shiftId + 1);
    m_paymentIds = IdRange::from(paymentId + 1);
}

void FrontOfficeService::restoreOpenShift(const CashShift &shift, int lastReceipt)
{
    m_openShifts.insert(shift.deskId, shift);
    m_lastReceipt.insert(shift.id, lastReceipt);
}

void FrontOfficeService::forgetCentre(Id centreId)
{
    for (auto it = m_openShifts.begin(); it != m_openShifts.end();) {
        if (it->centreId == centreId) {
            m_lastReceipt.remove(it->id);
            it = m_openShifts.erase(it);
        } else {
            ++it;
        }
    }
    m_lastShiftNumber.remove(centreId);
}

std::optional<CashShift> FrontOfficeService::openShiftAt(Id deskId) const
{
    const auto it = m_openShifts.constFind(deskId);
    if (it == m_openShifts.constEnd())
        return std::nullopt;
    return *it;
}

Result<CashShift> FrontOfficeService::usableShift(const Desk *desk, Id staffId) const
{
    if (auto s = deskIsYours(desk, staffId); !s)
        return s.error();
    const auto it = m_openShifts.constFind(desk->id);
    if (it == m_openShifts.constEnd())
        return makeError(ErrorCode::InvalidTransition, u"open a cash shift first"_s);
    if (it->staffId != staffId)
        return makeError(ErrorCode::Forbidden, u"the cash shift at this desk belongs to another cashier"_s);
    if (it->openedAt.secsTo(m_clock.now()) > kMaxShiftSecs)
        return makeError(ErrorCode::InvalidTransition,
                         u"the cash shift is older than 24 hours; close it and open a new one"_s);
    return *it;
}

Result<ConsultationDone> FrontOfficeService::saveConsultation(Consultation k, const Visit &visit,
                                                              const Centre &centre, Id staffId, Id deskId,
                                                              const QDateTime &firstSavedAt)
{
    const Stage *stage = nullptr;
    for (const Stage &s : visit.stages)
        if (s.role == StageRole::Consultant)
            stage = &s;
    if (!stage)
        return makeError(ErrorCode::InvalidTransition, u"the visit has no consultant stage"_s);
    if (stage->deskId != deskId || stage->staffId != staffId)
        return makeError(ErrorCode::Forbidden,
                         u"ticket "_s % stage->ticket % u" is served at another desk"_s);
    if (stage->state != StageState::InService && stage->state != StageState::Done &&
        stage->state != StageState::Transferred)
        return makeError(ErrorCode::InvalidTransition,
                         u"start serving ticket "_s % stage->ticket % u" before writing its consultation"_s);
    const QDateTime now = m_clock.now();
    if (auto s = validate(k, centre, centre.schedule.localDate(now)); !s)
        return s.error();
    k.visitId = visit.id;
    k.stageIndex = stage->index;
    k.centreId = visit.centreId;
    k.staffId = staffId;
    k.updatedAt = now;
    k.createdAt = firstSavedAt.isValid() ? firstSavedAt : now;
    ConsultationDone out{k, {}};
    out.change.writes.putConsultation(k);
    out.change.events.append(events::consultationSaved(k, staffId, now));
    return out;
}

Result<ShiftDone> FrontOfficeService::openShift(const Desk *desk, Id staffId)
{
    if (auto s = deskIsYours(desk, staffId); !s)
        return s.error();
    if (m_openShifts.contains(desk->id))
        return makeError(ErrorCode::InvalidTransition, u"a cash shift is already open at this desk"_s);
    if (m_shiftIds.empty())
        return noIdsLeft(u"shift"_s);
    CashShift s;
    s.id = m_shiftIds.take();
    s.centreId = desk->centreId;
    s.deskId = desk->id;
    s.staffId = staffId;
    s.number = ++m_lastShiftNumber[desk->centreId];
    s.openedAt = m_clock.now();
    m_openShifts.insert(desk->id, s);
    m_lastReceipt.insert(s.id, 0);
    ShiftDone out{s, {}};
    out.change.writes.putShift(s);
    out.change.events.append(events::shift(names::ShiftOpened, s, staffId, s.openedAt));
    return out;
}

Result<ShiftDone> FrontOfficeService::closeShift(Id deskId, Id staffId)
{
    const auto it = m_openShifts.find(deskId);
    if (it == m_openShifts.end())
        return makeError(ErrorCode::InvalidTransition, u"no cash shift is open at this desk"_s);
    if (it->staffId != staffId)
        return makeError(ErrorCode::Forbidden, u"the cash shift at this desk belongs to another cashier"_s);
    CashShift closed = *it;
    closed.closedAt = m_clock.now();
    m_openShifts.erase(it);
    m_lastReceipt.remove(closed.id);
    ShiftDone out{closed, {}};
    out.change.writes.putShift(closed);
    out.change.events.append(events::shift(names::ShiftClosed, closed, staffId, closed.closedAt));
    return out;
}

Result<PaymentDone> FrontOfficeService::recordPayment(Payment p, const Desk *desk, Id staffId,
                                                      const std::optional<Visit> &visit)
{
    auto shift = usableShift(desk, staffId);
    if (!shift)
        return shift.error();
    if (auto s = preparePayment(p); !s)
        return s.error();
    if (p.visitId && (!visit || visit->id != p.visitId || visit->centreId != shift->centreId))
        return makeError(ErrorCode::NotFound,
                         u"visit "_s % QString::number(p.visitId) % u" is not a visit of this centre"_s);
    if (m_paymentIds.empty())
        return noIdsLeft(u"payment"_s);
    p.id = m_paymentIds.take();
    p.centreId = shift->centreId;
    p.shiftId = shift->id;
    p.staffId = staffId;
    p.deskId = desk->id;
    p.receiptNumber = ++m_lastReceipt[shift->id];
    p.at = m_clock.now();
    p.reversalOf = 0;
    p.approvedBy = 0;
    p.reason.clear();
    PaymentDone out{p, {}};
    out.change.writes.appendPayment(p);
    out.change.events.append(events::payment(p, staffId, p.at));
    return out;
}

Status FrontOfficeService::holdReversal(const Payment &original, const Desk *desk, Id staffId,
                                        bool reversedInStorage)
{
    auto shift = usableShift(desk, staffId);
    if (!shift)
        return shift.error();
    if (original.centreId != shift->centreId)
        return makeError(ErrorCode::Forbidden, u"the payment was taken in another centre"_s);
    if (original.isReversal())
        return makeError(ErrorCode::InvalidTransition, u"a reversal cannot be reversed"_s);
    if (reversedInStorage || m_reversed.contains(original.id))
        return makeError(ErrorCode::Conflict,
                         u"payment "_s % QString::number(original.id) % u" is already reversed"_s);
    m_reversed.insert(original.id);
    return {};
}

Result<PaymentDone> FrontOfficeService::reverse(const Payment &original, const QString &reason, Id managerId,
                                                const Desk *desk, Id staffId)
{
    auto shift = usableShift(desk, staffId);
    if (!shift) {
        releaseReversal(original.id);
        return shift.error();
    }
    if (m_paymentIds.empty()) {
        releaseReversal(original.id);
        return noIdsLeft(u"payment"_s);
    }
    Payment r = original;
    r.id = m_paymentIds.take();
    r.shiftId = shift->id;
    r.staffId = staffId;
    r.deskId = desk->id;
    r.receiptNumber = ++m_lastReceipt[shift->id];
    r.at = m_clock.now();
    r.reversalOf = original.id;
    r.approvedBy = managerId;
    r.reason = reason;
    r.tenderedKopecks = 0;
    r.changeKopecks = 0;
    m_reversed.insert(original.id);
    PaymentDone out{r, {}};
    out.change.writes.appendPayment(r);
    out.change.events.append(events::payment(r, staffId, r.at));
    return out;
}

} // namespace okno::app
