#include "Transaction.h"

#include "SqlValues.h"

#include <QSqlQuery>

namespace okno {

using namespace Qt::StringLiterals;

Transaction::Transaction(QSqlDatabase db)
    : m_db(std::move(db))
{}

Transaction::~Transaction()
{
    rollback();
}

Status Transaction::begin()
{
    if (m_active)
        return makeError(ErrorCode::Internal, u"storage: a transaction is already active"_s);
    if (!m_db.transaction())
        return sql::error(m_db.lastError(), u"begin transaction"_s);
    m_active = true;
    return {};
}

Status Transaction::beginSnapshot()
{
    if (Status s = begin(); !s)
        return s;
    if (m_db.driverName() == u"QPSQL"_s) {
        QSqlQuery q(m_db);
        if (Status s = sql::execDirect(q, u"SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"_s,
                                       u"begin a snapshot"_s);
            !s) {
            rollback();
            return s;
        }
    }
    return {};
}

Status Transaction::commit()
{
    if (!m_active)
        return makeError(ErrorCode::Internal, u"storage: commit without an active transaction"_s);
    if (!m_db.commit()) {
        Error e = sql::error(m_db.lastError(), u"commit"_s);
        if (m_db.driverName() == u"QPSQL"_s)
            m_active = false; // PostgreSQL's COMMIT ends the transaction whatever it answers
        else
            rollback(); // SQLite's may leave it open (busy)
        return e;
    }
    m_active = false;
    return {};
}

void Transaction::rollback()
{
    if (!m_active)
        return;
    m_active = false;
    // A failure here means the database already rolled back (SQLite does so by itself on some
    // I/O errors); there is nothing left to undo and nothing better to report than the cause.
    m_db.rollback();
}

} // namespace okno
