#!/usr/bin/env python3
"""Events end to end (issue 8 items 3-6): metersim faults and the terminal's
own events -> concentratord (ERC records, AFN04 F9 classes, the durable report
queue) -> master serve (AFN0E F1 active reports, confirmed).

usage: events.py CASE CONCENTRATORD MASTER METERSIM FRAMETOOL [--keep]
CASE: meter | terminal | many | offline | crash
Prints TAP-like lines (`# TODO` marks a check the daemon is known to fail);
exit 1 on any failure. Standard library only. The harness (processes, pty,
ports, master send) is tests/integration/reading/rdlib.py, imported by path."""
import datetime
import json
import os
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "reading"))
from rdlib import TO, Env, Tap, build_paths, read, unit, wait_for  # noqa: E402

A1, A2 = "000000000001", "000000000002"
MSA = 7  # the master's address (A3) as `master serve --msa` sends it: ERC3 carries it
CONFIRM = re.compile(r"report (\d+) confirmed by the master")


def mask(ercs):
    """AFN04 F9 bit string (BS64 as the decoder prints it): ERCn = bit n-1"""
    b = bytearray(8)
    for e in ercs:
        b[(e - 1) // 8] |= 1 << ((e - 1) % 8)
    return b.hex().upper()


def key(rec):
    """a record's identity: ERC and its decoded content"""
    return json.dumps([rec.get("erc"), rec.get("data")], sort_keys=True)


def ptime(s):
    try:
        return datetime.datetime.fromisoformat(s) if s else None
    except (TypeError, ValueError):
        return None


class EvEnv(Env):
    """rdlib's Env plus: the master with --msa and --json, a fixed port for a
    restart, the GPIO twin and extra config, the store read with sqlite3"""

    def __init__(self, *a):
        super().__init__(*a)
        self.gpio = os.path.join(self.T, "gpio")
        os.mkdir(self.gpio)
        for f in ("input_1", "input_2", "power_fail"):
            self.set_line(f, 0)
        self.power_line = True  # [gpio] power_fail = 2 (DIR/power_fail)
        self.mproc = None

    def set_line(self, name, v):
        tmp = os.path.join(self.gpio, "." + name)
        with open(tmp, "w") as f:
            f.write("%d\n" % v)
        os.replace(tmp, os.path.join(self.gpio, name))

    def start_master(self, port=0):
        try:
            os.unlink(self.portf)
        except OSError:
            pass
        p = self.start([self.MASTER, "serve", "--listen", "127.0.0.1:%d" % port, "--control",
                        self.ctl, "--port-file", self.portf, "--msa", str(MSA), "--json"],
                       self.mlog)
        got = wait_for(lambda: read(self.portf).strip(), 5)
        if not got:
            raise RuntimeError("master serve did not start: " + read(self.mlog))
        self.port = int(got)
        self.mproc = p
        return p

    def stop_master(self):
        self.stop(self.mproc)
        wait_for(lambda: not os.path.exists(self.ctl), 5)

    def write_config(self, reader=None, extra=""):
        gpio = ("[gpio]\nchip = sim:%s\ninput_1 = 0\ninput_2 = 1\ninput_debounce_ms = 100\n%s"
                % (self.gpio, "power_fail = 2\n" if self.power_line else ""))
        super().write_config(reader, gpio + getattr(self, "uplink_extra", "") + extra)

    def start_cd_nowait(self, reader=None):
        self.write_config(reader)
        f = open(self.cdlog, "ab")
        self.cd = subprocess.Popen([self.CD, "-c", self.cfg], stdout=f, stderr=subprocess.STDOUT)
        f.close()
        self.procs.append(self.cd)
        return self.cd

    # ---- what the master saw --------------------------------------------
    def reports(self):
        """every AFN0E F1 report the master kept: dicts n, ts, con, fc, ec1, ec2,
        pm, pn, rec (one record per report)"""
        r = subprocess.run([self.MASTER, "reports", "--control", self.ctl, "--to", TO, "--json"],
                           capture_output=True, text=True, timeout=10)
        out = []
        for line in r.stdout.splitlines():
            try:
                j = json.loads(line)
            except ValueError:
                continue
            d = j.get("decoded") or {}
            for u in d.get("units") or []:
                if d.get("afn") != 14 or u.get("fn") != 1:
                    continue
                data = u.get("data") or {}
                for i, rec in enumerate(data.get("records") or []):
                    out.append({"n": j.get("n"), "ts": j.get("ts"),
                                "con": (d.get("seq") or {}).get("con"), "fc": d.get("fc"),
                                "ec1": data.get("ec1"), "ec2": data.get("ec2"),
                                "pm": (data.get("pm", 0) + i) & 0xFF, "pn": data.get("pn"),
                                "rec": rec})
        return out

    def confirms(self):
        return len(CONFIRM.findall(read(self.cdlog)))

    def master_frames(self):
        """the master's JSON log: one dict per frame"""
        out = []
        for line in read(self.mlog).splitlines():
            try:
                out.append(json.loads(line))
            except ValueError:
                pass
        return out

    # ---- the terminal -------------------------------------------------------
    def ev_read(self, fn, start, end):
        """AFN0E Fn records with pointers start..end (end exclusive; end - start
        up to 256, mod 256), asking again from each answer's Pn (a request asks
        at most 255 pointers: Pm = Pn asks none): [(ptr, record)]"""
        got, a, left, guard = [], start & 0xFF, end - start, 0
        while left > 0 and guard < 64:
            guard += 1
            b = (a + min(left, 255)) & 0xFF
            rc, j = self.send("0E", "F%d" % fn, "--range", "%d-%d" % (a, b))
            d = unit(j, fn)
            if d is None:
                break
            recs = d.get("records") or []
            for i, rec in enumerate(recs):
                got.append(((d.get("pm", a) + i) & 0xFF, rec))
            if not recs:
                break
            step = (d["pn"] - a) & 0xFF
            a, left = d["pn"], left - step
        return got

    def counters(self):
        rc, j = self.send("0C", "F7")
        return unit(j, 7) or {}

    def set_f9(self, important, valid=None):
        return self.send("04", "F9", "--data", json.dumps(
            {"record_valid": mask(valid) if valid else "F" * 16, "important": mask(important)}))

    def reread(self, timeout=40):
        before = self.rounds.last_started()
        rc, j = self.send("05", "F51", "--data", json.dumps({"port": 2}))
        return self.rounds.wait_done(before, timeout)

    def dbq(self, sql, args=()):
        """a query on the live store, read-only (WAL: the daemon may be writing)"""
        c = sqlite3.connect("file:%s?mode=ro" % self.db_path, uri=True, timeout=10)
        try:
            return c.execute(sql, args).fetchall()
        finally:
            c.close()

    @property
    def db_path(self):
        return self.db

    def integrity(self):
        """PRAGMA integrity_check on a copy of the store and its WAL (the
        original is left for the daemon's own recovery)"""
        d = tempfile.mkdtemp(prefix="evchk-", dir=self.T)
        for suf in ("", "-wal"):
            if os.path.exists(self.db_path + suf):
                shutil.copy(self.db_path + suf, os.path.join(d, "store.db" + suf))
        c = sqlite3.connect(os.path.join(d, "store.db"))
        try:
            res = [r[0] for r in c.execute("PRAGMA integrity_check").fetchall()]
            ev = c.execute("SELECT count(*) FROM event").fetchone()[0]
            rq = c.execute("SELECT count(*) FROM report").fetchone()[0]
        finally:
            c.close()
            shutil.rmtree(d, ignore_errors=True)
        return res, ev, rq

    def queue_len(self):
        try:
            return self.dbq("SELECT count(*) FROM report")[0][0]
        except sqlite3.Error:
            return None


def wait_reports(env, after_n, pred, timeout):
    """new reports (n > after_n) once pred(new) holds, or what came by the timeout"""
    def got():
        new = [r for r in env.reports() if r["n"] > after_n]
        return new if pred(new) else None
    res = wait_for(got, timeout, 0.2)
    return res if res is not None else [r for r in env.reports() if r["n"] > after_n]


def last_n(env):
    rs = env.reports()
    return max((r["n"] for r in rs), default=0)


def check_delivery(env, tap, what, timeout=15):
    """every report the master got is confirmed in the daemon log and the
    store's queue is empty"""
    ok = wait_for(lambda: env.queue_len() == 0 and env.confirms() >= len(env.reports()), timeout)
    tap.ok(bool(ok), "%s: every report confirmed (%d confirmations logged for %d reports) and "
           "the store's report queue empty (%s left)" % (what, env.confirms(), len(env.reports()),
                                                         env.queue_len()),
           read(env.cdlog)[-1500:])


def check_readback(env, tap, reps, what):
    """AFN0E F1 at each report's pointer answers the same record"""
    if not reps:
        return
    ec1 = env.counters().get("ec1", 0)
    lo = min(r["pm"] for r in reps)
    stored = dict(env.ev_read(1, lo, ec1))
    bad = ["pm %d: reported %s, read %s" % (r["pm"], key(r["rec"]), key(stored.get(r["pm"], {})))
           for r in reps if key(stored.get(r["pm"], {})) != key(r["rec"])]
    tap.ok(not bad, "%s: AFN0E F1 read back at each report's pointer = the reported record "
           "(%d records)" % (what, len(reps)), "\n".join(bad))


# --------------------------------------------------------------------------
# (a) meter events from metersim faults

METER_ERCS = [8, 12, 13, 27, 31, 33, 37, 38, 40]


def forward_write(env):
    """AFN10 F1: a DL/T 645 14H write of the demand period (04000103) to meter
    1 with its password: the meter counts a programming (03300000)"""
    fr = subprocess.run([env.FT, "encode", "645", "write", "--addr", A1, "--di", "04000103",
                         "--data", "15"], capture_output=True, text=True).stdout
    data = {"port": 2, "data_bits": 3, "odd": 0, "parity": 1, "stop_bits": 0, "baud": 6,
            "frame_timeout": 100, "frame_timeout_unit": 0, "byte_timeout": 10,
            "frame": fr.replace(" ", "").strip().upper()}
    return env.send("10", "F1", "--data", json.dumps(data), timeout_ms=10000)


def case_meter(env, tap):
    now = datetime.datetime.now().replace(microsecond=0).isoformat()
    env.metersim([{"addr": a, "protocol": 2007, "baud": 9600, "delay": 20} for a in (A1, A2)],
                 extra=["--start", now])
    env.start_master()
    env.start_cd(reader={"reply_timeout_ms": 300, "retries": 1})
    rc, j = env.set_f33(interval=60)
    tap.ok(rc == 0, "04 F33: rounds every 60 min (rounds here are asked with 05 F51)", j)
    rc, j = env.set_f9([1, 14] + METER_ERCS)
    tap.ok(rc == 0, "04 F9: ERC %s important" % METER_ERCS, j)
    rc, j = env.send("04", "F59", "--data", json.dumps(
        {"energy_tolerance": 2.0, "fast_threshold": 5.0, "stop_threshold": 16,
         "clock_threshold": 2}))
    tap.ok(rc == 0, "04 F59: meter clock threshold 2 min", j)
    before = env.rounds.last_started()
    rc, j = env.set_meters([(1, A1, 2007, 9600), (2, A2, 2007, 9600)])
    tap.ok(rc == 0, "04 F10: two 2007 meters at 9600 baud", j)
    r = env.rounds.wait_done(before, 60)
    if not tap.ok(r is not None and r["ok"] == 2, "first round (the baseline): 2/2 ok",
                  r or read(env.cdlog)[-2000:]):
        return
    r = env.reread()
    tap.ok(r is not None and r["ok"] == 2, "second round: 2/2 ok", r)
    base = last_n(env)
    time.sleep(1)
    extra = [x for x in env.reports() if x["n"] > base]
    tap.ok(not [x for x in env.reports() if x["rec"]["erc"] in METER_ERCS],
           "no meter event from the baseline rounds", [x["rec"] for x in extra])

    def prog():
        rc, j = forward_write(env)
        tap.ok(rc == 0, "AFN10 F1: 14H write 04000103 forwarded to meter 1 and answered", j)
        tap.ok(env.truth(A1).get("events", {}) is not None, "metersim truth answers")
        # a re-read asked right after the forwarded answer
        before = env.rounds.last_started()
        env.send("05", "F51", "--data", json.dumps({"port": 2}))
        r = env.rounds.wait_done(before, 10)
        tap.ok(r is not None, "05 F51 sent right after an AFN10 F1 answer starts a round "
               "within 10 s", read(env.cdlog)[-2000:] if hasattr(env, "cdlog") else "")
        time.sleep(2)

    def near(a, b, eps):
        try:
            return abs(float(a) - float(b)) <= eps
        except (TypeError, ValueError):
            return False

    steps = [
        ("cover opened", lambda: env.ms("cover %s open" % A1), {37},
         {37: lambda d: d.get("pn") == 1 and d.get("count") == 1}),
        ("terminal box opened", lambda: env.ms("tbox %s open" % A1), {38},
         {38: lambda d: d.get("pn") == 1 and d.get("count") == 1}),
        ("magnetic interference", lambda: env.ms("magnet %s on" % A1), {40},
         {40: lambda d: d.get("pn") == 1 and d.get("device_type") == 2 and
          str(d.get("device_addr")) == A1 and d.get("anomaly") == 2}),
        ("status word 1 b2 (clock battery)", lambda: env.ms("sw %s 1 0004" % A1), {33, 13},
         {33: lambda d: d.get("pn") == 1,
          13: lambda d: d.get("pn") == 1 and d.get("battery_low") == 1}),
        ("forward reading down 5 kWh", lambda: env.ms("energy-down %s 5" % A1), {27},
         {27: lambda d: d.get("pn") == 1 and d.get("occurred") == 1 and
          near(float(d.get("before") or 0) - float(d.get("after") or 0), 5, 0.5)}),
        ("meter clock +200 s (F59: 2 min)", lambda: env.ms("clock %s +200" % A1), {12},
         {12: lambda d: d.get("pn") == 1 and d.get("occurred") == 1}),
        ("meter clock back", lambda: env.ms("clock %s -200" % A1), {12},
         {12: lambda d: d.get("pn") == 1 and d.get("occurred") == 0}),
        ("programming (14H write through AFN10 F1)", prog, {8, 13},
         {8: lambda d: d.get("pn") == 1,
          13: lambda d: d.get("pn") == 1 and d.get("program_count") == 1}),
        ("meter 2 silent", lambda: env.ms("silent %s on" % A2), {31},
         {31: lambda d: d.get("pn") == 2 and d.get("occurred") == 1}),
        ("meter 2 answers again", lambda: env.ms("silent %s off" % A2), {31},
         {31: lambda d: d.get("pn") == 2 and d.get("occurred") == 0}),
    ]
    all_reps = []
    for name, act, want, checks in steps:
        n0 = last_n(env)
        act()
        r = env.reread()
        if not tap.ok(r is not None, "%s: a round after it" % name, read(env.cdlog)[-1500:]):
            continue
        new = wait_reports(env, n0, lambda new: want <= {x["rec"]["erc"] for x in new}, 10)
        time.sleep(0.5)
        new = [x for x in env.reports() if x["n"] > n0]
        ercs = sorted(x["rec"]["erc"] for x in new)
        tap.ok(ercs == sorted(want), "%s: reported ERC%s (got %s)" % (
            name, "+ERC".join(str(e) for e in sorted(want)), ercs),
            "\n".join(json.dumps(x["rec"]) for x in new))
        for x in new:
            e = x["rec"]["erc"]
            if e in checks:
                tap.ok(checks[e](x["rec"].get("data") or {}), "%s: ERC%d record fields" % (name, e),
                       json.dumps(x["rec"]))
            tap.ok(x["con"] is True and x["fc"] == 4,
                   "%s: ERC%d report is AFN0E F1, FC 4, CON 1 (AFN04 F1 con_class3 1)" % (name, e),
                   x)
        all_reps += new
    if steps:
        tap.note("records: " + "; ".join(json.dumps(x["rec"]) for x in all_reps))
    check_delivery(env, tap, "meter events")
    check_readback(env, tap, all_reps, "meter events")
    pms = [x["pm"] for x in all_reps]
    tap.ok(len(set(pms)) == len(pms) and pms == sorted(pms),
           "each report once, in the order of its pointer", pms)
    c = env.counters()
    tap.ok(all_reps and c.get("ec1") == all_reps[-1]["ec1"],
           "AFN0C F7 EC1 %s = EC1 of the last report" % c.get("ec1"), c)
    tap.ok(bool(wait_for(lambda: "led alarm        off" in env.status(), 4)),
           "all important events confirmed: the alarm lamp is off (nothing unread)", env.status())


# --------------------------------------------------------------------------
# (b) the terminal's own events


def answers_acd(env, since):
    """(fcb_acd, ec) of the master's received answers logged after index since"""
    out = []
    for f in env.master_frames()[since:]:
        fr = f.get("frame") or {}
        if f.get("dir") == "rx" and fr.get("prm") is False:
            out.append((fr.get("fcb_acd"), fr.get("ec"), fr.get("afn")))
    return out


def power_cycle(env, tap, reps, how, fail, back):
    """a power-fail notice then power back: ERC14 off alone, then off + on"""
    n0 = last_n(env)
    fail()
    new = wait_reports(env, n0, lambda n: any(x["rec"]["erc"] == 14 for x in n), 5)
    e = [x for x in new if x["rec"]["erc"] == 14]
    d = e[0]["rec"]["data"] if e else {}
    tap.ok(len(e) == 1 and ptime(d.get("power_off")) and d.get("power_on") is None,
           "%s power fail: ERC14 reported with the power-off time, no power-on time" % how,
           [x["rec"] for x in new])
    reps += e
    n0 = last_n(env)
    time.sleep(1)
    tap.ok(not [x for x in env.reports() if x["n"] > n0],
           "%s: the notice stands (no power-on record before power is back)" % how)
    back()
    new = wait_reports(env, n0, lambda n: any(x["rec"]["erc"] == 14 for x in n), 5)
    e = [x for x in new if x["rec"]["erc"] == 14]
    d = e[0]["rec"]["data"] if e else {}
    off, on = ptime(d.get("power_off")), ptime(d.get("power_on"))
    tap.ok(len(e) == 1 and off and on and on >= off and
           abs((on - datetime.datetime.now()).total_seconds()) < 90,
           "%s power back: ERC14 reported with both times (off <= on = now)" % how,
           [x["rec"] for x in new])
    reps += e


def case_terminal(env, tap):
    env.metersim([{"addr": A1, "protocol": 2007, "baud": 9600}])
    env.start_master()
    env.power_line = False
    env.start_cd()
    imp = [1, 3, 4, 14, 41]

    # ERC3: the F9 set itself (important once F9 says so), with the master address
    n0 = last_n(env)
    rc, j = env.set_f9(imp)
    tap.ok(rc == 0, "04 F9: ERC %s important" % imp, j)
    new = wait_reports(env, n0, lambda n: any(x["rec"]["erc"] == 3 for x in n), 5)
    e3 = [x for x in new if x["rec"]["erc"] == 3]
    d = e3[0]["rec"]["data"] if e3 else {}
    tap.ok(len(e3) == 1 and d.get("msa") == MSA and d.get("changed") == [{"pn": [0], "fn": [9]}],
           "ERC3 for the F9 set reported once: master address %d, changed p0 F9" % MSA,
           [x["rec"] for x in new])
    reps = list(e3)

    # ACD / EC while an important event is unread (reporting forbidden)
    rc, j = env.send("05", "F37")
    tap.ok(rc == 0, "05 F37: reporting forbidden", j)
    n0 = last_n(env)
    rc, j = env.send("04", "F36", "--data", json.dumps({"monthly_limit": 900000000}))
    tap.ok(bool(wait_for(lambda: re.search(r"ERC3 parameter change recorded \(EC1 2,",
                                           read(env.cdlog)), 5)),
           "04 F36: ERC3 recorded (EC1 2)", read(env.cdlog)[-800:])
    time.sleep(1.5)
    tap.ok(not [x for x in env.reports() if x["n"] > n0], "reporting forbidden: nothing reported")
    since = len(env.master_frames())
    env.send("0C", "F2")
    acd = answers_acd(env, since)
    tap.ok(acd and acd[-1][0] is True and acd[-1][1] == {"important": 2, "general": 0},
           "an answer (AFN0C F2) while the ERC3 is unread: ACD 1, EC = EC1 2, EC2 0", acd)
    c = env.counters()
    got = env.ev_read(1, 1, c.get("ec1", 2))
    tap.ok(len(got) == 1 and got[0][1]["erc"] == 3 and
           got[0][1]["data"].get("changed") == [{"pn": [0], "fn": [36]}],
           "AFN0E F1 1-2: the unread ERC3 (F36)", got)
    since = len(env.master_frames())
    env.send("0C", "F2")
    acd = answers_acd(env, since)
    tap.ok(acd and acd[-1][0] is False and acd[-1][1] is None,
           "after the master read it with AFN0E F1: ACD 0, no EC", acd)
    n0 = last_n(env)
    rc, j = env.send("05", "F29")
    tap.ok(rc == 0, "05 F29: reporting allowed", j)
    time.sleep(2)
    tap.ok(not [x for x in env.reports() if x["n"] > n0],
           "the queued report of a record the master already read is not sent",
           [x["rec"] for x in env.reports() if x["n"] > n0])
    check_delivery(env, tap, "after F29", 5)

    # ERC41: time set
    n0 = last_n(env)
    t0 = datetime.datetime.now()
    rc, j = env.send("05", "F31")
    tap.ok(rc == 0, "05 F31: time set (the master's clock)", j)
    new = wait_reports(env, n0, lambda n: any(x["rec"]["erc"] == 41 for x in n), 5)
    e41 = [x for x in new if x["rec"]["erc"] == 41]
    d = e41[0]["rec"]["data"] if e41 else {}
    after = ptime(d.get("after"))
    tap.ok(len(e41) == 1 and d.get("pn") == 0 and d.get("before") and after and
           abs((after - t0).total_seconds()) < 60,
           "ERC41 reported: pn 0, times before and after the set (after = now)",
           [x["rec"] for x in new])
    reps += e41

    # ERC32: this month's traffic over the AFN04 F36 limit (general class here)
    rc, j = env.send("04", "F36", "--data", json.dumps({"monthly_limit": 100}))
    tap.ok(rc == 0, "04 F36: monthly traffic limit 100 bytes", j)
    tap.ok(bool(wait_for(lambda: "ERC32 traffic over the threshold recorded" in read(env.cdlog),
                         5)), "ERC32 recorded within 5 s", read(env.cdlog)[-600:])
    ec2 = env.counters().get("ec2", 0)
    got = env.ev_read(2, ec2 - 1, ec2)
    d = got[0][1].get("data", {}) if got else {}
    tap.ok(len(got) == 1 and got[0][1].get("erc") == 32 and d.get("traffic_limit") == 100 and
           (d.get("traffic") or 0) > 100,
           "AFN0E F2: the newest general record is ERC32, traffic > limit 100", got)
    rc, j = env.send("04", "F36", "--data", json.dumps({"monthly_limit": 50}))
    time.sleep(1.5)
    tap.ok(read(env.cdlog).count("ERC32 traffic over the threshold recorded") == 1,
           "ERC32 once a month (not again after F36 is lowered to 50)")

    # ERC4: state inputs through the GPIO twin (debounce 100 ms)
    n0 = last_n(env)
    env.set_line("input_1", 1)
    time.sleep(0.02)
    env.set_line("input_1", 0)
    time.sleep(1.2)
    tap.ok(not [x for x in env.reports() if x["n"] > n0 and x["rec"]["erc"] == 4],
           "a 20 ms glitch on input 1 (debounce 100 ms): no ERC4")
    env.set_line("input_1", 1)
    new = wait_reports(env, n0, lambda n: any(x["rec"]["erc"] == 4 for x in n), 5)
    e4 = [x for x in new if x["rec"]["erc"] == 4]
    d = e4[0]["rec"]["data"] if e4 else {}
    tap.ok(len(e4) == 1 and str(d.get("changed")).upper() in ("01", "1") and
           str(d.get("state")).upper() in ("01", "1"),
           "input 1 on: ERC4 reported, change D0, state D0", [x["rec"] for x in new])
    reps += e4
    rc, j = env.send("0C", "F9")
    d9 = unit(j, 9) or {}
    tap.ok(d9.get("state") == "01" and d9.get("changed") == "01",
           "AFN0C F9: state 01, changed 01", d9)
    rc, j = env.send("0C", "F9")
    d9 = unit(j, 9) or {}
    tap.ok(d9.get("state") == "01" and d9.get("changed") == "00",
           "AFN0C F9 again: the change flags cleared by the first read", d9)
    n0 = last_n(env)
    env.set_line("input_1", 0)
    new = wait_reports(env, n0, lambda n: any(x["rec"]["erc"] == 4 for x in n), 5)
    e4 = [x for x in new if x["rec"]["erc"] == 4]
    d = e4[0]["rec"]["data"] if e4 else {}
    tap.ok(len(e4) == 1 and str(d.get("state")) in ("00", "0"),
           "input 1 off: ERC4 reported, state 00", [x["rec"] for x in new])
    reps += e4

    # ERC14: power-fail notice by signal (no power-fail line configured: a line
    # reading "power present" would end the notice at the next 250 ms poll)
    power_cycle(env, tap, reps, "SIGUSR1/SIGUSR2", lambda: env.cd.send_signal(signal.SIGUSR1),
                lambda: env.cd.send_signal(signal.SIGUSR2))

    # ERC14 at start after a crash (kill -9); restarted with [gpio] power_fail
    time.sleep(0.5)
    check_delivery(env, tap, "before the kill")
    env.cd.kill()
    env.cd.wait()
    n0 = last_n(env)
    env.power_line = True
    env.uplink_extra = "[terminal]\nsw_version = 0200\n"  # a new software version too
    env.start_cd()
    new = wait_reports(env, n0, lambda n: {1, 14} <= {x["rec"]["erc"] for x in n}, 10)
    e1 = [x for x in new if x["rec"]["erc"] == 1]
    d = e1[0]["rec"]["data"] if e1 else {}
    tap.ok(len(e1) == 1 and d.get("version_change") == 1 and d.get("init") == 0 and
           str(d.get("old_version")).strip("\x00") == "0100" and
           str(d.get("new_version")).strip("\x00") == "0200",
           "restarted with sw_version 0200: ERC1 version change 0100 -> 0200 reported",
           [x["rec"] for x in new])
    reps += e1
    e = [x for x in new if x["rec"]["erc"] == 14]
    d = e[0]["rec"]["data"] if e else {}
    off, on = ptime(d.get("power_off")), ptime(d.get("power_on"))
    tap.ok(len(e) == 1 and off and on and on >= off and
           (on - off).total_seconds() <= 180,
           "kill -9 and restart: ERC14 reported at start (off = the last alive stamp, on = now)",
           [x["rec"] for x in new])
    tap.ok("ERC14 power on (no notice)" in read(env.cdlog), "the daemon logs ERC14 without notice")
    reps += e

    # ERC14 by the simulated power-fail line
    power_cycle(env, tap, reps, "power_fail line", lambda: env.set_line("power_fail", 1),
                lambda: env.set_line("power_fail", 0))
    tap.ok(len(re.findall("power fail: store complete and checkpointed", read(env.cdlog))) == 2,
           "the daemon logs the store checkpointed at each notice", read(env.cdlog)[-800:])

    # ERC1: AFN01 F2 (data initialisation)
    check_delivery(env, tap, "before AFN01 F2")
    check_readback(env, tap, reps, "terminal events")
    n0 = last_n(env)
    rc, j = env.send("01", "F2")
    tap.ok(rc == 0, "01 F2: data area initialisation confirmed", j)
    new = wait_reports(env, n0, lambda n: any(x["rec"]["erc"] == 1 for x in n), 10)
    e = [x for x in new if x["rec"]["erc"] == 1]
    d = e[0]["rec"]["data"] if e else {}
    tap.ok(len(e) == 1 and d.get("init") == 1 and d.get("version_change") == 0,
           "ERC1 reported: init 1, version change 0", [x["rec"] for x in new])
    tap.ok(bool(e) and e[0]["pm"] == 0 and e[0]["ec1"] == 1,
           "ERC1 is the first record after the clear (Pm 0, EC1 1)", e)
    check_delivery(env, tap, "terminal events")
    check_readback(env, tap, e, "ERC1")


# --------------------------------------------------------------------------
# (c) 600 general events: the latest 500 kept, EC2 = 600 mod 256


def erc3_pns(blob):
    """point numbers of an ERC3 record's DA/DT identifiers (raw store bytes)"""
    b = bytes(blob)
    out, i = [], 2 + 5 + 1
    while i + 4 <= len(b):
        da1, da2 = b[i], b[i + 1]
        for bit in range(8):
            if da1 & (1 << bit):
                out.append((da2 - 1) * 8 + bit + 1)
        i += 4
    return out


def case_many(env, tap):
    env.metersim([{"addr": A1, "protocol": 2007, "baud": 9600}])
    env.start_master()
    env.start_cd()
    total = 600
    script = os.path.join(env.T, "sets.script")
    f25 = json.dumps({"pt_ratio": 1, "ct_ratio": 1, "rated_voltage": 220.0,
                      "rated_current": 5.0, "rated_load": 0.0, "wiring": 1, "phase": 1})
    with open(script, "w") as f:
        for i in range(1, total + 1):
            f.write("04 F25 p%d --data '%s'\n" % (i, f25))
    t0 = time.time()
    r = subprocess.run([env.MASTER, "script", script, "--to", TO, "--control", env.ctl,
                        "--no-tp"], capture_output=True, text=True, timeout=240)
    tap.ok(r.returncode == 0, "600 AFN04 F25 sets p1..p600 confirmed (%.1f s)" % (time.time() - t0),
           r.stdout[-1500:] + r.stderr[-500:])
    c = env.counters()
    tap.ok(c.get("ec2") == total % 256 and c.get("ec1") == 0,
           "AFN0C F7: EC2 = 600 mod 256 = %d, EC1 0" % (total % 256), c)
    ec2 = total % 256
    got = env.ev_read(2, ec2 + 1, ec2 + 256)
    pns = [p for _, rec in got for ch in (rec.get("data") or {}).get("changed", [])
           for p in ch.get("pn", [])]
    ptrs = [p for p, _ in got]
    tap.ok(len(got) == 255 and pns == list(range(total - 254, total + 1)) and
           ptrs == [(ec2 + 1 + i) & 0xFF for i in range(255)],
           "AFN0E F2 from Pm %d round to %d (asked again from each answer's Pn): the latest 255 "
           "records, p%d..p%d in order" % (ec2 + 1, ec2, total - 254, total),
           "got %d records, pns %s..%s" % (len(got), pns[:3], pns[-3:]))
    rc, j = env.send("0E", "F2", "--range", "%d-%d" % (ec2, ec2 + 1))
    d = unit(j, 2) or {}
    tap.ok(d.get("records") == [] and d.get("pm") == d.get("pn") == ec2 + 1,
           "AFN0E F2 %d-%d: pointer EC2 itself is the next record's: nothing (Pm' = Pn' = %d)"
           % (ec2, ec2 + 1, ec2 + 1), d)
    tap.ok(all(r.get("erc") == 3 for _, r in got), "every record is ERC3")
    rc, j = env.send("0E", "F3", "--data", json.dumps({"erc": 3, "n": 0}))
    d3 = unit(j, 3) or {}
    p3 = [p for rec in d3.get("records") or [] for ch in (rec.get("data") or {}).get("changed", [])
          for p in ch.get("pn", [])]
    tap.ok(p3 and p3 == list(range(total - len(p3) + 1, total + 1)) and
           len(d3.get("records") or []) <= 255,
           "AFN0E F3 ERC3 (project extension): the newest %d records that fit, in order, "
           "ending with p%d" % (len(p3), total), d3 if not p3 else p3[:5])
    env.stop(env.cd)
    res, nev, nrep = env.integrity()
    tap.ok(res == ["ok"], "PRAGMA integrity_check after the stop: ok", res)
    rows = sqlite3.connect(env.db_path).execute(
        "SELECT class, data FROM event ORDER BY id").fetchall()
    gen = [erc3_pns(d) for c, d in rows if c == 2]
    flat = [p[0] if len(p) == 1 else p for p in gen]
    tap.ok(len(gen) == 500 and flat == list(range(total - 499, total + 1)),
           "the store keeps exactly the latest 500 general records (p%d..p%d)" % (
               total - 499, total), "%d records, first %s last %s" % (
               len(gen), flat[:3], flat[-3:]))


# --------------------------------------------------------------------------
# (d) reports made while offline, across a daemon restart


def status_link(env):
    m = re.search(r"^link (\S+)", env.status(), re.M)
    return m.group(1) if m else None


def case_offline(env, tap):
    env.metersim([{"addr": A1, "protocol": 2007, "baud": 9600}])
    env.power_line = False  # the notice by signal alone
    env.uplink_extra = "[uplink]\nreport_fc_con = 10\n"
    env.start_master()
    env.start_cd()
    rc, j = env.set_f9([1, 4, 14])
    tap.ok(rc == 0, "04 F9: ERC1, 4, 14 important", j)
    rc, j = env.send("0A", "F8")
    f8 = unit(j, 8) or {}
    f8["redial_interval"] = 2
    rc, j = env.send("04", "F8", "--data", json.dumps(f8))
    tap.ok(rc == 0, "04 F8: redial every 2 s", j)
    time.sleep(0.5)
    first = env.reports()
    port = env.port
    env.stop_master()
    tap.ok(bool(wait_for(lambda: status_link(env) not in ("online", None), 10)),
           "master stopped: the daemon is offline (%s)" % status_link(env), env.status())

    def raise_and_wait(what, act, pattern):
        n = len(re.findall(pattern, read(env.cdlog)))
        act()
        return tap.ok(bool(wait_for(lambda: len(re.findall(pattern, read(env.cdlog))) > n, 5)),
                      "offline: %s recorded" % what, read(env.cdlog)[-600:])

    e4 = r"event ERC4 state-input change recorded"
    e14 = r"event ERC14 power \w+ recorded"
    raise_and_wait("input 1 on (ERC4)", lambda: env.set_line("input_1", 1), e4)
    raise_and_wait("input 2 on (ERC4)", lambda: env.set_line("input_2", 1), e4)
    raise_and_wait("power fail (ERC14)", lambda: env.cd.send_signal(signal.SIGUSR1), e14)
    raise_and_wait("power back (ERC14)", lambda: env.cd.send_signal(signal.SIGUSR2), e14)
    raise_and_wait("input 1 off (ERC4)", lambda: env.set_line("input_1", 0), e4)
    tap.ok(env.stop(env.cd) == 0, "daemon stopped (SIGTERM) while offline, exit 0")
    env.start_cd_nowait()
    time.sleep(1)
    raise_and_wait("after a restart, input 2 off (ERC4)", lambda: env.set_line("input_2", 0), e4)
    tap.ok(env.queue_len() == 6, "the store holds the 6 reports (queue %s)" % env.queue_len())
    env.start_master(port)
    tap.ok(bool(wait_for(env.online, 20)), "master back on port %d: the daemon logs in" % port)
    new = wait_reports(env, 0, lambda n: len(n) >= 6, 20)
    time.sleep(1.5)
    new = env.reports()
    got = [(x["rec"]["erc"], x["rec"]["data"].get("state") if x["rec"]["erc"] == 4 else
            x["rec"]["data"].get("power_on") is not None) for x in new]
    want = [(4, "01"), (4, "03"), (14, False), (14, True), (4, "02"), (4, "00")]
    tap.ok(got == want, "after reconnecting: the 6 offline events reported, each once, in "
           "order (ERC4 01, 03, ERC14 off, off+on, ERC4 02, 00)", got)
    keys_first = {key(x["rec"]) for x in first}
    tap.ok(not [x for x in new if key(x["rec"]) in keys_first],
           "none of them had been reported before the link loss")
    pms = [x["pm"] for x in new]
    tap.ok(len(set(pms)) == len(pms) and pms == sorted(pms), "pointers distinct, ascending", pms)
    tap.ok(all(x["con"] is True and x["fc"] == 10 for x in new),
           "reports with FC 10 ([uplink] report_fc_con = 10) and CON 1", new)
    check_delivery(env, tap, "offline events")
    check_readback(env, tap, new, "offline events")

    # AFN04 F1 con_class3 = 0: reports go without CON, nothing waits for a confirmation
    rc, j = env.send("0A", "F1")
    f1 = unit(j, 1) or {}
    f1["con_class3"] = 0
    rc, j = env.send("04", "F1", "--data", json.dumps(f1))
    tap.ok(rc == 0, "04 F1: con_class3 0", j)
    n0 = last_n(env)
    env.set_line("input_1", 1)
    got = wait_reports(env, n0, lambda n: any(x["rec"]["erc"] == 4 for x in n), 5)
    e4 = [x for x in got if x["rec"]["erc"] == 4]
    tap.ok(len(e4) == 1 and e4[0]["con"] is False,
           "ERC4 reported with CON 0 (AFN04 F1 con_class3 0)", e4)
    tap.ok(bool(wait_for(lambda: env.queue_len() == 0, 5)),
           "the report left the store's queue once sent (%s left)" % env.queue_len())
    time.sleep(1)
    tap.ok(len([x for x in env.reports() if x["n"] > n0]) == 1, "and it is not sent again")


# --------------------------------------------------------------------------
# (e) kill -9 during an event storm


def storm_and_kill(env, tap, stall, first_pn):
    """AFN04 sets (ERC3) from a master script and state-input toggles (ERC4),
    then kill -9; with stall the master is stopped (SIGSTOP) for 1.5 s first,
    so reports pile up in the store's queue with one in flight. Returns the
    last EC1 the daemon logged before the kill."""
    script = os.path.join(env.T, "storm%d.script" % first_pn)
    with open(script, "w") as f:
        for i in range(first_pn, first_pn + 200):
            f.write("04 F25 p%d --data '%s'\nwait 0.01\n" % (i, json.dumps(
                {"pt_ratio": 1, "ct_ratio": 1, "rated_voltage": 220.0, "rated_current": 5.0,
                 "rated_load": 0.0, "wiring": 1, "phase": 1})))
    storm = subprocess.Popen([env.MASTER, "script", script, "--to", TO, "--control", env.ctl,
                              "--no-tp", "--timeout", "2000", "--retries", "0"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    env.procs.append(storm)
    stop = threading.Event()

    def toggles():
        v = 0
        while not stop.is_set():
            v ^= 1
            env.set_line("input_1", v)
            time.sleep(0.6)  # > 2 polls of 250 ms: each level holds past the debounce
    th = threading.Thread(target=toggles)
    th.start()
    time.sleep(1.0 + random.random())
    if stall:
        env.mproc.send_signal(signal.SIGSTOP)
        time.sleep(1.5)
    env.cd.kill()
    env.cd.wait()
    if stall:
        env.mproc.send_signal(signal.SIGCONT)
    time.sleep(0.5)  # the master reads (and confirms, too late) what was in flight
    stop.set()
    th.join()
    env.stop(storm)
    ecs = [int(x) for x in re.findall(r"event ERC\d+ .*recorded \(EC1 (\d+),", read(env.cdlog))]
    what = "stalled master" if stall else "storm"
    tap.note("kill -9 (%s) after %d events recorded (last EC1 %s), %d reports confirmed" % (
        what, len(ecs), ecs[-1] if ecs else None, env.confirms()))
    res, nev, nrep = env.integrity()
    tap.ok(res == ["ok"], "kill -9 during the %s: PRAGMA integrity_check ok (%d events, %d "
           "reports queued)" % (what, nev, nrep), res)
    if stall:
        tap.ok(nrep >= 2, "the kill left reports in the store's queue (%d)" % nrep)
    return ecs[-1] if ecs else 0


def case_crash(env, tap):
    env.metersim([{"addr": A1, "protocol": 2007, "baud": 9600}])
    env.power_line = False
    env.start_master()
    env.start_cd()
    rc, j = env.set_f9([1, 3, 4, 14])
    tap.ok(rc == 0, "04 F9: ERC1, 3, 4, 14 important", j)
    kills = 0
    for stall, first_pn in ((False, 1), (True, 201)):
        last = storm_and_kill(env, tap, stall, first_pn)
        kills += 1
        before_restart = env.reports()
        env.start_cd()
        ok = wait_for(lambda: env.queue_len() == 0, 60)
        tap.ok(bool(ok), "after the restart: the report queue drains (%s left)" % env.queue_len())
        time.sleep(1)
        c = env.counters()
        ec1 = c.get("ec1", 0)
        stored = dict(env.ev_read(1, 0, ec1))
        tap.ok(len(stored) == ec1 and 0 < ec1 < 256,
               "AFN0E F1 0-%d reads all %d important records" % (ec1, ec1), len(stored))
        tap.ok(ec1 >= last + 1, "nothing recorded before the kill is lost: EC1 %d >= %d (the "
               "last EC1 logged) + 1 (ERC14 at start)" % (ec1, last))
        lost = [x for x in before_restart if key(stored.get(x["pm"], {})) != key(x["rec"])]
        tap.ok(not lost, "every report the master confirmed before the kill (%d) is in the "
               "store, same record at its pointer" % len(before_restart),
               "\n".join("pm %d %s" % (x["pm"], key(x["rec"])) for x in lost))
    reps = env.reports()
    byp = {}
    for x in reps:
        byp.setdefault(x["pm"], []).append(key(x["rec"]))
    missing = [p for p in stored if key(stored[p]) not in byp.get(p, [])]
    tap.ok(not missing, "every important record stored (%d) was reported (after the restarts)"
           % len(stored), "missing pointers %s" % missing)
    dups = {p: len(v) for p, v in byp.items() if len(v) > 1}
    tap.ok(len(dups) <= kills and all(v == 2 for v in dups.values()) and
           all(len(set(v)) == 1 for v in byp.values()),
           "duplicates: at most the single report in flight at each of the %d kills, the same "
           "record (%s)" % (kills, dups), dups)
    e14 = [x for x in reps if x["rec"]["erc"] == 14]
    tap.ok(len({x["pm"] for x in e14}) == kills, "ERC14 at the start after each kill reported",
           [x["rec"] for x in e14])
    env.stop(env.cd)
    res, nev, nrep = env.integrity()
    tap.ok(res == ["ok"] and nrep == 0, "after the final stop: integrity ok, queue empty", res)


CASES = {"meter": case_meter, "terminal": case_terminal, "many": case_many,
         "offline": case_offline, "crash": case_crash}


def main():
    if len(sys.argv) < 6 or sys.argv[1] not in CASES:
        raise SystemExit(__doc__)
    name = sys.argv[1]
    keep = "--keep" in sys.argv
    cd, master, ms, ft = build_paths(sys.argv[2:6])
    env = EvEnv(cd, master, ms, ft, "ev-" + name)
    tap = Tap(name)
    t0 = time.time()
    try:
        CASES[name](env, tap)
    except Exception as e:  # a crash of the test itself is a failure
        import traceback
        tap.ok(False, "test script: %r" % e, traceback.format_exc())
    finally:
        bad = [ln for f in (env.cdlog, env.mlog, env.mslog) for ln in read(f).splitlines()
               if "AddressSanitizer" in ln or "LeakSanitizer" in ln or "runtime error:" in ln]
        tap.ok(not bad, "no sanitizer report in the logs (the same script runs an ASan build)",
               "\n".join(bad[:20]))
        if tap.failures:
            print("# daemon log tail (%s):" % env.cdlog)
            for line in read(env.cdlog).splitlines()[-40:]:
                print("#  " + line)
        env.close(keep=keep)
        if keep:
            print("# kept " + env.T)
    print("# %s: %d run, %d failed, %d todo, %.0f s" % (name, tap.count, tap.failures,
                                                       getattr(tap, "todos", 0), time.time() - t0))
    sys.exit(1 if tap.failures or not tap.count else 0)


if __name__ == "__main__":
    main()
