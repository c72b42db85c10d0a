#include "ProtocolTestSupport.h"

#include <protocol/Codec.h>
#include <protocol/FrameDecoder.h>
#include <protocol/Message.h>
#include <protocol/Ops.h>

#include <QSet>

using namespace okno;
using namespace okno::protocol;
using namespace okno::test;
using namespace Qt::StringLiterals;

TEST_CASE("parseRequest reads id and op and keeps the rest as the body")
{
    auto r = parseRequest(json(R"({"id":7,"op":"visit.call","visitId":42})"));
    REQUIRE(r.ok());
    CHECK(r->id == 7);
    CHECK(r->op == u"visit.call"_s);
    CHECK(r->body == json(R"({"visitId":42})"));
}

TEST_CASE("parseRequest refuses a bad id or op with BadRequest or InvalidArgument")
{
    struct Case
    {
        const char *frame;
        ErrorCode code;
        const char16_t *message;
    };
    const QList<Case> cases = {
        {R"({"op":"ping"})", ErrorCode::BadRequest, u"field \"id\" is required"},
        {R"({"id":"1","op":"ping"})", ErrorCode::BadRequest,
         u"field \"id\" must be an integer, got a string"},
        {R"({"id":1.5,"op":"ping"})", ErrorCode::BadRequest, u"field \"id\" must be an integer, got 1.5"},
        {R"({"id":0,"op":"ping"})", ErrorCode::InvalidArgument,
         u"field \"id\" must be a positive integer, got 0"},
        {R"({"id":1})", ErrorCode::BadRequest, u"field \"op\" is required"},
        {R"({"id":1,"op":""})", ErrorCode::InvalidArgument, u"field \"op\" must not be empty"},
        {R"({"id":1,"op":["ping"]})", ErrorCode::BadRequest, u"field \"op\" must be a string, got an array"},
    };
    for (const Case &c : cases) {
        INFO(c.frame);
        auto r = parseRequest(json(c.frame));
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().code == c.code);
        CHECK(r.error().message == QString::fromUtf16(c.message));
    }
}

TEST_CASE("the id to answer with: the request's if readable, else null")
{
    CHECK(requestIdOf(json(R"({"id":5,"op":7})")).toInteger() == 5);
    CHECK(requestIdOf(json(R"({"id":"5"})")).isNull());
    CHECK(requestIdOf(json(R"({"id":-5})")).isNull());
    CHECK(requestIdOf(json(R"({})")).isNull());
}

TEST_CASE("responses and errors have the documented shape")
{
    CHECK(makeResponse(3, json(R"({"a":1})")) == json(R"({"id":3,"ok":true,"result":{"a":1}})"));
    CHECK(makeResponse(QJsonValue(3), {}) == json(R"({"id":3,"ok":true,"result":{}})"));
    CHECK(makeErrorResponse(QJsonValue(4), makeError(ErrorCode::QueueEmpty, u"nobody waits"_s)) ==
          json(R"({"id":4,"ok":false,"error":{"code":"queue_empty","message":"nobody waits"}})"));
    CHECK(makeErrorResponse(QJsonValue(), makeError(ErrorCode::BadFrame, u"x"_s)) ==
          json(R"({"id":null,"ok":false,"error":{"code":"bad_frame","message":"x"}})"));
    // An id that is not a number is never echoed.
    CHECK(makeErrorResponse(QJsonValue(u"evil"_s), makeError(ErrorCode::BadRequest, u"x"_s))
              .value(u"id"_s)
              .isNull());
}

TEST_CASE("every error code has a wire name that reads back")
{
    const QList<ErrorCode> all = {
        ErrorCode::BadFrame,           ErrorCode::BadRequest,   ErrorCode::UnknownOperation,
        ErrorCode::UnsupportedVersion, ErrorCode::AuthRequired, ErrorCode::AuthFailed,
        ErrorCode::Forbidden,          ErrorCode::NotFound,     ErrorCode::InvalidArgument,
        ErrorCode::InvalidTransition,  ErrorCode::Conflict,     ErrorCode::CentreClosed,
        ErrorCode::DeskUnavailable,    ErrorCode::QueueEmpty,   ErrorCode::Internal,
        ErrorCode::Unavailable,
    };
    for (ErrorCode c : all) {
        const QJsonObject frame = makeErrorResponse(QJsonValue(1), makeError(c, u"m"_s));
        auto r = parseResponse(frame);
        REQUIRE(r.ok());
        CHECK_FALSE(r->ok);
        CHECK(r->error.code == c);
        CHECK(r->error.message == u"m"_s);
    }
}

TEST_CASE("parseResponse reads results, errors and unknown codes")
{
    auto ok = parseResponse(json(R"({"id":9,"ok":true,"result":{"lastSeq":3}})"));
    REQUIRE(ok.ok());
    CHECK(ok->id == 9);
    CHECK(ok->ok);
    CHECK(ok->result.value(u"lastSeq"_s).toInt() == 3);
    CHECK(ok->status().ok());

    auto nullId = parseResponse(
        json(R"({"id":null,"ok":false,"error":{"code":"bad_frame","message":"frame is not valid JSON"}})"));
    REQUIRE(nullId.ok());
    CHECK(nullId->id == 0);
    CHECK(nullId->error.code == ErrorCode::BadFrame);

    auto newer =
        parseResponse(json(R"({"id":2,"ok":false,"error":{"code":"payment_declined","message":"no"}})"));
    REQUIRE(newer.ok());
    CHECK(newer->error.code == ErrorCode::Internal);
    CHECK(newer->error.message == u"payment_declined: no"_s);

    auto multiline =
        parseResponse(json(R"({"id":2,"ok":false,"error":{"code":"conflict","message":"one\ntwo"}})"));
    REQUIRE(multiline.ok());
    CHECK(multiline->error.message == u"one\ntwo"_s);

    auto broken = parseResponse(json(R"({"id":2,"ok":"yes"})"));
    REQUIRE_FALSE(broken.ok());
    CHECK(broken.error().code == ErrorCode::BadFrame);
}

TEST_CASE("messages are told apart by shape")
{
    CHECK(classify(json(R"({"id":1,"op":"ping"})")) == MessageKind::Request);
    CHECK(classify(makeResponse(1)) == MessageKind::Response);
    Event e;
    e.seq = 1;
    e.at = utc(2026, 11, 23, 9, 0);
    e.type = u"desk.opened"_s;
    CHECK(classify(makeEvent(e)) == MessageKind::Event);
    CHECK(classify(json(R"({"hello":1})")) == MessageKind::Unknown);
}

TEST_CASE("makeRequest and the whole path: encode, frame, decode, parse")
{
    const QJsonObject request =
        makeRequest(1, ops::Hello, {{u"version"_s, kProtocolVersion}, {u"client"_s, u"oknoctl/0.1"_s}});
    CHECK(request == json(R"({"id":1,"op":"hello","version":1,"client":"oknoctl/0.1"})"));
    FrameDecoder d;
    d.feed(encodeFrame(request));
    auto frame = d.next();
    REQUIRE(frame.has_value());
    REQUIRE(frame->ok());
    auto parsed = parseRequest(frame->value());
    REQUIRE(parsed.ok());
    CHECK(parsed->op == ops::Hello);
    CHECK(parsed->body.value(u"version"_s).toInt() == 1);
}

TEST_CASE("op and event names are unique and known")
{
    QSet<QString> names;
    for (QLatin1StringView op : ops::all()) {
        CHECK(ops::isKnown(QString(op)));
        names.insert(QString(op));
    }
    CHECK(names.size() == ops::all().size());
    CHECK(ops::all().size() == 56); // 49 + alerts + queue.forecast + auth.lockouts + auth.unlock
                                    // + backup.create + database.verify + retention.run
    CHECK_FALSE(ops::isKnown(u"visit.teleport"_s));
    CHECK(ops::isKnown(u"status"_s));

    QSet<QString> types;
    for (QLatin1StringView t : events::all())
        types.insert(QString(t));
    CHECK(types.size() == events::all().size());
    CHECK(events::isKnown(u"visit.called"_s));
}
