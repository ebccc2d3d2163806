#!/usr/bin/env bash
# Installs (when root) or names (otherwise) the Debian packages this project needs.
# Usage: scripts/deps.sh [build|asan|fuzz|all]    (default: build)
# Idempotent and quiet when everything is already there.
set -eu

want="${1:-build}"
pkgs_build="build-essential cmake pkg-config libcmocka-dev libcjson-dev libuv1-dev libsqlite3-dev libinih-dev python3"
pkgs_fuzz="clang libclang-rt-14-dev"
pkgs_extra="valgrind clang-format"

case "$want" in
  build) pkgs="$pkgs_build" ;;
  asan) pkgs="$pkgs_build" ;;
  fuzz) pkgs="$pkgs_build $pkgs_fuzz" ;;
  all) pkgs="$pkgs_build $pkgs_fuzz $pkgs_extra" ;;
  *) echo "deps.sh: unknown set '$want' (build|asan|fuzz|all)" >&2; exit 2 ;;
esac

missing=""
for p in $pkgs; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing="$missing $p"
  fi
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
  echo "deps.sh: installing:$missing" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  # shellcheck disable=SC2086
  apt-get install -y -qq --no-install-recommends $missing >/dev/null
else
  echo "deps.sh: missing Debian packages. Run:" >&2
  echo "  sudo apt-get update && sudo apt-get install -y$missing" >&2
  exit 1
fi
