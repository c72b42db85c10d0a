#include "Format.h"

#include <QCoreApplication>
#include <QLocale>

#include <cmath>

namespace okno::dashboard {

QString formatDuration(double seconds)
{
    if (seconds < 0 || std::isnan(seconds))
        return QStringLiteral("—");
    const auto s = qint64(std::llround(seconds));
    const auto two = [](qint64 n) { return QStringLiteral("%1").arg(n, 2, 10, QLatin1Char('0')); };
    if (s < 3600)
        return QString::number(s / 60) + QLatin1Char(':') + two(s % 60);
    return QString::number(s / 3600) + QLatin1Char(':') + two(s / 60 % 60) + QLatin1Char(':') + two(s % 60);
}

QString formatDecimal(double value, int decimals)
{
    // The screen's language (QLocale's default, set with it): «85,3» in Russian, «85.3» in English.
    const QLocale screen;
    return (screen.language() == QLocale::English ? screen : QLocale(QLocale::Russian))
        .toString(value, 'f', decimals);
}

QString formatShare(double share)
{
    return formatDecimal(share * 100.0, 1) + QStringLiteral("\u00A0%");
}

QString formatDate(const QDate &d)
{
    return d.toString(QStringLiteral("dd.MM.yyyy"));
}

QString normMinutes(int minutes)
{
    return QCoreApplication::translate("okno::dashboard", "%1 мин").arg(minutes);
}

QColor normColour(double seconds, double normSecs)
{
    if (normSecs <= 0)
        return {};
    if (seconds > normSecs)
        return QColor(0xf6, 0xc4, 0xc4); // past the norm
    if (seconds > normSecs * 0.8)
        return QColor(0xfd, 0xe7, 0xb0); // the last fifth
    return {};
}

} // namespace okno::dashboard
