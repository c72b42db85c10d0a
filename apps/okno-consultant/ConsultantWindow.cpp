#include "ConsultantWindow.h"

#include <core/FrontOffice.h>
#include <protocol/Codec.h>
#include <protocol/Ops.h>
#include <ui/Documents.h>
#include <ui/DomainText.h>
#include <ui/ErrorText.h>
#include <ui/Guarded.h>
#include <ui/ServingDesk.h>

#include <QCheckBox>
#include <QComboBox>
#include <QDateEdit>
#include <QDir>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QShortcut>
#include <QTimeZone>
#include <QVBoxLayout>

namespace okno {

namespace ops = protocol::ops;
using ui::guarded;

ConsultantWindow::ConsultantWindow(Client *client, QString pdfDir, QWidget *parent)
    : ui::TerminalWindow(client, tr("Окно — консультант"), parent)
    , m_client(client)
    , m_pdfDir(std::move(pdfDir))
{
    buildUi();
    connect(m_client, &Client::stateChanged, this, [this] {
        const bool ready = m_client->isReady();
        m_desk->setServerAvailable(ready);
        for (QPushButton *b : std::as_const(m_formButtons))
            b->setEnabled(ready);
    });
    connect(m_client, &Client::visitChanged, this, [this](const Visit &v) {
        m_model.applyVisit(v);
        m_desk->applyVisit(v);
        showWaiting();
    });
    m_desk->setServerAvailable(m_client->isReady());
}

void ConsultantWindow::buildUi()
{
    m_waiting = new QLabel;
    m_waiting->setObjectName(QStringLiteral("waitingCount"));
    topBar()->addWidget(m_waiting);
    QHBoxLayout *columns = this->columns();
    m_desk = new ui::ServingDesk(m_client, StageRole::Consultant);
    m_desk->addRouteButton(tr("Направить в кассу"), QStringLiteral("cash"), QStringLiteral("Ctrl+O"),
                           "routeCashier");
    connect(m_desk, &ui::ServingDesk::failed, this, &ConsultantWindow::showError);
    connect(m_desk, &ui::ServingDesk::visitChanged, this, [this](const Visit &v) { m_model.applyVisit(v); });
    connect(m_desk, &ui::ServingDesk::currentChanged, this, &ConsultantWindow::handleCurrent);
    connect(m_desk, &ui::ServingDesk::shiftEnded, this, &QWidget::close);
    columns->addWidget(m_desk, 2);

    auto *ticket = new QGroupBox(tr("Талон консультации"));
    auto *form = new QFormLayout(ticket);
    m_account = new QLineEdit;
    m_account->setObjectName(QStringLiteral("account"));
    m_group = new QComboBox;
    m_group->setObjectName(QStringLiteral("consumerGroup"));
    for (ConsumerGroup g :
         {ConsumerGroup::Household, ConsumerGroup::Entrepreneur, ConsumerGroup::LegalEntity})
        m_group->addItem(ui::DomainText::consumerGroup(g), consumerGroupName(g));
    m_topic = new QComboBox;
    m_topic->setObjectName(QStringLiteral("topic"));
    m_notes = new QPlainTextEdit;
    m_notes->setObjectName(QStringLiteral("notes"));
    m_notes->setMinimumHeight(90); // what the screen has left goes to the written explanation
    m_outcome = new QComboBox;
    m_outcome->setObjectName(QStringLiteral("outcome"));
    for (auto o : {ConsultationOutcome::Resolved, ConsultationOutcome::FollowUp,
                   ConsultationOutcome::AppealRegistered})
        m_outcome->addItem(ui::DomainText::consultationOutcome(o), consultationOutcomeName(o));
    m_appeal = new QLineEdit;
    m_appeal->setObjectName(QStringLiteral("appealNumber"));
    m_hasNextVisit = new QCheckBox(tr("назначить"));
    m_nextVisit = new QDateEdit(QDate::currentDate().addDays(7));
    m_nextVisit->setObjectName(QStringLiteral("nextVisitDate"));
    m_nextVisit->setCalendarPopup(true);
    m_nextVisit->setDisplayFormat(QStringLiteral("dd.MM.yyyy"));
    auto *next = new QHBoxLayout;
    next->addWidget(m_hasNextVisit);
    next->addWidget(m_nextVisit, 1);
    m_meter = new QLineEdit;
    m_meter->setObjectName(QStringLiteral("meterNumber"));
    m_day = new QLineEdit;
    m_day->setObjectName(QStringLiteral("dayValue"));
    m_night = new QLineEdit;
    m_night->setObjectName(QStringLiteral("nightValue"));
    m_night->setPlaceholderText(tr("однотарифный — пусто"));
    auto *readings = new QHBoxLayout;
    readings->addWidget(m_meter, 2);
    readings->addWidget(m_day, 1);
    readings->addWidget(m_night, 1);
    form->addRow(tr("Лицевой счёт"), m_account);
    form->addRow(tr("Категория"), m_group);
    form->addRow(tr("Тема"), m_topic);
    form->addRow(tr("Разъяснения"), m_notes);
    form->addRow(tr("Результат"), m_outcome);
    form->addRow(tr("№ обращения"), m_appeal);
    form->addRow(tr("Следующий визит"), next);
    form->addRow(tr("Счётчик, день, ночь"), readings);
    const auto button = [&](const QString &text, const QString &key, const char *name, auto &&slot) {
        auto *b = new QPushButton(text + QStringLiteral("  [") + key + QLatin1Char(']'));
        b->setObjectName(QString::fromLatin1(name));
        b->setMinimumHeight(36);
        connect(b, &QPushButton::clicked, this, slot);
        auto *s = new QShortcut(QKeySequence(key), this);
        connect(s, &QShortcut::activated, b, &QPushButton::click);
        m_formButtons.append(b);
        form->addRow(b);
    };
    button(tr("Сохранить талон"), QStringLiteral("Ctrl+S"), "saveConsultation", [this] { save(); });
    button(tr("Печать памятки"), QStringLiteral("Ctrl+P"), "printMemo", [this] { printMemo(); });
    columns->addWidget(ticket, 3);

    resize(1200, 720);
}

void ConsultantWindow::statusLoaded(const QJsonObject &status)
{
    m_model.loadSnapshot(status);
    m_desk->setContext(centre(), deskId(), serverOffsetMs());
    m_myQueues.clear();
    for (const auto &d : status.value(QStringLiteral("desks")).toArray())
        if (Id(d.toObject().value(QStringLiteral("id")).toInteger()) == deskId())
            for (const auto &q : d.toObject().value(QStringLiteral("queueIds")).toArray())
                m_myQueues.append(Id(q.toInteger()));
    showWaiting();
    const QString keep = m_topic->currentData().toString();
    m_topic->clear();
    for (const auto &t : centre().value(QStringLiteral("topics")).toArray())
        if (t.toObject().value(QStringLiteral("active")).toBool(true))
            m_topic->addItem(t.toObject().value(QStringLiteral("title")).toString(),
                             t.toObject().value(QStringLiteral("code")).toString());
    m_topic->setCurrentIndex(std::max(0, m_topic->findData(keep)));
    m_desk->adopt(visitAtMyDesk(status));
}

void ConsultantWindow::showWaiting()
{
    // Those waiting for this desk, not everyone in the centre.
    int waiting = 0;
    for (Id q : std::as_const(m_myQueues))
        waiting += m_model.waitingIn(q);
    m_waiting->setText(tr("В очереди: %1").arg(waiting));
}

void ConsultantWindow::handleCurrent(const std::optional<Visit> &v)
{
    // A new visitor: the ticket starts from what reception recorded.
    if (!v) {
        m_shownVisit = 0;
        m_saved.reset();
        return;
    }
    if (m_shownVisit == v->id)
        return;
    m_shownVisit = v->id;
    m_saved.reset();
    // Nothing of the previous visitor stays: the group is the usual one, the topic the one the
    // purpose reception recorded speaks of (the centre's catalogue decides), else the first.
    m_account->setText(v->accountNumber);
    m_group->setCurrentIndex(0);
    const auto catalogue = protocol::centreFromJson(centre());
    const Topic *guessed = catalogue ? catalogue->topicForPurpose(v->purpose) : nullptr;
    m_topic->setCurrentIndex(guessed ? std::max(0, m_topic->findData(guessed->code)) : 0);
    m_notes->clear();
    m_appeal->clear();
    m_meter->clear();
    m_day->clear();
    m_night->clear();
    m_hasNextVisit->setChecked(false);
    // A week from the centre's today (the server's clock, not this computer's).
    m_nextVisit->setDate(
        inCentreTime(QDateTime::currentDateTimeUtc().addMSecs(serverOffsetMs())).date().addDays(7));
    m_outcome->setCurrentIndex(0);
}

std::optional<QJsonObject> ConsultantWindow::formConsultation(QString *problem) const
{
    const QString account = normaliseAccountNumber(m_account->text().trimmed());
    if (!validateAccountNumber(account)) {
        *problem = tr("Лицевой счёт — от 6 до 20 цифр.");
        return std::nullopt;
    }
    QJsonObject c{{QStringLiteral("accountNumber"), account},
                  {QStringLiteral("consumerGroup"), m_group->currentData().toString()},
                  {QStringLiteral("topic"), m_topic->currentData().toString()},
                  {QStringLiteral("notes"), m_notes->toPlainText().simplified()},
                  {QStringLiteral("outcome"), m_outcome->currentData().toString()},
                  {QStringLiteral("appealNumber"), m_appeal->text().trimmed()}};
    if (m_hasNextVisit->isChecked())
        c.insert(QStringLiteral("nextVisitDate"), m_nextVisit->date().toString(Qt::ISODate));
    if (!m_meter->text().trimmed().isEmpty()) {
        static const QRegularExpression digits(QStringLiteral("^[0-9]{1,9}$"));
        if (!digits.match(m_day->text().trimmed()).hasMatch() ||
            (!m_night->text().trimmed().isEmpty() && !digits.match(m_night->text().trimmed()).hasMatch())) {
            *problem = tr("Показания — целые числа кВт·ч.");
            return std::nullopt;
        }
        QJsonObject reading{{QStringLiteral("meterNumber"), m_meter->text().trimmed()},
                            {QStringLiteral("dayValue"), m_day->text().trimmed().toDouble()}};
        if (!m_night->text().trimmed().isEmpty())
            reading.insert(QStringLiteral("nightValue"), m_night->text().trimmed().toDouble());
        c.insert(QStringLiteral("readings"), QJsonArray{reading});
    }
    return c;
}

void ConsultantWindow::save()
{
    const auto &current = m_desk->current();
    if (!current)
        return showProblem(tr("Нет посетителя у окна."));
    QString problem;
    const auto c = formConsultation(&problem);
    if (!c)
        return showProblem(problem);
    m_client->call(ops::ConsultationSave,
                   {{QStringLiteral("visitId"), double(current->id)}, {QStringLiteral("consultation"), *c}},
                   guarded(this,
                           [this](const Result<QJsonObject> &r) {
                               if (!r)
                                   return showError(r.error());
                               auto saved = protocol::consultationFromJson(
                                   r->value(QStringLiteral("consultation")).toObject(),
                                   QStringLiteral("consultation"));
                               if (saved && saved->visitId == m_shownVisit)
                                   m_saved = *saved;
                               showInfo(tr("Талон консультации сохранён."));
                           }),
                   true);
}

void ConsultantWindow::printMemo()
{
    const auto &current = m_desk->current();
    if (!current)
        return showProblem(tr("Нет посетителя у окна: памятка печатается для посетителя."));
    // The memo says what was recorded: the saved ticket, never a form that may not have been stored.
    if (!m_saved || m_saved->visitId != current->id)
        return showProblem(tr("Сначала сохраните талон консультации: памятка печатается по сохранённому."));
    const Consultation &k = *m_saved;
    ui::MemoInfo m;
    m.centre = centre().value(QStringLiteral("name")).toString();
    m.centreAddress = centre().value(QStringLiteral("address")).toString();
    m.callCentrePhone = centre().value(QStringLiteral("phone")).toString();
    m.ticket = current->currentStage()->ticket;
    m.accountNumber = k.accountNumber;
    // The memo is the visitor's paper: Russian whatever the screen's language.
    m.consumerGroup = ui::documentText::consumerGroup(k.consumerGroup);
    // The centre's catalogue: its own (Russian) title of the topic.
    const auto catalogue = protocol::centreFromJson(centre());
    const Topic *topic = catalogue ? catalogue->topic(k.topic) : nullptr;
    m.topic = topic ? topic->title : k.topic;
    m.outcome = ui::documentText::consultationOutcome(k.outcome);
    m.notes = k.notes;
    if (k.topic == QStringLiteral("contract"))
        m.documents = ui::documentText::contractDocuments(k.consumerGroup);
    m.nextVisit = k.nextVisitDate;
    m.appealNumber = k.appealNumber;
    m.readings = k.readings;
    m.consultant = staff().value(QStringLiteral("fullName")).toString() + QStringLiteral(", ") +
                   staff().value(QStringLiteral("position")).toString();
    m.at = inCentreTime(QDateTime::currentDateTimeUtc().addMSecs(serverOffsetMs()));
    const QString html = ui::memoHtml(m);
    if (m_pdfDir.isEmpty()) {
        ui::printDocument(html, this, ui::PaperSize::A4);
        return;
    }
    QDir().mkpath(m_pdfDir);
    m_lastPdf = QDir(m_pdfDir).filePath(QStringLiteral("memo-") +
                                        (m.ticket.isEmpty() ? QStringLiteral("visitor") : m.ticket) +
                                        QStringLiteral(".pdf"));
    if (auto s = ui::writePdf(html, m_lastPdf, ui::PaperSize::A4); !s)
        return showError(s.error());
    showInfo(tr("Памятка сохранена: %1").arg(m_lastPdf));
}

} // namespace okno
