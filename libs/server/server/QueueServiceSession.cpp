// Sessions and accounts: hello, login, logout, the clock, passwords.
#include "QueueService.h"

#include "Passwords.h"
#include "QueueServiceCall.h"

#include <app/Events.h>
#include <logging/Logging.h>
#include <protocol/Codec.h>
#include <protocol/Fields.h>
#include <protocol/Message.h>
#include <protocol/Ops.h>

#include <QCoreApplication>
#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QPointer>
#include <QThreadPool>
#include <QTimer>

namespace okno {

using namespace Qt::StringLiterals;
using namespace protocol;

namespace {
constexpr int kMaxFailedLogins = 5;
}

// ---------------------------------------------------------------------------------------------
// session

void QueueService::opHello(Call &c)
{
    Fields f(c.body);
    const int version = int(f.requireInt(u"version"_s, 1, 1000));
    f.optionalString(u"client"_s, {}, 100);
    if (!f.status())
        return c.fail(f.status().error());
    if (version != kProtocolVersion)
        return c.fail(makeError(ErrorCode::UnsupportedVersion, u"this server speaks protocol version "_s %
                                                                   QString::number(kProtocolVersion)));
    c.session().greeted = true;
    c.reply({{u"server"_s, QString(u"okno-server/"_s % QCoreApplication::applicationVersion())},
             {u"version"_s, kProtocolVersion},
             {u"serverTime"_s, instantToJson(m_clock->now())},
             {u"testClock"_s, m_options.testClock}});
}

void QueueService::opLogin(Call &c)
{
    Fields f(c.body);
    const QString login = f.requireString(u"login"_s, 32);
    const QString password = f.requireSecret(u"password"_s, 128);
    const Id requestedDesk = f.optionalId(u"deskId"_s);
    const int deskNumber = int(f.optionalInt(u"deskNumber"_s, 0, 0, 999));
    if (!f.status())
        return c.fail(f.status().error());
    Session &caller = c.session();
    if (caller.authenticated)
        return c.fail(makeError(ErrorCode::InvalidTransition, u"already logged in; log out first"_s));
    if (caller.loginInFlight)
        return c.fail(makeError(ErrorCode::InvalidTransition, u"a login is already being checked"_s));
    if (caller.failedLogins >= kMaxFailedLogins) {
        c.fail(makeError(ErrorCode::AuthFailed, u"too many failed logins on this connection"_s));
        c.peer->closeAfterSending();
        return;
    }
    // Counted per login and per address across connections: too many failures, and the password
    // is not even checked (docs/security.md, "Password guessing").
    const LoginThrottle::Verdict verdict = beginPasswordCheck(login, c.peer);
    if (!verdict.allowed)
        return c.fail(throttled(verdict));
    const QString address = c.peer->address();
    const bool urgent = !m_throttle.hasFailures(LoginThrottle::Kind::Address, address);
    const Staff *staff = nullptr;
    for (const Staff &st : std::as_const(m_staff))
        if (st.login == login)
            staff = &st;
    // The hash is checked on a worker thread even for an unknown login, so timing tells nothing.
    const QByteArray hash = staff ? m_passwordHashes.value(staff->id) : QByteArray();
    const Staff found = staff ? *staff : Staff{};
    caller.loginInFlight = true;
    const QByteArray checked = hash.isEmpty() ? m_equaliserHash : hash;
    const bool started = startPasswordJob(
        [this, c, hash, checked, password, found, requestedDesk, deskNumber, login, address] {
            const bool verified = passwords::verify(checked, password) && !hash.isEmpty();
            QMetaObject::invokeMethod(
                this,
                [this, c, verified, hash, found, requestedDesk, deskNumber, login, address] {
                    // The account as it is now: deactivated or re-passworded while the hash was being
                    // checked, the login fails.
                    const bool ok = verified && m_staff.contains(found.id) &&
                                    m_staff.value(found.id).active &&
                                    m_passwordHashes.value(found.id) == hash;
                    // Counted whatever became of the connection: hanging up does not hide a failure.
                    finishPasswordCheck(login, address, ok);
                    if (!c.peer)
                        return;
                    Session &s = c.session();
                    s.loginInFlight = false;
                    if (!ok) {
                        ++s.failedLogins;
                        logging::warn(
                            u"failed login as \"%1\" from %2"_s.arg(found.login, c.peer->describe()));
                        // A short pause makes guessing slower still.
                        QTimer::singleShot(500, c.peer, [c] {
                            c.fail(makeError(ErrorCode::AuthFailed, u"wrong login or password"_s));
                        });
                        return;
                    }
                    admit(c, found.id, requestedDesk, deskNumber);
                },
                Qt::QueuedConnection);
        },
        urgent);
    if (!started) {
        caller.loginInFlight = false;
        m_throttle.cancel(login, address);
        return c.fail(passwordQueueFull());
    }
}

void QueueService::admit(const Call &c, Id staffId, Id requestedDesk, int deskNumber)
{
    if (!c.peer)
        return;
    // The account as it is now (it may have changed while its centre was loading).
    if (!m_staff.contains(staffId) || !m_staff.value(staffId).active)
        return c.fail(makeError(ErrorCode::AuthFailed, u"wrong login or password"_s));
    const Staff found = m_staff.value(staffId);
    // Sharing the centres: a centre's staff are served by the node that owns it; at the node
    // taking it, once it is loaded.
    if (m_options.shareCentres && found.centreId != 0 && !m_owned.contains(found.centreId)) {
        if (!m_loading.contains(found.centreId))
            return deliver(c, movedFrame(c, found.centreId));
        c.peer->session().loginInFlight = true;
        m_waitingFor[found.centreId].append([this, c, staffId, requestedDesk, deskNumber] {
            if (c.peer)
                c.peer->session().loginInFlight = false;
            admit(c, staffId, requestedDesk, deskNumber);
        });
        return;
    }
    Session &s = c.peer->session();
    Id deskId = requestedDesk;
    if (!deskId && deskNumber) {
        for (const Desk &d : m_engine->desks(found.centreId))
            if (d.number == deskNumber)
                deskId = d.id;
        if (!deskId)
            return c.fail(
                makeError(ErrorCode::NotFound, u"there is no desk "_s % QString::number(deskNumber) %
                                                   u" in this person's centre"_s));
    }
    if (deskId) {
        const Desk *d = m_engine->desk(deskId);
        if (!d || !d->active)
            return c.fail(
                makeError(ErrorCode::NotFound, u"desk "_s % QString::number(deskId) % u" does not exist"_s));
        if (found.centreId != 0 && d->centreId != found.centreId)
            return c.fail(forbidden(u"desk "_s % QString::number(d->number) % u" is in another centre"_s));
        if (!stageRoleOf(found.role) && found.role != Role::SystemAdministrator)
            return c.fail(forbidden(u"a "_s % roleName(found.role) % u" does not work at a desk"_s));
    }
    s.authenticated = true;
    s.failedLogins = 0;
    s.staff = m_staff.value(found.id);
    s.credentialEpoch = m_credentialEpoch.value(found.id);
    s.deskId = deskId;
    logging::info(
        u"%1 (%2) logged in from %3%4"_s.arg(s.staff.login, roleName(s.staff.role), c.peer->describe(),
                                             deskId ? u", desk id "_s + QString::number(deskId) : QString()));
    QJsonObject session{{u"staff"_s, toJson(s.staff)},
                        {u"role"_s, roleName(s.staff.role)},
                        {u"centreId"_s, double(s.staff.centreId)},
                        {u"deskId"_s, double(deskId)}};
    if (const Desk *d = m_engine->desk(deskId))
        session.insert(u"desk"_s, toJson(*d));
    c.reply({{u"session"_s, session}});
}

void QueueService::opAuthLockouts(Call &c)
{
    QJsonArray list;
    for (const LoginThrottle::Entry &e : m_throttle.entries(QDateTime::currentDateTimeUtc()))
        list.append(QJsonObject{{u"kind"_s, throttleKindName(e.kind)},
                                {e.kind == LoginThrottle::Kind::Account ? u"login"_s : u"address"_s, e.key},
                                {u"failures"_s, e.failures},
                                {u"lastFailure"_s, instantToJson(e.lastFailure)},
                                {u"lockedUntil"_s, instantToJson(e.lockedUntil)},
                                {u"retryAt"_s, instantToJson(e.retryAt)}});
    const ThrottlePolicy &p = m_throttle.policy();
    c.reply({{u"entries"_s, list},
             {u"policy"_s, QJsonObject{{u"loginLockoutAfter"_s, p.accountLockoutAfter},
                                       {u"addressLockoutAfter"_s, p.addressLockoutAfter},
                                       {u"lockoutMinutes"_s, double(p.lockoutSecs / 60)},
                                       {u"windowMinutes"_s, double(p.windowSecs / 60)}}}});
}

void QueueService::opAuthUnlock(Call &c)
{
    Fields f(c.body);
    const QString login = f.optionalString(u"login"_s, {}, 32);
    const QString address = f.optionalString(u"address"_s, {}, 64);
    if (!f.status())
        return c.fail(f.status().error());
    if (login.isEmpty() == address.isEmpty())
        return c.fail(makeError(ErrorCode::BadRequest, u"give either \"login\" or \"address\""_s));
    const bool isLogin = !login.isEmpty();
    const QString key = isLogin ? login : address;
    const bool lifted =
        m_throttle.lift(isLogin ? LoginThrottle::Kind::Account : LoginThrottle::Kind::Address, key);
    if (lifted)
        logging::warn(u"%1 lifted the lockout of %2 %3"_s.arg(c.session().staff.login,
                                                              isLogin ? u"login"_s : u"address"_s, key));
    if (!m_options.shareCentres)
        return c.reply({{u"lifted"_s, lifted}});
    // Sharing the centres: lifted on every node (catchUpTo), answered once that is stored.
    WriteBatch told;
    const QList<Event> events = {app::events::lockoutLifted(
        throttleKindName(isLogin ? LoginThrottle::Kind::Account : LoginThrottle::Kind::Address), key,
        m_options.nodeName, c.session().staff.id, QDateTime::currentDateTimeUtc())};
    commit(c, std::move(told), {{u"lifted"_s, lifted}}, events);
}

void QueueService::opLogout(Call &c)
{
    Session &s = c.session();
    logging::info(u"%1 logged out"_s.arg(s.staff.login));
    s = Session{};
    s.greeted = true;
    c.reply({});
}

void QueueService::opPing(Call &c)
{
    c.reply({{u"serverTime"_s, instantToJson(m_clock->now())}, {u"lastSeq"_s, double(m_lastPublished)}});
}

void QueueService::opClockSet(Call &c)
{
    if (!m_manualClock)
        return c.fail(forbidden(u"the server was not started with --test-clock"_s));
    Fields f(c.body);
    const QDateTime at = f.requireDateTime(u"at"_s);
    if (!f.status())
        return c.fail(f.status().error());
    m_manualClock->set(at);
    logging::info(u"test clock set to "_s % at.toUTC().toString(Qt::ISODateWithMs));
    expireIdempotency(); // days may have passed at once
    retentionSchedule();
    c.reply({{u"serverTime"_s, instantToJson(m_clock->now())}});
}

void QueueService::opStaffSetPassword(Call &c)
{
    Fields f(c.body);
    const Staff &me = c.session().staff;
    f.optionalId(u"staffId"_s); // resolved, and allowed, by the access policy
    const QString password = f.requireSecret(u"password"_s, 128);
    const QString oldPassword = f.optionalSecret(u"oldPassword"_s, 128).value_or(QString());
    if (!f.status())
        return c.fail(f.status().error());
    const Id target = c.target.staffId;
    const bool self = target == me.id;
    if (self && oldPassword.isEmpty() && me.role != Role::SystemAdministrator)
        return c.fail(makeError(ErrorCode::BadRequest,
                                u"field \"oldPassword\" is required to change your own password"_s));
    if (const QString weak = passwords::weaknessOf(password, m_staff.value(target).login); !weak.isEmpty())
        return c.fail(makeError(ErrorCode::InvalidArgument, weak));
    const QByteArray oldHash = m_passwordHashes.value(target);
    const bool checkOld = self && !oldPassword.isEmpty();
    const Id actorId = me.id;
    const bool started =
        startPasswordJob([this, c, password, oldPassword, oldHash, checkOld, target, actorId] {
            const bool oldOk = !checkOld || passwords::verify(oldHash, oldPassword);
            const QByteArray hash = oldOk ? passwords::hash(password) : QByteArray();
            QMetaObject::invokeMethod(
                this,
                [this, c, hash, oldOk, target, actorId]() mutable {
                    if (!oldOk)
                        return c.fail(makeError(ErrorCode::AuthFailed, u"the old password is wrong"_s));
                    if (!m_staff.contains(target))
                        return c.fail(makeError(ErrorCode::NotFound, u"the account no longer exists"_s));
                    // Stored whatever becomes of the caller's connection; every other session of the
                    // account ends now.
                    const Staff st = m_staff.value(target);
                    if (auto here = accountWritableHere(st); !here)
                        return c.fail(here.error());
                    applyStaff(st, hash, c.peer);
                    WriteBatch b;
                    b.putStaff(st, QString::fromUtf8(hash));
                    commit(c, std::move(b), {}, {app::events::passwordChanged(st, actorId, m_clock->now())});
                },
                Qt::QueuedConnection);
        });
    if (!started) {
        return c.fail(passwordQueueFull());
    }
}

} // namespace okno
