#!/usr/bin/env python3
"""System tests of checkpoint and restore (README "Bring-up", platforms/CHECKPOINT.md).

  check_checkpoint.py restore  SIM FIRMWARE WORKDIR [SIM OPTION...]
      The firmware runs once uninterrupted (trace + stats), once with --checkpoint-at at
      several cycles spread over its interrupt activity (cycles taken from the first run's own
      trace, not recorded numbers); the checkpointing run must equal the uninterrupted one, and
      each --restore must print the rest of the console, the rest of the trace event for event
      and the same statistics, byte for byte.
  check_checkpoint.py restore-run SIM FIRMWARE WORKDIR [SIM OPTION...]
      The same, with the checkpoints spread from the first hcall to the end of the run
      (firmware with little interrupt activity, e.g. a contended lock in cycle mode, whose
      checkpoints hold pending stores).
  check_checkpoint.py restore-queries SIM FIRMWARE WORKDIR [SIM OPTION...]
      The same, with checkpoints requested while POLL/CONTROL queries travel (cycle mode,
      several threads): half way to their landing, and half way through their answer's way
      back. A waiting caller's core is ahead of kernel time, so each is taken at the next quiet
      pass (CHECKPOINT.md "When a checkpoint is taken"), and must still restore exactly.
  check_checkpoint.py refuse   SIM FIRMWARE WORKDIR
      Bad checkpoints and options end with exit status 1 and a message naming the problem.
  check_checkpoint.py monitor  SIM FIRMWARE WORKDIR
      The monitor's `checkpoint FILE` at a breakpoint; the restored run continues from there.
"""
import json
import os
import subprocess
import sys

EXIT_USAGE = 1  # sim/exit_status.h


def fail(msg):
    print("FAIL: " + msg)
    sys.exit(1)


def sim_run(cmd, what):
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=300)
    return p


def events_of(path):
    with open(path, encoding="utf-8") as f:
        return [l for l in f.read().split("\n") if l and not l.startswith("#")]


def stats_of(path):
    with open(path, encoding="utf-8") as f:
        s = json.load(f)
    s.pop("host")  # host seconds and MIPS differ from run to run
    return s


def run_traced(sim, wd, tag, args):
    out = {k: os.path.join(wd, tag + ext) for k, ext in (("trace", ".trace"), ("stats", ".json"))}
    p = sim_run([sim] + args + ["--trace", out["trace"], "--stats", out["stats"]], tag)
    if p.returncode != 0:
        fail("%s: exit status %d: %s" % (tag, p.returncode, p.stderr.decode(errors="replace")[-800:]))
    return p, out


def query_cycles(fev):
    """Cycles inside the round trips of three queries, at 1/4, 1/2 and 3/4 of the run's."""
    trips = []
    for e in fev:
        parts = e.split()
        if len(parts) > 3 and parts[2] == "fabric" and parts[3] in ("msg=POLL", "msg=CONTROL"):
            f = dict(p.split("=", 1) for p in parts[3:] if "=" in p)
            trips.append((int(f["sent"]), int(parts[0])))
    if len(trips) < 4:
        fail("only %d queries in the run: nothing to checkpoint in" % len(trips))
    picked = [trips[len(trips) * k // 4] for k in (1, 2, 3)]
    # going there, coming back, going there
    return [picked[0][0] + (picked[0][1] - picked[0][0]) // 2,
            picked[1][1] + (picked[1][1] - picked[1][0]) // 2,
            picked[2][0] + (picked[2][1] - picked[2][0]) // 2]


def cmd_restore(sim, fw, wd, extra, whole_run=False, queries=False):
    full, fo = run_traced(sim, wd, "full", [fw] + extra)
    fev = events_of(fo["trace"])
    # Checkpoints inside the interrupt traffic: between the first and the last hcall that is
    # not console output, at 1/4, 1/2 and 3/4 of that span.
    busy = [int(e.split()[0]) for e in fev if " hcall " in e and "H_PUT_TERM_CHAR" not in e]
    if whole_run:  # from the first hcall (boot done) to the last event, whatever they are
        times = [int(e.split()[0]) for e in fev]
        first_hcall = next(int(e.split()[0]) for e in fev if " hcall " in e)
        busy = sorted([first_hcall, times[-1]] * 5)
    if len(busy) < 10:
        fail("the firmware made only %d interrupt hcalls: nothing to checkpoint in" % len(busy))
    first, last = busy[0], busy[-1]
    wanted = [first + (last - first) * k // 4 for k in (1, 2, 3)]
    if queries:
        wanted = query_cycles(fev)
    ck_args = [fw] + extra
    for i, c in enumerate(wanted):
        ck_args += ["--checkpoint-at", str(c), os.path.join(wd, "ck%d.ckpt" % i)]
    ckrun, co = run_traced(sim, wd, "checkpointing", ck_args)
    if ckrun.stdout != full.stdout:
        fail("taking checkpoints changed the console")
    if events_of(co["trace"]) != fev or stats_of(co["stats"]) != stats_of(fo["stats"]):
        fail("taking checkpoints changed the trace or the statistics")
    log = ckrun.stderr.decode()
    for i, c in enumerate(wanted):
        path = os.path.join(wd, "ck%d.ckpt" % i)
        line = next((l for l in log.split("\n") if l.endswith("written to " + path)), None)
        if line is None:
            fail("no log line for checkpoint %s" % path)
        taken = int(line.split("checkpoint at cycle ")[1].split()[0])
        if taken < c:
            fail("checkpoint %s taken at cycle %d, before the requested %d" % (path, taken, c))
        rest, ro = run_traced(sim, wd, "restored%d" % i, ["--restore", path] + extra)
        if not full.stdout.endswith(rest.stdout):
            fail("restored %s: console is not the rest of the uninterrupted run's" % path)
        rev = events_of(ro["trace"])
        after = sum(1 for e in fev if int(e.split()[0]) > taken)
        if len(rev) < after or rev != fev[len(fev) - len(rev):]:
            diverge = next((k for k, (a, b) in enumerate(zip(fev[len(fev) - len(rev):], rev)) if a != b), None)
            fail("restored %s: trace is not the uninterrupted run's events after cycle %d "
                 "(%d events, %d after that cycle; first difference at event %s)"
                 % (path, taken, len(rev), after, diverge))
        if stats_of(ro["stats"]) != stats_of(fo["stats"]):
            fail("restored %s: statistics differ from the uninterrupted run's" % path)
        if after == 0:
            fail("checkpoint %s at cycle %d has nothing after it" % (path, taken))
        print("ok: %s at cycle %d: %d later events, console of %d bytes and statistics equal"
              % (os.path.basename(path), taken, len(rev), len(rest.stdout)))


def expect_refusal(cmd, words, what):
    p = sim_run(cmd, what)
    err = p.stderr.decode(errors="replace")
    if p.returncode != EXIT_USAGE:
        fail("%s: exit status %d, want %d (%s)" % (what, p.returncode, EXIT_USAGE, err.strip()[-300:]))
    for w in words:
        if w not in err:
            fail("%s: message does not name %r: %s" % (what, w, err.strip()[-300:]))
    print("ok: refused %s" % what)


def cmd_refuse(sim, fw, wd):
    good = os.path.join(wd, "good.ckpt")
    p = sim_run([sim, fw, "--cores", "2", "--threads-per-core", "1", "--checkpoint-at", "20000", good], "save")
    if p.returncode != 0 or not os.path.exists(good):
        fail("could not write a checkpoint: " + p.stderr.decode(errors="replace")[-300:])
    data = open(good, "rb").read()
    expect_refusal([sim, "--cores", "4", "--threads-per-core", "1", "--restore", good],
                   [good, "cores"], "a checkpoint of another board (cores)")
    flipped = os.path.join(wd, "flipped.ckpt")
    with open(flipped, "wb") as f:
        f.write(data[:-40] + bytes([data[-40] ^ 0x55]) + data[-39:])
    expect_refusal([sim, "--cores", "2", "--threads-per-core", "1", "--restore", flipped],
                   [flipped, "CRC"], "a corrupt checkpoint")
    short = os.path.join(wd, "short.ckpt")
    with open(short, "wb") as f:
        f.write(data[: len(data) // 2])
    expect_refusal([sim, "--cores", "2", "--threads-per-core", "1", "--restore", short],
                   [short], "a truncated checkpoint")
    expect_refusal([sim, "--restore", fw], [fw], "a firmware image given as a checkpoint")
    expect_refusal([sim, "--restore", os.path.join(wd, "missing.ckpt")], ["missing.ckpt"], "a missing file")
    expect_refusal([sim, fw, "--checkpoint-at", "1000", os.path.join(wd, "no", "such", "dir", "x.ckpt")],
                   ["x.ckpt"], "an unwritable checkpoint path")
    expect_refusal([sim, "--checkpoint-at", "ten", "x.ckpt", "--firmware", fw], ["ten"],
                   "a cycle that is not a number")
    expect_refusal([sim, "--checkpoint-at", "10", "x.ckpt", fw], ["--checkpoint-at"],
                   "an odd --checkpoint-at word count")


def cmd_monitor(sim, fw, wd):
    board = ["--cores", "2", "--threads-per-core", "1"]
    full = sim_run([sim, fw] + board, "plain")
    if full.returncode != 0:
        fail("plain run failed")
    # ELFv1: the symbol `report` names the function descriptor; gdb knows the code address.
    gdb = subprocess.run(["gdb-multiarch", "-nx", "-batch", "-ex", "info address report",
                          fw.replace(".bin", ".elf")], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    words = gdb.stdout.decode(errors="replace").split("is a function at address 0x")
    report = words[1].split(".")[0].strip() if len(words) == 2 else None
    if report is None:
        fail("no symbol report in the firmware")
    ck = os.path.join(wd, "mon.ckpt")
    script = os.path.join(wd, "script")
    with open(script, "w") as f:
        f.write("break 0x%s\ncontinue\ndelete 0x%s\ncheckpoint %s\ninfo cpus\ncontinue\n" % (report, report, ck))
    mon = sim_run([sim, fw] + board + ["--monitor-script", script], "monitor")
    out = mon.stdout.decode(errors="replace")
    if "checkpoint written to " + ck not in out:
        fail("monitor did not confirm the checkpoint: " + out[-500:] + mon.stderr.decode()[-300:])
    rest = sim_run([sim, "--restore", ck] + board, "restore")
    if rest.returncode != 0:
        fail("restore of the monitor's checkpoint exited %d: %s" % (rest.returncode, rest.stderr.decode()[-300:]))
    if not rest.stdout or not full.stdout.endswith(rest.stdout):
        fail("restored console is not the rest of the plain run's: %r" % rest.stdout[-200:])
    if b"PASS" not in rest.stdout:
        fail("the restored run did not reach the firmware's PASS")
    print("ok: monitor checkpoint at report, restored run printed the remaining %d bytes" % len(rest.stdout))


def main():
    if len(sys.argv) < 5:
        fail(__doc__)
    cmd, sim, fw, wd = sys.argv[1:5]
    os.makedirs(wd, exist_ok=True)
    if cmd == "restore":
        cmd_restore(sim, fw, wd, sys.argv[5:])
    elif cmd == "restore-run":
        cmd_restore(sim, fw, wd, sys.argv[5:], whole_run=True)
    elif cmd == "restore-queries":
        cmd_restore(sim, fw, wd, sys.argv[5:], queries=True)
    elif cmd == "refuse":
        cmd_refuse(sim, fw, wd)
    elif cmd == "monitor":
        cmd_monitor(sim, fw, wd)
    else:
        fail("unknown command " + cmd)


if __name__ == "__main__":
    main()
