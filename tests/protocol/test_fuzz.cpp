// Random input must never crash the decoder or the readers, nor make the decoder hold more than
// the limit of an unfinished line. A fixed seed keeps failures reproducible; OKNO_FUZZ_SEED
// overrides it.

#include "ProtocolTestSupport.h"

#include <protocol/Codec.h>
#include <protocol/FrameDecoder.h>
#include <protocol/Message.h>
#include <protocol/Results.h>

#include <QJsonArray>
#include <QRandomGenerator>

using namespace okno;
using namespace okno::protocol;
using namespace okno::test;
using namespace Qt::StringLiterals;

namespace {

quint32 seed()
{
    bool ok = false;
    const quint32 s = qEnvironmentVariable("OKNO_FUZZ_SEED").toUInt(&ok);
    return ok ? s : 20261123u;
}

QByteArray randomBytes(QRandomGenerator &rng, qsizetype n)
{
    // Mostly bytes that matter to the decoder: newlines, braces, quotes, high bytes.
    static const char interesting[] = "\n\r{}[]\":,\\ 0123456789truefalsnul\xc0\xe2\x82\xac\xf0\x9f\xff";
    QByteArray out(n, '\0');
    for (qsizetype i = 0; i < n; ++i) {
        const quint32 r = rng.generate();
        out[i] = (r & 1) ? char(r >> 8) : interesting[(r >> 8) % (sizeof(interesting) - 1)];
    }
    return out;
}

// Decodes every frame the decoder has and runs it through every reader; returns how many came out.
int drainAndRead(FrameDecoder &d)
{
    int n = 0;
    while (auto next = d.next()) {
        ++n;
        if (!*next) {
            CHECK(next->error().code == ErrorCode::BadFrame);
            continue;
        }
        const QJsonObject &o = next->value();
        (void)parseRequest(o);
        (void)parseResponse(o);
        (void)requestIdOf(o);
        (void)centreFromJson(o);
        (void)visitFromJson(o);
        (void)deskFromJson(o);
        (void)staffFromJson(o);
        (void)eventFromJson(o);
        (void)statusSnapshotFromJson(o);
    }
    return n;
}

// Replaces a few values somewhere in a JSON tree with values of other types.
QJsonValue mutate(const QJsonValue &v, QRandomGenerator &rng)
{
    const QList<QJsonValue> replacements = {
        QJsonValue(),
        QJsonValue(0),
        QJsonValue(-1),
        QJsonValue(1.5),
        QJsonValue(1e300),
        QJsonValue(u""_s),
        QJsonValue(u"x"_s),
        QJsonValue(true),
        QJsonValue(QJsonArray{1, 2}),
        QJsonValue(QJsonObject{{u"a"_s, 1}}),
        QJsonValue(u"2026-02-30"_s),
        QJsonValue(u"25:61"_s),
        QJsonValue(QString(600, u'я')),
    };
    if (rng.bounded(8) == 0)
        return replacements[rng.bounded(int(replacements.size()))];
    if (v.isObject()) {
        QJsonObject o = v.toObject();
        for (auto it = o.begin(); it != o.end(); ++it)
            *it = mutate(*it, rng);
        if (rng.bounded(10) == 0 && !o.isEmpty())
            o.remove(o.keys().at(rng.bounded(int(o.size()))));
        return o;
    }
    if (v.isArray()) {
        QJsonArray a = v.toArray();
        for (qsizetype i = 0; i < a.size(); ++i)
            a[i] = mutate(a[i], rng);
        return a;
    }
    return v;
}

} // namespace

TEST_CASE("random bytes in random slices never crash the decoder")
{
    QRandomGenerator rng(seed());
    INFO("seed " << seed());
    FrameDecoder d(4096); // a small limit so that over-long lines happen often
    int frames = 0;
    for (int round = 0; round < 3000; ++round) {
        const QByteArray bytes = randomBytes(rng, rng.bounded(1, 2000));
        qsizetype at = 0;
        while (at < bytes.size()) {
            const qsizetype n = std::min<qsizetype>(bytes.size() - at, rng.bounded(1, 300));
            d.feed(QByteArrayView(bytes).sliced(at, n));
            at += n;
            CHECK(d.partialBytes() <= d.maxFrameBytes());
            frames += drainAndRead(d);
            REQUIRE(d.bufferedBytes() == d.partialBytes());
        }
    }
    CHECK(frames > 0);
}

TEST_CASE("valid frames with random damage never crash the readers")
{
    QRandomGenerator rng(seed());
    INFO("seed " << seed());
    Visit v;
    v.id = 1;
    v.centreId = 1;
    v.createdAt = utc(2026, 11, 23, 9, 0);
    Stage s;
    s.queueId = 1;
    s.ticket = u"К-001"_s;
    s.queuedAt = v.createdAt;
    v.stages = {s, s};
    StatusSnapshot snapshot;
    snapshot.centre.id = 1;
    snapshot.centre.code = u"C"_s;
    snapshot.centre.name = u"Центр"_s;
    snapshot.desks = {Desk{1, 1, 1, {}, {1}, true, DeskState::Open, 5}};
    snapshot.visits = {v};
    const QList<QJsonObject> seeds = {
        toJson(v), toJson(snapshot), toJson(snapshot.centre),
        makeRequest(1, u"visit.issue", {{u"centreId"_s, 1}, {u"queueCode"_s, u"c"_s}})};
    FrameDecoder d;
    for (int round = 0; round < 2000; ++round) {
        const QJsonObject damaged = mutate(seeds[rng.bounded(int(seeds.size()))], rng).toObject();
        QByteArray frame = encodeFrame(damaged);
        if (rng.bounded(4) == 0 && frame.size() > 2) // and sometimes the bytes too
            frame[rng.bounded(int(frame.size() - 1))] = char(rng.generate());
        d.feed(frame);
        drainAndRead(d);
    }
    d.feed("\n");
    drainAndRead(d);
    CHECK(d.bufferedBytes() == 0);
}
