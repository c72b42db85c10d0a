#pragma once

#include "QueueService.h"
#include "ServerOptions.h"

#include <QHash>
#include <QTcpServer>

namespace okno {

// The queue server: the service plus its TCP listener.
class Server final : public QObject
{
    Q_OBJECT

public:
    explicit Server(ServerOptions options, QObject *parent = nullptr);
    // The connections go first: each one tells the service it is gone, so the service must
    // still be there (members are destroyed before the QObject children would be).
    ~Server() override;

    Status start();       // opens storage, loads state, listens
    quint16 port() const; // the port actually bound (useful with port 0)
    QueueService *service() { return &m_service; }

Q_SIGNALS:
    void fatalError(const QString &message);

private:
    void handleNewConnection();

    ServerOptions m_options;
    QueueService m_service;
    QTcpServer m_listener;
    int m_connections = 0;
    QHash<QString, int> m_perAddress; // open connections by the peer's address
};

} // namespace okno
