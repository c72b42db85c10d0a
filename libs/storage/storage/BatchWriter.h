#pragma once

#include "WriteBatch.h"

#include <core/Result.h>

#include <QHash>
#include <QTimeZone>
#include <QVariantList>

#include <optional>

namespace okno {

class PgPipeline;
class StatementCache;

// Internal to okno_storage: turns the changes of a WriteBatch into SQL on one connection, with
// the connection's cached prepared statements. It does not begin or commit anything: Database
// runs it inside its transaction, and the first failure aborts (and so rolls back) the lot.
// On PostgreSQL the statements go through the connection's pipeline (PgPipeline): a failure may
// then be reported by a later call, at the latest by finish(), which must succeed before COMMIT.
class BatchWriter
{
public:
    // `keepReadModel`: each visit written drops the day digests it may change (false only for a
    // bulk loader that drops and rebuilds them itself).
    // `zones`: the centres' time zones, kept by the caller from one transaction to the next (a
    // centre written drops its own; the caller clears them when a transaction fails).
    BatchWriter(StatementCache &statements, QHash<Id, QTimeZone> &zones, bool keepReadModel = true);

    // Before the batches of one transaction are written: on PostgreSQL, reads in one query what the
    // visits among them need from their stored rows (the account a visit had).
    Status prepare(const QList<WriteBatch> &batches);
    // Before the batches are written, first in the transaction: moves the database's event
    // counter (a row of id_blocks) past their events — past those given a seq, and by one for
    // each with seq 0, which write() then numbers in order. The row stays locked until the
    // transaction ends, so commits take their numbers in the order they commit. On PostgreSQL the
    // step is queued and its answer read by the next flush (the fence's read shares its round trip).
    Status numberEvents(const QList<WriteBatch> &batches);
    // The number the first event with seq 0 took (0: none), once write() has run.
    qint64 firstSeq() const { return m_firstSeq; }
    // After the batches are written: on PostgreSQL, a commit that numbered events tells the
    // listeners of kEventsChannel which numbers ("first,last"; NOTIFY is delivered on commit, in
    // the order of commits). Nothing on SQLite: one writer, no one else to tell.
    Status announceEvents();
    Status write(const WriteBatch &batch);
    // Every statement sent has succeeded (PostgreSQL: the pipeline is flushed).
    Status finish();

private:
    Status write(const WriteBatch::PutCentre &change);
    Status write(const WriteBatch::PutQueue &change);
    Status write(const WriteBatch::PutDesk &change);
    Status write(const WriteBatch::PutStaff &change);
    Status write(const WriteBatch::PutVisit &change);
    Status write(const WriteBatch::AppendEvent &change);
    Status write(const WriteBatch::PutIdempotency &change);
    Status write(const WriteBatch::ForgetIdempotencyBefore &change);
    Status write(const WriteBatch::PutSetting &change);
    Status write(const WriteBatch::PutConsultation &change);
    Status write(const WriteBatch::PutShift &change);
    Status write(const WriteBatch::AppendPayment &change);

    // The counter's answer: the numbers write() gives to the events with seq 0.
    Status takeSeqs();

    // Prepares (once) and runs one statement that returns no rows.
    Status run(const QString &sql, const QVariantList &values, const QString &context);
    // Prepares (once) and runs one query; the rows' values, each row a list.
    Result<QList<QVariantList>> rows(const QString &sql, const QVariantList &values, const QString &context);

    // The read model: drops the day digests a visit's new state may change (its day, its stages'
    // service dates, and for the repeat measure the days of the same account's later visits, for
    // its account now and the one stored before).
    Status forgetDigestsOf(const Visit &visit, const std::optional<QString> &storedAccount);
    Result<QTimeZone> zoneOf(Id centreId);
    static QStringList accountsToLookAfter(const Visit &visit, const std::optional<QString> &storedAccount);

    StatementCache &m_statements;
    PgPipeline *m_pipeline = nullptr; // PostgreSQL
    QHash<Id, QTimeZone> &m_zones;    // centres' time zones as this transaction sees them
    bool m_keepReadModel = true;
    // prepare()'s read: the account stored for each visit of the transaction (absent: no row yet),
    // kept up to date as the visits are written.
    bool m_accountsRead = false;
    QHash<Id, QString> m_storedAccounts;
    // prepare()'s other read: the visits after the earliest visit written (within the repeat
    // horizon of the latest) of each account forgetDigestsOf looks after: centre and created_at.
    bool m_laterRead = false;
    QHash<QString, QList<std::pair<Id, qint64>>> m_laterVisits;
    // numberEvents(): the events with seq 0, the counter's answer, and the next number to give.
    qint64 m_unnumbered = 0;
    QList<QVariantList> m_seqRows;
    qint64 m_nextSeq = 0;
    qint64 m_firstSeq = 0;
};

} // namespace okno
