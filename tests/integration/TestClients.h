#pragma once

#include <client/Client.h>

#include <QJsonObject>
#include <QList>
#include <QTcpSocket>

#include <functional>
#include <memory>

// Spins the event loop until `done` holds or the timeout passes.
bool waitUntil(const std::function<bool()> &done, int timeoutMs = 10000);

// The real client library, driven synchronously for tests.
class SyncClient
{
public:
    struct ReceivedEvent
    {
        QString type;
        qint64 seq = 0;
        QJsonObject data;
    };

    SyncClient();
    bool login(quint16 port, const QString &user, const QString &password, int deskNumber = 0);
    okno::Result<QJsonObject> call(const QString &op, const QJsonObject &body = {}, bool mutating = true);
    QJsonObject ok(const QString &op, const QJsonObject &body = {}); // fails the test on error
    okno::Client &client() { return m_client; }
    QList<ReceivedEvent> &events() { return m_events; }
    bool waitForEvent(const QString &type, int timeoutMs = 10000);
    QString loginError() const { return m_loginError; }

private:
    okno::Client m_client;
    QList<ReceivedEvent> m_events;
    bool m_ready = false;
    QString m_loginError;
};

// A bare TCP connection speaking raw bytes, for malformed input (over TLS in a TLS run).
class RawConnection
{
public:
    bool open(quint16 port);
    void sendBytes(const QByteArray &bytes);
    void sendJson(const QJsonObject &o);
    // The next line the server sends, parsed; an empty object on timeout.
    QJsonObject nextFrame(int timeoutMs = 5000);
    bool isOpen() const { return m_socket && m_socket->state() == QAbstractSocket::ConnectedState; }
    bool waitClosed(int timeoutMs = 5000);
    QJsonObject request(const QJsonObject &o)
    {
        sendJson(o);
        return nextFrame();
    }

private:
    std::unique_ptr<QTcpSocket> m_socket;
    QByteArray m_buffer;
};
