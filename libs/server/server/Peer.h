#pragma once

#include <core/Organisation.h>
#include <protocol/FrameDecoder.h>

#include <QJsonDocument>
#include <QJsonObject>
#include <QObject>

namespace okno {

// What the server knows of one connected client.
struct Session
{
    bool greeted = false; // hello done
    bool authenticated = false;
    bool loginInFlight = false; // a password is being checked
    int failedLogins = 0;
    Staff staff;
    quint32 credentialEpoch = 0; // the account's epoch at login: a revoking change moves it on
    Id deskId = 0;
    bool subscribed = false;
    qint64 lastSeqSent = 0; // events with a seq at or below this are not sent again
};

// One client as the service sees it: something to send frames to. The TCP connection is one;
// tests may provide another. Deleting a peer is safe at any time: pending replies to it are
// dropped (the service holds it by QPointer).
class Peer : public QObject
{
    Q_OBJECT

public:
    using QObject::QObject;

    Session &session() { return m_session; }
    const Session &session() const { return m_session; }

    virtual void send(const QJsonObject &frame) = 0;
    // A frame already encoded as one line (protocol::encodeFrame): an event encoded once for every
    // subscriber that may see it alike. By default decoded and sent as `send` would.
    virtual void sendEncoded(const QByteArray &line) { send(protocol::parseJson(line).object()); }
    // Hands what is queued to the system now rather than on the event loop's next pass: a caller's
    // acknowledgement leaves before the events its change fans out to every subscriber.
    virtual void sendNow() {}
    // Sends what is queued and then closes (after a protocol violation).
    virtual void closeAfterSending() = 0;
    virtual QString describe() const = 0; // "127.0.0.1:53422" for logs
    // Where it comes from, without the port ("127.0.0.1"): failed logins are counted per address.
    virtual QString address() const = 0;

private:
    Session m_session;
};

} // namespace okno
