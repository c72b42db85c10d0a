// First start: the default centre, the demo accounts and the first system administrator.
#include "QueueService.h"

#include "Passwords.h"
#include "QueueServiceCall.h"

#include <app/Events.h>
#include <logging/Logging.h>
#include <protocol/Codec.h>
#include <protocol/Fields.h>
#include <protocol/Message.h>
#include <protocol/Ops.h>
#include <protocol/Positions.h>

#include <QCoreApplication>
#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QPointer>
#include <QThreadPool>
#include <QTimer>

namespace okno {

using namespace Qt::StringLiterals;
using namespace protocol;

Status QueueService::bootstrap()
{
    WriteBatch batch;
    const QDateTime now = m_clock->now();
    const auto take = [this](IdKind kind) { return m_ids[size_t(kind)].take(); };
    if (m_engine->centres().isEmpty()) {
        // The ids of the first centre, its queues and desks, and the demo's staff: at hand first.
        for (const auto &[kind, count] : {std::pair{IdKind::Centre, 1}, std::pair{IdKind::Queue, 3},
                                          std::pair{IdKind::Desk, 4}, std::pair{IdKind::Staff, 9}})
            if (auto s = ensureIds(kind, count); !s)
                return s;
        Centre c;
        c.id = take(IdKind::Centre);
        c.code = u"MAIN"_s;
        c.name = u"Центр очного обслуживания"_s;
        c.address = u"Адрес не задан"_s;
        c.phone = u"8-800-000-00-00"_s;
        if (m_options.demo) {
            c.code = u"SARANSK"_s;
            c.name = u"ЦОК Саранск"_s;
            c.address = u"г. Саранск, ул. Демонстрационная, 1"_s;
        }
        m_engine->putCentre(c);
        batch.putCentre(c);
        struct QueueSeed
        {
            const char *code;
            QString name;
            QString prefix;
            StageRole role;
        };
        const QList<QueueSeed> seeds{{"reception", u"Администратор"_s, u"А"_s, StageRole::Administrator},
                                     {"consult", u"Консультация"_s, u"К"_s, StageRole::Consultant},
                                     {"cash", u"Касса"_s, u"О"_s, StageRole::Cashier}};
        QList<Id> queueIds;
        for (const auto &s : seeds) {
            Queue q{take(IdKind::Queue), c.id, QString::fromLatin1(s.code), s.name, s.prefix, s.role, true};
            m_engine->putQueue(q);
            batch.putQueue(q);
            queueIds.append(q.id);
        }
        const QList<QPair<int, Id>> deskSeeds{
            {1, queueIds[0]}, {2, queueIds[1]}, {3, queueIds[1]}, {4, queueIds[2]}};
        for (const auto &[number, queueId] : deskSeeds) {
            Desk d;
            d.id = take(IdKind::Desk);
            d.centreId = c.id;
            d.number = number;
            d.name = u"Окно "_s + QString::number(number);
            d.queueIds = {queueId};
            m_engine->putDesk(d);
            batch.putDesk(d);
        }
        batch.appendEvent(app::events::centreChanged(c, 0, now)); // numbered in the commit
        logging::info(u"first start: created centre \"%1\" with queues and desks"_s.arg(c.name));

        if (m_options.demo) {
            struct StaffSeed
            {
                const char *login;
                QString name;
                Role role;
            };
            const QList<StaffSeed> people{
                {"admin1", u"Иванова Мария Петровна"_s, Role::Administrator},
                {"consult1", u"Петров Алексей Сергеевич"_s, Role::Consultant},
                {"consult2", u"Сидорова Елена Викторовна"_s, Role::Consultant},
                {"cashier1", u"Кузнецова Ольга Ивановна"_s, Role::Cashier},
                {"manager", u"Смирнов Игорь Николаевич"_s, Role::Manager},
                {"board1", u"Табло в зале"_s, Role::Board},
                {"kiosk1", u"Терминал у входа"_s, Role::Kiosk},
                {"director", u"Орлова Наталья Андреевна"_s, Role::Manager}, // every centre
            };
            const QByteArray demoHash = passwords::hash(u"okno-demo"_s);
            for (const auto &p : people) {
                const bool companyWide = qstrcmp(p.login, "director") == 0;
                Staff s{take(IdKind::Staff),
                        companyWide ? Id(0) : c.id,
                        QString::fromLatin1(p.login),
                        p.name,
                        companyWide ? u"Руководитель сети ЦОК"_s : protocol::defaultPosition(p.role),
                        p.role,
                        true};
                m_staff.insert(s.id, s);
                m_passwordHashes.insert(s.id, demoHash);
                batch.putStaff(s, QString::fromUtf8(demoHash));
            }
            logging::info(u"demo: staff accounts admin1, consult1, consult2, cashier1, manager, board1, "
                          u"kiosk1, director "
                          u"(password as documented in the README)"_s);
        }
    }
    const bool haveAdmin = std::any_of(m_staff.cbegin(), m_staff.cend(), [](const Staff &s) {
        return s.role == Role::SystemAdministrator && s.active;
    });
    if (!haveAdmin) {
        QString password;
        if (!m_options.adminPasswordFile.isEmpty()) {
            QFile f(m_options.adminPasswordFile);
            if (!f.open(QIODevice::ReadOnly))
                return makeError(ErrorCode::InvalidArgument,
                                 u"cannot read the administrator password file "_s %
                                     m_options.adminPasswordFile);
            password = QString::fromUtf8(f.readAll()).trimmed();
            if (const QString weak = passwords::weaknessOf(password); !weak.isEmpty())
                return makeError(ErrorCode::InvalidArgument, u"administrator password file: "_s % weak);
        } else {
            password = passwords::generate();
            const QString path = m_options.initialPasswordPath;
            QFile f(path);
            if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
                return makeError(ErrorCode::Internal, u"cannot write "_s % path);
            f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
            f.write(password.toUtf8() + '\n');
            f.close();
            logging::warn(u"first start: the password of system administrator \"admin\" is in %1 "
                          u"(readable by this user only); change it and delete the file"_s.arg(
                              QFileInfo(path).absoluteFilePath()));
        }
        if (auto s = ensureIds(IdKind::Staff, 1); !s)
            return s;
        Staff admin{take(IdKind::Staff),
                    0,
                    u"admin"_s,
                    u"Системный администратор"_s,
                    protocol::defaultPosition(Role::SystemAdministrator),
                    Role::SystemAdministrator,
                    true};
        const QByteArray hash = passwords::hash(password);
        m_staff.insert(admin.id, admin);
        m_passwordHashes.insert(admin.id, hash);
        batch.putStaff(admin, QString::fromUtf8(hash));
        batch.appendEvent(app::events::staffChanged(admin, 0, now));
    }
    if (batch.isEmpty())
        return {};
    // At start-up nothing else is running: write synchronously through the journal.
    // Nobody is subscribed yet: its events are counted as published.
    const qsizetype events = batch.unnumberedEvents();
    std::optional<Status> result;
    m_journal->submitNumbered(std::move(batch), [this, &result, events](const Status &s, qint64 firstSeq) {
        result = s;
        if (!s || events == 0)
            return;
        m_lastSeq = std::max(m_lastSeq, firstSeq + events - 1);
        if (firstSeq == m_lastPublished + 1) // else another writer's came between: read from the log
            m_lastPublished = m_lastSeq;
    });
    while (!result)
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
    return *result;
}

} // namespace okno
