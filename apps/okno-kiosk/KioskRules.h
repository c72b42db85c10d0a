#pragma once

#include <core/Organisation.h>

#include <QCoreApplication>
#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace okno {

// One big button of the «Цель визита» step: a plain purpose a visitor recognises, mapped to one
// of the centre's queues.
struct KioskPurpose
{
    QString key;       // "consultation", "readings", "payment", "other", "queue-<code>" (widget names)
    QString title;     // «Консультация»
    QString hint;      // «Договор, счета, перерасчёт, тарифы»
    QString queueCode; // where the ticket goes
    QString queueName; // printed on the ticket
    QString purpose;   // recorded as the visit's purpose
    friend bool operator==(const KioskPurpose &, const KioskPurpose &) = default;
};

// Whether the kiosk issues tickets now and, if not, what it tells the visitor and when it opens.
struct KioskAvailability
{
    enum class Reason
    {
        Open,
        NoCentre,      // nothing loaded from the server yet
        Inactive,      // the centre is switched off
        DayOff,        // a weekend or a holiday
        BeforeOpening, // today, before the opening time
        Lunch,
        Cutoff,       // open, but past the last-ticket cut-off
        AfterHours,   // today's working day is over
        ServerRefused // the server refuses for a reason the schedule does not show
    };
    Reason reason = Reason::NoCentre;
    QString headline;    // «Обеденный перерыв до 13:00»
    QString detail;      // «Талоны снова выдаются с 13:00.»
    QDateTime reopensAt; // UTC; invalid when unknown

    bool accepts() const { return reason == Reason::Open; }
};

// The kiosk's rules, out of the widgets: which purposes it offers and where each goes, and
// whether tickets are issued at a given server time and why not. The server decides in the end
// (`visit.issue` may still answer `centre_closed`); the kiosk refuses early so that a visitor
// never chooses for nothing, and says plainly when the centre opens again.
class KioskRules
{
    Q_DECLARE_TR_FUNCTIONS(okno::KioskRules)

public:
    void setCentre(const Centre &centre);
    bool hasCentre() const { return m_hasCentre; }
    const Centre &centre() const { return m_centre; }

    // The centre's queues; inactive ones are ignored.
    void setQueues(const QList<Queue> &queues);
    const QList<KioskPurpose> &purposes() const { return m_purposes; }

    // What the last `status` said (acceptsTickets at its serverTime). When the server refused
    // although the schedule allowed it, the kiosk refuses too until a later status accepts.
    void setServerStatus(bool acceptsTickets, const QDateTime &serverTime);
    // `visit.issue` was answered `centre_closed` at that server time.
    void noteServerRefusal(const QDateTime &serverTime);

    KioskAvailability availabilityAt(const QDateTime &serverNow) const;

    // «Сегодня: 08:00–17:00, обед 12:00–13:00» or «Сегодня выходной».
    QString todayHours(const QDateTime &serverNow) const;
    // The week at a glance: «Пн–Пт: 08:00–17:00, обед 12:00–13:00», «Сб, Вс: выходной».
    QStringList weekHours() const;

    // Purposes for a centre's queues: «Консультация» and «Передать показания» to the first
    // consultant queue, «Оплата» to the first cashier queue, any other queue by its own name,
    // and «Другой вопрос» to the administrator (or, without one, to the first consultant queue).
    static QList<KioskPurpose> purposesFor(const QList<Queue> &queues);
    // «1 человек», «3 человека», «5 человек».
    static QString people(int n);
    // When, from the visitor's point of view: «сегодня в 13:00», «завтра в 08:00»,
    // «в понедельник в 08:00», «12 января в 08:00». Both in the centre's local time.
    static QString whenText(const QDateTime &nowLocal, const QDateTime &atLocal);
    // «понедельник, 23 ноября».
    static QString dateText(const QDate &date);

private:
    QString reopenPhrase(const QDateTime &serverNow, const std::optional<QDateTime> &at) const;

    Centre m_centre;
    bool m_hasCentre = false;
    QList<KioskPurpose> m_purposes;
    bool m_serverRefuses = false;
};

} // namespace okno
