#pragma once

#include <QString>

#include <optional>
#include <utility>
#include <variant>

namespace okno {

// Error codes shared by the domain, the server and the protocol. Their wire names (errorCodeName)
// are part of the protocol: never rename one, only add.
enum class ErrorCode
{
    BadFrame,         // the frame is not valid JSON or too large
    BadRequest,       // a field is missing or has the wrong type
    UnknownOperation, // the op is not known to this server
    UnsupportedVersion,
    AuthRequired,      // the operation needs a logged-in session
    AuthFailed,        // wrong login or password
    Forbidden,         // the session's role may not do this
    NotFound,          // the referenced object does not exist
    InvalidArgument,   // a field has a value out of range or malformed
    InvalidTransition, // the visit/desk is not in a state that allows this
    Conflict,          // the object changed or already exists
    CentreClosed,      // outside working hours, lunch, a holiday, or past the cut-off
    DeskUnavailable,   // the desk is closed, on break or occupied
    QueueEmpty,        // nothing to call
    Internal,          // a server fault; the request had no effect
    Unavailable,       // the server is shutting down or the storage failed
    TooManyAttempts,   // too many failed logins for this login or from this address: wait, or ask
                       // a system administrator to lift the lockout
    Busy,              // the server already runs as many reports as it takes: try again shortly
    Moved,             // this node does not serve it; the reply names the node that does (PostgreSQL)
};

QString errorCodeName(ErrorCode code);
std::optional<ErrorCode> errorCodeFromName(const QString &name);

struct Error
{
    ErrorCode code = ErrorCode::Internal;
    QString message;

    friend bool operator==(const Error &, const Error &) = default;
};

inline Error makeError(ErrorCode code, QString message)
{
    return Error{code, std::move(message)};
}

// A value or an error: the return type at every library boundary (cf. Utils::Result).
template <typename T> class [[nodiscard]] Result
{
public:
    Result(T value)
        : m_data(std::move(value))
    {}
    Result(Error error)
        : m_data(std::move(error))
    {}

    bool ok() const { return std::holds_alternative<T>(m_data); }
    explicit operator bool() const { return ok(); }

    const T &value() const & { return std::get<T>(m_data); }
    T &value() & { return std::get<T>(m_data); }
    T &&value() && { return std::get<T>(std::move(m_data)); }
    const T &operator*() const & { return value(); }
    const T *operator->() const { return &value(); }
    T *operator->() { return &value(); }

    const Error &error() const { return std::get<Error>(m_data); }

private:
    std::variant<T, Error> m_data;
};

// The result of an operation that has no value.
class [[nodiscard]] Status
{
public:
    Status() = default;
    Status(Error error)
        : m_error(std::move(error))
    {}

    static Status success() { return {}; }
    bool ok() const { return !m_error.has_value(); }
    explicit operator bool() const { return ok(); }
    const Error &error() const { return *m_error; }

private:
    std::optional<Error> m_error;
};

} // namespace okno
