#!/bin/bash
# The README's bring-up session for real: gdb-multiarch on ppc64sim (1 core) running
# xics_selftest, a breakpoint in the external-interrupt handler, the board monitor through gdb's
# `monitor` (qRcmd), a checkpoint taken from gdb, then a run restored from it without gdb.
# Usage: board_gdb_monitor_checkpoint.sh PPC64SIM XICS_SELFTEST_ELF GDB
# Expected facts, from the firmware and xics-spec.md, not from our output:
# - delivery_checks() (firmware/xics_selftest/main.c) sets CPPR 0xff, enables EE and sends
#   H_IPI(self, 5): the first 0x500 lands in external_handler before its H_XIRR, so ICP 0 holds
#   the IPI: XISR 2 (xics-spec 1.1), MFRR 5, pending priority = MFRR (1.3: XISR==2 => PPRI==MFRR)
#   and CPPR 0xff; the word (1.3 CPPR<<56|XISR<<32|MFRR<<24|PPRI<<16) is 0xff00000205050000.
# - gdb owns run control: a monitor `continue` is refused.
# - A restored run continues the same console: its output is the tail of the gdb run's console,
#   ending with the firmware's "PASS: xics_selftest"; the gdb run's console equals a run
#   without a debugger (gdb continuing does not change the run).
set -u
sim=$1 elf=$2 gdb=$3
work=$(mktemp -d)
sim_pid=
trap '[ -n "$sim_pid" ] && kill $sim_pid 2>/dev/null; rm -rf "$work"' EXIT
board=(--cores 1)

. "$(dirname "$0")/board_gdb_lib.sh"
start_board_under_gdb "${board[@]}" --firmware "$elf"

timeout 120 "$gdb" -nx -batch -ex 'set arch powerpc:common64' -ex "target remote 127.0.0.1:$port" \
  -ex 'break external_handler' -ex continue \
  -ex 'monitor info icp 0' -ex 'monitor info xics' -ex 'monitor continue' \
  -ex 'monitor set icp 0 cppr=0xff xisr=2 mfrr=5 ppri=5' \
  -ex "monitor checkpoint $work/a.ckpt" -ex 'info registers pc' -ex 'maint flush register-cache' \
  -ex 'info registers pc' \
  -ex delete -ex continue \
  "$elf" > "$work/gdb.log" 2>&1
wait $sim_pid
sim_rc=$?
sim_pid=

"$sim" "${board[@]}" --restore "$work/a.ckpt" > "$work/restore.out" 2> "$work/restore.err"
restore_rc=$?

g=$work/gdb.log
expect "$g" 'Breakpoint 1, external_handler \(' 'stopped in the external-interrupt handler'
expect "$g" '^icp 0 0xff00000205050000 cppr 0xff xisr 0x2 mfrr 0x5 ppri 0x5$' 'monitor info icp 0: the IPI'
expect "$g" '^ics sources 0x1000-' 'monitor info xics lists the ICS'
n_icp=$(grep -c '^icp 0 0xff00000205050000 ' "$g")
[ "$n_icp" = 3 ] || { echo "FAIL: expected the IPI word from info icp, info xics and set icp, got $n_icp lines"; fail=1; }
expect "$g" "^error: 'continue' is not available from gdb: use gdb's continue/stepi" 'monitor continue refused'
expect "$g" "^checkpoint written to $work/a.ckpt at cycle [0-9]+$" 'monitor checkpoint'
# If the checkpoint ran the board on, gdb's cached pc is stale until the flush, then it moves.
if grep -q '^the board ran on from cycle ' "$g"; then
  pcs=$(grep -E '^pc +0x' "$g")
  [ "$(echo "$pcs" | sed -n 1p | grep -c '<external_handler>')" = 1 ] || { echo "FAIL: stale pc before the flush"; fail=1; }
  [ "$(echo "$pcs" | sed -n 2p | grep -c '<external_handler>')" = 0 ] || { echo "FAIL: pc not refreshed by maint flush register-cache"; fail=1; }
  expect "$g" 'maint flush register-cache. refreshes them' 'checkpoint reply explains the stale registers'
fi
ckpt_cycle=$(sed -n 's/^checkpoint written to .* at cycle \([0-9]*\)$/\1/p' "$g")
expect "$work/restore.err" "continuing at cycle ${ckpt_cycle:-none}\$" 'restored at the cycle gdb was told'
expect "$g" 'exited normally' 'power-off seen by gdb'
[ -s "$work/a.ckpt" ] || { echo "FAIL: no checkpoint file"; fail=1; }
[ "$sim_rc" = 0 ] || { echo "FAIL: ppc64sim under gdb exit status $sim_rc"; fail=1; }
[ "$restore_rc" = 0 ] || { echo "FAIL: restored run exit status $restore_rc"; fail=1; }
cmp -s "$work/plain.out" "$work/sim.out" || { echo "FAIL: console differs with gdb attached"; diff "$work/plain.out" "$work/sim.out" | head; fail=1; }
[ "$(tail -n 1 "$work/restore.out")" = "PASS: xics_selftest" ] || { echo "FAIL: restored run does not end with PASS: xics_selftest"; fail=1; }
full=$(wc -c < "$work/sim.out") tail_len=$(wc -c < "$work/restore.out")
if [ "$tail_len" -ge "$full" ]; then
  echo "FAIL: the restored run printed the whole console ($tail_len of $full bytes): it did not start at the checkpoint"; fail=1
elif ! tail -c "$tail_len" "$work/sim.out" | cmp -s - "$work/restore.out"; then
  echo "FAIL: the restored console is not the tail of the gdb run's console"; fail=1
fi
if [ $fail != 0 ]; then
  for f in sim.err gdb.log sim.out restore.err restore.out; do echo "==== $f"; cat "$work/$f"; done
  exit 1
fi
echo "board gdb monitor checkpoint: all checks passed"
