#!/usr/bin/env bash
# Runs every unit and integration test executable under valgrind (memcheck, leaks
# included); a report fails the run. Child processes (frametool started by the
# integration test) are followed too.
# Usage: scripts/valgrind.sh BUILD_DIR
set -euo pipefail
build="$1"
command -v valgrind >/dev/null || { echo "valgrind.sh: valgrind missing (scripts/deps.sh all)" >&2; exit 1; }
n=0; failed=0
for t in "$build"/tests/*_test_* "$build"/tests/integration/integration_test_*; do
  [ -x "$t" ] || continue
  name="$(basename "$t")"
  printf 'valgrind %-40s ... ' "$name"
  if valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
       --trace-children=yes --trace-children-skip='/bin/sh,/usr/bin/sh,*/sh' \
       "$t" >"$build/valgrind-$name.log" 2>&1; then
    echo ok
  else
    echo "FAILED (see $build/valgrind-$name.log)"; tail -30 "$build/valgrind-$name.log"; failed=$((failed+1))
  fi
  n=$((n+1))
done
echo "valgrind: $((n-failed)) passed, $failed failed"
[ "$failed" -eq 0 ]
