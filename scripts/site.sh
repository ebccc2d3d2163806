#!/usr/bin/env bash
# The simulated site (docs/site.md): master station, concentrator and two buses of simulated
# meters on loopback and ptys, and a demo that shows them at work. `make run` runs it.
#
# usage: scripts/site.sh [--keep | --once] [--dir DIR] [--keep-dir] [--build DIR]
#        [SITE_DIR=DIR] scripts/site.sh ctl rs485-1|rs485-2 COMMAND...   (metersim control)
#
#   --keep       after the demo, keep the site running until Ctrl-C (the default)
#   --once       run the demo, stop everything, exit 0 if every request of the demo succeeded
#   --dir DIR    run directory (default /tmp/mdc-site-$USER); created, removed at the end
#   --keep-dir   do not remove the run directory (logs, store) at the end
#   --month      force a month change instead of a day change (the last day of this month)
#   --build DIR  where the programs were built (default build/)
# The programs can also be named one by one: CONCENTRATORD=... MASTER=... METERSIM=... (tests).
# Ctrl-C (SIGINT) or SIGTERM stops every process of the site and exits 0.
set -uo pipefail
# shellcheck disable=SC2317,SC2034  # functions run from traps; demo variables read by ${!v}
# The whole script is one compound command: bash reads it entirely before running it, so an edit
# of this file never disturbs a running site.
{

src="$(cd "$(dirname "$0")/.." && pwd)"
site="$src/examples/site"
mode=keep
build="$src/build"
run=""
keep_dir=0
month=0
user="${USER:-$(id -un 2>/dev/null || echo user)}"

die() { echo "site.sh: $*" >&2; exit 2; }

# ---- metersim control client: site.sh ctl BUS COMMAND... ----
ctl() {
  local sock="$1"; shift
  python3 - "$sock" "$*" <<'EOF'
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.settimeout(5)
s.connect(sys.argv[1])
s.sendall((sys.argv[2] + "\n").encode())
buf = b""
while not buf.endswith(b"\n"):
    chunk = s.recv(65536)
    if not chunk:
        break
    buf += chunk
sys.stdout.write(buf.decode(errors="replace"))
EOF
}

if [ "${1:-}" = ctl ]; then
  [ $# -ge 3 ] || die "usage: [SITE_DIR=DIR] site.sh ctl rs485-1|rs485-2 COMMAND..."
  bus="$2"; shift 2
  dir="${SITE_DIR:-/tmp/mdc-site-$user}"
  [ -S "$dir/$bus.sock" ] || die "no metersim control socket $dir/$bus.sock (is the site running?)"
  ctl "$dir/$bus.sock" "$@"
  exit $?
fi

while [ $# -gt 0 ]; do
  case "$1" in
    --keep) mode=keep ;;
    --once) mode=once ;;
    --dir) [ $# -ge 2 ] || die "--dir needs a directory"; run="$2"; shift ;;
    --keep-dir) keep_dir=1 ;;
    --month) month=1 ;;
    --build) [ $# -ge 2 ] || die "--build needs a directory"; build="$(cd "$2" && pwd)" || exit 2; shift ;;
    -h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown option '$1' (--keep, --once, --dir DIR, --keep-dir, --month, --build DIR)" ;;
  esac
  shift
done

CONCENTRATORD="${CONCENTRATORD:-$build/concentrator/shell/concentratord}"
MASTER="${MASTER:-$build/tools/master/master}"
METERSIM="${METERSIM:-$build/tools/metersim/metersim}"
for p in "$CONCENTRATORD" "$MASTER" "$METERSIM"; do
  [ -x "$p" ] || die "$p was not built (make build)"
done
command -v python3 >/dev/null || die "python3 is needed (scripts/deps.sh installs it)"

# The meters keep China Standard Time (metersim's default clock is UTC+8); the concentrator
# and the master follow the same clock so that the meters, the terminal and the master agree.
export TZ=CST-8

# ---- run directory ----
run="${run:-/tmp/mdc-site-$user}"
case "$run" in /*) ;; *) run="$PWD/$run" ;; esac
if [ -e "$run" ]; then
  if [ -f "$run/.mdc-site" ]; then
    old="$(cat "$run/site.pid" 2>/dev/null || true)"
    if [ -n "$old" ] && kill -0 "$old" 2>/dev/null; then
      die "a site is already running in $run (pid $old); Ctrl-C it, or use --dir"
    fi
    rm -rf "$run"
  elif [ -d "$run" ] && [ -z "$(ls -A "$run")" ]; then
    rmdir "$run"
  else
    die "$run exists and is not a site run directory; name another with --dir"
  fi
fi
mkdir -p "$run" || die "cannot create $run"
touch "$run/.mdc-site"
echo $$ >"$run/site.pid"

names=()   # name of each child, same order as pids
pids=()
fgpid=""   # the foreground command (master send...) being waited for
failed=0   # requests and waits of the demo that failed
soft=0     # soft ones that failed
nreq=0
stopping=0

# ---- stop everything: concentratord first (it logs out while the master listens) ----
bad_stop=0  # a child that did not stop cleanly, or a sanitizer report in a log

stop_pid() {  # stop_pid PID TIMEOUT_TENTHS [NAME]: SIGTERM, then reap_pid
  kill -TERM "$1" 2>/dev/null
  reap_pid "$@"
}

# reap_pid PID TIMEOUT_TENTHS [NAME]: wait (SIGTERM already sent once: a second one could hit a
# program whose handler is already gone), SIGKILL after the timeout; a status other than 0 shown
reap_pid() {
  local pid="$1" t="$2" name="${3:-}" i=0 st
  while kill -0 "$pid" 2>/dev/null && [ "$i" -lt "$t" ]; do sleep 0.1; i=$((i + 1)); done
  if kill -0 "$pid" 2>/dev/null; then
    echo "site.sh: ${name:-pid $pid} did not stop within $((t / 10)) s: SIGKILL" >&2
    kill -KILL "$pid" 2>/dev/null
  fi
  wait "$pid" 2>/dev/null
  st=$?
  # 130/143: ended by the SIGINT/SIGTERM itself (a Ctrl-C on the terminal reaches the children
  # too, and a second signal may find a program's handler already closed): a stop, not a failure
  if [ -n "$name" ] && [ "$st" != 0 ] && [ "$st" != 130 ] && [ "$st" != 143 ]; then
    echo "  not ok: $name exited with status $st (log: $run/$name.log)"
    bad_stop=1
  fi
  return 0
}

sanitizer_reports() {  # any ASan/UBSan/LSan report in the children's logs is shown
  local f
  for f in "$run"/*.log; do
    [ -f "$f" ] || continue
    if grep -qE 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$f"; then
      echo "  not ok: sanitizer report in $(basename "$f"):"
      grep -m 15 -E 'Sanitizer|runtime error:|^    #[0-9]' "$f" | sed 's/^/    /'
      bad_stop=1
    fi
  done
}

cleanup() {
  local rc=$?
  trap '' INT TERM
  trap - EXIT
  [ "$stopping" = 1 ] && rc=0
  [ -n "$fgpid" ] && stop_pid "$fgpid" 20
  local i
  if [ ${#pids[@]} -gt 0 ]; then
    echo
    echo "== stopping the site"
    for i in "${!pids[@]}"; do
      [ "${names[$i]}" = concentratord ] && stop_pid "${pids[$i]}" 50 concentratord
    done
    for i in "${!pids[@]}"; do
      [ "${names[$i]}" != concentratord ] && kill -TERM "${pids[$i]}" 2>/dev/null
    done
    for i in "${!pids[@]}"; do
      [ "${names[$i]}" != concentratord ] && reap_pid "${pids[$i]}" 30 "${names[$i]}"
    done
    [ -f "$run/master.log" ] && grep -E ' rx .* logout$' "$run/master.log" | tail -1 |
      sed 's/^/  master: /'
    [ -f "$run/concentratord.log" ] && grep -E 'stopped' "$run/concentratord.log" | tail -1 |
      sed -E 's/^[0-9-]+T([0-9:]+)\.[0-9]+ [a-z]+: /  concentratord: /'
  fi
  sanitizer_reports
  [ "$bad_stop" = 1 ] && [ "$mode" = once ] && [ "$stopping" = 0 ] && rc=1
  if [ "$keep_dir" = 1 ]; then
    rm -f "$run/site.pid"
    echo "run directory kept: $run"
  else
    rm -rf "$run"
  fi
  exit "$rc"
}
on_signal() {
  stopping=1
  echo
  echo "site.sh: stopping (signal)"
  exit 0
}
trap cleanup EXIT
trap on_signal INT TERM HUP PIPE

# run_fg CMD...: run a command in the background and wait for it, so a signal is handled at once
run_fg() {
  "$@" &
  fgpid=$!
  wait "$fgpid"
  local rc=$?
  fgpid=""
  return $rc
}

# spawn NAME CMD...: a child of the site, its output in $run/NAME.log
spawn() {
  local name="$1"; shift
  "$@" >>"$run/$name.log" 2>&1 &
  pids+=($!)
  names+=("$name")
}

child_alive() {  # child_alive NAME
  local i
  for i in "${!pids[@]}"; do
    if [ "${names[$i]}" = "$1" ]; then kill -0 "${pids[$i]}" 2>/dev/null; return; fi
  done
  return 1
}

# await SECONDS NAME TEST...: until TEST succeeds; fails when NAME died or the time is up
await() {
  local t=$(( $1 * 10 )) name="$2" i=0; shift 2
  while ! "$@"; do
    if ! child_alive "$name"; then
      echo "site.sh: $name exited; its log ($run/$name.log):" >&2
      tail -20 "$run/$name.log" >&2
      return 1
    fi
    [ $i -ge $t ] && return 1
    run_fg sleep 0.1
    i=$((i + 1))
  done
}

nonempty() { [ -s "$1" ]; }

# ---- start ----
echo "== 0. starting the simulated site (run directory $run)"
spawn master "$MASTER" serve --listen 127.0.0.1:0 --control "$run/master.sock" \
  --port-file "$run/master.port"
await 10 master nonempty "$run/master.port" || die "master serve did not start"
port="$(cat "$run/master.port")"
echo "  master serve        127.0.0.1:$port, control $run/master.sock"

for bus in rs485-1 rs485-2; do
  spawn "metersim-$bus" "$METERSIM" --config "$site/$bus.conf" --link "$run/$bus" \
    --control "$run/$bus.sock"
done
for bus in rs485-1 rs485-2; do
  await 10 "metersim-$bus" test -S "$run/$bus.sock" || die "metersim on $bus did not start"
  echo "  metersim $bus    $(sed -n 's/^metersim: //p' "$run/metersim-$bus.log" | head -1)"
done

spawn concentratord "$CONCENTRATORD" -c "$site/concentratord.ini" \
  --set "uplink.master=127.0.0.1:$port" \
  --set "store.path=$run/store.db" \
  --set "ports.rs485_1=$run/rs485-1" \
  --set "ports.rs485_2=$run/rs485-2" \
  --set "ports.rs485_3=pty:$run/rs485-3" \
  --set "gpio.chip=sim:$run/gpio" \
  --set "control.socket=$run/concentratord.sock"
await 10 concentratord test -S "$run/concentratord.sock" || die "concentratord did not start"
echo "  concentratord       terminal 3501-1, RS485-I $run/rs485-1, RS485-II $run/rs485-2,"
echo "                      RS485-III (maintenance) $run/rs485-3, control $run/concentratord.sock"
echo "  logs: $run/{master,concentratord,metersim-rs485-1,metersim-rs485-2}.log"

# ---- the demo ----
DAY="$(date +%F)"
MONTH="$(date +%Y-%m)"
# the day whose 23:59:30 the terminal is set to: always ahead of the real clock (tomorrow, or the
# month's last day when that is still to come, else next month's), so the forced day change is the
# one the demo waits for even when the real midnight passes during the demo
SET_DAY="$(date -d tomorrow +%F)"
if [ "$month" = 1 ]; then
  SET_DAY="$(date -d "$MONTH-01 + 1 month - 1 day" +%F)"
  [ "$SET_DAY" = "$DAY" ] && SET_DAY="$(date -d "$MONTH-01 + 2 month - 1 day" +%F)"
fi
NEXT_DAY="$(date -d "$SET_DAY + 1 day" +%F)"
SITE="$site"
RUN="$run"
to="3501-1"
cd_seen=0    # lines of the daemon's log already shown
mark=0       # line of the daemon's log at the last `mark`

# the daemon's reading lines after line $cd_seen, shown and counted as seen
show_reader_lines() {
  local n
  n=$(wc -l <"$run/concentratord.log")
  [ "$n" -gt "$cd_seen" ] || return 0
  sed -n "$((cd_seen + 1)),${n}p" "$run/concentratord.log" |
    grep -E 'reader |rs485_[12]' | sed -E 's/^[0-9-]+T([0-9:]+)\.[0-9]+ [a-z]+: /  | \1 /'
  cd_seen=$n
}

subst() {  # the demo's variables in a line
  local l="$1" v
  for v in SITE RUN DAY SET_DAY NEXT_DAY MONTH; do
    l="${l//\$\{$v\}/${!v}}"
    l="${l//\$$v/${!v}}"
  done
  printf '%s' "$l"
}

result_code() {  # master send exit status for a demo result word
  case "$1" in ok) echo 0 ;; deny) echo 1 ;; timeout) echo 3 ;; malformed) echo 4 ;;
    error) echo 5 ;; *) echo 99 ;; esac
}

count_fail() {  # count_fail SOFT: one failure, soft or not
  if [ "$1" = 1 ]; then soft=$((soft + 1)); else failed=$((failed + 1)); fi
}

do_login() {
  local online=0 i
  for i in $(seq 1 300); do
    if "$MASTER" terminals --control "$run/master.sock" 2>/dev/null | grep -qE "^$to +yes"; then
      online=1; break
    fi
    child_alive concentratord || break
    run_fg sleep 0.1
  done
  grep -E "rx $to .*login" "$run/master.log" | head -1 | sed 's/^/  master: /'
  { grep -m1 -E "uplink: connected" "$run/concentratord.log"
    grep -m1 -E "uplink: online" "$run/concentratord.log"; } |
    sed -E 's/^[0-9-]+T([0-9:]+)\.[0-9]+ [a-z]+: /  | \1 /'
  cd_seen=$(wc -l <"$run/concentratord.log")
  if [ $online = 1 ]; then
    echo "  terminal $to is online at the master"
  else
    echo "  not ok: terminal $to did not log in within 30 s"
    count_fail 0
  fi
}

items_stored() {  # items_stored PORT: the daemon's count of items stored for the port
  "$CONCENTRATORD" --status --control "$run/concentratord.sock" 2>/dev/null |
    sed -nE "s/^reader $1 .*items stored ([0-9]+).*/\1/p"
}

do_round() {  # do_round SOFT PORT [day]
  local sft="$1" p="$2" kind="${3:-}" limit="${SITE_ROUND_LIMIT:-300}" i=0 n started="" done_re
  local base=""
  echo "  (waiting for a reading round of $p${kind:+ after the day change}, at most $limit s)"
  while :; do
    n=$(wc -l <"$run/concentratord.log")
    if [ -z "$started" ]; then
      if [ "$kind" = day ]; then
        started=$(sed -n "$((mark + 1)),${n}p" "$run/concentratord.log" |
          sed -nE "s/.*reader $p: round ([0-9]+) started \(day start.*/\1/p" | head -1)
      else
        started=$(sed -n "$((mark + 1)),${n}p" "$run/concentratord.log" |
          sed -nE "s/.*reader $p: round ([0-9]+) started.*/\1/p" | head -1)
      fi
    fi
    show_reader_lines
    if [ -n "$started" ]; then
      done_re="reader $p: round $started done"
      if sed -n "$((mark + 1)),${n}p" "$run/concentratord.log" | grep -q "$done_re"; then
        return 0
      fi
    fi
    if ! child_alive concentratord; then
      echo "  not ok: concentratord exited"; count_fail 0; return 1
    fi
    if [ -n "$started" ] && [ -z "$base" ]; then
      base=$(items_stored "$p")
      base="${base:-0}"
    fi
    if [ -n "$base" ] && [ $((i % 20)) = 19 ]; then  # every 10 s: how far the round is
      local now_items
      now_items=$(items_stored "$p")
      [ -n "$now_items" ] && [ "$now_items" != "$base" ] && echo "  . $p: round $started reading, $((now_items - base)) items stored so far"
    fi
    if [ $i -ge $((limit * 2)) ]; then
      echo "  not ok: no ${kind:+day-start }round of $p done within $limit s"
      count_fail "$sft"; return 1
    fi
    run_fg sleep 0.5
    i=$((i + 1))
  done
}

do_status() {
  "$CONCENTRATORD" --status --control "$run/concentratord.sock" 2>&1 |
    grep -E '^(terminal|link|clock|port|reader|rs485)' | sed 's/^/  status: /'
}

do_truth() {  # do_truth BUS ADDR: the meter's true registers, compact
  ctl "$run/$1.sock" "truth $2" | python3 -c '
import json, sys
j = json.load(sys.stdin)
if not j.get("ok"):
    print("  metersim: " + j.get("error", "?")); sys.exit()
m = j["meter"]
fa = m.get("forward_active", {})
print("  metersim truth of %s: clock %s, forward active %s kWh, tariffs %s, power %s W" % (
    m["addr"], m.get("clock"), fa.get("total"), fa.get("tariffs"), m.get("power_w")))'
}

# compact: an answer of several units of one Fn whose fields are flat (F129 p1-12...) is
# printed one line per point; anything else as master prints it
compact() {
  python3 -c '
import re, sys
lines = sys.stdin.read().splitlines()
units, head, flat = [], [], True
for l in lines:
    m = re.match(r"^  (p\d+) (F\d+)  (.*)$", l)
    if m:
        units.append([m.group(1), m.group(2), m.group(3), []])
    elif units and l.startswith("    "):
        if l.startswith("     ") or re.match(r"^    \[", l):
            flat = False
        units[-1][3].append(l.strip())
    elif units:
        flat = False
    else:
        head.append(l)
def wrap(fields, indent):
    out, cur = [], ""
    for f in fields:
        if cur and len(indent) + len(cur) + 2 + len(f) > 100:
            out.append(indent + cur)
            cur = f
        else:
            cur = cur + "; " + f if cur else f
    if cur:
        out.append(indent + cur)
    return out
if flat and len(units) == 1 and len(units[0][3]) > 6:
    print("\n".join(head))
    print("  %s %s  %s" % tuple(units[0][:3]))
    print("\n".join(wrap(units[0][3], "    ")))
    sys.exit()
if not flat or len(units) < 3 or len({u[1] for u in units}) != 1:
    print("\n".join(lines))
    sys.exit()
print("\n".join(head))
print("  %s  %s" % (units[0][1], units[0][2]))
for pn, fn, title, body in units:
    print("    %-4s %s" % (pn, "; ".join(body)))
'
}

do_read() {  # do_read BUS ADDR DI: what the simulated meter holds for DI
  ctl "$run/$1.sock" "read $2 $3" | python3 -c '
import json, sys
j = json.load(sys.stdin)
print("  metersim %s %s: %s" % (sys.argv[1], sys.argv[2],
      json.dumps(j.get("value")) if j.get("ok") else j.get("error", "?")))' "$2" "$3"
}

do_request() {  # do_request SOFT LINE
  local sft="$1" line="$2" req want="ok" contains="" rc out code
  req="${line%%=>*}"
  if [ "$req" != "$line" ]; then
    want="${line#*=>}"
    want="${want#"${want%%[![:space:]]*}"}"
    if [[ "$want" == *" contains "* ]]; then
      contains="${want#* contains }"
      want="${want%% *}"
      contains="${contains#\'}"; contains="${contains%\'}"
      contains="${contains#\"}"; contains="${contains%\"}"
    fi
    want="${want%% *}"
  fi
  req="${req%"${req##*[![:space:]]}"}"
  local words
  eval "words=($req)" || { echo "  not ok: cannot parse: $req"; count_fail 0; return; }
  nreq=$((nreq + 1))
  echo
  echo "\$ master send --to $to $req"
  run_fg "$MASTER" send --control "$run/master.sock" --to "$to" --timeout 5000 --retries 1 \
    "${words[@]}" >"$run/answer.txt" 2>"$run/answer.err"
  rc=$?
  out="$(cat "$run/answer.txt")"
  # the heading line ("3501-1 <- 0C F2") repeats the request: left out
  printf '%s\n' "$out" | tail -n +2 | compact | sed 's/^/  /'
  [ -s "$run/answer.txt" ] || sed 's/^/  /' "$run/answer.err"
  code=$(result_code "$want")
  if [ "$rc" != "$code" ]; then
    echo "  not ok: exit status $rc, expected $want ($code)"
    count_fail "$sft"
  elif [ -n "$contains" ] && [[ "$out" != *"$contains"* ]]; then
    echo "  not ok: the answer does not contain '$contains'"
    count_fail "$sft"
  fi
}

play() {
  local raw line sft
  while IFS= read -r raw || [ -n "$raw" ]; do
    line="$(subst "$raw")"
    line="${line#"${line%%[![:space:]]*}"}"
    sft=0
    case "$line" in
      '#@month '*)  # a line of the month variant only
        [ "$month" = 1 ] || continue
        line="${line#\#@month }" ;;
    esac
    case "$line" in
      '## '*) echo; echo "== ${line#\#\# }" ;;
      '#@ say '*) echo "  ${line#\#@ say }" ;;
      '#@ login') do_login ;;
      '#@ mark') mark=$(wc -l <"$run/concentratord.log") ;;
      '#@ round '*|'#@~ round '*)
        [ "${line:0:3}" = '#@~' ] && sft=1
        # shellcheck disable=SC2086
        do_round "$sft" ${line#*round } ;;
      '#@ status') do_status ;;
      '#@ read '*)
        # shellcheck disable=SC2086
        do_read ${line#\#@ read } ;;
      '#@ truth '*)
        # shellcheck disable=SC2086
        do_truth ${line#\#@ truth } ;;
      '#'*|'') ;;
      'to '*) to="${line#to }" ;;
      'wait '*) run_fg sleep "${line#wait }" ;;
      '~'*) do_request 1 "${line#\~}" ;;
      *) do_request 0 "$line" ;;
    esac
    if ! child_alive concentratord; then
      echo "  not ok: concentratord exited:"; tail -5 "$run/concentratord.log"
      failed=$((failed + 1)); break
    fi
  done <"$site/demo.script"
}

play
show_reader_lines
echo
echo "== demo done: $nreq requests, $failed failed$([ "$soft" = 0 ] || echo ", $soft soft failures")"

if [ "$mode" = once ]; then
  [ "$failed" = 0 ] && exit 0
  exit 1
fi

echo
echo "== the site keeps running; Ctrl-C stops it"
cat <<EOF
  The terminal's clock and the meters' are now ahead of this machine's (the forced day change):
  requests that carry a Tp (AFN04, AFN05) need --no-tp, or set the clock back first:
    $MASTER send --control $run/master.sock --to 3501-1 --no-tp 05 F31
  More requests:
    $MASTER send --control $run/master.sock --to 3501-1 0C F129 p1-12
    $MASTER send --serial $run/rs485-3 --to 3501-1 0C F11        (the maintenance port)
    $CONCENTRATORD --status --control $run/concentratord.sock
  The meters (metersim control):
    SITE_DIR=$run scripts/site.sh ctl rs485-1 truth 350100001001
    SITE_DIR=$run scripts/site.sh ctl rs485-2 residual 000000009001 350   (trips an RCD)
  Logs: $run/concentratord.log, master.log, metersim-rs485-1.log, metersim-rs485-2.log
  Reading lines of the daemon follow.
EOF
while :; do
  show_reader_lines
  for n in master metersim-rs485-1 metersim-rs485-2 concentratord; do
    if ! child_alive "$n"; then
      echo "site.sh: $n exited; its log:" >&2
      tail -10 "$run/$n.log" >&2
      exit 1
    fi
  done
  run_fg sleep 1
done
exit
}
