#pragma once

// The definition of QueueService::Call, shared by the service's implementation files only.

#include "AccessPolicy.h"
#include "QueueService.h"

#include <protocol/Message.h>

#include <QJsonValue>

namespace okno {

// One request in flight. Copies are cheap; the peer may be gone by the time a reply is ready.
// A reply goes through the service (QueueService::deliver), which masks it for the caller: there
// is no other way to answer.
struct QueueService::Call
{
    QPointer<QueueService> service;
    QPointer<Peer> peer;
    QJsonValue id;
    QString op;
    QJsonObject body;
    QString idempotencyKey; // "<staff id>:<key>" while the answer is still to be recorded
    QString keyInFlight;    // the key this call holds until it is answered (twins wait for it)
    QByteArray requestHash; // what the key was used for: the op and its fields
    access::Target target;  // what the request acts on, as the dispatcher resolved it

    void reply(const QJsonObject &result) const
    {
        if (service)
            service->deliver(*this, protocol::makeResponse(id, result));
    }
    void fail(const Error &e) const
    {
        if (service)
            service->deliver(*this, protocol::makeErrorResponse(id, e));
    }
    Session &session() const { return peer->session(); }
};

inline Error forbidden(const QString &what)
{
    return makeError(ErrorCode::Forbidden, what);
}

} // namespace okno
