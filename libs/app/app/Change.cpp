#include "Change.h"

namespace okno::app {

Change &Change::operator+=(const Change &other)
{
    writes.changes += other.writes.changes;
    events += other.events;
    return *this;
}

} // namespace okno::app
