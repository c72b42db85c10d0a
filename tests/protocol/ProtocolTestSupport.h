#pragma once

// Readable Catch2 output for the Qt types the protocol tests compare, and small builders.

#include <catch2/catch.hpp>

#include <core/Result.h>

#include <QByteArray>
#include <QDate>
#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>
#include <QTime>

namespace Catch {

template <> struct StringMaker<QString>
{
    static std::string convert(const QString &s) { return '"' + s.toStdString() + '"'; }
};

template <> struct StringMaker<QByteArray>
{
    static std::string convert(const QByteArray &b) { return '"' + b.toStdString() + '"'; }
};

template <> struct StringMaker<QDateTime>
{
    static std::string convert(const QDateTime &t)
    {
        return t.isValid() ? t.toUTC().toString(Qt::ISODateWithMs).toStdString() : std::string("(invalid)");
    }
};

template <> struct StringMaker<QDate>
{
    static std::string convert(const QDate &d)
    {
        return d.isValid() ? d.toString(Qt::ISODate).toStdString() : "(invalid)";
    }
};

template <> struct StringMaker<QTime>
{
    static std::string convert(const QTime &t)
    {
        return t.isValid() ? t.toString(Qt::ISODate).toStdString() : "(invalid)";
    }
};

template <> struct StringMaker<QJsonObject>
{
    static std::string convert(const QJsonObject &o)
    {
        return QJsonDocument(o).toJson(QJsonDocument::Compact).toStdString();
    }
};

template <> struct StringMaker<okno::ErrorCode>
{
    static std::string convert(okno::ErrorCode c) { return okno::errorCodeName(c).toStdString(); }
};

} // namespace Catch

namespace okno::test {

// A JSON object from text written in the test; fails the test if the text is not an object.
inline QJsonObject json(const char *text)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray(text), &error);
    INFO(text);
    REQUIRE(error.error == QJsonParseError::NoError);
    REQUIRE(doc.isObject());
    return doc.object();
}

inline QDateTime utc(int y, int mo, int d, int h, int mi, int s = 0, int ms = 0)
{
    return QDateTime(QDate(y, mo, d), QTime(h, mi, s, ms), Qt::UTC);
}

} // namespace okno::test
