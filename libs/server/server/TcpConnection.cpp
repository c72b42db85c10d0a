#include "TcpConnection.h"

#include "QueueService.h"

#include <logging/Logging.h>
#include <protocol/Message.h>

#include <QSslSocket>
#include <QTimer>

namespace okno {

using namespace Qt::StringLiterals;
using namespace protocol;

TcpConnection::TcpConnection(QTcpSocket *socket, QueueService *service, int loginDeadlineSecs,
                             int idleTimeoutSecs, qint64 maxReplyBytes, QObject *parent)
    : Peer(parent)
    , m_socket(socket)
    , m_service(service)
    , m_maxReplyBytes(maxReplyBytes)
{
    // A connection that never says hello or never logs in would hold a place for nothing.
    QTimer::singleShot(std::chrono::seconds(loginDeadlineSecs), this, [this, loginDeadlineSecs] {
        if (session().authenticated || m_closing)
            return;
        logging::info(u"%1 did not log in within %2 s; closing"_s.arg(m_peerName).arg(loginDeadlineSecs));
        send(protocol::makeErrorResponse(
            QJsonValue(),
            makeError(ErrorCode::AuthRequired,
                      u"no login within %1 seconds; connect and log in again"_s.arg(loginDeadlineSecs))));
        closeAfterSending();
    });
    // A connection that has gone quiet (a terminal switched off behind a NAT that never sends a
    // reset) would hold its place and its session for ever; a living client pings.
    m_idle.setSingleShot(true);
    m_idle.setInterval(std::chrono::seconds(idleTimeoutSecs));
    connect(&m_idle, &QTimer::timeout, this, [this, idleTimeoutSecs] {
        if (m_closing)
            return;
        logging::info(u"%1 sent nothing for %2 s; closing"_s.arg(m_peerName).arg(idleTimeoutSecs));
        send(protocol::makeErrorResponse(
            QJsonValue(), makeError(ErrorCode::Unavailable,
                                    u"nothing received for %1 seconds: the connection is closed as idle (a "
                                    u"client sends ping at least every 30 seconds)"_s.arg(idleTimeoutSecs))));
        closeAfterSending();
    });
    m_idle.start();
    m_socket->setParent(this);
    m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    m_socket->setSocketOption(QAbstractSocket::KeepAliveOption, 1);
    m_address = m_socket->peerAddress().toString();
    m_peerName = m_address % u':' % QString::number(m_socket->peerPort());
    if (auto *ssl = qobject_cast<QSslSocket *>(m_socket); ssl && ssl->isEncrypted())
        m_peerName += u" (TLS)"_s;
    connect(m_socket, &QTcpSocket::readyRead, this, &TcpConnection::handleReadyRead);
    connect(m_socket, &QTcpSocket::disconnected, this, [this] {
        m_service->detach(this);
        Q_EMIT closed();
        deleteLater();
    });
    m_service->attach(this);
}

TcpConnection::~TcpConnection()
{
    m_service->detach(this);
}

QString TcpConnection::describe() const
{
    return m_peerName;
}

bool TcpConnection::mayWrite()
{
    if (m_socket->state() != QAbstractSocket::ConnectedState)
        return false;
    if (m_socket->bytesToWrite() > kMaxPendingOutputBytes) {
        logging::warn(u"%1 does not read what it is sent; disconnecting"_s.arg(m_peerName));
        m_socket->abort();
        return false;
    }
    return true;
}

void TcpConnection::sendEncoded(const QByteArray &line)
{
    if (!mayWrite())
        return;
    if (line.size() - 1 > m_maxReplyBytes) {
        // Only events come encoded, and an event that large cannot be made from fields within
        // their limits: logged, as send() would.
        logging::warn(u"%1: an event of %2 bytes is over the limit of %3"_s.arg(m_peerName)
                          .arg(line.size() - 1)
                          .arg(m_maxReplyBytes));
        return;
    }
    m_socket->write(line);
}

void TcpConnection::send(const QJsonObject &frame)
{
    if (!mayWrite())
        return;
    QByteArray bytes = encodeFrame(frame);
    if (bytes.size() - 1 > m_maxReplyBytes) {
        // Never silently dropped, never cut: the client is told what was too large.
        const QJsonValue id = frame.value(u"id"_s);
        logging::warn(u"%1: a %2 of %3 bytes is over the limit of %4"_s
                          .arg(m_peerName, id.isUndefined() ? u"event"_s : u"reply"_s)
                          .arg(bytes.size() - 1)
                          .arg(m_maxReplyBytes));
        if (id.isUndefined())
            return; // an event that large cannot be made from fields within their limits
        bytes = encodeFrame(protocol::makeErrorResponse(
            id, makeError(ErrorCode::InvalidArgument,
                          u"the answer would be %1 bytes, over the %2 bytes a reply may carry: ask for less "
                          u"(a shorter period, one centre)"_s.arg(bytes.size() - 1)
                              .arg(m_maxReplyBytes))));
    }
    m_socket->write(bytes);
}

void TcpConnection::sendNow()
{
    if (m_socket->state() == QAbstractSocket::ConnectedState)
        m_socket->flush(); // writes what the kernel takes now; the rest waits for the event loop
}

void TcpConnection::closeAfterSending()
{
    m_closing = true;
    m_socket->disconnectFromHost();
}

void TcpConnection::handleReadyRead()
{
    if (m_closing) {
        m_socket->readAll();
        return;
    }
    m_idle.start();
    m_decoder.feed(m_socket->readAll());
    for (;;) {
        auto frame = m_decoder.next();
        if (!frame.has_value())
            break;
        if (!*frame) {
            send(protocol::makeErrorResponse(QJsonValue(), frame->error()));
            continue;
        }
        m_service->handleFrame(this, frame->value());
        if (m_closing)
            break;
    }
}

} // namespace okno
