#include "Server.h"

#include "TcpConnection.h"

#include <logging/Logging.h>
#include <protocol/FrameDecoder.h>
#include <protocol/Message.h>

namespace okno {

using namespace Qt::StringLiterals;

Server::Server(ServerOptions options, QObject *parent)
    : QObject(parent)
    , m_options(options)
    , m_service(std::move(options))
{
    connect(&m_listener, &QTcpServer::newConnection, this, &Server::handleNewConnection);
    connect(&m_service, &QueueService::fatalStorageError, this, &Server::fatalError);
}

Server::~Server()
{
    m_listener.close();
    const auto connections = findChildren<TcpConnection *>(Qt::FindDirectChildrenOnly);
    qDeleteAll(connections);
}

Status Server::start()
{
    if (auto s = m_service.start(); !s)
        return s;
    m_listener.setMaxPendingConnections(128);
    if (!m_listener.listen(m_options.listenAddress, m_options.port))
        return makeError(ErrorCode::Unavailable,
                         u"cannot listen on %1:%2: %3"_s.arg(m_options.listenAddress.toString())
                             .arg(m_options.port)
                             .arg(m_listener.errorString()));
    logging::info(
        u"listening on %1:%2"_s.arg(m_listener.serverAddress().toString()).arg(m_listener.serverPort()));
    return {};
}

quint16 Server::port() const
{
    return m_listener.serverPort();
}

void Server::handleNewConnection()
{
    while (QTcpSocket *socket = m_listener.nextPendingConnection()) {
        const QString address = socket->peerAddress().toString();
        QString refusal;
        if (m_connections >= m_options.maxConnections)
            refusal = u"the server has reached its limit of %1 connections; try again later"_s.arg(
                m_options.maxConnections);
        else if (m_perAddress.value(address) >= m_options.maxConnectionsPerAddress)
            refusal = u"too many connections from %1 (at most %2); try again later"_s.arg(address).arg(
                m_options.maxConnectionsPerAddress);
        if (!refusal.isEmpty()) {
            // Said, then closed: a terminal shows why instead of a bare reset.
            logging::warn(u"refusing a connection from %1: %2"_s.arg(address, refusal));
            socket->write(protocol::encodeFrame(
                protocol::makeErrorResponse(QJsonValue(), makeError(ErrorCode::Unavailable, refusal))));
            socket->disconnectFromHost();
            connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            if (socket->state() == QAbstractSocket::UnconnectedState)
                socket->deleteLater();
            continue;
        }
        ++m_connections;
        ++m_perAddress[address];
        auto *c = new TcpConnection(socket, &m_service, m_options.loginDeadlineSecs, this);
        connect(c, &TcpConnection::closed, this, [this, address] {
            --m_connections;
            if (--m_perAddress[address] <= 0)
                m_perAddress.remove(address);
        });
    }
}

} // namespace okno
