#pragma once

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QString>

#include <deque>

namespace okno {

// How many wrong passwords are tolerated, and for how long (docs/security.md, "Password guessing").
struct ThrottlePolicy
{
    int accountDelayAfter = 3;    // failures for one login before each attempt must wait
    int accountLockoutAfter = 10; // failures for one login that lock it
    int addressDelayAfter = 10;   // the same for one source address (a centre behind NAT counts once)
    int addressLockoutAfter = 50;
    qint64 windowSecs = 15 * 60;  // failures older than this are forgotten
    qint64 lockoutSecs = 15 * 60; // how long a lockout lasts unless a system administrator lifts it
    qint64 maxDelaySecs = 30;     // the growing wait: 1 s, 2 s, 4 s … up to this
    // Password checks in progress at once for one login: a person logs in at one place at a
    // time; a guesser's burst waits its turn instead of filling the queue.
    int maxChecksPerLogin = 2;
};

// Failed password checks counted per login name — whether or not such an account exists, so the
// answers tell nothing about which logins are real — and per source address, across connections.
// Past a few failures each further attempt must wait (growing delays); past the lockout count the
// login or the address is refused for a while, the right password included. A password check in
// progress counts as a possible failure, so a burst of parallel attempts cannot slip past the
// count. Pure logic: the caller passes the time (the server's clock).
class LoginThrottle
{
public:
    enum class Kind
    {
        Account,
        Address
    };

    struct Verdict
    {
        bool allowed = true;
        bool locked = false; // a lockout (else: too soon after the last failure)
        // Only busy: other checks for the login are in progress (several devices sharing an account
        // reconnect at once after a restart); a moment later it may go. Not a sign of guessing.
        bool transient = false;
        Kind kind = Kind::Account;
        QDateTime retryAt; // when an attempt may come again
        QString message;   // English, for the refusal
    };

    struct Entry
    {
        Kind kind = Kind::Account;
        QString key;      // the login, or the address
        int failures = 0; // within the window
        QDateTime lastFailure;
        QDateTime lockedUntil; // invalid when not locked
        QDateTime retryAt;     // the earliest next attempt (delays and lockout)
    };

    explicit LoginThrottle(ThrottlePolicy policy = {});

    const ThrottlePolicy &policy() const { return m_policy; }

    // Whether an attempt for `login` from `address` may be checked now; if so it is counted as in
    // progress until finish().
    Verdict begin(const QString &login, const QString &address, const QDateTime &now);
    // The attempt begun for `login` from `address` ended. A success clears the login's failures (not
    // the address's: one good account must not launder another's guesses); a failure counts for both
    // and may lock them.
    void finish(const QString &login, const QString &address, bool success, const QDateTime &now);
    // The attempt begun was not checked after all (the server was too busy): it counts for nothing.
    void cancel(const QString &login, const QString &address);
    // A check that ended `at` on another node (nodes sharing the centres): counted as finish()
    // counts one, with nothing in progress here.
    void countElsewhere(const QString &login, const QString &address, bool success, const QDateTime &at,
                        const QDateTime &now);

    // Whether the login or address has failed lately (within the window, as entries() shows).
    bool hasFailures(Kind kind, const QString &key) const;
    // Logins and addresses with failures in the window, locked ones first.
    QList<Entry> entries(const QDateTime &now) const;
    // A system administrator lifts a lockout and forgets the failures; false when there was none.
    bool lift(Kind kind, const QString &key);

    // Forgets what the window no longer needs: memory stays bounded by the recent failures.
    void prune(const QDateTime &now);
    qsizetype size() const { return m_accounts.size() + m_addresses.size(); }

private:
    struct Record
    {
        std::deque<QDateTime> failures; // within the window, at most the lockout count
        int inFlight = 0;
        QDateTime lockedUntil;
    };

    Verdict judge(Kind kind, const QString &key, const Record &r, const QDateTime &now) const;
    void count(const QString &login, Record &acc, Record &src, bool success, const QDateTime &at);
    void forgetOld(Record &r, const QDateTime &now) const;
    QDateTime retryAt(Kind kind, const Record &r) const;
    int delayAfter(Kind kind) const;
    int lockoutAfter(Kind kind) const;

    ThrottlePolicy m_policy;
    QHash<QString, Record> m_accounts;
    QHash<QString, Record> m_addresses;
    qsizetype m_pruneAt = 4096;
};

QString throttleKindName(LoginThrottle::Kind kind); // "account", "address"

} // namespace okno
