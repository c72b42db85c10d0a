#pragma once

#include <QByteArray>
#include <QString>

namespace okno::passwords {

// Argon2id through libsodium (crypto_pwhash_str): the encoded string carries its own salt and
// parameters. Both calls are slow by design (~0.1–0.5 s, 64 MiB): never call them on the event loop.
QByteArray hash(const QString &password);
bool verify(const QByteArray &encoded, const QString &password);

// A password a person can type: 8–128 characters, not only spaces. Empty string = acceptable.
QString weaknessOf(const QString &password);

// A random password for the first system administrator (24 characters, no look-alikes).
QString generate();

} // namespace okno::passwords
