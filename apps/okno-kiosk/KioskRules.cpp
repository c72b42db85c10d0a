#include "KioskRules.h"

#include <QCoreApplication>

#include <algorithm>
#include <array>

namespace okno {

using namespace Qt::StringLiterals;

namespace {

QString hhmm(const QTime &t)
{
    return t.toString(u"HH:mm"_s);
}

QString hoursText(const DayHours &h)
{
    if (!h.open)
        return QCoreApplication::translate("okno::KioskRules", "выходной");
    QString s = hhmm(h.opens) + u'–' + hhmm(h.closes);
    if (h.hasLunch())
        s += QCoreApplication::translate("okno::KioskRules", ", обед %1–%2")
                 .arg(hhmm(h.lunchStart), hhmm(h.lunchEnd));
    return s;
}

QString monthGenitive(int month)
{
    static const std::array<const char *, 12> months{
        QT_TRANSLATE_NOOP("okno::KioskRules", "января"),   QT_TRANSLATE_NOOP("okno::KioskRules", "февраля"),
        QT_TRANSLATE_NOOP("okno::KioskRules", "марта"),    QT_TRANSLATE_NOOP("okno::KioskRules", "апреля"),
        QT_TRANSLATE_NOOP("okno::KioskRules", "мая"),      QT_TRANSLATE_NOOP("okno::KioskRules", "июня"),
        QT_TRANSLATE_NOOP("okno::KioskRules", "июля"),     QT_TRANSLATE_NOOP("okno::KioskRules", "августа"),
        QT_TRANSLATE_NOOP("okno::KioskRules", "сентября"), QT_TRANSLATE_NOOP("okno::KioskRules", "октября"),
        QT_TRANSLATE_NOOP("okno::KioskRules", "ноября"),   QT_TRANSLATE_NOOP("okno::KioskRules", "декабря")};
    return QCoreApplication::translate("okno::KioskRules", months[size_t(std::clamp(month, 1, 12) - 1)]);
}

const ScheduleException *exceptionOn(const Schedule &s, const QDate &d)
{
    for (const ScheduleException &e : s.exceptions())
        if (e.date == d)
            return &e;
    return nullptr;
}

} // namespace

void KioskRules::setCentre(const Centre &centre)
{
    m_centre = centre;
    m_hasCentre = true;
}

void KioskRules::setQueues(const QList<Queue> &queues)
{
    m_purposes = purposesFor(queues);
}

void KioskRules::setServerStatus(bool acceptsTickets, const QDateTime &serverTime)
{
    // Only a refusal the schedule cannot explain is remembered: the schedule's own reasons
    // (lunch, closing, holidays) come and go with the time and are worked out from it.
    m_serverRefuses = !acceptsTickets && m_hasCentre && m_centre.active &&
                      m_centre.schedule.acceptsNewTicketsAt(serverTime);
}

void KioskRules::noteServerRefusal(const QDateTime &serverTime)
{
    setServerStatus(false, serverTime);
}

QString KioskRules::reopenPhrase(const QDateTime &serverNow, const std::optional<QDateTime> &at) const
{
    if (!at)
        return tr("Время открытия уточните, пожалуйста, у администратора.");
    const Schedule &s = m_centre.schedule;
    return tr("Откроется %1.").arg(whenText(s.toLocal(serverNow), s.toLocal(*at)));
}

KioskAvailability KioskRules::availabilityAt(const QDateTime &serverNow) const
{
    using R = KioskAvailability::Reason;
    KioskAvailability a;
    if (!m_hasCentre) {
        a.reason = R::NoCentre;
        a.headline = tr("Терминал готовится к работе");
        a.detail = tr("Подождите, пожалуйста, несколько секунд.");
        return a;
    }
    if (!m_centre.active) {
        a.reason = R::Inactive;
        a.headline = tr("Центр не принимает посетителей");
        a.detail = tr("Обратитесь, пожалуйста, к администратору.");
        return a;
    }
    // Why not (and until when) is the core's rule, the same the server applies; the words are ours.
    const Schedule &s = m_centre.schedule;
    const QDateTime local = s.toLocal(serverNow);
    const DayHours h = s.hoursOn(local.date());
    const TicketRefusal refusal = s.ticketRefusalAt(serverNow);
    const auto next =
        refusal.reopensAt.isValid() ? std::optional<QDateTime>(refusal.reopensAt) : std::nullopt;
    a.reopensAt = refusal.reopensAt;
    switch (refusal.reason) {
    case RefusalReason::Lunch:
        a.reason = R::Lunch;
        a.headline = tr("Обеденный перерыв до %1").arg(hhmm(h.lunchEnd));
        if (next && s.localDate(*next) == local.date())
            a.detail = tr("Талоны снова выдаются с %1.").arg(hhmm(s.toLocal(*next).time()));
        else
            a.detail = reopenPhrase(serverNow, next);
        return a;
    case RefusalReason::BeforeOpening:
        a.reason = R::BeforeOpening;
        a.headline = tr("Центр ещё не открылся");
        a.detail = reopenPhrase(serverNow, next);
        return a;
    case RefusalReason::DayOff:
    case RefusalReason::Holiday: {
        a.reason = R::DayOff;
        a.headline = tr("Центр закрыт");
        const ScheduleException *e = exceptionOn(s, local.date());
        a.detail = (e && !e->note.isEmpty() ? tr("Сегодня нерабочий день: %1.").arg(e->note)
                                            : tr("Сегодня выходной.")) +
                   u' ' + reopenPhrase(serverNow, next);
        return a;
    }
    case RefusalReason::AfterClosing:
        a.reason = R::AfterHours;
        a.headline = tr("Центр закрыт");
        a.detail = tr("Рабочий день окончен.") + u' ' + reopenPhrase(serverNow, next);
        return a;
    case RefusalReason::AfterCutoff:
        a.reason = R::Cutoff;
        a.headline = tr("Выдача талонов на сегодня закончена");
        a.detail = tr("Талоны выдаются до %1, центр работает до %2.")
                       .arg(hhmm(h.closes.addSecs(-60 * s.lastTicketCutoffMinutes())), hhmm(h.closes)) +
                   u' ' + reopenPhrase(serverNow, next);
        return a;
    case RefusalReason::None:
        break;
    }
    if (m_serverRefuses) {
        a.reason = R::ServerRefused;
        a.headline = tr("Выдача талонов сейчас не ведётся");
        a.detail = tr("Обратитесь, пожалуйста, к администратору.");
        a.reopensAt = {};
        return a;
    }
    a.reason = R::Open;
    a.reopensAt = {};
    return a;
}

QString KioskRules::todayHours(const QDateTime &serverNow) const
{
    if (!m_hasCentre)
        return {};
    const Schedule &s = m_centre.schedule;
    const QDate today = s.localDate(serverNow);
    const DayHours h = s.hoursOn(today);
    if (!h.open)
        return tr("Сегодня выходной");
    return tr("Сегодня: %1").arg(hoursText(h));
}

QStringList KioskRules::weekHours() const
{
    static const std::array<const char *, 7> days{
        QT_TRANSLATE_NOOP("okno::KioskRules", "Пн"), QT_TRANSLATE_NOOP("okno::KioskRules", "Вт"),
        QT_TRANSLATE_NOOP("okno::KioskRules", "Ср"), QT_TRANSLATE_NOOP("okno::KioskRules", "Чт"),
        QT_TRANSLATE_NOOP("okno::KioskRules", "Пт"), QT_TRANSLATE_NOOP("okno::KioskRules", "Сб"),
        QT_TRANSLATE_NOOP("okno::KioskRules", "Вс")};
    QStringList lines;
    if (!m_hasCentre)
        return lines;
    const Schedule &s = m_centre.schedule;
    int d = 1;
    while (d <= 7) {
        int e = d;
        while (e < 7 && s.weekday(e + 1) == s.weekday(d))
            ++e;
        const QString first = tr(days[size_t(d - 1)]);
        const QString last = tr(days[size_t(e - 1)]);
        const QString span = e == d       ? first
                             : e == d + 1 ? QString(first + u", "_s + last)
                                          : QString(first + u'–' + last);
        lines.append(span + u": "_s + hoursText(s.weekday(d)));
        d = e + 1;
    }
    return lines;
}

QList<KioskPurpose> KioskRules::purposesFor(const QList<Queue> &queues)
{
    QList<Queue> active;
    for (const Queue &q : queues)
        if (q.active)
            active.append(q);
    const auto firstOf = [&](StageRole role) -> const Queue * {
        for (const Queue &q : active)
            if (q.role == role)
                return &q;
        return nullptr;
    };
    const Queue *consult = firstOf(StageRole::Consultant);
    const Queue *cash = firstOf(StageRole::Cashier);
    const Queue *admin = firstOf(StageRole::Administrator);
    QList<KioskPurpose> out;
    if (consult) {
        out.append({u"consultation"_s, tr("Консультация"), tr("Договор, счета и перерасчёт, тарифы, жалобы"),
                    consult->code, consult->name, tr("Консультация")});
        out.append({u"readings"_s, tr("Передать показания"), tr("Показания счётчика электроэнергии"),
                    consult->code, consult->name, tr("Показания счётчика")});
    }
    if (cash)
        out.append({u"payment"_s, tr("Оплата"), tr("Оплата электроэнергии в кассе"), cash->code, cash->name,
                    tr("Оплата")});
    for (const Queue &q : active) {
        if (&q == consult || &q == cash || &q == admin)
            continue;
        const QString hint = q.role == StageRole::Consultant ? tr("Консультация специалиста")
                             : q.role == StageRole::Cashier ? tr("Касса")
                                                            : tr("Администратор");
        out.append({u"queue-"_s + q.code, q.name, hint, q.code, q.name, q.name});
    }
    if (const Queue *other = admin ? admin : consult ? consult : nullptr)
        out.append({u"other"_s, tr("Другой вопрос"),
                    admin ? tr("Администратор выслушает и подскажет, куда обратиться")
                          : tr("Специалист выслушает и подскажет, что делать"),
                    other->code, other->name, tr("Другой вопрос")});
    return out;
}

QString KioskRules::people(int n)
{
    // A translation brings its own plural forms (numerusform in the .ts: "1 person", "2 people");
    // without one, tr() gives the source back and the Russian forms are worked out here.
    const QString source = QString::number(n) + u" человек"_s;
    if (const QString translated = tr("%n человек", nullptr, n); translated != source)
        return translated;
    const int mod10 = n % 10;
    const int mod100 = n % 100;
    const bool few = mod10 >= 2 && mod10 <= 4 && (mod100 < 12 || mod100 > 14);
    return few ? QString::number(n) + u" человека"_s : source;
}

QString KioskRules::dateText(const QDate &date)
{
    static const std::array<const char *, 7> names{QT_TRANSLATE_NOOP("okno::KioskRules", "понедельник"),
                                                   QT_TRANSLATE_NOOP("okno::KioskRules", "вторник"),
                                                   QT_TRANSLATE_NOOP("okno::KioskRules", "среда"),
                                                   QT_TRANSLATE_NOOP("okno::KioskRules", "четверг"),
                                                   QT_TRANSLATE_NOOP("okno::KioskRules", "пятница"),
                                                   QT_TRANSLATE_NOOP("okno::KioskRules", "суббота"),
                                                   QT_TRANSLATE_NOOP("okno::KioskRules", "воскресенье")};
    if (!date.isValid())
        return {};
    return tr(names[size_t(date.dayOfWeek() - 1)]) + u", "_s + QString::number(date.day()) + u' ' +
           monthGenitive(date.month());
}

QString KioskRules::whenText(const QDateTime &nowLocal, const QDateTime &atLocal)
{
    static const std::array<const char *, 7> onDay{QT_TRANSLATE_NOOP("okno::KioskRules", "в понедельник"),
                                                   QT_TRANSLATE_NOOP("okno::KioskRules", "во вторник"),
                                                   QT_TRANSLATE_NOOP("okno::KioskRules", "в среду"),
                                                   QT_TRANSLATE_NOOP("okno::KioskRules", "в четверг"),
                                                   QT_TRANSLATE_NOOP("okno::KioskRules", "в пятницу"),
                                                   QT_TRANSLATE_NOOP("okno::KioskRules", "в субботу"),
                                                   QT_TRANSLATE_NOOP("okno::KioskRules", "в воскресенье")};
    const qint64 days = nowLocal.date().daysTo(atLocal.date());
    const QString time = hhmm(atLocal.time());
    QString day;
    if (days <= 0)
        day = tr("сегодня");
    else if (days == 1)
        day = tr("завтра");
    else if (days < 7)
        day = tr(onDay[size_t(atLocal.date().dayOfWeek() - 1)]);
    else
        day = QString::number(atLocal.date().day()) + u' ' + monthGenitive(atLocal.date().month());
    return tr("%1 в %2").arg(day, time);
}

} // namespace okno
