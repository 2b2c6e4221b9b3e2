#!/usr/bin/env bash
# Run every fuzz target in turn, one at a time, for SECONDS each (default 600), seeding the
# corpora from the test fixtures. Logs go to fuzz/logs/<target>.log. See docs/RELIABILITY.md.
set -u
cd "$(dirname "$0")"
seconds="${1:-600}"
targets="${TARGETS:-incremental_edits positions analysis scan_strict}"
mkdir -p logs
for t in $targets; do
    mkdir -p "corpus/$t"
    find ../server/tests/fixtures ../examples -name '*.md' -size -8k 2>/dev/null \
        | while read -r f; do cp "$f" "corpus/$t/seed-$(basename "$(dirname "$f")")-$(basename "$f")"; done
    echo "== $t: $seconds s" >"logs/$t.log"
    cargo +nightly fuzz run "$t" -- -max_total_time="$seconds" -timeout=10 \
        -dict=agent.dict -print_final_stats=1 >>"logs/$t.log" 2>&1
    echo "== exit $?" >>"logs/$t.log"
done
