#include "ServingDesk.h"

#include "Guarded.h"
#include "NormTimer.h"

#include <protocol/Ops.h>

#include <QLabel>
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
    m_label = new QLabel(tr("Нет посетителя"));
    m_label->setObjectName(QStringLiteral("currentVisitor"));
    m_label->setStyleSheet(QStringLiteral("font-size:20pt; font-weight:700;"));
    m_label->setWordWrap(true);
    m_layout->addWidget(m_label);
    m_wait = new NormTimer(tr("Ожидание"));
    m_wait->setObjectName(QStringLiteral("waitTimer"));
    m_service = new NormTimer(tr("Приём"));
    m_service->setObjectName(QStringLiteral("serviceTimer"));
    m_layout->addWidget(m_wait);
    m_layout->addWidget(m_service);
    addButton(tr("Вызвать следующего"), QStringLiteral("F5"), "callNext", [this] {
        m_client->callNext(guarded(this, [this](const Result<Visit> &r) {
            if (!r)
                return Q_EMIT failed(r.error());
            Q_EMIT visitChanged(*r);
            setCurrent(*r);
        }));
    });
    addButton(tr("Повторить вызов"), QStringLiteral("F6"), "recall", [this] { act(ops::VisitRecall); });
    addButton(tr("Начать приём"), QStringLiteral("F7"), "start", [this] { act(ops::VisitStart); });
    addButton(tr("Завершить приём"), QStringLiteral("F8"), "finish", [this] { act(ops::VisitFinish); });
    m_routeInsertAt = m_layout->count();
    addButton(tr("Не подошёл"), QStringLiteral("F9"), "noShow", [this] { act(ops::VisitNoShow); });
    m_break = addButton(tr("Перерыв"), QString(), "breakDesk", [this] {
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
    });
    addButton(tr("Завершить смену"), QString(), "endShift", [this] {
        m_client->call(ops::DeskClose, {},
                       guarded(this,
                               [this](const Result<QJsonObject> &r) {
                                   if (!r)
                                       return Q_EMIT failed(r.error());
                                   Q_EMIT shiftEnded();
                               }),
                       true);
    });
    m_layout->addStretch();
}

QPushButton *ServingDesk::addButton(const QString &text, const QString &key, const char *objectName,
                                    std::function<void()> slot)
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
    m_layout->addWidget(b);
    return b;
}

void ServingDesk::addRouteButton(const QString &text, const QString &queueCode, const QString &key,
                                 const char *objectName)
{
    QPushButton *b = addButton(text, key, objectName, [this, queueCode] {
        act(ops::VisitRoute, {{QStringLiteral("queueCode"), queueCode}});
    });
    m_layout->removeWidget(b);
    m_layout->insertWidget(m_routeInsertAt++, b);
}

void ServingDesk::setContext(const QJsonObject &centre, Id deskId, qint64 serverOffsetMs)
{
    m_centre = centre;
    m_deskId = deskId;
    m_wait->setServerOffsetMs(serverOffsetMs);
    m_service->setServerOffsetMs(serverOffsetMs);
}

void ServingDesk::setServerAvailable(bool ready)
{
    for (QPushButton *b : std::as_const(m_buttons))
        b->setEnabled(ready);
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
    Q_EMIT currentChanged(v);
    if (!v) {
        m_label->setText(tr("Нет посетителя"));
        m_wait->stop();
        m_service->stop();
        return;
    }
    const Stage &s = *v->currentStage();
    QString text = s.ticket;
    if (!v->customerName.isEmpty())
        text += QStringLiteral(" · ") + v->customerName;
    if (!v->purpose.isEmpty())
        text += QStringLiteral("\n") + v->purpose;
    m_label->setText(text);
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
