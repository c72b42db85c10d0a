#include "Journal.h"

#include <QMetaObject>

#include <future>
#include <optional>

namespace okno {

Journal::Journal(DatabaseConfig config, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
{}

Journal::~Journal()
{
    stop();
}

Status Journal::start()
{
    std::promise<Status> opened;
    auto result = opened.get_future();
    m_thread = std::thread([this, &opened] {
        auto db = Database::open(m_config);
        if (!db) {
            opened.set_value(db.error());
            return;
        }
        std::unique_ptr<Database> conn = std::move(db).value();
        opened.set_value(Status::success());
        // After a failed commit memory is ahead of the disk: nothing built on it may be stored,
        // so every later batch is refused unapplied (the server stops on storageFailed).
        std::optional<Error> failed;
        for (;;) {
            std::vector<Pending> group;
            {
                std::unique_lock lock(m_mutex);
                m_wake.wait(lock, [this] { return m_stop || !m_queue.empty(); });
                if (m_queue.empty())
                    break; // stopping and drained
                group.assign(std::make_move_iterator(m_queue.begin()),
                             std::make_move_iterator(m_queue.end()));
                m_queue.clear();
            }
            QList<WriteBatch> batches;
            batches.reserve(qsizetype(group.size()));
            for (const Pending &p : group)
                if (!p.batch.isEmpty())
                    batches.append(p.batch);
            qint64 firstSeq = 0;
            Status status = failed              ? Status(*failed)
                            : batches.isEmpty() ? Status::success()
                                                : conn->apply(batches, &firstSeq);
            if (!status && !failed)
                failed = status.error();
            // The commit numbered the group's events in the order of its batches.
            for (Pending &p : group) {
                const qsizetype n = status ? p.batch.unnumberedEvents() : 0;
                p.firstSeq = n > 0 ? firstSeq : 0;
                firstSeq += n;
                if (n > 0)
                    m_lastNumbered = firstSeq - 1;
            }
            // Reads after the group's writes: each sees every change submitted before it.
            if (status)
                for (Pending &p : group)
                    if (p.read)
                        p.read(*conn);
            QMetaObject::invokeMethod(
                this, [this, g = std::move(group), status]() mutable { complete(std::move(g), status); },
                Qt::QueuedConnection);
        }
    });
    Status s = result.get();
    if (!s)
        m_thread.join();
    return s;
}

void Journal::stop()
{
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_all();
    if (m_thread.joinable())
        m_thread.join();
}

namespace {

Journal::NumberedCallback unnumbered(Journal::Callback done)
{
    if (!done)
        return {};
    return [done = std::move(done)](const Status &s, qint64) { done(s); };
}

} // namespace

void Journal::submit(WriteBatch batch, Callback done)
{
    enqueue(Pending{std::move(batch), unnumbered(std::move(done)), {}});
}

void Journal::submitNumbered(WriteBatch batch, NumberedCallback done)
{
    enqueue(Pending{std::move(batch), std::move(done), {}});
}

void Journal::read(std::function<void(Database &)> work, Callback done)
{
    enqueue(Pending{WriteBatch{}, unnumbered(std::move(done)), std::move(work)});
}

void Journal::enqueue(Pending pending)
{
    bool queued = false;
    {
        std::lock_guard lock(m_mutex);
        if (!m_stop) {
            m_queue.push_back(std::move(pending));
            queued = true;
        }
    }
    if (queued)
        m_wake.notify_one();
    else if (pending.done)
        pending.done(makeError(ErrorCode::Unavailable, QStringLiteral("the server is shutting down")), 0);
}

void Journal::complete(std::vector<Pending> group, Status status)
{
    ++m_commits;
    m_batches += group.size();
    for (Pending &p : group)
        if (p.done)
            p.done(status, p.firstSeq);
    if (!status)
        Q_EMIT storageFailed(status.error());
}

} // namespace okno
