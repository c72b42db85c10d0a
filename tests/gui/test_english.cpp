// With the English translation loaded (`--lang en`), what the core gives as codes reads English on
// screen — roles, outcomes, consumer groups, why no ticket is issued — while
// the visitor's paper stays Russian. The real windows against a real server.
#include "../integration/Fixture.h"

#include <ConsultantWindow.h>
#include <DashboardWindow.h>
#include <ui/DomainText.h>

#include <QComboBox>
#include <QSettings>
#include <QTableView>
#include <QTranslator>

namespace {

template <typename T> T *child(QWidget &w, const char *name)
{
    T *c = w.findChild<T *>(QString::fromLatin1(name));
    INFO("widget " << name);
    REQUIRE(c != nullptr);
    return c;
}

QStringList itemTexts(QComboBox *box)
{
    QStringList out;
    for (int i = 0; i < box->count(); ++i)
        out.append(box->itemText(i));
    return out;
}

// The translation the apps load for `--lang en`, for the length of one test case.
struct English
{
    QTranslator translator;
    English()
    {
        REQUIRE(translator.load(u":/i18n/okno_en.qm"_s));
        REQUIRE(QCoreApplication::installTranslator(&translator));
    }
    ~English() { QCoreApplication::removeTranslator(&translator); }
};

bool hasCyrillic(const QString &s)
{
    return std::any_of(s.cbegin(), s.cend(), [](QChar c) { return c.script() == QChar::Script_Cyrillic; });
}

} // namespace

using namespace okno;

TEST_CASE("English: the consultant's outcomes and consumer groups, the dashboard's stage roles",
          "[gui][translations]")
{
    English english;
    DemoServer d;
    d.at(10, 0);

    okno::Client consultantClient;
    ConsultantWindow consultant(&consultantClient, {});
    consultant.show();
    consultantClient.connectToServer(u"127.0.0.1"_s, d.server.port(), {u"consult1"_s, u"okno-demo"_s, 0, 2});
    REQUIRE(waitUntil([&] { return consultantClient.isReady(); }));
    CHECK(itemTexts(child<QComboBox>(consultant, "consumerGroup")) ==
          QStringList{u"Individual"_s, u"Sole proprietor"_s, u"Legal entity"_s});
    CHECK(itemTexts(child<QComboBox>(consultant, "outcome")) ==
          QStringList{u"Issue resolved"_s, u"Follow-up visit needed"_s, u"Written appeal registered"_s});
    // The codes behind them are what is sent.
    CHECK(child<QComboBox>(consultant, "outcome")->itemData(1).toString() == u"follow_up"_s);

    QSettings().remove(u"dashboard"_s);
    okno::Client managerClient;
    DashboardWindow dashboard(&managerClient);
    dashboard.resize(1366, 768);
    dashboard.show();
    managerClient.connectToServer(u"127.0.0.1"_s, d.server.port(), {u"manager"_s, u"okno-demo"_s, 0, 0});
    auto *roles = child<QTableView>(dashboard, "rolesTable");
    REQUIRE(waitUntil([&] { return managerClient.isReady() && roles->model()->rowCount() == 3; }));
    QStringList roleNames;
    for (int r = 0; r < 3; ++r)
        roleNames.append(roles->model()->index(r, 0).data().toString());
    CHECK(roleNames == QStringList{u"Administrator"_s, u"Consultant"_s, u"Cash desk"_s});
    CHECK(itemTexts(child<QComboBox>(dashboard, "hoursRole")) ==
          QStringList{u"All stages"_s, u"Administrator"_s, u"Consultant"_s, u"Cash desk"_s});
}

TEST_CASE("English: every code's words are English on screen and Russian on paper", "[gui][translations]")
{
    English english;
    using ui::DomainText;
    namespace paper = ui::documentText;

    for (Role r : allRoles())
        CHECK_FALSE(hasCyrillic(DomainText::role(r)));
    CHECK(DomainText::role(Role::Cashier) == u"Operator (cashier)"_s);
    for (StageRole r : allStageRoles())
        CHECK_FALSE(hasCyrillic(DomainText::stageRole(r)));
    for (auto s : {StageState::Waiting, StageState::Called, StageState::InService, StageState::Done,
                   StageState::NoShow, StageState::Postponed, StageState::Transferred, StageState::Cancelled})
        CHECK_FALSE(hasCyrillic(DomainText::stageState(s)));
    for (auto g : {ConsumerGroup::Household, ConsumerGroup::Entrepreneur, ConsumerGroup::LegalEntity}) {
        const QStringList screen = DomainText::contractDocuments(g);
        const QStringList printed = paper::contractDocuments(g);
        REQUIRE(screen.size() == printed.size());
        for (qsizetype i = 0; i < screen.size(); ++i) {
            CHECK_FALSE(hasCyrillic(screen[i]));
            CHECK(hasCyrillic(printed[i]));
        }
    }
    CHECK(paper::consumerGroup(ConsumerGroup::LegalEntity) == u"Юридическое лицо"_s);
    CHECK(paper::consultationOutcome(ConsultationOutcome::FollowUp) == u"Требуется повторное обращение"_s);
    CHECK(paper::paymentMethod(PaymentMethod::Card) == u"картой"_s);
    CHECK(DomainText::paymentMethod(PaymentMethod::Card) == u"by card"_s);

    // Why no ticket is issued, from the core's code and the centre's schedule.
    Schedule s;
    s.setException({QDate(2026, 11, 4), DayHours::closed(), u"День народного единства"_s});
    const auto at = [&](int month, int day, int h, int m) {
        const QDateTime t = DemoServer::moscow(QDate(2026, month, day), h, m).toUTC();
        return DomainText::refusal(s.ticketRefusalAt(t), s, t);
    };
    CHECK(at(11, 23, 12, 10) == u"Lunch break until 13:00 — tickets are issued again today at 13:00"_s);
    CHECK(
        at(11, 23, 16, 50) ==
        u"No more tickets today, the centre is open until 17:00 — tickets are issued again tomorrow at 08:00"_s);
    CHECK(at(11, 21, 10, 0) == u"Closed today — tickets are issued again on Monday, 23 November, at 08:00"_s);
    // The holiday's note is the centre's own data: it stays as the company wrote it.
    CHECK(at(11, 4, 10, 0) ==
          u"Not a working day: День народного единства — tickets are issued again tomorrow at 08:00"_s);
    CHECK(at(11, 23, 7, 30) == u"The centre opens at 08:00 — tickets are issued again today at 08:00"_s);
    CHECK(at(11, 23, 10, 0).isEmpty());

    // Why the server ended a session (session.revoked), a code this version does not know too.
    for (const QString &reason :
         {u"deactivated"_s, u"role_changed"_s, u"centre_changed"_s, u"login_changed"_s, u"password_changed"_s,
          u"changed"_s, u"something_newer"_s})
        CHECK_FALSE(hasCyrillic(DomainText::sessionRevoked(reason)));
    CHECK(DomainText::sessionRevoked(u"password_changed"_s) ==
          u"The password was changed — please log in again"_s);
    CHECK(DomainText::sessionRevoked(u"deactivated"_s) ==
          u"The account was deactivated by an administrator"_s);
}
