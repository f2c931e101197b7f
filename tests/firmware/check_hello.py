#!/usr/bin/env python3
"""Checks the console of the hello firmware against what the board topology implies.

  check_hello.py (--sim PATH | --qemu) --firmware hello.bin --cores C --threads-per-core T
                 [--default-board]

Expectations come from the topology, not from a recorded output: on pseries the server
numbers are 0..C*T-1 with server = core * T + thread (xics-spec.md 1.5, vsmt = threads);
hello starts every non-boot server (firmware-contract.md: only the boot CPU runs at reset)
and each thread reports in ascending server order. With --default-board the simulator gets
no topology options and C/T state what its default board must be.
"""
import argparse
import re
import sys

import console_runner as cr


def expected_failures(text, cores, threads):
    lines = text.splitlines()
    errors = []
    n = cores * threads

    def need(pattern, what):
        rx = re.compile(pattern)
        if not any(rx.fullmatch(line) for line in lines):
            errors.append(f"missing {what}: /{pattern}/")

    need(rf"cpus: {cores} cores, {threads} threads per core, {n} threads", "topology line")
    for s in range(1, n):
        need(rf"server {s}: query-cpu-stopped-state -> status 0, state 0 \(stopped\)",
             f"stopped state of server {s}")
        need(rf"server {s}: start-cpu -> status 0", f"start of server {s}")

    report = re.compile(r"thread (\d+) \(core (\d+), thread (\d+)\) reporting")
    seen = [tuple(int(g) for g in m.groups())
            for m in (report.fullmatch(line) for line in lines) if m]
    want = [(c * threads + t, c, t) for c in range(cores) for t in range(threads)]
    if seen != want:
        errors.append(f"thread reports (server, core, thread) in order: expected {want}, "
                      f"got {seen}")
    need(rf"all {n} threads reported in server order", "completion line")
    if not lines or lines[-1] != "PASS: hello":
        errors.append("last line is not 'PASS: hello'")
    errors += [f"failure reported: {line}" for line in lines if line.startswith("FAIL")]
    return errors


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    cr.add_target_arguments(ap)
    args = ap.parse_args()
    try:
        text = cr.run_target(ap, args)
    except cr.RunError as exc:
        print(f"ERROR: {exc}")
        return 1
    sys.stdout.write(text)
    errors = expected_failures(text, args.cores, args.threads_per_core)
    for e in errors:
        print(f"CHECK FAILED: {e}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
