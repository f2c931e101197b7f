#!/bin/bash
# Monitor watchpoints on the real board (hello.elf, 2 x 1). Usage: board_monitor_watch.sh PPC64SIM HELLO_ELF
# Expected facts (firmware/runtime/crt0.S, firmware/hello/main.c, firmware/runtime/spinlock.h):
# `turn` is a static volatile uint32_t in .bss; crt0 zeroes .bss with doubleword stores (std)
# before main, then main's fw_atomic_store(&turn, 1) is a big-endian stw by the boot thread;
# the threads read it with lwz in report(). A watchpoint stops the thread before the access
# (a POWER DAWR match), so memory still holds the old value until `step` runs the store.
# Addresses come from the ELF (nm) and the stopping instructions are checked with objdump.
set -u
sim=$1 elf=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
turn=$(powerpc64-linux-gnu-nm "$elf" | sed -n 's/^0*\([0-9a-f]*\) [bBdD] turn$/\1/p')
[ -n "$turn" ] || { echo "FAIL: no address for turn in $elf"; exit 1; }
turn2=$(printf '%x' $((0x$turn + 2)))
cat > "$work/script" <<SCRIPT
watch write 0x$turn 4
info breaks
continue
continue
dump 0x$turn 4
step 1 0
dump 0x$turn 4
unwatch 0x$turn
watch access 0x$turn2 1
continue
unwatch access 0x$turn2 1
info breaks
watch bogus 0x$turn
watch write 0x$turn 0
unwatch 0x$turn
SCRIPT
"$sim" --cores 2 --threads-per-core 1 --firmware "$elf" --monitor-script "$work/script" \
  > "$work/out" 2> "$work/err"
rc=$?
fail=0
expect() { # file, regex, what
  if ! grep -Eq -- "$2" "$1"; then echo "FAIL: $3 (no /$2/ in $(basename "$1"))"; fail=1; fi
}
o=$work/out
expect "$o" '^write watchpoint at 0x0*'"$turn"' len 4$' 'watch acknowledged and listed'
[ "$(grep -Ec '^cpu 0 hit write watchpoint at 0x0*'"$turn"' \(pc 0x[0-9a-f]+, not executed yet\)$' "$o")" = 2 ] ||
  { echo "FAIL: thread 0 does not stop twice before a store to turn"; fail=1; }
expect "$o" '^0x0*'"$turn"': 00 00 00 00 ' 'old value still in memory'
expect "$o" '^0x0*'"$turn"': 00 00 00 01 ' 'step performed the store of 1 (big-endian)'
expect "$o" 'cpu [01] hit access watchpoint at 0x0*'"$turn2"' \(pc 0x[0-9a-f]+, not executed yet\)$' 'a read of turn hits the byte watched at +2'
expect "$o" '^error: bad watchpoint kind .bogus.' 'bad kind refused'
expect "$o" '^error: bad length .0.' 'zero length refused'
expect "$o" '^error: no watchpoint at ' 'unwatch of nothing refused'
expect "$o" '^PASS: hello' 'firmware ran on to its end'
expect "$work/err" 'monitor: 3 command\(s\) failed' 'exactly the three bad commands failed'
# Watchpoint lines: the two acknowledgements and the first `info breaks`; after unwatch the
# second `info breaks` lists nothing.
[ "$(grep -c '^no breakpoints$' "$o")" = 2 ] && [ "$(grep -c 'watchpoint at .* len ' "$o")" = 3 ] ||
  { echo "FAIL: info breaks after unwatch"; fail=1; }
# The stopping instructions, disassembled independently: a stw for the write, a lwz for the read.
insn_at() { powerpc64-linux-gnu-objdump -d --start-address=$((0x$1)) --stop-address=$((0x$1 + 4)) "$elf" | grep -E '^ +[0-9a-f]+:'; }
pc0=$(sed -n 's/^cpu 0 hit write watchpoint .*(pc 0x\([0-9a-f]*\),.*/\1/p' "$o" | sed -n 1p)
pc1=$(sed -n 's/^cpu 0 hit write watchpoint .*(pc 0x\([0-9a-f]*\),.*/\1/p' "$o" | sed -n 2p)
pc2=$(sed -n 's/.*cpu [01] hit access watchpoint .*(pc 0x\([0-9a-f]*\),.*/\1/p' "$o")
if [ -n "$pc0" ]; then insn_at "$pc0" | grep -Eq 'std +r[0-9]+,' || { echo "FAIL: first hit pc $pc0 is not crt0's std: $(insn_at "$pc0")"; fail=1; }; fi
if [ -n "$pc1" ]; then insn_at "$pc1" | grep -Eq 'stw +r[0-9]+,' || { echo "FAIL: write hit pc $pc1 is not a stw: $(insn_at "$pc1")"; fail=1; }; fi
if [ -n "$pc2" ]; then insn_at "$pc2" | grep -Eq 'lwz +r[0-9]+,' || { echo "FAIL: read hit pc $pc2 is not a lwz: $(insn_at "$pc2")"; fail=1; }; fi
expect "$o" '^cpu 0 stopped at 0x0*'"$(printf '%x' $((0x${pc1:-0} + 4)))"'$' 'step ran exactly the store'
[ "$rc" = 0 ] || { echo "FAIL: exit status $rc"; fail=1; }
if [ $fail != 0 ]; then echo "==== out"; cat "$o"; echo "==== err"; cat "$work/err"; exit 1; fi
echo "board monitor watch: all checks passed"
