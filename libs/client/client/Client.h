#pragma once

#include "Endpoint.h"
#include "Tls.h"

#include <core/Organisation.h>
#include <core/QueueEngine.h>
#include <core/Result.h>
#include <core/Visit.h>

#include <QAbstractSocket>
#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QSslError>
#include <QTimer>

#include <functional>
#include <memory>
#include <optional>

class QSslSocket;
class QTcpSocket;

namespace okno {

namespace protocol {
class FrameDecoder;
}

struct ClientCredentials
{
    QString login;
    QString password;
    Id deskId = 0;
    int deskNumber = 0; // alternative to deskId: the desk's number in the staff member's centre
};

// The one client of the queue server that every app uses. Asynchronous: calls return at once and
// answer through a callback on the client's thread; server events arrive as signals.
//
// It keeps the connection up by itself: after a drop it reconnects with backoff (0.5 s doubling
// to 10 s), logs in again, and resubscribes from the last event it applied, so a reconnecting
// app misses and duplicates nothing (or is told to reload its snapshot).
//
// It may be given several server nodes (connectToServer with a list of endpoints: the nodes of one
// company on one database, one of which serves at a time). A connection that cannot be made, or
// that drops, sends the next attempt to the next endpoint of the list (round robin), at once: every
// endpoint is tried once before the backoff waits, so a failover costs no backoff; the backoff
// starts again from 0.5 s once logged in. A connection attempt that has not reached the server
// within the connect timeout (5 s: a machine that is off answers nothing) counts as failed. Requests that
// change something carry an idempotency key and are re-sent after a reconnect: the server answers a repeat
// with the first answer and applies nothing twice. A node that stands by answers `moved`, naming
// the node that serves: the client goes there at once (one detour: a node reached by a detour
// that says `moved` again counts as failed, and the list goes on), and treats an `unavailable`
// from a standby (no node serves yet) as a failed attempt.
//
// Over TLS when setTls() says so (see ClientTls): a certificate that fails the check is refused
// before a byte of the login is sent, and then the client does not reconnect by itself either
// (certificateRefused: a changed certificate may be an attack, which retrying cannot mend).
//
// While logged in it sends a `ping` every heartbeat interval (30 s), so that the server's idle
// timeout never cuts a living terminal off, and it drops and reopens a connection that has heard
// nothing from the server for three intervals (a link that died without a word).
//
// Unless the server ends the session itself (`session.revoked`: the account was deactivated or its
// role, centre, login or password changed). Then the client forgets the password and the session
// (it keeps the login and desk only to offer them again, loginDetails), fails every waiting
// request, does not reconnect and says why (sessionRevoked); it stays out until the app calls
// connectToServer again with credentials the person enters.
class Client final : public QObject
{
    Q_OBJECT

public:
    enum class State
    {
        Disconnected,
        Connecting,
        Authenticating,
        Ready
    };
    Q_ENUM(State)

    using Reply = std::function<void(const Result<QJsonObject> &)>;

    explicit Client(QObject *parent = nullptr);
    ~Client() override;

    // Applies from the next connection. Fails, changing nothing, when the CA file holds no
    // certificate or the pin is not a SHA-256 fingerprint.
    Status setTls(const ClientTls &tls);
    const ClientTls &tls() const { return m_tls; }
    void setHeartbeatInterval(int ms); // 0: none

    // One server: connectToServer({{host, port}}, credentials).
    void connectToServer(const QString &host, quint16 port, const ClientCredentials &credentials);
    // Several server nodes, tried in this order from the first (or from the one in use, when the
    // list has it). An empty list connects nowhere (lastError says so).
    void connectToServer(const QList<Endpoint> &endpoints, const ClientCredentials &credentials);
    void disconnectFromServer();

    State state() const { return m_state; }
    bool isReady() const { return m_state == State::Ready; }
    const QJsonObject &session() const { return m_session; } // auth.login's session object
    qint64 lastSeq() const { return m_lastSeq; }
    QString lastError() const { return m_lastError; }
    // The endpoint in use: connected to, or being (or last) tried.
    QString host() const { return m_host; }
    quint16 port() const { return m_port; }
    Endpoint endpoint() const { return {m_host, m_port}; }
    const QList<Endpoint> &endpoints() const { return m_endpoints; }
    // The login and desk of the last connectToServer, without the password: for a login form.
    ClientCredentials loginDetails() const
    {
        ClientCredentials c = m_credentials;
        c.password.clear();
        return c;
    }
    // Whether the current connection is encrypted, and with what: "TLS 1.3" (empty when not).
    bool isEncrypted() const;
    QString tlsProtocolName() const;
    // The SHA-256 fingerprint of the certificate the server showed last (tlsFingerprint form).
    QString serverFingerprint() const { return m_serverFingerprint; }
    // The server's certificate was refused (certificateRefused) and no connectToServer was made since.
    bool isCertificateRefused() const { return m_certificateRefused; }

    // The server ended the session (sessionRevoked) and no connectToServer was made since.
    bool isSessionRevoked() const { return !m_revokedReason.isEmpty(); }
    QString revokedReason() const { return m_revokedReason; } // "deactivated", "password_changed", …

    // Receive events (from the moment of the call, or from `since` after a reconnect).
    void setSubscribed(bool subscribed);

    // Any operation. Read-only calls made while disconnected fail at once with `unavailable`;
    // changing calls (mutating = true) wait for the connection, for at most `timeoutMs`.
    void call(const QString &op, const QJsonObject &body, Reply reply, bool mutating = false,
              int timeoutMs = 30000);

    // --- typed calls for the frequent operations
    void issue(Id centreId, const QString &queueCode, const QJsonObject &visitor,
               std::function<void(const Result<Visit> &, QueuePosition)> done);
    void visitAction(const QString &op, Id visitId, std::function<void(const Result<Visit> &)> done,
                     const QJsonObject &extra = {});
    void callNext(std::function<void(const Result<Visit> &)> done);
    void deskAction(const QString &op, std::function<void(const Result<Desk> &)> done);

    void setReconnectDelays(int firstMs, int maxMs);
    // How long a connection (TCP and the TLS handshake) may take before the next endpoint is tried.
    void setConnectTimeout(int ms) { m_connectTimeoutMs = ms; }

Q_SIGNALS:
    void stateChanged(okno::Client::State state);
    void ready(const QJsonObject &session); // logged in (again)
    // The server accepted a change this client asked for (a mutating request answered ok).
    void changeAccepted(const QString &op);
    // Refused (wrong password, an account that may not work here…): no retry until connectToServer.
    // The message is the server's (English, for logs); the code is what a screen words.
    void loginFailed(const QString &message, okno::ErrorCode code);
    void eventReceived(const QString &type, qint64 seq, const QJsonObject &data, Id centreId);
    // The same event with the server's time of the change (`at`, UTC): for a display that must
    // not announce as new what happened a while ago (the hall board).
    void eventTimed(const QString &type, qint64 seq, const QDateTime &at, const QJsonObject &data);
    void visitChanged(const okno::Visit &visit, const QString &eventType);
    void deskChanged(const okno::Desk &desk);
    // The server could not replay what was missed: reload the state (e.g. call `status`).
    void snapshotRequired();
    // The server ended this session because the account changed (`session.revoked`): `reason` is
    // "deactivated", "role_changed", "centre_changed", "login_changed", "password_changed" (or a
    // newer one), `message` the server's English text. The client is disconnected, has forgotten
    // the password and will not log in again by itself: the app asks the person to log in.
    void sessionRevoked(const QString &reason, const QString &message);
    // The server's certificate did not pass (an unknown issuer, another name, not the pinned one):
    // nothing was sent, the client is disconnected and does not try again until connectToServer.
    // `message` says why in English (for logs); `fingerprint` is the certificate's.
    void certificateRefused(const QString &message, const QString &fingerprint);

private:
    struct Pending
    {
        QString op;
        QJsonObject body;
        Reply reply;
        bool mutating = false;
        bool sent = false;
        qint64 deadline = 0; // ms since epoch
    };

    void setState(State s);
    void openSocket();
    void handleConnected();
    void handleSslErrors(QSslSocket *socket, const QList<QSslError> &errors);
    void handleEncrypted(QSslSocket *socket);
    void refuseCertificate(const QString &message);
    QList<Reply> takeWaitingReplies();
    void heartbeat();
    void handleDisconnected();
    void handleReadyRead();
    void handleFrame(const QJsonObject &frame);
    void handleEvent(const QJsonObject &frame);
    void handleRevoked(const QJsonObject &data);
    void sendRaw(qint64 id, const QString &op, const QJsonObject &body);
    void sendPending();
    void scheduleReconnect();
    void connectTimedOut();
    void expirePending();
    void followMoved(const QJsonObject &error);
    void subscribe();

    QTcpSocket *m_socket = nullptr;
    std::unique_ptr<protocol::FrameDecoder> m_decoder;
    QTimer m_reconnectTimer;
    QTimer m_expiryTimer;
    QTimer m_heartbeatTimer;
    QTimer m_connectTimer; // from connectToHost until connected (and encrypted)
    int m_connectTimeoutMs = 5000;
    int m_heartbeatMs = 30000;
    qint64 m_lastHeardMs = 0; // when the server last sent anything
    ClientTls m_tls;
    QList<QSslCertificate> m_caCertificates; // read from m_tls.caFile by setTls
    QString m_serverFingerprint;
    bool m_certificateRefused = false;
    QList<Endpoint> m_endpoints;
    qsizetype m_endpointIndex = 0;    // the one in use
    qsizetype m_failedInRound = 0;    // attempts that failed since logged in or since the last backoff
    bool m_restart = false;           // connectToServer dropped a connection: the next attempt at once, here
    std::optional<Endpoint> m_detour; // where a `moved` answer sends the next attempt
    bool m_detourTls = false;         // the `moved` came over TLS: so does the detour
    bool m_onDetour = false;          // this connection went where a `moved` said
    int m_movedInRow = 0;             // `moved` followed mid-session with no other answer between
    bool m_leaving = false;           // this connection is being left for where a `moved` said
    int m_restartDelayMs = 0;         // before going there: a pause when `moved` follows `moved`
    QString m_host;                   // m_endpoints[m_endpointIndex], or the detour
    quint16 m_port = 0;
    Endpoint m_lastServed; // the endpoint of the last login
    ClientCredentials m_credentials;
    State m_state = State::Disconnected;
    bool m_wanted = false; // connectToServer called and not disconnected since
    bool m_subscribed = false;
    bool m_everSubscribed = false;
    int m_backoffMs = 500;
    int m_firstBackoffMs = 500;
    int m_maxBackoffMs = 10000;
    qint64 m_nextId = 1;
    qint64 m_lastSeq = 0;
    QJsonObject m_session;
    QString m_lastError;
    QString m_revokedReason;          // set by session.revoked, cleared by connectToServer
    QHash<qint64, Pending> m_pending; // by request id
    QList<qint64> m_order;            // ids in the order they were made
    QHash<qint64, std::function<void(const QJsonObject &)>> m_internal; // hello / login / subscribe
};

} // namespace okno
