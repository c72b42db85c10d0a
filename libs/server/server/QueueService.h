#pragma once

#include "Journal.h"
#include "Peer.h"
#include "ServerOptions.h"

#include <core/Clock.h>
#include <core/Event.h>
#include <core/FrontOffice.h>
#include <core/QueueEngine.h>

#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QSet>

#include <deque>
#include <functional>
#include <memory>

namespace okno {

namespace protocol {
class Fields;
}

// The queue service: applies one request of an authenticated session — authorise, validate
// against the core, persist through the journal, acknowledge, publish events. Transport-free: the
// TCP listener feeds it frames from a Peer and sends what it is given.
class QueueService final : public QObject
{
    Q_OBJECT

public:
    explicit QueueService(ServerOptions options, QObject *parent = nullptr);
    ~QueueService() override;

    // Opens the database, creates the default centre and first administrator on first start,
    // and loads the live state. Call once before any request.
    Status start();

    void attach(Peer *peer);
    void detach(Peer *peer);
    // One decoded frame from a peer.
    void handleFrame(Peer *peer, const QJsonObject &frame);

    qint64 lastSeq() const { return m_lastSeq; }
    const Journal *journal() const { return m_journal.get(); }

Q_SIGNALS:
    void fatalStorageError(const QString &message);

private:
    struct Call;
    using Handler = void (QueueService::*)(Call &);
    struct OpSpec
    {
        Handler handler = nullptr;
        QList<Role> roles; // empty = any authenticated session
        bool preAuth = false;
        bool mutates = false;
    };

    void registerOps();
    void dispatch(Call &call, const OpSpec &spec);
    Status loadState();
    Status bootstrap();

    // --- helpers
    Actor actorOf(const Call &c) const;
    Status checkCentreAccess(const Call &c, Id centreId) const;
    Result<Id> queueFromFields(Call &c, protocol::Fields &f, Id centreId, const char *idField,
                               const char *codeField);
    Event newEvent(const QString &type, Id centreId, Id visitId, Id actorId, const QJsonObject &data);
    void commit(Call &c, WriteBatch batch, const QJsonObject &result, const QList<Event> &events);
    void commitVisit(Call &c, const QString &type, const Visit &v, QJsonObject result = {});
    void commitDesk(Call &c, const QString &type, const Desk &d);
    void commitCentre(Call &c, const Centre &centre);      // in memory, on disk, and as centre.changed
    void afterDurable(Call &c, const QJsonObject &result); // reply once earlier writes are on disk
    void publish(const Event &e);
    void sendEvent(Peer *peer, const Event &e);
    QJsonObject statusOf(Id centreId) const;

    // --- operations
    void opHello(Call &);
    void opLogin(Call &);
    void opLogout(Call &);
    void opPing(Call &);
    void opCentreList(Call &);
    void opCentreGet(Call &);
    void opCentrePut(Call &);
    void opScheduleSetException(Call &);
    void opScheduleRemoveException(Call &);
    void opNormsGet(Call &);
    void opNormsSet(Call &);
    void opQueueList(Call &);
    void opQueuePut(Call &);
    void opDeskList(Call &);
    void opDeskPut(Call &);
    void opStaffList(Call &);
    void opStaffPut(Call &);
    void opStaffSetPassword(Call &);
    void opVisitIssue(Call &);
    void opVisitGet(Call &);
    void opVisitCallNext(Call &);
    void opVisitCall(Call &);
    void opVisitSimple(Call &); // recall, start, finish, noShow, requeue
    void opVisitRoute(Call &);
    void opVisitPostpone(Call &);
    void opVisitCancel(Call &);
    void opVisitSetPriority(Call &);
    void opDeskOpen(Call &);
    void opDeskState(Call &); // break, resume, close
    void opStatus(Call &);
    void opStats(Call &);
    void opEventsSubscribe(Call &);
    void opClockSet(Call &);
    // front office (QueueServiceFrontOffice.cpp)
    void opConsultationGet(Call &);
    void opConsultationSave(Call &);
    void opShiftOpen(Call &);
    void opShiftCurrent(Call &);
    void opShiftClose(Call &);
    void opPaymentRecord(Call &);
    void opPaymentReverse(Call &);
    void opPaymentList(Call &);
    void registerFrontOfficeOps();
    // reports (QueueServiceReports.cpp)
    void opDashboard(Call &);
    void opNormsHistory(Call &);
    void registerReportOps();
    Status loadFrontOffice();
    std::optional<Visit> findVisit(Id visitId) const; // live, or from storage
    Result<CashShift> usableShift(const Call &c) const;
    // Reads storage once every change acknowledged so far is on disk, then answers.
    void readAfterDurable(Call &c, std::function<Result<QJsonObject>()> read);

    ServerOptions m_options;
    std::unique_ptr<Clock> m_clock;
    ManualClock *m_manualClock = nullptr;
    std::unique_ptr<QueueEngine> m_engine;
    std::unique_ptr<Journal> m_journal;
    std::unique_ptr<Database> m_reader; // reads on the event loop's thread: logins load nothing, stats do
    QHash<QString, OpSpec> m_ops;
    QSet<Peer *> m_peers;

    QHash<Id, Staff> m_staff;
    QHash<Id, QByteArray> m_passwordHashes;
    QHash<QString, QJsonObject> m_idempotent; // key → response already given
    std::deque<Event> m_ring;                 // recent committed events, for resync
    qint64 m_lastSeq = 0;                     // the last seq handed out (committed or in flight)
    qint64 m_lastPublished = 0;
    Id m_nextCentreId = 1, m_nextQueueId = 1, m_nextDeskId = 1, m_nextStaffId = 1;
    bool m_failed = false;

    // front office
    QHash<Id, CashShift> m_openShifts; // desk → its open cash shift
    QHash<Id, int> m_lastReceipt;      // shift → last receipt number
    QHash<Id, int> m_lastShiftNumber;  // centre → last shift number
    QSet<Id> m_reversed;               // payments reversed since start (storage knows the rest)
    Id m_nextShiftId = 1, m_nextPaymentId = 1;
};

} // namespace okno
