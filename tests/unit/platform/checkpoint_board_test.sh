#!/bin/bash
# Board checkpoint across processes (pitfalls.md #3): save a default.cfg board after a short
# run, restore it in a fresh process, and check (1) the state dump through the board's own
# accessors is identical, (2) saving the restored board gives byte-identical sections, and
# (3) the real file is refused when it is corrupt, truncated, of another platform or missing.
# usage: checkpoint_board_test.sh DRIVER WORKDIR
set -u
driver=$1
work=$2
rm -rf "$work" && mkdir -p "$work"
fail() { echo "FAIL: $*"; exit 1; }

"$driver" save "$work/a.ckpt" "$work/a.dump" || fail "save"
"$driver" restore "$work/a.ckpt" "$work/b.dump" "$work/b.ckpt" || fail "restore"
diff -u "$work/a.dump" "$work/b.dump" || fail "restored state differs from the saved state"
"$driver" compare "$work/a.ckpt" "$work/b.ckpt" || fail "re-saved sections differ"
grep -q "^in-flight" "$work/a.dump" || echo "note: no fabric message was in flight at the save"

# expect_error WHAT FILE TEXT [OVERRIDES...]: the restore fails (status 1) naming TEXT.
expect_error() {
  local what=$1 file=$2 text=$3
  shift 3
  local out
  out=$("$driver" restore "$file" "$work/x.dump" "$@" 2>&1)
  local rc=$?
  [ $rc -eq 1 ] || fail "$what: exit status $rc, expected 1 ($out)"
  [ "$(printf '%s\n' "$out" | grep -c .)" -eq 1 ] || fail "$what: not one line: $out"
  printf '%s\n' "$out" | grep -qF -- "$text" || fail "$what: '$out' does not name '$text'"
  echo "ok: $what: $out"
}

expect_error "other platform" "$work/a.ckpt" \
  "saved on another platform: key 'threads-per-core' is '2' in the checkpoint, '1' on this board" threads-per-core=1
expect_error "missing file" "$work/none.ckpt" "checkpoint $work/none.ckpt: cannot open"

# Flip one byte inside the RAM section's data: its tag is preceded by its u16 length 3.
size=$(stat -c %s "$work/a.ckpt")
cp "$work/a.ckpt" "$work/flip.ckpt"
tag=$(LC_ALL=C grep -obUaP '\x00\x03ram' "$work/flip.ckpt" | head -1 | cut -d: -f1)
[ -n "$tag" ] || fail "no 'ram' section tag in the file"
off=$((tag + 5 + 8 + 100))
byte=$(od -An -tu1 -j "$off" -N1 "$work/flip.ckpt" | tr -d ' ')
printf "$(printf '\\%03o' $(((byte ^ 0x40) & 0xff)))" | dd of="$work/flip.ckpt" bs=1 seek="$off" conv=notrunc status=none
expect_error "flipped byte" "$work/flip.ckpt" "section 'ram': CRC mismatch"

for len in 5 100 $((size / 3)) $((size - 1)); do
  head -c "$len" "$work/a.ckpt" > "$work/trunc.ckpt"
  expect_error "truncated to $len bytes" "$work/trunc.ckpt" ": truncated"
done

head -c 4096 /dev/urandom > "$work/random.ckpt"
expect_error "random bytes" "$work/random.ckpt" "not a ppc64sim checkpoint"

cp "$work/a.ckpt" "$work/version.ckpt"
printf '\x07' | dd of="$work/version.ckpt" bs=1 seek=11 conv=notrunc status=none
expect_error "version bumped" "$work/version.ckpt" "format version 7, this simulator reads versions 3 to 4"
echo PASS
