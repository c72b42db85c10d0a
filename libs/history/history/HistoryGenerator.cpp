#include "HistoryGenerator.h"

#include "DaySimulation.h"
#include "FrontOfficeHistory.h"
#include "HistoryTypes.h"
#include "VisitorMix.h"

#include <core/Clock.h>
#include <core/QueueEngine.h>
#include <protocol/Positions.h>
#include <storage/Database.h>
#include <storage/DatabaseMaintenance.h>

#include <QFile>
#include <QSet>

#include <algorithm>
#include <cmath>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <thread>
#include <vector>

namespace okno {

using namespace Qt::StringLiterals;
using namespace history;

namespace {

// The default bound of a transaction (whole days are never split): big enough that commits and
// checkpoints cost little, small enough to keep the batch in memory and the WAL file modest.
constexpr qsizetype kChangesPerTransaction = 200'000;

// One generated working day (of every centre open that day): what to write and what it counts.
struct DayWork
{
    QDate day;
    bool worked = false;
    WriteBatch batch;
    qint64 visits = 0;
    qint64 stages = 0;
    qint64 events = 0;
    qint64 consultations = 0;
    qint64 shifts = 0;
    qint64 payments = 0;
    qint64 reversals = 0;
};

// Days handed from the simulation thread to the writer, at most about `capacity` changes waiting
// (a day bigger than that still passes when nothing waits).
class DayChannel
{
public:
    explicit DayChannel(qsizetype capacity)
        : m_capacity(capacity)
    {}

    // The simulation: waits while the writer is behind; false once the writer has stopped.
    bool push(DayWork &&work)
    {
        std::unique_lock lock(m_mutex);
        m_changed.wait(lock, [&] { return m_stopped || m_queued == 0 || m_queued < m_capacity; });
        if (m_stopped)
            return false;
        m_queued += work.batch.size();
        m_days.push_back(std::move(work));
        m_changed.notify_all();
        return true;
    }
    // The simulation is over, complete or failed.
    void close(std::optional<Error> error = std::nullopt)
    {
        const std::lock_guard lock(m_mutex);
        m_closed = true;
        m_error = std::move(error);
        m_changed.notify_all();
    }
    // The writer: the next day, or nothing once the simulation is over and every day taken.
    std::optional<DayWork> pop()
    {
        std::unique_lock lock(m_mutex);
        m_changed.wait(lock, [&] { return !m_days.empty() || m_closed; });
        if (m_days.empty())
            return std::nullopt;
        DayWork work = std::move(m_days.front());
        m_days.pop_front();
        m_queued -= work.batch.size();
        m_changed.notify_all();
        return work;
    }
    // The writer gives up (or is done): the simulation stops at its next day.
    void stop()
    {
        const std::lock_guard lock(m_mutex);
        m_stopped = true;
        m_changed.notify_all();
    }
    std::optional<Error> error()
    {
        const std::lock_guard lock(m_mutex);
        return m_error;
    }

private:
    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::deque<DayWork> m_days;
    qsizetype m_queued = 0;
    const qsizetype m_capacity;
    bool m_closed = false;
    bool m_stopped = false;
    std::optional<Error> m_error;
};

bool isGeneratedLogin(const QString &login, Id centreId)
{
    return login.startsWith(u"gen"_s % QString::number(centreId) % u"-"_s);
}

Role roleFor(StageRole r)
{
    return r == StageRole::Administrator ? Role::Administrator
           : r == StageRole::Cashier     ? Role::Cashier
                                         : Role::Consultant;
}

// Stages per visit of each role in the generated mix (VisitorMix), and their mean service as a
// share of the norm (log-normal around 70 % of it, sigma 0.45).
constexpr double kStagesPerVisit[] = {0.80, 0.56, 0.55}; // administrator, consultant, cashier
constexpr double kServiceShareOfNorm = 0.78;
// New centres get desks enough to be busy 70 % of the day on average (the peaks are ~1.4 times
// the mean); an existing centre gets no more visitors than keep its busiest desks 95 % busy.
constexpr double kSizingLoad = 0.70;
constexpr double kMaxLoad = 0.95;

// Desks of each role a centre needs for `visitsPerDay` at the target load, at least `minimum`.
int desksNeeded(StageRole r, int visitsPerDay, const Centre &c, int openMinutes, int minimum)
{
    const double work =
        visitsPerDay * kStagesPerVisit[int(r)] * kServiceShareOfNorm * c.norms.of(r).serviceMinutes;
    return std::max(minimum, int(std::ceil(work / (openMinutes * kSizingLoad))));
}

// Open minutes of a centre's typical working day (the first one from `from`).
int openMinutesOf(const Centre &c, const QDate &from)
{
    for (QDate d = from; d < from.addDays(14); d = d.addDays(1)) {
        const DayHours h = c.schedule.hoursOn(d);
        if (h.open)
            return std::max(60, int(h.opens.secsTo(h.closes) / 60 -
                                    (h.hasLunch() ? h.lunchStart.secsTo(h.lunchEnd) / 60 : 0)));
    }
    return 480;
}

// The i-th name of a history-only account: surname, first name and patronymic that agree in
// gender, different for the first 180 accounts (surname and first name vary with every account).
QString historyName(int i)
{
    static const QList<std::pair<QString, QString>> surnames{
        {u"Белов"_s, u"Белова"_s},         {u"Киселёв"_s, u"Киселёва"_s}, {u"Зайцев"_s, u"Зайцева"_s},
        {u"Григорьев"_s, u"Григорьева"_s}, {u"Лебедев"_s, u"Лебедева"_s}, {u"Фомин"_s, u"Фомина"_s},
        {u"Соловьёв"_s, u"Соловьёва"_s},   {u"Титов"_s, u"Титова"_s},     {u"Ершов"_s, u"Ершова"_s},
        {u"Макаров"_s, u"Макарова"_s},     {u"Поляков"_s, u"Полякова"_s}, {u"Семёнов"_s, u"Семёнова"_s},
        {u"Орехов"_s, u"Орехова"_s},       {u"Борисов"_s, u"Борисова"_s}, {u"Ильин"_s, u"Ильина"_s},
        {u"Гусев"_s, u"Гусева"_s},         {u"Тихонов"_s, u"Тихонова"_s}, {u"Крылов"_s, u"Крылова"_s}};
    static const QStringList men{u"Андрей"_s,  u"Дмитрий"_s, u"Сергей"_s, u"Максим"_s, u"Артём"_s,
                                 u"Николай"_s, u"Павел"_s,   u"Виктор"_s, u"Роман"_s,  u"Олег"_s};
    static const QStringList women{u"Ирина"_s, u"Татьяна"_s, u"Наталья"_s, u"Светлана"_s, u"Юлия"_s,
                                   u"Дарья"_s, u"Ксения"_s,  u"Алина"_s,   u"Полина"_s,   u"Екатерина"_s};
    static const QList<std::pair<QString, QString>> patronymics{
        {u"Сергеевич"_s, u"Сергеевна"_s},   {u"Андреевич"_s, u"Андреевна"_s},
        {u"Викторович"_s, u"Викторовна"_s}, {u"Олегович"_s, u"Олеговна"_s},
        {u"Николаевич"_s, u"Николаевна"_s}, {u"Петрович"_s, u"Петровна"_s},
        {u"Юрьевич"_s, u"Юрьевна"_s}};
    const qsizetype n = surnames.size();
    const bool woman = i % 3 != 0; // most of a centre's staff are women
    const auto &surname = surnames[i % n];
    const auto &patronymic = patronymics[(i / 3) % patronymics.size()];
    const QString first = (woman ? women : men)[(i * 7 + i / n) % men.size()]; // unique with the surname
    return (woman ? surname.second : surname.first) % u' ' % first % u' ' %
           (woman ? patronymic.second : patronymic.first);
}

// The organisation as the generator runs it: centres to fill, and what has to be created first.
class Organisation
{
public:
    Organisation(QList<Centre> centres, QList<Queue> queues, QList<Desk> desks, QList<Staff> staff,
                 MaxIds &next)
        : m_centres(std::move(centres))
        , m_queues(std::move(queues))
        , m_desks(std::move(desks))
        , m_staff(std::move(staff))
        , m_next(next)
    {
        const auto byId = [](const auto &a, const auto &b) { return a.id < b.id; };
        std::sort(m_centres.begin(), m_centres.end(), byId);
        std::sort(m_queues.begin(), m_queues.end(), byId);
        std::sort(m_desks.begin(), m_desks.end(), byId);
        std::sort(m_staff.begin(), m_staff.end(), byId);
    }

    void prepare(int wanted, int visitsPerDay, const QDate &from, HistorySummary &summary)
    {
        m_visitsPerDay = visitsPerDay;
        m_from = from;
        for (const Centre &c : std::as_const(m_centres)) {
            if (!c.active)
                continue;
            QString why;
            if (setUp(c, &why))
                ++summary.existingCentres;
            else
                summary.skippedCentres.append(c.code % u" ("_s % c.name % u"): "_s % why);
        }
        for (int i = 1; m_setups.size() < wanted; ++i)
            if (std::none_of(m_centres.cbegin(), m_centres.cend(),
                             [&](const Centre &c) { return c.code == u"GEN-"_s + QString::number(i); }))
                createCentre(i);
        summary.centres = int(m_setups.size());
        summary.staffCreated = m_staffCreated;
        // A centre gets no more visitors than its desks can serve at the target load.
        for (CentreSetup &s : m_setups) {
            const int minutes = openMinutesOf(s.centre, from);
            s.meanVisits = visitsPerDay;
            for (const auto &[role, queues] : s.queuesOf) {
                const auto desks = std::count_if(s.desks.cbegin(), s.desks.cend(), [&](const Desk &d) {
                    return stageRoleOf(s.actorAt.value(d.id).role) == role;
                });
                const double perVisit =
                    kStagesPerVisit[int(role)] * kServiceShareOfNorm * s.centre.norms.of(role).serviceMinutes;
                s.meanVisits =
                    std::min(s.meanVisits, std::max(1, int(double(desks) * minutes * kMaxLoad / perVisit)));
            }
            if (s.meanVisits < visitsPerDay)
                summary.notes.append(s.centre.code % u": its "_s % QString::number(s.desks.size()) %
                                     u" desks serve about "_s % QString::number(s.meanVisits) %
                                     u" visitors a day; that many are simulated instead of "_s %
                                     QString::number(visitsPerDay));
        }
    }

    const QList<CentreSetup> &setups() const { return m_setups; }
    const QList<Queue> &queues() const { return m_queues; }
    const WriteBatch &batch() const { return m_batch; }

private:
    // The centre's desks and who sits at each; false (and why) if it has nothing to serve with.
    bool setUp(const Centre &c, QString *why)
    {
        CentreSetup s;
        s.centre = c;
        QHash<Id, StageRole> roleOfQueue;
        for (const Queue &q : std::as_const(m_queues))
            if (q.centreId == c.id && q.active)
                roleOfQueue.insert(q.id, q.role);
        QList<Desk> desks;
        for (Desk d : std::as_const(m_desks)) {
            if (d.centreId != c.id || !d.active)
                continue;
            if (std::none_of(d.queueIds.cbegin(), d.queueIds.cend(),
                             [&](Id q) { return roleOfQueue.contains(q); }))
                continue;
            d.state = DeskState::Closed; // the simulation opens it each day
            d.staffId = 0;
            desks.append(d);
        }
        std::stable_sort(desks.begin(), desks.end(),
                         [](const Desk &a, const Desk &b) { return a.number < b.number; });
        if (desks.isEmpty()) {
            *why = u"no active desk serves an active queue"_s;
            return false;
        }
        QSet<Id> taken;
        for (Desk &d : desks) {
            StageRole role = StageRole::Consultant;
            for (Id q : std::as_const(d.queueIds))
                if (roleOfQueue.contains(q)) {
                    role = roleOfQueue.value(q);
                    break;
                }
            for (Id q : std::as_const(d.queueIds))
                if (roleOfQueue.contains(q) && !s.queuesOf[roleOfQueue.value(q)].contains(q))
                    s.queuesOf[roleOfQueue.value(q)].append(q);
            const Id staffId = staffFor(c, d.number, roleFor(role), taken);
            taken.insert(staffId);
            s.actorAt.insert(d.id, Actor{staffId, roleFor(role), d.id});
            if (role == StageRole::Administrator && !s.receptionistId)
                s.receptionistId = staffId;
            s.desks.append(d);
        }
        for (auto &[role, ids] : s.queuesOf)
            std::sort(ids.begin(), ids.end());
        s.managerId = managerFor(c);
        m_setups.append(s);
        return true;
    }

    // An active person of the centre in that role not yet at a desk; else the history-only account.
    Id staffFor(const Centre &c, int deskNumber, Role role, const QSet<Id> &taken)
    {
        for (const Staff &s : std::as_const(m_staff))
            if (s.centreId == c.id && s.active && s.role == role && !taken.contains(s.id) &&
                !isGeneratedLogin(s.login, c.id))
                return s.id;
        return generatedStaff(c, QString::number(deskNumber), role);
    }

    Id managerFor(const Centre &c)
    {
        for (Id centreId : {c.id, Id(0)})
            for (const Staff &s : std::as_const(m_staff))
                if (s.centreId == centreId && s.active && s.role == Role::Manager &&
                    !isGeneratedLogin(s.login, c.id))
                    return s.id;
        return generatedStaff(c, u"manager"_s, Role::Manager);
    }

    Id generatedStaff(const Centre &c, const QString &suffix, Role role)
    {
        const QString login = u"gen"_s % QString::number(c.id) % u"-"_s % suffix;
        const QStringList candidates{login, login % u"-"_s % roleName(role)};
        for (const QString &l : candidates)
            for (const Staff &s : std::as_const(m_staff))
                if (s.login == l && s.role == role)
                    return s.id;
        QString free;
        for (const QString &l : candidates)
            if (free.isEmpty() &&
                std::none_of(m_staff.cbegin(), m_staff.cend(), [&](const Staff &s) { return s.login == l; }))
                free = l;
        if (free.isEmpty())
            free = login % u"-"_s % QString::number(m_next.staff + 1);
        // A name nobody in the database has (the demo's own staff included), if one is left.
        const auto taken = [&](const QString &n) {
            return std::any_of(m_staff.cbegin(), m_staff.cend(),
                               [&](const Staff &o) { return o.fullName == n; });
        };
        QString name = historyName(m_staffCreated);
        for (int k = 1; k < 50 && taken(name); ++k)
            name = historyName(m_staffCreated + k * 181);
        Staff s{++m_next.staff, c.id, free, name, protocol::defaultPosition(role), role, true};
        m_batch.putStaff(s); // no password hash: the account cannot log in
        m_staff.append(s);
        ++m_staffCreated;
        return s.id;
    }

    void createCentre(int i)
    {
        static const QStringList towns{u"Саранск"_s,  u"Рузаевка"_s, u"Ковылкино"_s, u"Краснослободск"_s,
                                       u"Темников"_s, u"Ардатов"_s,  u"Инсар"_s,     u"Торбеево"_s};
        const auto taken = [&](const QString &name) {
            return std::any_of(m_centres.cbegin(), m_centres.cend(),
                               [&](const Centre &o) { return o.name == name; });
        };
        // The next town whose centre is not already there (the demo's «ЦОК Саранск» is).
        QString town = towns[(i - 1) % towns.size()];
        for (qsizetype k = 0; k < towns.size() && taken(u"ЦОК "_s + town); ++k)
            town = towns[(i - 1 + k + 1) % towns.size()];
        Centre c;
        c.id = ++m_next.centre;
        c.code = u"GEN-"_s + QString::number(i);
        c.name = u"ЦОК "_s + town + (i > towns.size() ? u" "_s + QString::number(i) : QString());
        if (taken(c.name))
            c.name += u" ("_s % c.code % u")"_s;
        c.address = u"г. "_s + town + u", ул. Советская, "_s + QString::number(10 + i);
        c.phone = u"8-800-100-00-00"_s;
        m_batch.putCentre(c);
        m_centres.append(c);
        const QList<std::tuple<QString, QString, QString, StageRole>> qs{
            {u"reception"_s, u"Администратор"_s, u"А"_s, StageRole::Administrator},
            {u"consult"_s, u"Консультация"_s, u"К"_s, StageRole::Consultant},
            {u"cash"_s, u"Касса"_s, u"О"_s, StageRole::Cashier}};
        QList<Id> qids;
        for (const auto &[qc, qn, qp, role] : qs) {
            Queue q{++m_next.queue, c.id, qc, qn, qp, role, true};
            m_batch.putQueue(q);
            m_queues.append(q);
            qids.append(q.id);
        }
        // At least one administrator at the door, three consultants and two cash desks; more
        // where the load needs them.
        const int minutes = openMinutesOf(c, m_from);
        QList<std::pair<int, int>> deskQueue;
        const int counts[] = {desksNeeded(StageRole::Administrator, m_visitsPerDay, c, minutes, 1),
                              desksNeeded(StageRole::Consultant, m_visitsPerDay, c, minutes, 3),
                              desksNeeded(StageRole::Cashier, m_visitsPerDay, c, minutes, 2)};
        for (int qi = 0; qi < 3; ++qi)
            for (int k = 0; k < counts[qi]; ++k)
                deskQueue.append({int(deskQueue.size()) + 1, qi});
        for (const auto &[number, qi] : deskQueue) {
            Desk d;
            d.id = ++m_next.desk;
            d.centreId = c.id;
            d.number = number;
            d.name = u"Окно "_s + QString::number(number);
            d.queueIds = {qids[qi]};
            m_batch.putDesk(d);
            m_desks.append(d);
        }
        QString why;
        setUp(c, &why);
    }

    QList<Centre> m_centres;
    QList<Queue> m_queues;
    QList<Desk> m_desks;
    QList<Staff> m_staff;
    MaxIds &m_next;
    QList<CentreSetup> m_setups;
    WriteBatch m_batch;
    int m_staffCreated = 0;
    int m_visitsPerDay = 120;
    QDate m_from;
};

} // namespace

Status validate(const HistoryOptions &o)
{
    if (o.database.isSqlite() && o.database.path.isEmpty())
        return makeError(ErrorCode::InvalidArgument, u"the database file is required (--database)"_s);
    if (!o.from.isValid() || !o.to.isValid() || o.from > o.to)
        return makeError(ErrorCode::InvalidArgument, u"give a valid period: --from ≤ --to"_s);
    if (o.from.daysTo(o.to) > 20 * 366)
        return makeError(ErrorCode::InvalidArgument, u"the period must be at most 20 years"_s);
    if (o.centres < 1 || o.centres > 50)
        return makeError(ErrorCode::InvalidArgument, u"--centres must be 1–50"_s);
    if (o.visitsPerDay < 1 || o.visitsPerDay > 2000)
        return makeError(ErrorCode::InvalidArgument, u"--visits-per-day must be 1–2000"_s);
    if (o.daysPerTransaction < 0 || o.daysPerTransaction > 366)
        return makeError(ErrorCode::InvalidArgument, u"--days-per-transaction must be 0–366"_s);
    return {};
}

Result<HistorySummary> generateHistory(const HistoryOptions &o)
{
    if (auto s = validate(o); !s)
        return s.error();
    if (o.database.isSqlite() && maintenance::openElsewhere(o.database.path))
        return makeError(ErrorCode::Unavailable,
                         u"the database "_s % o.database.path %
                             u" is in use by another process (a running okno-server?); "
                             u"stop it first"_s);
    // okno-history has the file to itself: commits need not be durable one by one, only the
    // file consistent (see DatabaseConfig::bulkLoad).
    DatabaseConfig config = o.database;
    config.bulkLoad = true;
    auto opened = Database::open(config);
    if (!opened)
        return opened.error();
    Database &db = **opened;
    // Its past days' events go into the log every node publishes to its terminals, numbered from
    // the same counter (and holding it for a whole transaction of days): not while a node serves.
    auto serving = db.heldLease();
    if (!serving)
        return serving.error();
    if (*serving)
        return makeError(ErrorCode::Unavailable,
                         u"node %1 (%2) serves this database: a history's past events would reach its "
                         u"terminals as new ones; stop the nodes first, or load the history into another "
                         u"database"_s.arg((*serving)->holder, (*serving)->address));
    // A bulk load leaves the read model to its loader (Database::apply does not keep it): the
    // digests the new visits may change — their days, and for repeat visits the year after —
    // go now, and those of every day written are built at the end.
    if (auto s = db.dropDigests(o.from.addDays(-1), o.to.addDays(kRepeatHorizonDays + 2)); !s)
        return s.error();
    auto ids = db.maxIds();
    if (!ids)
        return ids.error();
    MaxIds next = *ids;
    // The ids this run hands out come in blocks from the database (Database::reserveIds), as a
    // server's do: those a node took before (and has not written yet) are none of them, and a
    // node after it takes none of its. Each block is far larger than the run can use (visits per day
    // are a mean); the run stops with an error rather than go past one.
    const qint64 centreDays = (o.from.daysTo(o.to) + 1) * qint64(o.centres);
    const qint64 visitBound = centreDays * o.visitsPerDay * 4 + 1000;
    const std::pair<IdKind, Id *> kinds[] = {{IdKind::Centre, &next.centre},  {IdKind::Queue, &next.queue},
                                             {IdKind::Desk, &next.desk},      {IdKind::Staff, &next.staff},
                                             {IdKind::Visit, &next.visit},    {IdKind::Shift, &next.shift},
                                             {IdKind::Payment, &next.payment}};
    std::array<Id, kIdKinds> idEnds{};
    for (const auto &[kind, last] : kinds) {
        const qint64 count = kind == IdKind::Visit     ? visitBound
                             : kind == IdKind::Payment ? 2 * visitBound
                             : kind == IdKind::Shift   ? centreDays * 100 + 1000
                                                       : 10000;
        auto block = db.reserveIds(kind, count, *last + 1);
        if (!block)
            return block.error();
        *last = block->peek() - 1;
        idEnds[size_t(kind)] = block->peek() + block->left();
    }
    auto centres = db.loadCentres();
    auto queues = db.loadQueues();
    auto desks = db.loadDesks();
    auto staff = db.loadStaff();
    auto shiftNumbers = db.maxShiftNumbers();
    if (!centres || !queues || !desks || !staff || !shiftNumbers)
        return makeError(ErrorCode::Unavailable, u"cannot read the organisation from the database"_s);

    HistorySummary summary;
    Organisation org(*centres, *queues, *desks, *staff, next);
    org.prepare(o.centres, o.visitsPerDay, o.from, summary);
    if (o.progress)
        for (const QString &n : std::as_const(summary.notes))
            o.progress(n);
    for (const auto &[kind, last] : kinds)
        if (*last >= idEnds[size_t(kind)])
            return makeError(ErrorCode::Internal,
                             u"the run needs more "_s % idKindName(kind) % u" ids than it reserved"_s);
    if (!org.batch().isEmpty())
        if (auto s = db.apply(org.batch()); !s)
            return s.error();
    if (org.setups().isEmpty())
        return makeError(ErrorCode::InvalidArgument,
                         u"no centre to fill: "_s % summary.skippedCentres.join(u"; "_s));

    ManualClock clock;
    QueueEngine engine(clock);
    engine.setVisitIds(IdRange(next.visit + 1, idEnds[size_t(IdKind::Visit)]));
    QSet<Id> filled;
    for (const CentreSetup &s : org.setups()) {
        engine.putCentre(s.centre);
        filled.insert(s.centre.id);
    }
    for (const Queue &q : org.queues())
        if (filled.contains(q.centreId))
            engine.putQueue(q);
    for (const CentreSetup &s : org.setups())
        for (const Desk &d : s.desks)
            engine.putDesk(d);

    std::mt19937 rng(o.seed);
    std::vector<VisitorMix> mixes;
    for (const CentreSetup &s : org.setups())
        mixes.emplace_back(s, o.visitsPerDay, rng);
    if (o.progress)
        for (const QString &skipped : std::as_const(summary.skippedCentres))
            o.progress(u"skipped centre "_s % skipped);
    FrontOfficeHistory frontOffice(rng, next, *shiftNumbers, o.events);
    frontOffice.setIdEnds(idEnds[size_t(IdKind::Shift)], idEnds[size_t(IdKind::Payment)]);
    QHash<Id, std::map<QDate, QList<Returner>>> returns; // centre → day → who comes back

    // Whole days per transaction: as many as asked, or by default as many as fit in about
    // kChangesPerTransaction rows (a day of 20 centres of 300 visitors is ~13,000 rows without
    // events and ~65,000 with them), so that a big history is a few hundred commits, not one a day.
    const int daysPerTransaction = o.daysPerTransaction > 0 ? o.daysPerTransaction : 366;
    const qsizetype changesPerTransaction = o.daysPerTransaction > 0 ? 0 : kChangesPerTransaction;

    // The numbers already issued on each day of the period, read before anything is written:
    // a generated day's stages all have that day's service date, so what this run writes never
    // changes them.
    QHash<QDate, QHash<Id, int>> issuedBefore;
    for (QDate day = o.from; day <= o.to; day = day.addDays(1))
        if (auto numbers = db.maxTicketNumbers(day); numbers && !numbers->isEmpty())
            issuedBefore.insert(day, *numbers);

    // Two threads: this one writes, the simulation runs ahead on its own and hands over each
    // day's changes (at most about a transaction's worth waits). The simulation is the same
    // sequential one, with one random stream: the same seed gives the same history.
    DayChannel channel(std::max<qsizetype>(changesPerTransaction, 1));
    qint64 eventsTotal = 0;
    std::thread simulation([&] {
        for (QDate day = o.from; day <= o.to; day = day.addDays(1)) {
            DayWork work;
            work.day = day;
            WriteBatch &batch = work.batch;
            // Continue the day's numbering if the database already has tickets that day.
            if (auto it = issuedBefore.constFind(day); it != issuedBefore.constEnd())
                for (auto n = it->cbegin(); n != it->cend(); ++n)
                    engine.noteTicketNumber(n.key(), day, n.value());
            for (qsizetype i = 0; i < org.setups().size(); ++i) {
                const CentreSetup &setup = org.setups()[i];
                const Centre &c = setup.centre;
                if (!c.schedule.hoursOn(day).open)
                    continue;
                work.worked = true;
                QList<Visitor> back;
                auto &due = returns[c.id];
                if (auto it = due.find(day); it != due.end()) {
                    for (const Returner &r : std::as_const(it->second))
                        back.append(mixes[size_t(i)].returning(r));
                    due.erase(it);
                }
                DaySimulation sim(engine, clock, rng, setup, o.events);
                const SimulatedDay simulated = sim.run(day, setup.meanVisits, back, mixes[size_t(i)]);
                auto office = frontOffice.record(setup, day, simulated);
                if (!office) {
                    channel.close(office.error());
                    return;
                }
                for (const auto &[when, who] : std::as_const(office->returns))
                    if (when > day && when <= o.to)
                        returns[c.id][when].append(who);
                for (const Visit &v : simulated.visits) {
                    batch.putVisit(v);
                    ++work.visits;
                    work.stages += v.stages.size();
                }
                for (const Consultation &k : std::as_const(office->consultations))
                    batch.putConsultation(k);
                for (const CashShift &s : std::as_const(office->shifts))
                    batch.putShift(s);
                for (const Payment &p : std::as_const(office->payments)) {
                    batch.appendPayment(p);
                    ++(p.isReversal() ? work.reversals : work.payments);
                }
                work.consultations += office->consultations.size();
                work.shifts += office->shifts.size();
                // The centre's events in time order, as the live server would have appended them.
                QList<Event> log = simulated.events + office->events;
                std::stable_sort(log.begin(), log.end(),
                                 [](const Event &a, const Event &b) { return a.at < b.at; });
                // Unnumbered: the commit numbers them (a node serving the database meanwhile
                // takes its numbers from the same counter).
                for (Event &e : log) {
                    e.seq = 0;
                    batch.appendEvent(e);
                }
                work.events += log.size();
            }
            if (work.worked && !channel.push(std::move(work)))
                return; // the writer has stopped
        }
        channel.close();
    });
    const auto finish = [&](Status status) -> Result<HistorySummary> {
        channel.stop();
        simulation.join();
        if (!status)
            return status.error();
        if (auto failed = channel.error())
            return *failed;
        summary.events = eventsTotal;
        return summary;
    };

    QList<WriteBatch> pending;
    qsizetype pendingChanges = 0;
    while (std::optional<DayWork> work = channel.pop()) {
        ++summary.days;
        summary.visits += work->visits;
        summary.stages += work->stages;
        summary.consultations += work->consultations;
        summary.shifts += work->shifts;
        summary.payments += work->payments;
        summary.reversals += work->reversals;
        eventsTotal += work->events;
        pendingChanges += work->batch.size();
        pending.append(std::move(work->batch));
        if (pending.size() >= daysPerTransaction ||
            (changesPerTransaction > 0 && pendingChanges >= changesPerTransaction)) {
            if (auto s = db.apply(pending); !s)
                return finish(s);
            pending.clear();
            pendingChanges = 0;
        }
        if (o.progress)
            o.progress(work->day.toString(Qt::ISODate) % u": "_s % QString::number(summary.visits) %
                       u" visits so far"_s);
    }
    if (channel.error())
        return finish({}); // the days not yet committed are not written, as after a failed commit
    if (!pending.isEmpty())
        if (auto s = db.apply(pending); !s)
            return finish(s);
    // The reports' read model of the days written (and of any earlier ones still missing), so
    // that the first report over the history reads digests rather than every visit.
    auto withDigests = db.loadCentres();
    if (!withDigests)
        return finish(withDigests.error());
    const QDateTime dayAfter(o.to.addDays(1), QTime(12, 0), QTimeZone::utc());
    if (auto built = db.buildDigests(*withDigests, dayAfter); !built)
        return finish(built.error());
    return finish({});
}

} // namespace okno
