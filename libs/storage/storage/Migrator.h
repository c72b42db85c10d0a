#pragma once

#include "Migration.h"

#include <core/Result.h>

#include <QSqlDatabase>

namespace okno {

// Brings a database's schema up to date. The applied versions are rows of the `schema_version`
// table (version, applied_at ms UTC, description): portable, and a record of when each step ran.
// The database's version is the highest row; an empty table (or a new database) is version 0.
class Migrator
{
public:
    Migrator(QSqlDatabase db, QList<Migration> migrations);

    // The version recorded in the database (creates the bookkeeping table if missing).
    Result<int> currentVersion();
    // Applies every missing step in order, each in its own transaction, and returns the version
    // reached. Refuses (ErrorCode::Unavailable) a database newer than the known steps: this build
    // would not understand its data. A failing step is rolled back, the database stays at the
    // previous version and the error says which step failed and why.
    Result<int> migrate();

    int latestVersion() const;

private:
    Status checkSteps() const;
    Status apply(const Migration &step);

    QSqlDatabase m_db;
    QList<Migration> m_steps;
};

} // namespace okno
