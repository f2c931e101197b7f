#!/bin/sh
# Usage: expect_failure.sh EXIT_STATUS REGEX COMMAND [ARGS...]
# Runs COMMAND and passes only if it exits with EXIT_STATUS and its stderr matches REGEX
# (grep -E). CTest alone cannot check the exit status and the output at once.
expected=$1; regex=$2; shift 2
err=$(mktemp) || exit 99
"$@" >/dev/null 2>"$err"
status=$?
cat "$err" >&2
if [ "$status" -ne "$expected" ]; then
  echo "expect_failure: exit status $status, expected $expected" >&2
  rm -f "$err"; exit 1
fi
if ! grep -Eq -- "$regex" "$err"; then
  echo "expect_failure: stderr does not match: $regex" >&2
  rm -f "$err"; exit 1
fi
lines=$(grep -c 'ppc64sim: error:' "$err")
rm -f "$err"
if [ "$expected" -eq 1 ] && [ "$lines" -ne 1 ]; then
  echo "expect_failure: expected exactly one 'ppc64sim: error:' line, got $lines" >&2
  exit 1
fi
exit 0
