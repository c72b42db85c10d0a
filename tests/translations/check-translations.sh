#!/usr/bin/env bash
# CI fails when translations are stale. Refreshes a copy of translations/okno_en.ts exactly as
# scripts/update-translations.sh does (the same lupdate, the same directories) and fails, naming the
# context and the source text, when a tr() string is missing from the committed file, an entry is
# unfinished, empty or left over from a string no longer in the sources, when a directory with tr()
# strings is not read by the script, or when code translates in a context the .ts does not have.
# No build and no network: lupdate over the sources, a few seconds.
set -euo pipefail
export LC_ALL=C.UTF-8
root=$(cd "$(dirname "$0")/../.." && pwd)
committed=$root/translations/okno_en.ts
update=$root/scripts/update-translations.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

[ -f "$committed" ] || { echo "FAIL: $committed does not exist"; exit 1; }
cp "$committed" "$tmp/okno_en.ts"
if ! "$update" "$tmp/okno_en.ts" >"$tmp/lupdate.log" 2>&1; then
  cat "$tmp/lupdate.log"
  echo "FAIL: scripts/update-translations.sh (lupdate) failed"
  exit 1
fi
refreshed=$tmp/okno_en.ts

# One line per message: STATE <tab> CONTEXT <tab> SOURCE [<tab> COMMENT], a newline in a source as \n.
# STATE: done, unfinished, vanished, obsolete, or empty (finished with no text: the Russian shows).
messages() {
  awk '
    function text(s, tag,   from, to) {
      from = index(s, "<" tag ">"); to = index(s, "</" tag ">")
      if (!from || !to) return ""
      s = substr(s, from + length(tag) + 2, to - from - length(tag) - 2)
      gsub(/&lt;/, "<", s); gsub(/&gt;/, ">", s); gsub(/&quot;/, "\"", s); gsub(/&apos;/, "\047", s)
      gsub(/&amp;/, "\\&", s)
      return s
    }
    function state(s,   t) {
      t = substr(s, index(s, "<translation"))
      if (t ~ /^<translation[^>]*type="unfinished"/) return "unfinished"
      if (t ~ /^<translation[^>]*type="vanished"/) return "vanished"
      if (t ~ /^<translation[^>]*type="obsolete"/) return "obsolete"
      if (t ~ /^<translation[^>]*\/>/ || t ~ /^<translation[^>]*><\/translation>/ ||
          t ~ /<numerusform><\/numerusform>/ || t ~ /<numerusform\/>/) return "empty"
      return "done"
    }
    /<name>/ && !inmsg { ctx = text($0, "name") }
    /<message[ >]/ { inmsg = 1; buf = "" }
    inmsg { buf = buf == "" ? $0 : buf "\\n" $0 }
    /<\/message>/ {
      inmsg = 0
      sub(/^[ \t]*/, "", buf); gsub(/\\n[ \t]*</, "<", buf) # the file'\''s own line breaks between tags
      line = state(buf) "\t" ctx "\t" text(buf, "source")
      if (index(buf, "<comment>")) line = line "\t" text(buf, "comment")
      print line
    }
  ' "$1"
}
keys() { cut -f2- | sort -u; }

messages "$committed" >"$tmp/committed.txt"
messages "$refreshed" >"$tmp/refreshed.txt"
keys <"$tmp/committed.txt" >"$tmp/committed.keys"
keys <"$tmp/refreshed.txt" >"$tmp/refreshed.keys"

problems=0
report() { # report TITLE < lines of CONTEXT <tab> SOURCE [<tab> COMMENT]
  local title=$1 lines
  lines=$(sed -E 's/\t/: /; s/\t(.*)$/  (comment: \1)/')
  [ -n "$lines" ] || return 0
  echo "$title"
  while IFS= read -r l; do echo "    $l"; done <<<"$lines"
  problems=$((problems + $(wc -l <<<"$lines")))
}

# 1. Strings in the sources that the committed file does not have.
comm -13 "$tmp/committed.keys" "$tmp/refreshed.keys" >"$tmp/missing.keys"
report "Missing from translations/okno_en.ts (new tr() strings; context: source):" <"$tmp/missing.keys"
# 2. Entries without English (unfinished, or finished but empty).
awk -F'\t' '$1 == "unfinished" || $1 == "empty"' "$tmp/committed.txt" | cut -f2- | sort -u |
  comm -12 - "$tmp/refreshed.keys" >"$tmp/unfinished.keys"
report "Not translated in translations/okno_en.ts (unfinished or empty; context: source):" \
  <"$tmp/unfinished.keys"
# 3. Entries whose source string is gone from the code (vanished, obsolete, or dropped by lupdate).
{
  comm -23 "$tmp/committed.keys" "$tmp/refreshed.keys"
  awk -F'\t' '$1 == "vanished" || $1 == "obsolete"' "$tmp/committed.txt" | cut -f2-
} | sort -u >"$tmp/gone.keys"
report "Left over in translations/okno_en.ts (no longer in the sources; context: source):" <"$tmp/gone.keys"

# 4. Every directory with tr() strings is read by scripts/update-translations.sh.
mapfile -t scanned < <("$update" --dirs)
tr_pattern='(^|[^[:alnum:]_])(tr|QT_TR_NOOP|QT_TR_N_NOOP|QT_TRANSLATE_NOOP3?|QT_TRANSLATE_N_NOOP3?|qtTrId)[[:space:]]*\(|QCoreApplication::translate[[:space:]]*\('
unscanned=""
for dir in "$root"/apps/*/ "$root"/libs/*/; do
  rel=${dir#"$root"/}
  rel=${rel%/}
  grep -rqE --include='*.cpp' --include='*.h' "$tr_pattern" "$dir" || continue
  covered=0
  for s in "${scanned[@]}"; do
    [ "$rel" = "$s" ] || [ "${rel#"$s"/}" != "$rel" ] && covered=1
  done
  [ $covered = 1 ] || unscanned+="$rel"$'\n'
done
if [ -n "$unscanned" ]; then
  echo "Directories with tr() strings that scripts/update-translations.sh does not read (add them to dirs=):"
  while IFS= read -r d; do [ -n "$d" ] && echo "    $d"; done <<<"$unscanned"
  problems=$((problems + $(grep -c . <<<"$unscanned")))
fi

# 5. A context named in the code (QCoreApplication::translate("…"), QT_TRANSLATE_NOOP("…"),
#    Q_DECLARE_TR_FUNCTIONS(…)) must be one the .ts has, or its English never shows: lupdate files a
#    tr() in a namespace under the namespace's name.
cut -f2 "$tmp/refreshed.txt" | sort -u >"$tmp/contexts"
(cd "$root" && grep -rhoE --include='*.cpp' --include='*.h' \
  'QCoreApplication::translate\([[:space:]]*"[^"]+"|QT_TRANSLATE_N?_NOOP3?\([[:space:]]*"[^"]+"|Q_DECLARE_TR_FUNCTIONS\([^)]+\)' \
  "${scanned[@]}" || true) |
  sed -E 's/^[^(]*\([[:space:]]*"?//; s/"$//; s/\)$//; s/[[:space:]]+$//' | sort -u |
  comm -23 - "$tmp/contexts" >"$tmp/badcontexts"
if [ -s "$tmp/badcontexts" ]; then
  echo "Contexts the code translates in but translations/okno_en.ts does not have (lupdate gives other names):"
  while IFS= read -r c; do echo "    $c"; done <"$tmp/badcontexts"
  problems=$((problems + $(wc -l <"$tmp/badcontexts")))
fi

# 6. Otherwise the committed file is exactly what the script writes (lupdate's own layout).
if [ $problems = 0 ] && ! cmp -s "$committed" "$refreshed"; then
  echo "translations/okno_en.ts differs from what scripts/update-translations.sh writes:"
  diff -u "$committed" "$refreshed" | head -40 || true
  problems=1
fi

if [ $problems != 0 ]; then
  echo "FAIL: translations/okno_en.ts is stale ($problems problems)."
  echo "Run scripts/update-translations.sh, translate the new strings (Qt Linguist or a script), commit the .ts."
  exit 1
fi
echo "translations/okno_en.ts is current: $(wc -l <"$tmp/refreshed.keys") strings, all translated."
