#!/bin/sh
# Compares our device tree with QEMU 7.2's pseries tree property by property, for the nodes we
# model. Usage: compare_qemu_dtb.sh PPC64SIM QEMU WORKDIR
# Differences by design are skipped: root `model`, RTAS token values and the hypertas list
# (they come from what the hypervisor shim implements).
set -e
sim=$1; qemu=$2; dir=$3
mkdir -p "$dir"
"$qemu" -M pseries,ic-mode=xics,dumpdtb="$dir/qemu.dtb" -smp 4 -m 256 -nographic \
  </dev/null >/dev/null 2>&1
"$sim" --platform smp1 --cores 4 --memory 256 --set cpu.clock-mhz=1000 \
  --dump-dtb "$dir/ours.dtb" 2>/dev/null
fail=0
for node in / /chosen /cpus /cpus/PowerPC,POWER9@0 /cpus/PowerPC,POWER9@3 /vdevice \
            /vdevice/vty@71000000 /memory@0 /interrupt-controller /rtas; do
  for prop in $(fdtget -p "$dir/ours.dtb" "$node"); do
    case "$node:$prop" in
      /:model|/rtas:ibm,hypertas-functions) continue ;;
      /rtas:rtas-*|/rtas:ibm,*) ;;
      /rtas:*) continue ;;
    esac
    ours=$(fdtget -t bx "$dir/ours.dtb" "$node" "$prop")
    if ! theirs=$(fdtget -t bx "$dir/qemu.dtb" "$node" "$prop" 2>/dev/null); then
      echo "MISSING in QEMU: $node $prop"; fail=1; continue
    fi
    if [ "$ours" != "$theirs" ]; then
      echo "DIFF $node $prop: ours [$ours] qemu [$theirs]"; fail=1
    else
      echo "same $node $prop"
    fi
  done
done
[ "$fail" -eq 0 ] && echo "device tree matches QEMU"
exit $fail
