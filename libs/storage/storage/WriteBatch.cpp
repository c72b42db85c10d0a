#include "WriteBatch.h"

namespace okno {

WriteBatch &WriteBatch::putCentre(const Centre &centre)
{
    changes.append(PutCentre{centre});
    return *this;
}

WriteBatch &WriteBatch::putQueue(const Queue &queue)
{
    changes.append(PutQueue{queue});
    return *this;
}

WriteBatch &WriteBatch::putDesk(const Desk &desk)
{
    changes.append(PutDesk{desk});
    return *this;
}

WriteBatch &WriteBatch::putStaff(const Staff &staff, std::optional<QString> newPasswordHash)
{
    changes.append(PutStaff{staff, std::move(newPasswordHash)});
    return *this;
}

WriteBatch &WriteBatch::putVisit(const Visit &visit)
{
    changes.append(PutVisit{visit});
    return *this;
}

WriteBatch &WriteBatch::appendEvent(const Event &event)
{
    changes.append(AppendEvent{event});
    return *this;
}

qsizetype WriteBatch::unnumberedEvents() const
{
    qsizetype n = 0;
    for (const Change &change : changes)
        if (const auto *append = std::get_if<AppendEvent>(&change); append && append->event.seq == 0)
            ++n;
    return n;
}

WriteBatch &WriteBatch::putIdempotency(const QString &key, const QDateTime &createdAt,
                                       const QByteArray &response)
{
    changes.append(PutIdempotency{key, createdAt, response});
    return *this;
}

WriteBatch &WriteBatch::forgetIdempotencyBefore(const QDateTime &before)
{
    changes.append(ForgetIdempotencyBefore{before});
    return *this;
}

WriteBatch &WriteBatch::putSetting(const QString &key, const QString &value)
{
    changes.append(PutSetting{key, value});
    return *this;
}

WriteBatch &WriteBatch::putConsultation(const Consultation &consultation)
{
    changes.append(PutConsultation{consultation});
    return *this;
}

WriteBatch &WriteBatch::putShift(const CashShift &shift)
{
    changes.append(PutShift{shift});
    return *this;
}

WriteBatch &WriteBatch::appendPayment(const Payment &payment)
{
    changes.append(AppendPayment{payment});
    return *this;
}

} // namespace okno
