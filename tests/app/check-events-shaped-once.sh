#!/usr/bin/env bash
# Every event of the log is shaped in one place, libs/app/app/Events.cpp, and nowhere else: the
# live server and the history generator run the same commands (docs/architecture.md, "The
# application layer"). Fails, naming file and line, where code outside libs/app fills an event's
# payload, type or data by hand.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
found=$(grep -rnE '\.payload[[:space:]]*=[^=]|\.type[[:space:]]*=[[:space:]]*(events::|protocol::events::|names::)|newEvent\(' \
  libs/server libs/history apps --include='*.cpp' --include='*.h' || true)
if [ -n "$found" ]; then
  echo "Events shaped outside libs/app (use okno::app::events or a command of libs/app):"
  echo "$found"
  exit 1
fi
echo "Events are shaped only in libs/app."
