#pragma once

#include <client/Tls.h>

#include <QString>
#include <QStringList>

#include <memory>

class QTcpSocket;

// The integration suite over TLS: with OKNO_TEST_TLS=1 in the environment every server a test
// starts (ServerProcess) has a certificate from the company recipe (scripts/okno-make-certs), and
// every client the helpers open — SyncClient, RawConnection, openTestSocket, runCtl — trusts
// only that CA. CTest runs the suite both ways (tests/integration/CMakeLists.txt).
namespace testtls {

bool enabled();

// Made once per test process with scripts/okno-make-certs (a fresh CA, a certificate for
// localhost and 127.0.0.1); `dir` names a directory of another, unrelated CA and server when
// `name` is not empty (for tests of a wrong certificate).
struct Certificates
{
    QString dir;
    QString caFile;
    QString certFile;
    QString keyFile;
    QString fingerprint; // as the script printed it, "AB:CD:…"
};
const Certificates &certificates(const QString &name = {});
// Runs the recipe into `dir` for the given names; the fingerprint it printed, or empty on failure
// (with the script's output in `log`).
QString makeCertificates(const QString &dir, const QStringList &names, QString *log = nullptr);

// What clients in this run use: ClientTls::Mode::On with the test CA, or Off.
okno::ClientTls clientTls();
// Server arguments for this run: --tls-cert/--tls-key, or nothing.
QStringList serverArgs();
// A connected socket to 127.0.0.1:port, encrypted in a TLS run (nullptr when it failed).
std::unique_ptr<QTcpSocket> openTestSocket(quint16 port, int timeoutMs = 5000);

} // namespace testtls
