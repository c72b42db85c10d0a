#pragma once

#include "Statistics.h"

#include <QMap>
#include <QString>

#include <optional>

namespace okno {

// Durations in whole seconds counted by value: histograms of days, hours, people or centres merge
// by adding counts, and the merged histogram gives exactly the Summary of all the durations.
class DurationHistogram
{
public:
    void add(qint64 seconds, qint64 times = 1);
    void merge(const DurationHistogram &other);
    qint64 count() const { return m_count; }
    Summary summary(qint64 normSecs) const;

    // "seconds:count" pairs, ascending, separated by commas — the form the read model stores.
    QString toText() const;
    static std::optional<DurationHistogram> fromText(const QString &text);

private:
    QMap<qint64, qint64> m_counts;
    qint64 m_count = 0;
};

} // namespace okno
