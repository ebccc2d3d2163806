"""Shared harness of the meter-reading integration tests and of
bench/bench_round.py: metersim on a pty, `master serve` on 127.0.0.1 with an
ephemeral port, concentratord with a temporary config reading the pty as its
RS485-I port (1376.1 port 2). Standard library only. Every wait is bounded;
children are killed and the temporary directory removed by Env.close()."""
import datetime
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time

A1, A2 = "3501", 1
TO = "%s-%d" % (A1, A2)
# AFN04 F10 baud codes (Table 31) and AFN10 F1 baud codes (Table 401)
F10_BAUD = {600: 1, 1200: 2, 2400: 3, 4800: 4, 7200: 5, 9600: 6, 19200: 7}
F10_PROTO = {2007: 30, 1997: 1}


def read(path):
    try:
        with open(path, errors="replace") as f:
            return f.read()
    except OSError:
        return ""


def wait_for(pred, timeout, step=0.1):
    end = time.time() + timeout
    while time.time() < end:
        v = pred()
        if v:
            return v
        time.sleep(step)
    return pred()


class Tap:
    """TAP-like output: ok/not ok lines, a count of failures."""

    def __init__(self, name):
        self.name, self.count, self.failures = name, 0, 0

    def ok(self, cond, what, detail=""):
        self.count += 1
        print(("ok" if cond else "not ok") + " %d - %s: %s" % (self.count, self.name, what),
              flush=True)
        if not cond:
            self.failures += 1
            for line in str(detail).splitlines()[-40:]:
                print("#   " + line, flush=True)
        return cond

    def todo(self, cond, what, why):
        """a check the daemon is known to fail: TAP `# TODO`, reported, not counted as a
        failure (the reason names what the daemon does)"""
        self.count += 1
        print(("ok" if cond else "not ok") + " %d - %s: %s # TODO %s" % (
            self.count, self.name, what, "passes now" if cond else why), flush=True)
        if not cond:
            self.todos = getattr(self, "todos", 0) + 1
        return cond

    def note(self, text):
        print("# " + text, flush=True)


class RoundLog:
    """Follows the daemon log for the reader's round lines:
    `reader rs485_1: round N started (...)`,
    `reader rs485_1: round N done in X.X s: OK/M meters ok, R requests, F failures`.
    Records the wall time each line was first seen."""
    START = re.compile(r"reader (\S+): round (\d+) started(.*)")
    DONE = re.compile(r"reader (\S+): round (\d+) done in ([\d.]+) s: (\d+)/(\d+) meters ok, "
                      r"(\d+) requests?, (\d+) failures?(.*)")

    def __init__(self, path):
        self.path, self.pos, self.started, self.done = path, 0, {}, {}

    def poll(self):
        try:
            with open(self.path, "rb") as f:
                f.seek(self.pos)
                data = f.read()
        except OSError:
            return
        cut = data.rfind(b"\n")
        if cut < 0:
            return
        self.pos += cut + 1
        now = time.time()
        for line in data[:cut].decode(errors="replace").splitlines():
            m = self.START.search(line)
            if m:
                self.started[int(m.group(2))] = {"t": now, "info": m.group(3).strip(),
                                                 "line": line}
            m = self.DONE.search(line)
            if m:
                self.done[int(m.group(2))] = {
                    "t": now, "secs": float(m.group(3)), "ok": int(m.group(4)),
                    "meters": int(m.group(5)), "requests": int(m.group(6)),
                    "failures": int(m.group(7)), "rest": m.group(8), "line": line}

    def last_started(self):
        self.poll()
        return max(self.started) if self.started else 0

    def wait_done(self, after_round, timeout, started_after=None):
        """the first round numbered above after_round (and, if given, seen
        starting after wall time started_after) that is done; None on timeout"""
        def pred():
            self.poll()
            for n in sorted(self.done):
                if n <= after_round:
                    continue
                if started_after is not None:
                    s = self.started.get(n)
                    if not s or s["t"] < started_after:
                        continue
                return dict(self.done[n], round=n, start_info=self.started.get(n, {}))
            return None
        return wait_for(pred, timeout, 0.1)


class Env:
    def __init__(self, cd, master, metersim, frametool, tag):
        self.CD, self.MASTER, self.MS, self.FT = cd, master, metersim, frametool
        self.T = tempfile.mkdtemp(prefix="rd-%s-" % tag)
        self.procs = []
        self.ctl = os.path.join(self.T, "master.sock")
        self.portf = os.path.join(self.T, "master.port")
        self.cfg = os.path.join(self.T, "cd.ini")
        self.cdsock = os.path.join(self.T, "cd.sock")
        self.pty = os.path.join(self.T, "rs485_1")
        self.mssock = os.path.join(self.T, "ms.sock")
        self.cdlog = os.path.join(self.T, "cd.log")
        self.mlog = os.path.join(self.T, "master.log")
        self.mslog = os.path.join(self.T, "ms.log")
        self.db = os.path.join(self.T, "store.db")
        self.rounds = RoundLog(self.cdlog)
        self.cd = None
        self.port = None
        self.log_level = "info"

    # ---- processes -------------------------------------------------------
    def start(self, args, log):
        f = open(log, "ab")
        p = subprocess.Popen(args, stdout=f, stderr=subprocess.STDOUT)
        f.close()
        self.procs.append(p)
        return p

    @staticmethod
    def stop(p, sig=signal.SIGTERM, timeout=10):
        if p.poll() is None:
            p.send_signal(sig)
            try:
                p.wait(timeout)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
        return p.returncode

    def close(self, keep=False):
        for p in self.procs:
            if p.poll() is None:
                p.terminate()
        for p in self.procs:
            try:
                p.wait(5)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
        if not keep:
            shutil.rmtree(self.T, ignore_errors=True)

    def metersim(self, meters, extra=(), verbose=False):
        """meters: list of dicts {addr, protocol, baud, ...other config keys}"""
        conf = os.path.join(self.T, "bus.conf")
        with open(conf, "w") as f:
            f.write("[bus]\nlink = %s\ncontrol = %s\n" % (self.pty, self.mssock))
            for m in meters:
                f.write("[meter %s]\n" % m["addr"])
                for k, v in m.items():
                    if k != "addr":
                        f.write("%s = %s\n" % (k, v))
        args = [self.MS, "--config", conf] + list(extra) + (["--verbose"] if verbose else [])
        p = self.start(args, self.mslog)
        if not wait_for(lambda: os.path.exists(self.mssock) and os.path.islink(self.pty), 5):
            raise RuntimeError("metersim did not start: " + read(self.mslog))
        self.msproc = p
        return p

    def ms(self, cmd):
        s = socket.socket(socket.AF_UNIX)
        s.settimeout(5)
        s.connect(self.mssock)
        s.sendall((cmd + "\n").encode())
        b = b""
        while not b.endswith(b"\n"):
            c = s.recv(65536)
            if not c:
                break
            b += c
        s.close()
        return json.loads(b.decode())

    def truth(self, addr):
        return self.ms("truth " + addr)["meter"]

    def msread(self, addr, di):
        r = self.ms("read %s %s" % (addr, di))
        return r if r.get("ok") else None

    def start_master(self):
        p = self.start([self.MASTER, "serve", "--listen", "127.0.0.1:0", "--control", self.ctl,
                        "--port-file", self.portf], self.mlog)
        got = wait_for(lambda: read(self.portf).strip(), 5)
        if not got:
            raise RuntimeError("master serve did not start: " + read(self.mlog))
        self.port = int(got)
        return p

    def write_config(self, reader=None, extra=""):
        rd = {"default_baud": 9600, "reply_timeout_ms": 500, "retries": 2}
        rd.update(reader or {})
        with open(self.cfg, "w") as f:
            f.write("""[terminal]
a1 = %s
a2 = %d
[uplink]
master = 127.0.0.1:%d
login_delay_min_ms = 100
login_delay_max_ms = 300
stop_timeout_ms = 2000
[store]
path = %s
[ports]
rs485_1 = %s
rs485_1_port = 2
[reader]
%s
[control]
socket = %s
[log]
level = %s
%s""" % (A1, A2, self.port, self.db, self.pty,
                "".join("%s = %s\n" % kv for kv in rd.items()), self.cdsock, self.log_level,
                extra))

    def start_cd(self, reader=None, env=None):
        self.write_config(reader)
        f = open(self.cdlog, "ab")
        self.cd = subprocess.Popen([self.CD, "-c", self.cfg], stdout=f, stderr=subprocess.STDOUT,
                                   env=env)
        f.close()
        self.procs.append(self.cd)
        if not wait_for(self.online, 15):
            raise RuntimeError("concentratord did not log in: " + read(self.cdlog)[-3000:])
        return self.cd

    def terminal(self):
        r = subprocess.run([self.MASTER, "terminals", "--control", self.ctl, "--json"],
                           capture_output=True, text=True, timeout=10)
        try:
            j = json.loads(r.stdout.strip().splitlines()[-1])
        except (ValueError, IndexError):
            return None
        for t in j.get("terminals", []):
            if t["address"] == TO:
                return t
        return None

    def online(self):
        t = self.terminal()
        return t if t and t["online"] else None

    def send(self, *req, timeout_ms=5000, retries=1):
        args = [self.MASTER, "send", "--to", TO, "--json", "--timeout", str(timeout_ms),
                "--retries", str(retries), "--no-tp", "--control", self.ctl]
        r = subprocess.run(args + [str(x) for x in req], capture_output=True, text=True,
                           timeout=60)
        try:
            j = json.loads(r.stdout.strip().splitlines()[-1])
        except (ValueError, IndexError):
            j = {"result": "none", "stderr": r.stderr, "stdout": r.stdout}
        return r.returncode, j

    def status(self):
        r = subprocess.run([self.CD, "--status", "--control", self.cdsock], capture_output=True,
                           text=True, timeout=10)
        return r.stdout

    def status_value(self, key):
        m = re.search(r"\b%s (\d+)" % re.escape(key), self.status())
        return int(m.group(1)) if m else None

    def terminal_clock(self):
        rc, j = self.send("0C", "F2")
        d = unit(j, 2)
        if not d or not d.get("time"):
            return None
        return datetime.datetime.fromisoformat(d["time"])

    # ---- 1376.1 helpers ----------------------------------------------------
    def set_meters(self, meters, first_index=1):
        """AFN04 F10: meters = list of (point, addr, protocol 2007/1997, baud), indexes
        from first_index"""
        ms = [{"index": first_index + i, "point": pt, "port": 2, "baud": F10_BAUD[baud],
               "protocol": F10_PROTO[proto], "addr": addr, "password": "000000000000",
               "tariff_count": 4, "dec_digits_code": 1, "int_digits_code": 2,
               "collector_addr": "000000000000", "user_minor": 1, "user_major": 5}
              for i, (pt, addr, proto, baud) in enumerate(meters)]
        return self.send("04", "F10", "--data", json.dumps({"count": len(ms), "meters": ms}))

    def set_f33(self, interval=15, read_status=1, search=0, time_sync=0, read_days="01000000",
                read_day_time="00:00"):
        data = {"count": 1, "ports": [{
            "port": 2, "no_auto_read": 0, "key_only": 0, "bcast_freeze": 0,
            "time_sync": time_sync, "search_new": search, "read_status": read_status,
            "read_days": read_days, "read_day_time": read_day_time, "read_interval": interval,
            "time_sync_time": "---01T00:00", "period_count": 0, "periods": []}]}
        return self.send("04", "F33", "--data", json.dumps(data))


def unit(j, fn, pn=None):
    for u in j.get("units", []) if isinstance(j, dict) else []:
        if u.get("fn") == fn and (pn is None or u.get("pn") == pn):
            return u.get("data")
    return None


def units_by_pn(j, fn):
    return {u["pn"]: u["data"] for u in (j.get("units") or []) if u.get("fn") == fn}


def near(a, b, eps=1e-6):
    try:
        return abs(float(a) - float(b)) <= eps
    except (TypeError, ValueError):
        return False


def build_paths(argv):
    """CD MASTER METERSIM FRAMETOOL from argv (after the case name)"""
    if len(argv) < 4:
        raise SystemExit("usage: ... CONCENTRATORD MASTER METERSIM FRAMETOOL")
    return [os.path.abspath(a) for a in argv[:4]]
