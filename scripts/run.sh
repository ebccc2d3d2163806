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
