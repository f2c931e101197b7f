# Sourced by the board gdb session scripts. start_board_under_gdb OPTIONS...: runs ppc64sim
# ($sim) once plainly ($work/plain.out, the console to compare with), then again held at reset
# under --gdb 0 --gdb-wait in the background ($work/sim.out, $work/sim.err); sets sim_pid and the
# port it reports. Fails the test when either step does.
start_board_under_gdb() {
  "$sim" "$@" > "$work/plain.out" 2> "$work/plain.err" || { echo "FAIL: plain run"; cat "$work/plain.err"; exit 1; }
  "$sim" "$@" --gdb 0 --gdb-wait > "$work/sim.out" 2> "$work/sim.err" &
  sim_pid=$!
  port=
  for _ in $(seq 100); do
    port=$(sed -n 's/^ppc64sim: gdb: listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$work/sim.err")
    [ -n "$port" ] && break
    sleep 0.1
  done
  [ -n "$port" ] || { echo "FAIL: no port reported"; cat "$work/sim.err"; exit 1; }
}

# expect FILE REGEX WHAT: records a failure (fail=1) naming WHAT when FILE has no line matching.
fail=0
expect() {
  if ! grep -Eq -- "$2" "$1"; then echo "FAIL: $3 (no /$2/ in $(basename "$1"))"; fail=1; fi
}
