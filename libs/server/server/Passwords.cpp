#include "Passwords.h"

#include <sodium.h>

#include <mutex>

namespace okno::passwords {

using namespace Qt::StringLiterals;

namespace {

void ensureInit()
{
    static std::once_flag once;
    std::call_once(once, [] {
        if (sodium_init() < 0)
            qFatal("libsodium could not be initialised");
    });
}

} // namespace

QByteArray hash(const QString &password)
{
    ensureInit();
    const QByteArray utf8 = password.toUtf8();
    char out[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str(out, utf8.constData(), quint64(utf8.size()), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        return {};
    return QByteArray(out);
}

bool verify(const QByteArray &encoded, const QString &password)
{
    ensureInit();
    if (encoded.isEmpty() || encoded.size() >= crypto_pwhash_STRBYTES)
        return false;
    const QByteArray utf8 = password.toUtf8();
    return crypto_pwhash_str_verify(encoded.constData(), utf8.constData(), quint64(utf8.size())) == 0;
}

QString weaknessOf(const QString &password)
{
    if (password.size() < 8)
        return u"password must be at least 8 characters long"_s;
    if (password.size() > 128)
        return u"password must be at most 128 characters long"_s;
    if (password.trimmed().isEmpty())
        return u"password must not be only spaces"_s;
    return {};
}

QString generate()
{
    ensureInit();
    static constexpr char alphabet[] = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    QString out;
    for (int i = 0; i < 24; ++i)
        out.append(QLatin1Char(alphabet[randombytes_uniform(sizeof(alphabet) - 1)]));
    return out;
}

} // namespace okno::passwords
