// okno-bench's common parts: the blocking line client (the same code drives the baselines and
// the server), the failure that stops a measurement, percentiles and the printed report.
#pragma once

#include <QJsonObject>
#include <QString>
#include <QTcpSocket>

#include <chrono>
#include <functional>
#include <semaphore>
#include <vector>

namespace okno::bench {

using Clock = std::chrono::steady_clock;

double micros(Clock::duration d);
// Nearest-rank percentile of samples.
double percentile(std::vector<double> v, double p);

struct Failure
{
    QString what;
};
[[noreturn]] void fail(const QString &what);

// One blocking connection speaking newline-delimited JSON; used by one thread at a time.
class LineClient
{
public:
    explicit LineClient(quint16 port);

    qint64 send(QJsonObject request);
    // The next frame, events included.
    QJsonObject next(int timeoutMs = 60000);
    // The response to request `id`; events that come first are handed to `onEvent`.
    QJsonObject response(qint64 id, const std::function<void(const QJsonObject &)> &onEvent = {});
    // A request whose refusal stops the measurement: its result.
    QJsonObject call(const QString &op, QJsonObject fields = {});
    // hello and auth.login; many connections logging in with one account at once are asked to
    // come again (unavailable) while the server checks two of its passwords at a time.
    void login(const QString &user, const QString &password, int deskNumber = 0);

private:
    QTcpSocket m_socket;
    QByteArray m_buffer;
    qint64 m_nextId = 1;
};

// A few connections at a time connect and log in: the server checks two passwords of one account
// at a time, and closes a connection not logged in within 30 seconds.
class Admission
{
public:
    Admission();
    ~Admission();
    Admission(const Admission &) = delete;
    Admission &operator=(const Admission &) = delete;
};

struct Row
{
    QString what;
    double value = 0;
    QString unit;
    QString baselineName;
    double baseline = 0;
    QString goal;
};

// Prints each figure as it comes, beside its baseline and the ratio; keeps them for --json.
class Report
{
public:
    void add(Row r);
    void section(const QString &title);
    QJsonObject json() const;

private:
    std::vector<Row> m_rows;
};

} // namespace okno::bench
