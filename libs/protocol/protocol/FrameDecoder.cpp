#include "FrameDecoder.h"

#include <cctype>

#include <QJsonDocument>
#include <QJsonParseError>

#include <algorithm>

namespace okno::protocol {

using namespace Qt::StringLiterals;

namespace {

bool isBlank(const QByteArray &line)
{
    return std::all_of(line.cbegin(), line.cend(), [](char c) { return c == ' ' || c == '\t' || c == '\r'; });
}

} // namespace

FrameDecoder::FrameDecoder(qsizetype maxFrameBytes)
    : m_maxFrameBytes(maxFrameBytes)
{}

void FrameDecoder::feed(QByteArrayView bytes)
{
    while (!bytes.isEmpty()) {
        const qsizetype newline = bytes.indexOf('\n');
        if (newline < 0) {
            takeSegment(bytes, false);
            return;
        }
        takeSegment(bytes.first(newline), true);
        bytes = bytes.sliced(newline + 1);
    }
}

void FrameDecoder::takeSegment(QByteArrayView segment, bool endsLine)
{
    if (m_discarding) {
        // The error for this line has been queued already; drop its tail.
        if (endsLine)
            m_discarding = false;
        return;
    }
    if (m_partial.size() + segment.size() > m_maxFrameBytes) {
        m_partial.clear();
        m_lines.emplace_back(std::nullopt);
        m_discarding = !endsLine;
        return;
    }
    m_partial.append(segment);
    if (!endsLine)
        return;
    if (m_partial.endsWith('\r'))
        m_partial.chop(1);
    if (!isBlank(m_partial)) {
        m_lineBytes += m_partial.size();
        m_lines.emplace_back(std::move(m_partial));
    }
    m_partial = QByteArray();
}

std::optional<Result<QJsonObject>> FrameDecoder::next()
{
    if (m_lines.empty())
        return std::nullopt;
    Line line = std::move(m_lines.front());
    m_lines.pop_front();
    if (!line)
        return Result<QJsonObject>(
            makeError(ErrorCode::BadFrame,
                      u"frame is longer than "_s % QString::number(m_maxFrameBytes) % u" bytes"_s));
    m_lineBytes -= line->size();
    return parse(*line);
}

Result<QJsonObject> FrameDecoder::parse(const QByteArray &line) const
{
    if (!isValidUtf8(line))
        return makeError(ErrorCode::BadFrame, u"frame is not valid UTF-8"_s);
    qsizetype at = 0;
    if (const QString problem = strictJsonProblem(line, &at); !problem.isEmpty())
        return makeError(ErrorCode::BadFrame,
                         u"frame is not valid JSON: "_s % problem % u" at byte "_s % QString::number(at));
    QJsonParseError error;
    const QJsonDocument doc = parseJson(line, &error);
    if (error.error != QJsonParseError::NoError) {
        // Qt takes only an object or an array as a document; say so plainly for a bare value.
        QJsonParseError wrapped;
        parseJson(QByteArray('[' + line + ']'), &wrapped);
        if (wrapped.error == QJsonParseError::NoError)
            return makeError(ErrorCode::BadFrame, u"frame must be a JSON object"_s);
        return makeError(ErrorCode::BadFrame, u"frame is not valid JSON: "_s % error.errorString() %
                                                  u" at byte "_s % QString::number(error.offset));
    }
    if (!doc.isObject())
        return makeError(ErrorCode::BadFrame, u"frame must be a JSON object"_s);
    return doc.object();
}

qsizetype FrameDecoder::bufferedBytes() const
{
    return m_lineBytes + m_partial.size();
}

void FrameDecoder::clear()
{
    m_partial.clear();
    m_lines.clear();
    m_lineBytes = 0;
    m_discarding = false;
}

namespace {

// U+FEFF (zero width no-break space, or byte-order mark) in UTF-8. No other character is encoded
// so, and outside a string it is not JSON (except a byte-order mark in front of the text), so it
// can be replaced by its escape wherever it stands.
constexpr QByteArrayView kFeffUtf8("\xEF\xBB\xBF");
constexpr QByteArrayView kFeffEscape("\\ufeff");

QByteArray escapeFeff(QByteArrayView json, qsizetype from)
{
    QByteArray out;
    qsizetype done = 0;
    for (qsizetype at = json.indexOf(kFeffUtf8, from); at >= 0; at = json.indexOf(kFeffUtf8, at + 1)) {
        // After a backslash that starts an escape it is a broken escape: leave it for the reader
        // to refuse, rather than turn "\<U+FEFF>" into the valid "\\ufeff".
        qsizetype backslashes = 0;
        while (at - backslashes > 0 && json.at(at - backslashes - 1) == '\\')
            ++backslashes;
        if (backslashes % 2 == 1)
            continue;
        if (out.isEmpty())
            out.reserve(json.size() + 16);
        out.append(json.sliced(done, at - done)).append(kFeffEscape);
        done = at + kFeffUtf8.size();
    }
    if (done == 0)
        return json.toByteArray();
    return out.append(json.sliced(done));
}

} // namespace

QJsonDocument parseJson(QByteArrayView json, QJsonParseError *error)
{
    // A byte-order mark in front of the text is left to Qt, which skips it.
    const qsizetype from = json.startsWith(kFeffUtf8) ? kFeffUtf8.size() : 0;
    return QJsonDocument::fromJson(escapeFeff(json, from), error);
}

QByteArray compactJson(const QJsonObject &object)
{
    return escapeFeff(QJsonDocument(object).toJson(QJsonDocument::Compact), 0);
}

QByteArray encodeFrame(const QJsonObject &object)
{
    QByteArray bytes = compactJson(object);
    bytes.append('\n');
    return bytes;
}

bool isValidUtf8(QByteArrayView bytes)
{
    const auto *p = reinterpret_cast<const unsigned char *>(bytes.data());
    const qsizetype n = bytes.size();
    qsizetype i = 0;
    while (i < n) {
        const unsigned char c = p[i];
        if (c < 0x80) {
            ++i;
            continue;
        }
        int extra = 0;
        char32_t cp = 0;
        char32_t min = 0;
        if ((c & 0xE0) == 0xC0) {
            extra = 1;
            cp = c & 0x1F;
            min = 0x80;
        } else if ((c & 0xF0) == 0xE0) {
            extra = 2;
            cp = c & 0x0F;
            min = 0x800;
        } else if ((c & 0xF8) == 0xF0) {
            extra = 3;
            cp = c & 0x07;
            min = 0x10000;
        } else {
            return false; // a continuation byte out of place, or 0xF8..0xFF
        }
        if (n - i <= extra)
            return false;
        for (int k = 1; k <= extra; ++k) {
            const unsigned char cc = p[i + k];
            if ((cc & 0xC0) != 0x80)
                return false;
            cp = (cp << 6) | (cc & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return false;
        i += extra + 1;
    }
    return true;
}

namespace {

// A recursive-descent reader that only says whether the text is strict JSON.
class StrictJson
{
public:
    StrictJson(QByteArrayView json, int maxDepth)
        : m_p(json.data())
        , m_n(json.size())
        , m_maxDepth(maxDepth)
    {}

    QString problem(qsizetype *at)
    {
        space();
        if (value(0)) {
            space();
            if (m_i != m_n)
                fail("text after the JSON value");
        }
        if (at)
            *at = m_at;
        return m_problem;
    }

private:
    unsigned char c() const { return m_i < m_n ? static_cast<unsigned char>(m_p[m_i]) : 0; }
    bool more() const { return m_i < m_n; }
    bool fail(const char *what)
    {
        if (m_problem.isEmpty()) {
            m_problem = QString::fromLatin1(what);
            m_at = m_i;
        }
        return false;
    }
    void space()
    {
        while (more() && (c() == ' ' || c() == '\t' || c() == '\n' || c() == '\r'))
            ++m_i;
    }
    bool digits()
    {
        const qsizetype start = m_i;
        while (more() && c() >= '0' && c() <= '9')
            ++m_i;
        return m_i > start;
    }
    bool value(int depth)
    {
        if (depth > m_maxDepth)
            return fail("nesting too deep");
        if (!more())
            return fail("a value is missing");
        switch (c()) {
        case '{':
            return object(depth + 1);
        case '[':
            return array(depth + 1);
        case '"':
            return string();
        case 't':
            return literal("true");
        case 'f':
            return literal("false");
        case 'n':
            return literal("null");
        default:
            if (c() == '-' || (c() >= '0' && c() <= '9'))
                return number();
            if (c() == 0xEF)
                return fail("a byte-order mark");
            return fail("not a JSON value");
        }
    }
    bool literal(const char *word)
    {
        const QByteArrayView w(word);
        if (QByteArrayView(m_p + m_i, std::min(m_n - m_i, w.size())) != w)
            return fail("not a JSON value");
        m_i += w.size();
        return true;
    }
    bool number()
    {
        if (c() == '-')
            ++m_i;
        if (c() == '0')
            ++m_i;
        else if (!digits())
            return fail("a number without digits");
        if (c() == '.') {
            ++m_i;
            if (!digits())
                return fail("a number with no digit after its decimal point");
        }
        if (c() == 'e' || c() == 'E') {
            ++m_i;
            if (c() == '+' || c() == '-')
                ++m_i;
            if (!digits())
                return fail("a number with no digit in its exponent");
        }
        return true;
    }
    bool string()
    {
        ++m_i; // the opening quote
        while (more()) {
            const unsigned char ch = c();
            if (ch == '"') {
                ++m_i;
                return true;
            }
            if (ch < 0x20)
                return fail("a control character inside a string (it must be escaped)");
            if (ch != '\\') {
                ++m_i;
                continue;
            }
            ++m_i;
            switch (c()) {
            case '"':
            case '\\':
            case '/':
            case 'b':
            case 'f':
            case 'n':
            case 'r':
            case 't':
                ++m_i;
                break;
            case 'u':
                ++m_i;
                for (int k = 0; k < 4; ++k, ++m_i)
                    if (!std::isxdigit(c()))
                        return fail("a \\u escape without four hexadecimal digits");
                break;
            default:
                return fail("an escape JSON does not have");
            }
        }
        return fail("a string without its closing quote");
    }
    bool array(int depth)
    {
        ++m_i;
        space();
        if (c() == ']') {
            ++m_i;
            return true;
        }
        for (;;) {
            if (!value(depth))
                return false;
            space();
            if (c() == ']') {
                ++m_i;
                return true;
            }
            if (c() != ',')
                return fail("a ',' or ']' is missing in an array");
            ++m_i;
            space();
        }
    }
    bool object(int depth)
    {
        ++m_i;
        space();
        if (c() == '}') {
            ++m_i;
            return true;
        }
        for (;;) {
            if (c() != '"')
                return fail("a member's name must be a string");
            if (!string())
                return false;
            space();
            if (c() != ':')
                return fail("a ':' is missing after a member's name");
            ++m_i;
            space();
            if (!value(depth))
                return false;
            space();
            if (c() == '}') {
                ++m_i;
                return true;
            }
            if (c() != ',')
                return fail("a ',' or '}' is missing in an object");
            ++m_i;
            space();
        }
    }

    const char *m_p;
    qsizetype m_n;
    qsizetype m_i = 0;
    int m_maxDepth;
    QString m_problem;
    qsizetype m_at = 0;
};

} // namespace

QString strictJsonProblem(QByteArrayView json, qsizetype *at, int maxDepth)
{
    return StrictJson(json, maxDepth).problem(at);
}

} // namespace okno::protocol
