#include "KioskWindow.h"

#include "KioskButton.h"

#include <protocol/Codec.h>
#include <protocol/Ops.h>
#include <ui/Documents.h>
#include <ui/DomainText.h>
#include <ui/ErrorText.h>
#include <ui/Guarded.h>
#include <ui/TerminalOptions.h>

#include <QApplication>
#include <QDir>
#include <QEvent>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QLabel>
#include <QResizeEvent>
#include <QStackedWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace okno {

namespace ops = protocol::ops;

using ui::guarded;
using Tone = KioskButton::Tone;

KioskWindow::KioskWindow(Client *client, Options options, QWidget *parent)
    : QMainWindow(parent)
    , m_client(client)
    , m_options(std::move(options))
{
    setWindowTitle(tr("Окно — талоны"));
    buildUi();

    connect(m_client, &Client::ready, this, &KioskWindow::handleReady);
    connect(m_client, &Client::stateChanged, this, &KioskWindow::refresh);
    connect(m_client, &Client::sessionRevoked, this, &KioskWindow::refresh);
    connect(m_client, &Client::snapshotRequired, this, &KioskWindow::reloadStatus);
    connect(m_client, &Client::eventReceived, this, [this](const QString &type) {
        // The schedule, the priority categories or the queues changed: the choices follow.
        if (type == protocol::events::CentreChanged || type == protocol::events::QueueChanged)
            reloadStatus();
    });
    m_client->setSubscribed(true);

    m_tick.setInterval(1000);
    connect(&m_tick, &QTimer::timeout, this, &KioskWindow::tick);
    m_tick.start();
    m_idle.setSingleShot(true);
    connect(&m_idle, &QTimer::timeout, this, [this] {
        if (m_step == Step::Purpose || m_step == Step::Priority)
            setStep(Step::Welcome);
    });
    m_return.setSingleShot(true);
    connect(&m_return, &QTimer::timeout, this, [this] {
        if (m_step == Step::Ticket || m_step == Step::Message)
            setStep(Step::Welcome);
    });
    m_clockSync.setInterval(std::max(100, m_options.clockSyncMs));
    connect(&m_clockSync, &QTimer::timeout, this, &KioskWindow::syncClock);
    // Any touch anywhere keeps a half-finished choice alive.
    qApp->installEventFilter(this);
    refresh();
}

// ---------------------------------------------------------------------------------------------
// building

QLabel *KioskWindow::label(const QString &text, qreal size, bool bold, const char *name)
{
    auto *l = new QLabel(text);
    l->setWordWrap(true);
    l->setAlignment(Qt::AlignCenter);
    l->setTextFormat(Qt::PlainText);
    if (name)
        l->setObjectName(QString::fromLatin1(name));
    m_scaled.append({l, {size, bold}});
    return l;
}

KioskButton *KioskWindow::button(const QString &title, const QString &hint, int tone, const char *name)
{
    auto *b = new KioskButton(title, hint, Tone(tone));
    b->setObjectName(QString::fromLatin1(name));
    b->setUnit(m_unit);
    m_buttons.append(b);
    return b;
}

void KioskWindow::buildUi()
{
    auto *root = new QWidget;
    root->setObjectName(QStringLiteral("kioskRoot"));
    QPalette pal = root->palette();
    pal.setColor(QPalette::Window, QColor(0xf4, 0xf6, 0xf8));
    pal.setColor(QPalette::WindowText, QColor(0x1a, 0x23, 0x2e));
    root->setPalette(pal);
    root->setAutoFillBackground(true);
    auto *rootLayout = new QVBoxLayout(root);
    rootLayout->setContentsMargins(0, 0, 0, 0);
    rootLayout->setSpacing(0);

    auto *header = new QWidget;
    header->setObjectName(QStringLiteral("header"));
    QPalette hp = header->palette();
    hp.setColor(QPalette::Window, QColor(0x0d, 0x47, 0xa1));
    hp.setColor(QPalette::WindowText, Qt::white);
    header->setPalette(hp);
    header->setAutoFillBackground(true);
    auto *hl = new QHBoxLayout(header);
    m_centreName = label(tr("Энергосбытовая компания"), 1.25, true, "centreName");
    m_centreName->setAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    m_clock = label(QString(), 1.25, true, "clock");
    m_clock->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    m_clock->setWordWrap(false);
    hl->addWidget(m_centreName, 3);
    hl->addWidget(m_clock, 2);
    rootLayout->addWidget(header);

    m_pages = new QStackedWidget;
    m_pages->setObjectName(QStringLiteral("pages"));
    // The pages fit the screen (applyScale), never the screen the pages.
    m_pages->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Ignored);
    rootLayout->addWidget(m_pages, 1);
    m_welcomePage = buildWelcome();
    m_purposePage = buildPurpose();
    m_priorityPage = buildPriority();
    m_busyPage = buildBusy();
    m_ticketPage = buildTicket();
    m_closedPage = buildClosed();
    m_offlinePage = buildOffline();
    m_messagePage = buildMessage();
    for (QWidget *w : {m_welcomePage, m_purposePage, m_priorityPage, m_busyPage, m_ticketPage, m_closedPage,
                       m_offlinePage, m_messagePage})
        m_pages->addWidget(w);
    setCentralWidget(root);
    resize(1366, 768);
}

QWidget *KioskWindow::buildWelcome()
{
    auto *page = new QWidget;
    page->setObjectName(QStringLiteral("welcomePage"));
    auto *l = new QVBoxLayout(page);
    l->addStretch(2);
    l->addWidget(label(tr("Добро пожаловать!"), 3.0, true, "welcomeTitle"));
    m_welcomeCentre = label(QString(), 1.6, false, "welcomeCentre");
    l->addWidget(m_welcomeCentre);
    l->addStretch(1);
    m_getTicket = button(tr("Получить талон"), tr("Нажмите здесь, чтобы встать в очередь"),
                         int(Tone::Primary), "getTicket");
    m_getTicket->setEmphasis(1.6, 8);
    connect(m_getTicket, &QAbstractButton::clicked, this, [this] {
        reloadStatus(); // fresh waiting counts for the purpose buttons
        setStep(Step::Purpose);
    });
    auto *row = new QHBoxLayout;
    row->addStretch(1);
    row->addWidget(m_getTicket, 4);
    row->addStretch(1);
    l->addLayout(row);
    l->addStretch(1);
    m_welcomeHours = label(QString(), 1.2, false, "welcomeHours");
    l->addWidget(m_welcomeHours);
    auto *note =
        label(tr("Ветераны, инвалиды и другие льготные категории посетителей обслуживаются вне очереди."),
              1.0, false, "welcomeNote");
    note->setStyleSheet(QStringLiteral("color:#455a64;"));
    l->addWidget(note);
    l->addStretch(1);
    return page;
}

QWidget *KioskWindow::stepPage(const QString &title, const QString &subtitle, QVBoxLayout **body,
                               const char *backName)
{
    auto *page = new QWidget;
    auto *l = new QVBoxLayout(page);
    auto *t = label(title, 2.3, true);
    t->setAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    l->addWidget(t);
    if (!subtitle.isEmpty()) {
        auto *s = label(subtitle, 1.15);
        s->setAlignment(Qt::AlignLeft | Qt::AlignVCenter);
        s->setStyleSheet(QStringLiteral("color:#37474f;"));
        l->addWidget(s);
    }
    *body = new QVBoxLayout;
    l->addLayout(*body, 1);
    auto *bottom = new QHBoxLayout;
    auto *back = button(tr("Назад"), QString(), int(Tone::Quiet), backName);
    back->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Preferred);
    bottom->addWidget(back);
    bottom->addStretch(1);
    l->addLayout(bottom);
    return page;
}

QWidget *KioskWindow::buildPurpose()
{
    QVBoxLayout *body = nullptr;
    QWidget *page = stepPage(tr("Цель визита"), tr("Выберите, зачем вы пришли: нажмите на кнопку."), &body,
                             "purposeBack");
    page->setObjectName(QStringLiteral("purposePage"));
    m_purposeGrid = new QGridLayout;
    body->addLayout(m_purposeGrid, 3); // the buttons grow with the screen, up to a limit
    body->addStretch(1);
    connect(page->findChild<KioskButton *>(QStringLiteral("purposeBack")), &QAbstractButton::clicked, this,
            [this] { setStep(Step::Welcome); });
    return page;
}

QWidget *KioskWindow::buildPriority()
{
    QVBoxLayout *body = nullptr;
    QWidget *page = stepPage(tr("Льготная категория"),
                             tr("Если вы имеете право на обслуживание вне очереди, выберите свою категорию."),
                             &body, "priorityBack");
    page->setObjectName(QStringLiteral("priorityPage"));
    m_priorityChosenPurpose = label(QString(), 1.1, false, "chosenPurpose");
    m_priorityChosenPurpose->setAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    m_priorityChosenPurpose->setStyleSheet(QStringLiteral("color:#1565c0;"));
    body->addWidget(m_priorityChosenPurpose);
    m_noPriority = button(tr("Нет, обычная очередь"), QString(), int(Tone::Primary), "priority-none");
    connect(m_noPriority, &QAbstractButton::clicked, this, [this] { choosePriority({}, {}); });
    body->addWidget(m_noPriority);
    m_priorityGrid = new QGridLayout;
    body->addLayout(m_priorityGrid);
    auto *note = label(tr("Документ, подтверждающий льготу, проверит сотрудник, когда вас пригласят."), 1.05,
                       false, "priorityNote");
    note->setAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    note->setStyleSheet(QStringLiteral("color:#8d4f00;"));
    body->addWidget(note);
    body->addStretch(1);
    connect(page->findChild<KioskButton *>(QStringLiteral("priorityBack")), &QAbstractButton::clicked, this,
            [this] { setStep(Step::Purpose); });
    return page;
}

QWidget *KioskWindow::buildBusy()
{
    auto *page = new QWidget;
    page->setObjectName(QStringLiteral("busyPage"));
    auto *l = new QVBoxLayout(page);
    l->addStretch(1);
    l->addWidget(label(tr("Печатаем талон…"), 2.4, true));
    l->addWidget(label(tr("Подождите, пожалуйста."), 1.3));
    l->addStretch(1);
    return page;
}

QWidget *KioskWindow::buildTicket()
{
    auto *page = new QWidget;
    page->setObjectName(QStringLiteral("ticketPage"));
    auto *l = new QVBoxLayout(page);
    l->addStretch(1);
    l->addWidget(label(tr("Ваш талон"), 1.8, false, "ticketTitle"));
    m_ticketNumber = label(QString(), 6.5, true, "ticketNumber");
    m_ticketNumber->setStyleSheet(QStringLiteral("color:#0d47a1;"));
    l->addWidget(m_ticketNumber);
    m_ticketQueue = label(QString(), 1.7, false, "ticketQueue");
    l->addWidget(m_ticketQueue);
    l->addSpacing(10);
    m_ticketAhead = label(QString(), 1.7, true, "ticketAhead");
    l->addWidget(m_ticketAhead);
    m_ticketWait = label(QString(), 1.7, true, "ticketWait");
    l->addWidget(m_ticketWait);
    m_ticketPriority = label(QString(), 1.1, false, "ticketPriority");
    m_ticketPriority->setStyleSheet(QStringLiteral("color:#8d4f00;"));
    l->addWidget(m_ticketPriority);
    m_ticketPrint = label(QString(), 1.25, false, "ticketPrint");
    l->addWidget(m_ticketPrint);
    l->addStretch(1);
    auto *done = button(tr("Готово"), QString(), int(Tone::Primary), "done");
    connect(done, &QAbstractButton::clicked, this, [this] { setStep(Step::Welcome); });
    auto *row = new QHBoxLayout;
    row->addStretch(1);
    row->addWidget(done, 2);
    row->addStretch(1);
    l->addLayout(row);
    m_ticketCountdown = label(QString(), 1.0, false, "ticketCountdown");
    m_ticketCountdown->setStyleSheet(QStringLiteral("color:#607d8b;"));
    l->addWidget(m_ticketCountdown);
    return page;
}

QWidget *KioskWindow::buildClosed()
{
    auto *page = new QWidget;
    page->setObjectName(QStringLiteral("closedPage"));
    auto *l = new QVBoxLayout(page);
    l->addStretch(2);
    m_closedHeadline = label(QString(), 3.0, true, "closedHeadline");
    m_closedHeadline->setStyleSheet(QStringLiteral("color:#b23c00;"));
    l->addWidget(m_closedHeadline);
    m_closedDetail = label(QString(), 1.7, false, "closedDetail");
    l->addWidget(m_closedDetail);
    l->addStretch(1);
    m_closedHours = label(QString(), 1.2, false, "closedHours");
    m_closedHours->setStyleSheet(QStringLiteral("color:#37474f;"));
    l->addWidget(m_closedHours);
    l->addStretch(2);
    return page;
}

QWidget *KioskWindow::buildOffline()
{
    auto *page = new QWidget;
    page->setObjectName(QStringLiteral("offlinePage"));
    auto *l = new QVBoxLayout(page);
    l->addStretch(1);
    m_offlineText =
        label(tr("Терминал временно не работает, обратитесь к администратору"), 2.6, true, "offlineText");
    m_offlineText->setStyleSheet(QStringLiteral("color:#b71c1c;"));
    l->addWidget(m_offlineText);
    m_offlineDetail =
        label(tr("Нет связи с сервером. Терминал восстановит её сам."), 1.2, false, "offlineDetail");
    m_offlineDetail->setStyleSheet(QStringLiteral("color:#607d8b;"));
    l->addWidget(m_offlineDetail);
    l->addStretch(1);
    return page;
}

QWidget *KioskWindow::buildMessage()
{
    auto *page = new QWidget;
    page->setObjectName(QStringLiteral("messagePage"));
    auto *l = new QVBoxLayout(page);
    l->addStretch(1);
    m_messageText = label(QString(), 2.0, true, "messageText");
    m_messageText->setStyleSheet(QStringLiteral("color:#b23c00;"));
    l->addWidget(m_messageText);
    l->addStretch(1);
    auto *done = button(tr("Готово"), QString(), int(Tone::Primary), "messageDone");
    connect(done, &QAbstractButton::clicked, this, [this] { setStep(Step::Welcome); });
    auto *row = new QHBoxLayout;
    row->addStretch(1);
    row->addWidget(done, 2);
    row->addStretch(1);
    l->addLayout(row);
    l->addStretch(1);
    return page;
}

void KioskWindow::rebuildPurposes()
{
    for (KioskButton *b : std::as_const(m_purposeButtons)) {
        m_buttons.removeAll(b);
        delete b;
    }
    m_purposeButtons.clear();
    const QList<KioskPurpose> &purposes = m_rules.purposes();
    for (int i = 0; i < purposes.size(); ++i) {
        const KioskPurpose &p = purposes[i];
        const QByteArray name = "purpose-" + p.key.toUtf8();
        KioskButton *b = button(p.title, p.hint, int(Tone::Normal), name.constData());
        b->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
        b->setMaximumHeight(int(m_unit * 9));
        connect(b, &QAbstractButton::clicked, this, [this, i] { choosePurpose(i); });
        m_purposeButtons.append(b);
    }
    layOutChoices();
}

void KioskWindow::rebuildPriorities()
{
    for (KioskButton *b : std::as_const(m_priorityButtons)) {
        m_buttons.removeAll(b);
        delete b;
    }
    m_priorityButtons.clear();
    for (const PriorityCategory &c : std::as_const(m_categories)) {
        const QByteArray name = "priority-" + c.code.toUtf8();
        KioskButton *b = button(c.title, QString(), int(Tone::Normal), name.constData());
        b->setEmphasis(0.82, 3.6); // the categories' titles are long
        connect(b, &QAbstractButton::clicked, this, [this, c] { choosePriority(c.code, c.title); });
        m_priorityButtons.append(b);
    }
    layOutChoices();
}

void KioskWindow::layOutChoices()
{
    // Two columns on a landscape screen, one on a portrait one.
    const int columns = width() > height() ? 2 : 1;
    for (auto [grid, buttons] :
         {std::pair{m_purposeGrid, &m_purposeButtons}, std::pair{m_priorityGrid, &m_priorityButtons}}) {
        for (KioskButton *b : std::as_const(*buttons))
            grid->removeWidget(b);
        for (int i = 0; i < buttons->size(); ++i)
            grid->addWidget((*buttons)[i], i / columns, i % columns);
        for (int c = 0; c < 2; ++c)
            grid->setColumnStretch(c, c < columns ? 1 : 0);
    }
}

void KioskWindow::applyScale()
{
    // One unit for every size on screen, from the window's area (about 18 px on 1366×768, 26 px
    // on a portrait 1080×1920), made smaller until every screen fits without scrolling.
    QWidget *header = centralWidget()->findChild<QWidget *>(QStringLiteral("header"));
    qreal unit = std::clamp(std::sqrt(qreal(width()) * qreal(height())) / 55.0, 9.0, 60.0);
    for (int attempt = 0; attempt < 12; ++attempt) {
        setUnit(unit);
        int need = 0;
        for (int i = 0; i < m_pages->count(); ++i)
            if (QLayout *l = m_pages->widget(i)->layout())
                need = std::max(need, l->totalHeightForWidth(width()));
        need += header->layout()->totalHeightForWidth(width());
        if (need <= height() || unit <= 9.0)
            break;
        unit = std::max(9.0, unit * 0.92);
    }
}

void KioskWindow::setUnit(qreal unit)
{
    m_unit = unit;
    for (const auto &[l, spec] : std::as_const(m_scaled)) {
        if (!l)
            continue;
        QFont f = l->font();
        f.setPixelSize(std::max(8, int(m_unit * spec.first)));
        f.setBold(spec.second);
        l->setFont(f);
    }
    for (const auto &b : std::as_const(m_buttons))
        if (b)
            b->setUnit(m_unit);
    for (KioskButton *b : std::as_const(m_purposeButtons))
        b->setMaximumHeight(int(m_unit * 9));
    const int margin = int(m_unit * 1.2);
    const int spacing = int(m_unit * 0.8);
    for (int i = 0; i < m_pages->count(); ++i)
        if (QLayout *l = m_pages->widget(i)->layout()) {
            l->setContentsMargins(margin, margin, margin, margin);
            l->setSpacing(spacing);
        }
    for (QGridLayout *g : {m_purposeGrid, m_priorityGrid})
        g->setSpacing(spacing);
    centralWidget()
        ->findChild<QWidget *>(QStringLiteral("header"))
        ->layout()
        ->setContentsMargins(margin, int(m_unit * 0.6), margin, int(m_unit * 0.6));
}

void KioskWindow::resizeEvent(QResizeEvent *event)
{
    QMainWindow::resizeEvent(event);
    layOutChoices();
    applyScale();
}

bool KioskWindow::eventFilter(QObject *watched, QEvent *event)
{
    switch (event->type()) {
    case QEvent::MouseButtonPress:
    case QEvent::TouchBegin:
    case QEvent::KeyPress:
        if (m_idle.isActive())
            m_idle.start();
        break;
    default:
        break;
    }
    return QMainWindow::eventFilter(watched, event);
}

// ---------------------------------------------------------------------------------------------
// the server

void KioskWindow::handleReady()
{
    reloadStatus();
    m_clockSync.start();
}

void KioskWindow::reloadStatus()
{
    if (!m_client->isReady())
        return;
    m_client->call(ops::StatusQuery, {}, guarded(this, [this](const Result<QJsonObject> &r) {
                       if (!r)
                           return;
                       statusLoaded(*r);
                       ui::reportReady(this);
                   }));
}

void KioskWindow::statusLoaded(const QJsonObject &status)
{
    const QString serverTime = status.value(QStringLiteral("serverTime")).toString();
    setServerTime(serverTime);
    auto centre = protocol::centreFromJson(status.value(QStringLiteral("centre")).toObject());
    if (!centre) {
        qWarning("okno-kiosk: the centre in the status cannot be read: %s",
                 qPrintable(centre.error().message));
        return;
    }
    m_rules.setCentre(*centre);
    QList<Queue> queues;
    m_waiting.clear();
    for (const auto &qv : status.value(QStringLiteral("queues")).toArray()) {
        const QJsonObject o = qv.toObject();
        if (auto q = protocol::queueFromJson(o.value(QStringLiteral("queue")).toObject())) {
            queues.append(*q);
            m_waiting.insert(q->code, o.value(QStringLiteral("waiting")).toInt());
        }
    }
    const QList<KioskPurpose> before = m_rules.purposes();
    m_rules.setQueues(queues);
    m_rules.setServerStatus(status.value(QStringLiteral("acceptsTickets")).toBool(),
                            QDateTime::fromString(serverTime, Qt::ISODateWithMs));
    const bool purposesChanged = before != m_rules.purposes();
    const bool categoriesChanged = m_categories != centre->priorityCategories;
    if ((purposesChanged || categoriesChanged) && (m_step == Step::Purpose || m_step == Step::Priority))
        m_step = Step::Welcome; // the choice on screen no longer exists
    if (purposesChanged)
        rebuildPurposes();
    if (categoriesChanged) {
        m_categories = centre->priorityCategories;
        rebuildPriorities();
    }
    const QList<KioskPurpose> &purposes = m_rules.purposes();
    for (int i = 0; i < purposes.size() && i < m_purposeButtons.size(); ++i) {
        const int n = m_waiting.value(purposes[i].queueCode);
        m_purposeButtons[i]->setNote(n ? tr("Сейчас в очереди: %1").arg(KioskRules::people(n))
                                       : tr("Очереди нет"));
    }
    m_centreName->setText(centre->name);
    m_welcomeCentre->setText(centre->name);
    if (purposesChanged || categoriesChanged)
        applyScale();
    refresh();
}

void KioskWindow::syncClock()
{
    if (!m_client->isReady())
        return;
    m_client->call(ops::Ping, {}, guarded(this, [this](const Result<QJsonObject> &r) {
                       if (!r)
                           return;
                       setServerTime(r->value(QStringLiteral("serverTime")).toString());
                       refresh();
                   }));
}

void KioskWindow::setServerTime(const QString &iso)
{
    const QDateTime t = QDateTime::fromString(iso, Qt::ISODateWithMs);
    if (!t.isValid())
        return;
    m_offsetMs = QDateTime::currentDateTimeUtc().msecsTo(t);
    m_haveTime = true;
}

QDateTime KioskWindow::serverNow() const
{
    return QDateTime::currentDateTimeUtc().addMSecs(m_offsetMs);
}

QDateTime KioskWindow::centreTime(const QDateTime &utc) const
{
    return m_rules.hasCentre() ? m_rules.centre().schedule.toLocal(utc) : utc.toLocalTime();
}

// ---------------------------------------------------------------------------------------------
// the flow

void KioskWindow::setStep(Step step)
{
    m_step = step;
    if (step == Step::Purpose || step == Step::Priority)
        m_idle.start(std::max(100, m_options.idleMs));
    else
        m_idle.stop();
    if (step == Step::Ticket || step == Step::Message) {
        m_return.start(std::max(100, m_options.ticketMs));
        m_ticketShown.start();
    } else {
        m_return.stop();
    }
    if (step == Step::Welcome) {
        m_purpose = -1;
        m_priorityCode.clear();
        m_priorityTitle.clear();
    }
    refresh();
}

void KioskWindow::refresh()
{
    const bool ready = m_client->isReady();
    const QDateTime now = serverNow();
    const KioskAvailability a = m_rules.availabilityAt(now);
    const bool accepts = ready && m_haveTime && a.accepts();
    if (!accepts && (m_step == Step::Purpose || m_step == Step::Priority)) {
        // Lunch began, or the connection went, in the middle of a choice: start again later.
        m_step = Step::Welcome;
        m_idle.stop();
        m_purpose = -1;
    }
    for (KioskButton *b : std::as_const(m_purposeButtons))
        b->setEnabled(accepts);
    for (KioskButton *b : std::as_const(m_priorityButtons))
        b->setEnabled(accepts);
    m_noPriority->setEnabled(accepts);
    m_getTicket->setEnabled(accepts);

    QWidget *page = m_welcomePage;
    if (m_step == Step::Ticket)
        page = m_ticketPage;
    else if (m_step == Step::Message)
        page = m_messagePage;
    else if (!ready)
        page = m_offlinePage;
    else if (m_step == Step::Issuing)
        page = m_busyPage;
    else if (!accepts)
        page = m_closedPage;
    else if (m_step == Step::Purpose)
        page = m_purposePage;
    else if (m_step == Step::Priority)
        page = m_priorityPage;
    if (page == m_offlinePage) {
        if (m_client->isSessionRevoked()) {
            // The kiosk's account was deactivated or changed: it does not reconnect by itself.
            m_offlineText->setText(tr("Терминал отключён, обратитесь к администратору"));
            m_offlineDetail->setText(ui::DomainText::sessionRevoked(m_client->revokedReason(), true) +
                                     QLatin1Char('\n') + tr("Терминал нужно настроить заново."));
        } else {
            m_offlineText->setText(tr("Терминал временно не работает, обратитесь к администратору"));
            m_offlineDetail->setText(tr("Нет связи с сервером. Терминал восстановит её сам."));
        }
    }
    if (page == m_closedPage) {
        m_closedHeadline->setText(a.headline);
        m_closedDetail->setText(a.detail);
        const QStringList week = m_rules.weekHours();
        QString hours =
            week.isEmpty() ? QString() : tr("Часы работы") + QLatin1Char('\n') + week.join(QLatin1Char('\n'));
        if (const QString phone = m_rules.centre().phone; !phone.isEmpty())
            hours += QStringLiteral("\n\n") + tr("Телефон контакт-центра: %1").arg(phone);
        m_closedHours->setText(hours);
    }
    if (m_pages->currentWidget() != page)
        m_pages->setCurrentWidget(page);

    m_welcomeHours->setText(m_rules.todayHours(now));
    if (m_haveTime) {
        const QDateTime local = centreTime(now);
        m_clock->setText(KioskRules::dateText(local.date()) + QStringLiteral("   ") +
                         local.toString(QStringLiteral("HH:mm")));
    }
    if (m_step == Step::Ticket || m_step == Step::Message) {
        const qint64 left = std::max<qint64>(0, m_options.ticketMs - m_ticketShown.elapsed());
        m_ticketCountdown->setText(tr("Экран вернётся к началу через %1 с").arg((left + 999) / 1000));
    }
}

void KioskWindow::tick()
{
    refresh();
}

void KioskWindow::choosePurpose(int index)
{
    if (index < 0 || index >= m_rules.purposes().size())
        return;
    m_purpose = index;
    m_priorityCode.clear();
    m_priorityTitle.clear();
    if (m_categories.isEmpty())
        return issue();
    m_priorityChosenPurpose->setText(tr("Цель визита: %1").arg(m_rules.purposes()[index].title));
    setStep(Step::Priority);
}

void KioskWindow::choosePriority(const QString &code, const QString &title)
{
    m_priorityCode = code;
    m_priorityTitle = title;
    issue();
}

void KioskWindow::issue()
{
    if (!m_client->isReady() || m_purpose < 0 || m_purpose >= m_rules.purposes().size() ||
        m_step == Step::Issuing)
        return;
    m_chosen = m_rules.purposes()[m_purpose];
    QJsonObject visitor{{QStringLiteral("purpose"), m_chosen.purpose}};
    if (!m_priorityCode.isEmpty())
        visitor.insert(QStringLiteral("priority"), m_priorityCode);
    setStep(Step::Issuing);
    m_client->issue(0, m_chosen.queueCode, visitor,
                    guarded(this, [this](const Result<Visit> &r, QueuePosition pos) {
                        if (!r)
                            return issueFailed(r.error());
                        ticketIssued(*r, pos);
                    }));
}

void KioskWindow::ticketIssued(const Visit &visit, const QueuePosition &pos)
{
    const Stage *s = visit.currentStage();
    if (!s)
        return issueFailed(makeError(ErrorCode::Internal, QStringLiteral("the visit has no stage")));
    m_lastTicket = s->ticket;
    m_lastVisitId = visit.id;
    m_ticketNumber->setText(s->ticket);
    m_ticketQueue->setText(m_chosen.queueName);
    if (pos.ahead == 0) {
        m_ticketAhead->setText(tr("Перед вами никого нет"));
        m_ticketWait->setText(tr("Вас скоро пригласят"));
    } else {
        m_ticketAhead->setText(tr("Перед вами: %1").arg(KioskRules::people(pos.ahead)));
        m_ticketWait->setText(tr("Ожидание ≈ %1 мин").arg(pos.expectedWaitMinutes));
    }
    m_ticketPriority->setText(
        m_priorityCode.isEmpty()
            ? QString()
            : tr("Льгота: %1. Приготовьте документ — его проверит сотрудник.").arg(m_priorityTitle));
    const QString printError = printTicket(visit, pos);
    if (printError.isEmpty()) {
        m_ticketPrint->setStyleSheet(QStringLiteral("color:#1e6b34;"));
        m_ticketPrint->setText(
            tr("Возьмите талон. Следите за табло: номер талона и окна появятся на экране."));
    } else {
        // The ticket exists on the server whatever the printer does: the number is on screen.
        qWarning("okno-kiosk: ticket %s was not printed: %s", qPrintable(s->ticket), qPrintable(printError));
        m_ticketPrint->setStyleSheet(QStringLiteral("color:#b71c1c; font-weight:600;"));
        m_ticketPrint->setText(
            tr("Талон не удалось напечатать. Запомните номер %1 и следите за табло.").arg(s->ticket));
    }
    setStep(Step::Ticket);
}

QString KioskWindow::printTicket(const Visit &visit, const QueuePosition &pos)
{
    const Stage &s = *visit.currentStage();
    ui::TicketInfo t;
    t.centre = m_rules.centre().name;
    t.ticket = s.ticket;
    t.queue = m_chosen.queueName;
    t.issuedAt = centreTime(visit.createdAt);
    t.ahead = pos.ahead;
    t.expectedWaitMinutes = pos.expectedWaitMinutes;
    t.priority = m_priorityTitle;
    const QString html = ui::ticketHtml(t);
    if (!m_options.pdfDir.isEmpty()) {
        QDir().mkpath(m_options.pdfDir);
        const QString path =
            QDir(m_options.pdfDir)
                .filePath(QStringLiteral("ticket-") + t.issuedAt.toString(QStringLiteral("yyyyMMdd")) +
                          QLatin1Char('-') + s.ticket + QStringLiteral(".pdf"));
        if (auto w = ui::writePdf(html, path); !w)
            return w.error().message;
        m_lastPdf = path;
        return {};
    }
    if (auto p = ui::printDirect(html, m_options.printer); !p)
        return p.error().message;
    return {};
}

void KioskWindow::issueFailed(const Error &e)
{
    qWarning("okno-kiosk: no ticket: %s", qPrintable(ui::errorText(e)));
    if (m_client->isSessionRevoked()) {
        setStep(Step::Welcome); // the disconnected terminal's page says why
        return;
    }
    if (e.code == ErrorCode::CentreClosed) {
        // The server refused (its clock is the one that counts): the refusal screen says why.
        m_rules.noteServerRefusal(serverNow());
        setStep(Step::Welcome);
        reloadStatus();
        return;
    }
    m_messageText->setText(
        e.code == ErrorCode::Unavailable
            ? tr("Талон не выдан: нет связи с сервером. Обратитесь, пожалуйста, к администратору.")
            : tr("Талон не выдан. Попробуйте ещё раз или обратитесь к администратору."));
    setStep(Step::Message);
}

QString KioskWindow::currentPageName() const
{
    return m_pages->currentWidget() ? m_pages->currentWidget()->objectName() : QString();
}

} // namespace okno
