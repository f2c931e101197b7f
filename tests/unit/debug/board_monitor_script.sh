#!/bin/bash
# --monitor-script on the real board (hello.elf, 2 x 1): breakpoint, XICS state changes, and
# the fabric's reaction. Usage: board_monitor_script.sh PPC64SIM HELLO_ELF
# Expected facts (xics-spec.md; ICP word = CPPR<<56|XISR<<32|MFRR<<24|PPRI<<16, 1.3): an MSI whose priority (5) is more favoured than the ICP's
# CPPR (0xff) is presented: XISR = the source, PPRI = 5, and the source's P bit is clear; with
# CPPR 0 (the reset value) the same MSI is rejected and stays pending. hello never enables
# MSR[EE], so it runs on to its PASS with the interrupt still presented.
set -u
sim=$1 elf=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
report=$(powerpc64-linux-gnu-nm "$elf" 2>/dev/null | sed -n 's/^0*\([0-9a-f]*\) [tT] report$/\1/p')
[ -n "$report" ] || report=$(gdb-multiarch -nx -batch -ex 'info address report' "$elf" 2>/dev/null | sed -n 's/.* at address 0x\([0-9a-f]*\).*/\1/p')
[ -n "$report" ] || { echo "FAIL: no address for report in $elf"; exit 1; }
cat > "$work/script" <<SCRIPT
break 0x$report
continue
info icp 0
set xive 0x1000 0 5
irq raise 0x1000
run until 100000000000
info source 0x1000
set icp 0 cppr=0xff
set source 0x1000 0x0000000500000000
irq raise 0x1000
run until 200000000000
info icp 0
info source 0x1000
delete 0x$report
SCRIPT
"$sim" --cores 2 --threads-per-core 1 --firmware "$elf" --monitor-script "$work/script" \
  > "$work/out" 2> "$work/err"
rc=$?
fail=0
expect() {
  if ! grep -Eq -- "$1" "$work/out"; then echo "FAIL: $2 (no /$1/)"; fail=1; fi
}
expect '^cpu 0 hit breakpoint at 0x0*'"$report"'$' 'thread 0 stops at report'
expect '^icp 0 0x00000000ffff0000 cppr 0x0 xisr 0x0 mfrr 0xff ppri 0xff$' 'ICP 0 at reset values'
expect '^source 0x1000 0x0000040500000000 server 0x0 priority 0x5 msi pending$' 'rejected MSI pending (CPPR 0)'
expect '^icp 0 0xff001000ff050000 cppr 0xff xisr 0x1000 mfrr 0xff ppri 0x5$' 'MSI presented at CPPR 0xff'
expect '^PASS: hello' 'firmware ran on to its end'
[ "$rc" = 0 ] || { echo "FAIL: exit status $rc"; fail=1; }
if [ $fail != 0 ]; then echo "==== out"; cat "$work/out"; echo "==== err"; cat "$work/err"; exit 1; fi
echo "board monitor script: all checks passed"
