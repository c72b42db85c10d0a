#include "VisitorMix.h"

#include <algorithm>

namespace okno::history {

using namespace Qt::StringLiterals;

namespace {

struct PurposeTopic
{
    QString purpose;
    const char *topic;
    int weight; // among visitors who see a consultant
};

const QList<PurposeTopic> &purposes()
{
    static const QList<PurposeTopic> list{
        {u"Показания счётчика"_s, "meter_readings", 20},
        {u"Перерасчёт"_s, "bills", 20},
        {u"Договор"_s, "contract", 15},
        {u"Консультация по тарифам"_s, "tariffs", 12},
        {u"Жалоба"_s, "complaint", 8},
        {u"Перерыв электроснабжения"_s, "supply_quality", 7},
        {u"Ограничение режима потребления"_s, "restriction", 5},
        {u"Справка"_s, "other", 8},
        {u"Оплата"_s, "payment", 5},
    };
    return list;
}

} // namespace

ConsumerGroup consumerGroupOfAccount(const QString &account)
{
    const int bucket = int(account.right(6).toLongLong() % 100);
    return bucket < 86   ? ConsumerGroup::Household
           : bucket < 95 ? ConsumerGroup::Entrepreneur
                         : ConsumerGroup::LegalEntity;
}

VisitorMix::VisitorMix(const CentreSetup &setup, int visitsPerDay, std::mt19937 &rng)
    : m_setup(setup)
    , m_rng(rng)
    , m_accounts(std::clamp(300 * visitsPerDay, 2000, 999'999))
{
    for (const Topic &t : setup.centre.topics)
        if (t.active)
            m_activeTopics.append(t.code);
}

QList<StageRole> VisitorMix::newRoute()
{
    QList<StageRole> roles;
    if (uniform() < 0.8) {
        roles.append(StageRole::Administrator);
        const double next = uniform();
        if (next < 0.55)
            roles.append(StageRole::Consultant);
        else if (next < 0.85)
            roles.append(StageRole::Cashier);
    } else {
        roles.append(uniform() < 0.6 ? StageRole::Consultant : StageRole::Cashier);
    }
    if (roles.last() == StageRole::Consultant && uniform() < 0.4)
        roles.append(StageRole::Cashier);
    return roles;
}

QList<Id> VisitorMix::queuesFor(QList<StageRole> roles)
{
    // A centre without some kind of queue (or without a desk for it) sends its visitors only
    // where it can serve them.
    roles.removeIf([this](StageRole r) { return !m_setup.queuesOf.contains(r); });
    if (roles.isEmpty())
        roles.append(m_setup.queuesOf.begin()->first);
    QList<Id> queues;
    for (StageRole r : roles) {
        const QList<Id> &of = m_setup.queuesOf.at(r);
        queues.append(of.size() == 1 ? of.first()
                                     : of[std::uniform_int_distribution<qsizetype>(0, of.size() - 1)(m_rng)]);
    }
    return queues;
}

QString VisitorMix::consultationPurpose()
{
    int total = 0;
    for (const PurposeTopic &p : purposes())
        total += p.weight;
    int pick = std::uniform_int_distribution<int>(0, total - 1)(m_rng);
    for (const PurposeTopic &p : purposes()) {
        if (pick < p.weight)
            return p.purpose;
        pick -= p.weight;
    }
    return purposes().first().purpose;
}

QString VisitorMix::anyPurpose()
{
    const auto &list = purposes();
    return list[std::uniform_int_distribution<qsizetype>(0, list.size() - 1)(m_rng)].purpose;
}

QString VisitorMix::topicFor(const QString &purpose)
{
    if (m_activeTopics.isEmpty())
        return {};
    for (const PurposeTopic &p : purposes())
        if (p.purpose == purpose && m_activeTopics.contains(QLatin1StringView(p.topic)))
            return QString::fromLatin1(p.topic);
    return m_activeTopics[std::uniform_int_distribution<qsizetype>(0, m_activeTopics.size() - 1)(m_rng)];
}

Visitor VisitorMix::newVisitor()
{
    Visitor v;
    const QList<StageRole> roles = newRoute();
    v.queues = queuesFor(roles);
    const double pr = uniform();
    if (pr < 0.03)
        v.priority = u"disabled"_s;
    else if (pr < 0.06)
        v.priority = u"veteran"_s;
    else if (pr < 0.08)
        v.priority = u"vulnerable"_s;
    if (!v.priority.isEmpty() && !m_setup.centre.hasPriorityCategory(v.priority))
        v.priority.clear();
    const int n = std::uniform_int_distribution<int>(1, m_accounts)(m_rng);
    v.account = QString::number(m_setup.centre.id * 1'000'000 + n).rightJustified(10, u'0');
    v.group = consumerGroupOfAccount(v.account);
    v.accountOnTicket = uniform() < 0.7;
    if (roles.contains(StageRole::Consultant))
        v.purpose = consultationPurpose();
    else if (roles.contains(StageRole::Cashier))
        v.purpose = u"Оплата"_s;
    else
        v.purpose = anyPurpose();
    v.topic = topicFor(v.purpose);
    return v;
}

Visitor VisitorMix::returning(const Returner &r)
{
    Visitor v;
    if (r.followUp) {
        // Back with the documents or the answer they were asked to bring: straight to a consultant.
        QList<StageRole> roles;
        if (uniform() < 0.7)
            roles.append(StageRole::Administrator);
        roles.append(StageRole::Consultant);
        if (uniform() < 0.25)
            roles.append(StageRole::Cashier);
        v.queues = queuesFor(roles);
        v.purpose = r.purpose;
        v.topic = r.topic;
        v.accountOnTicket = uniform() < 0.95;
        v.followUp = true;
    } else {
        v = newVisitor();
        v.accountOnTicket = uniform() < 0.8;
    }
    v.account = r.account;
    v.group = r.group;
    v.priority = r.priority;
    return v;
}

} // namespace okno::history
