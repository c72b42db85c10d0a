#!/usr/bin/env python3
"""Writes the seed corpus of the fuzz targets (tests/fuzz/corpus/<target>/) and their dictionaries.

The seeds are small and meaningful: a valid request for every operation from the session that may
call it (and from one that may not), the objects of docs/protocol.md as the server sends them, and
the edge cases of the framing (byte-order mark, CRLF, blank lines, nesting at and past 256, a
line at the limit, invalid and overlong UTF-8, encoded surrogates, control characters, numbers
RFC 8259 does not have). Run it again after changing this file; it rewrites both directories, so
what is committed is exactly what it writes. The ids it names (visits 1–6, payments 1–2, shift 1,
centre 2, queue 4, desk 5, staff 10) are those of fuzz_ops' template day, which checks them.

Input formats (see each target's source):
  fuzz_frames: byte 0 = frame limit (bits 0-1: 65536, 64, 300, 4096) and slicing (bits 2-3: all
               at once, a byte at a time, one size, random sizes); byte 1 seeds the sizes; then the
               byte stream.
  fuzz_ops:    per request (up to four, separated by a newline): byte 0 = session (index below),
               byte 1 = op index into protocol::ops::all(), or 0xff to keep the frame's own "op";
               then one request frame.
"""

import hashlib
import json
import os
import re
import shutil

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))

SESSIONS = ["not_greeted", "greeted", "admin", "admin1", "consult1", "consult2", "cashier1",
            "manager", "director", "kiosk1", "board1", "admin2"]
KEEP_OP = 0xFF


def compact(o):
    return json.dumps(o, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


# --- objects as docs/protocol.md shows them, complete

def day(d, open_=True, lunch=True):
    if not open_:
        return {"day": d, "open": False, "opens": None, "closes": None, "lunchStart": None, "lunchEnd": None}
    return {"day": d, "open": True, "opens": "08:00", "closes": "17:00",
            "lunchStart": "12:00" if lunch else None, "lunchEnd": "13:00" if lunch else None}


SCHEDULE = {
    "timeZone": "Europe/Moscow",
    "week": [day(d) for d in range(1, 6)] + [day(6, False), day(7, False)],
    "exceptions": [{"date": "2026-11-04", "open": False, "opens": None, "closes": None, "lunchStart": None,
                    "lunchEnd": None, "note": "День народного единства"}],
    "cutoffMinutes": 15, "serveAfterClosingMinutes": 120, "lunchCountsAsWorkingTime": False,
}
NORMS = {"administrator": {"waitMinutes": 10, "serviceMinutes": 5},
         "consultant": {"waitMinutes": 20, "serviceMinutes": 15},
         "cashier": {"waitMinutes": 20, "serviceMinutes": 10}}
CENTRE = {
    "id": 1, "code": "SARANSK", "name": "ЦОК Саранск", "address": "г. Саранск, ул. Ленина, 1",
    "phone": "8 800 000-00-00", "schedule": SCHEDULE, "norms": NORMS,
    "priorityCategories": [{"code": "disabled", "title": "Инвалид I или II группы, ребёнок-инвалид"},
                           {"code": "veteran", "title": "Ветеран, инвалид войны, участник боевых действий"}],
    "topics": [{"code": "meter_readings", "title": "Показания приборов учёта", "active": True},
               {"code": "bills", "title": "Счета", "active": False}],
    "policy": {"maxPriorityInRow": 3, "maxRegularWaitMinutes": 30}, "active": True,
}
QUEUE = {"id": 2, "centreId": 1, "code": "consult", "name": "Консультация", "prefix": "К",
         "role": "consultant", "active": True}
DESK = {"id": 4, "centreId": 1, "number": 3, "name": "Окно 3", "queueIds": [2], "active": True,
        "state": "open", "staffId": 12}
STAFF = {"id": 12, "centreId": 1, "login": "consult1", "fullName": "Петров Алексей Сергеевич",
         "position": "Менеджер-консультант", "role": "consultant", "active": True}
VISIT = {
    "id": 9001, "centreId": 1, "createdAt": "2026-11-23T06:15:00.125Z", "purpose": "Перерасчёт",
    "priority": "veteran", "customerName": "Иванов И. И.", "accountNumber": "123456789",
    "channel": "reception", "createdBy": 7, "version": 3,
    "stages": [
        {"index": 0, "queueId": 1, "role": "administrator", "ticket": "А-001", "ticketNumber": 1,
         "serviceDate": "2026-11-23", "state": "transferred", "queuedAt": "2026-11-23T06:15:00.125Z",
         "calledAt": "2026-11-23T06:16:00.000Z", "startedAt": "2026-11-23T06:17:00.000Z",
         "finishedAt": "2026-11-23T06:20:30.999Z", "callCount": 1, "deskId": 1, "staffId": 7,
         "note": "к консультанту"},
        {"index": 1, "queueId": 2, "role": "consultant", "ticket": "К-015", "ticketNumber": 15,
         "serviceDate": "2026-11-23", "state": "waiting", "queuedAt": "2026-11-23T06:20:30.999Z",
         "calledAt": None, "startedAt": None, "finishedAt": None, "callCount": 0, "deskId": 0, "staffId": 0,
         "note": ""}],
}
POSITION = {"ahead": 4, "expectedWaitMinutes": 35}
SUMMARY = {"count": 113, "mean": 640.5, "median": 480, "p90": 1500, "max": 2710, "withinNorm": 96,
           "withinNormShare": 0.85}
ROLE_STATISTICS = {"role": "consultant", "norm": {"waitMinutes": 20, "serviceMinutes": 15}, "stages": 120,
                   "served": 104, "noShows": 9, "cancelled": 7, "unserved": 0, "wait": SUMMARY,
                   "service": dict(SUMMARY, count=104, mean=700.2)}
QUALITY = {"visits": 600, "finishedVisits": 570, "contactsPerVisit": 1.62, "calledStages": 930, "noShows": 28,
           "noShowRate": 0.03, "visitsWithAccount": 540, "repeatVisits": 61, "repeatShare": 0.113,
           "repeatWindowDays": 30}
CONSULTATION = {
    "visitId": 42, "stageIndex": 1, "centreId": 1, "staffId": 5, "accountNumber": "1234567890",
    "consumerGroup": "household", "topic": "meter_readings", "notes": "Показания приняты",
    "outcome": "resolved", "nextVisitDate": None, "appealNumber": "",
    "readings": [{"meterNumber": "011-22", "dayValue": 10234, "nightValue": 4021},
                 {"meterNumber": "A-7", "dayValue": 555, "nightValue": None}],
    "createdAt": "2026-11-23T07:00:00.000Z", "updatedAt": "2026-11-23T07:05:00.000Z"}
SHIFT = {"id": 3, "centreId": 1, "deskId": 4, "staffId": 5, "number": 9, "openedAt": "2026-11-23T05:00:00.000Z",
         "closedAt": None, "open": True}
PAYMENT = {"id": 7, "centreId": 1, "shiftId": 3, "visitId": 42, "staffId": 5, "deskId": 4, "receiptNumber": 12,
           "at": "2026-11-23T08:15:00.250Z", "accountNumber": "1234567890", "amountKopecks": 123456,
           "purpose": "Оплата электроэнергии", "method": "cash", "tenderedKopecks": 200000,
           "changeKopecks": 76544, "reversalOf": 0, "approvedBy": 0, "reason": ""}
TOTALS = {"payments": 1, "reversals": 0, "cashKopecks": 123456, "cardKopecks": 0, "cashRefundedKopecks": 0,
          "cardRefundedKopecks": 0, "netCashKopecks": 123456, "netKopecks": 123456}

OBJECTS = {
    "centre": CENTRE, "schedule": SCHEDULE, "norms": NORMS, "queue": QUEUE, "desk": DESK, "staff": STAFF,
    "visit": VISIT, "stage": VISIT["stages"][0], "position": POSITION, "summary": SUMMARY,
    "role-statistics": ROLE_STATISTICS, "quality": QUALITY, "consultation": CONSULTATION,
    "reading": CONSULTATION["readings"][0], "shift": SHIFT, "payment": PAYMENT, "totals": TOTALS,
    "exception": SCHEDULE["exceptions"][0], "norm": NORMS["consultant"], "policy": CENTRE["policy"],
    "priority-category": CENTRE["priorityCategories"][0], "topic": CENTRE["topics"][0],
    "hello-result": {"server": "okno-server/0.1.0", "version": 1, "serverTime": "2026-11-23T06:00:00.000Z",
                     "testClock": False},
    "session-info": {"staff": STAFF, "role": "consultant", "centreId": 1, "deskId": 4, "desk": DESK},
    "issue-result": {"visit": VISIT, "position": POSITION},
    "queue-load": {"queue": QUEUE, "waiting": 5, "postponed": 1, "longestWaitSecs": 1320},
    "status": {"centre": CENTRE, "status": "open", "acceptsTickets": True, "refusal": "", "refusalCode": "none",
               "reopensAt": None, "serverTime": "2026-11-23T09:15:00.000Z",
               "queues": [{"queue": QUEUE, "waiting": 5, "postponed": 1, "longestWaitSecs": 1320}],
               "desks": [dict(DESK, staff=STAFF)], "visits": [VISIT], "lastSeq": 5120},
    "stats-result": {"centreId": 1, "from": "2026-11-23", "to": "2026-11-27", "roles": [ROLE_STATISTICS]},
    "subscribe-result": {"lastSeq": 5120, "replayed": 1, "snapshotRequired": False},
    "shift-report": {"shift": dict(SHIFT, closedAt="2026-11-23T14:00:00.000Z", open=False), "totals": TOTALS,
                     "payments": [PAYMENT]},
    "event": {"event": "visit.called", "seq": 5120, "at": "2026-11-23T09:15:02.113Z", "centreId": 1,
              "visitId": 9001, "actorId": 4, "data": {"visit": VISIT}},
    "response-ok": {"id": 12, "ok": True, "result": {"visit": VISIT}},
    "response-error": {"id": 12, "ok": False, "error": {"code": "desk_unavailable", "message": "open the desk first"}},
    "response-unknown-code": {"id": None, "ok": False, "error": {"code": "brand_new", "message": "?"}},
}

# --- a valid request for every operation, from a session that may call it on the template day

CONSULTATION_IN = {"accountNumber": "1234567890", "consumerGroup": "household", "topic": "meter_readings",
                   "notes": "Показания приняты", "outcome": "resolved",
                   "readings": [{"meterNumber": "011-22", "dayValue": 10300, "nightValue": 4100}]}
REQUESTS = [
    ("not_greeted", "hello", {"version": 1, "client": "oknoctl/0.1"}),
    ("greeted", "auth.login", {"login": "consult1", "password": "okno-demo", "deskNumber": 2}),
    ("admin1", "auth.login", {"login": "admin1", "password": "okno-demo", "deskId": 1}),
    ("admin1", "auth.logout", {}),
    ("board1", "ping", {}),
    ("admin", "auth.lockouts", {}),
    ("admin", "auth.unlock", {"login": "consult1"}),
    ("manager", "centre.list", {}),
    ("kiosk1", "centre.get", {"centreId": 1}),
    ("admin", "centre.put", {"centre": CENTRE}),
    ("admin", "centre.put", {"centre": dict(CENTRE, id=0, code="NEW-1", name="ЦОК Новый")}),
    ("admin", "schedule.setException", {"centreId": 1, "date": "2026-12-30", "open": True, "opens": "09:00",
                                        "closes": "15:00", "lunchStart": "12:00", "lunchEnd": "12:30",
                                        "note": "Предпраздничный день"}),
    ("admin", "schedule.removeException", {"centreId": 1, "date": "2026-12-31"}),
    ("board1", "norms.get", {"centreId": 1}),
    ("manager", "norms.set", {"centreId": 1, "role": "cashier", "waitMinutes": 15, "serviceMinutes": 10}),
    ("manager", "norms.history", {"centreId": 1, "limit": 10}),
    ("admin1", "queue.list", {"centreId": 1}),
    ("admin", "queue.put", {"queue": {"centreId": 1, "code": "vip", "name": "VIP", "prefix": "V",
                                      "role": "consultant"}}),
    ("kiosk1", "queue.forecast", {"queueCode": "consult", "priority": True}),
    ("admin1", "desk.list", {"centreId": 1}),
    ("admin", "desk.put", {"desk": {"centreId": 1, "number": 5, "name": "Окно 5", "queueIds": [2, 3]}}),
    ("manager", "staff.list", {}),
    ("admin", "staff.put", {"staff": {"centreId": 1, "login": "consult3", "fullName": "Смирнова Анна",
                                      "role": "consultant"}, "password": "correct horse"}),
    ("admin", "staff.put", {"staff": {"id": 3, "centreId": 1, "login": "consult2", "fullName": "Сидорова Е. В.",
                                      "role": "consultant", "active": False}}),
    ("consult2", "staff.setPassword", {"password": "a new password", "oldPassword": "okno-demo"}),
    ("admin", "staff.setPassword", {"staffId": 2, "password": "another password"}),
    ("admin1", "visit.issue", {"queueCode": "consult", "purpose": "Перерасчёт", "priority": "veteran",
                               "customerName": "Иванов И. И.", "accountNumber": "1234-5678-90",
                               "idempotencyKey": "5f0c1e2d"}),
    ("kiosk1", "visit.issue", {"queueId": 1}),
    ("board1", "visit.get", {"visitId": 1}),
    ("cashier1", "visit.callNext", {"idempotencyKey": "call-1"}),
    ("admin1", "visit.call", {"visitId": 6}),
    ("admin1", "visit.recall", {"visitId": 3}),
    ("admin1", "visit.start", {"visitId": 3}),
    ("consult1", "visit.finish", {"visitId": 1}),
    ("admin1", "visit.noShow", {"visitId": 3}),
    ("consult1", "visit.route", {"visitId": 1, "queueCode": "cash", "note": "к кассиру"}),
    ("admin1", "visit.postpone", {"visitId": 2, "reason": "ушёл за паспортом"}),
    ("admin1", "visit.requeue", {"visitId": 5}),
    ("admin", "visit.cancel", {"visitId": 2, "reason": "передумал"}),
    ("admin1", "visit.setPriority", {"visitId": 2, "priority": "disabled"}),
    ("consult2", "desk.open", {"deskId": 3}),
    ("cashier1", "desk.break", {}),
    ("cashier1", "desk.resume", {}),
    ("consult2", "desk.close", {}),
    ("board1", "status", {}),
    ("director", "status", {"centreId": 2}),
    ("manager", "stats", {"centreId": 1, "from": "2026-11-01", "to": "2026-11-30"}),
    ("director", "dashboard", {"from": "2026-11-23", "to": "2026-11-27", "repeatWindowDays": 30}),
    ("manager", "dashboard", {"centreId": 1, "from": "2026-11-25", "to": "2026-11-25"}),
    ("admin1", "alerts", {"services": False}),
    ("board1", "events.subscribe", {"since": 3}),
    ("admin", "clock.set", {"at": "2026-11-25T12:30:00+03:00"}),
    ("cashier1", "consultation.get", {"visitId": 1}),
    ("consult1", "consultation.save", {"visitId": 1, "consultation": CONSULTATION_IN}),
    ("consult1", "consultation.save", {"visitId": 1, "consultation": dict(
        CONSULTATION_IN, topic="bills", outcome="appeal_registered", appealNumber="ВХ-17",
        nextVisitDate="2026-12-01", readings=None)}),
    ("cashier1", "shift.open", {}),
    ("cashier1", "shift.current", {}),
    ("cashier1", "shift.close", {"idempotencyKey": "close-1"}),
    ("cashier1", "payment.record", {"idempotencyKey": "pay-1", "visitId": 4, "accountNumber": "987654",
                                    "amountKopecks": 150000, "purpose": "Оплата электроэнергии",
                                    "method": "cash", "tenderedKopecks": 200000}),
    ("cashier1", "payment.reverse", {"idempotencyKey": "rev-1", "paymentId": 1, "reason": "ошибка кассира",
                                     "managerLogin": "manager", "managerPassword": "okno-demo"}),
    ("manager", "payment.list", {"shiftId": 1}),
    ("cashier1", "payment.list", {"visitId": 4}),
    ("admin2", "visit.issue", {"queueCode": "reception"}),
]

# The same requests where they must be refused: another centre, a role without the right, a
# device, an idempotency key reused for another request.
REFUSED = [
    ("admin2", "visit.get", {"visitId": 1}),
    ("admin2", "status", {"centreId": 1}),
    ("kiosk1", "staff.list", {}),
    ("board1", "visit.issue", {"queueCode": "consult"}),
    ("consult2", "visit.callNext", {}),
    ("manager", "centre.put", {"centre": CENTRE}),
    ("cashier1", "payment.record", {"accountNumber": "987654", "amountKopecks": 1, "purpose": "x",
                                    "method": "card"}),
    ("cashier1", "payment.record", {"idempotencyKey": "seed-payment-1", "accountNumber": "987654",
                                    "amountKopecks": 1, "purpose": "x", "method": "card"}),
    ("admin", "staff.put", {"staff": {"id": 9, "login": "admin", "fullName": "Я", "role": "manager"}}),
    ("greeted", "status", {}),
    ("not_greeted", "ping", {}),
]

# Shapes every request can have wrong, on one op.
MALFORMED = [
    b'{"op":"ping"}', b'{"id":0,"op":"ping"}', b'{"id":-1,"op":"ping"}', b'{"id":1.5,"op":"ping"}',
    b'{"id":"1","op":"ping"}', b'{"id":9007199254740993,"op":"ping"}', b'{"id":1e300,"op":"ping"}',
    b'{"id":1,"op":7}', b'{"id":1,"op":""}', b'{"id":1,"op":"visit.teleport"}', b'{"id":1}',
    b'{"id":1,"op":"visit.get","visitId":"1"}', b'{"id":1,"op":"visit.get","visitId":1.5}',
    b'{"id":1,"op":"visit.get","visitId":0}', b'{"id":1,"op":"visit.get","visitId":null}',
    b'{"id":1,"op":"visit.issue","queueCode":"consult","customerName":"\\u0000"}',
    b'{"id":1,"op":"visit.issue","queueCode":"consult","customerName":"\\ud800"}',
    b'{"id":1,"op":"visit.issue","queueCode":"consult","customerName":"\\ufffe"}',
    b'{"id":1,"op":"visit.issue","queueCode":"consult","customerName":"\\ufeff\xf0\x9f\x99\x82 \xe2\x80\x8f"}',
    b'{"id":1,"op":"visit.issue","queueCode":"consult","idempotencyKey":"' + b"k" * 101 + b'"}',
    ("manager", b'{"id":1,"op":"stats","centreId":1,"from":"2026-02-30","to":"2026-13-01"}'),
    ("manager", b'{"id":1,"op":"stats","centreId":1,"from":"0001-01-01","to":"9999-12-31"}'),
    ("director", b'{"id":1,"op":"dashboard","from":"2016-01-01","to":"2026-12-31","repeatWindowDays":365}'),
    ("admin", b'{"id":1,"op":"clock.set","at":"2026-11-25T10:00:00"}'),
    ("admin", b'{"id":1,"op":"clock.set","at":"2026-11-25T10:00:00.123456789-23:59"}'),
    ("admin", b'{"id":1,"op":"centre.put","centre":{"id":1}}'),
    ("admin", b'{"id":1,"op":"schedule.setException","centreId":1,"date":"2026-12-30","open":true,'
              b'"opens":"15:00","closes":"09:00"}'),
]


# A few requests in a row: a change, then what it changes (each from its session's connection).
SEQUENCES = {
    "lunch-then-issue": [("admin", "clock.set", {"at": "2026-11-25T12:30:00+03:00"}),
                         ("kiosk1", "visit.issue", {"queueCode": "reception"})],
    "next-day-then-call": [("admin", "clock.set", {"at": "2026-11-26T09:00:00+03:00"}),
                           ("admin1", "visit.call", {"visitId": 2}), ("admin1", "status", {})],
    "after-closing-then-serve": [("admin", "clock.set", {"at": "2026-11-25T17:30:00+03:00"}),
                                 ("consult1", "visit.finish", {"visitId": 1}),
                                 ("consult1", "visit.callNext", {})],
    "open-then-call": [("consult2", "desk.open", {}), ("consult2", "visit.callNext", {}),
                       ("consult2", "visit.start", {"visitId": 2}), ("consult2", "desk.close", {})],
    "close-shift-then-pay": [("cashier1", "shift.close", {}),
                             ("cashier1", "payment.record", {"idempotencyKey": "p", "accountNumber": "987654",
                                                             "amountKopecks": 100, "purpose": "x", "method": "card"})],
    "reverse-twice": [("cashier1", "payment.reverse", {"idempotencyKey": "r1", "paymentId": 2, "reason": "ошибка",
                                                       "managerLogin": "director", "managerPassword": "okno-demo"}),
                      ("cashier1", "payment.reverse", {"idempotencyKey": "r2", "paymentId": 2, "reason": "ошибка",
                                                       "managerLogin": "manager", "managerPassword": "okno-demo"})],
    "logout-then-status": [("admin1", "auth.logout", {}), ("admin1", "status", {}),
                           ("admin1", "auth.login", {"login": "admin1", "password": "wrong password"})],
    "hello-login-open": [("not_greeted", "hello", {"version": 1}),
                         ("not_greeted", "auth.login", {"login": "consult2", "password": "okno-demo"}),
                         ("not_greeted", "desk.open", {"deskId": 3})],
    "deactivate-then-act": [("admin", "staff.put", {"staff": {"id": 2, "centreId": 1, "login": "consult1",
                                                              "fullName": "Петров А. С.", "role": "consultant",
                                                              "active": False}}),
                            ("consult1", "visit.finish", {"visitId": 1})],
    "subscribe-then-issue": [("board1", "events.subscribe", {}),
                             ("admin1", "visit.issue", {"queueCode": "consult", "customerName": "Канарейка",
                                                        "accountNumber": "55555555"}),
                             ("board1", "status", {})],
    "finish-then-save": [("consult1", "visit.finish", {"visitId": 1}),
                         ("consult1", "consultation.save", {"visitId": 1, "consultation": CONSULTATION_IN})],
    "key-twice": [("admin1", "visit.issue", {"queueCode": "cash", "idempotencyKey": "same"}),
                  ("admin1", "visit.issue", {"queueCode": "cash", "idempotencyKey": "same"}),
                  ("admin1", "visit.issue", {"queueCode": "consult", "idempotencyKey": "same"})],
}


def frames_seed(config, seed, stream):
    return bytes([config, seed]) + stream


def write(directory, name, data):
    path = os.path.join(directory, name)
    n = 2
    while os.path.exists(path):  # two seeds of one op from one session
        path = os.path.join(directory, "%s-%d" % (name, n))
        n += 1
    with open(path, "wb") as f:
        f.write(data)


def frames_corpus(directory):
    seeds = {}
    for name, obj in OBJECTS.items():
        seeds["object-" + name] = compact(obj) + b"\n"
    for i, (who, op, fields) in enumerate(REQUESTS):
        seeds["request-%02d-%s" % (i, op)] = compact(dict({"id": 1, "op": op}, **fields)) + b"\n"
    session = (b'{"id":1,"op":"hello","version":1,"client":"okno-consultant/0.1"}\n'
               b'{"id":2,"op":"auth.login","login":"consult1","password":"correct horse","deskNumber":2}\r\n'
               b'\n  \t\r\n'
               b'{"id":3,"op":"status"}\n{"id":4,"op":"events.subscribe","since":5119}\n{"id":5,"op":"desk.')
    seeds["session"] = session
    edge = {
        "bom": b'\xef\xbb\xbf{"id":1,"op":"ping"}\n',
        "bom-inside": b'{"id":1,"op":"visit.issue","customerName":"\xef\xbb\xbfx","purpose":"a\xef\xbb\xbf"}\n',
        "crlf": b'{"id":1,"op":"ping"}\r\n{"id":2,"op":"ping"}\r\r\n',
        "blank-lines": b'\n\n \t \r\n{"id":1}\n',
        "nesting-256": b'{"a":' + b"[" * 255 + b"]" * 255 + b"}\n",
        "nesting-257": b'{"a":' + b"[" * 256 + b"]" * 256 + b"}\n",
        "nesting-deep": b"[" * 3000 + b"\n",
        "long-line": b'{"p":"' + b"x" * 4080 + b'"}\n{"p":1}\n',
        "bare-values": b'1\n"x"\n[1,2]\nnull\ntrue\n{}\n',
        "invalid-utf8": b'{"a":"\xc0\xaf","b":"\xed\xa0\x80","c":"\xf4\x90\x80\x80","d":"\xff"}\n',
        "truncated-utf8": b'{"a":"\xe2\x82"}\n{"a":"\xf0\x9f\x99\x82"}\n',
        "control-in-string": b'{"a":"tab\there","b":"nul\x00"}\n',
        "escapes": b'{"a":"\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude42","b":"\\x41","c":"\\u12"}\n',
        "lone-surrogates": b'{"a":"\\ud800","\\udc00":1,"b":"\\ud83d\\u0041"}\n',
        "numbers": b'{"a":.5}\n{"a":1.}\n{"a":01}\n{"a":+1}\n{"a":-0}\n{"a":1e400}\n{"a":-1E-400}\n'
                   b'{"a":9007199254740993}\n{"a":123456789012345678901234567890}\n{"a":0.1e1}\n',
        "literals": b'{"a":tru}\n{"a":nul}\n{"a":falsey}\n{"a":NaN}\n{"a":Infinity}\n',
        "trailing-comma": b'{"a":1,}\n[1,]\n{"a":1}x\n{"a" 1}\n{a:1}\n{"a":1}{"b":2}\n',
        "duplicate-keys": b'{"id":1,"id":2,"op":"ping","op":"hello"}\n',
        "noncharacters": b'{"a":"\xef\xbf\xbe\xef\xbf\xbf\xef\xb7\x90\xf4\x8f\xbf\xbf"}\n',
        "no-newline": b'{"id":1,"op":"ping"}',
    }
    seeds.update({"edge-" + k: v for k, v in edge.items()})
    for name, stream in sorted(seeds.items()):
        digest = hashlib.sha1(stream).digest()
        # All at once with the protocol's limit, and again in random slices with a small one.
        write(directory, name, frames_seed(0x00, digest[0], stream))
        write(directory, name + "-sliced", frames_seed(0x0C | (digest[1] % 4), digest[2], stream))


def ops_corpus(directory):
    def seed(who, frame):
        return bytes([SESSIONS.index(who), KEEP_OP]) + frame

    for who, op, fields in REQUESTS:
        name = "%s-%s" % (op, who)
        write(directory, name, seed(who, compact(dict({"id": 1, "op": op}, **fields))))
    for who, op, fields in REFUSED:
        write(directory, "refused-%s-%s" % (op, who), seed(who, compact(dict({"id": 1, "op": op}, **fields))))
    for name, steps in SEQUENCES.items():
        write(directory, "sequence-" + name,
              b"\n".join(seed(who, compact(dict({"id": i + 1, "op": op}, **fields)))
                         for i, (who, op, fields) in enumerate(steps)))
    for i, item in enumerate(MALFORMED):
        who, frame = item if isinstance(item, tuple) else ("admin1", item)
        write(directory, "malformed-%02d" % i, seed(who, frame))


def dictionary(path, tokens):
    """libFuzzer's format: one quoted token a line; a byte that is not plain ASCII as \\xNN."""
    def escape(token):
        out = ""
        for b in token:
            c = chr(b)
            out += c if 0x20 <= b < 0x7F and c not in '"\\' else "\\x%02x" % b
        return '"' + out + '"'

    with open(path, "w", encoding="ascii") as f:
        f.write("# Written by make-corpus.py: the wire's names and tokens, so that libFuzzer tries them whole.\n")
        for t in sorted(set(tokens)):
            f.write(escape(t) + "\n")


def wire_names():
    """Every op and event name (Ops.h) and every field and value name the codec and the server read."""
    names = set()
    with open(os.path.join(ROOT, "libs/protocol/protocol/Ops.h"), encoding="utf-8") as f:
        names.update(re.findall(r'QLatin1StringView\s*\w*\("([^"]+)"\)', f.read()))
    sources = ["libs/protocol/protocol/" + n for n in ("Codec.cpp", "CodecFrontOffice.cpp", "Results.cpp",
                                                       "Message.cpp")]
    sources += ["libs/server/server/" + n for n in sorted(os.listdir(os.path.join(ROOT, "libs/server/server")))
                if n.startswith("QueueService") and n.endswith(".cpp")]
    sources += ["libs/core/core/Types.cpp", "libs/core/core/FrontOffice.cpp", "libs/core/core/Organisation.cpp"]
    for s in sources:
        path = os.path.join(ROOT, s)
        if not os.path.exists(path):
            continue
        with open(path, encoding="utf-8") as f:
            for w in re.findall(r'"([A-Za-z][A-Za-z0-9_.]{1,40})"', f.read()):
                if not w.endswith((".h", ".cpp")):  # the #includes
                    names.add(w)
    return names


def main():
    corpus = os.path.join(HERE, "corpus")
    for target, fill in (("fuzz_frames", frames_corpus), ("fuzz_ops", ops_corpus)):
        directory = os.path.join(corpus, target)
        shutil.rmtree(directory, ignore_errors=True)
        os.makedirs(directory)
        fill(directory)
    quoted = {b'"' + n.encode("utf-8") + b'"' for n in wire_names() | {"okno-demo", "1234567890"}}
    dictionary(os.path.join(HERE, "fuzz_ops.dict"), quoted | {b"null", b"true", b"false", b"[]", b"{}"})
    dictionary(os.path.join(HERE, "fuzz_frames.dict"),
               quoted | {b"\\u0000", b"\\ud800", b"\\udc00", b"\\ufeff", b"\\ufffe", b"\r\n", b"\xef\xbb\xbf",
                         b"\xed\xa0\x80", b"\xc0\x80", b"1e400", b"-0", b"9007199254740993", b"null", b"true"})


if __name__ == "__main__":
    main()
