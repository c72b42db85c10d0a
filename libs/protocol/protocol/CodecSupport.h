#pragma once

// Internal to okno_protocol: what the encodings of the domain types share, across Codec*.cpp.

#include <core/Types.h>

#include <QJsonValue>

namespace okno::protocol::codec_detail {

inline constexpr qsizetype kCodeLength = 32;   // centre, queue, category codes; logins
inline constexpr qsizetype kTicketLength = 16; // "К-015"
inline constexpr qsizetype kPrefixLength = 3;
inline constexpr qsizetype kTypeLength = 64; // event types
inline constexpr int kMaxNormMinutes = 600;
inline constexpr qint64 kMaxCount = 1'000'000'000;

inline QJsonValue idToJson(Id id)
{
    return QJsonValue(id);
}

} // namespace okno::protocol::codec_detail
