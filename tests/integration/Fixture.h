#pragma once

#include "ServerProcess.h"
#include "TestClients.h"

#include <catch2/catch.hpp>

#include <QDateTime>
#include <QJsonArray>
#include <QTimeZone>

#include <memory>

using namespace Qt::StringLiterals;

// A demo server (centre 1: queues reception А / consult К / cash О; desks 1 reception, 2 and 3
// consult, 4 cash; staff admin1, consult1, consult2, cashier1, manager, board1, kiosk1 with the
// password okno-demo) and an administrator session that moves the frozen clock.
struct DemoServer
{
    ServerProcess server{{u"--demo"_s}};
    std::unique_ptr<SyncClient> admin = std::make_unique<SyncClient>();

    DemoServer()
    {
        INFO(server.log().toStdString());
        REQUIRE(server.start());
        REQUIRE(admin->login(server.port(), u"admin"_s, QString::fromLatin1(ServerProcess::kAdminPassword)));
    }

    // Moscow local time on a given day.
    static QDateTime moscow(const QDate &d, int h, int m, int s = 0)
    {
        return QDateTime(d, QTime(h, m, s), QTimeZone(QByteArrayLiteral("Europe/Moscow")));
    }
    void setTime(const QDateTime &t)
    {
        admin->ok(u"clock.set"_s, {{u"at"_s, t.toUTC().toString(Qt::ISODateWithMs)}});
        server.setClock(t);
    }
    // Monday 23 November 2026.
    void at(int h, int m, int s = 0) { setTime(moscow(QDate(2026, 11, 23), h, m, s)); }

    std::unique_ptr<SyncClient> staff(const QString &login, int desk = 0)
    {
        auto c = std::make_unique<SyncClient>();
        INFO("login " << login.toStdString() << ": " << c->loginError().toStdString());
        REQUIRE(c->login(server.port(), login, u"okno-demo"_s, desk));
        return c;
    }
};

inline qint64 visitIdOf(const QJsonObject &result)
{
    return qint64(result.value(u"visit"_s).toObject().value(u"id"_s).toDouble());
}

inline QJsonObject lastStage(const QJsonObject &result)
{
    const QJsonArray stages = result.value(u"visit"_s).toObject().value(u"stages"_s).toArray();
    return stages.isEmpty() ? QJsonObject() : stages.last().toObject();
}

inline QString errorCode(const okno::Result<QJsonObject> &r)
{
    return r ? QString() : okno::errorCodeName(r.error().code);
}
