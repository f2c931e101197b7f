"""End to end: ppc64sim_trace_demo (the C++ writers) read back by json, the VCD header rules and
ppc64trace.py. usage: end_to_end.py DEMO_BINARY PREFIX

The demo scripts two deliveries of source 0x1100 (sim/trace/trace_demo.cpp): to t0 triggered
at cycle 100 and EOI'd at 200, to t1 triggered at 1000 and EOI'd at 1300.
"""
import json
import os
import subprocess
import sys

TOOL = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "ppc64trace.py")


def main(demo, prefix):
    os.makedirs(os.path.dirname(prefix) or ".", exist_ok=True)
    failures = []

    def check(cond, what):
        print(("ok   " if cond else "FAIL ") + what)
        if not cond:
            failures.append(what)

    for early in (False, True):
        p = prefix + ("_early" if early else "")
        subprocess.run([demo, p] + (["--stop-early"] if early else []), check=True)
        with open(p + ".json") as f:
            doc = json.load(f)  # raises on invalid JSON
        check(len(doc["traceEvents"]) > 10, "%s.json parses with events" % p)
        with open(p + ".vcd") as f:
            vcd = f.read()
        # 2 GHz: 500 ps per cycle, expressed with a legal IEEE 1364 unit (1/10/100).
        check("$timescale 100 ps $end" in vcd, "%s.vcd timescale" % p)
        with open(p + ".trace") as f:
            last = f.read().splitlines()[-1]
        check(last.startswith("# end ") and ("reason=limit" if early else "reason=end") in last,
              "%s.trace trailer: %s" % (p, last))
        r = subprocess.run([sys.executable, TOOL, "latency", p + ".trace", "--json"], capture_output=True,
                           text=True)
        check(r.returncode == 0, "latency exit status (%s)" % r.stderr.strip())
        lat = json.loads(r.stdout)
        if early:
            check(lat["complete"] == 1 and lat["incomplete"] == 1, "early: one complete, one incomplete")
            check(lat["latency"]["all"]["end-to-end"]["max"] == 100, "early: end-to-end 100")
        else:
            e2e = lat["latency"]["all"]["end-to-end"]
            check((e2e["count"], e2e["min"], e2e["max"]) == (2, 100, 300), "end-to-end 100 and 300: %s" % e2e)
        png = p + "_timeline.png"
        r = subprocess.run([sys.executable, TOOL, "timeline", p + ".trace", "--png", png], capture_output=True,
                           text=True)
        with open(png, "rb") as f:
            check(r.returncode == 0 and f.read(8) == b"\x89PNG\r\n\x1a\n", "timeline png")
    return 1 if failures else 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        print("usage: end_to_end.py DEMO_BINARY PREFIX", file=sys.stderr)
        sys.exit(2)
    sys.exit(main(sys.argv[1], sys.argv[2]))
