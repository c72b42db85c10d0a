#pragma once

#include <core/Result.h>
#include <storage/DatabaseConfig.h>

#include <QDate>
#include <QString>
#include <QStringList>

#include <functional>

namespace okno {

// Fills a database with a realistic history, through the real domain rules and the real storage
// layer, for demos, tests and benchmarks: several centres, working days with morning and
// after-lunch peaks, priority visitors, visits that go reception → consultant → cashier,
// no-shows, visitors who give up, and the front office of every day — consultation tickets, cash
// shifts, payments and a few reversals — with the repeat visits they cause.
//
// Each centre's day is simulated as a discrete-event model on a QueueEngine driven by a manual
// clock (history/DaySimulation.h): visitors arrive (a Poisson process whose rate follows the hour
// of day), desks call the next ticket when free, visitors walk up or fail to come, services take
// a random time around the centre's norm. So the history obeys every rule the live server obeys
// (opening hours, lunch, cut-off, priority without starvation), no stage has a timestamp outside
// the open hours or in the lunch break, and its statistics are what a real day would give. The
// front office (history/FrontOfficeHistory.h) is recorded the way the server's consultation.save,
// shift.open/close and payment.record/reverse store it, checked by the same core rules. A
// consultation with the outcome follow_up brings the same account back on (or soon after) the
// date given; a few visitors come back anyway: so contacts per visit (8.3.1) and repeat visits
// (8.3.2) are realistic, not zero.
//
// Centres. Every active centre already in the database is filled first, with its own queues,
// desks and staff, and no more visitors than its desks can serve (at most 95 % busy, said in the
// summary's notes): each desk gets an active person of its centre whose role fits the desk's
// first queue (in id order), and reversals are approved by the centre's manager (or a
// company-wide one). Where a desk has nobody of the right role, or the centre has no manager, the
// generator adds a history-only account — login gen<centre>-<desk> (gen<centre>-manager) —
// and reuses it on later runs. GEN-n centres are created only for the rest of `centres`, each with
// queues for reception, consultants and cashiers and desks for the load asked (at least one
// reception, three consultant and two cash desks). A centre without an active desk serving an active
// queue is skipped (and named in the summary).
//
// History-only accounts are active but have NO password hash, which the server treats as
// "cannot log in" (no password can match); a system administrator may set one with
// `staff passwd` if such an account is ever to be used.
//
// Writing. Whole days are written together in large transactions (Database::apply): by default
// as many days as fit in about 200,000 rows, or `daysPerTransaction` days. The database is opened
// for a bulk load (DatabaseConfig::bulkLoad: a rollback journal instead of WAL, so the rows are
// written once; the server switches the file back to WAL when it opens it). Each commit is
// durable: a failure, a locked database or a crash — even a power cut — leaves a consistent file
// holding the whole days committed before it and nothing of the rest; run it again with a later
// --from to go on. The simulation runs on a thread of its own, at most about a transaction ahead
// of the writer (the calling thread, the only one that touches the database). Idempotency records
// of the money operations are not written: they only guard retries of a live request. The same
// seed on the same database gives the same content.
struct HistoryOptions
{
    DatabaseConfig database;
    int centres = 3;        // centres to fill in all: the existing active ones first, then GEN-n
    QDate from;             // first day (working days only are simulated)
    QDate to;               // last day, inclusive
    int visitsPerDay = 120; // mean arrivals per centre per working day
    quint32 seed = 20261123;
    bool events = true;                            // append the events the live server would
    int daysPerTransaction = 0;                    // 0: as many as fit in ~200,000 rows
    std::function<void(const QString &)> progress; // one line per day, optional
};

struct HistorySummary
{
    int centres = 0;         // filled
    int existingCentres = 0; // of those, already in the database
    int days = 0;            // working days simulated (a day worked by any centre counts once)
    qint64 visits = 0;
    qint64 stages = 0;
    qint64 events = 0;
    qint64 consultations = 0;
    qint64 shifts = 0;
    qint64 payments = 0; // without reversals
    qint64 reversals = 0;
    int staffCreated = 0;       // history-only accounts added
    QStringList skippedCentres; // active centres that could not be filled, and why
    QStringList notes;          // centres given fewer visitors than asked, as their desks can serve
};

// Checks the options alone (no database); the message names the option.
Status validate(const HistoryOptions &options);

// The database must not be in use by a running server: it is refused (ErrorCode::Unavailable)
// when another process has it open.
Result<HistorySummary> generateHistory(const HistoryOptions &options);

} // namespace okno
