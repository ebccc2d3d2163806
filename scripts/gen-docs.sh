#!/usr/bin/env bash
# Regenerates the tables in docs/ that are printed from the code itself.
# Usage: scripts/gen-docs.sh [BUILD_DIR]   (default build/; run `make` first)
set -euo pipefail
src="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-$src/build}"
doc="$src/docs/gdw13761.md"
table="$("$build/tools/frametool/frametool" catalog --markdown)"
awk -v table="$table" '
  /<!-- catalog:begin -->/ { print; print table; skip = 1; next }
  /<!-- catalog:end -->/ { skip = 0 }
  !skip { print }
' "$doc" >"$doc.new"
mv "$doc.new" "$doc"
echo "gen-docs: $doc updated"
