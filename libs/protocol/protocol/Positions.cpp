#include "Positions.h"

namespace okno::protocol {

using namespace Qt::StringLiterals;

QString defaultPosition(Role r)
{
    switch (r) {
    case Role::Administrator:
        return u"Администратор"_s;
    case Role::Consultant:
        return u"Менеджер-консультант"_s;
    case Role::Cashier:
        return u"Оператор (контролер-кассир)"_s;
    case Role::Manager:
        return u"Руководитель ЦОК"_s;
    case Role::SystemAdministrator:
        return u"Системный администратор"_s;
    case Role::Board:
        return u"Информационное табло"_s;
    case Role::Kiosk:
        return u"Терминал самообслуживания"_s;
    }
    return {};
}

} // namespace okno::protocol
