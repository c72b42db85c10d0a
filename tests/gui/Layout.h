// What a person would see as broken in a window at a given size: the window that cannot shrink to
// the screen, a widget pushed out of it, a label or a button whose text is cut, a table that hides
// its columns behind a scroll bar. Each problem is one line naming the widget, to act on.
#pragma once

#include <ui/FittedLabel.h>

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QApplication>
#include <QLabel>
#include <QScrollBar>
#include <QStringList>
#include <QTextDocument>
#include <QWidget>

namespace gui {

// "QMainWindow/QWidget/QGroupBox 'Очереди ЦОК'/QPushButton#cancelSelected 'Отменить'"
inline QString describe(const QWidget *w)
{
    QString s = QString::fromLatin1(w->metaObject()->className());
    if (!w->objectName().isEmpty())
        s += QLatin1Char('#') + w->objectName();
    QString text;
    if (const auto *l = qobject_cast<const QLabel *>(w))
        text = l->text();
    else if (const auto *b = qobject_cast<const QAbstractButton *>(w))
        text = b->text();
    if (!text.isEmpty())
        s += QStringLiteral(" '") + text.left(60) + QLatin1Char('\'');
    return s;
}

// Is `w` inside the viewport of a scroll area (where being outside the visible part is the point)?
inline bool scrolled(const QWidget *w, const QWidget *window)
{
    for (const QWidget *p = w->parentWidget(); p && p != window; p = p->parentWidget())
        if (qobject_cast<const QAbstractScrollArea *>(p))
            return true;
    return false;
}

struct LayoutCheck
{
    bool tablesShowAllColumns = true; // a staff table needs no horizontal scrolling
};

// Resizes `window` to `size` (the room a maximised window has on that screen), lets the layout
// settle and lists what does not fit.
inline QStringList layoutProblems(QWidget &window, QSize size, LayoutCheck check = {})
{
    QStringList out;
    window.resize(size);
    for (int i = 0; i < 3; ++i) {
        QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
        QApplication::processEvents();
    }
    if (window.size() != size)
        out << QStringLiteral("the window is %1×%2, not %3×%4 (its minimum is %5×%6)")
                   .arg(window.width())
                   .arg(window.height())
                   .arg(size.width())
                   .arg(size.height())
                   .arg(window.minimumSizeHint().width())
                   .arg(window.minimumSizeHint().height());
    const QRect inside = window.rect();
    const auto widgets = window.findChildren<QWidget *>();
    for (QWidget *w : widgets) {
        if (!w->isVisibleTo(&window) || w->isWindow() || scrolled(w, &window))
            continue;
        const QRect r(w->mapTo(&window, QPoint(0, 0)), w->size());
        if (!inside.contains(r))
            out << QStringLiteral("%1 lies outside the window: %2,%3 %4×%5")
                       .arg(describe(w))
                       .arg(r.x())
                       .arg(r.y())
                       .arg(r.width())
                       .arg(r.height());
        if (auto *label = qobject_cast<QLabel *>(w); label && !label->text().isEmpty()) {
            if (dynamic_cast<okno::ui::FittedLabel *>(label))
                continue; // cuts its own text with «…» and keeps the whole in the tooltip
            if (label->wordWrap()) {
                if (label->height() < label->heightForWidth(label->width()))
                    out << QStringLiteral("%1 needs %2 px of height, has %3")
                               .arg(describe(label))
                               .arg(label->heightForWidth(label->width()))
                               .arg(label->height());
            } else if (label->width() < label->sizeHint().width()) {
                out << QStringLiteral("%1 needs %2 px of width, has %3")
                           .arg(describe(label))
                           .arg(label->sizeHint().width())
                           .arg(label->width());
            }
        } else if (auto *button = qobject_cast<QAbstractButton *>(w); button && !button->text().isEmpty()) {
            if (button->width() < button->sizeHint().width())
                out << QStringLiteral("%1 needs %2 px of width, has %3")
                           .arg(describe(button))
                           .arg(button->sizeHint().width())
                           .arg(button->width());
        } else if (auto *view = qobject_cast<QAbstractItemView *>(w); view && check.tablesShowAllColumns) {
            if (view->horizontalScrollBar()->isVisible())
                out << QStringLiteral("%1 hides columns behind a scroll bar").arg(describe(view));
        }
    }
    return out;
}

} // namespace gui
