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
    cr.add_target_arguments(ap)
    ap.add_argument("--name", required=True, help="NAME in the expected 'PASS: NAME' line")
    ap.add_argument("--expect-servers", action="store_true",
                    help="require one 'server S:' line per thread, in server order")
    args = ap.parse_args()
    try:
        text = cr.run_target(ap, args)
    except cr.RunError as exc:
        print(f"ERROR: {exc}")
        return 1
    sys.stdout.write(text)
    servers = args.cores * args.threads_per_core if args.expect_servers else None
    errors = verdict_errors(text, args.name, servers)
    for e in errors:
        print(f"CHECK FAILED: {e}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
