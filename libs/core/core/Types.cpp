#include "Types.h"

#include <array>
#include <utility>

namespace okno {

using namespace Qt::StringLiterals;

namespace {

template <typename E, std::size_t N>
QString nameOf(const std::array<std::pair<E, const char *>, N> &table, E value)
{
    for (const auto &[e, n] : table)
        if (e == value)
            return QString::fromLatin1(n);
    return {};
}

template <typename E, std::size_t N>
std::optional<E> valueOf(const std::array<std::pair<E, const char *>, N> &table, const QString &name)
{
    for (const auto &[e, n] : table)
        if (name == QLatin1StringView(n))
            return e;
    return std::nullopt;
}

constexpr std::array kRoles = {
    std::pair{Role::Administrator, "administrator"},
    std::pair{Role::Consultant, "consultant"},
    std::pair{Role::Cashier, "cashier"},
    std::pair{Role::Manager, "manager"},
    std::pair{Role::SystemAdministrator, "system_administrator"},
    std::pair{Role::Board, "board"},
    std::pair{Role::Kiosk, "kiosk"},
};
constexpr std::array kStageRoles = {
    std::pair{StageRole::Administrator, "administrator"},
    std::pair{StageRole::Consultant, "consultant"},
    std::pair{StageRole::Cashier, "cashier"},
};
constexpr std::array kStageStates = {
    std::pair{StageState::Waiting, "waiting"},         std::pair{StageState::Called, "called"},
    std::pair{StageState::InService, "in_service"},    std::pair{StageState::Done, "done"},
    std::pair{StageState::NoShow, "no_show"},          std::pair{StageState::Postponed, "postponed"},
    std::pair{StageState::Transferred, "transferred"}, std::pair{StageState::Cancelled, "cancelled"},
    std::pair{StageState::Unserved, "unserved"},
};
constexpr std::array kDeskStates = {
    std::pair{DeskState::Closed, "closed"},
    std::pair{DeskState::Open, "open"},
    std::pair{DeskState::Break, "break"},
};
constexpr std::array kGroups = {
    std::pair{ConsumerGroup::Household, "household"},
    std::pair{ConsumerGroup::Entrepreneur, "entrepreneur"},
    std::pair{ConsumerGroup::LegalEntity, "legal_entity"},
};

} // namespace

QString roleName(Role r)
{
    return nameOf(kRoles, r);
}
std::optional<Role> roleFromName(const QString &s)
{
    return valueOf(kRoles, s);
}
QString stageRoleName(StageRole r)
{
    return nameOf(kStageRoles, r);
}
std::optional<StageRole> stageRoleFromName(const QString &s)
{
    return valueOf(kStageRoles, s);
}
QString stageStateName(StageState s)
{
    return nameOf(kStageStates, s);
}
std::optional<StageState> stageStateFromName(const QString &s)
{
    return valueOf(kStageStates, s);
}
QString deskStateName(DeskState s)
{
    return nameOf(kDeskStates, s);
}
std::optional<DeskState> deskStateFromName(const QString &s)
{
    return valueOf(kDeskStates, s);
}
QString consumerGroupName(ConsumerGroup g)
{
    return nameOf(kGroups, g);
}
std::optional<ConsumerGroup> consumerGroupFromName(const QString &s)
{
    return valueOf(kGroups, s);
}

std::optional<StageRole> stageRoleOf(Role r)
{
    switch (r) {
    case Role::Administrator:
        return StageRole::Administrator;
    case Role::Consultant:
        return StageRole::Consultant;
    case Role::Cashier:
        return StageRole::Cashier;
    default:
        return std::nullopt;
    }
}

bool isTerminal(StageState s)
{
    switch (s) {
    case StageState::Done:
    case StageState::NoShow:
    case StageState::Transferred:
    case StageState::Cancelled:
    case StageState::Unserved:
        return true;
    default:
        return false;
    }
}

const QList<Role> &allRoles()
{
    static const QList<Role> roles = {Role::Administrator, Role::Consultant,          Role::Cashier,
                                      Role::Manager,       Role::SystemAdministrator, Role::Board,
                                      Role::Kiosk};
    return roles;
}

const QList<StageRole> &allStageRoles()
{
    static const QList<StageRole> roles = {StageRole::Administrator, StageRole::Consultant,
                                           StageRole::Cashier};
    return roles;
}

} // namespace okno
