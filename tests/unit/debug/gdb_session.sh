#!/bin/bash
# Real gdb-multiarch batch sessions against gdb_test_target (the ISS behind the GDB stub).
# Usage: gdb_session.sh TARGET_BIN ELF GDB
# Expected values come from prog.c: func(x) is called with x = 1..5 and counter is the sum of
# the previous arguments; main returns 45, which gdb prints in octal (055).
set -u
target_bin=$1 elf=$2 gdb=$3
work=$(mktemp -d)
trap 'kill $target_pid 2>/dev/null; rm -rf "$work"' EXIT

"$target_bin" "$elf" > "$work/target.log" 2>&1 &
target_pid=$!
port=
for _ in $(seq 100); do
  port=$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9]*\)$/\1/p' "$work/target.log")
  [ -n "$port" ] && break
  sleep 0.1
done
if [ -z "$port" ]; then
  echo "FAIL: the target did not report its port"; cat "$work/target.log"; exit 1
fi

run_gdb() { # log-file, gdb -ex arguments...
  local log=$1; shift
  timeout 60 "$gdb" -nx -batch -ex 'set arch powerpc:common64' -ex 'set osabi none' \
    -ex "target remote 127.0.0.1:$port" "$@" "$elf" > "$log" 2>&1
}

# Session 1: break, registers, variables, stepi, threads, detach.
run_gdb "$work/gdb1.log" \
  -ex 'break func' -ex continue -ex 'info registers' -ex 'print counter' \
  -ex continue -ex 'print counter' -ex 'print/x $r3' \
  -ex 'set $old = (long)$pc' -ex stepi -ex 'print (long)$pc - $old' \
  -ex 'info threads' -ex 'thread 2' -ex 'print $_thread' -ex 'bt 1' -ex 'thread 1' -ex detach
# Session 2: a fresh debugger continues the same board to its power-off.
run_gdb "$work/gdb2.log" -ex 'print counter' -ex continue
wait $target_pid
target_rc=$?

fail=0
expect() { # log, extended regex, what
  if ! grep -Eq -- "$2" "$1"; then echo "FAIL: $3 (no match for /$2/ in $(basename "$1"))"; fail=1; fi
}
g1=$work/gdb1.log g2=$work/gdb2.log
expect "$g1" 'Breakpoint 1 at 0x[0-9a-f]+' 'breakpoint set at func'
expect "$g1" 'Breakpoint 1, .*func' 'stopped at func'
expect "$g1" '^r3 +0x1 +1$' 'first call: r3 = x = 1'
expect "$g1" '^pc +0x[0-9a-f]+ +0x[0-9a-f]+ <func\+?[0-9]*>' 'pc inside func'
expect "$g1" '^msr +0x8000000000001000 ' 'msr = SF|ME as the target set it'
expect "$g1" '^\$1 = 0$' 'counter = 0 at the first call'
expect "$g1" '^\$2 = 1$' 'counter = 1 at the second call'
expect "$g1" '^\$3 = 0x2$' 'second call: r3 = 2'
expect "$g1" '^\$4 = 4$' 'stepi advanced one instruction'
expect "$g1" 'Thread 1 \(core 0 thread 0, running\)' 'thread 1 listed with its extra info'
expect "$g1" 'Thread 2 \(core 0 thread 1, running\)' 'thread 2 listed with its extra info'
expect "$g1" 'Switching to thread 2' 'switched to thread 2'
expect "$g1" '^\$5 = 2$' 'current thread is 2'
expect "$g1" 'secondary_main' 'thread 2 is in secondary_main'
expect "$g1" 'Inferior 1 \(Remote target\) detached' 'detached'
expect "$g2" '^\$1 = 1$' 'second debugger sees the same board (stepi only loaded counter)'
expect "$g2" 'exited with code 055' 'power-off with exit code 45'
expect "$work/target.log" 'exit: powered off' 'target ended by the power-off'
[ "$target_rc" = 0 ] || { echo "FAIL: target exit status $target_rc"; fail=1; }
if [ $fail != 0 ]; then
  for f in target.log gdb1.log gdb2.log; do echo "==== $f"; cat "$work/$f"; done
  exit 1
fi
echo "gdb session: all checks passed"
