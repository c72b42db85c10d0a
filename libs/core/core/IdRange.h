#pragma once

#include "Types.h"

#include <algorithm>
#include <limits>

namespace okno {

// A run of identities [next, end) that one owner hands out, one at a time. A server takes its
// runs in blocks from the database (Database::reserveIds), so that no two nodes on one database,
// and no node after a restart, hand out the same id (okno-history too); a program on its own (a
// test of the core) counts up without end from where it starts.
class IdRange
{
public:
    // From `first` without end.
    static IdRange from(Id first) { return IdRange(first, std::numeric_limits<Id>::max()); }
    IdRange() = default;
    IdRange(Id first, Id end)
        : m_next(first)
        , m_end(std::max(first, end))
    {}

    bool empty() const { return m_next >= m_end; }
    qint64 left() const { return m_end - m_next; }
    // The next id (the caller checks empty() first), or the one that would come.
    Id peek() const { return m_next; }
    Id take() { return m_next++; }
    // Never hands out `id` or one below it: an id loaded from storage is taken already.
    void skipPast(Id id) { m_next = std::min(m_end, std::max(m_next, id + 1)); }

    friend bool operator==(const IdRange &, const IdRange &) = default;

private:
    Id m_next = 1;
    Id m_end = 1; // an empty range until given one
};

} // namespace okno
