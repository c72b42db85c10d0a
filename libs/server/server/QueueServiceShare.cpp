// Nodes sharing the centres (PostgreSQL, ServerOptions::shareCentres; docs/scale-out.md, "Load
// sharing"): this node serves the centres it owns — their live state loaded when it takes them,
// forgotten when it hands them over — and answers `moved` for the others; company-wide changes and
// the housekeeping are the company lease holder's. What other nodes change of the accounts comes
// in with their events and is read from the database.

#include "QueueServiceCall.h"

#include <logging/Logging.h>
#include <protocol/Message.h>
#include <protocol/Ops.h>

#include <QJsonDocument>
#include <QSet>
#include <QStringBuilder>

namespace okno {

using namespace Qt::StringLiterals;
using namespace protocol;

namespace {

// Company-wide changes whatever the account's centre: accounts are the company's (their rows are
// written under the company's lease), as are a new centre and the housekeeping a system
// administrator asks for.
bool companyOp(const QString &op, const access::Target &target)
{
    return op == ops::StaffPut || op == ops::StaffSetPassword || op == ops::RetentionRun ||
           op == ops::BackupCreate || op == ops::AuthUnlock || (op == ops::CentrePut && target.centreId == 0);
}

} // namespace

Result<QList<Centre>> QueueService::everyCentre() const
{
    if (!m_options.shareCentres)
        return m_engine->centres();
    return m_reader->loadCentres(); // not only those served here
}

bool QueueService::centreExists(Id id) const
{
    if (m_engine->centre(id))
        return true;
    if (!m_options.shareCentres)
        return false;
    // Another node's (known by its owner), or one nobody owns at this moment (its node died).
    if (m_owners.contains(id))
        return true;
    auto all = m_reader->loadCentres();
    return all && std::any_of(all->cbegin(), all->cend(), [id](const Centre &c) { return c.id == id; });
}

Status QueueService::accountWritableHere(const Staff &st) const
{
    // As Database::fenceScopes decides: an account of a centre served here under that centre's
    // lease, any other under the company's.
    if (!m_options.shareCentres || m_companyToken != 0 || (st.centreId != 0 && m_owned.contains(st.centreId)))
        return {};
    return makeError(ErrorCode::Unavailable,
                     u"this node stopped serving the account's centre (or the company's changes) while the "
                     u"password was hashed; nothing was changed — try again"_s);
}

DatabaseConfig QueueService::workerDatabase() const
{
    DatabaseConfig config = connectionFor(u"okno-worker"_s);
    if (m_options.shareCentres)
        config.fenceToken = m_companyToken;
    return config;
}

QList<Id> QueueService::ownedCentres() const
{
    QList<Id> ids = m_owned.keys();
    std::sort(ids.begin(), ids.end());
    return ids;
}

void QueueService::setOwners(const QHash<Id, Database::Lease> &owners)
{
    m_owners = owners;
}

void QueueService::takeCompany(qint64 token)
{
    // Set on the writer's connection in order with the writes: nothing before it needed it.
    m_journal->read([token](Database &db) { db.setFence(token); },
                    [this, token](const Status &s) {
                        if (!s) {
                            m_failed = true;
                            return Q_EMIT fatalStorageError(s.error().message);
                        }
                        m_companyToken = token;
                        logging::info(u"node %1 holds the company's lease (token %2): company-wide changes "
                                      u"and the housekeeping are its"_s.arg(m_options.nodeName)
                                          .arg(token));
                        buildReadModel();
                    });
}

void QueueService::takeCentres(const QHash<Id, qint64> &centres)
{
    for (auto it = centres.cbegin(); it != centres.cend(); ++it)
        m_loading.insert(it.key());
    // The fences first, on the writer's connection, then the state as the database has it: the
    // node before can commit nothing more (its token moved on), and what it committed is there.
    m_journal->read(
        [centres](Database &db) {
            for (auto it = centres.cbegin(); it != centres.cend(); ++it)
                db.setCentreFence(it.key(), it.value());
        },
        [this, centres](const Status &s) {
            if (!s) {
                m_failed = true;
                return Q_EMIT fatalStorageError(s.error().message);
            }
            QSet<Id> still; // not handed over again before they were loaded
            for (auto it = centres.cbegin(); it != centres.cend(); ++it)
                if (m_loading.contains(it.key()))
                    still.insert(it.key());
            if (Status loaded = loadCentreState(still); !loaded) {
                // Serving them from a partial state could repeat a ticket number: stop, and let
                // another node (or this one, restarted) take them.
                m_failed = true;
                logging::critical(u"cannot load centre(s) %1: %2"_s.arg(
                    [&] {
                        QStringList list;
                        for (Id c : still)
                            list.append(QString::number(c));
                        return list.join(u", "_s);
                    }(),
                    loaded.error().message));
                return Q_EMIT fatalStorageError(loaded.error().message);
            }
            for (auto it = centres.cbegin(); it != centres.cend(); ++it) {
                if (!still.contains(it.key()))
                    continue;
                m_owned.insert(it.key(), it.value());
                m_loading.remove(it.key());
                // What came meanwhile about it, in the order it came.
                for (auto &waiting : m_waitingFor.take(it.key()))
                    waiting();
            }
            logging::info(u"node %1 serves centre(s) %2"_s.arg(m_options.nodeName, [&] {
                QStringList ids;
                for (Id c : ownedCentres())
                    ids.append(QString::number(c));
                return ids.join(u", "_s);
            }()));
        });
}

void QueueService::handOver(const QList<Id> &centres, std::function<void()> done)
{
    // No request about them is taken from now on (`moved`), nothing changes them any more (the day's
    // timers included: their state is forgotten at once), and their terminals go to the node
    // that takes them (their clients reconnect through their lists and follow `moved`).
    QList<std::function<void()>> waiting;
    for (Id c : centres) {
        m_owned.remove(c);
        m_loading.remove(c); // taken a moment ago and not loaded yet: it will not be
        waiting.append(m_waitingFor.take(c));
        m_engine->forgetCentre(c);
        m_frontOffice->forgetCentre(c);
    }
    for (auto &w : waiting)
        w(); // answered where the centre goes now
    const QList<Peer *> peers(m_peers.cbegin(), m_peers.cend());
    for (Peer *p : peers)
        if (p->session().authenticated && centres.contains(p->session().staff.centreId))
            p->closeAfterSending();
    // Every change of theirs already taken on disk, then no more writes of theirs.
    m_journal->read(
        [centres](Database &db) {
            for (Id c : centres)
                db.dropCentreFence(c);
        },
        [this, centres, done = std::move(done)](const Status &s) {
            if (!s) {
                m_failed = true;
                return Q_EMIT fatalStorageError(s.error().message);
            }
            logging::info(u"node %1 handed over centre(s) %2"_s.arg(m_options.nodeName).arg([&] {
                QStringList ids;
                for (Id c : centres)
                    ids.append(QString::number(c));
                return ids.join(u", "_s);
            }()));
            done();
        });
}

QueueService::Route QueueService::route(const Call &c, const access::OpRule &rule)
{
    if (!m_options.shareCentres || rule.preAuth)
        return {};
    // One's own new password is written where one's centre is served (under its lease): the
    // terminal stays there. Any other change of an account is the company's.
    const Staff &me = c.session().staff;
    const bool ownPassword = c.op == ops::StaffSetPassword && c.target.staffId == me.id && me.centreId != 0;
    if (companyOp(c.op, c.target) && !ownPassword)
        return m_companyToken != 0 ? Route{} : Route{movedFrame(c, 0)};
    // The centre it acts on; an op that names none acts on the account's own (its desk, its
    // shift), or, for a company-wide account, on no centre: served here.
    const Id centre = c.target.centreId != 0 ? c.target.centreId : me.centreId;
    if (centre == 0 || m_owned.contains(centre))
        return {};
    if (m_loading.contains(centre))
        return {std::nullopt, centre};
    return {movedFrame(c, centre)};
}

QJsonObject QueueService::movedFrame(const Call &c, Id centre)
{
    const QString what = centre == 0 ? u"company-wide changes"_s : u"centre %1"_s.arg(centre);
    // As the database has it now: this node's view is a round old, and while the nodes hand
    // centres over it may name a node that has let the centre go since (one query per `moved`;
    // this node's view when the database cannot say).
    std::optional<Database::Lease> owner;
    if (centre == 0) {
        if (auto held = m_reader->heldLease(); held)
            owner = *held;
        else if (m_owners.contains(0))
            owner = m_owners.value(0);
    } else if (auto now = m_reader->centreOwners(); now) {
        if (now->contains(centre))
            owner = now->value(centre);
    } else if (m_owners.contains(centre)) {
        owner = m_owners.value(centre);
    }
    // Taken by this node and still being loaded, or not taken by any: shortly.
    if (!owner || owner->address.isEmpty() || owner->holder == m_options.nodeName)
        return protocol::makeErrorResponse(
            c.id, makeError(ErrorCode::Unavailable, u"no node serves %1 at the moment (one is taking it "
                                                    u"over); try again shortly"_s.arg(what)));
    return protocol::makeMovedResponse(c.id,
                                       u"node %1 does not serve %2: node %3 does, at %4"_s.arg(
                                           m_options.nodeName, what, owner->holder, owner->address),
                                       owner->holder, owner->address);
}

Status QueueService::loadCentreState(const QSet<Id> &ids)
{
    // Each table read once for all the centres taken in a round (a dead node's share at once).
    auto centres = m_reader->loadCentres();
    if (!centres)
        return centres.error();
    QHash<Id, Centre> taken;
    for (const Centre &c : std::as_const(*centres))
        if (ids.contains(c.id))
            taken.insert(c.id, c);
    for (Id id : ids)
        if (!taken.contains(id))
            return makeError(ErrorCode::NotFound, u"centre %1 is not in the database"_s.arg(id));
    for (const Centre &c : std::as_const(taken)) {
        m_engine->forgetCentre(c.id);
        m_frontOffice->forgetCentre(c.id);
        m_engine->putCentre(c);
    }
    auto queues = m_reader->loadQueues();
    if (!queues)
        return queues.error();
    QSet<Id> queueIds;
    for (const Queue &q : *queues)
        if (ids.contains(q.centreId)) {
            m_engine->putQueue(q);
            queueIds.insert(q.id);
        }
    auto desks = m_reader->loadDesks();
    if (!desks)
        return desks.error();
    for (const Desk &d : *desks)
        if (ids.contains(d.centreId))
            m_engine->putDesk(d);
    auto active = m_reader->loadActiveVisits();
    if (!active)
        return active.error();
    for (const Visit &v : *active)
        if (ids.contains(v.centreId))
            m_engine->loadVisit(v);
    // Today's visits and ticket numbers, by each centre's own day.
    QSet<QDate> days;
    for (const Centre &c : std::as_const(taken)) {
        const QDate today = c.schedule.localDate(m_clock->now());
        days.insert(today);
        auto ofToday = m_reader->loadVisitsOfDay(c.id, today);
        if (!ofToday)
            return ofToday.error();
        for (const Visit &v : *ofToday)
            m_engine->loadVisit(v);
    }
    for (const QDate &today : std::as_const(days)) {
        auto numbers = m_reader->maxTicketNumbers(today);
        if (!numbers)
            return numbers.error();
        for (auto it = numbers->cbegin(); it != numbers->cend(); ++it)
            if (queueIds.contains(it.key()))
                m_engine->noteTicketNumber(it.key(), today, it.value());
    }
    auto floors = m_reader->restoreFloors();
    if (!floors)
        return floors.error();
    for (auto q = floors->tickets.cbegin(); q != floors->tickets.cend(); ++q)
        if (queueIds.contains(q.key()))
            for (auto d = q->cbegin(); d != q->cend(); ++d)
                m_engine->noteTicketNumber(q.key(), d.key(), d.value());
    // The front office: its shift numbers, and its open shifts with their last receipts.
    auto shiftNumbers = m_reader->maxShiftNumbers();
    if (!shiftNumbers)
        return shiftNumbers.error();
    QHash<Id, int> lastShift = m_frontOffice->lastShiftNumbers();
    for (Id id : ids)
        lastShift.insert(id, shiftNumbers->value(id));
    m_frontOffice->setLastShiftNumbers(lastShift);
    auto open = m_reader->loadOpenShifts();
    if (!open)
        return open.error();
    for (const CashShift &s : *open)
        if (ids.contains(s.centreId))
            if (Status restored = restoreOpenShift(s, *floors); !restored)
                return restored;
    return {};
}

void QueueService::applyFromElsewhere(const Event &e)
{
    namespace names = protocol::events;
    if (e.type == names::StaffChanged)
        return refreshStaff(e);
    if (e.type != names::AuthChecked && e.type != names::AuthUnlocked)
        return;
    const QJsonObject data = QJsonDocument::fromJson(e.payload).object();
    if (data.value(u"node"_s).toString() == m_options.nodeName)
        return; // counted here when it happened
    if (e.type == names::AuthChecked) {
        m_throttle.countElsewhere(data.value(u"login"_s).toString(), data.value(u"address"_s).toString(),
                                  data.value(u"success"_s).toBool(), e.at, QDateTime::currentDateTimeUtc());
        return;
    }
    const QString kind = data.value(u"kind"_s).toString();
    if (m_throttle.lift(kind == throttleKindName(LoginThrottle::Kind::Address) ? LoginThrottle::Kind::Address
                                                                               : LoginThrottle::Kind::Account,
                        data.value(u"key"_s).toString()))
        logging::info(u"lockout of %1 %2 lifted on node %3"_s.arg(kind, data.value(u"key"_s).toString(),
                                                                  data.value(u"node"_s).toString()));
}

void QueueService::refreshStaff(const Event &e)
{
    const QJsonObject data = QJsonDocument::fromJson(e.payload).object();
    const Id staffId = data.contains(u"staffId"_s)
                           ? Id(data.value(u"staffId"_s).toDouble())
                           : Id(data.value(u"staff"_s).toObject().value(u"id"_s).toDouble());
    if (staffId == 0)
        return;
    auto all = m_reader->loadStaff();
    if (!all) {
        logging::warn(
            u"cannot read account %1 changed by another node: %2"_s.arg(staffId).arg(all.error().message));
        return;
    }
    for (const Staff &st : *all) {
        if (st.id != staffId)
            continue;
        auto credential = m_reader->findLogin(st.login);
        QByteArray hash;
        if (credential && credential->has_value())
            hash = (*credential)->passwordHash.toUtf8();
        // The same account as this node has it (its own change): nothing to do.
        const auto known = m_staff.constFind(st.id);
        const bool same = known != m_staff.cend() && known->active == st.active && known->role == st.role &&
                          known->centreId == st.centreId && known->login == st.login &&
                          known->fullName == st.fullName && known->position == st.position &&
                          m_passwordHashes.value(st.id) == hash;
        if (!same)
            applyStaff(st, hash == m_passwordHashes.value(st.id) ? QByteArray() : hash, nullptr);
        return;
    }
}

} // namespace okno
