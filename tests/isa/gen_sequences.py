#!/usr/bin/env python3
"""Seeded generator of random user-level POWER instruction sequences (Power ISA v3.0B Book I).

Writes one assembly file (for powerpc64-linux-gnu-as, the independent encoder) holding COUNT
self-contained sequences, and a listing naming each sequence's initial state and body. The
program runs as a static Linux user-mode ELF under qemu-ppc64; isa_diff runs the same ELF in
the ISS. Layout shared with isa_diff.cpp (keep in step):

  0x1000..0x111f  dump stage: r0..r31, CR, XER, LR, CTR (big-endian doublewords)
  0x1200..0x13ff  memory window; every generated access stays inside it
  After each sequence the program writes 0x1000..0x13ff (1 KiB) to stdout via `isa_write`
  (sc, r0=4) and the next sequence starts from scratch. Symbols: seq_K (init code), body_K
  (first random instruction), dump_K (dump code), isa_write_sc, isa_exit_sc.

The low area is addressed with RA=0 D-forms (EA = sign-extended D), so the dump needs no
register; that is why it lives below 0x8000.
"""
import argparse
import random
import re
import sys

STAGE = 0x1000
WIN = 0x1200
WIN_SIZE = 0x200
RECORD = 0x400
MID = WIN + WIN_SIZE // 2  # the base register points here

# Instruction classes kept out of the random mix. Each entry names why (ISS bug number from
# tests/isa/README.md, or an ISA "undefined" result the two implementations may resolve
# differently). Empty means everything the generator knows is enabled.
EXCLUDED: dict = {}

MASK64 = (1 << 64) - 1

EDGE = [
    0, 1, 2, 3, MASK64, MASK64 - 1, 0x7fffffff, 0x80000000, 0xffffffff, 0x7ffffffe,
    0x100000000, 0xffffffff80000000, 0xffffffff7fffffff, 0x7fffffffffffffff,
    0x8000000000000000, 0x8000000000000001, 0x00000000ffff0000, 0x0101010101010101,
    0x8080808080808080, 0x00ff00ff00ff00ff, 0x000000000000ffff, 0xffffffffffff8000,
    0x7fff, 0x8000, 31, 32, 63, 64, 127, 0x5555555555555555, 0xaaaaaaaaaaaaaaaa,
]


class Gen:
    def __init__(self, rng):
        self.r = rng
        self.label = 0

    # ---- values ----
    def value(self):
        r = self.r
        k = r.random()
        if k < 0.40:
            return r.choice(EDGE)
        if k < 0.55:
            return r.randrange(0, 128)  # shift counts, small operands
        if k < 0.70:  # sign-extended 32-bit
            v = r.getrandbits(32)
            return v | 0xffffffff00000000 if v & 0x80000000 else v
        if k < 0.80:  # edge +- small
            return (r.choice(EDGE) + r.randrange(-3, 4)) & MASK64
        if k < 0.88:  # byte-ish patterns for cmpb/cmpeqb/cmprb/popcnt
            b = [r.choice([0, 0xff, 0x80, 0x7f, r.getrandbits(8)]) for _ in range(8)]
            return int.from_bytes(bytes(b), "big")
        return r.getrandbits(64)

    def si(self):
        return self.r.choice([0, 1, -1, 0x7fff, -0x8000, 2, -2, self.r.randrange(-0x8000, 0x8000)])

    def ui(self):
        return self.r.choice([0, 1, 0xffff, 0x8000, 0x7fff, self.r.randrange(0, 0x10000)])

    def new_label(self):
        self.label += 1
        return ".L%d" % self.label

    # ---- registers ----
    def rd(self, excl=()):
        while True:
            x = self.r.randrange(32)
            if x != self.base and x not in excl:
                return x

    def rs(self):
        return self.r.randrange(32)

    def rc(self, name):
        return name + "." if self.r.random() < 0.4 else name

    # ---- instruction groups (each returns a list of lines; branches never land inside) ----
    def g_xo(self, excl=()):
        r = self.r
        three = ["add", "addc", "adde", "subf", "subfc", "subfe", "mullw", "mulld",
                 "divw", "divwu", "divd", "divdu", "divwe", "divweu", "divde", "divdeu"]
        two = ["addme", "addze", "subfme", "subfze", "neg"]
        nooe = ["mulhw", "mulhwu", "mulhd", "mulhdu"]
        op = r.choice(three + two + nooe)
        if op in EXCLUDED:
            return None
        m = op + ("o" if op not in nooe and r.random() < 0.5 else "")
        m = self.rc(m)
        if op in two:
            return ["%s %d,%d" % (m, self.rd(excl), self.rs())]
        if op == "divde":
            # QEMU 7.2 computes divde without noticing overflow when 2^63 <= |quotient| < 2^64
            # (it returns the low 64 bits and OV=0; Book I 3.3.9 says OV=1, RT undefined).
            # Dividend = divisor / 2^k rounded toward zero (sradi + addze, k >= 2) keeps
            # |quotient| <= 2^62; see README.
            t = self.rd(excl)
            b = self.rs()
            while b == t:
                b = self.rs()
            return ["sradi %d,%d,%d" % (t, b, self.r.randrange(2, 64)), "addze %d,%d" % (t, t),
                    "%s %d,%d,%d" % (m, self.rd(excl), t, b)]
        return ["%s %d,%d,%d" % (m, self.rd(excl), self.rs(), self.rs())]

    def g_dform(self, excl=()):
        r = self.r
        op = r.choice(["addi", "addis", "addic", "addic.", "subfic", "mulli", "ori", "oris",
                       "xori", "xoris", "andi.", "andis."])
        if op in EXCLUDED:
            return None
        if op in ("ori", "oris", "xori", "xoris", "andi.", "andis."):
            return ["%s %d,%d,%d" % (op, self.rd(excl), self.rs(), self.ui())]
        return ["%s %d,%d,%d" % (op, self.rd(excl), self.rs(), self.si())]

    def g_cmp(self, excl=()):
        r = self.r
        op = r.choice(["cmp", "cmpl", "cmpi", "cmpli", "cmprb", "cmpeqb"])
        if op in EXCLUDED:
            return None
        bf = r.randrange(8)
        if op == "cmp" or op == "cmpl":
            return ["%s %d,%d,%d,%d" % (op, bf, r.randrange(2), self.rs(), self.rs())]
        if op == "cmpi":
            return ["cmpi %d,%d,%d,%d" % (bf, r.randrange(2), self.rs(), self.si())]
        if op == "cmpli":
            return ["cmpli %d,%d,%d,%d" % (bf, r.randrange(2), self.rs(), self.ui())]
        if op == "cmprb":
            return ["cmprb %d,%d,%d,%d" % (bf, r.randrange(2), self.rs(), self.rs())]
        return ["cmpeqb %d,%d,%d" % (bf, self.rs(), self.rs())]

    def g_logic(self, excl=()):
        r = self.r
        op = r.choice(["and", "andc", "or", "orc", "xor", "nor", "nand", "eqv", "cmpb",
                       "bpermd", "extsb", "extsh", "extsw", "cntlzw", "cntlzd", "cnttzw",
                       "cnttzd", "popcntb", "popcntw", "popcntd", "prtyw", "prtyd"])
        if op in EXCLUDED:
            return None
        if op in ("cmpb", "bpermd"):
            return ["%s %d,%d,%d" % (op, self.rd(excl), self.rs(), self.rs())]
        if op in ("popcntb", "popcntw", "popcntd", "prtyw", "prtyd"):
            return ["%s %d,%d" % (op, self.rd(excl), self.rs())]
        if op.startswith("ext") or op.startswith("cnt"):
            return ["%s %d,%d" % (self.rc(op), self.rd(excl), self.rs())]
        return ["%s %d,%d,%d" % (self.rc(op), self.rd(excl), self.rs(), self.rs())]

    def g_shift(self, excl=()):
        r = self.r
        op = r.choice(["slw", "srw", "sraw", "sld", "srd", "srad", "srawi", "sradi", "extswsli"])
        if op in EXCLUDED:
            return None
        m = self.rc(op)
        if op == "srawi":
            return ["%s %d,%d,%d" % (m, self.rd(excl), self.rs(), r.randrange(32))]
        if op in ("sradi", "extswsli"):
            return ["%s %d,%d,%d" % (m, self.rd(excl), self.rs(), r.randrange(64))]
        if r.random() < 0.5:  # explicit shift count 0..127 in a fresh register
            cnt = self.rd(excl)
            return ["li %d,%d" % (cnt, r.randrange(128)),
                    "%s %d,%d,%d" % (m, self.rd(excl), self.rs(), cnt)]
        return ["%s %d,%d,%d" % (m, self.rd(excl), self.rs(), self.rs())]

    def g_rotate(self, excl=()):
        r = self.r
        op = r.choice(["rlwinm", "rlwnm", "rlwimi", "rldicl", "rldicr", "rldic", "rldimi",
                       "rldcl", "rldcr"])
        if op in EXCLUDED:
            return None
        m = self.rc(op)
        d, s = self.rd(excl), self.rs()
        if op == "rlwinm" or op == "rlwimi":
            return ["%s %d,%d,%d,%d,%d" % (m, d, s, r.randrange(32), r.randrange(32), r.randrange(32))]
        if op == "rlwnm":
            return ["%s %d,%d,%d,%d,%d" % (m, d, s, self.rs(), r.randrange(32), r.randrange(32))]
        if op in ("rldcl", "rldcr"):
            return ["%s %d,%d,%d,%d" % (m, d, s, self.rs(), r.randrange(64))]
        return ["%s %d,%d,%d,%d" % (m, d, s, r.randrange(64), r.randrange(64))]

    def g_misc(self, excl=()):
        r = self.r
        op = r.choice(["isel", "setb", "mcrxrx", "maddhd", "maddhdu", "maddld", "modsw", "moduw",
                       "modsd", "modud", "addpcis"])
        if op in EXCLUDED:
            return None
        if op == "isel":
            return ["isel %d,%d,%d,%d" % (self.rd(excl), self.rs(), self.rs(), r.randrange(32))]
        if op == "setb":
            return ["setb %d,%d" % (self.rd(excl), r.randrange(8))]
        if op == "mcrxrx":
            return ["mcrxrx %d" % r.randrange(8)]
        if op.startswith("madd"):
            return ["%s %d,%d,%d,%d" % (op, self.rd(excl), self.rs(), self.rs(), self.rs())]
        if op == "addpcis":
            return ["addpcis %d,%d" % (self.rd(excl), self.si())]
        return ["%s %d,%d,%d" % (op, self.rd(excl), self.rs(), self.rs())]

    def g_cr(self, excl=()):
        r = self.r
        op = r.choice(["crand", "crandc", "creqv", "crnand", "crnor", "cror", "crorc", "crxor",
                       "mcrf", "mfcr", "mtcrf", "mtocrf", "mfocrf"])
        if op in EXCLUDED:
            return None
        if op.startswith("cr"):
            return ["%s %d,%d,%d" % (op, r.randrange(32), r.randrange(32), r.randrange(32))]
        if op == "mcrf":
            return ["mcrf %d,%d" % (r.randrange(8), r.randrange(8))]
        if op == "mfcr":
            return ["mfcr %d" % self.rd(excl)]
        if op == "mtcrf":
            return ["mtcrf %d,%d" % (r.randrange(256), self.rs())]
        if op == "mtocrf":
            return ["mtocrf %d,%d" % (1 << r.randrange(8), self.rs())]
        return ["mfocrf %d,%d" % (self.rd(excl), 1 << r.randrange(8))]

    def g_spr(self, excl=()):
        r = self.r
        op = r.choice(["mfxer", "mflr", "mfctr", "mtlr", "mtctr", "mtxer"])
        if op in EXCLUDED:
            return None
        if op.startswith("mf"):
            return ["%s %d" % (op, self.rd(excl))]
        if op == "mtxer":
            # Only the architected XER bits (SO OV CA OV32 CA32, byte count): the others are
            # reserved and implementations differ in what they keep.
            v = 0
            for bit in (31, 30, 29, 19, 18):
                if r.random() < 0.5:
                    v |= 1 << bit
            v |= r.randrange(128) if r.random() < 0.3 else 0
            t = self.rd(excl)
            return ["lis %d,%d" % (t, (v >> 16) - (0x10000 if v & 0x80000000 else 0)),
                    "ori %d,%d,%d" % (t, t, v & 0xffff), "rldicl %d,%d,0,32" % (t, t),
                    "mtxer %d" % t]
        return ["%s %d" % (op, self.rs())]

    def g_noise(self, excl=()):
        r = self.r
        op = r.choice(["sync", "lwsync", "isync", "eieio", "dcbt", "dcbst", "dcbf", "dcbtst", "icbi", "nop"])
        if op in EXCLUDED:
            return None
        if op.startswith("dc") or op == "icbi":
            return ["%s 0,%d" % (op, self.base)]
        return [op]

    # ---- storage (Book I 3.3.2-3.3.7): every EA inside the window ----
    def off(self, size, align=1):
        """Displacement from the base (window middle) of an aligned `size`-byte access."""
        lo = WIN - MID
        hi = WIN + WIN_SIZE - size - MID
        return lo + align * self.r.randrange((hi - lo) // align + 1)

    LOADS = {"lbz": 1, "lhz": 2, "lha": 2, "lwz": 4, "lwa": 4, "ld": 8}
    STORES = {"stb": 1, "sth": 2, "stw": 4, "std": 8}
    BREV = {"lhbrx": 2, "lwbrx": 4, "ldbrx": 8, "sthbrx": 2, "stwbrx": 4, "stdbrx": 8}

    def g_mem(self, excl=()):
        r = self.r
        kind = r.choice(["d", "d", "abs", "u", "x", "x", "ux", "brev", "multi", "string", "resv",
                         "dcbz"])
        load = r.random() < 0.55
        table = self.LOADS if load else self.STORES
        op = r.choice(list(table))
        size = table[op]
        ds = op in ("ld", "lwa", "std")  # DS-form: displacement multiple of 4
        B = self.base
        if kind == "d" or kind == "abs":
            if op in EXCLUDED:
                return None
            o = self.off(size, 4 if ds else 1)
            tgt = self.rd() if load else self.rs()
            if kind == "abs":
                return ["%s %d,%d(0)" % (op, tgt, MID + o)]
            return ["%s %d,%d(%d)" % (op, tgt, o, B)]
        if kind == "u":
            if op == "lwa":
                op = "lwz"  # there is no lwau
            m = op + "u"
            if m in EXCLUDED:
                return None
            o = self.off(size, 4 if ds else 1)
            o1 = r.randrange(-16, 17) * (4 if ds else 1)
            tgt = self.rd() if load else self.rs()
            ra = self.rd((0, tgt) if load else (0,))
            return ["addi %d,%d,%d" % (ra, B, o - o1), "%s %d,%d(%d)" % (m, tgt, o1, ra)]
        if kind in ("x", "ux", "brev"):
            if kind == "brev":
                m = r.choice([k for k in self.BREV if k.startswith("l") == load])
                size = self.BREV[m]
            else:
                m = op + ("ux" if kind == "ux" else "x")
            if m in EXCLUDED:
                return None
            o = self.off(size)
            tgt = self.rd() if load else self.rs()
            if kind == "ux":
                ra = self.rd((0, tgt) if load else (0,))
                rb = self.rd((ra,))
                return ["li %d,%d" % (rb, o), "addi %d,%d,0" % (ra, B),
                        "%s %d,%d,%d" % (m, tgt, ra, rb)]
            rb = self.rd((0,))
            form = r.randrange(3)
            if form == 0:
                return ["li %d,%d" % (rb, o), "%s %d,%d,%d" % (m, tgt, B, rb)]
            if form == 1:
                return ["li %d,%d" % (rb, o), "%s %d,%d,%d" % (m, tgt, rb, B)]
            return ["li %d,%d" % (rb, MID + o), "%s %d,0,%d" % (m, tgt, rb)]
        if kind == "multi":
            # lmw: RA (the base) must not be in the loaded range (Book I 3.3.6 invalid form)
            if load:
                if "lmw" in EXCLUDED or B == 31:
                    return None
                rt = r.randrange(B + 1, 32)
                n = 32 - rt
                o = self.off(4 * n, 4)
                if r.random() < 0.3:
                    return ["lmw %d,%d(0)" % (rt, MID + o)]
                return ["lmw %d,%d(%d)" % (rt, o, B)]
            if "stmw" in EXCLUDED:
                return None
            rs = r.randrange(32)
            o = self.off(4 * (32 - rs), 4)
            return ["stmw %d,%d(%d)" % (rs, o, B)]
        if kind == "string":
            # lswi/lswx/stswi/stswx (Book I 3.3.7): n bytes fill ceil(n/4) registers from RT,
            # wrapping r31 -> r0. Invalid form when RA (or RB) is in the loaded range, so the
            # range avoids them and the window base.
            n = r.randrange(1, 33)
            regs = (n + 3) // 4
            indexed = r.random() < 0.5
            m = ("l" if load else "st") + ("swx" if indexed else "swi")
            if m in EXCLUDED:
                return None
            ra = self.rd((0,))
            rb = self.rd((0, ra)) if indexed else None
            keep = {B, ra, rb} - {None}
            for _ in range(20):
                rt = r.randrange(32)
                rng = {(rt + k) % 32 for k in range(regs)}
                if not load or not (rng & keep):
                    break
            else:
                return None
            o = self.off(n)
            lines = ["addi %d,%d,%d" % (ra, B, o)]
            if indexed:
                # The byte count comes from XER[57:63]; mtxer also sets SO/OV/CA from the value.
                lines += ["li %d,%d" % (rb, n), "mtxer %d" % rb, "li %d,0" % rb,
                          "%s %d,%d,%d" % (m, rt, ra, rb)]
            else:
                lines.append("%s %d,%d,%d" % (m, rt, ra, n % 32))
            return lines
        if kind == "resv":
            size = r.choice([1, 2, 4, 8])
            sfx = {1: "b", 2: "h", 4: "w", 8: "d"}[size]
            if "l%sarx" % sfx in EXCLUDED or "st%scx." % sfx in EXCLUDED:
                return None
            o = self.off(size, size)
            ra = self.rd((0,))
            lines = ["addi %d,%d,%d" % (ra, B, o)]
            if r.random() < 0.85:
                # A paired larx/stcx. on the same address; in between only register work that
                # leaves RA alone, so the reservation (and QEMU's remembered value) survives.
                lines.append("l%sarx %d,0,%d" % (sfx, self.rd((ra,)), ra))
                for _ in range(r.randrange(3)):
                    g = r.choice([self.g_xo, self.g_logic, self.g_dform])((ra,))
                    if g:
                        lines += g
            # A lone stcx. finds no reservation: every larx above is consumed by its pair.
            lines.append("st%scx. %d,0,%d" % (sfx, self.rs(), ra))
            return lines
        if "dcbz" in EXCLUDED:
            return None
        ra = self.rd((0,))
        return ["addi %d,%d,%d" % (ra, B, self.off(1)), "dcbz 0,%d" % ra]

    # ---- forward-only branches (Book I 2.4) ----
    BO_ANY = [0, 2, 4, 6, 7, 8, 10, 12, 14, 15, 16, 18, 20, 24, 25, 26, 27]
    BO_NODEC = [4, 6, 7, 12, 14, 15, 20]  # bcctr must not decrement CTR

    def g_branch(self, excl=()):
        r = self.r
        kind = r.choice(["bc", "bc", "bcl", "bclr", "bcctr", "b"])
        if kind in EXCLUDED:
            return None
        lbl = self.new_label()
        skipped = []
        for _ in range(r.randrange(1, 3)):
            g = None
            while not g:
                g = self.plain_group()
            skipped += g
        bi = r.randrange(32)
        if kind == "b":
            head = ["b %s" % lbl]
        elif kind in ("bc", "bcl"):
            head = ["%s %d,%d,%s" % (kind, r.choice(self.BO_ANY), bi, lbl)]
        else:
            t = self.rd((0,))  # addi with RA=0 would read literal 0
            lk = "l" if r.random() < 0.3 else ""
            if kind == "bclr":
                head = ["lis %d,%s@ha" % (t, lbl), "addi %d,%d,%s@l" % (t, t, lbl), "mtlr %d" % t,
                        "bclr%s %d,%d" % (lk, r.choice(self.BO_ANY), bi)]
            else:
                head = ["lis %d,%s@ha" % (t, lbl), "addi %d,%d,%s@l" % (t, t, lbl), "mtctr %d" % t,
                        "bcctr%s %d,%d" % (lk, r.choice(self.BO_NODEC), bi)]
        return head + skipped + [lbl + ":"]

    def plain_group(self):
        r = self.r
        f = r.choices([self.g_xo, self.g_dform, self.g_cmp, self.g_logic, self.g_shift,
                       self.g_rotate, self.g_misc, self.g_cr, self.g_spr, self.g_noise, self.g_mem],
                      weights=[16, 8, 8, 12, 10, 10, 8, 8, 4, 1, 15])[0]
        return f()

    def body(self):
        target = self.r.randrange(8, 25)
        lines = []
        while sum(1 for l in lines if not l.endswith(":")) < target:
            g = self.g_branch() if self.r.random() < 0.12 else self.plain_group()
            if g:
                lines += g
        return lines


def random_sequences(seed, count):
    rng = random.Random(seed)
    g = Gen(rng)
    for k in range(count):
        g.base = rng.randrange(3, 29)
        gprs = [g.value() for _ in range(32)]
        gprs[g.base] = MID
        cr = rng.getrandbits(32)
        xer = 0
        for bit in (31, 30, 29, 19, 18):
            if rng.random() < 0.4:
                xer |= 1 << bit
        if rng.random() < 0.2:
            xer |= rng.randrange(128)
        lr = g.value()
        ctr = rng.choice([0, 1, 2, 3, g.value()])
        win = [g.value() for _ in range(WIN_SIZE // 8)]
        yield dict(name="seed %d" % seed, base=g.base, gprs=gprs, cr=cr, xer=xer, lr=lr, ctr=ctr,
                   win=win, body=g.body())


def parse_cases(path):
    """Hand-written sequences: `case NAME`, then `init` lines of reg=value (r0..r31, cr, xer,
    lr, ctr, base=rN, mem+OFF=value for the window doubleword at WIN+OFF), then instructions.
    Unnamed registers start at 0, the window at 0, the base register (default r31) at MID."""
    cases, cur = [], None
    with open(path) as f:
        for n, raw in enumerate(f, 1):
            line = raw.split("#")[0].strip()
            if not line:
                continue
            where = "%s:%d" % (path, n)
            if line.startswith("case "):
                cur = dict(name=line[5:].strip(), base=31, gprs=[0] * 32, cr=0, xer=0, lr=0,
                           ctr=0, win=[0] * (WIN_SIZE // 8), body=[])
                cases.append(cur)
                continue
            if cur is None:
                sys.exit("%s: instruction before the first `case`" % where)
            if line.startswith("init "):
                for item in line[5:].split():
                    key, _, val = item.partition("=")
                    try:
                        if key == "base":
                            cur["base"] = int(val[1:])
                            continue
                        v = int(val, 0) & MASK64
                    except ValueError:
                        sys.exit("%s: bad value in '%s'" % (where, item))
                    if key.startswith("mem+"):
                        off = int(key[4:], 0)
                        if off % 8 or not 0 <= off < WIN_SIZE:
                            sys.exit("%s: window offset %s not a doubleword inside 0..0x%x" % (where, key, WIN_SIZE))
                        cur["win"][off // 8] = v
                    elif key in ("cr", "xer", "lr", "ctr"):
                        cur[key] = v
                    elif re.fullmatch(r"r([0-9]|[12][0-9]|3[01])", key):
                        cur["gprs"][int(key[1:])] = v
                    else:
                        sys.exit("%s: unknown register '%s'" % (where, key))
                continue
            cur["body"].append(line)
    for c in cases:
        c["gprs"][c["base"]] = MID
    if not cases:
        sys.exit("%s: no `case` found" % path)
    return cases


def emit(seqs, out_s, out_lst):
    text, data, lst = [], [], []
    text += ["  .abiversion 2", "  .machine power9", "  .section .text", "  .globl _start",
             "_start:", "  b seq_0",
             "  .globl isa_write_sc", "isa_write_sc:", "  sc", "  blr",
             "  .globl isa_exit_sc", "isa_done:", "  li 0,1", "  li 3,0", "isa_exit_sc:", "  sc"]
    for k, q in enumerate(seqs):
        gprs, cr, xer, lr, ctr, win, body = (q[x] for x in ("gprs", "cr", "xer", "lr", "ctr", "win", "body"))
        data += ["  .balign 8", "st_%d:" % k]
        vals = gprs + [cr, xer, lr, ctr] + win
        for i in range(0, len(vals), 6):
            data.append("  .quad " + ",".join("0x%x" % v for v in vals[i:i + 6]))
        text += ["seq_%d:" % k, "  .globl seq_%d" % k,
                 "  lis 31,st_%d@ha" % k, "  addi 31,31,st_%d@l" % k,
                 "  addi 3,31,%d" % (36 * 8 - 8), "  li 4,%d" % (WIN - 8),
                 "  li 5,%d" % (WIN_SIZE // 8), "  mtctr 5",
                 "0:", "  ldu 6,8(3)", "  stdu 6,8(4)", "  bdnz 0b",
                 "  ld 3,256(31)", "  mtcrf 0xff,3", "  ld 3,264(31)", "  mtxer 3",
                 "  ld 3,272(31)", "  mtlr 3", "  ld 3,280(31)", "  mtctr 3"]
        text += ["  ld %d,%d(31)" % (i, 8 * i) for i in range(32)]
        text += ["  .globl body_%d" % k, "body_%d:" % k]
        text += [("  " + l) if not l.endswith(":") else l for l in body]
        text += ["  .globl dump_%d" % k, "dump_%d:" % k]
        text += ["  std %d,%d(0)" % (i, STAGE + 8 * i) for i in range(32)]
        for i, spr in enumerate(["mfcr", "mfxer", "mflr", "mfctr"]):
            text += ["  %s 3" % spr, "  std 3,%d(0)" % (STAGE + 256 + 8 * i)]
        text += ["  li 0,4", "  li 3,1", "  li 4,%d" % STAGE, "  li 5,%d" % RECORD,
                 "  bl isa_write_sc"]

        lst.append("=== seq %d (%s) base=r%d" % (k, q["name"], q["base"]))
        lst.append("init: " + " ".join("r%d=%#x" % (i, v) for i, v in enumerate(gprs)))
        lst.append("init: cr=%#010x xer=%#x lr=%#x ctr=%#x" % (cr, xer, lr, ctr))
        lst.append("init: window[0x%x..0x%x) = " % (WIN, WIN + WIN_SIZE) +
                   " ".join("%x" % v for v in win))
        lst += ["  " + l for l in body]
    text += ["  b isa_done"]
    with open(out_s, "w") as f:
        f.write("\n".join(text) + "\n")
        f.write("  .data\n" + "\n".join(data) + "\n")
        f.write("  .section .lowdata,\"aw\",@nobits\n  .space 0x%x\n" % RECORD)
    with open(out_lst, "w") as f:
        f.write("\n".join(lst) + "\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--count", type=int, default=0)
    ap.add_argument("--cases", help="hand-written cases file (instead of --seed/--count)")
    ap.add_argument("--out", required=True, help="assembly file to write")
    ap.add_argument("--listing", required=True, help="per-sequence listing to write")
    a = ap.parse_args()
    if a.cases:
        emit(parse_cases(a.cases), a.out, a.listing)
        return
    if a.count <= 0:
        sys.exit("gen_sequences.py: --count must be positive, got %d" % a.count)
    emit(random_sequences(a.seed, a.count), a.out, a.listing)


if __name__ == "__main__":
    main()
