#pragma once

#include <core/Result.h>

#include <QByteArray>
#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <QVariantList>

#include <unordered_map>
#include <vector>

typedef struct pg_conn PGconn;

namespace okno {

// Internal to okno_storage, PostgreSQL only: the writer's statements sent in libpq's pipeline
// mode on the connection Qt's QPSQL driver holds, so that a group commit costs the database one
// round trip between the reads whose rows it needs — not one round trip per statement, which is
// what bounded a node's throughput (docs/performance.md). Statements are prepared once per
// connection (named, like StatementCache's) and their values sent as text parameters, typed by
// the server from the columns they go to; a NULL QVariant is SQL NULL.
//
// Used only by Database::apply() for its transaction, BEGIN and COMMIT sent on it too, with every
// query of Qt's finished: libpq refuses pipeline mode on a busy connection, and Qt's own calls
// are synchronous ones, which pipeline mode refuses. So every flush() leaves pipeline mode.
// A failed statement aborts the rest of the pipeline and, like any failed statement, the
// transaction: flush() reports the first failure, with its statement's context. A COMMIT that
// answers ROLLBACK is a failure too.
class PgPipeline
{
public:
    PgPipeline() = default;
    Q_DISABLE_COPY_MOVE(PgPipeline)

    // The connection to use from now on (its PGconn, if it is QPSQL's and open). Prepared names
    // belong to a connection: a different one (reopened) forgets them.
    bool attach(const QSqlDatabase &db);

    // Queues a statement whose rows, if any, nobody wants; its failure is reported by a later
    // flush() (or rows()). Flushes by itself every kMaxQueued statements, so that neither side's
    // socket fills up with results not yet read.
    Status send(const QString &sql, const QVariantList &values, const QString &context);
    // Queues a query whose rows are appended to `*into` by the flush that reads them (the next
    // one, whoever calls it): a read that shares a round trip with what comes after it. `into`
    // must outlive that flush; on a failed flush it may hold part of them.
    Status sendInto(const QString &sql, const QVariantList &values, const QString &context,
                    QList<QVariantList> *into);
    // Queues a query, flushes, and returns its rows: each value a QString of PostgreSQL's text
    // form, NULL as a null QVariant.
    Result<QList<QVariantList>> rows(const QString &sql, const QVariantList &values, const QString &context);
    // Sends what is queued and reads every result; the first failure, if any.
    Status flush();
    // Nothing sent is waiting for its result (after flush(), or when nothing was sent).
    bool isIdle() const { return m_queued.empty(); }
    // Before Qt's ROLLBACK after a failure: reads (and drops) whatever is still in flight and
    // leaves pipeline mode. Nothing to do when idle.
    void abandon();
    // A transaction is open on the connection (begun, in progress or failed): not after a COMMIT
    // or ROLLBACK, whatever either answered.
    bool inTransaction() const;
    // Forgets the connection and its prepared names (it is closing, or failed).
    void clear();

    static constexpr int kMaxQueued = 256;

private:
    struct Queued
    {
        enum Kind
        {
            Prepare,
            Execute
        } kind;
        QString sql;     // Prepare: whose name becomes ready when this succeeds
        QString context; // Execute: what a failure is reported as
        bool wanted = false;
        QList<QVariantList> *into = nullptr; // Execute: where its rows go (sendInto)
    };
    Result<QByteArray> nameFor(const QString &sql);
    Status enter();
    Error failure(const QString &what, const QString &context, const char *sqlState) const;

    PGconn *m_conn = nullptr;
    bool m_inPipeline = false;
    bool m_broken = false; // a sync point could not be sent: nothing more is tried on it
    std::vector<Queued> m_queued;
    std::unordered_map<QString, QByteArray> m_prepared; // sql → name, prepared on this connection
    std::unordered_map<QString, QByteArray> m_pending;  // sql → name, prepare sent, result not read
    QList<QVariantList> m_wantedRows;                   // the last flush's rows of the wanted query
    int m_nextName = 0;
};

} // namespace okno
