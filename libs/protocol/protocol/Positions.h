#pragma once

#include <core/Types.h>

#include <QString>

namespace okno::protocol {

// The position («Менеджер-консультант») a new account of a role is given when nobody names one:
// the server's first administrator and demo staff, okno-history's and okno-demo's accounts. It is
// the company's data, in Russian, stored with the account and printed on badges and documents as
// it is — not display text (the terminals show a role through ui::DomainText).
QString defaultPosition(Role r);

} // namespace okno::protocol
