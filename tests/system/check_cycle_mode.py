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
      statistics are identical for lookaheads 1/5/7/13/40/64/1000/4096 (PPC64SIM_LOOKAHEADS
      overrides the list), the firmware passes, and the
      console equals fast mode's (unless --console-differs-in-fast-mode: fabric latencies,
      which fast mode applies only to the quantum).
  check_cycle_mode.py sender SIM FIRMWARE WORKDIR [OPTION...]
      A fabric message a thread sends (H_EOI -> EOI) leaves at the cycle of its hcall, not
      at the start of the thread's window, for any lookahead.
  check_cycle_mode.py ipi SIM FIRMWARE WORKDIR LATENCY_CYCLES [OPTION...]
      Every IPI message (H_IPI to another thread) leaves at the cycle of an H_IPI of the
      sending thread and lands exactly LATENCY_CYCLES later, where the target's ICP shows it,
      for lookahead 64 and 7.
  check_cycle_mode.py queries SIM FIRMWARE WORKDIR POLL_CYCLES CONTROL_CYCLES [OPTION...]
      Every POLL (H_IPOLL of another thread) and CONTROL (RTAS XIVE call) leaves at the cycle
      of its caller's hcall and lands exactly POLL_CYCLES / CONTROL_CYCLES later; the caller
      executes nothing before the answer is back (its next hcall, exception or rfid is at least
      two latencies after the call), for lookahead 64 and 7.
  check_cycle_mode.py wake SIM FIRMWARE WORKDIR DELAY_CYCLES [OPTION...]
      A thread woken by another (H_PROD, RTAS start-cpu) starts exactly DELAY_CYCLES (the
      store visibility) after its waker's hcall: every run state change to running is
      DELAY_CYCLES after an H_PROD of that thread or an H_RTAS of another thread, and the
      woken thread shows nothing before it, for lookahead 64 and 7.
  check_cycle_mode.py irq_entry SIM FIRMWARE WORKDIR [OPTION...]
      firmware/irq_busy: a thread running with MSR[EE] = 1 takes an external interrupt at its
      first instruction boundary at or after the cycle its line rose. Checked where the 0x500
      entry interrupted the firmware's chain of dependent adds (a boundary every 2 cycles, the
      range printed on the console; not before its second add, the first waits for a load; not
      the first instruction after an rfid, which takes tens of cycles; not right after the
      first add of an L1I line, which may wait for an instruction-cache miss):
      entry cycle - line cycle <= 1, for lookahead 64, 7 and 1.
  check_cycle_mode.py timebase SIM FIRMWARE WORKDIR [OPTION...]
      firmware/timebase: mftb reads the timebase at the reading thread's own cycle. The two
      reads around K dependent mulld differ by K x latency[mul] cycles in timebase ticks
      (hand computation from models/cpu/timing/README.md rule 2), for lookahead 64 and 1.
  check_cycle_mode.py host_threads SIM FIRMWARE WORKDIR [OPTION...]
      --host-threads 2 and 4 give the run of --host-threads 1: console, run summary and
      checkpoints of the whole board (registers, memory, timing models, L2 views, store
      queue) at four cycles spread over the run, byte for byte, on runs without a trace or
      statistics (those make every pass serial); the same with --trace and --stats (console,
      trace, statistics). The parallel phases must have run some instructions.
  check_cycle_mode.py chain SIM FIRMWARE WORKDIR [OPTION...]
      The default run, whose passes chain (timing.chain-passes=on: a pass that leaves the
      kernel nothing to do goes straight on, ahead of kernel time) and leave sleeping cores
      out (the scheduler's awake list), gives the run of chain-passes=off with an instruction
      limit it never reaches (every pass waits for the kernel and visits every core): console,
      run summary and checkpoints of the whole board at four cycles spread over the run, byte
      for byte (bar the platform fingerprint), on runs without a trace or statistics (those
      do neither), for lookahead 4096 and 7. Passes must have been chained; the reference
      must have chained none and left none out.
  check_cycle_mode.py solo SIM FIRMWARE WORKDIR [OPTION...]
      A thread running alone stores straight into memory (timing.solo-stores=on, the default)
      and gives the run of every store through the store queue (off): console, trace,
      statistics and end of run, and, untraced, checkpoints of the whole board at four cycles
      byte for byte (bar the platform fingerprint), for lookahead 4096 and 7. Some store must
      have gone straight to memory; with off none may (--no-solo-expected: none either way,
      a board whose fabric latency is below the store visibility).
  check_cycle_mode.py golden SIM FIRMWARE_DIR GOLDEN_DIR NAME WORKDIR
      The case NAME of GOLDEN_DIR/cases.txt reproduces GOLDEN_DIR/NAME.events event for event.
      Those files are rewritten only by tests/golden/regenerate.sh.
"""
import json
import re
import os
import subprocess
import sys


def fail(msg):
    print("FAIL: " + msg)
    sys.exit(1)


def run(sim, args, wd, tag):
    out, events, st, _ = run_with_log(sim, args, wd, tag)
    return out, events, st


def run_with_log(sim, args, wd, tag):
    """run(), and the run's stderr."""
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
    # The run's own summary on stderr: instructions and simulated time at the end (the latter
    # once was kernel time, which in cycle mode depends on where the last window started).
    m = re.search(rb"(\d+) instructions, (\d+) ps simulated", p.stderr)
    st["run_end"] = [int(m.group(1)), int(m.group(2))] if m else None
    return p.stdout, events, st, p.stderr


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
    # The sanitizer build checks memory and UB on the same paths with fewer and longer windows
    # (PPC64SIM_LOOKAHEADS, tests/system/CMakeLists.txt): 1-cycle windows cost it minutes.
    lookaheads = os.environ.get("PPC64SIM_LOOKAHEADS", "1,5,7,13,40,64,1000,4096").split(",")
    for la in lookaheads:
        o2, e2, s2 = run(sim, base + ["--set", "timing.lookahead-cycles=" + la], wd, "la" + la + "b")
        if (o2, e2, s2) != (out, ev, st):
            i = first_difference(ev, e2)
            what = ("console" if o2 != out else "trace" if e2 != ev else
                    "end of run (%s vs %s)" % (s2["run_end"], st["run_end"]) if s2["run_end"] != st["run_end"]
                    else "statistics")
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
    print("ok: %d events (%d external interrupts), %d cycles, identical for lookahead %s"
          % (len(ev), interrupts, st["board"]["cycles"], "/".join(lookaheads)))


def run_untraced(sim, args, wd, tag, checkpoint_cycles):
    """A run without --trace/--stats: (console, run summary, checkpoint bytes, % ahead)."""
    cmd = [sim] + args
    files = []
    for i, c in enumerate(checkpoint_cycles):
        files.append(os.path.join(wd, "%s.ck%d" % (tag, i)))
        cmd += ["--checkpoint-at", str(c), files[-1]]
    for f in files:
        if os.path.exists(f):
            os.remove(f)
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=300)
    if p.returncode != 0:
        fail("%s: exit status %d: %s" % (tag, p.returncode, p.stderr.decode(errors="replace")[-500:]))
    m = re.search(rb"(\d+) instructions, (\d+) ps simulated", p.stderr)
    ahead = re.search(rb"host threads: \d+; (\d+) instructions \(([\d.]+)%\) ran", p.stderr)
    cks = []
    for f in files:
        with open(f, "rb") as fh:
            cks.append(fh.read())
    run_untraced.stderr = p.stderr
    return p.stdout, m.groups() if m else None, cks, float(ahead.group(2)) if ahead else None


def cmd_host_threads(sim, fw, wd, extra):
    base = [fw, "--mode", "cycle"] + extra
    out, ev, st = run(sim, base, wd, "ht1")
    cycles = st["board"]["cycles"]
    marks = [cycles * k // 5 for k in (1, 2, 3, 4)]
    u_out, u_end, u_cks, _ = run_untraced(sim, base, wd, "ht1u", marks)
    if u_out != out:
        fail("the run without a trace printed another console than with one")
    shares = []
    for n in ("2", "4"):
        o2, e2, s2 = run(sim, base + ["--host-threads", n], wd, "ht" + n)
        if (o2, e2, s2) != (out, ev, st):
            fail("--host-threads %s changed the traced run (%s)" % (n, "console" if o2 != out else
                 "trace, first differing event %d" % first_difference(ev, e2) if e2 != ev else "statistics"))
        o2, end2, cks2, share = run_untraced(sim, base + ["--host-threads", n], wd, "ht%su" % n, marks)
        if o2 != u_out:
            fail("--host-threads %s changed the console" % n)
        if end2 != u_end:
            fail("--host-threads %s changed the end of the run (%s vs %s)" % (n, end2, u_end))
        for i, (a, b) in enumerate(zip(u_cks, cks2)):
            if a != b:
                k = next((j for j, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
                fail("--host-threads %s: the checkpoint near cycle %d differs (byte %d of %d)" % (n, marks[i], k, len(a)))
        if not share:
            fail("--host-threads %s: no instruction ran in a parallel phase" % n)
        shares.append(share)
    print("ok: --host-threads 1/2/4 identical (console, trace, statistics; untraced: console, end, 4 checkpoints); "
          "%s%% of the instructions in parallel phases" % "/".join("%.1f" % x for x in shares))


def checkpoint_state(ck):
    """A checkpoint without its platform fingerprint (platforms/CHECKPOINT.md, Layout): the
    time, cycle and section count that end the header, and every section."""
    h = int.from_bytes(ck[12:16], "big")
    return ck[16 + h - 20:16 + h] + ck[20 + h:]


def cmd_chain(sim, fw, wd, extra):
    # Fast mode never chains (its passes are a quantum long) but leaves sleeping cores out too.
    fast = "fast" in extra
    base = [fw, "-l", "debug"] + ([] if fast else ["--mode", "cycle"]) + extra
    chained_re = rb"scheduler: (\d+) passes, (\d+) of them chained.*; (\d+) visits of sleeping cores left out"
    clock_hz = 2_000_000_000  # the default board's; the marks only need to fall inside the run
    p = subprocess.run([sim] + base, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=300)
    m = re.search(rb"(\d+) instructions, (\d+) ps simulated", p.stderr)
    c = re.search(chained_re, p.stderr)
    if p.returncode != 0 or not m:
        fail("exit status %d: %s" % (p.returncode, p.stderr.decode(errors="replace")[-500:]))
    if not c or (int(c.group(2)) == 0 and not fast) or int(c.group(3)) == 0:
        fail("no pass was chained or no sleeping core left out: %s" % (c.group(0) if c else "no counts"))
    share = 100.0 * int(c.group(2)) / int(c.group(1))
    skipped = int(c.group(3))
    cycles = int(m.group(2)) * clock_hz // 10**12
    marks = [cycles * k // 5 for k in (1, 2, 3, 4)]
    first = None
    # Where a checkpoint is taken depends on where passes start, so on the lookahead: each
    # lookahead's chained run is compared with its own unchained one, the consoles and ends
    # across lookaheads.
    for la in ("4096", "7"):
        runs = {}
        for chain in ("off", "on"):
            args = base + ["--set", "timing.lookahead-cycles=" + la, "--set", "timing.chain-passes=" + chain]
            if chain == "off":
                # An instruction limit the run never reaches: every pass visits every core
                # (run_pass leaves sleeping cores out only without one).
                args += ["--max-instructions", str(10**15)]
            runs[chain] = run_untraced(sim, args, wd, "la%s_%s" % (la, chain), marks)
        (out, end, cks, _), (o2, end2, cks2, _) = runs["off"], runs["on"]
        if o2 != out:
            fail("lookahead %s: chain-passes on changed the console" % la)
        if end2 != end:
            fail("lookahead %s: chain-passes on changed the end of the run (%s vs %s)" % (la, end2, end))
        for i, (x, y) in enumerate(zip(cks, cks2)):
            if checkpoint_state(x) != checkpoint_state(y):
                fail("lookahead %s: chain-passes on: the checkpoint near cycle %d differs" % (la, marks[i]))
        if first is None:
            first = (out, end)
        elif (out, end) != first:
            fail("lookahead %s changed the console or the end of the run" % la)
    p = subprocess.run([sim] + base + ["--set", "timing.chain-passes=off", "--max-instructions", str(10**15)],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=300)
    c = re.search(chained_re, p.stderr)
    if not c or int(c.group(2)) != 0 or int(c.group(3)) != 0:
        fail("the reference run chained passes or left sleeping cores out: %s" % (c.group(0) if c else "no counts"))
    text = first[0].decode(errors="replace")
    if "PASS:" not in text or "FAIL" in text:
        fail("the firmware did not pass:\n" + text)
    print("ok: chained passes and sleeping cores left out give the run of every pass through the kernel "
          "visiting every core (console, end, 4 checkpoints) for lookahead 4096 and 7; %.1f%% of the passes "
          "chained, %d visits left out" % (share, skipped))


SOLO_RE = rb"(\d+) passes with a thread alone, (\d+) stores straight to memory"
CONTINUED_RE = (rb"(\d+) passes that went on with it without their start's work, (\d+) long windows that ran it on "
                rb"through (\d+) more passes, (\d+) of them inside its steps")


def solo_counts(stderr, tag):
    m = re.search(SOLO_RE, stderr)
    if not m:
        fail("%s: the run did not report its solo passes (-l debug)" % tag)
    return int(m.group(1)), int(m.group(2))


def cmd_solo(sim, fw, wd, extra):
    # A board on which solo stores are off whatever the setting (a fabric latency below V).
    none_expected = "--no-solo-expected" in extra
    extra = [a for a in extra if a != "--no-solo-expected"]
    base = [fw, "-l", "debug", "--mode", "cycle"] + extra
    clock_hz = 2_000_000_000  # the default board's; the marks only need to fall inside the run
    direct_total = continued_total = folded_total = in_steps_total = 0
    for la in ("4096", "7"):
        traced, untraced = {}, {}
        for solo in ("off", "on"):
            args = base + ["--set", "timing.lookahead-cycles=" + la, "--set", "timing.solo-stores=" + solo]
            tag = "la%s_%s" % (la, solo)
            out, ev, st, log = run_with_log(sim, args, wd, tag)
            passes, direct = solo_counts(log, tag)
            if solo == "off" and (passes or direct):
                fail("lookahead %s: solo-stores off still ran %d passes alone" % (la, passes))
            if solo == "on":
                direct_total += direct
            traced[solo] = (out, ev, st)
            if solo == "off":
                cycles = st["run_end"][1] * clock_hz // 10**12
                marks = [cycles * k // 5 for k in (1, 2, 3, 4)]
            untraced[solo] = run_untraced(sim, args, wd, tag + "u", marks)
            if solo == "on" and not none_expected and solo_counts(run_untraced.stderr, tag + "u")[1] == 0:
                fail("lookahead %s: the untraced run stored nothing straight to memory" % la)
            if solo == "on":
                c = re.search(CONTINUED_RE, run_untraced.stderr)
                if not c:
                    fail("lookahead %s: the run did not report its continued solo passes (-l debug)" % la)
                continued_total += int(c.group(1))
                folded_total += int(c.group(3))
                in_steps_total += int(c.group(4))
                # The same without solo passes' skipped pass-start work and long windows
                # (timing.solo-passes).
                untraced["passes off"] = run_untraced(
                    sim, args + ["--set", "timing.solo-passes=off"], wd, tag + "p", marks)
        (out, ev, st), (o2, e2, s2) = traced["off"], traced["on"]
        if o2 != out:
            fail("lookahead %s: solo-stores on changed the console" % la)
        if e2 != ev:
            i = first_difference(ev, e2)
            fail("lookahead %s: solo-stores on changed the trace; first differing event %d:\n  off: %s\n  on:  %s"
                 % (la, i, ev[i] if i < len(ev) else "<end>", e2[i] if i < len(e2) else "<end>"))
        if s2 != st:
            fail("lookahead %s: solo-stores on changed the statistics or the end of the run (%s vs %s)"
                 % (la, s2.get("run_end"), st.get("run_end")))
        (uo, uend, ucks, _) = untraced["off"]
        for name in ("on", "passes off"):
            what = "solo-stores on" + ("" if name == "on" else ", solo-passes off")
            (uo2, uend2, ucks2, _) = untraced[name]
            if uo2 != uo or uend2 != uend:
                fail("lookahead %s: %s changed the untraced run's console or end (%s vs %s)" % (la, what, uend2, uend))
            for i, (x, y) in enumerate(zip(ucks, ucks2)):
                if checkpoint_state(x) != checkpoint_state(y):
                    k = first_difference(checkpoint_state(x), checkpoint_state(y))
                    fail("lookahead %s: %s: the checkpoint near cycle %d differs (byte %d)" % (la, what, marks[i], k))
    if none_expected and direct_total != 0:
        fail("%d stores went straight to memory on a board whose fabric is faster than its stores" % direct_total)
    if not none_expected and direct_total == 0:
        fail("no store went straight to memory: the solo path was not exercised")
    if not none_expected and folded_total == 0:
        fail("no lone thread ran on past its pass (timing.solo-passes' long windows were not exercised)")
    if not none_expected and in_steps_total == 0:
        fail("no lone thread's step went on into the next pass (Iss::set_pass_chain was not exercised)")
    text = out.decode(errors="replace")
    if "PASS:" not in text or "FAIL" in text:
        fail("the firmware did not pass:\n" + text)
    print("ok: solo stores give the run of every store through the queue (console, trace, statistics; "
          "untraced, also with solo-passes off: end, 4 checkpoints) for lookahead 4096 and 7; %d stores straight "
          "to memory in the traced runs; in the untraced ones %d passes continued without their start's work "
          "and %d ran inside long windows, %d of them inside the thread's steps"
          % (direct_total, continued_total, folded_total, in_steps_total))


def fields(event):
    parts = event.split()
    return int(parts[0]), parts[1], parts[2], dict(p.split("=", 1) for p in parts[3:] if "=" in p)


def thread_events(events):
    """(cycle, thread number, kind, fields) of every event of a thread, in trace order."""
    for e in events:
        cycle, who, kind, f = fields(e)
        if who.startswith("t"):
            yield e, cycle, int(who[1:]), kind, f


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


def cmd_ipi(sim, fw, wd, latency, extra):
    for la in ("64", "7"):
        _, ev, _ = run(sim, [fw, "--mode", "cycle", "--set", "timing.lookahead-cycles=" + la] + extra,
                       wd, "ipi" + la)
        ipi_hcalls = set()  # (cycle, target) of every H_IPI to another thread
        checked = 0
        for i, e in enumerate(ev):
            cycle, who, kind, f = fields(e)
            if kind == "hcall" and f.get("name") == "H_IPI":
                if int(f["arg0"], 16) != int(who[1:]):
                    ipi_hcalls.add((cycle, int(f["arg0"], 16)))
            elif kind == "fabric" and f.get("msg") == "IPI":
                sent, server = int(f["sent"]), int(f["server"])
                if (sent, server) not in ipi_hcalls:
                    fail("lookahead %s: %s left at cycle %d, when no thread called H_IPI for t%d"
                         % (la, e, sent, server))
                if cycle - sent != latency:
                    fail("lookahead %s: %s took %d cycles, the latency is %d" % (la, e, cycle - sent, latency))
                # The target's ICP changes at the arrival: its MFRR, traced as a state event of
                # the target at the same cycle, after the message.
                mfrr = int(f["prio"], 16)
                shown = any(fields(x)[0] == cycle and fields(x)[1] == "t%d" % server and fields(x)[2] == "state"
                            and int(fields(x)[3].get("mfrr", "-1"), 16) == mfrr for x in ev[i + 1:i + 8])
                if not shown:
                    fail("lookahead %s: %s: t%d's ICP does not show MFRR 0x%x at cycle %d"
                         % (la, e, server, mfrr, cycle))
                checked += 1
        if checked == 0:
            fail("no IPI message in the trace: nothing was checked")
    print("ok: %d IPI messages leave at their H_IPI's cycle and land %d cycles later (lookahead 64 and 7)"
          % (checked, latency))


def cmd_wake(sim, fw, wd, delay, extra):
    for la in ("64", "7"):
        _, ev, _ = run(sim, [fw, "--mode", "cycle", "--set", "timing.lookahead-cycles=" + la] + extra,
                       wd, "wake" + la)
        prods, rtas = set(), set()  # (cycle, target) of H_PROD; (cycle, caller) of H_RTAS
        woken_at = {}  # thread -> cycle it was last seen becoming running
        checked = 0
        for e, cycle, thread, kind, f in thread_events(ev):
            if kind == "hcall" and f.get("name") == "H_PROD":
                prods.add((cycle, int(f["arg0"], 16)))
            elif kind == "hcall" and f.get("name") == "H_RTAS":
                rtas.add((cycle, thread))
            if kind == "run" and f.get("state") == "running" and cycle > 0:
                cause = cycle - delay
                if (cause, thread) not in prods and not any(c == cause and t != thread for c, t in rtas):
                    fail("lookahead %s: %s: no H_PROD of t%d nor another thread's H_RTAS at cycle %d"
                         % (la, e, thread, cause))
                woken_at[thread] = cycle
                checked += 1
            elif kind in ("hcall", "exception", "rfid") and thread in woken_at and cycle < woken_at[thread]:
                fail("lookahead %s: %s: before t%d starts at cycle %d" % (la, e, thread, woken_at[thread]))
        if checked == 0:
            fail("no thread woken in the trace: nothing was checked")
    print("ok: %d wake-ups start %d cycles after their waker's hcall (lookahead 64 and 7)" % (checked, delay))


def cmd_queries(sim, fw, wd, poll, control, extra):
    latency = {"POLL": poll, "CONTROL": control}
    for la in ("64", "7"):
        _, ev, _ = run(sim, [fw, "--mode", "cycle", "--set", "timing.lookahead-cycles=" + la] + extra,
                       wd, "queries" + la)
        calls = {}  # (server, cycle) -> hcall name, of every H_IPOLL to another thread and H_RTAS
        own = {}    # server -> cycles of its own hcall/exc/rfid events, in order
        for e in ev:
            cycle, who, kind, f = fields(e)
            if who.startswith("t") and kind in ("hcall", "exc", "rfid"):
                own.setdefault(int(who[1:]), []).append(cycle)
            if kind == "hcall" and f.get("name") in ("H_IPOLL", "H_RTAS"):
                calls[(int(who[1:]), cycle)] = f["name"]
        checked = {"POLL": 0, "CONTROL": 0}
        for e in ev:
            cycle, who, kind, f = fields(e)
            if kind != "fabric" or f.get("msg") not in latency:
                continue
            msg, sent, caller = f["msg"], int(f["sent"]), int(f["server"])
            want = "H_IPOLL" if msg == "POLL" else "H_RTAS"
            if calls.get((caller, sent)) != want:
                fail("lookahead %s: %s left at cycle %d, when t%d did not call %s" % (la, e, sent, caller, want))
            if cycle - sent != latency[msg]:
                fail("lookahead %s: %s took %d cycles, the latency is %d" % (la, e, cycle - sent, latency[msg]))
            after = [c for c in own.get(caller, []) if c > sent]
            if after and after[0] < sent + 2 * latency[msg]:
                fail("lookahead %s: %s: t%d ran at cycle %d, before the answer was back at %d"
                     % (la, e, caller, after[0], sent + 2 * latency[msg]))
            checked[msg] += 1
        if not checked["POLL"] or not checked["CONTROL"]:
            fail("lookahead %s: %d POLL and %d CONTROL messages: nothing to check" % (la, checked["POLL"], checked["CONTROL"]))
    print("ok: %d POLL and %d CONTROL messages land %d / %d cycles after their call, whose thread waits "
          "for the round trip (lookahead 64 and 7)" % (checked["POLL"], checked["CONTROL"], poll, control))


def cmd_irq_entry(sim, fw, wd, extra):
    checked_all = 0
    for la in ("64", "7", "1"):
        out, ev, _ = run(sim, [fw, "--mode", "cycle", "--set", "timing.lookahead-cycles=" + la] + extra,
                         wd, "irq_entry" + la)
        m = re.search(r"chain 0x([0-9a-f]+)-0x([0-9a-f]+)", out.decode(errors="replace"))
        if not m:
            fail("the firmware printed no chain range:\n" + out.decode(errors="replace"))
        start, end = int(m.group(1), 16), int(m.group(2), 16)
        in_handler = {}  # server -> between an exception entry and its rfid
        raised = {}      # server -> cycle its line rose while it ran with MSR[EE] = 1
        resumed_at = {}  # server -> where its last rfid went (an rfid spans ~36 cycles)
        checked = 0
        for e, cycle, t, kind, f in thread_events(ev):
            if kind == "line" and f.get("level") == "1" and not in_handler.get(t):
                raised[t] = cycle
            elif kind == "line" and f.get("level") == "0":
                raised.pop(t, None)
            elif kind == "exc":
                in_handler[t] = True
                line = raised.pop(t, None)
                srr0 = int(f["srr0"], 16)
                # Not right after the first add of an L1I line (128 bytes by default): that add
                # may wait for an instruction-cache miss, hundreds of cycles without a boundary.
                if (f["vector"] == "0x500" and line is not None and start + 4 < srr0 < end
                        and srr0 != resumed_at.get(t) and (srr0 - 4) % 128 != 0):
                    if cycle - line > 1 or cycle < line:
                        fail("lookahead %s: t%d's line rose at cycle %d, it took the interrupt at %d (srr0 0x%x in "
                             "the chain, a boundary every 2 cycles):\n  %s" % (la, t, line, cycle, srr0, e))
                    checked += 1
            elif kind == "rfid":
                in_handler[t] = False
                resumed_at[t] = int(f["to"], 16)
        if checked < 10:
            fail("lookahead %s: only %d interrupts taken in the chain: nothing much was checked" % (la, checked))
        checked_all += checked
    print("ok: %d external interrupts taken in the chain at most 1 cycle after their line rose (lookahead 64, 7, 1)"
          % checked_all)


def cmd_timebase(sim, fw, wd, extra):
    # Defaults of platforms/board_config.h and models/cpu/timing/timing_params.h, set here so
    # the hand computation does not depend on them.
    clock_hz, tb_hz, mul_latency = 2000 * 10**6, 512 * 10**6, 5
    base = [fw, "--mode", "cycle", "--set", "cpu.clock-mhz=2000", "--set", "timebase.frequency=%d" % tb_hz] + extra
    for la in ("64", "1"):
        out, _, _ = run(sim, base + ["--set", "timing.lookahead-cycles=" + la], wd, "tb" + la)
        text = out.decode(errors="replace")
        if "PASS: timebase" not in text:
            fail("the firmware did not pass:\n" + text)
        chains = [tuple(int(g) for g in m.groups())
                  for m in re.finditer(r"^chain (\d+): K=256 (\d+) ticks, K=1024 (\d+) ticks$", text, re.M)]
        if len(chains) != 4:
            fail("expected 4 chain lines:\n" + text)
        # 768 more dependent mulld: 768 x latency[mul] more cycles between the two reads (the
        # rest of the sequence is the same); each read floors to whole ticks: +-2 ticks.
        expect = 768 * mul_latency * tb_hz / clock_hz
        for rep, d256, d1024 in chains[1:]:  # the first run warms the I-cache
            if abs((d1024 - d256) - expect) > 2:
                fail("lookahead %s, chain %d: K=1024 minus K=256 is %d ticks, the timing model says %.2f"
                     % (la, rep, d1024 - d256, expect))
            if abs(d256 - 256 * mul_latency * tb_hz / clock_hz) > 0.1 * d256:
                fail("lookahead %s, chain %d: K=256 took %d ticks, about %.0f expected"
                     % (la, rep, d256, 256 * mul_latency * tb_hz / clock_hz))
    print("ok: mftb around K dependent mulld gives K x %d cycles in ticks (lookahead 64 and 1)" % mul_latency)


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
    elif sys.argv[1] == "ipi":
        sim, fw, wd, latency = sys.argv[2:6]
        os.makedirs(wd, exist_ok=True)
        cmd_ipi(sim, fw, wd, int(latency), sys.argv[6:])
    elif sys.argv[1] == "queries":
        sim, fw, wd, poll, control = sys.argv[2:7]
        os.makedirs(wd, exist_ok=True)
        cmd_queries(sim, fw, wd, int(poll), int(control), sys.argv[7:])
    elif sys.argv[1] == "wake":
        sim, fw, wd, delay = sys.argv[2:6]
        os.makedirs(wd, exist_ok=True)
        cmd_wake(sim, fw, wd, int(delay), sys.argv[6:])
    elif sys.argv[1] == "irq_entry":
        sim, fw, wd = sys.argv[2:5]
        os.makedirs(wd, exist_ok=True)
        cmd_irq_entry(sim, fw, wd, sys.argv[5:])
    elif sys.argv[1] == "timebase":
        sim, fw, wd = sys.argv[2:5]
        os.makedirs(wd, exist_ok=True)
        cmd_timebase(sim, fw, wd, sys.argv[5:])
    elif sys.argv[1] == "host_threads":
        sim, fw, wd = sys.argv[2:5]
        os.makedirs(wd, exist_ok=True)
        cmd_host_threads(sim, fw, wd, sys.argv[5:])
    elif sys.argv[1] == "chain":
        sim, fw, wd = sys.argv[2:5]
        os.makedirs(wd, exist_ok=True)
        cmd_chain(sim, fw, wd, sys.argv[5:])
    elif sys.argv[1] == "solo":
        sim, fw, wd = sys.argv[2:5]
        os.makedirs(wd, exist_ok=True)
        cmd_solo(sim, fw, wd, sys.argv[5:])
    elif sys.argv[1] == "golden":
        sim, fw_dir, golden_dir, name, wd = sys.argv[2:7]
        os.makedirs(wd, exist_ok=True)
        cmd_golden(sim, fw_dir, golden_dir, name, wd)
    else:
        fail("unknown command " + sys.argv[1])


if __name__ == "__main__":
    main()
