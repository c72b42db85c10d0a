#include "CentreOwnership.h"

#include <logging/Logging.h>

#include <QDateTime>

#include <algorithm>
#include <utility>

namespace okno {

using namespace Qt::StringLiterals;

CentreOwnership::CentreOwnership(DatabaseConfig config, QString node, QString address, int intervalMs,
                                 QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
    , m_node(std::move(node))
    , m_address(std::move(address))
    , m_intervalMs(intervalMs)
{}

CentreOwnership::~CentreOwnership()
{
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_all();
    if (m_thread.joinable())
        m_thread.join();
}

void CentreOwnership::start()
{
    m_thread = std::thread([this] { run(); });
}

void CentreOwnership::release(const QList<Id> &centres)
{
    {
        std::lock_guard lock(m_mutex);
        m_toRelease.append(centres);
    }
    m_wake.notify_all();
}

bool CentreOwnership::sleep(int ms)
{
    std::unique_lock lock(m_mutex);
    m_wake.wait_for(lock, std::chrono::milliseconds(ms), [this] { return m_stop || !m_toRelease.isEmpty(); });
    return !m_stop;
}

void CentreOwnership::run()
{
    std::unique_ptr<Database> db;
    QString lastWhy;
    // In: the node is present (its number's lock on this connection).
    while (!db) {
        auto opened = Database::open(m_config);
        Status in = opened ? (*opened)->announceNode(m_node, m_address, QDateTime::currentDateTimeUtc())
                           : Status(opened.error());
        if (in) {
            db = std::move(opened).value();
            break;
        }
        if (in.error().code == ErrorCode::Conflict) { // a node of this name runs already
            const QString why = in.error().message;
            QMetaObject::invokeMethod(
                this, [this, why] { Q_EMIT lost(why); }, Qt::QueuedConnection);
            return;
        }
        if (in.error().message != lastWhy) {
            const QString why = u"cannot reach the database: "_s % in.error().message;
            QMetaObject::invokeMethod(
                this, [this, why] { Q_EMIT waiting(why); }, Qt::QueuedConnection);
        }
        lastWhy = in.error().message;
        if (!sleep(m_intervalMs))
            return;
    }
    while (round(*db) && sleep(m_intervalMs)) {
    }
}

bool CentreOwnership::round(Database &db)
{
    const auto fail = [this](const QString &why) {
        QMetaObject::invokeMethod(
            this, [this, why] { Q_EMIT lost(why); }, Qt::QueuedConnection);
        return false;
    };
    const QDateTime now = QDateTime::currentDateTimeUtc();
    // What the node has stopped serving goes first: another node may be waiting for it.
    QList<Id> toRelease;
    {
        std::lock_guard lock(m_mutex);
        toRelease.swap(m_toRelease);
    }
    for (Id centre : std::as_const(toRelease)) {
        if (!m_mine.contains(centre))
            continue;
        if (Status s = db.releaseCentre(centre); !s)
            return fail(s.error().message);
        m_mine.remove(centre);
        m_surplusAsked.removeAll(centre);
        logging::info(u"node %1 let centre %2 go"_s.arg(m_node).arg(centre));
    }
    if (m_companyToken == 0) {
        auto company = db.tryTakeLease(m_node, m_address, now);
        if (!company)
            return fail(u"the connection that holds the leases is gone: "_s % company.error().message);
        if (*company) {
            m_companyToken = (*company)->token;
            const qint64 token = m_companyToken;
            QMetaObject::invokeMethod(
                this, [this, token] { Q_EMIT companyTaken(token); }, Qt::QueuedConnection);
        }
    } else {
        auto company = db.currentLease();
        if (!company)
            return fail(u"the connection that holds the leases is gone: "_s % company.error().message);
        if (!*company || (*company)->token != m_companyToken)
            return fail(u"the company's lease was taken over by %1"_s.arg(*company ? (*company)->holder
                                                                                   : u"nobody"_s));
    }
    auto centres = db.centreIds();
    auto nodes = db.liveNodes();
    auto owners = db.centreOwners();
    if (!centres || !nodes || !owners)
        return fail(u"the connection that holds the leases is gone: "_s % (!centres ? centres.error()
                                                                           : !nodes ? nodes.error()
                                                                                    : owners.error())
                                                                              .message);
    for (auto it = m_mine.cbegin(); it != m_mine.cend(); ++it) {
        const auto owner = owners->constFind(it.key());
        if (owner == owners->cend() || owner->holder != m_node || owner->token != it.value())
            return fail(u"the lease of centre %1 (token %2) is no longer this node's"_s.arg(it.key()).arg(
                it.value()));
    }
    const qsizetype present = std::max<qsizetype>(1, nodes->size());
    const qsizetype share = (centres->size() + present - 1) / present;
    QHash<Id, qint64> newly;
    for (Id centre : std::as_const(*centres)) {
        if (m_mine.size() >= share)
            break;
        if (owners->contains(centre))
            continue;
        auto lease = db.tryTakeCentre(centre, m_node, m_address, now);
        if (!lease)
            return fail(u"the connection that holds the leases is gone: "_s % lease.error().message);
        if (!*lease)
            continue; // another node was quicker
        m_mine.insert(centre, (*lease)->token);
        newly.insert(centre, (*lease)->token);
        owners->insert(centre, **lease);
        logging::info(u"node %1 took centre %2 (token %3)"_s.arg(m_node).arg(centre).arg((*lease)->token));
    }
    if (!newly.isEmpty())
        QMetaObject::invokeMethod(
            this, [this, newly] { Q_EMIT taken(newly); }, Qt::QueuedConnection);
    const auto sameOwners = [](const QHash<Id, Database::Lease> &a, const QHash<Id, Database::Lease> &b) {
        if (a.size() != b.size())
            return false;
        for (auto it = a.cbegin(); it != a.cend(); ++it) {
            const auto other = b.constFind(it.key());
            if (other == b.cend() || other->token != it->token || other->holder != it->holder ||
                other->address != it->address)
                return false;
        }
        return true;
    };
    // The company's lease under 0: where company-wide changes go.
    QHash<Id, Database::Lease> all = *owners;
    auto company = db.heldLease();
    if (!company)
        return fail(u"the connection that holds the leases is gone: "_s % company.error().message);
    if (*company)
        all.insert(0, **company);
    if (!sameOwners(all, m_lastOwners)) {
        m_lastOwners = all;
        QMetaObject::invokeMethod(
            this, [this, all] { Q_EMIT ownersChanged(all); }, Qt::QueuedConnection);
    }
    // Beyond the share (a node joined): the highest ids go, each asked for once.
    if (m_mine.size() > share) {
        QList<Id> held = m_mine.keys();
        std::sort(held.begin(), held.end());
        QList<Id> extra;
        for (qsizetype i = held.size() - 1; i >= 0 && held.size() - extra.size() > share; --i)
            extra.append(held.at(i));
        QList<Id> ask;
        for (Id centre : std::as_const(extra))
            if (!m_surplusAsked.contains(centre))
                ask.append(centre);
        if (!ask.isEmpty()) {
            m_surplusAsked.append(ask);
            QMetaObject::invokeMethod(
                this, [this, ask] { Q_EMIT surplus(ask); }, Qt::QueuedConnection);
        }
    }
    return true;
}

} // namespace okno
