// Whether a screen speaks one language: every text a person sees on it — titles, labels, buttons
// and their tooltips, group titles, placeholders, list items, tabs, table headers and cells — in
// Russian mode holds no English word, and in English mode no Russian one, except what the company
// or the visitor wrote themselves (names, queues, topics, categories, ticket numbers), which is
// shown as written. Each problem names the widget and the text, to act on.
#pragma once

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QComboBox>
#include <QCoreApplication>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPlainTextEdit>
#include <QRegularExpression>
#include <QSet>
#include <QStringList>
#include <QTabBar>
#include <QTextDocumentFragment>
#include <QTranslator>
#include <QWidget>

#include <algorithm>
#include <stdexcept>

namespace gui {

struct SeenText
{
    QString where; // "QPushButton#callNext"
    QString text;
};

inline QString whereIs(const QWidget *w, const char *what)
{
    QString s = QString::fromLatin1(w->metaObject()->className());
    if (!w->objectName().isEmpty())
        s += QLatin1Char('#') + w->objectName();
    return s + QLatin1Char(' ') + QLatin1String(what);
}

inline QString plainOf(const QString &text, Qt::TextFormat format = Qt::AutoText)
{
    const bool rich = format == Qt::RichText || (format == Qt::AutoText && Qt::mightBeRichText(text));
    return rich ? QTextDocumentFragment::fromHtml(text).toPlainText() : text;
}

// Every text a person can see on `window` as it is now (hidden widgets and pages are not seen).
inline QList<SeenText> seenTexts(QWidget &window)
{
    QList<SeenText> out;
    const auto add = [&](const QWidget *w, const char *what, const QString &text) {
        if (!text.trimmed().isEmpty())
            out.append({whereIs(w, what), text});
    };
    add(&window, "title", window.windowTitle());
    const auto widgets = window.findChildren<QWidget *>();
    for (QWidget *w : widgets) {
        if (!w->isVisibleTo(&window))
            continue;
        add(w, "tooltip", plainOf(w->toolTip()));
        if (auto *l = qobject_cast<QLabel *>(w))
            add(w, "text", plainOf(l->text(), l->textFormat()));
        else if (auto *b = qobject_cast<QAbstractButton *>(w)) {
            add(w, "text", b->text());
            // Buttons that paint more lines than their text say so in properties (the kiosk's).
            add(w, "hint", b->property("hint").toString());
            add(w, "note", b->property("note").toString());
        } else if (auto *g = qobject_cast<QGroupBox *>(w))
            add(w, "title", g->title());
        else if (auto *e = qobject_cast<QLineEdit *>(w))
            add(w, "placeholder", e->placeholderText());
        else if (auto *p = qobject_cast<QPlainTextEdit *>(w))
            add(w, "placeholder", p->placeholderText());
        else if (auto *t = qobject_cast<QTabBar *>(w)) {
            for (int i = 0; i < t->count(); ++i)
                add(w, "tab", t->tabText(i));
        } else if (auto *c = qobject_cast<QComboBox *>(w)) {
            if (!c->isEditable())
                for (int i = 0; i < c->count(); ++i)
                    add(w, "item", c->itemText(i));
        } else if (auto *v = qobject_cast<QAbstractItemView *>(w)) {
            const QAbstractItemModel *m = v->model();
            // A header is read with its table; a combo box's popup list with the combo box.
            if (!m || qobject_cast<QHeaderView *>(w) || qobject_cast<QComboBox *>(w->parentWidget()))
                continue;
            for (int col = 0; col < m->columnCount(); ++col)
                add(w, "header", m->headerData(col, Qt::Horizontal).toString());
            for (int row = 0; row < m->rowCount(); ++row)
                for (int col = 0; col < m->columnCount(); ++col) {
                    add(w, "cell", m->index(row, col).data(Qt::DisplayRole).toString());
                    add(w, "cell tooltip", plainOf(m->index(row, col).data(Qt::ToolTipRole).toString()));
                }
        }
    }
    return out;
}

// What a person would see in the wrong language. `data` are texts the company or visitors wrote
// (shown as written, in whatever language they are); Russian mode allows `latinWords` (key names
// and the like).
inline QStringList languageProblems(const QList<SeenText> &seen, const QString &language, QStringList data,
                                    const QSet<QString> &latinWords = {})
{
    static const QRegularExpression ticket(QStringLiteral("[А-ЯЁ]-\\d{3,}"));
    static const QRegularExpression path(QStringLiteral("(?:^|\\s)/\\S+")); // a file's path is a path
    static const QRegularExpression cyrillic(QStringLiteral("[А-Яа-яЁё]+"));
    static const QRegularExpression latin(QStringLiteral("[A-Za-z]+"));
    // Numbers written the other language's way: «1 234,50» or «85,3» in English, «1,234.50» or
    // «85.3» in Russian (a date «23.11.26», a section «8.3.2» or a time is neither).
    static const QRegularExpression russianNumber(QStringLiteral("(?<![\\d,.])\\d+,\\d{1,2}(?![\\d,.])"));
    static const QRegularExpression englishNumber(
        QStringLiteral("(?<![\\d,.])\\d+\\.\\d{1,2}(?![\\d,.])|\\d,\\d{3}(?!\\d)"));
    // The longest first: «ЦОК Саранск» goes before «Саранск» could leave «ЦОК» behind.
    std::sort(data.begin(), data.end(),
              [](const QString &a, const QString &b) { return a.size() > b.size(); });
    // A name cut with «…» to fit leaves the start of one of its words.
    QStringList dataWords;
    for (const QString &d : std::as_const(data))
        for (auto it = cyrillic.globalMatch(d); it.hasNext();)
            dataWords.append(it.next().captured());
    const auto elidedData = [&](const QString &word) {
        return std::any_of(dataWords.cbegin(), dataWords.cend(),
                           [&](const QString &d) { return word.size() >= 2 && d.startsWith(word); });
    };
    QStringList out;
    for (const SeenText &s : seen) {
        QString rest = s.text;
        for (const QString &d : std::as_const(data))
            if (!d.isEmpty())
                rest.replace(d, QStringLiteral(" "));
        rest.replace(path, QStringLiteral(" "));
        rest.replace(ticket, QStringLiteral(" "));
        const bool elided = s.text.contains(QChar(0x2026));
        QStringList wrong;
        const auto number = (language == QStringLiteral("en") ? russianNumber : englishNumber).match(rest);
        if (number.hasMatch())
            wrong.append(QStringLiteral("number ") + number.captured());
        if (language == QStringLiteral("en")) {
            for (auto it = cyrillic.globalMatch(rest); it.hasNext();) {
                const QString word = it.next().captured();
                if (!(elided && elidedData(word)))
                    wrong.append(word);
            }
        } else {
            for (auto it = latin.globalMatch(rest); it.hasNext();) {
                const QString word = it.next().captured();
                if (!latinWords.contains(word))
                    wrong.append(word);
            }
        }
        if (!wrong.isEmpty())
            out.append(QStringLiteral("%1: «%2» — %3")
                           .arg(s.where, QString(s.text).replace(u'\n', u' ').left(120), wrong.join(u' ')));
    }
    out.removeDuplicates();
    return out;
}

// The translation the apps load for `--lang en`, for as long as it lives (nothing for Russian,
// the source language).
struct UiLanguage
{
    QTranslator translator;
    QString code;
    explicit UiLanguage(QString c)
        : code(std::move(c))
    {
        // The apps set the locale with the language (installTranslations).
        QLocale::setDefault(code == QStringLiteral("en") ? QLocale(QLocale::English, QLocale::UnitedKingdom)
                                                         : QLocale(QLocale::Russian, QLocale::Russia));
        if (code == QStringLiteral("en")) {
            const bool loaded = translator.load(QStringLiteral(":/i18n/okno_en.qm"));
            const bool installed = loaded && QCoreApplication::installTranslator(&translator);
            if (!installed)
                throw std::runtime_error("the English translation did not load");
        }
    }
    ~UiLanguage()
    {
        QLocale::setDefault(QLocale::c());
        if (code == QStringLiteral("en"))
            QCoreApplication::removeTranslator(&translator);
    }
    UiLanguage(const UiLanguage &) = delete;
    UiLanguage &operator=(const UiLanguage &) = delete;
};

} // namespace gui
