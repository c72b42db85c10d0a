#pragma once

#include <core/Result.h>

#include <QString>

namespace okno::ui {

// What to tell a person when the server refuses: a Russian sentence keyed on the error code,
// with the server's own (English) message kept as a detail for the IT administrator.
QString errorText(const Error &e);
// Why a login was refused, in the terminal's language only (the server's detail does not help a
// person at a login form): «Неверный логин или пароль», an account that may not work at this
// terminal, a desk that does not exist…
QString loginFailureText(ErrorCode code);

} // namespace okno::ui
