#pragma once
// Table-driven decoder: per-primary-opcode sub-tables built once from kDecodeTable, and the
// field pre-extraction that turns a word into an Insn for the predecode cache.
#include "models/cpu/core.h"
#include "models/cpu/decode_table.h"

#include <cstdint>

namespace ppc64sim::cpu {

// The table row that matches `word`, or nullptr (reserved / unimplemented encoding).
const OpEntry* decode_lookup(uint32_t word);

// Fills `out` for `word`: handler (an unavailable-facility or illegal-instruction handler when
// no row matches) plus the operand fields of the row's form.
void decode_into(Insn& out, uint32_t word);

} // namespace ppc64sim::cpu
