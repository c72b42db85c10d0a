#pragma once

#include <core/Event.h>
#include <core/Result.h>

#include <QAnyStringView>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>

// The three kinds of message and how to make and read them (docs/protocol.md, "Messages"):
//   request   {"id": n, "op": "<name>", ...fields}
//   response  {"id": n, "ok": true, "result": {...}}  or  {"id": n, "ok": false, "error": {"code",
//   "message"}} event     {"event": "<type>", "seq": n, "at": "<time>", "centreId": n, ..., "data": {...}}
namespace okno::protocol {

struct Request
{
    qint64 id = 0; // positive, unique per connection
    QString op;
    QJsonObject body; // the request's other fields ("id" and "op" removed)
};

// Checks "id" (a positive integer ≤ 2^53) and "op" (a non-empty string); BadRequest otherwise.
// Whether the op exists is the server's question (UnknownOperation).
Result<Request> parseRequest(const QJsonObject &frame);
// The id to answer a frame with: its "id" if that is a valid request id, else null.
QJsonValue requestIdOf(const QJsonObject &frame);
QJsonObject makeRequest(qint64 id, QAnyStringView op, QJsonObject fields = {});

QJsonObject makeResponse(qint64 id, const QJsonObject &result = {});
// `id` as the request carried it (a number).
QJsonObject makeResponse(const QJsonValue &id, const QJsonObject &result = {});
// `id` is the request's id, or null when it could not be read.
QJsonObject makeErrorResponse(const QJsonValue &id, const Error &error);
// A `moved` error: this node does not serve the request; `node` (its name) at `endpoint`
// ("host:port") does.
QJsonObject makeMovedResponse(const QJsonValue &id, const QString &message, const QString &node,
                              const QString &endpoint);
QJsonObject makeEvent(const Event &event);

enum class MessageKind
{
    Request,
    Response,
    Event,
    Unknown
};
// By shape: "event" → Event; "ok" → Response; "op" → Request.
MessageKind classify(const QJsonObject &frame);

struct Response
{
    qint64 id = 0; // 0 when the server answered with "id": null
    bool ok = false;
    QJsonObject result; // when ok
    Error error;        // when not ok; an error code this client does not know reads as Internal

    Status status() const { return ok ? Status::success() : Status(error); }
};

// Checks the shape of a response (BadFrame if it is not one).
Result<Response> parseResponse(const QJsonObject &frame);

} // namespace okno::protocol
