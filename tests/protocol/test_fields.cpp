#include "ProtocolTestSupport.h"

#include <protocol/Fields.h>

#include <core/Types.h>

using namespace okno;
using namespace okno::protocol;
using namespace okno::test;
using namespace Qt::StringLiterals;

namespace {

// The error a single read of `object` records.
template <typename Read> Error errorOf(const char *object, Read read)
{
    Fields f(json(object));
    read(f);
    REQUIRE_FALSE(f.ok());
    return f.status().error();
}

template <typename Read>
void expectError(const char *object, Read read, ErrorCode code, const char16_t *message)
{
    INFO(object);
    const Error e = errorOf(object, read);
    CHECK(e.code == code);
    CHECK(e.message == QString::fromUtf16(message));
}

} // namespace

TEST_CASE("missing and wrongly typed fields are BadRequest, naming the field")
{
    const auto id = [](Fields &f) { f.requireId("visitId"); };
    expectError(R"({})", id, ErrorCode::BadRequest, u"field \"visitId\" is required");
    expectError(R"({"visitId":null})", id, ErrorCode::BadRequest, u"field \"visitId\" is required");
    expectError(R"({"visitId":"12"})", id, ErrorCode::BadRequest,
                u"field \"visitId\" must be an integer, got a string");
    expectError(R"({"visitId":1.5})", id, ErrorCode::BadRequest,
                u"field \"visitId\" must be an integer, got 1.5");
    expectError(R"({"visitId":true})", id, ErrorCode::BadRequest,
                u"field \"visitId\" must be an integer, got a boolean");
    expectError(R"({"visitId":[1]})", id, ErrorCode::BadRequest,
                u"field \"visitId\" must be an integer, got an array");

    const auto amount = [](Fields &f) { f.requireInt("amount", 0, 1000); };
    expectError(R"({"amount":"5"})", amount, ErrorCode::BadRequest,
                u"field \"amount\" must be an integer, got a string");

    expectError(R"({"login":5})", [](Fields &f) { f.requireString("login"); }, ErrorCode::BadRequest,
                u"field \"login\" must be a string, got a number");
    expectError(R"({"open":"yes"})", [](Fields &f) { f.requireBool("open"); }, ErrorCode::BadRequest,
                u"field \"open\" must be a boolean, got a string");
    expectError(R"({"open":1})", [](Fields &f) { f.optionalBool("open", false); }, ErrorCode::BadRequest,
                u"field \"open\" must be a boolean, got a number");
    expectError(R"({"list":{}})", [](Fields &f) { f.requireArray("list"); }, ErrorCode::BadRequest,
                u"field \"list\" must be an array, got an object");
    expectError(R"({"centre":[]})", [](Fields &f) { f.requireObject("centre"); }, ErrorCode::BadRequest,
                u"field \"centre\" must be an object, got an array");
    expectError(R"({"date":20261123})", [](Fields &f) { f.requireDate("date"); }, ErrorCode::BadRequest,
                u"field \"date\" must be a string, got a number");
    expectError(R"({"mean":"1"})", [](Fields &f) { f.requireNumber("mean"); }, ErrorCode::BadRequest,
                u"field \"mean\" must be a number, got a string");
    expectError(R"({"role":7})", [](Fields &f) { f.requireEnum("role", &roleFromName); },
                ErrorCode::BadRequest, u"field \"role\" must be a string, got a number");
}

TEST_CASE("well-typed values out of range are InvalidArgument")
{
    const auto id = [](Fields &f) { f.requireId("visitId"); };
    expectError(R"({"visitId":0})", id, ErrorCode::InvalidArgument,
                u"field \"visitId\" must be a positive integer, got 0");
    expectError(R"({"visitId":-3})", id, ErrorCode::InvalidArgument,
                u"field \"visitId\" must be a positive integer, got -3");
    expectError(R"({"visitId":9007199254740993})", id, ErrorCode::InvalidArgument,
                u"field \"visitId\" is too large, got 9007199254740993");
    expectError(R"({"visitId":1e300})", id, ErrorCode::InvalidArgument,
                u"field \"visitId\" is too large, got 1.0000000000000001e+300");

    const auto minutes = [](Fields &f) { f.optionalInt("minutes", 5, 1, 600); };
    expectError(R"({"minutes":0})", minutes, ErrorCode::InvalidArgument,
                u"field \"minutes\" must be between 1 and 600, got 0");
    expectError(R"({"minutes":601})", minutes, ErrorCode::InvalidArgument,
                u"field \"minutes\" must be between 1 and 600, got 601");

    expectError(R"({"login":"   "})", [](Fields &f) { f.requireString("login"); }, ErrorCode::InvalidArgument,
                u"field \"login\" must not be empty");
    expectError(R"({"code":"ABCDEFGHIJK"})", [](Fields &f) { f.requireString("code", 10); },
                ErrorCode::InvalidArgument, u"field \"code\" must be at most 10 characters long, got 11");
    expectError(R"({"note":"one\ntwo"})", [](Fields &f) { f.optionalString("note"); },
                ErrorCode::InvalidArgument,
                u"field \"note\" must not contain control characters (U+000A at character 4)");
    expectError(R"({"note":"bell\u0007"})", [](Fields &f) { f.optionalString("note"); },
                ErrorCode::InvalidArgument,
                u"field \"note\" must not contain control characters (U+0007 at character 5)");
    expectError(R"({"note":"c1\u0085c1"})", [](Fields &f) { f.optionalString("note"); },
                ErrorCode::InvalidArgument,
                u"field \"note\" must not contain control characters (U+0085 at character 3)");
    expectError(R"({"note":"lone \ud800 surrogate"})", [](Fields &f) { f.optionalString("note"); },
                ErrorCode::InvalidArgument,
                u"field \"note\" must not contain unpaired surrogates (U+D800 at character 6)");

    expectError(R"({"role":"boss"})", [](Fields &f) { f.requireEnum("role", &roleFromName); },
                ErrorCode::InvalidArgument, u"field \"role\" has an unknown value \"boss\"");
    expectError(R"({"state":"asleep"})",
                [](Fields &f) { f.optionalEnum("state", DeskState::Closed, &deskStateFromName); },
                ErrorCode::InvalidArgument, u"field \"state\" has an unknown value \"asleep\"");

    const auto date = [](Fields &f) { f.requireDate("date"); };
    expectError(R"({"date":"2026-13-01"})", date, ErrorCode::InvalidArgument,
                u"field \"date\" must be a date as yyyy-MM-dd, got \"2026-13-01\"");
    expectError(R"({"date":"2026-02-30"})", date, ErrorCode::InvalidArgument,
                u"field \"date\" must be a date as yyyy-MM-dd, got \"2026-02-30\"");
    expectError(R"({"date":"2026-1-05"})", date, ErrorCode::InvalidArgument,
                u"field \"date\" must be a date as yyyy-MM-dd, got \"2026-1-05\"");
    expectError(R"({"date":"23.11.2026"})", date, ErrorCode::InvalidArgument,
                u"field \"date\" must be a date as yyyy-MM-dd, got \"23.11.2026\"");

    const auto time = [](Fields &f) { f.requireTime("opens"); };
    expectError(R"({"opens":"24:00"})", time, ErrorCode::InvalidArgument,
                u"field \"opens\" must be a time as HH:mm, got \"24:00\"");
    expectError(R"({"opens":"8:00"})", time, ErrorCode::InvalidArgument,
                u"field \"opens\" must be a time as HH:mm, got \"8:00\"");
    expectError(R"({"opens":"08:00:00"})", time, ErrorCode::InvalidArgument,
                u"field \"opens\" must be a time as HH:mm, got \"08:00:00\"");

    const auto at = [](Fields &f) { f.requireDateTime("at"); };
    for (const char *bad : {R"({"at":"2026-11-23T09:15:00"})",      // no zone: ambiguous
                            R"({"at":"2026-11-23 09:15:00Z"})",     // no T
                            R"({"at":"2026-11-23T09:15Z"})",        // no seconds
                            R"({"at":"2026-11-23T24:00:00Z"})",     // 24:00
                            R"({"at":"2026-02-30T09:15:00Z"})",     // no such day
                            R"({"at":"2026-11-23T09:15:00+3"})"}) { // offset as hh:mm
        INFO(bad);
        const Error e = errorOf(bad, at);
        CHECK(e.code == ErrorCode::InvalidArgument);
        CHECK(e.message.startsWith(u"field \"at\" must be an ISO-8601 time"_s));
    }
}

TEST_CASE("a long hostile value is not echoed in full")
{
    const QByteArray text = "{\"date\":\"" + QByteArray(400, '9') + "\"}";
    const Error e = errorOf(text.constData(), [](Fields &f) { f.requireDate("date"); });
    CHECK(e.code == ErrorCode::InvalidArgument);
    CHECK(e.message.size() < 120);
}

TEST_CASE("good values are read, trimmed and converted")
{
    Fields f(json(R"({
        "visitId": 42, "big": 9007199254740992, "asDouble": 7.0,
        "name": "  Иванова Мария  ", "empty": "", "secret": "  pass word ",
        "count": 3, "open": true, "date": "2026-11-23", "time": "08:30",
        "atZ": "2026-11-23T09:15:00.250Z", "atOffset": "2026-11-23T12:15:00+03:00",
        "atMicros": "2026-11-23T09:15:00.123456Z",
        "role": "system_administrator", "ids": [3, 1, 2], "list": [1], "obj": {"a": 1}, "share": 0.75
    })"));
    CHECK(f.requireId("visitId") == 42);
    CHECK(f.requireId("big") == kMaxSafeInteger);
    CHECK(f.requireId("asDouble") == 7);
    CHECK(f.requireString("name") == u"Иванова Мария"_s);
    CHECK(f.optionalString("empty", u"fallback"_s) == QString());
    CHECK(f.optionalString("absent", u"fallback"_s) == u"fallback"_s);
    CHECK(f.requireSecret("secret") == u"  pass word "_s); // passwords are not trimmed
    CHECK_FALSE(f.optionalSecret("absent").has_value());
    CHECK(f.optionalInt("count", 0, 0, 10) == 3);
    CHECK(f.optionalInt("absent", 7, 0, 10) == 7);
    CHECK(f.requireBool("open"));
    CHECK_FALSE(f.optionalBool("absent", false));
    CHECK(f.requireDate("date") == QDate(2026, 11, 23));
    CHECK_FALSE(f.optionalDate("absent").isValid());
    CHECK(f.requireTime("time") == QTime(8, 30));
    CHECK(f.requireDateTime("atZ") == utc(2026, 11, 23, 9, 15, 0, 250));
    CHECK(f.requireDateTime("atZ").timeSpec() == Qt::UTC);
    CHECK(f.requireDateTime("atOffset") == utc(2026, 11, 23, 9, 15));
    CHECK(f.requireDateTime("atOffset").timeSpec() == Qt::UTC);
    CHECK(f.requireDateTime("atMicros") == utc(2026, 11, 23, 9, 15, 0, 123));
    CHECK(f.requireEnum("role", &roleFromName) == Role::SystemAdministrator);
    CHECK(f.optionalEnum("absent", Role::Kiosk, &roleFromName) == Role::Kiosk);
    CHECK(f.optionalIdList("ids") == QList<Id>{3, 1, 2});
    CHECK(f.optionalIdList("absent").isEmpty());
    CHECK(f.requireArray("list").size() == 1);
    CHECK(f.requireObject("obj").value(u"a"_s).toInt() == 1);
    CHECK(f.requireNumber("share") == 0.75);
    CHECK(f.optionalId("absent") == 0);
    CHECK(f.has("visitId"));
    CHECK_FALSE(f.has("absent"));
    CHECK(f.ok());
    CHECK(f.status().ok());
}

TEST_CASE("optional fields: absent and null are the same; 0 is 'none' for an optional id")
{
    Fields f(json(R"({"deskId": 0, "note": null, "centreId": null})"));
    CHECK(f.optionalId("deskId") == 0);
    CHECK(f.optionalId("centreId") == 0);
    CHECK(f.optionalString("note", u"x"_s) == u"x"_s);
    CHECK(f.ok());
    expectError(R"({"deskId":-1})", [](Fields &f2) { f2.optionalId("deskId"); }, ErrorCode::InvalidArgument,
                u"field \"deskId\" must be a positive integer, got -1");
}

TEST_CASE("id lists: each element checked, duplicates refused")
{
    expectError(R"({"queueIds":[1,"2"]})", [](Fields &f) { f.optionalIdList("queueIds"); },
                ErrorCode::BadRequest, u"field \"queueIds[1]\" must be an integer, got a string");
    expectError(R"({"queueIds":[1,0]})", [](Fields &f) { f.optionalIdList("queueIds"); },
                ErrorCode::InvalidArgument, u"field \"queueIds[1]\" must be a positive integer, got 0");
    expectError(R"({"queueIds":[4,4]})", [](Fields &f) { f.optionalIdList("queueIds"); },
                ErrorCode::InvalidArgument, u"field \"queueIds[1]\" repeats id 4");
}

TEST_CASE("the first error is kept; later reads give their fallback")
{
    Fields f(json(R"({"a": "x", "b": 5})"));
    CHECK(f.requireId("a") == 0);
    CHECK(f.requireString("missing") == QString());
    CHECK(f.optionalInt("b", 9, 0, 10) == 5); // a good read still reads
    REQUIRE_FALSE(f.ok());
    CHECK(f.status().error().message == u"field \"a\" must be an integer, got a string"_s);
}

TEST_CASE("nested readers name the full path and share the error")
{
    Fields f(json(R"({"centre": {"schedule": {"week": [{"day": 1}, {"day": 2, "opens": 8}]}}})"), u"body"_s);
    Fields centre = f.object("centre");
    Fields schedule = centre.object("schedule");
    const QJsonArray week = schedule.requireArray("week");
    Fields day0 = schedule.element("week", week, 0);
    CHECK(day0.requireInt("day", 1, 7) == 1);
    CHECK(f.ok());
    Fields day1 = schedule.element("week", week, 1);
    day1.requireTime("opens");
    REQUIRE_FALSE(f.ok()); // the root sees the nested failure
    CHECK(f.status().error().code == ErrorCode::BadRequest);
    CHECK(f.status().error().message ==
          u"field \"body.centre.schedule.week[1].opens\" must be a string, got a number"_s);

    Fields g(json(R"({"items": [1]})"));
    const QJsonArray items = g.requireArray("items");
    Fields item = g.element("items", items, 0);
    CHECK(item.object().isEmpty());
    CHECK(g.status().error().message == u"field \"items[0]\" must be an object, got a number"_s);
}

TEST_CASE("string length counts characters, not UTF-16 units or bytes")
{
    Fields f(json(R"({"a": "ЁЁЁЁЁ", "b": "😀😀😀😀😀"})"));
    CHECK(f.requireString("a", 5) == u"ЁЁЁЁЁ"_s);
    CHECK(f.requireString("b", 5).size() == 10);
    CHECK(f.ok());
}

TEST_CASE("default string limit is 500 characters")
{
    const QByteArray ok = "{\"s\":\"" + QByteArray(500, 'a') + "\"}";
    const QByteArray tooLong = "{\"s\":\"" + QByteArray(501, 'a') + "\"}";
    Fields good(json(ok.constData()));
    CHECK(good.requireString("s").size() == 500);
    CHECK(good.ok());
    expectError(
        tooLong.constData(), [](Fields &f) { f.requireString("s"); }, ErrorCode::InvalidArgument,
        u"field \"s\" must be at most 500 characters long, got 501");
}

TEST_CASE("text the server could not keep is refused, naming the field and the character")
{
    const auto name = [](Fields &f) { f.optionalString("customerName"); };
    const auto refused = [&](const char *object, const char16_t *message) {
        expectError(object, name, ErrorCode::InvalidArgument, message);
    };
    // Noncharacters: U+FFFE (a byte-swapped byte-order mark), U+FFFF, U+FDD0–U+FDEF and the last
    // two code points of every plane.
    refused(R"({"customerName":"\ufffeИванов"})",
            u"field \"customerName\" must not contain noncharacters (U+FFFE at character 1)");
    refused("{\"customerName\":\"\xEF\xBF\xBE\xD0\x98\"}", // the same as raw UTF-8
            u"field \"customerName\" must not contain noncharacters (U+FFFE at character 1)");
    refused(R"({"customerName":"Иванов\uffff"})",
            u"field \"customerName\" must not contain noncharacters (U+FFFF at character 7)");
    refused(R"({"customerName":"a\ufdd0"})",
            u"field \"customerName\" must not contain noncharacters (U+FDD0 at character 2)");
    refused(R"({"customerName":"a\ufdef"})",
            u"field \"customerName\" must not contain noncharacters (U+FDEF at character 2)");
    refused(R"({"customerName":"😀\ud83f\udffe"})",
            u"field \"customerName\" must not contain noncharacters (U+1FFFE at character 2)");
    refused(R"({"customerName":"\udbff\udfff"})",
            u"field \"customerName\" must not contain noncharacters (U+10FFFF at character 1)");
    // NUL and other control characters, unpaired surrogates.
    refused(R"({"customerName":"a\u0000b"})",
            u"field \"customerName\" must not contain control characters (U+0000 at character 2)");
    refused(R"({"customerName":"a\u007f"})",
            u"field \"customerName\" must not contain control characters (U+007F at character 2)");
    refused(R"({"customerName":"a\tb"})",
            u"field \"customerName\" must not contain control characters (U+0009 at character 2)");
    refused(R"({"customerName":"ab\udc00"})",
            u"field \"customerName\" must not contain unpaired surrogates (U+DC00 at character 3)");
    refused(R"({"customerName":"\udc00\ud800"})",
            u"field \"customerName\" must not contain unpaired surrogates (U+DC00 at character 1)");
    // Required strings, passwords and nested fields alike.
    expectError(R"({"purpose":"\ufffe"})", [](Fields &f) { f.requireString("purpose"); },
                ErrorCode::InvalidArgument,
                u"field \"purpose\" must not contain noncharacters (U+FFFE at character 1)");
    expectError(R"({"password":"long enough\uffff"})", [](Fields &f) { f.requireSecret("password"); },
                ErrorCode::InvalidArgument,
                u"field \"password\" must not contain noncharacters (U+FFFF at character 12)");
    expectError(R"({"centre":{"name":"ЦОК\ufdd0"}})",
                [](Fields &f) { f.object("centre").requireString("name"); }, ErrorCode::InvalidArgument,
                u"field \"centre.name\" must not contain noncharacters (U+FDD0 at character 4)");
}

TEST_CASE("valid text is read exactly as sent")
{
    const QList<QString> samples{
        u"\uFEFFИванов"_s, // a leading zero width no-break space (a byte-order mark)
        u"a\uFEFFb"_s,     // … and inside
        u"😀 𝔸𝔹 👩‍👩‍👧 🇷🇺"_s, // astral characters, a ZWJ sequence, a flag
        u"\u0438\u0306 e\u0301\u0323"_s,                // combining marks
        u"مرحبا עברית \u200Fx\u202Eabc\u202C"_s,        // right-to-left text, direction marks
        u"a\u200Bb\u2060c"_s,                           // zero-width characters
        u"a\u2028b"_s,                                  // a line separator inside (not a control character)
        u"\uFFFD"_s,                                    // the replacement character itself
        u"\uE000\U000F0000"_s,                          // private use
        u"\u0378\U0002FFFD"_s,                          // not yet assigned, but not noncharacters
    };
    for (const QString &text : samples) {
        INFO(text.toStdString());
        Fields f(QJsonObject{{u"customerName"_s, text}});
        const QString read = f.optionalString("customerName");
        CHECK(f.ok());
        CHECK(read == text);
        CHECK(read.size() == text.size());
    }
}
