#pragma once

#include <QLabel>

namespace okno::ui {

// A label that always takes the same room: its text is wrapped into at most `lines` lines and the
// last one is elided («…») when it does not fit; the whole text is in the tooltip and fullText().
// However long a visitor's name is, what is below it does not move and the window does not grow.
class FittedLabel final : public QLabel
{
public:
    explicit FittedLabel(int lines, QWidget *parent = nullptr);

    void setFullText(const QString &text);
    const QString &fullText() const { return m_full; }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void resizeEvent(QResizeEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void refit();
    int fixedHeight() const;

    int m_lines;
    QString m_full;
};

} // namespace okno::ui
