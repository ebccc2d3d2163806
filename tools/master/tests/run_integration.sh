#!/bin/bash
# Integration test of the real `master` (serve, send, script, terminals)
# against stub terminals on 127.0.0.1 (ephemeral port) and a pty.
# Usage: run_integration.sh MASTER STUB BENCH SRCDIR
set -u
MASTER=$1 STUB=$2 BENCH=$3 SRC=$4
T=$(mktemp -d /tmp/master-it.XXXXXX)
PIDS=()
fails=0
cleanup() {
    for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
    wait 2>/dev/null
    rm -rf "$T"
}
trap cleanup EXIT

ok() { echo "ok - $1"; }
bad() { echo "FAIL - $1"; fails=$((fails + 1)); }
# check NAME WANT_STATUS COMMAND...: runs COMMAND, output in $T/out, $T/err
check() {
    local name=$1 want=$2
    shift 2
    timeout 20 "$@" >"$T/out" 2>"$T/err"
    local rc=$?
    if [ "$rc" = "$want" ]; then ok "$name"; else
        bad "$name (exit $rc, wanted $want)"
        sed 's/^/    out: /' "$T/out" | head -20
        sed 's/^/    err: /' "$T/err" | head -20
    fi
}
has() { # has FILE TEXT NAME
    if grep -qF -- "$2" "$1"; then ok "$3"; else
        bad "$3 ('$2' not in $1)"
        sed 's/^/    | /' "$1" | tail -20
    fi
}
wait_for() { # wait_for SECONDS COMMAND...
    local end=$((SECONDS + $1))
    shift
    while [ $SECONDS -lt $end ]; do
        "$@" >/dev/null 2>&1 && return 0
        sleep 0.1
    done
    return 1
}

start_server() { # start_server NAME extra-args...
    local n=$1
    shift
    "$MASTER" serve --listen 127.0.0.1:0 --control "$T/$n.sock" --port-file "$T/$n.port" "$@" \
        >"$T/$n.log" 2>"$T/$n.err" &
    PIDS+=($!)
    wait_for 10 test -s "$T/$n.port" || { bad "$n did not start"; cat "$T/$n.err"; exit 1; }
}
online() { "$MASTER" terminals --control "$1" --json | grep -q "\"address\":\"$2\",\"online\":true"; }

# ---- server with the standard's ack (AFN00 F3) and one stub terminal ----
start_server s1
PORT=$(cat "$T/s1.port")
"$STUB" --connect 127.0.0.1:"$PORT" --addr 3501-1 --hb-ms 400 --report 2>"$T/stub1.log" &
PIDS+=($!)
wait_for 10 online "$T/s1.sock" 3501-1 && ok "stub 3501-1 online" || bad "stub 3501-1 online"
C=(--control "$T/s1.sock" --to 3501-1)

wait_for 5 grep -q "report acked" "$T/stub1.log"
has "$T/stub1.log" "login acked (AFN00 F3)" "login answered with AFN00 F3"
has "$T/stub1.log" "heartbeat acked (AFN00 F3)" "heartbeat answered with AFN00 F3"
has "$T/stub1.log" "report acked (AFN00 F1)" "AFN0E report with CON=1 confirmed"
has "$T/s1.log" "AFN0E class 3 data (events)" "report logged"
has "$T/s1.log" "erc: 14" "report units decoded in the log (ERC14, Le 11)"
check "reports collected" 0 "$MASTER" reports --control "$T/s1.sock" --to 3501-1
has "$T/out" "AFN0E class 3 data (events) (CON=1, confirmed)" "report listed"
has "$T/out" "power_on: 2019-07-04T16:53" "report decoded"
check "reports --json" 0 "$MASTER" reports --control "$T/s1.sock" --json --after 0
has "$T/out" '"erc":14' "report decoded in JSON"

check "AFN0C F2 clock" 0 "$MASTER" send "${C[@]}" 0C F2
has "$T/out" "terminal clock" "clock answer named"
has "$T/out" "3501-1 <- 0C F2" "answer heading"
check "AFN0C F2 --json" 0 "$MASTER" send "${C[@]}" --json 0C F2
has "$T/out" '"result":"ok"' "JSON result ok"
has "$T/out" '"fn":2' "JSON unit fn"

F1='{"rts":1,"tx_delay":2,"timeout_s":30,"retries":3,"con_class1":1,"con_class2":0,"con_class3":1,"heartbeat":5}'
check "AFN04 F1 set" 0 "$MASTER" send "${C[@]}" 04 F1 --data "$F1"
has "$T/out" "all confirmed" "set confirmed"
has "$T/stub1.log" "C=7A SEQ" "AFN04 frame sent with FC 10"
has "$T/stub1.log" "PW Tp" "AFN04 carries PW and Tp"
check "AFN0A F1 query" 0 "$MASTER" send "${C[@]}" --json 0A F1
has "$T/out" '"timeout_s":30' "AFN04/0A F1 round trip (timeout_s)"
has "$T/out" '"heartbeat":5' "AFN04/0A F1 round trip (heartbeat)"

check "AFN0C F129 denied" 1 "$MASTER" send "${C[@]}" 0C F129 p1
has "$T/err" "denied" "deny reason on stderr"
check "AFN0C F3 timeout" 3 "$MASTER" send "${C[@]}" --timeout 300 --retries 1 0C F3
has "$T/err" "no answer from 3501-1 after 2 tries" "timeout reason on stderr"
has "$T/s1.log" "retry" "retry logged"

check "AFN0D F161 multi-frame" 0 "$MASTER" send "${C[@]}" --json 0D F161 p1-4 --td 2026-11-20
has "$T/out" '"frames":4' "answer reassembled from 4 frames"
has "$T/out" '"td_d":"2026-11-20"' "time label echoed"
has "$T/stub1.log" "AFN0D answer in 4 frames" "stub split the answer"
check "AFN0D curve" 0 "$MASTER" send "${C[@]}" 0D F81 p1 --from 2026-11-20T00:15 --points 4 --density 15

check "AFN05 F31 time set" 0 "$MASTER" send "${C[@]}" 05 F31
has "$T/stub1.log" "time set to $(date +%Y-%m-%d)" "clock set from the master's clock"
check "AFN01 F1 reset" 0 "$MASTER" send "${C[@]}" 01 F1
has "$T/stub1.log" "C=41" "reset frame C=41"
check "AFN09 F1 config" 0 "$MASTER" send "${C[@]}" 09 F1
has "$T/out" "terminal version information" "AFN09 answer named"
head -c 1000 /dev/urandom >"$T/fw.bin"
check "AFN0F file transfer" 0 "$MASTER" send "${C[@]}" 0F F1 --file "$T/fw.bin" --segment 300
has "$T/err" "segment 3/4 (75%)" "file transfer progress"
has "$T/stub1.log" "file complete, 1000 bytes" "whole file received"
check "AFN10 F1 forwarding" 0 "$MASTER" send "${C[@]}" --json 10 F1 --data \
    '{"port":2,"data_bits":3,"odd":0,"parity":1,"stop_bits":0,"baud":3,"frame_timeout":50,"frame_timeout_unit":0,"byte_timeout":5,"frame":"68AAAAAAAAAAAA681300DF16"}'
has "$T/out" '"frame":"68AAAAAAAAAAAA681300DF16"' "forwarded frame answered"

check "unknown terminal" 5 "$MASTER" send --control "$T/s1.sock" --to 3501-99 0C F2
has "$T/err" "not connected" "offline reason"
check "bad REQUEST" 2 "$MASTER" send "${C[@]}" 0C F999
check "no server" 5 "$MASTER" send --control "$T/none.sock" --to 3501-1 0C F2
check "terminals table" 0 "$MASTER" terminals --control "$T/s1.sock"
has "$T/out" "3501-1" "terminal listed"

# ---- junk and odd frames on a terminal connection do not hurt the server ----
{
    exec 3<>"/dev/tcp/127.0.0.1/$PORT"
    head -c 20000 /dev/urandom >&3
    exec 3>&-
    # (a new connection: random bytes may leave a long candidate frame open)
    exec 3<>"/dev/tcp/127.0.0.1/$PORT"
    # a report (AFN0C, FC 4) whose F2 clock unit is cut short: logged with the reason
    printf '\x68\x3a\x00\x3a\x00\x68\xc4\x01\x35\x09\x00\x00\x0c\x60\x00\x00\x02\x00\x37\x58\x00\x16' >&3
    sleep 0.3
    exec 3>&-
} 2>/dev/null
wait_for 5 grep -q "3501-9" "$T/s1.log"
has "$T/s1.log" "decoding stopped" "short unit logged with its reason"
check "server alive after junk" 0 "$MASTER" send "${C[@]}" 0C F2

# PFC/FCB: successive requests advance PSEQ and toggle FCB
grep -o 'C=[0-9A-F]* SEQ [0-9A-F]*' "$T/stub1.log" >"$T/seqs"
[ "$(sort -u "$T/seqs" | wc -l)" -ge 8 ] && ok "PSEQ/FCB vary between requests" || bad "PSEQ/FCB vary"

# ---- script mode ----
cat >"$T/ok.script" <<SCRIPT
# acceptance checks
to 3501-1
0C F2                     => ok contains '"fn":2'
04 F1 --data '$F1'        => ok
0A F1                     => ok contains '"heartbeat":5'
0C F129 p1                => deny
0C F3 --timeout 200 --retries 0 => timeout
SCRIPT
check "script passes" 0 "$MASTER" script "$T/ok.script" --control "$T/s1.sock"
has "$T/out" "# 5 run, 0 failed" "script summary"
printf 'to 3501-1\n0C F129 p1 => ok\n' >"$T/bad.script"
check "script failure" 6 "$MASTER" script "$T/bad.script" --control "$T/s1.sock"
has "$T/out" "not ok 1 - line 2: 0C F129 p1 => deny (expected ok)" "failed expectation shown"

EX="$SRC/../../../examples/master"
check "examples/master/acceptance.script" 0 "$MASTER" script "$EX/acceptance.script" --control "$T/s1.sock" --to 3501-1
has "$T/out" "# 6 run, 0 failed" "example script summary"
check "--data @file and --key" 0 "$MASTER" send "${C[@]}" --key "$EX/pw.key" 04 F1 --data "@$EX/link-params.json"

# ---- retries: the stub drops the first request, the retry is answered ----
"$STUB" --connect 127.0.0.1:"$PORT" --addr 3501-2 --hb-ms 5000 --drop 1 --stale-report 2>"$T/stub2.log" &
PIDS+=($!)
wait_for 10 online "$T/s1.sock" 3501-2 || bad "stub 3501-2 online"
check "answer after a retry" 0 "$MASTER" send --control "$T/s1.sock" --to 3501-2 --json --timeout 1000 0C F2
has "$T/out" '"tries":2' "answered at the second try"
wait_for 5 grep -q "stale report" "$T/stub2.log"
has "$T/stub2.log" "stale report not acked" "report with a stale Tp not confirmed"
has "$T/s1.log" "rejected: Tp stale: sent 3600 s ago, 1 min allowed" "stale Tp logged"

# ---- ack style f1 ----
start_server s2 --ack-style f1 --json --offline-after 2
"$STUB" --connect 127.0.0.1:"$(cat "$T/s2.port")" --addr 3501-3 --hb-ms 5000 2>"$T/stub3.log" &
PIDS+=($!)
wait_for 10 grep -q "heartbeat acked" "$T/stub3.log"
has "$T/stub3.log" "login acked (AFN00 F1)" "--ack-style f1 login"
has "$T/s2.log" '"event":"login"' "JSON log line"
wait_for 8 grep -q '"event":"offline"' "$T/s2.log"
has "$T/s2.log" '"event":"offline","to":"3501-3"' "--offline-after closes a silent terminal"
online "$T/s2.sock" 3501-3 && bad "3501-3 shown offline" || ok "3501-3 shown offline"

# ---- serial (pty) and infrared ----
"$STUB" --pty "$T/ttyS" --addr 3501-4 2>"$T/stub4.log" &
PIDS+=($!)
wait_for 10 test -e "$T/ttyS" || bad "pty link"

check "serial AFN0C F2" 0 "$MASTER" send --serial "$T/ttyS" --baud 9600 --to 3501-4 0C F2
has "$T/out" "terminal clock" "serial answer"
check "infrared AFN0D multi-frame" 0 "$MASTER" send --serial "$T/ttyS" --infrared --to 3501-4 --json 0D F161 p1-2 --td 2026-11-20
has "$T/out" '"frames":2' "infrared multi-frame answer"
check "serial deny" 1 "$MASTER" send --serial "$T/ttyS" --to 3501-4 0C F129 p1

# ---- many connections (the full 1,000 figure is in docs/master.md) ----
check "bench 200 connections" 0 "$BENCH" --connect 127.0.0.1:"$(cat "$T/s2.port")" --conns 200 --pid "${PIDS[4]}"
has "$T/out" "failures 0" "200 logins and heartbeats answered"

# ---- every process stops cleanly; nothing reported by the sanitizers ----
for p in "${PIDS[@]}"; do kill -TERM "$p" 2>/dev/null; done
wait 2>/dev/null
PIDS=()
has "$T/s1.err" "master serve: stopped" "server stops on SIGTERM"
[ -e "$T/s1.sock" ] && bad "control socket removed" || ok "control socket removed"
if cat "$T"/*.err "$T"/*.log 2>/dev/null | grep -q "Sanitizer"; then
    bad "sanitizer report"
    grep -h -A20 "Sanitizer" "$T"/*.err "$T"/*.log | head -60
else ok "no sanitizer report"; fi

echo "# $fails failure(s)"
[ "$fails" = 0 ]
