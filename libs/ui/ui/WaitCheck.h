#pragma once

#include <client/Client.h>

#include <QCoreApplication>
#include <QJsonObject>
#include <QString>

#include <functional>

class QWidget;

namespace okno::ui {

// Before a visitor is given a ticket or sent on to another queue: the server says where the ticket
// would stand (queue.forecast); when the call would come only after closing, the person at the
// desk is asked first — with «Нет» as the default — and tells the visitor. `go` runs when the wait
// ends before closing, or on «Да». When there is no forecast (the server is away, or refuses),
// `go` runs all the same: the operation itself then says what is wrong. `declined` runs on «Нет».
class WaitCheck
{
    Q_DECLARE_TR_FUNCTIONS(okno::ui::WaitCheck)

public:
    static void thenRun(QWidget *parent, Client *client, const QJsonObject &centre, qint64 serverOffsetMs,
                        const QString &queueCode, bool priority, std::function<void()> go,
                        std::function<void()> declined = {});
};

} // namespace okno::ui
