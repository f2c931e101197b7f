#!/usr/bin/env python3
"""Runs firmware/vty_input with console input and checks the echo.

  check_vty_input.py (--sim PATH | --qemu) --firmware IMAGE [--input TEXT]
                     [--cores C --threads-per-core T]

TEXT uses ppc64sim's --console-input escapes (\\n \\r \\t \\\\ \\e \\xHH). ppc64sim gets it with
--console-input; QEMU reads it from stdin (-nographic). Expected console, derived from the input:
  "vty_input: vty 0x71000000, source 0x1100 (sense 0)" - QEMU's first VIO device and its
      MSI source (xics-spec.md 4.4; platforms/default.cfg [vty]);
  "got: LINE" - the bytes before the first newline (non-printables as \\xHH), or "no input"
      when TEXT is empty (the firmware's decrementer timeout);
  "vty interrupts: N" - 1 when all of TEXT fits the vty's 16-byte buffer (one pulse as the
      buffer goes from empty to non-empty, xics-spec.md 4.4 / C42), 0 without input. QEMU
      reads stdin on the host's schedule: on a loaded host the bytes may come in several
      pieces, each a pulse, so with --qemu any N from 1 to len(TEXT) is right;
  last line "PASS: vty_input". Exit 77 with --qemu when QEMU is missing.
"""
import argparse
import subprocess
import sys

import console_runner as cr

ESCAPES = {"n": 10, "r": 13, "t": 9, "\\": 92, "e": 27}


def unescape(text):
    out, i = bytearray(), 0
    while i < len(text):
        c = text[i]
        if c != "\\":
            out += c.encode("latin-1")
            i += 1
        elif i + 1 < len(text) and text[i + 1] in ESCAPES:
            out.append(ESCAPES[text[i + 1]])
            i += 2
        elif text[i + 1:i + 2] == "x" and len(text) >= i + 4:
            out.append(int(text[i + 2:i + 4], 16))
            i += 4
        else:
            raise ValueError(f"bad escape in --input at {i}: {text[i:i + 4]!r}")
    return bytes(out)


def expected_lines(data, pieces_may_vary=False):
    lines = ["vty_input: vty 0x71000000, source 0x1100 (sense 0)"]
    ends = [p for p in (data.find(b"\n"), data.find(b"\r")) if p >= 0]
    if not data:
        lines += ["no input", "vty interrupts: 0"]
    elif ends:
        first = data[:min(ends)]
        lines.append("got: " + "".join(chr(b) if 0x20 <= b < 0x7f and b != 0x5c else f"\\x{b:02x}"
                                       for b in first))
        if len(data) <= 16 and not pieces_may_vary:
            lines.append("vty interrupts: 1")
    lines.append("PASS: vty_input")
    return lines


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    who = ap.add_mutually_exclusive_group(required=True)
    who.add_argument("--sim")
    who.add_argument("--qemu", action="store_true")
    ap.add_argument("--firmware", required=True)
    ap.add_argument("--input", default="")
    ap.add_argument("--cores", type=int)
    ap.add_argument("--threads-per-core", type=int)
    ap.add_argument("--timeout", type=int, default=60)
    args = ap.parse_args()
    try:
        data = unescape(args.input)
    except ValueError as exc:
        ap.error(str(exc))
    if data and b"\n" not in data and b"\r" not in data:
        ap.error("--input must contain a newline (the firmware waits for a whole line)")

    if args.qemu:
        cr.skip_without_qemu()
        cmd = cr.qemu_command(args.firmware, args.cores or 1, args.threads_per_core or 1, 256)
    else:
        cmd = cr.sim_command(args.sim, args.firmware, args.cores, args.threads_per_core)
        if data:
            cmd += ["--console-input", args.input]
    print("running: " + " ".join(cmd), flush=True)
    try:
        proc = subprocess.run(cmd, input=data if args.qemu else b"", stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL if args.qemu else None,
                              timeout=args.timeout, check=False)
    except subprocess.TimeoutExpired:
        print(f"ERROR: no power-off within {args.timeout} s")
        return 1
    text = proc.stdout.decode("latin-1")
    sys.stdout.write(text)
    lines = text.splitlines()
    errors = [] if proc.returncode == 0 else [f"exit status {proc.returncode}"]
    want = expected_lines(data, pieces_may_vary=args.qemu)
    errors += [f"missing line: {w!r}" for w in want if w not in lines]
    if args.qemu and data and len(data) <= 16:
        counts = [int(l.split(":")[1]) for l in lines if l.startswith("vty interrupts: ")]
        if len(counts) != 1 or not 1 <= counts[0] <= len(data):
            errors.append(f"vty interrupts: {counts} (want one count from 1 to {len(data)})")
    if not lines or lines[-1] != want[-1]:
        errors.append(f"last line is not {want[-1]!r}")
    errors += [f"failure reported: {l}" for l in lines if l.startswith("FAIL")]
    for e in errors:
        print(f"CHECK FAILED: {e}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
