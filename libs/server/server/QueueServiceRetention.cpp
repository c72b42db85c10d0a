// Retention (docs/retention.md): visitors' personal data older than the configured period erased
// on the writer, in bounded steps, on schedule and on request (retention.run).
#include "QueueService.h"
#include "QueueServiceCall.h"

#include <app/Events.h>
#include <logging/Logging.h>
#include <protocol/Codec.h>
#include <protocol/Fields.h>

#include <QElapsedTimer>
#include <QMetaObject>
#include <QTimer>

namespace okno {

using namespace Qt::StringLiterals;
using protocol::Fields;

struct QueueService::RetentionRun
{
    bool dryRun = false;
    Id actorId = 0;
    QString trigger;
    QDateTime now;
    QDateTime cutoff;
    retention::Counts pending; // what the count before the run found
    retention::Counts total;   // what the steps erased
    int steps = 0;
    bool vacuumed = false;
    qint64 vacuumMs = 0;
    bool walTruncated = false;
    Result<retention::Step> last = retention::Step{};
    QElapsedTimer timer;
    RetentionDone done;
};

void QueueService::opRetentionRun(Call &c)
{
    Fields f(c.body);
    const bool dryRun = f.optionalBool(u"dryRun"_s, false);
    if (!f.status())
        return c.fail(f.status().error());
    runRetention(dryRun, actorOf(c).staffId, u"request"_s,
                 [this, c](const Result<QJsonObject> &summary, const QList<Event> &events) mutable {
                     if (!summary)
                         return c.fail(summary.error());
                     if (events.isEmpty()) // a dry run: nothing stored, nothing to publish
                         return c.reply(*summary);
                     commit(c, WriteBatch{}, *summary, events);
                 });
}

void QueueService::retentionSchedule()
{
    // Sharing the centres: the company lease holder's, for every centre.
    if (!m_options.retention.scheduled || m_retentionRunning || !housekeeper())
        return;
    const QDateTime local = m_clock->now().toLocalTime();
    if (local.time() < m_options.retention.at || m_retentionLastDay == local.date())
        return;
    m_retentionLastDay = local.date();
    runRetention(false, 0, u"schedule"_s,
                 [this](const Result<QJsonObject> &summary, const QList<Event> &events) {
                     if (!summary)
                         return; // logged by finishRetention; tomorrow's run carries on
                     app::Change change;
                     change.events = events;
                     if (!events.isEmpty())
                         commitUnasked(std::move(change));
                 });
}

void QueueService::runRetention(bool dryRun, Id actorId, const QString &trigger, RetentionDone done)
{
    if (m_retentionRunning) {
        // One run at a time: this one starts when the one under way has finished (it then finds
        // only what is left, or nothing).
        m_retentionWaiting.push_back([this, dryRun, actorId, trigger, done = std::move(done)]() mutable {
            runRetention(dryRun, actorId, trigger, std::move(done));
        });
        return;
    }
    m_retentionRunning = true;
    auto run = std::make_shared<RetentionRun>();
    run->dryRun = dryRun;
    run->actorId = actorId;
    run->trigger = trigger;
    run->now = m_clock->now();
    run->cutoff = run->now.addDays(-m_options.retention.days);
    run->done = std::move(done);
    run->timer.start();
    // Counting what is due, and building the digests of past days, read much and write little:
    // a report thread with its own connection does it, so the writer never waits for it. The
    // digests come first so that the dashboard's figures of the period are settled before any
    // account goes (with the kept repeat facts, a digest built later gives the same figures).
    auto all = everyCentre(); // sharing the centres: other nodes' too
    if (!all)
        return finishRetention(run, all.error());
    const QList<Centre> centres = *all;
    const DatabaseConfig config = workerDatabase();
    m_journal->submit(WriteBatch{}, [this, run, centres, config](const Status &barrier) {
        if (!barrier)
            return finishRetention(run, barrier);
        m_reportWork.start([this, run, centres, config] {
            Status status;
            auto db = Database::open(config);
            if (!db) {
                status = db.error();
            } else if (auto pending = (*db)->retentionPending(run->cutoff); !pending) {
                status = pending.error();
            } else {
                run->pending = *pending;
                const bool due = !(*pending == retention::Counts{});
                if (due && !run->dryRun)
                    if (auto built = (*db)->buildDigests(centres, run->now, &m_stopping); !built)
                        status = built.error();
            }
            QMetaObject::invokeMethod(
                this,
                [this, run, status] {
                    if (!status || run->dryRun || run->pending == retention::Counts{})
                        return finishRetention(run, status);
                    retentionStep(run);
                },
                Qt::QueuedConnection);
        });
    });
}

void QueueService::retentionStep(const std::shared_ptr<RetentionRun> &run)
{
    const int batch = m_options.retention.batch;
    const bool vacuum = m_options.retention.vacuum;
    // One step per read: it waits behind the batches submitted before it, and the batches that
    // come meanwhile are committed before the next step, so an acknowledgement waits for one step
    // at most.
    m_journal->read(
        [run, batch, vacuum](Database &db) {
            run->last = db.anonymiseStep(run->cutoff, batch);
            if (run->last && run->last->done) {
                // The last step: the whole file written afresh, then the WAL emptied. VACUUM
                // holds the writer for as long as it takes (docs/retention.md has the figures).
                if (vacuum) {
                    QElapsedTimer t;
                    t.start();
                    if (Status s = db.vacuum(); !s) {
                        run->last = s.error();
                        return;
                    }
                    run->vacuumed = true;
                    run->vacuumMs = t.elapsed();
                }
                const auto truncated = db.truncateWal();
                run->walTruncated = truncated && *truncated;
            }
        },
        [this, run](const Status &s) {
            if (!s)
                return finishRetention(run, s);
            if (!run->last)
                return finishRetention(run, run->last.error());
            run->total += run->last->counts;
            ++run->steps;
            if (!run->last->done && !m_stopping)
                return retentionStep(run);
            finishRetention(run, {});
        });
}

void QueueService::finishRetention(const std::shared_ptr<RetentionRun> &run, const Status &status)
{
    m_retentionRunning = false;
    if (!m_retentionWaiting.empty()) {
        auto next = std::move(m_retentionWaiting.front());
        m_retentionWaiting.pop_front();
        QTimer::singleShot(0, this, std::move(next)); // after this run's own answer and event
    }
    if (!status) {
        logging::warn(u"retention: the run stopped: "_s % status.error().message);
        return run->done(status.error(), {});
    }
    const retention::Counts counts = run->dryRun ? run->pending : run->total;
    QJsonObject summary =
        app::events::retentionSummary(counts, run->cutoff, m_options.retention.days, run->trigger);
    summary.insert(u"dryRun"_s, run->dryRun);
    if (run->dryRun)
        return run->done(summary, {});
    // The ring of recent events serves resync from memory: what the log no longer holds, it
    // must not hand out either.
    for (Event &e : m_ring)
        if (e.at < run->cutoff)
            e = app::events::anonymised(std::move(e));
    summary.insert(u"walTruncated"_s, run->walTruncated || run->steps == 0);
    summary.insert(u"vacuumed"_s, run->vacuumed);
    logging::info(
        u"retention (%1): erased before %2 — %3 visits, %4 stage notes, %5 consultations, %6 meter "
        u"readings, %7 payments, %8 events in %9 steps, %10 ms (VACUUM %12 ms)%11"_s.arg(run->trigger)
            .arg(run->cutoff.toUTC().toString(Qt::ISODate))
            .arg(counts.visits)
            .arg(counts.stageNotes)
            .arg(counts.consultations)
            .arg(counts.meterReadings)
            .arg(counts.payments)
            .arg(counts.events)
            .arg(run->steps)
            .arg(run->timer.elapsed())
            .arg(run->walTruncated || run->steps == 0 ? QString() : u"; the WAL was in use, not emptied"_s)
            .arg(run->vacuumMs));
    // A scheduled run that found nothing records nothing; every request and every run that
    // erased something is recorded (counts only).
    if (run->trigger == u"schedule"_s && run->steps == 0)
        return run->done(summary, {});
    run->done(summary, {app::events::retentionRan(summary, run->actorId, m_clock->now())});
}

} // namespace okno
