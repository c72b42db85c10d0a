#pragma once

#include "Peer.h"

#include <protocol/FrameDecoder.h>

#include <QTcpSocket>

namespace okno {

class QueueService;

// The network adapter for one client: bytes in → frames → the service; frames out → bytes.
class TcpConnection final : public Peer
{
    Q_OBJECT

public:
    // Not logged in within `loginDeadlineSecs` (hello and login): told so and closed.
    TcpConnection(QTcpSocket *socket, QueueService *service, int loginDeadlineSecs,
                  QObject *parent = nullptr);
    ~TcpConnection() override;

    void send(const QJsonObject &frame) override;
    void closeAfterSending() override;
    QString describe() const override;

    // A client that does not read its events is cut off rather than buffered without end.
    static constexpr qint64 kMaxPendingOutputBytes = 16 * 1024 * 1024;

Q_SIGNALS:
    void closed();

private:
    void handleReadyRead();

    QTcpSocket *m_socket;
    QueueService *m_service;
    protocol::FrameDecoder m_decoder;
    QString m_peerName;
    bool m_closing = false;
};

} // namespace okno
