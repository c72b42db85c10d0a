#include "NodeLease.h"

#include <logging/Logging.h>

#include <QDateTime>

#include <optional>
#include <utility>

namespace okno {

using namespace Qt::StringLiterals;

NodeLease::NodeLease(DatabaseConfig config, QString node, QString address, int intervalMs, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
    , m_node(std::move(node))
    , m_address(std::move(address))
    , m_intervalMs(intervalMs)
{}

NodeLease::~NodeLease()
{
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_all();
    if (m_thread.joinable())
        m_thread.join();
}

void NodeLease::start()
{
    m_thread = std::thread([this] { run(); });
}

bool NodeLease::sleep(int ms)
{
    std::unique_lock lock(m_mutex);
    return !m_wake.wait_for(lock, std::chrono::milliseconds(ms), [this] { return m_stop; });
}

void NodeLease::run()
{
    const auto say = [this](auto signal, auto value) {
        QMetaObject::invokeMethod(
            this,
            [this, signal, value] {
                Q_EMIT(this->*signal)
                (value);
            },
            Qt::QueuedConnection);
    };
    std::unique_ptr<Database> db;
    QString lastWhy;
    const auto waitingFor = [&](const QString &why) {
        if (why != lastWhy)
            say(&NodeLease::waiting, why);
        lastWhy = why;
    };
    std::optional<std::pair<QString, QString>> lastServer; // node, address
    const auto noteServer = [&](const QString &node, const QString &address) {
        if (lastServer == std::pair(node, address))
            return;
        lastServer = std::pair(node, address);
        QMetaObject::invokeMethod(
            this, [this, node, address] { Q_EMIT this->servedBy(node, address); }, Qt::QueuedConnection);
    };
    // Standby: until this node takes the lease.
    qint64 token = 0;
    while (token == 0) {
        if (!db) {
            auto opened = Database::open(m_config);
            if (!opened) {
                waitingFor(u"cannot reach the database: "_s % opened.error().message);
                noteServer({}, {});
            } else
                db = std::move(opened).value();
        }
        if (db) {
            auto lease = db->tryTakeLease(m_node, m_address, QDateTime::currentDateTimeUtc());
            if (!lease) {
                waitingFor(u"cannot take the lease: "_s % lease.error().message);
                noteServer({}, {});
                db.reset(); // reconnect
            } else if (*lease) {
                token = (*lease)->token;
                break;
            } else {
                auto holder = db->currentLease();
                if (holder && *holder) {
                    waitingFor(u"node %1 (%2) serves, since %3 (token %4)"_s.arg(
                        (*holder)->holder, (*holder)->address, (*holder)->takenAt.toString(Qt::ISODate),
                        QString::number((*holder)->token)));
                    noteServer((*holder)->holder, (*holder)->address);
                } else {
                    noteServer({}, {});
                }
            }
        }
        if (!sleep(m_intervalMs))
            return;
    }
    say(&NodeLease::taken, token);
    // Serving: the lease is this connection, and the token still this node's. (A call on a
    // connection whose peer vanished fails within the TCP user timeout, ~20 s: Database.cpp.)
    while (sleep(m_intervalMs)) {
        auto lease = db->currentLease();
        if (!lease) {
            say(&NodeLease::lost, u"the connection that holds the lease is gone: "_s % lease.error().message);
            return;
        }
        if (!*lease || (*lease)->token != token) {
            say(&NodeLease::lost, u"the lease was taken over by %1 (token %2)"_s.arg(
                                      *lease ? (*lease)->holder : u"nobody"_s,
                                      *lease ? QString::number((*lease)->token) : u"none"_s));
            return;
        }
    }
}

} // namespace okno
