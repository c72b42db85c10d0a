#!/usr/bin/env bash
# Installs what is missing, builds, and runs Okno: the queue server on an embedded SQLite database
# with a demo centre, plus the staff terminals when a display is available. Ctrl+C stops it all.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${OKNO_BUILD_DIR:-$root/build}
"$root/scripts/build.sh"

data=${OKNO_DATA_DIR:-$root/var/demo}
port=${OKNO_PORT:-7455}
mkdir -p "$data"
server="$build/apps/okno-server/okno-server"
"$server" --database "$data/okno.sqlite" --port "$port" --demo --log-file "$data/okno-server.log" &
server_pid=$!
pids=("$server_pid")
trap 'kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true' EXIT INT TERM

for _ in $(seq 1 50); do
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
  kill -0 "$server_pid" 2>/dev/null || { echo "okno: the server did not start; see $data/okno-server.log" >&2; exit 1; }
  sleep 0.2
done

cat <<EOT

Okno is running: server on 127.0.0.1:$port, database $data/okno.sqlite
  Demo accounts (password okno-demo): admin1 (reception), consult1, consult2, cashier1, manager, board1, kiosk1
  System administrator: admin, password in $data/initial-admin-password
  Try: $build/apps/oknoctl/oknoctl --port $port --user manager --password okno-demo status
EOT

if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  # The demo terminals log in with the demo accounts; a real installation asks in a login dialog.
  start_terminal() { # app user desk
    local bin="$build/apps/$1/$1"
    [ -x "$bin" ] || return 0
    OKNO_PASSWORD=okno-demo "$bin" --port "$port" --user "$2" ${3:+--desk "$3"} --pdf-dir "$data/documents" &
    pids+=("$!")
  }
  start_terminal okno-reception admin1 1
  start_terminal okno-consultant consult1 2
  start_terminal okno-cashier cashier1 4
  start_terminal okno-dashboard manager
  start_terminal okno-board board1
  start_terminal okno-kiosk kiosk1
  echo "  Terminals started; printed documents go to $data/documents as PDF."
else
  echo "  (no display: terminals not started)"
fi
echo "Press Ctrl+C to stop."
wait "$server_pid"
