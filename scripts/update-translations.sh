#!/usr/bin/env bash
# Refreshes translations/*.ts from the terminals' sources; translate new strings in Qt Linguist.
#   update-translations.sh           refreshes translations/okno_en.ts
#   update-translations.sh FILE.ts   refreshes FILE.ts instead (tests/translations checks a copy)
#   update-translations.sh --dirs    prints the directories it reads
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
# Every directory with tr() strings: the widgets library and each terminal with a window.
dirs=(libs/ui apps/okno-reception apps/okno-consultant apps/okno-cashier apps/okno-dashboard apps/okno-kiosk
  apps/okno-board)
if [ "${1:-}" = "--dirs" ]; then
  printf '%s\n' "${dirs[@]}"
  exit 0
fi
ts=$(realpath -m "${1:-$root/translations/okno_en.ts}")
lupdate=$(command -v lupdate || echo /usr/lib/qt6/bin/lupdate)
cd "$root"
"$lupdate" -no-obsolete -locations none -source-language ru -target-language en "${dirs[@]}" -ts "$ts"
