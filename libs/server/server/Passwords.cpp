#include "Passwords.h"

#include <sodium.h>

#include <QSet>
#include <QStringList>

#include <algorithm>
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

namespace {

// What guessing tools try first: the commonest passwords of breach lists, in Latin and in Cyrillic
// (as typed on a Russian layout), and the names of this product and its trade. Lower case.
const QSet<QString> &commonPasswords()
{
    static const QSet<QString> list = [] {
        QSet<QString> s;
        for (const char *p :
             {"password",   "password1",    "password12",   "password123", "password!",     "passw0rd",
              "p@ssw0rd",   "p@ssword",     "iloveyou",     "sunshine",    "princess",      "football",
              "baseball",   "starwars",     "whatever",     "trustno1",    "superman",      "michelle",
              "jennifer",   "computer",     "internet",     "welcome1",    "welcome123",    "letmein1",
              "letmein123", "changeme",     "changeme1",    "default1",    "administrator", "admin123",
              "admin1234",  "admin12345",   "adminadmin",   "root1234",    "rootroot",      "master12",
              "mastermind", "dragon12",     "monkey12",     "shadow12",    "qwerty12",      "qwerty123",
              "qwerty1234", "qwertyuiop",   "qwerty123456", "1q2w3e4r",    "1q2w3e4r5t",    "1q2w3e4r5t6y",
              "1qaz2wsx",   "1qaz2wsx3edc", "zaq12wsx",     "zaq1zaq1",    "q1w2e3r4",      "q1w2e3r4t5",
              "a1b2c3d4",   "aa123456",     "abc12345",     "abcd1234",    "asdf1234",      "asdfghjkl",
              "zxcvbnm1",   "zxcvbnm123",   "11223344",     "12341234",    "12344321",      "123123123",
              "123321123",  "1234qwer",     "147258369",    "159753258",   "987654321",     "9876543210",
              "0987654321", "11111111",     "00000000",     "88888888",    "12121212",      "69696969",
              "19871987",   "20202020",     "20242024",     "20252025",    "20262026",      "20272027",
              "pass1234",   "test1234",     "testtest",     "secret12",    "secret123",     "samsung1",
              "google123",  "microsoft",    "linkedin",     "facebook",    "apple123",      "spartak1",
              "zenit2024",  "cska1911",     "nastya123",    "natasha1",    "marina123",     "svetlana",
              "kristina",   "ekaterina",    "alexander",    "aleksandr",   "dmitriy1",      "vladimir",
              "sergey123",  "andrey123",    "maksim123",    "russia123",   "moscow123",     "moskva123",
              "privet123",  "parol123",     "parol1234",    "parolparol",  "kotik123",      "solnyshko",
              "lyubov123",  "okno1234",     "okno12345",    "oknookno",    "energy123",     "energo123",
              "energosbyt", "energosbyt1",  "kassa123",     "kassir123",   "manager1",      "manager123",
              "operator1",  "operator123",  "consultant",   "cashier123"})
            s.insert(QString::fromUtf8(p));
        for (const char16_t *p :
             {u"пароль12",   u"пароль123",   u"парольпароль",  u"йцукенгш",  u"йцукенгшщз", u"йцукенгшщзхъ",
              u"фывапролд",  u"фывапролджэ", u"ячсмитьбю",     u"привет123", u"любовь123",  u"солнышко",
              u"кисонька",   u"наташа123",   u"россия123",     u"москва123", u"спартак1",   u"зенит2024",
              u"энергосбыт", u"энергосбыт1", u"окноокно",      u"касса123",  u"кассир123",  u"менеджер",
              u"оператор",   u"консультант", u"администратор", u"админ123",  u"qwerty12345"})
            s.insert(QString::fromUtf16(p));
        return s;
    }();
    return list;
}

// A run of at least 8 characters along one of these rows, either way: 12345678, hgfedcba, qwertyui.
bool isKeyboardRun(const QString &lower)
{
    static const QStringList rows{u"01234567890"_s,
                                  u"abcdefghijklmnopqrstuvwxyz"_s,
                                  u"qwertyuiopasdfghjklzxcvbnm"_s,
                                  u"qwertyuiop"_s,
                                  u"asdfghjkl"_s,
                                  u"zxcvbnm"_s,
                                  u"абвгдеёжзийклмнопрстуфхцчшщъыьэюя"_s,
                                  u"йцукенгшщзхъфывапролджэячсмитьбю"_s};
    for (const QString &row : rows) {
        QString reversed = row;
        std::reverse(reversed.begin(), reversed.end());
        if (row.contains(lower) || reversed.contains(lower))
            return true;
    }
    return false;
}

} // namespace

QString weaknessOf(const QString &password, const QString &login)
{
    if (password.size() < 8)
        return u"password must be at least 8 characters long"_s;
    if (password.size() > 128)
        return u"password must be at most 128 characters long"_s;
    if (password.trimmed().isEmpty())
        return u"password must not be only spaces"_s;
    const QString lower = password.toLower();
    if (!login.isEmpty() && lower.contains(login.toLower()))
        return u"password must not contain the login"_s;
    if (std::all_of(lower.cbegin(), lower.cend(), [&](QChar ch) { return ch == lower.front(); }))
        return u"password must not be one character repeated"_s;
    if (isKeyboardRun(lower))
        return u"password must not be a run of the alphabet, digits or keyboard"_s;
    if (commonPasswords().contains(lower))
        return u"password is one of the commonest passwords, which are tried first; choose another"_s;
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
