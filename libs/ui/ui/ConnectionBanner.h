#pragma once

#include <client/Client.h>

#include <QLabel>

namespace okno::ui {

// Always visible: says plainly whether the server is there. Red while the client is not ready
// (it reconnects by itself) or when the server has ended the session (then why: it does not
// reconnect until someone logs in), a calm green line when it is.
class ConnectionBanner final : public QLabel
{
    Q_OBJECT

public:
    explicit ConnectionBanner(Client *client, QWidget *parent = nullptr);

private:
    void handleStateChanged(Client::State state);

    Client *m_client;
};

} // namespace okno::ui
