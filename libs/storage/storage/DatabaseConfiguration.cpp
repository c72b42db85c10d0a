// The company's configuration as stored: centres with their schedules, norms and priority
// categories, queues, desks, staff and the login lookup (Database.h).

#include "Database.h"

#include "ReadSupport.h"
#include "RowReader.h"
#include "SqlValues.h"

#include <QSqlQuery>
#include <QTimeZone>

namespace okno {

using namespace Qt::StringLiterals;
using storage_detail::endOfRows;
using storage_detail::readInSnapshot;
using storage_detail::rowKey;

namespace {

DayHours readDayHours(RowReader &r, int firstColumn)
{
    DayHours h;
    h.open = r.flag(firstColumn);
    h.opens = r.minutes(firstColumn + 1);
    h.closes = r.minutes(firstColumn + 2);
    h.lunchStart = r.minutes(firstColumn + 3);
    h.lunchEnd = r.minutes(firstColumn + 4);
    return h;
}

} // namespace

// --- Configuration ---------------------------------------------------------------------------

Result<QList<Centre>> Database::loadCentres()
{
    checkThread();
    return readInSnapshot<QList<Centre>>(m_db, [this] { return readCentres(); });
}

Result<QList<Centre>> Database::readCentres()
{
    const QString context = u"load centres"_s;
    QList<Centre> centres;
    QHash<Id, qsizetype> indexOf;

    Result<QSqlQuery *> q =
        select(uR"(SELECT id, code, name, address, phone, time_zone, cutoff_minutes, lunch_counts,
                                         policy_max_priority_in_row, policy_max_regular_wait_minutes, active,
                                         after_closing_minutes
                                       FROM centres ORDER BY id)"_s,
               {}, context);
    if (!q)
        return q.error();
    while ((*q)->next()) {
        const QSqlQuery &row = **q;
        RowReader r(row, u"centres"_s);
        Centre c;
        c.id = r.id(0);
        c.code = r.text(1);
        c.name = r.text(2);
        c.address = r.text(3);
        c.phone = r.text(4);
        const QString zoneId = r.text(5);
        const QTimeZone zone(zoneId.toUtf8());
        c.schedule = Schedule();
        c.schedule.setTimeZone(zone);
        c.schedule.setLastTicketCutoffMinutes(int(r.integer(6)));
        c.schedule.setLunchCountsAsWorkingTime(r.flag(7));
        c.policy.maxPriorityInRow = int(r.integer(8));
        c.policy.maxRegularWaitMinutes = int(r.integer(9));
        c.active = r.flag(10);
        c.schedule.setServeAfterClosingMinutes(int(r.integer(11)));
        c.priorityCategories.clear();
        c.topics.clear();
        for (int day = 1; day <= 7; ++day)
            c.schedule.setWeekday(day, DayHours::closed());
        if (!r.ok()) {
            const Error e = r.error(u"id "_s + rowKey(row));
            (*q)->finish();
            return e;
        }
        if (!zone.isValid()) {
            (*q)->finish();
            return makeError(ErrorCode::Internal, u"storage: centre %1 has an unknown time zone '%2'"_s.arg(
                                                      QString::number(c.id), zoneId));
        }
        indexOf.insert(c.id, centres.size());
        centres.append(c);
    }
    if (Status s = endOfRows(**q, context); !s)
        return s.error();

    // Children, each ordered by centre; a row of an unknown centre cannot exist (foreign key).
    q = select(uR"(SELECT centre_id, day_of_week, is_open, opens, closes, lunch_start, lunch_end
                   FROM centre_week_hours ORDER BY centre_id, day_of_week)"_s,
               {}, context);
    if (!q)
        return q.error();
    while ((*q)->next()) {
        RowReader r(**q, u"centre_week_hours"_s);
        const Id centreId = r.id(0);
        const int day = int(r.integer(1));
        const DayHours hours = readDayHours(r, 2);
        if (!r.ok()) {
            const Error e = r.error(u"centre %1, day %2"_s.arg(rowKey(**q, 0), rowKey(**q, 1)));
            (*q)->finish();
            return e;
        }
        if (auto it = indexOf.constFind(centreId); it != indexOf.constEnd())
            centres[*it].schedule.setWeekday(day, hours);
    }
    if (Status s = endOfRows(**q, context); !s)
        return s.error();

    q = select(uR"(SELECT centre_id, exception_date, is_open, opens, closes, lunch_start, lunch_end, note
                   FROM centre_exceptions ORDER BY centre_id, exception_date)"_s,
               {}, context);
    if (!q)
        return q.error();
    while ((*q)->next()) {
        RowReader r(**q, u"centre_exceptions"_s);
        const Id centreId = r.id(0);
        ScheduleException e;
        e.date = r.date(1);
        e.hours = readDayHours(r, 2);
        e.note = r.text(7);
        if (!r.ok() || !e.date.isValid()) {
            const Error error =
                r.ok() ? makeError(ErrorCode::Internal,
                                   u"storage: bad row in centre_exceptions (centre %1): no date"_s.arg(
                                       rowKey(**q, 0)))
                       : r.error(u"centre %1, date %2"_s.arg(rowKey(**q, 0), rowKey(**q, 1)));
            (*q)->finish();
            return error;
        }
        if (auto it = indexOf.constFind(centreId); it != indexOf.constEnd())
            centres[*it].schedule.setException(e);
    }
    if (Status s = endOfRows(**q, context); !s)
        return s.error();

    q = select(
        u"SELECT centre_id, stage_role, wait_minutes, service_minutes FROM norms ORDER BY centre_id, stage_role"_s,
        {}, context);
    if (!q)
        return q.error();
    while ((*q)->next()) {
        RowReader r(**q, u"norms"_s);
        const Id centreId = r.id(0);
        const StageRole role = r.stageRole(1);
        const Norm norm{int(r.integer(2)), int(r.integer(3))};
        if (!r.ok()) {
            const Error e = r.error(u"centre %1, role %2"_s.arg(rowKey(**q, 0), rowKey(**q, 1)));
            (*q)->finish();
            return e;
        }
        if (auto it = indexOf.constFind(centreId); it != indexOf.constEnd())
            centres[*it].norms.set(role, norm);
    }
    if (Status s = endOfRows(**q, context); !s)
        return s.error();

    q = select(u"SELECT centre_id, code, title FROM priority_categories ORDER BY centre_id, position"_s, {},
               context);
    if (!q)
        return q.error();
    while ((*q)->next()) {
        RowReader r(**q, u"priority_categories"_s);
        const Id centreId = r.id(0);
        const PriorityCategory category{r.text(1), r.text(2)};
        if (!r.ok()) {
            const Error e = r.error(u"centre %1, code %2"_s.arg(rowKey(**q, 0), rowKey(**q, 1)));
            (*q)->finish();
            return e;
        }
        if (auto it = indexOf.constFind(centreId); it != indexOf.constEnd())
            centres[*it].priorityCategories.append(category);
    }
    if (Status s = endOfRows(**q, context); !s)
        return s.error();

    q = select(u"SELECT centre_id, code, title, active FROM centre_topics ORDER BY centre_id, position"_s, {},
               context);
    if (!q)
        return q.error();
    while ((*q)->next()) {
        RowReader r(**q, u"centre_topics"_s);
        const Id centreId = r.id(0);
        const Topic topic{r.text(1), r.text(2), r.flag(3)};
        if (!r.ok()) {
            const Error e = r.error(u"centre %1, code %2"_s.arg(rowKey(**q, 0), rowKey(**q, 1)));
            (*q)->finish();
            return e;
        }
        if (auto it = indexOf.constFind(centreId); it != indexOf.constEnd())
            centres[*it].topics.append(topic);
    }
    if (Status s = endOfRows(**q, context); !s)
        return s.error();
    return centres;
}

Result<QList<Queue>> Database::loadQueues()
{
    checkThread();
    const QString context = u"load queues"_s;
    Result<QSqlQuery *> q = select(
        u"SELECT id, centre_id, code, name, prefix, role, active FROM queues ORDER BY id"_s, {}, context);
    if (!q)
        return q.error();
    auto finish = qScopeGuard([&] { (*q)->finish(); });
    QList<Queue> queues;
    while ((*q)->next()) {
        RowReader r(**q, u"queues"_s);
        Queue queue;
        queue.id = r.id(0);
        queue.centreId = r.id(1);
        queue.code = r.text(2);
        queue.name = r.text(3);
        queue.prefix = r.text(4);
        queue.role = r.stageRole(5);
        queue.active = r.flag(6);
        if (!r.ok())
            return r.error(u"id "_s + rowKey(**q));
        queues.append(queue);
    }
    if (Status s = endOfRows(**q, context); !s)
        return s.error();
    return queues;
}

Result<QList<Desk>> Database::loadDesks()
{
    checkThread();
    return readInSnapshot<QList<Desk>>(m_db, [this] { return readDesks(); });
}

Result<QList<Desk>> Database::readDesks()
{
    const QString context = u"load desks"_s;
    QList<Desk> desks;
    QHash<Id, qsizetype> indexOf;
    Result<QSqlQuery *> q = select(
        u"SELECT id, centre_id, number, name, active, state, staff_id FROM desks ORDER BY id"_s, {}, context);
    if (!q)
        return q.error();
    while ((*q)->next()) {
        RowReader r(**q, u"desks"_s);
        Desk d;
        d.id = r.id(0);
        d.centreId = r.id(1);
        d.number = int(r.integer(2));
        d.name = r.text(3);
        d.active = r.flag(4);
        d.state = r.deskState(5);
        d.staffId = r.id(6);
        if (!r.ok()) {
            const Error e = r.error(u"id "_s + rowKey(**q));
            (*q)->finish();
            return e;
        }
        indexOf.insert(d.id, desks.size());
        desks.append(d);
    }
    if (Status s = endOfRows(**q, context); !s)
        return s.error();

    q = select(u"SELECT desk_id, queue_id FROM desk_queues ORDER BY desk_id, position"_s, {}, context);
    if (!q)
        return q.error();
    while ((*q)->next()) {
        RowReader r(**q, u"desk_queues"_s);
        const Id deskId = r.id(0);
        const Id queueId = r.id(1);
        if (!r.ok()) {
            const Error e = r.error(u"desk %1"_s.arg(rowKey(**q)));
            (*q)->finish();
            return e;
        }
        if (auto it = indexOf.constFind(deskId); it != indexOf.constEnd())
            desks[*it].queueIds.append(queueId);
    }
    if (Status s = endOfRows(**q, context); !s)
        return s.error();
    return desks;
}

namespace {

// The columns of staff that Staff holds, then password_hash.
const QString kStaffColumns = u"id, centre_id, login, full_name, position, role, active, password_hash"_s;

Staff readStaff(RowReader &r)
{
    Staff s;
    s.id = r.id(0);
    s.centreId = r.id(1);
    s.login = r.text(2);
    s.fullName = r.text(3);
    s.position = r.text(4);
    s.role = r.role(5);
    s.active = r.flag(6);
    return s;
}

} // namespace

Result<QList<Staff>> Database::loadStaff()
{
    checkThread();
    const QString context = u"load staff"_s;
    Result<QSqlQuery *> q = select(u"SELECT %1 FROM staff ORDER BY id"_s.arg(kStaffColumns), {}, context);
    if (!q)
        return q.error();
    auto finish = qScopeGuard([&] { (*q)->finish(); });
    QList<Staff> staff;
    while ((*q)->next()) {
        RowReader r(**q, u"staff"_s);
        const Staff s = readStaff(r);
        if (!r.ok())
            return r.error(u"id "_s + rowKey(**q));
        staff.append(s);
    }
    if (Status s = endOfRows(**q, context); !s)
        return s.error();
    return staff;
}

Result<std::optional<StaffCredential>> Database::findLogin(const QString &login)
{
    checkThread();
    const QString context = u"find login"_s;
    Result<QSqlQuery *> q =
        select(u"SELECT %1 FROM staff WHERE login = ?"_s.arg(kStaffColumns), {sql::text(login)}, context);
    if (!q)
        return q.error();
    auto finish = qScopeGuard([&] { (*q)->finish(); });
    std::optional<StaffCredential> found;
    if ((*q)->next()) {
        RowReader r(**q, u"staff"_s);
        StaffCredential credential{readStaff(r), r.text(7)};
        if (!r.ok())
            return r.error(u"id "_s + rowKey(**q));
        found = std::move(credential);
    }
    if (Status s = endOfRows(**q, context); !s)
        return s.error();
    return found;
}

} // namespace okno
