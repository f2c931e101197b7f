#pragma once
// The numbers that configure the core timing model (README.md in this folder gives each
// default and where it comes from). Plain data: the platform fills it from its config keys,
// validate() names the first bad field.
#include "models/cpu/decode_table.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>

namespace ppc64sim::cpu::timing {

inline constexpr std::size_t kTimingClassCount = 11; // enum class Timing, alu .. vec
static_assert(static_cast<std::size_t>(Timing::vec) + 1 == kTimingClassCount,
              "Timing gained a class: extend TimingParams::latency and its names");

// Name of a timing class as used in field names ("alu", "mul", ...).
const char* timing_class_name(Timing cls);

// One tag-only cache level: geometry and the cycles from request to data when it hits.
struct CacheParams {
  uint32_t size_bytes = 0;
  uint32_t ways = 0;
  uint32_t line_bytes = 0;
  uint32_t hit_latency = 0;
};

enum class PredictorKind : uint8_t {
  static_btfn, // backward taken, forward not taken; no tables
  bimodal,     // 2-bit saturating counters indexed by the branch address
  gshare,      // 2-bit counters indexed by branch address XOR per-thread global history
};
const char* predictor_kind_name(PredictorKind kind);

struct TimingParams {
  // Instructions a core may issue per cycle, shared by its SMT threads (at most 255).
  uint32_t issue_width = 6;
  // Cycles of issue-slot history a core remembers (power of two). Threads run in slices; a
  // thread that lags the core's most advanced thread by more than this no longer sees the
  // others' reservations (README: "SMT issue policy").
  uint32_t issue_window = 4096;
  // Cycle mode, SMT cores: the grain of the order in which a core's threads use what they
  // share (issue slots, L1 caches, predictor tables, the core's L2 view). 1 (the default) is
  // the exact (cycle, thread) order; K > 1 orders instructions by (cycle / K, thread), so a
  // thread runs up to K cycles before its sibling has its turn: a documented approximation of
  // the sharing, faster on the host, still deterministic and independent of the lookahead
  // (README: "SMT issue policy"). Effects between threads (stores, reservations, messages,
  // wake-ups) land at their exact cycles either way.
  uint32_t smt_turn_cycles = 1;

  // Result latency per class, indexed by static_cast<size_t>(Timing). A dependent instruction
  // issues no earlier than producer issue + latency. Loads that reach RAM take their latency
  // from the cache level that supplies the data; latency[load] applies only to a load-class
  // instruction without a data access (dcbt, dcbtst).
  //                                     alu mul div load store branch cr spr system fp vec
  std::array<uint32_t, kTimingClassCount> latency{{2, 5, 24, 4, 1, 2, 2, 4, 20, 7, 7}};

  PredictorKind predictor = PredictorKind::bimodal;
  uint32_t predictor_entries = 4096;   // 2-bit counters per core (power of two)
  uint32_t mispredict_penalty = 16;    // cycles from a mispredicted branch to the next issue
  uint32_t link_stack_entries = 32;    // per thread, predicts bclr targets
  uint32_t ctr_target_entries = 512;   // per core, last bcctr target per entry (power of two)

  CacheParams l1i{32 * 1024, 8, 128, 3};
  CacheParams l1d{32 * 1024, 8, 128, 4};
  CacheParams l2{512 * 1024, 8, 128, 14}; // one per board, shared by every core
  uint32_t memory_latency = 300;          // request to data when the L2 misses
  uint32_t device_latency = 200;          // a load or store that is not RAM (MMIO)

  // Fixed costs the ISS charges on top of the instructions it retires.
  uint32_t exception_cycles = 20; // interrupt entry (vector fetch, MSR/SRR update, refill)
  uint32_t rfid_cycles = 16;      // context-synchronising return
  uint32_t hcall_cycles = 100;    // hypervisor shim service of one sc 1
  uint32_t rtas_cycles = 1000;    // one RTAS call

  // "" when every field is usable, otherwise one line naming the first bad field and value,
  // e.g. "l1d.size_bytes: 30000 is not a power-of-two multiple of line_bytes * ways (1024)".
  std::string validate() const;

  uint32_t latency_of(Timing cls) const { return latency[static_cast<std::size_t>(cls)]; }
};

} // namespace ppc64sim::cpu::timing
