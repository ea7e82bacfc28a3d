#!/usr/bin/env python3
"""The debugger's overhead on the MNIST tutorial, measured so that both runs see the same machine.

On a shared VM the host's speed drifts by tens of percent over tens of seconds (the same headless
3-epoch run takes 24 to 34 s), so a headless run followed by a debugged one mostly measures the
drift. Here both run at once and take turns: the headless program (`tapedeck example train`) and the
same program under the debugger (on Xvfb, started with Continue, F9) are each held with SIGSTOP
while the other runs for a slice (1 s by default). Each one's clock only runs during its own
slices, so a slow minute of the host slows both alike.

Both are started, brought to the first line the tutorial prints before training ("Logits: ...")
and stopped there; then the slices begin. For each epoch it prints the time each spent training
(its own slices only, from that line to the epoch's "done" line, seen within ~20 ms), the
debugger's time over headless, and, at the end, the same for the whole run and the peak RSS of both.

    app/scripts/debugger-overhead-interleaved.py [--epochs 3] [--slice 1.0] [--out DIR] [--control]

--control runs a second headless program in the debugger's place: what the method itself gives
for two equal programs (its bias and noise).

Needs a built app (mvn -q -DskipTests package), Xvfb, xdotool and MNIST in TAPEDECK_DATA (or
../shared/data/mnist). Both get a 1 GB heap, as in debugger-overhead.sh. The machine should be
otherwise idle; others' CPU and the hypervisor's steal over the run are printed at the end.
"""
import argparse
import os
import re
import signal
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.path.join(ROOT, "app", "target", "tapedeck", "bin", "tapedeck")
START = "Logits"
EPOCH = re.compile(r"^epoch (\d+) done")


def cpu_stat():
    """(busy, steal) CPU seconds of the whole machine since boot."""
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:]]
    return (v[0] + v[1] + v[2] + v[5] + v[6]) / 100.0, v[7] / 100.0


def own_cpu(pid):
    """CPU seconds a process and its threads used (utime + stime)."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            v = f.read().rsplit(")", 1)[1].split()
        return (int(v[11]) + int(v[12])) / 100.0
    except OSError:
        return 0.0


def thread_cpu(pid):
    """CPU seconds per thread name (digits stripped, so a pool's threads add up) from /proc schedstat."""
    out = {}
    base = "/proc/%d/task" % pid
    try:
        tids = os.listdir(base)
    except OSError:
        return out
    for tid in tids:
        try:
            with open("%s/%s/comm" % (base, tid)) as f:
                name = re.sub(r"[0-9]+$", "", f.read().strip())
            with open("%s/%s/schedstat" % (base, tid)) as f:
                out[name] = out.get(name, 0.0) + int(f.read().split()[0]) / 1e9
        except OSError:
            continue
    return out


def peak_rss_mb(pid):
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return float("nan")


class Run:
    """One program: its process, its output file and the time it has been allowed to run."""

    def __init__(self, name, args, out_dir, env):
        self.name = name
        self.out_path = os.path.join(out_dir, name + ".out")
        self.proc = subprocess.Popen([BIN] + args, stdout=open(self.out_path, "w"),
                                     stderr=open(os.path.join(out_dir, name + ".err"), "w"), env=env)
        self.active = 0.0        # seconds it ran during its slices
        self.started_at = None   # active time when training began
        self.epochs = {}         # epoch -> active time when it was reported done
        self.lines_seen = 0
        self.peak_rss = 0.0
        self.threads_at_start = {}
        self.threads_at_end = {}

    def text(self):
        with open(self.out_path, errors="replace") as f:
            return f.read()

    def poll_output(self, now_active):
        # Whole lines only: a line still being written is read again next time.
        lines = self.text().split("\n")[:-1]
        for line in lines[self.lines_seen:]:
            m = EPOCH.match(line)
            if m and self.started_at is not None:
                self.epochs[int(m.group(1))] = now_active - self.started_at
        self.lines_seen = len(lines)

    def stop(self):
        os.kill(self.proc.pid, signal.SIGSTOP)

    def cont(self):
        os.kill(self.proc.pid, signal.SIGCONT)

    def alive(self):
        return self.proc.poll() is None


def wait_for(run, text, seconds, nudge=None):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if text in run.text():
            return True
        if not run.alive():
            sys.exit("%s ended before printing '%s' (see %s)" % (run.name, text, run.out_path))
        if nudge:
            nudge()
        time.sleep(0.02)
    sys.exit("%s did not print '%s' within %d s (see %s)" % (run.name, text, seconds, run.out_path))


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--epochs", type=int, default=3)
    p.add_argument("--slice", type=float, default=1.0, help="seconds each program runs before the other takes over")
    p.add_argument("--out", default="/tmp/tapedeck-overhead-interleaved")
    p.add_argument("--display", default=":77")
    p.add_argument("--control", action="store_true",
                   help="run a second headless program in the debugger's place: the method's own noise and bias")
    a = p.parse_args()
    if not os.access(BIN, os.X_OK):
        sys.exit("no launcher at %s: build the app first (mvn -q -DskipTests package)" % BIN)
    os.makedirs(a.out, exist_ok=True)
    env = dict(os.environ)
    env.setdefault("TAPEDECK_DATA", os.path.join(ROOT, "..", "shared", "data", "mnist"))
    env["TAPEDECK_OPTS"] = "-Xmx1g " + env.get("TAPEDECK_OPTS", "")
    env.pop("TAPEDECK_FX_PROBE", None)
    env["DISPLAY"] = os.environ["DISPLAY"] = a.display

    xvfb = subprocess.Popen(["Xvfb", a.display, "-screen", "0", "1600x1000x24"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    runs = []
    try:
        time.sleep(2)
        debug = Run("debugger", ["example", "train"] if a.control else [], a.out, env)
        runs.append(debug)
        for _ in range(0 if a.control else 60):
            if subprocess.run(["xdotool", "search", "--name", "Tapedeck"], capture_output=True).returncode == 0:
                break
            time.sleep(1)
        time.sleep(0 if a.control else 4)
        last_key = [0.0]

        def press_continue():
            # A key sent before the window listens is lost: send F9 again every few seconds.
            if time.time() - last_key[0] > 3:
                subprocess.run(["xdotool", "search", "--name", "Tapedeck", "windowactivate", "--sync"], capture_output=True)
                subprocess.run(["xdotool", "key", "F9"], capture_output=True)
                last_key[0] = time.time()

        wait_for(debug, START, 120, None if a.control else press_continue)
        debug.stop()
        debug.started_at = 0.0
        headless = Run("headless", ["example", "train"], a.out, env)
        runs.append(headless)
        wait_for(headless, START, 120)
        headless.stop()
        headless.started_at = 0.0
        debug.poll_output(0.0)
        headless.poll_output(0.0)

        for r in runs:
            r.threads_at_start = thread_cpu(r.proc.pid)
        busy0, steal0 = cpu_stat()
        own0 = {r.name: own_cpu(r.proc.pid) for r in runs}
        xvfb0 = own_cpu(xvfb.pid)
        # Alternate, headless first; whichever finishes first leaves the machine to the other.
        turn = 0
        while True:
            pending = [r for r in (headless, debug) if len(r.epochs) < a.epochs and r.alive()]
            if not pending:
                break
            r = pending[turn % len(pending)]
            turn += 1
            r.cont()
            t0 = time.monotonic()
            while True:
                time.sleep(0.02)
                elapsed = time.monotonic() - t0
                r.poll_output(r.active + elapsed)
                if elapsed >= a.slice or len(r.epochs) >= a.epochs or not r.alive():
                    break
            if r.alive():
                r.stop()
                r.peak_rss = max(r.peak_rss, peak_rss_mb(r.proc.pid))
                if len(r.epochs) < a.epochs:
                    r.threads_at_end = thread_cpu(r.proc.pid)
            r.active += time.monotonic() - t0
        busy1, steal1 = cpu_stat()
        own = sum(own_cpu(r.proc.pid) - own0[r.name] for r in runs) + own_cpu(xvfb.pid) - xvfb0
    finally:
        for r in runs:
            if r.alive():
                r.cont()
                r.proc.terminate()
        xvfb.terminate()

    h, d = headless.epochs, debug.epochs
    prev_h = prev_d = 0.0
    for e in sorted(set(h) & set(d)):
        eh, ed = h[e] - prev_h, d[e] - prev_d
        print("epoch %d: headless %.2f s, debugger %.2f s, debugger/headless %.3f" % (e, eh, ed, ed / eh))
        prev_h, prev_d = h[e], d[e]
    if len(h) >= a.epochs and len(d) >= a.epochs:
        th, td = h[a.epochs - 1], d[a.epochs - 1]
        print("training time: headless %.2f s, debugger %.2f s (%+.1f%%)" % (th, td, 100 * (td / th - 1)))
    else:
        print("incomplete: headless reported %d epochs, debugger %d" % (len(h), len(d)))
    print("peak RSS: headless %.0f MB, debugger %.0f MB" % (headless.peak_rss, debug.peak_rss))
    print("others_cpu=%.1fs steal=%.1fs" % (busy1 - busy0 - own, steal1 - steal0))
    print("CPU seconds per thread while training, but for the last slice:")
    for r in (headless, debug):
        d = {k: v - r.threads_at_start.get(k, 0.0) for k, v in r.threads_at_end.items()}
        top = sorted(((v, k) for k, v in d.items() if v >= 0.05), reverse=True)
        print("  %-9s total %6.2f: %s" % (r.name, sum(d.values()), ", ".join("%s %.2f" % (k, v) for v, k in top)))


if __name__ == "__main__":
    main()
