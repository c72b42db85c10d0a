#pragma once

#include "Peer.h"

#include <protocol/FrameDecoder.h>

#include <QTcpSocket>
#include <QTimer>

namespace okno {

class QueueService;

// The network adapter for one client: bytes in → frames → the service; frames out → bytes.
class TcpConnection final : public Peer
{
    Q_OBJECT

public:
    // Not logged in within `loginDeadlineSecs` (hello and login), or silent for `idleTimeoutSecs`
    // (a client pings while it has nothing to say): told so and closed. A reply larger than
    // `maxReplyBytes` is replaced by an error saying so.
    TcpConnection(QTcpSocket *socket, QueueService *service, int loginDeadlineSecs, int idleTimeoutSecs,
                  qint64 maxReplyBytes, QObject *parent = nullptr);
    ~TcpConnection() override;

    void send(const QJsonObject &frame) override;
    void sendEncoded(const QByteArray &line) override;
    void sendNow() override;
    void closeAfterSending() override;
    QString describe() const override;
    QString address() const override { return m_address; }

    // A client that does not read its events is cut off rather than buffered without end.
    static constexpr qint64 kMaxPendingOutputBytes = 16 * 1024 * 1024;

Q_SIGNALS:
    void closed();

private:
    void handleReadyRead();
    bool mayWrite(); // connected, and reading what it is sent

    QTcpSocket *m_socket;
    QueueService *m_service;
    protocol::FrameDecoder m_decoder;
    QString m_peerName;
    QString m_address;
    QTimer m_idle;
    qint64 m_maxReplyBytes;
    bool m_closing = false;
};

} // namespace okno
