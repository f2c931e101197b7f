#!/bin/sh
# Writes the broken images the CLI error tests feed to ppc64sim into directory $1.
set -e
mkdir -p "$1"; cd "$1"
# ELF magic followed by junk: e_ident[EI_CLASS] is 'g' (103).
printf '\177ELFgarbage, not an ELF header at all' > garbage.elf
# A big-endian ppc64 ELF cut after 20 bytes (e_ident, e_type = ET_EXEC, e_machine = 21).
printf '\177ELF\002\002\001\000\000\000\000\000\000\000\000\000\000\002\000\025' > truncated.elf
# A little-endian ppc64 ELF header start.
printf '\177ELF\002\001\001\000\000\000\000\000\000\000\000\000\002\000\025\000' > little.elf
: > empty.bin
# 16 MiB raw image: more than a 16 MiB board has below its device-tree area.
head -c 16777216 /dev/zero > toobig.bin
printf 'cores = 2\nfrobnicate = yes\n' > badkey.cfg
