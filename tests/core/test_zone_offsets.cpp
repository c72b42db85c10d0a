// The cached zone offsets give exactly what QTimeZone gives, transitions included.
#include "CoreTestSupport.h"

#include <core/ZoneOffsets.h>

#include <QRandomGenerator>

using namespace okno;
using namespace Qt::StringLiterals;

TEST_CASE("zone offsets agree with QTimeZone at random instants and around every transition", "[zone]")
{
    for (const char *id : {"Europe/Moscow", "Europe/Samara", "Asia/Yekaterinburg", "Europe/Berlin",
                           "America/New_York", "Australia/Lord_Howe", "UTC"}) {
        const QTimeZone zone{QByteArray(id)};
        REQUIRE(zone.isValid());
        INFO("zone " << id);
        QList<qint64> instants;
        QRandomGenerator rng(7);
        const qint64 from = QDateTime(QDate(2009, 1, 1), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch();
        const qint64 to = QDateTime(QDate(2031, 1, 1), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch();
        for (int i = 0; i < 3000; ++i)
            instants.append(from + qint64(rng.bounded(quint64(to - from))));
        QList<qint64> transitions;
        for (const auto &t : zone.transitions(QDateTime::fromMSecsSinceEpoch(from, Qt::UTC),
                                              QDateTime::fromMSecsSinceEpoch(to, Qt::UTC))) {
            transitions.append(t.atUtc.toMSecsSinceEpoch());
            for (qint64 d : {-3'600'001LL, -1LL, 0LL, 1LL, 3'600'000LL})
                instants.append(t.atUtc.toMSecsSinceEpoch() + d);
        }
        // Within a few hours of a change a wall time may be skipped or repeated.
        const auto nearChange = [&](qint64 ms) {
            return std::any_of(transitions.cbegin(), transitions.cend(),
                               [&](qint64 t) { return std::abs(t - ms) < 4 * 3'600'000LL; });
        };
        for (qint64 ms : instants) {
            const QDateTime utc = QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
            const QDateTime local = utc.toTimeZone(zone);
            INFO("at " << utc.toString(Qt::ISODateWithMs).toStdString());
            REQUIRE(zone::offsetAt(zone, ms) == zone.offsetFromUtc(utc));
            REQUIRE(zone::localDate(zone, ms) == local.date());
            REQUIRE(zone::localMsecsOfDay(zone, ms) == local.time().msecsSinceStartOfDay());
            // Back again: a wall time away from any change maps to its one instant.
            const QDateTime wall(local.date(), local.time(), zone);
            if (!nearChange(ms))
                REQUIRE(zone::utcOf(zone, local.date(), local.time().msecsSinceStartOfDay()) ==
                        wall.toMSecsSinceEpoch());
        }
    }
}

TEST_CASE("a repeated wall time maps to its earlier instant", "[zone]")
{
    const QTimeZone berlin{QByteArrayLiteral("Europe/Berlin")};
    // 2026-10-25 03:00 CEST → 02:00 CET: 02:30 happens twice; the first is 00:30 UTC.
    const qint64 first = QDateTime(QDate(2026, 10, 25), QTime(0, 30), Qt::UTC).toMSecsSinceEpoch();
    CHECK(zone::utcOf(berlin, QDate(2026, 10, 25), (2 * 60 + 30) * 60'000) == first);
    // Moscow kept +3 all year since 2014.
    const QTimeZone moscow{QByteArrayLiteral("Europe/Moscow")};
    CHECK(zone::utcOf(moscow, QDate(2026, 7, 1), 8 * 3'600'000) ==
          QDateTime(QDate(2026, 7, 1), QTime(5, 0), Qt::UTC).toMSecsSinceEpoch());
    CHECK(
        zone::localDate(moscow, QDateTime(QDate(2026, 12, 31), QTime(21, 0), Qt::UTC).toMSecsSinceEpoch()) ==
        QDate(2027, 1, 1));
}
