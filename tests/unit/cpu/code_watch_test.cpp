// The board-wide code-page record (models/cpu/code_watch.h): a thread compares its predecoded
// pages with memory at a step's start only when some write touched a code page. Two ISS
// threads share one RAM here, as two threads of a board do.
#include "models/cpu/code_watch.h"
#include "test_support.h"

#include <gtest/gtest.h>

namespace ppc64sim::cpu::test {
namespace {
using namespace enc;

struct TwoThreads {
  VectorMemory mem{1 << 20};
  CodeWatch watch{1 << 20};
  FakeHypervisor hyp;
  ReservationMonitor monitor{2};
  ThreadState a, b;
  Iss iss_a{a, mem, hyp, monitor};
  Iss iss_b{b, mem, hyp, monitor};
  TwoThreads() {
    mem.code_watch = &watch;
    for (ThreadState* s : {&a, &b}) {
      s->msr = msr::SF | msr::ME;
      s->run_state = RunState::running;
    }
    iss_a.flush_decode_cache(); // picks up the direct region with the watch
    iss_b.flush_decode_cache();
  }
  // Thread b runs one store instruction `store` (at 0x2000) with r5 = value.
  void b_stores(uint32_t store, uint64_t value);
};

constexpr uint32_t kBranchToSelf = 0x48000000; // b .

void TwoThreads::b_stores(uint32_t store, uint64_t value) {
  b.pc = 0x2000;
  b.gpr[5] = value;
  mem.put32(0x2000, store);
  mem.put32(0x2004, kBranchToSelf);
  iss_b.step(1);
}

TEST(CodeWatch, AnotherThreadsStoreIntoCodeIsSeenAtTheNextStep) {
  TwoThreads t;
  t.mem.put32(0x1000, li(3, 1));
  t.mem.put32(0x1004, kBranchToSelf);
  t.a.pc = 0x1000;
  t.iss_a.step(10); // predecodes the page
  EXPECT_EQ(t.a.gpr[3], 1u);
  // Thread b stores `li r3,2` over thread a's first instruction (stw r5,0x1000(0)).
  t.b_stores(D(36, 5, 0, 0x1000), li(3, 2));
  t.a.pc = 0x1000;
  t.iss_a.step(1);
  EXPECT_EQ(t.a.gpr[3], 2u); // the new instruction, not the predecoded one
}

TEST(CodeWatch, ANotedWriteIsSeenAnUnnotedOneIsNot) {
  TwoThreads t;
  t.mem.put32(0x1000, li(3, 1));
  t.mem.put32(0x1004, kBranchToSelf);
  t.a.pc = 0x1000;
  t.iss_a.step(10);
  // Written behind the ISS without telling the watch: the step trusts its predecode (this is
  // the saving: no comparison when nothing was reported).
  t.mem.put32(0x1000, li(3, 7));
  t.a.pc = 0x1000;
  t.iss_a.step(1);
  EXPECT_EQ(t.a.gpr[3], 1u);
  // A device, the hypervisor or a debugger reports its write (the RAM model and
  // Board::write_memory do): the next step compares and decodes the new word.
  t.watch.note_write(0x1000, 4);
  t.a.pc = 0x1000;
  t.iss_a.step(1);
  EXPECT_EQ(t.a.gpr[3], 7u);
}

TEST(CodeWatch, WritesToPagesWithoutCodeDoNotMoveTheGeneration) {
  TwoThreads t;
  t.mem.put32(0x1000, kBranchToSelf);
  t.a.pc = 0x1000;
  t.iss_a.step(5);
  const uint64_t before = t.watch.generation;
  t.watch.note_write(0x8000, 64); // data, no code
  EXPECT_EQ(t.watch.generation, before);
  t.watch.note_write(0x0ffc, 8); // straddles into the code block
  EXPECT_EQ(t.watch.generation, before + 1);
}

// A store is looked up by the block it starts in; that block also records whether the next
// one holds code, so a store that starts before a code block and reaches into it is seen.
TEST(CodeWatch, AStoreReachingIntoCodeFromThePreviousBlockIsSeen) {
  TwoThreads t;
  t.mem.put32(0x1100, li(3, 1)); // first word of block 0x11
  t.mem.put32(0x1104, kBranchToSelf);
  t.a.pc = 0x1100;
  t.iss_a.step(10);
  EXPECT_EQ(t.a.gpr[3], 1u);
  // Thread b: std r5,0x10fc(0): bytes 0x10fc..0x1103, big-endian, so the low word lands on
  // thread a's first instruction.
  const uint64_t before = t.watch.generation;
  t.b_stores(DS(62, 5, 0, 0x10fc, 0), (uint64_t{0x60000000} << 32) | li(3, 2));
  EXPECT_GT(t.watch.generation, before);
  t.a.pc = 0x1100;
  t.iss_a.step(1);
  EXPECT_EQ(t.a.gpr[3], 2u);
}

TEST(CodeWatch, AStoreWhollyInTheBlockBeforeCodeIsNotAWriteToCode) {
  TwoThreads t;
  t.mem.put32(0x1100, kBranchToSelf);
  t.a.pc = 0x1100;
  t.iss_a.step(5);
  const uint64_t before = t.watch.generation;
  t.b_stores(DS(62, 5, 0, 0x10f8, 0), 0x1122334455667788ull); // std r5,0x10f8(0): 0x10f8..0x10ff
  EXPECT_EQ(t.mem.ram[0x10f8], 0x11);
  EXPECT_EQ(t.watch.generation, before); // the mark of the next block's code is not code
}

} // namespace
} // namespace ppc64sim::cpu::test
