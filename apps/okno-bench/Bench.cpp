#include "Bench.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QThread>

#include <algorithm>
#include <cmath>
#include <cstdio>

using namespace Qt::StringLiterals;

namespace okno::bench {

double micros(Clock::duration d)
{
    return double(std::chrono::duration_cast<std::chrono::nanoseconds>(d).count()) / 1000.0;
}

double percentile(std::vector<double> v, double p)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    const auto rank = size_t(std::ceil(p / 100.0 * double(v.size())));
    return v[std::clamp<size_t>(rank, 1, v.size()) - 1];
}

void fail(const QString &what)
{
    throw Failure{what};
}

// --- LineClient ----------------------------------------------------------------------------------

LineClient::LineClient(quint16 port)
{
    m_socket.connectToHost(QHostAddress::LocalHost, port);
    if (!m_socket.waitForConnected(10000))
        fail(u"cannot connect to port %1: %2"_s.arg(port).arg(m_socket.errorString()));
    m_socket.setSocketOption(QAbstractSocket::LowDelayOption, 1);
}

qint64 LineClient::send(QJsonObject request)
{
    const qint64 id = m_nextId++;
    request.insert(u"id"_s, double(id));
    m_socket.write(QJsonDocument(request).toJson(QJsonDocument::Compact) + '\n');
    m_socket.flush();
    return id;
}

QJsonObject LineClient::next(int timeoutMs)
{
    while (true) {
        const qsizetype nl = m_buffer.indexOf('\n');
        if (nl >= 0) {
            const QByteArray line = m_buffer.left(nl);
            m_buffer.remove(0, nl + 1);
            if (line.trimmed().isEmpty())
                continue;
            return QJsonDocument::fromJson(line).object();
        }
        if (!m_socket.waitForReadyRead(timeoutMs))
            fail(u"no answer within %1 ms (%2)"_s.arg(timeoutMs).arg(m_socket.errorString()));
        m_buffer += m_socket.readAll();
    }
}

QJsonObject LineClient::response(qint64 id, const std::function<void(const QJsonObject &)> &onEvent)
{
    while (true) {
        const QJsonObject frame = next();
        if (frame.contains(u"event"_s)) {
            if (onEvent)
                onEvent(frame);
            continue;
        }
        if (qint64(frame.value(u"id"_s).toDouble()) == id)
            return frame;
    }
}

QJsonObject LineClient::call(const QString &op, QJsonObject fields)
{
    fields.insert(u"op"_s, op);
    const QJsonObject r = response(send(fields));
    if (!r.value(u"ok"_s).toBool())
        fail(u"%1: %2"_s.arg(op, QString::fromUtf8(QJsonDocument(r).toJson(QJsonDocument::Compact))));
    return r.value(u"result"_s).toObject();
}

void LineClient::login(const QString &user, const QString &password, int deskNumber)
{
    call(u"hello"_s, {{u"version"_s, 1}, {u"client"_s, u"okno-bench"_s}});
    QJsonObject request{{u"op"_s, u"auth.login"_s}, {u"login"_s, user}, {u"password"_s, password}};
    if (deskNumber > 0)
        request.insert(u"deskNumber"_s, deskNumber);
    for (int attempt = 0;; ++attempt) {
        const QJsonObject r = response(send(request));
        if (r.value(u"ok"_s).toBool())
            return;
        if (r.value(u"error"_s).toObject().value(u"code"_s).toString() != u"unavailable"_s || attempt > 1200)
            fail(u"auth.login: "_s + QString::fromUtf8(QJsonDocument(r).toJson(QJsonDocument::Compact)));
        QThread::msleep(100 + QRandomGenerator::global()->bounded(100));
    }
}

// --- Admission -----------------------------------------------------------------------------------

namespace {
std::counting_semaphore<64> loginSlots(4);
}

Admission::Admission()
{
    loginSlots.acquire();
}

Admission::~Admission()
{
    loginSlots.release();
}

// --- Report --------------------------------------------------------------------------------------

void Report::add(Row r)
{
    std::printf("  %-58s %12.1f %-6s", qPrintable(r.what), r.value, qPrintable(r.unit));
    if (r.baseline > 0)
        std::printf("  %7.2f× %s", r.value / r.baseline, qPrintable(r.baselineName));
    if (!r.goal.isEmpty())
        std::printf("  [goal %s]", qPrintable(r.goal));
    std::printf("\n");
    std::fflush(stdout);
    m_rows.push_back(std::move(r));
}

void Report::section(const QString &title)
{
    std::printf("\n%s\n", qPrintable(title));
    std::fflush(stdout);
}

QJsonObject Report::json() const
{
    QJsonArray rows;
    for (const Row &r : m_rows)
        rows.append(QJsonObject{{u"what"_s, r.what},
                                {u"value"_s, r.value},
                                {u"unit"_s, r.unit},
                                {u"baseline"_s, r.baseline},
                                {u"baselineName"_s, r.baselineName},
                                {u"ratio"_s, r.baseline > 0 ? r.value / r.baseline : 0.0},
                                {u"goal"_s, r.goal}});
    return {{u"rows"_s, rows}};
}

} // namespace okno::bench
