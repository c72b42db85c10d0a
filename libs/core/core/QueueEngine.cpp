#include "QueueEngine.h"

#include <algorithm>
#include <tuple>

namespace okno {

using namespace Qt::StringLiterals;

namespace {

Error notFound(const QString &what, Id id)
{
    return makeError(ErrorCode::NotFound, what % u" "_s % QString::number(id) % u" does not exist"_s);
}

Result<Visit> applied(const Visit &v, Status s)
{
    if (!s)
        return s.error();
    return v;
}

} // namespace

// Brings the indexes up to date with a visit when it goes out of scope.
class QueueEngine::Reindexing
{
public:
    Reindexing(QueueEngine &engine, Id visitId)
        : m_engine(engine)
        , m_visitId(visitId)
    {}
    ~Reindexing() { m_engine.reindex(m_visitId); }
    Q_DISABLE_COPY_MOVE(Reindexing)

private:
    QueueEngine &m_engine;
    Id m_visitId;
};

QueueEngine::QueueEngine(const Clock &clock)
    : m_clock(clock)
{}

namespace {

template <typename T> void insertSorted(std::vector<T> &v, const T &x)
{
    v.insert(std::lower_bound(v.begin(), v.end(), x), x);
}

template <typename T> void eraseSorted(std::vector<T> &v, const T &x)
{
    const auto it = std::lower_bound(v.begin(), v.end(), x);
    Q_ASSERT(it != v.end() && *it == x);
    if (it != v.end() && *it == x)
        v.erase(it);
}

} // namespace

void QueueEngine::reindex(Id visitId)
{
    if (auto it = m_indexed.find(visitId); it != m_indexed.end()) {
        removeFromIndexes(visitId, *it);
        m_indexed.erase(it);
    }
    const Visit *v = visit(visitId);
    if (!v)
        return;
    Indexed x;
    x.centreId = v->centreId;
    x.open = v->isOpen();
    if (const Stage *s = v->currentStage()) {
        if (s->state == StageState::Waiting || s->state == StageState::Postponed) {
            x.queueId = s->queueId;
            x.day = s->serviceDate;
            if (s->state == StageState::Waiting) {
                x.waitingPriority = v->isPriority();
                x.queuedAtMs = s->queuedAt.toMSecsSinceEpoch();
            } else {
                x.setAside = true;
            }
        }
        if (s->state == StageState::Called || s->state == StageState::InService)
            x.deskId = s->deskId;
    }
    for (const Stage &s : v->stages)
        if (s.calledAt.isValid())
            x.calls.append(
                Indexed::Call{s.queueId, s.serviceDate,
                              CallMark{s.calledAt.toMSecsSinceEpoch(), v->id, s.index, s.calledAhead}});
    addToIndexes(visitId, x);
    m_indexed.insert(visitId, std::move(x));
}

void QueueEngine::addToIndexes(Id visitId, const Indexed &x)
{
    if (x.open)
        m_openVisits[x.centreId].insert(visitId);
    if (x.queueId) {
        QueueDay &qd = m_queueDays[x.queueId][x.day];
        if (x.setAside)
            ++qd.setAside;
        else
            insertSorted(*x.waitingPriority ? qd.priority : qd.regular, Ticket{x.queuedAtMs, visitId});
    }
    if (x.deskId)
        m_visitAtDesk.insert(x.deskId, visitId);
    for (const Indexed::Call &c : x.calls)
        insertSorted(m_queueDays[c.queueId][c.day].calls, c.mark);
}

void QueueEngine::removeFromIndexes(Id visitId, const Indexed &x)
{
    if (x.open)
        m_openVisits[x.centreId].remove(visitId);
    if (x.queueId) {
        QueueDay &qd = m_queueDays[x.queueId][x.day];
        if (x.setAside)
            --qd.setAside;
        else
            eraseSorted(*x.waitingPriority ? qd.priority : qd.regular, Ticket{x.queuedAtMs, visitId});
    }
    if (x.deskId) {
        if (auto it = m_visitAtDesk.find(x.deskId); it != m_visitAtDesk.end() && *it == visitId)
            m_visitAtDesk.erase(it);
    }
    for (const Indexed::Call &c : x.calls)
        eraseSorted(m_queueDays[c.queueId][c.day].calls, c.mark);
}

const QueueEngine::QueueDay *QueueEngine::queueDay(Id queueId, const QDate &day) const
{
    const auto q = m_queueDays.constFind(queueId);
    if (q == m_queueDays.constEnd())
        return nullptr;
    const auto d = q->constFind(day);
    return d == q->constEnd() ? nullptr : &*d;
}

void QueueEngine::putCentre(const Centre &c)
{
    m_centres.insert(c.id, c);
}
void QueueEngine::putQueue(const Queue &q)
{
    m_queues.insert(q.id, q);
}

void QueueEngine::putDesk(const Desk &d)
{
    Desk copy = d;
    if (auto it = m_desks.constFind(d.id); it != m_desks.constEnd()) {
        copy.state = it->state;
        copy.staffId = it->staffId;
    }
    if (!copy.active) {
        copy.state = DeskState::Closed;
        copy.staffId = 0;
    }
    m_desks.insert(d.id, copy);
}

const Centre *QueueEngine::centre(Id id) const
{
    auto it = m_centres.constFind(id);
    return it == m_centres.constEnd() ? nullptr : &*it;
}

const Queue *QueueEngine::queue(Id id) const
{
    auto it = m_queues.constFind(id);
    return it == m_queues.constEnd() ? nullptr : &*it;
}

const Desk *QueueEngine::desk(Id id) const
{
    auto it = m_desks.constFind(id);
    return it == m_desks.constEnd() ? nullptr : &*it;
}

QList<Centre> QueueEngine::centres() const
{
    QList<Centre> out = m_centres.values();
    std::sort(out.begin(), out.end(), [](const Centre &a, const Centre &b) { return a.id < b.id; });
    return out;
}

QList<Queue> QueueEngine::queues(Id centreId) const
{
    QList<Queue> out;
    for (const Queue &q : m_queues)
        if (q.centreId == centreId)
            out.append(q);
    std::sort(out.begin(), out.end(), [](const Queue &a, const Queue &b) { return a.id < b.id; });
    return out;
}

QList<Desk> QueueEngine::desks(Id centreId) const
{
    QList<Desk> out;
    for (const Desk &d : m_desks)
        if (d.centreId == centreId)
            out.append(d);
    std::sort(out.begin(), out.end(), [](const Desk &a, const Desk &b) { return a.number < b.number; });
    return out;
}

void QueueEngine::loadVisit(const Visit &v)
{
    const Reindexing reindexing(*this, v.id);
    m_visits.insert(v.id, v);
    m_visitIds.skipPast(v.id);
    // A routed stage keeps the ticket of the stage before it: that number was the first queue's.
    for (const Stage &s : v.stages)
        if (s.index == 0 || s.ticket != v.stages[s.index - 1].ticket)
            noteTicketNumber(s.queueId, s.serviceDate, s.ticketNumber);
}

void QueueEngine::forgetCentre(Id centreId)
{
    QList<Id> visits;
    for (auto it = m_visits.cbegin(); it != m_visits.cend(); ++it)
        if (it->centreId == centreId)
            visits.append(it.key());
    for (Id visitId : std::as_const(visits)) {
        if (auto it = m_indexed.find(visitId); it != m_indexed.end()) {
            removeFromIndexes(visitId, *it);
            m_indexed.erase(it);
        }
        m_visits.remove(visitId);
    }
    for (const Queue &q : queues(centreId)) {
        m_lastTicket.remove(q.id);
        m_queueDays.remove(q.id);
        m_queues.remove(q.id);
    }
    for (const Desk &d : desks(centreId)) {
        m_visitAtDesk.remove(d.id);
        m_desks.remove(d.id);
    }
    m_openVisits.remove(centreId);
    m_sweptDay.remove(centreId);
    m_centres.remove(centreId);
}

void QueueEngine::noteTicketNumber(Id queueId, const QDate &day, int number)
{
    int &last = m_lastTicket[queueId][day];
    last = std::max(last, number);
}

const Visit *QueueEngine::visit(Id id) const
{
    auto it = m_visits.constFind(id);
    return it == m_visits.constEnd() ? nullptr : &*it;
}

QList<Visit> QueueEngine::activeVisits(Id centreId) const
{
    QList<Visit> out;
    for (Id id : m_openVisits.value(centreId))
        out.append(m_visits.value(id));
    std::sort(out.begin(), out.end(), [](const Visit &a, const Visit &b) {
        // Only open visits are here, and an open visit has a stage.
        const QDateTime &qa = a.stages.last().queuedAt;
        const QDateTime &qb = b.stages.last().queuedAt;
        return qa < qb || (qa == qb && a.id < b.id);
    });
    return out;
}

bool QueueEngine::ticketsOfTodayWaitFor(const Desk &d) const
{
    const Centre *c = centre(d.centreId);
    if (!c)
        return false;
    const QDate today = c->schedule.localDate(m_clock.now());
    return std::any_of(d.queueIds.cbegin(), d.queueIds.cend(), [&](Id queueId) {
        const QueueDay *qd = queueDay(queueId, today);
        return qd && (!qd->priority.empty() || !qd->regular.empty() || qd->setAside > 0);
    });
}

const Visit *QueueEngine::visitAtDesk(Id deskId) const
{
    const auto it = m_visitAtDesk.constFind(deskId);
    return it == m_visitAtDesk.constEnd() ? nullptr : visit(*it);
}

Status QueueEngine::checkCentreServing(Id centreId) const
{
    const Centre *c = centre(centreId);
    if (!c)
        return notFound(u"centre"_s, centreId);
    const QDateTime now = m_clock.now();
    // After closing, those who got a ticket that day are still served (дообслуживание).
    if (!c->schedule.callsAllowedAt(now)) {
        const QString reason = c->schedule.refusalReasonAt(now);
        return makeError(ErrorCode::CentreClosed, u"no calls now: "_s % reason);
    }
    return {};
}

QString QueueEngine::nextTicket(const Queue &q, const QDate &day, int *number)
{
    // Never refused: past 999 the number grows a digit (К-999, К-1000), so no two tickets of a
    // queue and day ever read the same.
    *number = ++m_lastTicket[q.id][day];
    return q.prefix % u"-"_s % QString::number(*number).rightJustified(3, u'0');
}

Visit &QueueEngine::store(Visit &&v)
{
    const Id id = v.id;
    Visit &stored = *m_visits.insert(id, std::move(v));
    reindex(id);
    return stored;
}

Result<Visit> QueueEngine::issue(const IssueRequest &r)
{
    const Centre *c = centre(r.centreId);
    if (!c || !c->active)
        return notFound(u"centre"_s, r.centreId);
    const Queue *q = queue(r.queueId);
    if (!q || q->centreId != r.centreId || !q->active)
        return makeError(ErrorCode::NotFound, u"queue "_s % QString::number(r.queueId) %
                                                  u" is not an active queue of this centre"_s);
    if (!r.priority.isEmpty() && !c->hasPriorityCategory(r.priority))
        return makeError(ErrorCode::InvalidArgument,
                         u"unknown priority category \""_s % r.priority % u"\""_s);
    const QString account = normaliseAccountNumber(r.accountNumber);
    if (auto s = validateAccountNumber(account); !s)
        return s.error();
    const QDateTime now = m_clock.now();
    if (const QString reason = c->schedule.refusalReasonAt(now); !reason.isEmpty())
        return makeError(ErrorCode::CentreClosed, u"no tickets now: "_s % reason);
    if (m_visitIds.empty()) // the server could not take a block from its database
        return makeError(ErrorCode::Unavailable, u"no visit ids left: the database did not give more"_s);

    const QDate day = c->schedule.localDate(now);
    int number = 0;
    const QString ticket = nextTicket(*q, day, &number);

    Visit v;
    v.id = m_visitIds.take();
    v.centreId = r.centreId;
    v.createdAt = now;
    v.purpose = r.purpose.trimmed();
    v.priority = r.priority;
    v.customerName = r.customerName.trimmed();
    v.accountNumber = account;
    v.channel = r.channel;
    v.createdBy = r.createdBy;
    v.version = 1;
    Stage s;
    s.index = 0;
    s.queueId = q->id;
    s.role = q->role;
    s.ticket = ticket;
    s.ticketNumber = number;
    s.serviceDate = day;
    s.queuedAt = now;
    v.stages.append(s);
    return store(std::move(v));
}

QueuePosition QueueEngine::position(Id visitId) const
{
    const auto it = m_indexed.constFind(visitId);
    if (it == m_indexed.constEnd() || !it->waitingPriority)
        return {};
    const QueueDay *qd = queueDay(it->queueId, it->day);
    Q_ASSERT(qd);
    // Priority tickets go first; a regular ticket has every earlier ticket and every priority one
    // ahead. Tickets of another working day are never called for this one (see callNext).
    const Ticket mine{it->queuedAtMs, visitId};
    const auto earlier = [&](const std::vector<Ticket> &list) {
        return int(std::lower_bound(list.begin(), list.end(), mine) - list.begin());
    };
    const int ahead =
        *it->waitingPriority ? earlier(qd->priority) : int(qd->priority.size()) + earlier(qd->regular);
    return QueuePosition{ahead, expectedWaitMinutes(it->queueId, ahead)};
}

QueuePosition QueueEngine::forecast(Id queueId, bool priority) const
{
    const Queue *q = queue(queueId);
    const Centre *c = q ? centre(q->centreId) : nullptr;
    if (!c)
        return {};
    // A ticket given now is the latest of its day: every waiting ticket is earlier.
    const QueueDay *qd = queueDay(queueId, c->schedule.localDate(m_clock.now()));
    const int ahead = !qd ? 0 : int(qd->priority.size()) + (priority ? 0 : int(qd->regular.size()));
    return QueuePosition{ahead, expectedWaitMinutes(queueId, ahead)};
}

int QueueEngine::expectedWaitMinutes(Id queueId, int ahead) const
{
    const Queue *q = queue(queueId);
    const Centre *c = q ? centre(q->centreId) : nullptr;
    int openDesks = 0;
    for (const Desk &d : m_desks)
        if (d.state == DeskState::Open && d.queueIds.contains(queueId))
            ++openDesks;
    const int serviceMinutes = c && q ? c->norms.of(q->role).serviceMinutes : 10;
    return (ahead * serviceMinutes + std::max(openDesks, 1) - 1) / std::max(openDesks, 1);
}

Result<Visit *> QueueEngine::findVisit(Id id)
{
    auto it = m_visits.find(id);
    if (it == m_visits.end())
        return notFound(u"visit"_s, id);
    return &*it;
}

Result<Visit> QueueEngine::setPriority(Id visitId, const QString &priority)
{
    auto v = findVisit(visitId);
    if (!v)
        return v.error();
    Visit &visit = **v;
    const Reindexing reindexing(*this, visitId);
    const Centre *c = centre(visit.centreId);
    if (!priority.isEmpty() && (!c || !c->hasPriorityCategory(priority)))
        return makeError(ErrorCode::InvalidArgument, u"unknown priority category \""_s % priority % u"\""_s);
    if (!visit.isOpen())
        return makeError(ErrorCode::InvalidTransition,
                         u"visit "_s % QString::number(visitId) % u" is closed"_s);
    visit.priority = priority;
    ++visit.version;
    return visit;
}

Result<Desk> QueueEngine::openDesk(Id deskId, Id staffId)
{
    auto it = m_desks.find(deskId);
    if (it == m_desks.end() || !it->active)
        return notFound(u"desk"_s, deskId);
    if (it->state != DeskState::Closed && it->staffId != staffId)
        return makeError(ErrorCode::DeskUnavailable,
                         u"desk "_s % QString::number(it->number) % u" is already open for another person"_s);
    for (Desk &other : m_desks) {
        if (other.id != deskId && other.staffId == staffId && other.state != DeskState::Closed)
            return makeError(ErrorCode::DeskUnavailable, u"this person already works at desk "_s %
                                                             QString::number(other.number) %
                                                             u"; close it first"_s);
    }
    it->state = DeskState::Open;
    it->staffId = staffId;
    return *it;
}

Result<Desk> QueueEngine::breakDesk(Id deskId)
{
    auto it = m_desks.find(deskId);
    if (it == m_desks.end())
        return notFound(u"desk"_s, deskId);
    if (it->state != DeskState::Open)
        return makeError(ErrorCode::InvalidTransition, u"only an open desk can go on a break"_s);
    if (visitAtDesk(deskId))
        return makeError(ErrorCode::InvalidTransition,
                         u"finish or release the current visitor before going on a break"_s);
    it->state = DeskState::Break;
    return *it;
}

Result<Desk> QueueEngine::resumeDesk(Id deskId)
{
    auto it = m_desks.find(deskId);
    if (it == m_desks.end())
        return notFound(u"desk"_s, deskId);
    if (it->state != DeskState::Break)
        return makeError(ErrorCode::InvalidTransition, u"the desk is not on a break"_s);
    it->state = DeskState::Open;
    return *it;
}

Result<Desk> QueueEngine::closeDesk(Id deskId)
{
    auto it = m_desks.find(deskId);
    if (it == m_desks.end())
        return notFound(u"desk"_s, deskId);
    if (it->state == DeskState::Closed)
        return makeError(ErrorCode::InvalidTransition, u"the desk is already closed"_s);
    if (visitAtDesk(deskId))
        return makeError(ErrorCode::InvalidTransition,
                         u"finish or release the current visitor before closing the desk"_s);
    it->state = DeskState::Closed;
    it->staffId = 0;
    return *it;
}

Result<Desk *> QueueEngine::servingDesk(const Actor &a)
{
    auto it = m_desks.find(a.deskId);
    if (a.deskId == 0 || it == m_desks.end())
        return makeError(ErrorCode::DeskUnavailable, u"this session is not bound to a desk"_s);
    if (it->state == DeskState::Break)
        return makeError(ErrorCode::DeskUnavailable,
                         u"the desk is on a break; come back from the break first"_s);
    if (it->state != DeskState::Open || it->staffId != a.staffId)
        return makeError(ErrorCode::DeskUnavailable, u"open the desk first"_s);
    return &*it;
}

Status QueueEngine::checkDeskServesQueue(const Desk &d, Id queueId) const
{
    if (!d.queueIds.contains(queueId))
        return makeError(ErrorCode::Forbidden,
                         u"desk "_s % QString::number(d.number) % u" does not serve this ticket's queue"_s);
    return {};
}

bool QueueEngine::regularWaiting(Id queueId, const QDate &day, Id exceptVisitId) const
{
    const QueueDay *qd = queueDay(queueId, day);
    return qd && std::any_of(qd->regular.cbegin(), qd->regular.cend(),
                             [&](const Ticket &t) { return t.visitId != exceptVisitId; });
}

int QueueEngine::priorityInRow(Id queueId, const QDate &day) const
{
    const QueueDay *qd = queueDay(queueId, day);
    if (!qd)
        return 0;
    // The latest calls first, up to the latest one that did not go ahead.
    const auto notAhead =
        std::find_if(qd->calls.crbegin(), qd->calls.crend(), [](const CallMark &c) { return !c.ahead; });
    return int(notAhead - qd->calls.crbegin());
}

Status QueueEngine::call(Visit &v, const Desk &desk, Id staffId, const QDate &day)
{
    const Stage *s = v.currentStage();
    const bool first = s && !s->calledAt.isValid();
    const bool ahead = first && v.isPriority() && regularWaiting(s->queueId, day, v.id);
    if (auto st = VisitTransitions::call(v, m_clock.now(), desk.id, staffId); !st)
        return st;
    if (first)
        v.currentStage()->calledAhead = ahead;
    return {};
}

Result<Visit> QueueEngine::callNext(const Actor &a)
{
    auto d = servingDesk(a);
    if (!d)
        return d.error();
    const Desk &desk = **d;
    if (auto s = checkCentreServing(desk.centreId); !s)
        return s.error();
    if (const Visit *busy = visitAtDesk(desk.id))
        return makeError(ErrorCode::DeskUnavailable,
                         u"finish ticket "_s % busy->stages.last().ticket %
                             u" (or mark it as a no-show) before calling the next one"_s);
    const Centre *c = centre(desk.centreId);
    const QDateTime now = m_clock.now();
    const QDate today = c->schedule.localDate(now);
    // The policy looks only at the oldest priority and the oldest regular ticket of each queue
    // (pickNext chooses among the oldest ones), so those are its candidates.
    QList<Candidate> candidates;
    for (Id queueId : desk.queueIds) {
        const QueueDay *qd = queueDay(queueId, today);
        if (!qd)
            continue;
        for (const std::vector<Ticket> *list : {&qd->priority, &qd->regular}) {
            if (list->empty())
                continue;
            const Visit &v = m_visits[list->front().visitId];
            const QDateTime &queuedAt = v.currentStage()->queuedAt;
            candidates.append(Candidate{v.id, queueId, v.isPriority(), queuedAt,
                                        c->schedule.workingSeconds(queuedAt, now)});
        }
    }
    const auto pick = pickNext(candidates, c->policy, [&](Id q) { return priorityInRow(q, today); });
    if (!pick)
        return makeError(ErrorCode::QueueEmpty, u"nobody is waiting in this desk's queues"_s);
    const Reindexing reindexing(*this, candidates[*pick].visitId);
    Visit &v = m_visits[candidates[*pick].visitId];
    if (auto s = call(v, desk, a.staffId, today); !s)
        return s.error();
    return v;
}

Result<Visit> QueueEngine::callVisit(const Actor &a, Id visitId)
{
    auto d = servingDesk(a);
    if (!d)
        return d.error();
    const Desk &desk = **d;
    auto v = findVisit(visitId);
    if (!v)
        return v.error();
    Visit &visit = **v;
    if (visit.centreId != desk.centreId)
        return makeError(ErrorCode::Forbidden, u"the visit belongs to another centre"_s);
    if (auto s = checkCentreServing(desk.centreId); !s)
        return s.error();
    if (const Visit *busy = visitAtDesk(desk.id))
        return makeError(ErrorCode::DeskUnavailable,
                         u"finish ticket "_s % busy->stages.last().ticket %
                             u" (or mark it as a no-show) before calling another one"_s);
    if (visit.stages.isEmpty())
        return makeError(ErrorCode::InvalidTransition,
                         u"visit "_s % QString::number(visitId) % u" has no stage"_s);
    if (auto s = checkDeskServesQueue(desk, visit.stages.last().queueId); !s)
        return s.error();
    // As in callNext: an earlier day's ticket number is issued again today, so calling it would
    // put two holders of "А-001" in front of the board.
    const Stage &cur = *visit.currentStage();
    const QDate today = centre(desk.centreId)->schedule.localDate(m_clock.now());
    if (cur.serviceDate != today)
        return makeError(ErrorCode::InvalidTransition, u"ticket "_s % cur.ticket % u" was issued for "_s %
                                                           cur.serviceDate.toString(Qt::ISODate) %
                                                           u"; issue a new ticket for today"_s);
    const Reindexing reindexing(*this, visitId);
    if (auto s = call(visit, desk, a.staffId, today); !s)
        return s.error();
    return visit;
}

Result<Visit> QueueEngine::recall(const Actor &a, Id visitId)
{
    auto d = servingDesk(a);
    if (!d)
        return d.error();
    auto v = findVisit(visitId);
    if (!v)
        return v.error();
    const Reindexing reindexing(*this, visitId);
    return applied(**v, VisitTransitions::recall(**v, m_clock.now(), (*d)->id));
}

Result<Visit> QueueEngine::start(const Actor &a, Id visitId)
{
    auto d = servingDesk(a);
    if (!d)
        return d.error();
    auto v = findVisit(visitId);
    if (!v)
        return v.error();
    const Reindexing reindexing(*this, visitId);
    return applied(**v, VisitTransitions::start(**v, m_clock.now(), (*d)->id));
}

Result<Visit> QueueEngine::finish(const Actor &a, Id visitId)
{
    // Finishing needs the desk that serves the visitor but not an open centre: a service may run
    // past the start of lunch or closing time. A desk on a break cannot be serving anyone.
    auto it = m_desks.find(a.deskId);
    if (a.deskId == 0 || it == m_desks.end())
        return makeError(ErrorCode::DeskUnavailable, u"this session is not bound to a desk"_s);
    auto v = findVisit(visitId);
    if (!v)
        return v.error();
    const Reindexing reindexing(*this, visitId);
    return applied(**v, VisitTransitions::finish(**v, m_clock.now(), a.deskId));
}

Result<Visit> QueueEngine::noShow(const Actor &a, Id visitId)
{
    auto d = servingDesk(a);
    if (!d)
        return d.error();
    auto v = findVisit(visitId);
    if (!v)
        return v.error();
    const Reindexing reindexing(*this, visitId);
    return applied(**v, VisitTransitions::noShow(**v, m_clock.now(), (*d)->id));
}

Result<Visit> QueueEngine::route(const Actor &a, Id visitId, Id toQueueId, const QString &note)
{
    auto v = findVisit(visitId);
    if (!v)
        return v.error();
    const Reindexing reindexing(*this, visitId);
    Visit &visit = **v;
    const Queue *q = queue(toQueueId);
    if (!q || q->centreId != visit.centreId || !q->active)
        return makeError(ErrorCode::NotFound, u"queue "_s % QString::number(toQueueId) %
                                                  u" is not an active queue of the visit's centre"_s);
    const Stage *cur = visit.currentStage();
    // A visitor being served is routed on by the desk serving them; a waiting one by reception.
    if (cur && cur->state == StageState::InService && cur->deskId != a.deskId)
        return makeError(ErrorCode::Forbidden,
                         u"ticket "_s % cur->ticket % u" is being served at another desk"_s);
    if (cur && cur->state != StageState::InService && a.role != Role::Administrator &&
        a.role != Role::SystemAdministrator)
        return makeError(ErrorCode::Forbidden, u"only reception can re-route a waiting visitor"_s);
    const Centre *c = centre(visit.centreId);
    const QDateTime now = m_clock.now();
    // The visitor keeps the ticket they hold: the next stage is called under the same number.
    return applied(visit,
                   VisitTransitions::route(visit, now, q->id, q->role, c->schedule.localDate(now), note));
}

Result<Visit> QueueEngine::postpone(const Actor &a, Id visitId, const QString &reason)
{
    auto v = findVisit(visitId);
    if (!v)
        return v.error();
    const Reindexing reindexing(*this, visitId);
    const Stage *cur = (*v)->currentStage();
    if (cur && cur->state == StageState::Called && cur->deskId != a.deskId)
        return makeError(ErrorCode::Forbidden, u"ticket "_s % cur->ticket % u" was called to another desk"_s);
    return applied(**v, VisitTransitions::postpone(**v, m_clock.now(), reason));
}

Result<Visit> QueueEngine::requeue(const Actor &, Id visitId)
{
    auto v = findVisit(visitId);
    if (!v)
        return v.error();
    const Reindexing reindexing(*this, visitId);
    return applied(**v, VisitTransitions::requeue(**v, m_clock.now()));
}

Result<Visit> QueueEngine::cancel(const Actor &a, Id visitId, const QString &reason)
{
    auto v = findVisit(visitId);
    if (!v)
        return v.error();
    const Reindexing reindexing(*this, visitId);
    const Stage *cur = (*v)->currentStage();
    if (cur && cur->state == StageState::Called && cur->deskId != a.deskId && a.role != Role::Administrator &&
        a.role != Role::SystemAdministrator)
        return makeError(ErrorCode::Forbidden, u"ticket "_s % cur->ticket % u" was called to another desk"_s);
    return applied(**v, VisitTransitions::cancel(**v, m_clock.now(), reason));
}

QList<Desk> QueueEngine::closeIdleDesksAfterHours()
{
    QList<Desk> closed;
    const QDateTime now = m_clock.now();
    for (Desk &d : m_desks) {
        const Centre *c = centre(d.centreId);
        if (d.state == DeskState::Closed || !c || c->schedule.statusAt(now) != CentreStatus::Closed ||
            visitAtDesk(d.id))
            continue;
        // In the after-closing service a desk stays open while a ticket of the day waits for it.
        if (c->schedule.inAfterClosingServiceAt(now) && ticketsOfTodayWaitFor(d))
            continue;
        d.state = DeskState::Closed;
        d.staffId = 0;
        closed.append(d);
    }
    return closed;
}

QList<Visit> QueueEngine::expireStaleVisits()
{
    QList<Visit> expired;
    const QDateTime now = m_clock.now();
    // Each centre's day, reckoned once: the open visits are looked at, not the day's finished ones.
    QHash<Id, QDate> today;
    for (const Centre &c : std::as_const(m_centres))
        today.insert(c.id, c.schedule.localDate(now));
    QList<Id> open;
    for (auto it = m_openVisits.cbegin(); it != m_openVisits.cend(); ++it)
        if (today.contains(it.key()))
            for (Id id : *it)
                open.append(id);
    std::sort(open.begin(), open.end());
    for (Id id : std::as_const(open)) {
        Visit &v = m_visits[id];
        Stage *s = v.currentStage();
        const Centre *c = centre(v.centreId);
        if (!s || !s->isActive() || !c || s->serviceDate >= today.value(v.centreId))
            continue;
        const Reindexing reindexing(*this, id);
        // The day's stages end at that day's closing time, not when the server notices.
        const DayHours hours = c->schedule.hoursOn(s->serviceDate);
        const QDateTime closing =
            hours.open ? QDateTime(s->serviceDate, hours.closes, c->schedule.timeZone()).toUTC() : now;
        const QDateTime end =
            std::min(now, std::max(closing, s->startedAt.isValid() ? s->startedAt : s->queuedAt));
        switch (s->state) {
        case StageState::InService: // served until closing: the service happened
            s->state = StageState::Done;
            s->note = u"closed by the server at the end of the working day"_s;
            break;
        case StageState::Called: // called and never started
            s->state = StageState::NoShow;
            s->note = u"the working day ended before the visitor came"_s;
            break;
        default: // waiting or set aside when the day (and its after-closing service) ended
            s->state = StageState::Unserved;
            s->note = u"the working day ended before service"_s;
            break;
        }
        s->finishedAt = end;
        ++v.version;
        expired.append(v);
    }
    // Finished visits of earlier days are no longer needed in memory: looked for once a centre's
    // day has changed (and at the first call).
    bool newDay = false;
    for (auto it = today.cbegin(); it != today.cend(); ++it)
        newDay |= m_sweptDay.value(it.key()) != *it;
    if (!newDay)
        return expired;
    m_sweptDay = today;
    QList<Id> gone;
    for (const Visit &v : std::as_const(m_visits))
        if (!v.isOpen() && today.contains(v.centreId) && !v.stages.isEmpty() &&
            v.stages.last().serviceDate < today.value(v.centreId))
            gone.append(v.id);
    for (Id id : std::as_const(gone)) {
        m_visits.remove(id);
        reindex(id);
    }
    // The days gone leave nothing behind: their queue days and ticket numbers.
    for (auto q = m_queueDays.begin(); q != m_queueDays.end(); ++q)
        q->removeIf([](const QHash<QDate, QueueDay>::iterator &d) { return d->empty(); });
    m_queueDays.removeIf([](const QHash<Id, QHash<QDate, QueueDay>>::iterator &q) { return q->isEmpty(); });
    for (auto q = m_lastTicket.begin(); q != m_lastTicket.end(); ++q) {
        const Queue *queue = this->queue(q.key());
        const QDate day = queue ? today.value(queue->centreId) : QDate();
        if (day.isValid())
            q->removeIf([&](const QHash<QDate, int>::iterator &d) { return d.key() < day; });
    }
    return expired;
}

} // namespace okno
