// TLS as a company sets it up (scripts/okno-make-certs) and as an attacker meets it: a server
// with the company's certificate is trusted by a terminal that has the company's CA or the
// certificate's pin; a certificate from another CA, for another name, or a changed pinned one is
// refused before the login is sent, and the client does not keep trying; a server will not speak
// plain TCP off loopback unless told to.
#include "Fixture.h"
#include "TestTls.h"

#include <QElapsedTimer>
#include <QRegularExpression>
#include <QTcpSocket>
#include <QTemporaryDir>

namespace {

// A client that records what happens to it.
struct TlsClient
{
    okno::Client client;
    int readies = 0;
    QStringList refusals; // certificateRefused messages
    QString refusedFingerprint;

    TlsClient()
    {
        client.setReconnectDelays(100, 200);
        QObject::connect(&client, &okno::Client::ready, &client, [this] { ++readies; });
        QObject::connect(&client, &okno::Client::certificateRefused, &client,
                         [this](const QString &message, const QString &fingerprint) {
                             refusals.append(message);
                             refusedFingerprint = fingerprint;
                         });
    }
    bool connect(const okno::ClientTls &tls, quint16 port, const QString &host = u"127.0.0.1"_s)
    {
        if (!client.setTls(tls).ok())
            return false;
        client.connectToServer(host, port,
                               {u"admin"_s, QString::fromLatin1(ServerProcess::kAdminPassword), 0, 0});
        return waitUntil([this] { return readies > 0 || !refusals.isEmpty(); }, 15000) && readies > 0;
    }
};

okno::ClientTls withCa(const QString &caFile)
{
    return {okno::ClientTls::Mode::On, caFile, {}};
}

okno::ClientTls withPin(const QString &pin)
{
    return {okno::ClientTls::Mode::On, {}, pin};
}

struct Certs
{
    QString dir, fingerprint;
    QString ca() const { return dir + u"/ca.pem"_s; }
    QStringList serverArgs() const
    {
        return {u"--tls-cert"_s, dir + u"/server.pem"_s, u"--tls-key"_s, dir + u"/server.key"_s};
    }
};

Certs make(const QTemporaryDir &root, const QString &name, const QStringList &hosts)
{
    Certs c{root.filePath(name), {}};
    QString log;
    c.fingerprint = testtls::makeCertificates(c.dir, hosts, &log);
    INFO(log.toStdString());
    REQUIRE(c.fingerprint.size() == 95);
    return c;
}

} // namespace

TEST_CASE("the company's recipe: a CA, a server certificate, terminals that trust it", "[security][tls]")
{
    QTemporaryDir root;
    const Certs company = make(root, u"company"_s, {u"localhost"_s, u"127.0.0.1"_s});
    // Keys are their owner's only.
    CHECK((QFile::permissions(company.dir + u"/server.key"_s) & (QFile::ReadOther | QFile::ReadGroup)) == 0);
    CHECK((QFile::permissions(company.dir + u"/ca.key"_s) & (QFile::ReadOther | QFile::ReadGroup)) == 0);

    ServerProcess server(company.serverArgs());
    REQUIRE(server.start());
    // The server names its certificate's fingerprint, as the recipe printed it: what a terminal pins.
    CHECK(server.log().contains(u"SHA-256 fingerprint "_s + company.fingerprint));
    CHECK(server.log().contains(u"(TLS)"_s));

    TlsClient byCa;
    REQUIRE(byCa.connect(withCa(company.ca()), server.port()));
    CHECK(byCa.client.isEncrypted());
    CHECK(byCa.client.tlsProtocolName().startsWith(u"TLS 1."_s));
    CHECK(byCa.client.serverFingerprint() == company.fingerprint);
    std::optional<okno::Result<QJsonObject>> pong;
    byCa.client.call(u"ping"_s, {}, [&](const okno::Result<QJsonObject> &r) { pong = r; });
    REQUIRE(waitUntil([&] { return pong.has_value(); }));
    CHECK(pong->ok());

    // The same name by its other spelling (a DNS name in the certificate).
    TlsClient byName;
    CHECK(byName.connect(withCa(company.ca()), server.port(), u"localhost"_s));

    TlsClient byPin; // no CA at all: only this certificate
    CHECK(byPin.connect(withPin(company.fingerprint.toLower().remove(u':')), server.port()));

    // oknoctl, as a system administrator uses it against a TLS server.
    const CtlResult ctl = runCtl(server, u"admin"_s, QString::fromLatin1(ServerProcess::kAdminPassword),
                                 {u"--tls-ca"_s, company.ca(), u"centre"_s, u"list"_s});
    INFO(ctl.err.toStdString());
    CHECK(ctl.exitCode == 0);
}

TEST_CASE("a certificate from another CA is refused before the password is sent, and not retried",
          "[security][tls]")
{
    QTemporaryDir root;
    const Certs company = make(root, u"company"_s, {u"localhost"_s, u"127.0.0.1"_s});
    const Certs impostor = make(root, u"impostor"_s, {u"localhost"_s, u"127.0.0.1"_s});
    ServerProcess server(impostor.serverArgs());
    REQUIRE(server.start());

    TlsClient c;
    CHECK_FALSE(c.connect(withCa(company.ca()), server.port()));
    REQUIRE(c.refusals.size() == 1);
    INFO(c.refusals.constFirst().toStdString());
    CHECK(c.refusals.constFirst().contains(u"not trusted"_s));
    CHECK(c.refusals.constFirst().contains(impostor.fingerprint));
    CHECK(c.refusedFingerprint == impostor.fingerprint);
    CHECK(c.client.isCertificateRefused());
    // No second try, no login: the server never heard the password.
    waitUntil([] { return false; }, 1500);
    CHECK(c.refusals.size() == 1);
    CHECK(c.readies == 0);
    CHECK(c.client.state() == okno::Client::State::Disconnected);
    CHECK_FALSE(server.log().contains(u"logged in"_s));
    CHECK_FALSE(server.log().contains(u"failed login"_s));

    // oknoctl says so and stops.
    const CtlResult ctl = runCtl(server, u"admin"_s, QString::fromLatin1(ServerProcess::kAdminPassword),
                                 {u"--tls-ca"_s, company.ca(), u"centre"_s, u"list"_s});
    CHECK(ctl.exitCode == 3);
    CHECK(ctl.err.contains(u"not trusted"_s));
}

TEST_CASE("a certificate for another name is refused", "[security][tls]")
{
    QTemporaryDir root;
    const Certs elsewhere = make(root, u"elsewhere"_s, {u"okno.example.local"_s, u"10.1.2.3"_s});
    ServerProcess server(elsewhere.serverArgs());
    REQUIRE(server.start());
    TlsClient c;
    CHECK_FALSE(c.connect(withCa(elsewhere.ca()), server.port()));
    REQUIRE(c.refusals.size() == 1);
    INFO(c.refusals.constFirst().toStdString());
    CHECK(c.refusals.constFirst().contains(u"not trusted"_s));
}

TEST_CASE("a pinned certificate that changed is refused with both fingerprints; the CA accepts the renewal",
          "[security][tls]")
{
    QTemporaryDir root;
    const Certs first = make(root, u"company"_s, {u"localhost"_s, u"127.0.0.1"_s});
    ServerProcess server(first.serverArgs());
    REQUIRE(server.start());
    TlsClient pinned;
    REQUIRE(pinned.connect(withPin(first.fingerprint), server.port()));
    const quint16 port = server.port();
    server.stop();

    // The IT department renews the server's certificate under the same CA (the recipe again).
    const Certs renewed = make(root, u"company"_s, {u"localhost"_s, u"127.0.0.1"_s});
    REQUIRE(renewed.fingerprint != first.fingerprint);
    REQUIRE(server.start(port)); // where the terminal looks for it

    // The pinned terminal, reconnecting by itself, refuses the changed certificate and says why.
    REQUIRE(waitUntil([&] { return !pinned.refusals.isEmpty(); }, 20000));
    INFO(pinned.refusals.constFirst().toStdString());
    CHECK(pinned.refusals.constFirst().contains(u"has changed"_s));
    CHECK(pinned.refusals.constFirst().contains(first.fingerprint));
    CHECK(pinned.refusals.constFirst().contains(renewed.fingerprint));
    CHECK(pinned.readies == 1);

    TlsClient byCa;
    CHECK(byCa.connect(withCa(renewed.ca()), server.port()));
    CHECK(byCa.client.serverFingerprint() == renewed.fingerprint);
}

TEST_CASE("plain TCP and TLS do not mix silently", "[security][tls]")
{
    QTemporaryDir root;
    const Certs company = make(root, u"company"_s, {u"localhost"_s, u"127.0.0.1"_s});
    {
        ServerProcess tlsServer(company.serverArgs());
        REQUIRE(tlsServer.start());
        TlsClient plain;
        CHECK_FALSE(plain.connect({okno::ClientTls::Mode::Off, {}, {}}, tlsServer.port()));
        CHECK(plain.readies == 0);
        // A raw JSON frame to a TLS server gets no JSON answer.
        QTcpSocket raw;
        raw.connectToHost(u"127.0.0.1"_s, tlsServer.port());
        REQUIRE(raw.waitForConnected(5000));
        raw.write("{\"id\":1,\"op\":\"hello\",\"version\":1}\n");
        raw.waitForReadyRead(2000);
        CHECK_FALSE(raw.readAll().contains("\"ok\""));
    }
    {
        ServerProcess plainServer;
        plainServer.setSuiteTls(false);
        REQUIRE(plainServer.start());
        TlsClient tls;
        CHECK_FALSE(tls.connect(withCa(company.ca()), plainServer.port()));
        CHECK(tls.readies == 0);
        CHECK_FALSE(tls.client.lastError().isEmpty());
    }
}

TEST_CASE("the server will not speak plain TCP off loopback unless told to", "[security][tls]")
{
    {
        ServerProcess server({u"--listen"_s, u"0.0.0.0"_s});
        server.setSuiteTls(false);
        CHECK_FALSE(server.start());
        INFO(server.log().toStdString());
        CHECK(server.log().contains(u"refusing to listen on 0.0.0.0 without TLS"_s));
        CHECK(server.log().contains(u"--tls-cert"_s));
    }
    {
        ServerProcess server({u"--listen"_s, u"0.0.0.0"_s, u"--allow-plaintext"_s});
        server.setSuiteTls(false);
        REQUIRE(server.start());
        CHECK(server.log().contains(u"passwords and personal data cross the network unencrypted"_s));
    }
    QTemporaryDir root;
    const Certs company = make(root, u"company"_s, {u"localhost"_s, u"127.0.0.1"_s});
    {
        // TLS everywhere, the network included.
        ServerProcess server(QStringList{u"--listen"_s, u"0.0.0.0"_s} + company.serverArgs());
        REQUIRE(server.start());
        TlsClient c;
        CHECK(c.connect(withCa(company.ca()), server.port()));
    }
    {
        ServerProcess server({u"--tls-cert"_s, root.filePath(u"missing.pem"_s), u"--tls-key"_s,
                              company.dir + u"/server.key"_s});
        server.setSuiteTls(false);
        CHECK_FALSE(server.start());
        CHECK(server.log().contains(u"cannot read the TLS certificate"_s));
    }
    {
        ServerProcess server({u"--tls-cert"_s, company.dir + u"/server.pem"_s});
        server.setSuiteTls(false);
        CHECK_FALSE(server.start());
        CHECK(server.log().contains(u"TLS needs both --tls-cert and --tls-key"_s));
    }
    {
        // Another certificate's key: refused at start, not at every terminal's handshake.
        const Certs other = make(root, u"other"_s, {u"localhost"_s, u"127.0.0.1"_s});
        ServerProcess server(
            {u"--tls-cert"_s, company.dir + u"/server.pem"_s, u"--tls-key"_s, other.dir + u"/server.key"_s});
        server.setSuiteTls(false);
        CHECK_FALSE(server.start());
        INFO(server.log().toStdString());
        CHECK(server.log().contains(u"does not belong to the certificate"_s));
    }
}

TEST_CASE("half-open handshakes have a cap: past it a connection is closed before TLS", "[security][tls]")
{
    QTemporaryDir root;
    const Certs company = make(root, u"company"_s, {u"localhost"_s, u"127.0.0.1"_s});
    ServerProcess server(QStringList{u"--max-connections-per-address"_s, u"3"_s} + company.serverArgs());
    server.setSuiteTls(false);
    REQUIRE(server.start());
    // Three connections that never say ClientHello: the server waits up to 10 s for each.
    std::vector<std::unique_ptr<QTcpSocket>> silent;
    for (int i = 0; i < 3; ++i) {
        silent.push_back(std::make_unique<QTcpSocket>());
        silent.back()->connectToHost(u"127.0.0.1"_s, server.port());
        REQUIRE(silent.back()->waitForConnected(5000));
    }
    waitUntil([] { return false; }, 300); // the server has begun all three handshakes
    // The fourth is closed at once, long before any handshake timeout.
    QTcpSocket fourth;
    fourth.connectToHost(u"127.0.0.1"_s, server.port());
    fourth.waitForConnected(5000);
    QElapsedTimer clock;
    clock.start();
    while (fourth.state() == QAbstractSocket::ConnectedState && clock.elapsed() < 5000)
        fourth.waitForDisconnected(100);
    CHECK(fourth.state() != QAbstractSocket::ConnectedState);
    CHECK(clock.elapsed() < 3000);
    CHECK(fourth.readAll().isEmpty()); // nothing in clear on a TLS port
    CHECK(server.log().contains(u"before TLS: 3 TLS handshakes in flight from this address"_s));
    // Handshakes given up are places again: a terminal gets in.
    silent.clear();
    waitUntil([] { return false; }, 300);
    TlsClient c;
    CHECK(c.connect(withCa(company.ca()), server.port()));
}

TEST_CASE("a pin or CA file a terminal cannot use is refused at once", "[security][tls]")
{
    okno::Client c;
    CHECK_FALSE(c.setTls(withPin(u"12:34"_s)).ok());
    CHECK_FALSE(c.setTls(withCa(u"/nonexistent/ca.pem"_s)).ok());
    CHECK(okno::normalisedFingerprint(u"sha256 Fingerprint=" + QString(64, u'a')) ==
          QString(64, u'A').replace(QRegularExpression(u"(..)(?!$)"_s), u"\\1:"_s));
    CHECK(okno::normalisedFingerprint(QString(63, u'a')).isEmpty());
}
