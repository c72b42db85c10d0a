#include "ReceptionWindow.h"

#include <core/Visit.h>
#include <protocol/Codec.h>
#include <protocol/Ops.h>
#include <ui/Documents.h>
#include <ui/DomainText.h>
#include <ui/ErrorText.h>
#include <ui/Guarded.h>
#include <ui/ServingDesk.h>
#include <ui/WaitCheck.h>

#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QFormLayout>
#include <QFrame>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QRegularExpression>
#include <QShortcut>
#include <QTableView>
#include <QTimeZone>
#include <QVBoxLayout>

namespace okno {

namespace ops = protocol::ops;

using ui::guarded;

ReceptionWindow::ReceptionWindow(Client *client, QString pdfDir, QWidget *parent)
    : ui::TerminalWindow(client, tr("Окно — администратор"), parent)
    , m_client(client)
    , m_pdfDir(std::move(pdfDir))
{
    buildUi();
    connect(m_client, &Client::stateChanged, this, &ReceptionWindow::updateEnabled);
    connect(m_client, &Client::visitChanged, this, &ReceptionWindow::handleVisitChanged);
    // Lunch, the cut-off and closing come by the clock, without any event.
    m_centreClock.setInterval(15000);
    connect(&m_centreClock, &QTimer::timeout, this, &ReceptionWindow::updateCentreState);
    m_centreClock.start();
    updateEnabled();
}

void ReceptionWindow::buildUi()
{
    m_status = new QLabel;
    m_status->setObjectName(QStringLiteral("centreStatus"));
    topBar()->addWidget(m_status);
    QHBoxLayout *columns = this->columns();

    // --- registration
    auto *reg = new QGroupBox(tr("Регистрация посетителя"));
    auto *form = new QFormLayout(reg);
    m_purpose = new QComboBox;
    m_purpose->setObjectName(QStringLiteral("purpose"));
    m_purpose->setEditable(true);
    m_purpose->addItems({tr("Оплата"), tr("Показания счётчика"), tr("Перерасчёт"), tr("Договор"),
                         tr("Справка"), tr("Жалоба"), tr("Консультация по тарифам")});
    m_purpose->setCurrentText({});
    m_account = new QLineEdit;
    m_account->setObjectName(QStringLiteral("account"));
    m_account->setPlaceholderText(tr("6–20 цифр, необязательно"));
    m_accountError = new QLabel;
    m_accountError->setObjectName(QStringLiteral("accountError"));
    m_accountError->setStyleSheet(QStringLiteral("color:#c62828;"));
    m_name = new QLineEdit;
    m_name->setObjectName(QStringLiteral("customerName"));
    m_priority = new QComboBox;
    m_priority->setObjectName(QStringLiteral("priority"));
    form->addRow(tr("Цель визита"), m_purpose);
    form->addRow(tr("Лицевой счёт"), m_account);
    form->addRow(QString(), m_accountError);
    form->addRow(tr("ФИО"), m_name);
    form->addRow(tr("Льгота"), m_priority);
    connect(m_account, &QLineEdit::textChanged, this, [this] { m_accountError->clear(); });
    const auto routeButton = [&](const QString &text, const QString &code, const QString &key,
                                 const char *name) {
        auto *b = new QPushButton(text + QStringLiteral("  [") + key + QLatin1Char(']'));
        b->setObjectName(QString::fromLatin1(name));
        b->setMinimumHeight(40);
        connect(b, &QPushButton::clicked, this, [this, code] { register_(code); });
        new QShortcut(QKeySequence(key), this, [this, code] { register_(code); });
        m_serverButtons.append(b);
        form->addRow(b);
    };
    routeButton(tr("К консультанту"), QStringLiteral("consult"), QStringLiteral("F2"), "toConsultant");
    routeButton(tr("В кассу"), QStringLiteral("cash"), QStringLiteral("F3"), "toCashier");
    routeButton(tr("К администратору"), QStringLiteral("reception"), QStringLiteral("F4"), "toReception");
    m_ticket = new QLabel(QStringLiteral("—"));
    m_ticket->setObjectName(QStringLiteral("lastTicket"));
    m_ticket->setAlignment(Qt::AlignCenter);
    m_ticket->setStyleSheet(QStringLiteral("font-size:28pt; font-weight:700; padding:4px;"));
    // The number large, how long the visitor waits under it: wrapped, so a long line in either
    // language never widens the window.
    m_ticketWait = new QLabel;
    m_ticketWait->setObjectName(QStringLiteral("lastTicketWait"));
    m_ticketWait->setAlignment(Qt::AlignCenter);
    m_ticketWait->setWordWrap(true);
    m_ticketWait->setStyleSheet(QStringLiteral("font-size:13pt; font-weight:600;"));
    auto *ticketBox = new QFrame;
    ticketBox->setFrameShape(QFrame::StyledPanel);
    auto *ticketLayout = new QVBoxLayout(ticketBox);
    ticketLayout->addWidget(m_ticket);
    ticketLayout->addWidget(m_ticketWait);
    form->addRow(ticketBox);
    m_ticketWarning = new QLabel;
    m_ticketWarning->setObjectName(QStringLiteral("ticketWarning"));
    m_ticketWarning->setWordWrap(true);
    m_ticketWarning->setStyleSheet(QStringLiteral("color:#8a5300; font-weight:600;"));
    form->addRow(m_ticketWarning);
    columns->addWidget(reg, 2);

    // --- own desk
    m_desk = new ui::ServingDesk(m_client, StageRole::Administrator);
    m_desk->addRouteButton(tr("Направить к консультанту"), QStringLiteral("consult"),
                           QStringLiteral("Ctrl+K"), "routeConsultant");
    m_desk->addRouteButton(tr("Направить в кассу"), QStringLiteral("cash"), QStringLiteral("Ctrl+O"),
                           "routeCashier");
    connect(m_desk, &ui::ServingDesk::failed, this, &ReceptionWindow::showError);
    connect(m_desk, &ui::ServingDesk::visitChanged, this, [this](const Visit &v) { m_model.applyVisit(v); });
    connect(m_desk, &ui::ServingDesk::shiftEnded, this, &QWidget::close);
    columns->addWidget(m_desk, 2);

    // --- the centre's queues
    auto *queues = new QGroupBox(tr("Очереди ЦОК"));
    auto *ql = new QVBoxLayout(queues);
    m_table = new QTableView;
    m_table->setObjectName(QStringLiteral("queueTable"));
    m_table->setModel(&m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(ui::QueueModel::Priority, QHeaderView::Stretch);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    ql->addWidget(m_table);
    // Two rows of three: one row of six would set the window's width at 1366×768.
    auto *actions = new QGridLayout;
    const auto tableButton = [&](const QString &text, const char *name, auto &&slot) {
        auto *b = new QPushButton(text);
        b->setObjectName(QString::fromLatin1(name));
        connect(b, &QPushButton::clicked, this, slot);
        const int i = int(m_tableButtons.size());
        m_tableButtons.append(b);
        actions->addWidget(b, i / 3, i % 3);
    };
    tableButton(tr("Отложить"), "postponeSelected", [this] { actOnSelected(ops::VisitPostpone); });
    tableButton(tr("Вернуть в очередь"), "requeueSelected", [this] { actOnSelected(ops::VisitRequeue); });
    tableButton(tr("Льгота…"), "prioritySelected", [this] { changePriority(); });
    tableButton(tr("К консультанту"), "rerouteConsultant",
                [this] { routeSelected(QStringLiteral("consult")); });
    tableButton(tr("В кассу"), "rerouteCash", [this] { routeSelected(QStringLiteral("cash")); });
    tableButton(tr("Отменить"), "cancelSelected", [this] {
        if (QMessageBox::question(this, tr("Отмена визита"), tr("Отменить выбранный визит?"),
                                  QMessageBox::Yes | QMessageBox::No, QMessageBox::No) == QMessageBox::Yes)
            actOnSelected(ops::VisitCancel, {{QStringLiteral("reason"), tr("отменён администратором")}});
    });
    ql->addLayout(actions);
    // One visit, one record: the selected visit's every stage, as the server keeps it.
    m_history = new QLabel;
    m_history->setObjectName(QStringLiteral("visitHistory"));
    m_history->setWordWrap(true);
    m_history->setTextFormat(Qt::PlainText);
    ql->addWidget(m_history);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &ReceptionWindow::showHistory);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &ReceptionWindow::updateEnabled);
    connect(&m_model, &QAbstractItemModel::modelReset, this, &ReceptionWindow::updateEnabled);
    connect(&m_model, &QAbstractItemModel::rowsRemoved, this, &ReceptionWindow::updateEnabled);
    columns->addWidget(queues, 3);

    resize(1340, 740);
}

void ReceptionWindow::statusLoaded(const QJsonObject &status)
{
    m_model.setServerOffsetMs(serverOffsetMs());
    m_desk->setContext(centre(), deskId(), serverOffsetMs());
    m_model.loadSnapshot(status);
    if (const auto c = protocol::centreFromJson(centre()))
        m_schedule = c->schedule;
    updateCentreState();
    const QString keep = m_priority->currentData().toString();
    m_priority->clear();
    m_priority->addItem(tr("нет"), QString());
    for (const auto &p : centre().value(QStringLiteral("priorityCategories")).toArray())
        m_priority->addItem(p.toObject().value(QStringLiteral("title")).toString(),
                            p.toObject().value(QStringLiteral("code")).toString());
    m_priority->setCurrentIndex(std::max(0, m_priority->findData(keep)));
    // The visitor at this desk, if any (after a restart of the app).
    m_desk->adopt(visitAtMyDesk(status));
}

void ReceptionWindow::updateCentreState()
{
    if (!m_schedule)
        return m_status->clear();
    // The core's rule at the server's time, in the terminal's words.
    const QDateTime now = QDateTime::currentDateTimeUtc().addMSecs(serverOffsetMs());
    const TicketRefusal refusal = m_schedule->ticketRefusalAt(now);
    m_status->setText(refusal.refused() ? ui::DomainText::refusal(refusal, *m_schedule, now)
                                        : tr("ЦОК открыт, талоны выдаются"));
}

void ReceptionWindow::handleVisitChanged(const Visit &v, const QString &)
{
    m_model.applyVisit(v);
    m_desk->applyVisit(v);
}

void ReceptionWindow::register_(const QString &queueCode)
{
    if (!m_client->isReady())
        return;
    // Refused at the field: nothing half-written reaches the server.
    const QString account = normaliseAccountNumber(m_account->text().trimmed());
    if (auto s = validateAccountNumber(account); !s) {
        m_accountError->setText(tr("Лицевой счёт — от 6 до 20 цифр (пробелы и дефисы допускаются)."));
        m_account->setFocus();
        return;
    }
    QJsonObject visitor{{QStringLiteral("purpose"), m_purpose->currentText().trimmed()},
                        {QStringLiteral("accountNumber"), account},
                        {QStringLiteral("customerName"), m_name->text().trimmed()},
                        {QStringLiteral("priority"), m_priority->currentData().toString()}};
    const QString priorityTitle =
        m_priority->currentData().toString().isEmpty() ? QString() : m_priority->currentText();
    for (QPushButton *b : std::as_const(m_serverButtons))
        b->setEnabled(false);
    // A wait past closing is said before the ticket is given, not after.
    ui::WaitCheck::thenRun(
        this, m_client, centre(), serverOffsetMs(), queueCode,
        !m_priority->currentData().toString().isEmpty(),
        [this, queueCode, visitor, priorityTitle] { issueTicket(queueCode, visitor, priorityTitle); },
        [this] { updateEnabled(); });
}

void ReceptionWindow::issueTicket(const QString &queueCode, const QJsonObject &visitor,
                                  const QString &priorityTitle)
{
    m_client->issue(
        0, queueCode, visitor,
        guarded(this, [this, priorityTitle](const Result<Visit> &r, QueuePosition pos) {
            updateEnabled();
            if (!r)
                return showError(r.error());
            const Stage &s = *r->currentStage();
            m_lastTicket = s.ticket;
            m_ticket->setText(s.ticket);
            m_ticketWait->setText(
                tr("перед вами: %1, ожидание ≈ %2 мин").arg(pos.ahead).arg(pos.expectedWaitMinutes));
            // The day's end: tell the visitor when the call comes only after closing.
            const bool late =
                m_schedule && m_schedule->expectedAfterClosing(r->createdAt, pos.expectedWaitMinutes);
            m_ticketWarning->setText(
                !late ? QString()
                : m_schedule->serveAfterClosingMinutes() > 0
                    ? tr("Вызов ожидается после закрытия: ЦОК дообслужит — предупредите посетителя.")
                    : tr("Вызов ожидается после закрытия: посетителя могут не успеть обслужить — "
                         "предупредите его."));
            m_purpose->setCurrentText({});
            m_account->clear();
            m_name->clear();
            m_priority->setCurrentIndex(0);
            m_purpose->setFocus();
            ui::TicketInfo t;
            t.centre = centre().value(QStringLiteral("name")).toString();
            t.ticket = s.ticket;
            t.queue = m_model.queueName(s.queueId);
            t.issuedAt = inCentreTime(r->createdAt);
            t.ahead = pos.ahead;
            t.expectedWaitMinutes = pos.expectedWaitMinutes;
            t.priority = priorityTitle;
            if (!m_pdfDir.isEmpty()) {
                QDir().mkpath(m_pdfDir);
                m_lastPdf =
                    QDir(m_pdfDir).filePath(QStringLiteral("ticket-") + s.ticket + QStringLiteral(".pdf"));
                if (auto w = ui::writePdf(ui::ticketHtml(t), m_lastPdf); !w)
                    showError(w.error());
                else
                    showInfo(tr("Талон %1 сохранён: %2").arg(s.ticket, m_lastPdf));
            } else {
                ui::printDocument(ui::ticketHtml(t), this);
            }
        }));
}

void ReceptionWindow::showHistory()
{
    const Id id = selectedVisit();
    if (!id)
        return m_history->clear();
    m_client->call(
        ops::VisitGet, {{QStringLiteral("visitId"), double(id)}},
        guarded(this, [this, id](const Result<QJsonObject> &r) {
            if (!r || selectedVisit() != id)
                return;
            const auto v = protocol::visitFromJson(r->value(QStringLiteral("visit")).toObject());
            if (!v)
                return;
            const auto hhmm = [&](const QDateTime &t) {
                return t.isValid() ? inCentreTime(t).toString(QStringLiteral("HH:mm")) : QStringLiteral("—");
            };
            // Only what happened: «К-006 · Консультант: в очереди с 16:20, вызван в 16:31, приём
            // 16:32–16:45 — обслужен».
            QStringList lines;
            for (const Stage &s : v->stages) {
                QStringList parts{tr("в очереди с %1").arg(hhmm(s.queuedAt))};
                if (s.calledAt.isValid())
                    parts.append(tr("вызван в %1").arg(hhmm(s.calledAt)));
                if (s.startedAt.isValid())
                    parts.append(s.finishedAt.isValid()
                                     ? tr("приём %1–%2").arg(hhmm(s.startedAt), hhmm(s.finishedAt))
                                     : tr("приём с %1").arg(hhmm(s.startedAt)));
                lines.append(QStringLiteral("%1 · %2: %3 — %4")
                                 .arg(s.ticket, ui::DomainText::stageRole(s.role),
                                      parts.join(QStringLiteral(", ")), ui::DomainText::stageState(s.state)));
            }
            m_history->setText(tr("История визита:") + QLatin1Char('\n') + lines.join(QLatin1Char('\n')));
        }));
}

Id ReceptionWindow::selectedVisit() const
{
    const auto rows = m_table->selectionModel()->selectedRows();
    if (rows.isEmpty())
        return 0;
    return Id(rows.first().data(ui::QueueModel::VisitIdRole).toLongLong());
}

void ReceptionWindow::actOnSelected(const QString &op, const QJsonObject &extra)
{
    const Id id = selectedVisit();
    if (!id)
        return showInfo(tr("Выберите визит в таблице."));
    actOn(id, op, extra);
}

void ReceptionWindow::routeSelected(const QString &queueCode)
{
    const auto rows = m_table->selectionModel()->selectedRows();
    const Visit *v = rows.isEmpty() ? nullptr : m_model.visitAt(rows.first().row());
    if (!v)
        return showInfo(tr("Выберите визит в таблице."));
    // Sent into a wait past closing: said to the visitor first.
    ui::WaitCheck::thenRun(this, m_client, centre(), serverOffsetMs(), queueCode, v->isPriority(),
                           [this, id = v->id, queueCode] {
                               actOn(id, ops::VisitRoute, {{QStringLiteral("queueCode"), queueCode}});
                           });
}

void ReceptionWindow::changePriority()
{
    // A visitor's priority changes only by an explicit choice in this dialog, starting from what
    // the visit has now; Cancel (or OK with the same choice) sends nothing.
    const auto rows = m_table->selectionModel()->selectedRows();
    const Visit *v = rows.isEmpty() ? nullptr : m_model.visitAt(rows.first().row());
    if (!v)
        return showInfo(tr("Выберите визит в таблице."));
    const Id id = v->id;
    const QString before = v->priority;
    const QString ticket = v->currentStage()->ticket;
    QDialog dialog(this);
    dialog.setObjectName(QStringLiteral("priorityDialog"));
    dialog.setWindowTitle(tr("Льгота — %1").arg(ticket));
    auto *layout = new QVBoxLayout(&dialog);
    auto *caption = new QLabel(tr("Льготная категория посетителя %1:").arg(ticket));
    layout->addWidget(caption);
    auto *choice = new QComboBox;
    choice->setObjectName(QStringLiteral("priorityChoice"));
    choice->addItem(tr("нет"), QString());
    for (const auto &p : centre().value(QStringLiteral("priorityCategories")).toArray())
        choice->addItem(p.toObject().value(QStringLiteral("title")).toString(),
                        p.toObject().value(QStringLiteral("code")).toString());
    if (choice->findData(before) < 0) // a category the centre no longer lists: shown as it is
        choice->addItem(before, before);
    choice->setCurrentIndex(choice->findData(before));
    layout->addWidget(choice);
    auto *note =
        new QLabel(tr("Посетителя с льготой вызывают раньше других; документ проверяют при вызове."));
    note->setWordWrap(true);
    layout->addWidget(note);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const QString after = choice->currentData().toString();
    if (after == before)
        return showInfo(tr("Льгота посетителя %1 не изменилась.").arg(ticket));
    actOn(id, ops::VisitSetPriority, {{QStringLiteral("priority"), after}});
}

void ReceptionWindow::actOn(Id id, const QString &op, const QJsonObject &extra)
{
    m_client->visitAction(op, id,
                          guarded(this,
                                  [this](const Result<Visit> &r) {
                                      if (!r)
                                          return showError(r.error());
                                      m_model.applyVisit(*r);
                                      showInfo(tr("Готово: %1").arg(r->currentStage()->ticket));
                                  }),
                          extra);
}

void ReceptionWindow::updateEnabled()
{
    const bool ready = m_client->isReady();
    for (QPushButton *b : std::as_const(m_serverButtons))
        b->setEnabled(ready);
    const bool selected = selectedVisit() != 0;
    for (QPushButton *b : std::as_const(m_tableButtons))
        b->setEnabled(ready && selected);
    m_desk->setServerAvailable(ready);
}

} // namespace okno
