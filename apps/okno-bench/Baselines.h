// The baselines okno-bench measures in the same run as the server: the raw SQLite commit rate on
// the same filesystem, a TCP echo round trip and an echo broadcast, all driven by LineClient.
#pragma once

#include "Bench.h"

#include <QJsonObject>
#include <QString>

#include <atomic>
#include <functional>
#include <thread>
#include <vector>

class QEventLoop;

namespace okno::bench {

struct CommitRate
{
    double perSecond = 0;
    double p50Micros = 0;
};

// One-row transactions on a WAL SQLite file in `dir` for `seconds`.
CommitRate sqliteCommits(const QString &dir, const QString &synchronous, double seconds);

// A line echo server: every line comes back to its sender, each connection served by a thread of
// its own blocked in a read (the tightest loop a server can have).
class EchoServer
{
public:
    EchoServer();
    ~EchoServer();
    quint16 port() const { return m_port; }

private:
    class Acceptor;
    std::thread m_acceptor;
    std::vector<std::thread> m_connections;
    std::atomic<bool> m_stop{false};
    quint16 m_port = 0;
};

// A broadcast server shaped like okno-server: one thread with an event loop, every line a client
// sends written to every connection (its sender's copy is the sender's acknowledgement).
class BroadcastServer
{
public:
    BroadcastServer();
    ~BroadcastServer();
    quint16 port() const { return m_port; }
    int connections() const { return m_connections; }

private:
    std::thread m_thread;
    std::atomic<QEventLoop *> m_loop{nullptr};
    std::atomic<int> m_connections{0};
    quint16 m_port = 0;
};

struct FanOut
{
    std::vector<double> arrivals; // µs from the send to each receiver's copy
    std::vector<double> acks;     // µs from the send to the sender's answer
};

// `receivers` connections (each prepared by `prepare`, a few at a time) wait for `rounds` frames
// for which `counts` holds; `sendRound` sends one and waits for its answer, 50 ms apart. Every
// receiver must get every round.
FanOut measureFanOut(quint16 port, int receivers, int rounds,
                     const std::function<void(LineClient &)> &prepare,
                     const std::function<bool(const QJsonObject &)> &counts,
                     const std::function<void()> &beforeFirstRound, const std::function<void()> &sendRound);

} // namespace okno::bench
