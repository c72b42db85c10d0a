#pragma once

#include "WriteBatch.h"

#include <core/Result.h>

#include <QVariantList>

namespace okno {

class StatementCache;

// Internal to okno_storage: turns the changes of a WriteBatch into SQL on one connection, with
// the connection's cached prepared statements. It does not begin or commit anything: Database
// runs it inside its transaction, and the first failure aborts (and so rolls back) the lot.
class BatchWriter
{
public:
    explicit BatchWriter(StatementCache &statements);

    Status write(const WriteBatch &batch);

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

    // Prepares (once) and runs one statement that returns no rows.
    Status run(const QString &sql, const QVariantList &values, const QString &context);

    StatementCache &m_statements;
};

} // namespace okno
