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
    connect(client, &Client::certificateRefused, this, [this] { handleStateChanged(m_client->state()); });
    handleStateChanged(client->state());
}

void ConnectionBanner::handleStateChanged(Client::State state)
{
    setToolTip({});
    if (state == Client::State::Ready && m_client->isEncrypted()) {
        // Staff see that the line is protected; IT sees with what, and which certificate.
        setText(tr("Связь с сервером установлена · защищена (%1)").arg(m_client->tlsProtocolName()));
        setToolTip(tr("Сертификат сервера, SHA-256: %1").arg(m_client->serverFingerprint()));
        setStyleSheet(QStringLiteral("background:#e6f4ea; color:#1e6b34; font-weight:600;"));
    } else if (state == Client::State::Ready && !isLoopbackHost(m_client->host())) {
        setText(tr("Связь с сервером установлена · без шифрования"));
        setStyleSheet(QStringLiteral("background:#fff4e5; color:#8a4b00; font-weight:600;"));
    } else if (state == Client::State::Ready) {
        setText(tr("Связь с сервером установлена"));
        setToolTip(tr("Сервер работает на этом компьютере"));
        setStyleSheet(QStringLiteral("background:#e6f4ea; color:#1e6b34; font-weight:600;"));
    } else if (m_client->isCertificateRefused()) {
        setText(tr("Сертификат сервера не принят — соединение остановлено. Сообщите в ИТ-службу"));
        setToolTip(tr("Сервер предъявил сертификат SHA-256 %1, которому этот терминал не доверяет. "
                      "Перезапустите терминал, когда ИТ-служба проверит сервер.")
                       .arg(m_client->serverFingerprint()));
        setStyleSheet(QStringLiteral("background:#c62828; color:white; font-weight:700; font-size:15pt;"));
    } else if (m_client->isSessionRevoked()) {
        setText(tr("Сеанс завершён: %1").arg(DomainText::sessionRevoked(m_client->revokedReason())));
        setStyleSheet(QStringLiteral("background:#c62828; color:white; font-weight:700; font-size:15pt;"));
    } else {
        setText(tr("Нет связи с сервером — переподключение…"));
        setStyleSheet(QStringLiteral("background:#c62828; color:white; font-weight:700; font-size:15pt;"));
    }
}

} // namespace okno::ui
