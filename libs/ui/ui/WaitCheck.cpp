#include "WaitCheck.h"

#include "Guarded.h"

#include <protocol/Codec.h>
#include <protocol/Ops.h>

#include <QDateTime>
#include <QMessageBox>
#include <QWidget>

namespace okno::ui {

void WaitCheck::thenRun(QWidget *parent, Client *client, const QJsonObject &centre, qint64 serverOffsetMs,
                        const QString &queueCode, bool priority, std::function<void()> go,
                        std::function<void()> declined)
{
    const auto c = protocol::centreFromJson(centre);
    if (!c || !client->isReady())
        return go();
    const Schedule schedule = c->schedule;
    client->call(
        protocol::ops::QueueForecast,
        {{QStringLiteral("queueCode"), queueCode}, {QStringLiteral("priority"), priority}},
        guarded(parent, [parent, schedule, serverOffsetMs, go, declined](const Result<QJsonObject> &r) {
            std::optional<QueuePosition> pos;
            if (r)
                if (auto p = protocol::queuePositionFromJson(r->value(QStringLiteral("position")).toObject()))
                    pos = *p;
            const QDateTime now = QDateTime::currentDateTimeUtc().addMSecs(serverOffsetMs);
            if (!pos || !schedule.expectedAfterClosing(now, pos->expectedWaitMinutes))
                return go();
            const QTime closes = schedule.hoursOn(schedule.localDate(now)).closes;
            const QString question =
                tr("Перед посетителем в очереди: %1, ожидание ≈ %2 мин — вызов будет после закрытия "
                   "(ЦОК работает до %3).")
                    .arg(pos->ahead)
                    .arg(pos->expectedWaitMinutes)
                    .arg(closes.toString(QStringLiteral("HH:mm"))) +
                QLatin1Char('\n') +
                (schedule.serveAfterClosingMinutes() > 0
                     ? tr("ЦОК дообслужит посетителя после закрытия; предупредите его.")
                     : tr("Посетителя могут не успеть обслужить; предупредите его.")) +
                QLatin1Char('\n') + tr("Продолжить?");
            // «Нет» is the default: Enter pressed by habit does not send a visitor into the evening.
            QMessageBox box(QMessageBox::Question, tr("Ожидание после закрытия"), question,
                            QMessageBox::Yes | QMessageBox::No, parent);
            box.setObjectName(QStringLiteral("afterClosingQuestion"));
            box.setDefaultButton(QMessageBox::No);
            if (box.exec() == QMessageBox::Yes)
                go();
            else if (declined)
                declined();
        }));
}

} // namespace okno::ui
