#include "KioskButton.h"

#include <QFontMetrics>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>

namespace okno {

KioskButton::KioskButton(const QString &title, const QString &hint, Tone tone, QWidget *parent)
    : QAbstractButton(parent)
    , m_hint(hint)
    , m_tone(tone)
{
    setText(title);
    setFocusPolicy(Qt::NoFocus); // touch only: no focus frame, no keyboard
    setCursor(Qt::PointingHandCursor);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
}

void KioskButton::setHint(const QString &hint)
{
    m_hint = hint;
    updateGeometry();
    update();
}

void KioskButton::setNote(const QString &note)
{
    if (note == m_note)
        return;
    m_note = note;
    updateGeometry();
    update();
}

void KioskButton::setUnit(qreal px)
{
    m_unit = px;
    updateGeometry();
    update();
}

void KioskButton::setEmphasis(qreal titleScale, qreal minimumUnits)
{
    m_titleScale = titleScale;
    m_minimumUnits = minimumUnits;
    updateGeometry();
    update();
}

QFont KioskButton::titleFont() const
{
    QFont f = font();
    f.setPixelSize(std::max(12, int(m_unit * m_titleScale * (m_tone == Tone::Quiet ? 1.2 : 1.55))));
    f.setBold(true);
    return f;
}

QFont KioskButton::hintFont() const
{
    QFont f = font();
    f.setPixelSize(std::max(10, int(m_unit * 1.05)));
    return f;
}

int KioskButton::padding() const
{
    return int(m_unit * 0.9);
}

int KioskButton::textHeight(int textWidth) const
{
    const int flags = Qt::TextWordWrap;
    int h = QFontMetrics(titleFont()).boundingRect(QRect(0, 0, textWidth, 10000), flags, text()).height();
    const QFontMetrics hm(hintFont());
    for (const QString &line : {m_hint, m_note})
        if (!line.isEmpty())
            h += int(m_unit * 0.3) + hm.boundingRect(QRect(0, 0, textWidth, 10000), flags, line).height();
    return h;
}

int KioskButton::heightForWidth(int width) const
{
    const int minimum =
        int(m_unit * std::max(m_minimumUnits, m_tone == Tone::Quiet ? 3.0 : 4.2)); // over a finger
    return std::max(minimum, textHeight(std::max(1, width - 2 * padding())) + 2 * padding());
}

QSize KioskButton::sizeHint() const
{
    const int w = int(m_unit * (m_tone == Tone::Quiet ? 9 : 16));
    return {w, heightForWidth(w)};
}

QSize KioskButton::minimumSizeHint() const
{
    const int w = int(m_unit * (m_tone == Tone::Quiet ? 7 : 10));
    return {w, heightForWidth(w)};
}

void KioskButton::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    QColor fill;
    QColor border;
    QColor ink;
    QColor hintInk;
    switch (m_tone) {
    case Tone::Primary:
        fill = QColor(0x15, 0x65, 0xc0);
        border = fill.darker(120);
        ink = Qt::white;
        hintInk = QColor(0xe3, 0xf2, 0xfd);
        break;
    case Tone::Normal:
        fill = Qt::white;
        border = QColor(0x15, 0x65, 0xc0);
        ink = QColor(0x0d, 0x2b, 0x52);
        hintInk = QColor(0x45, 0x5a, 0x64);
        break;
    case Tone::Quiet:
        fill = QColor(0xe0, 0xe4, 0xe8);
        border = QColor(0xb0, 0xb8, 0xc0);
        ink = QColor(0x26, 0x32, 0x38);
        hintInk = ink;
        break;
    }
    if (!isEnabled()) {
        fill = QColor(0xee, 0xee, 0xee);
        border = QColor(0xcc, 0xcc, 0xcc);
        ink = hintInk = QColor(0x9e, 0x9e, 0x9e);
    } else if (isDown()) {
        fill = m_tone == Tone::Primary ? fill.darker(125) : QColor(0xbb, 0xde, 0xfb);
    }
    const qreal bw = std::max(2.0, m_unit * 0.12);
    const QRectF frame = QRectF(rect()).adjusted(bw / 2, bw / 2, -bw / 2, -bw / 2);
    QPainterPath path;
    path.addRoundedRect(frame, m_unit * 0.6, m_unit * 0.6);
    p.fillPath(path, fill);
    p.setPen(QPen(border, bw));
    p.drawPath(path);

    const int pad = padding();
    const QRect area = rect().adjusted(pad, pad, -pad, -pad);
    const int total = textHeight(area.width());
    int y = area.top() + std::max(0, (area.height() - total) / 2);
    const int align = (m_tone == Tone::Normal ? Qt::AlignLeft : Qt::AlignHCenter) | Qt::TextWordWrap;
    p.setFont(titleFont());
    p.setPen(ink);
    QRect r = p.boundingRect(QRect(area.left(), y, area.width(), 10000), align, text());
    p.drawText(QRect(area.left(), y, area.width(), r.height()), align, text());
    y += r.height();
    p.setFont(hintFont());
    for (const QString &line : {m_hint, m_note}) {
        if (line.isEmpty())
            continue;
        y += int(m_unit * 0.3);
        p.setPen(line == m_note && isEnabled() && m_tone == Tone::Normal ? QColor(0x2e, 0x7d, 0x32)
                                                                         : hintInk);
        r = p.boundingRect(QRect(area.left(), y, area.width(), 10000), align, line);
        p.drawText(QRect(area.left(), y, area.width(), r.height()), align, line);
        y += r.height();
    }
}

} // namespace okno
