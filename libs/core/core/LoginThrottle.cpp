#include "LoginThrottle.h"

#include <algorithm>

namespace okno {

using namespace Qt::StringLiterals;

LoginThrottle::LoginThrottle(ThrottlePolicy policy)
    : m_policy(policy)
{}

int LoginThrottle::delayAfter(Kind kind) const
{
    return kind == Kind::Account ? m_policy.accountDelayAfter : m_policy.addressDelayAfter;
}

int LoginThrottle::lockoutAfter(Kind kind) const
{
    return kind == Kind::Account ? m_policy.accountLockoutAfter : m_policy.addressLockoutAfter;
}

void LoginThrottle::forgetOld(Record &r, const QDateTime &now) const
{
    const QDateTime horizon = now.addSecs(-m_policy.windowSecs);
    while (!r.failures.empty() && r.failures.front() < horizon)
        r.failures.pop_front();
    if (r.lockedUntil.isValid() && r.lockedUntil <= now)
        r.lockedUntil = QDateTime();
}

QDateTime LoginThrottle::retryAt(Kind kind, const Record &r) const
{
    if (r.lockedUntil.isValid())
        return r.lockedUntil;
    const int n = int(r.failures.size());
    if (n < delayAfter(kind) || r.failures.empty())
        return {};
    // 1 s after the first failure past the threshold, doubling, capped.
    const int doublings = std::min(n - delayAfter(kind), 20);
    return r.failures.back().addSecs(std::min<qint64>(m_policy.maxDelaySecs, qint64(1) << doublings));
}

LoginThrottle::Verdict LoginThrottle::judge(Kind kind, const QString &key, const Record &r,
                                            const QDateTime &now) const
{
    Verdict v;
    v.kind = kind;
    const QString what = kind == Kind::Account ? u"login \"%1\""_s.arg(key) : u"address %1"_s.arg(key);
    if (r.lockedUntil.isValid() && r.lockedUntil > now) {
        v.allowed = false;
        v.locked = true;
        v.retryAt = r.lockedUntil;
        v.message =
            u"too many failed logins for %1: locked until %2 UTC (a system administrator can lift "
            u"it: oknoctl lockouts lift)"_s.arg(what, r.lockedUntil.toUTC().toString(u"yyyy-MM-dd HH:mm"_s));
        return v;
    }
    const int n = int(r.failures.size());
    if (kind == Kind::Account && r.inFlight >= m_policy.maxChecksPerLogin) {
        v.allowed = false;
        v.transient = true;
        v.retryAt = now.addSecs(1);
        v.message = u"a password check for %1 is in progress: try again in a second"_s.arg(what);
        return v;
    }
    if (n + r.inFlight >= lockoutAfter(kind)) {
        // So many checks already running that one more failure would lock: wait for them.
        v.allowed = false;
        v.transient = true;
        v.retryAt = now.addSecs(1);
        v.message = u"too many failed logins for %1: try again in a few seconds"_s.arg(what);
        return v;
    }
    const QDateTime at = retryAt(kind, r);
    if (at.isValid() && at > now) {
        v.allowed = false;
        v.retryAt = at;
        v.message = u"too many failed logins for %1: try again in %2 s"_s.arg(what).arg(
            std::max<qint64>(1, (now.msecsTo(at) + 999) / 1000));
        return v;
    }
    return v;
}

LoginThrottle::Verdict LoginThrottle::begin(const QString &login, const QString &address,
                                            const QDateTime &now)
{
    if (size() >= m_pruneAt) {
        prune(now);
        m_pruneAt = std::max<qsizetype>(4096, size() * 2);
    }
    // Looked up, not inserted: a refused attempt leaves nothing behind.
    Record noAccount, noAddress;
    auto account = m_accounts.find(login);
    auto source = m_addresses.find(address);
    Record &acc = account != m_accounts.end() ? *account : noAccount;
    Record &src = source != m_addresses.end() ? *source : noAddress;
    forgetOld(acc, now);
    forgetOld(src, now);
    // The address first: a guesser spread over many logins is stopped by where it comes from.
    if (Verdict v = judge(Kind::Address, address, src, now); !v.allowed)
        return v;
    if (Verdict v = judge(Kind::Account, login, acc, now); !v.allowed)
        return v;
    ++m_accounts[login].inFlight;
    ++m_addresses[address].inFlight;
    return {};
}

void LoginThrottle::finish(const QString &login, const QString &address, bool success, const QDateTime &now)
{
    Record &acc = m_accounts[login];
    Record &src = m_addresses[address];
    acc.inFlight = std::max(0, acc.inFlight - 1);
    src.inFlight = std::max(0, src.inFlight - 1);
    forgetOld(acc, now);
    forgetOld(src, now);
    count(login, acc, src, success, now);
}

void LoginThrottle::countElsewhere(const QString &login, const QString &address, bool success,
                                   const QDateTime &at, const QDateTime &now)
{
    if (at < now.addSecs(-m_policy.windowSecs))
        return; // older than anything the window keeps
    Record &acc = m_accounts[login];
    Record &src = m_addresses[address];
    forgetOld(acc, now);
    forgetOld(src, now);
    count(login, acc, src, success, at);
    if (src.failures.empty() && src.inFlight == 0 && !src.lockedUntil.isValid())
        m_addresses.remove(address);
}

void LoginThrottle::count(const QString &login, Record &acc, Record &src, bool success, const QDateTime &at)
{
    if (success) {
        acc.failures.clear();
        if (acc.inFlight == 0 && !acc.lockedUntil.isValid())
            m_accounts.remove(login); // (acc is not used after this)
        return;
    }
    for (auto [kind, r] : {std::pair{Kind::Account, &acc}, std::pair{Kind::Address, &src}}) {
        // In time order, whichever node's clock said it first.
        r->failures.insert(std::upper_bound(r->failures.begin(), r->failures.end(), at), at);
        while (int(r->failures.size()) > lockoutAfter(kind))
            r->failures.pop_front();
        if (int(r->failures.size()) >= lockoutAfter(kind) && !r->lockedUntil.isValid())
            r->lockedUntil = r->failures.back().addSecs(m_policy.lockoutSecs);
    }
}

void LoginThrottle::cancel(const QString &login, const QString &address)
{
    for (auto [table, key] : {std::pair{&m_accounts, &login}, std::pair{&m_addresses, &address}}) {
        auto it = table->find(*key);
        if (it == table->end())
            continue;
        it->inFlight = std::max(0, it->inFlight - 1);
        if (it->inFlight == 0 && it->failures.empty() && !it->lockedUntil.isValid())
            table->erase(it);
    }
}

QList<LoginThrottle::Entry> LoginThrottle::entries(const QDateTime &now) const
{
    QList<Entry> out;
    for (auto [kind, table] :
         {std::pair{Kind::Account, &m_accounts}, std::pair{Kind::Address, &m_addresses}}) {
        for (auto it = table->cbegin(); it != table->cend(); ++it) {
            Record r = *it;
            forgetOld(r, now);
            if (r.failures.empty() && !r.lockedUntil.isValid())
                continue;
            Entry e;
            e.kind = kind;
            e.key = it.key();
            e.failures = int(r.failures.size());
            e.lastFailure = r.failures.empty() ? QDateTime() : r.failures.back();
            e.lockedUntil = r.lockedUntil;
            e.retryAt = retryAt(kind, r);
            out.append(e);
        }
    }
    std::sort(out.begin(), out.end(), [](const Entry &a, const Entry &b) {
        if (a.lockedUntil.isValid() != b.lockedUntil.isValid())
            return a.lockedUntil.isValid();
        if (a.kind != b.kind)
            return a.kind < b.kind;
        return a.key < b.key;
    });
    return out;
}

bool LoginThrottle::hasFailures(Kind kind, const QString &key) const
{
    const auto &table = kind == Kind::Account ? m_accounts : m_addresses;
    const auto it = table.constFind(key);
    return it != table.cend() && (!it->failures.empty() || it->lockedUntil.isValid());
}

bool LoginThrottle::lift(Kind kind, const QString &key)
{
    auto &table = kind == Kind::Account ? m_accounts : m_addresses;
    auto it = table.find(key);
    if (it == table.end() || (it->failures.empty() && !it->lockedUntil.isValid()))
        return false;
    it->failures.clear();
    it->lockedUntil = QDateTime();
    if (it->inFlight == 0)
        table.erase(it);
    return true;
}

void LoginThrottle::prune(const QDateTime &now)
{
    for (auto *table : {&m_accounts, &m_addresses}) {
        for (auto it = table->begin(); it != table->end();) {
            forgetOld(*it, now);
            if (it->failures.empty() && !it->lockedUntil.isValid() && it->inFlight == 0)
                it = table->erase(it);
            else
                ++it;
        }
    }
}

QString throttleKindName(LoginThrottle::Kind kind)
{
    return kind == LoginThrottle::Kind::Account ? u"account"_s : u"address"_s;
}

} // namespace okno
