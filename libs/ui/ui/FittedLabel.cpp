#include "FittedLabel.h"

#include <QEvent>
#include <QFontMetrics>
#include <QTextLayout>

namespace okno::ui {

FittedLabel::FittedLabel(int lines, QWidget *parent)
    : QLabel(parent)
    , m_lines(std::max(1, lines))
{
    setWordWrap(true);
    setTextFormat(Qt::PlainText);
    setAlignment(Qt::AlignLeft | Qt::AlignTop);
    setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Fixed);
    setFixedHeight(fixedHeight());
}

void FittedLabel::setFullText(const QString &text)
{
    m_full = text;
    refit();
}

int FittedLabel::fixedHeight() const
{
    const QMargins m = contentsMargins();
    return m_lines * QFontMetrics(font()).lineSpacing() + m.top() + m.bottom() + 2 * margin();
}

QSize FittedLabel::sizeHint() const
{
    return {QFontMetrics(font()).averageCharWidth() * 20, fixedHeight()};
}

QSize FittedLabel::minimumSizeHint() const
{
    return {QFontMetrics(font()).averageCharWidth() * 4, fixedHeight()};
}

void FittedLabel::resizeEvent(QResizeEvent *event)
{
    QLabel::resizeEvent(event);
    refit();
}

void FittedLabel::changeEvent(QEvent *event)
{
    QLabel::changeEvent(event);
    if (event->type() == QEvent::FontChange || event->type() == QEvent::StyleChange) {
        setFixedHeight(fixedHeight());
        refit();
    }
}

void FittedLabel::refit()
{
    const QFontMetrics fm(font());
    const int width = std::max(1, contentsRect().width() - 2 * margin());
    QStringList out;
    bool cut = false;
    const QStringList paragraphs = m_full.split(QLatin1Char('\n'));
    for (qsizetype p = 0; p < paragraphs.size() && out.size() < m_lines; ++p) {
        QTextLayout layout(paragraphs[p], font());
        layout.beginLayout();
        for (QTextLine line = layout.createLine(); line.isValid(); line = layout.createLine()) {
            line.setLineWidth(width);
            const QString rest = paragraphs[p].mid(line.textStart());
            if (out.size() == m_lines - 1) {
                // The last line there is room for: what is left of this paragraph, and a mark when
                // more paragraphs would follow.
                const bool more = p + 1 < paragraphs.size();
                const QString last = rest + (more ? QStringLiteral(" …") : QString());
                out.append(fm.elidedText(last, Qt::ElideRight, width));
                cut = more || out.constLast() != rest;
                break;
            }
            out.append(paragraphs[p].mid(line.textStart(), line.textLength()).trimmed());
        }
        layout.endLayout();
    }
    // What fits is shown as it is (the label wraps it the same way); what does not is cut to the
    // lines there are, and the whole of it is in the tooltip.
    QLabel::setText(cut ? out.join(QLatin1Char('\n')) : m_full);
    setToolTip(cut ? m_full : QString());
}

} // namespace okno::ui
