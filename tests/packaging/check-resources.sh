#!/usr/bin/env bash
# check-resources.sh ROOT UNIT SERVER — the test packaging_resources (tests/packaging/CMakeLists.txt).
#   ROOT    the source tree (resources/ is checked)
#   UNIT    the okno-server.service the build generated from resources/systemd/okno-server.service.in
#   SERVER  the okno-server just built: systemd-analyze verify requires ExecStart='s binary to exist,
#           so a copy of UNIT whose ExecStart= runs SERVER is verified (the rest is unchanged)
# Fails — never skips — when desktop-file-validate or systemd-analyze is missing: scripts/deps.sh
# installs them. A warning of either tool fails too (systemd-analyze exits 0 on an unknown key).
set -uo pipefail
root=${1:?usage: check-resources.sh ROOT UNIT SERVER}
unit=${2:?usage: check-resources.sh ROOT UNIT SERVER}
server=$(realpath -m "${3:?usage: check-resources.sh ROOT UNIT SERVER}")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

for tool in desktop-file-validate systemd-analyze; do
  command -v "$tool" >/dev/null || fail "$tool is missing: run scripts/deps.sh (desktop-file-utils, systemd)"
done

# 1. Every GUI app: a .desktop file that validates, names itself in Exec= and Icon=, and has an icon.
shopt -s nullglob
desktops=("$root"/resources/desktop/*.desktop)
[ ${#desktops[@]} -gt 0 ] || fail "no .desktop files in resources/desktop"
for app in $(sed -n 's/^  foreach(app \(.*\))$/\1/p' "$root/apps/CMakeLists.txt"); do
  [ -f "$root/resources/desktop/$app.desktop" ] || fail "$app has no resources/desktop/$app.desktop"
done
for f in "${desktops[@]}"; do
  app=$(basename "$f" .desktop)
  if command -v desktop-file-validate >/dev/null; then
    out=$(desktop-file-validate "$f" 2>&1) || fail "desktop-file-validate $f"
    [ -z "$out" ] || { echo "$out"; fail "desktop-file-validate reports on $f"; }
  fi
  grep -qx "Exec=$app" "$f" || fail "$f: Exec= is not $app"
  grep -qx "Icon=$app" "$f" || fail "$f: Icon= is not $app"
  grep -qx "Categories=Office;.*" "$f" || fail "$f: Categories= does not start with Office;"
  grep -q '^Name\[ru\]=' "$f" && grep -q '^Comment\[ru\]=' "$f" || fail "$f: no Name[ru] or Comment[ru]"
  [ -f "$root/resources/icons/$app.svg" ] || fail "$app has no resources/icons/$app.svg"
done
echo "checked ${#desktops[@]} .desktop files"

# 2. The unit, as systemd would load it.
if [ ! -f "$unit" ]; then
  fail "no generated unit $unit"
elif [ ! -x "$server" ]; then
  fail "no okno-server at $server"
else
  grep -q '^ExecStart=[^ ]*/okno-server ' "$unit" || fail "$unit: ExecStart= does not run okno-server"
  sed "s|^ExecStart=[^ ]*/okno-server |ExecStart=$server |" "$unit" >"$tmp/okno-server.service"
  if command -v systemd-analyze >/dev/null; then
    out=$(cd "$tmp" && systemd-analyze verify "$tmp/okno-server.service" 2>&1) ||
      fail "systemd-analyze verify okno-server.service"
    [ -z "$out" ] || { echo "$out"; fail "systemd-analyze verify reports on okno-server.service"; }
  fi
  for key in 'User=okno' 'StateDirectory=okno' 'LogsDirectory=okno' 'ConfigurationDirectory=okno' \
             'Restart=on-failure' 'RestartForceExitStatus=75' 'ProtectSystem=strict' 'NoNewPrivileges=yes'; do
    grep -qx "$key" "$unit" || fail "$unit: no $key"
  done
  ! grep -q '^SuccessExitStatus=.*\b75\b' "$unit" || fail "$unit: 75 (storage failed) must be restarted, not a success"
  echo "checked $(basename "$unit") with systemd-analyze verify"
fi

# 3. The example server configuration names only keys okno-server reads (group/key in main.cpp).
conf=$root/resources/config/okno-server.conf
keys=$(awk '/^\[/ { g = substr($0, 2, length($0) - 2) } /^;?[A-Za-z]+ = / { sub(/^;/, ""); print g "/" $1 }' "$conf")
[ -n "$keys" ] || fail "$conf lists no keys"
for k in $keys; do
  grep -q "u\"$k\"_s" "$root/apps/okno-server/main.cpp" || fail "$conf: okno-server does not read $k"
done
echo "checked $(wc -w <<<"$keys") keys of okno-server.conf"
# ... and with every key of it in force (paths pointed at a scratch directory), okno-server
# --check-config finds every value sound and no key unknown; a misspelt key it refuses.
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
sed -E 's/^;([A-Za-z]+ = )/\1/' "$conf" |
  sed -E "s|^path = .*|path = $scratch/okno.sqlite|; s|^directory = .*|directory = $scratch|;
          s|^file = .*|file = $scratch/okno.log|; s|^(cert\|key) = .*|\1 =|" >"$scratch/all.conf"
"$server" --config "$scratch/all.conf" --check-config >/dev/null ||
  fail "okno-server --check-config refuses the example with every key in force"
printf '[server]\nprot = 7000\n' >"$scratch/typo.conf"
! "$server" --config "$scratch/typo.conf" --check-config >/dev/null 2>&1 ||
  fail "okno-server --check-config accepts a misspelt key"

[ $failures = 0 ] || { echo "FAIL: $failures problems in resources/"; exit 1; }
echo "resources/ is installable: desktop files, unit and configuration pass."
