#pragma once

namespace okno::ui {

// Gives the application its window icon — the PNGs of resources/icons/<app>.svg that
// okno_app_resources() (cmake/OknoAppResources.cmake) embeds in the executable as
// :/okno/icon/<size>.png — and names its .desktop file (QGuiApplication::desktopFileName), so a
// desktop matches the running window to its menu entry. Call once, after setApplicationName(),
// before the first window (the login dialog included) is shown.
void setApplicationIcon();

} // namespace okno::ui
