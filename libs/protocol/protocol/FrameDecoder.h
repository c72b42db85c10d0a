#pragma once

#include "Protocol.h"

#include <core/Result.h>

#include <QByteArray>
#include <QByteArrayView>
#include <QJsonDocument>
#include <QJsonObject>

#include <deque>
#include <optional>

namespace okno::protocol {

// Splits a byte stream into newline-delimited frames and parses each as a JSON object.
//
// feed() may be given any slice of the stream (a byte at a time or many frames at once); next()
// then returns the complete frames in order. A frame that is not valid UTF-8, not JSON, not an
// object, or longer than the limit yields one BadFrame error in its place, and decoding goes on
// with the next line. An over-long line is cut off as soon as the partial line passes the limit:
// the rest of it, up to the next newline, is discarded as it arrives, so the decoder never holds
// more than the limit of an unfinished line. The limit counts every byte before the '\n',
// including a '\r' that some tools send before it (it is then dropped). Blank lines are skipped.
//
// Complete lines are kept until next() takes them: call next() until it returns nothing after
// every feed(), so that what is buffered stays bounded by what one feed() brought.
class FrameDecoder
{
public:
    explicit FrameDecoder(qsizetype maxFrameBytes = kMaxFrameBytes);

    void feed(QByteArrayView bytes);

    // The next frame, or nothing if no complete line is buffered.
    std::optional<Result<QJsonObject>> next();

    // Bytes held: complete lines not yet taken plus the unfinished line.
    qsizetype bufferedBytes() const;
    // Bytes of the unfinished line (never more than the limit).
    qsizetype partialBytes() const { return m_partial.size(); }
    // Whether the rest of an over-long line is being thrown away.
    bool discarding() const { return m_discarding; }
    qsizetype maxFrameBytes() const { return m_maxFrameBytes; }

    void clear();

private:
    // A complete line, or nothing when the line was too long.
    using Line = std::optional<QByteArray>;

    void takeSegment(QByteArrayView segment, bool endsLine);
    Result<QJsonObject> parse(const QByteArray &line) const;

    qsizetype m_maxFrameBytes;
    QByteArray m_partial;
    bool m_discarding = false;
    std::deque<Line> m_lines;
    qsizetype m_lineBytes = 0;
};

// One frame on the wire: compact JSON (as compactJson) followed by '\n'.
QByteArray encodeFrame(const QJsonObject &object);

// JSON text to a document, as QJsonDocument::fromJson, except that a string starting with U+FEFF
// keeps it. Qt's reader keeps an unescaped string as UTF-8 and reads it back with
// QString::fromUtf8, which drops a leading U+FEFF as if it were a byte-order mark; here every raw
// U+FEFF after the first byte is read as the escape \ufeff instead. Read all JSON with this.
QJsonDocument parseJson(QByteArrayView json, QJsonParseError *error = nullptr);
// Compact JSON text of an object, with U+FEFF written as the escape \ufeff, so that any reader
// (Qt's own too) keeps it; all other text stays plain UTF-8.
QByteArray compactJson(const QJsonObject &object);

// Strict UTF-8: no overlong forms, no surrogates, nothing above U+10FFFF.
bool isValidUtf8(QByteArrayView bytes);

// Whether `json` is one JSON text exactly as RFC 8259 writes it — no byte-order mark, no «.5» or
// «1.», no raw control character (a tab, a NUL) inside a string, no escape but \" \\ \/ \b \f
// \n \r \t \uXXXX, nesting at most `maxDepth` deep. Empty when it is; otherwise what is wrong
// and where (`at`, a byte offset). Qt's reader is more lenient than the protocol promises.
QString strictJsonProblem(QByteArrayView json, qsizetype *at = nullptr, int maxDepth = 256);

} // namespace okno::protocol
