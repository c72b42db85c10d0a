#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster for the tests: nothing depends on a PostgreSQL already
# installed and running (the packages only provide the programs).
#
#   scripts/pg-cluster.sh start DIR   initdb in DIR, start on a free loopback port, print the URL
#                                     the tests take (postgresql://USER@127.0.0.1:PORT/postgres)
#   scripts/pg-cluster.sh stop DIR    stop it (fast) and remove DIR
#   scripts/pg-cluster.sh run CMD…    a cluster of its own in a temporary directory for as long as
#                                     CMD runs, its URL in OKNO_TEST_POSTGRES; CMD's exit code
#                                     (CTest's *_pg variants of the integration suites)
#
# PostgreSQL refuses to run as root: run as root, the cluster belongs to the `postgres` account
# (created by the postgresql-15 package) and DIR is made its own. Trust authentication on
# loopback only: the cluster lives as long as the test run and listens nowhere else; its socket
# directory is DIR itself.
set -euo pipefail
cmd=${1:?start|stop|run}
if [ "$cmd" = run ]; then
  shift
  [ $# -gt 0 ] || { echo "usage: $0 run COMMAND [ARG…]" >&2; exit 2; }
  dir=$(mktemp -d "${TMPDIR:-/tmp}/okno-pg.XXXXXX")
  trap '"$0" stop "$dir"' EXIT
  OKNO_TEST_POSTGRES=$("$0" start "$dir")
  export OKNO_TEST_POSTGRES
  set +e
  "$@"
  rc=$?
  set -e
  exit $rc
fi
dir=${2:?directory}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)
[ -x "$bin/initdb" ] || { echo "pg-cluster: no PostgreSQL server programs (apt-get install postgresql-15)" >&2; exit 1; }

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
  python3 - <<'PY' 2>/dev/null || shuf -i 20000-60000 -n 1
import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()
PY
}

case "$cmd" in
start)
  mkdir -p "$dir"
  [ "$(id -u)" -eq 0 ] && chown postgres: "$dir"
  chmod 700 "$dir"
  user=$(as_owner id -un)
  as_owner "$bin/initdb" -D "$dir/data" -U "$user" -A trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; exit 1; }
  for attempt in 1 2 3 4 5; do
    port=$(free_port)
    # fsync stays on: acknowledged = committed is what the suites check. Enough connections for
    # two suites at once, each starting servers of a few connections each.
    if as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start \
        -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories='$dir' -c max_connections=300 -c shared_buffers=64MB" \
        >/dev/null 2>&1; then
      echo "postgresql://$user@127.0.0.1:$port/postgres"
      exit 0
    fi
  done
  cat "$dir/server.log" >&2
  exit 1
  ;;
stop)
  if [ -d "$dir/data" ]; then as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true; fi
  rm -rf "$dir"
  ;;
*) echo "usage: $0 start|stop DIR" >&2; exit 2 ;;
esac
