#pragma once

#include "Protocol.h"

#include <core/Result.h>
#include <core/Types.h>

#include <QAnyStringView>
#include <QDate>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <QTime>

#include <memory>
#include <optional>

namespace okno::protocol {

// Typed, strict access to the fields of a JSON object (a request, or an object inside one).
//
// Every read checks the field and, on the first problem, records an error whose message names
// the field by its full path ("centre.schedule.week[2].opens"); later reads return their
// fallback and record nothing. Read all fields, then look at status() once:
//
//     Fields f(request.body);
//     const Id visitId = f.requireId("visitId");
//     const QString reason = f.optionalString("reason");
//     if (!f.ok())
//         return f.status();
//
// Codes: BadRequest for a missing field or a value of the wrong JSON type (a string where a
// number belongs, 1.5 where an integer belongs); InvalidArgument for a value of the right type
// that is out of range or malformed (0 as an id, an unknown enum name, "2026-13-01" as a date).
// A field that is null counts as absent. Fields that are not read are ignored.
//
// Strings are trimmed, may not contain control characters (line breaks and tabs included),
// noncharacters (U+FDD0–U+FDEF, U+FFFE, U+FFFF, U+1FFFE …) or unpaired surrogates — the message
// names the first one and where it stands — and are limited in length (kMaxStringLength code
// points by default). Any other text is kept exactly. Secrets (passwords) are not trimmed. Copies of a
// Fields, and the readers that object() and element() return, share one error slot with the reader they came
// from.
class Fields
{
public:
    explicit Fields(QJsonObject object, QString path = {});

    const QJsonObject &object() const { return m_object; }
    const QString &path() const { return m_path; }
    // Present and not null.
    bool has(QAnyStringView name) const;
    QJsonValue value(QAnyStringView name) const;

    // --- strings
    // Required and non-empty after trimming.
    QString requireString(QAnyStringView name, qsizetype maxLength = kMaxStringLength);
    // Absent → fallback; present → trimmed, may be empty.
    QString optionalString(QAnyStringView name, const QString &fallback = {},
                           qsizetype maxLength = kMaxStringLength);
    // Passwords: not trimmed, non-empty, no control characters.
    QString requireSecret(QAnyStringView name, qsizetype maxLength = kMaxSecretLength);
    std::optional<QString> optionalSecret(QAnyStringView name, qsizetype maxLength = kMaxSecretLength);

    // --- numbers
    // A positive integer of at most 2^53: rejects 1.5 and "12" (BadRequest), 0 and -3 (InvalidArgument).
    Id requireId(QAnyStringView name);
    // Absent, null or 0 → 0; otherwise as requireId.
    Id optionalId(QAnyStringView name);
    // An array of ids (each as requireId), duplicates rejected. Absent → empty.
    QList<Id> optionalIdList(QAnyStringView name);
    qint64 requireInt(QAnyStringView name, qint64 min, qint64 max);
    qint64 optionalInt(QAnyStringView name, qint64 fallback, qint64 min, qint64 max);
    // Any finite number.
    double requireNumber(QAnyStringView name);
    double optionalNumber(QAnyStringView name, double fallback);

    bool requireBool(QAnyStringView name);
    bool optionalBool(QAnyStringView name, bool fallback);

    // --- times
    QDate requireDate(QAnyStringView name);  // "yyyy-MM-dd"
    QDate optionalDate(QAnyStringView name); // invalid QDate when absent
    QTime requireTime(QAnyStringView name);  // "HH:mm", 00:00–23:59
    QTime optionalTime(QAnyStringView name); // invalid QTime when absent
    // ISO-8601 with seconds and an offset or Z ("2026-11-23T09:15:00.000Z", "…T12:15:00+03:00");
    // returned in UTC. Fractions beyond milliseconds are truncated.
    QDateTime requireDateTime(QAnyStringView name);
    QDateTime optionalDateTime(QAnyStringView name); // invalid QDateTime when absent

    // --- structure
    QJsonArray requireArray(QAnyStringView name);
    QJsonArray optionalArray(QAnyStringView name);
    QJsonObject requireObject(QAnyStringView name);
    QJsonObject optionalObject(QAnyStringView name);
    // A reader over a required object field, with the path extended; on error, a reader over {}.
    Fields object(QAnyStringView name);
    // A reader over element i of `array`, read from field `name`; the element must be an object.
    Fields element(QAnyStringView name, const QJsonArray &array, qsizetype i);

    // --- names
    // A string that `fromName` maps to a value; an unknown name is InvalidArgument.
    template <typename T>
    T requireEnum(QAnyStringView name, std::optional<T> (*fromName)(const QString &), T fallback = T{});
    template <typename T>
    T optionalEnum(QAnyStringView name, T fallback, std::optional<T> (*fromName)(const QString &));

    // --- outcome
    bool ok() const { return !m_error->has_value(); }
    Status status() const;
    // Records an error unless one is already recorded.
    void fail(ErrorCode code, const QString &message);
    // Records `field "<path.name>" <what>`.
    void failField(QAnyStringView name, ErrorCode code, const QString &what);
    // The full path of a field of this object, as error messages show it.
    QString pathOf(QAnyStringView name) const;

private:
    Fields(QJsonObject object, QString path, std::shared_ptr<std::optional<Error>> error);

    // The value of a present field of the right JSON type, or nothing (after recording why).
    // `expected` names the wanted type in the message when the JSON type's own name is too vague.
    std::optional<QJsonValue> typed(QAnyStringView name, QJsonValue::Type type, bool required,
                                    const QString &expected = {});
    std::optional<QString> readString(QAnyStringView name, bool required, bool trim, qsizetype maxLength);
    std::optional<qint64> readInteger(QAnyStringView name, bool required, qint64 min, qint64 max);
    std::optional<Id> checkId(QAnyStringView name, const QJsonValue &v);
    std::optional<QString> readName(QAnyStringView name, bool required);
    void failUnknownName(QAnyStringView name, const QString &value);

    QJsonObject m_object;
    QString m_path;
    std::shared_ptr<std::optional<Error>> m_error;
};

// "a string", "an integer", "null" …: how a JSON value is named in messages.
QString describeJsonType(const QJsonValue &v);

template <typename T>
T Fields::requireEnum(QAnyStringView name, std::optional<T> (*fromName)(const QString &), T fallback)
{
    const auto s = readName(name, true);
    if (!s)
        return fallback;
    if (const auto v = fromName(*s))
        return *v;
    failUnknownName(name, *s);
    return fallback;
}

template <typename T>
T Fields::optionalEnum(QAnyStringView name, T fallback, std::optional<T> (*fromName)(const QString &))
{
    const auto s = readName(name, false);
    if (!s)
        return fallback;
    if (const auto v = fromName(*s))
        return *v;
    failUnknownName(name, *s);
    return fallback;
}

} // namespace okno::protocol
