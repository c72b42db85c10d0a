#include "Client.h"

#include <protocol/Codec.h>
#include <protocol/FrameDecoder.h>
#include <protocol/Message.h>
#include <protocol/Ops.h>

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonArray>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QTcpSocket>
#include <QUuid>

#include <algorithm>

#include <utility>

namespace okno {

using namespace Qt::StringLiterals;
using namespace protocol;

namespace {

Error errorFrom(const QJsonObject &frame)
{
    const QJsonObject e = frame.value(u"error"_s).toObject();
    const auto code = errorCodeFromName(e.value(u"code"_s).toString()).value_or(ErrorCode::Internal);
    return makeError(code, e.value(u"message"_s).toString());
}

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

} // namespace

Client::Client(QObject *parent)
    : QObject(parent)
    , m_decoder(std::make_unique<FrameDecoder>(protocol::kMaxServerFrameBytes))
{
    m_reconnectTimer.setSingleShot(true);
    connect(&m_reconnectTimer, &QTimer::timeout, this, &Client::openSocket);
    m_expiryTimer.setInterval(500);
    connect(&m_expiryTimer, &QTimer::timeout, this, &Client::expirePending);
    m_heartbeatTimer.setInterval(m_heartbeatMs);
    connect(&m_heartbeatTimer, &QTimer::timeout, this, &Client::heartbeat);
    m_connectTimer.setSingleShot(true);
    connect(&m_connectTimer, &QTimer::timeout, this, &Client::connectTimedOut);
}

Client::~Client()
{
    // Nobody is waiting for answers any more: no callback may run into objects being destroyed.
    m_wanted = false;
    m_pending.clear();
    m_order.clear();
    m_internal.clear();
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
    }
}

void Client::setReconnectDelays(int firstMs, int maxMs)
{
    m_firstBackoffMs = m_backoffMs = firstMs;
    m_maxBackoffMs = maxMs;
}

Status Client::setTls(const ClientTls &tls)
{
    QList<QSslCertificate> cas;
    if (tls.mode == ClientTls::Mode::On && !QSslSocket::supportsSsl())
        return makeError(ErrorCode::Unavailable,
                         u"TLS is not available: no TLS library (OpenSSL 3) was found"_s);
    if (!tls.caFile.isEmpty()) {
        QString error;
        cas = readCertificates(tls.caFile, &error);
        if (cas.isEmpty())
            return makeError(ErrorCode::InvalidArgument, u"the CA file: "_s % error);
    }
    ClientTls t = tls;
    if (!t.pin.isEmpty()) {
        t.pin = normalisedFingerprint(tls.pin);
        if (t.pin.isEmpty())
            return makeError(
                ErrorCode::InvalidArgument,
                u"\"%1\" is not a SHA-256 fingerprint (64 hex digits, colons allowed)"_s.arg(tls.pin));
    }
    m_tls = t;
    m_caCertificates = cas;
    return {};
}

void Client::setHeartbeatInterval(int ms)
{
    m_heartbeatMs = ms;
    if (ms > 0)
        m_heartbeatTimer.setInterval(ms);
    else
        m_heartbeatTimer.stop();
}

bool Client::isEncrypted() const
{
    const auto *ssl = qobject_cast<const QSslSocket *>(m_socket);
    return ssl && ssl->isEncrypted();
}

QString Client::tlsProtocolName() const
{
    const auto *ssl = qobject_cast<const QSslSocket *>(m_socket);
    if (!ssl || !ssl->isEncrypted())
        return {};
    switch (ssl->sessionProtocol()) {
    case QSsl::TlsV1_3:
        return u"TLS 1.3"_s;
    case QSsl::TlsV1_2:
        return u"TLS 1.2"_s;
    default:
        return u"TLS"_s;
    }
}

void Client::connectToServer(const QString &host, quint16 port, const ClientCredentials &credentials)
{
    connectToServer(QList<Endpoint>{Endpoint{host, port}}, credentials);
}

void Client::connectToServer(const QList<Endpoint> &endpoints, const ClientCredentials &credentials)
{
    m_credentials = credentials;
    m_detour.reset();
    m_onDetour = false;
    m_revokedReason.clear();
    m_certificateRefused = false;
    m_backoffMs = m_firstBackoffMs;
    m_failedInRound = 0;
    m_restart = false;
    m_endpoints = endpoints;
    if (m_endpoints.isEmpty()) {
        m_wanted = false;
        m_reconnectTimer.stop();
        m_connectTimer.stop();
        m_lastError = u"no server address given"_s;
        if (m_socket)
            m_socket->abort();
        setState(State::Disconnected);
        return;
    }
    // From the node that served last when the list has it (the one most likely serving still),
    // else from the first.
    m_endpointIndex = std::max<qsizetype>(0, m_endpoints.indexOf(m_lastServed));
    m_host = m_endpoints.at(m_endpointIndex).host;
    m_port = m_endpoints.at(m_endpointIndex).port;
    m_wanted = true;
    m_expiryTimer.start();
    if (m_socket && m_socket->state() == QAbstractSocket::ConnectedState) {
        m_restart = true; // not a failure of this node: the next attempt is at once, and here
        m_socket->abort();
        return; // handleDisconnected reconnects
    }
    // Closed already (after a revoked session or a refused login) or still connecting: a new one.
    m_reconnectTimer.stop();
    openSocket();
}

void Client::disconnectFromServer()
{
    m_wanted = false;
    m_detour.reset();
    m_reconnectTimer.stop();
    m_connectTimer.stop();
    m_expiryTimer.stop();
    m_heartbeatTimer.stop();
    if (m_socket)
        m_socket->disconnectFromHost();
    const auto ids = m_order;
    for (qint64 id : ids) {
        auto p = m_pending.take(id);
        if (p.reply)
            p.reply(makeError(ErrorCode::Unavailable, u"disconnected"_s));
    }
    m_order.clear();
}

void Client::setState(State s)
{
    if (m_state == s)
        return;
    m_state = s;
    Q_EMIT stateChanged(s);
}

void Client::openSocket()
{
    if (!m_wanted || m_endpoints.isEmpty())
        return;
    m_restart = false;
    m_leaving = false;
    m_endpointIndex = std::min(m_endpointIndex, m_endpoints.size() - 1);
    const Endpoint to = m_detour.value_or(m_endpoints.at(m_endpointIndex));
    // A detour from an encrypted connection is encrypted too, whatever its host: a `moved` that
    // named a loopback address must not turn TLS off.
    const bool detourTls = m_detour && m_detourTls;
    m_onDetour = m_detour.has_value();
    m_detour.reset();
    m_host = to.host;
    m_port = to.port;
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
        m_socket->deleteLater();
    }
    m_decoder = std::make_unique<FrameDecoder>(protocol::kMaxServerFrameBytes);
    m_internal.clear();
    QSslSocket *ssl = nullptr;
    if (m_tls.appliesTo(m_host) || detourTls) {
        ssl = new QSslSocket(this);
        QSslConfiguration conf = QSslConfiguration::defaultConfiguration();
        conf.setProtocol(QSsl::TlsV1_2OrLater);
        conf.setPeerVerifyMode(QSslSocket::VerifyPeer);
        if (!m_caCertificates.isEmpty())
            conf.setCaCertificates(m_caCertificates); // the company's CA only, not the system's
        ssl->setSslConfiguration(conf);
        connect(ssl, &QSslSocket::sslErrors, this,
                [this, ssl](const QList<QSslError> &errors) { handleSslErrors(ssl, errors); });
        connect(ssl, &QSslSocket::encrypted, this, [this, ssl] { handleEncrypted(ssl); });
        m_socket = ssl;
    } else {
        m_socket = new QTcpSocket(this);
        connect(m_socket, &QTcpSocket::connected, this, &Client::handleConnected);
    }
    m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    connect(m_socket, &QTcpSocket::disconnected, this, &Client::handleDisconnected);
    connect(m_socket, &QTcpSocket::errorOccurred, this, [this](QAbstractSocket::SocketError) {
        if (!m_certificateRefused) // that message says more than "the remote host closed …"
            m_lastError = m_socket->errorString();
        if (m_socket->state() == QAbstractSocket::UnconnectedState)
            handleDisconnected();
    });
    connect(m_socket, &QTcpSocket::readyRead, this, &Client::handleReadyRead);
    setState(State::Connecting);
    if (m_connectTimeoutMs > 0)
        m_connectTimer.start(m_connectTimeoutMs);
    if (ssl)
        ssl->connectToHostEncrypted(m_host, m_port);
    else
        m_socket->connectToHost(m_host, m_port);
}

void Client::handleSslErrors(QSslSocket *socket, const QList<QSslError> &errors)
{
    if (socket != m_socket)
        return;
    m_serverFingerprint = tlsFingerprint(socket->peerCertificate());
    if (!m_tls.pin.isEmpty() && m_caCertificates.isEmpty() && m_serverFingerprint == m_tls.pin) {
        // The very certificate the operator pinned: who issued it and for which name do not matter.
        socket->ignoreSslErrors(errors);
        return;
    }
    QStringList why;
    for (const QSslError &e : errors)
        why.append(e.errorString());
    why.removeDuplicates();
    if (!m_tls.pin.isEmpty() && m_serverFingerprint != m_tls.pin)
        return refuseCertificate(
            u"the server's certificate has changed: expected %1, the server showed %2"_s.arg(
                m_tls.pin, m_serverFingerprint));
    refuseCertificate(u"the server's certificate is not trusted (%1); its fingerprint is %2"_s.arg(
        why.join(u"; "_s), m_serverFingerprint));
}

void Client::handleEncrypted(QSslSocket *socket)
{
    if (socket != m_socket)
        return;
    m_serverFingerprint = tlsFingerprint(socket->peerCertificate());
    if (!m_tls.pin.isEmpty() && m_serverFingerprint != m_tls.pin)
        return refuseCertificate(
            u"the server's certificate has changed: expected %1, the server showed %2"_s.arg(
                m_tls.pin, m_serverFingerprint));
    handleConnected();
}

// Every request still waiting, in the order it was made, forgotten here: the caller answers them
// once the client is in its final state.
QList<Client::Reply> Client::takeWaitingReplies()
{
    QList<Reply> waiting;
    for (qint64 id : std::as_const(m_order))
        if (const auto p = m_pending.value(id); p.reply)
            waiting.append(p.reply);
    m_order.clear();
    m_pending.clear();
    return waiting;
}

void Client::refuseCertificate(const QString &message)
{
    // Nothing is sent to a server that could not prove who it is — not the login, not a request;
    // and no automatic retry, which would only repeat the question to the same impostor.
    m_wanted = false;
    m_certificateRefused = true;
    m_reconnectTimer.stop();
    m_connectTimer.stop();
    m_lastError = message;
    if (m_socket)
        m_socket->abort();
    setState(State::Disconnected);
    const QList<Reply> waiting = takeWaitingReplies();
    for (const Reply &reply : std::as_const(waiting))
        reply(makeError(ErrorCode::Unavailable, message));
    Q_EMIT certificateRefused(message, m_serverFingerprint);
}

void Client::heartbeat()
{
    if (m_state != State::Ready || !m_socket)
        return;
    if (nowMs() - m_lastHeardMs > 3 * qint64(m_heartbeatMs)) {
        // Nothing from the server for three beats: the link is dead although no one said so.
        m_lastError = u"no answer from the server for %1 s"_s.arg(3 * m_heartbeatMs / 1000);
        m_socket->abort();
        return;
    }
    const qint64 id = m_nextId++;
    m_internal.insert(id, [](const QJsonObject &) {});
    sendRaw(id, ops::Ping, {});
}

void Client::handleConnected()
{
    m_connectTimer.stop();
    m_lastHeardMs = nowMs();
    setState(State::Authenticating);
    const qint64 helloId = m_nextId++;
    m_internal.insert(helloId, [this](const QJsonObject &frame) {
        if (!frame.value(u"ok"_s).toBool()) {
            const Error e = errorFrom(frame);
            m_lastError = e.message;
            if (e.code == ErrorCode::Moved)
                return followMoved(frame.value(u"error"_s).toObject());
            if (e.code == ErrorCode::Unavailable) { // a standby while no node serves: the next
                m_socket->disconnectFromHost();
                return;
            }
            m_wanted = false;
            Q_EMIT loginFailed(m_lastError, e.code);
            m_socket->disconnectFromHost();
            return;
        }
        const qint64 loginId = m_nextId++;
        QJsonObject body{{u"login"_s, m_credentials.login}, {u"password"_s, m_credentials.password}};
        if (m_credentials.deskId)
            body.insert(u"deskId"_s, double(m_credentials.deskId));
        if (m_credentials.deskNumber)
            body.insert(u"deskNumber"_s, m_credentials.deskNumber);
        m_internal.insert(loginId, [this](const QJsonObject &reply) {
            if (!reply.value(u"ok"_s).toBool()) {
                const Error e = errorFrom(reply);
                m_lastError = e.message;
                // The nodes share the centres: this account's is served by another node.
                if (e.code == ErrorCode::Moved)
                    return followMoved(reply.value(u"error"_s).toObject());
                // (Retrying a throttled login by itself would only keep the lockout going.)
                if (e.code == ErrorCode::AuthFailed || e.code == ErrorCode::TooManyAttempts ||
                    e.code == ErrorCode::NotFound || e.code == ErrorCode::Forbidden ||
                    e.code == ErrorCode::BadRequest || e.code == ErrorCode::InvalidArgument) {
                    // Retrying cannot help: stop and say so.
                    m_wanted = false;
                    Q_EMIT loginFailed(e.message, e.code);
                    disconnectFromServer();
                    return;
                }
                m_socket->disconnectFromHost();
                return;
            }
            m_session = reply.value(u"result"_s).toObject().value(u"session"_s).toObject();
            m_backoffMs = m_firstBackoffMs;
            m_failedInRound = 0;
            m_lastServed = endpoint();
            // Served at a detour that is on the list: the list goes on from there when it drops.
            if (const qsizetype at = m_endpoints.indexOf(m_lastServed); m_onDetour && at >= 0)
                m_endpointIndex = at;
            setState(State::Ready);
            if (m_heartbeatMs > 0)
                m_heartbeatTimer.start(m_heartbeatMs);
            if (m_subscribed)
                subscribe();
            Q_EMIT ready(m_session);
            sendPending();
        });
        sendRaw(loginId, ops::AuthLogin, body);
    });
    sendRaw(helloId, ops::Hello,
            {{u"version"_s, kProtocolVersion},
             {u"follows"_s, QJsonArray{errorCodeName(ErrorCode::Moved)}},
             {u"client"_s,
              QString(QCoreApplication::applicationName() % u'/' % QCoreApplication::applicationVersion())}});
}

void Client::followMoved(const QJsonObject &error)
{
    const auto to = parseEndpoints(error.value(u"endpoint"_s).toString(), m_port);
    // Once only, and somewhere else: a second detour, or none, fails this attempt like a node
    // that is down (the list goes on, with its backoff).
    if (!m_onDetour && to && to->size() == 1 && to->constFirst() != endpoint()) {
        m_detour = to->constFirst();
        const auto *ssl = qobject_cast<QSslSocket *>(m_socket);
        m_detourTls = ssl && ssl->isEncrypted();
        m_restart = true; // not a failure: at once
    }
    m_socket->disconnectFromHost();
}

void Client::subscribe()
{
    const qint64 id = m_nextId++;
    const qint64 since = m_everSubscribed ? m_lastSeq : 0;
    m_internal.insert(id, [this, since](const QJsonObject &frame) {
        if (!frame.value(u"ok"_s).toBool())
            return;
        const QJsonObject r = frame.value(u"result"_s).toObject();
        const qint64 serverLast = qint64(r.value(u"lastSeq"_s).toDouble());
        const bool snapshot = r.value(u"snapshotRequired"_s).toBool();
        m_everSubscribed = true;
        if (since == 0 || snapshot)
            m_lastSeq = serverLast;
        if (snapshot)
            Q_EMIT snapshotRequired();
    });
    sendRaw(id, ops::EventsSubscribe, since ? QJsonObject{{u"since"_s, double(since)}} : QJsonObject{});
}

void Client::setSubscribed(bool subscribed)
{
    m_subscribed = subscribed;
    if (subscribed && m_state == State::Ready)
        subscribe();
}

void Client::handleDisconnected()
{
    if (!m_socket)
        return;
    m_internal.clear();
    m_heartbeatTimer.stop();
    m_connectTimer.stop();
    // Read-only requests already sent are lost with the connection; changing ones will be sent
    // again with the same idempotency key once logged in.
    const auto ids = m_order;
    for (qint64 id : ids) {
        auto it = m_pending.find(id);
        if (it == m_pending.end() || !it->sent)
            continue;
        if (it->mutating) {
            it->sent = false;
        } else {
            const Reply reply = it->reply;
            m_pending.erase(it);
            m_order.removeOne(id);
            if (reply)
                reply(makeError(ErrorCode::Unavailable, u"the connection to the server was lost"_s));
        }
    }
    setState(State::Disconnected);
    scheduleReconnect();
}

void Client::scheduleReconnect()
{
    if (!m_wanted || m_reconnectTimer.isActive() || m_endpoints.isEmpty())
        return;
    if (m_restart) {
        m_reconnectTimer.start(std::exchange(m_restartDelayMs, 0));
        return;
    }
    // This node failed (or dropped the connection): the next one, round robin, at once while some
    // endpoint of the list is still untried. A failover must not wait for a backoff that exists
    // for a server that is down as a whole.
    m_endpointIndex = (m_endpointIndex + 1) % m_endpoints.size();
    if (++m_failedInRound < m_endpoints.size()) {
        m_reconnectTimer.start(0);
        return;
    }
    // Every endpoint failed once: wait, then the next round.
    m_failedInRound = 0;
    m_reconnectTimer.start(m_backoffMs);
    m_backoffMs = std::min(m_backoffMs * 2, m_maxBackoffMs);
}

void Client::connectTimedOut()
{
    if (!m_socket || m_state != State::Connecting)
        return;
    // A machine that is off answers nothing: the kernel would wait minutes before saying so.
    m_lastError = u"no connection to %1 within %2 ms"_s.arg(endpoint().toString()).arg(m_connectTimeoutMs);
    m_socket->disconnect(this);
    m_socket->abort();
    handleDisconnected();
}

void Client::handleReadyRead()
{
    m_lastHeardMs = nowMs();
    m_decoder->feed(m_socket->readAll());
    for (;;) {
        auto frame = m_decoder->next();
        if (!frame.has_value())
            break;
        if (!*frame) {
            m_lastError = frame->error().message;
            continue;
        }
        handleFrame(frame->value());
        if (!m_socket || isSessionRevoked())
            break; // nothing after the end of a session is acted on
    }
}

namespace {
constexpr int kMaxMovedInRow = 6; // mid-session `moved` followed with no other answer between
} // namespace

void Client::handleFrame(const QJsonObject &frame)
{
    if (frame.contains(u"event"_s))
        return handleEvent(frame);
    const qint64 id = qint64(frame.value(u"id"_s).toDouble());
    if (auto cb = m_internal.take(id)) {
        cb(frame);
        return;
    }
    auto it = m_pending.find(id);
    if (it == m_pending.end())
        return;
    if (!frame.value(u"ok"_s).toBool() && errorFrom(frame).code == ErrorCode::Moved &&
        (m_leaving || m_movedInRow < kMaxMovedInRow)) {
        // Another node serves what this asks about (the nodes share the centres, and the centre
        // has moved, or a company-wide account asks about another's): the request waits, and is
        // sent again there once logged in, with the others in flight. While the nodes hand
        // centres over to each other, one `moved` may lead to another: each one more waits a
        // little longer, and past a few the request fails with it — nodes that disagree about who
        // serves what must not keep the terminal going round.
        it->sent = false;
        if (m_leaving)
            return;
        m_restartDelayMs = 250 * m_movedInRow;
        ++m_movedInRow;
        m_leaving = true;
        m_onDetour = false; // a detour of its own, whatever brought this connection here
        followMoved(frame.value(u"error"_s).toObject());
        return;
    }
    m_movedInRow = 0;
    const Reply reply = it->reply;
    const bool mutating = it->mutating;
    const QString op = it->op;
    m_pending.erase(it);
    m_order.removeOne(id);
    const bool ok = frame.value(u"ok"_s).toBool();
    if (ok && mutating)
        Q_EMIT changeAccepted(op); // before the caller's own answer, which may say more
    if (!reply)
        return;
    if (ok)
        reply(frame.value(u"result"_s).toObject());
    else
        reply(errorFrom(frame));
}

void Client::handleEvent(const QJsonObject &frame)
{
    if (frame.value(u"event"_s).toString() == events::SessionRevoked)
        return handleRevoked(frame.value(u"data"_s).toObject());
    const qint64 seq = qint64(frame.value(u"seq"_s).toDouble());
    if (seq <= m_lastSeq)
        return; // already applied
    m_lastSeq = seq;
    const QString type = frame.value(u"event"_s).toString();
    const QJsonObject data = frame.value(u"data"_s).toObject();
    Q_EMIT eventReceived(type, seq, data, Id(frame.value(u"centreId"_s).toDouble()));
    Q_EMIT eventTimed(type, seq, QDateTime::fromString(frame.value(u"at"_s).toString(), Qt::ISODateWithMs),
                      data);
    if (data.contains(u"visit"_s)) {
        if (auto v = visitFromJson(data.value(u"visit"_s).toObject()))
            Q_EMIT visitChanged(*v, type);
    }
    if (data.contains(u"desk"_s)) {
        if (auto d = deskFromJson(data.value(u"desk"_s).toObject()))
            Q_EMIT deskChanged(*d);
    }
}

void Client::handleRevoked(const QJsonObject &data)
{
    QString reason = data.value(u"reason"_s).toString();
    if (reason.isEmpty())
        reason = u"changed"_s;
    const QString message = data.value(u"message"_s).toString();
    // Nothing more is done as this account: no reconnect, no login with the remembered password,
    // no waiting request re-sent under its name. A new session starts from scratch.
    m_wanted = false;
    m_reconnectTimer.stop();
    m_expiryTimer.stop();
    m_credentials.password.clear();
    m_session = QJsonObject();
    m_everSubscribed = false;
    m_lastSeq = 0;
    m_internal.clear();
    m_revokedReason = reason;
    m_lastError = message.isEmpty() ? u"the session was ended by the server"_s : message;
    const QList<Reply> waiting = takeWaitingReplies();
    if (m_socket)
        m_socket->abort(); // the server closes it too; handleDisconnected does not reconnect
    setState(State::Disconnected);
    // Only now, with the client in its final state, does anyone hear of it.
    const Error why =
        makeError(ErrorCode::AuthRequired, u"the session was ended by the server: "_s % m_lastError);
    for (const Reply &reply : std::as_const(waiting))
        reply(why);
    Q_EMIT sessionRevoked(reason, message);
}

void Client::sendRaw(qint64 id, const QString &op, const QJsonObject &body)
{
    QJsonObject frame = body;
    frame.insert(u"id"_s, double(id));
    frame.insert(u"op"_s, op);
    m_socket->write(encodeFrame(frame));
}

void Client::sendPending()
{
    if (m_state != State::Ready)
        return;
    for (qint64 id : std::as_const(m_order)) {
        auto it = m_pending.find(id);
        if (it == m_pending.end() || it->sent)
            continue;
        it->sent = true;
        sendRaw(id, it->op, it->body);
    }
}

void Client::expirePending()
{
    const qint64 now = nowMs();
    const auto ids = m_order;
    for (qint64 id : ids) {
        auto it = m_pending.find(id);
        if (it == m_pending.end() || it->deadline > now)
            continue;
        const Reply reply = it->reply;
        const bool wasSent = it->sent;
        m_pending.erase(it);
        m_order.removeOne(id);
        if (reply)
            reply(makeError(ErrorCode::Unavailable,
                            wasSent ? u"no answer from the server in time; the request may still be applied"_s
                                    : u"no connection to the server"_s));
    }
}

void Client::call(const QString &op, const QJsonObject &body, Reply reply, bool mutating, int timeoutMs)
{
    if (isSessionRevoked()) {
        // Not kept for later: a later login may be someone else's.
        if (reply)
            QMetaObject::invokeMethod(
                this,
                [reply] {
                    reply(makeError(ErrorCode::AuthRequired,
                                    u"the session was ended by the server; log in again"_s));
                },
                Qt::QueuedConnection);
        return;
    }
    if (!mutating && m_state != State::Ready) {
        if (reply)
            QMetaObject::invokeMethod(
                this, [reply] { reply(makeError(ErrorCode::Unavailable, u"no connection to the server"_s)); },
                Qt::QueuedConnection);
        return;
    }
    QJsonObject b = body;
    if (mutating && !b.contains(u"idempotencyKey"_s))
        b.insert(u"idempotencyKey"_s, QUuid::createUuid().toString(QUuid::WithoutBraces));
    const qint64 id = m_nextId++;
    m_pending.insert(id, Pending{op, b, std::move(reply), mutating, false, nowMs() + timeoutMs});
    m_order.append(id);
    sendPending();
}

void Client::issue(Id centreId, const QString &queueCode, const QJsonObject &visitor,
                   std::function<void(const Result<Visit> &, QueuePosition)> done)
{
    QJsonObject body = visitor;
    if (centreId)
        body.insert(u"centreId"_s, double(centreId));
    body.insert(u"queueCode"_s, queueCode);
    call(
        ops::VisitIssue, body,
        [done](const Result<QJsonObject> &r) {
            if (!r)
                return done(r.error(), {});
            auto v = visitFromJson(r->value(u"visit"_s).toObject());
            QueuePosition pos;
            const QJsonObject p = r->value(u"position"_s).toObject();
            pos.ahead = p.value(u"ahead"_s).toInt();
            pos.expectedWaitMinutes = p.value(u"expectedWaitMinutes"_s).toInt();
            if (!v)
                return done(v.error(), pos);
            done(*v, pos);
        },
        true);
}

void Client::visitAction(const QString &op, Id visitId, std::function<void(const Result<Visit> &)> done,
                         const QJsonObject &extra)
{
    QJsonObject body = extra;
    if (visitId)
        body.insert(u"visitId"_s, double(visitId));
    call(
        op, body,
        [done](const Result<QJsonObject> &r) {
            if (!r)
                return done(r.error());
            auto v = visitFromJson(r->value(u"visit"_s).toObject());
            if (!v)
                return done(v.error());
            done(*v);
        },
        true);
}

void Client::callNext(std::function<void(const Result<Visit> &)> done)
{
    visitAction(ops::VisitCallNext, 0, std::move(done));
}

void Client::deskAction(const QString &op, std::function<void(const Result<Desk> &)> done)
{
    call(
        op, {},
        [done](const Result<QJsonObject> &r) {
            if (!r)
                return done(r.error());
            auto d = deskFromJson(r->value(u"desk"_s).toObject());
            if (!d)
                return done(d.error());
            done(*d);
        },
        true);
}

} // namespace okno
