#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace okno {

// One step of the schema's history: the statements that take a database from version − 1 to
// `version`. A step runs in its own transaction together with the row that records it in
// `schema_version`, so it is applied entirely or not at all.
//
// Rules for adding a step: never edit a released step, only append a new one with the next
// version; write portable SQL (SQLite and PostgreSQL): standard types (BIGINT, INTEGER, TEXT),
// no AUTOINCREMENT/SERIAL (the server assigns ids), no INSERT OR REPLACE (use
// INSERT … ON CONFLICT … DO UPDATE), foreign keys DEFERRABLE INITIALLY DEFERRED so that the order
// of writes inside one transaction does not matter.
struct Migration
{
    int version = 0;
    QString description;
    QStringList statements;
};

// The schema of this build, oldest step first.
const QList<Migration> &builtinMigrations();
// The version the builtin migrations lead to.
int latestSchemaVersion();

} // namespace okno
