#!/usr/bin/env bash
# Runs every test executable that ctest knows under valgrind memcheck (leaks
# included); any report fails the run. Tests driven by a shell script are
# skipped (their programs are covered by the executables' own tests), and
# children are followed only for integration_test_* (timing-sensitive
# simulator tests would stretch past their documented delays under valgrind).
# Usage: scripts/valgrind.sh BUILD_DIR
set -euo pipefail
build="$(cd "$1" && pwd)"
command -v valgrind >/dev/null || { echo "valgrind.sh: valgrind missing (scripts/deps.sh all)" >&2; exit 1; }
mapfile -t cmds < <(cd "$build" && ctest -N -V 2>/dev/null | sed -n 's/^[0-9]*: Test command: //p')
n=0; failed=0; skipped=0
for c in "${cmds[@]}"; do
  exe="${c%% *}"
  name="$(basename "$exe")"
  if [ "$(head -c4 "$exe" 2>/dev/null | od -An -c | tr -d ' ')" != '177ELF' ]; then
    skipped=$((skipped+1)); continue
  fi
  follow=no
  case "$name" in integration_test_*) follow=yes ;; esac
  printf 'valgrind %-40s ... ' "$name"
  # shellcheck disable=SC2086
  if (cd "$(dirname "$exe")" && valgrind -q --error-exitcode=99 --leak-check=full \
        --errors-for-leak-kinds=definite --trace-children=$follow \
        --trace-children-skip='/bin/sh,/usr/bin/sh,*/sh,*/bash' $c) >"$build/valgrind-$name.log" 2>&1; then
    echo ok
  else
    echo "FAILED (see $build/valgrind-$name.log)"; tail -30 "$build/valgrind-$name.log"; failed=$((failed+1))
  fi
  n=$((n+1))
done
echo "valgrind: $((n-failed)) passed, $failed failed ($skipped script-driven tests skipped)"
[ "$failed" -eq 0 ]
