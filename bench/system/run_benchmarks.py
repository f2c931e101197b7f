#!/usr/bin/env python3
"""Whole-system benchmarks: ppc64sim and QEMU pseries run the same firmware image.

Prints figures side by side (Markdown tables) and never asserts on time: a benchmark fails
only when a run does not end the way the firmware says it must (exit status, PASS line,
console differing from QEMU's). See README.md in this folder for definitions.
"""

import argparse
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

# sim/run.cpp logs this at exit; it is the only machine-readable figure ppc64sim gives.
SIM_STATS_RE = re.compile(
    r"(\d+) instructions, (\d+) ps simulated, ([0-9.]+) s host \(([0-9.]+) MIPS\)")

# firmware/ipi_ring/main.c: IPI_RING_ROUNDS of the two images (firmware/CMakeLists.txt).
IPI_ROUNDS_LONG = 20000
IPI_ROUNDS_SHORT = 20

SCALING_SHAPES = {1: [(1, 1)], 8: [(4, 2), (8, 1)], 32: [(16, 2), (32, 1)], 64: [(32, 2), (64, 1)]}
IPI_SHAPES = {2: [(1, 2), (2, 1)], 4: [(2, 2), (4, 1)], 8: [(4, 2), (8, 1)], 32: [(16, 2), (32, 1)]}
QEMU_MODES = ("single", "mttcg")


class BenchError(Exception):
    pass


def log(msg):
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def loadavg():
    try:
        return list(os.getloadavg())
    except OSError:
        return None


def fmt_load(la):
    return "n/a" if la is None else " ".join(f"{x:.2f}" for x in la)


# ---------------------------------------------------------------------------------------------
# Running one child process
# ---------------------------------------------------------------------------------------------

def run_child(cmd, timeout, env=None):
    """Run cmd with stdin from /dev/null; return wall time, status, output and max RSS.

    os.wait4 gives the rusage of this one child (RUSAGE_CHILDREN would accumulate the maximum
    over every child reaped so far), so peak memory is per run.
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.monotonic()
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=out, stderr=err, env=env,
                                start_new_session=True)
        timed_out = threading.Event()

        def kill():
            timed_out.set()
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

        timer = threading.Timer(timeout, kill)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        wall = time.monotonic() - start
        proc.returncode = os.waitstatus_to_exitcode(status)  # Popen must not wait again
        out.seek(0)
        err.seek(0)
        return {
            "cmd": cmd,
            "wall_s": wall,
            "rc": proc.returncode,
            "timed_out": timed_out.is_set(),
            "stdout": out.read().decode("utf-8", "replace"),
            "stderr": err.read().decode("utf-8", "replace"),
            "maxrss_kib": usage.ru_maxrss,  # Linux: KiB
            # CPU seconds (user + system) of the child: on a shared machine the least noisy
            # measure of its cost; QEMU MTTCG's sums all its vCPU threads.
            "cpu_s": usage.ru_utime + usage.ru_stime,
        }


class Runner:
    def __init__(self, args):
        self.sim = Path(args.sim)
        self.fw_dir = Path(args.firmware_dir)
        self.qemu = args.qemu
        self.timeout = args.timeout
        self.repeat = args.repeat
        self.host_threads = args.host_threads
        self.use_qemu = not args.no_qemu
        self.failures = []
        self.env = dict(os.environ, SYSTEMC_DISABLE_COPYRIGHT_MESSAGE="DISABLE")
        for p in [self.sim]:
            if not p.is_file():
                raise BenchError(f"ppc64sim not found at '{p}' (use --sim or --build-dir)")
        if self.use_qemu and shutil.which(self.qemu) is None:
            raise BenchError(f"QEMU '{self.qemu}' not found in PATH (use --qemu or --no-qemu)")

    def image(self, name):
        p = self.fw_dir / f"{name}.bin"
        if not p.is_file():
            raise BenchError(f"firmware image '{p}' not found (build the firmware_{name} target)")
        return p

    def _check(self, what, r, image):
        if r["timed_out"]:
            raise BenchError(f"{what}: timed out after {self.timeout} s")
        if r["rc"] != 0:
            tail = (r["stderr"].strip().splitlines() or [""])[-1]
            raise BenchError(f"{what}: exit status {r['rc']} ({tail})")
        if "PASS:" not in r["stdout"]:
            raise BenchError(f"{what}: no PASS line on the console of {image.name}")

    def sim_once(self, image, cores, threads, extra=()):
        cmd = [str(self.sim), "--cores", str(cores), "--threads-per-core", str(threads),
               "--memory", "256", "--firmware", str(image)] + list(extra)
        if self.host_threads > 1:  # only cycle-mode runs on boards with several cores use it
            cmd += ["--host-threads", str(self.host_threads)]
        r = run_child(cmd, self.timeout, self.env)
        what = f"ppc64sim {cores}x{threads} {image.name}"
        self._check(what, r, image)
        m = SIM_STATS_RE.search(r["stderr"])
        if not m:
            raise BenchError(f"{what}: no statistics line on stderr (sim/run.cpp format changed?)")
        r["instructions"] = int(m.group(1))
        r["simulated_ps"] = int(m.group(2))
        r["run_s"] = float(m.group(3))  # board.run() only: no elaboration, no image loading
        r["sim_mips"] = float(m.group(4))
        return r

    def qemu_once(self, image, smp, mode):
        accel = "tcg,thread=single" if mode == "single" else "tcg"
        cmd = [self.qemu, "-M", "pseries,ic-mode=xics", "-nographic", "-bios", str(image),
               "-m", "256", "-smp", str(smp), "-accel", accel]
        r = run_child(cmd, self.timeout)
        self._check(f"qemu -smp {smp} ({mode}) {image.name}", r, image)
        return r

    def repeated(self, label, fn):
        """Median over --repeat runs; a failed run is recorded ({"error": ...}), not raised,
        so one broken configuration does not hide the others."""
        runs = []
        for i in range(self.repeat):
            t0 = time.monotonic()
            try:
                runs.append(fn())
            except BenchError as e:
                log(f"  {label} run {i + 1}/{self.repeat}: FAILED: {e}")
                self.failures.append(str(e))
                return {"label": label, "error": str(e)}
            log(f"  {label} run {i + 1}/{self.repeat}: {runs[-1]['wall_s']:.2f} s wall "
                f"(took {time.monotonic() - t0:.1f} s)")
        med = {k: statistics.median(r[k] for r in runs)
               for k in ("wall_s", "cpu_s", "maxrss_kib", "run_s", "sim_mips") if k in runs[0]}
        first = runs[0]
        out = {"label": label, "runs": len(runs), "cmd": first["cmd"], **med,
               "wall_s_all": [r["wall_s"] for r in runs], "stdout": first["stdout"]}
        if "instructions" in first:
            out["instructions"] = statistics.median(r["instructions"] for r in runs)
            out["instructions_all"] = [r["instructions"] for r in runs]
            out["simulated_ps"] = first["simulated_ps"]
        return out


def console(text):
    return text.replace("\r\n", "\n")


def div(a, b):
    return a / b if a is not None and b else None


def sub(a, b):
    return a - b if a is not None and b is not None else None


def strip(r):
    return {k: v for k, v in r.items() if k != "stdout"}


def same_console(a, b):
    if "stdout" not in a or "stdout" not in b:
        return None
    return console(a["stdout"]) == console(b["stdout"])


# ---------------------------------------------------------------------------------------------
# Benchmarks
# ---------------------------------------------------------------------------------------------

def bench_mips(rn):
    log("mips: compute_long (and compute, the same program with 4 iterations, for start-up)")
    img, short_img = rn.image("compute_long"), rn.image("compute")
    la = loadavg()
    sim = rn.repeated("ppc64sim 1x1 compute_long", lambda: rn.sim_once(img, 1, 1))
    sim_short = rn.repeated("ppc64sim 1x1 compute", lambda: rn.sim_once(short_img, 1, 1))
    count = sim.get("instructions")
    # Net: the long and short images differ only in COMPUTE_ITERATIONS, so the difference
    # removes process start-up, elaboration/QEMU machine setup and boot from both sides.
    net_count = sub(count, sim_short.get("instructions"))
    net_sim_s = sub(sim.get("wall_s"), sim_short.get("wall_s"))
    net_sim_cpu = sub(sim.get("cpu_s"), sim_short.get("cpu_s"))
    rows = [{"system": "ppc64sim 1x1", **strip(sim), "short": strip(sim_short),
             "mips_wall": div(count, sim.get("wall_s") and sim["wall_s"] * 1e6),
             "mips_run": sim.get("sim_mips"),
             "net_s": net_sim_s, "net_mips": div(net_count, net_sim_s and net_sim_s * 1e6),
             "net_mips_cpu": div(net_count, net_sim_cpu and net_sim_cpu * 1e6)}]
    if rn.use_qemu:
        for mode in QEMU_MODES:
            q = rn.repeated(f"qemu -smp 1 {mode} compute_long", lambda: rn.qemu_once(img, 1, mode))
            qs = rn.repeated(f"qemu -smp 1 {mode} compute", lambda: rn.qemu_once(short_img, 1, mode))
            net_s = sub(q.get("wall_s"), qs.get("wall_s"))
            net_cpu = sub(q.get("cpu_s"), qs.get("cpu_s"))
            rows.append({"system": f"QEMU -smp 1 ({mode})", **strip(q), "short": strip(qs),
                         "mips_wall": div(count, q.get("wall_s") and q["wall_s"] * 1e6),
                         "net_s": net_s, "net_mips": div(net_count, net_s and net_s * 1e6),
                         "net_mips_cpu": div(net_count, net_cpu and net_cpu * 1e6),
                         "sim_over_qemu_time": div(sim.get("wall_s"), q.get("wall_s")),
                         "sim_over_qemu_net_time": div(net_sim_s, net_s),
                         "console_identical": same_console(q, sim)})
    return {"image": img.name, "baseline_image": short_img.name, "loadavg_before": la,
            "loadavg_after": loadavg(), "instructions": count, "rows": rows}


def bench_scaling(rn, thread_counts):
    log(f"scaling: compute_smp_long on {thread_counts} threads")
    img = rn.image("compute_smp_long")
    la = loadavg()
    rows = []
    base_rss = None
    for n in thread_counts:
        sims = []
        for cores, tpc in SCALING_SHAPES[n]:
            s = rn.repeated(f"ppc64sim {cores}x{tpc}", lambda: rn.sim_once(img, cores, tpc))
            if n == 1:
                base_rss = s.get("maxrss_kib")
            sims.append(((cores, tpc), s))
        qs = {}
        if rn.use_qemu:
            for mode in QEMU_MODES:
                qs[mode] = rn.repeated(f"qemu -smp {n} {mode}", lambda: rn.qemu_once(img, n, mode))
        for (cores, tpc), s in sims:
            rss = s.get("maxrss_kib")
            row = {"threads": n, "shape": f"{cores}x{tpc}", **strip(s),
                   "aggregate_mips": div(s.get("instructions"), s.get("run_s") and s["run_s"] * 1e6),
                   "rss_per_thread_kib": div(rss, n),
                   "rss_marginal_per_thread_kib":
                       div(sub(rss, base_rss), n - 1) if n > 1 else None}
            for mode, q in qs.items():
                row[f"qemu_{mode}"] = strip(q)
                row[f"qemu_{mode}_mips_wall"] = div(s.get("instructions"),
                                                    q.get("wall_s") and q["wall_s"] * 1e6)
                row[f"sim_over_qemu_{mode}_time"] = div(s.get("wall_s"), q.get("wall_s"))
                row[f"console_identical_{mode}"] = same_console(q, s)
            rows.append(row)
    return {"image": img.name, "loadavg_before": la, "loadavg_after": loadavg(), "rows": rows}


def bench_ipi(rn, thread_counts):
    log(f"ipi: ipi_ring_long on {thread_counts} threads (and ipi_ring for start-up)")
    long_img, short_img = rn.image("ipi_ring_long"), rn.image("ipi_ring")
    la = loadavg()
    rows = []

    def measure(label, fn, n):
        lg = rn.repeated(f"{label} ipi_ring_long", lambda: fn(long_img))
        # A configuration that fails the long run is broken: its baseline would only cost time.
        sh = ({"label": f"{label} ipi_ring", "error": "skipped: the long run failed"}
              if lg.get("error") else rn.repeated(f"{label} ipi_ring", lambda: fn(short_img)))
        # The short image differs only in IPI_RING_ROUNDS, so subtracting its time removes
        # process start-up, elaboration/boot and the final report from the rate.
        net = sub(lg.get("wall_s"), sh.get("wall_s"))
        net_cpu = sub(lg.get("cpu_s"), sh.get("cpu_s"))
        rounds = IPI_ROUNDS_LONG - IPI_ROUNDS_SHORT
        row = {"threads": n, "system": label, "long": strip(lg), "short": strip(sh),
               "error": lg.get("error") or sh.get("error"),
               "wall_s": lg.get("wall_s"),
               "round_trips_per_s": div(IPI_ROUNDS_LONG, lg.get("wall_s")),
               "hops_per_s": div(IPI_ROUNDS_LONG * n, lg.get("wall_s")),
               "net_s": net,
               "net_round_trips_per_s": div(rounds, net) if net and net > 0 else None,
               "net_hops_per_s": div(rounds * n, net) if net and net > 0 else None,
               "net_hops_per_cpu_s": div(rounds * n, net_cpu) if net_cpu and net_cpu > 0 else None}
        return row, lg

    for n in thread_counts:
        qemu = {}
        if rn.use_qemu:
            for mode in QEMU_MODES:
                qemu[mode] = measure(f"QEMU -smp {n} ({mode})",
                                     lambda img: rn.qemu_once(img, n, mode), n)
        for cores, tpc in IPI_SHAPES[n]:
            row, lg = measure(f"ppc64sim {cores}x{tpc}",
                              lambda img: rn.sim_once(img, cores, tpc), n)
            row["sim_run_round_trips_per_s"] = div(IPI_ROUNDS_LONG, lg.get("run_s"))
            for mode, (q, qlg) in qemu.items():
                row[f"sim_over_qemu_{mode}_time"] = div(row["wall_s"], q["wall_s"])
                row[f"sim_over_qemu_{mode}_net_time"] = div(row["net_s"], q["net_s"])
                row[f"console_identical_{mode}"] = same_console(lg, qlg)
            rows.append(row)
        rows.extend(q for q, _ in qemu.values())
    return {"image": long_img.name, "baseline_image": short_img.name,
            "rounds": IPI_ROUNDS_LONG, "baseline_rounds": IPI_ROUNDS_SHORT,
            "loadavg_before": la, "loadavg_after": loadavg(), "rows": rows}


# ---------------------------------------------------------------------------------------------
# Reporting
# ---------------------------------------------------------------------------------------------

def f(x, spec=".2f", none="—"):
    if x is None:
        return none
    if isinstance(x, bool):
        return "yes" if x else "**NO**"
    return format(x, spec)


def table(header, rows):
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
    return "\n".join(lines)


def host_info(rn):
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    info = {"date": time.strftime("%Y-%m-%d %H:%M:%S %z"), "host": platform.node(),
            "cpu": cpu, "host_cpus": os.cpu_count(), "python": platform.python_version(),
            "ppc64sim": str(rn.sim), "firmware_dir": str(rn.fw_dir), "repeat": rn.repeat,
            "loadavg_start": loadavg()}
    for key, cmd in (("ppc64sim_version", [str(rn.sim), "--version"]),
                     ("qemu_version", [rn.qemu, "--version"]),
                     ("git_revision", ["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"])):
        try:
            p = subprocess.run(cmd, capture_output=True, text=True, timeout=30,
                               stdin=subprocess.DEVNULL, env=rn.env)
            info[key] = (p.stdout.strip().splitlines() or [""])[0]
        except (OSError, subprocess.SubprocessError):
            info[key] = None
    return info


def report_header(info):
    return (f"Host: {info['cpu']}, {info['host_cpus']} CPUs, load average at start "
            f"{fmt_load(info['loadavg_start'])} (1/5/15 min; shared machine). "
            f"{info.get('qemu_version') or 'QEMU n/a'}; ppc64sim {info.get('git_revision') or ''}. "
            f"Median of {info['repeat']} run(s); host times are wall-clock seconds of the whole "
            f"process (start-up included) unless stated.")


def status(r, cell):
    """The figure, or FAILED when the run behind it did not end with a PASS."""
    return "FAILED" if r.get("error") else cell


def report_mips(res):
    rows = []
    for r in res["rows"]:
        sim = r["system"].startswith("ppc64sim")
        rows.append([r["system"], status(r, f(r.get("wall_s"))),
                     status(r, f(r.get("mips_wall"), ".1f")),
                     status(r, f(r.get("mips_run"), ".1f")) if sim else "—",
                     status(r, f(r.get("net_mips"), ".1f")),
                     status(r, f(r.get("net_mips_cpu"), ".1f")),
                     "1" if sim else f(r.get("sim_over_qemu_time")),
                     "1" if sim else f(r.get("sim_over_qemu_net_time")),
                     "—" if sim else f(r.get("console_identical"))])
    count = res["instructions"]
    return (f"### Single-thread speed: `{res['image']}` "
            f"({f(count and count / 1e6, '.1f')} M instructions counted by ppc64sim, 1x1)\n\n"
            + table(["System", "Host s", "MIPS", "MIPS, ppc64sim run loop only",
                     "net MIPS", "net MIPS per CPU s", "ppc64sim time / this",
                     "net ppc64sim time / this", "Console = ppc64sim"], rows)
            + f"\n\nLoad average before/after: {fmt_load(res['loadavg_before'])} / "
              f"{fmt_load(res['loadavg_after'])}. MIPS = ppc64sim's instruction count / host "
              f"wall seconds of the whole process; for QEMU this assumes it retires the same "
              f"number of instructions (same image, deterministic single-thread program; QEMU "
              f"has no counter without plugins). 'Run loop only' = the figure ppc64sim logs "
              f"(board.run(), no start-up). 'net' subtracts the run of `{res['baseline_image']}` "
              f"(same program, 4 iterations instead of 800): (count_long - count_short) / "
              f"(t_long - t_short), which removes start-up and boot on both sides.\n")


def report_scaling(res):
    speed, mem = [], []
    for r in res["rows"]:
        qs, qm = r.get("qemu_single", {}), r.get("qemu_mttcg", {})
        speed.append([r["threads"], r["shape"], status(r, f(r.get("instructions") and
                                                            r["instructions"] / 1e6, ".1f")),
                      status(r, f(r.get("wall_s"))), status(r, f(r.get("aggregate_mips"), ".1f")),
                      status(qs, f(qs.get("wall_s"))), f(r.get("qemu_single_mips_wall"), ".1f"),
                      f(r.get("sim_over_qemu_single_time")),
                      status(qm, f(qm.get("wall_s"))), f(r.get("sim_over_qemu_mttcg_time")),
                      f(r.get("console_identical_single"))])
        mem.append([r["threads"], r["shape"],
                    status(r, f(r.get("maxrss_kib") and r["maxrss_kib"] / 1024, ".1f")),
                    f(r.get("rss_per_thread_kib"), ".0f"),
                    f(r.get("rss_marginal_per_thread_kib"), ".0f"),
                    status(qs, f(qs.get("maxrss_kib") and qs["maxrss_kib"] / 1024, ".1f")),
                    status(qm, f(qm.get("maxrss_kib") and qm["maxrss_kib"] / 1024, ".1f"))])
    return (f"### SMP scaling: `{res['image']}` (fixed total work split over all threads)\n\n"
            + table(["Threads", "ppc64sim CxT", "M insns", "ppc64sim s", "aggregate MIPS",
                     "QEMU single s", "QEMU eff. MIPS", "ppc64sim/QEMU single time",
                     "QEMU MTTCG s", "ppc64sim/QEMU MTTCG time", "Console = QEMU"], speed)
            + "\n\n" + table(["Threads", "ppc64sim CxT", "ppc64sim max RSS MiB",
                              "RSS / threads KiB (incl. guest RAM)", "marginal KiB / extra thread",
                              "QEMU single max RSS MiB", "QEMU MTTCG max RSS MiB"], mem)
            + f"\n\nLoad average before/after: {fmt_load(res['loadavg_before'])} / "
              f"{fmt_load(res['loadavg_after'])}. Aggregate MIPS = ppc64sim's instruction count "
              f"(all threads, the boot thread's wait loop included) / its run-loop seconds. "
              f"QEMU eff. MIPS = the same count / QEMU wall seconds (assumes equal instruction "
              f"counts, approximate because wait loops spin for different times). Times are "
              f"whole-process wall seconds. Max RSS per run from wait4(); marginal = (RSS - RSS "
              f"at 1x1) / (threads - 1). Guest RAM is 256 MiB on both.\n")


def report_ipi(res):
    rows = []
    for r in res["rows"]:
        rows.append([r["threads"], r["system"], status(r, f(r.get("wall_s"))),
                     status(r, f(r.get("round_trips_per_s"), ",.0f")),
                     status(r, f(r.get("hops_per_s"), ",.0f")),
                     status(r, f(r.get("net_round_trips_per_s"), ",.0f")),
                     status(r, f(r.get("net_hops_per_s"), ",.0f")),
                     status(r, f(r.get("net_hops_per_cpu_s"), ",.0f")),
                     f(r.get("sim_over_qemu_single_time")), f(r.get("sim_over_qemu_mttcg_time")),
                     f(r.get("console_identical_single"))])
    return (f"### IPI ring: `{res['image']}` ({res['rounds']} rounds)\n\n"
            + table(["Threads", "System", "Host s", "round trips/s", "IPI hops/s",
                     "net round trips/s", "net IPI hops/s", "net IPI hops per CPU s",
                     "ppc64sim/QEMU single time",
                     "ppc64sim/QEMU MTTCG time", "Console = QEMU"], rows)
            + f"\n\nLoad average before/after: {fmt_load(res['loadavg_before'])} / "
              f"{fmt_load(res['loadavg_after'])}. Hop = one IPI: H_IPI(next, 5), the receiver "
              f"wakes from H_CEDE, takes 0x500, H_XIRR, H_IPI(self, 0xff), H_EOI, sends the next. "
              f"Round trip = the token back at the thread that sent it = one trip around the "
              f"ring = N hops (with 2 threads: there and back). Rates are per host wall second of "
              f"the whole process; 'net' subtracts the time of `{res['baseline_image']}` "
              f"({res['baseline_rounds']} rounds, same configuration): (rounds - "
              f"{res['baseline_rounds']}) / (t_long - t_short), removing start-up and boot; "
              f"'per CPU s' uses the processes' CPU seconds (user + system) instead of wall "
              f"time, which a busy machine disturbs less (QEMU MTTCG: all its threads).\n")


def bench_modes(rn, thread_counts):
    """Host speed of cycle mode (every instruction through the timing model) against fast
    mode on the same images: compute_smp (fixed work over all threads) and ipi_ring."""
    log(f"modes: fast vs cycle on compute_smp and ipi_ring, {thread_counts} threads")
    la = loadavg()
    rows = []
    for image_name in ("compute_smp", "ipi_ring"):
        img = rn.image(image_name)
        for n in thread_counts:
            if image_name == "ipi_ring" and n < 2:
                continue
            cores, threads = (n, 1) if n <= 64 else (n // 2, 2)
            row = {"image": image_name, "threads": n, "shape": f"{cores}x{threads}"}
            for mode in ("fast", "cycle"):
                r = rn.repeated(f"ppc64sim {cores}x{threads} {image_name} --mode {mode}",
                                lambda: rn.sim_once(img, cores, threads, ["--mode", mode]))
                row[mode] = strip(r)
                row[f"{mode}_mips"] = r.get("sim_mips")
                row[f"{mode}_mips_per_thread"] = div(r.get("sim_mips"), n)
                row[f"{mode}_simulated_us"] = r.get("simulated_ps") and r["simulated_ps"] / 1e6
            row["cycle_over_fast_time"] = div(row["cycle"].get("run_s"), row["fast"].get("run_s"))
            rows.append(row)
    return {"loadavg_before": la, "loadavg_after": loadavg(), "rows": rows}


def report_modes(res):
    rows = []
    for r in res["rows"]:
        fa, cy = r["fast"], r["cycle"]
        rows.append([r["image"], r["threads"], r["shape"],
                     status(fa, f(r.get("fast_mips"), ".1f")), status(fa, f(r.get("fast_mips_per_thread"), ".1f")),
                     status(cy, f(r.get("cycle_mips"), ".1f")), status(cy, f(r.get("cycle_mips_per_thread"), ".1f")),
                     f(r.get("cycle_over_fast_time")),
                     f(r.get("fast_simulated_us"), ".0f"), f(r.get("cycle_simulated_us"), ".0f")])
    return ("### Fast mode and cycle mode (same images)\n\n"
            + table(["Image", "Threads", "CxT", "fast MIPS", "fast MIPS/thread", "cycle MIPS",
                     "cycle MIPS/thread", "cycle / fast host time", "fast simulated µs",
                     "cycle simulated µs"], rows)
            + f"\n\nLoad average before/after: {fmt_load(res['loadavg_before'])} / "
              f"{fmt_load(res['loadavg_after'])}. MIPS = instructions retired by all threads / "
              f"host seconds of the run loop (ppc64sim's own figure). Targets (issue 5): cycle "
              f"mode 100 MIPS per thread, fast mode 500. The simulated times differ because cycle "
              f"mode times every instruction with the timing model (fast: one cycle each).\n")


SMT_TURN_SHAPES = ((1, 2), (4, 2), (1, 4))


def bench_smt_turns(rn, turns):
    """Cycle mode on SMT boards with the exact (cycle, thread) order of what a core's threads
    share (timing.smt-turn-cycles=1) and with coarser turns: host speed, and how far the
    simulated time moves (the approximation's price), on compute_smp_long."""
    log(f"smt: cycle mode, compute_smp_long, timing.smt-turn-cycles {turns}")
    la = loadavg()
    img = rn.image("compute_smp_long")
    rows = []
    for cores, threads in SMT_TURN_SHAPES:
        exact_ps = None
        for k in turns:
            r = rn.repeated(f"ppc64sim {cores}x{threads} compute_smp_long cycle K={k}",
                            lambda: rn.sim_once(img, cores, threads,
                                                ["--mode", "cycle", "--set", f"timing.smt-turn-cycles={k}"]))
            if k == 1:
                exact_ps = r.get("simulated_ps")
            rows.append({"shape": f"{cores}x{threads}", "turn_cycles": k, "run": strip(r),
                         "mips": r.get("sim_mips"), "simulated_ps": r.get("simulated_ps"),
                         "simulated_vs_exact": div(r.get("simulated_ps"), exact_ps)})
    return {"loadavg_before": la, "loadavg_after": loadavg(), "rows": rows}


def report_smt_turns(res):
    rows = [[r["shape"], r["turn_cycles"], status(r["run"], f(r.get("mips"), ".1f")),
             f(r.get("simulated_ps") and r["simulated_ps"] / 1e6, ".0f"),
             f(r.get("simulated_vs_exact"), ".4f")] for r in res["rows"]]
    return ("### SMT turns in cycle mode (compute_smp_long)\n\n"
            + table(["CxT", "timing.smt-turn-cycles", "cycle MIPS", "simulated µs",
                     "simulated / exact order"], rows)
            + f"\n\nLoad average before/after: {fmt_load(res['loadavg_before'])} / "
              f"{fmt_load(res['loadavg_after'])}. 1 = the exact (cycle, thread) order; K > 1 = "
              f"turns of K cycles (models/cpu/timing/README.md, SMT issue policy).\n")


CHAIN_CASES = (("compute_smp_long", 2, 1), ("compute_smp_long", 1, 2), ("compute_smp_long", 4, 2),
               ("ipi_ring_long", 8, 1), ("ipi_ring_long", 64, 1))
# One thread of a board of eight (the default 4x2) or two, threads taking turns (the IPI ring),
# and two busy threads (never alone: the cost of the check).
SOLO_CASES = (("compute_long", 4, 2), ("compute_long", 2, 1), ("ipi_ring_long", 8, 1), ("ipi_ring_long", 2, 2),
              ("compute_smp_long", 2, 1))


def bench_on_off(rn, key, cases):
    """Cycle mode with the platform key `key` off and on (the default, host speed only): MIPS
    of each; the instruction count and simulated time must be equal."""
    log(f"{key}: cycle mode, off/on")
    la = loadavg()
    rows = []
    for name, cores, threads in cases:
        img = rn.image(name)
        runs = {}
        for value in ("off", "on"):
            runs[value] = rn.repeated(f"ppc64sim {cores}x{threads} {name} cycle {key}={value}",
                                      lambda: rn.sim_once(img, cores, threads,
                                                          ["--mode", "cycle", "--set", f"{key}={value}"]))
        off, on = runs["off"], runs["on"]
        same = (off.get("instructions"), off.get("simulated_ps")) == (on.get("instructions"), on.get("simulated_ps"))
        rows.append({"image": name, "shape": f"{cores}x{threads}", "off": strip(off), "on": strip(on),
                     "mips_off": off.get("sim_mips"), "mips_on": on.get("sim_mips"),
                     "speedup": div(on.get("sim_mips"), off.get("sim_mips")), "same_run": same})
    return {"key": key, "loadavg_before": la, "loadavg_after": loadavg(), "rows": rows}


def report_on_off(res, title, meaning):
    key = res["key"]
    rows = [[r["image"], r["shape"], status(r["off"], f(r.get("mips_off"), ".1f")),
             status(r["on"], f(r.get("mips_on"), ".1f")), f(r.get("speedup"), ".2f"),
             "yes" if r["same_run"] else "NO"] for r in res["rows"]]
    return (f"### {title}\n\n"
            + table(["Image", "CxT", f"MIPS, {key}=off", "MIPS, on", "on / off",
                     "same instructions and simulated time"], rows)
            + f"\n\nLoad average before/after: {fmt_load(res['loadavg_before'])} / "
              f"{fmt_load(res['loadavg_after'])}. {meaning}\n")


def report_chain(res):
    return report_on_off(res, "Chained passes in cycle mode",
                         "off = every pass returns to the SystemC kernel; on = a pass after which the kernel "
                         "has nothing due before the next goes straight on (models/cpu/timing/README.md, "
                         "Chained passes).")


def report_solo(res):
    return report_on_off(res, "Solo stores in cycle mode",
                         "off = every store through the store queue; on = a thread running alone on the "
                         "board stores straight into memory (models/cpu/timing/README.md, Stores of a "
                         "thread running alone).")


# ---------------------------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------------------------

def int_list(text):
    try:
        return [int(x) for x in text.split(",") if x]
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a comma-separated list of integers")


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("command", choices=["mips", "scaling", "ipi", "modes", "smt", "chain", "solo", "all"])
    p.add_argument("--build-dir", default=str(REPO / "build" / "default"),
                   help="build directory holding ppc64sim and firmware/ (default: %(default)s)")
    p.add_argument("--sim", help="ppc64sim executable (default: BUILD_DIR/ppc64sim)")
    p.add_argument("--firmware-dir", help="firmware images (default: BUILD_DIR/firmware)")
    p.add_argument("--qemu", default="qemu-system-ppc64")
    p.add_argument("--no-qemu", action="store_true", help="run ppc64sim only")
    p.add_argument("--repeat", "-r", type=int, default=3, help="runs per measurement; the "
                   "median is reported (default %(default)s)")
    p.add_argument("--timeout", type=float, default=300, help="seconds per run; a run that "
                   "takes longer is killed and reported FAILED (default %(default)s)")
    p.add_argument("--scaling-threads", type=int_list, default=[1, 8, 32, 64],
                   help=f"subset of {sorted(SCALING_SHAPES)} (default 1,8,32,64)")
    p.add_argument("--ipi-threads", type=int_list, default=[2, 4, 8, 32],
                   help=f"subset of {sorted(IPI_SHAPES)} (default 2,4,8,32)")
    p.add_argument("--mode-threads", type=int_list, default=[1, 2, 8, 64],
                   help="thread counts of the fast/cycle comparison (default 1,2,8,64)")
    p.add_argument("--smt-turns", type=int_list, default=[1, 16, 64],
                   help="timing.smt-turn-cycles values of the smt benchmark (default 1,16,64)")
    p.add_argument("--host-threads", type=int, default=1,
                   help="pass --host-threads N to every ppc64sim run (cycle mode, several cores: "
                        "the passes on N host threads; default 1)")
    p.add_argument("--json", help="write the raw numbers to this file")
    p.add_argument("--markdown", help="also write the tables to this file")
    a = p.parse_args(argv)
    bd = Path(a.build_dir)
    a.sim = a.sim or str(bd / "ppc64sim")
    a.firmware_dir = a.firmware_dir or str(bd / "firmware")
    if a.repeat < 1:
        p.error("--repeat must be at least 1")
    if not 1 <= a.host_threads <= 64:
        p.error("--host-threads must be 1..64")
    for name, allowed, vals in (("--scaling-threads", SCALING_SHAPES, a.scaling_threads),
                                ("--ipi-threads", IPI_SHAPES, a.ipi_threads)):
        bad = [v for v in vals if v not in allowed]
        if bad:
            p.error(f"{name}: {bad} not in {sorted(allowed)}")
    return a


def write_outputs(args, results, parts):
    """Written after every benchmark, so an interrupted run keeps what it measured."""
    try:
        if args.markdown:
            Path(args.markdown).write_text("\n\n".join(parts) + "\n")
        if args.json:
            Path(args.json).write_text(json.dumps(results, indent=2) + "\n")
    except OSError as e:
        raise BenchError(f"cannot write the results: {e}")


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    benches = [("mips", lambda rn: bench_mips(rn), report_mips),
               ("scaling", lambda rn: bench_scaling(rn, args.scaling_threads), report_scaling),
               ("ipi", lambda rn: bench_ipi(rn, args.ipi_threads), report_ipi),
               ("modes", lambda rn: bench_modes(rn, args.mode_threads), report_modes),
               ("smt", lambda rn: bench_smt_turns(rn, args.smt_turns), report_smt_turns),
               ("chain", lambda rn: bench_on_off(rn, "timing.chain-passes", CHAIN_CASES), report_chain),
               ("solo", lambda rn: bench_on_off(rn, "timing.solo-stores", SOLO_CASES), report_solo)]
    try:
        rn = Runner(args)
        info = host_info(rn)
        results = {"info": info}
        parts = [report_header(info)]
        print(parts[0] + "\n", flush=True)
        t0 = time.monotonic()
        for name, run, report in benches:
            if args.command not in (name, "all"):
                continue
            results[name] = run(rn)
            parts.append(report(results[name]))
            print(parts[-1], flush=True)
            write_outputs(args, results, parts)
        info["loadavg_end"] = loadavg()
        info["total_s"] = time.monotonic() - t0
        info["failures"] = rn.failures
        tail = (f"Load average at end {fmt_load(info['loadavg_end'])}; benchmark took "
                f"{info['total_s']:.0f} s.")
        if rn.failures:
            tail += "\n\nFailed runs (figures marked FAILED):\n" + "\n".join(
                f"- {x}" for x in rn.failures)
        parts.append(tail)
        print(tail, flush=True)
        write_outputs(args, results, parts)
    except BenchError as e:
        print(f"run_benchmarks: error: {e}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    if args.json or args.markdown:
        log(f"results written to {' and '.join(x for x in (args.markdown, args.json) if x)}")
    return 1 if rn.failures else 0


if __name__ == "__main__":
    sys.exit(main())
