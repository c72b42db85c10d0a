#include "Endpoint.h"

#include <QHostAddress>

#include <algorithm>

namespace okno {

using namespace Qt::StringLiterals;

QString Endpoint::toString() const
{
    const QString h = host.contains(u':') ? u'[' % host % u']' : host;
    return h % u':' % QString::number(port);
}

namespace {

Result<Endpoint> parseOne(const QString &item, quint16 defaultPort)
{
    QString host = item;
    QString port;
    if (item.startsWith(u'[')) {
        // [IPv6] or [IPv6]:port
        const qsizetype close = item.indexOf(u']');
        if (close < 0)
            return makeError(ErrorCode::InvalidArgument,
                             u"\"%1\": no closing ] after the IPv6 address"_s.arg(item));
        host = item.mid(1, close - 1);
        const QString rest = item.mid(close + 1);
        if (!rest.isEmpty()) {
            if (!rest.startsWith(u':'))
                return makeError(ErrorCode::InvalidArgument,
                                 u"\"%1\": after the ] only :port may follow"_s.arg(item));
            port = rest.mid(1);
            if (port.isEmpty())
                return makeError(ErrorCode::InvalidArgument,
                                 u"\"%1\": the port after the colon is missing"_s.arg(item));
        }
        if (QHostAddress(host).protocol() != QAbstractSocket::IPv6Protocol)
            return makeError(ErrorCode::InvalidArgument,
                             u"\"%1\": brackets are for an IPv6 address only"_s.arg(item));
    } else if (item.count(u':') > 1) {
        // A bare IPv6 address: no port can be told from its last group.
        if (QHostAddress(item).protocol() != QAbstractSocket::IPv6Protocol)
            return makeError(
                ErrorCode::InvalidArgument,
                u"\"%1\" is neither host:port nor an IPv6 address (write [address]:port)"_s.arg(item));
    } else if (const qsizetype colon = item.indexOf(u':'); colon >= 0) {
        host = item.left(colon);
        port = item.mid(colon + 1);
        if (port.isEmpty())
            return makeError(ErrorCode::InvalidArgument,
                             u"\"%1\": the port after the colon is missing"_s.arg(item));
    }
    if (host.isEmpty())
        return makeError(ErrorCode::InvalidArgument, u"\"%1\": the host is missing"_s.arg(item));
    for (const QChar c : std::as_const(host))
        if (c.isSpace() || c == u'/' || c == u'[' || c == u']')
            return makeError(ErrorCode::InvalidArgument, u"\"%1\" is not a host name or address"_s.arg(item));
    Endpoint e{host, defaultPort};
    if (!port.isNull()) {
        bool ok = false;
        const uint p = port.toUInt(&ok);
        const bool digits = std::all_of(port.cbegin(), port.cend(), [](QChar c) { return c.isDigit(); });
        if (!ok || !digits || p == 0 || p > 65535)
            return makeError(ErrorCode::InvalidArgument,
                             u"\"%1\": the port must be a number 1–65535, not \"%2\""_s.arg(item, port));
        e.port = quint16(p);
    }
    if (e.port == 0)
        return makeError(ErrorCode::InvalidArgument, u"\"%1\": no port (1–65535)"_s.arg(item));
    return e;
}

} // namespace

Result<QList<Endpoint>> parseEndpoints(const QString &text, quint16 defaultPort)
{
    if (text.trimmed().isEmpty())
        return makeError(ErrorCode::InvalidArgument, u"no server address given"_s);
    QList<Endpoint> list;
    const QStringList items = text.split(u',');
    for (qsizetype i = 0; i < items.size(); ++i) {
        const QString item = items[i].trimmed();
        if (item.isEmpty())
            return makeError(ErrorCode::InvalidArgument,
                             u"\"%1\": server %2 of %3 is empty (a comma too many?)"_s.arg(text.trimmed())
                                 .arg(i + 1)
                                 .arg(items.size()));
        auto e = parseOne(item, defaultPort);
        if (!e)
            return e.error();
        for (const Endpoint &known : std::as_const(list))
            if (known.port == e->port && known.host.compare(e->host, Qt::CaseInsensitive) == 0)
                return makeError(ErrorCode::InvalidArgument,
                                 u"\"%1\" is given twice in \"%2\""_s.arg(e->toString(), text.trimmed()));
        list.append(*e);
    }
    return list;
}

QString endpointsText(const QList<Endpoint> &endpoints, quint16 defaultPort)
{
    QStringList items;
    for (const Endpoint &e : endpoints)
        if (defaultPort && e.port == defaultPort)
            items.append(e.host.contains(u':') ? u'[' % e.host % u']' : e.host);
        else
            items.append(e.toString());
    return items.join(u',');
}

} // namespace okno
