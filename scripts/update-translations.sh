#!/usr/bin/env bash
# Refreshes translations/*.ts from the terminals' sources; translate new strings in Qt Linguist.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
lupdate=$(command -v lupdate || echo /usr/lib/qt6/bin/lupdate)
cd "$root"
"$lupdate" -no-obsolete -locations none -source-language ru -target-language en \
  libs/ui apps/okno-reception apps/okno-consultant apps/okno-cashier apps/okno-dashboard apps/okno-kiosk apps/okno-board -ts translations/okno_en.ts
