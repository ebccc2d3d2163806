#!/usr/bin/env bash
# The main job. Until the concentrator and the simulated site exist, it decodes
# a set of sample frames with frametool so a newcomer sees the libraries work.
set -euo pipefail
build="$1"
src="$(cd "$(dirname "$0")/.." && pwd)"
ft="$build/tools/frametool/frametool"
if [ ! -x "$ft" ]; then
  echo "run.sh: $ft was not built" >&2; exit 1
fi
while IFS= read -r line; do
  case "$line" in ''|'#'*) [ -n "$line" ] && echo "${line#\# }"; continue ;; esac
  echo "\$ frametool decode $line"
  "$ft" decode $line || true
  echo
done < "$src/examples/sample-frames.txt"
echo "Building a frame from arguments:"
echo "\$ frametool encode 645 read --addr 123456781012 --di 0201FF00"
"$ft" encode 645 read --addr 123456781012 --di 0201FF00
echo
echo "The same answer for scripts (JSON Lines):"
echo "\$ frametool decode --json 68 12 10 78 56 34 12 68 91 08 33 33 34 33 89 67 45 33 D4 16"
"$ft" decode --json 68 12 10 78 56 34 12 68 91 08 33 33 34 33 89 67 45 33 D4 16
echo
echo "The 1376.1 catalogue: $("$ft" catalog | tail -1) (frametool catalog)."
echo "More: docs/frametool.md. The simulated site (concentrator, meters, master) comes with later issues."
