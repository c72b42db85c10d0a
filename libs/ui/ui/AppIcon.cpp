#include "AppIcon.h"

#include <QFile>
#include <QGuiApplication>
#include <QIcon>

namespace okno::ui {

void setApplicationIcon()
{
    QIcon icon;
    for (const int size : {16, 32, 48, 64, 128, 256}) {
        const QString path = QStringLiteral(":/okno/icon/%1.png").arg(size);
        if (QFile::exists(path))
            icon.addFile(path, QSize(size, size));
    }
    QGuiApplication::setWindowIcon(icon);
    QGuiApplication::setDesktopFileName(QCoreApplication::applicationName());
}

} // namespace okno::ui
