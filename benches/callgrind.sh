#!/usr/bin/env bash
# Instructions per byte of one pipeline stage (callgrind counts instructions,
# which repeat exactly whatever else the machine is doing).
#   benches/callgrind.sh [STAGE] [BYTES]      e.g. benches/callgrind.sh figures 1000000
set -euo pipefail
stage=${1:-pipeline}
bytes=${2:-1000000}
cd "$(dirname "$0")/.."
cargo build --release --example profile_stage -q
out=$(mktemp)
valgrind --tool=callgrind --callgrind-out-file="$out" \
    --toggle-collect='profile_stage::run_stage' \
    target/release/examples/profile_stage "$stage" "$bytes" 1 >/dev/null 2>"$out.log"
collected=$(grep -o 'Collected : [0-9]*' "$out.log" | grep -o '[0-9]*$')
python3 -c "print('$stage: $collected instructions for $bytes bytes = %.1f per byte' % ($collected / $bytes))"
echo "profile: callgrind_annotate $out | head -40"
