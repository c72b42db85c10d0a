#!/usr/bin/env bash
# Builds Okno's Debian packages from a build directory (default build/, made by scripts/build.sh)
# and checks them as an IT department would meet them:
#   1. cpack: okno-server and okno-terminals .deb files in <build>/packages/;
#   2. lintian: no errors (warnings are printed);
#   3. unpacked into a throwaway root (dpkg-deb -x, no root needed): the installed okno-server checks
#      and then runs with the installed configuration, and the installed oknoctl talks to it; the
#      installed unit passes systemd-analyze verify; the desktop files pass desktop-file-validate;
#      the man pages render.
# Exit status 0 when all of it holds.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-${OKNO_BUILD_DIR:-$root/build}}
stamp() { echo "okno-package: $*"; }
fail() { echo "okno-package: FAILED: $*" >&2; exit 1; }

rm -rf "$build/packages"
(cd "$build" && cpack -G DEB --config CPackConfig.cmake >/dev/null) || fail "cpack"
mapfile -t debs < <(ls "$build"/packages/*.deb)
[ ${#debs[@]} -ge 1 ] || fail "no package made"
for deb in "${debs[@]}"; do
  stamp "$(basename "$deb"): $(dpkg-deb -f "$deb" Package) $(dpkg-deb -f "$deb" Version), Depends: $(dpkg-deb -f "$deb" Depends)"
done

stamp "lintian"
lintian --fail-on error --suppress-tags-from-file /dev/null "${debs[@]}" || fail "lintian found errors (above)"

stage=$(mktemp -d)
server_pid=
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  rm -rf "$stage"
}
trap cleanup EXIT
for deb in "${debs[@]}"; do dpkg-deb -x "$deb" "$stage/root"; done
installed=$stage/root

stamp "the installed okno-server and oknoctl"
conf=$installed/etc/okno/okno-server.conf
[ -f "$conf" ] || fail "no /etc/okno/okno-server.conf in the packages"
mkdir -m 700 "$stage/state"
printf 'package-check-password' > "$stage/admin-password"
server=("$installed/usr/bin/okno-server" --config "$conf" --database "$stage/state/okno.sqlite" --port 0)
"${server[@]}" --check-config || fail "okno-server --check-config refused the installed configuration"
"${server[@]}" --port-file "$stage/port" --admin-password-file "$stage/admin-password" \
  >"$stage/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 100); do [ -s "$stage/port" ] && break; sleep 0.1; done
[ -s "$stage/port" ] || { cat "$stage/server.log" >&2; fail "the installed okno-server did not start"; }
ctl=("$installed/usr/bin/oknoctl" --port "$(cat "$stage/port")" --user admin --password-file "$stage/admin-password")
"${ctl[@]}" ping || fail "oknoctl ping"
"${ctl[@]}" centre list || fail "oknoctl centre list"
kill "$server_pid"
wait "$server_pid" || fail "okno-server did not stop cleanly on SIGTERM"
server_pid=

stamp "the installed unit"
unit=$installed/lib/systemd/system/okno-server.service
[ -f "$unit" ] || fail "no okno-server.service in /lib/systemd/system"
# verify needs the programs it names where the unit says: a copy pointing into the stage.
sed "s|/usr/bin/okno-server|$installed/usr/bin/okno-server|; s|/etc/okno/|$installed/etc/okno/|" \
  "$unit" >"$stage/okno-server.service"
out=$(systemd-analyze verify "$stage/okno-server.service" 2>&1) || fail "systemd-analyze verify: $out"
[ -z "$out" ] || fail "systemd-analyze verify: $out"

if ls "$installed"/usr/share/applications/*.desktop >/dev/null 2>&1; then
  stamp "desktop files"
  desktop-file-validate "$installed"/usr/share/applications/*.desktop || fail "desktop-file-validate"
fi

stamp "man pages"
for page in "$installed"/usr/share/man/man1/okno-server.1.gz "$installed"/usr/share/man/man1/oknoctl.1.gz; do
  [ -f "$page" ] || fail "no $(basename "$page")"
  out=$(MANWIDTH=80 man --warnings -l "$page" 2>&1 >/dev/null) || fail "man $(basename "$page"): $out"
  [ -z "$out" ] || fail "man $(basename "$page"): $out"
done
stamp "ok: ${debs[*]##*/}"
