// Time to ready and memory of the terminals: each app started as a desk would start it (server,
// login and desk on the command line), on Qt's offscreen platform, until it shows its first data.
#pragma once

#include <QString>
#include <QStringList>

namespace okno::bench {

struct Ready
{
    double seconds = 0; // process start → "okno-ready" (ui::reportReady)
    double rssMiB = 0;  // VmRSS then
};

// Starts `binary` with `arguments` and OKNO_READY_PROBE set, its settings under `home`; fails when
// it exits or is not ready within 60 s.
Ready startUntilReady(const QString &binary, const QStringList &arguments, const QString &home);

// okno-bench --bare-window: a bare Qt window (a label) shown and painted, then "okno-ready": the
// baseline of the terminals' figures. Returns the process's exit code.
int bareWindow(int argc, char *argv[]);

} // namespace okno::bench
