#pragma once

#include <client/Client.h>
#include <core/Visit.h>

#include <QGroupBox>
#include <QJsonObject>

#include <optional>

class QBoxLayout;
class QHBoxLayout;
class QLabel;
class QPushButton;
class QVBoxLayout;

namespace okno::ui {

class FittedLabel;
class NormTimer;

// "My desk", the same in every serving terminal: the current visitor, the wait and service
// timers against the norm of the desk's stage role, and one key per action — call next (F5),
// recall (F6), start (F7), finish (F8), no-show (F9), routes on (added per terminal), break,
// end of shift. Each button is one request; the panel shows what the server answers. A button is
// enabled only when its action is possible for the current visitor; what cannot be undone (no-show,
// the end of the shift) is confirmed first. The visitor's lines take a fixed room, so the buttons
// stay where the hand expects them whatever the name.
class ServingDesk final : public QGroupBox
{
    Q_OBJECT

public:
    ServingDesk(Client *client, StageRole role, QWidget *parent = nullptr);

    // The centre (from `status`) for its norms, this session's desk, the server clock offset.
    void setContext(const QJsonObject &centre, Id deskId, qint64 serverOffsetMs);
    // Adds "route on" to a queue (by code) with a shortcut.
    void addRouteButton(const QString &text, const QString &queueCode, const QString &key,
                        const char *objectName);
    // A visit changed (an event or an answer): follows the current visitor.
    void applyVisit(const Visit &v);
    // After a snapshot: the visit called or served at this desk, if any.
    void adopt(const std::optional<Visit> &v);

    const std::optional<Visit> &current() const { return m_current; }
    const QList<QPushButton *> &serverButtons() const { return m_buttons; }
    void setServerAvailable(bool ready);
    // The centre's name for a priority category code (the code itself when the centre has none).
    static QString priorityTitle(const QJsonObject &centre, const QString &code);

Q_SIGNALS:
    void currentChanged(const std::optional<okno::Visit> &visit);
    void failed(const okno::Error &error);
    void visitChanged(const okno::Visit &visit);
    void shiftEnded();

private:
    // A button for the visitor at the desk (in the column), or for the desk itself (`into`
    // m_deskRow).
    QPushButton *addButton(const QString &text, const QString &key, const char *objectName,
                           std::function<void()> slot, QBoxLayout *into = nullptr);
    void act(const QString &op, const QJsonObject &extra = {});
    void setCurrent(const std::optional<Visit> &v);
    void showCurrent();
    void updateButtons();
    bool confirm(const QString &title, const QString &question);

    Client *m_client;
    StageRole m_role;
    QJsonObject m_centre;
    Id m_deskId = 0;
    std::optional<Visit> m_current;
    bool m_ready = false;
    FittedLabel *m_label = nullptr;
    FittedLabel *m_purpose = nullptr;
    FittedLabel *m_priority = nullptr;
    NormTimer *m_wait = nullptr;
    NormTimer *m_service = nullptr;
    QVBoxLayout *m_layout = nullptr;
    qint64 m_serverOffsetMs = 0;
    QHBoxLayout *m_deskRow = nullptr; // break, end of shift: side by side, at the bottom
    QPushButton *m_break = nullptr;
    QPushButton *m_callNext = nullptr;
    QPushButton *m_recall = nullptr;
    QPushButton *m_start = nullptr;
    QPushButton *m_finish = nullptr;
    QPushButton *m_noShow = nullptr;
    QList<QPushButton *> m_routes;
    QList<QPushButton *> m_buttons;
    int m_routeInsertAt = 0;
};

} // namespace okno::ui
