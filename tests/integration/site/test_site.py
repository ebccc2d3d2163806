#!/usr/bin/env python3
"""scripts/site.sh with the built programs (docs/site.md): the demo in --once mode must start
every process, see the login, get every request of the demo answered as expected, and leave no
process and no run directory behind; a --keep run interrupted with SIGINT (Ctrl-C) must stop
every child within a few seconds and exit 0. Prints TAP-like lines; exit 1 on any failure.
usage: test_site.py SITE_SH CONCENTRATORD MASTER METERSIM"""
import os, re, shutil, signal, subprocess, sys, tempfile, time

SITE, CD, MASTER, METERSIM = sys.argv[1:5]
T = tempfile.mkdtemp(prefix="site-integ-")
ENV = dict(os.environ, CONCENTRATORD=CD, MASTER=MASTER, METERSIM=METERSIM)
count = failures = 0
# The reading checks wait for the daemon's meter reading (issue 7); until it has landed they
# are reported as TODO (not counted).
STRICT_READING = True


def ok(cond, name, detail="", reading=False):
    global count, failures
    count += 1
    todo = reading and not STRICT_READING
    print(("ok" if cond else "not ok") + " %d - %s%s" % (count, name, " # TODO" if todo else ""),
          flush=True)
    if not cond and not todo:
        failures += 1
        for line in str(detail).splitlines()[-40:]:
            print("#   " + line)
    return cond


def site_procs(run):
    """pids of processes whose command line names the run directory (the site's children)"""
    found = []
    for d in os.listdir("/proc"):
        if not d.isdigit() or int(d) == os.getpid():
            continue
        try:
            with open("/proc/%s/cmdline" % d, "rb") as f:
                cmd = f.read().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if run in cmd and "site.sh" not in cmd:
            found.append((int(d), cmd.strip()))
    return found


def wait_gone(run, timeout):
    end = time.time() + timeout
    while time.time() < end:
        if not site_procs(run):
            return []
        time.sleep(0.1)
    return site_procs(run)


def kill_all(run):
    for pid, _ in site_procs(run):
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass


def once():
    run = os.path.join(T, "run-once")
    t0 = time.time()
    try:
        r = subprocess.run(["bash", SITE, "--once", "--dir", run], env=ENV, capture_output=True,
                           text=True, timeout=330)
        out, rc = r.stdout + r.stderr, r.returncode
    except subprocess.TimeoutExpired as e:
        out, rc = (e.stdout or b"").decode(errors="replace") if isinstance(e.stdout, bytes) \
            else (e.stdout or ""), None
        kill_all(run)
    took = time.time() - t0
    with open(os.path.join(T, "once.out"), "w") as f:
        f.write(out)
    print("# --once took %.1f s" % took)
    ok(rc == 0, "site.sh --once exits 0", out)
    for what in ("master serve +127.0.0.1:[0-9]+", "metersim rs485-1 +12 meter", "metersim rs485-2 +2 meter",
                 "concentratord +terminal 3501-1"):
        ok(re.search(what, out), "started: " + what.split(" +")[0], out[:3000])
    ok("== 1. login" in out and "rx 3501-1" in out and "is online at the master" in out,
       "login seen by the master", out[:3000])
    m = re.search(r"== demo done: (\d+) requests, (\d+) failed", out)
    ok(m and int(m.group(1)) >= 15 and m.group(2) == "0", "every request of the demo as expected",
       "\n".join(l for l in out.splitlines() if "not ok" in l or "demo done" in l) or out)
    ok("not ok" not in out, "no step of the demo failed",
       "\n".join(l for l in out.splitlines() if "not ok" in l), reading=True)
    for port in ("rs485_1", "rs485_2"):
        ok(re.search(r"reader %s: round \d+ done" % port, out), "reading round of %s shown" % port, reading=True)
    ok(re.search(r"reader rs485_1: round \d+ started \(day start", out),
       "the round after the forced day change shown", reading=True)
    ok("== stopping the site" in out, "the site stopped")
    left = wait_gone(run, 2)
    ok(not left, "no process of the site left after --once", left)
    kill_all(run)
    ok(not os.path.exists(run), "run directory removed after --once")


def ctrl_c():
    run = os.path.join(T, "run-int")
    log = open(os.path.join(T, "int.out"), "w+")
    p = subprocess.Popen(["bash", SITE, "--keep", "--dir", run], env=ENV, stdout=log,
                         stderr=subprocess.STDOUT)
    try:
        # interrupt while the demo waits for the first reading round
        end = time.time() + 60
        seen = ""
        while time.time() < end and p.poll() is None:
            log.seek(0)
            seen = log.read()
            if "== 3." in seen:
                break
            time.sleep(0.2)
        ok("== 3." in seen, "--keep run reached the reading round", seen)
        children = site_procs(run)
        ok(len(children) >= 4, "master, two metersims and concentratord running (%d)" % len(children),
           children)
        t0 = time.time()
        p.send_signal(signal.SIGINT)
        try:
            rc = p.wait(10)
        except subprocess.TimeoutExpired:
            rc = None
        took = time.time() - t0
        log.seek(0)
        out = log.read()
        ok(rc == 0, "SIGINT: site.sh exits 0 (%.1f s)" % took, out[-2000:])
        left = wait_gone(run, 1)
        ok(not left and took < 8, "SIGINT: every child gone within 8 s", left)
        ok(not os.path.exists(run), "SIGINT: run directory removed")
        ok("logout" in out or "stopped" in out, "SIGINT: concentratord stopped in order", out[-1500:])
        tail = out[out.find("== stopping the site"):]
        ok("not ok" not in tail, "SIGINT: no child failed (exit status), no sanitizer report", tail)
    finally:
        if p.poll() is None:
            p.kill()
            p.wait()
        kill_all(run)
        log.close()


def foreign_dir():
    """a --dir that exists and is not a site's is refused and left alone"""
    d = os.path.join(T, "mine")
    os.makedirs(d)
    with open(os.path.join(d, "keep.txt"), "w") as f:
        f.write("mine\n")
    r = subprocess.run(["bash", SITE, "--once", "--dir", d], env=ENV, capture_output=True,
                       text=True, timeout=30)
    ok(r.returncode == 2 and "not a site run directory" in r.stderr,
       "--dir of a foreign directory refused (exit 2)", r.stdout + r.stderr)
    ok(os.path.exists(os.path.join(d, "keep.txt")) and not site_procs(d),
       "the foreign directory is left alone, nothing started")


try:
    foreign_dir()
    once()
    ctrl_c()
finally:
    if failures:
        print("# outputs kept in " + T)
    else:
        shutil.rmtree(T, ignore_errors=True)
print("1..%d" % count)
sys.exit(1 if failures else 0)
