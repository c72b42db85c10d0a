#include "Alerts.h"

#include <algorithm>

namespace okno {

QList<StillToServe> stillToServe(const Centre &centre, const QList<Visit> &openVisits, const QDateTime &now)
{
    QList<StillToServe> out;
    if (centre.schedule.acceptsNewTicketsAt(now))
        return out;
    const QDate today = centre.schedule.localDate(now);
    for (const Visit &v : openVisits) {
        const Stage *s = v.currentStage();
        if (v.centreId != centre.id || !s || !s->isActive() || s->serviceDate != today)
            continue;
        out.append({v.id, s->ticket, s->queueId, s->role, s->state, s->queuedAt, v.priority, s->deskId});
    }
    std::stable_sort(out.begin(), out.end(), [](const StillToServe &a, const StillToServe &b) {
        return a.queuedAt < b.queuedAt || (a.queuedAt == b.queuedAt && a.visitId < b.visitId);
    });
    return out;
}

QList<Alert> overdueStages(const Centre &centre, const QList<Visit> &openVisits, const QDateTime &now,
                           bool services)
{
    QList<Alert> out;
    for (const Visit &v : openVisits) {
        const Stage *s = v.currentStage();
        if (v.centreId != centre.id || !s)
            continue;
        const Norm norm = centre.norms.of(s->role);
        Alert a;
        if (s->state == StageState::Waiting && s->queuedAt.isValid()) {
            a.kind = AlertKind::Wait;
            a.seconds = centre.schedule.workingSeconds(s->queuedAt, now);
            a.normSecs = qint64(norm.waitMinutes) * 60;
        } else if (services && s->state == StageState::InService && s->startedAt.isValid()) {
            a.kind = AlertKind::Service;
            a.seconds = centre.schedule.workingSeconds(s->startedAt, now);
            a.normSecs = qint64(norm.serviceMinutes) * 60;
            a.deskId = s->deskId;
        } else {
            continue;
        }
        if (a.seconds <= a.normSecs)
            continue;
        a.centreId = v.centreId;
        a.visitId = v.id;
        a.ticket = s->ticket;
        a.queueId = s->queueId;
        a.role = s->role;
        a.priority = v.priority;
        out.append(a);
    }
    std::stable_sort(out.begin(), out.end(), [](const Alert &a, const Alert &b) {
        if (a.seconds != b.seconds)
            return a.seconds > b.seconds;
        return a.ticket < b.ticket;
    });
    return out;
}

QList<RoleLoad> roleLoads(const Centre &centre, const QList<Visit> &openVisits, const QDateTime &now)
{
    QList<RoleLoad> out;
    for (StageRole role : allStageRoles()) {
        RoleLoad l;
        l.role = role;
        l.norm = centre.norms.of(role);
        for (const Visit &v : openVisits) {
            const Stage *s = v.currentStage();
            if (v.centreId != centre.id || !s || s->role != role)
                continue;
            switch (s->state) {
            case StageState::Waiting: {
                ++l.waiting;
                const qint64 waited = centre.schedule.workingSeconds(s->queuedAt, now);
                l.longestWaitSecs = std::max(l.longestWaitSecs, waited);
                if (waited > qint64(l.norm.waitMinutes) * 60)
                    ++l.waitingOverNorm;
                break;
            }
            case StageState::Postponed:
                ++l.postponed;
                break;
            case StageState::Called:
                ++l.called;
                break;
            case StageState::InService:
                ++l.inService;
                break;
            default:
                break;
            }
        }
        out.append(l);
    }
    return out;
}

const Visit *visitAtDesk(const Desk &desk, const QList<Visit> &openVisits)
{
    for (const Visit &v : openVisits) {
        const Stage *s = v.currentStage();
        if (s && s->deskId == desk.id &&
            (s->state == StageState::Called || s->state == StageState::InService))
            return &v;
    }
    return nullptr;
}

DeskActivity deskActivity(const Desk &desk, const QList<Visit> &openVisits)
{
    switch (desk.state) {
    case DeskState::Closed:
        return DeskActivity::Closed;
    case DeskState::Break:
        return DeskActivity::Break;
    case DeskState::Open:
        break;
    }
    return visitAtDesk(desk, openVisits) ? DeskActivity::Busy : DeskActivity::Free;
}

} // namespace okno
