#pragma once

// What both fuzz targets share: how an invariant fails, and the questions they ask of JSON.

#include <QByteArray>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>

#include <algorithm>
#include <cstdio>
#include <cstdlib>

namespace okno::fuzz {

// A broken invariant is a crash to libFuzzer: it stops, keeps the input and prints this first, so
// the report says which promise failed and on what, not only where.
[[noreturn]] inline void fail(const char *what, const QByteArray &detail = {})
{
    std::fprintf(stderr, "\n*** okno fuzz invariant broken: %s\n", what);
    if (!detail.isEmpty())
        std::fprintf(stderr, "*** %.*s\n", int(std::min<qsizetype>(detail.size(), 4000)), detail.constData());
    std::fflush(stderr);
    std::abort();
}

inline void require(bool condition, const char *what, const QByteArray &detail = {})
{
    if (!condition)
        fail(what, detail);
}

inline QByteArray text(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

inline bool hasLoneSurrogate(const QString &s)
{
    for (qsizetype i = 0; i < s.size(); ++i) {
        const QChar c = s.at(i);
        if (c.isHighSurrogate() && i + 1 < s.size() && s.at(i + 1).isLowSurrogate())
            ++i;
        else if (c.isSurrogate())
            return true;
    }
    return false;
}

// Whether a string anywhere in the value (a key too) holds a surrogate without its pair. JSON can
// carry one only as an escape ("\ud800"); UTF-8 cannot encode it, so writing such a string out
// cannot give it back (Qt writes U+FFFD), and the protocol refuses it in every field it reads.
inline bool hasLoneSurrogate(const QJsonValue &v)
{
    if (v.isString())
        return hasLoneSurrogate(v.toString());
    if (v.isArray()) {
        for (const QJsonValue &item : v.toArray())
            if (hasLoneSurrogate(item))
                return true;
    }
    if (v.isObject()) {
        const QJsonObject o = v.toObject();
        for (auto it = o.begin(); it != o.end(); ++it)
            if (hasLoneSurrogate(it.key()) || hasLoneSurrogate(it.value()))
                return true;
    }
    return false;
}

} // namespace okno::fuzz
