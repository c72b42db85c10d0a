#!/usr/bin/env bash
# Installs the Debian 12 packages Okno needs to build, run and test, if any are missing.
# Uses sudo when not root. Safe to run again: it installs nothing when everything is there.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git ccache
  qt6-base-dev qt6-base-dev-tools libqt6sql6-sqlite libsqlite3-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools
  libqt6opengl6-dev qt6-charts-dev qt6-multimedia-dev qt6-translations-l10n
  libspdlog-dev catch2 libsodium-dev
  openssl tzdata fonts-dejavu-core
  xvfb xauth imagemagick poppler-utils
  # rsvg-convert renders the icons (build); desktop-file-validate and systemd-analyze check
  # resources/ (the test packaging_resources)
  librsvg2-bin desktop-file-utils systemd
  # the .deb packages: man pages from --help, shared-library dependencies, the packages' check
  help2man dpkg-dev fakeroot lintian
  # PostgreSQL: the server's other backend (Qt's QPSQL driver) and the throwaway cluster the tests
  # start of their own (scripts/pg-cluster.sh; nothing uses an installed, running one); libpq's
  # headers for the writer's pipeline (libs/storage/storage/PgPipeline.h)
  libqt6sql6-psql postgresql-15 libpq-dev
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "okno: installing missing packages: ${missing[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "okno: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
