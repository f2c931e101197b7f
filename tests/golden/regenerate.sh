#!/bin/bash
# The one way to rewrite the golden traces (tests/golden/*.events): run after a deliberate change
# of timing or trace behaviour, review `git diff tests/golden`, and commit with the reason.
# Usage: tests/golden/regenerate.sh [BUILD_DIR]   (default build/default)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../../build/default}
sim=$build/ppc64sim
fw=$build/firmware
export SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=DISABLE
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# name | image | options: the same list check_golden.py reads from cases.txt
while IFS='|' read -r name image opts; do
  case "$name" in ''|'#'*) continue ;; esac
  # shellcheck disable=SC2086
  "$sim" "$fw/$image" $opts --trace "$tmp/$name.trace" > /dev/null
  grep -v '^#' "$tmp/$name.trace" > "$here/$name.events"
  echo "wrote $here/$name.events ($(wc -l < "$here/$name.events") events)"
done < "$here/cases.txt"
