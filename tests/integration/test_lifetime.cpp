// A clean shutdown while terminals are connected, logins are being checked and frames are half
// sent: the server stops with exit code 0 and nothing touches what it has already destroyed (the
// ASan build of the suite turns any such access into a failure here).
#include "Fixture.h"
#include "TestTls.h"

#include <QCoreApplication>
#include <QTcpSocket>

TEST_CASE("okno-server stops cleanly with clients connected and logins in flight", "[lifetime]")
{
    ServerProcess server({u"--demo"_s});
    REQUIRE(server.start());
    // Sessions at work, …
    std::vector<std::unique_ptr<SyncClient>> sessions;
    for (const QString &login : {u"admin1"_s, u"consult1"_s, u"cashier1"_s, u"manager"_s, u"board1"_s}) {
        auto c = std::make_unique<SyncClient>();
        REQUIRE(c->login(server.port(), login, u"okno-demo"_s));
        sessions.push_back(std::move(c));
    }
    // … logins sent and not yet answered (their hashes being computed on worker threads), a frame
    // cut in half, and a connection that never says hello.
    std::vector<std::unique_ptr<QTcpSocket>> raw;
    for (int i = 0; i < 12; ++i) {
        auto s = testtls::openTestSocket(server.port());
        REQUIRE(s);
        if (i < 8)
            s->write("{\"id\":1,\"op\":\"hello\",\"version\":1}\n"
                     "{\"id\":2,\"op\":\"auth.login\",\"login\":\"manager\",\"password\":\"okno-demo\"}\n");
        else if (i < 10)
            s->write("{\"id\":1,\"op\":\"hel");
        s->flush();
        raw.push_back(std::move(s));
    }
    QCoreApplication::processEvents();
    server.stop();
    INFO(server.log().toStdString());
    CHECK(server.exitCode() == 0);
    CHECK_FALSE(server.log().contains(u"AddressSanitizer"_s));
    CHECK_FALSE(server.log().contains(u"runtime error"_s));
}
