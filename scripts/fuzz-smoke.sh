#!/usr/bin/env bash
# Runs every fuzz target for a few seconds, seeded from fuzz/corpus/<target>/ when present.
# Usage: scripts/fuzz-smoke.sh BUILD_DIR SECONDS
set -euo pipefail
build="$1"; secs="${2:-5}"
src="$(cd "$(dirname "$0")/.." && pwd)"
n=0; failed=0
for t in "$build"/fuzz/fuzz_*; do
  [ -x "$t" ] || continue
  name="$(basename "$t")"
  work="$build/fuzz-work/$name"; mkdir -p "$work"
  seeds=()
  [ -d "$src/fuzz/corpus/$name" ] && seeds=("$src/fuzz/corpus/$name")
  printf 'fuzz %-32s %ss ... ' "$name" "$secs"
  if "$t" -max_total_time="$secs" -print_final_stats=1 "$work" "${seeds[@]}" >"$work.log" 2>&1; then
    echo "ok ($(grep -m1 -o 'stat::number_of_executed_units: *[0-9]*' "$work.log" | grep -o '[0-9]*$') runs)"
  else
    echo "FAILED (see $work.log)"; tail -30 "$work.log"; failed=$((failed+1))
  fi
  n=$((n+1))
done
echo "fuzz-smoke: $((n-failed)) passed, $failed failed"
[ "$failed" -eq 0 ]
