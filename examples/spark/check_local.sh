#!/usr/bin/env bash
# Runs the Spark job on a local PySpark (pip install pyspark; needs Java)
# over the development articles, and checks that its output equals the
# plain CLI's on the same JSON Lines, line for line.
#
#   bash examples/spark/check_local.sh [ARTICLES_DIR]
#
# Default articles: /work/shared/corpus/articles, else examples/data.
set -euo pipefail
cd "$(dirname "$0")/../.."
articles=${1:-/work/shared/corpus/articles}
[ -d "$articles" ] || articles=examples/data
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cargo build --release -q -p vnextract-cli
bin=$PWD/target/release/vnextract
python3 examples/spark/make_jsonl.py "$articles"/*.txt > "$work/articles.jsonl"

"$bin" extract --input jsonl --quiet "$work/articles.jsonl" > "$work/cli.jsonl" || [ $? -eq 1 ]
spark-submit --master 'local[2]' examples/spark/vnextract_spark.py \
    --binary "$bin" --partitions 4 "$work/articles.jsonl" "$work/spark-out" 2> "$work/spark.log"
cat "$work"/spark-out/part-* > "$work/spark.jsonl"

if cmp -s "$work/cli.jsonl" "$work/spark.jsonl"; then
    echo "spark output equals the CLI's: $(wc -l < "$work/cli.jsonl") documents from $articles"
else
    diff <(head -c 2000 "$work/cli.jsonl") <(head -c 2000 "$work/spark.jsonl") || true
    echo "spark output DIFFERS from the CLI's" >&2
    exit 1
fi
