#!/usr/bin/env python3
"""Runs firmware/irq_devices on ppc64sim and checks its console.

  check_irq_devices.py --sim PATH --firmware IMAGE [--cores C --threads-per-core T]
                       [--flavour qemu|kvm] [--first-source N --types T --base A]

The firmware checks each step against xics-spec.md itself; this script checks that every
expected check ran and passed ("ok - NAME"), that nothing failed, the final "PASS: irq_devices",
and what the firmware must have found: the generator's address and sources as the platform
describes them (models/devices/irq_generator.md: types list, first source) and, per
xics.flavour, the behaviour of the scenarios where the references differ (xics-spec.md 2.11).
--base/--first-source/--types are also passed to ppc64sim as --set irqgen.* keys.
"""
import argparse
import re
import sys

import console_runner as cr

# Checks that run on every board (names as the firmware prints them after "ok - ").
COMMON = [
    "generator ID", "generator COUNT = pairs in interrupts",
    "generator FIRST_SOURCE = first interrupts cell", "CONTROL.AUTO cleared",
    "STATUS type bits match the interrupts senses, lines low",
    "LSI delivered at 0x500", "LSI: one interrupt", "LSI: XIRR in the handler",
    "LSI: priority (CPPR after accept)", "LSI: line low after the handler",
    "LSI: FIRED counts the rising edge",
    "MSI delivered at 0x500", "MSI: delivered once", "MSI: XIRR in the handler",
    "MSI: priority (CPPR after accept)", "MSI: FIRED",
    "C11 re-presented after EOI with the line high", "C11 idle after deassert + EOI",
    "C12 not re-presented", "C13 still pending after deassert", "C13 H_XIRR returns it",
    "C13 not re-presented after EOI", "MSI delivered once",
    "C17 re-presented after EOI", "C17 second H_XIRR", "C17 no third delivery",
    "C18 delivered again after EOI", "C18 total deliveries",
    "C14 masked MSI not presented", "C14 presented on unmask", "C14 deliveries (set-xive)",
    "C14 int-off: not presented", "C14 int-on: presented", "C14 deliveries (int-on)",
    "C29 still pending after set-xive 0xff", "C29 H_XIRR still returns it",
    "priority: favoured source displaces", "priority: H_XIRR returns prio 3 first",
    "priority: CPPR 3 after accept, prio 5 held back", "priority: then prio 5",
    "CPPR 4 blocks prio 5", "CPPR 4 lets prio 3 through", "CPPR 4 after EOI: prio 5 still blocked",
    "H_CPPR(0xff) releases prio 5",
    "C31 first: the first arrival", "C31 second: lowest-numbered bounced", "C31 third",
    "C4 IPI replaced the external", "C4 H_XIRR returns the IPI", "C4 CPPR 4 after accept",
    "C4 external re-presented", "C4 H_XIRR returns the external",
    "C5 matches a known reference", "C15 matches a known reference",
    "C16 matches a known reference", "C5, C15, C16 agree on one reference",
]
# Retargeting needs a second thread.
RETARGET = [
    "retarget MSI: delivered on the other thread", "retarget MSI: XIRR there",
    "retarget MSI: priority there", "retarget MSI: nothing on self",
    "retarget LSI: delivered on the other thread", "retarget LSI: XIRR there",
    "retarget LSI: priority there", "retarget LSI: line serviced",
    "C19 still pending on self after retarget", "C19 accepted on self",
    "C19 other thread got nothing", "C19 next message on the other thread", "C19 XIRR there",
]
# xics-spec.md 2.11 items 3, 7, 8 (corner cases C5, C15, C16), per reference.
FLAVOUR = {
    "qemu": ["C5 tie: external kept (qemu behaviour)",
             "ok - C5 qemu: IPI presented after the external's EOI",
             "C15 two MSIs while masked, then unmask: 1 deliveries",
             "C16 LSI asserted+deasserted while masked, then unmask: 0 deliveries",
             "flavour seen: qemu"],
    "kvm": ["C5 tie: IPI replaced the external (kvm behaviour)",
            "ok - C5 kvm: external re-presented after the IPI's EOI",
            "C15 two MSIs while masked, then unmask: 2 deliveries",
            "C16 LSI asserted+deasserted while masked, then unmask: 1 deliveries",
            "flavour seen: kvm"],
}


def expand_types(types, count):
    """irqgen.types as irq_generator.md defines it: items lsi/msi, N*lsi/N*msi, or one word."""
    items = [t.strip() for t in types.split(",") if t.strip()]
    if items in (["lsi"], ["msi"]):
        return items * count
    out = []
    for item in items:
        m = re.fullmatch(r"(?:(\d+)\*)?(lsi|msi)", item)
        if not m:
            raise ValueError(f"bad --types item {item!r}")
        out += [m.group(2)] * int(m.group(1) or 1)
    if len(out) != count:
        raise ValueError(f"--types gives {len(out)} sources, --count is {count}")
    return out


def expected_lines(args, nthreads):
    kinds = expand_types(args.types, args.count)
    lsi = [args.first_source + i for i, k in enumerate(kinds) if k == "lsi"][:2]
    msi = [args.first_source + i for i, k in enumerate(kinds) if k == "msi"][:3]
    lines = [
        f"irq_devices: {nthreads} threads, boot server 0, generator at 0x{args.base:x}, "
        f"{args.count} sources from 0x{args.first_source:x}",
        "sources: LSI " + " ".join(f"0x{s:x}" for s in lsi)
        + ", MSI " + " ".join(f"0x{s:x}" for s in msi),
    ]
    lines += [f"ok - {name}" for name in COMMON]
    if nthreads > 1:
        lines += [f"ok - {name}" for name in RETARGET]
    else:
        lines.append("skip - retargeting: one thread only")
    lines += FLAVOUR[args.flavour]
    return lines


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sim", required=True)
    ap.add_argument("--firmware", required=True)
    ap.add_argument("--cores", type=int, help="omit both for the default board (4 x 2)")
    ap.add_argument("--threads-per-core", type=int)
    ap.add_argument("--flavour", choices=sorted(FLAVOUR), default="qemu")
    # Defaults of platforms/default.cfg [irqgen].
    ap.add_argument("--base", type=lambda s: int(s, 0), default=0x200000000000)
    ap.add_argument("--first-source", type=lambda s: int(s, 0), default=0x1200)
    ap.add_argument("--count", type=int, default=8)
    ap.add_argument("--types", default="4*lsi,4*msi")
    ap.add_argument("--timeout", type=int, default=60)
    args = ap.parse_args()
    if (args.cores is None) != (args.threads_per_core is None):
        ap.error("give both --cores and --threads-per-core, or neither")
    nthreads = 8 if args.cores is None else args.cores * args.threads_per_core
    try:
        want = expected_lines(args, nthreads)
    except ValueError as exc:
        ap.error(str(exc))

    cmd = cr.sim_command(args.sim, args.firmware, args.cores, args.threads_per_core)
    cmd += ["--set", f"xics.flavour={args.flavour}", "--set", f"irqgen.base=0x{args.base:x}",
            "--set", f"irqgen.first-source=0x{args.first_source:x}",
            "--set", f"irqgen.count={args.count}", "--set", f"irqgen.types={args.types}"]
    try:
        out = cr.run(cmd, args.timeout, keep_stderr=True)
    except cr.RunError as exc:
        print(f"ERROR: {exc}")
        return 1
    text = out.decode("latin-1")
    sys.stdout.write(text)
    lines = text.splitlines()
    errors = [f"missing line: {w!r}" for w in want if w not in lines]
    errors += [f"failure reported: {l}" for l in lines
               if l.startswith("not ok") or l.startswith("FAIL")]
    if not lines or lines[-1] != "PASS: irq_devices":
        errors.append("last line is not 'PASS: irq_devices'")
    for e in errors:
        print(f"CHECK FAILED: {e}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
