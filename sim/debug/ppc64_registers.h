#pragma once
// The 64-bit PowerPC register set as gdb's "org.gnu.gdb.power.core" feature describes it
// (gdb manual, "Standard Target Features" > "PowerPC Features"): r0-r31, pc, msr, cr, lr,
// ctr, xer. Register numbers follow gdb's powerpc64 numbering (r0-r31 = 0-31, f0-f31 would be
// 32-63, pc = 64 ...), so `p`/`P` use the same numbers as gdb without a target description.
// Values travel in target byte order: big-endian for this board.
#include "models/cpu/thread_state.h"

#include <optional>
#include <string>

namespace ppc64sim::debug::regs {

inline constexpr unsigned kPc = 64, kMsr = 65, kCr = 66, kLr = 67, kCtr = 68, kXer = 69;

// The target description served through qXfer:features:read:target.xml.
const std::string& target_xml();

// Size in bytes of register `regnum`, 0 when the stub does not have it.
unsigned register_size(unsigned regnum);

// `g` reply: every register in ascending number order, hex, big-endian.
std::string encode_all(const cpu::ThreadState& s);
// `G` payload; false (state untouched) unless exactly the `g` length of valid hex.
bool decode_all(const std::string& hex, cpu::ThreadState& s);
// `p` reply; nullopt for a register the stub does not have.
std::optional<std::string> encode_one(unsigned regnum, const cpu::ThreadState& s);
// `P` value; false for an unknown register or a value of the wrong length.
bool decode_one(unsigned regnum, const std::string& hex, cpu::ThreadState& s);

} // namespace ppc64sim::debug::regs
