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
            Status status = failed              ? Status(*failed)
                            : batches.isEmpty() ? Status::success()
                                                : conn->apply(batches);
            if (!status && !failed)
                failed = status.error();
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

void Journal::submit(WriteBatch batch, Callback done)
{
    {
        std::lock_guard lock(m_mutex);
        if (m_stop) {
            done(makeError(ErrorCode::Unavailable, QStringLiteral("the server is shutting down")));
            return;
        }
        m_queue.push_back(Pending{std::move(batch), std::move(done), {}});
    }
    m_wake.notify_one();
}

void Journal::read(std::function<void(Database &)> work, Callback done)
{
    {
        std::lock_guard lock(m_mutex);
        if (m_stop) {
            done(makeError(ErrorCode::Unavailable, QStringLiteral("the server is shutting down")));
            return;
        }
        m_queue.push_back(Pending{WriteBatch{}, std::move(done), std::move(work)});
    }
    m_wake.notify_one();
}

void Journal::complete(std::vector<Pending> group, Status status)
{
    ++m_commits;
    m_batches += group.size();
    for (Pending &p : group)
        if (p.done)
            p.done(status);
    if (!status)
        Q_EMIT storageFailed(status.error());
}

} // namespace okno
