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

// How many ids of a kind a node takes at first: a block unused when a node stops is a gap. A kind
// used fast takes larger blocks (up to kMaxBlockGrowth times), so that its spare comes before the
// block at hand is used up (QueueService::topUpIds).
constexpr qint64 kMaxBlockGrowth = 64;
constexpr qint64 kFastBlockMs = 2000; // half a block used sooner than this: the next one is twice as large
constexpr qint64 kSlowBlockMs = 60000; // … later than this: the next one is half as large (down to the first)

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
        newBlockAtHand(supply);
        return {};
    }
    if (!supply.retryAfter.hasExpired())
        return makeError(ErrorCode::Unavailable, u"no "_s % idKindName(kind) %
                                                     u" ids at hand: the database did not give more; try "_s
                                                     u"again shortly"_s);
    // Taken now, on the event loop's connection: at the first start, or after a burst that used
    // the block before its spare came (the spare then waits behind the writer's queue; on SQLite
    // this waits for the writer's commit in progress). Blocks grow with the rate, so it is rare.
    auto block = m_reader->reserveIds(kind, std::max(std::max(supply.blockSize, idBlockSize(kind)), atLeast),
                                      m_idFloors[size_t(kind)]);
    if (!block) {
        supply.retryAfter.setRemainingTime(std::chrono::seconds(1));
        logging::warn(u"cannot take "_s % idKindName(kind) % u" ids: "_s % block.error().message);
        return block.error();
    }
    setIdsAtHand(kind, *block);
    newBlockAtHand(supply);
    return {};
}

void QueueService::newBlockAtHand(IdSupply &supply)
{
    supply.atHandSince = m_clock->now();
    supply.sized = false;
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
        // A centre, queue, desk or staff id is taken when it is needed (takeId).
        if (idsAtHand(kind).empty() &&
            (kind == IdKind::Visit || kind == IdKind::Shift || kind == IdKind::Payment))
            (void)ensureIds(kind, 1);           // logged when it fails
        const IdRange atHand = idsAtHand(kind); // the spare may have just come to hand
        const qint64 first = idBlockSize(kind);
        if (supply.blockSize == 0)
            supply.blockSize = first;
        if (supply.asking || !supply.spare.empty() || atHand.left() * 2 > supply.blockSize ||
            !supply.retryAfter.hasExpired())
            continue;
        // Half a block used that fast: the next is twice as large, so that it lasts; that slowly:
        // half as large, so that fewer ids are lost when the node stops. Once per block at hand,
        // not again when asking for its spare is retried.
        if (!supply.sized && supply.atHandSince.isValid()) {
            const qint64 used = supply.atHandSince.msecsTo(m_clock->now());
            if (used >= 0 && used < kFastBlockMs)
                supply.blockSize = std::min(supply.blockSize * 2, first * kMaxBlockGrowth);
            else if (used > kSlowBlockMs)
                supply.blockSize = std::max(supply.blockSize / 2, first);
            supply.sized = true;
        }
        // The writer takes the spare block after the batches before it: no lock to wait for
        // (SQLite has one writer), and the event loop goes on meanwhile.
        supply.asking = true;
        const qint64 size = supply.blockSize;
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
