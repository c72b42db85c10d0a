#include "Codec.h"

#include "CodecSupport.h"
#include "FrameDecoder.h"

#include <QJsonDocument>
#include <QSet>
#include <QTimeZone>

#include <algorithm>

namespace okno::protocol {

using namespace Qt::StringLiterals;
using namespace codec_detail;

// --- scalar values

namespace {

// The last instant whose ISO text is "yyyy-MM-ddTHH:mm:ss.zzzZ" with a four-digit year.
constexpr qint64 kEndOfYear9999Ms = 253'402'300'800'000;

void putDigits(char *at, int value, int digits)
{
    for (int i = digits - 1; i >= 0; --i) {
        at[i] = char('0' + value % 10);
        value /= 10;
    }
}

// "yyyy-MM-ddTHH:mm:ss.zzzZ" of an instant from 1970 to 9999 (24 characters), as
// QDateTime::toString(Qt::ISODateWithMs) writes it in UTC, without its general formatter.
void formatInstantFast(qint64 ms, char *out)
{
    const qint64 days = ms / 86'400'000;
    const int msOfDay = int(ms % 86'400'000);
    // Civil date from days since 1970-01-01 (H. Hinnant's algorithm).
    const qint64 z = days + 719'468;
    const qint64 era = z / 146'097;
    const int doe = int(z - era * 146'097);
    const int yoe = (doe - doe / 1460 + doe / 36'524 - doe / 146'096) / 365;
    const int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const int mp = (5 * doy + 2) / 153;
    const int day = doy - (153 * mp + 2) / 5 + 1;
    const int month = mp < 10 ? mp + 3 : mp - 9;
    const int year = int(yoe + era * 400) + (month <= 2 ? 1 : 0);
    putDigits(out, year, 4);
    out[4] = '-';
    putDigits(out + 5, month, 2);
    out[7] = '-';
    putDigits(out + 8, day, 2);
    out[10] = 'T';
    putDigits(out + 11, msOfDay / 3'600'000, 2);
    out[13] = ':';
    putDigits(out + 14, msOfDay / 60'000 % 60, 2);
    out[16] = ':';
    putDigits(out + 17, msOfDay / 1000 % 60, 2);
    out[19] = '.';
    putDigits(out + 20, msOfDay % 1000, 3);
    out[23] = 'Z';
}

bool hasFastInstant(const QDateTime &t, qint64 *ms)
{
    if (!t.isValid())
        return false;
    *ms = t.toMSecsSinceEpoch();
    return *ms >= 0 && *ms < kEndOfYear9999Ms;
}

} // namespace

QString formatInstant(const QDateTime &t)
{
    qint64 ms = 0;
    if (hasFastInstant(t, &ms)) {
        char text[24];
        formatInstantFast(ms, text);
        return QString::fromLatin1(text, 24);
    }
    return t.isValid() ? t.toUTC().toString(Qt::ISODateWithMs) : QString();
}

QJsonValue instantToJson(const QDateTime &t)
{
    return t.isValid() ? QJsonValue(formatInstant(t)) : QJsonValue(QJsonValue::Null);
}

QString formatDate(const QDate &d)
{
    return d.isValid() ? d.toString(Qt::ISODate) : QString();
}

QJsonValue dateToJson(const QDate &d)
{
    return d.isValid() ? QJsonValue(formatDate(d)) : QJsonValue(QJsonValue::Null);
}

QString formatTime(const QTime &t)
{
    return t.isValid() ? t.toString(u"HH:mm"_s) : QString();
}

QJsonValue timeToJson(const QTime &t)
{
    return t.isValid() ? QJsonValue(formatTime(t)) : QJsonValue(QJsonValue::Null);
}

std::optional<CentreStatus> centreStatusFromName(const QString &name)
{
    for (CentreStatus s :
         {CentreStatus::Open, CentreStatus::Lunch, CentreStatus::BeforeOpening, CentreStatus::Closed})
        if (centreStatusName(s) == name)
            return s;
    return std::nullopt;
}

// --- schedule

void writeDayHours(QJsonObject &o, const DayHours &h)
{
    o.insert(u"open"_s, h.open);
    o.insert(u"opens"_s, h.open ? timeToJson(h.opens) : QJsonValue());
    o.insert(u"closes"_s, h.open ? timeToJson(h.closes) : QJsonValue());
    o.insert(u"lunchStart"_s, h.open && h.hasLunch() ? timeToJson(h.lunchStart) : QJsonValue());
    o.insert(u"lunchEnd"_s, h.open && h.hasLunch() ? timeToJson(h.lunchEnd) : QJsonValue());
}

DayHours readDayHours(Fields &f)
{
    DayHours h;
    h.open = f.requireBool("open");
    if (!h.open)
        return h; // a closed day has no hours; any given are ignored
    h.opens = f.requireTime("opens");
    h.closes = f.requireTime("closes");
    h.lunchStart = f.optionalTime("lunchStart");
    h.lunchEnd = f.optionalTime("lunchEnd");
    if (!f.ok())
        return h;
    if (h.opens >= h.closes)
        f.failField("closes", ErrorCode::InvalidArgument, u"must be later than \"opens\""_s);
    else if (h.lunchStart.isValid() != h.lunchEnd.isValid())
        f.failField(h.lunchStart.isValid() ? "lunchEnd" : "lunchStart", ErrorCode::InvalidArgument,
                    u"is required when the other end of the lunch break is given"_s);
    else if (h.lunchStart.isValid() && h.lunchStart >= h.lunchEnd)
        f.failField("lunchEnd", ErrorCode::InvalidArgument, u"must be later than \"lunchStart\""_s);
    else if (h.lunchStart.isValid() && (h.lunchStart < h.opens || h.lunchEnd > h.closes))
        f.failField("lunchStart", ErrorCode::InvalidArgument,
                    u"lunch break must lie within the working hours"_s);
    return h;
}

QJsonObject toJson(const ScheduleException &e)
{
    QJsonObject o{{u"date"_s, dateToJson(e.date)}, {u"note"_s, e.note}};
    writeDayHours(o, e.hours);
    return o;
}

ScheduleException readScheduleException(Fields &f)
{
    ScheduleException e;
    e.date = f.requireDate("date");
    e.hours = readDayHours(f);
    e.note = f.optionalString("note");
    return e;
}

Result<ScheduleException> scheduleExceptionFromJson(const QJsonObject &o, const QString &path)
{
    return decodeWith(o, path, &readScheduleException);
}

QJsonObject toJson(const Schedule &s)
{
    QJsonArray week;
    for (int day = 1; day <= 7; ++day) {
        QJsonObject o{{u"day"_s, day}};
        writeDayHours(o, s.weekday(day));
        week.append(o);
    }
    return {
        {u"timeZone"_s, QString::fromLatin1(s.timeZone().id())},
        {u"week"_s, week},
        {u"exceptions"_s, toJsonArray(s.exceptions())},
        {u"cutoffMinutes"_s, s.lastTicketCutoffMinutes()},
        {u"serveAfterClosingMinutes"_s, s.serveAfterClosingMinutes()},
        {u"lunchCountsAsWorkingTime"_s, s.lunchCountsAsWorkingTime()},
    };
}

Schedule readSchedule(Fields &f)
{
    Schedule s;
    const QString zone = f.requireString("timeZone", 64);
    if (f.ok()) {
        const QByteArray zoneId = zone.toLatin1();
        if (QString::fromLatin1(zoneId) != zone || !QTimeZone::isTimeZoneIdAvailable(zoneId))
            f.failField("timeZone", ErrorCode::InvalidArgument,
                        u"is not a known IANA time zone, got \""_s % zone.left(64) % u'"');
        else
            s.setTimeZone(QTimeZone(zoneId));
    }

    const QJsonArray week = f.requireArray("week");
    if (f.ok() && week.size() != 7)
        f.failField("week", ErrorCode::InvalidArgument,
                    u"must list 7 days, got "_s % QString::number(week.size()));
    QSet<int> days;
    for (qsizetype i = 0; i < week.size() && f.ok(); ++i) {
        Fields day = f.element("week", week, i);
        const int d = int(day.requireInt("day", 1, 7));
        const DayHours h = readDayHours(day);
        if (!f.ok())
            break;
        if (days.contains(d)) {
            day.failField("day", ErrorCode::InvalidArgument, u"repeats day "_s % QString::number(d));
            break;
        }
        days.insert(d);
        s.setWeekday(d, h);
    }

    const QJsonArray exceptions = f.optionalArray("exceptions");
    QSet<QDate> dates;
    for (qsizetype i = 0; i < exceptions.size() && f.ok(); ++i) {
        Fields item = f.element("exceptions", exceptions, i);
        const ScheduleException e = readScheduleException(item);
        if (!f.ok())
            break;
        if (dates.contains(e.date)) {
            item.failField("date", ErrorCode::InvalidArgument, u"repeats the date "_s % formatDate(e.date));
            break;
        }
        dates.insert(e.date);
        s.setException(e);
    }

    s.setLastTicketCutoffMinutes(int(f.optionalInt("cutoffMinutes", s.lastTicketCutoffMinutes(), 0, 240)));
    s.setServeAfterClosingMinutes(
        int(f.optionalInt("serveAfterClosingMinutes", s.serveAfterClosingMinutes(), 0, 360)));
    s.setLunchCountsAsWorkingTime(f.optionalBool("lunchCountsAsWorkingTime", s.lunchCountsAsWorkingTime()));
    return s;
}

Result<Schedule> scheduleFromJson(const QJsonObject &o, const QString &path)
{
    return decodeWith(o, path, &readSchedule);
}

// --- norms

QJsonObject toJson(const Norm &n)
{
    return {{u"waitMinutes"_s, n.waitMinutes}, {u"serviceMinutes"_s, n.serviceMinutes}};
}

Norm readNorm(Fields &f)
{
    Norm n;
    n.waitMinutes = int(f.requireInt("waitMinutes", 1, kMaxNormMinutes));
    n.serviceMinutes = int(f.requireInt("serviceMinutes", 1, kMaxNormMinutes));
    return n;
}

Result<Norm> normFromJson(const QJsonObject &o, const QString &path)
{
    return decodeWith(o, path, &readNorm);
}

QJsonObject toJson(const Norms &n)
{
    QJsonObject o;
    for (StageRole r : allStageRoles())
        o.insert(stageRoleName(r), toJson(n.of(r)));
    return o;
}

Norms readNorms(Fields &f)
{
    Norms norms;
    for (auto it = f.object().constBegin(); it != f.object().constEnd() && f.ok(); ++it)
        if (!stageRoleFromName(it.key()))
            f.fail(ErrorCode::InvalidArgument,
                   u"field \""_s % f.pathOf(it.key().left(64)) %
                       u"\" is not a stage role (administrator, consultant, cashier)"_s);
    for (StageRole r : allStageRoles()) {
        Fields role = f.object(stageRoleName(r));
        const Norm n = readNorm(role);
        if (!f.ok())
            break;
        norms.set(r, n);
    }
    return norms;
}

Result<Norms> normsFromJson(const QJsonObject &o, const QString &path)
{
    return decodeWith(o, path, &readNorms);
}

// --- organisation

QJsonObject toJson(const PriorityCategory &p)
{
    return {{u"code"_s, p.code}, {u"title"_s, p.title}};
}

PriorityCategory readPriorityCategory(Fields &f)
{
    PriorityCategory p;
    p.code = f.requireString("code", kCodeLength);
    p.title = f.requireString("title");
    return p;
}

Result<PriorityCategory> priorityCategoryFromJson(const QJsonObject &o, const QString &path)
{
    return decodeWith(o, path, &readPriorityCategory);
}

QJsonObject toJson(const Topic &t)
{
    return {{u"code"_s, t.code}, {u"title"_s, t.title}, {u"active"_s, t.active}};
}

Topic readTopic(Fields &f)
{
    Topic t;
    t.code = f.requireString("code", kCodeLength);
    t.title = f.requireString("title");
    t.active = f.optionalBool("active", true);
    return t;
}

Result<Topic> topicFromJson(const QJsonObject &o, const QString &path)
{
    return decodeWith(o, path, &readTopic);
}

QJsonObject toJson(const QueuePolicyConfig &p)
{
    return {{u"maxPriorityInRow"_s, p.maxPriorityInRow},
            {u"maxRegularWaitMinutes"_s, p.maxRegularWaitMinutes}};
}

QueuePolicyConfig readQueuePolicyConfig(Fields &f)
{
    QueuePolicyConfig p;
    p.maxPriorityInRow = int(f.requireInt("maxPriorityInRow", 1, 100));
    p.maxRegularWaitMinutes = int(f.requireInt("maxRegularWaitMinutes", 1, kMaxNormMinutes));
    return p;
}

Result<QueuePolicyConfig> queuePolicyConfigFromJson(const QJsonObject &o, const QString &path)
{
    return decodeWith(o, path, &readQueuePolicyConfig);
}

QJsonObject toJson(const Centre &c)
{
    return {
        {u"id"_s, idToJson(c.id)},
        {u"code"_s, c.code},
        {u"name"_s, c.name},
        {u"address"_s, c.address},
        {u"phone"_s, c.phone},
        {u"schedule"_s, toJson(c.schedule)},
        {u"norms"_s, toJson(c.norms)},
        {u"priorityCategories"_s, toJsonArray(c.priorityCategories)},
        {u"topics"_s, toJsonArray(c.topics)},
        {u"policy"_s, toJson(c.policy)},
        {u"active"_s, c.active},
    };
}

Centre readCentre(Fields &f)
{
    Centre c;
    c.id = f.optionalId("id");
    c.code = f.requireString("code", kCodeLength);
    c.name = f.requireString("name");
    c.address = f.optionalString("address");
    c.phone = f.optionalString("phone", {}, 64);
    Fields schedule = f.object("schedule");
    c.schedule = readSchedule(schedule);
    Fields norms = f.object("norms");
    c.norms = readNorms(norms);
    c.priorityCategories = readList(f, "priorityCategories", &readPriorityCategory);
    // A centre sent without a topic catalogue (an older client) keeps the default one.
    if (f.has("topics"))
        c.topics = readList(f, "topics", &readTopic);
    Fields policy = f.object("policy");
    c.policy = readQueuePolicyConfig(policy);
    c.active = f.optionalBool("active", true);
    return c;
}

Result<Centre> centreFromJson(const QJsonObject &o, const QString &path)
{
    return decodeWith(o, path, &readCentre);
}

QJsonObject toJson(const Queue &q)
{
    return {
        {u"id"_s, idToJson(q.id)}, {u"centreId"_s, idToJson(q.centreId)},
        {u"code"_s, q.code},       {u"name"_s, q.name},
        {u"prefix"_s, q.prefix},   {u"role"_s, stageRoleName(q.role)},
        {u"active"_s, q.active},
    };
}

Queue readQueue(Fields &f)
{
    Queue q;
    q.id = f.optionalId("id");
    q.centreId = f.requireId("centreId");
    q.code = f.requireString("code", kCodeLength);
    q.name = f.requireString("name");
    q.prefix = f.requireString("prefix", kPrefixLength);
    q.role = f.requireEnum("role", &stageRoleFromName);
    q.active = f.optionalBool("active", true);
    return q;
}

Result<Queue> queueFromJson(const QJsonObject &o, const QString &path)
{
    return decodeWith(o, path, &readQueue);
}

QJsonObject toJson(const Desk &d)
{
    QJsonArray queues;
    for (Id id : d.queueIds)
        queues.append(idToJson(id));
    return {
        {u"id"_s, idToJson(d.id)},
        {u"centreId"_s, idToJson(d.centreId)},
        {u"number"_s, d.number},
        {u"name"_s, d.name},
        {u"queueIds"_s, queues},
        {u"active"_s, d.active},
        {u"state"_s, deskStateName(d.state)},
        {u"staffId"_s, idToJson(d.staffId)},
    };
}

Desk readDesk(Fields &f)
{
    Desk d;
    d.id = f.optionalId("id");
    d.centreId = f.requireId("centreId");
    d.number = int(f.requireInt("number", 1, 999));
    d.name = f.optionalString("name");
    d.queueIds = f.optionalIdList("queueIds");
    d.active = f.optionalBool("active", true);
    d.state = f.optionalEnum("state", DeskState::Closed, &deskStateFromName);
    d.staffId = f.optionalId("staffId");
    return d;
}

Result<Desk> deskFromJson(const QJsonObject &o, const QString &path)
{
    return decodeWith(o, path, &readDesk);
}

QJsonObject toJson(const Staff &s)
{
    return {
        {u"id"_s, idToJson(s.id)},   {u"centreId"_s, idToJson(s.centreId)}, {u"login"_s, s.login},
        {u"fullName"_s, s.fullName}, {u"position"_s, s.position},           {u"role"_s, roleName(s.role)},
        {u"active"_s, s.active},
    };
}

Staff readStaff(Fields &f)
{
    Staff s;
    s.id = f.optionalId("id");
    s.centreId = f.optionalId("centreId");
    s.login = f.requireString("login", kCodeLength);
    s.fullName = f.requireString("fullName");
    s.position = f.optionalString("position");
    s.role = f.requireEnum("role", &roleFromName);
    s.active = f.optionalBool("active", true);
    return s;
}

Result<Staff> staffFromJson(const QJsonObject &o, const QString &path)
{
    return decodeWith(o, path, &readStaff);
}

// --- visits

QJsonObject toJson(const Stage &s)
{
    return {
        {u"index"_s, s.index},
        {u"queueId"_s, idToJson(s.queueId)},
        {u"role"_s, stageRoleName(s.role)},
        {u"ticket"_s, s.ticket},
        {u"ticketNumber"_s, s.ticketNumber},
        {u"serviceDate"_s, dateToJson(s.serviceDate)},
        {u"state"_s, stageStateName(s.state)},
        {u"queuedAt"_s, instantToJson(s.queuedAt)},
        {u"calledAt"_s, instantToJson(s.calledAt)},
        {u"startedAt"_s, instantToJson(s.startedAt)},
        {u"finishedAt"_s, instantToJson(s.finishedAt)},
        {u"callCount"_s, s.callCount},
        {u"deskId"_s, idToJson(s.deskId)},
        {u"staffId"_s, idToJson(s.staffId)},
        {u"note"_s, s.note},
    };
}

Stage readStage(Fields &f)
{
    Stage s;
    s.index = int(f.requireInt("index", 0, 999));
    s.queueId = f.requireId("queueId");
    s.role = f.requireEnum("role", &stageRoleFromName);
    s.ticket = f.requireString("ticket", kTicketLength);
    s.ticketNumber = int(f.requireInt("ticketNumber", 0, 999'999));
    s.serviceDate = f.optionalDate("serviceDate");
    s.state = f.requireEnum("state", &stageStateFromName);
    s.queuedAt = f.optionalDateTime("queuedAt");
    s.calledAt = f.optionalDateTime("calledAt");
    s.startedAt = f.optionalDateTime("startedAt");
    s.finishedAt = f.optionalDateTime("finishedAt");
    s.callCount = int(f.optionalInt("callCount", 0, 0, 999'999));
    s.deskId = f.optionalId("deskId");
    s.staffId = f.optionalId("staffId");
    s.note = f.optionalString("note");
    return s;
}

Result<Stage> stageFromJson(const QJsonObject &o, const QString &path)
{
    return decodeWith(o, path, &readStage);
}

QJsonObject toJson(const Visit &v)
{
    return {
        {u"id"_s, idToJson(v.id)},
        {u"centreId"_s, idToJson(v.centreId)},
        {u"createdAt"_s, instantToJson(v.createdAt)},
        {u"purpose"_s, v.purpose},
        {u"priority"_s, v.priority},
        {u"customerName"_s, v.customerName},
        {u"accountNumber"_s, v.accountNumber},
        {u"channel"_s, v.channel},
        {u"createdBy"_s, idToJson(v.createdBy)},
        {u"stages"_s, toJsonArray(v.stages)},
        {u"version"_s, v.version},
    };
}

namespace {

// A JSON string as Qt's writer (and compactJson, U+FEFF escaped) writes it: text without
// anything to escape is its UTF-8; anything else is written by Qt itself.
void appendString(QByteArray &out, const QString &s)
{
    const bool plain = std::all_of(s.cbegin(), s.cend(), [](QChar c) {
        const char16_t u = c.unicode();
        return u >= 0x20 && u != u'"' && u != u'\\' && !QChar::isSurrogate(u) && u != 0xFEFF;
    });
    if (plain) {
        out.append('"').append(s.toUtf8()).append('"');
        return;
    }
    const QByteArray wrapped = compactJson(QJsonObject{{u"s"_s, s}}); // {"s":"…"}
    out.append(QByteArrayView(wrapped).sliced(5, wrapped.size() - 6));
}

void appendInstant(QByteArray &out, const QDateTime &t)
{
    qint64 ms = 0;
    if (hasFastInstant(t, &ms)) {
        char text[26];
        text[0] = '"';
        formatInstantFast(ms, text + 1);
        text[25] = '"';
        out.append(text, 26);
    } else if (t.isValid()) {
        appendString(out, formatInstant(t));
    } else {
        out.append("null");
    }
}

void appendNumber(QByteArray &out, qint64 n)
{
    out.append(QByteArray::number(n));
}

} // namespace

// The keys in the order QJsonObject keeps them (sorted), as compactJson(toJson(s)) writes them.
void appendCompactJson(QByteArray &out, const Stage &s)
{
    out.append("{\"callCount\":");
    appendNumber(out, s.callCount);
    out.append(",\"calledAt\":");
    appendInstant(out, s.calledAt);
    out.append(",\"deskId\":");
    appendNumber(out, s.deskId);
    out.append(",\"finishedAt\":");
    appendInstant(out, s.finishedAt);
    out.append(",\"index\":");
    appendNumber(out, s.index);
    out.append(",\"note\":");
    appendString(out, s.note);
    out.append(",\"queueId\":");
    appendNumber(out, s.queueId);
    out.append(",\"queuedAt\":");
    appendInstant(out, s.queuedAt);
    out.append(",\"role\":");
    appendString(out, stageRoleName(s.role));
    out.append(",\"serviceDate\":");
    if (s.serviceDate.isValid())
        appendString(out, formatDate(s.serviceDate));
    else
        out.append("null");
    out.append(",\"staffId\":");
    appendNumber(out, s.staffId);
    out.append(",\"startedAt\":");
    appendInstant(out, s.startedAt);
    out.append(",\"state\":");
    appendString(out, stageStateName(s.state));
    out.append(",\"ticket\":");
    appendString(out, s.ticket);
    out.append(",\"ticketNumber\":");
    appendNumber(out, s.ticketNumber);
    out.append('}');
}

void appendCompactJson(QByteArray &out, const Visit &v)
{
    out.append("{\"accountNumber\":");
    appendString(out, v.accountNumber);
    out.append(",\"centreId\":");
    appendNumber(out, v.centreId);
    out.append(",\"channel\":");
    appendString(out, v.channel);
    out.append(",\"createdAt\":");
    appendInstant(out, v.createdAt);
    out.append(",\"createdBy\":");
    appendNumber(out, v.createdBy);
    out.append(",\"customerName\":");
    appendString(out, v.customerName);
    out.append(",\"id\":");
    appendNumber(out, v.id);
    out.append(",\"priority\":");
    appendString(out, v.priority);
    out.append(",\"purpose\":");
    appendString(out, v.purpose);
    out.append(",\"stages\":[");
    for (qsizetype i = 0; i < v.stages.size(); ++i) {
        if (i > 0)
            out.append(',');
        appendCompactJson(out, v.stages.at(i));
    }
    out.append(']');
    out.append(",\"version\":");
    appendNumber(out, v.version);
    out.append('}');
}

Visit readVisit(Fields &f)
{
    Visit v;
    v.id = f.requireId("id");
    v.centreId = f.requireId("centreId");
    v.createdAt = f.requireDateTime("createdAt");
    v.purpose = f.optionalString("purpose");
    v.priority = f.optionalString("priority", {}, kCodeLength);
    v.customerName = f.optionalString("customerName");
    v.accountNumber = f.optionalString("accountNumber", {}, kCodeLength);
    v.channel = f.optionalString("channel", {}, kCodeLength);
    v.createdBy = f.optionalId("createdBy");
    v.stages = readList(f, "stages", &readStage);
    v.version = int(f.optionalInt("version", 0, 0, std::numeric_limits<int>::max()));
    return v;
}

Result<Visit> visitFromJson(const QJsonObject &o, const QString &path)
{
    return decodeWith(o, path, &readVisit);
}

QJsonObject toJson(const QueuePosition &p)
{
    return {{u"ahead"_s, p.ahead}, {u"expectedWaitMinutes"_s, p.expectedWaitMinutes}};
}

QueuePosition readQueuePosition(Fields &f)
{
    QueuePosition p;
    p.ahead = int(f.requireInt("ahead", 0, kMaxCount));
    p.expectedWaitMinutes = int(f.requireInt("expectedWaitMinutes", 0, kMaxCount));
    return p;
}

Result<QueuePosition> queuePositionFromJson(const QJsonObject &o, const QString &path)
{
    return decodeWith(o, path, &readQueuePosition);
}

QJsonObject toJson(const Event &e)
{
    QJsonObject data;
    if (!e.payload.isEmpty())
        data = parseJson(e.payload).object(); // the server wrote it: an object
    return {
        {u"event"_s, e.type},
        {u"seq"_s, e.seq},
        {u"at"_s, instantToJson(e.at)},
        {u"centreId"_s, idToJson(e.centreId)},
        {u"visitId"_s, idToJson(e.visitId)},
        {u"actorId"_s, idToJson(e.actorId)},
        {u"data"_s, data},
    };
}

Event readEvent(Fields &f)
{
    Event e;
    e.type = f.requireString("event", kTypeLength);
    e.seq = f.requireId("seq");
    e.at = f.requireDateTime("at");
    e.centreId = f.optionalId("centreId");
    e.visitId = f.optionalId("visitId");
    e.actorId = f.optionalId("actorId");
    const QJsonObject data = f.optionalObject("data");
    e.payload = compactJson(data);
    return e;
}

Result<Event> eventFromJson(const QJsonObject &o, const QString &path)
{
    return decodeWith(o, path, &readEvent);
}

} // namespace okno::protocol
