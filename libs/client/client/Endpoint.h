#pragma once

#include <core/Result.h>

#include <QList>
#include <QString>

namespace okno {

// One address a server node listens on. A company with several server nodes on one database (one
// of them serves at a time, another takes over when it dies) gives its clients the list of them
// all: Client::connectToServer tries them in turn.
struct Endpoint
{
    QString host;
    quint16 port = 0;

    // "host:port", "[::1]:port" for an IPv6 address: what parseEndpoints reads back.
    QString toString() const;

    friend bool operator==(const Endpoint &, const Endpoint &) = default;
};

// A comma-separated list of servers, as --host, $OKNO_HOST and [server] host take it:
// "host1:7455,host2,[::1]:7456" (spaces around the items are ignored). An item without a port has
// `defaultPort`; an IPv6 address with a port is written in brackets (a bare "::1" is one host).
// Refused, with the item named: an empty list or item, a port that is not 1–65535, an item given
// twice.
Result<QList<Endpoint>> parseEndpoints(const QString &text, quint16 defaultPort);

// The list back as text ("a:7455,b:7455"): for the login form, settings and messages. Items on
// `defaultPort` (not 0) are written without it ("a,b:7460"), as a host alone has that port.
QString endpointsText(const QList<Endpoint> &endpoints, quint16 defaultPort = 0);

} // namespace okno
