#!/bin/sh
# Regenerate tests/gold/NNN.json from tests/gold/drafts/NNN.draft.json.
# Needs the shared corpus and tools: SHARED defaults to /work/shared.
# Usage: tests/gold/drafts/regen.sh [NNN ...]   (no argument: every draft)
set -e
SHARED=${SHARED:-/work/shared}
here=$(cd "$(dirname "$0")" && pwd)
ids=$*
[ -n "$ids" ] || ids=$(cd "$here" && ls *.draft.json | sed 's/\.draft\.json//')
for n in $ids; do
  tmp=$(mktemp)
  python3 "$here/prep.py" "$here/$n.draft.json" "$SHARED/corpus/articles/$n.txt" \
    "$SHARED/data/admin-units-2024.tsv" > "$tmp"
  python3 "$SHARED/tools/annotate.py" "$tmp" "$SHARED/corpus/articles/$n.txt" > "$here/../$n.json"
  rm -f "$tmp"
  echo "gold: $n"
done
