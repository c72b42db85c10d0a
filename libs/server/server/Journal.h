#pragma once

#include <core/Result.h>
#include <storage/Database.h>

#include <QObject>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

namespace okno {

// Group commit. The server hands every change to the journal as a WriteBatch with a callback;
// a writer thread takes all batches waiting at that moment, applies them in ONE transaction with
// synchronous=FULL, and then runs their callbacks on the journal's (the event loop's) thread, in
// submission order. While one commit is on disk, new batches gather for the next. A callback
// runs only after its batch is durable, so "acknowledged" always means "on disk".
//
// An empty batch is a barrier: its callback runs after every batch submitted before it is durable.
class Journal final : public QObject
{
    Q_OBJECT

public:
    using Callback = std::function<void(const Status &)>;
    // `firstSeq`: the number the commit gave the batch's first event with seq 0 (its others the
    // next ones, in order); 0 when it had none, or on failure.
    using NumberedCallback = std::function<void(const Status &, qint64 firstSeq)>;

    explicit Journal(DatabaseConfig config, QObject *parent = nullptr);
    ~Journal() override; // drains: waits for every batch submitted to be committed

    // Starts the writer thread, which opens its own connection (a Qt SQL connection belongs to
    // the thread that made it). Returns whether the database could be opened.
    Status start();
    void stop();

    void submit(WriteBatch batch, Callback done);
    // The same for a batch with events to number (WriteBatch::appendEvent with seq 0).
    void submitNumbered(WriteBatch batch, NumberedCallback done);

    // A read on the writer's connection, ordered after every batch submitted before it: `work`
    // runs on the writer thread once those are durable (never if they failed), then `done` runs
    // on the journal's thread, in submission order with the batches' callbacks. So the event loop
    // never waits on the disk for it, and it sees every change acknowledged before it was asked.
    void read(std::function<void(Database &)> work, Callback done);

    quint64 commits() const { return m_commits; }
    // The last number the writer's commits gave an event (0: none yet), known on the writer's
    // thread as soon as the commit is, before its callbacks run.
    qint64 lastNumbered() const { return m_lastNumbered.load(); }
    quint64 batchesCommitted() const { return m_batches; }

Q_SIGNALS:
    // The storage refused a commit: the in-memory state is ahead of the disk.
    void storageFailed(const okno::Error &error);

private:
    struct Pending
    {
        WriteBatch batch;
        NumberedCallback done;
        std::function<void(Database &)> read; // a read, not a write (batch empty)
        qint64 firstSeq = 0;                  // set once committed
    };
    void enqueue(Pending pending);
    void run();
    void complete(std::vector<Pending> group, Status status);

    DatabaseConfig m_config;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<Pending> m_queue;
    bool m_stop = false;
    std::atomic<qint64> m_lastNumbered{0};
    quint64 m_commits = 0;
    quint64 m_batches = 0;
    std::thread m_thread;
};

} // namespace okno
