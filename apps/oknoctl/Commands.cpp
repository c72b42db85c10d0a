#include "Commands.h"

#include <core/FrontOffice.h>
#include <core/Organisation.h>
#include <protocol/Codec.h>

#include <QDate>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSet>
#include <QTime>
#include <QTimeZone>

using namespace Qt::StringLiterals;

namespace {

using Body = QJsonObject;
using Ctx = CommandContext;
using MaybeError = std::optional<QString>;

QString opt(const Ctx &c, const QString &name, const QString &fallback = {})
{
    return c.options.value(name, fallback);
}

MaybeError needArgs(const Ctx &c, int n, const QString &what)
{
    if (c.args.size() < n)
        return u"missing "_s % what;
    if (c.args.size() > n)
        return u"unexpected argument \""_s % c.args.value(n) % u"\""_s;
    return std::nullopt;
}

// A new password, never from the command line (where `ps` shows it to everyone on the machine):
// --password-file F (F = "-": the first line of standard input), else $OKNO_NEW_PASSWORD.
MaybeError newPassword(const Ctx &c, Body &b)
{
    QString password;
    if (c.options.contains(u"password-file"_s)) {
        const QString path = opt(c, u"password-file"_s);
        QFile f;
        const bool open = path == u"-"_s ? f.open(stdin, QIODevice::ReadOnly)
                                         : (f.setFileName(path), f.open(QIODevice::ReadOnly));
        if (!open)
            return u"cannot read the password file "_s % path;
        password = QString::fromUtf8(path == u"-"_s ? f.readLine() : f.readAll()).trimmed();
    } else {
        password = qEnvironmentVariable("OKNO_NEW_PASSWORD");
    }
    if (password.isEmpty())
        return u"the new password is missing: give --password-file FILE, --password-file - (standard input) "
               u"or $OKNO_NEW_PASSWORD"_s;
    b.insert(u"password"_s, password);
    return std::nullopt;
}

MaybeError positiveId(const QString &text, const QString &what, qint64 &out)
{
    bool ok = false;
    out = text.toLongLong(&ok);
    if (!ok || out <= 0)
        return what % u" must be a positive number, got \""_s % text % u"\""_s;
    return std::nullopt;
}

MaybeError intOption(const Ctx &c, const QString &name, int min, int max, Body &b, const QString &field,
                     bool required)
{
    if (!c.options.contains(name)) {
        if (required)
            return u"--"_s % name % u" is required"_s;
        return std::nullopt;
    }
    bool ok = false;
    const int v = c.options.value(name).toInt(&ok);
    if (!ok || v < min || v > max)
        return u"--"_s % name % u" must be a whole number from "_s % QString::number(min) % u" to "_s %
               QString::number(max);
    b.insert(field, v);
    return std::nullopt;
}

void copyOption(const Ctx &c, const QString &name, Body &b, const QString &field)
{
    if (c.options.contains(name))
        b.insert(field, c.options.value(name));
}

void withCentre(const Ctx &c, Body &b)
{
    if (c.centreId)
        b.insert(u"centreId"_s, double(c.centreId));
}

// --from (required) and --to (default: the same day), for the reports.
MaybeError withPeriod(const Ctx &c, Body &b)
{
    if (!c.options.contains(u"from"_s))
        return u"--from is required"_s;
    b.insert(u"from"_s, opt(c, u"from"_s));
    b.insert(u"to"_s, opt(c, u"to"_s, opt(c, u"from"_s)));
    return std::nullopt;
}

QString ticketLine(const QJsonObject &visit)
{
    const QJsonArray stages = visit.value(u"stages"_s).toArray();
    const QJsonObject s = stages.isEmpty() ? QJsonObject() : stages.last().toObject();
    QString line = s.value(u"ticket"_s).toString() % u"  visit "_s %
                   QString::number(qint64(visit.value(u"id"_s).toDouble())) % u"  "_s %
                   s.value(u"role"_s).toString() % u"  "_s % s.value(u"state"_s).toString();
    if (!visit.value(u"priority"_s).toString().isEmpty())
        line += u"  priority:"_s % visit.value(u"priority"_s).toString();
    if (!visit.value(u"accountNumber"_s).toString().isEmpty())
        line += u"  account:"_s % visit.value(u"accountNumber"_s).toString();
    return line;
}

QString renderVisit(const QJsonObject &r)
{
    QString out = ticketLine(r.value(u"visit"_s).toObject());
    if (r.contains(u"position"_s)) {
        const QJsonObject p = r.value(u"position"_s).toObject();
        out += u"\n  ahead: "_s % QString::number(p.value(u"ahead"_s).toInt()) % u", expected wait: "_s %
               QString::number(p.value(u"expectedWaitMinutes"_s).toInt()) % u" min"_s;
    }
    return out;
}

QString renderVisitDetail(const QJsonObject &r)
{
    const QJsonObject v = r.value(u"visit"_s).toObject();
    QString out = u"visit "_s % QString::number(qint64(v.value(u"id"_s).toDouble())) % u"  created "_s %
                  v.value(u"createdAt"_s).toString();
    for (const char *field : {"purpose", "customerName", "accountNumber", "priority", "channel"})
        if (const QString s = v.value(QLatin1StringView(field)).toString(); !s.isEmpty())
            out += u"\n  "_s % QLatin1StringView(field) % u": "_s % s;
    for (const auto &sv : v.value(u"stages"_s).toArray()) {
        const QJsonObject s = sv.toObject();
        out += u"\n  ["_s % QString::number(s.value(u"index"_s).toInt()) % u"] "_s %
               s.value(u"ticket"_s).toString() % u" "_s % s.value(u"role"_s).toString() % u" "_s %
               s.value(u"state"_s).toString();
        for (const char *t : {"queuedAt", "calledAt", "startedAt", "finishedAt"})
            if (const QString ts = s.value(QLatin1StringView(t)).toString(); !ts.isEmpty())
                out += u"\n      "_s % QLatin1StringView(t) % u" "_s % ts;
        if (const QString n = s.value(u"note"_s).toString(); !n.isEmpty())
            out += u"\n      note: "_s % n;
    }
    return out;
}

QString renderDesk(const QJsonObject &r)
{
    const QJsonObject d = r.value(u"desk"_s).toObject();
    return u"desk "_s % QString::number(d.value(u"number"_s).toInt()) % u": "_s %
           d.value(u"state"_s).toString();
}

QString renderOk(const QJsonObject &)
{
    return u"ok"_s;
}

QString renderTable(const QJsonArray &rows, const QStringList &fields)
{
    QList<QStringList> cells;
    cells.append(fields);
    for (const auto &rv : rows) {
        const QJsonObject row = rv.toObject();
        QStringList line;
        for (const QString &f : fields) {
            const QJsonValue v = row.value(f);
            if (v.isDouble())
                line.append(QString::number(v.toDouble(), 'g', 15));
            else if (v.isBool())
                line.append(v.toBool() ? u"yes"_s : u"no"_s);
            else if (v.isArray()) {
                QStringList parts;
                for (const auto &x : v.toArray())
                    parts.append(x.isDouble() ? QString::number(qint64(x.toDouble())) : x.toString());
                line.append(parts.join(u','));
            } else
                line.append(v.toString());
        }
        cells.append(line);
    }
    QList<qsizetype> widths(fields.size(), 0);
    for (const auto &line : cells)
        for (qsizetype i = 0; i < line.size(); ++i)
            widths[i] = std::max(widths[i], line[i].size());
    QString out;
    for (const auto &line : cells) {
        QStringList padded;
        for (qsizetype i = 0; i < line.size(); ++i)
            padded.append(line[i].leftJustified(widths[i]));
        out += padded.join(u"  "_s).trimmed() % u'\n';
    }
    out.chop(1);
    return out;
}

QString renderStatus(const QJsonObject &r)
{
    const QJsonObject centre = r.value(u"centre"_s).toObject();
    QString out = centre.value(u"name"_s).toString() % u" — "_s % r.value(u"status"_s).toString() %
                  u" (server time "_s % r.value(u"serverTime"_s).toString() % u")\n"_s;
    if (!r.value(u"refusal"_s).toString().isEmpty())
        out += u"tickets: "_s % r.value(u"refusal"_s).toString() % u'\n';
    out += u"\nqueues:\n"_s;
    for (const auto &qv : r.value(u"queues"_s).toArray()) {
        const QJsonObject q = qv.toObject();
        const QJsonObject queue = q.value(u"queue"_s).toObject();
        out += u"  "_s % queue.value(u"prefix"_s).toString() % u" "_s %
               queue.value(u"code"_s).toString().leftJustified(12) % u" waiting "_s %
               QString::number(q.value(u"waiting"_s).toInt()) % u", postponed "_s %
               QString::number(q.value(u"postponed"_s).toInt()) % u", longest wait "_s %
               QString::number(qint64(q.value(u"longestWaitSecs"_s).toDouble()) / 60) % u" min\n"_s;
    }
    out += u"\ndesks:\n"_s;
    for (const auto &dv : r.value(u"desks"_s).toArray()) {
        const QJsonObject d = dv.toObject();
        out += u"  "_s % QString::number(d.value(u"number"_s).toInt()).rightJustified(3) % u" "_s %
               d.value(u"state"_s).toString().leftJustified(7) % u" "_s %
               d.value(u"staff"_s).toObject().value(u"fullName"_s).toString() % u'\n';
    }
    const QJsonArray visits = r.value(u"visits"_s).toArray();
    out += u"\nactive visits: "_s % QString::number(visits.size()) % u'\n';
    for (const auto &v : visits)
        out += u"  "_s % ticketLine(v.toObject()) % u'\n';
    out.chop(1);
    return out;
}

QString minutes(double secs)
{
    return QString::number(secs / 60.0, 'f', 1);
}

QString renderStats(const QJsonObject &r)
{
    QString out = u"statistics "_s % r.value(u"from"_s).toString() % u" — "_s % r.value(u"to"_s).toString() %
                  u" (minutes of working time)\n"_s;
    out +=
        u"role           stages served no-show | wait: mean median p90 max within-norm | service: mean median p90 max within-norm\n"_s;
    for (const auto &rv : r.value(u"roles"_s).toArray()) {
        const QJsonObject s = rv.toObject();
        const QJsonObject w = s.value(u"wait"_s).toObject();
        const QJsonObject sv = s.value(u"service"_s).toObject();
        const QJsonObject norm = s.value(u"norm"_s).toObject();
        const auto part = [](const QJsonObject &x, int normMin) -> QString {
            return minutes(x.value(u"mean"_s).toDouble()) % u" "_s %
                   minutes(x.value(u"median"_s).toDouble()) % u" "_s % minutes(x.value(u"p90"_s).toDouble()) %
                   u" "_s % minutes(x.value(u"max"_s).toDouble()) % u" "_s %
                   QString::number(x.value(u"withinNormShare"_s).toDouble() * 100.0, 'f', 0) % u"% (norm "_s %
                   QString::number(normMin) % u")"_s;
        };
        out += s.value(u"role"_s).toString().leftJustified(14) % u" "_s %
               QString::number(s.value(u"stages"_s).toInt()).rightJustified(6) % u" "_s %
               QString::number(s.value(u"served"_s).toInt()).rightJustified(6) % u" "_s %
               QString::number(s.value(u"noShows"_s).toInt()).rightJustified(7) % u" | "_s %
               part(w, norm.value(u"waitMinutes"_s).toInt()) % u" | "_s %
               part(sv, norm.value(u"serviceMinutes"_s).toInt()) % u'\n';
    }
    out.chop(1);
    return out;
}

Command visitCommand(const QString &words, const QString &op, const QString &help, bool withReason = false)
{
    return Command{words,
                   withReason ? u"VISIT_ID [--reason TEXT]"_s : u"VISIT_ID"_s,
                   help,
                   op,
                   true,
                   {},
                   [withReason](const Ctx &c, const Body &, Body &b) -> MaybeError {
                       if (auto e = needArgs(c, 1, u"VISIT_ID"_s))
                           return e;
                       qint64 id = 0;
                       if (auto e = positiveId(c.args[0], u"VISIT_ID"_s, id))
                           return e;
                       b.insert(u"visitId"_s, double(id));
                       if (withReason)
                           copyOption(c, u"reason"_s, b, u"reason"_s);
                       return std::nullopt;
                   },
                   renderVisit};
}

Command deskCommand(const QString &words, const QString &op, const QString &help)
{
    return Command{words,
                   {},
                   help,
                   op,
                   true,
                   {},
                   [](const Ctx &c, const Body &, Body &) { return needArgs(c, 0, {}); },
                   renderDesk};
}

MaybeError buildHours(const Ctx &c, Body &b)
{
    if (c.options.contains(u"closed"_s)) {
        b.insert(u"open"_s, false);
        return std::nullopt;
    }
    b.insert(u"open"_s, true);
    for (const QString &name : {u"opens"_s, u"closes"_s})
        if (!c.options.contains(name))
            return u"--"_s % name % u" HH:MM is required (or --closed)"_s;
    copyOption(c, u"opens"_s, b, u"opens"_s);
    copyOption(c, u"closes"_s, b, u"closes"_s);
    copyOption(c, u"lunch-start"_s, b, u"lunchStart"_s);
    copyOption(c, u"lunch-end"_s, b, u"lunchEnd"_s);
    return std::nullopt;
}

// --- centre create / centre set

const QStringList kCentreOptions{u"code"_s,
                                 u"name"_s,
                                 u"address"_s,
                                 u"phone"_s,
                                 u"tz"_s,
                                 u"cutoff"_s,
                                 u"after-closing"_s,
                                 u"days"_s,
                                 u"opens"_s,
                                 u"closes"_s,
                                 u"lunch-start"_s,
                                 u"lunch-end"_s,
                                 u"no-lunch"_s,
                                 u"max-priority-in-row"_s,
                                 u"max-regular-wait"_s};

const QString kCentreOptionsUsage =
    u"[--address A] [--phone P] [--tz ZONE] [--cutoff MIN] [--after-closing MIN] [--days 1-5] [--opens "
    u"HH:MM] [--closes HH:MM] "
    "[--lunch-start HH:MM --lunch-end HH:MM | --no-lunch] [--max-priority-in-row N] [--max-regular-wait MIN]"_s;

// Refuses any option the command does not take (a misspelt one would otherwise change nothing).
MaybeError onlyOptions(const Ctx &c, const QStringList &known)
{
    QStringList unknown;
    for (auto it = c.options.cbegin(); it != c.options.cend(); ++it)
        if (!known.contains(it.key()))
            unknown.append(u"--"_s % it.key());
    if (unknown.isEmpty())
        return std::nullopt;
    unknown.sort();
    return (unknown.size() == 1 ? u"unknown option "_s : u"unknown options "_s) % unknown.join(u", "_s) %
           u" (see --help)"_s;
}

MaybeError intValue(const Ctx &c, const QString &name, int min, int max, int &out)
{
    bool ok = false;
    const int v = c.options.value(name).toInt(&ok);
    if (!ok || v < min || v > max)
        return u"--"_s % name % u" must be a whole number from "_s % QString::number(min) % u" to "_s %
               QString::number(max);
    out = v;
    return std::nullopt;
}

MaybeError timeValue(const Ctx &c, const QString &name, QTime &out)
{
    const QString text = c.options.value(name);
    out = QTime::fromString(text, u"HH:mm"_s);
    if (!out.isValid())
        return u"--"_s % name % u" must be a time as HH:MM, got \""_s % text % u"\""_s;
    return std::nullopt;
}

// "1-5", "1-4,6", "6": days of the week, 1 = Monday … 7 = Sunday.
MaybeError daysValue(const Ctx &c, QSet<int> &days)
{
    const QString text = c.options.value(u"days"_s);
    const QString problem =
        u"--days must list days of the week 1 (Monday) to 7 (Sunday), as 1-5 or 1-4,6; got \""_s % text %
        u"\""_s;
    static const QRegularExpression item(u"^([1-7])(?:-([1-7]))?$"_s);
    for (const QString &part : text.split(u',')) {
        const auto m = item.match(part.trimmed());
        if (!m.hasMatch())
            return problem;
        const int from = m.captured(1).toInt();
        const int to = m.captured(2).isEmpty() ? from : m.captured(2).toInt();
        if (to < from)
            return problem;
        for (int d = from; d <= to; ++d)
            days.insert(d);
    }
    return std::nullopt;
}

// Applies the options of centre create / centre set to a centre. Hours (--opens, --closes,
// lunch) apply to the days --days names, else to the days the centre is open; a day that opens
// anew starts from the standard hours; a day not in --days closes.
MaybeError applyCentreOptions(const Ctx &c, okno::Centre &centre)
{
    const auto has = [&](const QString &name) { return c.options.contains(name); };
    if (has(u"code"_s))
        centre.code = c.options.value(u"code"_s);
    if (has(u"name"_s))
        centre.name = c.options.value(u"name"_s);
    if (has(u"address"_s))
        centre.address = c.options.value(u"address"_s);
    if (has(u"phone"_s))
        centre.phone = c.options.value(u"phone"_s);
    if (has(u"tz"_s)) {
        const QString id = c.options.value(u"tz"_s);
        const QTimeZone zone(id.toUtf8());
        if (id.isEmpty() || !zone.isValid())
            return u"--tz: unknown time zone \""_s % id % u"\" (give an IANA name such as Europe/Moscow)"_s;
        centre.schedule.setTimeZone(zone);
    }
    if (has(u"cutoff"_s)) {
        int minutes = 0;
        if (auto e = intValue(c, u"cutoff"_s, 0, 240, minutes))
            return e;
        centre.schedule.setLastTicketCutoffMinutes(minutes);
    }
    if (has(u"after-closing"_s)) {
        int minutes = 0;
        if (auto e = intValue(c, u"after-closing"_s, 0, 360, minutes))
            return e;
        centre.schedule.setServeAfterClosingMinutes(minutes);
    }
    if (has(u"days"_s) || has(u"opens"_s) || has(u"closes"_s) || has(u"lunch-start"_s) ||
        has(u"lunch-end"_s) || has(u"no-lunch"_s)) {
        if (has(u"lunch-start"_s) != has(u"lunch-end"_s))
            return u"--lunch-start and --lunch-end go together"_s;
        if (has(u"no-lunch"_s) && has(u"lunch-start"_s))
            return u"give either --no-lunch or --lunch-start and --lunch-end"_s;
        QTime opens, closes, lunchStart, lunchEnd;
        if (has(u"opens"_s))
            if (auto e = timeValue(c, u"opens"_s, opens))
                return e;
        if (has(u"closes"_s))
            if (auto e = timeValue(c, u"closes"_s, closes))
                return e;
        if (has(u"lunch-start"_s)) {
            if (auto e = timeValue(c, u"lunch-start"_s, lunchStart))
                return e;
            if (auto e = timeValue(c, u"lunch-end"_s, lunchEnd))
                return e;
        }
        QSet<int> days;
        if (has(u"days"_s)) {
            if (auto e = daysValue(c, days))
                return e;
        } else {
            for (int d = 1; d <= 7; ++d)
                if (centre.schedule.weekday(d).open)
                    days.insert(d);
        }
        for (int d = 1; d <= 7; ++d) {
            if (!days.contains(d)) {
                centre.schedule.setWeekday(d, okno::DayHours::closed());
                continue;
            }
            const okno::DayHours &now = centre.schedule.weekday(d);
            okno::DayHours h = now.open ? now : okno::DayHours::standard();
            if (opens.isValid())
                h.opens = opens;
            if (closes.isValid())
                h.closes = closes;
            if (lunchStart.isValid()) {
                h.lunchStart = lunchStart;
                h.lunchEnd = lunchEnd;
            }
            if (has(u"no-lunch"_s))
                h.lunchStart = h.lunchEnd = QTime();
            centre.schedule.setWeekday(d, h);
        }
    }
    if (has(u"max-priority-in-row"_s))
        if (auto e = intValue(c, u"max-priority-in-row"_s, 1, 100, centre.policy.maxPriorityInRow))
            return e;
    if (has(u"max-regular-wait"_s))
        if (auto e = intValue(c, u"max-regular-wait"_s, 1, 600, centre.policy.maxRegularWaitMinutes))
            return e;
    return std::nullopt;
}

// `original` with every value that `updated` changes, objects merged key by key, so that what
// this oknoctl does not know of a newer server's centre is sent back untouched.
QJsonObject mergeChanged(QJsonObject original, const QJsonObject &updated)
{
    for (auto it = updated.constBegin(); it != updated.constEnd(); ++it) {
        const QJsonValue old = original.value(it.key());
        if (old.isObject() && it->isObject())
            original.insert(it.key(), mergeChanged(old.toObject(), it->toObject()));
        else if (old != *it)
            original.insert(it.key(), *it);
    }
    return original;
}

// What centre set checks before it asks the server for the centre.
MaybeError centreSetArguments(const Ctx &c)
{
    if (auto e = needArgs(c, 1, u"CENTRE_ID"_s))
        return e;
    qint64 id = 0;
    if (auto e = positiveId(c.args[0], u"CENTRE_ID"_s, id))
        return e;
    if (auto e = onlyOptions(c, kCentreOptions))
        return e;
    if (c.options.isEmpty())
        return u"nothing to change: give an option for each thing to change (see --help)"_s;
    return std::nullopt;
}

} // namespace

const QList<Command> &commands()
{
    static const QList<Command> list = [] {
        QList<Command> l;
        l.append({u"ping"_s,
                  {},
                  u"Check the connection and the server's time."_s,
                  u"ping"_s,
                  false,
                  {},
                  [](const Ctx &c, const Body &, Body &) { return needArgs(c, 0, {}); },
                  [](const QJsonObject &r) -> QString {
                      return u"server time "_s % r.value(u"serverTime"_s).toString();
                  }});
        l.append({u"status"_s,
                  {},
                  u"Live state of the centre: queues, desks, active visits."_s,
                  u"status"_s,
                  false,
                  {},
                  [](const Ctx &c, const Body &, Body &b) {
                      withCentre(c, b);
                      return needArgs(c, 0, {});
                  },
                  renderStatus});
        // --- centres
        l.append({u"centre list"_s,
                  {},
                  u"List centres."_s,
                  u"centre.list"_s,
                  false,
                  {},
                  [](const Ctx &c, const Body &, Body &) { return needArgs(c, 0, {}); },
                  [](const QJsonObject &r) -> QString {
                      return renderTable(r.value(u"centres"_s).toArray(),
                                         {u"id"_s, u"code"_s, u"name"_s, u"address"_s, u"timeZone"_s});
                  }});
        l.append(
            {u"centre show"_s,
             u"CENTRE_ID"_s,
             u"Show a centre with its schedule and norms."_s,
             u"centre.get"_s,
             false,
             {},
             [](const Ctx &c, const Body &, Body &b) -> MaybeError {
                 if (auto e = needArgs(c, 1, u"CENTRE_ID"_s))
                     return e;
                 qint64 id = 0;
                 if (auto e = positiveId(c.args[0], u"CENTRE_ID"_s, id))
                     return e;
                 b.insert(u"centreId"_s, double(id));
                 return std::nullopt;
             },
             [](const QJsonObject &r) -> QString {
                 return QString::fromUtf8(
                            QJsonDocument(r.value(u"centre"_s).toObject()).toJson(QJsonDocument::Indented))
                     .trimmed();
             }});
        l.append(
            {u"centre create"_s,
             u"--code CODE --name NAME "_s % kCentreOptionsUsage,
             u"Create a centre; unless the options say otherwise: Mon–Fri 08:00–17:00, lunch 12:00–13:00, "
             "Europe/Moscow, last ticket 15 min before closing, Table 1 norms, 3 priority tickets in a row at most, 30 min longest regular wait."_s,
             u"centre.put"_s,
             true,
             {},
             [](const Ctx &c, const Body &, Body &b) -> MaybeError {
                 if (auto e = needArgs(c, 0, {}))
                     return e;
                 if (auto e = onlyOptions(c, kCentreOptions))
                     return e;
                 for (const QString &name : {u"code"_s, u"name"_s})
                     if (c.options.value(name).trimmed().isEmpty())
                         return u"--"_s % name % u" is required"_s;
                 okno::Centre centre; // the standard schedule, Table 1 norms, the default policy
                 if (auto e = applyCentreOptions(c, centre))
                     return e;
                 Body json = okno::protocol::toJson(centre);
                 json.remove(u"id"_s);
                 b.insert(u"centre"_s, json);
                 return std::nullopt;
             },
             [](const QJsonObject &r) -> QString {
                 return u"created centre "_s %
                        QString::number(qint64(r.value(u"centre"_s).toObject().value(u"id"_s).toDouble()));
             }});
        l.append(
            {u"centre set"_s, u"CENTRE_ID [--code CODE] [--name NAME] "_s % kCentreOptionsUsage,
             u"Change only what the options name; hours apply to the open days, or to --days (others close)."_s,
             u"centre.put"_s, true,
             [](const Ctx &c) -> std::optional<QPair<QString, QJsonObject>> {
                 if (centreSetArguments(c))
                     return std::nullopt; // the build says what is wrong, before any request
                 return QPair<QString, QJsonObject>{u"centre.get"_s,
                                                    {{u"centreId"_s, c.args.value(0).toDouble()}}};
             },
             [](const Ctx &c, const Body &pre, Body &b) -> MaybeError {
                 if (auto e = centreSetArguments(c))
                     return e;
                 const Body current = pre.value(u"centre"_s).toObject();
                 const auto parsed = okno::protocol::centreFromJson(current);
                 if (!parsed)
                     return u"cannot read the centre the server sent: "_s % parsed.error().message;
                 okno::Centre centre = *parsed;
                 if (auto e = applyCentreOptions(c, centre))
                     return e;
                 b.insert(u"centre"_s, mergeChanged(current, okno::protocol::toJson(centre)));
                 return std::nullopt;
             },
             [](const QJsonObject &r) -> QString {
                 return u"changed centre "_s %
                        QString::number(qint64(r.value(u"centre"_s).toObject().value(u"id"_s).toDouble()));
             }});
        l.append(
            {u"schedule exception add"_s,
             u"--date YYYY-MM-DD (--closed | --opens HH:MM --closes HH:MM [--lunch-start HH:MM --lunch-end HH:MM]) [--note TEXT]"_s,
             u"Add a holiday or a shortened day."_s,
             u"schedule.setException"_s,
             true,
             {},
             [](const Ctx &c, const Body &, Body &b) -> MaybeError {
                 if (auto e = needArgs(c, 0, {}))
                     return e;
                 withCentre(c, b);
                 if (!c.options.contains(u"date"_s))
                     return u"--date is required"_s;
                 copyOption(c, u"date"_s, b, u"date"_s);
                 copyOption(c, u"note"_s, b, u"note"_s);
                 return buildHours(c, b);
             },
             renderOk});
        l.append({u"schedule exception remove"_s,
                  u"--date YYYY-MM-DD"_s,
                  u"Remove a schedule exception."_s,
                  u"schedule.removeException"_s,
                  true,
                  {},
                  [](const Ctx &c, const Body &, Body &b) -> MaybeError {
                      withCentre(c, b);
                      if (!c.options.contains(u"date"_s))
                          return u"--date is required"_s;
                      copyOption(c, u"date"_s, b, u"date"_s);
                      return needArgs(c, 0, {});
                  },
                  renderOk});
        // --- norms
        l.append({u"norms show"_s,
                  {},
                  u"Waiting and service norms per stage role (minutes)."_s,
                  u"norms.get"_s,
                  false,
                  {},
                  [](const Ctx &c, const Body &, Body &b) {
                      withCentre(c, b);
                      return needArgs(c, 0, {});
                  },
                  [](const QJsonObject &r) -> QString {
                      QString out = u"role            wait  service\n"_s;
                      const QJsonObject n = r.value(u"norms"_s).toObject();
                      for (const QString &role : {u"administrator"_s, u"consultant"_s, u"cashier"_s}) {
                          const QJsonObject x = n.value(role).toObject();
                          out += role.leftJustified(15) %
                                 QString::number(x.value(u"waitMinutes"_s).toInt()).rightJustified(5) %
                                 QString::number(x.value(u"serviceMinutes"_s).toInt()).rightJustified(9) %
                                 u'\n';
                      }
                      out.chop(1);
                      return out;
                  }});
        l.append({u"norms set"_s,
                  u"ROLE WAIT_MIN SERVICE_MIN"_s,
                  u"Change a norm (manager)."_s,
                  u"norms.set"_s,
                  true,
                  {},
                  [](const Ctx &c, const Body &, Body &b) -> MaybeError {
                      if (auto e = needArgs(c, 3, u"ROLE WAIT_MIN SERVICE_MIN"_s))
                          return e;
                      withCentre(c, b);
                      b.insert(u"role"_s, c.args[0]);
                      bool ok1 = false, ok2 = false;
                      const int w = c.args[1].toInt(&ok1), s = c.args[2].toInt(&ok2);
                      if (!ok1 || !ok2)
                          return u"WAIT_MIN and SERVICE_MIN must be whole numbers of minutes"_s;
                      b.insert(u"waitMinutes"_s, w);
                      b.insert(u"serviceMinutes"_s, s);
                      return std::nullopt;
                  },
                  renderOk});
        l.append({u"norms history"_s,
                  u"[--limit N]"_s,
                  u"Who changed which norm, when, from what to what (manager)."_s,
                  u"norms.history"_s,
                  false,
                  {},
                  [](const Ctx &c, const Body &, Body &b) -> MaybeError {
                      if (auto e = needArgs(c, 0, {}))
                          return e;
                      withCentre(c, b);
                      if (c.options.contains(u"limit"_s)) {
                          bool ok = false;
                          const int n = opt(c, u"limit"_s).toInt(&ok);
                          if (!ok)
                              return u"--limit must be a whole number"_s;
                          b.insert(u"limit"_s, n);
                      }
                      return std::nullopt;
                  },
                  [](const QJsonObject &r) -> QString {
                      QString out;
                      for (const auto &v : r.value(u"changes"_s).toArray()) {
                          const QJsonObject ch = v.toObject();
                          const auto norm = [](const QJsonObject &n) {
                              return QString::number(n.value(u"waitMinutes"_s).toInt()) % u'/' %
                                     QString::number(n.value(u"serviceMinutes"_s).toInt());
                          };
                          out += ch.value(u"at"_s).toString() % u"  "_s % ch.value(u"role"_s).toString() %
                                 u"  "_s % norm(ch.value(u"before"_s).toObject()) % u" -> "_s %
                                 norm(ch.value(u"after"_s).toObject()) % u"  by "_s %
                                 ch.value(u"actorName"_s).toString() % u'\n';
                      }
                      out.chop(1);
                      return out.isEmpty() ? u"no norm has been changed"_s : out;
                  }});
        // --- queues, desks, staff
        l.append({u"queue list"_s,
                  {},
                  u"List the centre's queues."_s,
                  u"queue.list"_s,
                  false,
                  {},
                  [](const Ctx &c, const Body &, Body &b) {
                      withCentre(c, b);
                      return needArgs(c, 0, {});
                  },
                  [](const QJsonObject &r) -> QString {
                      return renderTable(r.value(u"queues"_s).toArray(), {u"id"_s, u"code"_s, u"prefix"_s,
                                                                          u"role"_s, u"name"_s, u"active"_s});
                  }});
        l.append({u"queue add"_s,
                  u"--code CODE --name NAME --prefix P --role ROLE"_s,
                  u"Add a queue."_s,
                  u"queue.put"_s,
                  true,
                  {},
                  [](const Ctx &c, const Body &, Body &b) -> MaybeError {
                      if (auto e = needArgs(c, 0, {}))
                          return e;
                      if (!c.centreId)
                          return u"--centre is required"_s;
                      Body q{{u"centreId"_s, double(c.centreId)}};
                      for (const QString &n : {u"code"_s, u"name"_s, u"prefix"_s, u"role"_s}) {
                          if (!c.options.contains(n))
                              return u"--"_s % n % u" is required"_s;
                          copyOption(c, n, q, n);
                      }
                      b.insert(u"queue"_s, q);
                      return std::nullopt;
                  },
                  [](const QJsonObject &r) -> QString {
                      return u"created queue "_s %
                             QString::number(
                                 qint64(r.value(u"queue"_s).toObject().value(u"id"_s).toDouble()));
                  }});
        l.append({u"desk list"_s,
                  {},
                  u"List the centre's desks."_s,
                  u"desk.list"_s,
                  false,
                  {},
                  [](const Ctx &c, const Body &, Body &b) {
                      withCentre(c, b);
                      return needArgs(c, 0, {});
                  },
                  [](const QJsonObject &r) -> QString {
                      return renderTable(
                          r.value(u"desks"_s).toArray(),
                          {u"id"_s, u"number"_s, u"name"_s, u"queueIds"_s, u"state"_s, u"active"_s});
                  }});
        l.append(
            {u"desk add"_s, u"--number N --queues CODE[,CODE…] [--name NAME]"_s,
             u"Add a desk serving the given queues."_s, u"desk.put"_s, true,
             [](const Ctx &c) -> std::optional<QPair<QString, QJsonObject>> {
                 return QPair<QString, QJsonObject>{u"queue.list"_s, {{u"centreId"_s, double(c.centreId)}}};
             },
             [](const Ctx &c, const Body &pre, Body &b) -> MaybeError {
                 if (auto e = needArgs(c, 0, {}))
                     return e;
                 Body d{{u"centreId"_s, double(c.centreId)}};
                 if (auto e = intOption(c, u"number"_s, 1, 999, d, u"number"_s, true))
                     return e;
                 copyOption(c, u"name"_s, d, u"name"_s);
                 QJsonArray ids;
                 for (const QString &code : opt(c, u"queues"_s).split(u',', Qt::SkipEmptyParts)) {
                     double id = 0;
                     for (const auto &qv : pre.value(u"queues"_s).toArray())
                         if (qv.toObject().value(u"code"_s).toString() == code.trimmed())
                             id = qv.toObject().value(u"id"_s).toDouble();
                     if (!id)
                         return u"no queue with code \""_s % code % u"\""_s;
                     ids.append(id);
                 }
                 if (ids.isEmpty())
                     return u"--queues is required"_s;
                 d.insert(u"queueIds"_s, ids);
                 b.insert(u"desk"_s, d);
                 return std::nullopt;
             },
             [](const QJsonObject &r) -> QString {
                 return u"created desk "_s %
                        QString::number(r.value(u"desk"_s).toObject().value(u"number"_s).toInt());
             }});
        l.append({u"staff list"_s,
                  {},
                  u"List staff accounts."_s,
                  u"staff.list"_s,
                  false,
                  {},
                  [](const Ctx &c, const Body &, Body &) { return needArgs(c, 0, {}); },
                  [](const QJsonObject &r) -> QString {
                      return renderTable(r.value(u"staff"_s).toArray(),
                                         {u"id"_s, u"login"_s, u"role"_s, u"centreId"_s, u"fullName"_s,
                                          u"position"_s, u"active"_s});
                  }});
        l.append({u"staff add"_s,
                  u"--login L --name \"FULL NAME\" --role ROLE [--position P] [--password-file F|-]"_s,
                  u"Create a staff or device account in the centre (--centre 0 for company-wide)."_s,
                  u"staff.put"_s,
                  true,
                  {},
                  [](const Ctx &c, const Body &, Body &b) -> MaybeError {
                      if (auto e = needArgs(c, 0, {}))
                          return e;
                      Body s{{u"centreId"_s, double(c.centreId)}};
                      for (const QString &n : {u"login"_s, u"name"_s, u"role"_s})
                          if (!c.options.contains(n))
                              return u"--"_s % n % u" is required"_s;
                      copyOption(c, u"login"_s, s, u"login"_s);
                      copyOption(c, u"name"_s, s, u"fullName"_s);
                      copyOption(c, u"role"_s, s, u"role"_s);
                      copyOption(c, u"position"_s, s, u"position"_s);
                      b.insert(u"staff"_s, s);
                      return newPassword(c, b);
                  },
                  [](const QJsonObject &r) -> QString {
                      return u"created staff "_s %
                             QString::number(
                                 qint64(r.value(u"staff"_s).toObject().value(u"id"_s).toDouble()));
                  }});
        l.append({u"staff passwd"_s,
                  u"STAFF_ID [--password-file F|-]"_s,
                  u"Set a staff member's password."_s,
                  u"staff.setPassword"_s,
                  true,
                  {},
                  [](const Ctx &c, const Body &, Body &b) -> MaybeError {
                      if (auto e = needArgs(c, 1, u"STAFF_ID"_s))
                          return e;
                      qint64 id = 0;
                      if (auto e = positiveId(c.args[0], u"STAFF_ID"_s, id))
                          return e;
                      b.insert(u"staffId"_s, double(id));
                      return newPassword(c, b);
                  },
                  renderOk});
        // --- visits
        l.append({u"issue"_s,
                  u"--queue CODE [--priority CATEGORY] [--purpose TEXT] [--name NAME] [--account NUMBER]"_s,
                  u"Register a visitor and put them in a queue."_s,
                  u"visit.issue"_s,
                  true,
                  {},
                  [](const Ctx &c, const Body &, Body &b) -> MaybeError {
                      if (auto e = needArgs(c, 0, {}))
                          return e;
                      withCentre(c, b);
                      if (!c.options.contains(u"queue"_s))
                          return u"--queue CODE is required"_s;
                      copyOption(c, u"queue"_s, b, u"queueCode"_s);
                      copyOption(c, u"priority"_s, b, u"priority"_s);
                      copyOption(c, u"purpose"_s, b, u"purpose"_s);
                      copyOption(c, u"name"_s, b, u"customerName"_s);
                      copyOption(c, u"account"_s, b, u"accountNumber"_s);
                      return std::nullopt;
                  },
                  renderVisit});
        l.append({u"visit"_s,
                  u"VISIT_ID"_s,
                  u"Show a visit with every stage."_s,
                  u"visit.get"_s,
                  false,
                  {},
                  [](const Ctx &c, const Body &, Body &b) -> MaybeError {
                      if (auto e = needArgs(c, 1, u"VISIT_ID"_s))
                          return e;
                      qint64 id = 0;
                      if (auto e = positiveId(c.args[0], u"VISIT_ID"_s, id))
                          return e;
                      b.insert(u"visitId"_s, double(id));
                      return std::nullopt;
                  },
                  renderVisitDetail});
        l.append({u"call-next"_s,
                  {},
                  u"Call the next visitor to this desk (--desk)."_s,
                  u"visit.callNext"_s,
                  true,
                  {},
                  [](const Ctx &c, const Body &, Body &) { return needArgs(c, 0, {}); },
                  renderVisit});
        l.append(visitCommand(u"call"_s, u"visit.call"_s,
                              u"Call a chosen (or postponed) visitor to this desk."_s));
        l.append(visitCommand(u"recall"_s, u"visit.recall"_s, u"Call the same visitor again."_s));
        l.append(
            visitCommand(u"start"_s, u"visit.start"_s, u"The called visitor has come: start serving."_s));
        l.append(visitCommand(u"finish"_s, u"visit.finish"_s, u"Finish serving the visitor."_s));
        l.append(visitCommand(u"no-show"_s, u"visit.noShow"_s, u"The called visitor did not come."_s));
        l.append(
            visitCommand(u"requeue"_s, u"visit.requeue"_s, u"Put a postponed visitor back in the queue."_s));
        l.append(visitCommand(u"postpone"_s, u"visit.postpone"_s,
                              u"Set the visitor aside (postponed pool)."_s, true));
        l.append(visitCommand(u"cancel"_s, u"visit.cancel"_s, u"Withdraw the visit."_s, true));
        l.append({u"route"_s,
                  u"VISIT_ID --queue CODE [--note TEXT]"_s,
                  u"Send the visitor on to another queue."_s,
                  u"visit.route"_s,
                  true,
                  {},
                  [](const Ctx &c, const Body &, Body &b) -> MaybeError {
                      if (auto e = needArgs(c, 1, u"VISIT_ID"_s))
                          return e;
                      qint64 id = 0;
                      if (auto e = positiveId(c.args[0], u"VISIT_ID"_s, id))
                          return e;
                      b.insert(u"visitId"_s, double(id));
                      if (!c.options.contains(u"queue"_s))
                          return u"--queue CODE is required"_s;
                      copyOption(c, u"queue"_s, b, u"queueCode"_s);
                      copyOption(c, u"note"_s, b, u"note"_s);
                      return std::nullopt;
                  },
                  renderVisit});
        l.append({u"set-priority"_s,
                  u"VISIT_ID [CATEGORY]"_s,
                  u"Change (or clear) a waiting visitor's priority."_s,
                  u"visit.setPriority"_s,
                  true,
                  {},
                  [](const Ctx &c, const Body &, Body &b) -> MaybeError {
                      if (c.args.isEmpty() || c.args.size() > 2)
                          return u"usage: set-priority VISIT_ID [CATEGORY]"_s;
                      qint64 id = 0;
                      if (auto e = positiveId(c.args[0], u"VISIT_ID"_s, id))
                          return e;
                      b.insert(u"visitId"_s, double(id));
                      b.insert(u"priority"_s, c.args.value(1));
                      return std::nullopt;
                  },
                  renderVisit});
        // --- desk
        l.append({u"desk open"_s,
                  {},
                  u"Open this desk (--desk) for work."_s,
                  u"desk.open"_s,
                  true,
                  {},
                  [](const Ctx &c, const Body &, Body &) { return needArgs(c, 0, {}); },
                  renderDesk});
        l.append(deskCommand(u"desk break"_s, u"desk.break"_s, u"Go on a break: the desk takes no calls."_s));
        l.append(deskCommand(u"desk resume"_s, u"desk.resume"_s, u"Come back from a break."_s));
        l.append(deskCommand(u"desk close"_s, u"desk.close"_s, u"End of shift: close the desk."_s));
        // --- front office
        l.append({u"consultation show"_s,
                  u"VISIT_ID"_s,
                  u"The consultation tickets of a visit."_s,
                  u"consultation.get"_s,
                  false,
                  {},
                  [](const Ctx &c, const Body &, Body &b) -> MaybeError {
                      if (auto e = needArgs(c, 1, u"VISIT_ID"_s))
                          return e;
                      qint64 id = 0;
                      if (auto e = positiveId(c.args[0], u"VISIT_ID"_s, id))
                          return e;
                      b.insert(u"visitId"_s, double(id));
                      return std::nullopt;
                  },
                  [](const QJsonObject &r) -> QString {
                      return renderTable(r.value(u"consultations"_s).toArray(),
                                         {u"stageIndex"_s, u"accountNumber"_s, u"consumerGroup"_s, u"topic"_s,
                                          u"outcome"_s, u"notes"_s});
                  }});
        const auto renderShift = [](const QJsonObject &r) -> QString {
            const QJsonObject shift = r.value(u"shift"_s).toObject();
            const QJsonObject t = r.value(u"totals"_s).toObject();
            if (shift.isEmpty())
                return u"no cash shift is open at this desk"_s;
            return u"shift "_s % QString::number(shift.value(u"number"_s).toInt()) %
                   (shift.value(u"open"_s).toBool() ? u" (open)"_s : u" (closed)"_s) % u": payments "_s %
                   QString::number(t.value(u"payments"_s).toInt()) % u", reversals "_s %
                   QString::number(t.value(u"reversals"_s).toInt()) % u", cash "_s %
                   QString::number(t.value(u"cashKopecks"_s).toDouble() / 100.0, 'f', 2) % u", card "_s %
                   QString::number(t.value(u"cardKopecks"_s).toDouble() / 100.0, 'f', 2) % u", net "_s %
                   QString::number(t.value(u"netKopecks"_s).toDouble() / 100.0, 'f', 2) % u" RUB"_s;
        };
        l.append({u"shift open"_s,
                  {},
                  u"Open the cash shift at this desk (cashier)."_s,
                  u"shift.open"_s,
                  true,
                  {},
                  [](const Ctx &c, const Body &, Body &) { return needArgs(c, 0, {}); },
                  renderShift});
        l.append({u"shift current"_s,
                  {},
                  u"The open cash shift and its totals."_s,
                  u"shift.current"_s,
                  false,
                  {},
                  [](const Ctx &c, const Body &, Body &) { return needArgs(c, 0, {}); },
                  renderShift});
        l.append({u"shift close"_s,
                  {},
                  u"Close the cash shift: the closing report."_s,
                  u"shift.close"_s,
                  true,
                  {},
                  [](const Ctx &c, const Body &, Body &) { return needArgs(c, 0, {}); },
                  renderShift});
        l.append(
            {u"payment record"_s,
             u"--account N --amount RUB (--method cash --tendered RUB | --method card) [--purpose TEXT] [--visit ID] [--key KEY]"_s,
             u"Record a payment exactly once (the same --key never records twice)."_s,
             u"payment.record"_s,
             true,
             {},
             [](const Ctx &c, const Body &, Body &b) -> MaybeError {
                 if (auto e = needArgs(c, 0, {}))
                     return e;
                 for (const QString &n : {u"account"_s, u"amount"_s, u"method"_s})
                     if (!c.options.contains(n))
                         return u"--"_s % n % u" is required"_s;
                 const auto amount = okno::parseRoubles(opt(c, u"amount"_s));
                 if (!amount)
                     return u"--amount must be roubles, e.g. 1234.56"_s;
                 b.insert(u"accountNumber"_s, opt(c, u"account"_s));
                 b.insert(u"amountKopecks"_s, double(*amount));
                 b.insert(u"method"_s, opt(c, u"method"_s));
                 b.insert(u"purpose"_s, opt(c, u"purpose"_s, u"Оплата электроэнергии"_s));
                 if (c.options.contains(u"tendered"_s)) {
                     const auto tendered = okno::parseRoubles(opt(c, u"tendered"_s));
                     if (!tendered)
                         return u"--tendered must be roubles, e.g. 2000"_s;
                     b.insert(u"tenderedKopecks"_s, double(*tendered));
                 }
                 if (c.options.contains(u"visit"_s)) {
                     qint64 id = 0;
                     if (auto e = positiveId(opt(c, u"visit"_s), u"--visit"_s, id))
                         return e;
                     b.insert(u"visitId"_s, double(id));
                 }
                 copyOption(c, u"key"_s, b, u"idempotencyKey"_s);
                 return std::nullopt;
             },
             [](const QJsonObject &r) -> QString {
                 const QJsonObject p = r.value(u"payment"_s).toObject();
                 return u"payment "_s % QString::number(qint64(p.value(u"id"_s).toDouble())) %
                        u", receipt "_s % QString::number(p.value(u"receiptNumber"_s).toInt()) %
                        u", change "_s %
                        QString::number(p.value(u"changeKopecks"_s).toDouble() / 100.0, 'f', 2) % u" RUB"_s;
             }});
        l.append({u"payment reverse"_s,
                  u"PAYMENT_ID --reason TEXT --manager LOGIN --manager-password-file FILE [--key KEY]"_s,
                  u"Reverse a payment, confirmed by a manager."_s,
                  u"payment.reverse"_s,
                  true,
                  {},
                  [](const Ctx &c, const Body &, Body &b) -> MaybeError {
                      if (auto e = needArgs(c, 1, u"PAYMENT_ID"_s))
                          return e;
                      qint64 id = 0;
                      if (auto e = positiveId(c.args[0], u"PAYMENT_ID"_s, id))
                          return e;
                      for (const QString &n : {u"reason"_s, u"manager"_s, u"manager-password-file"_s})
                          if (!c.options.contains(n))
                              return u"--"_s % n % u" is required"_s;
                      QFile f(opt(c, u"manager-password-file"_s));
                      if (!f.open(QIODevice::ReadOnly))
                          return u"cannot read "_s % f.fileName();
                      b.insert(u"paymentId"_s, double(id));
                      b.insert(u"reason"_s, opt(c, u"reason"_s));
                      b.insert(u"managerLogin"_s, opt(c, u"manager"_s));
                      b.insert(u"managerPassword"_s, QString::fromUtf8(f.readAll()).trimmed());
                      copyOption(c, u"key"_s, b, u"idempotencyKey"_s);
                      return std::nullopt;
                  },
                  [](const QJsonObject &r) -> QString {
                      return u"reversal recorded as payment "_s %
                             QString::number(
                                 qint64(r.value(u"payment"_s).toObject().value(u"id"_s).toDouble()));
                  }});
        l.append({u"payment list"_s,
                  u"(--shift ID | --visit ID)"_s,
                  u"Payments of a cash shift or of a visit."_s,
                  u"payment.list"_s,
                  false,
                  {},
                  [](const Ctx &c, const Body &, Body &b) -> MaybeError {
                      if (auto e = needArgs(c, 0, {}))
                          return e;
                      for (const auto &[o, f] :
                           {std::pair{u"shift"_s, u"shiftId"_s}, std::pair{u"visit"_s, u"visitId"_s}})
                          if (c.options.contains(o)) {
                              qint64 id = 0;
                              if (auto e = positiveId(opt(c, o), u"--"_s + o, id))
                                  return e;
                              b.insert(f, double(id));
                          }
                      if (b.size() != 1)
                          return u"give exactly one of --shift or --visit"_s;
                      return std::nullopt;
                  },
                  [](const QJsonObject &r) -> QString {
                      return renderTable(r.value(u"payments"_s).toArray(),
                                         {u"id"_s, u"receiptNumber"_s, u"accountNumber"_s, u"amountKopecks"_s,
                                          u"method"_s, u"reversalOf"_s});
                  }});
        // --- reports
        l.append({u"stats"_s,
                  u"--from YYYY-MM-DD [--to YYYY-MM-DD]"_s,
                  u"Waiting and service statistics against the norms (manager)."_s,
                  u"stats"_s,
                  false,
                  {},
                  [](const Ctx &c, const Body &, Body &b) -> MaybeError {
                      if (auto e = needArgs(c, 0, {}))
                          return e;
                      withCentre(c, b);
                      return withPeriod(c, b);
                  },
                  renderStats});
        l.append({u"alerts"_s,
                  u"[--waits-only]"_s,
                  u"What is past its norm right now: waits and services, longest first, by the "
                  u"dashboard's rule; every centre for a company-wide account (manager, reception)."_s,
                  u"alerts"_s,
                  false,
                  {},
                  [](const Ctx &c, const Body &, Body &b) -> MaybeError {
                      if (auto e = needArgs(c, 0, {}))
                          return e;
                      withCentre(c, b);
                      if (c.options.contains(u"waits-only"_s))
                          b.insert(u"services"_s, false);
                      return std::nullopt;
                  },
                  [](const QJsonObject &r) -> QString {
                      const QJsonArray alerts = r.value(u"alerts"_s).toArray();
                      if (alerts.isEmpty())
                          return u"nothing is past its norm"_s;
                      return renderTable(alerts, {u"centreId"_s, u"ticket"_s, u"role"_s, u"kind"_s,
                                                  u"seconds"_s, u"normSecs"_s, u"priority"_s, u"deskId"_s});
                  }});
        l.append({u"dashboard"_s,
                  u"--from YYYY-MM-DD [--to YYYY-MM-DD] [--window DAYS]"_s,
                  u"The dashboard's figures: per role, contacts per visit, repeat visits within DAYS "
                  u"(default 30), no-shows; every centre for a company-wide manager (manager)."_s,
                  u"dashboard"_s,
                  false,
                  {},
                  [](const Ctx &c, const Body &, Body &b) -> MaybeError {
                      if (auto e = needArgs(c, 0, {}))
                          return e;
                      withCentre(c, b);
                      if (auto e = withPeriod(c, b))
                          return e;
                      if (c.options.contains(u"window"_s)) {
                          bool ok = false;
                          const int days = opt(c, u"window"_s).toInt(&ok);
                          if (!ok)
                              return u"--window must be a whole number of days"_s;
                          b.insert(u"repeatWindowDays"_s, days);
                      }
                      return std::nullopt;
                  },
                  [](const QJsonObject &r) -> QString {
                      const QJsonObject q = r.value(u"quality"_s).toObject();
                      const auto pct = [](double share) -> QString {
                          return QString::number(share * 100.0, 'f', 1) % u'%';
                      };
                      return renderStats(r) % u"\nvisits "_s % QString::number(q.value(u"visits"_s).toInt()) %
                             u", finished "_s % QString::number(q.value(u"finishedVisits"_s).toInt()) %
                             u"\ncontacts per visit "_s %
                             QString::number(q.value(u"contactsPerVisit"_s).toDouble(), 'f', 2) %
                             u"\nrepeat visits within "_s %
                             QString::number(q.value(u"repeatWindowDays"_s).toInt()) % u" days "_s %
                             QString::number(q.value(u"repeatVisits"_s).toInt()) % u" of "_s %
                             QString::number(q.value(u"visitsWithAccount"_s).toInt()) % u" ("_s %
                             pct(q.value(u"repeatShare"_s).toDouble()) % u")\nno-shows "_s %
                             QString::number(q.value(u"noShows"_s).toInt()) % u" of "_s %
                             QString::number(q.value(u"calledStages"_s).toInt()) % u" calls ("_s %
                             pct(q.value(u"noShowRate"_s).toDouble()) % u")"_s;
                  }});
        l.append({u"clock set"_s,
                  u"TIME (ISO 8601, e.g. 2026-11-23T09:00:00+03:00)"_s,
                  u"Set the server's test clock (servers started with --test-clock only)."_s,
                  u"clock.set"_s,
                  false,
                  {},
                  [](const Ctx &c, const Body &, Body &b) -> MaybeError {
                      if (auto e = needArgs(c, 1, u"TIME"_s))
                          return e;
                      b.insert(u"at"_s, c.args[0]);
                      return std::nullopt;
                  },
                  [](const QJsonObject &r) -> QString {
                      return u"server time "_s % r.value(u"serverTime"_s).toString();
                  }});
        l.append(
            {u"retention run"_s,
             u"[--dry-run]"_s,
             u"Erase visitors' personal data older than the server's retention period now (the "
             u"nightly run early); --dry-run only counts what would be erased (system administrator)."_s,
             u"retention.run"_s,
             true,
             {},
             [](const Ctx &c, const Body &, Body &b) -> MaybeError {
                 if (auto e = needArgs(c, 0, {}))
                     return e;
                 for (auto it = c.options.cbegin(); it != c.options.cend(); ++it)
                     if (it.key() != u"dry-run"_s)
                         return u"retention run: unknown option --"_s % it.key();
                 b.insert(u"dryRun"_s, c.options.contains(u"dry-run"_s));
                 return std::nullopt;
             },
             [](const QJsonObject &r) -> QString {
                 const QJsonObject n = r.value(u"counts"_s).toObject();
                 const auto count = [&n](const QString &k) {
                     return QString::number(qint64(n.value(k).toDouble()));
                 };
                 return (r.value(u"dryRun"_s).toBool() ? u"would erase"_s : u"erased"_s) %
                        u" the personal data of what is older than "_s %
                        QString::number(r.value(u"days"_s).toInt()) % u" days (before "_s %
                        r.value(u"cutoff"_s).toString() % u"):\n  visits "_s % count(u"visits"_s) %
                        u"\n  stage notes "_s % count(u"stageNotes"_s) % u"\n  consultations "_s %
                        count(u"consultations"_s) % u"\n  meter readings "_s % count(u"meterReadings"_s) %
                        u"\n  payments "_s % count(u"payments"_s) % u"\n  events "_s % count(u"events"_s) %
                        (r.contains(u"walTruncated"_s) && !r.value(u"walTruncated"_s).toBool()
                             ? u"\nthe write-ahead log was in use and still holds old pages: run again later"_s
                             : QString());
             }});
        l.append({u"lockouts"_s,
                  QString(),
                  u"Logins and addresses with failed password checks in the last minutes, and which are "
                  u"locked."_s,
                  u"auth.lockouts"_s,
                  false,
                  {},
                  [](const Ctx &, const Body &, Body &) -> MaybeError { return std::nullopt; },
                  [](const QJsonObject &r) -> QString {
                      const QJsonObject p = r.value(u"policy"_s).toObject();
                      QString out = u"a login locks after %1 failures, an address after %2, for %3 min "
                                    u"(failures older than %4 min are forgotten)\n"_s
                                        .arg(p.value(u"loginLockoutAfter"_s).toInt())
                                        .arg(p.value(u"addressLockoutAfter"_s).toInt())
                                        .arg(p.value(u"lockoutMinutes"_s).toInt())
                                        .arg(p.value(u"windowMinutes"_s).toInt());
                      const QJsonArray entries = r.value(u"entries"_s).toArray();
                      if (entries.isEmpty())
                          return out % u"no failed password checks"_s;
                      for (const auto &v : entries) {
                          const QJsonObject e = v.toObject();
                          const bool login = e.value(u"kind"_s).toString() == u"account"_s;
                          const QString locked = e.value(u"lockedUntil"_s).toString();
                          out += u"%1 %2: %3 failed, last %4%5\n"_s.arg(
                              login ? u"login"_s : u"address"_s,
                              e.value(login ? u"login"_s : u"address"_s).toString(),
                              QString::number(e.value(u"failures"_s).toInt()),
                              e.value(u"lastFailure"_s).toString(),
                              locked.isEmpty() ? QString() : u" — LOCKED until "_s % locked);
                      }
                      return out.trimmed();
                  }});
        l.append({u"lockouts lift"_s,
                  u"--login LOGIN | --address ADDRESS"_s,
                  u"Lift a login's or an address's lockout and forget its failures."_s,
                  u"auth.unlock"_s,
                  false,
                  {},
                  [](const Ctx &c, const Body &, Body &b) -> MaybeError {
                      const bool login = c.options.contains(u"login"_s);
                      const bool address = c.options.contains(u"address"_s);
                      if (login == address)
                          return u"lockouts lift: give --login LOGIN or --address ADDRESS"_s;
                      b.insert(login ? u"login"_s : u"address"_s,
                               c.options.value(login ? u"login"_s : u"address"_s));
                      return std::nullopt;
                  },
                  [](const QJsonObject &r) -> QString {
                      return r.value(u"lifted"_s).toBool() ? u"lifted"_s
                                                           : u"nothing to lift: no failures recorded"_s;
                  }});
        l.append({u"backup"_s,
                  u"--to FILE"_s,
                  u"Copy the whole database, while the server runs, to FILE on the server's machine (an "
                  u"absolute path to a new file, owner-only). System administrator."_s,
                  u"backup.create"_s,
                  false,
                  {},
                  [](const Ctx &c, const Body &, Body &b) -> MaybeError {
                      if (!c.options.contains(u"to"_s) || c.options.value(u"to"_s).isEmpty())
                          return u"backup: give --to FILE, an absolute path on the server's machine"_s;
                      b.insert(u"path"_s, c.options.value(u"to"_s));
                      return std::nullopt;
                  },
                  [](const QJsonObject &r) -> QString {
                      return u"backup %1: %2 bytes, every event up to %3, in %4 ms"_s.arg(
                          r.value(u"path"_s).toString(),
                          QString::number(qint64(r.value(u"bytes"_s).toDouble())),
                          QString::number(qint64(r.value(u"lastSeq"_s).toDouble())),
                          QString::number(qint64(r.value(u"elapsedMs"_s).toDouble())));
                  }});
        l.append({u"verify"_s,
                  QString(),
                  u"Check the server's database while it runs: integrity, schema version, counts (exit 1 "
                  u"when damaged). A file offline: okno-server --verify FILE."_s,
                  u"database.verify"_s,
                  false,
                  {},
                  [](const Ctx &, const Body &, Body &) -> MaybeError { return std::nullopt; },
                  [](const QJsonObject &r) -> QString {
                      QString out = u"%1: %2\nschema version %3 (server knows %4), %5 bytes\n"
                                    u"%6 visits, %7 events (last seq %8), %9 payments"_s
                                        .arg(r.value(u"path"_s).toString(),
                                             r.value(u"ok"_s).toBool() ? u"ok"_s : u"FAILED"_s)
                                        .arg(r.value(u"schemaVersion"_s).toInt())
                                        .arg(r.value(u"knownSchemaVersion"_s).toInt())
                                        .arg(qint64(r.value(u"bytes"_s).toDouble()))
                                        .arg(qint64(r.value(u"visits"_s).toDouble()))
                                        .arg(qint64(r.value(u"events"_s).toDouble()))
                                        .arg(qint64(r.value(u"lastSeq"_s).toDouble()))
                                        .arg(qint64(r.value(u"payments"_s).toDouble()));
                      for (const auto &p : r.value(u"problems"_s).toArray())
                          out += u"\n  "_s % p.toString();
                      return out;
                  },
                  [](const QJsonObject &r) { return r.value(u"ok"_s).toBool(); }});
        return l;
    }();
    return list;
}

QString usageText()
{
    QString out = uR"(Usage: oknoctl [OPTIONS] COMMAND [ARGUMENTS]

Talks to an Okno queue server. Every command prints plain text, or its result as JSON with
--json. The exit status is 0 on success, 1 when the server refuses (the message says why),
2 for a usage error, 3 when the server cannot be reached, 4 when the login fails.

Options:
  --host HOST            server address (default 127.0.0.1, or $OKNO_HOST); or the server nodes
                         separated by commas, HOST:PORT or HOST, tried in turn (a:7455,b:7455)
  --port PORT            server port of a HOST without one (default 7455, or $OKNO_PORT)
  --user LOGIN           account to log in as (or $OKNO_USER)
  --password-file FILE   read its password from FILE (- for standard input), or $OKNO_PASSWORD;
                         never on the command line
  --tls MODE             auto (TLS unless the server is on this machine), on, off (or $OKNO_TLS)
  --tls-ca FILE          trust server certificates signed by this CA, PEM (or $OKNO_TLS_CA)
  --tls-pin FINGERPRINT  trust only the server certificate with this SHA-256 fingerprint
                         (or $OKNO_TLS_PIN)
  --desk NUMBER          the desk this session works at (for call-next, desk open, …)
  --centre ID            the centre (default: the account's own)
  --json                 print the result as JSON
  --timeout SECONDS      give up after this long (default 30)
  --help                 this text

Commands:
)"_s;
    for (const Command &c : commands())
        out += u"  "_s % QString(c.words % u' ' % c.usage).trimmed() % u"\n      "_s % c.help % u'\n';
    out += u"  watch [--count N]\n      Print live events until interrupted (or until N events).\n"_s;
    return out;
}
