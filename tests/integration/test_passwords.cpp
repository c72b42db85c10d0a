// The password policy: long enough, not the login, not a run or a repeat, not one of the passwords
// guessing tools try first — each refusal says which — and the server applies it where a password
// is set.
#include "Fixture.h"

#include <server/Passwords.h>

using okno::passwords::weaknessOf;

TEST_CASE("the password policy refuses what is guessed first and says why", "[security][passwords]")
{
    CHECK(weaknessOf(u"Tr0ub4dor-horse"_s).isEmpty());
    CHECK(weaknessOf(u"кошка-в-окне-7"_s).isEmpty());
    CHECK(weaknessOf(u"short1"_s).contains(u"at least 8"_s));
    CHECK(weaknessOf(QString(129, u'x')).contains(u"at most 128"_s));
    CHECK(weaknessOf(u"        "_s).contains(u"only spaces"_s));
    CHECK(weaknessOf(u"zzzzzzzzzz"_s).contains(u"repeated"_s));
    for (const QString &run :
         {u"12345678"_s, u"87654321"_s, u"abcdefghij"_s, u"QWERTYUIOP"_s, u"йцукенгш"_s, u"asdfghjkl"_s})
        CHECK(weaknessOf(run).contains(u"run of the alphabet"_s));
    for (const QString &common : {u"Password1"_s, u"qwerty123"_s, u"1q2w3e4r"_s, u"пароль123"_s,
                                  u"P@ssw0rd"_s, u"iloveyou"_s, u"Energosbyt"_s})
        CHECK(weaknessOf(common).contains(u"commonest passwords"_s));
    CHECK(weaknessOf(u"ivanova-2026"_s, u"ivanova"_s).contains(u"login"_s));
    CHECK(weaknessOf(u"ivanova-2026"_s, u"petrov"_s).isEmpty());
}

TEST_CASE("the server refuses a common password for an account, naming the reason", "[security][passwords]")
{
    DemoServer d;
    const QJsonObject staff = d.admin->ok(u"staff.list"_s).value(u"staff"_s).toArray().first().toObject();
    auto r = d.admin->call(u"staff.setPassword"_s,
                           {{u"staffId"_s, staff.value(u"id"_s)}, {u"password"_s, u"qwerty123"_s}});
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == okno::ErrorCode::InvalidArgument);
    CHECK(r.error().message.contains(u"commonest passwords"_s));
    const QString withLogin = staff.value(u"login"_s).toString() + u"-2026"_s;
    r = d.admin->call(u"staff.setPassword"_s,
                      {{u"staffId"_s, staff.value(u"id"_s)}, {u"password"_s, withLogin}});
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message.contains(u"login"_s));
}
