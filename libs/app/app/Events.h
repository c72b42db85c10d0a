#pragma once

#include <core/Event.h>
#include <core/FrontOffice.h>
#include <core/Organisation.h>
#include <core/QueueEngine.h>
#include <core/Visit.h>
#include <storage/Retention.h>

#include <QDateTime>
#include <QString>

#include <optional>

// The shape of every event in the log, written once: the live server publishes and stores these,
// the history generator writes the same. Each carries the changed object in the protocol's
// encoding under its own name ("visit", "desk", …; see docs/protocol.md, "Events"), and nothing
// else but a queue position where a visitor learns one. Unnumbered: the log's writer numbers them.
namespace okno::app::events {

// visit.* — `position` for visit.issued and visit.routed (the new ticket's place in its queue).
Event visit(const QString &type, const Visit &v, Id actorId, const QDateTime &at,
            const std::optional<QueuePosition> &position = std::nullopt);
Event desk(const QString &type, const Desk &d, Id actorId, const QDateTime &at);
Event centreChanged(const Centre &c, Id actorId, const QDateTime &at);
// centre.changed for norms.set: who changed which role's norm from what to what (the norms' audit trail).
Event normsChanged(const Centre &c, StageRole role, const Norm &before, Id actorId, const QDateTime &at);
Event queueChanged(const Queue &q, Id actorId, const QDateTime &at);
Event staffChanged(const Staff &s, Id actorId, const QDateTime &at);
// staff.changed for a new password: only the account's id, never anything of the password.
Event passwordChanged(const Staff &s, Id actorId, const QDateTime &at);
Event consultationSaved(const Consultation &k, Id actorId, const QDateTime &at);
Event shift(const QString &type, const CashShift &s, Id actorId, const QDateTime &at);
// server.restored: the database was put back from a backup (okno-server --restore): which file,
// the backup's last event, when, and the margins every id and number was advanced by.
Event serverRestored(const QString &backupFile, qint64 backupLastSeq, const QDateTime &at, qint64 idMargin,
                     int numberMargin);
// payment.recorded, or payment.reversed for a reversal.
Event payment(const Payment &p, Id actorId, const QDateTime &at);
// The event with its visitor's personal fields blanked, as retention leaves the log's copy
// (storage/Retention.h): for the copies a server keeps in memory.
Event anonymised(Event e);
// retention.ran: a retention run's summary (retentionSummary), counts only. Company-wide.
Event retentionRan(const QJsonObject &summary, Id actorId, const QDateTime &at);
// auth.checked / auth.unlocked (nodes sharing the centres): a password check that ended on `node`,
// and a lockout lifted there. Company-wide.
Event loginChecked(const QString &login, const QString &address, bool success, const QString &node,
                   const QDateTime &at);
Event lockoutLifted(const QString &kind, const QString &key, const QString &node, Id actorId,
                    const QDateTime &at);
// What a retention run erased (or a dry run would): the cut-off, the period, what started it
// ("schedule" or "request") and the rows, by kind. The reply of retention.run and the event's data.
QJsonObject retentionSummary(const retention::Counts &counts, const QDateTime &cutoff, int days,
                             const QString &trigger);

} // namespace okno::app::events
