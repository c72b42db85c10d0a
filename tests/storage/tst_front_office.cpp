// Schema v2: topics, consultations with meter readings, cash shifts and append-only payments.
#include "StorageTestSupport.h"

#include <core/FrontOffice.h>

using namespace okno;
using namespace okno::test;
using namespace Qt::StringLiterals;

namespace {

Consultation makeConsultation(Id visitId)
{
    Consultation c;
    c.visitId = visitId;
    c.stageIndex = 0;
    c.centreId = 1;
    c.staffId = 32;
    c.accountNumber = u"1234567890"_s;
    c.consumerGroup = ConsumerGroup::LegalEntity;
    c.topic = u"meter_readings"_s;
    c.notes = u"Приняты показания"_s;
    c.outcome = ConsultationOutcome::FollowUp;
    c.nextVisitDate = QDate(2026, 12, 1);
    c.readings = {{u"011-22"_s, 10234, 4021}, {u"A-7"_s, 555, -1}};
    c.createdAt = utc(2026, 11, 23, 7, 0, 0, 123);
    c.updatedAt = utc(2026, 11, 23, 7, 5);
    return c;
}

CashShift makeShift(Id id, int number)
{
    return CashShift{id, 1, 22, 32, number, utc(2026, 11, 23, 5, 0), {}};
}

Payment makePayment(Id id, Id shiftId, int receipt, qint64 kopecks, Id reversalOf = 0)
{
    Payment p;
    p.id = id;
    p.centreId = 1;
    p.shiftId = shiftId;
    p.visitId = 101;
    p.staffId = 32;
    p.deskId = 22;
    p.receiptNumber = receipt;
    p.at = utc(2026, 11, 23, 8, 0, 0, 7);
    p.accountNumber = u"1234567890"_s;
    p.amountKopecks = kopecks;
    p.purpose = u"Оплата электроэнергии"_s;
    p.method = PaymentMethod::Cash;
    p.tenderedKopecks = kopecks + 50;
    p.changeKopecks = 50;
    p.reversalOf = reversalOf;
    p.approvedBy = reversalOf ? 31 : 0;
    p.reason = reversalOf ? u"ошибка"_s : QString();
    return p;
}

void seedWithVisit(Database &db)
{
    requireOk(db.apply(seedConfigurationBatch()));
    requireOk(db.apply(WriteBatch().putVisit(makeVisit(101, QDate(2026, 11, 23)))));
}

} // namespace

TEST_CASE("a version 1 database migrates to the latest version with its data and the default topics",
          "[storage][front-office]")
{
    TempDatabase t;
    {
        auto v1 = requireValue(Database::open(t.config(), builtinMigrations().mid(0, 1)));
        CHECK(v1->schemaVersion() == 1);
    }
    // Rows as the version 1 code wrote them (today's code writes version 2 tables too).
    for (int id : {1, 2})
        t.raw(
            u"INSERT INTO centres (id, code, name, address, phone, time_zone, cutoff_minutes, lunch_counts, "
            u"policy_max_priority_in_row, policy_max_regular_wait_minutes, active) "
            u"VALUES (%1, 'C%1', 'Centre %1', 'Address', '8-800', 'Europe/Moscow', 15, 0, 3, 30, 1)"_s.arg(
                id));
    t.raw(u"INSERT INTO settings (key, value) VALUES ('kept', 'yes')"_s);
    // A visit as the version 1 code wrote it: its stage reads back as not called ahead.
    t.raw(u"INSERT INTO queues (id, centre_id, code, name, prefix, role, active) "
          u"VALUES (11, 1, 'admin', 'admin', 'А', 'administrator', 1)"_s);
    t.raw(u"INSERT INTO visits (id, centre_id, created_at, purpose, priority, customer_name, account_number, "
          u"channel, created_by, version) VALUES (7, 1, 0, '', 'veteran', '', '', 'reception', NULL, 1)"_s);
    t.raw(u"INSERT INTO stages (visit_id, idx, queue_id, role, ticket, ticket_number, service_date, state, "
          u"queued_at, called_at, call_count, note) "
          u"VALUES (7, 0, 11, 'administrator', 'А-001', 1, '2026-11-23', 'done', 0, 1000, 1, '')"_s);
    auto db = t.open();
    CHECK(db->schemaVersion() == latestSchemaVersion());
    const QList<Centre> centres = requireValue(db->loadCentres());
    REQUIRE(centres.size() == 2);
    CHECK(centres[0].topics == defaultTopics());
    CHECK(centres[1].topics == defaultTopics());
    CHECK(centres[1].name == u"Centre 2"_s);
    CHECK(requireValue(db->setting(u"kept"_s)) == std::optional<QString>(u"yes"_s));
    const auto visit = requireValue(db->loadVisit(7));
    REQUIRE(visit.has_value());
    REQUIRE(visit->stages.size() == 1);
    CHECK_FALSE(visit->stages[0].calledAhead);
    CHECK(visit->stages[0].calledAt.isValid());
}

TEST_CASE("centre topics round-trip and are replaced with the centre", "[storage][front-office]")
{
    TempDatabase t;
    auto db = t.open();
    Centre c = makeCentre(1, u"SARANSK-1"_s);
    c.topics = {{u"bills"_s, u"Счета"_s, true}, {u"old"_s, u"Устаревшая тема"_s, false}};
    requireOk(db->apply(WriteBatch().putCentre(c)));
    CHECK(requireValue(db->loadCentres()).constFirst().topics == c.topics);
    c.topics.removeLast();
    requireOk(db->apply(WriteBatch().putCentre(c)));
    CHECK(requireValue(db->loadCentres()).constFirst().topics == c.topics);
}

TEST_CASE("a consultation round-trips with its readings; saving again replaces them",
          "[storage][front-office]")
{
    TempDatabase t;
    auto db = t.open();
    seedWithVisit(*db);
    Consultation c = makeConsultation(101);
    requireOk(db->apply(WriteBatch().putConsultation(c)));
    auto loaded = requireValue(db->loadConsultation(101, 0));
    REQUIRE(loaded.has_value());
    CHECK(loaded->accountNumber == c.accountNumber);
    CHECK(loaded->consumerGroup == ConsumerGroup::LegalEntity);
    CHECK(loaded->outcome == ConsultationOutcome::FollowUp);
    CHECK(loaded->nextVisitDate == c.nextVisitDate);
    CHECK(loaded->readings == c.readings); // the single-rate meter's night reading stays "none"
    CHECK(loaded->createdAt == c.createdAt);

    c.readings = {{u"011-22"_s, 10300, 4100}};
    c.nextVisitDate = {};
    requireOk(db->apply(WriteBatch().putConsultation(c)));
    const QList<Consultation> all = requireValue(db->loadConsultationsOfVisit(101));
    REQUIRE(all.size() == 1);
    CHECK(all[0].readings == c.readings);
    CHECK_FALSE(all[0].nextVisitDate.isValid());
    CHECK(t.raw(u"SELECT COUNT(*) FROM meter_readings"_s).toInt() == 1);
    // A consultation of a stage that does not exist is refused, and nothing is left behind.
    Consultation orphan = makeConsultation(999);
    CHECK_FALSE(db->apply(WriteBatch().putConsultation(orphan)).ok());
    CHECK_FALSE(requireValue(db->loadConsultation(999, 0)).has_value());
}

TEST_CASE("cash shifts open and close; payments are append-only and reversed at most once",
          "[storage][front-office]")
{
    TempDatabase t;
    auto db = t.open();
    seedWithVisit(*db);
    requireOk(db->apply(WriteBatch().putShift(makeShift(1, 1))));
    CHECK(requireValue(db->loadOpenShifts()).size() == 1);
    requireOk(db->apply(WriteBatch()
                            .appendPayment(makePayment(1, 1, 1, 1500'00))
                            .appendPayment(makePayment(2, 1, 2, 320'45))));

    const auto p = requireValue(db->loadPayment(1));
    REQUIRE(p.has_value());
    CHECK(p->amountKopecks == 1500'00);
    CHECK(p->at == utc(2026, 11, 23, 8, 0, 0, 7));
    CHECK(p->method == PaymentMethod::Cash);
    CHECK(p->visitId == 101);

    // The same id again fails the whole apply, and nothing of it stays.
    CHECK_FALSE(
        db->apply(WriteBatch().putSetting(u"k"_s, u"v"_s).appendPayment(makePayment(1, 1, 3, 1))).ok());
    CHECK_FALSE(requireValue(db->setting(u"k"_s)).has_value());
    // A receipt number is unique within its shift.
    CHECK_FALSE(db->apply(WriteBatch().appendPayment(makePayment(3, 1, 2, 100))).ok());
    // A zero amount never reaches the table.
    CHECK_FALSE(db->apply(WriteBatch().appendPayment(makePayment(3, 1, 3, 0))).ok());

    requireOk(db->apply(WriteBatch().appendPayment(makePayment(3, 1, 3, 1500'00, 1))));
    CHECK(requireValue(db->loadReversalOf(1))->id == 3);
    CHECK_FALSE(requireValue(db->loadReversalOf(2)).has_value());
    CHECK_FALSE(db->apply(WriteBatch().appendPayment(makePayment(4, 1, 4, 1500'00, 1))).ok());

    const QList<Payment> shiftPayments = requireValue(db->loadPaymentsOfShift(1));
    CHECK(shiftPayments.size() == 3);
    CHECK(totalsOf(shiftPayments).netKopecks() == 320'45);
    CHECK(requireValue(db->loadPaymentsOfVisit(101)).size() == 3);

    CashShift closed = makeShift(1, 1);
    closed.closedAt = utc(2026, 11, 23, 14, 0);
    requireOk(db->apply(WriteBatch().putShift(closed).putShift(makeShift(2, 2))));
    CHECK(requireValue(db->loadOpenShifts()).size() == 1);
    CHECK(requireValue(db->loadShift(1))->closedAt == closed.closedAt);
    CHECK(requireValue(db->maxShiftNumbers()).value(1) == 2);
    const MaxIds ids = requireValue(db->maxIds());
    CHECK(ids.shift == 2);
    CHECK(ids.payment == 3);
}
