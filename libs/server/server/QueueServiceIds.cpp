// Ids in blocks from the database (Database::reserveIds, IdRange): the block at hand, the spare
// the journal's writer takes when half of it is used, and the synchronous fallback.
#include "QueueService.h"

#include <logging/Logging.h>

#include <QStringBuilder>

#include <chrono>
#include <utility>

namespace okno {

using namespace Qt::StringLiterals;

namespace {

// How many ids of a kind a node takes at a time: a block unused when a node stops is a gap.
qint64 idBlockSize(IdKind kind)
{
    switch (kind) {
    case IdKind::Visit:
    case IdKind::Payment:
        return 1000;
    case IdKind::Shift:
        return 100;
    default:
        return 20;
    }
}

} // namespace

IdRange QueueService::idsAtHand(IdKind kind) const
{
    switch (kind) {
    case IdKind::Visit:
        return m_engine->visitIds();
    case IdKind::Shift:
        return m_frontOffice->shiftIds();
    case IdKind::Payment:
        return m_frontOffice->paymentIds();
    default:
        return m_ids[size_t(kind)];
    }
}

void QueueService::setIdsAtHand(IdKind kind, IdRange ids)
{
    switch (kind) {
    case IdKind::Visit:
        m_engine->setVisitIds(ids);
        break;
    case IdKind::Shift:
        m_frontOffice->setShiftIds(ids);
        break;
    case IdKind::Payment:
        m_frontOffice->setPaymentIds(ids);
        break;
    default:
        m_ids[size_t(kind)] = ids;
        break;
    }
}

Status QueueService::ensureIds(IdKind kind, qint64 atLeast)
{
    if (idsAtHand(kind).left() >= atLeast)
        return {};
    IdSupply &supply = m_idSupply[size_t(kind)];
    if (supply.spare.left() >= atLeast) {
        // What is left of the block at hand is dropped: its ids stay unused, a gap.
        setIdsAtHand(kind, std::exchange(supply.spare, IdRange()));
        return {};
    }
    // A spare on its way comes after the writer's queue: waiting for the write lock here instead
    // would stall the event loop behind that same queue.
    if (supply.asking || !supply.retryAfter.hasExpired())
        return makeError(ErrorCode::Unavailable,
                         u"no "_s % idKindName(kind) % u" ids at hand yet; try again shortly"_s);
    auto block = m_reader->reserveIds(kind, std::max(idBlockSize(kind), atLeast), m_idFloors[size_t(kind)]);
    if (!block) {
        supply.retryAfter.setRemainingTime(std::chrono::seconds(1));
        logging::warn(u"cannot take "_s % idKindName(kind) % u" ids: "_s % block.error().message);
        return block.error();
    }
    setIdsAtHand(kind, *block);
    return {};
}

Result<Id> QueueService::takeId(IdKind kind)
{
    if (auto s = ensureIds(kind, 1); !s)
        return makeError(ErrorCode::Unavailable, u"no new id: "_s % s.error().message);
    return m_ids[size_t(kind)].take();
}

void QueueService::topUpIds()
{
    for (int k = 0; k < kIdKinds; ++k) {
        const auto kind = IdKind(k);
        IdSupply &supply = m_idSupply[size_t(k)];
        const IdRange atHand = idsAtHand(kind);
        // A centre, queue, desk or staff id is taken when it is needed (takeId).
        if (atHand.empty() && (kind == IdKind::Visit || kind == IdKind::Shift || kind == IdKind::Payment))
            (void)ensureIds(kind, 1); // logged when it fails
        if (supply.asking || !supply.spare.empty() || atHand.left() * 2 > idBlockSize(kind) ||
            !supply.retryAfter.hasExpired())
            continue;
        // The writer takes the spare block after the batches before it: no lock to wait for
        // (SQLite has one writer), and the event loop goes on meanwhile.
        supply.asking = true;
        const qint64 size = idBlockSize(kind);
        const Id floor = m_idFloors[size_t(k)];
        auto taken = std::make_shared<Result<IdRange>>(IdRange());
        m_journal->read(
            [taken, kind, size, floor](Database &db) { *taken = db.reserveIds(kind, size, floor); },
            [this, taken, kind](const Status &s) {
                IdSupply &asked = m_idSupply[size_t(kind)];
                asked.asking = false;
                const Status got = !s ? s : !*taken ? Status(taken->error()) : Status();
                if (!got) {
                    asked.retryAfter.setRemainingTime(std::chrono::seconds(1));
                    logging::warn(u"cannot take "_s % idKindName(kind) % u" ids: "_s % got.error().message);
                    return;
                }
                asked.spare = **taken;
            });
    }
}

} // namespace okno
