#include "DashboardWindow.h"

#include "ChartPanel.h"
#include "Format.h"

#include <core/Alerts.h>
#include <protocol/Codec.h>
#include <protocol/Ops.h>
#include <ui/ConnectionBanner.h>
#include <ui/DomainText.h>
#include <ui/ErrorText.h>
#include <ui/Guarded.h>
#include <ui/LoginDialog.h>
#include <ui/TerminalOptions.h>

#include <QComboBox>
#include <QDateEdit>
#include <QFileDialog>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QTimeZone>
#include <QVBoxLayout>

#include <algorithm>

namespace okno {

using namespace Qt::StringLiterals;
using namespace dashboard;
namespace ops = protocol::ops;

namespace {

Summary summaryOf(const QJsonValue &v)
{
    auto s = protocol::summaryFromJson(v.toObject());
    return s ? *s : Summary{};
}

QList<RoleStatistics> rolesOf(const QJsonObject &report)
{
    QList<RoleStatistics> out;
    for (const auto &v : report.value(u"roles"_s).toArray())
        if (auto r = protocol::roleStatisticsFromJson(v.toObject()))
            out.append(*r);
    return out;
}

QString deskActivityTitle(DeskActivity a)
{
    switch (a) {
    case DeskActivity::Closed:
        return DashboardWindow::tr("закрыто");
    case DeskActivity::Free:
        return DashboardWindow::tr("свободно");
    case DeskActivity::Busy:
        return DashboardWindow::tr("занято");
    case DeskActivity::Break:
        return DashboardWindow::tr("перерыв");
    }
    return {};
}

QColor deskActivityColour(DeskActivity a)
{
    switch (a) {
    case DeskActivity::Closed:
        return QColor(0xe0, 0xe0, 0xe0);
    case DeskActivity::Free:
        return QColor(0xd7, 0xf0, 0xdc);
    case DeskActivity::Busy:
        return QColor(0xd6, 0xe6, 0xfa);
    case DeskActivity::Break:
        return QColor(0xfd, 0xe7, 0xb0);
    }
    return {};
}

// A stage role in a narrow column header of the per-centre table.
QString roleShortTitle(StageRole r)
{
    switch (r) {
    case StageRole::Administrator:
        return DashboardWindow::tr("Админ.");
    case StageRole::Consultant:
        return DashboardWindow::tr("Конс.");
    case StageRole::Cashier:
        return DashboardWindow::tr("Касса");
    }
    return {};
}

// The per-centre table: the centre, its alerts now, then per stage role the queue now and today's
// waits against the centre's own norm.
enum PerCentreColumn
{
    PerCentreName,
    PerCentreOverdue,
    PerCentreFirstRole, // then four per role, in allStageRoles() order
    PerCentreRoleWidth = 4
};

QStringList perCentreHeaders()
{
    QStringList h{DashboardWindow::tr("ЦОК"), DashboardWindow::tr("Сверх\nнормы")};
    for (StageRole r : allStageRoles()) {
        const QString t = roleShortTitle(r);
        h << DashboardWindow::tr("%1\nждут").arg(t) << DashboardWindow::tr("%1\nдольше всех").arg(t)
          << DashboardWindow::tr("%1\nср. ожидание").arg(t) << DashboardWindow::tr("%1\nв норме").arg(t);
    }
    return h;
}

QString priorityTitle(const Centre &c, const QString &code)
{
    if (code.isEmpty())
        return {};
    for (const PriorityCategory &p : c.priorityCategories)
        if (p.code == code)
            return p.title;
    return code;
}

} // namespace

DashboardWindow::DashboardWindow(Client *client, QWidget *parent)
    : QMainWindow(parent)
    , m_client(client)
    , m_roles({tr("Этап"), tr("Ждут"), tr("Дольше всех\nждёт"), tr("Норма\nожидания"),
               tr("Ожидание\nсреднее"), tr("Ожидание\np90"), tr("Ожидание\nв норме"), tr("Приём\nсредний"),
               tr("Приём\np90"), tr("Норма\nприёма"), tr("Приём\nв норме"), tr("Обслужено"), tr("Неявки")})
    , m_desks({tr("ЦОК"), tr("Окно"), tr("Состояние"), tr("Сотрудник"), tr("Талон"), tr("Длится")})
    , m_alerts({tr("ЦОК"), tr("Талон"), tr("Очередь"), tr("Этап"), tr("Что"), tr("Длится"), tr("Норма"),
                tr("Сверх нормы"), tr("Категория")})
    , m_stillToServe({tr("ЦОК"), tr("Талон"), tr("Очередь"), tr("Состояние"), tr("В очереди с"), tr("Окно"),
                      tr("Категория")})
    , m_perCentre(perCentreHeaders())
    , m_staff({tr("ЦОК"), tr("Сотрудник"), tr("Логин"), tr("Этап"), tr("Обслужено"), tr("Неявки"),
               tr("Приём\nсредний"), tr("Приём\np90"), tr("Приём\nмакс."), tr("Приём\nв норме")})
    , m_quality({tr("Показатель"), tr("Значение")})
    , m_norms({tr("Этап"), tr("Ожидание, мин"), tr("Приём, мин")})
    , m_history({tr("Когда"), tr("ЦОК"), tr("Кто изменил"), tr("Этап"), tr("Было"), tr("Стало")})
{
    setWindowTitle(tr("Окно — панель руководителя"));
    m_confirm = [this](const QString &q) {
        return QMessageBox::question(this, tr("Нормативы"), q) == QMessageBox::Yes;
    };
    m_savePath = [this](const QString &suggested) {
        return QFileDialog::getSaveFileName(this, tr("Экспорт отчёта"), suggested);
    };
    buildUi();

    m_tick.setInterval(1000);
    connect(&m_tick, &QTimer::timeout, this, &DashboardWindow::tick);
    m_tick.start();
    m_pingTimer.setInterval(10000);
    connect(&m_pingTimer, &QTimer::timeout, this, &DashboardWindow::syncClock);
    m_pingTimer.start();
    m_todayTimer.setSingleShot(true);
    m_todayTimer.setInterval(3000);
    connect(&m_todayTimer, &QTimer::timeout, this, &DashboardWindow::loadToday);
    m_reportTimer.setSingleShot(true);
    m_reportTimer.setInterval(10000);
    connect(&m_reportTimer, &QTimer::timeout, this, &DashboardWindow::loadReport);
    m_periodTimer.setSingleShot(true);
    m_periodTimer.setInterval(300);
    connect(&m_periodTimer, &QTimer::timeout, this, &DashboardWindow::loadReport);

    connect(m_client, &Client::ready, this, &DashboardWindow::handleReady);
    connect(m_client, &Client::eventReceived, this, &DashboardWindow::handleEvent);
    connect(m_client, &Client::snapshotRequired, this, &DashboardWindow::loadLive);
    connect(m_client, &Client::stateChanged, this, [this] { refreshNorms(false); });
    connect(m_client, &Client::sessionRevoked, this, &DashboardWindow::handleRevoked);
    connect(m_client, &Client::changeAccepted, this, &DashboardWindow::clearStaleError);
    m_client->setSubscribed(true);
    m_loginPrompt = new ui::LoginPrompt(m_client, this, false);
}

void DashboardWindow::handleRevoked(const QString &reason)
{
    // The figures stay (they were the manager's to see); nothing new comes until a login.
    m_message->setStyleSheet(u"color:#c62828; font-weight:600;"_s);
    m_message->setText(ui::DomainText::sessionRevoked(reason));
}

void DashboardWindow::setRefreshThrottleMs(int ms)
{
    m_todayTimer.setInterval(ms);
    m_reportTimer.setInterval(ms);
}

// ---------------------------------------------------------------------------------------------
// the widgets

QTableView *DashboardWindow::newTable(const QString &name, ReportModel *model, bool sortable)
{
    auto *view = new QTableView;
    view->setObjectName(name);
    if (sortable) {
        auto *proxy = new QSortFilterProxyModel(view);
        proxy->setSourceModel(model);
        proxy->setSortRole(ReportModel::SortRole);
        view->setModel(proxy);
        view->setSortingEnabled(true);
        view->sortByColumn(-1, Qt::AscendingOrder);
    } else {
        view->setModel(model);
    }
    view->verticalHeader()->hide();
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setAlternatingRowColors(true);
    view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    view->horizontalHeader()->setStretchLastSection(true);
    view->horizontalHeader()->setDefaultAlignment(Qt::AlignCenter);
    return view;
}

void DashboardWindow::buildUi()
{
    auto *central = new QWidget;
    auto *root = new QVBoxLayout(central);
    root->setContentsMargins(6, 4, 6, 4);
    root->addWidget(new ui::ConnectionBanner(m_client));

    auto *top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("ЦОК:")));
    m_centre = new QComboBox;
    m_centre->setObjectName(u"centre"_s);
    m_centre->setMinimumContentsLength(18);
    top->addWidget(m_centre);
    top->addSpacing(12);
    top->addWidget(new QLabel(tr("Период:")));
    m_from = new QDateEdit;
    m_from->setObjectName(u"fromDate"_s);
    m_to = new QDateEdit;
    m_to->setObjectName(u"toDate"_s);
    for (QDateEdit *e : {m_from, m_to}) {
        e->setCalendarPopup(true);
        e->setDisplayFormat(u"dd.MM.yyyy"_s);
        e->setMinimumDate(QDate(2000, 1, 1));
        e->setDate(QDate::currentDate());
    }
    top->addWidget(m_from);
    top->addWidget(new QLabel(u"—"_s));
    top->addWidget(m_to);
    const QList<std::pair<QString, QString>> quick{{u"periodToday"_s, tr("Сегодня")},
                                                   {u"periodWeek"_s, tr("Неделя")},
                                                   {u"periodMonth"_s, tr("Месяц")},
                                                   {u"periodQuarter"_s, tr("Квартал")}};
    for (int i = 0; i < quick.size(); ++i) {
        auto *b = new QPushButton(quick[i].second);
        b->setObjectName(quick[i].first);
        b->setToolTip(i == 0 ? tr("Сегодняшний день") : tr("С начала текущего периода по сегодня"));
        connect(b, &QPushButton::clicked, this, [this, i] { quickPeriod(i); });
        top->addWidget(b);
    }
    top->addStretch(1);
    auto *csv = new QPushButton(tr("Экспорт CSV…"));
    csv->setObjectName(u"exportCsv"_s);
    auto *pdf = new QPushButton(tr("Экспорт PDF…"));
    pdf->setObjectName(u"exportPdf"_s);
    connect(csv, &QPushButton::clicked, this, [this] { exportWith(false); });
    connect(pdf, &QPushButton::clicked, this, [this] { exportWith(true); });
    top->addWidget(csv);
    top->addWidget(pdf);
    root->addLayout(top);

    m_tabs = new QTabWidget;
    m_tabs->setObjectName(u"tabs"_s);
    m_tabs->addTab(buildNowTab(), tr("Сейчас"));
    m_hours = new ChartPanel(ChartPanel::Mode::Hours);
    m_hours->setObjectName(u"hoursPanel"_s);
    m_tabs->addTab(m_hours, tr("По часам"));
    m_days = new ChartPanel(ChartPanel::Mode::Days);
    m_days->setObjectName(u"daysPanel"_s);
    m_tabs->addTab(m_days, tr("По дням"));
    m_tabs->addTab(buildStaffTab(), tr("Сотрудники"));
    m_tabs->addTab(buildQualityTab(), tr("Качество"));
    m_tabs->addTab(buildNormsTab(), tr("Нормативы"));
    root->addWidget(m_tabs, 1);

    m_message = new QLabel;
    m_message->setObjectName(u"message"_s);
    m_message->setWordWrap(true);
    root->addWidget(m_message);
    setCentralWidget(central);

    connect(m_centre, &QComboBox::currentIndexChanged, this, [this] {
        QSettings().setValue(u"dashboard/centre"_s, selectedCentre());
        handleCentreChanged();
    });
    // The tab shown last time.
    m_tabs->setCurrentIndex(
        std::clamp(QSettings().value(u"dashboard/tab"_s, 0).toInt(), 0, m_tabs->count() - 1));
    connect(m_tabs, &QTabWidget::currentChanged, this,
            [](int i) { QSettings().setValue(u"dashboard/tab"_s, i); });
    connect(m_from, &QDateEdit::dateChanged, this, [this] { m_periodTimer.start(); });
    connect(m_to, &QDateEdit::dateChanged, this, [this] { m_periodTimer.start(); });
}

QWidget *DashboardWindow::buildNowTab()
{
    auto *w = new QWidget;
    auto *box = new QVBoxLayout(w);
    m_nowLabel = new QLabel;
    m_nowLabel->setObjectName(u"nowLabel"_s);
    m_nowLabel->setStyleSheet(u"font-size:12pt; font-weight:600;"_s);
    box->addWidget(m_nowLabel);
    auto *todayNote = new QLabel(tr("Ждут и дольше всех ждёт — сейчас; ожидание, приём, обслужено и неявки — "
                                    "сегодня с начала дня, в рабочем времени; цвет — против норматива."));
    todayNote->setWordWrap(true);
    box->addWidget(todayNote);
    auto *roles = newTable(u"rolesTable"_s, &m_roles, false);
    roles->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    roles->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    roles->horizontalHeader()->setStretchLastSection(false); // every section stretches alike
    roles->setSelectionMode(QAbstractItemView::NoSelection);
    roles->setStyleSheet(u"QTableView { font-size: 11pt; } QHeaderView { font-size: 9pt; }"_s);
    roles->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    roles->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    roles->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    roles->verticalHeader()->setDefaultSectionSize(30);
    roles->setSizeAdjustPolicy(QAbstractScrollArea::AdjustToContents);
    m_rolesView = roles;
    box->addWidget(roles);

    // With several centres: which of them is behind, a row each (sortable by any column).
    m_perCentreBox = new QWidget;
    m_perCentreBox->setObjectName(u"perCentreBox"_s);
    auto *pbox = new QVBoxLayout(m_perCentreBox);
    pbox->setContentsMargins(0, 2, 0, 0);
    pbox->setSpacing(2);
    auto *perTitle = new QLabel(tr("<b>По центрам</b> — ждут, дольше всех ждёт и сверх нормы — сейчас; "
                                   "среднее ожидание и доля в норме — сегодня; цвет — против нормативов "
                                   "своего ЦОК. Щелчок по заголовку упорядочивает."));
    perTitle->setWordWrap(true);
    pbox->addWidget(perTitle);
    auto *per = newTable(u"perCentreTable"_s, &m_perCentre, true);
    per->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    per->horizontalHeader()->setSectionResizeMode(PerCentreName, QHeaderView::ResizeToContents);
    per->horizontalHeader()->setMinimumSectionSize(48);    // fourteen columns fit 1366 pixels
    per->horizontalHeader()->setStretchLastSection(false); // every section stretches alike
    per->setSelectionMode(QAbstractItemView::NoSelection);
    per->setStyleSheet(u"QTableView { font-size: 11pt; } QHeaderView { font-size: 9pt; }"_s);
    per->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    per->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    per->verticalHeader()->setDefaultSectionSize(28);
    m_perCentreView = per;
    pbox->addWidget(per);
    m_perCentreBox->hide();
    box->addWidget(m_perCentreBox);

    auto *split = new QSplitter(Qt::Horizontal);
    auto *left = new QWidget;
    auto *lbox = new QVBoxLayout(left);
    lbox->setContentsMargins(0, 0, 0, 0);
    auto *desksTitle = new QLabel(tr("Окна"));
    desksTitle->setStyleSheet(u"font-weight:600;"_s);
    lbox->addWidget(desksTitle);
    auto *desks = newTable(u"desksTable"_s, &m_desks, false);
    // The names give way (elided) rather than the ticket and its time on a narrow screen.
    desks->horizontalHeader()->setSectionResizeMode(3, QHeaderView::Stretch);
    desks->horizontalHeader()->setStretchLastSection(false);
    lbox->addWidget(desks);
    split->addWidget(left);
    auto *right = new QWidget;
    auto *rbox = new QVBoxLayout(right);
    rbox->setContentsMargins(0, 0, 0, 0);
    m_alertsLabel = new QLabel;
    m_alertsLabel->setObjectName(u"alertsLabel"_s);
    m_alertsLabel->setStyleSheet(u"font-weight:600;"_s);
    rbox->addWidget(m_alertsLabel);
    rbox->addWidget(newTable(u"alertsTable"_s, &m_alerts, false));
    // The day's end: once tickets are no longer given, who still holds one of the day's tickets —
    // the centre serves them after closing (дообслуживание).
    m_stillToServeBox = new QWidget;
    m_stillToServeBox->setObjectName(u"stillToServeBox"_s);
    auto *sbox = new QVBoxLayout(m_stillToServeBox);
    sbox->setContentsMargins(0, 4, 0, 0);
    m_stillToServeLabel = new QLabel;
    m_stillToServeLabel->setObjectName(u"stillToServeLabel"_s);
    m_stillToServeLabel->setStyleSheet(u"font-weight:600; color:#8a5300;"_s);
    m_stillToServeLabel->setWordWrap(true);
    sbox->addWidget(m_stillToServeLabel);
    sbox->addWidget(newTable(u"stillToServeTable"_s, &m_stillToServe, false));
    m_stillToServeBox->hide();
    rbox->addWidget(m_stillToServeBox);
    split->addWidget(right);
    // About half and half: on 1366 pixels the desks' columns stay in view, and the alerts' last
    // column (the priority category) elides.
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 1);
    split->setSizes({500, 500});
    box->addWidget(split, 1);
    return w;
}

QWidget *DashboardWindow::buildStaffTab()
{
    auto *w = new QWidget;
    auto *box = new QVBoxLayout(w);
    auto *note =
        new QLabel(tr("Этапы, обслуженные до конца за период (принятые и переданные дальше), неявки у "
                      "окна сотрудника; время приёма — рабочее, в норме — по нормативу этапа."));
    note->setWordWrap(true);
    box->addWidget(note);
    box->addWidget(newTable(u"staffTable"_s, &m_staff, true), 1);
    return w;
}

QWidget *DashboardWindow::buildQualityTab()
{
    auto *w = new QWidget;
    auto *box = new QVBoxLayout(w);
    auto *row = new QHBoxLayout;
    row->addWidget(new QLabel(tr("Повторный визит — тот же лицевой счёт в пределах")));
    m_repeatDays = new QSpinBox;
    m_repeatDays->setObjectName(u"repeatDays"_s);
    m_repeatDays->setRange(1, 365);
    m_repeatDays->setValue(30);
    m_repeatDays->setSuffix(tr(" дн."));
    row->addWidget(m_repeatDays);
    row->addWidget(new QLabel(tr("до визита (8.3.2).")));
    row->addStretch(1);
    box->addLayout(row);
    m_qualityLabel = new QLabel;
    m_qualityLabel->setObjectName(u"qualityLabel"_s);
    m_qualityLabel->setStyleSheet(u"font-size:14pt;"_s);
    m_qualityLabel->setWordWrap(true);
    box->addWidget(m_qualityLabel);
    auto *table = newTable(u"qualityTable"_s, &m_quality, false);
    table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    box->addWidget(table, 1);
    connect(m_repeatDays, &QSpinBox::valueChanged, this, [this] { m_periodTimer.start(); });
    return w;
}

QWidget *DashboardWindow::buildNormsTab()
{
    auto *w = new QWidget;
    auto *box = new QVBoxLayout(w);
    auto *group = new QGroupBox(tr("Нормативы ЦОК (Таблица 1 стандарта — рекомендуемые средние значения)"));
    auto *grid = new QGridLayout(group);
    grid->addWidget(new QLabel(tr("Этап")), 0, 0);
    grid->addWidget(new QLabel(tr("Ожидание в очереди, мин")), 0, 1);
    grid->addWidget(new QLabel(tr("Приём, мин")), 0, 2);
    int r = 1;
    for (StageRole role : allStageRoles()) {
        grid->addWidget(new QLabel(ui::DomainText::stageRole(role)), r, 0);
        auto *wait = new QSpinBox;
        wait->setObjectName(u"normWait_"_s + stageRoleName(role));
        auto *service = new QSpinBox;
        service->setObjectName(u"normService_"_s + stageRoleName(role));
        for (QSpinBox *s : {wait, service}) {
            s->setRange(1, 600);
            s->setSuffix(tr(" мин"));
        }
        grid->addWidget(wait, r, 1);
        grid->addWidget(service, r, 2);
        m_waitSpins.append(wait);
        m_serviceSpins.append(service);
        ++r;
    }
    m_saveNorms = new QPushButton(tr("Сохранить нормативы…"));
    m_saveNorms->setObjectName(u"saveNorms"_s);
    grid->addWidget(m_saveNorms, r, 2);
    grid->setColumnStretch(3, 1);
    box->addWidget(group);
    m_normsNote = new QLabel;
    m_normsNote->setObjectName(u"normsNote"_s);
    m_normsNote->setWordWrap(true);
    box->addWidget(m_normsNote);
    auto *title = new QLabel(tr("Журнал изменений нормативов"));
    title->setStyleSheet(u"font-weight:600;"_s);
    box->addWidget(title);
    box->addWidget(newTable(u"normsHistory"_s, &m_history, false), 1);
    connect(m_saveNorms, &QPushButton::clicked, this, &DashboardWindow::saveNorms);
    return w;
}

// ---------------------------------------------------------------------------------------------
// loading

void DashboardWindow::handleReady(const QJsonObject &session)
{
    m_session = session;
    m_reportsMissing = false;
    m_clock.reset();
    // The server's clock first: "today" is the server's day, not this machine's.
    m_client->call(ops::Ping, {}, ui::guarded(this, [this](const Result<QJsonObject> &r) {
                       if (r)
                           m_clock.observe(QDateTime::fromString(r->value(u"serverTime"_s).toString(),
                                                                 Qt::ISODateWithMs));
                       if (!m_periodChosen) {
                           m_periodChosen = true;
                           const QSignalBlocker a(m_from);
                           const QSignalBlocker b(m_to);
                           m_from->setDate(today());
                           m_to->setDate(today());
                       }
                       loadCentres();
                       loadStaff();
                   }));
    // A second look a moment later tells a running clock from a frozen (test) one.
    QTimer::singleShot(1000, this, &DashboardWindow::syncClock);
}

void DashboardWindow::loadCentres()
{
    m_client->call(ops::CentreList, {}, ui::guarded(this, [this](const Result<QJsonObject> &r) {
                       if (!r)
                           return showError(r.error());
                       QList<Centre> centres;
                       for (const auto &v : r->value(u"centres"_s).toArray())
                           if (auto c = protocol::centreFromJson(v.toObject()); c && c->active)
                               centres.append(*c);
                       m_live.setCentres(centres);
                       // The centre shown last time, on the first load; the current one after that.
                       const Id keep = m_centre->count()
                                           ? selectedCentre()
                                           : Id(QSettings().value(u"dashboard/centre"_s, 0).toLongLong());
                       const bool wide = Id(m_session.value(u"centreId"_s).toDouble()) == 0;
                       {
                           const QSignalBlocker block(m_centre);
                           m_centre->clear();
                           if (wide)
                               m_centre->addItem(tr("Все центры"), 0.0);
                           for (const Centre &c : centres)
                               m_centre->addItem(c.name, double(c.id));
                           const int i = m_centre->findData(double(keep));
                           m_centre->setCurrentIndex(i >= 0 ? i : 0);
                       }
                       loadLive();
                       handleCentreChanged();
                   }));
}

void DashboardWindow::loadStaff()
{
    m_client->call(ops::StaffList, {}, ui::guarded(this, [this](const Result<QJsonObject> &r) {
                       if (!r)
                           return;
                       QList<Staff> staff;
                       for (const auto &v : r->value(u"staff"_s).toArray())
                           if (auto s = protocol::staffFromJson(v.toObject()))
                               staff.append(*s);
                       m_live.setStaff(staff);
                       refreshNow();
                   }));
}

void DashboardWindow::loadLive()
{
    for (auto it = m_live.centres().constBegin(); it != m_live.centres().constEnd(); ++it) {
        m_client->call(ops::StatusQuery, {{u"centreId"_s, double(it.key())}},
                       ui::guarded(this, [this](const Result<QJsonObject> &r) {
                           if (!r)
                               return showError(r.error());
                           m_clock.observe(QDateTime::fromString(r->value(u"serverTime"_s).toString(),
                                                                 Qt::ISODateWithMs));
                           m_live.loadSnapshot(*r);
                           refreshNow();
                       }));
    }
}

void DashboardWindow::dashboardCall(const QDate &from, const QDate &to,
                                    std::function<void(const QJsonObject &)> done)
{
    if (m_reportsMissing || !m_client->isReady())
        return;
    QJsonObject body{{u"from"_s, from.toString(Qt::ISODate)},
                     {u"to"_s, to.toString(Qt::ISODate)},
                     {u"repeatWindowDays"_s, m_repeatDays->value()}};
    if (selectedCentre())
        body.insert(u"centreId"_s, double(selectedCentre()));
    m_client->call(ops::Dashboard, body, ui::guarded(this, [this, done](const Result<QJsonObject> &r) {
                       if (!r) {
                           if (r.error().code == ErrorCode::UnknownOperation) {
                               m_reportsMissing = true;
                               m_message->setStyleSheet(u"color:#8a5a00;"_s);
                               m_message->setText(tr("Сервер пока не выдаёт отчёты панели (нет операции "
                                                     "dashboard): показана только текущая обстановка. "
                                                     "Обновите сервер."));
                               return;
                           }
                           return showError(r.error());
                       }
                       clearStaleError(); // the server answers again: an old refusal is history
                       done(*r);
                   }));
}

void DashboardWindow::loadToday()
{
    const int gen = ++m_todayGen;
    const QDate d = today();
    dashboardCall(d, d, [this, gen](const QJsonObject &r) {
        if (gen != m_todayGen)
            return;
        m_today = r;
        refreshNow();
    });
}

void DashboardWindow::loadReport()
{
    m_periodTimer.stop();
    m_reportTimer.stop();
    if (m_from->date() > m_to->date()) {
        m_message->setStyleSheet(u"color:#c62828;"_s);
        m_message->setText(tr("Начало периода позже его конца: поправьте даты."));
        m_showingError = m_periodInvalid = true;
        return;
    }
    if (m_from->date().daysTo(m_to->date()) > 3650) {
        m_message->setStyleSheet(u"color:#c62828;"_s);
        m_message->setText(tr("Период длиннее десяти лет: выберите короче."));
        m_showingError = m_periodInvalid = true;
        return;
    }
    if (m_periodInvalid) { // the dates are right again
        m_periodInvalid = false;
        clearStaleError();
    }
    const int gen = ++m_reportGen;
    dashboardCall(m_from->date(), m_to->date(), [this, gen](const QJsonObject &r) {
        if (gen != m_reportGen)
            return;
        m_report = r;
        refreshReport();
        ui::reportReady(this);
    });
}

void DashboardWindow::loadNormsHistory()
{
    if (!m_client->isReady())
        return;
    // The journal is per centre: for all centres, each one's, merged newest first.
    const int gen = ++m_historyGen;
    const auto scope = m_live.inScope(selectedCentre());
    auto remaining = std::make_shared<int>(int(scope.size()));
    auto merged = std::make_shared<QList<QJsonObject>>();
    for (const CentreLive *c : scope) {
        m_client->call(ops::NormsHistory, {{u"centreId"_s, double(c->centre.id)}, {u"limit"_s, 100}},
                       ui::guarded(this, [this, gen, remaining, merged](const Result<QJsonObject> &r) {
                           if (gen != m_historyGen)
                               return;
                           if (!r && r.error().code != ErrorCode::UnknownOperation)
                               showError(r.error());
                           if (r)
                               for (const auto &v : r->value(u"changes"_s).toArray())
                                   merged->append(v.toObject());
                           if (--*remaining > 0)
                               return;
                           std::sort(merged->begin(), merged->end(),
                                     [](const QJsonObject &a, const QJsonObject &b) {
                                         return a.value(u"seq"_s).toDouble() > b.value(u"seq"_s).toDouble();
                                     });
                           m_normsHistory = {};
                           for (const QJsonObject &o : std::as_const(*merged))
                               m_normsHistory.append(o);
                           refreshNorms(false);
                       }));
    }
}

void DashboardWindow::syncClock()
{
    if (!m_client->isReady())
        return;
    m_client->call(ops::Ping, {}, ui::guarded(this, [this](const Result<QJsonObject> &r) {
                       if (r)
                           m_clock.observe(QDateTime::fromString(r->value(u"serverTime"_s).toString(),
                                                                 Qt::ISODateWithMs));
                   }));
}

void DashboardWindow::handleEvent(const QString &type, qint64 seq, const QJsonObject &payload, Id centreId)
{
    const bool visitChanged = m_live.applyEvent(type, seq, payload, centreId);
    if (type == protocol::events::CentreChanged && payload.contains(u"centre"_s)) {
        // A centre opened, renamed or closed down: the selector and the live state follow.
        const QJsonObject c = payload.value(u"centre"_s).toObject();
        const int i = m_centre->findData(c.value(u"id"_s).toDouble());
        if ((i < 0) == c.value(u"active"_s).toBool(true) ||
            (i >= 0 && m_centre->itemText(i) != c.value(u"name"_s).toString()))
            loadCentres();
    }
    if (type == protocol::events::CentreChanged) {
        if (payload.contains(u"norms"_s))
            loadNormsHistory();
        refreshNorms(false);
    }
    if (visitChanged) {
        const Id sel = selectedCentre();
        if (sel == 0 || sel == centreId) {
            if (!m_todayTimer.isActive())
                m_todayTimer.start();
            if (reportIncludesToday() && !m_reportTimer.isActive())
                m_reportTimer.start();
        }
    }
    refreshNow();
}

void DashboardWindow::tick()
{
    refreshNow();
}

void DashboardWindow::handleCentreChanged()
{
    m_today = {};
    m_report = {};
    m_normsHistory = {};
    refreshNow();
    refreshReport();
    refreshNorms(true);
    loadToday();
    loadReport();
    loadNormsHistory();
}

void DashboardWindow::setPeriod(const QDate &from, const QDate &to)
{
    const QSignalBlocker a(m_from);
    const QSignalBlocker b(m_to);
    m_from->setDate(from);
    m_to->setDate(to);
    loadReport();
}

void DashboardWindow::quickPeriod(int kind)
{
    const QDate t = today();
    switch (kind) {
    case 0:
        return setPeriod(t, t);
    case 1:
        return setPeriod(t.addDays(1 - t.dayOfWeek()), t);
    case 2:
        return setPeriod(QDate(t.year(), t.month(), 1), t);
    default:
        return setPeriod(QDate(t.year(), (t.month() - 1) / 3 * 3 + 1, 1), t);
    }
}

// ---------------------------------------------------------------------------------------------
// what is shown

Id DashboardWindow::selectedCentre() const
{
    return m_centre->count() ? Id(m_centre->currentData().toDouble()) : 0;
}

QString DashboardWindow::scopeName() const
{
    return m_centre->count() ? m_centre->currentText() : tr("Все центры");
}

QTimeZone DashboardWindow::zone() const
{
    const auto scope = m_live.inScope(selectedCentre());
    if (!scope.isEmpty() && scope.first()->centre.schedule.timeZone().isValid())
        return scope.first()->centre.schedule.timeZone();
    return QTimeZone(QByteArrayLiteral("Europe/Moscow"));
}

QDate DashboardWindow::today() const
{
    return m_clock.now().toTimeZone(zone()).date();
}

bool DashboardWindow::reportIncludesToday() const
{
    const QDate t = today();
    return m_from->date() <= t && t <= m_to->date();
}

void DashboardWindow::refreshNow()
{
    const QDateTime now = m_clock.now();
    const auto scope = m_live.inScope(selectedCentre());
    const bool many = scope.size() > 1;

    // The header: the server's time and each centre's state.
    // With several centres each one's state is in the per-centre table; the header counts them.
    QString states;
    if (many) {
        const auto open = std::count_if(scope.cbegin(), scope.cend(), [&](const CentreLive *c) {
            return c->centre.schedule.statusAt(now) == CentreStatus::Open;
        });
        states = tr("открыто ЦОК: %1 из %2").arg(open).arg(scope.size());
    } else if (!scope.isEmpty()) {
        states = ui::DomainText::centreStatus(scope.first()->centre.schedule.statusAt(now));
    }
    m_nowLabel->setText(
        tr("Время сервера %1 · %2").arg(now.toTimeZone(zone()).toString(u"dd.MM.yyyy HH:mm:ss"_s), states));

    // Per stage role: the queue now (core::roleLoads) and today's figures (the `dashboard` op).
    const QList<RoleStatistics> todayRoles = rolesOf(m_today);
    QList<QList<Cell>> rows;
    for (StageRole role : allStageRoles()) {
        int waiting = 0;
        int overdue = 0; // waiting now, already past the norm
        qint64 longest = 0;
        Norm norm;
        bool haveNorm = false;
        double worst = -1; // the longest wait as a share of its own centre's norm
        for (const CentreLive *c : scope) {
            for (const RoleLoad &l : roleLoads(c->centre, c->visits, now)) {
                if (l.role != role)
                    continue;
                waiting += l.waiting;
                overdue += l.waitingOverNorm;
                const double share = double(l.longestWaitSecs) / double(std::max(1, l.norm.waitMinutes * 60));
                if (!haveNorm || share > worst) {
                    worst = share;
                    norm = l.norm;
                    haveNorm = true;
                }
                longest = std::max(longest, l.longestWaitSecs);
            }
        }
        RoleStatistics st;
        st.role = role;
        st.norm = norm;
        for (const RoleStatistics &t : todayRoles)
            if (t.role == role)
                st = t;
        const Norm shownNorm = todayRoles.isEmpty() ? norm : st.norm;
        const double waitNorm = shownNorm.waitMinutes * 60.0;
        const double serviceNorm = shownNorm.serviceMinutes * 60.0;
        const bool haveToday = !m_today.isEmpty();
        const auto dur = [&](const Summary &s, double v, double n) {
            return haveToday && s.count ? Cell::seconds(v, normColour(v, n)) : Cell::of(u"—"_s);
        };
        const auto share = [&](const Summary &s) {
            return haveToday && s.count ? Cell::num(formatShare(s.withinNormShare), s.withinNormShare)
                                        : Cell::of(u"—"_s);
        };
        // Today's waits within the norm: the visitors called in time, out of those called and those
        // still waiting past the norm — a wait already over the norm counts before it ends.
        const auto waitShare = [&]() {
            const int of = st.wait.count + overdue;
            if (!haveToday || of == 0)
                return Cell::of(u"—"_s);
            const double v = double(st.wait.withinNorm) / double(of);
            Cell cell = Cell::num(formatShare(v), v);
            cell.toolTip = tr("%1 из %2: вызваны в пределах норматива — из вызванных сегодня (%3) и ещё "
                              "ждущих сверх норматива (%4)")
                               .arg(st.wait.withinNorm)
                               .arg(of)
                               .arg(st.wait.count)
                               .arg(overdue);
            return cell;
        };
        const auto count = [&](int n) {
            return haveToday ? Cell::num(QString::number(n), n) : Cell::of(u"—"_s);
        };
        rows.append(
            {Cell::of(ui::DomainText::stageRole(role)), Cell::num(QString::number(waiting), waiting),
             waiting ? Cell::seconds(double(longest), normColour(double(longest), norm.waitMinutes * 60.0))
                     : Cell::of(u"—"_s),
             Cell::of(normMinutes(shownNorm.waitMinutes)), dur(st.wait, st.wait.mean, waitNorm),
             dur(st.wait, st.wait.p90, waitNorm), waitShare(), dur(st.service, st.service.mean, serviceNorm),
             dur(st.service, st.service.p90, serviceNorm), Cell::of(normMinutes(shownNorm.serviceMinutes)),
             share(st.service), count(st.served), count(st.noShows)});
    }
    m_roles.setRows(rows);
    // Exactly the three rows: the room below is the desks' and the alerts'.
    m_rolesView->setFixedHeight(m_rolesView->horizontalHeader()->sizeHint().height() +
                                m_roles.rowCount() * m_rolesView->verticalHeader()->defaultSectionSize() +
                                2 * m_rolesView->frameWidth());

    // Desks: state, who, and the ticket at it.
    rows.clear();
    for (const CentreLive *c : scope) {
        QList<Desk> desks = c->desks;
        std::sort(desks.begin(), desks.end(),
                  [](const Desk &a, const Desk &b) { return a.number < b.number; });
        for (const Desk &d : desks) {
            if (!d.active)
                continue;
            const DeskActivity a = deskActivity(d, c->visits);
            QString who;
            if (d.staffId)
                who = c->deskStaff.contains(d.id) ? c->deskStaff.value(d.id).fullName
                                                  : m_live.staffName(d.staffId);
            QString ticket;
            Cell since = Cell::of(QString());
            if (const Visit *v = visitAtDesk(d, c->visits)) {
                const Stage &s = *v->currentStage();
                ticket = s.ticket + (s.state == StageState::Called ? tr(" (вызван)") : tr(" (на приёме)"));
                if (s.state == StageState::InService && s.startedAt.isValid()) {
                    const double secs = double(c->centre.schedule.workingSeconds(s.startedAt, now));
                    since = Cell::seconds(secs,
                                          normColour(secs, c->centre.norms.of(s.role).serviceMinutes * 60.0));
                }
            }
            rows.append({Cell::of(c->centre.name), Cell::num(tr("Окно %1").arg(d.number), d.number),
                         Cell{deskActivityTitle(a), {}, deskActivityColour(a), false, {}}, Cell::of(who),
                         Cell::of(ticket), since});
        }
    }
    m_desks.setRows(rows);

    // Alerts: everyone past the norm, longest first.
    QList<std::pair<const CentreLive *, Alert>> alerts;
    for (const CentreLive *c : scope)
        for (const Alert &a : overdueStages(c->centre, c->visits, now))
            alerts.append({c, a});
    std::stable_sort(alerts.begin(), alerts.end(),
                     [](const auto &a, const auto &b) { return a.second.seconds > b.second.seconds; });
    rows.clear();
    int waits = 0;
    for (const auto &[c, a] : alerts) {
        const bool wait = a.kind == AlertKind::Wait;
        waits += wait ? 1 : 0;
        const double over = double(a.seconds - a.normSecs);
        rows.append({Cell::of(c->centre.name), Cell::of(a.ticket),
                     Cell::of(m_live.queueName(a.centreId, a.queueId)),
                     Cell::of(ui::DomainText::stageRole(a.role)),
                     Cell::of(wait ? tr("ждёт")
                                   : tr("на приёме, окно %1").arg(m_live.deskNumber(a.centreId, a.deskId))),
                     Cell::seconds(double(a.seconds), normColour(double(a.seconds), double(a.normSecs))),
                     Cell::of(normMinutes(int(a.normSecs / 60))),
                     [&] {
                         Cell cell = Cell::seconds(over);
                         cell.text = u"+"_s + cell.text;
                         return cell;
                     }(),
                     Cell::of(priorityTitle(c->centre, a.priority))});
    }
    m_alerts.setRows(rows);

    // The day's end: every ticket of the day not yet served, once no more are given.
    rows.clear();
    int waitingLeft = 0;
    for (const CentreLive *c : scope) {
        for (const StillToServe &s : stillToServe(c->centre, c->visits, now)) {
            waitingLeft += s.state == StageState::Waiting || s.state == StageState::Postponed ? 1 : 0;
            rows.append({Cell::of(c->centre.name), Cell::of(s.ticket),
                         Cell::of(m_live.queueName(c->centre.id, s.queueId)),
                         Cell::of(ui::DomainText::stageState(s.state)),
                         Cell::of(s.queuedAt.toTimeZone(c->centre.schedule.timeZone()).toString(u"HH:mm"_s)),
                         s.deskId ? Cell::num(QString::number(m_live.deskNumber(c->centre.id, s.deskId)),
                                              m_live.deskNumber(c->centre.id, s.deskId))
                                  : Cell::of(QString()),
                         Cell::of(priorityTitle(c->centre, s.priority))});
        }
    }
    m_stillToServe.setRows(rows);
    m_stillToServeBox->setVisible(!rows.isEmpty());
    m_stillToServeLabel->setText(tr("Дообслуживание: талоны на сегодня больше не выдаются, ещё не обслужены "
                                    "%1 (ждут %2, у окон %3)")
                                     .arg(rows.size())
                                     .arg(waitingLeft)
                                     .arg(rows.size() - waitingLeft));
    // The centre's column only when several are shown.
    for (const char *name : {"desksTable", "alertsTable", "stillToServeTable"})
        if (auto *view = findChild<QTableView *>(QString::fromLatin1(name)))
            view->setColumnHidden(0, !many);
    m_alertsLabel->setText(
        alerts.isEmpty() ? tr("Сверх нормы никого нет")
                         : tr("Сверх нормы: ждут %1, на приёме %2").arg(waits).arg(alerts.size() - waits));
    m_alertsLabel->setStyleSheet(alerts.isEmpty() ? u"font-weight:600; color:#1e6b34;"_s
                                                  : u"font-weight:600; color:#c62828;"_s);

    refreshPerCentre(many ? scope : QList<const CentreLive *>{}, now);
}

void DashboardWindow::refreshPerCentre(const QList<const CentreLive *> &scope, const QDateTime &now)
{
    QHash<Id, QList<RoleStatistics>> todayOf;
    for (const auto &v : m_today.value(u"centres"_s).toArray())
        todayOf.insert(Id(v.toObject().value(u"centreId"_s).toDouble()), rolesOf(v.toObject()));
    const bool haveToday = !m_today.isEmpty();
    QList<QList<Cell>> rows;
    for (const CentreLive *c : scope) {
        const CentreStatus status = c->centre.schedule.statusAt(now);
        QList<Cell> row{Cell::of(status == CentreStatus::Open
                                     ? c->centre.name
                                     : c->centre.name + u" — "_s + ui::DomainText::centreStatus(status))};
        const qsizetype overdue = overdueStages(c->centre, c->visits, now).size();
        row.append(Cell::num(QString::number(overdue), double(overdue),
                             overdue ? QColor(0xf6, 0xc4, 0xc4) : QColor()));
        const QList<RoleLoad> loads = roleLoads(c->centre, c->visits, now);
        const QList<RoleStatistics> today = todayOf.value(c->centre.id);
        for (StageRole role : allStageRoles()) {
            RoleLoad load;
            for (const RoleLoad &l : loads)
                if (l.role == role)
                    load = l;
            RoleStatistics st;
            bool haveStats = false;
            for (const RoleStatistics &t : today)
                if (t.role == role) {
                    st = t;
                    haveStats = true;
                }
            const Norm norm = c->centre.norms.of(role);
            const QString tip = tr("%1, %2: норматив ожидания %3, приёма %4")
                                    .arg(c->centre.name, ui::DomainText::stageRole(role),
                                         normMinutes(norm.waitMinutes), normMinutes(norm.serviceMinutes));
            const double waitNorm = norm.waitMinutes * 60.0;
            QList<Cell> cells{
                Cell::num(QString::number(load.waiting), load.waiting),
                load.waiting ? Cell::seconds(double(load.longestWaitSecs),
                                             normColour(double(load.longestWaitSecs), waitNorm))
                             : Cell::of(u"—"_s),
                haveToday && haveStats && st.wait.count
                    ? Cell::seconds(st.wait.mean, normColour(st.wait.mean, waitNorm))
                    : Cell::of(u"—"_s),
                // Within the norm out of those called and those still waiting past it.
                haveToday && haveStats && st.wait.count + load.waitingOverNorm > 0
                    ? Cell::num(formatShare(double(st.wait.withinNorm) /
                                            double(st.wait.count + load.waitingOverNorm)),
                                double(st.wait.withinNorm) / double(st.wait.count + load.waitingOverNorm))
                    : Cell::of(u"—"_s)};
            for (Cell &x : cells) {
                x.toolTip = tip;
                row.append(x);
            }
        }
        rows.append(row);
    }
    m_perCentre.setRows(rows);
    m_perCentreBox->setVisible(!scope.isEmpty());
    // Every centre without scrolling up to six of them; more scroll.
    const int shown = std::clamp(int(rows.size()), 1, 6);
    m_perCentreView->setVerticalScrollBarPolicy(rows.size() > shown ? Qt::ScrollBarAsNeeded
                                                                    : Qt::ScrollBarAlwaysOff);
    m_perCentreView->setFixedHeight(m_perCentreView->horizontalHeader()->sizeHint().height() +
                                    shown * m_perCentreView->verticalHeader()->defaultSectionSize() +
                                    2 * m_perCentreView->frameWidth());
}

void DashboardWindow::refreshReport()
{
    m_hours->setReport(m_report);
    m_days->setReport(m_report);

    // People.
    QHash<Id, QString> centreNames;
    for (const CentreLive *c : m_live.inScope(0))
        centreNames.insert(c->centre.id, c->centre.name);
    QList<QList<Cell>> rows;
    for (const auto &v : m_report.value(u"byStaff"_s).toArray()) {
        const QJsonObject o = v.toObject();
        const Summary s = summaryOf(o.value(u"service"_s));
        const auto role = stageRoleFromName(o.value(u"role"_s).toString());
        const int served = o.value(u"served"_s).toInt();
        const int noShows = o.value(u"noShows"_s).toInt();
        const auto dur = [&](double x) { return s.count ? Cell::seconds(x) : Cell::of(u"—"_s); };
        rows.append(
            {Cell::of(centreNames.value(Id(o.value(u"centreId"_s).toDouble()))),
             Cell::of(o.value(u"fullName"_s).toString()), Cell::of(o.value(u"login"_s).toString()),
             Cell::of(role ? ui::DomainText::stageRole(*role) : QString()),
             Cell::num(QString::number(served), served), Cell::num(QString::number(noShows), noShows),
             dur(s.mean), dur(s.p90), dur(s.max),
             s.count ? Cell::num(formatShare(s.withinNormShare), s.withinNormShare) : Cell::of(u"—"_s)});
    }
    m_staff.setRows(rows);

    // Quality: the selected scope, and each centre beside it when all are shown.
    QList<std::pair<QString, QJsonObject>> columns{{scopeName(), m_report.value(u"quality"_s).toObject()}};
    if (selectedCentre() == 0)
        for (const auto &v : m_report.value(u"centres"_s).toArray())
            columns.append(
                {v.toObject().value(u"name"_s).toString(), v.toObject().value(u"quality"_s).toObject()});
    QStringList headers{tr("Показатель")};
    for (const auto &c : columns)
        headers.append(c.first);
    m_quality.setHeaders(headers);
    const int n = m_report.value(u"repeatWindowDays"_s).toInt(m_repeatDays->value());
    struct Measure
    {
        QString title;
        QString key;
        int kind; // 0 count, 1 decimal, 2 share
    };
    const QList<Measure> measures{
        {tr("Визитов за период"), u"visits"_s, 0},
        {tr("Завершённых визитов"), u"finishedVisits"_s, 0},
        {tr("Контактов на визит (8.3.1: чем меньше, тем лучше)"), u"contactsPerVisit"_s, 1},
        {tr("Вызовов к окну"), u"calledStages"_s, 0},
        {tr("Неявок"), u"noShows"_s, 0},
        {tr("Доля неявок"), u"noShowRate"_s, 2},
        {tr("Визитов с лицевым счётом"), u"visitsWithAccount"_s, 0},
        {tr("Повторных визитов в пределах %1 дн. (8.3.2)").arg(n), u"repeatVisits"_s, 0},
        {tr("Доля повторных визитов"), u"repeatShare"_s, 2},
    };
    rows.clear();
    for (const Measure &m : measures) {
        QList<Cell> row{Cell::of(m.title)};
        for (const auto &c : columns) {
            if (c.second.isEmpty()) {
                row.append(Cell::of(u"—"_s));
                continue;
            }
            const double x = c.second.value(m.key).toDouble();
            row.append(Cell::num(m.kind == 0   ? QString::number(qint64(x))
                                 : m.kind == 1 ? formatDecimal(x, 2)
                                               : formatShare(x),
                                 x));
        }
        rows.append(row);
    }
    m_quality.setRows(rows);
    const QJsonObject q = m_report.value(u"quality"_s).toObject();
    m_qualityLabel->setText(
        q.isEmpty()
            ? tr("Нет данных за период.")
            : tr("Контактов на визит: <b>%1</b> · повторных визитов за %2 дн.: <b>%3</b> · неявок: <b>%4</b>")
                  .arg(formatDecimal(q.value(u"contactsPerVisit"_s).toDouble(), 2))
                  .arg(n)
                  .arg(formatShare(q.value(u"repeatShare"_s).toDouble()),
                       formatShare(q.value(u"noShowRate"_s).toDouble())));
}

void DashboardWindow::refreshNorms(bool force)
{
    const Id id = selectedCentre();
    const CentreLive *c = id ? m_live.centre(id) : nullptr;
    const bool manager = m_session.value(u"role"_s).toString() == u"manager"_s;
    const auto spinsShow = [&](const Norms &n) {
        const auto roles = allStageRoles();
        for (int i = 0; i < roles.size(); ++i)
            if (m_waitSpins[i]->value() != n.of(roles[i]).waitMinutes ||
                m_serviceSpins[i]->value() != n.of(roles[i]).serviceMinutes)
                return false;
        return true;
    };
    if (c) {
        // Do not overwrite what the manager is typing, unless the centre changed.
        if (force || m_shownNormsCentre != id || spinsShow(m_shownNorms)) {
            const auto roles = allStageRoles();
            for (int i = 0; i < roles.size(); ++i) {
                m_waitSpins[i]->setValue(c->centre.norms.of(roles[i]).waitMinutes);
                m_serviceSpins[i]->setValue(c->centre.norms.of(roles[i]).serviceMinutes);
            }
            m_shownNorms = c->centre.norms;
            m_shownNormsCentre = id;
        }
        QList<QList<Cell>> rows;
        for (StageRole r : allStageRoles())
            rows.append({Cell::of(ui::DomainText::stageRole(r)),
                         Cell::num(QString::number(c->centre.norms.of(r).waitMinutes), 0),
                         Cell::num(QString::number(c->centre.norms.of(r).serviceMinutes), 0)});
        m_norms.setRows(rows);
    } else {
        m_norms.setRows({});
    }
    const bool editable = c && manager && m_client->isReady();
    for (QSpinBox *s : m_waitSpins + m_serviceSpins)
        s->setEnabled(editable);
    m_saveNorms->setEnabled(editable);
    m_normsNote->setText(!c ? tr("Выберите ЦОК, чтобы увидеть и изменить его нормативы.")
                         : !manager ? tr("Нормативы меняет только руководитель.")
                                    : tr("Изменение применяется сразу ко всем отчётам и оповещениям «%1» "
                                         "и записывается в журнал: кто, когда, было и стало.")
                                          .arg(c->centre.name));

    QList<QList<Cell>> rows;
    const auto normText = [](const QJsonObject &n) {
        return tr("ожидание %1, приём %2")
            .arg(normMinutes(n.value(u"waitMinutes"_s).toInt()),
                 normMinutes(n.value(u"serviceMinutes"_s).toInt()));
    };
    for (const auto &v : std::as_const(m_normsHistory)) {
        const QJsonObject o = v.toObject();
        const QDateTime at = QDateTime::fromString(o.value(u"at"_s).toString(), Qt::ISODateWithMs);
        const Id cid = Id(o.value(u"centreId"_s).toDouble());
        const CentreLive *cc = m_live.centre(cid);
        const auto role = stageRoleFromName(o.value(u"role"_s).toString());
        rows.append(
            {Cell::num(at.toTimeZone(zone()).toString(u"dd.MM.yyyy HH:mm"_s), double(at.toMSecsSinceEpoch())),
             Cell::of(cc ? cc->centre.name : QString::number(cid)),
             Cell::of(o.value(u"actorName"_s).toString()),
             Cell::of(role ? ui::DomainText::stageRole(*role) : o.value(u"role"_s).toString()),
             Cell::of(normText(o.value(u"before"_s).toObject())),
             Cell::of(normText(o.value(u"after"_s).toObject()))});
    }
    m_history.setRows(rows);
}

void DashboardWindow::saveNorms()
{
    const Id id = selectedCentre();
    const CentreLive *c = id ? m_live.centre(id) : nullptr;
    if (!c)
        return;
    QList<std::pair<StageRole, Norm>> changes;
    QStringList lines;
    const auto roles = allStageRoles();
    for (int i = 0; i < roles.size(); ++i) {
        const Norm before = c->centre.norms.of(roles[i]);
        const Norm after{m_waitSpins[i]->value(), m_serviceSpins[i]->value()};
        if (before == after)
            continue;
        if (!Norms::isValid(after)) {
            m_message->setStyleSheet(u"color:#c62828;"_s);
            m_message->setText(tr("Норматив должен быть от 1 до 600 минут."));
            return;
        }
        changes.append({roles[i], after});
        lines.append(tr("%1: ожидание %2 → %3 мин, приём %4 → %5 мин")
                         .arg(ui::DomainText::stageRole(roles[i]))
                         .arg(before.waitMinutes)
                         .arg(after.waitMinutes)
                         .arg(before.serviceMinutes)
                         .arg(after.serviceMinutes));
    }
    if (changes.isEmpty())
        return showInfo(tr("Нормативы не изменились."));
    const QString question = tr("Изменить нормативы ЦОК «%1»?\n\n%2\n\nИзменение будет записано в журнал.")
                                 .arg(c->centre.name, lines.join(u'\n'));
    if (!m_confirm(question))
        return showInfo(tr("Нормативы не изменены."));
    auto remaining = std::make_shared<int>(int(changes.size()));
    auto failed = std::make_shared<bool>(false);
    for (const auto &[role, norm] : changes) {
        m_client->call(
            ops::NormsSet,
            {{u"centreId"_s, double(id)},
             {u"role"_s, stageRoleName(role)},
             {u"waitMinutes"_s, norm.waitMinutes},
             {u"serviceMinutes"_s, norm.serviceMinutes}},
            ui::guarded(this,
                        [this, id, remaining, failed](const Result<QJsonObject> &r) {
                            if (!r) {
                                *failed = true;
                                showError(r.error());
                            } else if (auto n = protocol::normsFromJson(r->value(u"norms"_s).toObject())) {
                                QList<Centre> centres;
                                for (const CentreLive *x : m_live.inScope(0))
                                    centres.append(x->centre);
                                for (Centre &x : centres)
                                    if (x.id == id)
                                        x.norms = *n;
                                m_live.setCentres(centres);
                            }
                            if (--*remaining == 0) {
                                if (!*failed)
                                    showInfo(tr("Нормативы сохранены и записаны в журнал."));
                                refreshNorms(true);
                                refreshNow();
                                loadNormsHistory();
                                loadToday();
                                loadReport();
                            }
                        }),
            true);
    }
}

// ---------------------------------------------------------------------------------------------
// export

ReportHeader DashboardWindow::reportHeader() const
{
    ReportHeader h;
    h.title = m_tabs->tabText(m_tabs->currentIndex());
    const int tab = m_tabs->currentIndex();
    if (tab == HoursTab)
        h.title += u" ("_s + m_hours->roleTitle() + u")"_s;
    if (tab == DaysTab)
        h.title += u" ("_s + m_days->roleTitle() + u")"_s;
    h.centre = scopeName();
    if (tab == NowTab)
        h.period = tr("сейчас и сегодня, %1").arg(formatDate(today()));
    else if (tab == NormsTab)
        h.period = tr("на %1").arg(formatDate(today()));
    else
        h.period = m_from->date() == m_to->date()
                       ? formatDate(m_from->date())
                       : formatDate(m_from->date()) + u" — "_s + formatDate(m_to->date());
    h.madeAt = m_clock.now().toTimeZone(zone()).toString(u"dd.MM.yyyy HH:mm:ss"_s) + u" ("_s +
               QString::fromUtf8(zone().id()) + u")"_s;
    const QJsonObject staff = m_session.value(u"staff"_s).toObject();
    h.madeBy = staff.value(u"fullName"_s).toString() + u" ("_s + staff.value(u"login"_s).toString() + u")"_s;
    return h;
}

QList<ReportSection> DashboardWindow::currentSections() const
{
    switch (m_tabs->currentIndex()) {
    case NowTab:
        if (m_perCentre.rowCount() > 0)
            return {{tr("Очереди по этапам"), &m_roles},
                    {tr("По центрам"), &m_perCentre},
                    {m_alertsLabel->text(), &m_alerts},
                    {tr("Окна"), &m_desks}};
        return {
            {tr("Очереди по этапам"), &m_roles}, {m_alertsLabel->text(), &m_alerts}, {tr("Окна"), &m_desks}};
    case HoursTab:
        return {{tr("По часам дня"), m_hours->table()}};
    case DaysTab:
        return {{tr("По дням"), m_days->table()}};
    case StaffTab:
        return {{tr("Сотрудники"), &m_staff}};
    case QualityTab:
        return {{tr("Показатели качества"), &m_quality}};
    default:
        return {{tr("Нормативы"), &m_norms}, {tr("Журнал изменений нормативов"), &m_history}};
    }
}

bool DashboardWindow::exportCsv(const QString &path)
{
    QString error;
    if (!writeCsv(path, reportHeader(), currentSections(), &error)) {
        m_message->setStyleSheet(u"color:#c62828;"_s);
        m_message->setText(error);
        return false;
    }
    m_lastExport = path;
    showInfo(tr("Отчёт сохранён: %1").arg(path));
    return true;
}

bool DashboardWindow::exportPdf(const QString &path)
{
    QList<QImage> charts;
    if (m_tabs->currentIndex() == HoursTab)
        charts = m_hours->chartImages(QSize(660, 340));
    if (m_tabs->currentIndex() == DaysTab)
        charts = m_days->chartImages(QSize(660, 340));
    QString error;
    if (!writePdf(path, reportHeader(), currentSections(), charts, &error)) {
        m_message->setStyleSheet(u"color:#c62828;"_s);
        m_message->setText(error);
        return false;
    }
    m_lastExport = path;
    showInfo(tr("Отчёт сохранён: %1").arg(path));
    return true;
}

void DashboardWindow::exportWith(bool pdf)
{
    static const char *names[] = {"now", "hours", "days", "staff", "quality", "norms"};
    const QString suggested =
        u"okno-%1-%2.%3"_s.arg(QString::fromLatin1(names[std::clamp(m_tabs->currentIndex(), 0, 5)]),
                               today().toString(Qt::ISODate), pdf ? u"pdf"_s : u"csv"_s);
    const QString path = m_savePath(suggested);
    if (path.isEmpty())
        return;
    pdf ? exportPdf(path) : exportCsv(path);
}

void DashboardWindow::showError(const Error &e)
{
    if (m_client->isSessionRevoked())
        return; // it failed because the session ended: the reason stays on the line
    m_message->setStyleSheet(u"color:#c62828;"_s);
    m_message->setText(ui::errorText(e));
    m_message->setToolTip(ui::errorHint(e));
    qWarning("%s", qUtf8Printable(ui::errorDetail(e)));
    m_showingError = true;
}

void DashboardWindow::clearStaleError()
{
    // A period the person must correct stays on the line until it is corrected: the live figures
    // answering meanwhile do not make it right.
    if (!m_showingError || m_periodInvalid)
        return;
    m_showingError = false;
    m_message->clear();
    m_message->setToolTip({});
}

void DashboardWindow::showInfo(const QString &text)
{
    m_message->setStyleSheet(u"color:#1e6b34;"_s);
    m_message->setText(text);
    m_message->setToolTip({});
    m_showingError = false;
}

} // namespace okno
