#include "TcpConnection.h"

#include "QueueService.h"

#include <logging/Logging.h>
#include <protocol/Message.h>

#include <QTimer>

namespace okno {

using namespace Qt::StringLiterals;
using namespace protocol;

TcpConnection::TcpConnection(QTcpSocket *socket, QueueService *service, int loginDeadlineSecs,
                             QObject *parent)
    : Peer(parent)
    , m_socket(socket)
    , m_service(service)
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
    m_socket->setParent(this);
    m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    m_socket->setSocketOption(QAbstractSocket::KeepAliveOption, 1);
    m_peerName = m_socket->peerAddress().toString() % u':' % QString::number(m_socket->peerPort());
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

void TcpConnection::send(const QJsonObject &frame)
{
    if (m_socket->state() != QAbstractSocket::ConnectedState)
        return;
    if (m_socket->bytesToWrite() > kMaxPendingOutputBytes) {
        logging::warn(u"%1 does not read what it is sent; disconnecting"_s.arg(m_peerName));
        m_socket->abort();
        return;
    }
    m_socket->write(encodeFrame(frame));
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
