#include "DomainText.h"

#include <QLocale>

#include <array>

namespace okno::ui {

using namespace Qt::StringLiterals;

namespace {

// Each title once, as a Russian source string: DomainText translates it, documentText prints it.
// QT_TRANSLATE_NOOP files them under DomainText's own context.
const char *roleSource(Role r)
{
    switch (r) {
    case Role::Administrator:
        return QT_TRANSLATE_NOOP("okno::ui::DomainText", "Администратор");
    case Role::Consultant:
        return QT_TRANSLATE_NOOP("okno::ui::DomainText", "Менеджер-консультант");
    case Role::Cashier:
        return QT_TRANSLATE_NOOP("okno::ui::DomainText", "Оператор (контролер-кассир)");
    case Role::Manager:
        return QT_TRANSLATE_NOOP("okno::ui::DomainText", "Руководитель ЦОК");
    case Role::SystemAdministrator:
        return QT_TRANSLATE_NOOP("okno::ui::DomainText", "Системный администратор");
    case Role::Board:
        return QT_TRANSLATE_NOOP("okno::ui::DomainText", "Информационное табло");
    case Role::Kiosk:
        return QT_TRANSLATE_NOOP("okno::ui::DomainText", "Терминал самообслуживания");
    }
    return "";
}

const char *consumerGroupSource(ConsumerGroup g)
{
    switch (g) {
    case ConsumerGroup::Household:
        return QT_TRANSLATE_NOOP("okno::ui::DomainText", "Физическое лицо");
    case ConsumerGroup::Entrepreneur:
        return QT_TRANSLATE_NOOP("okno::ui::DomainText", "Индивидуальный предприниматель");
    case ConsumerGroup::LegalEntity:
        return QT_TRANSLATE_NOOP("okno::ui::DomainText", "Юридическое лицо");
    }
    return "";
}

const char *outcomeSource(ConsultationOutcome o)
{
    switch (o) {
    case ConsultationOutcome::Resolved:
        return QT_TRANSLATE_NOOP("okno::ui::DomainText", "Вопрос решён");
    case ConsultationOutcome::FollowUp:
        return QT_TRANSLATE_NOOP("okno::ui::DomainText", "Требуется повторное обращение");
    case ConsultationOutcome::AppealRegistered:
        return QT_TRANSLATE_NOOP("okno::ui::DomainText", "Зарегистрировано письменное обращение");
    }
    return "";
}

const char *paymentMethodSource(PaymentMethod m)
{
    switch (m) {
    case PaymentMethod::Cash:
        return QT_TRANSLATE_NOOP("okno::ui::DomainText", "наличными");
    case PaymentMethod::Card:
        return QT_TRANSLATE_NOOP("okno::ui::DomainText", "картой");
    }
    return "";
}

// The documents a visitor of a consumer group brings for a contract (the written memo of 8.3.4).
QList<const char *> contractDocumentSources(ConsumerGroup g)
{
    const char *application =
        QT_TRANSLATE_NOOP("okno::ui::DomainText", "Заявление о заключении договора энергоснабжения");
    const char *connection = QT_TRANSLATE_NOOP("okno::ui::DomainText", "Акт о технологическом присоединении");
    const char *meter = QT_TRANSLATE_NOOP("okno::ui::DomainText", "Акт допуска прибора учёта в эксплуатацию");
    const char *object = QT_TRANSLATE_NOOP(
        "okno::ui::DomainText", "Документ, подтверждающий право собственности или пользования объектом");
    switch (g) {
    case ConsumerGroup::Household:
        return {
            application, QT_TRANSLATE_NOOP("okno::ui::DomainText", "Паспорт гражданина РФ"),
            QT_TRANSLATE_NOOP("okno::ui::DomainText",
                              "Документ, подтверждающий право собственности или пользования помещением"),
            QT_TRANSLATE_NOOP("okno::ui::DomainText", "Акт о технологическом присоединении (при наличии)"),
            meter};
    case ConsumerGroup::Entrepreneur:
        return {application,
                QT_TRANSLATE_NOOP("okno::ui::DomainText", "Свидетельство о регистрации ИП (ОГРНИП), ИНН"),
                QT_TRANSLATE_NOOP("okno::ui::DomainText", "Паспорт индивидуального предпринимателя"),
                object,
                connection,
                meter};
    case ConsumerGroup::LegalEntity:
        return {QT_TRANSLATE_NOOP("okno::ui::DomainText",
                                  "Заявление о заключении договора энергоснабжения на бланке организации"),
                QT_TRANSLATE_NOOP("okno::ui::DomainText", "Учредительные документы, ОГРН, ИНН/КПП"),
                QT_TRANSLATE_NOOP("okno::ui::DomainText",
                                  "Документ о полномочиях руководителя или доверенность представителя"),
                object,
                connection,
                meter,
                QT_TRANSLATE_NOOP("okno::ui::DomainText",
                                  "Для ТСЖ, ЖСК, УК — протокол общего собрания или договор управления")};
    }
    return {};
}

QString hhmm(const QTime &t)
{
    return t.toString(u"HH:mm"_s);
}

QString noteOn(const Schedule &s, const QDate &d)
{
    for (const ScheduleException &e : s.exceptions())
        if (e.date == d)
            return e.note;
    return {};
}

} // namespace

QString DomainText::role(Role r)
{
    return tr(roleSource(r));
}

QString DomainText::stageRole(StageRole r)
{
    switch (r) {
    case StageRole::Administrator:
        return tr("Администратор");
    case StageRole::Consultant:
        return tr("Консультант");
    case StageRole::Cashier:
        return tr("Касса");
    }
    return {};
}

QString DomainText::stageState(StageState s)
{
    switch (s) {
    case StageState::Waiting:
        return tr("ожидает");
    case StageState::Called:
        return tr("вызван");
    case StageState::InService:
        return tr("на приёме");
    case StageState::Postponed:
        return tr("отложен");
    case StageState::Done:
        return tr("обслужен");
    case StageState::NoShow:
        return tr("не подошёл");
    case StageState::Transferred:
        return tr("передан дальше");
    case StageState::Cancelled:
        return tr("отменён");
    case StageState::Unserved:
        return tr("не обслужен: день закончился");
    }
    return {};
}

QString DomainText::centreStatus(CentreStatus s)
{
    switch (s) {
    case CentreStatus::Open:
        return tr("открыт");
    case CentreStatus::Lunch:
        return tr("обеденный перерыв");
    case CentreStatus::BeforeOpening:
        return tr("ещё не открылся");
    case CentreStatus::Closed:
        return tr("закрыт");
    }
    return {};
}

QString DomainText::consumerGroup(ConsumerGroup g)
{
    return tr(consumerGroupSource(g));
}

QString DomainText::consultationOutcome(ConsultationOutcome o)
{
    return tr(outcomeSource(o));
}

QString DomainText::money(qint64 kopecks)
{
    const QLocale locale;
    if (locale.language() != QLocale::English)
        return formatRoubles(kopecks);
    // Whole roubles grouped by the locale, kopecks as two digits: no floating point on money.
    const qint64 whole = (kopecks < 0 ? -kopecks : kopecks) / 100;
    const qint64 cents = (kopecks < 0 ? -kopecks : kopecks) % 100;
    return (kopecks < 0 ? locale.negativeSign() : QString()) + locale.toString(whole) +
           locale.decimalPoint() + QString::number(cents).rightJustified(2, QLatin1Char('0')) +
           QStringLiteral(" ₽");
}

QString DomainText::paymentMethod(PaymentMethod m)
{
    return tr(paymentMethodSource(m));
}

QStringList DomainText::contractDocuments(ConsumerGroup g)
{
    QStringList out;
    for (const char *d : contractDocumentSources(g))
        out.append(tr(d));
    return out;
}

QString DomainText::refusalReason(RefusalReason r, const Schedule &schedule, const QDateTime &instant)
{
    const DayHours h = schedule.hoursOn(schedule.localDate(instant));
    switch (r) {
    case RefusalReason::None:
        return {};
    case RefusalReason::BeforeOpening:
        return tr("ЦОК ещё не открылся, открытие в %1").arg(hhmm(h.opens));
    case RefusalReason::Lunch:
        return tr("Обеденный перерыв до %1").arg(hhmm(h.lunchEnd));
    case RefusalReason::AfterCutoff:
        return tr("Выдача талонов на сегодня закончена, ЦОК работает до %1").arg(hhmm(h.closes));
    case RefusalReason::AfterClosing:
        return tr("Рабочий день окончен");
    case RefusalReason::DayOff:
        return tr("Сегодня выходной");
    case RefusalReason::Holiday:
        if (const QString note = noteOn(schedule, schedule.localDate(instant)); !note.isEmpty())
            return tr("Сегодня нерабочий день: %1").arg(note);
        return tr("Сегодня нерабочий день");
    }
    return {};
}

QString DomainText::refusal(const TicketRefusal &r, const Schedule &schedule, const QDateTime &instant)
{
    if (!r.refused())
        return {};
    const QString reason = refusalReason(r.reason, schedule, instant);
    if (!r.reopensAt.isValid())
        return reason;
    return tr("%1 — талоны снова выдаются %2")
        .arg(reason, when(schedule.toLocal(instant), schedule.toLocal(r.reopensAt)));
}

QString DomainText::when(const QDateTime &nowLocal, const QDateTime &atLocal)
{
    static const std::array<const char *, 7> onDay{
        QT_TRANSLATE_NOOP("okno::ui::DomainText", "в понедельник"),
        QT_TRANSLATE_NOOP("okno::ui::DomainText", "во вторник"),
        QT_TRANSLATE_NOOP("okno::ui::DomainText", "в среду"),
        QT_TRANSLATE_NOOP("okno::ui::DomainText", "в четверг"),
        QT_TRANSLATE_NOOP("okno::ui::DomainText", "в пятницу"),
        QT_TRANSLATE_NOOP("okno::ui::DomainText", "в субботу"),
        QT_TRANSLATE_NOOP("okno::ui::DomainText", "в воскресенье")};
    static const std::array<const char *, 12> months{QT_TRANSLATE_NOOP("okno::ui::DomainText", "января"),
                                                     QT_TRANSLATE_NOOP("okno::ui::DomainText", "февраля"),
                                                     QT_TRANSLATE_NOOP("okno::ui::DomainText", "марта"),
                                                     QT_TRANSLATE_NOOP("okno::ui::DomainText", "апреля"),
                                                     QT_TRANSLATE_NOOP("okno::ui::DomainText", "мая"),
                                                     QT_TRANSLATE_NOOP("okno::ui::DomainText", "июня"),
                                                     QT_TRANSLATE_NOOP("okno::ui::DomainText", "июля"),
                                                     QT_TRANSLATE_NOOP("okno::ui::DomainText", "августа"),
                                                     QT_TRANSLATE_NOOP("okno::ui::DomainText", "сентября"),
                                                     QT_TRANSLATE_NOOP("okno::ui::DomainText", "октября"),
                                                     QT_TRANSLATE_NOOP("okno::ui::DomainText", "ноября"),
                                                     QT_TRANSLATE_NOOP("okno::ui::DomainText", "декабря")};
    const qint64 days = nowLocal.date().daysTo(atLocal.date());
    const QString time = hhmm(atLocal.time());
    if (days <= 0)
        return tr("сегодня в %1").arg(time);
    if (days == 1)
        return tr("завтра в %1").arg(time);
    const QDate d = atLocal.date();
    return tr("%1, %2 %3, в %4")
        .arg(tr(onDay[size_t(d.dayOfWeek() - 1)]))
        .arg(d.day())
        .arg(tr(months[size_t(d.month() - 1)]), time);
}

QString DomainText::sessionRevoked(const QString &reason, bool device)
{
    // The codes of docs/protocol.md, "session.revoked".
    if (reason == u"deactivated")
        return tr("Учётная запись отключена администратором");
    if (reason == u"role_changed")
        return tr("Роль учётной записи изменена");
    if (reason == u"centre_changed")
        return tr("Учётная запись перенесена в другой ЦОК");
    if (reason == u"login_changed")
        return tr("Логин изменён");
    if (reason == u"password_changed")
        return device ? tr("Пароль учётной записи изменён") : tr("Пароль изменён — войдите заново");
    return tr("Учётная запись изменена администратором");
}

namespace documentText {

QString consumerGroup(ConsumerGroup g)
{
    return QString::fromUtf8(consumerGroupSource(g));
}

QString consultationOutcome(ConsultationOutcome o)
{
    return QString::fromUtf8(outcomeSource(o));
}

QString paymentMethod(PaymentMethod m)
{
    return QString::fromUtf8(paymentMethodSource(m));
}

QStringList contractDocuments(ConsumerGroup g)
{
    QStringList out;
    for (const char *d : contractDocumentSources(g))
        out.append(QString::fromUtf8(d));
    return out;
}

} // namespace documentText

} // namespace okno::ui
