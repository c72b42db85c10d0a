#include "QueueModel.h"

#include "DomainText.h"

#include <protocol/Codec.h>

#include <QBrush>
#include <QColor>
#include <QCoreApplication>
#include <QJsonArray>

namespace okno::ui {

QueueModel::QueueModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void QueueModel::loadSnapshot(const QJsonObject &status)
{
    beginResetModel();
    m_visits.clear();
    m_queues.clear();
    m_deskNumbers.clear();
    m_priorityTitles.clear();
    for (const auto &q : status.value(QStringLiteral("queues")).toArray())
        if (auto queue = protocol::queueFromJson(q.toObject().value(QStringLiteral("queue")).toObject()))
            m_queues.insert(queue->id, *queue);
    for (const auto &d : status.value(QStringLiteral("desks")).toArray())
        m_deskNumbers.insert(Id(d.toObject().value(QStringLiteral("id")).toDouble()),
                             d.toObject().value(QStringLiteral("number")).toInt());
    for (const auto &p : status.value(QStringLiteral("centre"))
                             .toObject()
                             .value(QStringLiteral("priorityCategories"))
                             .toArray())
        m_priorityTitles.insert(p.toObject().value(QStringLiteral("code")).toString(),
                                p.toObject().value(QStringLiteral("title")).toString());
    for (const auto &v : status.value(QStringLiteral("visits")).toArray())
        if (auto visit = protocol::visitFromJson(v.toObject()); visit && visit->isOpen())
            m_visits.append(*visit);
    endResetModel();
}

void QueueModel::applyVisit(const Visit &visit)
{
    for (int row = 0; row < m_visits.size(); ++row) {
        if (m_visits[row].id != visit.id)
            continue;
        if (!visit.isOpen()) {
            beginRemoveRows({}, row, row);
            m_visits.removeAt(row);
            endRemoveRows();
        } else {
            m_visits[row] = visit;
            Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
        }
        return;
    }
    if (!visit.isOpen())
        return;
    beginInsertRows({}, int(m_visits.size()), int(m_visits.size()));
    m_visits.append(visit);
    endInsertRows();
}

const Visit *QueueModel::visitAt(int row) const
{
    return row >= 0 && row < m_visits.size() ? &m_visits[row] : nullptr;
}

int QueueModel::waitingIn(Id queueId) const
{
    return int(std::count_if(m_visits.cbegin(), m_visits.cend(), [&](const Visit &v) {
        return v.currentStage()->queueId == queueId && v.currentStage()->state == StageState::Waiting;
    }));
}

int QueueModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_visits.size());
}

int QueueModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant QueueModel::data(const QModelIndex &index, int role) const
{
    const Visit *v = index.isValid() ? visitAt(index.row()) : nullptr;
    if (!v || !v->currentStage())
        return {};
    const Stage &s = *v->currentStage();
    if (role == VisitIdRole)
        return QVariant::fromValue(qint64(v->id));
    if (role == Qt::BackgroundRole && v->isPriority())
        return QBrush(QColor(0xff, 0xf3, 0xe0));
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Ticket:
        return s.ticket;
    case QueueName:
        return m_queues.value(s.queueId).name;
    case Priority:
        return v->isPriority() ? m_priorityTitles.value(v->priority, v->priority) : QString();
    case Waiting: {
        const qint64 secs = s.queuedAt.secsTo(QDateTime::currentDateTimeUtc().addMSecs(m_offsetMs));
        return tr("%1 мин").arg(std::max<qint64>(0, secs) / 60);
    }
    case State:
        return DomainText::stageState(s.state);
    case Desk:
        return s.deskId ? QString::number(m_deskNumbers.value(s.deskId)) : QString();
    default:
        return {};
    }
}

QVariant QueueModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Ticket:
        return tr("Талон");
    case QueueName:
        return tr("Очередь");
    case Priority:
        return tr("Льгота");
    case Waiting:
        return tr("Ждёт");
    case State:
        return tr("Состояние");
    case Desk:
        return tr("Окно");
    default:
        return {};
    }
}

} // namespace okno::ui
