// Modal dialogs in GUI tests: a click that opens one does not return until it is closed, so the
// answer is prepared before the click. A timer looks every 20 ms for the dialog among the visible
// top-level widgets and acts on it inside the dialog's own event loop; shown() says afterwards
// whether it ever appeared. It stops when it is destroyed (keep it in the scope of the click).
#pragma once

#include <QApplication>
#include <QElapsedTimer>
#include <QMessageBox>
#include <QPushButton>
#include <QTimer>
#include <QWidget>

#include <functional>
#include <memory>

class OnDialog
{
public:
    // `act` runs once on the first visible top-level widget `match` accepts.
    OnDialog(std::function<bool(QWidget *)> match, std::function<void(QWidget *)> act)
        : m_match(std::move(match))
        , m_act(std::move(act))
    {
        m_timer.setInterval(20);
        QObject::connect(&m_timer, &QTimer::timeout, [this] { poll(); });
        m_timer.start();
    }
    // A dialog by its object name.
    OnDialog(const QString &objectName, std::function<void(QWidget *)> act)
        : OnDialog([objectName](QWidget *w) { return w->objectName() == objectName; }, std::move(act))
    {}

    bool shown() const { return m_shown; }

private:
    void poll()
    {
        const auto widgets = QApplication::topLevelWidgets();
        for (QWidget *w : widgets) {
            if (!w->isVisible() || !m_match(w))
                continue;
            m_shown = true;
            m_timer.stop();
            m_act(w);
            return;
        }
    }

    std::function<bool(QWidget *)> m_match;
    std::function<void(QWidget *)> m_act;
    QTimer m_timer;
    bool m_shown = false;
};

// Answers the next message box with `button`, keeping what it asked and which button was the
// default (the one Enter would have pressed).
class AnswerMessageBox
{
public:
    explicit AnswerMessageBox(QMessageBox::StandardButton button)
        : m_on([](QWidget *w) { return qobject_cast<QMessageBox *>(w) != nullptr; },
               [this, button](QWidget *w) {
                   auto *box = qobject_cast<QMessageBox *>(w);
                   m_text = box->text();
                   m_default = box->defaultButton() ? box->standardButton(box->defaultButton())
                                                    : QMessageBox::NoButton;
                   if (QAbstractButton *b = box->button(button))
                       b->click();
                   else
                       box->reject();
               })
    {}

    bool shown() const { return m_on.shown(); }
    const QString &text() const { return m_text; }
    QMessageBox::StandardButton defaultButton() const { return m_default; }

private:
    QString m_text;
    QMessageBox::StandardButton m_default = QMessageBox::NoButton;
    OnDialog m_on;
};
