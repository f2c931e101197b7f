#pragma once
// Shared fixture of the timing tests: a small explicit model whose numbers make hand
// computation easy, a board L2 and cores, and helpers that retire real instruction words.
#include "models/cpu/decoder.h"
#include "models/cpu/timing/core_timing.h"

#include <memory>
#include <vector>

namespace ppc64sim::cpu::timing::test {

// The small model every hand computation below uses:
//   issue width 2; latencies alu 2, mul 4, div 20, load 3 (= L1D hit), store 1, branch 1,
//   cr 1, spr 3, system 10; bimodal predictor, 16 counters, mispredict penalty 8;
//   L1I 1 KiB 2-way 256 B lines hit 1; L1D 1 KiB 2-way 64 B lines hit 3;
//   L2 8 KiB 4-way 64 B lines hit 10; memory 100; device 50.
inline TimingParams small_model() {
  TimingParams p;
  p.issue_width = 2;
  p.issue_window = 64;
  p.latency = {{2, 4, 20, 3, 1, 1, 1, 3, 10, 5, 5}};
  p.predictor = PredictorKind::bimodal;
  p.predictor_entries = 16;
  p.mispredict_penalty = 8;
  p.link_stack_entries = 4;
  p.ctr_target_entries = 16;
  p.l1i = {1024, 2, 256, 1};
  p.l1d = {1024, 2, 64, 3};
  p.l2 = {8192, 4, 64, 10};
  p.memory_latency = 100;
  p.device_latency = 50;
  return p;
}

// Some words used throughout (encodings from powerpc64-linux-gnu-as -mpower9).
constexpr uint32_t kNop = 0x60000000;        // ori 0,0,0
constexpr uint32_t kAddi_3_3_1 = 0x38630001; // addi 3,3,1

// addi rt,ra,si (D-form, primary opcode 14); checked against the assembler in a test.
constexpr uint32_t addi(unsigned rt, unsigned ra, uint16_t si) {
  return (14u << 26) | (rt << 21) | (ra << 16) | si;
}

class Board {
public:
  explicit Board(const TimingParams& p, unsigned cores = 1, unsigned threads = 1)
      : params(p), l2(p) {
    for (unsigned c = 0; c < cores; ++c)
      core.push_back(std::make_unique<CoreTiming>(params, l2, threads));
  }

  void exec(unsigned c, unsigned t, uint32_t word, uint64_t pc) {
    ExecFacts f;
    f.pc = pc;
    retire(c, t, word, f);
  }
  void access(unsigned c, unsigned t, uint32_t word, uint64_t pc, uint64_t ea, uint32_t size,
              bool device = false) {
    ExecFacts f;
    f.pc = pc;
    f.ea = ea;
    f.size = size;
    f.device = device;
    retire(c, t, word, f);
  }
  void branch(unsigned c, unsigned t, uint32_t word, uint64_t pc, bool taken, uint64_t target) {
    ExecFacts f;
    f.pc = pc;
    f.taken = taken;
    f.target = target;
    retire(c, t, word, f);
  }
  void retire(unsigned c, unsigned t, uint32_t word, const ExecFacts& f) {
    core[c]->retire(t, describe(word, decode_lookup(word)), f);
  }
  // Brings the fetch line 0x1000 into the core's L1I with a nop, then lets the thread sleep
  // until `start`, so that measured sequences begin at a known cycle with a warm I-cache.
  void warm(unsigned c, unsigned t, uint64_t start) {
    exec(c, t, kNop, 0x1000);
    core[c]->idle_until(t, start);
  }
  uint64_t cycle(unsigned c = 0, unsigned t = 0) const { return core[c]->cycle(t); }
  TimingStats stats(unsigned c = 0, unsigned t = 0) const { return core[c]->thread_stats(t); }

  TimingParams params;
  SharedL2 l2;
  std::vector<std::unique_ptr<CoreTiming>> core;
};

inline uint64_t stall(const TimingStats& s, Stall cause) {
  return s.stall[static_cast<std::size_t>(cause)];
}

} // namespace ppc64sim::cpu::timing::test
