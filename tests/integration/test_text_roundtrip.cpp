// What the server acknowledges is byte for byte what it stores and serves, after a restart too:
// unusual but valid text goes through the real server into every text field a person types
// (a visit, its stage note, a consultation, an account, a centre) and comes back unchanged; text
// it could not keep (noncharacters, NUL, unpaired surrogates) is refused, naming the field.
#include "Fixture.h"

#include <QJsonDocument>

namespace {

// One code point. (Not QString::fromUcs4, which takes a leading U+FEFF for a byte-order mark.)
QString ch(char32_t c)
{
    if (QChar::requiresSurrogates(c)) {
        const QChar pair[2]{QChar(QChar::highSurrogate(c)), QChar(QChar::lowSurrogate(c))};
        return QString(pair, 2);
    }
    return QString(QChar(char16_t(c)));
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

void checkSame(const std::string &what, const QJsonValue &got, const QString &sent)
{
    INFO(what << ": sent " << hex(sent) << ", got " << hex(got.toString()));
    CHECK(got.isString());
    CHECK(bytes(got.toString()) == bytes(sent));
}

// Valid text, none of it with white space at either end (fields are trimmed), each at most 50
// characters (the shortest limit among the fields it goes into).
const QList<std::pair<const char *, QString>> &samples()
{
    static const QList<std::pair<const char *, QString>> list{
        {"a leading U+FEFF", ch(0xFEFF) + u"Иванов И. И."_s},
        {"two leading U+FEFF", ch(0xFEFF) + ch(0xFEFF) + u"Петров"_s},
        {"U+FEFF inside", u"Сидо"_s + ch(0xFEFF) + u"ров"_s},
        {"astral characters", u"😀 𝔸𝔹 👩‍👩‍👧 🇷🇺"_s},
        {"a leading astral character", u"𝔸нна"_s},
        {"combining marks", u"\u0438\u0306 \u0435\u0308 e\u0301\u0323"_s},
        {"right-to-left text", u"مرحبا עברית \u200Fx\u202Eabc\u202C"_s},
        {"zero-width characters", u"a\u200Bb\u200Cc\u200Dd\u2060e"_s},
        {"the replacement character", ch(0xFFFD) + u"Ё"_s},
        {"private use and unassigned", ch(0xE000) + ch(0xF0000) + ch(0x0378)},
    };
    return list;
}

struct Written
{
    QString text;
    qint64 visitId = 0;
    qint64 staffId = 0;
    qint64 centreId = 0;
};

QJsonObject consultationOf(const QString &notes, const QString &appealNumber)
{
    return {{u"consumerGroup"_s, u"household"_s},
            {u"topic"_s, u"complaint"_s},
            {u"notes"_s, notes},
            {u"outcome"_s, u"appeal_registered"_s},
            {u"appealNumber"_s, appealNumber}};
}

QJsonObject newCentre(const QJsonObject &like, const QString &code, const QString &text)
{
    QJsonObject c = like;
    c.remove(u"id"_s);
    c.insert(u"code"_s, code);
    c.insert(u"name"_s, text);
    c.insert(u"address"_s, text);
    return c;
}

} // namespace

TEST_CASE("valid text comes back byte for byte, as acknowledged and after a restart", "[text]")
{
    DemoServer d;
    d.at(9, 0);
    auto reception = d.staff(u"admin1"_s, 1);
    auto consultant = d.staff(u"consult1"_s, 2);
    consultant->ok(u"desk.open"_s);
    const QJsonObject centreOne =
        d.admin->ok(u"centre.get"_s, {{u"centreId"_s, 1}}).value(u"centre"_s).toObject();

    // A long note (3 750 characters, 3 899 UTF-16 units) that starts with U+FEFF.
    QString longNotes;
    for (int i = 0; i < 150; ++i)
        longNotes += ch(0xFEFF) + u"Разъяснён порядок 😀 e\u0301. "_s;
    longNotes = longNotes.trimmed();

    QList<Written> written;
    int n = 0;
    for (const auto &[name, text] : samples()) {
        INFO("sample: " << name);
        ++n;
        Written w{text};
        const QJsonObject issued =
            reception->ok(u"visit.issue"_s,
                          {{u"queueCode"_s, u"consult"_s}, {u"customerName"_s, text}, {u"purpose"_s, text}});
        w.visitId = visitIdOf(issued);
        checkSame("visit.issue customerName", issued.value(u"visit"_s).toObject().value(u"customerName"_s),
                  text);
        checkSame("visit.issue purpose", issued.value(u"visit"_s).toObject().value(u"purpose"_s), text);

        REQUIRE(visitIdOf(consultant->ok(u"visit.callNext"_s)) == w.visitId);
        consultant->ok(u"visit.start"_s, {{u"visitId"_s, double(w.visitId)}});
        const QString notes = n == 1 ? longNotes : text;
        const QJsonObject saved =
            consultant
                ->ok(u"consultation.save"_s,
                     {{u"visitId"_s, double(w.visitId)}, {u"consultation"_s, consultationOf(notes, text)}})
                .value(u"consultation"_s)
                .toObject();
        checkSame("consultation.save notes", saved.value(u"notes"_s), notes);
        checkSame("consultation.save appealNumber", saved.value(u"appealNumber"_s), text);
        const QJsonObject routed = consultant->ok(
            u"visit.route"_s,
            {{u"visitId"_s, double(w.visitId)}, {u"queueCode"_s, u"cash"_s}, {u"note"_s, text}});
        checkSame("visit.route note",
                  routed.value(u"visit"_s)
                      .toObject()
                      .value(u"stages"_s)
                      .toArray()
                      .at(0)
                      .toObject()
                      .value(u"note"_s),
                  text);

        const QJsonObject staff =
            d.admin
                ->ok(u"staff.put"_s, {{u"staff"_s, QJsonObject{{u"centreId"_s, 1},
                                                               {u"login"_s, u"text%1"_s.arg(n)},
                                                               {u"fullName"_s, text},
                                                               {u"position"_s, text},
                                                               {u"role"_s, u"consultant"_s}}},
                                      {u"password"_s, u"okno-demo"_s}})
                .value(u"staff"_s)
                .toObject();
        w.staffId = qint64(staff.value(u"id"_s).toDouble());
        checkSame("staff.put fullName", staff.value(u"fullName"_s), text);
        checkSame("staff.put position", staff.value(u"position"_s), text);

        const QJsonObject centre =
            d.admin->ok(u"centre.put"_s, {{u"centre"_s, newCentre(centreOne, u"TEXT-%1"_s.arg(n), text)}})
                .value(u"centre"_s)
                .toObject();
        w.centreId = qint64(centre.value(u"id"_s).toDouble());
        checkSame("centre.put name", centre.value(u"name"_s), text);
        checkSame("centre.put address", centre.value(u"address"_s), text);
        written.append(w);
    }

    // What the server serves after a restart is what it acknowledged.
    d.server.stop();
    REQUIRE(d.server.start());
    SyncClient admin;
    REQUIRE(admin.login(d.server.port(), u"admin"_s, QString::fromLatin1(ServerProcess::kAdminPassword)));
    SyncClient manager;
    REQUIRE(manager.login(d.server.port(), u"manager"_s, u"okno-demo"_s));
    const QJsonArray staffList = admin.ok(u"staff.list"_s).value(u"staff"_s).toArray();
    n = 0;
    for (const Written &w : written) {
        INFO("sample: " << samples().at(n).first);
        ++n;
        const QJsonObject visit =
            admin.ok(u"visit.get"_s, {{u"visitId"_s, double(w.visitId)}}).value(u"visit"_s).toObject();
        checkSame("visit.get customerName", visit.value(u"customerName"_s), w.text);
        checkSame("visit.get purpose", visit.value(u"purpose"_s), w.text);
        checkSame("visit.get stage note",
                  visit.value(u"stages"_s).toArray().at(0).toObject().value(u"note"_s), w.text);
        const QJsonArray consultations =
            manager.ok(u"consultation.get"_s, {{u"visitId"_s, double(w.visitId)}})
                .value(u"consultations"_s)
                .toArray();
        REQUIRE(consultations.size() == 1);
        checkSame("consultation.get notes", consultations[0].toObject().value(u"notes"_s),
                  n == 1 ? longNotes : w.text);
        checkSame("consultation.get appealNumber", consultations[0].toObject().value(u"appealNumber"_s),
                  w.text);
        bool staffFound = false;
        for (const auto &sv : staffList) {
            const QJsonObject s = sv.toObject();
            if (qint64(s.value(u"id"_s).toDouble()) != w.staffId)
                continue;
            staffFound = true;
            checkSame("staff.list fullName", s.value(u"fullName"_s), w.text);
            checkSame("staff.list position", s.value(u"position"_s), w.text);
        }
        CHECK(staffFound);
        const QJsonObject centre =
            admin.ok(u"centre.get"_s, {{u"centreId"_s, double(w.centreId)}}).value(u"centre"_s).toObject();
        checkSame("centre.get name", centre.value(u"name"_s), w.text);
        checkSame("centre.get address", centre.value(u"address"_s), w.text);
    }
}

TEST_CASE("text the server could not keep is refused, naming the field, and nothing is stored", "[text]")
{
    DemoServer d;
    d.at(9, 0);
    auto reception = d.staff(u"admin1"_s, 1);
    auto consultant = d.staff(u"consult1"_s, 2);
    consultant->ok(u"desk.open"_s);
    const auto refused = [](const okno::Result<QJsonObject> &r, const QString &field) {
        INFO("expected a refusal naming " << field.toStdString());
        REQUIRE_FALSE(r.ok());
        INFO(r.error().message.toStdString());
        CHECK(errorCode(r) == u"invalid_argument"_s);
        // The field's name ends the path ("fullName" or "staff.fullName": the server names objects
        // of centre.put and staff.put from inside the object).
        CHECK(r.error().message.startsWith(u"field \""_s));
        CHECK(r.error().message.contains(field + u"\" must not contain"_s));
    };
    // U+FFFE at the start, which SQLite would read as a byte-order mark.
    refused(reception->call(u"visit.issue"_s, {{u"queueCode"_s, u"consult"_s},
                                               {u"customerName"_s, QString(ch(0xFFFE) + u"Иванов"_s)}}),
            u"customerName"_s);
    refused(reception->call(u"visit.issue"_s,
                            {{u"queueCode"_s, u"consult"_s}, {u"purpose"_s, QString(u"a"_s + ch(0xFFFF))}}),
            u"purpose"_s);
    refused(reception->call(u"visit.issue"_s, {{u"queueCode"_s, u"consult"_s},
                                               {u"customerName"_s, QString(u"a"_s + QChar(u'\0') + u"b"_s)}}),
            u"customerName"_s);
    refused(
        d.admin->call(u"staff.put"_s, {{u"staff"_s, QJsonObject{{u"centreId"_s, 1},
                                                                {u"login"_s, u"nonchar"_s},
                                                                {u"fullName"_s, QString(u"Ё"_s + ch(0xFDD0))},
                                                                {u"role"_s, u"consultant"_s}}},
                                       {u"password"_s, u"okno-demo"_s}}),
        u"fullName"_s);
    QJsonObject centre = d.admin->ok(u"centre.get"_s, {{u"centreId"_s, 1}}).value(u"centre"_s).toObject();
    centre.insert(u"address"_s, QString(u"ул. "_s + ch(0x1FFFE)));
    refused(d.admin->call(u"centre.put"_s, {{u"centre"_s, centre}}), u"address"_s);

    const qint64 id = visitIdOf(reception->ok(u"visit.issue"_s, {{u"queueCode"_s, u"consult"_s}}));
    REQUIRE(visitIdOf(consultant->ok(u"visit.callNext"_s)) == id);
    consultant->ok(u"visit.start"_s, {{u"visitId"_s, double(id)}});
    refused(consultant->call(u"consultation.save"_s,
                             {{u"visitId"_s, double(id)},
                              {u"consultation"_s, consultationOf(QString(u"ok"_s + ch(0xFFFE)), u"A-1"_s)}}),
            u"consultation.notes"_s);

    // An unpaired surrogate can only come as a JSON escape: send the bytes as they are.
    RawConnection raw;
    REQUIRE(raw.open(d.server.port()));
    CHECK(raw.request({{u"id"_s, 1}, {u"op"_s, u"hello"_s}, {u"version"_s, 1}, {u"client"_s, u"test"_s}})
              .value(u"ok"_s)
              .toBool());
    CHECK(raw.request({{u"id"_s, 2},
                       {u"op"_s, u"auth.login"_s},
                       {u"login"_s, u"admin1"_s},
                       {u"password"_s, u"okno-demo"_s}})
              .value(u"ok"_s)
              .toBool());
    raw.sendBytes(R"({"id":3,"op":"visit.issue","queueCode":"consult","customerName":"Ив\ud800ан"})"
                  "\n");
    const QJsonObject answer = raw.nextFrame();
    INFO(QJsonDocument(answer).toJson().toStdString());
    CHECK(answer.value(u"ok"_s) == QJsonValue(false));
    CHECK(answer.value(u"error"_s).toObject().value(u"code"_s) == u"invalid_argument"_s);
    CHECK(answer.value(u"error"_s)
              .toObject()
              .value(u"message"_s)
              .toString()
              .startsWith(u"field \"customerName\" must not contain unpaired surrogates"_s));

    // Nothing of it was stored: one visit (the good one), no such account, centre 1 unchanged.
    auto manager = d.staff(u"manager"_s);
    CHECK(manager->ok(u"status"_s, {{u"centreId"_s, 1}}).value(u"visits"_s).toArray().size() == 1);
    for (const auto &s : d.admin->ok(u"staff.list"_s).value(u"staff"_s).toArray())
        CHECK(s.toObject().value(u"login"_s).toString() != u"nonchar"_s);
    CHECK(d.admin->ok(u"centre.get"_s, {{u"centreId"_s, 1}})
              .value(u"centre"_s)
              .toObject()
              .value(u"address"_s) != centre.value(u"address"_s));
}
