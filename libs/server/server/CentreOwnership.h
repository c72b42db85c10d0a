#pragma once

#include <storage/Database.h>

#include <QHash>
#include <QList>
#include <QObject>

#include <condition_variable>
#include <mutex>
#include <thread>

namespace okno {

// The centres shared among the okno-server nodes on one PostgreSQL database (docs/scale-out.md,
// "Load sharing"): a thread with a database connection of its own — which holds this node's
// presence and its leases — that every interval
//   - takes the company's lease if no node holds it (company-wide changes, housekeeping);
//   - takes centres nobody owns (a new centre, a dead node's) while this node owns fewer than its
//     share, ⌈centres ÷ nodes present⌉;
//   - asks to hand over what it owns beyond its share (a node joined): `surplus`, to which the
//     node answers, once it has stopped writing those centres, with release();
//   - checks that what it holds is still its own.
// A node killed, or cut off once TCP keepalives notice, drops its connection and with it every
// lease: the others take its centres at their next round.
class CentreOwnership final : public QObject
{
    Q_OBJECT

public:
    CentreOwnership(DatabaseConfig config, QString node, QString address, int intervalMs,
                    QObject *parent = nullptr);
    ~CentreOwnership() override; // stops the thread; its connection closes, and the leases with it

    void start();
    // Lets centres go at the next round (after a `surplus`, once nothing more is written for them).
    // Any thread.
    void release(const QList<Id> &centres);

Q_SIGNALS:
    // Centres this node owns from now on, with their lease tokens: load them, then serve them.
    void taken(const QHash<okno::Id, qint64> &centres);
    void companyTaken(qint64 token);
    // Every owned centre's lease (owner, address, token), and the company's under 0, each time
    // that changes.
    void ownersChanged(const QHash<okno::Id, okno::Database::Lease> &owners);
    // More than this node's share: stop serving these, then release() them.
    void surplus(const QList<okno::Id> &centres);
    // Not in yet: the database cannot be reached (said once for each reason).
    void waiting(const QString &why);
    // A lease held is gone, or the connection that holds them: the node must stop.
    void lost(const QString &why);

private:
    void run();
    bool sleep(int ms); // false when asked to stop
    // One round on the connection; false (after `lost`) when the node must stop.
    bool round(Database &db);

    const DatabaseConfig m_config;
    const QString m_node;
    const QString m_address;
    const int m_intervalMs;
    std::thread m_thread;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stop = false;
    QList<Id> m_toRelease; // guarded by m_mutex

    // The thread's own.
    QHash<Id, qint64> m_mine;
    qint64 m_companyToken = 0;
    QList<Id> m_surplusAsked;
    QHash<Id, Database::Lease> m_lastOwners;
};

} // namespace okno
