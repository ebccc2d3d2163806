#!/usr/bin/env python3
"""Integration tests of concentratord with real processes: `master serve` on
127.0.0.1 (ephemeral port), the daemon with a temporary config, its local
RS485-III port on a pty (`master send --serial`), the simulated GPIO twin.
Every wait is bounded; children are killed and the temporary directory
removed whatever happens. Prints TAP-like lines; exit 1 on any failure."""
import json, os, re, shutil, signal, socket, subprocess, sys, tempfile, time, datetime

CD, MASTER = sys.argv[1], sys.argv[2]
# frametool (for the catalogue): third argument, else next to the master in the build tree
FRAMETOOL = sys.argv[3] if len(sys.argv) > 3 else os.path.join(
    os.path.dirname(os.path.dirname(os.path.abspath(MASTER))), "frametool", "frametool")
T = tempfile.mkdtemp(prefix="cd-integ-")
procs = []
failures = 0
count = 0


def ok(cond, name, detail=""):
    global failures, count
    count += 1
    print(("ok" if cond else "not ok") + " %d - %s" % (count, name))
    if not cond:
        failures += 1
        if detail:
            for line in str(detail).splitlines()[-30:]:
                print("#   " + line)
    return cond


def start(args, log):
    f = open(log, "ab")
    p = subprocess.Popen(args, stdout=f, stderr=subprocess.STDOUT)
    procs.append(p)
    return p


def stop(p, sig=signal.SIGTERM, timeout=10):
    if p.poll() is None:
        p.send_signal(sig)
        try:
            p.wait(timeout)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()
    return p.returncode


def wait_for(pred, timeout, step=0.1):
    end = time.time() + timeout
    while time.time() < end:
        v = pred()
        if v:
            return v
        time.sleep(step)
    return pred()


def read(path):
    try:
        with open(path) as f:
            return f.read()
    except OSError:
        return ""


CTL = os.path.join(T, "master.sock")
PORTF = os.path.join(T, "master.port")
CFG = os.path.join(T, "cd.ini")
CDSOCK = os.path.join(T, "cd.sock")
PTY = os.path.join(T, "rs485")
IRPTY = os.path.join(T, "infrared")
GPIO = os.path.join(T, "gpio")
CDLOG = os.path.join(T, "cd.log")
MLOG = os.path.join(T, "master.log")


def start_master(port=0):
    if os.path.exists(PORTF):
        os.unlink(PORTF)
    p = start([MASTER, "serve", "--listen", "127.0.0.1:%d" % port, "--control", CTL,
               "--port-file", PORTF], MLOG)
    got = wait_for(lambda: read(PORTF).strip(), 5)
    if not got:
        raise SystemExit("master serve did not start: " + read(MLOG))
    return p, int(got)


def write_config(port, extra=""):
    with open(CFG, "w") as f:
        f.write("""[terminal]
a1 = 3501
a2 = 1
[uplink]
master = 127.0.0.1:%d
login_delay_min_ms = 100
login_delay_max_ms = 300
stop_timeout_ms = 2000
[store]
path = %s/store.db
[ports]
rs485_3 = pty:%s
infrared = pty:%s
[gpio]
chip = sim:%s
led_run = 0
led_online = 1
led_remote_rx = 2
input_1 = 5
[control]
socket = %s
[log]
level = debug
%s""" % (port, T, PTY, IRPTY, GPIO, CDSOCK, extra))


def start_cd():
    return start([CD, "-c", CFG], CDLOG)


def terminal(ctl=None):
    r = subprocess.run([MASTER, "terminals", "--control", ctl or CTL, "--json"], capture_output=True,
                       text=True, timeout=10)
    try:
        j = json.loads(r.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        return None
    for t in j.get("terminals", []):
        if t["address"] == "3501-1":
            return t
    return None


def online():
    t = terminal()
    return t if t and t["online"] else None


def send(*req, serial=False, infrared=False, timeout_ms=3000, ctl=None):
    args = [MASTER, "send", "--to", "3501-1", "--json", "--timeout", str(timeout_ms),
            "--retries", "1"]
    if infrared:
        args += ["--serial", IRPTY, "--infrared"]
    else:
        args += ["--serial", PTY] if serial else ["--control", ctl or CTL]
    r = subprocess.run(args + list(req), capture_output=True, text=True, timeout=30)
    try:
        j = json.loads(r.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        j = {"result": "none", "stderr": r.stderr}
    return r.returncode, j


def status():
    r = subprocess.run([CD, "--status", "--control", CDSOCK], capture_output=True, text=True,
                       timeout=10)
    return r.stdout


def unit_data(j, fn):
    for u in j.get("units", []):
        if u["fn"] == fn:
            return u["data"]
    return None


def subset(want, got):
    """every key of want is in got with an equal value (numbers compared as floats)"""
    if isinstance(want, dict):
        return isinstance(got, dict) and all(k in got and subset(v, got[k])
                                             for k, v in want.items())
    if isinstance(want, list):
        return isinstance(got, list) and len(want) == len(got) and all(
            subset(a, b) for a, b in zip(want, got))
    if isinstance(want, (int, float)) and isinstance(got, (int, float)):
        return abs(float(want) - float(got)) < 1e-6
    return want == got


# AFN04 parameters (p0 unless given) with values that differ from the
# defaults; each is set with 04 and read back with 0A (list parameters with
# the query selector in the 0A --data).
PARAMS = [
    (1, None, {"rts": 2, "tx_delay": 1, "timeout_s": 20, "retries": 2, "con_class1": 1,
               "con_class2": 0, "con_class3": 1, "heartbeat": 1}),
    (2, None, {"count": 2, "enabled": 1, "addrs": [300, 301]}),
    (4, None, {"master_phone": "13800000001FFFFF", "sms_centre": "13900000002FFFFF"}),
    (5, None, {"scheme": 1, "scheme_param": 4660}),
    (6, None, {"group_addrs": [16, 17, 0, 0, 0, 0, 0, 0]}),
    (8, None, {"online_mode": 1, "mode": 1, "udp": 0, "redial_interval": 2, "redial_count": 3,
               "idle_timeout": 30, "online_hours": "FFFFFF"}),
    (9, None, {"record_valid": "FFFFFFFFFFFFFFFF", "important": "0120000000000001"}),
    (12, None, {"connected": "03", "normally_open": "01"}),
    (16, None, {"user": "vpnuser", "password": "secret"}),
    (25, "p1", {"pt_ratio": 10, "ct_ratio": 20, "rated_voltage": 230.0, "rated_current": 1.5,
                "rated_load": 1.2345, "wiring": 1, "phase": 0}),
    (36, None, {"monthly_limit": 123456}),
    (89, None, {"region": 3501, "addr": 1}),
    (90, None, {"channel_group": 3, "tx_power": 2}),
    (67, "p1", {"action": 85}),
    (68, "p1", {"action": 85}),
    (91, None, {"longitude": {"deg": 118, "min": 5, "sec": 30.5, "hemi": 0},
                "latitude": {"deg": 24, "min": 27, "sec": 10.25, "hemi": 0}}),
]


def param_round_trip(serial=False, tag="uplink"):
    for fn, pn, data in PARAMS:
        pa = [pn] if pn else []
        rc, j = send("04", "F%d" % fn, *pa, "--data", json.dumps(data), serial=serial)
        ok(rc == 0 and j.get("result") == "ok", "%s: 04 F%d set confirmed" % (tag, fn), j)
        rc, j = send("0A", "F%d" % fn, *pa, serial=serial)
        got = unit_data(j, fn)
        if ok(rc == 0 and subset(data, got), "%s: 0A F%d reads back what was set" % (tag, fn),
              "set %s\ngot %s" % (data, j)):
            round_tripped.add(fn)


# Parameters whose JSON shape is long: the default is read with 0A, one field
# changed, set with 04 and read back.
EDITS = [
    (3, None, {"apn": "cmnet"}),  # the same master address: the link stays where it is
    (7, None, {"ip": [192, 168, 1, 20], "netmask": [255, 255, 255, 0]}),
    (37, None, {"patrol_period": 10, "retries": 2}),
    (65, "p1", {"period": 15}),
    (66, "p1", {"period": 30}),
]


def param_edit_round_trip():
    for fn, pn, change in EDITS:
        pa = [pn] if pn else []
        rc, j = send("0A", "F%d" % fn, *pa)
        data = unit_data(j, fn)
        if not ok(rc == 0 and isinstance(data, dict), "0A F%d default read" % fn, j):
            continue
        data.update(change)
        rc, j = send("04", "F%d" % fn, *pa, "--data", json.dumps(data))
        ok(rc == 0, "04 F%d set (%s changed) confirmed" % (fn, ", ".join(change)), j)
        rc, j = send("0A", "F%d" % fn, *pa)
        if ok(rc == 0 and subset(data, unit_data(j, fn)), "0A F%d reads back the change" % fn,
              "set %s\ngot %s" % (data, j)):
            round_tripped.add(fn)
            edited.append((fn, pn, data, None, None))


round_tripped = set()  # AFN04 Fn set and read back equal (the coverage check below)
edited = []            # (fn, pn, data, query, want) of EDITS as set, for the restart check


def meter(index, point, addr):
    return {"index": index, "point": point, "port": 2, "baud": 3, "protocol": 30, "addr": addr,
            "password": "000000000000", "tariff_count": 4, "dec_digits_code": 1,
            "int_digits_code": 2, "collector_addr": "000000000000", "user_minor": 1,
            "user_major": 5}


def limit(v, d, r):
    return {"limit": v, "duration": d, "recovery": r}


# The other AFN04 parameters: (fn, pn, data set with 04, query data of the 0A
# read, the answer expected). The list Fn are read with the selector §5.10.1.3
# defines (Tables 124..126): meter indexes for F10, object numbers for F11, F13,
# F14, F15, F33, F34, the major class and minor classes for F38/F39.
M1, M2 = meter(1, 1, "000000000001"), meter(2, 2, "000000000002")
MORE = [
    (10, None, {"count": 2, "meters": [M1, M2]}, {"count": 2, "indexes": [1, 2]}, None),
    (10, None, None, {"count": 1, "indexes": [2]}, {"count": 1, "meters": [M2]}),
    (11, None, {"count": 1, "pulses": [{"port": 1, "point": 3, "pulse_kind": 2,
                                        "meter_constant": 1600}]},
     {"count": 1, "items": [1]}, None),
    (13, None, {"count": 1, "inputs": [{"port": 1, "point": 4, "quantity": 3}]},
     {"count": 1, "items": [1]}, None),
    (14, None, {"count": 1, "groups": [{"group": 1, "point_count": 2, "points": [
        {"point_code": 0, "reverse": 0, "subtract": 0},
        {"point_code": 1, "reverse": 1, "subtract": 1}]}]}, {"count": 1, "items": [1]}, None),
    (15, None, {"count": 1, "groups": [{"group": 1, "compare_group": 1, "reference_group": 2,
                                        "span": 1, "absolute": 1, "relative_limit": 20,
                                        "absolute_limit": 123}]},
     {"count": 1, "items": [1]}, None),
    (26, "p1", {"voltage_upper": 240.0, "voltage_lower": 200.0, "break_phase": 130.0,
                "over_voltage": limit(260.0, 3, 96.0), "under_voltage": limit(150.0, 4, 104.0),
                "over_current": limit(6.0, 2, 95.0), "rated_current": limit(5.0, 2, 95.0),
                "zero_seq_current": limit(1.5, 1, 90.0),
                "apparent_upper_upper": limit(12.5, 5, 95.0),
                "apparent_upper": limit(10.0, 5, 95.0), "voltage_unbalance": limit(3.0, 5, 90.0),
                "current_unbalance": limit(30.0, 5, 90.0), "loss_voltage_time": 10}, None, None),
    (27, "p1", {"r_a": 1.5, "x_a": 2.25, "g_a": 0.5, "b_a": 0.125, "r_b": 1.25, "x_b": 2.5,
                "g_b": 0.75, "b_b": 0.25, "r_c": 1.75, "x_c": 2.75, "g_c": 0.25, "b_c": 0.5},
     None, None),
    (28, "p1", {"pf_limit1": 80.0, "pf_limit2": 90.0}, None, None),
    (29, "p1", {"display_no": "A1234"}, None, None),
    (30, "p1", {"stopped": 1}, None, None),
    (31, "p1", {"count": 2, "addrs": ["000000000011", "000000000012"]}, None, None),
    (59, None, {"energy_tolerance": 1.5, "fast_threshold": 3.0, "stop_threshold": 8,
                "clock_threshold": 10}, None, None),
    (33, None, {"count": 1, "ports": [{
        "port": 2, "no_auto_read": 0, "key_only": 1, "bcast_freeze": 0, "time_sync": 1,
        "search_new": 0, "read_status": 1, "read_days": "01000000", "read_day_time": "01:30",
        "read_interval": 15, "time_sync_time": "---01T02:03", "period_count": 1,
        "periods": [{"start": "00:00", "end": "23:59"}]}]}, {"count": 1, "items": [2]}, None),
    (34, None, {"count": 1, "ports": [{"port": 2, "data_bits": 3, "odd": 0, "parity": 1,
                                       "stop_bits": 0, "baud": 3, "speed": 2400}]},
     {"count": 1, "items": [2]}, None),
    (35, None, {"count": 2, "meters": [1, 2]}, None, None),
    (38, None, {"major": 1, "count": 1, "minors": [{"minor": 1, "group_count": 2,
                                                    "fn_flags": "FF03"}]},
     {"major": 1, "count": 1, "minors": [1]}, None),
    (39, None, {"major": 1, "count": 1, "minors": [{"minor": 1, "group_count": 2,
                                                    "fn_flags": "0F01"}]},
     {"major": 1, "count": 1, "minors": [1]}, None),
]


def read_param(fn, pn, query):
    args = ([pn] if pn else []) + (["--data", json.dumps(query)] if query else [])
    return send("0A", "F%d" % fn, *args)


def more_round_trip():
    for fn, pn, data, query, want in MORE:
        if data is not None:
            args = ([pn] if pn else []) + ["--data", json.dumps(data)]
            rc, j = send("04", "F%d" % fn, *args)
            if not ok(rc == 0 and j.get("result") == "ok", "04 F%d set confirmed" % fn, j):
                continue
        rc, j = read_param(fn, pn, query)
        expect = want or data
        if ok(rc == 0 and subset(expect, unit_data(j, fn)),
              "0A F%d%s reads back what was set" % (fn, " " + json.dumps(query) if query else ""),
              "expected %s\ngot %s" % (expect, j)):
            round_tripped.add(fn)


def f10_many():
    """64 meters (the two reading ports' 32 each) in one AFN04 F10 request: the
    request's value arena holds them (it once held 16)"""
    meters = [dict(meter(101 + i, 101 + i, "%012d" % (9000 + i)), port=2 + (i % 2))
              for i in range(64)]
    rc, j = send("04", "F10", "--data", json.dumps({"count": 64, "meters": meters}))
    ok(rc == 0 and j.get("result") == "ok", "04 F10 with 64 meters in one request confirmed", j)
    rc, j = read_param(10, None, {"count": 64, "indexes": [101 + i for i in range(64)]})
    got = unit_data(j, 10) or {}
    ok(rc == 0 and got.get("count") == 64 and
       [m.get("addr") for m in got.get("meters", [])] == [m["addr"] for m in meters],
       "0A F10 reads the 64 meters back", j)
    # delete them again (point 0), so the rest of the test sees the list it set
    gone = [dict(m, point=0) for m in meters]
    rc, j = send("04", "F10", "--data", json.dumps({"count": 64, "meters": gone}))
    ok(rc == 0 and j.get("result") == "ok", "04 F10 deleting the 64 meters confirmed", j)


def more_kept(tag):
    bad = []
    for fn, pn, data, query, want in MORE + edited:
        rc, j = read_param(fn, pn, query)
        if rc != 0 or not subset(want or data, unit_data(j, fn)):
            bad.append((fn, j))
    ok(not bad, "%s: F3, F7, F10, F11, F13..F15, F26..F31, F33..F35, F37..F39, F65, F66 read back "
       "as set (%d reads)" % (tag, len(MORE + edited)), bad)


def catalogue_covered():
    """every AFN04 DOWN row of the catalogue (but the read-only F150) round-tripped"""
    try:
        r = subprocess.run([FRAMETOOL, "catalog"], capture_output=True, text=True, timeout=10)
        out = r.stdout
    except OSError as e:
        out = ""
        ok(False, "frametool catalog runs (%s)" % FRAMETOOL, e)
    fns = sorted({int(m.group(1)) for m in re.finditer(r"^AFN04 F(\d+)\s+\S+\s+down (?!-)", out,
                                                         re.M)} - {150})
    ok(len(fns) >= 30, "frametool catalog lists the AFN04 downlink Fn (%d)" % len(fns), out[-2000:])
    missing = [fn for fn in fns if fn not in round_tripped]
    ok(not missing, "every AFN04 Fn of the catalogue set and read back (%d); missing: %s" %
       (len(fns), " ".join("F%d" % f for f in missing) or "none"))


def log_count(text):
    return read(CDLOG).count(text)


def reporting_test():
    """AFN05 F37 forbids, F29 allows active reporting; AFN0C F4 D0..D1 shows it (1 allowed,
    2 forbidden, §5.12.2.4.3)"""
    for fn, code, word in ((37, 2, "forbidden"), (29, 1, "allowed")):
        before = log_count("active reporting " + word)
        rc, j = send("05", "F%d" % fn)
        ok(rc == 0 and j.get("result") == "ok", "05 F%d confirmed" % fn, j)
        rc, j = send("0C", "F4")
        ok(rc == 0 and subset({"report": code}, unit_data(j, 4)),
           "0C F4 after 05 F%d: reporting %s (report %d)" % (fn, word, code), j)
        ok(log_count("active reporting " + word) == before + 1,
           "the daemon logs 'active reporting %s'" % word)
        ok(re.search(r"^reporting %s$" % word, status(), re.M),
           "--status: reporting %s" % word, status())


F8_SET = next(d for fn, pn, d in PARAMS if fn == 8)


def connection_test():
    """AFN05 F39 disconnects: in permanent mode (F8 online_mode 1, redial 2 s) the daemon
    redials by itself; in passive mode (online_mode 2) it stays away until AFN05 F38, which
    cannot travel over the closed uplink and is sent on the local RS485-III pty."""
    logins = (terminal() or {}).get("logins", 0)
    closes = log_count("uplink: closing the connection")
    rc, j = send("05", "F39")
    ok(rc == 0 and j.get("result") == "ok", "05 F39 confirmed before the disconnect", j)
    ok(wait_for(lambda: log_count("uplink: closing the connection") > closes, 3),
       "F39: the daemon logs closing the connection", read(CDLOG)[-1500:])
    ok(wait_for(lambda: (terminal() or {}).get("logins", 0) > logins and online(), 10),
       "F39 in permanent mode: the daemon redials (2 s) and logs in again", read(CDLOG)[-1500:])

    f8 = dict(F8_SET, online_mode=2)
    rc, j = send("04", "F8", "--data", json.dumps(f8))
    ok(rc == 0, "04 F8 passive activation mode confirmed", j)
    logins = (terminal() or {}).get("logins", 0)
    rc, j = send("05", "F39")
    ok(rc == 0 and j.get("result") == "ok", "05 F39 (passive mode) confirmed", j)
    ok(wait_for(lambda: not online(), 5, 0.05), "F39 in passive mode: the master sees it offline",
       terminal())
    time.sleep(4)  # twice the redial interval: no dial in passive mode
    ok(not online() and (terminal() or {}).get("logins", 0) == logins,
       "F39 in passive mode: still offline 4 s later (dormant)", read(CDLOG)[-1500:])
    rc, j = send("05", "F38")
    ok(rc != 0, "05 F38 over the closed uplink cannot arrive (master: %s)" % j.get("reason"), j)
    rc, j = send("05", "F38", serial=True)
    ok(rc == 0 and j.get("result") == "ok", "05 F38 on the local RS485-III pty confirmed", j)
    ok(wait_for(lambda: (terminal() or {}).get("logins", 0) > logins and online(), 10),
       "F38: the daemon connects and logs in again", read(CDLOG)[-1500:])
    rc, j = send("04", "F8", "--data", json.dumps(F8_SET))
    ok(rc == 0, "04 F8 back to permanent online, redial 2 s", j)


def connect_times():
    """monotonic-ish times (s) of the daemon's connection attempts, from its log"""
    out = []
    for line in read(CDLOG).splitlines():
        if "uplink: connecting to" in line:
            out.append(datetime.datetime.fromisoformat(line.split()[0]).timestamp())
    return out


def params_kept(tag):
    bad = []
    for fn, pn, data in PARAMS:
        pa = [pn] if pn else []
        rc, j = send("0A", "F%d" % fn, *pa)
        if rc != 0 or not subset(data, unit_data(j, fn)):
            bad.append((fn, j))
    ok(not bad, "%s: every parameter set before is read back" % tag, bad)


def terminal_clock():
    rc, j = send("0C", "F2")
    d = unit_data(j, 2)
    if rc != 0 or not d:
        return None
    return datetime.datetime.fromisoformat(d["time"])


def raw_frame(seq, tp_age_min=None, fcb=None):
    """AFN0C p0 F2 to 3501-1 (MSA 1), optionally with a Tp sent tp_age_min ago (delay 5)."""
    fc = 11
    c = 0x40 | fc
    if fcb is not None:
        c |= 0x10 | (0x20 if fcb else 0)
    body = bytes([c, 0x01, 0x35, 0x01, 0x00, 0x02, 0x0C])
    tpv = tp_age_min is not None
    body += bytes([(0x80 if tpv else 0) | 0x60 | seq, 0x00, 0x00, 0x02, 0x00])
    if tpv:
        t = datetime.datetime.now() - datetime.timedelta(minutes=tp_age_min)
        bcd = lambda v: ((v // 10) << 4) | (v % 10)
        body += bytes([0x21, bcd(t.second), bcd(t.minute), bcd(t.hour), bcd(t.day), 5])
    ln = (len(body) << 2) | 2
    return (bytes([0x68, ln & 0xFF, ln >> 8, ln & 0xFF, ln >> 8, 0x68]) + body +
            bytes([sum(body) & 0xFF, 0x16]))


def frame_of(body):
    ln = (len(body) << 2) | 2
    return (bytes([0x68, ln & 0xFF, ln >> 8, ln & 0xFF, ln >> 8, 0x68]) + body +
            bytes([sum(body) & 0xFF, 0x16]))


def read_frames(conn, want, timeout=3.0):
    """whole 1376.1 frames from a socket (up to want of them, within timeout)"""
    conn.settimeout(0.1)
    buf, out, end = b"", [], time.time() + timeout
    while len(out) < want and time.time() < end:
        try:
            chunk = conn.recv(4096)
            if not chunk:
                break
            buf += chunk
        except socket.timeout:
            pass
        while True:
            i = buf.find(b"\x68")
            if i < 0 or len(buf) < i + 6:
                break
            n = (buf[i + 1] | buf[i + 2] << 8) >> 2
            if len(buf) < i + 8 + n:
                break
            out.append(buf[i:i + 8 + n])
            buf = buf[i + 8 + n:]
    return out


def ack_of(fr):
    """AFN00 F3 from the master confirming the terminal's AFN02 frame fr"""
    seq = fr[13] & 0x0F
    body = bytes([0x0B]) + fr[7:11] + bytes([0x02, 0x00, 0x60 | seq, 0, 0, 4, 0, 0x02]) + \
        fr[14:18] + bytes([0])
    return frame_of(body)


def uplink_repeat_test(send_ctl):
    """A raw master: ack the login, send AFN0C F2 twice with the same FCB (and once
    toggled); the repeat must be answered byte for byte from the stored answer."""
    ls = socket.socket()
    ls.bind(("127.0.0.1", 0))
    ls.listen(1)
    port3 = ls.getsockname()[1]
    rc, j = send("04", "F3", "--data", json.dumps({"main_ip": [127, 0, 0, 1], "main_port": port3,
                                                   "backup_ip": [0, 0, 0, 0], "backup_port": 0,
                                                   "apn": ""}), ctl=send_ctl)
    ls.settimeout(15)
    try:
        conn, _ = ls.accept()
    except socket.timeout:
        ok(False, "raw master: the daemon connected")
        return
    login = read_frames(conn, 1)
    ok(login and login[0][12] == 0x02, "raw master: login received")
    if not login:
        return
    conn.sendall(ack_of(login[0]))
    time.sleep(0.3)
    req = raw_frame(3, fcb=True)
    conn.sendall(req)
    a1 = read_frames(conn, 1)
    conn.sendall(req)
    a2 = read_frames(conn, 1)
    ok(a1 and a2 and a1 == a2 and a1[0][12] == 0x0C,
       "uplink: a repeated request (same FCB) gets the stored answer byte for byte",
       "%s\n%s" % ([x.hex() for x in a1], [x.hex() for x in a2]))
    conn.sendall(raw_frame(4, fcb=False))
    a3 = read_frames(conn, 1)
    ok(a3 and a3[0][12] == 0x0C and (a3[0][13] & 0x0F) == 4,
       "uplink: FCB toggled: a new answer with RSEQ 4")
    ok(re.search(r"^repeats 1 ", status(), re.M), "uplink: the repeat counted", status())
    conn.close()
    ls.close()


def pty_exchange(frame, wait=1.0):
    fd = os.open(PTY, os.O_RDWR | os.O_NOCTTY | os.O_NONBLOCK)
    try:
        import termios, tty
        tty.setraw(fd)
        os.write(fd, frame)
        got = b""
        end = time.time() + wait
        while time.time() < end:
            try:
                got += os.read(fd, 4096)
            except BlockingIOError:
                time.sleep(0.02)
        return got
    finally:
        os.close(fd)


def main():
    # --- a broken config is refused naming the key
    write_config(1, "[uplink]\ncolour = red\n")
    r = subprocess.run([CD, "-c", CFG], capture_output=True, text=True, timeout=10)
    ok(r.returncode == 2 and "uplink.colour: unknown key" in r.stderr,
       "unknown key refused naming uplink.colour", r.stderr)
    write_config(1)
    r = subprocess.run([CD, "-c", CFG, "--set", "terminal.a2=0"], capture_output=True, text=True,
                       timeout=10)
    ok(r.returncode == 2 and "terminal.a2" in r.stderr, "--set terminal.a2=0 refused naming it",
       r.stderr)
    r = subprocess.run([CD, "-c", CFG, "--check"], capture_output=True, text=True, timeout=10)
    ok(r.returncode == 0, "--check accepts the good config", r.stderr)

    # --- start: login, status, LEDs on the simulated twin
    master, port = start_master()
    write_config(port)
    t0 = time.time()
    cd = start_cd()
    t = wait_for(online, 10)
    ok(t is not None, "login seen by the master (%.1f s)" % (time.time() - t0), read(CDLOG))
    st = wait_for(lambda: "link online" in status() and status(), 5)
    ok(st and "led online       on" in st and "led run          blink" in st,
       "--status: link online, online lamp on, run lamp blinking", st)
    ok(wait_for(lambda: read(os.path.join(GPIO, "online")) == "1\n", 3),
       "gpio twin: online line is 1")
    with open(os.path.join(GPIO, "input_1"), "w") as f:
        f.write("1\n")
    ok(wait_for(lambda: "inputs 01 changes 01" in status(), 3), "state input 1 seen", status())
    rc, j = send("0C", "F9")
    ok(subset({"state": "01", "changed": "01"}, unit_data(j, 9)),
       "0C F9 shows state input 1 set and changed", j)

    # --- parameters over the uplink, then the heartbeat of F1 (1 min) and F8 redial (2 s)
    param_round_trip()
    param_edit_round_trip()
    more_round_trip()
    f10_many()
    catalogue_covered()
    reporting_test()
    connection_test()
    rc, j = send("0C", "F2")
    ok(rc == 0 and unit_data(j, 2) is not None, "0C F2 answered", j)

    # --- duplicate and stale frames on the local port
    f = raw_frame(5, fcb=True)
    a1 = pty_exchange(f)
    a2 = pty_exchange(f)
    ok(len(a1) > 0 and a1 == a2, "local port: a repeated frame (same FCB) gets the stored answer",
       "%s\n%s" % (a1.hex(), a2.hex()))
    ok("repeats 1" in status(), "local port: counted as a repeat", status())
    ok(pty_exchange(raw_frame(6, tp_age_min=10)) == b"", "local port: stale Tp not answered")
    ok(len(pty_exchange(raw_frame(7, tp_age_min=0))) > 0, "local port: fresh Tp answered")
    ok("dropped_stale 1" in status(), "local port: stale frame counted", status())

    # --- group addresses from AFN04 F6 (set to 16, 17 above): executed, not answered
    def port_requests():
        m = re.search(r"^port (\S*485\S*) .*?requests (\d+)", status(), re.M)
        return int(m.group(2)) if m else -1

    def group_frame(a2, seq):
        body = bytes([0x4B, 0x01, 0x35, a2 & 0xFF, a2 >> 8, 0x03, 0x0C, 0x60 | seq,
                      0x00, 0x00, 0x02, 0x00])
        return frame_of(body)

    before = port_requests()
    ok(pty_exchange(group_frame(16, 8)) == b"" and port_requests() == before + 1,
       "local port: a request to group address 16 (AFN04 F6) is taken, not answered",
       "requests %d -> %d" % (before, port_requests()))
    before = port_requests()
    ok(pty_exchange(group_frame(18, 9)) == b"" and port_requests() == before,
       "local port: a request to group 18 (not ours) is ignored",
       "requests %d -> %d" % (before, port_requests()))

    # --- the same requests through the local port
    rc, j = send("0C", "F2", serial=True)
    ok(rc == 0 and unit_data(j, 2) is not None, "local port: 0C F2 answered", j)
    rc, j = send("0A", "F1", serial=True)
    ok(rc == 0 and subset(PARAMS[0][2], unit_data(j, 1)),
       "local port: 0A F1 reads what the uplink set", j)

    rc, j = send("0C", "F2", infrared=True)
    ok(rc == 0 and unit_data(j, 2) is not None, "infrared port (FE preamble): 0C F2 answered", j)

    # --- time set (AFN05 F31): within 5 s; a clock 2 min ahead tests the offset (within the
    # 5 min Tp delay, so the master's Tp-stamped frames stay fresh)
    SHIFT = datetime.timedelta(minutes=2)
    shifted = (datetime.datetime.now() + SHIFT).replace(microsecond=0)
    rc, j = send("05", "F31", "--data", json.dumps({"time": shifted.isoformat()}))
    ok(rc == 0, "05 F31 time set confirmed", j)
    c = terminal_clock()
    want = datetime.datetime.now() + SHIFT
    ok(c is not None and abs((c - want).total_seconds()) <= 5,
       "terminal clock after the set within 5 s (%s vs %s)" % (c, want))
    rc, j = send("05", "F31", "--no-tp")  # back to the master's clock
    c = terminal_clock()
    ok(c is not None and abs((c - datetime.datetime.now()).total_seconds()) <= 5,
       "time set to the master's clock within 5 s (%s)" % c)
    shifted = (datetime.datetime.now() + SHIFT).replace(microsecond=0)
    rc, j = send("05", "F31", "--data", json.dumps({"time": shifted.isoformat()}))
    ok(rc == 0, "05 F31 time set again (kept over the restart below)", j)

    # --- uplink: a Tp the terminal finds stale is dropped (terminal clock 10 min ahead of the
    # master's, Tp delay 5 min), then the clock is set back without a Tp
    ahead = (datetime.datetime.now() + datetime.timedelta(minutes=10)).replace(microsecond=0)
    rc, j = send("05", "F31", "--no-tp", "--data", json.dumps({"time": ahead.isoformat()}))
    before = status()
    rc, j = send("04", "F36", "--data", json.dumps({"monthly_limit": 1}), timeout_ms=1000)
    ok(rc == 3, "uplink: a request with a stale Tp is not answered (timeout)", j)
    ok("dropped_stale 0" in before and "dropped_stale 2" in status(),
       "uplink: both tries counted as stale", status())
    rc, j = send("0A", "F36")
    ok(subset(PARAMS[10][2], unit_data(j, 36)), "uplink: the stale set changed nothing", j)
    shifted = (datetime.datetime.now() + SHIFT).replace(microsecond=0)
    rc, j = send("05", "F31", "--no-tp", "--data", json.dumps({"time": shifted.isoformat()}))
    ok(rc == 0, "05 F31 without Tp: clock back to +2 min", j)

    # --- heartbeat (F1 set 1 min above): wait for one
    hb = wait_for(lambda: (terminal() or {}).get("heartbeats", 0) >= 1 and terminal(), 75, 1)
    ok(hb, "heartbeat seen by the master within 75 s", terminal())

    # --- restart keeps parameters, the clock offset and the traffic counter
    st = status()
    first_bytes = sum(int(w) for k, w in zip(st.split(), st.split()[1:])
                      if k in ("rx_bytes_day", "tx_bytes_day"))
    rc_stop = stop(cd)
    ok(rc_stop == 0, "SIGTERM: exit 0", read(CDLOG))
    ok("logout" in read(MLOG), "logout seen by the master")
    cd = start_cd()
    ok(wait_for(online, 10) is not None, "login again after restart")
    params_kept("after restart")
    more_kept("after restart")
    rc, j = send("0D", "F53", "--td", datetime.date.today().isoformat())
    d = unit_data(j, 53)
    ok(d and d.get("bytes", 0) >= first_bytes,
       "traffic of the first run (%d bytes) kept in the store's day counter" % first_bytes, j)
    rc, j = send("0D", "F49", "--td", datetime.date.today().isoformat())
    d = unit_data(j, 49)
    ok(d and d.get("reset_count", 0) >= 2, "two starts counted today (AFN0D F49)", j)
    c = terminal_clock()
    want = datetime.datetime.now() + SHIFT
    ok(c is not None and abs((c - want).total_seconds()) <= 5,
       "clock offset kept over the restart (%s)" % c)
    rc, j = send("05", "F31", "--no-tp")
    ok(rc == 0, "05 F31 back to the master's clock", j)

    # --- link loss: master killed and restarted on the same port, redial 2 s (F8)
    t_loss = time.time() - 0.5
    stop(master, signal.SIGKILL)
    ok(wait_for(lambda: "link redial" in status() or "link connecting" in status(), 5),
       "link loss noticed", status())
    time.sleep(5)
    tries = [t for t in connect_times() if t > t_loss]
    gaps = [b - a for a, b in zip(tries, tries[1:])]
    ok(len(gaps) >= 1 and all(1.5 <= g <= 3.5 for g in gaps),
       "redial every 2 s (F8) while the master is away: gaps %s" % ["%.1f" % g for g in gaps])
    master, _ = start_master(port)
    t0 = time.time()
    ok(wait_for(online, 15) is not None, "reconnected after the master came back (%.1f s)" %
       (time.time() - t0), read(CDLOG)[-3000:])

    # --- AFN01 resets
    rc, j = send("01", "F4")
    ok(rc == 0, "01 F4 confirmed", j)
    rc, j = send("0A", "F3")
    d = unit_data(j, 3)
    ok(d and d.get("main_port") == port, "01 F4 kept the master address", j)
    rc, j = send("0A", "F16")
    ok(subset(PARAMS[8][2], unit_data(j, 16)), "01 F4 kept F16 (VPN, a communication parameter)", j)
    rc, j = send("0A", "F36")
    ok(subset({"monthly_limit": 0}, unit_data(j, 36)), "01 F4 reset F36 to default", j)
    rc, j = send("0A", "F25", "p1")
    ok(subset({"pt_ratio": 1, "ct_ratio": 1}, unit_data(j, 25)), "01 F4 reset F25 p1 to default",
       j)
    param_round_trip(tag="after F4")
    rc, j = send("01", "F2")
    ok(rc == 0, "01 F2 confirmed", j)
    params_kept("after 01 F2 (data only)")
    rc, j = send("01", "F3")
    ok(rc == 0, "01 F3 confirmed", j)
    rc, j = send("0A", "F1")
    ok(subset({"heartbeat": 5, "timeout_s": 30}, unit_data(j, 1)), "01 F3: F1 back to default", j)
    logins = (terminal() or {}).get("logins", 0)
    pid = cd.pid
    rc, j = send("01", "F1")
    ok(rc == 0, "01 F1 confirmed", j)
    ok(wait_for(lambda: (terminal() or {}).get("logins", 0) > logins and online(), 20),
       "01 F1: the daemon restarted (re-exec) and logged in again", read(CDLOG)[-2000:])
    ok(cd.poll() is None and cd.pid == pid, "01 F1: same process (re-exec)")

    # --- AFN04 F3 applied live: a second master, the daemon moves to it
    ctl2, portf2 = os.path.join(T, "master2.sock"), os.path.join(T, "master2.port")
    m2 = start([MASTER, "serve", "--listen", "127.0.0.1:0", "--control", ctl2, "--port-file",
                portf2], os.path.join(T, "master2.log"))
    port2 = int(wait_for(lambda: read(portf2).strip(), 5) or 0)
    rc, j = send("04", "F3", "--data", json.dumps({"main_ip": [127, 0, 0, 1], "main_port": port2,
                                                   "backup_ip": [0, 0, 0, 0], "backup_port": 0,
                                                   "apn": ""}))
    ok(rc == 0, "04 F3 (main master moved) confirmed", j)
    t2 = wait_for(lambda: (terminal(ctl2) or {}).get("online") and terminal(ctl2), 15)
    ok(t2, "F3 applied live: logged in at the new master", read(CDLOG)[-2000:])
    uplink_repeat_test(ctl2)
    stop(m2)

    ok(stop(cd) == 0, "final stop: exit 0")
    r = subprocess.run([CD, "--status", "--control", CDSOCK], capture_output=True, text=True,
                       timeout=10)
    ok(r.returncode == 3 and "concentratord --status" in r.stderr,
       "--status without a daemon: exit 3 with the reason", r.stderr)
    stop(master)


try:
    main()
except Exception as e:  # noqa: a crash of the test itself is a failure
    ok(False, "test script: %r" % e, read(CDLOG)[-3000:])
finally:
    for p in procs:
        if p.poll() is None:
            p.kill()
            p.wait()
    if failures:
        print("# daemon log tail:\n" + "\n".join("# " + l for l in read(CDLOG).splitlines()[-40:]))
    shutil.rmtree(T, ignore_errors=True)
print("# %d run, %d failed" % (count, failures))
sys.exit(1 if failures else 0)
