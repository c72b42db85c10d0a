#pragma once

#include <core/Result.h>

#include <QString>

namespace okno::ui {

// What to tell a person when the server refuses: a Russian sentence keyed on the error code,
// with the server's own (English) message kept as a detail for the IT administrator.
QString errorText(const Error &e);

} // namespace okno::ui
