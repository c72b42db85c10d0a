// What a person reads when the server refuses: the terminal's own words per error code, in the
// terminal's language, never the server's English (issue 9: messages mixed Russian and English).
#include "../integration/Fixture.h"

#include <ConsultantWindow.h>
#include <ui/ErrorText.h>

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProcess>
#include <QPushButton>
#include <QRegularExpression>
#include <QTemporaryDir>

namespace {

template <typename T> T *child(QWidget &w, const char *name)
{
    T *c = w.findChild<T *>(QString::fromLatin1(name));
    INFO("widget " << name);
    REQUIRE(c != nullptr);
    return c;
}

bool hasLatin(const QString &s)
{
    static const QRegularExpression latin(u"[A-Za-z]"_s);
    return s.contains(latin);
}

} // namespace

TEST_CASE("every refusal is worded in Russian, the server's English only in the detail", "[gui][messages]")
{
    const QList<okno::ErrorCode> codes{okno::ErrorCode::CentreClosed,    okno::ErrorCode::QueueEmpty,
                                       okno::ErrorCode::DeskUnavailable, okno::ErrorCode::InvalidTransition,
                                       okno::ErrorCode::Forbidden,       okno::ErrorCode::AuthFailed,
                                       okno::ErrorCode::AuthRequired,    okno::ErrorCode::InvalidArgument,
                                       okno::ErrorCode::BadRequest,      okno::ErrorCode::NotFound,
                                       okno::ErrorCode::Conflict,        okno::ErrorCode::Unavailable,
                                       okno::ErrorCode::Internal};
    for (okno::ErrorCode code : codes) {
        const okno::Error e =
            okno::makeError(code, u"no tickets now: lunch break until 13:00 (topic \"x\")"_s);
        const QString text = okno::ui::errorText(e);
        INFO(okno::errorCodeName(code).toStdString() << ": " << text.toStdString());
        CHECK_FALSE(text.isEmpty());
        CHECK_FALSE(hasLatin(text));
        CHECK(okno::ui::errorDetail(e).contains(e.message));
        CHECK_FALSE(hasLatin(okno::ui::errorHint(e).section(u':', 0, 0))); // the code itself is Latin
        CHECK(okno::ui::errorHint(e).endsWith(okno::errorCodeName(code)));
        CHECK_FALSE(hasLatin(okno::ui::loginFailureText(code)));
    }
}

TEST_CASE("a refusal on a terminal's message line is the terminal's own sentence", "[gui][messages]")
{
    DemoServer d;
    d.at(10, 0);
    QTemporaryDir pdf;
    okno::Client client;
    okno::ConsultantWindow w(&client, pdf.path());
    w.show();
    client.connectToServer(u"127.0.0.1"_s, d.server.port(), {u"consult1"_s, u"okno-demo"_s, 0, 2});
    REQUIRE(waitUntil([&] { return client.isReady() && child<QComboBox>(w, "topic")->count() > 0; }));

    // Nobody waits: the server says "nobody is waiting in this desk's queues"; the person reads Russian.
    child<QPushButton>(w, "callNext")->click();
    auto *message = child<QLabel>(w, "message");
    REQUIRE(waitUntil([&] { return !message->text().isEmpty(); }));
    CHECK(message->text() == u"В очереди никого нет."_s);
    CHECK_FALSE(hasLatin(message->text()));
    // The code, for the IT administrator, in the terminal's language; the server's English stays in the log.
    CHECK(message->toolTip() == u"Код ошибки для администратора ИТ: queue_empty"_s);

    // The next call succeeds: the refusal is stale and leaves the line.
    d.staff(u"admin1"_s, 1)->ok(u"visit.issue"_s, {{u"queueCode"_s, u"consult"_s}});
    child<QPushButton>(w, "callNext")->click();
    REQUIRE(waitUntil([&] { return child<QLabel>(w, "currentVisitor")->text().startsWith(u"К-001"_s); }));
    CHECK(waitUntil([&] { return message->text().isEmpty(); }));
}

TEST_CASE("the memo prints what was saved, for a visitor at the desk", "[gui][messages][memo]")
{
    DemoServer d;
    d.at(10, 0);
    auto reception = d.staff(u"admin1"_s, 1);
    reception->ok(u"visit.issue"_s, {{u"queueCode"_s, u"consult"_s},
                                     {u"purpose"_s, u"Договор"_s},
                                     {u"accountNumber"_s, u"5550001112"_s}});
    QTemporaryDir pdf;
    okno::Client client;
    okno::ConsultantWindow w(&client, pdf.path());
    w.show();
    client.connectToServer(u"127.0.0.1"_s, d.server.port(), {u"consult1"_s, u"okno-demo"_s, 0, 2});
    REQUIRE(waitUntil([&] { return client.isReady() && child<QComboBox>(w, "topic")->count() > 0; }));
    auto *message = child<QLabel>(w, "message");

    // No visitor: no memo.
    w.findChild<QPushButton *>(u"printMemo"_s)->setEnabled(true); // even if someone reaches it
    QMetaObject::invokeMethod(child<QPushButton>(w, "printMemo"), "click");
    CHECK(message->text().contains(u"Нет посетителя"_s));
    CHECK(w.lastPdf().isEmpty());

    child<QPushButton>(w, "callNext")->click();
    REQUIRE(waitUntil([&] { return child<QLabel>(w, "currentVisitor")->text().startsWith(u"К-001"_s); }));
    child<QPushButton>(w, "start")->click();
    REQUIRE(waitUntil([&] { return child<QPushButton>(w, "routeCashier")->isEnabled(); }));
    // The topic follows the purpose reception recorded.
    CHECK(child<QComboBox>(w, "topic")->currentData().toString() == u"contract"_s);

    // A refused save: the memo is not printed from the unsaved form.
    child<QLineEdit>(w, "appealNumber")->setText(QString(60, u'9')); // longer than the server takes
    child<QPushButton>(w, "saveConsultation")->click();
    REQUIRE(waitUntil([&] { return message->text().contains(u"Проверьте"_s); }));
    child<QPushButton>(w, "printMemo")->click();
    CHECK(message->text().contains(u"Сначала сохраните"_s));
    CHECK(w.lastPdf().isEmpty());

    // Saved: the memo prints, with what was saved.
    child<QLineEdit>(w, "appealNumber")->clear();
    child<QPlainTextEdit>(w, "notes")->setPlainText(u"Разъяснён перечень документов."_s);
    child<QPushButton>(w, "saveConsultation")->click();
    REQUIRE(waitUntil([&] { return message->text() == u"Талон консультации сохранён."_s; }));
    // Changed after saving and not saved again: the memo still says what was recorded.
    child<QPlainTextEdit>(w, "notes")->setPlainText(u"Не сохранённый текст."_s);
    child<QPushButton>(w, "printMemo")->click();
    INFO(message->text().toStdString());
    REQUIRE(waitUntil([&] { return !w.lastPdf().isEmpty(); }));
    QProcess p;
    p.start(u"pdftotext"_s, {u"-layout"_s, w.lastPdf(), u"-"_s});
    REQUIRE(p.waitForFinished(20000));
    const QString memo = QString::fromUtf8(p.readAllStandardOutput());
    CHECK(memo.contains(u"Разъяснён перечень документов."_s));
    CHECK_FALSE(memo.contains(u"Не сохранённый"_s));
}

TEST_CASE("the consultant's header counts those waiting for its own desk, live", "[gui][consultant][stale]")
{
    DemoServer d;
    d.at(10, 0);
    auto reception = d.staff(u"admin1"_s, 1);
    for (const QString &queue : {u"cash"_s, u"cash"_s, u"reception"_s, u"consult"_s})
        reception->ok(u"visit.issue"_s, {{u"queueCode"_s, queue}});
    QTemporaryDir pdf;
    okno::Client client;
    okno::ConsultantWindow w(&client, pdf.path());
    w.show();
    client.connectToServer(u"127.0.0.1"_s, d.server.port(), {u"consult1"_s, u"okno-demo"_s, 0, 2});
    auto *waiting = child<QLabel>(w, "waitingCount");
    REQUIRE(waitUntil([&] { return client.isReady() && waiting->text() == u"В очереди: 1"_s; }));
    // A new ticket for the consultant is counted as it is issued; one for the cash desk is not.
    reception->ok(u"visit.issue"_s, {{u"queueCode"_s, u"consult"_s}});
    reception->ok(u"visit.issue"_s, {{u"queueCode"_s, u"cash"_s}});
    CHECK(waitUntil([&] { return waiting->text() == u"В очереди: 2"_s; }));
}
