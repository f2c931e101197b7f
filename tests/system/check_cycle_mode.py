#!/usr/bin/env python3
"""System tests of cycle mode (--mode cycle, models/cpu/timing/README.md).

  check_cycle_mode.py quantum SIM FIRMWARE WORKDIR [OPTION...]
      Cycle mode is exact: the host-side quantum (quantum-ns) changes no cycle count, trace
      event or statistic, the same run twice is byte-identical, and the console equals fast
      mode's (timing never changes what the firmware computes).
  check_cycle_mode.py lookahead SIM FIRMWARE WORKDIR [OPTION...]
      The same run for every timing.lookahead-cycles (the window length) up to the smallest
      cross-thread latency: interrupts through the fabric land at their own cycle, stores and
      reservations between threads at theirs (models/cpu/store_queue.h). Console, trace and
      statistics are identical for lookaheads 1/5/7/13/40/64, the firmware passes, and the
      console equals fast mode's (unless --console-differs-in-fast-mode: fabric latencies,
      which fast mode applies only to the quantum).
  check_cycle_mode.py sender SIM FIRMWARE WORKDIR [OPTION...]
      A fabric message a thread sends (H_EOI -> EOI) leaves at the cycle of its hcall, not
      at the start of the thread's window, for any lookahead.
  check_cycle_mode.py golden SIM FIRMWARE_DIR GOLDEN_DIR NAME WORKDIR
      The case NAME of GOLDEN_DIR/cases.txt reproduces GOLDEN_DIR/NAME.events event for event.
      Those files are rewritten only by tests/golden/regenerate.sh.
"""
import json
import os
import subprocess
import sys


def fail(msg):
    print("FAIL: " + msg)
    sys.exit(1)


def run(sim, args, wd, tag):
    trace, stats = os.path.join(wd, tag + ".trace"), os.path.join(wd, tag + ".json")
    p = subprocess.run([sim] + args + ["--trace", trace, "--stats", stats],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=300)
    if p.returncode != 0:
        fail("%s: exit status %d: %s" % (tag, p.returncode, p.stderr.decode(errors="replace")[-500:]))
    with open(trace, encoding="utf-8") as f:
        events = [l for l in f.read().split("\n") if l and not l.startswith("#")]
    with open(stats, encoding="utf-8") as f:
        st = json.load(f)
    st.pop("host")
    return p.stdout, events, st


def cmd_quantum(sim, fw, wd, extra):
    base = [fw, "--mode", "cycle"] + extra
    out, ev, st = run(sim, base + ["--set", "quantum-ns=1000"], wd, "q1000")
    if "timing" not in st["threads"][0]:
        fail("cycle-mode statistics have no timing section")
    for q in ("250", "3777", "1000"):
        o2, e2, s2 = run(sim, base + ["--set", "quantum-ns=" + q], wd, "q" + q + "b")
        if (o2, e2, s2) != (out, ev, st):
            diverge = next((i for i, (a, b) in enumerate(zip(ev, e2)) if a != b), None)
            fail("quantum-ns=%s changed the run (first differing event %s)" % (q, diverge))
    fast, _, fst = run(sim, [fw] + extra, wd, "fast")
    if fast != out:
        fail("cycle mode printed another console than fast mode")
    if st["board"]["cycles"] == fst["board"]["cycles"]:
        fail("cycle mode took exactly as many cycles as fast mode: the timing model did nothing")
    print("ok: %d events, %d cycles, identical for quantum-ns 250/1000/3777 and on a rerun"
          % (len(ev), st["board"]["cycles"]))


def first_difference(a, b):
    return next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))


def cmd_lookahead(sim, fw, wd, extra):
    # Fabric latencies are honoured to the cycle here but to the quantum in fast mode, where a
    # firmware that checks an interrupt shortly after causing it sees another outcome.
    compare_fast = "--console-differs-in-fast-mode" not in extra
    extra = [a for a in extra if a != "--console-differs-in-fast-mode"]
    base = [fw, "--mode", "cycle"] + extra
    out, ev, st = run(sim, base + ["--set", "timing.lookahead-cycles=64"], wd, "la64")
    for la in ("1", "5", "7", "13", "40", "64"):
        o2, e2, s2 = run(sim, base + ["--set", "timing.lookahead-cycles=" + la], wd, "la" + la + "b")
        if (o2, e2, s2) != (out, ev, st):
            i = first_difference(ev, e2)
            what = "console" if o2 != out else "trace" if e2 != ev else "statistics"
            fail("timing.lookahead-cycles=%s changed the run (%s); first differing event %d:\n  64: %s\n  %s: %s"
                 % (la, what, i, ev[i] if i < len(ev) else "<end>", la, e2[i] if i < len(e2) else "<end>"))
    text = out.decode(errors="replace")
    if "PASS:" not in text or "FAIL" in text:
        fail("the firmware did not pass:\n" + text)
    if compare_fast:
        fast, _, _ = run(sim, [fw] + extra, wd, "fast")
        if fast != out:
            fail("cycle mode printed another console than fast mode")
    interrupts = sum(1 for e in ev if " exc vector=0x500 " in e)
    print("ok: %d events (%d external interrupts), %d cycles, identical for lookahead 1/5/7/13/40/64"
          % (len(ev), interrupts, st["board"]["cycles"]))


def fields(event):
    parts = event.split()
    return int(parts[0]), parts[1], parts[2], dict(p.split("=", 1) for p in parts[3:] if "=" in p)


def cmd_sender(sim, fw, wd, extra):
    for la in ("64", "7"):
        _, ev, _ = run(sim, [fw, "--mode", "cycle", "--set", "timing.lookahead-cycles=" + la] + extra,
                       wd, "sender" + la)
        eoi_hcalls = set()  # (server, cycle) of every H_EOI
        checked = 0
        for e in ev:
            cycle, who, kind, f = fields(e)
            if kind == "hcall" and f.get("name") == "H_EOI":
                eoi_hcalls.add((int(who[1:]), cycle))
            elif kind == "fabric" and f.get("msg") == "EOI":
                sent = int(f["sent"])
                # The EOI goes to the ICS owning the source; the sender is the thread that
                # called H_EOI at exactly `sent`.
                if not any(c == sent for _, c in eoi_hcalls):
                    fail("lookahead %s: %s left at cycle %d, when no thread called H_EOI" % (la, e, sent))
                checked += 1
        if checked == 0:
            fail("no EOI message in the trace: nothing was checked")
    print("ok: every EOI message leaves at the cycle of its H_EOI (lookahead 64 and 7)")


def cmd_golden(sim, fw_dir, golden_dir, name, wd):
    cases = {}
    with open(os.path.join(golden_dir, "cases.txt"), encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith("#"):
                n, image, opts = line.split("|")
                cases[n] = (image, opts.split())
    if name not in cases:
        fail("no case %s in cases.txt" % name)
    image, opts = cases[name]
    _, ev, _ = run(sim, [os.path.join(fw_dir, image)] + opts, wd, name)
    with open(os.path.join(golden_dir, name + ".events"), encoding="utf-8") as f:
        golden = [l for l in f.read().split("\n") if l]
    if ev != golden:
        i = next((k for k, (a, b) in enumerate(zip(golden, ev)) if a != b), min(len(ev), len(golden)))
        fail("%s differs from the golden trace at event %d:\n  golden: %s\n  now:    %s\n"
             "(a deliberate change? rewrite with tests/golden/regenerate.sh and review the diff)"
             % (name, i, golden[i] if i < len(golden) else "<end>", ev[i] if i < len(ev) else "<end>"))
    print("ok: %s: %d events equal the golden trace" % (name, len(ev)))


def main():
    if len(sys.argv) < 5:
        fail(__doc__)
    if sys.argv[1] == "quantum":
        sim, fw, wd = sys.argv[2:5]
        os.makedirs(wd, exist_ok=True)
        cmd_quantum(sim, fw, wd, sys.argv[5:])
    elif sys.argv[1] in ("lookahead", "sender"):
        sim, fw, wd = sys.argv[2:5]
        os.makedirs(wd, exist_ok=True)
        (cmd_lookahead if sys.argv[1] == "lookahead" else cmd_sender)(sim, fw, wd, sys.argv[5:])
    elif sys.argv[1] == "golden":
        sim, fw_dir, golden_dir, name, wd = sys.argv[2:7]
        os.makedirs(wd, exist_ok=True)
        cmd_golden(sim, fw_dir, golden_dir, name, wd)
    else:
        fail("unknown command " + sys.argv[1])


if __name__ == "__main__":
    main()
