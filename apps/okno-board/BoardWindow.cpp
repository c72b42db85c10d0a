#include "BoardWindow.h"

#include <protocol/Ops.h>
#include <ui/ConnectionBanner.h>
#include <ui/DomainText.h>
#include <ui/Guarded.h>
#include <ui/TerminalOptions.h>

#include <QFrame>
#include <QGraphicsOpacityEffect>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QResizeEvent>
#include <QStackedWidget>
#include <QStyle>
#include <QVBoxLayout>

#ifdef OKNO_BOARD_SOUND
#include <QAudioDevice>
#include <QMediaDevices>
#include <QSoundEffect>
#include <QUrl>
#endif

#include <algorithm>

namespace okno {

using namespace Qt::StringLiterals;
namespace ops = protocol::ops;
using ui::guarded;

namespace {

// High contrast for a hall: white and yellow on black; the header and tiles dark blue.
constexpr auto kStyle = R"(
QWidget#boardRoot, QWidget#boardContent { background: #000000; }
QLabel { color: #ffffff; }
QLabel[role="muted"] { color: #c9d3e3; }
QLabel[role="heading"] { color: #8fb8ff; }
QLabel[role="ticket"] { color: #ffd400; }
QLabel[role="warning"] { color: #ffb74d; }
QFrame#header { background: #0d2c66; }
QFrame[row="current"] { background: #161616; border: 2px solid #3a3a3a; border-radius: 14px; }
QFrame[row="current"][highlight="true"] { background: #ffd400; border: 2px solid #ffffff; }
QFrame[row="current"][highlight="true"] QLabel { color: #000000; }
QFrame[row="recent"] { border-bottom: 1px solid #3a3a3a; }
QFrame[tile="true"] { background: #0d2c66; border-radius: 12px; }
QFrame#footer { border-top: 2px solid #3a3a3a; }
)";

void repolish(QWidget *w)
{
    w->style()->unpolish(w);
    w->style()->polish(w);
    for (QWidget *child : w->findChildren<QWidget *>()) {
        child->style()->unpolish(child);
        child->style()->polish(child);
    }
}

} // namespace

BoardWindow::BoardWindow(Client *client, QWidget *parent)
    : BoardWindow(client, Options{}, parent)
{}

BoardWindow::BoardWindow(Client *client, Options options, QWidget *parent)
    : QMainWindow(parent)
    , m_client(client)
    , m_options(options)
{
    setWindowTitle(tr("Окно — табло"));
    m_elapsed.start();
    m_state.setLimits(m_options.maxCurrent, m_options.maxRecent);
    buildUi();

#ifdef OKNO_BOARD_SOUND
    // Where sound is available: no device (a server room, the offscreen tests) means silence.
    if (!m_options.muted && !QMediaDevices::audioOutputs().isEmpty()) {
        m_chime = new QSoundEffect(this);
        m_chime->setSource(QUrl(u"qrc:/board/chime.wav"_s));
        m_chime->setVolume(0.9f);
    }
#endif

    connect(m_client, &Client::stateChanged, this, &BoardWindow::handleStateChanged);
    connect(m_client, &Client::ready, this, [this] { reload(); });
    connect(m_client, &Client::snapshotRequired, this, &BoardWindow::reload);
    connect(m_client, &Client::eventTimed, this, &BoardWindow::handleEvent);
    connect(m_client, &Client::sessionRevoked, this, &BoardWindow::render);
    m_client->setSubscribed(true);

    m_tick.setInterval(1000);
    connect(&m_tick, &QTimer::timeout, this, &BoardWindow::handleTick);
    m_tick.start();
    m_sync.setInterval(5000);
    connect(&m_sync, &QTimer::timeout, this, &BoardWindow::syncClock);
    m_sync.start();
    handleStateChanged(m_client->state());
    render();
}

BoardWindow::~BoardWindow() = default;

QLabel *BoardWindow::label(const QString &objectName, int px, bool bold, const QString &role)
{
    auto *l = new QLabel;
    l->setObjectName(objectName);
    if (!role.isEmpty())
        l->setProperty("role", role);
    QFont f = l->font();
    f.setBold(bold);
    l->setFont(f);
    m_scaled.append({l, px});
    return l;
}

BoardWindow::CallRow BoardWindow::callRow(const QString &objectName, int px)
{
    CallRow r;
    r.frame = new QFrame;
    r.frame->setObjectName(objectName);
    const bool current = objectName.startsWith(u"currentCall"_s);
    r.frame->setProperty("row", current ? u"current"_s : u"recent"_s);
    r.frame->setProperty("highlight", false);
    auto *h = new QHBoxLayout(r.frame);
    h->setContentsMargins(current ? 28 : 8, current ? 4 : 2, current ? 28 : 8, current ? 4 : 2);
    r.ticket = label(u"ticket"_s, px, true, u"ticket"_s);
    r.arrow = label(u"arrow"_s, px * 3 / 4, false, u"muted"_s);
    r.arrow->setText(u"→"_s);
    r.arrow->setAlignment(Qt::AlignCenter);
    r.desk = label(u"desk"_s, px, true);
    r.desk->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    h->addWidget(r.ticket, 5);
    h->addWidget(r.arrow, 2);
    h->addWidget(r.desk, 5);
    r.frame->hide();
    return r;
}

void BoardWindow::buildUi()
{
    auto *root = new QWidget;
    root->setObjectName(u"boardRoot"_s);
    root->setStyleSheet(QString::fromUtf8(kStyle));
    auto *rootLayout = new QVBoxLayout(root);
    rootLayout->setContentsMargins(0, 0, 0, 0);
    rootLayout->setSpacing(0);
    rootLayout->addWidget(new ui::ConnectionBanner(m_client));

    m_content = new QWidget;
    m_content->setObjectName(u"boardContent"_s);
    m_dim = new QGraphicsOpacityEffect(m_content);
    m_dim->setOpacity(0.35);
    m_dim->setEnabled(false);
    m_content->setGraphicsEffect(m_dim);
    rootLayout->addWidget(m_content, 1);
    auto *content = new QVBoxLayout(m_content);
    content->setContentsMargins(0, 0, 0, 0);
    content->setSpacing(0);

    // --- header: the centre, today's hours, the time
    auto *header = new QFrame;
    header->setObjectName(u"header"_s);
    auto *hl = new QHBoxLayout(header);
    hl->setContentsMargins(32, 10, 32, 10);
    m_centreName = label(u"centreName"_s, 46, true);
    m_hours = label(u"todayHours"_s, 34, false, u"muted"_s);
    m_hours->setAlignment(Qt::AlignCenter);
    auto *clockBox = new QVBoxLayout;
    clockBox->setSpacing(0);
    m_clock = label(u"clock"_s, 70, true);
    m_clock->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    m_date = label(u"date"_s, 24, false, u"muted"_s);
    m_date->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    clockBox->addWidget(m_clock);
    clockBox->addWidget(m_date);
    hl->addWidget(m_centreName, 4);
    hl->addWidget(m_hours, 4);
    hl->addLayout(clockBox, 2);
    content->addWidget(header);

    m_pages = new QStackedWidget;
    m_pages->setObjectName(u"boardPages"_s);
    content->addWidget(m_pages, 1);

    // --- the calls: now calling (left), the last calls (right), who waits (below)
    m_callsPage = new QWidget;
    m_callsPage->setObjectName(u"callsPage"_s);
    auto *page = new QVBoxLayout(m_callsPage);
    page->setContentsMargins(32, 16, 32, 8);
    auto *columns = new QHBoxLayout;
    columns->setSpacing(40);
    auto *now = new QVBoxLayout;
    now->setSpacing(14);
    QLabel *nowHeading = label(u"nowHeading"_s, 40, true, u"heading"_s);
    nowHeading->setText(tr("Вызов"));
    now->addWidget(nowHeading);
    for (int i = 0; i < m_options.maxCurrent; ++i) {
        m_current.append(callRow(u"currentCall%1"_s.arg(i), 104));
        now->addWidget(m_current.last().frame);
    }
    m_idle = label(u"idle"_s, 64, false, u"muted"_s);
    m_idle->setText(tr("Ожидайте вызова"));
    m_idle->setAlignment(Qt::AlignCenter);
    now->addWidget(m_idle, 1);
    now->addStretch();
    columns->addLayout(now, 3);

    auto *recent = new QVBoxLayout;
    recent->setSpacing(4);
    QLabel *recentHeading = label(u"recentHeading"_s, 40, true, u"heading"_s);
    recentHeading->setText(tr("Последние вызовы"));
    recent->addWidget(recentHeading);
    for (int i = 0; i < m_options.maxRecent; ++i) {
        m_recent.append(callRow(u"recentCall%1"_s.arg(i), 50));
        recent->addWidget(m_recent.last().frame);
    }
    m_noRecent = label(u"noRecent"_s, 44, false, u"muted"_s);
    m_noRecent->setText(u"—"_s);
    recent->addWidget(m_noRecent);
    recent->addStretch();
    columns->addLayout(recent, 2);
    page->addLayout(columns, 1);

    m_pages->addWidget(m_callsPage);

    // --- who waits: under the calls, and under the lunch notice too (the tickets keep their place)
    m_footer = new QFrame;
    m_footer->setObjectName(u"footer"_s);
    auto *fl = new QVBoxLayout(m_footer);
    fl->setContentsMargins(32, 10, 32, 12);
    m_ticketsNote = label(u"ticketsNote"_s, 34, true, u"warning"_s);
    m_ticketsNote->setAlignment(Qt::AlignCenter);
    m_ticketsNote->hide();
    fl->addWidget(m_ticketsNote);
    m_tilesLayout = new QHBoxLayout;
    m_tilesLayout->setSpacing(24);
    QLabel *waitingHeading = label(u"waitingHeading"_s, 36, true, u"heading"_s);
    waitingHeading->setText(tr("Ожидают\nв очереди"));
    m_tilesLayout->addWidget(waitingHeading);
    fl->addLayout(m_tilesLayout);
    content->addWidget(m_footer);

    // --- the centre is not open (or the board has not heard from the server yet)
    m_noticePage = new QWidget;
    m_noticePage->setObjectName(u"noticePage"_s);
    auto *notice = new QVBoxLayout(m_noticePage);
    notice->setContentsMargins(60, 40, 60, 40);
    notice->addStretch(2);
    m_noticeHeadline = label(u"centreNotice"_s, 110, true);
    m_noticeDetail = label(u"centreNoticeDetail"_s, 66, false, u"ticket"_s);
    m_noticeNote = label(u"centreNoticeNote"_s, 44, false, u"muted"_s);
    for (QLabel *l : {m_noticeHeadline, m_noticeDetail, m_noticeNote}) {
        l->setAlignment(Qt::AlignCenter);
        l->setWordWrap(true);
        notice->addWidget(l);
        notice->addSpacing(24);
    }
    notice->addStretch(3);
    m_pages->addWidget(m_noticePage);

    setCentralWidget(root);
    scaleFonts();
}

void BoardWindow::setClockSyncInterval(int ms)
{
    m_sync.setInterval(ms);
}

QDateTime BoardWindow::serverNow() const
{
    if (!m_serverAtSync.isValid())
        return QDateTime::currentDateTimeUtc();
    return m_serverAtSync.addMSecs(m_elapsed.elapsed() - m_elapsedAtSync);
}

void BoardWindow::setServerTime(const QDateTime &serverTime, qint64 sentAtMs)
{
    if (!serverTime.isValid())
        return;
    // The answer was made about halfway between asking and hearing back.
    const qint64 nowMs = m_elapsed.elapsed();
    m_serverAtSync = serverTime.toUTC();
    m_elapsedAtSync = sentAtMs + (nowMs - sentAtMs) / 2;
}

bool BoardWindow::isDimmed() const
{
    return m_dim->isEnabled();
}

void BoardWindow::setDimmed(bool dimmed)
{
    // The last state stays on screen, dimmed, while the server is away: nothing on it is news.
    m_dim->setEnabled(dimmed);
    m_content->setProperty("dimmed", dimmed);
}

void BoardWindow::handleStateChanged(Client::State state)
{
    const bool ready = state == Client::State::Ready;
    if (auto *banner = findChild<ui::ConnectionBanner *>())
        banner->setVisible(!ready); // on the wall only when something is wrong
    if (!ready) {
        m_state.connectionLost();
        setDimmed(true);
    }
}

void BoardWindow::reload()
{
    if (!m_client->isReady())
        return;
    m_loading = true;
    const qint64 sent = m_elapsed.elapsed();
    m_client->call(ops::StatusQuery, {}, guarded(this, [this, sent](const Result<QJsonObject> &r) {
                       m_loading = false;
                       if (!r)
                           return; // tried again on the next tick
                       setServerTime(
                           QDateTime::fromString(r->value(u"serverTime"_s).toString(), Qt::ISODateWithMs),
                           sent);
                       m_state.loadSnapshot(*r);
                       m_state.tick(serverNow(), m_elapsed.elapsed());
                       setDimmed(!m_client->isReady());
                       render();
                       ui::reportReady(this);
                   }));
}

void BoardWindow::syncClock()
{
    if (!m_client->isReady())
        return;
    const qint64 sent = m_elapsed.elapsed();
    m_client->call(ops::Ping, {}, guarded(this, [this, sent](const Result<QJsonObject> &r) {
                       if (!r)
                           return;
                       setServerTime(
                           QDateTime::fromString(r->value(u"serverTime"_s).toString(), Qt::ISODateWithMs),
                           sent);
                       render();
                   }));
}

void BoardWindow::handleEvent(const QString &type, qint64 seq, const QDateTime &at,
                              const QJsonObject &payload)
{
    const QList<BoardCall> fresh =
        m_state.applyEvent(type, seq, at, payload, serverNow(), m_elapsed.elapsed());
    render();
    announce(fresh);
}

void BoardWindow::announce(const QList<BoardCall> &calls)
{
    if (calls.isEmpty())
        return;
    for (const BoardCall &c : calls)
        Q_EMIT callAnnounced(c.ticket, c.deskNumber);
#ifdef OKNO_BOARD_SOUND
    if (m_chime)
        m_chime->play();
#endif
}

void BoardWindow::handleTick()
{
    if (m_client->isReady() && !m_state.isSynced() && !m_loading)
        reload(); // a snapshot that failed is asked for again
    m_state.tick(serverNow(), m_elapsed.elapsed());
    render();
}

void BoardWindow::render()
{
    const QDateTime now = serverNow();
    if (m_client->isSessionRevoked()) {
        // The board's account was deactivated or changed: it will not reconnect by itself, and
        // the last calls are no longer true. Said plainly, undimmed, until someone sets it up.
        m_noticeHeadline->setText(tr("Табло отключено"));
        m_noticeDetail->setText(ui::DomainText::sessionRevoked(m_client->revokedReason(), true));
        m_noticeNote->setText(tr("Обратитесь к администратору: табло нужно настроить заново"));
        m_pages->setCurrentWidget(m_noticePage);
        m_footer->hide();
        setDimmed(false);
        if (auto *banner = findChild<ui::ConnectionBanner *>())
            banner->hide(); // the notice says it all, in the hall's words
        return;
    }
    if (!m_state.hasCentre()) {
        m_centreName->setText(tr("Табло"));
        m_hours->clear();
        m_clock->setText(now.toLocalTime().toString(u"HH:mm"_s));
        m_date->clear();
        m_noticeHeadline->setText(tr("Подключение к серверу…"));
        m_noticeDetail->clear();
        m_noticeNote->clear();
        m_pages->setCurrentWidget(m_noticePage);
        m_footer->hide();
        return;
    }
    const Centre &centre = m_state.centre();
    const QDateTime local = centre.schedule.toLocal(now);
    m_centreName->setText(centre.name);
    m_clock->setText(local.toString(u"HH:mm"_s));
    // The date in the UI's language: the translation names its locale ("23 November, Monday").
    m_date->setText(QLocale(tr("ru_RU", "the locale of the date on the board"))
                        .toString(local.date(), u"d MMMM, dddd"_s));
    const CentreNotice notice = centreNotice(centre.schedule, now);
    m_hours->setText(notice.hoursToday);
    if (notice.status == CentreStatus::Open) {
        m_ticketsNote->setText(notice.detail);
        m_ticketsNote->setVisible(!notice.detail.isEmpty());
        m_pages->setCurrentWidget(m_callsPage);
    } else {
        m_ticketsNote->hide();
        m_noticeHeadline->setText(notice.headline);
        m_noticeDetail->setText(notice.detail);
        m_noticeNote->setText(notice.note);
        m_pages->setCurrentWidget(m_noticePage);
    }
    m_footer->setVisible(notice.status == CentreStatus::Open || notice.status == CentreStatus::Lunch);
    renderCalls();
    renderWaiting();
}

void BoardWindow::renderCalls()
{
    const auto fill = [](CallRow &row, const BoardCall *call) {
        row.frame->setVisible(call != nullptr);
        if (!call)
            return;
        row.ticket->setText(call->ticket);
        row.desk->setText(call->deskNumber ? tr("окно %1").arg(call->deskNumber) : QString());
        row.arrow->setVisible(call->deskNumber != 0);
        row.frame->setAccessibleName(call->text());
        if (row.frame->property("highlight").toBool() != call->highlighted) {
            row.frame->setProperty("highlight", call->highlighted);
            repolish(row.frame);
        }
    };
    const QList<BoardCall> current = m_state.currentCalls();
    for (int i = 0; i < m_current.size(); ++i)
        fill(m_current[i], i < current.size() ? &current.at(i) : nullptr);
    m_idle->setVisible(current.isEmpty());
    const QList<BoardCall> recent = m_state.recentCalls();
    for (int i = 0; i < m_recent.size(); ++i)
        fill(m_recent[i], i < recent.size() ? &recent.at(i) : nullptr);
    m_noRecent->setVisible(recent.isEmpty());
}

void BoardWindow::renderWaiting()
{
    const QList<BoardState::QueueCount> counts = m_state.waiting();
    QList<Id> ids;
    for (const auto &c : counts)
        ids.append(c.queueId);
    if (ids != m_tileQueues) {
        // The queues changed (first snapshot, a queue added): new tiles.
        for (QueueTile &t : m_tiles) {
            m_scaled.removeIf([&](const auto &p) { return p.first == t.name || p.first == t.count; });
            delete t.frame;
        }
        m_tiles.clear();
        for (const auto &c : counts) {
            QueueTile t;
            t.frame = new QFrame;
            t.frame->setObjectName(u"tile_"_s + c.code);
            t.frame->setProperty("tile", true);
            auto *h = new QHBoxLayout(t.frame);
            h->setContentsMargins(24, 6, 24, 6);
            t.name = label(u"queue_"_s + c.code, 34);
            t.count = label(u"waiting_"_s + c.code, 64, true, u"ticket"_s);
            t.count->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
            h->addWidget(t.name, 1);
            h->addWidget(t.count);
            m_tilesLayout->addWidget(t.frame, 1);
            m_tiles.append(t);
        }
        m_tileQueues = ids;
        scaleFonts();
    }
    for (int i = 0; i < counts.size(); ++i) {
        m_tiles[i].name->setText(counts.at(i).name);
        m_tiles[i].count->setText(QString::number(counts.at(i).waiting));
    }
}

void BoardWindow::resizeEvent(QResizeEvent *event)
{
    QMainWindow::resizeEvent(event);
    scaleFonts();
}

void BoardWindow::scaleFonts()
{
    // Sizes are given for 1920×1080; a smaller screen (1366×768) gets the same picture, smaller.
    const QSize s = size();
    const double scale = std::max(0.3, std::min(s.width() / 1920.0, s.height() / 1080.0));
    for (const auto &[widget, px] : std::as_const(m_scaled)) {
        if (!widget)
            continue;
        QFont f = widget->font();
        f.setPixelSize(std::max(10, int(px * scale + 0.5)));
        widget->setFont(f);
    }
}

} // namespace okno
