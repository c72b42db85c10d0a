#pragma once

#include <core/Result.h>

#include <QString>

namespace okno::ui {

// What to tell a person when the server refuses: a sentence keyed on the error code, in the
// terminal's language only. The server's own message is English, for logs and the IT
// administrator: errorDetail() gives it for the log, never the screen.
QString errorText(const Error &e);
QString errorDetail(const Error &e); // "code: message", for the log
// What the screen may add for the IT administrator, in its own language: the error's code
// («Код ошибки для администратора ИТ: invalid_transition»), a tooltip of the message line.
QString errorHint(const Error &e);
// Why a login was refused, in the terminal's language only (the server's detail does not help a
// person at a login form): «Неверный логин или пароль», an account that may not work at this
// terminal, a desk that does not exist…
QString loginFailureText(ErrorCode code);

} // namespace okno::ui
