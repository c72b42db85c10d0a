#pragma once

#include <core/Result.h>

#include <QSqlDatabase>

namespace okno {

// A database transaction that rolls back unless committed (cf. Mumble's TransactionHolder).
//
//     Transaction tx(db);
//     if (Status s = tx.begin(); !s) return s;
//     … statements …
//     return tx.commit();   // leaving the scope without commit() rolls back
//
// Uses QSqlDatabase::transaction()/commit()/rollback(), so it is portable across drivers.
class Transaction
{
public:
    explicit Transaction(QSqlDatabase db);
    ~Transaction();
    Q_DISABLE_COPY_MOVE(Transaction)

    Status begin();
    // A transaction whose reads all see the database as of one moment, whatever commits
    // meanwhile: SQLite's transactions are that already (one read snapshot each); PostgreSQL's
    // default (READ COMMITTED) takes a snapshot per statement, so there it is REPEATABLE READ.
    Status beginSnapshot();
    // Takes charge of a transaction begun by a statement of the caller's own (e.g. SQLite's
    // BEGIN IMMEDIATE): commit() and rollback() then end it as if begin() had.
    void adopt() { m_active = true; }
    // The caller's own statement has ended it (e.g. a COMMIT sent in a PostgreSQL pipeline):
    // nothing is left to roll back.
    void release() { m_active = false; }
    // Commits. If the commit fails (a deferred constraint, a full disk, a busy database) the
    // transaction is rolled back and the error returned: nothing of it is left behind.
    Status commit();
    // Rolls back now; harmless if not active (or if the database already rolled back by itself).
    void rollback();
    bool isActive() const { return m_active; }

private:
    QSqlDatabase m_db;
    bool m_active = false;
};

} // namespace okno
