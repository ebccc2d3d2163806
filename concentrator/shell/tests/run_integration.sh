#!/bin/sh
# concentratord against `master serve` on loopback and a pty (see integration.py).
# usage: run_integration.sh CONCENTRATORD MASTER
exec python3 "$(dirname "$0")/integration.py" "$1" "$2"
