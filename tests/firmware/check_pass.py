#!/usr/bin/env python3
"""Runs a self-checking firmware and checks its verdict.

  check_pass.py (--sim PATH | --qemu) --firmware IMAGE.bin --name NAME
                --cores C --threads-per-core T [--default-board] [--expect-servers]

The firmware decides (each check has its own reason in the firmware source); this script
requires the last line to be "PASS: NAME", no "FAIL"/"not ok" line, and, with
--expect-servers, one "server S:" line per thread in ascending server order 0..C*T-1
(pseries numbers servers core * T + thread, xics-spec.md 1.5). Exit 77 without QEMU.
"""
import argparse
import re
import sys

import console_runner as cr


def verdict_errors(text, name, servers):
    lines = text.splitlines()
    errors = []
    if not lines or lines[-1] != f"PASS: {name}":
        errors.append(f"last line is not 'PASS: {name}'")
    errors += [f"failure reported: {line}" for line in lines
               if line.startswith("FAIL") or line.startswith("not ok")]
    if servers is not None:
        seen = [int(m.group(1)) for m in (re.match(r"server (\d+):", line) for line in lines) if m]
        if seen != list(range(servers)):
            errors.append(f"per-server lines: expected servers {list(range(servers))}, got {seen}")
    return errors


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    who = ap.add_mutually_exclusive_group(required=True)
    who.add_argument("--sim", help="path of the ppc64sim executable")
    who.add_argument("--qemu", action="store_true", help="run on qemu-system-ppc64")
    ap.add_argument("--firmware", required=True)
    ap.add_argument("--name", required=True, help="NAME in the expected 'PASS: NAME' line")
    ap.add_argument("--cores", type=int, required=True)
    ap.add_argument("--threads-per-core", type=int, required=True)
    ap.add_argument("--memory", type=int, default=256)
    ap.add_argument("--default-board", action="store_true",
                    help="pass no topology/memory options to ppc64sim")
    ap.add_argument("--expect-servers", action="store_true",
                    help="require one 'server S:' line per thread, in server order")
    ap.add_argument("--timeout", type=int, default=60)
    args = ap.parse_args()
    if args.cores < 1 or args.threads_per_core < 1:
        ap.error(f"--cores and --threads-per-core must be >= 1, got {args.cores} and "
                 f"{args.threads_per_core}")

    try:
        if args.qemu:
            cr.skip_without_qemu()
            out = cr.run_qemu(args.firmware, args.cores, args.threads_per_core, args.memory,
                              args.timeout)
        elif args.default_board:
            out = cr.run_sim(args.sim, args.firmware, None, None, None, args.timeout)
        else:
            out = cr.run_sim(args.sim, args.firmware, args.cores, args.threads_per_core,
                             args.memory, args.timeout)
    except cr.RunError as exc:
        print(f"ERROR: {exc}")
        return 1

    text = out.decode("latin-1")
    sys.stdout.write(text)
    servers = args.cores * args.threads_per_core if args.expect_servers else None
    errors = verdict_errors(text, args.name, servers)
    for e in errors:
        print(f"CHECK FAILED: {e}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
