#pragma once

#include <QColor>
#include <QDate>
#include <QString>

// How the dashboard writes its figures: durations as minutes and seconds, shares in per cent,
// with a comma as the decimal sign (Russian). CSV and PDF take the same text.
namespace okno::dashboard {

QString formatDuration(double seconds); // "12:05", "1:02:03"; "—" for a negative value
QString formatShare(double share);      // 0.853 → "85,3 %"
QString formatDecimal(double value, int decimals = 2);
QString formatDate(const QDate &d); // "23.11.2026"
QString normMinutes(int minutes);   // "20 мин"

// The colour of a duration against its norm, as the terminals' timers show it: none well within
// it, amber in the last fifth of the norm, red past it.
QColor normColour(double seconds, double normSecs);

} // namespace okno::dashboard
