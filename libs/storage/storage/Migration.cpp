#include "Migration.h"

namespace okno {

using namespace Qt::StringLiterals;

namespace {

// Version 1: configuration (centres and their schedule, norms and priority categories; queues,
// desks, staff), visits and their stages, the append-only event log, idempotency records for
// operations that move money, and key/value settings. Conventions: see SqlValues.h.
Migration version1()
{
    Migration m;
    m.version = 1;
    m.description = u"initial schema"_s;
    m.statements = {
        uR"(CREATE TABLE centres (
              id BIGINT NOT NULL PRIMARY KEY,
              code TEXT NOT NULL UNIQUE,
              name TEXT NOT NULL,
              address TEXT NOT NULL,
              phone TEXT NOT NULL,
              time_zone TEXT NOT NULL,
              cutoff_minutes INTEGER NOT NULL,
              lunch_counts INTEGER NOT NULL,
              policy_max_priority_in_row INTEGER NOT NULL,
              policy_max_regular_wait_minutes INTEGER NOT NULL,
              active INTEGER NOT NULL))"_s,
        // One row per weekday (1 = Monday … 7 = Sunday); times in minutes since local midnight.
        uR"(CREATE TABLE centre_week_hours (
              centre_id BIGINT NOT NULL
                REFERENCES centres (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
              day_of_week INTEGER NOT NULL CHECK (day_of_week BETWEEN 1 AND 7),
              is_open INTEGER NOT NULL,
              opens INTEGER,
              closes INTEGER,
              lunch_start INTEGER,
              lunch_end INTEGER,
              PRIMARY KEY (centre_id, day_of_week)))"_s,
        uR"(CREATE TABLE centre_exceptions (
              centre_id BIGINT NOT NULL
                REFERENCES centres (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
              exception_date TEXT NOT NULL,
              is_open INTEGER NOT NULL,
              opens INTEGER,
              closes INTEGER,
              lunch_start INTEGER,
              lunch_end INTEGER,
              note TEXT NOT NULL,
              PRIMARY KEY (centre_id, exception_date)))"_s,
        uR"(CREATE TABLE norms (
              centre_id BIGINT NOT NULL
                REFERENCES centres (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
              stage_role TEXT NOT NULL,
              wait_minutes INTEGER NOT NULL,
              service_minutes INTEGER NOT NULL,
              PRIMARY KEY (centre_id, stage_role)))"_s,
        uR"(CREATE TABLE priority_categories (
              centre_id BIGINT NOT NULL
                REFERENCES centres (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
              code TEXT NOT NULL,
              title TEXT NOT NULL,
              position INTEGER NOT NULL,
              PRIMARY KEY (centre_id, code)))"_s,
        uR"(CREATE TABLE queues (
              id BIGINT NOT NULL PRIMARY KEY,
              centre_id BIGINT NOT NULL REFERENCES centres (id) DEFERRABLE INITIALLY DEFERRED,
              code TEXT NOT NULL,
              name TEXT NOT NULL,
              prefix TEXT NOT NULL,
              role TEXT NOT NULL,
              active INTEGER NOT NULL,
              UNIQUE (centre_id, code),
              UNIQUE (centre_id, prefix)))"_s,
        uR"(CREATE TABLE staff (
              id BIGINT NOT NULL PRIMARY KEY,
              centre_id BIGINT REFERENCES centres (id) DEFERRABLE INITIALLY DEFERRED,
              login TEXT NOT NULL UNIQUE,
              full_name TEXT NOT NULL,
              position TEXT NOT NULL,
              role TEXT NOT NULL,
              active INTEGER NOT NULL,
              password_hash TEXT))"_s,
        uR"(CREATE TABLE desks (
              id BIGINT NOT NULL PRIMARY KEY,
              centre_id BIGINT NOT NULL REFERENCES centres (id) DEFERRABLE INITIALLY DEFERRED,
              number INTEGER NOT NULL,
              name TEXT NOT NULL,
              active INTEGER NOT NULL,
              state TEXT NOT NULL,
              staff_id BIGINT REFERENCES staff (id) DEFERRABLE INITIALLY DEFERRED,
              UNIQUE (centre_id, number)))"_s,
        // The queues a desk serves, in the desk's order.
        uR"(CREATE TABLE desk_queues (
              desk_id BIGINT NOT NULL
                REFERENCES desks (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
              queue_id BIGINT NOT NULL REFERENCES queues (id) DEFERRABLE INITIALLY DEFERRED,
              position INTEGER NOT NULL,
              PRIMARY KEY (desk_id, queue_id)))"_s,
        u"CREATE INDEX desk_queues_queue ON desk_queues (queue_id)"_s,
        // created_by has no foreign key: a visit may be created by the server itself (NULL) or by
        // a device account, and the visit must survive whatever happens to that account.
        uR"(CREATE TABLE visits (
              id BIGINT NOT NULL PRIMARY KEY,
              centre_id BIGINT NOT NULL REFERENCES centres (id) DEFERRABLE INITIALLY DEFERRED,
              created_at BIGINT,
              purpose TEXT NOT NULL,
              priority TEXT NOT NULL,
              customer_name TEXT NOT NULL,
              account_number TEXT NOT NULL,
              channel TEXT NOT NULL,
              created_by BIGINT,
              version INTEGER NOT NULL))"_s,
        u"CREATE INDEX visits_account ON visits (account_number)"_s,
        u"CREATE INDEX visits_centre_created ON visits (centre_id, created_at)"_s,
        uR"(CREATE TABLE stages (
              visit_id BIGINT NOT NULL
                REFERENCES visits (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
              idx INTEGER NOT NULL,
              queue_id BIGINT NOT NULL REFERENCES queues (id) DEFERRABLE INITIALLY DEFERRED,
              role TEXT NOT NULL,
              ticket TEXT NOT NULL,
              ticket_number INTEGER NOT NULL,
              service_date TEXT,
              state TEXT NOT NULL,
              queued_at BIGINT,
              called_at BIGINT,
              started_at BIGINT,
              finished_at BIGINT,
              call_count INTEGER NOT NULL,
              desk_id BIGINT REFERENCES desks (id) DEFERRABLE INITIALLY DEFERRED,
              staff_id BIGINT REFERENCES staff (id) DEFERRABLE INITIALLY DEFERRED,
              note TEXT NOT NULL,
              PRIMARY KEY (visit_id, idx)))"_s,
        u"CREATE INDEX stages_service_date ON stages (service_date)"_s,
        u"CREATE INDEX stages_queue_ticket ON stages (queue_id, service_date, ticket_number)"_s,
        u"CREATE INDEX stages_state ON stages (state)"_s,
        // Append-only: rows are inserted, never deleted by the server, and updated only by retention,
        // which blanks the personal fields of old payloads (DatabaseRetention.cpp). No foreign
        // keys: the log outlives what it talks about.
        uR"(CREATE TABLE events (
              seq BIGINT NOT NULL PRIMARY KEY,
              at BIGINT NOT NULL,
              type TEXT NOT NULL,
              centre_id BIGINT,
              visit_id BIGINT,
              actor_id BIGINT,
              payload TEXT NOT NULL))"_s,
        u"CREATE INDEX events_at ON events (at)"_s,
        uR"(CREATE TABLE idempotency (
              key TEXT NOT NULL PRIMARY KEY,
              created_at BIGINT NOT NULL,
              response TEXT NOT NULL))"_s,
        uR"(CREATE TABLE settings (
              key TEXT NOT NULL PRIMARY KEY,
              value TEXT NOT NULL))"_s,
    };
    return m;
}

// Version 2: the front office. The catalogue of consultation topics per centre (existing centres
// get the default catalogue), consultation tickets with their meter readings, cash shifts and
// payments. Payments are append-only: inserted, never updated; a payment is reversed by another
// row (reversal_of), at most once.
Migration version2()
{
    Migration m;
    m.version = 2;
    m.description = u"front office: topics, consultations, cash shifts, payments"_s;
    m.statements = {
        uR"(CREATE TABLE centre_topics (
              centre_id BIGINT NOT NULL
                REFERENCES centres (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
              code TEXT NOT NULL,
              title TEXT NOT NULL,
              active INTEGER NOT NULL,
              position INTEGER NOT NULL,
              PRIMARY KEY (centre_id, code)))"_s,
        u"INSERT INTO centre_topics (centre_id, code, title, active, position) SELECT id, 'contract', 'Заключение или изменение договора', 1, 0 FROM centres"_s,
        u"INSERT INTO centre_topics (centre_id, code, title, active, position) SELECT id, 'meter_readings', 'Показания приборов учёта', 1, 1 FROM centres"_s,
        u"INSERT INTO centre_topics (centre_id, code, title, active, position) SELECT id, 'bills', 'Счета и перерасчёт', 1, 2 FROM centres"_s,
        u"INSERT INTO centre_topics (centre_id, code, title, active, position) SELECT id, 'payment', 'Оплата', 1, 3 FROM centres"_s,
        u"INSERT INTO centre_topics (centre_id, code, title, active, position) SELECT id, 'supply_quality', 'Качество или перерыв электроснабжения', 1, 4 FROM centres"_s,
        u"INSERT INTO centre_topics (centre_id, code, title, active, position) SELECT id, 'restriction', 'Ограничение режима потребления', 1, 5 FROM centres"_s,
        u"INSERT INTO centre_topics (centre_id, code, title, active, position) SELECT id, 'tariffs', 'Тарифы', 1, 6 FROM centres"_s,
        u"INSERT INTO centre_topics (centre_id, code, title, active, position) SELECT id, 'complaint', 'Жалоба', 1, 7 FROM centres"_s,
        u"INSERT INTO centre_topics (centre_id, code, title, active, position) SELECT id, 'other', 'Другое', 1, 8 FROM centres"_s,
        uR"(CREATE TABLE consultations (
              visit_id BIGINT NOT NULL,
              stage_idx INTEGER NOT NULL,
              centre_id BIGINT NOT NULL REFERENCES centres (id) DEFERRABLE INITIALLY DEFERRED,
              staff_id BIGINT REFERENCES staff (id) DEFERRABLE INITIALLY DEFERRED,
              account_number TEXT NOT NULL,
              consumer_group TEXT NOT NULL,
              topic TEXT NOT NULL,
              notes TEXT NOT NULL,
              outcome TEXT NOT NULL,
              next_visit_date TEXT,
              appeal_number TEXT NOT NULL,
              created_at BIGINT NOT NULL,
              updated_at BIGINT NOT NULL,
              PRIMARY KEY (visit_id, stage_idx),
              FOREIGN KEY (visit_id, stage_idx) REFERENCES stages (visit_id, idx) DEFERRABLE INITIALLY DEFERRED))"_s,
        u"CREATE INDEX consultations_account ON consultations (account_number)"_s,
        u"CREATE INDEX consultations_created ON consultations (created_at)"_s,
        uR"(CREATE TABLE meter_readings (
              visit_id BIGINT NOT NULL,
              stage_idx INTEGER NOT NULL,
              position INTEGER NOT NULL,
              meter_number TEXT NOT NULL,
              day_value BIGINT NOT NULL,
              night_value BIGINT,
              PRIMARY KEY (visit_id, stage_idx, position),
              FOREIGN KEY (visit_id, stage_idx) REFERENCES consultations (visit_id, stage_idx)
                ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED))"_s,
        uR"(CREATE TABLE cash_shifts (
              id BIGINT NOT NULL PRIMARY KEY,
              centre_id BIGINT NOT NULL REFERENCES centres (id) DEFERRABLE INITIALLY DEFERRED,
              desk_id BIGINT NOT NULL REFERENCES desks (id) DEFERRABLE INITIALLY DEFERRED,
              staff_id BIGINT NOT NULL REFERENCES staff (id) DEFERRABLE INITIALLY DEFERRED,
              number INTEGER NOT NULL,
              opened_at BIGINT NOT NULL,
              closed_at BIGINT,
              UNIQUE (centre_id, number)))"_s,
        u"CREATE INDEX cash_shifts_desk ON cash_shifts (desk_id, closed_at)"_s,
        uR"(CREATE TABLE payments (
              id BIGINT NOT NULL PRIMARY KEY,
              centre_id BIGINT NOT NULL REFERENCES centres (id) DEFERRABLE INITIALLY DEFERRED,
              shift_id BIGINT NOT NULL REFERENCES cash_shifts (id) DEFERRABLE INITIALLY DEFERRED,
              visit_id BIGINT REFERENCES visits (id) DEFERRABLE INITIALLY DEFERRED,
              staff_id BIGINT NOT NULL REFERENCES staff (id) DEFERRABLE INITIALLY DEFERRED,
              desk_id BIGINT NOT NULL REFERENCES desks (id) DEFERRABLE INITIALLY DEFERRED,
              receipt_number INTEGER NOT NULL,
              at BIGINT NOT NULL,
              account_number TEXT NOT NULL,
              amount_kopecks BIGINT NOT NULL CHECK (amount_kopecks > 0),
              purpose TEXT NOT NULL,
              method TEXT NOT NULL,
              tendered_kopecks BIGINT NOT NULL,
              change_kopecks BIGINT NOT NULL,
              reversal_of BIGINT UNIQUE REFERENCES payments (id) DEFERRABLE INITIALLY DEFERRED,
              approved_by BIGINT REFERENCES staff (id) DEFERRABLE INITIALLY DEFERRED,
              reason TEXT NOT NULL,
              UNIQUE (shift_id, receipt_number)))"_s,
        u"CREATE INDEX payments_shift ON payments (shift_id)"_s,
        u"CREATE INDEX payments_account ON payments (account_number)"_s,
        u"CREATE INDEX payments_at ON payments (at)"_s,
        u"CREATE INDEX payments_visit ON payments (visit_id)"_s,
    };
    return m;
}

// Version 3: reading the event log by kind — the audit trail of norms (`norms.history`) and of
// other changes of a centre, without scanning years of visit events.
Migration version3()
{
    Migration m;
    m.version = 3;
    m.description = u"event log by type and centre"_s;
    m.statements = {u"CREATE INDEX events_type_centre ON events (type, centre_id, seq)"_s};
    return m;
}

// Version 4: a stage records whether its first call passed over a waiting regular ticket of its
// queue, so the queue policy's run of priority calls is worked out from the day's stages and
// survives a restart. Stages written before are taken as not having passed anyone.
Migration version4()
{
    Migration m;
    m.version = 4;
    m.description = u"stages record a priority call ahead of a waiting regular ticket"_s;
    m.statements = {u"ALTER TABLE stages ADD COLUMN called_ahead INTEGER NOT NULL DEFAULT 0"_s};
    return m;
}

// Version 5: the day's end — how long after closing a centre still serves the visitors who got a
// ticket that day (дообслуживание). Centres stored before get the default, two hours.
Migration version5()
{
    Migration m;
    m.version = 5;
    m.description = u"centres serve the day's visitors after closing"_s;
    m.statements = {u"ALTER TABLE centres ADD COLUMN after_closing_minutes INTEGER NOT NULL DEFAULT 120"_s};
    return m;
}

// Version 6: the reports' read model (core/ReadModel.h) — per centre and local day, a digest of
// the visits created that day (`dashboard`) and one of the stages with that service date
// (`stats`), each with the latest day its instants reach (horizon) and the fingerprint of the
// schedule it was reckoned under. Rows are derived: a change to a visit drops the rows it
// contributed to in the same transaction, and reports build what is missing. The migration
// creates the table empty; okno-server builds the digests of past days in the background at
// start (Database::buildDigests), and a report builds any it needs first. BYTEA: binary in
// PostgreSQL; SQLite keeps the bound bytes as a BLOB.
Migration version6()
{
    Migration m;
    m.version = 6;
    m.description = u"the reports' read model: day digests"_s;
    m.statements = {uR"(CREATE TABLE day_digests (
                          centre_id BIGINT NOT NULL,
                          day TEXT NOT NULL,
                          created_horizon TEXT,
                          created_fingerprint BYTEA NOT NULL,
                          created BYTEA NOT NULL,
                          service_horizon TEXT,
                          service_fingerprint BYTEA NOT NULL,
                          service BYTEA NOT NULL,
                          PRIMARY KEY (centre_id, day)))"_s,
                    u"CREATE INDEX day_digests_day ON day_digests (day, centre_id)"_s,
                    // An account's visits by time: the repeat measure's lookups (each write of a
                    // visit asks for the account's later visits) stay a seek, however many
                    // visits an account has. It serves every lookup by account the old one did.
                    u"CREATE INDEX visits_account_created ON visits (account_number, created_at)"_s,
                    u"DROP INDEX visits_account"_s};
    return m;
}

// Version 7: retention (storage/Retention.h, docs/retention.md). Before a visit's personal data
// is erased, what the repeat-visit measure needs of its account is kept without the account:
// whether it had one and how long before it the same account was last seen (the gaps the read
// model counts), for the erased visits and for the later visits that look back at them. A digest
// rebuilt from the rows afterwards therefore gives the same figures. Visits by creation instant:
// retention walks them in order in bounded steps.
Migration version7()
{
    Migration m;
    m.version = 7;
    m.description = u"retention: repeat-visit facts kept without the account"_s;
    m.statements = {uR"(CREATE TABLE visit_repeat_facts (
                          visit_id BIGINT NOT NULL PRIMARY KEY,
                          had_account INTEGER NOT NULL,
                          same_centre_gap_ms BIGINT NOT NULL,
                          any_centre_gap_ms BIGINT NOT NULL))"_s,
                    u"CREATE INDEX visits_created ON visits (created_at)"_s};
    return m;
}

// Version 8: several okno-server nodes on one PostgreSQL database (docs/scale-out.md). The
// company's live state has one serving node at a time: the holder of this row's lease, whose
// token every write transaction checks (a fence: a node that lost the lease cannot commit). SQLite
// has the table too, unused: one process owns an SQLite file.
Migration version8()
{
    Migration m;
    m.version = 8;
    m.description = u"the serving node's lease (scale-out)"_s;
    m.statements = {uR"(CREATE TABLE server_lease (
                          scope TEXT NOT NULL PRIMARY KEY,
                          holder TEXT NOT NULL,
                          address TEXT NOT NULL,
                          token BIGINT NOT NULL,
                          taken_at BIGINT NOT NULL))"_s};
    return m;
}

// Version 9: ids come from the database (Database::reserveIds). A node takes them in blocks from
// one row per kind, so that several nodes on one PostgreSQL database — or one node after a restart
// — never hand out the same visit, payment, shift, centre, queue, desk or staff id. The rows are
// created by the first reservation, at the highest id in use + 1.
Migration version9()
{
    Migration m;
    m.version = 9;
    m.description = u"ids handed out in blocks (scale-out)"_s;
    m.statements = {uR"(CREATE TABLE id_blocks (
                          kind TEXT NOT NULL PRIMARY KEY,
                          next_id BIGINT NOT NULL))"_s};
    return m;
}

} // namespace

const QList<Migration> &builtinMigrations()
{
    static const QList<Migration> migrations{version1(), version2(), version3(), version4(), version5(),
                                             version6(), version7(), version8(), version9()};
    return migrations;
}

int latestSchemaVersion()
{
    return builtinMigrations().isEmpty() ? 0 : builtinMigrations().constLast().version;
}

} // namespace okno
