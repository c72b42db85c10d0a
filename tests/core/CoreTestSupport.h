#pragma once

// Helpers shared by the core's tests: instants in a centre's zone and readable Catch2 output
// for Qt types.

#include <catch2/catch.hpp>

#include <QDate>
#include <QDateTime>
#include <QString>
#include <QTime>
#include <QTimeZone>

#include <optional>

#include "core/Clock.h"
#include "core/QueueEngine.h"
#include "core/Result.h"
#include "core/Schedule.h"
#include "core/Types.h"

namespace okno::test {

inline QTimeZone moscow()
{
    return QTimeZone(QByteArrayLiteral("Europe/Moscow"));
}

// An instant given as Moscow wall-clock time.
inline QDateTime msk(const QDate &d, int h, int m = 0, int s = 0)
{
    return QDateTime(d, QTime(h, m, s), moscow());
}

inline QDateTime msk(int y, int mo, int d, int h, int m = 0, int s = 0)
{
    return msk(QDate(y, mo, d), h, m, s);
}

// Dates used throughout (November 2026): a plain working week, a weekend, a holiday.
inline const QDate kFriday{2026, 11, 20};
inline const QDate kSaturday{2026, 11, 21};
inline const QDate kSunday{2026, 11, 22};
inline const QDate kMonday{2026, 11, 23};
inline const QDate kTuesday{2026, 11, 24};
inline const QDate kShortDay{2026, 11, 3}; // Tuesday before the holiday
inline const QDate kHoliday{2026, 11, 4};  // День народного единства, a Wednesday

// One centre (id 1, Europe/Moscow, standard hours, a holiday on 4 November) with three queues
// and three desks, on a ManualClock that starts on Monday 23 November 2026 at 09:00:
//   queue 1 "admin"   prefix А, administrator  — desk 1, staff 101
//   queue 2 "consult" prefix К, consultant     — desk 2, staff 102
//   queue 3 "cash"    prefix О, cashier        — desk 3, staff 103
// The desks start closed.
struct CentreFixture
{
    static constexpr Id kCentre = 1;
    static constexpr Id kAdminQueue = 1, kConsultQueue = 2, kCashQueue = 3;
    static constexpr Id kAdminDesk = 1, kConsultDesk = 2, kCashDesk = 3;

    ManualClock clock{msk(kMonday, 9, 0)};
    QueueEngine engine{clock};
    Actor admin{101, Role::Administrator, kAdminDesk};
    Actor consultant{102, Role::Consultant, kConsultDesk};
    Actor cashier{103, Role::Cashier, kCashDesk};

    CentreFixture()
    {
        Centre c;
        c.id = kCentre;
        c.code = QStringLiteral("SARANSK-1");
        c.name = QStringLiteral("ЦОК Саранск");
        c.schedule.setException({kHoliday, DayHours::closed(), QStringLiteral("День народного единства")});
        engine.putCentre(c);
        engine.putQueue(Queue{kAdminQueue, kCentre, QStringLiteral("admin"), QStringLiteral("Администратор"),
                              QStringLiteral("А"), StageRole::Administrator, true});
        engine.putQueue(Queue{kConsultQueue, kCentre, QStringLiteral("consult"),
                              QStringLiteral("Консультация"), QStringLiteral("К"), StageRole::Consultant,
                              true});
        engine.putQueue(Queue{kCashQueue, kCentre, QStringLiteral("cash"), QStringLiteral("Касса"),
                              QStringLiteral("О"), StageRole::Cashier, true});
        addDesk(kAdminDesk, {kAdminQueue});
        addDesk(kConsultDesk, {kConsultQueue});
        addDesk(kCashDesk, {kCashQueue});
    }

    void addDesk(Id id, QList<Id> queueIds)
    {
        Desk d;
        d.id = id;
        d.centreId = kCentre;
        d.number = int(id);
        d.queueIds = std::move(queueIds);
        engine.putDesk(d);
    }

    void at(const QDate &d, int h, int m = 0) { clock.set(msk(d, h, m)); }
    void at(int h, int m = 0) { at(kMonday, h, m); }

    void openAll()
    {
        REQUIRE(engine.openDesk(kAdminDesk, admin.staffId).ok());
        REQUIRE(engine.openDesk(kConsultDesk, consultant.staffId).ok());
        REQUIRE(engine.openDesk(kCashDesk, cashier.staffId).ok());
    }

    Result<Visit> tryIssue(Id queueId, const QString &priority = {}, const QString &account = {})
    {
        IssueRequest r;
        r.centreId = kCentre;
        r.queueId = queueId;
        r.purpose = QStringLiteral("оплата");
        r.priority = priority;
        r.accountNumber = account;
        r.channel = QStringLiteral("reception");
        r.createdBy = admin.staffId;
        return engine.issue(r);
    }

    Visit issue(Id queueId = kAdminQueue, const QString &priority = {})
    {
        auto v = tryIssue(queueId, priority);
        INFO((v.ok() ? std::string() : v.error().message.toStdString()));
        REQUIRE(v.ok());
        return *v;
    }

    const Visit &visit(Id id) const
    {
        const Visit *v = engine.visit(id);
        REQUIRE(v);
        return *v;
    }
    const Stage &stage(Id id) const { return *visit(id).currentStage(); }
};

} // namespace okno::test

namespace Catch {

template <> struct StringMaker<QString>
{
    static std::string convert(const QString &s) { return '"' + s.toStdString() + '"'; }
};

template <> struct StringMaker<QDate>
{
    static std::string convert(const QDate &d) { return d.toString(Qt::ISODate).toStdString(); }
};

template <> struct StringMaker<QDateTime>
{
    static std::string convert(const QDateTime &t)
    {
        return t.isValid() ? t.toUTC().toString(Qt::ISODateWithMs).toStdString() + " (UTC)"
                           : std::string("invalid");
    }
};

template <> struct StringMaker<okno::ErrorCode>
{
    static std::string convert(okno::ErrorCode c) { return okno::errorCodeName(c).toStdString(); }
};

template <> struct StringMaker<std::optional<okno::ErrorCode>>
{
    static std::string convert(const std::optional<okno::ErrorCode> &c)
    {
        return c ? okno::errorCodeName(*c).toStdString() : std::string("no error (it succeeded)");
    }
};

template <> struct StringMaker<okno::CentreStatus>
{
    static std::string convert(okno::CentreStatus s) { return okno::centreStatusName(s).toStdString(); }
};

template <> struct StringMaker<okno::StageState>
{
    static std::string convert(okno::StageState s) { return okno::stageStateName(s).toStdString(); }
};

} // namespace Catch
