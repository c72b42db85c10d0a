#include "ProtocolTestSupport.h"

#include <protocol/FrameDecoder.h>

#include <QJsonArray>

using namespace okno;
using namespace okno::protocol;
using namespace Qt::StringLiterals;

namespace {

// Every frame now complete, in order: an object or the error code.
struct Drained
{
    QList<QJsonObject> frames;
    QList<ErrorCode> errors;
    QList<int> order; // 0 = frame, 1 = error, in arrival order
};

Drained drain(FrameDecoder &d)
{
    Drained out;
    while (auto next = d.next()) {
        if (*next) {
            out.frames.append(next->value());
            out.order.append(0);
        } else {
            out.errors.append(next->error().code);
            out.order.append(1);
        }
    }
    return out;
}

// A frame of exactly `size` bytes (without its newline): {"p":"xxx…"}.
QByteArray frameOfSize(qsizetype size)
{
    const QByteArray head = R"({"p":")";
    const QByteArray tail = R"("})";
    return head + QByteArray(size - head.size() - tail.size(), 'x') + tail;
}

} // namespace

TEST_CASE("encodeFrame writes compact JSON and one newline")
{
    const QByteArray bytes = encodeFrame(QJsonObject{{u"id"_s, 1}, {u"op"_s, u"ping"_s}});
    CHECK(bytes == R"({"id":1,"op":"ping"})"
                   "\n");
    CHECK(bytes.count('\n') == 1);
}

TEST_CASE("frames split across feeds byte by byte come out whole")
{
    const QByteArray stream = encodeFrame(QJsonObject{{u"id"_s, 1}, {u"op"_s, u"hello"_s}}) +
                              encodeFrame(QJsonObject{{u"id"_s, 2}, {u"text"_s, u"Окно №3"_s}});
    FrameDecoder d;
    QList<QJsonObject> frames;
    for (char c : stream) {
        d.feed(QByteArrayView(&c, 1));
        while (auto next = d.next()) {
            REQUIRE(next->ok());
            frames.append(next->value());
        }
    }
    REQUIRE(frames.size() == 2);
    CHECK(frames[0].value(u"op"_s).toString() == u"hello"_s);
    CHECK(frames[1].value(u"text"_s).toString() == u"Окно №3"_s); // a multi-byte character split too
    CHECK(d.bufferedBytes() == 0);
}

TEST_CASE("several frames in one feed, and a partial one kept for later")
{
    FrameDecoder d;
    d.feed("{\"a\":1}\n{\"a\":2}\n{\"a\":3}\n{\"a\":");
    auto out = drain(d);
    REQUIRE(out.frames.size() == 3);
    CHECK(out.frames[2].value(u"a"_s).toInt() == 3);
    CHECK(d.partialBytes() == 5);
    CHECK_FALSE(d.next().has_value());
    d.feed("4}\n");
    out = drain(d);
    REQUIRE(out.frames.size() == 1);
    CHECK(out.frames[0].value(u"a"_s).toInt() == 4);
}

TEST_CASE("empty and blank lines are ignored; CRLF is accepted")
{
    FrameDecoder d;
    d.feed("\n\n   \n\t\r\n{\"a\":1}\r\n\n");
    const auto out = drain(d);
    CHECK(out.errors.isEmpty());
    REQUIRE(out.frames.size() == 1);
    CHECK(out.frames[0].value(u"a"_s).toInt() == 1);
}

TEST_CASE("a frame exactly at the limit passes, one byte more does not")
{
    SECTION("at the limit")
    {
        FrameDecoder d;
        const QByteArray frame = frameOfSize(kMaxFrameBytes);
        REQUIRE(frame.size() == kMaxFrameBytes);
        d.feed(frame);
        CHECK(d.partialBytes() == kMaxFrameBytes);
        CHECK_FALSE(d.discarding());
        d.feed("\n");
        const auto out = drain(d);
        CHECK(out.errors.isEmpty());
        REQUIRE(out.frames.size() == 1);
        CHECK(out.frames[0].value(u"p"_s).toString().size() == kMaxFrameBytes - 8);
    }
    SECTION("one byte over, newline in the same feed")
    {
        FrameDecoder d;
        d.feed(QByteArray(frameOfSize(kMaxFrameBytes + 1) + "\n{\"after\":true}\n"));
        const auto out = drain(d);
        REQUIRE(out.errors == QList<ErrorCode>{ErrorCode::BadFrame});
        REQUIRE(out.frames.size() == 1); // decoding goes on after the bad frame
        CHECK(out.frames[0].value(u"after"_s).toBool());
        CHECK(out.order == QList<int>{1, 0});
    }
    SECTION("one byte over is noticed before the newline arrives")
    {
        FrameDecoder d;
        d.feed(frameOfSize(kMaxFrameBytes + 1));
        CHECK(d.discarding());
        CHECK(d.partialBytes() == 0);
        auto next = d.next();
        REQUIRE(next.has_value());
        REQUIRE_FALSE(next->ok());
        CHECK(next->error().code == ErrorCode::BadFrame);
        CHECK(next->error().message.contains(u"65536"_s));
    }
    SECTION("a smaller limit, for the server's tests")
    {
        FrameDecoder d(16);
        d.feed("{\"a\":\"1234567\"}\n");   // 15 bytes
        d.feed("{\"a\":\"12345678\"}\n");  // 16 bytes
        d.feed("{\"a\":\"123456789\"}\n"); // 17 bytes
        const auto out = drain(d);
        CHECK(out.frames.size() == 2);
        CHECK(out.errors == QList<ErrorCode>{ErrorCode::BadFrame});
    }
}

TEST_CASE("an endless line without a newline is reported once and not buffered")
{
    FrameDecoder d;
    const QByteArray chunk(1000, 'a');
    qsizetype largest = 0;
    for (int i = 0; i < 10'000; ++i) { // 10 MB
        d.feed(chunk);
        largest = std::max(largest, d.bufferedBytes());
    }
    CHECK(largest <= kMaxFrameBytes);
    CHECK(d.discarding());
    auto out = drain(d);
    CHECK(out.errors == QList<ErrorCode>{ErrorCode::BadFrame});
    CHECK(out.frames.isEmpty());

    // The peer ends the line; what follows is decoded again.
    d.feed("tail of the long line\n{\"ok\":1}\n");
    out = drain(d);
    CHECK(out.errors.isEmpty());
    REQUIRE(out.frames.size() == 1);
    CHECK(out.frames[0].value(u"ok"_s).toInt() == 1);
    CHECK(d.bufferedBytes() == 0);
}

TEST_CASE("over-long lines in one big feed give one error each")
{
    FrameDecoder d(10);
    d.feed(
        QByteArray(QByteArray(25, 'x') + '\n' + QByteArray(11, 'y') + '\n' + "{}\n" + QByteArray(100, 'z')));
    const auto out = drain(d);
    CHECK(out.errors == QList<ErrorCode>{ErrorCode::BadFrame, ErrorCode::BadFrame, ErrorCode::BadFrame});
    CHECK(out.frames.size() == 1);
    CHECK(out.order == QList<int>{1, 1, 0, 1});
}

TEST_CASE("bad frames: invalid UTF-8, not JSON, not an object, truncated")
{
    const auto one = [](const QByteArray &line) {
        FrameDecoder d;
        d.feed(QByteArray(line + '\n'));
        auto next = d.next();
        REQUIRE(next.has_value());
        CHECK_FALSE(d.next().has_value());
        return *next;
    };
    struct Case
    {
        const char *what;
        QByteArray line;
        const char16_t *message;
    };
    const QList<Case> cases = {
        {"invalid UTF-8 in a string", QByteArray("{\"a\":\"\xff\xfe\"}"), u"UTF-8"},
        {"an overlong encoding of '/'", QByteArray("{\"a\":\"\xc0\xaf\"}"), u"UTF-8"},
        {"an encoded surrogate", QByteArray("{\"a\":\"\xed\xa0\x80\"}"), u"UTF-8"},
        {"a truncated sequence at the end", QByteArray("{\"a\":1}\xe2\x82"), u"UTF-8"},
        {"not JSON", QByteArray("hello"), u"not valid JSON"},
        {"truncated JSON", QByteArray(R"({"id":1,"op":"pi)"), u"not valid JSON"},
        {"garbage after the object", QByteArray(R"({"id":1} {"id":2})"), u"not valid JSON"},
        {"an array", QByteArray(R"([1,2,3])"), u"JSON object"},
        {"a string", QByteArray(R"("hello")"), u"JSON object"},
        {"a number", QByteArray("42"), u"JSON object"},
        {"null", QByteArray("null"), u"JSON object"},
    };
    for (const Case &c : cases) {
        INFO(c.what);
        const auto r = one(c.line);
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().code == ErrorCode::BadFrame);
        CHECK(r.error().message.contains(QString::fromUtf16(c.message)));
    }
}

TEST_CASE("valid multi-byte UTF-8 passes")
{
    CHECK(isValidUtf8("plain ascii"));
    CHECK(isValidUtf8("\xd0\x9e\xd0\xba\xd0\xbd\xd0\xbe")); // Окно
    CHECK(isValidUtf8("\xe2\x82\xbd"));                     // ₽
    CHECK(isValidUtf8("\xf0\x9f\x98\x80"));                 // 😀
    CHECK_FALSE(isValidUtf8("\xf4\x90\x80\x80"));           // above U+10FFFF
    CHECK_FALSE(isValidUtf8("\xe0\x80\xaf"));               // overlong
    CHECK_FALSE(isValidUtf8("\x80"));                       // lone continuation
    CHECK_FALSE(isValidUtf8("\xf8\x88\x80\x80\x80"));       // five-byte form
}

TEST_CASE("clear() forgets everything")
{
    FrameDecoder d;
    d.feed("{\"a\":1}\n{\"b\":");
    d.clear();
    CHECK(d.bufferedBytes() == 0);
    CHECK_FALSE(d.next().has_value());
    d.feed("{\"c\":3}\n");
    auto next = d.next();
    REQUIRE(next.has_value());
    CHECK(next->value().contains(u"c"_s));
}

TEST_CASE("a string that starts with U+FEFF keeps it, sent as raw UTF-8 or escaped")
{
    // Qt's JSON reader alone would drop it: it reads an unescaped string with QString::fromUtf8,
    // which takes a leading U+FEFF for a byte-order mark.
    const QString bom(QChar(0xFEFF));
    FrameDecoder d;
    d.feed("{\"a\":\"\xEF\xBB\xBF\xD0\x98\xD0\xB2\",\"b\":[\"\xEF\xBB\xBF\"],\"c\":{\"d\":\"x\xEF\xBB\xBF\"},"
           "\"e\":\"\\ufeffy\",\"\xEF\xBB\xBFk\":1}\n");
    d.feed("{\"f\":\"\xEF\xBB\xBFz\"}\n");
    // A byte-order mark in front of a frame is not JSON (RFC 8259: a sender must not add one).
    d.feed("\xEF\xBB\xBF{\"f\":\"z\"}\n");
    const Drained out = drain(d);
    REQUIRE(out.order == QList<int>{0, 0, 1});
    CHECK(out.errors[0] == ErrorCode::BadFrame);
    REQUIRE(out.frames.size() == 2);
    const QJsonObject &o = out.frames[0];
    CHECK(o.value(u"a"_s).toString() == bom + u"Ив"_s);
    CHECK(o.value(u"b"_s).toArray().at(0).toString() == bom);
    CHECK(o.value(u"c"_s).toObject().value(u"d"_s).toString() == u"x"_s + bom);
    CHECK(o.value(u"e"_s).toString() == bom + u"y"_s);
    CHECK(o.contains(bom + u"k"_s));
    CHECK(out.frames[1].value(u"f"_s).toString() == bom + u"z"_s);

    // After an escaped backslash it is a character like any other; after a lone one, a broken
    // escape that stays a bad frame.
    d.feed("{\"g\":\"\\\\\xEF\xBB\xBFx\"}\n{\"h\":\"\\\xEF\xBB\xBF\"}\n");
    const Drained more = drain(d);
    REQUIRE(more.order == QList<int>{0, 1});
    CHECK(more.frames[0].value(u"g"_s).toString() == u"\\"_s + bom + u"x"_s);
    CHECK(more.errors[0] == ErrorCode::BadFrame);
}

TEST_CASE("encodeFrame writes U+FEFF as an escape; every string comes back exactly")
{
    const QString bom(QChar(0xFEFF));
    const QJsonObject o{{u"name"_s, QString(bom + u"Иванов"_s)},
                        {u"list"_s, QJsonArray{bom, QString(u"a"_s + bom)}},
                        {u"nested"_s, QJsonObject{{u"n"_s, QString(bom + bom)}}},
                        {u"plain"_s, u"Окно 😀 e\u0301"_s}};
    const QByteArray frame = encodeFrame(o);
    CHECK_FALSE(frame.contains("\xEF\xBB\xBF"));
    CHECK(frame.contains("\\ufeff"));
    CHECK(frame.contains("Окно 😀")); // other text stays plain UTF-8
    CHECK(frame.endsWith('\n'));
    CHECK(frame.count('\n') == 1);
    FrameDecoder d;
    d.feed(frame);
    const Drained out = drain(d);
    REQUIRE(out.frames.size() == 1);
    CHECK(out.frames[0] == o);
    CHECK(out.frames[0].value(u"name"_s).toString() == bom + u"Иванов"_s);
}

TEST_CASE(
    "frames are strict JSON: each lenient form a reader might accept is a bad frame, saying what and where")
{
    const struct
    {
        QByteArray frame;
        const char *says;
    } lenient[]{
        {R"({"a":.5})", "not a JSON value"},
        {R"({"a":1.})", "no digit after its decimal point"},
        {R"({"a":01})", "a ',' or '}' is missing"},
        {R"({"a":1e})", "no digit in its exponent"},
        {R"({"a":+1})", "not a JSON value"},
        {QByteArray("{\"a\":\"x\ty\"}"), "control character inside a string"},
        {QByteArray("{\"a\":\"x\0y\"}", 11), "control character inside a string"},
        {R"({"a":"\x41"})", "an escape JSON does not have"},
        {R"({"a":"\u00g1"})", "four hexadecimal digits"},
        {"\xEF\xBB\xBF{}", "a byte-order mark"},
        {R"({'a':1})", "a member's name must be a string"},
        {R"({"a":1,})", "a member's name must be a string"},
        {R"([1,])", "not a JSON value"},
        {R"({"a":tru})", "not a JSON value"},
        {R"({"a":1} x)", "text after the JSON value"},
        {R"({"a":"open)", "without its closing quote"},
        {QByteArray(300, '[') + QByteArray(300, ']'), "nesting too deep"},
        // Strict JSON, but beyond a double's range: RFC 8259 lets a reader refuse it, Qt's does,
        // and docs/protocol.md says so (found by fuzz_frames, tests/fuzz/regressions).
        {R"({"a":1e400})", "illegal number"},
        {R"({"a":-1E+309})", "illegal number"},
    };
    for (const auto &l : lenient) {
        INFO(l.frame.toStdString());
        FrameDecoder d;
        d.feed(QByteArray(l.frame + '\n'));
        const auto r = d.next();
        REQUIRE(r);
        REQUIRE_FALSE(r->ok());
        CHECK(r->error().code == ErrorCode::BadFrame);
        CHECK(r->error().message.contains(QString::fromLatin1(l.says)));
        CHECK(r->error().message.contains(u"at byte"_s));
    }
    // What RFC 8259 allows is read as before.
    FrameDecoder d;
    d.feed(" {\"a\" : -0.5e+10, \"b\":\"\\u00e9\\n\\t\\/\\\"\", "
           "\"c\":[true,false,null,0,1E3,2.25],\r \"d\":{}}\t\n");
    const auto r = d.next();
    REQUIRE(r);
    REQUIRE(r->ok());
    CHECK(r->value().value(u"a"_s).toDouble() == -0.5e10);
    CHECK(r->value().value(u"b"_s).toString() == u"é\n\t/\""_s);
    CHECK(r->value().value(u"c"_s).toArray().size() == 6);
}
