#pragma once

#include "Norms.h"
#include "Result.h"
#include "Schedule.h"
#include "Types.h"

#include <QList>
#include <QString>

namespace okno {

// A priority category (disabled, veteran, …). Code is stable; title is what staff read.
struct PriorityCategory
{
    QString code;
    QString title;
    friend bool operator==(const PriorityCategory &, const PriorityCategory &) = default;
};

QList<PriorityCategory> defaultPriorityCategories();

// A subject a consultation can be about. The catalogue is per centre and editable; codes stay
// stable so statistics can count by topic.
struct Topic
{
    QString code;  // "meter_readings"
    QString title; // "Показания приборов учёта"
    bool active = true;
    friend bool operator==(const Topic &, const Topic &) = default;
};

QList<Topic> defaultTopics();

// How priority tickets are preferred without starving the others.
struct QueuePolicyConfig
{
    // After this many priority tickets called in a row from a queue while a regular ticket of that
    // queue waited, the queue's oldest regular ticket goes next (see pickNext).
    int maxPriorityInRow = 3;
    // A regular ticket that has waited this long (working minutes) goes before any priority one.
    int maxRegularWaitMinutes = 30;
    friend bool operator==(const QueuePolicyConfig &, const QueuePolicyConfig &) = default;
};

struct Centre
{
    Id id = 0;
    QString code; // short, unique: "SARANSK-1"
    QString name;
    QString address;
    QString phone; // the call-centre phone printed on memos
    Schedule schedule;
    Norms norms;
    QList<PriorityCategory> priorityCategories = defaultPriorityCategories();
    QList<Topic> topics = defaultTopics();
    QueuePolicyConfig policy;
    bool active = true;

    bool hasPriorityCategory(const QString &code) const;
    const Topic *topic(const QString &code) const;
    // The active topic of the catalogue a visit's purpose (as reception or the kiosk wrote it)
    // speaks of: the one sharing the most word stems with it (the first five letters of each word
    // of four letters or more, case ignored); none when no stem is shared.
    const Topic *topicForPurpose(const QString &purpose) const;
};

struct Queue
{
    Id id = 0;
    Id centreId = 0;
    QString code;   // unique within the centre: "consult"
    QString name;   // "Консультация"
    QString prefix; // ticket prefix, unique within the centre: "К"
    StageRole role = StageRole::Consultant;
    bool active = true;
};

struct Desk
{
    Id id = 0;
    Id centreId = 0;
    int number = 0;     // "окно 3"
    QString name;       // optional label
    QList<Id> queueIds; // queues this desk serves
    bool active = true;
    // Live state, not configuration:
    DeskState state = DeskState::Closed;
    Id staffId = 0; // who is at the desk when open
};

struct Staff
{
    Id id = 0;
    Id centreId = 0; // 0 = company-wide (system administrators, board/kiosk of any centre)
    QString login;
    QString fullName; // badge text (8.3.9)
    QString position; // "Менеджер-консультант"
    Role role = Role::Consultant;
    bool active = true;
};

// Validation of configuration objects; the message says what is wrong, in plain words.
Status validate(const Centre &c);
Status validate(const Queue &q);
Status validate(const Desk &d);
Status validate(const Staff &s);

} // namespace okno
