#include "Result.h"

#include <array>
#include <utility>

namespace okno {

namespace {
using namespace Qt::StringLiterals;
constexpr std::array kNames = {
    std::pair{ErrorCode::BadFrame, "bad_frame"},
    std::pair{ErrorCode::BadRequest, "bad_request"},
    std::pair{ErrorCode::UnknownOperation, "unknown_operation"},
    std::pair{ErrorCode::UnsupportedVersion, "unsupported_version"},
    std::pair{ErrorCode::AuthRequired, "auth_required"},
    std::pair{ErrorCode::AuthFailed, "auth_failed"},
    std::pair{ErrorCode::Forbidden, "forbidden"},
    std::pair{ErrorCode::NotFound, "not_found"},
    std::pair{ErrorCode::InvalidArgument, "invalid_argument"},
    std::pair{ErrorCode::InvalidTransition, "invalid_transition"},
    std::pair{ErrorCode::Conflict, "conflict"},
    std::pair{ErrorCode::CentreClosed, "centre_closed"},
    std::pair{ErrorCode::DeskUnavailable, "desk_unavailable"},
    std::pair{ErrorCode::QueueEmpty, "queue_empty"},
    std::pair{ErrorCode::Internal, "internal"},
    std::pair{ErrorCode::Unavailable, "unavailable"},
    std::pair{ErrorCode::TooManyAttempts, "too_many_attempts"},
    std::pair{ErrorCode::Busy, "busy"},
    std::pair{ErrorCode::Moved, "moved"},
};
} // namespace

QString errorCodeName(ErrorCode code)
{
    for (const auto &[c, n] : kNames)
        if (c == code)
            return QString::fromLatin1(n);
    return u"internal"_s;
}

std::optional<ErrorCode> errorCodeFromName(const QString &name)
{
    for (const auto &[c, n] : kNames)
        if (name == QLatin1StringView(n))
            return c;
    return std::nullopt;
}

} // namespace okno
