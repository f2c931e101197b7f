#!/usr/bin/env python3
"""System tests of ppc64sim's --trace/--vcd/--stats outputs (README "Traces, waveforms and
statistics", traces/FORMAT.md). Each command runs the simulator itself and checks facts that
follow from the formats and the firmware, not recorded outputs.

  check_trace.py ipi-ring  SIM FIRMWARE WORKDIR   trace/VCD/stats content, determinism
  check_trace.py generic   SIM FIRMWARE WORKDIR   complete files, determinism, statistics
  check_trace.py devices   SIM FIRMWARE WORKDIR   PRESENT -> irq_line in the VCD
  check_trace.py limit     SIM FIRMWARE WORKDIR   --max-instructions: reason=limit, valid files
  check_trace.py sigint    SIM FIRMWARE WORKDIR   Ctrl-C: exit 130, reason=interrupted
  check_trace.py latency   SIM FIRMWARE WORKDIR TOOL   ppc64trace.py latency report + PNGs
"""
import json
import os
import re
import signal
import subprocess
import sys
import time

EXIT_INTERRUPTED = 130  # sim/exit_status.h
EXIT_LIMIT = 2


def fail(msg):
    print("FAIL: " + msg)
    sys.exit(1)


def run(sim, firmware, workdir, tag, extra=()):
    paths = {k: os.path.join(workdir, tag + ext) for k, ext in
             (("trace", ".trace"), ("vcd", ".vcd"), ("stats", ".json"))}
    cmd = [sim, firmware, "--trace", paths["trace"], "--vcd", paths["vcd"], "--stats", paths["stats"]]
    cmd += list(extra)
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=300)
    return p, paths


def read_trace(path):
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    if lines[0] != "# ppc64sim-trace 1":
        fail("%s: first line %r is not the v1 header" % (path, lines[0]))
    if "# events" not in lines:
        fail("%s: no '# events' line" % path)
    trailer = [l for l in lines if l.startswith("# end ")]
    if len(trailer) != 1:
        fail("%s: %d trailer lines (want 1)" % (path, len(trailer)))
    events = []
    for l in lines:
        if not l or l.startswith("#"):
            continue
        parts = l.split(" ")
        fields = dict(p.split("=", 1) for p in parts[3:] if "=" in p)
        events.append((int(parts[0]), parts[1], parts[2], fields))
    cycles = [e[0] for e in events]
    if cycles != sorted(cycles) and "late=0" in trailer[0]:
        fail("%s: events out of cycle order with late=0" % path)
    return events, trailer[0], lines


def reason_of(trailer):
    m = re.search(r"reason=(\S+)", trailer)
    return m.group(1) if m else None


def parse_vcd(path):
    """Returns (units_per_cycle, {name: [(time, value), ...]})."""
    with open(path) as f:
        text = f.read()
    m = re.search(r"time-units-per-cycle=(\d+)", text)
    if not m:
        fail("%s: no time-units-per-cycle comment" % path)
    upc = int(m.group(1))
    header, sep, body = text.partition("$enddefinitions $end")
    if not sep:
        fail("%s: no $enddefinitions" % path)
    scope, names = [], {}
    # Identifiers may be any printable character, '$' included (IEEE 1364 18.2.1): split
    # on whitespace instead of matching on '$'.
    words = header.split()
    for i, w in enumerate(words):
        if w == "$scope":
            scope.append(words[i + 2])
        elif w == "$upscope":
            scope.pop()
        elif w == "$var":
            names[words[i + 3]] = ".".join(scope + [words[i + 4]])
    waves = {n: [] for n in names.values()}
    t = None
    for word in body.split("\n"):
        word = word.strip()
        if not word or word.startswith("$"):
            continue
        if word.startswith("#"):
            nt = int(word[1:])
            if t is not None and nt < t:
                fail("%s: time goes back at #%d" % (path, nt))
            t = nt
        elif word[0] in "bB":
            val, ident = word[1:].split()
            waves[names[ident]].append((t, int(val, 2)))
        elif word[0] in "01xz":
            if word[1:] not in names:
                fail("%s: unknown identifier %r" % (path, word[1:]))
            waves[names[word[1:]]].append((t, int(word[0]) if word[0] in "01" else None))
        else:
            fail("%s: bad value change %r" % (path, word))
    return upc, waves


def value_at(wave, time):
    """Value after every change at or before `time`."""
    v = None
    for t, val in wave:
        if t > time:
            break
        v = val
    return v


def check_same_outputs(a, b):
    for k in ("trace", "vcd"):
        if open(a[k], "rb").read() != open(b[k], "rb").read():
            fail("two identical runs gave different %s files" % k)
    sa, sb = json.load(open(a["stats"])), json.load(open(b["stats"]))
    sa.pop("host"), sb.pop("host")  # host seconds are the only non-simulated numbers
    if sa != sb:
        fail("two identical runs gave different statistics")


def check_stats(path, log):
    s = json.load(open(path))
    total = sum(t["instructions"] for t in s["threads"])
    if total != s["board"]["instructions"]:
        fail("per-thread instructions sum %d != board %d" % (total, s["board"]["instructions"]))
    m = re.search(r"(\d+) instructions, \d+ ps simulated", log)
    if m and int(m.group(1)) != total:
        fail("stats total %d != the run's log line %s" % (total, m.group(1)))
    for t in s["threads"]:
        if t["running_cycles"] + t["idle_cycles"] != t["cycles"]:
            fail("thread %d: running + idle != cycles" % t["server"])
        if t["instructions"] and abs(t["cpi"] - t["charged_cycles"] / t["instructions"]) > 1e-5:
            fail("thread %d: cpi is not charged_cycles / instructions" % t["server"])
    return s


def cmd_ipi_ring(sim, fw, wd):
    p1, a = run(sim, fw, wd, "ring1")
    p2, b = run(sim, fw, wd, "ring2")
    out = p1.stdout.decode()
    if p1.returncode != 0 or "PASS: ipi_ring" not in out:
        fail("ipi_ring did not pass (status %d)" % p1.returncode)
    events, trailer, lines = read_trace(a["trace"])
    if reason_of(trailer) != "end":
        fail("trailer %r: reason is not end" % trailer)
    if "# clock-hz 2000000000" not in lines or not any(l.startswith("# config cores=") for l in lines):
        fail("header lacks clock-hz or the board configuration")
    names = {e[3].get("name") for e in events if e[2] == "hcall"}
    for want in ("H_XIRR", "H_EOI", "H_IPI"):
        if want not in names:
            fail("no %s hcall line" % want)
    ext = [e for e in events if e[2] == "exc" and e[3].get("vector") == "0x500"]
    if not ext:
        fail("no external-interrupt (vector=0x500) exception lines")
    if not any(e[2] == "fabric" for e in events):
        fail("no fabric lines")
    check_same_outputs(a, b)
    parse_vcd(a["vcd"])
    s = check_stats(a["stats"], p1.stderr.decode())
    # The firmware prints its constant: "ipi_ring: N threads, R rounds, H hops"; every hop
    # is one IPI, taken as one 0x500 interrupt by its target.
    m = re.search(r"ipi_ring: (\d+) threads, (\d+) rounds, (\d+) hops", out)
    if not m:
        fail("no ipi_ring summary line on the console")
    hops = int(m.group(3))
    taken = sum(t["interrupts"].get("0x500", 0) for t in s["threads"])
    if taken < hops:
        fail("%d external interrupts taken < %d IPIs sent" % (taken, hops))
    ipis = sum(1 for e in events if e[3].get("name") == "H_IPI" and e[3].get("status") == "0")
    if ipis < hops:
        fail("%d successful H_IPI lines < %d hops" % (ipis, hops))
    print("ok: %d events, %d hops, %d interrupts taken" % (len(events), hops, taken))


def cmd_generic(sim, fw, wd):
    """Any self-checking image: complete files, determinism, consistent statistics."""
    p1, a = run(sim, fw, wd, "gen1")
    p2, b = run(sim, fw, wd, "gen2")
    if p1.returncode != 0 or "PASS" not in p1.stdout.decode():
        fail("the image did not pass (status %d)" % p1.returncode)
    events, trailer, _ = read_trace(a["trace"])
    if reason_of(trailer) != "end":
        fail("trailer %r: reason is not end" % trailer)
    if not any(e[2] == "hcall" for e in events):
        fail("no hcall lines")
    check_same_outputs(a, b)
    parse_vcd(a["vcd"])
    check_stats(a["stats"], p1.stderr.decode())
    print("ok: %d events" % len(events))


def cmd_devices(sim, fw, wd):
    p, a = run(sim, fw, wd, "dev")
    if p.returncode != 0:
        fail("irq_devices exited %d" % p.returncode)
    events, trailer, _ = read_trace(a["trace"])
    upc, waves = parse_vcd(a["vcd"])
    presents = [e for e in events if e[2] == "fabric" and e[3]["msg"] == "PRESENT"]
    if not presents:
        fail("no PRESENT fabric messages")
    checked = 0
    for cyc, _, _, f in presents:
        server, source = int(f["server"]), int(f["source"], 16)
        # The accept of this delivery: H_XIRR on that thread returning the source (2.3).
        accept = next((e for e in events if e[0] >= cyc and e[1] == "t%d" % server and e[2] == "hcall"
                       and e[3].get("name") == "H_XIRR" and int(e[3]["out0"], 16) & 0xffffff == source), None)
        if accept is None or accept[0] == cyc:
            continue
        # A PRESENT the ICP bounces at once (CPPR too favoured, xics-spec.md 2.1) never raises it.
        if any(e[0] == cyc and e[2] == "fabric" and e[3]["msg"] == "REJECT" and
               int(e[3]["source"], 16) == source for e in events):
            continue
        wave = waves["board.t%d.irq_line" % server]
        if value_at(wave, cyc * upc) != 1:
            fail("t%d irq_line is not 1 at the PRESENT of 0x%x at cycle %d" % (server, source, cyc))
        later = [e for e in events if e[0] == accept[0] and e[2] == "fabric" and e[3]["msg"] == "PRESENT"
                 and int(e[3]["server"]) == server]
        if not later and value_at(wave, accept[0] * upc) != 0:
            fail("t%d irq_line still 1 after the accept at cycle %d" % (server, accept[0]))
        checked += 1
    if not checked:
        fail("no PRESENT with a later accept to check")
    print("ok: %d presentations checked against the VCD" % checked)


def cmd_limit(sim, fw, wd):
    p, a = run(sim, fw, wd, "limit", ["--max-instructions", "300000"])
    if p.returncode != EXIT_LIMIT:
        fail("exit status %d, want %d" % (p.returncode, EXIT_LIMIT))
    _, trailer, _ = read_trace(a["trace"])
    if reason_of(trailer) != "limit":
        fail("trailer %r: reason is not limit" % trailer)
    parse_vcd(a["vcd"])
    s = check_stats(a["stats"], p.stderr.decode())
    if s["board"]["instructions"] < 300000:
        fail("stopped before the limit")
    pj = os.path.join(wd, "limit.json.trace")
    q = subprocess.run([sim, fw, "--trace", pj, "--trace-format", "perfetto", "-n", "300000"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    json.load(open(pj))  # complete JSON after an early stop
    print("ok: limit run, status %d/%d" % (p.returncode, q.returncode))


def cmd_sigint(sim, fw, wd):
    path = os.path.join(wd, "sigint.trace")
    if os.path.exists(path):
        os.remove(path)  # a file left by an earlier run would look like this run's
    proc = subprocess.Popen([sim, fw, "--trace", path], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    # Signal only once the run is under way (the trace file exists and has its header): on a
    # loaded machine the process may still be starting after a fixed delay.
    deadline = time.time() + 60
    while time.time() < deadline and proc.poll() is None:
        if os.path.exists(path) and os.path.getsize(path) > 0:
            break
        time.sleep(0.05)
    time.sleep(0.5)
    if proc.poll() is not None:
        fail("the long firmware ended before the signal (status %d)" % proc.returncode)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    if proc.returncode != EXIT_INTERRUPTED:
        fail("exit status %d, want %d; stderr: %s" % (proc.returncode, EXIT_INTERRUPTED, err.decode()))
    _, trailer, _ = read_trace(path)
    if reason_of(trailer) != "interrupted":
        fail("trailer %r: reason is not interrupted" % trailer)
    print("ok: " + trailer)


def cmd_latency(sim, fw, wd, tool):
    p, a = run(sim, fw, wd, "lat")
    if p.returncode != 0:
        fail("run exited %d" % p.returncode)
    png = os.path.join(wd, "png")
    r = subprocess.run([sys.executable, tool, "latency", a["trace"], "--png", png],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if r.returncode != 0:
        fail("ppc64trace latency exited %d: %s" % (r.returncode, r.stderr.decode()))
    report = r.stdout.decode()
    if "source 0x2" not in report or "end-to-end" not in report:
        fail("report lacks the IPI source or the end-to-end stage:\n" + report)
    pngs = [f for f in os.listdir(png) if f.endswith(".png")] if os.path.isdir(png) else []
    if not pngs:
        fail("no PNG written")
    print("ok: report and %d PNGs" % len(pngs))


def main():
    if len(sys.argv) < 5:
        print(__doc__)
        return 2
    cmd, sim, fw, wd = sys.argv[1:5]
    os.makedirs(wd, exist_ok=True)
    handlers = {"ipi-ring": cmd_ipi_ring, "generic": cmd_generic, "devices": cmd_devices, "limit": cmd_limit,
                "sigint": cmd_sigint}
    if cmd == "latency":
        cmd_latency(sim, fw, wd, sys.argv[5])
    elif cmd in handlers:
        handlers[cmd](sim, fw, wd)
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
