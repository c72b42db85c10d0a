// fuzz_frames: the frame decoder (protocol::FrameDecoder) on any bytes, fed in any slices, and
// the codec's readers on every object it decodes.
//
// Input: byte 0 chooses the frame limit and how the stream is sliced, byte 1 seeds the slice
// sizes, the rest is the byte stream as it would arrive on a connection. The codec's readers run
// on the frames of a stream fed all at once: slicing is checked to change no frame, so reading
// the same frames again in every slicing would only slow the search.
//
// What must hold, whatever the bytes:
// - the decoder never holds more than the limit of an unfinished line, and nothing once next()
//   has been drained;
// - how the stream is sliced changes nothing: the frames (and errors) are those of each line
//   decoded on its own, one per line that is not blank, in order;
// - a frame decoded is strict JSON (strictJsonProblem) in valid UTF-8, and encodeFrame() of it
//   decodes back to the same object; a line refused is refused as bad_frame, with a reason;
// - every codec reader (xFromJson) either refuses an object with bad_request/invalid_argument or
//   reads a value whose encoding it reads back to the same encoding.

#include "FuzzSupport.h"

#include <protocol/Codec.h>
#include <protocol/FrameDecoder.h>
#include <protocol/Message.h>
#include <protocol/Protocol.h>
#include <protocol/Results.h>

#include <QList>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <optional>

using namespace okno;
using namespace okno::protocol;
using namespace okno::fuzz;
using namespace Qt::StringLiterals;

namespace {

// A frame or an error, as next() gives it, in a form that compares.
struct Output
{
    bool ok = false;
    QJsonObject object;
    Error error;

    friend bool operator==(const Output &, const Output &) = default;
};

Output outputOf(const Result<QJsonObject> &r)
{
    return r ? Output{true, r.value(), {}} : Output{false, {}, r.error()};
}

QByteArray describe(const Output &o)
{
    return o.ok ? text(o.object)
                : QByteArray("error " + errorCodeName(o.error.code).toUtf8() + ": " +
                             o.error.message.toUtf8());
}

bool isBlank(QByteArrayView line)
{
    for (char c : line)
        if (c != ' ' && c != '\t' && c != '\r')
            return false;
    return true;
}

// Takes every frame the decoder has, checking the bound on what it holds.
void drain(FrameDecoder &d, QList<Output> &out)
{
    require(d.partialBytes() <= d.maxFrameBytes(), "an unfinished line is held beyond the limit");
    while (auto next = d.next())
        out.append(outputOf(*next));
    require(d.bufferedBytes() == d.partialBytes(), "complete lines are still held after next() ran dry");
}

// A value read by a codec reader must be written so that the reader reads it back the same:
// what the server sends, its clients read, and the other way round.
// OKNO_FUZZ_VERBOSE=1: which readers read each frame, to see that the seeds reach them.
const bool verbose = qEnvironmentVariableIntValue("OKNO_FUZZ_VERBOSE") != 0;

template <typename T>
void readBack(const QJsonObject &o, Result<T> (*fromJson)(const QJsonObject &, const QString &),
              const char *name)
{
    const Result<T> first = fromJson(o, {});
    if (verbose && first)
        std::fprintf(stderr, "okno-fuzz: read as %s\n", name);
    if (!first) {
        const ErrorCode code = first.error().code;
        require(code == ErrorCode::BadRequest || code == ErrorCode::InvalidArgument,
                "a codec reader refused with a code that is not bad_request/invalid_argument",
                first.error().message.toUtf8());
        require(!first.error().message.isEmpty(), "a codec reader refused without saying why");
        return;
    }
    const QJsonObject written = toJson(*first);
    const Result<T> second = fromJson(written, {});
    require(second.ok(), "a codec reader refuses what its own encoding wrote",
            text(o) + "\n*** wrote " + text(written) +
                "\n*** refused: " + (second ? QByteArray() : second.error().message.toUtf8()));
    require(toJson(*second) == written, "a value read back from its encoding encodes differently",
            text(o) + "\n*** first " + text(written) + "\n*** then " + text(toJson(*second)));
}

void readWithEveryReader(const QJsonObject &o)
{
    // Messages: shapes only; a response names an error code or refuses as bad_frame.
    if (auto request = parseRequest(o))
        require(request->id > 0 && !request->op.isEmpty() && !request->body.contains(u"id"_s) &&
                    !request->body.contains(u"op"_s),
                "parseRequest accepted a request without a valid id and op", text(o));
    if (auto response = parseResponse(o); !response)
        require(response.error().code == ErrorCode::BadFrame, "parseResponse refused with another code");
    const QJsonValue id = requestIdOf(o);
    require(id.isNull() || id.toDouble() >= 1, "requestIdOf gave an id that is not a request id");
    (void)classify(o);

    readBack(o, &scheduleFromJson, "schedule");
    readBack(o, &scheduleExceptionFromJson, "scheduleException");
    readBack(o, &normFromJson, "norm");
    readBack(o, &normsFromJson, "norms");
    readBack(o, &priorityCategoryFromJson, "priorityCategory");
    readBack(o, &topicFromJson, "topic");
    readBack(o, &queuePolicyConfigFromJson, "queuePolicyConfig");
    readBack(o, &centreFromJson, "centre");
    readBack(o, &queueFromJson, "queue");
    readBack(o, &deskFromJson, "desk");
    readBack(o, &staffFromJson, "staff");
    readBack(o, &stageFromJson, "stage");
    readBack(o, &visitFromJson, "visit");
    readBack(o, &queuePositionFromJson, "queuePosition");
    readBack(o, &summaryFromJson, "summary");
    readBack(o, &roleStatisticsFromJson, "roleStatistics");
    readBack(o, &qualityFiguresFromJson, "qualityFigures");
    readBack(o, &meterReadingFromJson, "meterReading");
    readBack(o, &consultationFromJson, "consultation");
    readBack(o, &cashShiftFromJson, "cashShift");
    readBack(o, &paymentFromJson, "payment");
    readBack(o, &shiftTotalsFromJson, "shiftTotals");
    readBack(o, &eventFromJson, "event");
    readBack(o, &helloResultFromJson, "helloResult");
    readBack(o, &sessionInfoFromJson, "sessionInfo");
    readBack(o, &issueResultFromJson, "issueResult");
    readBack(o, &queueLoadFromJson, "queueLoad");
    readBack(o, &statusSnapshotFromJson, "statusSnapshot");
    readBack(o, &statsResultFromJson, "statsResult");
    readBack(o, &subscribeResultFromJson, "subscribeResult");
    readBack(o, &shiftReportFromJson, "shiftReport");
}

// What next() gave for one complete line (without its '\n'), checked against the line itself.
void checkLine(QByteArrayView line, qsizetype limit, const Output &got, bool read)
{
    if (line.size() > limit) {
        require(!got.ok && got.error.code == ErrorCode::BadFrame &&
                    got.error.message.contains(u"longer than"_s),
                "an over-long line did not give the over-long error", describe(got));
        return;
    }
    QByteArrayView content = line;
    if (content.endsWith('\r'))
        content.chop(1);
    qsizetype at = -1;
    const QString problem = strictJsonProblem(content, &at);
    require(at >= 0 && at <= content.size(), "strictJsonProblem points outside the text");
    if (!got.ok) {
        require(got.error.code == ErrorCode::BadFrame && !got.error.message.isEmpty(),
                "a line was refused with another code than bad_frame, or without a reason", describe(got));
        // The other way round: what the protocol calls a valid frame — UTF-8, strict JSON, an
        // object — is taken (Qt's reader must not be stricter than the page clients read), but
        // for a number beyond a double's range, such as 1e400: RFC 8259 lets a reader limit the
        // range, Qt's does, and docs/protocol.md says so.
        const QByteArrayView text = content.trimmed();
        if (isValidUtf8(content) && problem.isEmpty() && text.startsWith('{') &&
            !got.error.message.contains(u"illegal number"_s))
            fail("a valid frame (UTF-8, strict JSON, an object) was refused",
                 content.toByteArray() + "\n*** " + got.error.message.toUtf8());
        return;
    }
    require(isValidUtf8(content), "a frame that is not valid UTF-8 was decoded", content.toByteArray());
    require(problem.isEmpty(), "a frame that is not strict JSON was decoded",
            content.toByteArray() + "\n*** " + problem.toUtf8());

    // Written out again, it is one line of strict JSON in UTF-8 that decodes to the same object.
    const QByteArray frame = encodeFrame(got.object);
    require(frame.endsWith('\n') && frame.count('\n') == 1, "encodeFrame did not write exactly one line",
            frame);
    const QByteArrayView body = QByteArrayView(frame).chopped(1);
    require(isValidUtf8(body), "encodeFrame wrote invalid UTF-8", frame);
    require(strictJsonProblem(body).isEmpty(), "encodeFrame wrote JSON that is not strict", frame);
    FrameDecoder again(kMaxServerFrameBytes);
    again.feed(frame);
    auto decoded = again.next();
    require(decoded.has_value() && decoded->ok() && !again.next().has_value(),
            "a frame written by encodeFrame does not decode", frame);
    // A lone surrogate (only as an escape) cannot be written as UTF-8: the only loss allowed.
    if (!hasLoneSurrogate(QJsonValue(got.object)))
        require(decoded->value() == got.object, "a decoded frame written out again decodes differently",
                content.toByteArray() + "\n*** wrote " + frame);

    if (read)
        readWithEveryReader(got.object);
}

// Slice sizes from a tiny generator seeded by the input, so a crash reproduces from its file.
struct Slicer
{
    quint32 state;
    int mode;
    qsizetype next(qsizetype left)
    {
        switch (mode) {
        case 0:
            return left; // all at once
        case 1:
            return 1; // a byte at a time
        case 2:
            return std::min<qsizetype>(left, qsizetype(state % 97) + 1); // one size throughout
        default:
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            return std::min<qsizetype>(left, qsizetype(state % 300) + 1);
        }
    }
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size < 2)
        return -1;
    // Small limits too, so over-long lines, and their tails split across feeds, happen often.
    static constexpr qsizetype kLimits[] = {kMaxFrameBytes, 64, 300, 4096};
    const qsizetype limit = kLimits[data[0] & 3];
    Slicer slicer{quint32(data[1]) * 2654435761u + 1, (data[0] >> 2) & 3};
    const QByteArrayView stream(reinterpret_cast<const char *>(data) + 2, qsizetype(size) - 2);

    FrameDecoder decoder(limit);
    QList<Output> got;
    for (qsizetype at = 0; at < stream.size();) {
        const qsizetype n = slicer.next(stream.size() - at);
        decoder.feed(stream.sliced(at, n));
        at += n;
        drain(decoder, got);
    }

    // The same stream, a line at a time, each line in a decoder of its own.
    QList<Output> expected;
    QList<QByteArrayView> lines;
    qsizetype start = 0;
    for (qsizetype nl = stream.indexOf('\n'); nl >= 0; nl = stream.indexOf('\n', start)) {
        const QByteArrayView line = stream.sliced(start, nl - start);
        start = nl + 1;
        FrameDecoder alone(limit);
        alone.feed(line);
        alone.feed("\n");
        auto one = alone.next();
        require(!alone.next().has_value() && alone.bufferedBytes() == 0, "one line gave two frames");
        const bool blank = line.size() <= limit && isBlank(line);
        require(one.has_value() != blank, blank ? "a blank line gave a frame" : "a line gave no frame",
                line.toByteArray());
        if (one) {
            expected.append(outputOf(*one));
            lines.append(line);
        }
    }
    // An unfinished line gives nothing yet, unless it is already past the limit.
    const QByteArrayView tail = stream.sliced(start);
    if (tail.size() > limit) {
        expected.append(Output{false, {}, makeError(ErrorCode::BadFrame, {})});
        lines.append(tail);
    }
    require(decoder.partialBytes() == (tail.size() > limit ? 0 : tail.size()),
            "the unfinished line held is not the stream's tail");

    require(got.size() == expected.size(), "slicing the stream changed how many frames came out",
            QByteArray::number(got.size()) + " instead of " + QByteArray::number(expected.size()));
    for (qsizetype i = 0; i < got.size(); ++i) {
        if (i == got.size() - 1 && tail.size() > limit) // an over-long tail: only its error is known
            require(!got[i].ok && got[i].error.code == ErrorCode::BadFrame,
                    "an over-long unfinished line did not give an error");
        else
            require(got[i] == expected[i], "slicing the stream changed a frame",
                    describe(got[i]) + "\n*** instead of " + describe(expected[i]));
        checkLine(lines[i], limit, got[i], slicer.mode == 0);
    }
    return 0;
}
