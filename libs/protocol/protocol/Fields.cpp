#include "Fields.h"

#include <QJsonDocument>
#include <QRegularExpression>
#include <QSet>
#include <QVariant>

#include <cmath>

namespace okno::protocol {

using namespace Qt::StringLiterals;

namespace {

// How a JSON number reads as an integer.
struct IntegerValue
{
    bool integral = false; // no fractional part
    bool fits = false;     // within ±2^63 (else `value` is meaningless)
    qint64 value = 0;
};

IntegerValue integerOf(const QJsonValue &v)
{
    const QVariant variant = v.toVariant();
    if (variant.typeId() == QMetaType::LongLong)
        return {true, true, variant.toLongLong()};
    const double d = v.toDouble();
    if (!std::isfinite(d) || std::trunc(d) != d)
        return {};
    // 2^63 itself does not fit in qint64.
    if (d >= 9223372036854775808.0 || d < -9223372036854775808.0)
        return {true, false, 0};
    return {true, true, static_cast<qint64>(d)};
}

QString anInteger()
{
    return u"an integer"_s;
}

QString numberText(const QJsonValue &v)
{
    const IntegerValue i = integerOf(v);
    if (i.integral && i.fits)
        return QString::number(i.value);
    return QString::number(v.toDouble(), 'g', 17);
}

// A value quoted for a message, cut short so that a hostile peer's text is not echoed at length.
QString quoted(const QString &s)
{
    constexpr qsizetype kMax = 40;
    if (s.size() <= kMax)
        return u'"' + s + u'"';
    return u'"' + s.left(kMax) + u"…\""_s;
}

qsizetype codePoints(const QString &s)
{
    qsizetype n = s.size();
    for (QChar c : s)
        if (c.isLowSurrogate())
            --n;
    return n;
}

// A character no string field may hold, and where it stands (counting characters from 1).
struct ForbiddenCharacter
{
    QString kind; // "control characters", as the message says it
    char32_t code = 0;
    qsizetype position = 0;
};

// The first control character (C0, DEL, C1), noncharacter (U+FDD0–U+FDEF and the last two code
// points of every plane: U+FFFE, a byte-swapped byte-order mark, cannot even be stored) or
// surrogate without its pair. Everything else is text the server keeps exactly.
std::optional<ForbiddenCharacter> forbiddenCharacter(const QString &s)
{
    qsizetype position = 0;
    for (qsizetype i = 0; i < s.size(); ++i) {
        ++position;
        const QChar c = s.at(i);
        char32_t code = c.unicode();
        if (c.isHighSurrogate() && i + 1 < s.size() && s.at(i + 1).isLowSurrogate()) {
            code = QChar::surrogateToUcs4(c, s.at(i + 1));
            ++i;
        } else if (c.isSurrogate()) {
            return ForbiddenCharacter{u"unpaired surrogates"_s, code, position};
        }
        if (QChar::category(code) == QChar::Other_Control)
            return ForbiddenCharacter{u"control characters"_s, code, position};
        if (QChar::isNonCharacter(code))
            return ForbiddenCharacter{u"noncharacters"_s, code, position};
    }
    return std::nullopt;
}

const QRegularExpression &datePattern()
{
    static const QRegularExpression re(u"^\\d{4}-\\d{2}-\\d{2}$"_s);
    return re;
}

const QRegularExpression &timePattern()
{
    static const QRegularExpression re(u"^([01]\\d|2[0-3]):([0-5]\\d)$"_s);
    return re;
}

const QRegularExpression &dateTimePattern()
{
    static const QRegularExpression re(
        u"^(\\d{4}-\\d{2}-\\d{2}T([01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d)(?:\\.(\\d{1,9}))?(Z|[+-](?:[01]\\d|2[0-3]):[0-5]\\d)$"_s);
    return re;
}

QDate parseDate(const QString &s)
{
    if (!datePattern().match(s).hasMatch())
        return {};
    return QDate::fromString(s, Qt::ISODate);
}

QTime parseTime(const QString &s)
{
    const auto m = timePattern().match(s);
    if (!m.hasMatch())
        return {};
    return QTime(m.captured(1).toInt(), m.captured(2).toInt());
}

QDateTime parseDateTime(const QString &s)
{
    const auto m = dateTimePattern().match(s);
    if (!m.hasMatch())
        return {};
    const QString millis = QString(m.captured(3) + u"000"_s).left(3);
    const QDateTime t =
        QDateTime::fromString(m.captured(1) + u'.' + millis + m.captured(4), Qt::ISODateWithMs);
    return t.isValid() ? t.toUTC() : QDateTime();
}

} // namespace

QString describeJsonType(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::Null:
        return u"null"_s;
    case QJsonValue::Bool:
        return u"a boolean"_s;
    case QJsonValue::Double:
        return u"a number"_s;
    case QJsonValue::String:
        return u"a string"_s;
    case QJsonValue::Array:
        return u"an array"_s;
    case QJsonValue::Object:
        return u"an object"_s;
    case QJsonValue::Undefined:
        break;
    }
    return u"nothing"_s;
}

Fields::Fields(QJsonObject object, QString path)
    : Fields(std::move(object), std::move(path), std::make_shared<std::optional<Error>>())
{}

Fields::Fields(QJsonObject object, QString path, std::shared_ptr<std::optional<Error>> error)
    : m_object(std::move(object))
    , m_path(std::move(path))
    , m_error(std::move(error))
{}

bool Fields::has(QAnyStringView name) const
{
    const QJsonValue v = value(name);
    return !v.isUndefined() && !v.isNull();
}

QJsonValue Fields::value(QAnyStringView name) const
{
    return m_object.value(name.toString());
}

Status Fields::status() const
{
    if (const auto &e = *m_error)
        return *e;
    return Status::success();
}

void Fields::fail(ErrorCode code, const QString &message)
{
    if (!m_error->has_value())
        *m_error = makeError(code, message);
}

void Fields::failField(QAnyStringView name, ErrorCode code, const QString &what)
{
    if (!m_error->has_value())
        *m_error = makeError(code, u"field \""_s % pathOf(name) % u"\" "_s % what);
}

QString Fields::pathOf(QAnyStringView name) const
{
    if (m_path.isEmpty())
        return name.toString();
    return m_path % u'.' % name.toString();
}

std::optional<QJsonValue> Fields::typed(QAnyStringView name, QJsonValue::Type type, bool required,
                                        const QString &expected)
{
    const QJsonValue v = value(name);
    if (v.isUndefined() || v.isNull()) {
        if (required)
            failField(name, ErrorCode::BadRequest, u"is required"_s);
        return std::nullopt;
    }
    if (v.type() != type) {
        failField(name, ErrorCode::BadRequest,
                  u"must be "_s % (expected.isEmpty() ? describeJsonType(QJsonValue(type)) : expected) %
                      u", got "_s % describeJsonType(v));
        return std::nullopt;
    }
    return v;
}

// --- strings

std::optional<QString> Fields::readString(QAnyStringView name, bool required, bool trim, qsizetype maxLength)
{
    const auto v = typed(name, QJsonValue::String, required);
    if (!v)
        return std::nullopt;
    QString s = v->toString();
    if (trim)
        s = s.trimmed();
    if (const auto bad = forbiddenCharacter(s)) {
        failField(name, ErrorCode::InvalidArgument,
                  u"must not contain "_s % bad->kind % u" (U+"_s %
                      QString::number(bad->code, 16).toUpper().rightJustified(4, u'0') % u" at character "_s %
                      QString::number(bad->position) % u')');
        return std::nullopt;
    }
    if (const qsizetype n = codePoints(s); n > maxLength) {
        failField(name, ErrorCode::InvalidArgument,
                  u"must be at most "_s % QString::number(maxLength) % u" characters long, got "_s %
                      QString::number(n));
        return std::nullopt;
    }
    return s;
}

QString Fields::requireString(QAnyStringView name, qsizetype maxLength)
{
    auto s = readString(name, true, true, maxLength);
    if (!s)
        return {};
    if (s->isEmpty()) {
        failField(name, ErrorCode::InvalidArgument, u"must not be empty"_s);
        return {};
    }
    return *s;
}

QString Fields::optionalString(QAnyStringView name, const QString &fallback, qsizetype maxLength)
{
    if (!has(name))
        return fallback;
    return readString(name, false, true, maxLength).value_or(fallback);
}

QString Fields::requireSecret(QAnyStringView name, qsizetype maxLength)
{
    auto s = readString(name, true, false, maxLength);
    if (!s)
        return {};
    if (s->isEmpty()) {
        failField(name, ErrorCode::InvalidArgument, u"must not be empty"_s);
        return {};
    }
    return *s;
}

std::optional<QString> Fields::optionalSecret(QAnyStringView name, qsizetype maxLength)
{
    if (!has(name))
        return std::nullopt;
    return requireSecret(name, maxLength);
}

// --- numbers

std::optional<qint64> Fields::readInteger(QAnyStringView name, bool required, qint64 min, qint64 max)
{
    const auto v = typed(name, QJsonValue::Double, required, anInteger());
    if (!v)
        return std::nullopt;
    const IntegerValue i = integerOf(*v);
    if (!i.integral) {
        failField(name, ErrorCode::BadRequest, u"must be an integer, got "_s % numberText(*v));
        return std::nullopt;
    }
    if (!i.fits || i.value < min || i.value > max) {
        failField(name, ErrorCode::InvalidArgument,
                  u"must be between "_s % QString::number(min) % u" and "_s % QString::number(max) %
                      u", got "_s % numberText(*v));
        return std::nullopt;
    }
    return i.value;
}

qint64 Fields::requireInt(QAnyStringView name, qint64 min, qint64 max)
{
    return readInteger(name, true, min, max).value_or(min);
}

qint64 Fields::optionalInt(QAnyStringView name, qint64 fallback, qint64 min, qint64 max)
{
    if (!has(name))
        return fallback;
    return readInteger(name, false, min, max).value_or(fallback);
}

std::optional<Id> Fields::checkId(QAnyStringView name, const QJsonValue &v)
{
    const IntegerValue i = integerOf(v);
    if (!i.integral) {
        failField(name, ErrorCode::BadRequest, u"must be an integer, got "_s % numberText(v));
        return std::nullopt;
    }
    if (!i.fits || i.value > kMaxSafeInteger) {
        failField(name, ErrorCode::InvalidArgument, u"is too large, got "_s % numberText(v));
        return std::nullopt;
    }
    if (i.value <= 0) {
        failField(name, ErrorCode::InvalidArgument, u"must be a positive integer, got "_s % numberText(v));
        return std::nullopt;
    }
    return i.value;
}

Id Fields::requireId(QAnyStringView name)
{
    const auto v = typed(name, QJsonValue::Double, true, anInteger());
    if (!v)
        return 0;
    return checkId(name, *v).value_or(0);
}

Id Fields::optionalId(QAnyStringView name)
{
    const auto v = typed(name, QJsonValue::Double, false, anInteger());
    if (!v)
        return 0;
    const IntegerValue i = integerOf(*v);
    if (i.integral && i.fits && i.value == 0)
        return 0;
    return checkId(name, *v).value_or(0);
}

QList<Id> Fields::optionalIdList(QAnyStringView name)
{
    const QJsonArray array = optionalArray(name);
    QList<Id> ids;
    QSet<Id> seen;
    for (qsizetype i = 0; i < array.size() && ok(); ++i) {
        const QString item = name.toString() % u'[' % QString::number(i) % u']';
        const QJsonValue v = array.at(i);
        if (!v.isDouble()) {
            failField(item, ErrorCode::BadRequest, u"must be an integer, got "_s % describeJsonType(v));
            break;
        }
        const auto id = checkId(item, v);
        if (!id)
            break;
        if (seen.contains(*id)) {
            failField(item, ErrorCode::InvalidArgument, u"repeats id "_s % QString::number(*id));
            break;
        }
        seen.insert(*id);
        ids.append(*id);
    }
    return ok() ? ids : QList<Id>();
}

double Fields::requireNumber(QAnyStringView name)
{
    const auto v = typed(name, QJsonValue::Double, true);
    return v ? v->toDouble() : 0.0;
}

double Fields::optionalNumber(QAnyStringView name, double fallback)
{
    const auto v = typed(name, QJsonValue::Double, false);
    return v ? v->toDouble() : fallback;
}

bool Fields::requireBool(QAnyStringView name)
{
    const auto v = typed(name, QJsonValue::Bool, true);
    return v ? v->toBool() : false;
}

bool Fields::optionalBool(QAnyStringView name, bool fallback)
{
    const auto v = typed(name, QJsonValue::Bool, false);
    return v ? v->toBool() : fallback;
}

// --- times

QDate Fields::requireDate(QAnyStringView name)
{
    const auto s = readString(name, true, false, 64);
    if (!s)
        return {};
    const QDate d = parseDate(*s);
    if (!d.isValid())
        failField(name, ErrorCode::InvalidArgument, u"must be a date as yyyy-MM-dd, got "_s % quoted(*s));
    return d;
}

QDate Fields::optionalDate(QAnyStringView name)
{
    return has(name) ? requireDate(name) : QDate();
}

QTime Fields::requireTime(QAnyStringView name)
{
    const auto s = readString(name, true, false, 64);
    if (!s)
        return {};
    const QTime t = parseTime(*s);
    if (!t.isValid())
        failField(name, ErrorCode::InvalidArgument, u"must be a time as HH:mm, got "_s % quoted(*s));
    return t;
}

QTime Fields::optionalTime(QAnyStringView name)
{
    return has(name) ? requireTime(name) : QTime();
}

QDateTime Fields::requireDateTime(QAnyStringView name)
{
    const auto s = readString(name, true, false, 64);
    if (!s)
        return {};
    const QDateTime t = parseDateTime(*s);
    if (!t.isValid())
        failField(name, ErrorCode::InvalidArgument,
                  u"must be an ISO-8601 time with seconds and a zone, as 2026-11-23T09:15:00.000Z, got "_s %
                      quoted(*s));
    return t;
}

QDateTime Fields::optionalDateTime(QAnyStringView name)
{
    return has(name) ? requireDateTime(name) : QDateTime();
}

// --- structure

QJsonArray Fields::requireArray(QAnyStringView name)
{
    const auto v = typed(name, QJsonValue::Array, true);
    return v ? v->toArray() : QJsonArray();
}

QJsonArray Fields::optionalArray(QAnyStringView name)
{
    const auto v = typed(name, QJsonValue::Array, false);
    return v ? v->toArray() : QJsonArray();
}

QJsonObject Fields::requireObject(QAnyStringView name)
{
    const auto v = typed(name, QJsonValue::Object, true);
    return v ? v->toObject() : QJsonObject();
}

QJsonObject Fields::optionalObject(QAnyStringView name)
{
    const auto v = typed(name, QJsonValue::Object, false);
    return v ? v->toObject() : QJsonObject();
}

Fields Fields::object(QAnyStringView name)
{
    return Fields(requireObject(name), pathOf(name), m_error);
}

Fields Fields::element(QAnyStringView name, const QJsonArray &array, qsizetype i)
{
    const QString item = name.toString() % u'[' % QString::number(i) % u']';
    const QJsonValue v = array.at(i);
    if (!v.isObject()) {
        failField(item, ErrorCode::BadRequest, u"must be an object, got "_s % describeJsonType(v));
        return Fields(QJsonObject(), pathOf(item), m_error);
    }
    return Fields(v.toObject(), pathOf(item), m_error);
}

// --- names

std::optional<QString> Fields::readName(QAnyStringView name, bool required)
{
    return readString(name, required, true, 64);
}

void Fields::failUnknownName(QAnyStringView name, const QString &value)
{
    failField(name, ErrorCode::InvalidArgument, u"has an unknown value "_s % quoted(value));
}

} // namespace okno::protocol
