#pragma once

#include <QObject>
#include <QPointer>

namespace okno::ui {

// A client call's answer may arrive after the widget that asked is gone (the client outlives
// windows): run the callback only while `owner` exists.
template <typename F> auto guarded(QObject *owner, F f)
{
    return [owner = QPointer<QObject>(owner), f = std::move(f)](const auto &...args) {
        if (owner)
            f(args...);
    };
}

} // namespace okno::ui
