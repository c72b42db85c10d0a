// The front office's records: consultation tickets, cash shifts and payments.
#include "Database.h"

#include "ReadSupport.h"
#include "RowReader.h"
#include "SqlValues.h"

#include <QSqlQuery>

namespace okno {

using namespace Qt::StringLiterals;
using storage_detail::endOfRows;
using storage_detail::readInSnapshot;
using storage_detail::rowKey;

// --- Front office ----------------------------------------------------------------------------

Result<QList<Consultation>> Database::readConsultations(const QString &where, const QVariantList &values,
                                                        const QString &context)
{
    Result<QSqlQuery *> q =
        select(uR"(SELECT visit_id, stage_idx, centre_id, staff_id, account_number, consumer_group,
                                         topic, notes, outcome, next_visit_date, appeal_number, created_at, updated_at
                                       FROM consultations WHERE )"_s +
                   where + u" ORDER BY visit_id, stage_idx"_s,
               values, context);
    if (!q)
        return q.error();
    QList<Consultation> list;
    while ((*q)->next()) {
        RowReader r(**q, u"consultations"_s);
        Consultation c;
        c.visitId = r.id(0);
        c.stageIndex = int(r.integer(1));
        c.centreId = r.id(2);
        c.staffId = r.id(3);
        c.accountNumber = r.text(4);
        const auto group = consumerGroupFromName(r.text(5));
        c.topic = r.text(6);
        c.notes = r.text(7);
        const auto outcome = consultationOutcomeFromName(r.text(8));
        c.nextVisitDate = r.date(9);
        c.appealNumber = r.text(10);
        c.createdAt = r.timestamp(11);
        c.updatedAt = r.timestamp(12);
        if (!r.ok() || !group || !outcome) {
            const Error e =
                r.ok() ? makeError(ErrorCode::Internal, u"storage: bad consumer group or outcome in "
                                                        u"consultation of visit %1"_s.arg(rowKey(**q)))
                       : r.error(u"visit %1"_s.arg(rowKey(**q)));
            (*q)->finish();
            return e;
        }
        c.consumerGroup = *group;
        c.outcome = *outcome;
        list.append(c);
    }
    if (Status s = endOfRows(**q, context); !s)
        return s.error();
    for (Consultation &c : list) {
        q = select(uR"(SELECT meter_number, day_value, night_value FROM meter_readings
                       WHERE visit_id = ? AND stage_idx = ? ORDER BY position)"_s,
                   {sql::integer(c.visitId), sql::integer(c.stageIndex)}, context);
        if (!q)
            return q.error();
        while ((*q)->next()) {
            RowReader r(**q, u"meter_readings"_s);
            MeterReading m;
            m.meterNumber = r.text(0);
            m.dayValue = r.integer(1);
            m.nightValue = (*q)->value(2).isNull() ? -1 : r.integer(2);
            if (!r.ok()) {
                const Error e = r.error(u"visit %1"_s.arg(c.visitId));
                (*q)->finish();
                return e;
            }
            c.readings.append(m);
        }
        if (Status s = endOfRows(**q, context); !s)
            return s.error();
    }
    return list;
}

Result<std::optional<Consultation>> Database::loadConsultation(Id visitId, int stageIndex)
{
    checkThread();
    auto list = readInSnapshot<QList<Consultation>>(m_db, [&] {
        return readConsultations(u"visit_id = ? AND stage_idx = ?"_s,
                                 {sql::integer(visitId), sql::integer(stageIndex)}, u"load consultation"_s);
    });
    if (!list)
        return list.error();
    return list->isEmpty() ? std::optional<Consultation>() : std::optional<Consultation>(list->constFirst());
}

Result<QList<Consultation>> Database::loadConsultationsOfVisit(Id visitId)
{
    checkThread();
    return readInSnapshot<QList<Consultation>>(m_db, [&] {
        return readConsultations(u"visit_id = ?"_s, {sql::integer(visitId)},
                                 u"load consultations of a visit"_s);
    });
}

Result<QList<CashShift>> Database::readShifts(const QString &where, const QVariantList &values,
                                              const QString &context)
{
    Result<QSqlQuery *> q =
        select(u"SELECT id, centre_id, desk_id, staff_id, number, opened_at, closed_at FROM "
               u"cash_shifts WHERE "_s +
                   where + u" ORDER BY id"_s,
               values, context);
    if (!q)
        return q.error();
    auto finish = qScopeGuard([&] { (*q)->finish(); });
    QList<CashShift> list;
    while ((*q)->next()) {
        RowReader r(**q, u"cash_shifts"_s);
        CashShift s;
        s.id = r.id(0);
        s.centreId = r.id(1);
        s.deskId = r.id(2);
        s.staffId = r.id(3);
        s.number = int(r.integer(4));
        s.openedAt = r.timestamp(5);
        s.closedAt = r.timestamp(6);
        if (!r.ok())
            return r.error(u"id "_s + rowKey(**q));
        list.append(s);
    }
    if (Status s = endOfRows(**q, context); !s)
        return s.error();
    return list;
}

Result<QList<CashShift>> Database::loadOpenShifts()
{
    checkThread();
    return readShifts(u"closed_at IS NULL"_s, {}, u"load open cash shifts"_s);
}

Result<std::optional<CashShift>> Database::loadShift(Id id)
{
    checkThread();
    auto list = readShifts(u"id = ?"_s, {sql::integer(id)}, u"load cash shift"_s);
    if (!list)
        return list.error();
    return list->isEmpty() ? std::optional<CashShift>() : std::optional<CashShift>(list->constFirst());
}

Result<QList<Payment>> Database::readPayments(const QString &where, const QVariantList &values,
                                              const QString &context)
{
    Result<QSqlQuery *> q =
        select(uR"(SELECT id, centre_id, shift_id, visit_id, staff_id, desk_id, receipt_number, at,
                                         account_number, amount_kopecks, purpose, method, tendered_kopecks,
                                         change_kopecks, reversal_of, approved_by, reason
                                       FROM payments WHERE )"_s +
                   where + u" ORDER BY id"_s,
               values, context);
    if (!q)
        return q.error();
    auto finish = qScopeGuard([&] { (*q)->finish(); });
    QList<Payment> list;
    while ((*q)->next()) {
        RowReader r(**q, u"payments"_s);
        Payment p;
        p.id = r.id(0);
        p.centreId = r.id(1);
        p.shiftId = r.id(2);
        p.visitId = r.id(3);
        p.staffId = r.id(4);
        p.deskId = r.id(5);
        p.receiptNumber = int(r.integer(6));
        p.at = r.timestamp(7);
        p.accountNumber = r.text(8);
        p.amountKopecks = r.integer(9);
        p.purpose = r.text(10);
        const auto method = paymentMethodFromName(r.text(11));
        p.tenderedKopecks = r.integer(12);
        p.changeKopecks = r.integer(13);
        p.reversalOf = r.id(14);
        p.approvedBy = r.id(15);
        p.reason = r.text(16);
        if (!r.ok())
            return r.error(u"id "_s + rowKey(**q));
        if (!method)
            return makeError(ErrorCode::Internal,
                             u"storage: payment %1 has an unknown method"_s.arg(rowKey(**q)));
        p.method = *method;
        list.append(p);
    }
    if (Status s = endOfRows(**q, context); !s)
        return s.error();
    return list;
}

Result<std::optional<Payment>> Database::loadPayment(Id id)
{
    checkThread();
    auto list = readPayments(u"id = ?"_s, {sql::integer(id)}, u"load payment"_s);
    if (!list)
        return list.error();
    return list->isEmpty() ? std::optional<Payment>() : std::optional<Payment>(list->constFirst());
}

Result<QList<Payment>> Database::loadPaymentsOfShift(Id shiftId)
{
    checkThread();
    return readPayments(u"shift_id = ?"_s, {sql::integer(shiftId)}, u"load payments of a shift"_s);
}

Result<QList<Payment>> Database::loadPaymentsOfVisit(Id visitId)
{
    checkThread();
    return readPayments(u"visit_id = ?"_s, {sql::integer(visitId)}, u"load payments of a visit"_s);
}

Result<std::optional<Payment>> Database::loadReversalOf(Id paymentId)
{
    checkThread();
    auto list =
        readPayments(u"reversal_of = ?"_s, {sql::integer(paymentId)}, u"load reversal of a payment"_s);
    if (!list)
        return list.error();
    return list->isEmpty() ? std::optional<Payment>() : std::optional<Payment>(list->constFirst());
}

Result<QHash<Id, int>> Database::maxShiftNumbers()
{
    checkThread();
    const QString context = u"read highest shift numbers"_s;
    Result<QSqlQuery *> q =
        select(u"SELECT centre_id, MAX(number) FROM cash_shifts GROUP BY centre_id"_s, {}, context);
    if (!q)
        return q.error();
    auto finish = qScopeGuard([&] { (*q)->finish(); });
    QHash<Id, int> out;
    while ((*q)->next()) {
        RowReader r(**q, u"cash_shifts"_s);
        const Id centre = r.id(0);
        const int number = int(r.integer(1));
        if (!r.ok())
            return r.error(rowKey(**q));
        out.insert(centre, number);
    }
    if (Status s = endOfRows(**q, context); !s)
        return s.error();
    finish.dismiss();
    (*q)->finish();
    auto floors = restoreFloors();
    if (!floors)
        return floors.error();
    for (auto it = floors->shiftNumbers.cbegin(); it != floors->shiftNumbers.cend(); ++it)
        out[it.key()] = std::max(out.value(it.key()), it.value());
    return out;
}

} // namespace okno
