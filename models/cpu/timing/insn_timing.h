#pragma once
// What the timing model needs to know about one instruction, derived once from the word and
// its decode-table row (the ISS stores it beside its predecoded Insn): the timing class, the
// dependency resources it reads and writes, and how it branches. Plus the per-execution facts
// only the ISS knows (address, RAM or device, taken, target).
#include "models/cpu/decode_table.h"

#include <cstdint>

namespace ppc64sim::cpu::timing {

// Dependency resources: one bit each in InsnTiming::reads / writes. The CR is tracked per
// field (compares into cr7 do not wait for a CR0 update) and XER as its two renamed parts.
enum Resource : uint8_t {
  kGpr0 = 0,    // r0 .. r31 = 0 .. 31
  kCr0 = 32,    // CR field 0 .. 7 = 32 .. 39
  kLr = 40,
  kCtr = 41,
  kXerCa = 42,  // XER[CA, CA32]
  kXerSo = 43,  // XER[SO, OV, OV32] and the string byte count
  kResourceCount = 44,
};
constexpr uint64_t resource_bit(unsigned r) { return 1ull << r; }
constexpr uint64_t gpr_bit(unsigned r) { return 1ull << (kGpr0 + (r & 31)); }
constexpr uint64_t cr_field_bit(unsigned f) { return 1ull << (kCr0 + (f & 7)); }
inline constexpr uint64_t kAllGprs = 0xffffffffull;
inline constexpr uint64_t kAllCrFields = 0xffull << kCr0;

// InsnTiming::branch bits; 0 = not a branch.
enum BranchFlags : uint8_t {
  kIsBranch = 1,
  kConditional = 2, // the direction depends on CR and/or CTR: the predictor guesses it
  kLinks = 4,       // LK=1: writes LR with the return address (pushes the link stack)
  kToLr = 8,        // bclr: target from LR (predicted by the link stack)
  kToCtr = 16,      // bcctr: target from CTR (predicted by the per-core target table)
};

inline constexpr uint8_t kNoUpdate = 0xff;

struct InsnTiming {
  uint64_t reads = 0;  // Resource bits
  uint64_t writes = 0; // Resource bits
  Timing cls = Timing::system;
  uint8_t branch = 0;             // BranchFlags
  uint8_t update_gpr = kNoUpdate; // update form: RA (also in writes) is ready after ALU latency
  bool known = false;             // false: no table row (illegal / reserved word)
};

// Derives the description of `word` from its table row (`row` = decode_lookup(word)); a null
// row (illegal or reserved encoding) gives a serialising system-class instruction that uses no
// registers. Register use follows Power ISA v3.0B Book I, and where an instruction form leaves a
// field reserved (Rc on popcntb, OE on mulhw) it follows what the ISS's handler does.
InsnTiming describe(uint32_t word, const OpEntry* row);

// True when describe() has a rule for `row` (a row added to kDecodeTable without a rule here
// falls back to a conservative description; the unit test checks every row has one).
bool has_rule(const OpEntry& row);

// The facts of one execution that only the ISS knows.
struct ExecFacts {
  uint64_t pc = 0;          // address the instruction was fetched from
  uint64_t ea = 0;          // data effective address (loads, stores, dcbz, ...)
  uint32_t size = 0;        // bytes accessed; 0 = no data access
  bool device = false;      // the access went to a device (MMIO), not RAM
  bool taken = false;       // branches: taken
  uint64_t target = 0;      // branches: target when taken
};

} // namespace ppc64sim::cpu::timing
