#include "ConnectionBanner.h"

namespace okno::ui {

ConnectionBanner::ConnectionBanner(Client *client, QWidget *parent)
    : QLabel(parent)
{
    setObjectName(QStringLiteral("connectionBanner"));
    setAlignment(Qt::AlignCenter);
    setMargin(6);
    connect(client, &Client::stateChanged, this, &ConnectionBanner::handleStateChanged);
    handleStateChanged(client->state());
}

void ConnectionBanner::handleStateChanged(Client::State state)
{
    if (state == Client::State::Ready) {
        setText(tr("Связь с сервером установлена"));
        setStyleSheet(QStringLiteral("background:#e6f4ea; color:#1e6b34; font-weight:600;"));
    } else {
        setText(tr("Нет связи с сервером — переподключение…"));
        setStyleSheet(QStringLiteral("background:#c62828; color:white; font-weight:700; font-size:15pt;"));
    }
}

} // namespace okno::ui
