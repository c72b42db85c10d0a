#pragma once

#include <QByteArray>
#include <QString>

namespace okno::passwords {

// Argon2id through libsodium (crypto_pwhash_str): the encoded string carries its own salt and
// parameters. Both calls are slow by design (~0.1–0.5 s, 64 MiB): never call them on the event loop.
QByteArray hash(const QString &password);
bool verify(const QByteArray &encoded, const QString &password);

// A password a person can type and others cannot guess: 8–128 characters, not only spaces, not
// the login, not one character repeated or a run along the alphabet, digits or keyboard
// (12345678, abcdefgh, qwertyui, йцукенгш), and not one of the commonest passwords (a list of
// those that guessing tools try first, compared without case). Empty string = acceptable; else
// why not, in English.
QString weaknessOf(const QString &password, const QString &login = {});

// A random password for the first system administrator (24 characters, no look-alikes).
QString generate();

} // namespace okno::passwords
