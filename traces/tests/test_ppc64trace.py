"""Tests of traces/ppc64trace.py on the hand-written traces in traces/testdata.

Expected latencies are worked out by hand from the event cycles in the test data (comments
below), not taken from the tool's output.
"""
import json
import os
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
TRACES = os.path.dirname(HERE)
TOOL = os.path.join(TRACES, "ppc64trace.py")
DATA = os.path.join(TRACES, "testdata")
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def run(*args):
    env = dict(os.environ, MPLBACKEND="Agg")
    return subprocess.run([sys.executable, TOOL] + list(args), capture_output=True, text=True, env=env)


def latency_json(name):
    r = run("latency", os.path.join(DATA, name), "--json")
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def tmpdir():
    base = os.environ.get("PPC64TRACE_TMP")
    if base:
        os.makedirs(base, exist_ok=True)
    return tempfile.mkdtemp(prefix="ppc64trace_", dir=base)


class Latency(unittest.TestCase):
    # three_irqs.trace, by hand (trigger, present, line, vector, accept, eoi):
    #   A s1100 -> t0 prio 5:  100, 110, 112, 130, 160, 200  -> 10, 2, 18, 30, 40; end-to-end 100
    #   B s1200 -> t1 prio 3: 1000,1004,1005,1025,1045,1105  ->  4, 1, 20, 20, 60; end-to-end 105
    #   C s1100 -> t1 prio 5: 2000, presented 2010, REJECTED 2015, presented again 2050, line 2051,
    #                         vector 2060, accept 2090, eoi 2100 -> 50, 1, 9, 30, 10; end-to-end 100
    #   D s1300 -> t0 prio 7: 3000, 3010, line 3011, never taken -> 10, 1; incomplete
    # Percentiles are nearest-rank: rank ceil(p/100 * n) of the sorted values.
    def setUp(self):
        self.r = latency_json("three_irqs.trace")
        self.t = self.r["latency"]

    def test_counts(self):
        self.assertEqual(self.r["interrupts"], 4)
        self.assertEqual(self.r["complete"], 3)
        self.assertEqual(self.r["incomplete"], 1)
        self.assertEqual(self.r["rejects"], 1)
        self.assertEqual(self.r["clock_hz"], 1000000000)

    def test_all_trigger_to_present(self):
        # [10, 4, 50, 10] sorted [4, 10, 10, 50]: p50 = rank 2 = 10, p90 = rank 4 = 50
        self.assertEqual(self.t["all"]["trigger->present"],
                         {"count": 4, "min": 4, "p50": 10, "p90": 50, "p99": 50, "max": 50})

    def test_all_end_to_end(self):
        # [100, 105, 100] sorted [100, 100, 105]: p50 = rank 2 = 100, p90 = rank 3 = 105
        self.assertEqual(self.t["all"]["end-to-end"],
                         {"count": 3, "min": 100, "p50": 100, "p90": 105, "p99": 105, "max": 105})

    def test_per_source(self):
        # s1100 is A and C: line->vector [18, 9]
        self.assertEqual(self.t["source 0x1100"]["line->vector"],
                         {"count": 2, "min": 9, "p50": 9, "p90": 18, "p99": 18, "max": 18})
        self.assertEqual(self.t["source 0x1200"]["accept->eoi"]["max"], 60)
        self.assertEqual(self.t["source 0x1300"]["present->line"]["count"], 1)
        self.assertNotIn("end-to-end", self.t["source 0x1300"])

    def test_per_thread_and_priority(self):
        # t1 is B and C: end-to-end [105, 100] -> p50 = rank 1 = 100, p90 = rank 2 = 105
        self.assertEqual(self.t["thread t1"]["end-to-end"],
                         {"count": 2, "min": 100, "p50": 100, "p90": 105, "p99": 105, "max": 105})
        self.assertEqual(self.t["thread t0"]["vector->accept"]["p50"], 30)
        self.assertEqual(self.t["prio 0x3"]["vector->accept"]["p50"], 20)
        self.assertEqual(self.t["prio 0x5"]["trigger->present"]["max"], 50)

    def test_text_table(self):
        r = run("latency", os.path.join(DATA, "three_irqs.trace"))
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("4 interrupts, 3 complete, 1 incomplete, 1 rejects", r.stdout)
        row = [l.split() for l in r.stdout.splitlines() if l.startswith("all") and "end-to-end" in l]
        self.assertEqual(row, [["all", "end-to-end", "3", "100", "100", "105", "105", "105"]])

    def test_histogram_pngs(self):
        d = tmpdir()
        r = run("latency", os.path.join(DATA, "three_irqs.trace"), "--png", d)
        self.assertEqual(r.returncode, 0, r.stderr)
        names = sorted(os.listdir(d))
        self.assertIn("latency-end-to-end.png", names)
        self.assertEqual(len(names), 6)
        for n in names:
            with open(os.path.join(d, n), "rb") as f:
                data = f.read()
            self.assertTrue(data.startswith(PNG_MAGIC), n)
            self.assertGreater(len(data), 1000, n)


class Timeline(unittest.TestCase):
    def test_png(self):
        out = os.path.join(tmpdir(), "timeline.png")
        r = run("timeline", os.path.join(DATA, "three_irqs.trace"), "--png", out)
        self.assertEqual(r.returncode, 0, r.stderr)
        with open(out, "rb") as f:
            data = f.read()
        self.assertTrue(data.startswith(PNG_MAGIC))
        self.assertGreater(len(data), 1000)


class Diff(unittest.TestCase):
    def test_identical(self):
        t = os.path.join(DATA, "three_irqs.trace")
        r = run("diff", t, t)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn("identical", r.stdout)
        self.assertIn("unchanged", r.stdout)

    def test_slower_accept(self):
        # three_irqs_slow.trace: B's H_XIRR moves 1045 -> 1085 and its H_EOI 1105 -> 1145, so the
        # first differing event is the 18th (line 23 of both files), B's vector->accept becomes
        # 1085 - 1025 = 60 and its end-to-end 1145 - 1000 = 145.
        a, b = os.path.join(DATA, "three_irqs.trace"), os.path.join(DATA, "three_irqs_slow.trace")
        r = run("diff", a, b)
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertIn("first divergence at event 18:", r.stdout)
        self.assertIn("three_irqs.trace:23: 1045 t1 hcall nr=0x74", r.stdout)
        self.assertIn("three_irqs_slow.trace:23: 1085 t1 hcall nr=0x74", r.stdout)
        rows = [l.split() for l in r.stdout.splitlines() if l.startswith("source 0x1200")]
        self.assertIn(["source", "0x1200", "vector->accept", "A", "1", "20", "20", "20", "20", "20"], rows)
        self.assertIn(["source", "0x1200", "vector->accept", "B", "1", "60", "60", "60", "60", "60"], rows)
        self.assertIn(["source", "0x1200", "end-to-end", "B", "1", "145", "145", "145", "145", "145"], rows)
        self.assertFalse(any(l.startswith("source 0x1100") for l in r.stdout.splitlines()))


class BadInput(unittest.TestCase):
    def check_error(self, args, fragment):
        r = run(*args)
        self.assertEqual(r.returncode, 2, r.stdout)
        self.assertIn("ppc64trace: error:", r.stderr)
        self.assertIn(fragment, r.stderr)
        self.assertNotIn("Traceback", r.stderr)

    def test_bad_line(self):
        self.check_error(["latency", os.path.join(DATA, "bad_line.trace")],
                         "bad_line.trace:5: cycle 'bogus' is not a decimal integer")

    def test_bad_version(self):
        self.check_error(["latency", os.path.join(DATA, "bad_version.trace")],
                         "bad_version.trace:1: format version 2 is not supported")

    def test_not_a_trace(self):
        self.check_error(["latency", TOOL], "not a ppc64sim trace")

    def test_missing_file(self):
        self.check_error(["diff", "/nonexistent/a.trace", "/nonexistent/b.trace"], "/nonexistent/a.trace")


if __name__ == "__main__":
    unittest.main()
