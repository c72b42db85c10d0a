#include "Organisation.h"

#include <QRegularExpression>
#include <QSet>

namespace okno {

using namespace Qt::StringLiterals;

QList<PriorityCategory> defaultPriorityCategories()
{
    return {
        {u"disabled"_s, u"Инвалид I или II группы, ребёнок-инвалид"_s},
        {u"veteran"_s, u"Ветеран, инвалид войны, участник боевых действий"_s},
        {u"blockade"_s, u"Житель блокадного Ленинграда"_s},
        {u"vulnerable"_s, u"Социально уязвимая категория"_s},
        {u"parent"_s, u"Беременная женщина или посетитель с ребёнком до 3 лет"_s},
    };
}

QList<Topic> defaultTopics()
{
    return {
        {u"contract"_s, u"Заключение или изменение договора"_s, true},
        {u"meter_readings"_s, u"Показания приборов учёта"_s, true},
        {u"bills"_s, u"Счета и перерасчёт"_s, true},
        {u"payment"_s, u"Оплата"_s, true},
        {u"supply_quality"_s, u"Качество или перерыв электроснабжения"_s, true},
        {u"restriction"_s, u"Ограничение режима потребления"_s, true},
        {u"tariffs"_s, u"Тарифы"_s, true},
        {u"complaint"_s, u"Жалоба"_s, true},
        {u"other"_s, u"Другое"_s, true},
    };
}

namespace {

QSet<QString> stems(const QString &text)
{
    QSet<QString> out;
    for (const QString &word : text.toLower().split(QRegularExpression(u"[^\\p{L}]+"_s), Qt::SkipEmptyParts))
        if (word.size() >= 4)
            out.insert(word.left(5));
    return out;
}

} // namespace

const Topic *Centre::topicForPurpose(const QString &purpose) const
{
    const QSet<QString> wanted = stems(purpose);
    const Topic *best = nullptr;
    qsizetype bestShared = 0;
    for (const Topic &t : topics) {
        if (!t.active)
            continue;
        const qsizetype shared = stems(t.title).intersect(wanted).size();
        if (shared > bestShared) {
            best = &t;
            bestShared = shared;
        }
    }
    return best;
}

const Topic *Centre::topic(const QString &c) const
{
    for (const Topic &t : topics)
        if (t.code == c)
            return &t;
    return nullptr;
}

bool Centre::hasPriorityCategory(const QString &c) const
{
    return std::any_of(priorityCategories.cbegin(), priorityCategories.cend(),
                       [&](const PriorityCategory &p) { return p.code == c; });
}

namespace {

const QRegularExpression &codePattern()
{
    static const QRegularExpression re(u"^[A-Za-z0-9_-]{1,32}$"_s);
    return re;
}

Error invalid(QString message)
{
    return makeError(ErrorCode::InvalidArgument, std::move(message));
}

Status validateHours(const DayHours &h, const QString &where)
{
    if (!h.open)
        return {};
    if (!h.opens.isValid() || !h.closes.isValid() || h.opens >= h.closes)
        return invalid(where % u": opening time must be before closing time"_s);
    if (h.lunchStart.isValid() != h.lunchEnd.isValid())
        return invalid(where % u": lunch break needs both a start and an end"_s);
    if (h.lunchStart.isValid() &&
        (h.lunchStart >= h.lunchEnd || h.lunchStart < h.opens || h.lunchEnd > h.closes))
        return invalid(where % u": lunch break must lie within working hours and end after it starts"_s);
    return {};
}

} // namespace

Status validate(const Centre &c)
{
    if (!codePattern().match(c.code).hasMatch())
        return invalid(u"centre code must be 1–32 latin letters, digits, '-' or '_'"_s);
    if (c.name.trimmed().isEmpty())
        return invalid(u"centre name is required"_s);
    if (!c.schedule.timeZone().isValid())
        return invalid(u"centre time zone is not a known IANA zone"_s);
    if (c.schedule.lastTicketCutoffMinutes() < 0 || c.schedule.lastTicketCutoffMinutes() > 240)
        return invalid(u"last-ticket cut-off must be 0–240 minutes before closing"_s);
    if (c.schedule.serveAfterClosingMinutes() < 0 || c.schedule.serveAfterClosingMinutes() > 360)
        return invalid(u"service after closing must be 0–360 minutes"_s);
    for (int d = 1; d <= 7; ++d)
        if (auto s = validateHours(c.schedule.weekday(d), u"day "_s + QString::number(d)); !s)
            return s;
    for (const auto &e : c.schedule.exceptions()) {
        if (!e.date.isValid())
            return invalid(u"schedule exception has an invalid date"_s);
        if (auto s = validateHours(e.hours, e.date.toString(Qt::ISODate)); !s)
            return s;
    }
    for (StageRole r : allStageRoles())
        if (!Norms::isValid(c.norms.of(r)))
            return invalid(u"norm for "_s % stageRoleName(r) %
                           u" must be 1–600 minutes for wait and service"_s);
    QSet<QString> codes;
    for (const auto &p : c.priorityCategories) {
        if (!codePattern().match(p.code).hasMatch() || p.title.trimmed().isEmpty())
            return invalid(u"priority category needs a code (latin letters, digits) and a title"_s);
        if (codes.contains(p.code))
            return invalid(u"priority category \""_s % p.code % u"\" is listed twice"_s);
        codes.insert(p.code);
    }
    QSet<QString> topicCodes;
    for (const auto &t : c.topics) {
        if (!codePattern().match(t.code).hasMatch() || t.title.trimmed().isEmpty())
            return invalid(u"consultation topic needs a code (latin letters, digits) and a title"_s);
        if (topicCodes.contains(t.code))
            return invalid(u"consultation topic \""_s % t.code % u"\" is listed twice"_s);
        topicCodes.insert(t.code);
    }
    if (c.policy.maxPriorityInRow < 1 || c.policy.maxPriorityInRow > 100)
        return invalid(u"maxPriorityInRow must be 1–100"_s);
    if (c.policy.maxRegularWaitMinutes < 1 || c.policy.maxRegularWaitMinutes > 600)
        return invalid(u"maxRegularWaitMinutes must be 1–600"_s);
    return {};
}

Status validate(const Queue &q)
{
    if (q.centreId <= 0)
        return invalid(u"queue must belong to a centre"_s);
    if (!codePattern().match(q.code).hasMatch())
        return invalid(u"queue code must be 1–32 latin letters, digits, '-' or '_'"_s);
    if (q.name.trimmed().isEmpty())
        return invalid(u"queue name is required"_s);
    static const QRegularExpression prefix(u"^[\\p{L}0-9]{1,3}$"_s);
    if (!prefix.match(q.prefix).hasMatch())
        return invalid(u"ticket prefix must be 1–3 letters or digits"_s);
    return {};
}

Status validate(const Desk &d)
{
    if (d.centreId <= 0)
        return invalid(u"desk must belong to a centre"_s);
    if (d.number < 1 || d.number > 999)
        return invalid(u"desk number must be 1–999"_s);
    if (d.queueIds.isEmpty())
        return invalid(u"desk must serve at least one queue"_s);
    return {};
}

Status validate(const Staff &s)
{
    static const QRegularExpression login(u"^[a-z0-9._-]{2,32}$"_s);
    if (!login.match(s.login).hasMatch())
        return invalid(u"login must be 2–32 lower-case latin letters, digits, '.', '_' or '-'"_s);
    if (s.fullName.trimmed().isEmpty())
        return invalid(u"full name is required (it is printed on the badge)"_s);
    if (s.centreId <= 0 && s.role != Role::SystemAdministrator && s.role != Role::Manager)
        return invalid(u"staff of this role must belong to a centre"_s);
    return {};
}

} // namespace okno
