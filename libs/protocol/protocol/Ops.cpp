#include "Ops.h"

#include <algorithm>

namespace okno::protocol::ops {

const QList<QLatin1StringView> &all()
{
    static const QList<QLatin1StringView> names = {
        Hello,
        AuthLogin,
        AuthLogout,
        Ping,
        CentreList,
        CentreGet,
        CentrePut,
        ScheduleSetException,
        ScheduleRemoveException,
        NormsGet,
        NormsSet,
        NormsHistory,
        QueueList,
        QueuePut,
        QueueForecast,
        DeskList,
        DeskPut,
        StaffList,
        StaffPut,
        StaffSetPassword,
        VisitIssue,
        VisitGet,
        VisitCallNext,
        VisitCall,
        VisitRecall,
        VisitStart,
        VisitFinish,
        VisitNoShow,
        VisitRoute,
        VisitPostpone,
        VisitRequeue,
        VisitCancel,
        VisitSetPriority,
        DeskOpen,
        DeskBreak,
        DeskResume,
        DeskClose,
        StatusQuery,
        Stats,
        Dashboard,
        Alerts,
        EventsSubscribe,
        ConsultationGet,
        ConsultationSave,
        ShiftOpen,
        ShiftCurrent,
        ShiftClose,
        PaymentRecord,
        PaymentReverse,
        PaymentList,
        ClockSet,
        AuthLockouts,
        AuthUnlock,
        BackupCreate,
        DatabaseVerify,
        RetentionRun,
    };
    return names;
}

bool isKnown(QStringView op)
{
    const auto &names = all();
    return std::any_of(names.cbegin(), names.cend(), [&](QLatin1StringView n) { return op == n; });
}

} // namespace okno::protocol::ops

namespace okno::protocol::events {

const QList<QLatin1StringView> &all()
{
    static const QList<QLatin1StringView> names = {
        VisitIssued,          VisitCalled,  VisitRecalled,  VisitStarted,    VisitFinished,
        VisitNoShow,          VisitRouted,  VisitPostponed, VisitRequeued,   VisitCancelled,
        VisitPriorityChanged, VisitExpired, DeskOpened,     DeskOnBreak,     DeskResumed,
        DeskClosed,           DeskChanged,  CentreChanged,  QueueChanged,    StaffChanged,
        ConsultationSaved,    ShiftOpened,  ShiftClosed,    PaymentRecorded, PaymentReversed,
        ServerRestored,       RetentionRan, AuthChecked,    AuthUnlocked,
    };
    return names;
}

bool isKnown(QStringView type)
{
    const auto &names = all();
    return std::any_of(names.cbegin(), names.cend(), [&](QLatin1StringView n) { return type == n; });
}

} // namespace okno::protocol::events
