#!/bin/bash
# A real gdb-multiarch session against ppc64sim (the real board) running hello.elf on 2 cores.
# Usage: board_gdb_session.sh PPC64SIM HELLO_ELF GDB
# Expected facts: the boot thread calls report(0) (firmware/hello/main.c; the conditional
# breakpoint lets the started thread pass whichever gets there first), the runtime's
# crt0 switches to 64-bit with MSR = SF|ME, the board has the 2 x 1 topology given here, and
# RTAS power-off ends the run (gdb: exited normally). Determinism: the console under gdb equals
# the console of the same run without a debugger.
set -u
sim=$1 elf=$2 gdb=$3
work=$(mktemp -d)
trap 'kill $sim_pid 2>/dev/null; rm -rf "$work"' EXIT
board=(--cores 2 --threads-per-core 1 --firmware "$elf")

. "$(dirname "$0")/board_gdb_lib.sh"
start_board_under_gdb "${board[@]}"

timeout 90 "$gdb" -nx -batch -ex 'set arch powerpc:common64' -ex "target remote 127.0.0.1:$port" \
  -ex 'break report if index == 0' -ex continue -ex 'info registers pc msr' -ex 'print index' \
  -ex 'print topo.nthreads' -ex 'set $old = (long)$pc' -ex stepi -ex 'print (long)$pc - $old' \
  -ex 'info threads' -ex 'thread 2' -ex 'print $_thread' -ex 'thread 1' -ex delete -ex continue \
  "$elf" > "$work/gdb.log" 2>&1
wait $sim_pid
sim_rc=$?

g=$work/gdb.log
expect "$g" 'Breakpoint 1 at 0x[0-9a-f]+: file .*hello/main.c' 'breakpoint at report'
expect "$g" 'Thread 1 hit Breakpoint 1, report \(index=' 'thread 1 stops in report'
expect "$g" '^pc +0x[0-9a-f]+ +0x[0-9a-f]+ <report>' 'pc at report'
expect "$g" '^msr +0x8000000000001000 ' 'msr = SF|ME'
expect "$g" '^\$1 = 0$' 'first report is for thread index 0'
expect "$g" '^\$2 = 2$' 'firmware found 2 threads'
expect "$g" '^\$3 = 4$' 'stepi advanced one instruction'
expect "$g" 'Thread 1 \(core 0 thread 0, running\)' 'thread 1 listed'
expect "$g" 'Thread 2 \(core 1 thread 0, ' 'thread 2 listed'
expect "$g" '^\$4 = 2$' 'switched to thread 2'
expect "$g" 'exited normally' 'power-off seen by gdb'
expect "$work/sim.out" '^PASS: hello' 'firmware passed under gdb'
[ "$sim_rc" = 0 ] || { echo "FAIL: ppc64sim exit status $sim_rc"; fail=1; }
cmp -s "$work/plain.out" "$work/sim.out" || { echo "FAIL: console differs with gdb attached"; diff "$work/plain.out" "$work/sim.out" | head; fail=1; }
if [ $fail != 0 ]; then
  for f in sim.err gdb.log sim.out; do echo "==== $f"; cat "$work/$f"; done
  exit 1
fi
echo "board gdb session: all checks passed"
