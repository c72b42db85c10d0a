#include "DemoPlan.h"

#include <storage/Database.h>

#include <QFileInfo>

namespace okno::demo {

using namespace Qt::StringLiterals;

namespace {

// The demo is worth watching while tickets are issued: not at lunch (nobody is called for up to
// an hour), not past the cut-off.
bool livesAt(const Schedule &schedule, const QDateTime &t)
{
    return schedule.acceptsNewTicketsAt(t);
}

} // namespace

DemoTime chooseDemoTime(const Schedule &schedule, const QDateTime &now, const QDateTime &newestEvent)
{
    const bool continuing = newestEvent.isValid() && newestEvent > now;
    const QDateTime base = (continuing ? newestEvent : now).toUTC();
    const auto local = [&](const QDateTime &t) { return schedule.toLocal(t).toString(u"dddd HH:mm"_s); };
    const QString at = continuing ? u"at the newest event in the database ("_s % local(base) % u")"_s
                                  : u"now ("_s % local(base) % u")"_s;
    if (livesAt(schedule, base))
        return {base, !continuing, u"the demo centre is open "_s % at};
    const QTimeZone zone = schedule.timeZone();
    QDate day = schedule.localDate(base);
    for (int i = 0; i < 400; ++i, day = day.addDays(1)) {
        const DayHours hours = schedule.hoursOn(day);
        if (!hours.open)
            continue;
        // A working moment of the day: mid-morning, or the end of its lunch break.
        QTime morning = std::max(QTime(10, 0), hours.opens);
        if (hours.hasLunch() && morning >= hours.lunchStart && morning < hours.lunchEnd)
            morning = hours.lunchEnd;
        QList<QTime> candidates{morning};
        if (hours.hasLunch() && hours.lunchEnd > morning)
            candidates.append(hours.lunchEnd);
        for (const QTime &t : std::as_const(candidates)) {
            const QDateTime start = QDateTime(day, t, zone).toUTC();
            if (start <= base || !schedule.acceptsNewTicketsAt(start))
                continue;
            const bool lunch = !continuing && schedule.statusAt(base) == CentreStatus::Lunch;
            QString why =
                (lunch ? u"the demo centre is at lunch (now "_s : u"the demo centre is closed (now "_s) %
                local(now);
            if (newestEvent.isValid() && newestEvent > now)
                why += u", the newest event "_s % local(newestEvent);
            return {
                start, false,
                why %
                    (lunch ? u"): from the end of the lunch break, "_s : u"): the next working day from "_s) %
                    t.toString(u"HH:mm"_s)};
        }
    }
    return {base, !continuing, u"the demo centre has no working day ahead; keeping the time"_s};
}

Result<DemoTime> planDemoTime(const QString &databasePath, const QString &centre, const QDateTime &now)
{
    auto config = DatabaseConfig::fromString(databasePath); // the SQLite file or a PostgreSQL URL
    if (!config)
        return config.error();
    if (config->isSqlite() && !QFileInfo::exists(databasePath))
        return chooseDemoTime(Schedule(), now, {});
    auto opened = Database::open(*config);
    if (!opened)
        return opened.error();
    Database &db = **opened;
    auto centres = db.loadCentres();
    if (!centres)
        return centres.error();
    Schedule schedule;
    if (!centres->isEmpty()) {
        const Centre *chosen = &centres->first();
        if (!centre.isEmpty()) {
            chosen = nullptr;
            for (const Centre &c : *centres)
                if (c.code == centre || QString::number(c.id) == centre)
                    chosen = &c;
            if (!chosen)
                return makeError(ErrorCode::NotFound,
                                 u"no centre \""_s % centre % u"\" in "_s % databasePath);
        }
        schedule = chosen->schedule;
    }
    auto last = db.lastEventSeq();
    if (!last)
        return last.error();
    // The log is in commit order; okno-history may have written days before a later demo day, so
    // the newest instant is looked for among the last events, not only the very last one.
    constexpr int kLookBack = 2000;
    auto events = db.eventsSince(std::max<qint64>(0, *last - kLookBack), kLookBack);
    if (!events)
        return events.error();
    QDateTime newest;
    for (const Event &e : *events)
        if (!newest.isValid() || e.at > newest)
            newest = e.at;
    return chooseDemoTime(schedule, now, newest);
}

} // namespace okno::demo
