// The event stream: events numbered by their commit, published to the subscribers in sequence
// order — this node's own as their commits complete, and those other nodes commit to the same
// PostgreSQL database as they are announced (Database::listenForEvents), read from the log.
#include "QueueService.h"

#include "AccessPolicy.h"
#include "Journal.h"

#include <logging/Logging.h>
#include <protocol/Codec.h>
#include <protocol/Message.h>

#include <QStringBuilder>

namespace okno {

using namespace Qt::StringLiterals;

namespace {

constexpr int kCatchUpPage = 1000; // events read from the log at a time

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
    if (events.isEmpty())
        return;
    // Numbers below this commit's that are not published yet went to other nodes' commits, and
    // those committed before this one took its numbers (the counter's row): they go first.
    if (events.constFirst().seq > m_lastPublished + 1)
        catchUpTo(events.constFirst().seq - 1);
    for (const Event &e : events)
        publish(e);
}

void QueueService::catchUpTo(qint64 last)
{
    while (m_lastPublished < last) {
        auto events = m_reader->eventsSince(m_lastPublished, kCatchUpPage);
        if (!events) {
            // The subscribers are not told of these now; the next commit or announcement tries
            // again from the same place.
            logging::warn(u"cannot read the events after %1 from the log: %2"_s.arg(m_lastPublished)
                              .arg(events.error().message));
            return;
        }
        if (events->isEmpty())
            return; // no more in the log: numbers passed by a seq given (a restore's mark)
        for (const Event &e : std::as_const(*events)) {
            if (e.seq > last)
                return;
            publish(e);
        }
    }
}

void QueueService::listenToOtherNodes()
{
    if (!m_options.database.isPostgres())
        return; // one process owns an SQLite file: every event is this node's
    auto db = Database::open(m_options.database);
    if (!db) {
        logging::warn(u"cannot open a connection to hear other nodes' events: "_s % db.error().message);
        return;
    }
    m_listener = std::move(db).value();
    if (Status s =
            m_listener->listenForEvents([this](qint64 first, qint64 last) { heardCommitted(first, last); });
        !s) {
        logging::warn(u"cannot listen for other nodes' events: "_s % s.error().message);
        m_listener.reset();
        return;
    }
    // What was committed between loading the state and now is read with the next range heard (or
    // the next commit of this node's that finds numbers below its own unpublished).
}

void QueueService::heardCommitted(qint64 first, qint64 last)
{
    Q_UNUSED(first); // everything up to `last` that is not published is read in order
    if (last <= m_lastPublished || !m_journal)
        return; // published already: this node's own commit, or read with an earlier range
    // This node's own commits among them are published by their callbacks, which the journal runs
    // in order before this barrier's (their batches were submitted before their commits, which
    // came before this announcement): what is still unpublished after them is other nodes'.
    m_journal->submit(WriteBatch{}, [this, last](const Status &s) {
        if (s)
            catchUpTo(last);
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
