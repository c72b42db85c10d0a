#include "TestClients.h"

#include "TestTls.h"

#include <catch2/catch.hpp>

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QEventLoop>
#include <QJsonDocument>
#include <QThread>

using namespace Qt::StringLiterals;

bool waitUntil(const std::function<bool()> &done, int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    while (!done()) {
        if (deadline.hasExpired())
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
        QThread::msleep(1);
    }
    return true;
}

SyncClient::SyncClient()
{
    m_client.setReconnectDelays(100, 500);
    QObject::connect(&m_client, &okno::Client::ready, &m_client,
                     [this](const QJsonObject &) { m_ready = true; });
    QObject::connect(&m_client, &okno::Client::loginFailed, &m_client,
                     [this](const QString &m) { m_loginError = m; });
    QObject::connect(&m_client, &okno::Client::eventReceived, &m_client,
                     [this](const QString &type, qint64 seq, const QJsonObject &data, okno::Id) {
                         m_events.append({type, seq, data});
                     });
}

bool SyncClient::login(quint16 port, const QString &user, const QString &password, int deskNumber)
{
    m_ready = false;
    m_loginError.clear();
    okno::ClientCredentials c{user, password, 0, deskNumber};
    REQUIRE(m_client.setTls(testtls::clientTls()).ok());
    m_client.connectToServer(u"127.0.0.1"_s, port, c);
    waitUntil([this] { return m_ready || !m_loginError.isEmpty(); }, 20000);
    if (m_ready && testtls::enabled())
        REQUIRE(m_client.isEncrypted()); // a TLS run of the suite is one only if the link is
    return m_ready;
}

okno::Result<QJsonObject> SyncClient::call(const QString &op, const QJsonObject &body, bool mutating)
{
    std::optional<okno::Result<QJsonObject>> result;
    m_client.call(
        op, body, [&result](const okno::Result<QJsonObject> &r) { result = r; }, mutating, 20000);
    waitUntil([&] { return result.has_value(); }, 30000);
    if (!result)
        return okno::makeError(okno::ErrorCode::Unavailable, u"test: no answer"_s);
    return *result;
}

QJsonObject SyncClient::ok(const QString &op, const QJsonObject &body)
{
    auto r = call(op, body);
    INFO(op.toStdString() << " failed: " << (r ? std::string() : r.error().message.toStdString()));
    REQUIRE(r.ok());
    return *r;
}

bool SyncClient::waitForEvent(const QString &type, int timeoutMs)
{
    return waitUntil(
        [&] {
            return std::any_of(m_events.cbegin(), m_events.cend(),
                               [&](const ReceivedEvent &e) { return e.type == type; });
        },
        timeoutMs);
}

bool RawConnection::open(quint16 port)
{
    m_socket = testtls::openTestSocket(port);
    return m_socket != nullptr;
}

void RawConnection::sendBytes(const QByteArray &bytes)
{
    if (!m_socket)
        return;
    m_socket->write(bytes);
    m_socket->flush();
}

void RawConnection::sendJson(const QJsonObject &o)
{
    sendBytes(QJsonDocument(o).toJson(QJsonDocument::Compact) + '\n');
}

QJsonObject RawConnection::nextFrame(int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    // What arrived while another client spun the event loop is already in the socket's buffer,
    // even when the server has closed the connection since.
    if (!m_socket)
        return {};
    m_buffer += m_socket->readAll();
    while (!m_buffer.contains('\n')) {
        if (deadline.hasExpired() || m_socket->state() != QAbstractSocket::ConnectedState)
            break;
        m_socket->waitForReadyRead(50);
        m_buffer += m_socket->readAll();
    }
    const qsizetype nl = m_buffer.indexOf('\n');
    if (nl < 0)
        return {};
    const QByteArray line = m_buffer.left(nl);
    m_buffer.remove(0, nl + 1);
    return QJsonDocument::fromJson(line).object();
}

bool RawConnection::waitClosed(int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    if (!m_socket)
        return true;
    while (m_socket->state() != QAbstractSocket::UnconnectedState && !deadline.hasExpired()) {
        m_socket->waitForReadyRead(50);
        m_buffer += m_socket->readAll();
    }
    return m_socket->state() == QAbstractSocket::UnconnectedState;
}
