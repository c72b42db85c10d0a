#include "Server.h"

#include "TcpConnection.h"

#include <logging/Logging.h>
#include <protocol/FrameDecoder.h>
#include <protocol/Message.h>

#include <QCryptographicHash>
#include <QEventLoop>
#include <QFile>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslServer>
#include <QSslSocket>
#include <QTimer>

#include <sys/socket.h>
#include <unistd.h>

#include <functional>
#include <memory>

namespace okno {

using namespace Qt::StringLiterals;

Server::Server(ServerOptions options, QObject *parent)
    : QObject(parent)
    , m_options(options)
    , m_service(std::move(options))
{
    connect(&m_service, &QueueService::fatalStorageError, this, &Server::fatalError);
}

Server::~Server()
{
    if (m_listener) {
        m_listener->close();
        // Handshakes in flight are the listener's children; they go now, while what counts them
        // is still here.
        m_listener.reset();
    }
    const auto connections = findChildren<TcpConnection *>(Qt::FindDirectChildrenOnly);
    qDeleteAll(connections);
    // Every change submitted is committed, under this node's fence, before its lease goes: a
    // standby that takes over at once finds them written instead of fencing them out.
    m_service.stopWriting();
    m_lease.reset();
    m_ownership.reset();
}

namespace {

Result<QByteArray> readAll(const QString &path, const char *what)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::Unavailable, u"cannot read the TLS %1 %2: %3"_s.arg(
                                                     QLatin1StringView(what), path, f.errorString()));
    return f.readAll();
}

// A key that is not the certificate's would let the server start and every handshake fail, each
// terminal saying only that the link broke. Qt cannot compare a private key with a certificate, so
// the server shakes hands with itself over loopback before it listens, and says what failed.
Status checkKeyFitsCertificate(const QSslConfiguration &conf, const QString &certFile, const QString &keyFile)
{
    QSslServer probe;
    probe.setSslConfiguration(conf);
    if (!probe.listen(QHostAddress::LocalHost, 0)) {
        logging::warn(u"could not try the TLS certificate before listening: %1"_s.arg(probe.errorString()));
        return {};
    }
    QEventLoop loop;
    QString failure;
    QObject::connect(&probe, &QSslServer::errorOccurred, &loop,
                     [&](QSslSocket *socket, QAbstractSocket::SocketError) {
                         failure = socket->errorString();
                         loop.quit();
                     });
    QObject::connect(&probe, &QTcpServer::pendingConnectionAvailable, &loop, &QEventLoop::quit);
    QTimer::singleShot(5000, &loop, &QEventLoop::quit);
    QSslSocket client;
    QSslConfiguration trial = QSslConfiguration::defaultConfiguration();
    trial.setPeerVerifyMode(QSslSocket::VerifyNone); // the key is on trial here, not the name or CA
    client.setSslConfiguration(trial);
    client.connectToHostEncrypted(u"127.0.0.1"_s, probe.serverPort());
    loop.exec();
    if (probe.hasPendingConnections())
        return {};
    if (failure.isEmpty()) {
        logging::warn(u"a trial TLS handshake with the server's own certificate did not finish in 5 s"_s);
        return {};
    }
    return makeError(
        ErrorCode::InvalidArgument,
        u"the key in %1 does not belong to the certificate in %2 (a trial handshake failed: %3)"_s.arg(
            keyFile, certFile, failure));
}

// A QSslServer that asks before it starts a handshake. A handshake holds a TLS session for up to
// the handshake timeout, so connections still shaking hands count against the connection caps as
// open ones do; past a cap the socket is closed before TLS begins (nothing can be said to it in
// clear, and nothing unencrypted is ever sent on a TLS port).
constexpr const char *kPeerProperty = "oknoPeer"; // a handshake's peer address, kept for its log

class AdmittingSslServer final : public QSslServer
{
public:
    std::function<bool(const QHostAddress &)> admit;
    std::function<void(QSslSocket *)> accepted; // its handshake has begun (or waits for ClientHello)

protected:
    void incomingConnection(qintptr descriptor) override
    {
        sockaddr_storage peer{};
        socklen_t length = sizeof peer;
        if (admit && ::getpeername(int(descriptor), reinterpret_cast<sockaddr *>(&peer), &length) == 0 &&
            !admit(QHostAddress(reinterpret_cast<const sockaddr *>(&peer)))) {
            ::close(int(descriptor));
            return;
        }
        QSslServer::incomingConnection(descriptor);
        // Qt 6.4 has no signal for a handshake's socket before its ClientHello arrives (a silent
        // one never gets startedEncryptionHandshake), so it is taken here: the child just made.
        if (const QObjectList &made = children(); accepted && !made.isEmpty())
            if (auto *socket = qobject_cast<QSslSocket *>(made.constLast());
                socket && socket->socketDescriptor() == descriptor)
                accepted(socket);
    }
};

} // namespace

Status Server::makeListener()
{
    const bool tls = !m_options.tlsCertFile.isEmpty() || !m_options.tlsKeyFile.isEmpty();
    if (!tls) {
        // A password in clear may cross this machine's loopback, never a network.
        if (!m_options.listenAddress.isLoopback() && !m_options.allowPlaintext)
            return makeError(ErrorCode::InvalidArgument,
                             u"refusing to listen on %1 without TLS: passwords would cross the network in "
                             u"clear. Give --tls-cert and --tls-key (see scripts/okno-make-certs), or "
                             u"--allow-plaintext on a network that is protected otherwise"_s.arg(
                                 m_options.listenAddress.toString()));
        if (!m_options.listenAddress.isLoopback())
            logging::warn(u"plain TCP on %1 (--allow-plaintext): passwords and personal data cross the "
                          u"network unencrypted"_s.arg(m_options.listenAddress.toString()));
        m_listener = std::make_unique<QTcpServer>();
        connect(m_listener.get(), &QTcpServer::newConnection, this, &Server::handleNewConnection);
        return {};
    }
    if (m_options.tlsCertFile.isEmpty() || m_options.tlsKeyFile.isEmpty())
        return makeError(ErrorCode::InvalidArgument, u"TLS needs both --tls-cert and --tls-key"_s);
    if (!QSslSocket::supportsSsl())
        return makeError(ErrorCode::Unavailable, u"TLS is not available: no TLS library (OpenSSL 3) found"_s);
    const auto certPem = readAll(m_options.tlsCertFile, "certificate");
    if (!certPem)
        return certPem.error();
    const QList<QSslCertificate> chain = QSslCertificate::fromData(*certPem, QSsl::Pem);
    if (chain.isEmpty())
        return makeError(ErrorCode::InvalidArgument,
                         u"%1 holds no PEM certificate"_s.arg(m_options.tlsCertFile));
    const auto keyPem = readAll(m_options.tlsKeyFile, "key");
    if (!keyPem)
        return keyPem.error();
    QSslKey key;
    for (QSsl::KeyAlgorithm algorithm : {QSsl::Ec, QSsl::Rsa, QSsl::Dsa}) {
        key = QSslKey(*keyPem, algorithm, QSsl::Pem, QSsl::PrivateKey);
        if (!key.isNull())
            break;
    }
    if (key.isNull())
        return makeError(ErrorCode::InvalidArgument,
                         u"%1 holds no unencrypted PEM private key (EC or RSA)"_s.arg(m_options.tlsKeyFile));
    const QSslCertificate &leaf = chain.constFirst();
    if (leaf.expiryDate() < QDateTime::currentDateTimeUtc())
        return makeError(ErrorCode::InvalidArgument,
                         u"the certificate in %1 expired on %2"_s.arg(
                             m_options.tlsCertFile, leaf.expiryDate().toString(Qt::ISODate)));
    QSslConfiguration conf = QSslConfiguration::defaultConfiguration();
    conf.setProtocol(QSsl::TlsV1_2OrLater);
    conf.setLocalCertificateChain(chain);
    conf.setPrivateKey(key);
    conf.setPeerVerifyMode(QSslSocket::VerifyNone); // terminals prove themselves by password
    if (auto fits = checkKeyFitsCertificate(conf, m_options.tlsCertFile, m_options.tlsKeyFile); !fits)
        return fits;
    auto server = std::make_unique<AdmittingSslServer>();
    server->admit = [this](const QHostAddress &peer) { return admitHandshake(peer.toString()); };
    server->accepted = [this](QSslSocket *socket) { countHandshake(socket); };
    server->setSslConfiguration(conf);
    server->setHandshakeTimeout(m_options.tlsHandshakeTimeoutMs);
    connect(server.get(), &QSslServer::errorOccurred, this,
            [](QSslSocket *socket, QAbstractSocket::SocketError) {
                // The address as it was when the handshake began: a timed-out socket has none left.
                logging::info(u"TLS handshake with %1 failed: %2"_s.arg(
                    socket->property(kPeerProperty).toString(), socket->errorString()));
            });
    // A QSslServer offers a connection only once its handshake is done.
    connect(server.get(), &QTcpServer::pendingConnectionAvailable, this, &Server::handleNewConnection);
    m_listener = std::move(server);
    m_fingerprint = QString::fromLatin1(leaf.digest(QCryptographicHash::Sha256).toHex(':').toUpper());
    logging::info(u"TLS certificate for %1, valid until %2; SHA-256 fingerprint %3"_s.arg(
        leaf.subjectInfo(QSslCertificate::CommonName).join(u", "_s), leaf.expiryDate().toString(Qt::ISODate),
        m_fingerprint));
    return {};
}

Status Server::start()
{
    if (auto s = makeListener(); !s)
        return s;
    if (!m_options.database.isPostgres())
        return startServing(); // one process owns an SQLite file
    if (m_options.shareCentres)
        return startSharing();
    // A standby listens from the start: a terminal that reaches it is told which node serves
    // (`moved`), and is served by this node the moment it takes over.
    m_service.standBy({}, {});
    if (Status s = listen(); !s)
        return s;
    DatabaseConfig leaseConnection = m_options.database;
    leaseConnection.applicationName = u"okno-lease"_s; // its lock is the lease: named for the DBA
    m_lease = std::make_unique<NodeLease>(leaseConnection, m_options.nodeName, m_options.nodeAddress,
                                          m_options.leaseIntervalMs);
    connect(m_lease.get(), &NodeLease::waiting, this,
            [](const QString &why) { logging::info(u"standby: "_s % why); });
    connect(m_lease.get(), &NodeLease::servedBy, this, [this](const QString &node, const QString &address) {
        if (!m_serving)
            m_service.standBy(node, address);
    });
    connect(m_lease.get(), &NodeLease::taken, this, [this](qint64 token) {
        logging::info(u"node %1 took the serving lease (token %2): loading the company's state"_s.arg(
            m_options.nodeName, QString::number(token)));
        m_service.setFenceToken(token);
        if (Status s = startServing(); !s) {
            logging::critical(u"cannot serve: "_s % s.error().message);
            Q_EMIT fatalError(s.error().message);
        }
    });
    connect(m_lease.get(), &NodeLease::lost, this, [this](const QString &why) {
        logging::critical(u"lost the serving lease, stopping: "_s % why);
        Q_EMIT fatalError(why);
    });
    logging::info(u"node %1 (%2) on %3: serving once it holds the lease"_s.arg(
        m_options.nodeName, m_options.nodeAddress, m_options.database.displayName()));
    m_lease->start();
    return {};
}

Status Server::startSharing()
{
    // Loaded with no centre of its own: every request about one is answered `unavailable` until
    // a node owns it, `moved` once another does.
    if (auto s = startServing(); !s)
        return s;
    DatabaseConfig leaseConnection = m_options.database;
    leaseConnection.applicationName = u"okno-lease"_s; // its locks are the leases: named for the DBA
    m_ownership = std::make_unique<CentreOwnership>(leaseConnection, m_options.nodeName,
                                                    m_options.nodeAddress, m_options.leaseIntervalMs);
    connect(m_ownership.get(), &CentreOwnership::waiting, this,
            [](const QString &why) { logging::info(u"sharing the centres: "_s % why); });
    connect(m_ownership.get(), &CentreOwnership::taken, &m_service, &QueueService::takeCentres);
    connect(m_ownership.get(), &CentreOwnership::companyTaken, &m_service, &QueueService::takeCompany);
    connect(m_ownership.get(), &CentreOwnership::ownersChanged, &m_service, &QueueService::setOwners);
    connect(m_ownership.get(), &CentreOwnership::surplus, this, [this](const QList<Id> &centres) {
        m_service.handOver(centres, [this, centres] {
            if (m_ownership)
                m_ownership->release(centres);
        });
    });
    connect(m_ownership.get(), &CentreOwnership::lost, this, [this](const QString &why) {
        logging::critical(u"lost a lease, stopping: "_s % why);
        Q_EMIT fatalError(why);
    });
    logging::info(u"node %1 (%2) on %3: sharing the centres with the other nodes"_s.arg(
        m_options.nodeName, m_options.nodeAddress, m_options.database.displayName()));
    m_ownership->start();
    return {};
}

Status Server::listen()
{
    if (m_listener->isListening())
        return {};
    m_listener->setMaxPendingConnections(128);
    if (!m_listener->listen(m_options.listenAddress, m_options.port))
        return makeError(ErrorCode::Unavailable,
                         u"cannot listen on %1:%2: %3"_s.arg(m_options.listenAddress.toString())
                             .arg(m_options.port)
                             .arg(m_listener->errorString()));
    logging::info(u"listening on %1:%2 (%3)"_s.arg(m_listener->serverAddress().toString())
                      .arg(m_listener->serverPort())
                      .arg(usesTls() ? u"TLS"_s : u"plain TCP"_s));
    return {};
}

Status Server::startServing()
{
    if (auto s = m_service.start(); !s)
        return s;
    if (auto s = listen(); !s)
        return s;
    m_serving = true;
    Q_EMIT listening(m_listener->serverPort());
    return {};
}

quint16 Server::port() const
{
    return m_listener ? m_listener->serverPort() : 0;
}

// Why one more connection from `address` may not be taken now, or nothing.
QString Server::refusalFor(const QString &address) const
{
    if (m_connections >= m_options.maxConnections)
        return u"the server has reached its limit of %1 connections; try again later"_s.arg(
            m_options.maxConnections);
    if (m_perAddress.value(address) >= m_options.maxConnectionsPerAddress)
        return u"too many connections from %1 (at most %2); try again later"_s.arg(address).arg(
            m_options.maxConnectionsPerAddress);
    return {};
}

// Handshakes in flight have caps of their own, the same numbers as the connections': a handshake
// holds a TLS session for up to the handshake timeout, and a flood of them must neither grow the
// server's memory without bound nor take the place of a terminal's handshake from elsewhere. They
// do not count against the connections' caps, so a terminal past those still hears why, over TLS.
bool Server::admitHandshake(const QString &address)
{
    QString refusal;
    if (m_handshakes >= m_options.maxConnections)
        refusal = u"%1 TLS handshakes in flight"_s.arg(m_handshakes);
    else if (m_handshakesPerAddress.value(address) >= m_options.maxConnectionsPerAddress)
        refusal =
            u"%1 TLS handshakes in flight from this address"_s.arg(m_handshakesPerAddress.value(address));
    if (refusal.isEmpty())
        return true;
    logging::warn(u"refusing a connection from %1 before TLS: %2"_s.arg(address, refusal));
    return false;
}

// Counted from the start of the handshake until it succeeds (then the connection counts) or the
// socket goes (failed, timed out, or dropped).
void Server::countHandshake(QSslSocket *socket)
{
    const QString address = socket->peerAddress().toString();
    socket->setProperty(kPeerProperty, address);
    ++m_handshakes;
    ++m_handshakesPerAddress[address];
    auto counted = std::make_shared<bool>(true);
    const auto done = [this, address, counted] {
        if (!std::exchange(*counted, false))
            return;
        --m_handshakes;
        if (--m_handshakesPerAddress[address] <= 0)
            m_handshakesPerAddress.remove(address);
    };
    connect(socket, &QSslSocket::encrypted, this, done);
    connect(socket, &QObject::destroyed, this, done);
}

void Server::handleNewConnection()
{
    while (QTcpSocket *socket = m_listener->nextPendingConnection()) {
        const QString address = socket->peerAddress().toString();
        const QString refusal = refusalFor(address);
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
        auto *c = new TcpConnection(socket, &m_service, m_options.loginDeadlineSecs,
                                    m_options.idleTimeoutSecs, m_options.maxReplyBytes, this);
        connect(c, &TcpConnection::closed, this, [this, address] {
            --m_connections;
            if (--m_perAddress[address] <= 0)
                m_perAddress.remove(address);
        });
    }
}

} // namespace okno
