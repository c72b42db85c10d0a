#pragma once

#include <core/Event.h>
#include <storage/WriteBatch.h>

#include <QList>

namespace okno::app {

// What one command did beyond the in-memory state it has already changed: the rows to store and
// the events to publish, in the order they happened. Events leave unnumbered (seq 0): whoever
// appends them to the log numbers them — the live server as it hands them to its journal, the
// history generator as it writes a day — and adds them to the same batch as the rows, so a change
// and its events are stored together or not at all.
struct Change
{
    WriteBatch writes; // rows only; the events follow
    QList<Event> events;

    Change &operator+=(const Change &other);
};

} // namespace okno::app
