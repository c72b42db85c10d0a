// The list of server nodes a terminal or oknoctl is given (--host, $OKNO_HOST, [server] host):
// "host1:7455,host2,[::1]:7456", read by okno::parseEndpoints.
#include <client/Endpoint.h>

#include <catch2/catch.hpp>

using namespace Qt::StringLiterals;
using okno::Endpoint;

namespace {

QList<Endpoint> parsed(const QString &text, quint16 defaultPort = 7455)
{
    const auto r = okno::parseEndpoints(text, defaultPort);
    INFO(text.toStdString() << ": " << (r ? std::string() : r.error().message.toStdString()));
    REQUIRE(r.ok());
    return *r;
}

QString refusal(const QString &text, quint16 defaultPort = 7455)
{
    const auto r = okno::parseEndpoints(text, defaultPort);
    INFO(text.toStdString() << " was taken as " << (r ? okno::endpointsText(*r).toStdString() : ""));
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == okno::ErrorCode::InvalidArgument);
    return r.error().message;
}

} // namespace

TEST_CASE("one server, as --host took it before lists", "[client][endpoints]")
{
    CHECK(parsed(u"127.0.0.1"_s) == QList<Endpoint>{{u"127.0.0.1"_s, 7455}});
    CHECK(parsed(u"okno.example"_s, 8000) == QList<Endpoint>{{u"okno.example"_s, 8000}});
    CHECK(parsed(u"  okno.example:7460 "_s) == QList<Endpoint>{{u"okno.example"_s, 7460}});
}

TEST_CASE("a list of server nodes, in its order", "[client][endpoints]")
{
    const QList<Endpoint> expected{
        {u"host1"_s, 7455}, {u"host2"_s, 7000}, {u"::1"_s, 7456}, {u"fe80::1"_s, 7000}};
    CHECK(parsed(u"host1:7455,host2,[::1]:7456,fe80::1"_s, 7000) == expected);
    CHECK(parsed(u"host1:7455, host2 , [::1]:7456 ,fe80::1"_s, 7000) == expected);
    CHECK(parsed(u"[::1]"_s) == QList<Endpoint>{{u"::1"_s, 7455}});
    // The same host on two ports is two nodes (two servers on one machine).
    CHECK(parsed(u"a:1,a:2"_s) == QList<Endpoint>{{u"a"_s, 1}, {u"a"_s, 2}});
    // Written back as it is read.
    CHECK(okno::endpointsText(expected) == u"host1:7455,host2:7000,[::1]:7456,[fe80::1]:7000"_s);
    CHECK(parsed(okno::endpointsText(expected)) == expected);
    // Without the default port where it is the default: a host alone.
    CHECK(okno::endpointsText(expected, 7000) == u"host1:7455,host2,[::1]:7456,[fe80::1]"_s);
    CHECK(parsed(okno::endpointsText(expected, 7000), 7000) == expected);
}

TEST_CASE("a list that cannot be meant is refused with the item named", "[client][endpoints]")
{
    CHECK(refusal(u""_s).contains(u"no server address"_s));
    CHECK(refusal(u"  "_s).contains(u"no server address"_s));
    // Empty items: a comma too many.
    CHECK(refusal(u"a:7455,,b:7455"_s).contains(u"server 2 of 3 is empty"_s));
    CHECK(refusal(u"a:7455,"_s).contains(u"server 2 of 2 is empty"_s));
    CHECK(refusal(u",a"_s).contains(u"server 1 of 2 is empty"_s));
    // Bad ports.
    for (const QString &bad :
         {u"a:0"_s, u"a:65536"_s, u"a:port"_s, u"a:-1"_s, u"a:+80"_s, u"a:74 55"_s, u"[::1]:99999"_s})
        CHECK(refusal(u"ok:7455,"_s + bad).contains(u"the port must be a number 1–65535"_s));
    CHECK(refusal(u"a:"_s).contains(u"\"a:\": the port after the colon is missing"_s));
    CHECK(refusal(u"a"_s, 0).contains(u"no port"_s));
    // Hosts.
    CHECK(refusal(u":7455"_s).contains(u"the host is missing"_s));
    CHECK(refusal(u"[]:7455"_s).contains(u"brackets are for an IPv6 address only"_s));
    CHECK(refusal(u"[a]:7455"_s).contains(u"brackets are for an IPv6 address only"_s));
    CHECK(refusal(u"[::1:7455"_s).contains(u"no closing ]"_s));
    CHECK(refusal(u"[::1]7455"_s).contains(u"only :port may follow"_s));
    CHECK(refusal(u"a:b:c"_s).contains(u"neither host:port nor an IPv6 address"_s));
    CHECK(refusal(u"my host:7455"_s).contains(u"is not a host name or address"_s));
    // The same node twice (also when the port is the default, or the case differs).
    CHECK(refusal(u"a:7455,b,a:7455"_s).contains(u"\"a:7455\" is given twice"_s));
    CHECK(refusal(u"a,a:7455"_s).contains(u"\"a:7455\" is given twice"_s));
    CHECK(refusal(u"Okno.example,okno.EXAMPLE"_s).contains(u"is given twice"_s));
    CHECK(refusal(u"[::1]:7455,::1"_s).contains(u"\"[::1]:7455\" is given twice"_s));
}
