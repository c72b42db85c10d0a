#include "BoardState.h"

#include <protocol/Codec.h>
#include <protocol/Ops.h>

#include <QJsonArray>

#include <algorithm>

namespace okno {

using namespace Qt::StringLiterals;
namespace events = protocol::events;

QString BoardCall::text() const
{
    return deskNumber > 0 ? BoardState::tr("%1 → окно %2").arg(ticket).arg(deskNumber) : ticket;
}

void BoardState::setLimits(int maxCurrent, int maxRecent)
{
    m_maxCurrent = std::max(1, maxCurrent);
    m_maxRecent = std::max(0, maxRecent);
}

void BoardState::loadSnapshot(const QJsonObject &status)
{
    if (auto c = protocol::centreFromJson(status.value(u"centre"_s).toObject()))
        m_centre = *c;
    m_queues.clear();
    for (const auto &qj : status.value(u"queues"_s).toArray())
        if (auto q = protocol::queueFromJson(qj.toObject().value(u"queue"_s).toObject()))
            m_queues.append(*q);
    m_deskNumbers.clear();
    for (const auto &dj : status.value(u"desks"_s).toArray())
        if (auto d = protocol::deskFromJson(dj.toObject()))
            m_deskNumbers.insert(d->id, d->number);
    m_visits.clear();
    for (const auto &vj : status.value(u"visits"_s).toArray())
        if (auto v = protocol::visitFromJson(vj.toObject()); v && v->isOpen())
            m_visits.insert(v->id, *v);

    // What the board remembered: still called, or no longer (then out of "now calling" at once:
    // when it was answered is not known).
    for (Entry &e : m_entries) {
        const auto it = m_visits.constFind(e.call.visitId);
        const Stage *s = it == m_visits.cend() || e.call.stageIndex >= it->stages.size()
                             ? nullptr
                             : &it->stages.at(e.call.stageIndex);
        if (s && s->state == StageState::Called) {
            e.call.deskId = s->deskId;
            e.call.callCount = s->callCount;
            e.call.answered = false;
            e.retired = false;
            e.answeredMs = -1;
        } else if (!e.call.answered || e.answeredMs < 0) {
            e.call.answered = true;
            e.retired = true;
        }
    }
    // Calls the board did not see (it was started, or away): shown, never announced.
    QList<Entry> found;
    for (const Visit &v : std::as_const(m_visits)) {
        const Stage *s = v.currentStage();
        if (!s || (s->state != StageState::Called && s->state != StageState::InService) ||
            entry(v.id, s->index))
            continue;
        Entry e;
        e.call = {v.id,
                  s->index,
                  s->ticket,
                  s->deskId,
                  0,
                  s->serviceDate,
                  s->calledAt,
                  s->callCount,
                  s->state != StageState::Called,
                  false};
        e.retired = e.call.answered;
        found.append(e);
    }
    std::sort(found.begin(), found.end(),
              [](const Entry &a, const Entry &b) { return a.call.calledAt < b.call.calledAt; });
    for (Entry &e : found) {
        e.order = m_nextOrder++;
        m_entries.append(e);
    }
    trimHistory();
    m_snapshotSeq = qint64(status.value(u"lastSeq"_s).toDouble());
    m_synced = true;
}

void BoardState::connectionLost()
{
    m_synced = false;
}

BoardState::Entry *BoardState::entry(Id visitId, int stageIndex)
{
    for (Entry &e : m_entries)
        if (e.call.visitId == visitId && e.call.stageIndex == stageIndex)
            return &e;
    return nullptr;
}

void BoardState::applyVisit(const Visit &v)
{
    if (v.isOpen())
        m_visits.insert(v.id, v);
    else
        m_visits.remove(v.id);
}

QList<BoardCall> BoardState::applyEvent(const QString &type, qint64 seq, const QDateTime &at,
                                        const QJsonObject &data, const QDateTime &serverNow, qint64 localMs)
{
    if (seq <= m_snapshotSeq)
        return {}; // already in the snapshot
    QList<BoardCall> fresh;
    if (data.contains(u"visit"_s)) {
        auto v = protocol::visitFromJson(data.value(u"visit"_s).toObject());
        if (!v || (m_centre.id && v->centreId != m_centre.id))
            return {};
        if (const auto known = m_visits.constFind(v->id);
            known != m_visits.cend() && known->version >= v->version)
            return {};
        applyVisit(*v);
        // The visitor came (or the call ended otherwise): no longer being called.
        for (Entry &e : m_entries) {
            if (e.call.visitId != v->id || e.call.answered)
                continue;
            const bool stillCalled = e.call.stageIndex < v->stages.size() &&
                                     v->stages.at(e.call.stageIndex).state == StageState::Called;
            if (!stillCalled) {
                e.call.answered = true;
                e.call.highlighted = false; // the visitor is there: nothing to draw eyes to
                e.answeredMs = localMs;
            }
        }
        const Stage *s = v->currentStage();
        if ((type == events::VisitCalled || type == events::VisitRecalled) && s &&
            s->state == StageState::Called) {
            Entry *e = entry(v->id, s->index);
            if (!e) {
                m_entries.append(Entry{});
                e = &m_entries.last();
            }
            const QDateTime when = at.isValid() ? at : s->calledAt;
            e->call = {v->id,          s->index, s->ticket,    s->deskId, 0,
                       s->serviceDate, when,     s->callCount, false,     false};
            e->order = m_nextOrder++;
            e->retired = false;
            e->answeredMs = -1;
            e->highlightUntilMs = 0;
            // Replayed after a reconnect, or older than a few seconds: shown, not announced.
            if (m_synced && when.isValid() && when.secsTo(serverNow) <= kFreshSeconds) {
                e->call.highlighted = true;
                e->highlightUntilMs = localMs + kHighlightMs;
                BoardCall c = e->call;
                c.deskNumber = deskNumber(c.deskId);
                fresh.append(c);
            }
        }
        trimHistory();
        return fresh;
    }
    if (data.contains(u"desk"_s)) {
        if (auto d = protocol::deskFromJson(data.value(u"desk"_s).toObject()))
            if (!m_centre.id || d->centreId == m_centre.id)
                m_deskNumbers.insert(d->id, d->number);
    } else if (type == events::QueueChanged) {
        if (auto q = protocol::queueFromJson(data.value(u"queue"_s).toObject());
            q && (!m_centre.id || q->centreId == m_centre.id)) {
            const auto it = std::find_if(m_queues.begin(), m_queues.end(),
                                         [&](const Queue &known) { return known.id == q->id; });
            if (it == m_queues.end())
                m_queues.append(*q);
            else
                *it = *q;
        }
    } else if (type == events::CentreChanged && data.contains(u"centre"_s)) {
        if (auto c = protocol::centreFromJson(data.value(u"centre"_s).toObject());
            c && (!m_centre.id || c->id == m_centre.id))
            m_centre = *c;
    }
    return fresh;
}

bool BoardState::tick(const QDateTime &serverNow, qint64 localMs)
{
    bool changed = false;
    if (hasCentre()) {
        // A new working day starts with an empty board: yesterday's calls are not news.
        const QDate today = m_centre.schedule.localDate(serverNow);
        changed = m_entries.removeIf([&](const Entry &e) {
            return e.call.serviceDate.isValid() && e.call.serviceDate != today;
        }) > 0;
    }
    for (Entry &e : m_entries) {
        if (e.call.answered && !e.retired &&
            (e.answeredMs < 0 || localMs - e.answeredMs >= kAnsweredLingerMs)) {
            e.retired = true;
            changed = true;
        }
        if (e.call.highlighted && localMs >= e.highlightUntilMs) {
            e.call.highlighted = false;
            changed = true;
        }
    }
    return changed;
}

QList<const BoardState::Entry *> BoardState::ordered() const
{
    QList<const Entry *> list;
    for (const Entry &e : m_entries)
        list.append(&e);
    std::sort(list.begin(), list.end(), [](const Entry *a, const Entry *b) {
        if (a->call.calledAt != b->call.calledAt)
            return a->call.calledAt > b->call.calledAt;
        return a->order > b->order;
    });
    return list;
}

QList<BoardCall> BoardState::currentCalls() const
{
    QList<BoardCall> calls;
    for (const Entry *e : ordered()) {
        if (e->retired)
            continue;
        if (calls.size() == m_maxCurrent)
            break;
        calls.append(e->call);
        calls.last().deskNumber = deskNumber(e->call.deskId);
    }
    return calls;
}

QList<BoardCall> BoardState::recentCalls() const
{
    QList<BoardCall> calls;
    int current = 0;
    for (const Entry *e : ordered()) {
        if (!e->retired && current < m_maxCurrent) {
            ++current; // shown in "now calling"
            continue;
        }
        if (calls.size() == m_maxRecent)
            break;
        calls.append(e->call);
        calls.last().deskNumber = deskNumber(e->call.deskId);
        calls.last().highlighted = false;
    }
    return calls;
}

int BoardState::waitingIn(Id queueId) const
{
    return int(std::count_if(m_visits.cbegin(), m_visits.cend(), [&](const Visit &v) {
        const Stage *s = v.currentStage();
        return s && s->queueId == queueId && s->state == StageState::Waiting;
    }));
}

QList<BoardState::QueueCount> BoardState::waiting() const
{
    QList<QueueCount> counts;
    for (const Queue &q : m_queues)
        if (q.active)
            counts.append({q.id, q.code, q.name, q.prefix, waitingIn(q.id)});
    return counts;
}

void BoardState::trimHistory()
{
    if (m_entries.size() <= kHistory)
        return;
    // The oldest calls that are no longer being called go first.
    const QList<const Entry *> list = ordered();
    QList<QPair<Id, int>> drop;
    for (qsizetype i = list.size() - 1; i >= 0 && m_entries.size() - drop.size() > kHistory; --i)
        if (list.at(i)->retired)
            drop.append({list.at(i)->call.visitId, list.at(i)->call.stageIndex});
    m_entries.removeIf(
        [&](const Entry &e) { return drop.contains(qMakePair(e.call.visitId, e.call.stageIndex)); });
}

namespace {

QString hhmm(const QTime &t)
{
    return t.toString(u"HH:mm"_s);
}

// "в понедельник, 30 ноября, в 08:00"; "сегодня в 08:00"; "завтра в 08:00".
QString whenOpens(const QDate &today, const QDateTime &local)
{
    const qint64 days = today.daysTo(local.date());
    if (days == 0)
        return BoardState::tr("сегодня в %1").arg(hhmm(local.time()));
    if (days == 1)
        return BoardState::tr("завтра в %1").arg(hhmm(local.time()));
    const QString weekdays[] = {BoardState::tr("в понедельник"), BoardState::tr("во вторник"),
                                BoardState::tr("в среду"),       BoardState::tr("в четверг"),
                                BoardState::tr("в пятницу"),     BoardState::tr("в субботу"),
                                BoardState::tr("в воскресенье")};
    const QString months[] = {
        BoardState::tr("января"),  BoardState::tr("февраля"), BoardState::tr("марта"),
        BoardState::tr("апреля"),  BoardState::tr("мая"),     BoardState::tr("июня"),
        BoardState::tr("июля"),    BoardState::tr("августа"), BoardState::tr("сентября"),
        BoardState::tr("октября"), BoardState::tr("ноября"),  BoardState::tr("декабря")};
    return BoardState::tr("%1, %2 %3, в %4")
        .arg(weekdays[local.date().dayOfWeek() - 1])
        .arg(local.date().day())
        .arg(months[local.date().month() - 1], hhmm(local.time()));
}

} // namespace

CentreNotice centreNotice(const Schedule &schedule, const QDateTime &serverNow)
{
    CentreNotice n;
    const QDate today = schedule.localDate(serverNow);
    const DayHours h = schedule.hoursOn(today);
    n.status = schedule.statusAt(serverNow);
    if (!h.open)
        n.hoursToday = BoardState::tr("Сегодня выходной");
    else if (h.hasLunch())
        n.hoursToday = BoardState::tr("Сегодня %1–%2, обед %3–%4")
                           .arg(hhmm(h.opens), hhmm(h.closes), hhmm(h.lunchStart), hhmm(h.lunchEnd));
    else
        n.hoursToday = BoardState::tr("Сегодня %1–%2, без перерыва").arg(hhmm(h.opens), hhmm(h.closes));
    for (const ScheduleException &e : schedule.exceptions())
        if (e.date == today)
            n.note = e.note;
    switch (n.status) {
    case CentreStatus::Open:
        if (schedule.ticketRefusalAt(serverNow).reason == RefusalReason::AfterCutoff)
            n.detail = BoardState::tr("Выдача талонов на сегодня окончена. Центр работает до %1")
                           .arg(hhmm(h.closes));
        break;
    case CentreStatus::Lunch:
        n.headline = BoardState::tr("Перерыв на обед до %1").arg(hhmm(h.lunchEnd));
        n.detail = BoardState::tr("Талоны сохраняют своё место в очереди");
        break;
    case CentreStatus::BeforeOpening:
    case CentreStatus::Closed:
        n.headline = BoardState::tr("Центр закрыт");
        if (const auto next = schedule.nextOpening(serverNow))
            n.detail = BoardState::tr("Откроется %1").arg(whenOpens(today, schedule.toLocal(*next)));
        break;
    }
    return n;
}

} // namespace okno
