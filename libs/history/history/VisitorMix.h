#pragma once

#include "HistoryTypes.h"

#include <random>

namespace okno::history {

// Who comes to a centre and why: the route through its queues, priority, account and consumer
// group, the purpose and the consultation topic it leads to. Accounts come from a pool sized to
// the centre's load, so that by chance alone few people come back within a month; the returns
// that matter (follow-ups) are planned by the front office and come in through returning().
class VisitorMix
{
public:
    VisitorMix(const CentreSetup &setup, int visitsPerDay, std::mt19937 &rng);

    Visitor newVisitor();
    Visitor returning(const Returner &r);

    // A topic of the centre's catalogue for a purpose; empty if the catalogue has no active topic.
    QString topicFor(const QString &purpose);

private:
    QList<StageRole> newRoute();
    QList<Id> queuesFor(QList<StageRole> roles);
    QString consultationPurpose();
    QString anyPurpose();
    double uniform() { return std::uniform_real_distribution<double>(0.0, 1.0)(m_rng); }

    const CentreSetup &m_setup;
    std::mt19937 &m_rng;
    int m_accounts = 2000; // size of the centre's account pool
    QStringList m_activeTopics;
};

// The consumer group of an account of the generated pools (fixed per account).
ConsumerGroup consumerGroupOfAccount(const QString &account);

} // namespace okno::history
