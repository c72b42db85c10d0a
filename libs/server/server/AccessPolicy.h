#pragma once

#include <core/Organisation.h>
#include <core/Result.h>
#include <core/Visit.h>

#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

// The one access policy: who may do what to which thing, and what each caller may see. Every
// request is decided here before its handler runs, every reply and every pushed event is masked
// here before it reaches a client, and docs/security.md is generated from the same table
// (`okno-server --print-policy`). A handler never checks a role or a centre by hand.
namespace okno::access {

// Who asks: resolved from the session and the live state when the request arrives.
struct Principal
{
    Id staffId = 0;
    Role role = Role::Administrator;
    Id centreId = 0; // 0 = company-wide
    Id deskId = 0;   // the session's desk, 0 = none
    // The session's desk as the live state has it: open (or on a break) by this person, and the
    // queues it serves. A desk that someone else holds, or a closed one, counts as no desk.
    bool deskOwned = false;
    QList<Id> deskQueues;

    bool isDevice() const { return role == Role::Board || role == Role::Kiosk; }
    bool companyWide() const { return centreId == 0; }
};

// How an operation names the thing it acts on; the dispatcher resolves it before the policy
// decides, so no handler can forget to ask.
enum class TargetKind
{
    None,         // the session itself, or the caller's own desk, shift or account
    Centre,       // "centreId" (a centre-bound account may leave it out: its own centre)
    CentreOrAll,  // "centreId", or every centre the caller may see when absent
    CentreObject, // the centre inside "centre" (id 0 = a new centre)
    QueueObject,  // the centre of the queue inside "queue"
    DeskObject,   // the centre of the desk inside "desk"
    StaffObject,  // the centre of the account inside "staff"
    StaffAccount, // "staffId" (absent: the caller's own account)
    Visit,        // "visitId": a visit of today or an earlier one
    Desk,         // "deskId" (absent: the session's desk)
    Payment,      // "paymentId"
    PaymentsOf,   // "shiftId" or "visitId"
};

// What a visit-changing operation needs besides the centre.
enum class DeskRule
{
    None,
    // Consultants and cashiers act only through their own open desk serving the ticket's queue;
    // reception (administrator) and system administrators act on any queue of their centre.
    OwnDeskForServiceRoles,
    // Everyone acts through their own open desk serving the ticket's queue (call, start, …).
    OwnDesk,
};

struct OpRule
{
    QString op;
    QList<Role> roles; // who may call it; empty = anybody (before login: preAuth)
    bool preAuth = false;
    bool mutates = false;
    TargetKind target = TargetKind::None;
    DeskRule desk = DeskRule::None;
    QString note; // one line for docs/security.md
};

// The operations and who may call them, in the order of docs/protocol.md.
const QList<OpRule> &rules();
const OpRule *rule(const QString &op);

// The thing a request acts on, as the dispatcher found it.
struct Target
{
    TargetKind kind = TargetKind::None;
    Id centreId = 0;    // 0 with CentreOrAll = every centre; with CentreObject = a new centre
    Id staffId = 0;     // StaffAccount
    Id queueId = 0;     // Visit: the queue of its current stage
    Id visitDeskId = 0; // Visit: the desk its current stage is called to or served at
    bool visitOpen = false;
};

// Allowed, or the refusal to send (forbidden, with a message that says what was wrong).
Status decide(const Principal &who, const OpRule &rule, const Target &on);

// What a caller may see. Device accounts (hall board, kiosk) see no personal data anywhere.
enum class Visibility
{
    Full,
    NoPersonalData
};
Visibility visibilityOf(const Principal &who);
Visibility visibilityOf(Role role);

// The fields that carry personal data, wherever they appear in a frame: names, account numbers,
// purposes, notes, reasons, meter readings and money. For a NoPersonalData caller their values
// are blanked (same JSON type, empty), so decoders keep working and nothing leaks.
const QList<QString> &personalFields();

// Masks a whole outgoing frame (a reply or an event) for the caller.
QJsonObject mask(Visibility v, QJsonObject frame);

// Whether an event of `type` in `centreId` (0 = company-wide) is sent to the caller at all.
bool mayReceive(const Principal &who, const QString &type, Id centreId);

// docs/security.md's tables, made from rules() and the event filter.
QString policyMarkdown();

} // namespace okno::access
