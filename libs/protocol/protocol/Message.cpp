#include "Message.h"

#include "Codec.h"
#include "Fields.h"

namespace okno::protocol {

using namespace Qt::StringLiterals;

namespace {

constexpr qsizetype kOpLength = 64;
constexpr qsizetype kMessageLength = 2000;

} // namespace

Result<Request> parseRequest(const QJsonObject &frame)
{
    Fields f(frame);
    Request r;
    r.id = f.requireId("id");
    r.op = f.requireString("op", kOpLength);
    if (!f.ok())
        return f.status().error();
    r.body = frame;
    r.body.remove(u"id"_s);
    r.body.remove(u"op"_s);
    return r;
}

QJsonValue requestIdOf(const QJsonObject &frame)
{
    Fields f(frame);
    const Id id = f.requireId("id");
    return f.ok() ? QJsonValue(id) : QJsonValue(QJsonValue::Null);
}

QJsonObject makeRequest(qint64 id, QAnyStringView op, QJsonObject fields)
{
    fields.insert(u"id"_s, id);
    fields.insert(u"op"_s, op.toString());
    return fields;
}

QJsonObject makeResponse(qint64 id, const QJsonObject &result)
{
    return {{u"id"_s, id}, {u"ok"_s, true}, {u"result"_s, result}};
}

QJsonObject makeResponse(const QJsonValue &id, const QJsonObject &result)
{
    return {{u"id"_s, id}, {u"ok"_s, true}, {u"result"_s, result}};
}

QJsonObject makeErrorResponse(const QJsonValue &id, const Error &error)
{
    const QJsonValue wireId = id.isDouble() ? id : QJsonValue(QJsonValue::Null);
    return {
        {u"id"_s, wireId},
        {u"ok"_s, false},
        {u"error"_s, QJsonObject{{u"code"_s, errorCodeName(error.code)}, {u"message"_s, error.message}}},
    };
}

QJsonObject makeMovedResponse(const QJsonValue &id, const QString &message, const QString &node,
                              const QString &endpoint)
{
    QJsonObject frame = makeErrorResponse(id, makeError(ErrorCode::Moved, message));
    QJsonObject error = frame.value(u"error"_s).toObject();
    error.insert(u"node"_s, node);
    error.insert(u"endpoint"_s, endpoint);
    frame.insert(u"error"_s, error);
    return frame;
}

QJsonObject makeEvent(const Event &event)
{
    return toJson(event);
}

MessageKind classify(const QJsonObject &frame)
{
    if (frame.contains(u"event"_s))
        return MessageKind::Event;
    if (frame.contains(u"ok"_s))
        return MessageKind::Response;
    if (frame.contains(u"op"_s))
        return MessageKind::Request;
    return MessageKind::Unknown;
}

Result<Response> parseResponse(const QJsonObject &frame)
{
    Fields f(frame);
    Response r;
    r.id = f.optionalId("id");
    r.ok = f.requireBool("ok");
    if (f.ok() && r.ok) {
        r.result = f.optionalObject("result");
    } else if (f.ok()) {
        Fields error = f.object("error");
        const QString code = error.requireString("code", kOpLength);
        // Shown to people as the server wrote it (it may span lines), only cut to a sane length.
        r.error.message = error.value("message").toString().left(kMessageLength);
        if (f.ok()) {
            if (const auto known = errorCodeFromName(code)) {
                r.error.code = *known;
            } else {
                r.error.code = ErrorCode::Internal;
                r.error.message = code % u": "_s % r.error.message;
            }
        }
    }
    if (!f.ok())
        return makeError(ErrorCode::BadFrame, u"not a valid response: "_s % f.status().error().message);
    return r;
}

} // namespace okno::protocol
