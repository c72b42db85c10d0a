#pragma once

#include <core/FrontOffice.h>
#include <core/Schedule.h>
#include <core/Types.h>

#include <QCoreApplication>
#include <QDateTime>
#include <QString>
#include <QStringList>

namespace okno::ui {

// The one place where the core's codes become words on a screen. The core speaks in codes (roles,
// outcomes, consumer groups, why no ticket is issued); every terminal shows them through this
// class: Russian source strings, English from translations/okno_en.ts (context
// okno::ui::DomainText). Printed documents use documentText below instead.
class DomainText
{
    Q_DECLARE_TR_FUNCTIONS(okno::ui::DomainText)

public:
    static QString role(Role r);                 // «Менеджер-консультант»
    static QString stageRole(StageRole r);       // «Консультант»
    static QString stageState(StageState s);     // «ожидает»
    static QString centreStatus(CentreStatus s); // «обеденный перерыв»
    static QString consumerGroup(ConsumerGroup g);
    static QString consultationOutcome(ConsultationOutcome o);
    static QString paymentMethod(PaymentMethod m); // «наличными»
    // An amount on screen in the screen's language: «1 234,50 ₽» in Russian, «1,234.50 ₽» in
    // English (QLocale's default, set with the language). Printed documents use formatRoubles.
    static QString money(qint64 kopecks);
    static QStringList contractDocuments(ConsumerGroup g);

    // Why no ticket is issued now, in a few words: «Обеденный перерыв до 13:00»,
    // «Выдача талонов на сегодня закончена», «Сегодня нерабочий день: День России».
    // `instant` is the server's time the refusal was worked out for.
    static QString refusalReason(RefusalReason r, const Schedule &schedule, const QDateTime &instant);
    // The reason and when tickets are issued again: «Обеденный перерыв до 13:00 — талоны снова
    // выдаются сегодня в 13:00». Empty when tickets are issued.
    static QString refusal(const TicketRefusal &r, const Schedule &schedule, const QDateTime &instant);
    // When, in the centre's time: «сегодня в 13:00», «завтра в 08:00», «в понедельник, 30 ноября,
    // в 08:00». Both instants in the centre's local time.
    static QString when(const QDateTime &nowLocal, const QDateTime &atLocal);

    // Why the server ended a session (the reason code of `session.revoked`): «Учётная запись
    // отключена администратором», «Пароль изменён — войдите заново», … A code this version does
    // not know reads «Учётная запись изменена администратором». For a device (board, kiosk),
    // which nobody in the hall logs in to, nothing asks to log in: «Пароль учётной записи изменён».
    static QString sessionRevoked(const QString &reason, bool device = false);
};

// What is printed for a visitor (ticket, memo, receipt) is Russian whatever the screen's language:
// the same titles as DomainText, untranslated.
namespace documentText {
QString consumerGroup(ConsumerGroup g);
QString consultationOutcome(ConsultationOutcome o);
QString paymentMethod(PaymentMethod m);
QStringList contractDocuments(ConsumerGroup g);
} // namespace documentText

} // namespace okno::ui
