#include "Server.h"

#include "TcpConnection.h"

#include <logging/Logging.h>

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
        if (m_connections >= m_options.maxConnections) {
            logging::warn(u"connection limit reached; refusing %1"_s.arg(socket->peerAddress().toString()));
            socket->abort();
            socket->deleteLater();
            continue;
        }
        ++m_connections;
        auto *c = new TcpConnection(socket, &m_service, this);
        connect(c, &TcpConnection::closed, this, [this] { --m_connections; });
    }
}

} // namespace okno
