#include "DurationHistogram.h"

#include <QStringList>

#include <algorithm>
#include <cmath>

namespace okno {

void DurationHistogram::add(qint64 seconds, qint64 times)
{
    if (times <= 0)
        return;
    m_counts[seconds] += times;
    m_count += times;
}

void DurationHistogram::merge(const DurationHistogram &other)
{
    for (auto it = other.m_counts.cbegin(); it != other.m_counts.cend(); ++it)
        add(it.key(), it.value());
}

Summary DurationHistogram::summary(qint64 normSecs) const
{
    Summary s;
    s.count = int(m_count);
    if (m_count == 0)
        return s;
    // The k-th smallest value (1-based), walking the counts in ascending order.
    auto nth = [&](qint64 k) {
        qint64 seen = 0;
        for (auto it = m_counts.cbegin(); it != m_counts.cend(); ++it) {
            seen += it.value();
            if (seen >= k)
                return it.key();
        }
        return m_counts.lastKey();
    };
    double sum = 0;
    qint64 within = 0;
    for (auto it = m_counts.cbegin(); it != m_counts.cend(); ++it) {
        sum += double(it.key()) * double(it.value());
        if (it.key() <= normSecs)
            within += it.value();
    }
    const qint64 n = m_count;
    s.mean = sum / double(n);
    s.median = n % 2 ? double(nth(n / 2 + 1)) : (double(nth(n / 2)) + double(nth(n / 2 + 1))) / 2.0;
    const auto rank = qint64(std::ceil(0.9 * double(n)));
    s.p90 = double(nth(std::clamp<qint64>(rank, 1, n)));
    s.max = double(m_counts.lastKey());
    s.withinNorm = int(within);
    s.withinNormShare = double(within) / double(n);
    return s;
}

QString DurationHistogram::toText() const
{
    QStringList parts;
    for (auto it = m_counts.cbegin(); it != m_counts.cend(); ++it)
        parts.append(QString::number(it.key()) + u':' + QString::number(it.value()));
    return parts.join(u',');
}

std::optional<DurationHistogram> DurationHistogram::fromText(const QString &text)
{
    DurationHistogram h;
    if (text.isEmpty())
        return h;
    for (const QString &part : text.split(u',')) {
        const auto kv = part.split(u':');
        bool okKey = false, okCount = false;
        if (kv.size() != 2)
            return std::nullopt;
        const qint64 key = kv[0].toLongLong(&okKey);
        const qint64 count = kv[1].toLongLong(&okCount);
        if (!okKey || !okCount || count <= 0)
            return std::nullopt;
        h.add(key, count);
    }
    return h;
}

} // namespace okno
