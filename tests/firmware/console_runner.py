"""Runs a firmware image on QEMU pseries or on ppc64sim and returns its console output.

QEMU command line: firmware-contract.md "Running QEMU for comparisons" (stdin from /dev/null,
stderr kept out of the output because TCG prints feature warnings there, single-threaded TCG for stable runs).
ppc64sim prints only the guest console on stdout and exits 0 on RTAS power-off.
"""
import shutil
import subprocess
import sys

SKIP_RETURN_CODE = 77
QEMU = "qemu-system-ppc64"


class RunError(Exception):
    pass


def qemu_available(qemu=QEMU):
    return shutil.which(qemu) is not None


def qemu_command(firmware, cores, threads, memory_mib, qemu=QEMU):
    # QEMU 7.2 TCG refuses threads > 1 on pseries ("TCG cannot support more than 1
    # thread/core on a pseries machine"); the command is still formed so the error is shown.
    smp = str(cores) if threads == 1 else f"{cores * threads},cores={cores},threads={threads}"
    return [qemu, "-M", "pseries,ic-mode=xics", "-nographic", "-bios", str(firmware),
            "-m", str(memory_mib), "-smp", smp, "-accel", "tcg,thread=single"]


def sim_command(sim, firmware, cores=None, threads=None, memory_mib=None):
    cmd = [str(sim), "--firmware", str(firmware)]
    if cores is not None:
        cmd += ["--cores", str(cores)]
    if threads is not None:
        cmd += ["--threads-per-core", str(threads)]
    if memory_mib is not None:
        cmd += ["--memory", str(memory_mib)]
    return cmd


def run(cmd, timeout, keep_stderr):
    """Returns stdout bytes; raises RunError on timeout or non-zero exit."""
    print("running: " + " ".join(cmd), flush=True)
    try:
        proc = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                              stderr=None if keep_stderr else subprocess.PIPE,
                              timeout=timeout, check=False)
    except subprocess.TimeoutExpired as exc:
        raise RunError(f"{cmd[0]} did not power off within {timeout} s; console so far:\n"
                       + (exc.stdout or b"").decode("latin-1")) from exc
    except OSError as exc:
        raise RunError(f"cannot run {cmd[0]}: {exc}") from exc
    if proc.returncode != 0:
        # Kept out of the compared output, but shown when the run fails.
        stderr = "" if keep_stderr else "; stderr:\n" + proc.stderr.decode("latin-1")
        raise RunError(f"{cmd[0]} exited with status {proc.returncode}{stderr}; console:\n"
                       + proc.stdout.decode("latin-1"))
    return proc.stdout


def run_qemu(firmware, cores, threads, memory_mib, timeout, qemu=QEMU):
    return run(qemu_command(firmware, cores, threads, memory_mib, qemu), timeout,
               keep_stderr=False)


def run_sim(sim, firmware, cores, threads, memory_mib, timeout):
    return run(sim_command(sim, firmware, cores, threads, memory_mib), timeout,
               keep_stderr=True)


def skip_without_qemu(qemu=QEMU):
    if not qemu_available(qemu):
        print(f"SKIPPED: {qemu} not installed")
        sys.exit(SKIP_RETURN_CODE)


def add_target_arguments(ap):
    """The options every checker shares: where to run (ppc64sim or QEMU) and on which board."""
    who = ap.add_mutually_exclusive_group(required=True)
    who.add_argument("--sim", help="path of the ppc64sim executable")
    who.add_argument("--qemu", action="store_true", help="run on qemu-system-ppc64")
    ap.add_argument("--firmware", required=True)
    ap.add_argument("--cores", type=int, required=True)
    ap.add_argument("--threads-per-core", type=int, required=True)
    ap.add_argument("--memory", type=int, default=256)
    ap.add_argument("--default-board", action="store_true",
                    help="pass no topology/memory options to ppc64sim")
    ap.add_argument("--timeout", type=int, default=60)


def run_target(ap, args):
    """Runs the firmware where add_target_arguments' options say; returns its console text.

    Exits 77 when QEMU is asked for and absent; raises RunError when the run fails."""
    if args.cores < 1 or args.threads_per_core < 1:
        ap.error(f"--cores and --threads-per-core must be >= 1, got {args.cores} and "
                 f"{args.threads_per_core}")
    if args.qemu:
        skip_without_qemu()
        out = run_qemu(args.firmware, args.cores, args.threads_per_core, args.memory,
                       args.timeout)
    elif args.default_board:
        out = run_sim(args.sim, args.firmware, None, None, None, args.timeout)
    else:
        out = run_sim(args.sim, args.firmware, args.cores, args.threads_per_core,
                      args.memory, args.timeout)
    return out.decode("latin-1")
