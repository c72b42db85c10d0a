#pragma once

#include "Fixture.h"

#include <history/HistoryGenerator.h>

// A real server on a database that okno-history filled first, with a company-wide manager
// `chief` (password "Director-of-all-7") logged in. Link okno_history to use it.
struct HistoryServer
{
    ServerProcess server;
    okno::HistorySummary generated;
    SyncClient chief;

    // `options.database` is set here; the server's clock starts at `clock`.
    HistoryServer(okno::HistoryOptions options, const QDateTime &clock)
    {
        options.database = server.databaseConfig();
        auto made = okno::generateHistory(options);
        INFO((made ? QString() : made.error().message).toStdString());
        REQUIRE(made);
        generated = *made;
        server.setClock(clock);
        INFO(server.log().toStdString());
        REQUIRE(server.start());
        SyncClient admin;
        REQUIRE(admin.login(server.port(), u"admin"_s, QString::fromLatin1(ServerProcess::kAdminPassword)));
        admin.ok(u"staff.put"_s, {{u"staff"_s, QJsonObject{{u"login"_s, u"chief"_s},
                                                           {u"fullName"_s, u"Руководитель сети"_s},
                                                           {u"role"_s, u"manager"_s},
                                                           {u"centreId"_s, 0}}},
                                  {u"password"_s, u"Director-of-all-7"_s}});
        REQUIRE(chief.login(server.port(), u"chief"_s, u"Director-of-all-7"_s));
    }
};
