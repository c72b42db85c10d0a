#include "TestTls.h"

#include <QDir>
#include <QHash>
#include <QProcess>
#include <QRegularExpression>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QTemporaryDir>

using namespace Qt::StringLiterals;

namespace testtls {

bool enabled()
{
    return qEnvironmentVariable("OKNO_TEST_TLS") == u"1"_s;
}

QString makeCertificates(const QString &dir, const QStringList &names, QString *log)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(QStringLiteral(OKNO_SOURCE_DIR) + u"/scripts/okno-make-certs"_s, QStringList{dir} + names);
    if (!p.waitForFinished(60000))
        p.kill();
    const QString out = QString::fromUtf8(p.readAll());
    if (log)
        *log = out;
    if (p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0)
        return {};
    const auto m = QRegularExpression(u"SHA-256 fingerprint: ([0-9A-F:]{95})"_s).match(out);
    return m.hasMatch() ? m.captured(1) : QString();
}

const Certificates &certificates(const QString &name)
{
    static QTemporaryDir root;
    static QHash<QString, Certificates> made;
    auto it = made.find(name);
    if (it == made.end()) {
        Certificates c;
        c.dir = root.filePath(name.isEmpty() ? u"suite"_s : name);
        c.caFile = c.dir + u"/ca.pem"_s;
        c.certFile = c.dir + u"/server.pem"_s;
        c.keyFile = c.dir + u"/server.key"_s;
        c.fingerprint = makeCertificates(c.dir, {u"localhost"_s, u"127.0.0.1"_s, u"::1"_s});
        it = made.insert(name, c);
    }
    return *it;
}

okno::ClientTls clientTls()
{
    okno::ClientTls t;
    if (!enabled()) {
        t.mode = okno::ClientTls::Mode::Off;
        return t;
    }
    t.mode = okno::ClientTls::Mode::On;
    t.caFile = certificates().caFile;
    return t;
}

QStringList serverArgs()
{
    if (!enabled())
        return {};
    const Certificates &c = certificates();
    return {u"--tls-cert"_s, c.certFile, u"--tls-key"_s, c.keyFile};
}

std::unique_ptr<QTcpSocket> openTestSocket(quint16 port, int timeoutMs)
{
    if (!enabled()) {
        auto s = std::make_unique<QTcpSocket>();
        s->connectToHost(u"127.0.0.1"_s, port);
        if (!s->waitForConnected(timeoutMs))
            return nullptr;
        return s;
    }
    auto s = std::make_unique<QSslSocket>();
    QSslConfiguration conf = QSslConfiguration::defaultConfiguration();
    conf.setCaCertificates(QSslCertificate::fromPath(certificates().caFile));
    conf.setPeerVerifyMode(QSslSocket::VerifyPeer);
    s->setSslConfiguration(conf);
    s->connectToHostEncrypted(u"127.0.0.1"_s, port);
    if (!s->waitForEncrypted(timeoutMs) || !s->isEncrypted())
        return nullptr;
    return s;
}

} // namespace testtls
