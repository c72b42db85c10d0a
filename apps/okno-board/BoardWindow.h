#pragma once

#include "BoardState.h"

#include <client/Client.h>

#include <QElapsedTimer>
#include <QMainWindow>
#include <QPointer>
#include <QTimer>

class QFrame;
class QGraphicsOpacityEffect;
class QHBoxLayout;
class QLabel;
class QSoundEffect;
class QStackedWidget;

namespace okno {

// The hall board (табло в зале): full screen, readable across the hall. It shows the tickets
// being called and their desks («К-015 → окно 3»), the last calls, how many wait in each queue,
// today's hours, and — when the centre is not open — a full-screen «Перерыв на обед до 13:00» /
// «Центр закрыт». A new call chimes once (where there is sound). It decides nothing: what it
// shows is BoardState's reading of the server's snapshot and events.
class BoardWindow final : public QMainWindow
{
    Q_OBJECT

public:
    struct Options
    {
        bool muted = false;
        int maxCurrent = 4; // rows of "now calling"
        int maxRecent = 8;  // rows of "last calls"
    };

    explicit BoardWindow(Client *client, Options options, QWidget *parent = nullptr);
    explicit BoardWindow(Client *client, QWidget *parent = nullptr);
    ~BoardWindow() override;

    const BoardState &state() const { return m_state; }
    // How often the server's clock is read again (`ping`); tests of a moved test clock shorten it.
    void setClockSyncInterval(int ms);
    // The server's clock as the board estimates it (UTC).
    QDateTime serverNow() const;
    bool hasSound() const { return m_chime != nullptr; }
    bool isDimmed() const;

Q_SIGNALS:
    // A new call: the chime rings (unless muted or there is no sound device), once per call.
    void callAnnounced(const QString &ticket, int deskNumber);

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    struct CallRow
    {
        QFrame *frame = nullptr;
        QLabel *ticket = nullptr;
        QLabel *arrow = nullptr;
        QLabel *desk = nullptr;
    };
    struct QueueTile
    {
        QFrame *frame = nullptr;
        QLabel *name = nullptr;
        QLabel *count = nullptr;
    };

    void buildUi();
    QLabel *label(const QString &objectName, int px, bool bold = false, const QString &role = {});
    CallRow callRow(const QString &objectName, int px);
    void setServerTime(const QDateTime &serverTime, qint64 sentAtMs);
    void handleStateChanged(Client::State state);
    void handleEvent(const QString &type, qint64 seq, const QDateTime &at, const QJsonObject &payload);
    void reload();
    void syncClock();
    void handleTick();
    void render();
    void renderCalls();
    void renderWaiting();
    void setDimmed(bool dimmed);
    void scaleFonts();
    void announce(const QList<BoardCall> &calls);

    Client *m_client;
    Options m_options;
    BoardState m_state;
    QElapsedTimer m_elapsed;    // the monotonic local clock
    QDateTime m_serverAtSync;   // the server's time at the last sync …
    qint64 m_elapsedAtSync = 0; // … and the local clock then
    bool m_loading = false;     // a `status` is on its way
    QTimer m_tick;
    QTimer m_sync;
    QSoundEffect *m_chime = nullptr;

    QList<QPair<QPointer<QWidget>, int>> m_scaled; // widgets and their font size (px) at 1080 rows
    QWidget *m_content = nullptr;
    QGraphicsOpacityEffect *m_dim = nullptr;
    QLabel *m_centreName = nullptr;
    QLabel *m_hours = nullptr;
    QLabel *m_clock = nullptr;
    QLabel *m_date = nullptr;
    QStackedWidget *m_pages = nullptr;
    QWidget *m_callsPage = nullptr;
    QWidget *m_noticePage = nullptr;
    QLabel *m_idle = nullptr;
    QList<CallRow> m_current;
    QList<CallRow> m_recent;
    QLabel *m_noRecent = nullptr;
    QFrame *m_footer = nullptr;
    QLabel *m_ticketsNote = nullptr;
    QHBoxLayout *m_tilesLayout = nullptr;
    QList<QueueTile> m_tiles;
    QList<Id> m_tileQueues;
    QLabel *m_noticeHeadline = nullptr;
    QLabel *m_noticeDetail = nullptr;
    QLabel *m_noticeNote = nullptr;
};

} // namespace okno
