// What GUI tests share: finding a window's widget by name, and reading back a printed PDF.
#pragma once

#include <catch2/catch.hpp>

#include <QProcess>
#include <QString>
#include <QWidget>

namespace gui {

// The child of `w` with that object name; the test stops when there is none.
template <typename T> T *child(QWidget &w, const char *name)
{
    T *c = w.findChild<T *>(QString::fromLatin1(name));
    INFO("widget " << name);
    REQUIRE(c != nullptr);
    return c;
}

// The text of a PDF as a person reads it (pdftotext -layout, from poppler-utils).
inline QString pdfText(const QString &path)
{
    QProcess p;
    p.start(QStringLiteral("pdftotext"), {QStringLiteral("-layout"), path, QStringLiteral("-")});
    REQUIRE(p.waitForFinished(20000));
    return QString::fromUtf8(p.readAllStandardOutput());
}

} // namespace gui
