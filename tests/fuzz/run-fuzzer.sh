#!/usr/bin/env bash
# Run one libFuzzer target for a bounded time: new inputs go to a corpus in the build tree
# (never into the source seeds), crash artifacts next to it. Exit status is the fuzzer's.
# Usage: run-fuzzer.sh TARGET SEED_DIR WORK_DIR SECONDS
set -euo pipefail
target=$1 seeds=$2 work=$3 secs=${FUZZ_SECONDS:-$4}
mkdir -p "$work/corpus" "$work/artifacts"
dirs=("$work/corpus")
[ -d "$seeds" ] && dirs+=("$seeds")
exec "$target" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
	-artifact_prefix="$work/artifacts/" "${dirs[@]}"
