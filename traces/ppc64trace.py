#!/usr/bin/python3
"""ppc64trace: analyse ppc64sim line traces (format v1, see traces/FORMAT.md).

  ppc64trace.py latency TRACE [--png DIR] [--json]   interrupt latency per source/thread/priority
  ppc64trace.py timeline TRACE --png FILE            per-thread run states, interrupts, hcalls
  ppc64trace.py diff A B [--context N]               first divergence and changed latencies

Exit status: 0 success (diff: traces equal), 1 diff found differences, 2 bad input or usage.
"""
import argparse
import json
import math
import os
import re
import sys

FORMAT_NAME = "ppc64sim-trace"
FORMAT_VERSION = 1
EXTERNAL_VECTOR = 0x500          # Book III-S: external interrupt
XISR_MASK = 0x00FFFFFF           # xics-spec.md 2.1: XIRR = CPPR << 24 | XISR
IPI_SOURCE = 2                   # xics-spec.md 2.5: the XISR value of an IPI
H_EOI, H_IPI, H_XIRR, H_XIRR_X = 0x64, 0x6C, 0x74, 0x2FC

STAGES = [  # (name, from, to)
    ("trigger->present", "trigger", "present"),
    ("present->line", "present", "line"),
    ("line->vector", "line", "vector"),
    ("vector->accept", "vector", "accept"),
    ("accept->eoi", "accept", "eoi"),
    ("end-to-end", "trigger", "eoi"),
]
PERCENTILES = (50, 90, 99)
WHO_RE = re.compile(r"^(t[0-9]+|s[0-9a-f]+|fabric|hyp)$")
KEY_RE = re.compile(r"^[a-z][a-z0-9_.-]*$")


class TraceError(Exception):
    """Bad input: the message names the file and line."""


class Event:
    __slots__ = ("cycle", "who", "kind", "fields", "lineno", "text")

    def __init__(self, cycle, who, kind, fields, lineno, text):
        self.cycle, self.who, self.kind, self.fields = cycle, who, kind, fields
        self.lineno, self.text = lineno, text

    def num(self, key, default=None):
        v = self.fields.get(key)
        if v is None:
            return default
        try:
            return int(v, 0)
        except ValueError:
            raise TraceError("line %d: field %s=%r is not a number" % (self.lineno, key, v))

    def server(self):
        return int(self.who[1:]) if self.who.startswith("t") else None


class Trace:
    def __init__(self, path):
        self.path = path
        self.version = None
        self.clock_hz = None
        self.config = {}
        self.end = None
        self.events = []


def split_tokens(line, where):
    """Splits on spaces; a double-quoted value may contain spaces and \\-escapes."""
    tokens, cur, i, n = [], "", 0, len(line)
    while i < n:
        c = line[i]
        if c == " ":
            if cur:
                tokens.append(cur)
                cur = ""
        elif c == '"':
            i += 1
            while i < n and line[i] != '"':
                if line[i] == "\\" and i + 1 < n:
                    i += 1
                    e = line[i]
                    if e == "n":
                        cur += "\n"
                    elif e == "t":
                        cur += "\t"
                    elif e == "x" and i + 2 < n:
                        cur += chr(int(line[i + 1:i + 3], 16))
                        i += 2
                    else:
                        cur += e
                else:
                    cur += line[i]
                i += 1
            if i >= n:
                raise TraceError("%s: unterminated quoted value" % where)
            if not cur:
                cur = "\0empty"  # keeps an empty quoted value as a token
        else:
            cur += c
        i += 1
    if cur:
        tokens.append(cur)
    return [t.replace("\0empty", "") for t in tokens]


def parse_fields(tokens, where):
    fields = {}
    for tok in tokens:
        key, eq, value = tok.partition("=")
        if not eq or not KEY_RE.match(key):
            raise TraceError("%s: bad field %r (expected key=value)" % (where, tok))
        fields[key] = value
    return fields


def read_trace(path):
    trace = Trace(path)
    try:
        with open(path, "r", encoding="utf-8") as f:
            lines = f.read().split("\n")
    except OSError as e:
        raise TraceError("%s: %s" % (path, e.strerror))
    except UnicodeDecodeError:
        raise TraceError("%s: not a text file" % path)
    if not lines or lines[0].split()[:2] != ["#", FORMAT_NAME]:
        raise TraceError("%s:1: not a ppc64sim trace (expected '# %s %d')" % (path, FORMAT_NAME, FORMAT_VERSION))
    for lineno, line in enumerate(lines, 1):
        where = "%s:%d" % (path, lineno)
        if not line:
            continue
        if line.startswith("#"):
            parts = line[1:].strip().split(" ", 1)
            tag, rest = parts[0], (parts[1] if len(parts) > 1 else "")
            if tag == FORMAT_NAME:
                try:
                    trace.version = int(rest)
                except ValueError:
                    raise TraceError("%s: bad version %r" % (where, rest))
                if trace.version != FORMAT_VERSION:
                    raise TraceError("%s: format version %d is not supported (this tool reads %d)"
                                     % (where, trace.version, FORMAT_VERSION))
            elif tag == "clock-hz":
                try:
                    trace.clock_hz = int(rest)
                except ValueError:
                    raise TraceError("%s: bad clock-hz %r" % (where, rest))
            elif tag == "config":
                trace.config.update(parse_fields(split_tokens(rest, where), where))
            elif tag == "end":
                trace.end = parse_fields(split_tokens(rest, where), where)
            continue  # "# events" and free comments
        tokens = split_tokens(line, where)
        if len(tokens) < 3:
            raise TraceError("%s: expected '<cycle> <who> <kind> key=value...', got %r" % (where, line))
        if not tokens[0].isdigit():
            raise TraceError("%s: cycle %r is not a decimal integer" % (where, tokens[0]))
        if not WHO_RE.match(tokens[1]):
            raise TraceError("%s: bad who %r (t<server>, s<hex source>, fabric or hyp)" % (where, tokens[1]))
        if not KEY_RE.match(tokens[2]):
            raise TraceError("%s: bad kind %r" % (where, tokens[2]))
        trace.events.append(Event(int(tokens[0]), tokens[1], tokens[2], parse_fields(tokens[3:], where),
                                  lineno, line))
    if trace.clock_hz is None:
        raise TraceError("%s: header has no '# clock-hz' line" % path)
    # Decoupled writers may leave late events out of place; analysis wants cycle order.
    trace.events.sort(key=lambda e: e.cycle)
    return trace


# ---------------------------------------------------------------------------------------------
# Latency: one record per interrupt delivery, matched as FORMAT.md "Latency chain" describes.

class Irq:
    def __init__(self, source, trigger):
        self.source, self.server, self.prio = source, None, None
        self.t = {"trigger": trigger, "present": None, "line": None, "vector": None, "accept": None,
                  "eoi": None}
        self.rejects = 0

    def reset_presentation(self):
        for k in ("present", "line", "vector"):
            self.t[k] = None
        self.server = None


def match_interrupts(trace):
    waiting = {}      # source key -> [Irq] triggered, not presented
    on_thread = {}    # server -> [Irq] presented, not EOI'd
    line_high = {}
    done, everything = [], []

    def waiting_irq(key, source, cycle, create):
        lst = waiting.setdefault(key, [])
        if lst:
            return lst[0]
        if not create:
            return None
        irq = Irq(source, cycle)
        lst.append(irq)
        everything.append(irq)
        return irq

    def present(key, source, server, prio, cycle):
        irq = waiting_irq(key, source, None, True)
        waiting[key].remove(irq)
        irq.server, irq.prio, irq.t["present"] = server, prio, cycle
        if line_high.get(server):
            irq.t["line"] = cycle
        on_thread.setdefault(server, []).append(irq)

    for ev in trace.events:
        fields = ev.fields
        if ev.kind == "trigger" and ev.who.startswith("s"):
            src = int(ev.who[1:], 16)
            if fields.get("kind") == "lsi" and ev.num("level", 0) == 0:
                continue
            waiting_irq(src, src, ev.cycle, True)  # a trigger while one is waiting coalesces
        elif ev.kind == "fabric":
            msg, server, src = fields.get("msg"), ev.num("server"), ev.num("source")
            if msg == "PRESENT":
                present(src, src, server, ev.num("prio"), ev.cycle)
            elif msg == "REJECT":
                for irq in on_thread.get(server, []):
                    if irq.source == src and irq.t["accept"] is None:
                        on_thread[server].remove(irq)
                        irq.reset_presentation()
                        irq.rejects += 1
                        waiting.setdefault(src, []).insert(0, irq)
                        break
        elif ev.kind == "line":
            server = ev.server()
            line_high[server] = ev.num("level", 0) == 1
            if line_high[server]:
                for irq in on_thread.get(server, []):
                    if irq.t["line"] is None:
                        irq.t["line"] = ev.cycle
        elif ev.kind == "exc" and ev.num("vector") == EXTERNAL_VECTOR:
            for irq in on_thread.get(ev.server(), []):
                if irq.t["line"] is not None and irq.t["vector"] is None:
                    irq.t["vector"] = ev.cycle
        elif ev.kind == "state" and ev.who.startswith("t"):
            server = ev.server()
            if ev.num("xisr", 0) == IPI_SOURCE and waiting.get(("ipi", server)):
                present(("ipi", server), IPI_SOURCE, server, ev.num("pprio"), ev.cycle)
        elif ev.kind == "hcall":
            nr, server, status = ev.num("nr"), ev.server(), ev.num("status", 0)
            if nr == H_IPI and status == 0:
                target = ev.num("arg0")
                waiting_irq(("ipi", target), IPI_SOURCE, ev.cycle, True)
            elif nr in (H_XIRR, H_XIRR_X) and status == 0:
                xisr = ev.num("out0", 0) & XISR_MASK
                for irq in on_thread.get(server, []):
                    if irq.source == xisr and irq.t["accept"] is None:
                        irq.t["accept"] = ev.cycle
                        break
            elif nr == H_EOI:
                xisr = ev.num("arg0", 0) & XISR_MASK
                for irq in on_thread.get(server, []):
                    if irq.source == xisr and irq.t["accept"] is not None:
                        irq.t["eoi"] = ev.cycle
                        on_thread[server].remove(irq)
                        done.append(irq)
                        break
    incomplete = [irq for irq in everything if irq.t["eoi"] is None]
    return everything, done, incomplete


def percentile(sorted_values, p):
    """Nearest-rank percentile: the value at rank ceil(p/100 * n) (1-based)."""
    rank = max(1, math.ceil(p / 100.0 * len(sorted_values)))
    return sorted_values[rank - 1]


def stats(values):
    v = sorted(values)
    out = {"count": len(v), "min": v[0], "max": v[-1]}
    for p in PERCENTILES:
        out["p%d" % p] = percentile(v, p)
    return out


def latency_table(irqs):
    """{group: {stage: stats}} with groups 'all', 'source 0x..', 'thread tN', 'prio 0x..'."""
    groups = {}
    for irq in irqs:
        keys = ["all"]
        if irq.server is not None:
            keys.append("thread t%d" % irq.server)
        keys.append("source 0x%x" % irq.source)
        if irq.prio is not None:
            keys.append("prio 0x%x" % irq.prio)
        for name, a, b in STAGES:
            if irq.t[a] is None or irq.t[b] is None:
                continue
            for k in keys:
                groups.setdefault(k, {}).setdefault(name, []).append(irq.t[b] - irq.t[a])
    return {g: {s: stats(v) for s, v in st.items()} for g, st in groups.items()}


def group_order(name):
    kind, _, rest = name.partition(" ")
    rank = {"all": 0, "source": 1, "thread": 2, "prio": 3}.get(kind, 4)
    num = int(rest[1:]) if rest.startswith("t") else (int(rest, 16) if rest else 0)
    return (rank, num)


def format_table(table):
    cols = ["count", "min"] + ["p%d" % p for p in PERCENTILES] + ["max"]
    out = ["%-16s %-17s" % ("group", "stage") + "".join("%10s" % c for c in cols)]
    for g in sorted(table, key=group_order):
        for name, _, _ in STAGES:
            st = table[g].get(name)
            if st:
                out.append("%-16s %-17s" % (g, name) + "".join("%10d" % st[c] for c in cols))
    return "\n".join(out)


def pyplot():
    try:
        import matplotlib
        matplotlib.use("Agg")  # headless: no display on CI
        import matplotlib.pyplot as plt
    except ImportError:
        raise TraceError("plots need python3-matplotlib (apt-get install python3-matplotlib)")
    return plt


def latency_pngs(irqs, directory):
    plt = pyplot()
    os.makedirs(directory, exist_ok=True)
    written = []
    sources = sorted({irq.source for irq in irqs})
    for name, a, b in STAGES:
        series = []
        for src in sources:
            vals = [irq.t[b] - irq.t[a] for irq in irqs
                    if irq.source == src and irq.t[a] is not None and irq.t[b] is not None]
            if vals:
                series.append(("source 0x%x" % src, vals))
        if not series:
            continue
        fig, ax = plt.subplots(figsize=(7, 4))
        ax.hist([v for _, v in series], bins=20, stacked=True, label=[n for n, _ in series])
        ax.set_title("interrupt latency: %s" % name)
        ax.set_xlabel("cycles")
        ax.set_ylabel("interrupts")
        ax.legend(fontsize="small")
        fig.tight_layout()
        path = os.path.join(directory, "latency-%s.png" % name.replace("->", "-"))
        fig.savefig(path, metadata={"Software": None})
        plt.close(fig)
        written.append(path)
    return written


def cmd_latency(args):
    trace = read_trace(args.trace)
    everything, done, incomplete = match_interrupts(trace)
    table = latency_table(everything)
    if args.json:
        json.dump({"clock_hz": trace.clock_hz, "interrupts": len(everything), "complete": len(done),
                   "incomplete": len(incomplete), "rejects": sum(i.rejects for i in everything),
                   "latency": table}, sys.stdout, indent=1, sort_keys=True)
        print()
    else:
        print("latency in core cycles (clock %d Hz): %d interrupts, %d complete, %d incomplete, %d rejects"
              % (trace.clock_hz, len(everything), len(done), len(incomplete),
                 sum(i.rejects for i in everything)))
        print(format_table(table))
    if args.png:
        for path in latency_pngs(everything, args.png):
            print("wrote %s" % path, file=sys.stderr)
    return 0


# ---------------------------------------------------------------------------------------------

def cmd_timeline(args):
    trace = read_trace(args.trace)
    plt = pyplot()
    servers = sorted({e.server() for e in trace.events if e.who.startswith("t")})
    if not servers:
        raise TraceError("%s: no thread events to draw" % args.trace)
    end = trace.events[-1].cycle if trace.events else 0
    if trace.end and trace.end.get("last-cycle", "").isdigit():
        end = max(end, int(trace.end["last-cycle"]))
    end = max(end, 1)
    colors = {"running": "tab:green", "ceded": "lightgray", "stopped": "tab:red"}
    lane = {s: i for i, s in enumerate(servers)}
    fig, ax = plt.subplots(figsize=(10, 1 + 0.8 * len(servers)))
    run_start, line_start = {}, {}
    spans = {k: [] for k in colors}
    line_spans = []
    for e in trace.events:
        s = e.server()
        if s is None:
            continue
        if e.kind == "run":
            if s in run_start:
                st, since = run_start[s]
                spans[st].append((s, since, e.cycle - since))
            run_start[s] = (e.fields.get("state", "running"), e.cycle)
        elif e.kind == "line":
            if e.num("level", 0) and s not in line_start:
                line_start[s] = e.cycle
            elif not e.num("level", 0) and s in line_start:
                line_spans.append((s, line_start.pop(s), e.cycle))
    for s, (st, since) in run_start.items():
        spans[st].append((s, since, end - since))
    for s, since in line_start.items():
        line_spans.append((s, since, end))
    for st, lst in spans.items():
        for s, x, w in lst:
            ax.broken_barh([(x, max(w, 0))], (lane[s] - 0.3, 0.45), facecolors=colors.get(st, "tab:blue"))
        ax.plot([], [], color=colors[st], linewidth=6, label=st)
    for s, a, b in line_spans:
        ax.broken_barh([(a, max(b - a, 0))], (lane[s] + 0.2, 0.1), facecolors="tab:orange")
    ax.plot([], [], color="tab:orange", linewidth=3, label="irq line")
    exc = [(e.cycle, lane[e.server()]) for e in trace.events
           if e.kind == "exc" and e.server() is not None and e.num("vector") == EXTERNAL_VECTOR]
    hc = [(e.cycle, lane[e.server()]) for e in trace.events if e.kind == "hcall" and e.server() is not None]
    if exc:
        ax.scatter([x for x, _ in exc], [y + 0.35 for _, y in exc], marker="v", color="tab:red",
                   label="external interrupt", zorder=3)
    if hc:
        ax.scatter([x for x, _ in hc], [y - 0.4 for _, y in hc], marker="|", color="tab:blue", label="hcall",
                   zorder=3)
    ax.set_yticks(range(len(servers)))
    ax.set_yticklabels(["t%d" % s for s in servers])
    ax.set_ylim(-0.8, len(servers) - 0.2)
    ax.set_xlim(0, end)
    ax.set_xlabel("core cycles (clock %d Hz)" % trace.clock_hz)
    ax.legend(loc="lower left", bbox_to_anchor=(0, 1.0), fontsize="small", ncol=6, frameon=False)
    fig.tight_layout()
    fig.savefig(args.png, metadata={"Software": None})
    plt.close(fig)
    print("wrote %s" % args.png, file=sys.stderr)
    return 0


# ---------------------------------------------------------------------------------------------

def cmd_diff(args):
    a, b = read_trace(args.a), read_trace(args.b)
    differ = False
    if a.clock_hz != b.clock_hz:
        differ = True
        print("clock-hz: %d vs %d" % (a.clock_hz, b.clock_hz))
    for key in sorted(set(a.config) | set(b.config)):
        va, vb = a.config.get(key), b.config.get(key)
        if va != vb:
            differ = True
            print("config %s: %s vs %s" % (key, va, vb))
    la, lb = [e.text for e in a.events], [e.text for e in b.events]
    first = next((i for i, (x, y) in enumerate(zip(la, lb)) if x != y), None)
    if first is None and len(la) != len(lb):
        first = min(len(la), len(lb))
    if first is None:
        print("events: identical (%d events)" % len(la))
    else:
        differ = True
        print("first divergence at event %d:" % (first + 1))
        for i in range(max(0, first - args.context), first):
            print("  %s" % la[i])
        print("- %s" % (("%s:%d: %s" % (a.path, a.events[first].lineno, la[first])) if first < len(la)
                        else "%s: (ends after %d events)" % (a.path, len(la))))
        print("+ %s" % (("%s:%d: %s" % (b.path, b.events[first].lineno, lb[first])) if first < len(lb)
                        else "%s: (ends after %d events)" % (b.path, len(lb))))
    ta, tb = latency_table(match_interrupts(a)[0]), latency_table(match_interrupts(b)[0])
    changed = []
    cols = ["count", "min"] + ["p%d" % p for p in PERCENTILES] + ["max"]
    for g in sorted(set(ta) | set(tb), key=group_order):
        for name, _, _ in STAGES:
            sa, sb = ta.get(g, {}).get(name), tb.get(g, {}).get(name)
            if sa != sb:
                changed.append((g, name, sa, sb))
    if changed:
        differ = True
        print("changed latency distributions (cycles):")
        print("%-16s %-17s %-4s" % ("group", "stage", "") + "".join("%10s" % c for c in cols))
        for g, name, sa, sb in changed:
            for tag, st in (("A", sa), ("B", sb)):
                vals = "".join("%10d" % st[c] for c in cols) if st else "%10s" % "-"
                print("%-16s %-17s %-4s" % (g, name, tag) + vals)
    else:
        print("latency distributions: unchanged")
    return 1 if differ else 0


def main(argv=None):
    parser = argparse.ArgumentParser(prog="ppc64trace", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("latency", help="interrupt latency percentiles and histograms")
    p.add_argument("trace")
    p.add_argument("--png", metavar="DIR", help="write one histogram PNG per stage into DIR")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=cmd_latency)
    p = sub.add_parser("timeline", help="per-thread timeline picture")
    p.add_argument("trace")
    p.add_argument("--png", metavar="FILE", required=True)
    p.set_defaults(func=cmd_timeline)
    p = sub.add_parser("diff", help="first divergence and changed latency distributions")
    p.add_argument("a")
    p.add_argument("b")
    p.add_argument("--context", type=int, default=3, help="common lines shown before the divergence")
    p.set_defaults(func=cmd_diff)
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except TraceError as e:
        print("ppc64trace: error: %s" % e, file=sys.stderr)
        return 2
    except OSError as e:
        print("ppc64trace: error: %s: %s" % (e.filename, e.strerror), file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
