#pragma once

#include <QString>
#include <QStringList>

#include <optional>

namespace okno {

using Id = qint64; // database identifiers; 0 means "none"

// Who a session acts as. Stage roles (administrator, consultant, cashier) serve queues; the
// manager watches and sets norms; the system administrator manages the installation; board and
// kiosk are device accounts that can only show or issue.
enum class Role
{
    Administrator,
    Consultant,
    Cashier,
    Manager,
    SystemAdministrator,
    Board,
    Kiosk
};

// The roles that a visit passes through, in the order of the standard (8.2.3).
enum class StageRole
{
    Administrator,
    Consultant,
    Cashier
};

// The state of one stage of a visit.
enum class StageState
{
    Waiting,     // in the queue
    Called,      // called to a desk, not yet come
    InService,   // being served
    Done,        // served
    NoShow,      // called, did not come
    Postponed,   // set aside; can be called by choice later
    Transferred, // served (or not) and routed on to another stage
    Cancelled,   // withdrawn before service
    Unserved,    // still waiting when the day (and its after-closing service) ended
};

enum class DeskState
{
    Closed,
    Open,
    Break
};

enum class ConsumerGroup
{
    Household,
    Entrepreneur,
    LegalEntity
};

QString roleName(Role r);
std::optional<Role> roleFromName(const QString &s);
QString stageRoleName(StageRole r);
std::optional<StageRole> stageRoleFromName(const QString &s);
std::optional<StageRole> stageRoleOf(Role r);
QString stageStateName(StageState s);
std::optional<StageState> stageStateFromName(const QString &s);
QString deskStateName(DeskState s);
std::optional<DeskState> deskStateFromName(const QString &s);
QString consumerGroupName(ConsumerGroup g);
std::optional<ConsumerGroup> consumerGroupFromName(const QString &s);

bool isTerminal(StageState s);

const QList<Role> &allRoles();
const QList<StageRole> &allStageRoles();

} // namespace okno
