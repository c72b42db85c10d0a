#include "Visitors.h"

namespace okno::demo {

using namespace Qt::StringLiterals;

namespace {

constexpr int kAccountPool = 400; // people who come to the centre; some come back within days

const QStringList &surnames()
{
    static const QStringList s{u"Андреев"_s,   u"Белов"_s,   u"Волков"_s,  u"Григорьев"_s, u"Дмитриев"_s,
                               u"Егоров"_s,    u"Жуков"_s,   u"Зайцев"_s,  u"Ильин"_s,     u"Ковалёв"_s,
                               u"Лебедев"_s,   u"Макаров"_s, u"Новиков"_s, u"Орлов"_s,     u"Павлов"_s,
                               u"Романов"_s,   u"Соколов"_s, u"Тихонов"_s, u"Уткин"_s,     u"Фёдоров"_s,
                               u"Харитонов"_s, u"Цветков"_s, u"Чернов"_s,  u"Шилов"_s,     u"Яковлев"_s};
    return s;
}

const QStringList &initials()
{
    static const QStringList s{u"А. В."_s, u"Н. П."_s, u"С. И."_s, u"Е. А."_s, u"М. Д."_s,
                               u"О. Н."_s, u"В. С."_s, u"Т. Г."_s, u"И. К."_s, u"Л. М."_s};
    return s;
}

} // namespace

VisitorFactory::VisitorFactory(std::mt19937 &rng, Id centreId)
    : m_rng(rng)
    , m_centreId(centreId)
{}

double VisitorFactory::uniform()
{
    return std::uniform_real_distribution<double>(0.0, 1.0)(m_rng);
}

QString VisitorFactory::poolAccount()
{
    const int n = std::uniform_int_distribution<int>(1, kAccountPool)(m_rng);
    return QString::number(qint64(m_centreId) * 1'000'000 + 500'000 + n).rightJustified(10, u'0');
}

VisitorPlan VisitorFactory::make(const Centre &centre)
{
    VisitorPlan p;
    const double r = uniform();
    if (r < 0.75) {
        p.stages.append(StageRole::Administrator);
        const double next = uniform();
        if (next < 0.55)
            p.stages.append(StageRole::Consultant);
        else if (next < 0.85)
            p.stages.append(StageRole::Cashier);
    } else {
        p.stages.append(uniform() < 0.5 ? StageRole::Consultant : StageRole::Cashier);
    }
    if (p.stages.last() == StageRole::Consultant && uniform() < 0.4)
        p.stages.append(StageRole::Cashier);

    // About 8 % priority visitors, among the centre's own categories.
    if (uniform() < 0.08 && !centre.priorityCategories.isEmpty()) {
        const int i = std::uniform_int_distribution<int>(0, int(centre.priorityCategories.size()) - 1)(m_rng);
        p.priority = centre.priorityCategories[i].code;
    }
    if (uniform() < 0.75 || p.stages.contains(StageRole::Cashier)) {
        p.accountNumber = poolAccount();
        // The same account is the same person.
        const qint64 n = p.accountNumber.toLongLong();
        p.customerName = surnames()[n % surnames().size()] % u' ' % initials()[(n / 7) % initials().size()];
    }
    const double g = uniform();
    p.consumerGroup = g < 0.82   ? ConsumerGroup::Household
                      : g < 0.92 ? ConsumerGroup::Entrepreneur
                                 : ConsumerGroup::LegalEntity;
    static const QStringList consultPurposes{
        u"Перерасчёт"_s,         u"Договор энергоснабжения"_s, u"Показания счётчика"_s,
        u"Жалоба на качество"_s, u"Консультация по тарифам"_s, u"Справка"_s};
    if (p.stages.contains(StageRole::Consultant))
        p.purpose =
            consultPurposes[std::uniform_int_distribution<int>(0, int(consultPurposes.size()) - 1)(m_rng)];
    else if (p.stages.contains(StageRole::Cashier))
        p.purpose = u"Оплата"_s;
    else
        p.purpose = uniform() < 0.5 ? u"Справка"_s : u"Показания счётчика"_s;
    p.viaKiosk = uniform() < 0.65;
    return p;
}

VisitorPlan VisitorFactory::forVisit(const Visit &visit)
{
    VisitorPlan p;
    for (const Stage &s : visit.stages)
        p.stages.append(s.role);
    const StageRole last = p.stages.isEmpty() ? StageRole::Administrator : p.stages.last();
    if (last == StageRole::Administrator) {
        const double next = uniform();
        if (next < 0.5)
            p.stages.append(StageRole::Consultant);
        else if (next < 0.8)
            p.stages.append(StageRole::Cashier);
    } else if (last == StageRole::Consultant && uniform() < 0.3) {
        p.stages.append(StageRole::Cashier);
    }
    p.priority = visit.priority;
    p.accountNumber = visit.accountNumber;
    p.customerName = visit.customerName;
    p.purpose = visit.purpose;
    p.viaKiosk = visit.channel == u"kiosk";
    return p;
}

} // namespace okno::demo
