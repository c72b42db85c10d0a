#include "ServingDesk.h"
#include "WaitCheck.h"

#include "FittedLabel.h"
#include "Guarded.h"
#include "NormTimer.h"

#include <protocol/Ops.h>

#include <QHBoxLayout>
#include <QJsonArray>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QShortcut>
#include <QVBoxLayout>

namespace okno::ui {

namespace ops = protocol::ops;

ServingDesk::ServingDesk(Client *client, StageRole role, QWidget *parent)
    : QGroupBox(tr("Моё окно"), parent)
    , m_client(client)
    , m_role(role)
{
    m_layout = new QVBoxLayout(this);
    // The visitor's lines keep their room whatever they say (FittedLabel): the buttons below them
    // never move when a long name wraps or a visitor has no priority category.
    m_label = new FittedLabel(2);
    m_label->setObjectName(QStringLiteral("currentVisitor"));
    m_label->setStyleSheet(QStringLiteral("font-size:20pt; font-weight:700;"));
    m_layout->addWidget(m_label);
    m_purpose = new FittedLabel(1);
    m_purpose->setObjectName(QStringLiteral("visitorPurpose"));
    m_purpose->setStyleSheet(QStringLiteral("font-size:13pt;"));
    m_layout->addWidget(m_purpose);
    // The priority category the visitor claimed (at the kiosk or at reception): staff check the
    // document before serving them first.
    m_priority = new FittedLabel(3);
    m_priority->setObjectName(QStringLiteral("visitorPriority"));
    m_priority->setStyleSheet(QStringLiteral("font-size:12pt; font-weight:700; color:#8d4f00;"));
    m_layout->addWidget(m_priority);
    m_wait = new NormTimer(tr("Ожидание"));
    m_wait->setObjectName(QStringLiteral("waitTimer"));
    m_service = new NormTimer(tr("Приём"));
    m_service->setObjectName(QStringLiteral("serviceTimer"));
    m_layout->addWidget(m_wait);
    m_layout->addWidget(m_service);
    m_callNext = addButton(tr("Вызвать следующего"), QStringLiteral("F5"), "callNext", [this] {
        m_client->callNext(guarded(this, [this](const Result<Visit> &r) {
            if (!r)
                return Q_EMIT failed(r.error());
            Q_EMIT visitChanged(*r);
            setCurrent(*r);
        }));
    });
    m_recall =
        addButton(tr("Повторить вызов"), QStringLiteral("F6"), "recall", [this] { act(ops::VisitRecall); });
    m_start = addButton(tr("Начать приём"), QStringLiteral("F7"), "start", [this] { act(ops::VisitStart); });
    m_finish =
        addButton(tr("Завершить приём"), QStringLiteral("F8"), "finish", [this] { act(ops::VisitFinish); });
    m_routeInsertAt = m_layout->count();
    m_noShow = addButton(tr("Не подошёл"), QStringLiteral("F9"), "noShow", [this] {
        if (!m_current)
            return;
        // The visit's stage is closed for good: the visitor would need a new ticket.
        if (confirm(tr("Не подошёл"),
                    tr("Отметить, что посетитель %1 не подошёл? Талон будет закрыт, вернуть его в "
                       "очередь будет нельзя.")
                        .arg(m_current->currentStage()->ticket)))
            act(ops::VisitNoShow);
    });
    // What concerns the desk rather than the visitor: side by side at the bottom, away from the
    // visitor's buttons (and a row less on a 768-pixel screen).
    m_deskRow = new QHBoxLayout;
    m_break = addButton(
        tr("Перерыв"), QString(), "breakDesk",
        [this] {
            const bool onBreak = m_break->property("onBreak").toBool();
            m_client->call(onBreak ? QString(ops::DeskResume) : QString(ops::DeskBreak), {},
                           guarded(this,
                                   [this, onBreak](const Result<QJsonObject> &r) {
                                       if (!r)
                                           return Q_EMIT failed(r.error());
                                       m_break->setProperty("onBreak", !onBreak);
                                       m_break->setText(onBreak ? tr("Перерыв") : tr("Вернуться с перерыва"));
                                   }),
                           true);
        },
        m_deskRow);
    addButton(
        tr("Завершить смену"), QString(), "endShift",
        [this] {
            if (!confirm(
                    tr("Завершить смену"),
                    tr("Завершить смену? Окно будет закрыто для посетителей, программа завершит работу.")))
                return;
            m_client->call(ops::DeskClose, {},
                           guarded(this,
                                   [this](const Result<QJsonObject> &r) {
                                       if (!r)
                                           return Q_EMIT failed(r.error());
                                       Q_EMIT shiftEnded();
                                   }),
                           true);
        },
        m_deskRow);
    m_layout->addStretch();
    m_layout->addLayout(m_deskRow);
    showCurrent();
    updateButtons();
}

QPushButton *ServingDesk::addButton(const QString &text, const QString &key, const char *objectName,
                                    std::function<void()> slot, QBoxLayout *into)
{
    auto *b = new QPushButton(key.isEmpty() ? text : text + QStringLiteral("  [") + key + QLatin1Char(']'));
    b->setObjectName(QString::fromLatin1(objectName));
    b->setMinimumHeight(36);
    connect(b, &QPushButton::clicked, this, slot);
    if (!key.isEmpty()) {
        auto *shortcut = new QShortcut(QKeySequence(key), this);
        shortcut->setContext(Qt::WindowShortcut);
        connect(shortcut, &QShortcut::activated, b, &QPushButton::click);
    }
    m_buttons.append(b);
    (into ? into : m_layout)->addWidget(b);
    return b;
}

void ServingDesk::addRouteButton(const QString &text, const QString &queueCode, const QString &key,
                                 const char *objectName)
{
    QPushButton *b = addButton(text, key, objectName, [this, queueCode] {
        const auto route = [this, queueCode] {
            act(ops::VisitRoute, {{QStringLiteral("queueCode"), queueCode}});
        };
        if (!m_current)
            return route(); // says what is missing
        // Sent on into a wait past closing: the person at the desk says so to the visitor first.
        WaitCheck::thenRun(this, m_client, m_centre, m_serverOffsetMs, queueCode, m_current->isPriority(),
                           route);
    });
    m_layout->removeWidget(b);
    m_layout->insertWidget(m_routeInsertAt++, b);
    m_routes.append(b);
    updateButtons();
}

QString ServingDesk::priorityTitle(const QJsonObject &centre, const QString &code)
{
    for (const auto &p : centre.value(QStringLiteral("priorityCategories")).toArray())
        if (p.toObject().value(QStringLiteral("code")).toString() == code)
            return p.toObject().value(QStringLiteral("title")).toString();
    return code;
}

bool ServingDesk::confirm(const QString &title, const QString &question)
{
    // «Нет» is the default: Enter or Esc pressed by habit changes nothing.
    return QMessageBox::question(this, title, question, QMessageBox::Yes | QMessageBox::No,
                                 QMessageBox::No) == QMessageBox::Yes;
}

void ServingDesk::setContext(const QJsonObject &centre, Id deskId, qint64 serverOffsetMs)
{
    m_centre = centre;
    m_deskId = deskId;
    m_serverOffsetMs = serverOffsetMs;
    m_wait->setServerOffsetMs(serverOffsetMs);
    m_service->setServerOffsetMs(serverOffsetMs);
    showCurrent(); // the categories' names may have changed
}

void ServingDesk::setServerAvailable(bool ready)
{
    m_ready = ready;
    updateButtons();
}

void ServingDesk::updateButtons()
{
    // What the server would accept for the visitor at this desk, and nothing else.
    const Stage *s = m_current ? m_current->currentStage() : nullptr;
    const bool called = s && s->state == StageState::Called;
    const bool inService = s && s->state == StageState::InService;
    for (QPushButton *b : std::as_const(m_buttons))
        b->setEnabled(m_ready);
    m_recall->setEnabled(m_ready && called);
    m_start->setEnabled(m_ready && called);
    m_noShow->setEnabled(m_ready && called);
    m_finish->setEnabled(m_ready && inService);
    for (QPushButton *b : std::as_const(m_routes))
        b->setEnabled(m_ready && inService);
}

void ServingDesk::act(const QString &op, const QJsonObject &extra)
{
    if (!m_current)
        return Q_EMIT failed(makeError(ErrorCode::InvalidTransition, tr("Сначала вызовите посетителя.")));
    m_client->visitAction(op, m_current->id,
                          guarded(this,
                                  [this](const Result<Visit> &r) {
                                      if (!r)
                                          return Q_EMIT failed(r.error());
                                      Q_EMIT visitChanged(*r);
                                      applyVisit(*r);
                                  }),
                          extra);
}

void ServingDesk::applyVisit(const Visit &v)
{
    if (!m_current || m_current->id != v.id)
        return;
    const Stage *s = v.currentStage();
    const bool stillHere =
        s && s->deskId == m_deskId && (s->state == StageState::Called || s->state == StageState::InService);
    setCurrent(stillHere ? std::optional<Visit>(v) : std::nullopt);
}

void ServingDesk::adopt(const std::optional<Visit> &v)
{
    setCurrent(v);
}

void ServingDesk::setCurrent(const std::optional<Visit> &v)
{
    m_current = v;
    showCurrent();
    updateButtons();
    Q_EMIT currentChanged(v);
}

void ServingDesk::showCurrent()
{
    const std::optional<Visit> &v = m_current;
    if (!v) {
        m_label->setFullText(tr("Нет посетителя"));
        m_purpose->setFullText({});
        m_priority->setFullText({});
        m_wait->stop();
        m_service->stop();
        return;
    }
    const Stage &s = *v->currentStage();
    QString text = s.ticket;
    if (!v->customerName.isEmpty())
        text += QStringLiteral(" · ") + v->customerName;
    m_label->setFullText(text);
    m_purpose->setFullText(v->purpose);
    // The reminder first: a long category name is what gets elided, never the check.
    m_priority->setFullText(
        v->isPriority() ? tr("Льгота — проверьте документ: %1").arg(priorityTitle(m_centre, v->priority))
                        : QString());
    const QJsonObject norm =
        m_centre.value(QStringLiteral("norms")).toObject().value(stageRoleName(m_role)).toObject();
    if (s.state == StageState::Called) {
        m_wait->start(s.queuedAt, norm.value(QStringLiteral("waitMinutes")).toInt());
        m_service->stop();
    } else {
        m_wait->stop();
        m_service->start(s.startedAt, norm.value(QStringLiteral("serviceMinutes")).toInt());
    }
}

} // namespace okno::ui
