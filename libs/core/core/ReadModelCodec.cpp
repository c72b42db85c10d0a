// The read model's digests in their compact binary form (what the database stores): varints,
// durations as ascending deltas, every read bounds-checked.
#include "ReadModel.h"

#include <algorithm>

namespace okno {

namespace {

// --- Encoding ---------------------------------------------------------------------------------

constexpr char kCreatedTag = 'C';
constexpr char kServiceTag = 'S';
constexpr char kFormat = 1;

class Writer
{
public:
    explicit Writer(char tag)
    {
        m_out.append(tag);
        m_out.append(kFormat);
    }
    void u(quint64 v)
    {
        while (v >= 0x80) {
            m_out.append(char(v | 0x80));
            v >>= 7;
        }
        m_out.append(char(v));
    }
    void i(qint64 v) { u((quint64(v) << 1) ^ quint64(v >> 63)); }
    void date(const QDate &d) { d.isValid() ? (u(1), i(d.toJulianDay())) : u(0); }
    void counts(const SecondCounts &c)
    {
        u(c.size());
        qint64 previous = 0;
        for (const auto &[seconds, n] : c) {
            i(seconds - previous);
            u(quint64(n));
            previous = seconds;
        }
    }
    void role(const DigestRole &r)
    {
        for (int n : {r.stages, r.served, r.noShows, r.cancelled, r.unserved})
            u(quint64(n));
        counts(r.wait);
        counts(r.service);
    }
    void ints(const std::vector<int> &v)
    {
        u(v.size());
        for (int n : v)
            u(quint64(n));
    }
    QByteArray bytes() const { return m_out; }

private:
    QByteArray m_out;
};

// Every read checks the bounds; the first failure sticks and the result is thrown away.
class Reader
{
public:
    Reader(const QByteArray &bytes, char tag)
        : m_p(bytes.constData())
        , m_end(bytes.constData() + bytes.size())
    {
        if (bytes.size() < 2 || bytes[0] != tag || bytes[1] != kFormat)
            m_ok = false;
        else
            m_p += 2;
    }
    bool ok() const { return m_ok; }
    bool atEnd() const { return m_p == m_end; }
    quint64 u()
    {
        quint64 v = 0;
        for (int shift = 0; m_ok; shift += 7) {
            if (m_p == m_end || shift > 63)
                return fail();
            const auto byte = quint8(*m_p++);
            v |= quint64(byte & 0x7f) << shift;
            if (!(byte & 0x80))
                return v;
        }
        return 0;
    }
    qint64 i()
    {
        const quint64 v = u();
        return qint64(v >> 1) ^ -qint64(v & 1);
    }
    int count(quint64 limit = 1u << 30)
    {
        const quint64 v = u();
        if (v > limit)
            return int(fail());
        return int(v);
    }
    // A length, bounded by what the remaining bytes could hold (each element takes ≥ 1 byte).
    size_t length() { return size_t(count(quint64(m_end - m_p))); }
    QDate date()
    {
        if (!u())
            return {};
        const QDate d = QDate::fromJulianDay(i());
        if (!d.isValid())
            fail();
        return d;
    }
    SecondCounts counts()
    {
        SecondCounts c(length());
        qint64 previous = 0;
        for (size_t k = 0; k < c.size() && m_ok; ++k) {
            const qint64 delta = i();
            if (k > 0 && delta <= 0)
                fail(); // ascending, no value twice
            c[k].first = previous + delta;
            c[k].second = qint64(count());
            if (c[k].second == 0)
                fail();
            previous = c[k].first;
        }
        return c;
    }
    StageRole role()
    {
        const quint64 v = u();
        if (v > quint64(StageRole::Cashier))
            fail();
        return StageRole(std::min<quint64>(v, quint64(StageRole::Cashier)));
    }
    DigestRole roleFigures()
    {
        DigestRole r;
        r.stages = count();
        r.served = count();
        r.noShows = count();
        r.cancelled = count();
        r.unserved = count();
        r.wait = counts();
        r.service = counts();
        return r;
    }
    std::vector<int> ints(size_t limit)
    {
        const size_t n = length();
        if (n > limit)
            fail();
        std::vector<int> v(m_ok ? n : 0);
        for (int &x : v)
            x = count();
        return v;
    }

private:
    quint64 fail()
    {
        m_ok = false;
        return 0;
    }
    const char *m_p;
    const char *m_end;
    bool m_ok = true;
};

} // namespace

// --- Encoding ---------------------------------------------------------------------------------

QByteArray encodeDigest(const CreatedDigest &d)
{
    Writer w(kCreatedTag);
    w.date(d.horizon);
    for (int n : d.arrivalsByHour)
        w.u(quint64(n));
    w.u(d.cells.size());
    for (const DigestCell &c : d.cells) {
        w.date(c.day);
        w.u(quint64(c.hour));
        w.u(quint64(c.role));
        w.counts(c.wait);
        w.counts(c.service);
    }
    for (const DigestRole &r : d.roles)
        w.role(r);
    w.u(d.staff.size());
    for (const DigestStaff &s : d.staff) {
        w.u(quint64(s.staffId));
        w.u(quint64(s.role));
        w.u(quint64(s.served));
        w.u(quint64(s.noShows));
        w.counts(s.service);
    }
    w.u(d.lastRoleOf.size());
    for (const auto &[id, role] : d.lastRoleOf) {
        w.u(quint64(id));
        w.u(quint64(role));
    }
    const DigestQuality &q = d.quality;
    for (int n : {q.visits, q.finishedVisits, q.contacts, q.calledStages, q.noShows, q.visitsWithAccount})
        w.u(quint64(n));
    w.ints(q.gapSameCentre);
    w.ints(q.gapAnyCentre);
    return w.bytes();
}

QByteArray encodeDigest(const ServiceDigest &d)
{
    Writer w(kServiceTag);
    w.date(d.horizon);
    for (const DigestRole &r : d.roles)
        w.role(r);
    return w.bytes();
}

std::optional<CreatedDigest> decodeCreatedDigest(const QByteArray &bytes)
{
    Reader r(bytes, kCreatedTag);
    CreatedDigest d;
    d.horizon = r.date();
    for (int &n : d.arrivalsByHour)
        n = r.count();
    d.cells.resize(r.length());
    for (DigestCell &c : d.cells) {
        c.day = r.date();
        c.hour = r.count(23);
        c.role = r.role();
        c.wait = r.counts();
        c.service = r.counts();
        if (!r.ok())
            return std::nullopt;
    }
    for (DigestRole &role : d.roles)
        role = r.roleFigures();
    d.staff.resize(r.length());
    for (DigestStaff &s : d.staff) {
        s.staffId = Id(r.u());
        s.role = r.role();
        s.served = r.count();
        s.noShows = r.count();
        s.service = r.counts();
        if (!r.ok())
            return std::nullopt;
    }
    d.lastRoleOf.resize(r.length());
    for (auto &[id, role] : d.lastRoleOf) {
        id = Id(r.u());
        role = r.role();
    }
    DigestQuality &q = d.quality;
    for (int *n :
         {&q.visits, &q.finishedVisits, &q.contacts, &q.calledStages, &q.noShows, &q.visitsWithAccount})
        *n = r.count();
    q.gapSameCentre = r.ints(kRepeatHorizonDays);
    q.gapAnyCentre = r.ints(kRepeatHorizonDays);
    if (!r.ok() || !r.atEnd())
        return std::nullopt;
    return d;
}

std::optional<ServiceDigest> decodeServiceDigest(const QByteArray &bytes)
{
    Reader r(bytes, kServiceTag);
    ServiceDigest d;
    d.horizon = r.date();
    for (DigestRole &role : d.roles)
        role = r.roleFigures();
    if (!r.ok() || !r.atEnd())
        return std::nullopt;
    return d;
}

} // namespace okno
