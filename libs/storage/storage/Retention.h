#pragma once

#include <core/ReadModel.h>

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>

// Retention (docs/retention.md): after a period the company sets, the personal data of visitors
// is erased from visits, stages, consultations, meter readings, payments and the event log, while
// counts, times, states, staff, queues and money stay. The erasing itself is
// Database::anonymiseStep (DatabaseRetention.cpp); the server runs it on its writer in steps.
namespace okno::retention {

// The default period: three years and a day, the general limitation period for claims (ГК РФ
// ст. 196) — a visitor may still dispute a payment or a consultation that long. It is the
// company's decision, not the law's: 152-ФЗ (ст. 5 ч. 7) only says personal data is kept no
// longer than its purpose requires; set [retention] days to the company's policy.
inline constexpr int kDefaultDays = 3 * 365 + 1;
// The shortest period accepted. The dashboard's repeat-visit measure looks up to
// kRepeatHorizonDays (366) back from a visit at the same account; a visit may be created up to a
// day before its local day begins elsewhere. With at least 400 days, every visit that looks back
// at an erased one lies on a day over for weeks in every zone, so its digest is settled and its
// facts were kept before the erasing (visit_repeat_facts); today's live figures never look back
// at an erased account.
inline constexpr int kMinDays = 400;
static_assert(kMinDays > kRepeatHorizonDays + 2);
inline constexpr int kMaxDays = 100 * 366;
// Visits (with their stages, consultations, readings), payments or events per step: one step is
// one transaction on the writer, a few milliseconds, so acknowledgements wait at most that long.
inline constexpr int kDefaultBatch = 500;

// The JSON fields of an event's payload that hold a visitor's personal data or free text about a
// visitor, wherever they appear: names, account numbers, purposes, notes, reasons, meter numbers,
// appeal numbers. Money, readings' values, dates, codes and ids stay.
const QList<QString> &erasedFields();
// The event types whose payloads carry a visitor's data (visit.*, consultation.*, payment.*).
bool carriesVisitorData(const QString &eventType);
// The payload with every erased field blanked (an empty string, same JSON shape), compact; the
// payload unchanged (same bytes) when it has nothing to erase or is not a JSON object.
QByteArray anonymisedPayload(const QByteArray &payload);

// What a run erased (or, for a dry run, would erase): rows whose personal fields were blanked.
struct Counts
{
    qint64 visits = 0;
    qint64 stageNotes = 0;
    qint64 consultations = 0;
    qint64 meterReadings = 0;
    qint64 payments = 0;
    qint64 events = 0;

    Counts &operator+=(const Counts &o)
    {
        visits += o.visits;
        stageNotes += o.stageNotes;
        consultations += o.consultations;
        meterReadings += o.meterReadings;
        payments += o.payments;
        events += o.events;
        return *this;
    }
    friend bool operator==(const Counts &, const Counts &) = default;
};

struct Step
{
    Counts counts;
    bool done = false; // nothing older than the cut-off is left to erase
};

} // namespace okno::retention
