#!/usr/bin/env bash
# Builds the seed corpus of every fuzz target in fuzz/corpus/<target>/ from
# the development articles (../shared/corpus/articles, never heldout/): each
# article cut into paragraphs and into pieces of at most 2,000 bytes (the
# fuzzers run with -max_len=4096), plus the project's small fixtures. The
# legacy-encoded decode fixtures seed `decode` only. Run from anywhere;
# existing corpus files are kept (the fuzzer adds its own).
set -euo pipefail
fuzz="$(cd "$(dirname "$0")" && pwd)"
repo="$(dirname "$fuzz")"
articles="${1:-$repo/../shared/corpus/articles}"
[ -d "$articles" ] || articles="/work/shared/corpus/articles"

mkdir -p "$fuzz/corpus/decode" "$fuzz/corpus/normalize" "$fuzz/corpus/extract"
python3 - "$articles" "$repo" "$fuzz/corpus" <<'PY'
import hashlib, pathlib, sys

articles, repo, corpus = (pathlib.Path(p) for p in sys.argv[1:4])
pieces = []
if articles.is_dir():
    for path in sorted(articles.glob("*.txt")):
        text = path.read_bytes()
        # Paragraphs: what the extractors see most.
        pieces += [p for p in text.split(b"\n") if p.strip()]
        # Pieces of about 2,000 bytes cut at a line end, so sentences and
        # paragraph breaks (and CRLF, NBSP, HTML residue) stay together.
        start = 0
        while start < len(text):
            end = min(len(text), start + 2000)
            cut = text.rfind(b"\n", start + 1, end)
            end = cut + 1 if end < len(text) and cut > start else end
            pieces.append(text[start:end])
            start = end
else:
    print(f"{articles}: no articles, seeding from fixtures only", file=sys.stderr)
for fixture in sorted((repo / "tests/fixtures").rglob("*")):
    if fixture.is_file() and fixture.stat().st_size <= 4096 and fixture.suffix in (".txt", ""):
        pieces.append(fixture.read_bytes())
legacy = [p.read_bytes() for p in sorted((repo / "tests/fixtures/decode").iterdir())
          if p.is_file() and p.suffix in (".cp1258", ".tcvn3", ".vni", ".viscii", ".txt")]

def write(target, data):
    name = hashlib.sha1(data).hexdigest()
    (corpus / target / name).write_bytes(data)

count = 0
for data in pieces:
    for target in ("decode", "normalize", "extract"):
        write(target, data)
    count += 1
for data in legacy:
    write("decode", data)
print(f"{count} text seeds for every target, {len(legacy)} encoded seeds for decode")
PY
