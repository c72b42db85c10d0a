#pragma once

#include <core/Event.h>
#include <core/FrontOffice.h>
#include <core/Organisation.h>
#include <core/Visit.h>

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>
#include <variant>

namespace okno {

// The changes one server operation makes, in order. Database::apply() writes one or many batches
// in a single transaction: either all of them are on disk, or none.
//
// Every "put" is an upsert of the whole object: the stored row becomes exactly what is given.
//   putCentre  the centre row and its schedule (7 weekdays, exceptions), norms and priority
//              categories; the stored children are replaced
//   putQueue   the queue row
//   putDesk    configuration, live state and the served queues (replaced, order kept)
//   putStaff   the account; with a password hash the hash is replaced, without one the stored
//              hash is kept (a new account without one has none and cannot log in)
//   putVisit   the visit row and all its stages (stages beyond the visit's last are removed)
// and the append-only records:
//   appendEvent     one event. With seq 0 it is numbered in the commit: the events of all the
//                   batches of one apply() take the next numbers of the database's counter, in
//                   order (Database::apply says the first); a commit holds the counter until it
//                   ends, so on every engine and across nodes the numbers follow the commits'
//                   order. With a seq given it is stored so (a history, a restore's mark, tests),
//                   the counter moves past it, and a seq already in the log fails the whole apply()
//   putIdempotency  the response recorded for an idempotency key; a key already recorded fails
//                   the whole apply() (the server checks idempotencyResponse() first: a
//                   duplicate here means the operation would be applied twice)
//   putSetting      a key/value setting (upsert)
//   forgetIdempotencyBefore  removes the idempotency records made before a time (their keys may
//                   then be used again: clients retry within minutes, records are kept for days)
struct WriteBatch
{
    struct PutCentre
    {
        Centre centre;
    };
    struct PutQueue
    {
        Queue queue;
    };
    struct PutDesk
    {
        Desk desk;
    };
    struct PutStaff
    {
        Staff staff;
        std::optional<QString> passwordHash;
    };
    struct PutVisit
    {
        Visit visit;
    };
    struct AppendEvent
    {
        Event event;
    };
    struct PutIdempotency
    {
        QString key;
        QDateTime createdAt;
        QByteArray response;
    };
    struct ForgetIdempotencyBefore
    {
        QDateTime before;
    };
    struct PutSetting
    {
        QString key;
        QString value;
    };
    struct PutConsultation
    {
        Consultation consultation;
    };
    struct PutShift
    {
        CashShift shift;
    };
    struct AppendPayment
    {
        Payment payment;
    };

    using Change =
        std::variant<PutCentre, PutQueue, PutDesk, PutStaff, PutVisit, AppendEvent, PutIdempotency,
                     PutSetting, PutConsultation, PutShift, AppendPayment, ForgetIdempotencyBefore>;

    QList<Change> changes;

    WriteBatch &putCentre(const Centre &centre);
    WriteBatch &putQueue(const Queue &queue);
    WriteBatch &putDesk(const Desk &desk);
    WriteBatch &putStaff(const Staff &staff, std::optional<QString> newPasswordHash = std::nullopt);
    WriteBatch &putVisit(const Visit &visit);
    WriteBatch &appendEvent(const Event &event);
    // Its events with seq 0, which the commit numbers.
    qsizetype unnumberedEvents() const;
    WriteBatch &putIdempotency(const QString &key, const QDateTime &createdAt, const QByteArray &response);
    WriteBatch &putSetting(const QString &key, const QString &value);
    WriteBatch &forgetIdempotencyBefore(const QDateTime &before);
    // The consultation of one stage, its meter readings replaced.
    WriteBatch &putConsultation(const Consultation &consultation);
    WriteBatch &putShift(const CashShift &shift);
    // Payments are only ever inserted: an id already stored fails the whole apply().
    WriteBatch &appendPayment(const Payment &payment);

    bool isEmpty() const { return changes.isEmpty(); }
    qsizetype size() const { return changes.size(); }
};

} // namespace okno
