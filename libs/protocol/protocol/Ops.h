#pragma once

#include <QLatin1StringView>
#include <QList>
#include <QStringView>

// The names on the wire: operations a client may request and events the server pushes. Each is
// documented in docs/protocol.md (fields, result, errors, roles). Never rename one, only add.
namespace okno::protocol::ops {

// --- connection and session
inline constexpr QLatin1StringView Hello("hello");
inline constexpr QLatin1StringView AuthLogin("auth.login");
inline constexpr QLatin1StringView AuthLogout("auth.logout");
inline constexpr QLatin1StringView Ping("ping");
inline constexpr QLatin1StringView AuthLockouts("auth.lockouts"); // failed logins, lockouts
inline constexpr QLatin1StringView AuthUnlock("auth.unlock");

// --- configuration
inline constexpr QLatin1StringView CentreList("centre.list");
inline constexpr QLatin1StringView CentreGet("centre.get");
inline constexpr QLatin1StringView CentrePut("centre.put");
inline constexpr QLatin1StringView ScheduleSetException("schedule.setException");
inline constexpr QLatin1StringView ScheduleRemoveException("schedule.removeException");
inline constexpr QLatin1StringView NormsGet("norms.get");
inline constexpr QLatin1StringView NormsSet("norms.set");
inline constexpr QLatin1StringView NormsHistory("norms.history");
inline constexpr QLatin1StringView QueueList("queue.list");
inline constexpr QLatin1StringView QueuePut("queue.put");
inline constexpr QLatin1StringView QueueForecast("queue.forecast"); // before a ticket is given
inline constexpr QLatin1StringView DeskList("desk.list");
inline constexpr QLatin1StringView DeskPut("desk.put");
inline constexpr QLatin1StringView StaffList("staff.list");
inline constexpr QLatin1StringView StaffPut("staff.put");
inline constexpr QLatin1StringView StaffSetPassword("staff.setPassword");

// --- visitors
inline constexpr QLatin1StringView VisitIssue("visit.issue");
inline constexpr QLatin1StringView VisitGet("visit.get");
inline constexpr QLatin1StringView VisitCallNext("visit.callNext");
inline constexpr QLatin1StringView VisitCall("visit.call");
inline constexpr QLatin1StringView VisitRecall("visit.recall");
inline constexpr QLatin1StringView VisitStart("visit.start");
inline constexpr QLatin1StringView VisitFinish("visit.finish");
inline constexpr QLatin1StringView VisitNoShow("visit.noShow");
inline constexpr QLatin1StringView VisitRoute("visit.route");
inline constexpr QLatin1StringView VisitPostpone("visit.postpone");
inline constexpr QLatin1StringView VisitRequeue("visit.requeue");
inline constexpr QLatin1StringView VisitCancel("visit.cancel");
inline constexpr QLatin1StringView VisitSetPriority("visit.setPriority");

// --- desks (the session's own desk)
inline constexpr QLatin1StringView DeskOpen("desk.open");
inline constexpr QLatin1StringView DeskBreak("desk.break");
inline constexpr QLatin1StringView DeskResume("desk.resume");
inline constexpr QLatin1StringView DeskClose("desk.close");

// --- watching
inline constexpr QLatin1StringView StatusQuery("status"); // not "Status": that is okno::Status
inline constexpr QLatin1StringView Stats("stats");
inline constexpr QLatin1StringView Dashboard("dashboard");
inline constexpr QLatin1StringView Alerts("alerts"); // what is past its norm right now
inline constexpr QLatin1StringView EventsSubscribe("events.subscribe");

// --- data retention (system administrator)
inline constexpr QLatin1StringView RetentionRun("retention.run"); // erase old personal data, or count it

// --- tests only (server started with --test-clock)
inline constexpr QLatin1StringView ClockSet("clock.set");

// --- the database (system administrators): an online copy, and a check of the live file
inline constexpr QLatin1StringView BackupCreate("backup.create");
inline constexpr QLatin1StringView DatabaseVerify("database.verify");

// --- front office
inline constexpr QLatin1StringView ConsultationGet("consultation.get");
inline constexpr QLatin1StringView ConsultationSave("consultation.save");
inline constexpr QLatin1StringView ShiftOpen("shift.open");
inline constexpr QLatin1StringView ShiftCurrent("shift.current");
inline constexpr QLatin1StringView ShiftClose("shift.close");
inline constexpr QLatin1StringView PaymentRecord("payment.record");
inline constexpr QLatin1StringView PaymentReverse("payment.reverse");
inline constexpr QLatin1StringView PaymentList("payment.list");

// Every operation above, in the order of the documentation.
const QList<QLatin1StringView> &all();
bool isKnown(QStringView op);

} // namespace okno::protocol::ops

// Types of server-pushed events. The data of each names the changed object, in its protocol
// encoding: {"visit": Visit}, {"desk": Desk}, … (docs/protocol.md, "Events").
namespace okno::protocol::events {

// data: {"visit": Visit}; visit.issued and visit.routed add "position": QueuePosition
inline constexpr QLatin1StringView VisitIssued("visit.issued");
inline constexpr QLatin1StringView VisitCalled("visit.called");
inline constexpr QLatin1StringView VisitRecalled("visit.recalled");
inline constexpr QLatin1StringView VisitStarted("visit.started");
inline constexpr QLatin1StringView VisitFinished("visit.finished");
inline constexpr QLatin1StringView VisitNoShow("visit.noShow");
inline constexpr QLatin1StringView VisitRouted("visit.routed");
inline constexpr QLatin1StringView VisitPostponed("visit.postponed");
inline constexpr QLatin1StringView VisitRequeued("visit.requeued");
inline constexpr QLatin1StringView VisitCancelled("visit.cancelled");
inline constexpr QLatin1StringView VisitPriorityChanged("visit.priorityChanged");
inline constexpr QLatin1StringView VisitExpired("visit.expired");

// data: {"desk": Desk} (with its live state)
inline constexpr QLatin1StringView DeskOpened("desk.opened");
inline constexpr QLatin1StringView DeskOnBreak("desk.onBreak");
inline constexpr QLatin1StringView DeskResumed("desk.resumed");
inline constexpr QLatin1StringView DeskClosed("desk.closed");
inline constexpr QLatin1StringView DeskChanged("desk.changed");

// data: the changed configuration object
inline constexpr QLatin1StringView
    CentreChanged("centre.changed"); // {"centre"} or, after norms.set, {"norms", …}
inline constexpr QLatin1StringView QueueChanged("queue.changed"); // {"queue": Queue}
inline constexpr QLatin1StringView StaffChanged("staff.changed"); // {"staff": Staff} or {"staffId"}

// data: {"consultation": Consultation}, {"shift": CashShift}, {"payment": Payment}
inline constexpr QLatin1StringView ConsultationSaved("consultation.saved");
inline constexpr QLatin1StringView ShiftOpened("shift.opened");
inline constexpr QLatin1StringView ShiftClosed("shift.closed");
inline constexpr QLatin1StringView PaymentRecorded("payment.recorded");
inline constexpr QLatin1StringView PaymentReversed("payment.reversed");

// data: {"backupFile", "backupLastSeq", "restoredAt", "idMargin", "numberMargin"}: the database
// was restored from a backup (okno-server --restore); its seq is past every seq the old server
// could have published, and whatever a client saw after backupLastSeq is gone.
inline constexpr QLatin1StringView ServerRestored("server.restored");
// data: {"retention": {"cutoff", "days", "trigger", "counts": {…}}} — what a retention run erased
// (counts only, never what it erased); company-wide (centre 0)
inline constexpr QLatin1StringView RetentionRan("retention.ran");
// Nodes sharing the centres: a password check that ended on a node, {"login", "address", "success",
// "node"}, and a lockout a system administrator lifted, {"kind": "account"|"address", "key",
// "node"}: every node counts them as its own (a guesser spread over the nodes is counted once).
// Company-wide (centre 0); to system administrators only.
inline constexpr QLatin1StringView AuthChecked("auth.checked");
inline constexpr QLatin1StringView AuthUnlocked("auth.unlocked");

const QList<QLatin1StringView> &all();
bool isKnown(QStringView type);

// Not in the replayable stream (no seq): sent to a session just before the server ends it,
// because its account was deactivated or its role, centre, login or password changed.
// data: {"reason": "deactivated"|"role_changed"|"centre_changed"|"login_changed"|"password_changed",
// "message": text}
inline constexpr QLatin1StringView SessionRevoked("session.revoked");

} // namespace okno::protocol::events
