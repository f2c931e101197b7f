#!/usr/bin/env python3
"""Differential firmware test: the console of ppc64sim must equal QEMU pseries' byte for byte.

  compare_console.py --sim PATH --firmware IMAGE.bin --cores C --threads-per-core T [--memory MiB]
                     [--qemu-smp N]

--qemu-smp N runs QEMU with N single-thread cores instead of C x T: QEMU 7.2 TCG refuses SMT
on pseries, and a firmware whose console depends only on the thread count must print on a
C x T ppc64sim board what QEMU prints with -smp C*T.

Exit 0 when identical, 1 with a diff otherwise, 77 (CTest SKIP_RETURN_CODE) without QEMU.
"""
import argparse
import difflib
import sys

import console_runner as cr


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sim", required=True, help="path of the ppc64sim executable")
    ap.add_argument("--firmware", required=True, help="raw firmware image (.bin)")
    ap.add_argument("--cores", type=int, required=True)
    ap.add_argument("--threads-per-core", type=int, required=True)
    ap.add_argument("--memory", type=int, default=256, help="MiB (default 256)")
    ap.add_argument("--timeout", type=int, default=60, help="seconds per run (default 60)")
    ap.add_argument("--qemu", default=cr.QEMU)
    ap.add_argument("--qemu-smp", type=int, help="QEMU cores (1 thread each), default C x T")
    args = ap.parse_args()
    if args.cores < 1 or args.threads_per_core < 1:
        ap.error(f"--cores and --threads-per-core must be >= 1, got {args.cores} and "
                 f"{args.threads_per_core}")
    if args.qemu_smp is not None and args.qemu_smp < 1:
        ap.error(f"--qemu-smp must be >= 1, got {args.qemu_smp}")
    qemu_cores, qemu_threads = args.cores, args.threads_per_core
    if args.qemu_smp is not None:
        qemu_cores, qemu_threads = args.qemu_smp, 1

    cr.skip_without_qemu(args.qemu)
    try:
        expected = cr.run_qemu(args.firmware, qemu_cores, qemu_threads, args.memory,
                               args.timeout, args.qemu)
        actual = cr.run_sim(args.sim, args.firmware, args.cores, args.threads_per_core,
                            args.memory, args.timeout)
    except cr.RunError as exc:
        print(f"ERROR: {exc}")
        return 1

    if actual == expected:
        print(f"console identical ({len(actual)} bytes):")
        sys.stdout.write(actual.decode("latin-1"))
        return 0
    print("MISMATCH: ppc64sim console differs from QEMU (--- qemu, +++ ppc64sim):")
    diff = difflib.unified_diff(expected.decode("latin-1").splitlines(keepends=True),
                                actual.decode("latin-1").splitlines(keepends=True),
                                fromfile="qemu", tofile="ppc64sim")
    sys.stdout.writelines(diff)
    if expected.rstrip(b"\n") == actual.rstrip(b"\n") or b"\r" in actual + expected:
        print("\n(note: the difference is in line endings or trailing newlines)")
    return 1


if __name__ == "__main__":
    sys.exit(main())
