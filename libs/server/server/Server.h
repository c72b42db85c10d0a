#pragma once

#include "CentreOwnership.h"
#include "NodeLease.h"
#include "QueueService.h"
#include "ServerOptions.h"

#include <QHash>
#include <QTcpServer>

class QSslSocket;

#include <memory>

namespace okno {

// The queue server: the service plus its listener — TLS (QSslServer) when it has a certificate,
// plain TCP otherwise, which it accepts on a loopback address only unless allowPlaintext.
class Server final : public QObject
{
    Q_OBJECT

public:
    explicit Server(ServerOptions options, QObject *parent = nullptr);
    // The connections go first: each one tells the service it is gone, so the service must
    // still be there (members are destroyed before the QObject children would be).
    ~Server() override;

    // Opens storage, loads state, listens — on PostgreSQL once this node holds the serving
    // node's lease: until then it is a standby that does not listen (docs/scale-out.md).
    Status start();
    quint16 port() const; // the port actually bound (useful with port 0)
    bool usesTls() const { return !m_fingerprint.isEmpty(); }
    QString certificateFingerprint() const { return m_fingerprint; } // SHA-256, "AB:CD:…"
    QueueService *service() { return &m_service; }

Q_SIGNALS:
    void fatalError(const QString &message);
    void listening(quint16 port); // serving from now on

private:
    Status listen(); // once
    Status startServing();
    Status startSharing(); // the nodes share the centres: serves those it owns, from the start

private:
    void handleNewConnection();
    QString refusalFor(const QString &address) const;
    bool admitHandshake(const QString &address);
    void countHandshake(QSslSocket *socket);

    ServerOptions m_options;
    QueueService m_service;
    Status makeListener();

    std::unique_ptr<QTcpServer> m_listener;
    std::unique_ptr<NodeLease> m_lease;
    std::unique_ptr<CentreOwnership> m_ownership; // sharing the centres (ServerOptions::shareCentres)
    bool m_serving = false;                       // startServing() done: no longer a standby
    QString m_fingerprint;
    int m_connections = 0;
    QHash<QString, int> m_perAddress; // open connections by the peer's address
    int m_handshakes = 0;             // TLS handshakes in flight
    QHash<QString, int> m_handshakesPerAddress;
};

} // namespace okno
