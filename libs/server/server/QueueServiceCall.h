#pragma once

// The definition of QueueService::Call, shared by the service's implementation files only.

#include "QueueService.h"

#include <protocol/Message.h>

#include <QJsonValue>

namespace okno {

// One request in flight. Copies are cheap; the peer may be gone by the time a reply is ready.
struct QueueService::Call
{
    QPointer<Peer> peer;
    QJsonValue id;
    QString op;
    QJsonObject body;
    QString idempotencyKey;

    void reply(const QJsonObject &result) const
    {
        if (peer)
            peer->send(protocol::makeResponse(id, result));
    }
    void fail(const Error &e) const
    {
        if (peer)
            peer->send(protocol::makeErrorResponse(id, e));
    }
    Session &session() const { return peer->session(); }
};

} // namespace okno
