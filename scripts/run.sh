#!/usr/bin/env bash
# Installs what is missing, builds, and runs Okno: the queue server on an embedded SQLite database
# with a demo centre that lives — okno-demo plays visitors and staff at the server's time — plus
# the terminals when a display is available. Ctrl+C stops it all.
#
# On a fresh database it first creates the demo centre and its accounts, then fills eight weeks of
# history before the demo day (okno-history). The demo day is today while the demo centre is open;
# otherwise the server's clock starts at 10:00 of the next working day and runs from there (and a
# later run goes on from where the last one stopped).
#
# OKNO_DATA_DIR (default var/demo), OKNO_PORT (default 7455), OKNO_DEMO_RATE (visitors an hour,
# default 24), OKNO_DEMO=quiet (no bots: the terminals are the only staff and visitors, so a
# newcomer can walk a visit through reception, consultant and cash desk without a bot calling it
# first), OKNO_NO_BUILD=1 (use the binaries already built in $OKNO_BUILD_DIR).
# A server that stops is started again (as a supervisor would); the terminals stay up and reconnect.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${OKNO_BUILD_DIR:-$root/build}
if [ "${OKNO_NO_BUILD:-}" != 1 ]; then
  "$root/scripts/build.sh"
fi

data=${OKNO_DATA_DIR:-$root/var/demo}
port=${OKNO_PORT:-7455}
db="$data/okno.sqlite"
mkdir -p "$data"
bin="$build/apps"
server="$bin/okno-server/okno-server"
demo="$bin/okno-demo/okno-demo"
zone=Europe/Moscow # the demo centre's time zone

pids=()
demo_pid=""
server_pid=""
cleanup() {
  trap - EXIT INT TERM
  # The bots first, so that they close their desks while the server still answers.
  if [ -n "$demo_pid" ]; then
    kill -TERM "$demo_pid" 2>/dev/null || true
    wait "$demo_pid" 2>/dev/null || true
  fi
  [ -n "$server_pid" ] && kill -TERM "$server_pid" 2>/dev/null || true
  [ ${#pids[@]} -gt 0 ] && kill -TERM "${pids[@]}" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

# Waits until the server `pid` listens: on `port`, or once it has written its port to `file`.
wait_for_server() { # pid port|file:PATH
  for _ in $(seq 1 150); do
    case $2 in
      file:*) [ -s "${2#file:}" ] && return 0 ;;
      *) (exec 3<>"/dev/tcp/127.0.0.1/$2") 2>/dev/null && return 0 ;;
    esac
    kill -0 "$1" 2>/dev/null || { echo "okno: the server did not start; see $data/okno-server.log" >&2; exit 1; }
    sleep 0.2
  done
  echo "okno: the server did not start in 30 s; see $data/okno-server.log" >&2
  exit 1
}

# 1. A fresh database: the demo centre and its accounts, created by the server itself.
if [ ! -f "$db" ]; then
  echo "okno: creating the demo centre «ЦОК Саранск» and its accounts in $db"
  rm -f "$data/bootstrap-port"
  "$server" --database "$db" --port 0 --port-file "$data/bootstrap-port" --demo \
            --log-file "$data/okno-server.log" 2>/dev/null &
  boot_pid=$!
  pids=("$boot_pid")
  wait_for_server "$boot_pid" "file:$data/bootstrap-port"
  kill -TERM "$boot_pid"
  wait "$boot_pid" || true
  pids=()
  rm -f "$data/bootstrap-port"
fi

# 2. Once per database: eight weeks of working days before the demo day.
if [ ! -f "$data/history-done" ]; then
  start=$("$demo" --plan --database "$db" 2>/dev/null)
  day=$(TZ=$zone date -d "$start" +%F)
  from=$(date -d "$day -56 days" +%F)
  to=$(date -d "$day -1 day" +%F)
  echo "okno: filling the history $from … $to (3 centres, ~150 visits a day; about a minute)"
  "$bin/okno-history/okno-history" --database "$db" --centres 3 --from "$from" --to "$to" \
                                   --visits-per-day 150 --quiet | sed 's/^/okno: history: /'
  touch "$data/history-done"
fi

# 3. The demo time, and the server.
start=$("$demo" --plan --database "$db" 2>"$data/plan.txt") || { cat "$data/plan.txt" >&2; exit 1; }
echo "okno: demo time $(TZ=$zone date -d "$start" '+%A %F %H:%M') Moscow — $(sed 's/^okno-demo: //' "$data/plan.txt")"
# In a session of its own (setsid), like the bots: Ctrl+C reaches this script only, and it stops
# the bots before the server, so that they close their desks while the server still answers.
# The demo clock runs on from `start`; a restarted server takes it up where it was.
started_at=$(date +%s)
start_epoch=$(date -u -d "$start" +%s)
start_server() {
  local clock
  clock=$(date -u -d "@$((start_epoch + $(date +%s) - started_at))" +%Y-%m-%dT%H:%M:%SZ)
  setsid "$server" --database "$db" --port "$port" --demo --clock-start "$clock" \
            --log-file "$data/okno-server.log" 2>/dev/null &
  server_pid=$!
}
start_server
wait_for_server "$server_pid" "$port"

# 4. The bots: visitors at the kiosk and at reception; staff at desk 3 and at desks of their own.
if [ "${OKNO_DEMO:-}" = quiet ]; then
  demo_note="quiet (OKNO_DEMO=quiet): no bots, the terminals are the only staff"
elif [ -f "$data/initial-admin-password" ]; then
  setsid "$demo" --port "$port" --admin-password-file "$data/initial-admin-password" \
          --rate "${OKNO_DEMO_RATE:-24}" --verbose 2>>"$data/okno-demo.log" &
  demo_pid=$!
  demo_note="visitors and bot staff play the day (log: $data/okno-demo.log)"
else
  demo_note="no bots: $data/initial-admin-password is gone (okno-demo needs the system administrator)"
fi

cat <<EOT

Okno is running: server on 127.0.0.1:$port, database $db
  Demo: $demo_note
  Demo accounts (password okno-demo): admin1 (reception, desk 1), consult1 (desk 2), consult2, cashier1 (desk 4),
    manager (this centre), director (every centre), board1, kiosk1
  System administrator: admin, password in $data/initial-admin-password
  Try: OKNO_PASSWORD=okno-demo $bin/oknoctl/oknoctl --port $port --user manager status
EOT

if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  # The demo terminals log in with the demo accounts; a real installation asks in a login dialog.
  start_terminal() { # app user desk [more options]
    local app="$bin/$1/$1" user=$2 desk=$3
    shift 3
    [ -x "$app" ] || return 0
    OKNO_PASSWORD=okno-demo "$app" --port "$port" --user "$user" ${desk:+--desk "$desk"} --pdf-dir "$data/documents" \
      "$@" 2>>"$data/terminals.log" &
    pids+=("$!")
  }
  # One screen plays the whole centre here, so every terminal opens as a window of its own; at a
  # desk the staff terminals fill the screen and the board and the kiosk run full screen.
  start_terminal okno-reception admin1 1 --windowed
  start_terminal okno-consultant consult1 2 --windowed
  start_terminal okno-cashier cashier1 4 --windowed
  start_terminal okno-dashboard director ""   # the company-wide manager: every centre, or one
  start_terminal okno-board board1 "" --windowed
  start_terminal okno-kiosk kiosk1 "" --windowed
  echo "  Terminals started; printed documents go to $data/documents as PDF."
else
  echo "  (no display: terminals not started)"
fi
echo "Press Ctrl+C to stop."
# As a supervisor would (systemd's Restart=on-failure): a server that stops — killed, or exit 75
# after a storage failure — is started again; the terminals and the bots stay up and reconnect.
while true; do
  rc=0
  wait "$server_pid" || rc=$?
  echo "okno: the server stopped (exit $rc); starting it again in 2 s — the terminals reconnect by themselves"
  sleep 2
  start_server
done
