#pragma once

#include <QAbstractButton>

namespace okno {

// A big touch button: a bold title and an optional smaller hint, both wrapped to the width, on a
// rounded panel. Sizes follow the window's unit (setUnit), so the kiosk reads the same on a
// portrait 1080×1920 screen and a landscape 1366×768 one.
class KioskButton final : public QAbstractButton
{
    Q_OBJECT
    // What it says under its title, readable by whatever looks at the screen (tests, accessibility).
    Q_PROPERTY(QString hint READ hint)
    Q_PROPERTY(QString note READ note)

public:
    enum class Tone
    {
        Normal,  // a choice
        Primary, // the main action of the screen
        Quiet    // «Назад»
    };

    explicit KioskButton(const QString &title, const QString &hint = {}, Tone tone = Tone::Normal,
                         QWidget *parent = nullptr);

    QString title() const { return text(); }
    QString hint() const { return m_hint; }
    void setHint(const QString &hint);
    // A second line under the hint in a calmer colour («Сейчас в очереди: 3»).
    QString note() const { return m_note; }
    void setNote(const QString &note);
    void setUnit(qreal px);
    // The screen's main action is larger: the title `titleScale` times the usual size, and the
    // button at least `minimumUnits` high.
    void setEmphasis(qreal titleScale, qreal minimumUnits);

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;
    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QFont titleFont() const;
    QFont hintFont() const;
    int padding() const;
    int textHeight(int textWidth) const;

    QString m_hint;
    QString m_note;
    Tone m_tone;
    qreal m_unit = 20;
    qreal m_titleScale = 1;
    qreal m_minimumUnits = 0;
};

} // namespace okno
