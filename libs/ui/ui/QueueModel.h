#pragma once

#include <core/Organisation.h>
#include <core/Visit.h>

#include <QAbstractTableModel>
#include <QDateTime>
#include <QHash>
#include <QJsonObject>

namespace okno::ui {

// The live visits of a centre as a table: loaded from a `status` snapshot, kept current by
// visit events (each replaces the visit with the same id; a closed visit leaves the table).
class QueueModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        Ticket,
        QueueName,
        Priority,
        Waiting,
        State,
        Desk,
        ColumnCount
    };
    enum Roles
    {
        VisitIdRole = Qt::UserRole + 1
    };

    explicit QueueModel(QObject *parent = nullptr);

    void loadSnapshot(const QJsonObject &status); // a `status` result
    void applyVisit(const Visit &visit);
    void setServerOffsetMs(qint64 offset) { m_offsetMs = offset; }

    const Visit *visitAt(int row) const;
    int waitingIn(Id queueId) const;
    QString queueName(Id queueId) const { return m_queues.value(queueId).name; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    QList<Visit> m_visits;
    QHash<Id, Queue> m_queues;
    QHash<Id, int> m_deskNumbers;
    QHash<QString, QString> m_priorityTitles;
    qint64 m_offsetMs = 0;
};

} // namespace okno::ui
