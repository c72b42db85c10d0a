#pragma once

#include <storage/Database.h>

#include <QObject>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace okno {

// The serving node's lease, for several okno-server nodes on one PostgreSQL database
// (docs/scale-out.md): a thread with a database connection of its own that takes the lease when
// no other node holds it, then keeps that connection — which is the lease — alive, checking it
// every interval. The node serves from `taken` on; a node that has not taken it is a standby and
// does not listen. When the connection with the lease is gone, `lost` says so: the node must stop
// at once (another may already serve, and the fence refuses its writes anyway).
class NodeLease final : public QObject
{
    Q_OBJECT

public:
    NodeLease(DatabaseConfig config, QString node, QString address, int intervalMs,
              QObject *parent = nullptr);
    ~NodeLease() override; // stops the thread; its connection closes, and the lease with it

    void start();

Q_SIGNALS:
    void taken(qint64 token);
    // Another node serves (said once for each new holder), or the database cannot be reached.
    void waiting(const QString &why);
    // While standing by: the node that serves, and where terminals reach it (its lease row), each
    // time that changes; empty while none is known.
    void servedBy(const QString &node, const QString &address);
    void lost(const QString &why);

private:
    void run();
    bool sleep(int ms); // false when asked to stop

    const DatabaseConfig m_config;
    const QString m_node;
    const QString m_address;
    const int m_intervalMs;
    std::thread m_thread;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stop = false;
};

} // namespace okno
