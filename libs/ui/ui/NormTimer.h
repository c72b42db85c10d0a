#pragma once

#include <QDateTime>
#include <QLabel>
#include <QTimer>

namespace okno::ui {

// Minutes and seconds since a moment, against a norm: neutral, amber in the last fifth of the
// norm, red past it. Time is the server's: the offset between the server's clock and this
// machine's is given, so a terminal with a wrong clock still shows the right wait.
class NormTimer final : public QLabel
{
    Q_OBJECT

public:
    explicit NormTimer(QString caption, QWidget *parent = nullptr);

    void start(const QDateTime &since, int normMinutes);
    void stop();
    void setServerOffsetMs(qint64 offset) { m_offsetMs = offset; }
    qint64 elapsedSecs() const;
    bool isOverNorm() const { return m_since.isValid() && elapsedSecs() > qint64(m_normMinutes) * 60; }

private:
    void refresh();

    QString m_caption;
    QDateTime m_since;
    int m_normMinutes = 0;
    qint64 m_offsetMs = 0;
    QTimer m_tick;
};

} // namespace okno::ui
