// The event stream: events numbered by their commit, published to the subscribers in sequence
// order — this node's own as their commits complete, and those other nodes commit to the same
// PostgreSQL database as they are announced (Database::listenForEvents), read from the log.
#include "QueueService.h"

#include "AccessPolicy.h"
#include "Journal.h"

#include <logging/Logging.h>
#include <protocol/Codec.h>
#include <protocol/Message.h>
#include <protocol/Ops.h>

#include <QStringBuilder>
#include <QTimer>

#include <chrono>

namespace okno {

using namespace Qt::StringLiterals;

namespace {

constexpr int kCatchUpPage = 1000; // events read from the log at a time
// How long this node's own events may wait for lower numbers it cannot read before it stops.
constexpr qint64 kHeldLimitMs = 30000;

} // namespace

QList<Event> QueueService::journalEvents(WriteBatch &batch, QList<Event> events)
{
    for (Event &e : events) {
        e.seq = 0;
        batch.appendEvent(e);
    }
    return events;
}

void QueueService::numberFrom(QList<Event> &events, qint64 firstSeq)
{
    // Commits complete in the order they took their numbers: these come after every seq before.
    for (Event &e : events)
        e.seq = firstSeq++;
    if (!events.isEmpty())
        m_lastSeq = std::max(m_lastSeq, events.constLast().seq);
}

void QueueService::publishCommitted(const QList<Event> &events)
{
    for (const Event &e : events)
        m_held.emplace(e.seq, e);
    publishHeld();
}

void QueueService::publishHeld()
{
    while (!m_held.empty()) {
        const auto it = m_held.begin();
        // Numbers below this commit's that are not published yet went to other nodes' commits,
        // and those committed before this one took its numbers (the counter's row): they go
        // first. Until they can be read, this node's own wait (and the caller's answer does not).
        if (it->first > m_lastPublished + 1 && !catchUpTo(it->first - 1))
            return;
        publish(it->second);
        m_held.erase(it);
    }
}

bool QueueService::catchUpTo(qint64 last)
{
    while (m_lastPublished < last) {
        auto events = m_reader->eventsSince(m_lastPublished, kCatchUpPage);
        if (!events) {
            // Tried again with this node's next commit, the next range heard, or the check.
            if (!m_catchUpFailing)
                logging::warn(u"cannot read the events after %1 from the log; they and this node's own "
                              u"wait: %2"_s.arg(m_lastPublished)
                                  .arg(events.error().message));
            m_catchUpFailing = true;
            return false;
        }
        if (m_catchUpFailing)
            logging::info(u"reading the events after %1 from the log again"_s.arg(m_lastPublished));
        m_catchUpFailing = false;
        if (events->isEmpty())
            return true; // no more in the log: numbers passed by a seq given (a restore's mark)
        for (const Event &e : std::as_const(*events)) {
            if (e.seq > last)
                return true;
            // Sharing the centres: an account another node changed is this node's to apply too
            // (its sessions here revoked when the change requires it).
            if (m_options.shareCentres && e.seq > m_lastPublished)
                applyFromElsewhere(e);
            publish(e);
        }
    }
    return true;
}

void QueueService::listenToOtherNodes()
{
    if (!m_options.database.isPostgres())
        return; // one process owns an SQLite file: every event is this node's
    openListener();
    // What was committed between loading the state and listening, and any range whose
    // announcement is missed (the listening connection lost; a notification that came while a
    // query ran on it), is found by this check within a second.
    auto *check = new QTimer(this);
    connect(check, &QTimer::timeout, this, &QueueService::checkOtherNodes);
    check->start(std::chrono::seconds(1));
}

void QueueService::openListener()
{
    auto db = Database::open(connectionFor(u"okno-listener"_s));
    Status s = db ? (*db)->listenForEvents([this](qint64 first, qint64 last) { heardCommitted(first, last); })
                  : Status(db.error());
    if (!s) {
        if (!m_listenerDown)
            logging::warn(u"cannot listen for other nodes' events (their events are read once a second "
                          u"meanwhile): "_s %
                          s.error().message);
        m_listenerDown = true;
        return;
    }
    m_listener = std::move(db).value();
    if (m_listenerDown)
        logging::info(u"listening for other nodes' events again"_s);
    m_listenerDown = false;
}

void QueueService::checkOtherNodes()
{
    if (m_listener && !m_listener->ping()) {
        logging::warn(u"lost the connection that hears other nodes' events; opening another"_s);
        m_listener.reset();
        m_listenerDown = true;
    }
    if (!m_listener)
        openListener();
    // The connection that reads the log (and serves the event loop's reads) lost: opened again.
    if (m_catchUpFailing || !m_reader->ping()) {
        if (Status s = m_reader->reconnect(); !s)
            logging::warn(u"cannot open the reading connection again: "_s % s.error().message);
        else
            logging::info(u"the reading connection was opened again"_s);
    }
    publishHeld(); // this node's own, if the log could not be read at their commit
    if (m_held.empty()) {
        m_heldSince.invalidate();
    } else if (!m_heldSince.isValid()) {
        m_heldSince.start();
    } else if (m_heldSince.hasExpired(kHeldLimitMs) && !m_failed) {
        // Committed, but its subscribers cannot have it in order: the node stops (nothing is
        // lost), and its terminals resync from another node or its restart.
        m_failed = true;
        const QString why = u"this node's own events have waited %1 s for other nodes' events it "
                            u"cannot read from the log; stopping"_s.arg(kHeldLimitMs / 1000);
        logging::critical(why);
        Q_EMIT fatalStorageError(why);
        return;
    }
    auto last = m_reader->lastEventSeq();
    if (last && *last > m_lastPublished)
        heardCommitted(0, *last);
}

void QueueService::heardCommitted(qint64 first, qint64 last)
{
    Q_UNUSED(first); // everything up to `last` that is not published is read in order
    if (last <= m_lastPublished || !m_journal)
        return; // published already: this node's own commit, or read with an earlier range
    if (last <= m_journal->lastNumbered())
        return; // this node's own commit, or below one: published (or read first) by its callback
    // This node's own commits among them are published by their callbacks, which the journal runs
    // in order before this barrier's (their batches were submitted before their commits, which
    // came before this announcement): what is still unpublished after them is other nodes'.
    m_journal->submit(WriteBatch{}, [this, last](const Status &s) {
        if (s && catchUpTo(last))
            publishHeld();
    });
}

void QueueService::publish(const Event &e)
{
    if (e.seq <= m_lastPublished)
        return; // read from the log already (another node's range heard first)
    m_lastPublished = e.seq;
    m_lastSeq = std::max(m_lastSeq, e.seq);
    keepInRing(e);
    // Encoded once per visibility, not once per subscriber: a call seen by 500 terminals is
    // turned into JSON text twice at most.
    std::array<QByteArray, 2> encoded;
    for (Peer *p : std::as_const(m_peers))
        if (p->session().subscribed)
            sendEvent(p, e, &encoded);
}

void QueueService::keepInRing(const Event &e)
{
    // Bounded by count and by bytes: a burst of large events (long notes) cannot grow it past
    // eventRingBytes; a client that needs older events reloads its snapshot.
    const qsizetype bytes = qsizetype(sizeof(Event)) + e.payload.size() + e.type.size() * 2;
    m_ring.push_back(e);
    m_ringSizes.push_back(bytes);
    m_ringBytes += bytes;
    while (!m_ring.empty() &&
           (qsizetype(m_ring.size()) > m_options.eventRingSize || m_ringBytes > m_options.eventRingBytes)) {
        m_ringBytes -= m_ringSizes.front();
        m_ringSizes.pop_front();
        m_ring.pop_front();
    }
}

void QueueService::sendEvent(Peer *peer, const Event &e, std::array<QByteArray, 2> *encoded)
{
    Session &s = peer->session();
    if (e.seq <= s.lastSeqSent || !s.authenticated)
        return;
    s.lastSeqSent = e.seq;
    // Every event passes the policy: to whom it goes at all, and what of it they may see.
    if (!access::mayReceive(principalOf(s), e.type, e.centreId))
        return;
    const access::Visibility v = access::visibilityOf(s.staff.role);
    if (!encoded)
        return peer->send(access::mask(v, protocol::makeEvent(e)));
    QByteArray &line = (*encoded)[v == access::Visibility::Full ? 0 : 1];
    if (line.isEmpty())
        line = protocol::encodeFrame(access::mask(v, protocol::makeEvent(e)));
    peer->sendEncoded(line);
}

} // namespace okno
