// fuzz_ops: every operation's fields, decoded by the real server. One QueueService runs in this
// process on a SQLite file in a temporary directory, with a demo centre in the middle of a working
// day (desks open, visits waiting, called and in service, a cash shift with payments, a second
// centre); each input is a request or a few (up to kMaxRequests), each from one of its sessions,
// dispatched exactly as a frame from a connection is (QueueService::handleFrame), answered, and
// checked. A session is one connection for the whole input: what a request does to it (hello,
// auth.logout, desk.open, events.subscribe) the next request from it sees.
//
// Input, per request: a byte that chooses the session (kSessions below: not yet greeted, greeted,
// the system administrator, reception at desk 1, a consultant serving at desk 2, …), a byte that
// chooses the operation (an index into protocol::ops::all(); 0xff and any other index past the end
// keep the frame's own "op", so the corpus names its op in the JSON and survives new ops), then
// the request frame as it comes off the wire: one line of JSON ("id" 7 is added when it has none),
// ended by '\n' when another request follows.
//
// What must hold, whatever the request:
// - the server does not crash, and answers exactly once: {"id", "ok": true, "result": {…}} or
//   {"id", "ok": false, "error": {"code", "message"}}, the id the request's own (null when it had
//   no valid one);
// - an error's code is one of the codes docs/protocol.md documents for a request, and never
//   `internal` or `unavailable`: nothing here is a server fault or a full disk;
// - a refused request changes nothing: no event is numbered or published, and the centres' live
//   state (status), the accounts and the centres read the same as before; nor does it change the
//   caller's session (beyond the failed-login count);
// - the hall devices (board, kiosk) receive no personal data in any reply or event;
// - what the server sends is what a client can read: every frame decodes to itself, and the
//   objects in an answer or an event read with the protocol's own readers (protocol/Codec.h).
//
// The state resets between inputs whenever one changed it (a success of a changing op, anything
// that numbered an event, a password check that the lockout counts): an input's outcome depends
// on that input alone, so a crash reproduces from its file. A refused request is compared with
// the template day while nothing before it in the input changed the state; after that, only the
// events tell (the reads that compare go through a session the change may have ended).
//
// Password hashing: this binary defines libsodium's two Argon2id entry points
// (crypto_pwhash_str, crypto_pwhash_str_verify), which the dynamic linker then binds ahead of
// libsodium's: a hash of BLAKE2b instead of 0.2 s and 64 MiB of Argon2id. Passwords.cpp, the
// password pool, the lockout and every handler run unchanged; only the cost of a check differs, so
// that auth.login, staff.put, staff.setPassword and payment.reverse can be fuzzed all the way.

#include "FuzzSupport.h"

#include <logging/Logging.h>
#include <protocol/Codec.h>
#include <protocol/FrameDecoder.h>
#include <protocol/Message.h>
#include <protocol/Ops.h>
#include <protocol/Protocol.h>
#include <protocol/Results.h>
#include <server/AccessPolicy.h>
#include <server/Peer.h>
#include <server/QueueService.h>
#include <server/ServerOptions.h>

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QSet>
#include <QTemporaryDir>

#include <sodium.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>

using namespace okno;
using namespace okno::fuzz;
using namespace Qt::StringLiterals;

// --- a cheap stand-in for Argon2id (see the top of this file)

namespace {
constexpr char kFakeHashPrefix[] = "$okno-fuzz$";

void fakeHash(char *out, const char *password, unsigned long long length)
{
    unsigned char digest[16];
    crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char *>(password), length,
                       nullptr, 0);
    std::strcpy(out, kFakeHashPrefix);
    sodium_bin2hex(out + sizeof kFakeHashPrefix - 1, 2 * sizeof digest + 1, digest, sizeof digest);
}
} // namespace

extern "C" int crypto_pwhash_str(char out[crypto_pwhash_STRBYTES], const char *const passwd,
                                 unsigned long long passwdlen, unsigned long long, size_t)
{
    fakeHash(out, passwd, passwdlen);
    return 0;
}

extern "C" int crypto_pwhash_str_verify(const char *str, const char *const passwd,
                                        unsigned long long passwdlen)
{
    char expected[crypto_pwhash_STRBYTES];
    fakeHash(expected, passwd, passwdlen);
    return std::strcmp(str, expected) == 0 ? 0 : -1;
}

namespace {

// --- a connection as the service sees it: everything sent to it is kept

class FuzzPeer final : public Peer
{
public:
    explicit FuzzPeer(Session session = {}) { this->session() = std::move(session); }
    void send(const QJsonObject &frame) override { m_sent.append(frame); }
    void closeAfterSending() override { m_closed = true; }
    QString describe() const override { return u"fuzz"_s; }
    QString address() const override { return u"192.0.2.7"_s; }

    const QList<QJsonObject> &sent() const { return m_sent; }
    bool closed() const { return m_closed; }
    // The replies among the frames sent (events and session notices have no "ok").
    QList<QJsonObject> responses() const
    {
        QList<QJsonObject> out;
        for (const QJsonObject &f : m_sent)
            if (f.contains(u"ok"_s))
                out.append(f);
        return out;
    }

private:
    QList<QJsonObject> m_sent;
    bool m_closed = false;
};

// --- the sessions an input may speak from

// Requests in one input: enough for a change and its consequence (clock.set, then visit.issue;
// desk.close, then visit.callNext), few enough that the state stays explainable.
constexpr qsizetype kMaxRequests = 4;

enum SessionIndex
{
    NotGreeted,
    Greeted,
    Admin,    // system administrator, company-wide
    Admin1,   // administrator (reception), desk 1 open
    Consult1, // consultant, desk 2 open, serving visit 1
    Consult2, // consultant, logged in at desk 3, desk closed
    Cashier1, // cashier, desk 4 open, cash shift open
    Manager,  // manager of centre 1
    Director, // manager of every centre
    Kiosk1,
    Board1,
    Admin2, // administrator of centre 2
    kSessions
};

struct Login
{
    const char *login;
    const char *password;
    int deskNumber;
};

constexpr char kDemoPassword[] = "okno-demo";
constexpr char kAdminPassword[] = "fuzz-admin-pass";

// A day in the middle of a working week, at 10:00 in Moscow: the demo centre is open.
const QDateTime &fuzzClock()
{
    static const QDateTime at = QDateTime::fromString(u"2026-11-25T10:00:00+03:00"_s, Qt::ISODate);
    return at;
}

// What the request frames may answer with. docs/protocol.md's codes, less those a request never
// gets from handleFrame (bad_frame: the frame was decoded), and those that would mean a fault
// here: `internal` (a bug) and `unavailable` (a storage failure or a full password queue, neither
// of which happens in this process). `too_many_attempts` is expected: after three failed checks of
// one login the fourth must wait (core/LoginThrottle), and an input holds four requests (found by
// fuzz_ops: tests/fuzz/regressions/fuzz_ops/). The day, throttle included, is restored after every
// password check, so it never carries over to the next input. `busy` is expected too: an input may
// ask for reports while others of the account are in hand.
const QSet<QString> &expectedErrorCodes()
{
    static const QSet<QString> codes{
        u"bad_request"_s,   u"unknown_operation"_s, u"unsupported_version"_s,
        u"auth_required"_s, u"auth_failed"_s,       u"forbidden"_s,
        u"not_found"_s,     u"invalid_argument"_s,  u"invalid_transition"_s,
        u"conflict"_s,      u"centre_closed"_s,     u"desk_unavailable"_s,
        u"queue_empty"_s,   u"too_many_attempts"_s, u"busy"_s,
    };
    return codes;
}

// Operations that change what the next input would see even when they are refused: a password
// check counts towards a lockout (auth.login, payment.reverse), and two that are not journaled.
bool leavesTraces(const QString &op)
{
    return op == protocol::ops::AuthLogin || op == protocol::ops::PaymentReverse ||
           op == protocol::ops::ClockSet || op == protocol::ops::AuthUnlock;
}

class Harness
{
public:
    Harness()
    {
        const QString shm = u"/dev/shm"_s;
        // tmpfs where there is one: every commit is an fsync (synchronous=FULL).
        m_dir = std::make_unique<QTemporaryDir>(QFileInfo(shm).isWritable()
                                                    ? shm + u"/okno-fuzz-XXXXXX"_s
                                                    : QDir::tempPath() + u"/okno-fuzz-XXXXXX"_s);
        require(m_dir->isValid(), "cannot make a temporary directory");
        buildTemplate();
        m_dirty = true;
    }

    struct Request
    {
        int session = 0;
        QJsonObject frame;
    };

    // The requests of one input, in order, each from its session's one connection.
    void run(const QList<Request> &requests)
    {
        if (m_dirty) {
            QElapsedTimer t;
            t.start();
            restart();
            if (m_verbose)
                std::fprintf(stderr, "okno-fuzz: restarted on the template day in %lld ms\n", t.elapsed());
        }
        m_dirty = false;
        QueueService &service = *m_service;

        // Everyone else is watching: a subscribed connection of each account sees what is published.
        std::vector<std::unique_ptr<FuzzPeer>> observers;
        for (int i = Admin; i < kSessions; ++i) {
            Session s = m_sessions[i];
            s.subscribed = true;
            s.lastSeqSent = service.lastSeq();
            observers.push_back(std::make_unique<FuzzPeer>(s));
            service.attach(observers.back().get());
        }
        // Every session's connection is there from the start, as the terminals' are: a change to
        // an account ends its connections before they send anything more.
        std::unique_ptr<FuzzPeer> callers[kSessions];
        for (int i = 0; i < kSessions; ++i) {
            callers[i] = std::make_unique<FuzzPeer>(m_sessions[i]);
            service.attach(callers[i].get());
        }
        for (const Request &r : requests)
            if (!callers[r.session]->closed()) // once the server closed it, nothing more comes from it
                runOne(r, *callers[r.session], observers);
        for (auto &caller : callers)
            service.detach(caller.get());
        for (const auto &o : observers)
            service.detach(o.get());
    }

private:
    // One request: answered once, and checked.
    void runOne(const Request &r, FuzzPeer &caller, const std::vector<std::unique_ptr<FuzzPeer>> &observers)
    {
        QueueService &service = *m_service;
        const QJsonObject &frame = r.frame;
        const QString op = frame.value(u"op"_s).toString();
        const access::OpRule *rule = access::rule(op);
        const QJsonValue requestId = protocol::requestIdOf(frame);

        const bool cleanBefore = !m_dirty; // the template day's state, as far as anyone can tell
        const qint64 seqBefore = service.lastSeq();
        const Session sessionBefore = caller.session();
        const qsizetype answeredBefore = caller.responses().size();
        const qsizetype callerSeen = caller.sent().size();
        std::vector<qsizetype> seen;
        for (const auto &o : observers)
            seen.push_back(o->sent().size());

        service.handleFrame(&caller, frame);
        waitFor([&] { return caller.responses().size() > answeredBefore; });
        // Whatever is still queued for this request runs now: a second answer would show.
        QCoreApplication::sendPostedEvents();
        QCoreApplication::processEvents();

        const QList<QJsonObject> responses = caller.responses().mid(answeredBefore);
        require(responses.size() == 1, "a request was answered more than once",
                text(frame) + "\n*** answers: " + QByteArray::number(responses.size()));
        const QJsonObject response = responses.first();
        if (m_verbose)
            std::fprintf(stderr, "okno-fuzz: session %d\n  > %s\n  < %s\n", r.session,
                         text(frame).constData(), text(response).left(300).constData());
        checkShape(frame, requestId, response);
        const bool ok = response.value(u"ok"_s).toBool();

        bool changed = service.lastSeq() != seqBefore;
        for (std::size_t i = 0; i < observers.size(); ++i) {
            checkReceived(*observers[i], seen[i]);
            changed = changed || observers[i]->closed() || observers[i]->sent().size() > seen[i];
        }
        checkReceived(caller, callerSeen);
        if (ok)
            readsBack(op, response.value(u"result"_s).toObject());

        if (!ok) {
            require(service.lastSeq() == seqBefore, "a refused request numbered events", text(frame));
            for (std::size_t i = 0; i < observers.size(); ++i)
                if (observers[i]->sent().size() > seen[i])
                    fail("a refused request published something",
                         text(frame) + "\n*** sent " + text(observers[i]->sent().at(seen[i])));
            // Unless the server ended the session and closes the connection (a revoked account,
            // too many failed logins), the session is as it was.
            const Session after = caller.session();
            const bool same = after.greeted == sessionBefore.greeted &&
                              after.authenticated == sessionBefore.authenticated &&
                              after.staff.id == sessionBefore.staff.id &&
                              after.deskId == sessionBefore.deskId &&
                              after.subscribed == sessionBefore.subscribed &&
                              after.loginInFlight == sessionBefore.loginInFlight; // failedLogins counts
            require(same || caller.closed(), "a refused request changed the caller's session", text(frame));
        }
        const bool dirty = changed || (ok && rule && rule->mutates) || leavesTraces(op);
        m_dirty = m_dirty || dirty;
        // On the template day "as before" is the template day's state. (Once an earlier request
        // of the input changed it, the refusal checks above are what is left.)
        if (cleanBefore && (!ok || !dirty))
            require(fingerprint() == m_cleanFingerprint,
                    ok ? "a request that changes nothing changed the state"
                       : "a refused request changed the state",
                    text(frame) + "\n*** " + text(response));
    }

    // --- the day every input starts from

    void buildTemplate()
    {
        m_templatePath = m_dir->filePath(u"template.sqlite"_s);
        const QString adminPasswordFile = m_dir->filePath(u"admin-password"_s);
        QFile pw(adminPasswordFile);
        require(pw.open(QIODevice::WriteOnly) && pw.write(kAdminPassword) > 0, "cannot write a file");
        pw.close();

        ServerOptions options = optionsFor(m_templatePath);
        options.demo = true;
        options.adminPasswordFile = adminPasswordFile;
        auto service = std::make_unique<QueueService>(options);
        require(service->start().ok(), "the template server does not start");
        m_service = std::move(service);
        QCoreApplication::processEvents();

        const Login logins[kSessions] = {
            {},
            {},
            {"admin", kAdminPassword, 0},
            {"admin1", kDemoPassword, 1},
            {"consult1", kDemoPassword, 2},
            {"consult2", kDemoPassword, 3},
            {"cashier1", kDemoPassword, 4},
            {"manager", kDemoPassword, 0},
            {"director", kDemoPassword, 0},
            {"kiosk1", kDemoPassword, 0},
            {"board1", kDemoPassword, 0},
            {"admin2", kDemoPassword, 1},
        };
        std::vector<std::unique_ptr<FuzzPeer>> peers;
        for (int i = 0; i < kSessions; ++i) {
            peers.push_back(std::make_unique<FuzzPeer>());
            m_service->attach(peers.back().get());
        }
        const auto call = [&](int who, QAnyStringView op, QJsonObject fields = {}) {
            return setUp(*peers[who], op, std::move(fields));
        };
        for (int i = Greeted; i < kSessions; ++i)
            call(i, protocol::ops::Hello, {{u"version"_s, protocol::kProtocolVersion}});
        const auto logIn = [&](int who) {
            QJsonObject fields{{u"login"_s, QString::fromLatin1(logins[who].login)},
                               {u"password"_s, QString::fromLatin1(logins[who].password)}};
            if (logins[who].deskNumber)
                fields.insert(u"deskNumber"_s, logins[who].deskNumber);
            call(who, protocol::ops::AuthLogin, fields);
        };
        for (int i = Admin; i < Admin2; ++i)
            logIn(i);

        // A second centre, with a queue, a desk and an administrator of its own: what one centre
        // may not touch in another.
        QJsonObject centre =
            call(Admin, protocol::ops::CentreGet, {{u"centreId"_s, 1}}).value(u"centre"_s).toObject();
        centre.insert(u"id"_s, 0);
        centre.insert(u"code"_s, u"RUZ"_s);
        centre.insert(u"name"_s, u"ЦОК Рузаевка"_s);
        const Id centre2 = Id(call(Admin, protocol::ops::CentrePut, {{u"centre"_s, centre}})
                                  .value(u"centre"_s)[u"id"_s]
                                  .toDouble());
        const QJsonObject queue{{u"centreId"_s, double(centre2)},
                                {u"code"_s, u"reception"_s},
                                {u"name"_s, u"Администратор"_s},
                                {u"prefix"_s, u"Р"_s},
                                {u"role"_s, u"administrator"_s}};
        const double queue2 =
            call(Admin, protocol::ops::QueuePut, {{u"queue"_s, queue}}).value(u"queue"_s)[u"id"_s].toDouble();
        const QJsonObject desk{
            {u"centreId"_s, double(centre2)}, {u"number"_s, 1}, {u"queueIds"_s, QJsonArray{queue2}}};
        const double desk2 =
            call(Admin, protocol::ops::DeskPut, {{u"desk"_s, desk}}).value(u"desk"_s)[u"id"_s].toDouble();
        const QJsonObject admin2{{u"centreId"_s, double(centre2)},
                                 {u"login"_s, u"admin2"_s},
                                 {u"fullName"_s, u"Администратор Рузаевки"_s},
                                 {u"role"_s, u"administrator"_s}};
        call(Admin, protocol::ops::StaffPut,
             {{u"staff"_s, admin2}, {u"password"_s, QString::fromLatin1(kDemoPassword)}});
        logIn(Admin2);

        // The demo centre mid-morning: desks open, tickets in every state, a consultation, money.
        call(Admin1, protocol::ops::DeskOpen);
        call(Consult1, protocol::ops::DeskOpen);
        call(Cashier1, protocol::ops::DeskOpen);
        call(Cashier1, protocol::ops::ShiftOpen);
        const auto issue = [&](const char *queueCode, QJsonObject fields = {}) {
            fields.insert(u"queueCode"_s, QString::fromLatin1(queueCode));
            return call(Admin1, protocol::ops::VisitIssue, fields).value(u"visit"_s)[u"id"_s].toDouble();
        };
        const double v1 = issue("consult", {{u"customerName"_s, u"Иванов И. И."_s},
                                            {u"accountNumber"_s, u"1234567890"_s},
                                            {u"purpose"_s, u"Перерасчёт"_s}});
        issue("consult", {{u"priority"_s, u"veteran"_s}, {u"customerName"_s, u"Петрова А. А."_s}});
        const double v3 = issue("reception", {{u"purpose"_s, u"Справка"_s}});
        const double v4 = issue("cash", {{u"accountNumber"_s, u"987654"_s}});
        const double v5 = issue("consult");
        call(Admin1, protocol::ops::VisitPostpone,
             {{u"visitId"_s, v5}, {u"reason"_s, u"ушёл за паспортом"_s}});
        call(Kiosk1, protocol::ops::VisitIssue, {{u"queueCode"_s, u"reception"_s}});
        call(Admin1, protocol::ops::VisitCall, {{u"visitId"_s, v3}});
        call(Consult1, protocol::ops::VisitCall, {{u"visitId"_s, v1}});
        call(Consult1, protocol::ops::VisitStart, {{u"visitId"_s, v1}});
        const QJsonObject consultation{{u"accountNumber"_s, u"1234567890"_s},
                                       {u"consumerGroup"_s, u"household"_s},
                                       {u"topic"_s, u"meter_readings"_s},
                                       {u"outcome"_s, u"resolved"_s},
                                       {u"readings"_s, QJsonArray{QJsonObject{{u"meterNumber"_s, u"011-22"_s},
                                                                              {u"dayValue"_s, 10234},
                                                                              {u"nightValue"_s, 4021}}}}};
        call(Consult1, protocol::ops::ConsultationSave,
             {{u"visitId"_s, v1}, {u"consultation"_s, consultation}});
        call(Cashier1, protocol::ops::PaymentRecord,
             {{u"idempotencyKey"_s, u"seed-payment-1"_s},
              {u"accountNumber"_s, u"1234567890"_s},
              {u"amountKopecks"_s, 150000},
              {u"purpose"_s, u"Оплата электроэнергии"_s},
              {u"method"_s, u"cash"_s},
              {u"tenderedKopecks"_s, 200000}});
        call(Cashier1, protocol::ops::PaymentRecord,
             {{u"idempotencyKey"_s, u"seed-payment-2"_s},
              {u"visitId"_s, v4},
              {u"accountNumber"_s, u"987654"_s},
              {u"amountKopecks"_s, 5000},
              {u"purpose"_s, u"Пени"_s},
              {u"method"_s, u"card"_s}});
        call(Admin, protocol::ops::ScheduleSetException,
             {{u"centreId"_s, 1},
              {u"date"_s, u"2026-12-31"_s},
              {u"open"_s, true},
              {u"opens"_s, u"08:00"_s},
              {u"closes"_s, u"16:00"_s},
              {u"note"_s, u"Предпраздничный день"_s}});
        call(Manager, protocol::ops::NormsSet,
             {{u"centreId"_s, 1},
              {u"role"_s, u"consultant"_s},
              {u"waitMinutes"_s, 25},
              {u"serviceMinutes"_s, 15}});

        for (int i = 0; i < kSessions; ++i) {
            m_sessions[i] = peers[i]->session();
            m_sessions[i].subscribed = false;
            m_sessions[i].lastSeqSent = 0;
            m_service->detach(peers[i].get());
        }
        // The seeds in corpus/fuzz_ops name these (tests/fuzz/make-corpus.py).
        require(m_sessions[Consult1].deskId == 2 && m_sessions[Cashier1].deskId == 4 &&
                    m_sessions[Consult2].deskId == 3 && centre2 == 2 && queue2 == 4 && desk2 == 5 &&
                    v1 == 1 && v3 == 3 && v4 == 4 && v5 == 5 && m_sessions[Admin2].staff.id == 10,
                "the template day is not the one the seed corpus names");
        // Closing the service closes its connections: the file is complete on its own.
        m_service.reset();
        require(!QFile::exists(m_templatePath + u"-wal"_s) || QFile(m_templatePath + u"-wal"_s).size() == 0,
                "the template database kept a write-ahead log");
    }

    // One request while building the template; it must succeed.
    QJsonObject setUp(FuzzPeer &peer, QAnyStringView op, QJsonObject fields)
    {
        const qsizetype before = peer.responses().size();
        m_service->handleFrame(&peer, protocol::makeRequest(++m_setUpId, op, std::move(fields)));
        waitFor([&] { return peer.responses().size() > before; });
        const QJsonObject response = peer.responses().last();
        require(response.value(u"ok"_s).toBool(), "a request that builds the template day failed",
                op.toString().toUtf8() + ": " + text(response));
        return response.value(u"result"_s).toObject();
    }

    ServerOptions optionsFor(const QString &path) const
    {
        ServerOptions options;
        options.database.path = path;
        options.testClock = true;
        options.testClockStart = fuzzClock();
        options.initialPasswordPath = m_dir->filePath(u"initial-admin-password"_s);
        return options;
    }

    // A fresh server on a fresh copy of the template day.
    void restart()
    {
        m_service.reset();
        const QString path = m_dir->filePath(u"okno.sqlite"_s);
        for (const QString &suffix : {u""_s, u"-wal"_s, u"-shm"_s, u"-journal"_s})
            QFile::remove(path + suffix);
        require(QFile::copy(m_templatePath, path), "cannot copy the template database");
        m_service = std::make_unique<QueueService>(optionsFor(path));
        require(m_service->start().ok(), "the server does not start on the template day");
        QCoreApplication::processEvents(); // the start-up's expiry pass
        const QByteArray state = fingerprint();
        if (m_cleanFingerprint.isEmpty())
            m_cleanFingerprint = state;
        require(state == m_cleanFingerprint,
                "the server does not start on the template day as it did before");
    }

    // --- what is checked

    // The state a refused request must leave as it was, read as the system administrator reads it.
    QByteArray fingerprint()
    {
        FuzzPeer auditor(m_sessions[Admin]);
        m_service->attach(&auditor);
        const QList<QPair<QLatin1StringView, QJsonObject>> reads{
            {protocol::ops::StatusQuery, {{u"centreId"_s, 1}}},
            {protocol::ops::StatusQuery, {{u"centreId"_s, 2}}},
            {protocol::ops::StaffList, {}},
            {protocol::ops::CentreList, {}},
        };
        QByteArray out;
        for (const auto &[op, fields] : reads) {
            const qsizetype before = auditor.responses().size();
            m_service->handleFrame(&auditor, protocol::makeRequest(1, op, fields));
            require(auditor.responses().size() == before + 1, "a read for the fingerprint did not answer");
            out += text(auditor.responses().last()) + '\n';
        }
        m_service->detach(&auditor);
        return out;
    }

    static void checkShape(const QJsonObject &request, const QJsonValue &requestId,
                           const QJsonObject &response)
    {
        const QByteArray both = text(request) + "\n*** " + text(response);
        // A frame without a valid id is answered with null, or with the number it carried
        // (docs/protocol.md: "with the request's id if it could be read").
        const QJsonValue own = request.value(u"id"_s);
        require(response.value(u"id"_s) == requestId ||
                    (own.isDouble() && !response.value(u"ok"_s).toBool() && response.value(u"id"_s) == own),
                "the answer does not carry the request's id", both);
        const QJsonValue ok = response.value(u"ok"_s);
        require(ok.isBool(), "\"ok\" is not a boolean", both);
        if (ok.toBool()) {
            require(response.value(u"result"_s).isObject() && !response.contains(u"error"_s),
                    "a success without a result object", both);
            return;
        }
        const QJsonObject error = response.value(u"error"_s).toObject();
        const QString code = error.value(u"code"_s).toString();
        require(expectedErrorCodes().contains(code), "an error code a request must not get", both);
        require(!error.value(u"message"_s).toString().trimmed().isEmpty(), "an error without a message",
                both);
        require(!response.contains(u"result"_s), "an error with a result", both);
    }

    // Every frame a connection receives goes over the wire and is read by a client: it is one line
    // of the server's size that decodes to itself, an event reads as one, and a board or kiosk
    // never sees a personal field with a value (docs/security.md).
    static void checkReceived(const FuzzPeer &peer, qsizetype from)
    {
        const Role role = peer.session().staff.role;
        const bool device = peer.session().authenticated && (role == Role::Board || role == Role::Kiosk);
        for (const QJsonObject &frame : peer.sent().mid(from)) {
            const QByteArray line = protocol::encodeFrame(frame);
            require(line.size() <= protocol::kMaxServerFrameBytes + 1,
                    "the server sent a frame over its limit");
            require(!hasLoneSurrogate(QJsonValue(frame)), "the server sent a lone surrogate", text(frame));
            protocol::FrameDecoder decoder(protocol::kMaxServerFrameBytes);
            decoder.feed(line);
            const auto decoded = decoder.next();
            require(decoded && decoded->ok() && decoded->value() == frame,
                    "a frame the server sent does not decode to itself", line);
            if (frame.contains(u"seq"_s)) {
                const auto event = protocol::eventFromJson(frame);
                require(event.ok(), "the server sent an event its readers refuse",
                        text(frame) + "\n*** " + (event ? QByteArray() : event.error().message.toUtf8()));
                readsBack({}, frame.value(u"data"_s).toObject());
            }
            if (device)
                checkBlank(QJsonValue(frame), frame);
        }
    }

    template <typename T>
    static void mustRead(const QJsonValue &v, Result<T> (*fromJson)(const QJsonObject &, const QString &),
                         const QString &what)
    {
        if (!v.isObject())
            return;
        const Result<T> read = fromJson(v.toObject(), what);
        if (!read)
            fail("the server sent what the protocol's readers refuse",
                 what.toUtf8() + ": " + read.error().message.toUtf8() + "\n*** " + text(v.toObject()));
    }

    template <typename T>
    static void mustReadEach(const QJsonValue &v, Result<T> (*fromJson)(const QJsonObject &, const QString &),
                             const QString &what)
    {
        for (const QJsonValue &item : v.toArray())
            mustRead(item, fromJson, what);
    }

    // A client reads an answer (or an event's data) with the codec's readers: every object in it
    // must read. Keyed by name, as the operations' results are in docs/protocol.md.
    static void readsBack(const QString &op, const QJsonObject &r)
    {
        namespace ops = protocol::ops;
        using namespace protocol;
        if (op == ops::Hello)
            return mustRead(QJsonValue(r), &helloResultFromJson, op);
        if (op == ops::StatusQuery)
            return mustRead(QJsonValue(r), &statusSnapshotFromJson, op);
        if (op == ops::Stats)
            return mustRead(QJsonValue(r), &statsResultFromJson, op);
        if (op == ops::EventsSubscribe)
            return mustRead(QJsonValue(r), &subscribeResultFromJson, op);
        if (op == ops::ShiftClose)
            return mustRead(QJsonValue(r), &shiftReportFromJson, op);
        if (op == ops::AuthLogin)
            return mustRead(r.value(u"session"_s), &sessionInfoFromJson, op);
        mustRead(r.value(u"visit"_s), &visitFromJson, u"visit"_s);
        mustRead(r.value(u"position"_s), &queuePositionFromJson, u"position"_s);
        mustRead(r.value(u"desk"_s), &deskFromJson, u"desk"_s);
        mustRead(r.value(u"centre"_s), &centreFromJson, u"centre"_s);
        mustRead(r.value(u"queue"_s), &queueFromJson, u"queue"_s);
        mustRead(r.value(u"staff"_s), &staffFromJson, u"staff"_s);
        mustRead(r.value(u"norms"_s), &normsFromJson, u"norms"_s);
        mustRead(r.value(u"consultation"_s), &consultationFromJson, u"consultation"_s);
        mustRead(r.value(u"shift"_s), &cashShiftFromJson, u"shift"_s);
        mustRead(r.value(u"totals"_s), &shiftTotalsFromJson, u"totals"_s);
        mustRead(r.value(u"payment"_s), &paymentFromJson, u"payment"_s);
        // Lists by op: a name means another thing elsewhere (the dashboard's "centres" are figures).
        if (op == ops::CentreList)
            mustReadEach(r.value(u"centres"_s), &centreFromJson, op);
        if (op == ops::QueueList)
            mustReadEach(r.value(u"queues"_s), &queueFromJson, op);
        if (op == ops::DeskList)
            mustReadEach(r.value(u"desks"_s), &deskFromJson, op);
        if (op == ops::StaffList)
            mustReadEach(r.value(u"staff"_s), &staffFromJson, op);
        if (op == ops::ConsultationGet)
            mustReadEach(r.value(u"consultations"_s), &consultationFromJson, op);
        if (op == ops::PaymentList)
            mustReadEach(r.value(u"payments"_s), &paymentFromJson, op);
    }

    static void checkBlank(const QJsonValue &v, const QJsonObject &frame)
    {
        if (v.isArray()) {
            for (const QJsonValue &item : v.toArray())
                checkBlank(item, frame);
            return;
        }
        if (!v.isObject())
            return;
        const QJsonObject o = v.toObject();
        for (auto it = o.begin(); it != o.end(); ++it) {
            if (access::personalFields().contains(it.key())) {
                const QJsonValue x = it.value();
                const bool blank = (x.isString() && x.toString().isEmpty()) ||
                                   (x.isDouble() && x.toDouble() == 0) ||
                                   (x.isArray() && x.toArray().isEmpty()) ||
                                   (x.isObject() && x.toObject().isEmpty()) || x.isNull() || x.isBool();
                require(blank, "a hall device received personal data",
                        it.key().toUtf8() + " in " + text(frame));
            } else {
                checkBlank(it.value(), frame);
            }
        }
    }

    // Runs the event loop until `done`: replies may come from the journal's thread, a report's or a
    // password check's. libFuzzer's -timeout catches one that never comes.
    template <typename Done> static void waitFor(Done done)
    {
        while (!done())
            QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_templatePath;
    std::unique_ptr<QueueService> m_service;
    Session m_sessions[kSessions];
    QByteArray m_cleanFingerprint; // what fingerprint() reads on the template day
    bool m_dirty = true;
    qint64 m_setUpId = 0;
    // OKNO_FUZZ_VERBOSE=1: each request and its answer on stderr, to see what an input does.
    const bool m_verbose = qEnvironmentVariableIntValue("OKNO_FUZZ_VERBOSE") != 0;
};

Harness *harness = nullptr;

} // namespace

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    static QCoreApplication app(*argc, *argv);
    QCoreApplication::setApplicationVersion(QStringLiteral(OKNO_VERSION)); // hello says it
    // The server's own log says nothing a finding needs; a storage failure still shows.
    logging::setUp({u"okno-fuzz"_s, logging::Level::Error, true, {}, 0, 0});
    static Harness instance;
    harness = &instance;
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const auto &ops = protocol::ops::all();
    const QByteArrayView input(reinterpret_cast<const char *>(data), qsizetype(size));
    QList<Harness::Request> requests;
    // Up to kMaxRequests requests, each two bytes (session, op) and a line.
    for (qsizetype at = 0; at + 2 <= input.size() && requests.size() < kMaxRequests;) {
        Harness::Request r;
        r.session = std::uint8_t(input[at]) % kSessions;
        const int opIndex = std::uint8_t(input[at + 1]);
        const QByteArrayView rest = input.sliced(at + 2);
        const qsizetype newline = rest.indexOf('\n');
        const QByteArrayView line = newline < 0 ? rest : rest.first(newline);
        at += 2 + line.size() + 1;
        // One line, as a connection's decoder gives it; what it refuses is fuzz_frames' business.
        if (!line.trimmed().isEmpty()) {
            protocol::FrameDecoder decoder;
            decoder.feed(line);
            decoder.feed("\n");
            auto decoded = decoder.next();
            if (!decoded || !decoded->ok())
                return -1;
            r.frame = decoded->value();
        }
        if (opIndex < ops.size())
            r.frame.insert(u"op"_s, QString(ops.at(opIndex)));
        if (!r.frame.contains(u"id"_s))
            r.frame.insert(u"id"_s, 7);
        // backup.create writes a file wherever its path says, on this machine: not fuzzed here
        // (its refusals are test_backup's business).
        if (r.frame.value(u"op"_s).toString() == protocol::ops::BackupCreate)
            return -1;
        requests.append(r);
    }
    if (requests.isEmpty())
        return -1;
    harness->run(requests);
    return 0;
}
