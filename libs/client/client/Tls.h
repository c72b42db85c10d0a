#pragma once

#include <QList>
#include <QSslCertificate>
#include <QString>

namespace okno {

// How a client protects its connection to the server (docs/security.md, "TLS").
//
// Auto (the default): TLS unless the server is on this machine (localhost, 127.0.0.0/8, ::1).
// Off: plain TCP, which a server accepts only on its own machine (loopback) unless its operator
// said --allow-plaintext. On: always TLS. With TLS (1.2 or later) the server's certificate must be
//   - signed by a CA in `caFile` (the company's own CA, see scripts/okno-make-certs) and issued
//     for the host name or address the client connects to; or
//   - the certificate whose SHA-256 fingerprint is `pin` (any issuer, any name: the operator
//     compared the fingerprint the server printed at start);
// both when both are given; the system's trusted CAs when neither is.
struct ClientTls
{
    enum class Mode
    {
        Auto,
        On,
        Off
    };
    Mode mode = Mode::Auto;
    QString caFile;
    QString pin; // as normalisedFingerprint() writes it; anything tlsFingerprintFromText reads

    // Whether a connection to `host` is made with TLS.
    bool appliesTo(const QString &host) const;

    friend bool operator==(const ClientTls &, const ClientTls &) = default;
};

// localhost, *.localhost, 127.0.0.0/8, ::1: a server on this very machine.
bool isLoopbackHost(const QString &host);

// "AB:CD:…" (32 upper-case hex pairs joined by colons): how OpenSSL prints a SHA-256 fingerprint
// (`openssl x509 -noout -fingerprint -sha256`), the server logs its own and a terminal shows it.
QString tlsFingerprint(const QSslCertificate &certificate);
// A fingerprint as a person may type or paste it — with or without colons or spaces, any case,
// with a leading "sha256:" or OpenSSL's "sha256 Fingerprint=" — in the form above; empty when it
// is not 32 bytes of hex.
QString normalisedFingerprint(const QString &text);
// The certificates of a PEM file; empty with a reason in `error` when there are none.
QList<QSslCertificate> readCertificates(const QString &path, QString *error);

} // namespace okno
