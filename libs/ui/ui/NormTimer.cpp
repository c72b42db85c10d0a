#include "NormTimer.h"

namespace okno::ui {

NormTimer::NormTimer(QString caption, QWidget *parent)
    : QLabel(parent)
    , m_caption(std::move(caption))
{
    m_tick.setInterval(1000);
    connect(&m_tick, &QTimer::timeout, this, &NormTimer::refresh);
    stop();
}

void NormTimer::start(const QDateTime &since, int normMinutes)
{
    m_since = since;
    m_normMinutes = normMinutes;
    m_tick.start();
    refresh();
}

void NormTimer::stop()
{
    m_since = {};
    m_tick.stop();
    setText(m_caption + QStringLiteral(": —"));
    setStyleSheet(QStringLiteral("padding:4px;")); // the same room running or not: nothing below moves
}

qint64 NormTimer::elapsedSecs() const
{
    if (!m_since.isValid())
        return 0;
    const QDateTime now = QDateTime::currentDateTimeUtc().addMSecs(m_offsetMs);
    return std::max<qint64>(0, m_since.secsTo(now));
}

void NormTimer::refresh()
{
    const qint64 s = elapsedSecs();
    const qint64 norm = qint64(m_normMinutes) * 60;
    setText(tr("%1: %2:%3 (норматив %4 мин)")
                .arg(m_caption)
                .arg(s / 60)
                .arg(s % 60, 2, 10, QLatin1Char('0'))
                .arg(m_normMinutes));
    if (s > norm)
        setStyleSheet(QStringLiteral("color:white; background:#c62828; padding:4px; font-weight:700;"));
    else if (s * 5 > norm * 4)
        setStyleSheet(QStringLiteral("color:black; background:#ffca28; padding:4px; font-weight:600;"));
    else
        setStyleSheet(QStringLiteral("padding:4px;"));
}

} // namespace okno::ui
