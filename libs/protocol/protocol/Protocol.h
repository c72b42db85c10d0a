#pragma once

#include <QtGlobal>

namespace okno::protocol {

// The version a client announces in hello. Bumped only for changes an old peer would misread;
// adding an op, a field or an error code does not bump it (peers ignore what they do not know).
inline constexpr int kProtocolVersion = 1;

// The longest frame a client may send (one JSON object, excluding its newline), in bytes.
inline constexpr qsizetype kMaxFrameBytes = 65536;

// The longest frame the server sends. Requests are small; a report over years of days is not.
inline constexpr qsizetype kMaxServerFrameBytes = 16 * 1024 * 1024;

// Default limit on a string field, in characters (Unicode code points).
inline constexpr qsizetype kMaxStringLength = 500;

// Limit on a password field, in characters.
inline constexpr qsizetype kMaxSecretLength = 1024;

// The largest integer a JSON number can carry exactly in every client (2^53).
inline constexpr qint64 kMaxSafeInteger = Q_INT64_C(9007199254740992);

} // namespace okno::protocol
