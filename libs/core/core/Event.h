#pragma once

#include "Types.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>

namespace okno {

// One entry of the append-only event log: visit, desk, payment and administrative events. The
// sequence number is global and strictly increasing; clients resync from it. The payload is the
// event's data as compact JSON (the protocol's encoding of the changed object).
struct Event
{
    qint64 seq = 0;
    QDateTime at;    // UTC
    QString type;    // "visit.called", "desk.opened", "staff.created" …
    Id centreId = 0; // 0 for company-wide events
    Id visitId = 0;
    Id actorId = 0; // staff or device account; 0 for the server itself
    QByteArray payload;
};

} // namespace okno
