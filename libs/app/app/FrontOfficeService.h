#pragma once

#include "Change.h"

#include <core/Clock.h>
#include <core/FrontOffice.h>
#include <core/IdRange.h>
#include <core/Organisation.h>
#include <core/Visit.h>

#include <QHash>
#include <QSet>

#include <optional>

namespace okno::app {

struct ConsultationDone
{
    Consultation consultation;
    Change change;
};

struct ShiftDone
{
    CashShift shift;
    Change change;
};

struct PaymentDone
{
    Payment payment;
    Change change;
};

// The front office: the one implementation of consultation.save, shift.open/close and
// payment.record/reverse (docs/protocol.md). It holds what these need to remember between calls —
// the open cash shift of each desk, the last receipt number of each shift, the last shift number
// of each centre, the reversals being confirmed — and the next identities of shifts and payments.
// Reads of stored records are the caller's: it passes what storage knows (a consultation's first
// save, a payment and whether it is reversed). Who may ask is decided by the access policy before.
class FrontOfficeService
{
public:
    explicit FrontOfficeService(const Clock &clock);

    // --- the state, restored from storage at start or seeded by the history generator
    // The ids of new shifts and payments (IdRange): from 1 without end unless given; a server
    // gives blocks from its database and tops them up before they run out.
    void setLastIds(Id shiftId, Id paymentId); // counts up without end after these
    void setShiftIds(IdRange ids) { m_shiftIds = ids; }
    void setPaymentIds(IdRange ids) { m_paymentIds = ids; }
    const IdRange &shiftIds() const { return m_shiftIds; }
    const IdRange &paymentIds() const { return m_paymentIds; }
    // The id before the next one (the last handed out, unless none was from this range yet).
    Id lastShiftId() const { return m_shiftIds.peek() - 1; }
    Id lastPaymentId() const { return m_paymentIds.peek() - 1; }
    void setLastShiftNumbers(QHash<Id, int> numbers) { m_lastShiftNumber = std::move(numbers); }
    const QHash<Id, int> &lastShiftNumbers() const { return m_lastShiftNumber; }
    void restoreOpenShift(const CashShift &shift, int lastReceipt);
    // The centre's open shifts, its receipt and shift numbers, as if never loaded (handed over).
    void forgetCentre(Id centreId);

    std::optional<CashShift> openShiftAt(Id deskId) const;
    // The open shift at the desk, if the person may take money on it now: the desk is open and
    // theirs, the shift is theirs and younger than 24 hours.
    Result<CashShift> usableShift(const Desk *desk, Id staffId) const;

    // consultation.save: `k` holds what the consultant wrote; it belongs to the visit's latest
    // consultant stage, which must be served (or have been) at this desk by this person.
    // `firstSavedAt` is when the stage's consultation was first stored (invalid: never).
    Result<ConsultationDone> saveConsultation(Consultation k, const Visit &visit, const Centre &centre,
                                              Id staffId, Id deskId, const QDateTime &firstSavedAt);

    Result<ShiftDone> openShift(const Desk *desk, Id staffId);
    Result<ShiftDone> closeShift(Id deskId, Id staffId);

    // payment.record: `p` holds the account, amount, purpose, method, tendered cash and the visit
    // it names; `visit` is that visit as found (nothing if none is found).
    Result<PaymentDone> recordPayment(Payment p, const Desk *desk, Id staffId,
                                      const std::optional<Visit> &visit);

    // payment.reverse, in two steps around the manager's confirmation: hold the payment (no
    // second reversal can start meanwhile), then reverse it — or release the hold if the
    // confirmation fails. `reversedInStorage`: storage already holds a reversal of it.
    Status holdReversal(const Payment &original, const Desk *desk, Id staffId, bool reversedInStorage);
    void releaseReversal(Id paymentId) { m_reversed.remove(paymentId); }
    // Releases the hold itself when it refuses.
    Result<PaymentDone> reverse(const Payment &original, const QString &reason, Id managerId,
                                const Desk *desk, Id staffId);

private:
    const Clock &m_clock;
    QHash<Id, CashShift> m_openShifts; // desk → its open cash shift
    QHash<Id, int> m_lastReceipt;      // shift → last receipt number
    QHash<Id, int> m_lastShiftNumber;  // centre → last shift number
    QSet<Id> m_reversed;               // payments reversed or being reversed since start
    IdRange m_shiftIds = IdRange::from(1), m_paymentIds = IdRange::from(1);
};

} // namespace okno::app
