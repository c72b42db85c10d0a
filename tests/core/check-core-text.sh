#!/usr/bin/env bash
# The core speaks in codes: no Russian display text in libs/core (docs/architecture.md, "Display
# text"). Fails, naming file and line, when a Cyrillic letter appears in libs/core outside comments,
# except in the documented default data: the default priority categories and consultation topics
# of a new centre (defaultPriorityCategories, defaultTopics in core/Organisation.cpp), which the
# company edits as configuration, and the letters a meter number may hold (the class А-Яа-я).
# Words for codes belong in libs/ui/ui/DomainText (screens) or ui::documentText (paper).
set -euo pipefail
export LC_ALL=C.UTF-8
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
found=$(find libs/core -name '*.cpp' -o -name '*.h' | sort | xargs perl -CSD -Mutf8 -ne '
    BEGIN { $data = 0 }
    $data = 0 if $. == 1;
    # The default data a centre starts with: allowed inside these two functions.
    $data = 1 if /^QList<\w+> (defaultPriorityCategories|defaultTopics)\(\)/;
    my $code = $_;
    $code =~ s{/\*.*?\*/}{}g;      # a comment within a line
    $code =~ s{//.*$}{};           # a comment to the end of the line
    $code =~ s{А-Яа-я}{}g;         # a character class that accepts Cyrillic letters
    print "$ARGV:$.: $_" if !$data && $code =~ /\p{Cyrillic}/;
    $data = 0 if /^\}/;
    close ARGV if eof;              # line numbers per file
')
if [ -n "$found" ]; then
  echo "Russian text in libs/core (the core speaks in codes; put words in libs/ui/ui/DomainText):"
  echo "$found"
  exit 1
fi
echo "libs/core holds no display text (default centre data excepted)."
