#!/usr/bin/env python3
"""Meter reading end to end (issue 7 item 7): metersim (simulated DL/T 645
meters on a pty) <- concentratord (RS485-I = 1376.1 port 2) <- master serve.
Every value the master reads through the concentrator is compared with what
metersim says is true (`truth ADDR`, `read ADDR DI` on its control socket).

usage: reading.py CASE CONCENTRATORD MASTER METERSIM FRAMETOOL [--keep]
CASE: values | daychange | faults | forward | discovery | smoke
Prints TAP-like lines; exit 1 on any failure. Standard library only."""
import datetime
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from rdlib import Env, Tap, build_paths, near, read, unit, units_by_pn, wait_for  # noqa: E402

A1, A2, A3, A4 = "000000000001", "000000000002", "000000000003", "000000000004"
NO_LOAD = " ".join(["0"] * 24)


def load_hour(hour, watts):
    """24 hourly loads: `watts` in `hour`, 0 elsewhere"""
    return " ".join(str(watts) if h == hour else "0" for h in range(24))


def readings(v):
    """total + tariffs of a metersim block value"""
    return None if v is None else [v["total"]] + list(v["tariffs"])


def lists_equal(a, b, eps=1e-6):
    return (isinstance(a, list) and isinstance(b, list) and len(a) == len(b)
            and all((x is None and y is None) or near(x, y, eps) for x, y in zip(a, b)))


def a17(t):
    """metersim demand time 'YYYY-MM-DDThh:mm[:ss]' -> A.17 '--MM-DDThh:mm'"""
    if t is None or t.startswith("--"):  # a 1997 B010 time is already MM-DD hh:mm
        return t
    return "--" + t[5:16]


def ptime(s):
    return datetime.datetime.fromisoformat(s) if s else None


class Checks:
    """collects (what, got, expected, equal) for one unit; one TAP line per unit"""

    def __init__(self, tap, title):
        self.tap, self.title, self.items = tap, title, []

    def eq(self, what, got, want, cmp=None):
        same = cmp(got, want) if cmp else (got == want)
        self.items.append((what, got, want, same))

    def done(self, extra=""):
        bad = [i for i in self.items if not i[3]]
        detail = "\n".join("%s: got %r, expected %r" % (w, g, e) for w, g, e, _ in bad)
        return self.tap.ok(not bad and self.items, "%s (%d fields)%s" % (self.title,
                           len(self.items), extra), detail or "no field compared")


def msdata(env, addr, di):
    r = env.msread(addr, di)
    return r["data"].lower() if r else None


def msvalue(env, addr, di, default=None):
    r = env.msread(addr, di)
    return r["value"] if r else default


# --------------------------------------------------------------------------
# R-C8 values of 2007 and 1997 meters against the truth


def check_2007_values(env, tap, addr, pn, units, t_read, tag):
    """units: {fn: data} of point pn; t_read: wall time the round started"""
    tr = env.truth(addr)

    def need(fn):
        d = units.get(fn)
        if d is None:
            tap.ok(False, "%s %s p%d: AFN0C F%d answered" % (tag, addr, pn, fn),
                   "the unit is missing from the answer")
        return d

    for fn, di in ((129, "0001FF00"), (131, "0002FF00"), (177, "0000FF00"), (178, "0000FF01")):
        d = need(fn)
        if d is None:
            continue
        c = Checks(tap, "%s %s p%d F%d = meter %s" % (tag, addr, pn, fn, di))
        c.eq("tariff_count", d.get("tariff_count"), 4)
        c.eq("energy", d.get("energy"), readings(msvalue(env, addr, di)), lists_equal)
        c.done()

    d = need(35)
    if d is not None:
        md = msvalue(env, addr, "0101FF00")
        c = Checks(tap, "%s %s p%d F35 max demand and time = meter 0101FF00" % (tag, addr, pn))
        if md:
            blocks = [md["total"]] + md["tariffs"]
            c.eq("fwd_active_demand", d.get("fwd_active_demand"),
                 [b["value"] for b in blocks], lists_equal)
            c.eq("fwd_active_time", d.get("fwd_active_time"), [a17(b["time"]) for b in blocks])
            c.eq("demand not trivially 0", (md["total"]["value"] or 0) > 0, True)
        c.done()

    d = need(162)
    if d is not None:
        mc, tc = ptime(d.get("meter_clock")), ptime(tr["clock"])
        lag = (tc - mc).total_seconds() if mc and tc else None
        window = time.time() - t_read + 2
        tap.ok(lag is not None and -1 <= lag <= window,
               "%s %s p%d F162 meter clock = the meter's clock at the reading (%s; meter now %s, "
               "%.0f s later, window %.0f s)" % (tag, addr, pn, d.get("meter_clock"), tr["clock"],
                                                 lag if lag is not None else -1, window), d)

    d = need(28)
    if d is not None:
        c = Checks(tap, "%s %s p%d F28 status words = meter 04000501..07" % (tag, addr, pn))
        st = [str(x).lower() for x in (d.get("status") or [])]
        c.eq("status", st, [msdata(env, addr, "0400050%d" % i) for i in range(1, 8)])
        c.done()

    d = need(161)
    if d is not None:
        c = Checks(tap, "%s %s p%d F161 remote-control state and records" % (tag, addr, pn))
        c.eq("state", d.get("state"), 0x11 if tr["relay"] == "closed" else 0x00)
        c.eq("last_trip", d.get("last_trip"), msvalue(env, addr, "1D000101"))
        c.eq("last_close", d.get("last_close"), msvalue(env, addr, "1E000101"))
        c.done(" relay %s, trips %d, closes %d" % (tr["relay"], tr["events"]["trip"],
                                                  tr["events"]["close"]))

    d = need(165)
    if d is not None:
        c = Checks(tap, "%s %s p%d F165 programming and cover-open counts and times"
                   % (tag, addr, pn))
        c.eq("program_count", d.get("program_count"), msvalue(env, addr, "03300000"))
        c.eq("last_program", d.get("last_program"),
             (msvalue(env, addr, "03300001") or {}).get("time"))
        c.eq("cover_open_count", d.get("cover_open_count"), msvalue(env, addr, "03300D00"))
        c.eq("last_cover_open", d.get("last_cover_open"),
             (msvalue(env, addr, "03300D01") or {}).get("start"))
        c.done()

    d = need(166)
    if d is not None:
        c = Checks(tap, "%s %s p%d F166 parameter changes (time sets) count and times"
                   % (tag, addr, pn))
        rec = msvalue(env, addr, "03300401") or {}
        c.eq("time_set_count", d.get("time_set_count"), msvalue(env, addr, "03300400"))
        c.eq("before_time_set", d.get("before_time_set"), rec.get("before"))
        c.eq("after_time_set", d.get("after_time_set"), rec.get("after"))
        c.done()

    d = need(167)
    if d is not None:
        c = Checks(tap, "%s %s p%d F167 prepayment" % (tag, addr, pn))
        c.eq("purchase_count", d.get("purchase_count"), msvalue(env, addr, "03330201"))
        c.eq("remaining_money", d.get("remaining_money"), msvalue(env, addr, "00900200"), near)
        c.eq("remaining_energy", d.get("remaining_energy"), msvalue(env, addr, "00900100"), near)
        c.done()

    d = need(25)
    if d is not None:
        c = Checks(tap, "%s %s p%d F25 power, voltage, current" % (tag, addr, pn))
        c.eq("power", d.get("power"), (msvalue(env, addr, "0203FF00") or {}).get("total"), near)
        c.eq("voltage_a", d.get("voltage_a"), msvalue(env, addr, "02010100"), near)
        c.eq("current_a", d.get("current_a"), msvalue(env, addr, "02020100"),
             lambda a, b: near(a, b, 1e-3))
        c.done()


def check_1997_values(env, tap, addr, pn, units, t_read, tag):
    tr = env.truth(addr)
    for fn, di in ((129, "901F"), (131, "902F")):
        d = units.get(fn)
        c = Checks(tap, "%s %s p%d F%d = 1997 meter %s" % (tag, addr, pn, fn, di))
        c.eq("unit present", d is not None, True)
        if d is not None:
            c.eq("energy", (d.get("energy") or [])[:5], readings(msvalue(env, addr, di)),
                 lists_equal)
        c.done()
    d = units.get(162)
    mc, tc = ptime((d or {}).get("meter_clock")), ptime(tr["clock"])
    lag = (tc - mc).total_seconds() if mc and tc else None
    window = time.time() - t_read + 2
    tap.ok(lag is not None and -1 <= lag <= window,
           "%s %s p%d F162 meter clock (1997 C010+C011) = the meter's clock at the reading" %
           (tag, addr, pn), d)
    d = units.get(35)
    dem, dtm = msvalue(env, addr, "A010"), msvalue(env, addr, "B010")
    tap.ok(d is not None and near((d.get("fwd_active_demand") or [None])[0], dem) and
             (d.get("fwd_active_time") or [None])[0] == a17(dtm),
             "%s %s p%d F35 max demand and time = 1997 meter A010 (%s) / B010 (%s)"
             % (tag, addr, pn, dem, dtm),
             "got %s" % d)
    d = units.get(165)
    if d is not None:
        c = Checks(tap, "%s %s p%d F165 programming count = 1997 meter B212" % (tag, addr, pn))
        c.eq("program_count", d.get("program_count"), msvalue(env, addr, "B212"))
        c.done()
    d = units.get(25)
    if d is not None:
        c = Checks(tap, "%s %s p%d F25 = 1997 meter B630/B611/B621" % (tag, addr, pn))
        c.eq("power", d.get("power"), msvalue(env, addr, "B630"), near)
        c.eq("voltage_a", d.get("voltage_a"), msvalue(env, addr, "B611"), near)
        c.eq("current_a", d.get("current_a"), msvalue(env, addr, "B621"),
             lambda a, b: near(a, b, 1e-3))
        c.done()
    others = sorted(fn for fn in units if fn not in (129, 131, 162, 35, 165, 25))
    if others:
        tap.note("%s p%d also answered F%s (not compared)" % (tag, pn, ", F".join(map(str, others))))


VALUE_FNS = ["F129", "F131", "F177", "F178", "F35", "F162", "F28", "F161", "F165", "F166",
             "F167", "F25"]


def query_0c(env, pns, fns=VALUE_FNS):
    """AFN0C fns for points pns, in a few requests; {pn: {fn: data}}"""
    out = {}
    for i in range(0, len(fns), 4):
        rc, j = env.send("0C", *fns[i:i + 4], "p%d-%d" % (min(pns), max(pns)), timeout_ms=8000)
        for u in j.get("units", []):
            out.setdefault(u["pn"], {})[u["fn"]] = u["data"]
    return out


def sim_time(env):
    return datetime.datetime.fromisoformat(env.ms("time")["time"])


def case_values(env, tap):
    """(a) 2007 and 1997 meters, every R-C8 value = the meter's own value.
    The load is 1500 W only until the meters' 11:00, then 0 W: after that
    every register stands still, so the truth queried after the reading is
    the value at the reading (the clock is checked against its lag)."""
    start = datetime.datetime.combine(datetime.date.today(), datetime.time(10, 59, 40))
    meters = [{"addr": a, "protocol": p, "baud": 9600, "load": load_hour(10, 1500),
               "demand_period": 1} for a, p in ((A1, 2007), (A2, 2007), (A3, 1997))]
    env.metersim(meters, ["--start", start.isoformat()])
    env.start_master()
    env.start_cd()
    rc, j = env.set_f33(interval=15, read_status=1)
    tap.ok(rc == 0, "04 F33 port 2: read status words, 15 min interval", j)
    # the meters first (a time set goes to the rates of the configured meters); this first
    # round reads moving registers and is not compared
    before = env.rounds.last_started()
    rc, j = env.set_meters([(1, A1, 2007, 9600), (2, A2, 2007, 9600), (3, A3, 1997, 9600)])
    tap.ok(rc == 0, "04 F10: three meters on port 2 (two 2007, one 1997, 9600 bit/s)", j)
    r = env.rounds.wait_done(before, 90)
    if not tap.ok(r is not None, "a round starts after F10 and ends", read(env.cdlog)[-3000:]):
        return
    rc, j = env.send("05", "F30", "--data", json.dumps({"enabled": 1}))
    tap.ok(rc == 0, "05 F30 terminal-to-meter time setting on", j)
    st = sim_time(env) + datetime.timedelta(seconds=1)
    rc, j = env.send("05", "F31", "--data", json.dumps({"time": st.replace(microsecond=0)
                                                        .isoformat()}))
    tap.ok(rc == 0, "05 F31 terminal clock = the simulation's %s" % st.time(), j)
    tap.ok(wait_for(lambda: env.truth(A1)["events"]["clock_set"] >= 1, 5),
           "05 F31 broadcast the time to the meters (clock-set event in meter 1)",
           env.truth(A1)["events"])
    for cmd in ("cover %s open" % A1, "cover %s close" % A1, "trip %s" % A1, "close %s" % A1,
                "sw %s 1 0004" % A1, "sw %s 3 0100" % A2):
        env.ms(cmd)
    # the registers stop at the meters' 11:00 (load 0 from then on)
    wait_for(lambda: sim_time(env) >= start.replace(hour=11, minute=0, second=3), 40, 0.5)
    env.ms("clock %s +300" % A1)  # meter 1's clock 5 min ahead (no event)
    env.ms("trip %s" % A2)  # meter 2 left open (after its demand interval ended)
    # let a round the time set started end, then re-read: the registers stand still now
    env.rounds.wait_done(env.rounds.last_started() - 1, 60)
    before = env.rounds.last_started()
    t0 = time.time()
    rc, j = env.send("05", "F51", "--data", json.dumps({"port": 2}))
    tap.ok(rc == 0, "05 F51 re-read port 2 (registers frozen since the meters' 11:00)", j)
    r = env.rounds.wait_done(before, 90)
    if not tap.ok(r is not None, "the re-read round ends", read(env.cdlog)[-3000:]):
        return
    tap.ok(r["ok"] == 3 and r["meters"] == 3 and r["failures"] == 0,
           "round %d: 3/3 meters ok, no failure (%s)" % (r["round"], r["line"]), r)
    tap.note("round of 3 meters at 9600: %.1f s, %d requests" % (r["secs"], r["requests"]))
    data = query_0c(env, [1, 2, 3])
    check_2007_values(env, tap, A1, 1, data.get(1, {}), t0, "2007")
    check_2007_values(env, tap, A2, 2, data.get(2, {}), t0, "2007")
    check_1997_values(env, tap, A3, 3, data.get(3, {}), t0, "1997")

    # status-word change flags: SW1 0004 -> 0084 between two rounds
    env.ms("sw %s 1 0084" % A1)
    before = env.rounds.last_started()
    rc, j = env.send("05", "F51", "--data", json.dumps({"port": 2}))
    tap.ok(rc == 0, "05 F51 re-read port 2", j)
    r = env.rounds.wait_done(before, 60)
    tap.ok(r is not None, "the re-read round ends", read(env.cdlog)[-2000:])
    rc, j = env.send("0C", "F28", "p1")
    d = unit(j, 28, 1) or {}
    tap.ok([str(x).lower() for x in d.get("status", [])][:1] == ["8400"] and
           [str(x).lower() for x in d.get("changed", [])] == ["8000"] + ["0000"] * 6,
           "F28 after SW1 0004 -> 0084: status 8400 (wire order), change flags SW1 bit 7 only", d)


# --------------------------------------------------------------------------
# forced day and month change


def month_last_day(d):
    nxt = (d.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return nxt - datetime.timedelta(days=1)


def case_daychange(env, tap):
    """(b) AFN05 F31 to 23:59:40 of the month's last day; after the first round
    after midnight: daily (td = that day) and monthly (tm = that month) frozen
    values equal the 2007 meter's own freeze (05060101...) and, for the 1997
    meter, the concentrator's first reading after 00:00."""
    power = 3600  # W: 0.01 kWh every 10 s, so the day's and the next values differ
    now = datetime.datetime.now().replace(microsecond=0)
    meters = [{"addr": A1, "protocol": 2007, "baud": 9600, "load": power, "demand_period": 1},
              {"addr": A2, "protocol": 1997, "baud": 9600, "load": power, "demand_period": 1}]
    env.metersim(meters, ["--start", now.isoformat()])
    env.start_master()
    env.start_cd()
    before = env.rounds.last_started()
    rc, j = env.set_meters([(1, A1, 2007, 9600), (2, A2, 1997, 9600)])
    tap.ok(rc == 0, "04 F10: a 2007 and a 1997 meter", j)
    r = env.rounds.wait_done(before, 60)
    tap.ok(r is not None and r["ok"] == 2, "first round: 2/2 ok", r or read(env.cdlog)[-2000:])
    rc, j = env.send("05", "F30", "--data", json.dumps({"enabled": 1}))
    tap.ok(rc == 0, "05 F30 meter time setting on", j)
    day = month_last_day(datetime.date.today())
    nxt = day + datetime.timedelta(days=1)
    setto = datetime.datetime.combine(day, datetime.time(23, 59, 40))
    before = env.rounds.last_started()
    t_set = time.time()
    rc, j = env.send("05", "F31", "--data", json.dumps({"time": setto.isoformat()}))
    tap.ok(rc == 0, "05 F31 terminal clock to %s" % setto, j)
    tap.ok(wait_for(lambda: env.truth(A1)["clock"].startswith(day.isoformat() + "T23:59"), 5),
           "the meters' clocks follow (08H broadcast)", env.truth(A1)["clock"])
    midnight = t_set + 20
    r = env.rounds.wait_done(before, 120, started_after=midnight - 0.5)
    if not tap.ok(r is not None, "a round starts after the terminal's midnight and ends",
                  read(env.cdlog)[-3000:]):
        return
    tap.note("first round after 00:00: %s / %s" % (r["start_info"].get("line"), r["line"]))
    tap.ok(r["ok"] == 2, "that round read both meters", r)
    cur = query_0c(env, [1, 2], ["F129", "F131", "F35"])
    c1, c2 = cur.get(1, {}), cur.get(2, {})
    for pn in (1, 2):
        rt = (cur.get(pn, {}).get(129) or {}).get("read_time") or ""
        tap.ok(rt.startswith(nxt.isoformat() + "T00:0"),
               "p%d current F129 read at the new day's 00:0x (%s)" % (pn, rt))

    D, M = day.isoformat(), day.strftime("%Y-%m")
    _, jd = env.send("0D", "F161", "F163", "F185", "p1-2", "--td", D, timeout_ms=8000)
    _, jm = env.send("0D", "F177", "F179", "F193", "p1-2", "--tm", M, timeout_ms=8000)
    day_f161, day_f163, day_f185 = (units_by_pn(jd, f) for f in (161, 163, 185))
    mon_f177, mon_f179, mon_f193 = (units_by_pn(jm, f) for f in (177, 179, 193))

    # 2007: the meter's own daily freeze (05060001 time, 0506xx01 blocks)
    ft = msvalue(env, A1, "05060001")
    tap.ok(ft is not None and ft.startswith(nxt.isoformat() + "T00:00"),
           "2007 meter froze at its midnight (05060001 = %s)" % ft)
    fwd, rev = readings(msvalue(env, A1, "05060101")), readings(msvalue(env, A1, "05060201"))
    md = msvalue(env, A1, "05060901")
    md_pairs = [{"value": b["value"], "time": a17(b["time"])} for b in
                ([md["total"]] + md["tariffs"])] if md else None
    d = day_f161.get(1) or {}
    c = Checks(tap, "2007 p1 AFN0D F161 td=%s = meter 05060101" % D)
    c.eq("td_d", d.get("td_d"), D)
    c.eq("energy", d.get("energy"), fwd, lists_equal)
    c.done()
    d = day_f163.get(1) or {}
    c = Checks(tap, "2007 p1 AFN0D F163 td=%s = meter 05060201" % D)
    c.eq("energy", d.get("energy"), rev, lists_equal)
    c.done()
    d = day_f185.get(1) or {}
    c = Checks(tap, "2007 p1 AFN0D F185 td=%s = meter 05060901 (max demand and time)" % D)
    got = [{"value": x.get("value"), "time": x.get("time")} for x in (d.get("demand") or [])]
    c.eq("demand", got, md_pairs, lambda a, b: b is not None and len(a) == len(b) and all(
        near(x["value"], y["value"]) and x["time"] == y["time"] for x, y in zip(a, b)))
    c.done()
    # monthly of the 2007 meter: the value at 00:00 of the next month, either the meter's own
    # freeze or the concentrator's first reading of the new month (both are "month end" values)
    first1 = (c1.get(129) or {}).get("energy")
    d = mon_f177.get(1) or {}
    tap.ok(d.get("td_m") == M and (lists_equal(d.get("energy"), fwd) or
                                   lists_equal(d.get("energy"), first1)),
           "2007 p1 AFN0D F177 tm=%s = the meter's freeze at 00:00 (or the first reading of the "
           "new month)" % M, "got %s\nfreeze %s\nfirst reading %s" % (d, fwd, first1))
    d = mon_f179.get(1) or {}
    tap.ok(lists_equal(d.get("energy"), rev) or
           lists_equal(d.get("energy"), (c1.get(131) or {}).get("energy")),
           "2007 p1 AFN0D F179 tm=%s = reverse at 00:00" % M, "got %s\nfreeze %s" % (d, rev))
    d = mon_f193.get(1) or {}
    settle = msvalue(env, A1, "0101FF01")
    settle_pairs = [{"value": b["value"], "time": a17(b["time"])} for b in
                    ([settle["total"]] + settle["tariffs"])] if settle else None
    got = [{"value": x.get("value"), "time": x.get("time")} for x in (d.get("demand") or [])]
    same = (lambda a, b: b is not None and len(a) == len(b) and all(
        near(x["value"], y["value"]) and x["time"] == y["time"] for x, y in zip(a, b)))
    tap.ok(same(got, md_pairs) or same(got, settle_pairs),
             "2007 p1 AFN0D F193 tm=%s = the month's max demand (daily freeze 05060901 or the "
             "settlement copy 0101FF01: %s)" % (M, md_pairs[0] if md_pairs else None),
             "got %s" % (got[:1],))

    # 1997: the concentrator's first reading after 00:00
    first2 = (c2.get(129) or {}).get("energy")
    d = day_f161.get(2) or {}
    tap.ok(d.get("td_d") == D and first2 is not None and lists_equal(d.get("energy"), first2),
           "1997 p2 AFN0D F161 td=%s = the first reading after 00:00" % D,
           "got %s\nfirst reading %s" % (d, first2))
    tr = env.truth(A2)["forward_active"]["total"]
    elapsed = time.time() - midnight
    dv = (d.get("energy") or [None])[0]
    tap.ok(dv is not None and -0.005 <= tr - dv <= power / 3.6e6 * elapsed + 0.02,
           "1997 p2 daily value is the meter's value at 00:00 (now %.2f, %.0f s after midnight at "
           "%d W, frozen %s)" % (tr, elapsed, power, dv))
    d = day_f163.get(2) or {}
    tap.ok(lists_equal(d.get("energy"), (c2.get(131) or {}).get("energy")),
           "1997 p2 AFN0D F163 td=%s = the first reverse reading after 00:00" % D, d)
    d = mon_f177.get(2) or {}
    tap.ok(d.get("td_m") == M and lists_equal(d.get("energy"), first2),
           "1997 p2 AFN0D F177 tm=%s = the first reading of the new month" % M,
           "got %s\nfirst reading %s" % (d, first2))
    d = mon_f179.get(2) or {}
    tap.ok(lists_equal(d.get("energy"), (c2.get(131) or {}).get("energy")),
           "1997 p2 AFN0D F179 tm=%s = the first reverse reading of the new month" % M, d)
    # curve: the 00:00 point of the forward total curve = the first reading at/after 00:00
    rc, j = env.send("0D", "F101", "p1", "--from", nxt.isoformat() + "T00:00", "--points", "1",
                     "--density", "15")
    d = unit(j, 101, 1) or {}
    vals = d.get("values") or d.get("points") or d.get("energy") or []
    tap.ok(isinstance(vals, list) and len(vals) == 1 and first1 and near(vals[0], first1[0]),
           "2007 p1 AFN0D F101 curve point 00:00 = the first reading after 00:00 (%s)"
           % (first1[0] if first1 else None), d)


# --------------------------------------------------------------------------
# faults


def reread(env, tap, what, timeout=90):
    before = env.rounds.last_started()
    rc, j = env.send("05", "F51", "--data", json.dumps({"port": 2}))
    if not tap.ok(rc == 0, "05 F51 re-read (%s)" % what, j):
        return None
    r = env.rounds.wait_done(before, timeout)
    tap.ok(r is not None, "round ends (%s)" % what, read(env.cdlog)[-2000:])
    return r


def f11(env):
    rc, j = env.send("0C", "F11")
    d = unit(j, 11) or {}
    for p in d.get("ports", []):
        if p.get("port") == 2:
            return p
    return None


def f129_all(env, pns):
    rc, j = env.send("0C", "F129", "p%d-%d" % (min(pns), max(pns)))
    return units_by_pn(j, 129)


def values_right(env, tap, addrs, what):
    got = f129_all(env, range(1, len(addrs) + 1))
    bad = []
    for pn, a in enumerate(addrs, 1):
        want = readings(msvalue(env, a, "0001FF00"))
        if not lists_equal((got.get(pn) or {}).get("energy"), want):
            bad.append("p%d %s: got %s, meter %s" % (pn, a, got.get(pn), want))
    return tap.ok(not bad, "%s: F129 of every meter = the meter's 0001FF00" % what,
                  "\n".join(bad))


def case_faults(env, tap):
    """(c) silent meter, bad checksums, noise, collisions: retries, re-reading
    (补抄), F11 bookkeeping, the other meters never stalled. No load: the
    registers stand still, so any reading must equal the meter's value."""
    addrs = [A1, A2, A3, A4]
    rcfg = {"reply_timeout_ms": 500, "retries": 2}
    per_try = rcfg["reply_timeout_ms"] / 1000.0
    env.metersim([{"addr": a, "protocol": 2007, "baud": 9600, "load": NO_LOAD} for a in addrs])
    env.start_master()
    env.start_cd(reader=rcfg)
    rc, j = env.set_f33(interval=1, read_status=0)
    tap.ok(rc == 0, "04 F33 port 2: a round every minute", j)
    before = env.rounds.last_started()
    rc, j = env.set_meters([(i + 1, a, 2007, 9600) for i, a in enumerate(addrs)])
    tap.ok(rc == 0, "04 F10: four 2007 meters", j)
    first = env.rounds.wait_done(before, 90)
    if not tap.ok(first is not None and first["ok"] == 4 and first["failures"] == 0,
                  "first round: 4/4 ok, no failure", first or read(env.cdlog)[-2000:]):
        return
    # the baseline: a round without the day's first-round extras (once-a-day items)
    base = reread(env, tap, "baseline")
    if not tap.ok(base is not None and base["ok"] == 4 and base["failures"] == 0,
                  "baseline round: 4/4 ok, no failure", base):
        return
    tap.note("first round: %s" % first["line"])
    tap.note("baseline: %s" % base["line"])
    values_right(env, tap, addrs, "baseline")

    # --- a silent meter: the others read in normal time, F11 shows it, re-read later
    env.ms("silent %s on" % A2)
    r = reread(env, tap, "meter 2 silent")
    if r:
        bound = base["secs"] + 2 * (rcfg["retries"] + 1) * per_try + 2
        tap.ok(r["ok"] == 3 and r["failures"] >= rcfg["retries"] + 1,
               "silent meter 2: 3/4 ok, the request and its %d retries counted as failures (%s)"
               % (rcfg["retries"], r["line"]), r)
        tap.ok(r["secs"] <= bound,
               "silent meter 2 does not stall the round: %.1f s <= %.1f s (baseline %.1f s + at "
               "most two items x %d tries x %.1f s)" % (r["secs"], bound, base["secs"],
                                                        rcfg["retries"] + 1, per_try), r)
        p = f11(env)
        tap.ok(p is not None and p.get("meters") == 4 and p.get("success") == 3,
               "AFN0C F11 port 2: 4 meters, 3 read successfully", p)
    values_right(env, tap, addrs, "with meter 2 silent")
    env.ms("silent %s off" % A2)
    # 补抄: the next scheduled round (F33: every minute) re-reads it, the same day
    last = env.rounds.last_started()
    r = env.rounds.wait_done(last, 100)
    tap.ok(r is not None and r["ok"] == 4,
           "the fault cleared: the next scheduled round reads meter 2 again (4/4 ok): %s"
           % (r or {}).get("line"), read(env.cdlog)[-2000:])
    p = f11(env)
    tap.ok(p is not None and p.get("success") == 4, "AFN0C F11: 4 read successfully", p)
    values_right(env, tap, addrs, "meter 2 re-read")

    # --- noise before each reply of meter 3 (framer skips it) and bad checksums from meter 4
    env.ms("noise %s 20" % A3)
    env.ms("badcs %s on" % A4)
    r = reread(env, tap, "noise on meter 3, bad checksums from meter 4")
    if r:
        tap.ok(r["ok"] == 3 and r["failures"] >= rcfg["retries"] + 1,
               "bad checksums of meter 4: the request and its %d retries fail and are counted, "
               "meter 4 ends its turn; meter 3 read through the noise (%s)"
               % (rcfg["retries"], r["line"]), r)
    env.ms("badcs %s off" % A4)
    r = reread(env, tap, "bad checksums cleared, noise stays")
    if r:
        tap.ok(r["ok"] == 4, "4/4 ok again (%s)" % r["line"], r)
    values_right(env, tap, addrs, "after noise and bad checksums")
    env.ms("noise %s 0" % A3)

    # --- collisions on meter 1: failures counted, no stall
    env.ms("collide %s on" % A1)
    r = reread(env, tap, "collisions on meter 1")
    if r:
        bound = base["secs"] + 2 * (rcfg["retries"] + 1) * per_try + 2
        tap.ok(r["ok"] == 3 and r["failures"] >= rcfg["retries"] + 1 and r["secs"] <= bound,
               "collisions: meter 1 fails, counted, the round ends in %.1f s <= %.1f s (%s)"
               % (r["secs"], bound, r["line"]), r)
    env.ms("collide %s off" % A1)
    r = reread(env, tap, "collisions cleared")
    tap.ok(r is not None and r["ok"] == 4, "4/4 ok after the collisions", r)
    values_right(env, tap, addrs, "end")


# --------------------------------------------------------------------------
# AFN10 forwarding


def frame645(addr, c, data):
    a = bytes(int(addr[i:i + 2]) // 10 * 16 + int(addr[i:i + 2]) % 10
              for i in range(10, -1, -2))
    body = bytes([0x68]) + a + bytes([0x68, c, len(data)]) + bytes((x + 0x33) & 0xFF
                                                                   for x in data)
    return body + bytes([sum(body) & 0xFF, 0x16])


def parse645(hexs):
    b = bytes.fromhex(hexs)
    i = b.find(b"\x68")
    if i < 0 or len(b) < i + 12:
        return None
    n = b[i + 9]
    f = b[i:i + 12 + n]
    if len(f) < 12 + n or f[-1] != 0x16 or sum(f[:-2]) & 0xFF != f[-2]:
        return None
    return {"addr": "".join("%02x" % x for x in f[1:7][::-1]), "c": f[8],
            "data": bytes((x - 0x33) & 0xFF for x in f[10:10 + n])}


def case_forward(env, tap):
    """(d) AFN10 F1 transparent forwarding of DL/T 645 frames (2007 and 1997)
    and AFN10 F9 direct reads of a DI, answers = the meters' values."""
    env.metersim([{"addr": A1, "protocol": 2007, "baud": 9600, "load": NO_LOAD},
                  {"addr": A2, "protocol": 1997, "baud": 9600, "load": NO_LOAD}])
    env.start_master()
    env.start_cd()
    before = env.rounds.last_started()
    rc, j = env.set_meters([(1, A1, 2007, 9600), (2, A2, 1997, 9600)])
    tap.ok(rc == 0, "04 F10: a 2007 and a 1997 meter", j)
    env.rounds.wait_done(before, 60)

    def f1(frame):
        data = {"port": 2, "data_bits": 3, "odd": 0, "parity": 1, "stop_bits": 0, "baud": 6,
                "frame_timeout": 100, "frame_timeout_unit": 0, "byte_timeout": 10,
                "frame": ("FEFEFEFE" + frame.hex()).upper()}
        rc, j = env.send("10", "F1", "--data", json.dumps(data), timeout_ms=10000)
        d = unit(j, 1) or {}
        fr = d.get("frame")
        if isinstance(fr, dict):
            fr = fr.get("hex")
        return rc, j, (parse645(fr) if isinstance(fr, str) and fr else None)

    # 2007: read 0001FF00 (forward active, total and tariffs)
    rc, j, rep = f1(frame645(A1, 0x11, bytes([0x00, 0xFF, 0x01, 0x00])))
    want = msdata(env, A1, "0001FF00")
    tap.ok(rep is not None and rep["c"] == 0x91 and rep["addr"] == A1 and
           rep["data"][4:].hex() == want,
           "AFN10 F1: a 2007 read of 0001FF00 forwarded, the meter's reply returned (data %s)"
           % want, "%s\n%s" % (rep, j))
    # 1997: read 9010
    rc, j, rep = f1(frame645(A2, 0x01, bytes([0x10, 0x90])))
    want = msdata(env, A2, "9010")
    tap.ok(rep is not None and rep["c"] == 0x81 and rep["addr"] == A2 and
           rep["data"][2:].hex() == want,
           "AFN10 F1: a 1997 read of 9010 forwarded, the meter's reply returned (data %s)" % want,
           "%s\n%s" % (rep, j))

    def f9(addr, di_type, di):
        data = {"port": 2, "relay_count": 255, "read": {"target": addr, "di_type": di_type,
                                                        "reserved": 0, "di": di}}
        rc, j = env.send("10", "F9", "--data", json.dumps(data), timeout_ms=15000)
        return rc, j, unit(j, 9) or {}

    for addr, dt, di, name in ((A1, 1, 0x00010000, "00010000"), (A1, 1, 0x04000101, "04000101"),
                               (A2, 0, 0x9010, "9010")):
        rc, j, d = f9(addr, dt, di)
        rd = d.get("read") or {}
        want = msdata(env, addr, name)
        tap.ok(d.get("result") == 5 and d.get("target") == addr and rd.get("di") == di and
               str(rd.get("data", "")).lower() == want,
               "AFN10 F9: direct read of %s from %s = the meter's data %s" % (name, addr, want), j)
    rc, j, d = f9(A1, 1, 0x00010000)
    env.ms("silent %s on" % A1)
    rc, j, d = f9(A1, 1, 0x00010000)
    tap.ok(d.get("result") in (1, 2), "AFN10 F9 to a silent meter: result 1 (receive timeout)", j)
    env.ms("silent %s off" % A1)
    rc, j, d = f9(A1, 1, 0x00010000)
    tap.ok(d.get("result") == 5, "AFN10 F9 after the meter is back: data received", j)


# --------------------------------------------------------------------------
# discovery


def f150_valid(env):
    rc, j = env.send("0A", "F150")
    d = unit(j, 150) or {}
    v = d.get("valid") or ""
    try:
        b = bytes.fromhex(v)
    except ValueError:
        return None
    return {i * 8 + k for i, x in enumerate(b) for k in range(8) if x >> k & 1}


def f10_addrs(env, count):
    if count <= 0:
        return {}
    rc, j = env.send("0A", "F10", "--data", json.dumps({"count": count,
                                                        "indexes": list(range(1, count + 1))}))
    d = unit(j, 10) or {}
    return {m["addr"]: m for m in d.get("meters", [])}


def f13_addrs(env):
    rc, j = env.send("0C", "F13")
    d = unit(j, 13) or {}
    return {m["addr"]: m for m in d.get("meters", [])}


def searches_done(env):
    return read(env.cdlog).count("search done")


def search(env, tap, state, poll_during=False):
    """AFN05 F149 state 1/2 and wait for the daemon's `search done` line (no other request
    meanwhile unless poll_during)"""
    n0 = searches_done(env)
    t0 = time.time()
    rc, j = env.send("05", "F149", "--data", json.dumps({"state": state}))
    tap.ok(rc == 0, "05 F149 state %d (search%s)" % (state, ", update F10" if state == 1
                                                    else ", list only"), j)
    if poll_during:
        time.sleep(1)
        env.send("0C", "F2")
    done = wait_for(lambda: searches_done(env) > n0, 120, 0.5)
    tap.ok(done, "the search ends (%.0f s)" % (time.time() - t0), read(env.cdlog)[-1500:])
    time.sleep(0.5)


def case_discovery(env, tap):
    """(e) AFN05 F149 state 1: a search adds the found meter to F10 (and F150)
    but not AFN0C F13; state 2: the found meter only in AFN0C F13 (R-C10)."""
    N1, N2, N3 = "000000000077", "000000000078", "000000000079"
    env.metersim([{"addr": A1, "protocol": 2007, "baud": 9600, "load": NO_LOAD},
                  {"addr": A2, "protocol": 2007, "baud": 9600, "load": NO_LOAD}], verbose=True)
    env.start_master()
    env.log_level = "debug"  # the search's decisions are logged at debug
    env.start_cd(reader={"reply_timeout_ms": 300})  # silent search probes cost the timeout
    before = env.rounds.last_started()
    rc, j = env.set_meters([(1, A1, 2007, 9600), (2, A2, 2007, 9600)])
    tap.ok(rc == 0, "04 F10: two meters", j)
    env.rounds.wait_done(before, 60)
    v0 = f150_valid(env)
    tap.ok(v0 is not None and {1, 2} <= v0, "AFN04 F150: points 1 and 2 valid (%s)" % v0)

    r = env.ms("add %s 2007" % N1)
    tap.ok(r.get("ok"), "metersim: meter %s added to the bus" % N1, r)
    before = env.rounds.last_started()
    search(env, tap, 1)
    v1 = f150_valid(env) or set()
    m = f10_addrs(env, len(v1)).get(N1)
    tap.ok(m is not None and m.get("protocol") == 30 and m.get("port") == 2,
           "state 1: the new meter is in AFN04 F10 (port 2, protocol 30, rate code %s)"
           % (m or {}).get("baud"), "%s\n%s" % (m, read(env.cdlog)[-2000:]))
    tap.ok(len(v1) == 3 and v0 < v1, "state 1: AFN04 F150 gained one valid point (%s)" % v1)
    tap.ok(N1 not in f13_addrs(env), "state 1: AFN0C F13 does not list it (R-C10)",
           f13_addrs(env))
    if m is not None:
        r = env.rounds.wait_done(before, 90)
        while r is not None and r["meters"] != 3:
            r = env.rounds.wait_done(r["round"], 90)
        tap.ok(r is not None and r["ok"] == 3, "a round reads the 3 meters (%s)"
               % (r or {}).get("line"), r)

    r = env.ms("add %s 1997" % N2)
    tap.ok(r.get("ok"), "metersim: 1997 meter %s added" % N2, r)
    search(env, tap, 2)
    f13 = f13_addrs(env)
    tap.ok(N2 in f13 and f13[N2].get("protocol") == 1,
           "state 2: AFN0C F13 lists %s (protocol 1)" % N2,
           "%s\n%s" % (f13, read(env.cdlog)[-2000:]))
    v2 = f150_valid(env) or set()
    tap.ok(v2 == v1 and N2 not in f10_addrs(env, len(v2)),
           "state 2: AFN04 F10 and F150 unchanged", "%s %s" % (v2, f10_addrs(env, len(v2))))

    # a master request while the search runs must not switch auto-maintenance off
    r = env.ms("add %s 2007" % N3)
    search(env, tap, 1, poll_during=True)
    v3 = f150_valid(env) or set()
    tap.ok(N3 in f10_addrs(env, len(v3)),
             "state 1 with a master request (AFN0C F2) during the search: %s added to F10" % N3,
             read(env.cdlog)[-2000:])


# --------------------------------------------------------------------------


def case_smoke(env, tap):
    """processes start and stop; F10 set and read back (works before the reader)"""
    env.metersim([{"addr": A1, "protocol": 2007, "baud": 9600}])
    env.start_master()
    env.start_cd()
    rc, j = env.set_meters([(1, A1, 2007, 9600)])
    tap.ok(rc == 0, "04 F10 set", j)
    rc, j = env.send("0A", "F10", "--data", json.dumps({"count": 1, "indexes": [1]}))
    d = unit(j, 10) or {}
    tap.ok([m.get("addr") for m in d.get("meters", [])] == [A1], "0A F10 reads it back", j)
    tap.ok(env.truth(A1)["addr"] == A1, "metersim truth answers")


CASES = {"values": case_values, "daychange": case_daychange, "faults": case_faults,
         "forward": case_forward, "discovery": case_discovery, "smoke": case_smoke}


def main():
    if len(sys.argv) < 6 or sys.argv[1] not in CASES:
        raise SystemExit(__doc__)
    name = sys.argv[1]
    keep = "--keep" in sys.argv
    cd, master, ms, ft = build_paths(sys.argv[2:6])
    env = Env(cd, master, ms, ft, name)
    tap = Tap(name)
    t0 = time.time()
    try:
        CASES[name](env, tap)
    except Exception as e:  # a crash of the test itself is a failure
        import traceback
        tap.ok(False, "test script: %r" % e, traceback.format_exc())
    finally:
        if tap.failures:
            print("# daemon log tail (%s):" % env.cdlog)
            for line in read(env.cdlog).splitlines()[-40:]:
                print("#  " + line)
        env.close(keep=keep)
        if keep:
            print("# kept " + env.T)
    print("# %s: %d run, %d failed, %.0f s" % (name, tap.count, tap.failures, time.time() - t0))
    sys.exit(1 if tap.failures or not tap.count else 0)


if __name__ == "__main__":
    main()
