#include "ConnectionBanner.h"

#include "DomainText.h"

namespace okno::ui {

ConnectionBanner::ConnectionBanner(Client *client, QWidget *parent)
    : QLabel(parent)
    , m_client(client)
{
    setObjectName(QStringLiteral("connectionBanner"));
    setAlignment(Qt::AlignCenter);
    setMargin(6);
    connect(client, &Client::stateChanged, this, &ConnectionBanner::handleStateChanged);
    connect(client, &Client::sessionRevoked, this, [this] { handleStateChanged(m_client->state()); });
    handleStateChanged(client->state());
}

void ConnectionBanner::handleStateChanged(Client::State state)
{
    if (state == Client::State::Ready) {
        setText(tr("Связь с сервером установлена"));
        setStyleSheet(QStringLiteral("background:#e6f4ea; color:#1e6b34; font-weight:600;"));
    } else if (m_client->isSessionRevoked()) {
        setText(tr("Сеанс завершён: %1").arg(DomainText::sessionRevoked(m_client->revokedReason())));
        setStyleSheet(QStringLiteral("background:#c62828; color:white; font-weight:700; font-size:15pt;"));
    } else {
        setText(tr("Нет связи с сервером — переподключение…"));
        setStyleSheet(QStringLiteral("background:#c62828; color:white; font-weight:700; font-size:15pt;"));
    }
}

} // namespace okno::ui
