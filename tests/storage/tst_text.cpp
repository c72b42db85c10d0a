// Text round-trips exactly, byte for byte, in every text column the server writes from what
// people type: a visit (customer name, account number, purpose, stage note), staff (full name,
// position), a centre (name, address), a consultation (account, notes, appeal number, meter
// numbers). Qt's SQLite driver binds every QString as UTF-16; SQLite reads a leading U+FEFF or
// U+FFFE of such a value as a byte-order mark, and it cannot keep U+FFFE, U+FFFF or unpaired
// surrogates at all. This test finds exactly which strings do not come back as they went in.
#include "StorageTestSupport.h"

#include <core/FrontOffice.h>

using namespace okno;
using namespace okno::test;
using namespace Qt::StringLiterals;

namespace {

struct Sample
{
    const char *name;
    QString text;
    QString stored; // what comes back
};

// One code point. (Not QString::fromUcs4, which takes a leading U+FEFF for a byte-order mark.)
QString ch(char32_t c)
{
    if (QChar::requiresSurrogates(c)) {
        const QChar pair[2]{QChar(QChar::highSurrogate(c)), QChar(QChar::lowSurrogate(c))};
        return QString(pair, 2);
    }
    return QString(QChar(char16_t(c)));
}

QString unit(char16_t c) // one UTF-16 code unit, even half a surrogate pair
{
    return QString(QChar(c));
}

// Valid Unicode text of every kind: it must come back exactly.
// Valid text with U+0000 in it: SQLite keeps it; PostgreSQL's text cannot hold it.
QList<Sample> textWithNul()
{
    QString nulInside = u"Иван"_s;
    nulInside += QChar(u'\0');
    nulInside += u"ов"_s;
    const QString leading = QString(QChar(u'\0')) + u"abc"_s;
    return {{"NUL inside", nulInside, nulInside}, {"a leading NUL", leading, leading}};
}

QList<Sample> validText()
{
    QString longText;
    while (longText.size() < 100000)
        longText += u"Жж😀𝔸é "_s;
    const QList<std::pair<const char *, QString>> samples{
        {"plain Cyrillic", u"Иванов Иван Иванович"_s},
        {"a leading U+FEFF (zero width no-break space)", ch(0xFEFF) + u"Иванов"_s},
        {"two leading U+FEFF", ch(0xFEFF) + ch(0xFEFF) + u"x"_s},
        {"U+FEFF inside and at the end", u"a"_s + ch(0xFEFF) + u"b"_s + ch(0xFEFF)},
        {"only U+FEFF", ch(0xFEFF)},
        {"a leading U+FEFF before an astral character", ch(0xFEFF) + u"😀"_s},
        {"U+FFFD, the replacement character", ch(0xFFFD) + u"x"_s + ch(0xFFFD)},
        {"astral characters: emoji, mathematical letters, a ZWJ family, a flag",
         u"😀 𝔸𝔹 👩‍👩‍👧 🇷🇺 𐍈"_s},
        {"a leading astral character", u"𝔸бв"_s},
        {"combining marks", u"й \u0438\u0306 \u0435\u0308 Z̷̢͔ e\u0301\u0302\u0323"_s},
        {"right-to-left text with direction marks and an override", u"مرحبا עברית \u200Fx\u202Eabc\u202C"_s},
        {"zero-width characters", u"a\u200Bb\u200Cc\u200Dd\u2060e"_s},
        {"line and paragraph separators", u"a\u2028b\u2029c"_s},
        {"private use characters", ch(0xE000) + ch(0xF8FF) + ch(0xF0000)},
        {"unassigned code points", ch(0x0378) + ch(0x2FFFD) + ch(0xE0080)},
        {"noncharacters other than U+FFFE and U+FFFF", ch(0xFDD0) + ch(0xFDEF) + ch(0x1FFFE) + ch(0x10FFFF)},
        {"a leading noncharacter U+FDD0", ch(0xFDD0) + u"abc"_s},
        {"control characters", u"\t\n\r\x01\x1b\x7f"_s + ch(0x85) + ch(0x9F)},
        {"100 000 characters", longText},
    };
    QList<Sample> out;
    for (const auto &[name, text] : samples)
        out.append({name, text, text});
    return out;
}

// What SQLite cannot keep: U+FFFE and U+FFFF read back as U+FFFD (wherever they stand), and so
// does an unpaired surrogate; nothing else in the string changes. The protocol refuses all of
// these, so the server never acknowledges them.
QList<Sample> textStorageCannotKeep()
{
    const QString r = ch(0xFFFD);
    return {
        {"a leading U+FFFE", ch(0xFFFE) + u"Иванов"_s, r + u"Иванов"_s},
        {"U+FFFE inside", u"a"_s + ch(0xFFFE) + u"b"_s, u"a"_s + r + u"b"_s},
        {"U+FEFF then U+FFFE", ch(0xFEFF) + ch(0xFFFE) + u"x"_s, ch(0xFEFF) + r + u"x"_s},
        {"a leading U+FFFF", ch(0xFFFF) + u"abc"_s, r + u"abc"_s},
        {"a leading unpaired high surrogate", unit(0xD800) + u"abc"_s, r + u"abc"_s},
        {"an unpaired high surrogate before an astral character", unit(0xD800) + u"😀"_s, r + u"😀"_s},
        {"a trailing unpaired low surrogate", u"abc"_s + unit(0xDC00), u"abc"_s + r},
        {"a pair in the wrong order", u"a"_s + unit(0xDC00) + unit(0xD800) + u"b"_s, u"a"_s + r + r + u"b"_s},
    };
}

// The UTF-16 code units, in hex, for messages.
std::string hex(const QString &s)
{
    QString out;
    for (qsizetype i = 0; i < s.size() && i < 24; ++i)
        out += QString::number(s.at(i).unicode(), 16).rightJustified(4, u'0') + u' ';
    if (s.size() > 24)
        out += u"… ("_s + QString::number(s.size()) + u" units)"_s;
    return out.trimmed().toStdString();
}

QByteArray bytes(const QString &s)
{
    return QByteArray(reinterpret_cast<const char *>(s.utf16()), s.size() * qsizetype(sizeof(char16_t)));
}

void checkSame(const char *field, const QString &loaded, const QString &expected)
{
    INFO(field << ": expected " << hex(expected) << ", read back " << hex(loaded));
    CHECK(bytes(loaded) == bytes(expected));
}

// Writes `text` into every text field of a new centre, account, visit and consultation, reads
// them back and compares each with `expected`.
void roundTrip(Database &db, Id id, const QString &text, const QString &expected)
{
    Centre c = makeCentre(id, u"TEXT-%1"_s.arg(id));
    c.name = text;
    c.address = text;
    Staff s = makeStaff(id, 1, u"text%1"_s.arg(id), Role::Consultant);
    s.fullName = text;
    s.position = text;
    Visit v = makeVisit(id, QDate(2026, 11, 23));
    v.customerName = text;
    v.accountNumber = text;
    v.purpose = text;
    v.stages[0].note = text;
    Consultation k;
    k.visitId = id;
    k.stageIndex = 0;
    k.centreId = 1;
    k.staffId = 32;
    k.accountNumber = text;
    k.topic = u"other"_s;
    k.notes = text;
    k.appealNumber = text;
    k.readings = {{text, 1, -1}};
    k.createdAt = k.updatedAt = utc(2026, 11, 23, 7, 0);
    requireOk(db.apply(WriteBatch().putCentre(c).putStaff(s, u"hash"_s).putVisit(v).putConsultation(k)));

    bool centreFound = false;
    for (const Centre &loaded : requireValue(db.loadCentres())) {
        if (loaded.id != id)
            continue;
        centreFound = true;
        checkSame("centre name", loaded.name, expected);
        checkSame("centre address", loaded.address, expected);
    }
    CHECK(centreFound);
    bool staffFound = false;
    for (const Staff &loaded : requireValue(db.loadStaff())) {
        if (loaded.id != id)
            continue;
        staffFound = true;
        checkSame("staff fullName", loaded.fullName, expected);
        checkSame("staff position", loaded.position, expected);
    }
    CHECK(staffFound);
    const auto visit = requireValue(db.loadVisit(id));
    REQUIRE(visit.has_value());
    checkSame("visit customerName", visit->customerName, expected);
    checkSame("visit accountNumber", visit->accountNumber, expected);
    checkSame("visit purpose", visit->purpose, expected);
    REQUIRE(visit->stages.size() == 1);
    checkSame("stage note", visit->stages[0].note, expected);
    const auto consultation = requireValue(db.loadConsultation(id, 0));
    REQUIRE(consultation.has_value());
    checkSame("consultation accountNumber", consultation->accountNumber, expected);
    checkSame("consultation notes", consultation->notes, expected);
    checkSame("consultation appealNumber", consultation->appealNumber, expected);
    REQUIRE(consultation->readings.size() == 1);
    checkSame("meter number", consultation->readings[0].meterNumber, expected);
}

} // namespace

TEST_CASE("valid Unicode text round-trips byte for byte in every text column", "[storage][text]")
{
    TempDatabase t;
    auto db = t.open();
    requireOk(db->apply(seedConfigurationBatch()));
    Id id = 100;
    for (const Sample &s : validText()) {
        INFO("sample: " << s.name);
        roundTrip(*db, ++id, s.text, s.stored);
    }
}

TEST_CASE("NUL in text: SQLite keeps it; PostgreSQL refuses the write, saying why, and stores nothing",
          "[storage][text]")
{
    TempDatabase t;
    auto db = t.open();
    requireOk(db->apply(seedConfigurationBatch()));
    Id id = 300;
    for (const Sample &s : textWithNul()) {
        INFO("sample: " << s.name);
        if (!t.isPostgres()) {
            roundTrip(*db, ++id, s.text, s.stored);
            continue;
        }
        ++id;
        Staff staff = makeStaff(id, 1, u"nul%1"_s.arg(id), Role::Consultant);
        staff.fullName = s.text;
        const Status written = db->apply(WriteBatch().putStaff(staff, u"hash"_s));
        REQUIRE_FALSE(written.ok());
        CHECK(written.error().code == ErrorCode::Internal);
        INFO(written.error().message.toStdString());
        CHECK(written.error().message.contains(u"U+0000"_s));
        CHECK(written.error().message.contains(u"put staff %1"_s.arg(id)));
        CHECK_FALSE(requireValue(db->findLogin(staff.login)).has_value());
    }
}

TEST_CASE("text SQLite cannot keep comes back with U+FFFD in place of what it lost, and nothing else "
          "changed",
          "[storage][text][sqlite]")
{
    TempDatabase t;
    auto db = t.open();
    requireOk(db->apply(seedConfigurationBatch()));
    Id id = 200;
    for (const Sample &s : textStorageCannotKeep()) {
        INFO("sample: " << s.name);
        roundTrip(*db, ++id, s.text, s.stored);
    }
}

TEST_CASE("a lookup by text finds text with a leading U+FEFF", "[storage][text]")
{
    TempDatabase t;
    auto db = t.open();
    requireOk(db->apply(seedConfigurationBatch()));
    Staff s = makeStaff(40, 1, u"bomuser"_s, Role::Consultant);
    const QString name = ch(0xFEFF) + u"Петров"_s;
    s.fullName = name;
    requireOk(db->apply(WriteBatch().putStaff(s, u"hash"_s)));
    const auto found = requireValue(db->findLogin(u"bomuser"_s));
    REQUIRE(found.has_value());
    checkSame("fullName", found->staff.fullName, name);
    Visit v = makeVisit(41, QDate(2026, 11, 23));
    v.accountNumber = ch(0xFEFF) + u"123456"_s;
    requireOk(db->apply(WriteBatch().putVisit(v)));
    CHECK(requireValue(db->visitsByAccount(v.accountNumber, {}, {})).size() == 1);
    CHECK(requireValue(db->visitsByAccount(u"123456"_s, {}, {})).isEmpty());
}
