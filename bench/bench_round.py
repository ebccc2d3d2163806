#!/usr/bin/env python3
"""Reading-round figures (docs/performance.md, "Meter reading"): metersim with
N DL/T 645-2007 meters at each rate, concentratord reading them on its RS485-I
port (a pty), `master serve` setting AFN04 F10. For each rate it waits for the
first full round and a second one (AFN05 F51), and prints:
  - the round's duration and requests (the daemon's `round N done` log line);
  - the wire-time limit: every byte on the line (requests with their FE
    preamble, replies) x 11 bits / baud, plus the meters' reply delays (both
    taken from metersim's --verbose log: `frame ... L=n`, `sent N bytes`,
    `answer in D ms`);
  - the store's bytes written during the round (`store_bytes_written` of
    `concentratord --status`) and the growth of the database + WAL files.
Not run by ctest (it takes minutes). Standard library only.

usage: bench_round.py [--build DIR] [--meters 32] [--bauds 9600,2400] [--keep]
  (DIR: the CMake build directory, default build-rel or build)"""
import argparse
import json
import os
import re
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "integration", "reading"))
from rdlib import Env, read  # noqa: E402

PREAMBLE = 4  # [reader] preamble default: FE bytes before each request


def wire_figures(mslog_text, baud):
    req_bytes = reply_bytes = frames = replies = 0
    delay_ms = 0
    for line in mslog_text.splitlines():
        m = re.search(r"frame C=\w+ to \d+ L=(\d+)", line)
        if m:
            frames += 1
            req_bytes += 12 + int(m.group(1)) + PREAMBLE
            continue
        m = re.search(r"sent (\d+) bytes at (\d+) baud", line)
        if m:
            replies += 1
            reply_bytes += int(m.group(1))
            continue
        m = re.search(r"meter\(s\) answer in (\d+) ms", line)
        if m:
            delay_ms += int(m.group(1))
    wire_s = (req_bytes + reply_bytes) * 11.0 / baud
    return {"frames": frames, "replies": replies, "req_bytes": req_bytes,
            "reply_bytes": reply_bytes, "wire_s": wire_s, "delay_s": delay_ms / 1000.0,
            "limit_s": wire_s + delay_ms / 1000.0,
            # a pty delivers the request at once (only metersim paces its replies), so the
            # simulated bus cannot be faster than the replies' wire time + the delays
            "pty_floor_s": reply_bytes * 11.0 / baud + delay_ms / 1000.0}


def files_size(env):
    return sum(os.path.getsize(env.db + s) for s in ("", "-wal") if os.path.exists(env.db + s))


def one_rate(paths, n, baud, keep):
    env = Env(*paths, tag="bench%d" % baud)
    out = {"baud": baud, "meters": n}
    try:
        env.metersim([{"addr": "%012d" % (i + 1), "protocol": 2007, "baud": baud}
                      for i in range(n)], verbose=True)
        env.start_master()
        env.start_cd(reader={"default_baud": baud, "reply_timeout_ms": 1000, "retries": 2})
        for k in (1, 2):
            before = env.rounds.last_started()
            sb0, fs0 = env.status_value("store_bytes_written"), files_size(env)
            pos = len(read(env.mslog))
            if k == 1:
                # AFN04 F10 in sets of 8 meters (merged by index; one request with 20 or
                # more meters is denied by the daemon at the time of writing); the round
                # counted is the one the last set starts
                ms = [(i + 1, "%012d" % (i + 1), 2007, baud) for i in range(n)]
                for c in range(0, n, 8):
                    before = env.rounds.last_started()
                    rc, j = env.set_meters(ms[c:c + 8], first_index=c + 1)
                    if rc != 0:
                        break
                    time.sleep(0.3)
                # a round cut by the next F10 set is not restarted until the next interval
                # (daemon issue at the time of writing): AFN05 F51 starts it now
                time.sleep(1)
                before = env.rounds.last_started()
                sb0, fs0 = env.status_value("store_bytes_written"), files_size(env)
                pos = len(read(env.mslog))
                rc, j = env.send("05", "F51", "--data", json.dumps({"port": 2}))
            else:
                rc, j = env.send("05", "F51", "--data", json.dumps({"port": 2}))
            if rc != 0:
                raise RuntimeError("request refused: %s" % j)
            r = env.rounds.wait_done(before, 1200)
            while r is not None and r["meters"] != n:  # a round of an earlier F10 set, cut short
                r = env.rounds.wait_done(r["round"], 1200)
            if r is None:
                raise RuntimeError("no round done: " + read(env.cdlog)[-2000:])
            time.sleep(0.5)
            sb1, fs1 = env.status_value("store_bytes_written"), files_size(env)
            w = wire_figures(read(env.mslog)[pos:], baud)
            out["round%d" % k] = dict(r, wire=w, store_bytes=(sb1 - sb0) if sb0 is not None
                                      and sb1 is not None else None, file_growth=fs1 - fs0)
        out["status"] = env.status()
    finally:
        env.close(keep=keep)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default=None)
    ap.add_argument("--meters", type=int, default=32)
    ap.add_argument("--bauds", default="9600,2400")
    ap.add_argument("--keep", action="store_true")
    a = ap.parse_args()
    root = os.path.dirname(HERE)
    build = a.build or next((os.path.join(root, d) for d in ("build-rel", "build")
                             if os.path.isdir(os.path.join(root, d))), "build")
    paths = [os.path.join(build, p) for p in ("concentrator/shell/concentratord",
                                              "tools/master/master", "tools/metersim/metersim",
                                              "tools/frametool/frametool")]
    for p in paths:
        if not os.access(p, os.X_OK):
            raise SystemExit("bench_round: %s not built" % p)
    rows = []
    for baud in [int(b) for b in a.bauds.split(",")]:
        res = one_rate(paths, a.meters, baud, a.keep)
        rows.append(res)
        print(json.dumps({k: v for k, v in res.items() if k != "status"}, default=str),
              flush=True)
    print()
    print("| rate | round | meters ok | requests | duration | wire time: (request + reply "
          "bytes) x 11 / baud | meters' reply delays | wire-time limit | duration / limit "
          "| pty floor (replies + delays) | store bytes written | db+WAL growth |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for res in rows:
        for k in (1, 2):
            r = res["round%d" % k]
            w = r["wire"]
            print("| %d bit/s | %s | %d/%d | %d | %.1f s | %.1f s (%s + %s bytes) | %.1f s | "
                  "%.1f s | %.2f | %.1f s | %s | %s |" % (
                      res["baud"], "first of the day" if k == 1 else "next (AFN05 F51)",
                      r["ok"], r["meters"], r["requests"], r["secs"], w["wire_s"],
                      "{:,}".format(w["req_bytes"]), "{:,}".format(w["reply_bytes"]),
                      w["delay_s"], w["limit_s"], r["secs"] / w["limit_s"] if w["limit_s"] else 0,
                      w["pty_floor_s"],
                      "{:,}".format(r["store_bytes"]) if r["store_bytes"] is not None else "n/a",
                      "{:,}".format(r["file_growth"])))


if __name__ == "__main__":
    main()
