#pragma once

#include <core/Result.h>

#include <QString>

namespace okno::ui {

// What to tell a person when the server refuses: a sentence keyed on the error code, in the
// terminal's language only. The server's own message is English, for logs and the IT
// administrator: errorDetail() gives it (a tooltip of the message line), never the line itself.
QString errorText(const Error &e);
QString errorDetail(const Error &e); // "код: message", for a tooltip or a log
// Why a login was refused, in the terminal's language only (the server's detail does not help a
// person at a login form): «Неверный логин или пароль», an account that may not work at this
// terminal, a desk that does not exist…
QString loginFailureText(ErrorCode code);

} // namespace okno::ui
