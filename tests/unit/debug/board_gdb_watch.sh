#!/bin/bash
# Data watchpoints under a real gdb-multiarch session against ppc64sim (the real board) running
# hello.elf on 2 cores. Usage: board_gdb_watch.sh PPC64SIM HELLO_ELF GDB
# Expected facts (firmware/hello/main.c, firmware/runtime/spinlock.h): `turn` is a static
# volatile uint32_t in .bss (0 at reset); main's first write to it is fw_atomic_store(&turn, 1)
# (sync; stw; sync); report() then reads it (fw_atomic_load: lwz; lwsync) while it is still 1.
# gdb's PowerPC model has non-steppable watchpoints (`maint print architecture`:
# have_nonsteppable_watchpoint = 1): the target stops before the access and gdb steps the
# instruction itself, so gdb reports the hit with the PC on the instruction after the access.
# Determinism: the console under gdb equals the console of the same run without a debugger.
set -u
sim=$1 elf=$2 gdb=$3
work=$(mktemp -d)
sim_pid=
trap 'kill $sim_pid 2>/dev/null; rm -rf "$work"' EXIT
board=(--cores 2 --threads-per-core 1 --firmware "$elf")

. "$(dirname "$0")/board_gdb_lib.sh"
start_board_under_gdb "${board[@]}"

# `x/i $pc - 4` disassembles the instruction before the stop: the access gdb stepped over.
timeout 90 "$gdb" -nx -batch -ex 'set arch powerpc:common64' -ex "target remote 127.0.0.1:$port" \
  -ex 'watch turn' -ex continue -ex 'print turn' -ex 'x/i $pc - 4' -ex 'info symbol $pc' \
  -ex delete -ex 'rwatch turn' -ex continue -ex 'x/i $pc - 4' -ex 'info symbol $pc' \
  -ex delete -ex continue \
  "$elf" > "$work/gdb.log" 2>&1
wait $sim_pid
sim_rc=$?

g=$work/gdb.log
expect "$g" '^Hardware watchpoint 1: turn$' 'gdb took a hardware (Z2) watchpoint'
expect "$g" 'hit Hardware watchpoint 1: turn' 'write watchpoint reported'
expect "$g" '^Old value = 0$' 'old value 0 (.bss)'
expect "$g" '^New value = 1$' 'new value 1 (first fw_atomic_store)'
expect "$g" '^\$1 = 1$' 'memory holds the new value'
# The first x/i: the store to turn, in main.
awk '/^\$1 = 1$/{f=1} f && /=> |:\t/{print; exit}' "$g" > "$work/first_insn"
expect "$work/first_insn" 'stw[x]? +r[0-9]+,' 'stopped right after a store word'
expect "$g" '^main \+ [0-9]+ in section|^\.main \+ [0-9]+ in section' 'write hit is in main'
expect "$g" '^Hardware read watchpoint 2: turn$' 'gdb took a read (Z3) watchpoint'
expect "$g" 'hit Hardware read watchpoint 2: turn' 'read watchpoint reported'
expect "$g" '^Value = 1$' 'value read is 1'
awk '/hit Hardware read watchpoint/{f=1} f && /:\t/{print; exit}' "$g" > "$work/second_insn"
expect "$work/second_insn" 'lwz[x]? +r[0-9]+,' 'stopped right after a load word'
expect "$g" '^\.?report \+ [0-9]+ in section' 'read hit is in report'
expect "$g" 'exited normally' 'power-off seen by gdb'
expect "$work/sim.out" '^PASS: hello' 'firmware passed under gdb'
[ "$sim_rc" = 0 ] || { echo "FAIL: ppc64sim exit status $sim_rc"; fail=1; }
cmp -s "$work/plain.out" "$work/sim.out" || { echo "FAIL: console differs with gdb attached"; diff "$work/plain.out" "$work/sim.out" | head; fail=1; }
if [ $fail != 0 ]; then
  for f in sim.err gdb.log sim.out; do echo "==== $f"; cat "$work/$f"; done
  exit 1
fi
[ -n "${WATCH_TEST_VERBOSE:-}" ] && cat "$work/gdb.log"
echo "board gdb watchpoints: all checks passed"
