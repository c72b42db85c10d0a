#include "Tls.h"

#include <QCryptographicHash>
#include <QFile>
#include <QHostAddress>
#include <QRegularExpression>

namespace okno {

using namespace Qt::StringLiterals;

bool isLoopbackHost(const QString &host)
{
    const QString h = host.trimmed().toLower();
    if (h == u"localhost"_s || h.endsWith(u".localhost"_s))
        return true;
    const QHostAddress address(h);
    return !address.isNull() && address.isLoopback();
}

bool ClientTls::appliesTo(const QString &host) const
{
    if (mode != Mode::Auto)
        return mode == Mode::On;
    return !isLoopbackHost(host);
}

QString tlsFingerprint(const QSslCertificate &certificate)
{
    if (certificate.isNull())
        return {};
    return QString::fromLatin1(certificate.digest(QCryptographicHash::Sha256).toHex(':').toUpper());
}

QString normalisedFingerprint(const QString &text)
{
    QString t = text.trimmed();
    static const QRegularExpression prefix(u"^(sha-?256)(\\s*fingerprint)?\\s*[:=]?\\s*"_s,
                                           QRegularExpression::CaseInsensitiveOption);
    t.remove(prefix);
    t.remove(QRegularExpression(u"[:\\s]"_s));
    static const QRegularExpression hex(u"^[0-9A-Fa-f]{64}$"_s);
    if (!hex.match(t).hasMatch())
        return {};
    const QByteArray bytes = QByteArray::fromHex(t.toLatin1());
    return QString::fromLatin1(bytes.toHex(':').toUpper());
}

QList<QSslCertificate> readCertificates(const QString &path, QString *error)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        if (error)
            *error = u"cannot read %1: %2"_s.arg(path, f.errorString());
        return {};
    }
    const QList<QSslCertificate> certs = QSslCertificate::fromData(f.readAll(), QSsl::Pem);
    if (certs.isEmpty() && error)
        *error = u"%1 holds no PEM certificate"_s.arg(path);
    return certs;
}

} // namespace okno
