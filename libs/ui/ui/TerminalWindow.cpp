#include "TerminalWindow.h"

#include "ConnectionBanner.h"
#include "DomainText.h"
#include "ErrorText.h"
#include "Guarded.h"
#include "LoginDialog.h"
#include "TerminalOptions.h"

#include <protocol/Codec.h>
#include <protocol/Ops.h>

#include <QHBoxLayout>
#include <QJsonArray>
#include <QLabel>
#include <QTimeZone>
#include <QVBoxLayout>

namespace okno::ui {

namespace ops = protocol::ops;

TerminalWindow::TerminalWindow(Client *client, const QString &title, QWidget *parent)
    : QMainWindow(parent)
    , m_client(client)
{
    setWindowTitle(title);
    auto *central = new QWidget;
    auto *root = new QVBoxLayout(central);
    root->addWidget(new ConnectionBanner(m_client));
    m_top = new QHBoxLayout;
    m_badge = new QLabel;
    m_badge->setObjectName(QStringLiteral("badge"));
    m_badge->setStyleSheet(QStringLiteral("font-size:13pt; font-weight:600;"));
    m_top->addWidget(m_badge, 1);
    root->addLayout(m_top);
    m_columns = new QHBoxLayout;
    root->addLayout(m_columns, 1);
    m_message = new QLabel;
    m_message->setObjectName(QStringLiteral("message"));
    m_message->setWordWrap(true);
    root->addWidget(m_message);
    setCentralWidget(central);
    connect(m_client, &Client::ready, this, &TerminalWindow::handleReady);
    connect(m_client, &Client::snapshotRequired, this, &TerminalWindow::reload);
    connect(m_client, &Client::sessionRevoked, this, &TerminalWindow::handleRevoked);
    // A refusal stays on the line only until the next change the server accepts: then it is stale.
    connect(m_client, &Client::changeAccepted, this, [this] {
        if (m_showingError) {
            m_showingError = false;
            m_message->clear();
            m_message->setToolTip({});
        }
    });
    m_client->setSubscribed(true);
    // Every staff terminal works at a desk.
    m_loginPrompt = new LoginPrompt(m_client, this, true);
}

void TerminalWindow::handleRevoked(const QString &reason)
{
    // Nobody is logged in here any more: the badge goes, the reason stays until the next login.
    m_badge->clear();
    m_staff = QJsonObject();
    m_deskId = 0;
    m_deskNumber = 0;
    m_message->setStyleSheet(QStringLiteral("color:#c62828; font-size:12pt; font-weight:600;"));
    m_message->setText(DomainText::sessionRevoked(reason));
    m_message->setProperty("revoked", true);
}

void TerminalWindow::handleReady(const QJsonObject &session)
{
    if (m_message->property("revoked").toBool())
        m_message->clear(); // logged in again: the old session's end is history
    m_message->setProperty("revoked", false);
    m_staff = session.value(QStringLiteral("staff")).toObject();
    m_deskId = Id(session.value(QStringLiteral("deskId")).toDouble());
    const int number =
        session.value(QStringLiteral("desk")).toObject().value(QStringLiteral("number")).toInt();
    m_deskNumber = number;
    m_badge->setText(m_staff.value(QStringLiteral("fullName")).toString() + QStringLiteral(" — ") +
                     m_staff.value(QStringLiteral("position")).toString() +
                     (number ? tr(", окно %1").arg(number) : QString()));
    // The desk is opened (again) on every login: a no-op if it is open already for this person.
    if (m_deskId)
        m_client->call(
            ops::DeskOpen, {}, [](const Result<QJsonObject> &) {}, true);
    reload();
}

void TerminalWindow::reload()
{
    m_client->call(ops::StatusQuery, {}, guarded(this, [this](const Result<QJsonObject> &r) {
                       if (!r)
                           return showError(r.error());
                       const QDateTime server = QDateTime::fromString(
                           r->value(QStringLiteral("serverTime")).toString(), Qt::ISODateWithMs);
                       m_serverOffsetMs = QDateTime::currentDateTimeUtc().msecsTo(server);
                       m_centre = r->value(QStringLiteral("centre")).toObject();
                       statusLoaded(*r);
                       reportReady(this);
                   }));
}

std::optional<Visit> TerminalWindow::visitAtMyDesk(const QJsonObject &status) const
{
    if (!m_deskId)
        return std::nullopt;
    for (const auto &vj : status.value(QStringLiteral("visits")).toArray()) {
        auto v = protocol::visitFromJson(vj.toObject());
        if (!v || !v->currentStage())
            continue;
        const Stage &s = *v->currentStage();
        if (s.deskId == m_deskId && (s.state == StageState::Called || s.state == StageState::InService))
            return *v;
    }
    return std::nullopt;
}

QDateTime TerminalWindow::inCentreTime(const QDateTime &utc) const
{
    const QTimeZone zone(m_centre.value(QStringLiteral("schedule"))
                             .toObject()
                             .value(QStringLiteral("timeZone"))
                             .toString()
                             .toUtf8());
    return utc.toTimeZone(zone.isValid() ? zone : QTimeZone::systemTimeZone());
}

void TerminalWindow::showError(const Error &e)
{
    if (m_client->isSessionRevoked())
        return; // what failed failed because the session ended: its reason stays on the line
    m_message->setStyleSheet(QStringLiteral("color:#c62828; font-size:12pt;"));
    m_showingError = true;
    m_message->setText(errorText(e));
    // The code on screen for the IT administrator; the server's own (English) words in the log.
    m_message->setToolTip(errorHint(e));
    qWarning("%s", qUtf8Printable(errorDetail(e)));
}

void TerminalWindow::showProblem(const QString &text)
{
    m_message->setStyleSheet(QStringLiteral("color:#c62828; font-size:12pt;"));
    m_showingError = true;
    m_message->setText(text);
    m_message->setToolTip({});
}

void TerminalWindow::showInfo(const QString &text)
{
    m_message->setProperty("revoked", false);
    m_message->setStyleSheet(QStringLiteral("color:#1e6b34; font-size:12pt;"));
    m_showingError = false;
    m_message->setText(text);
    m_message->setToolTip({});
}

} // namespace okno::ui
