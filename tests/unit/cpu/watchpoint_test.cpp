// Debugger data watchpoints in the ISS (iss.h): a load or store matching a watched range
// stops the thread before the instruction executes (as a POWER DAWR match does: Book III,
// the Data Storage interrupt comes before the access), read/write/access kinds, partial
// overlaps, resuming over the hit, stcx., and that watchpoints never change what a program
// computes. Encodings: Power ISA v3.0B Book I (D-form stw 36, lwz 32, stb 38, lmw 46, stmw 47;
// X-form lwarx 31/20, stwcx. 31/150, dcbz 31/1014; bc 16, mtspr 31/467).
#include "test_support.h"

#include <gtest/gtest.h>

namespace ppc64sim::cpu::test {
namespace {
using namespace enc;

uint32_t stw(uint32_t rs, uint32_t ra, int32_t d) { return D(36, rs, ra, d); }
uint32_t lwz(uint32_t rt, uint32_t ra, int32_t d) { return D(32, rt, ra, d); }
uint32_t stb(uint32_t rs, uint32_t ra, int32_t d) { return D(38, rs, ra, d); }

// r5 = 0x2000 (the data), r4 = 7: store it, load it back, then a no-op.
//   0x1000 stw r4,0(r5)   0x1004 lwz r6,0(r5)   0x1008 nop
void load_store_then_load(Machine& m) {
  m.state.gpr[4] = 7;
  m.state.gpr[5] = 0x2000;
  m.state.gpr[6] = 0xdead;
  m.load({stw(4, 5, 0), lwz(6, 5, 0), nop()});
}

TEST(Watchpoint, WriteStopsBeforeTheStoreAndResumes) {
  Machine m;
  load_store_then_load(m);
  ASSERT_TRUE(m.iss.add_watchpoint(WatchKind::write, 0x2000, 4));
  StepResult r = m.run(100);
  EXPECT_EQ(r.reason, StopReason::watchpoint);
  EXPECT_EQ(r.instructions, 0u);       // the store itself did not retire
  EXPECT_EQ(m.state.pc, 0x1000u);      // the thread sits on the store
  EXPECT_EQ(m.mem.get32(0x2000), 0u);  // and memory is unchanged
  EXPECT_EQ(m.iss.watch_hit().kind, WatchKind::write);
  EXPECT_EQ(m.iss.watch_hit().address, 0x2000u);

  m.iss.step_over_breakpoint();
  r = m.run(3);
  EXPECT_EQ(r.reason, StopReason::budget); // the load is not watched by a write watchpoint
  EXPECT_EQ(r.instructions, 3u);
  EXPECT_EQ(m.mem.get32(0x2000), 7u);
  EXPECT_EQ(m.state.gpr[6], 7u);
}

TEST(Watchpoint, ReadStopsBeforeTheLoadOnly) {
  Machine m;
  load_store_then_load(m);
  ASSERT_TRUE(m.iss.add_watchpoint(WatchKind::read, 0x2000, 4));
  StepResult r = m.run(100);
  EXPECT_EQ(r.reason, StopReason::watchpoint);
  EXPECT_EQ(r.instructions, 1u);   // the store ran
  EXPECT_EQ(m.state.pc, 0x1004u);  // stopped on the load
  EXPECT_EQ(m.state.gpr[6], 0xdeadu); // not loaded yet
  EXPECT_EQ(m.mem.get32(0x2000), 7u);
  EXPECT_EQ(m.iss.watch_hit().kind, WatchKind::read);
  EXPECT_EQ(m.iss.watch_hit().address, 0x2000u);
}

TEST(Watchpoint, AccessStopsOnBoth) {
  Machine m;
  load_store_then_load(m);
  ASSERT_TRUE(m.iss.add_watchpoint(WatchKind::access, 0x2000, 4));
  EXPECT_EQ(m.run(100).reason, StopReason::watchpoint);
  EXPECT_EQ(m.state.pc, 0x1000u);
  m.iss.step_over_breakpoint();
  StepResult r = m.run(100);
  EXPECT_EQ(r.reason, StopReason::watchpoint);
  EXPECT_EQ(r.instructions, 1u);
  EXPECT_EQ(m.state.pc, 0x1004u);
  EXPECT_EQ(m.iss.watch_hit().kind, WatchKind::access);
}

TEST(Watchpoint, RangesMatchOnAnyOverlappingByte) {
  // stw writes 0x2000..0x2003. A one-byte watchpoint on 0x2002 is hit, and the reported
  // address is that byte (the first watched byte accessed), which is what gdb matches
  // against its own range. Adjacent ranges on either side are not hit.
  Machine m;
  load_store_then_load(m);
  ASSERT_TRUE(m.iss.add_watchpoint(WatchKind::write, 0x1ffc, 4)); // ends just before
  ASSERT_TRUE(m.iss.add_watchpoint(WatchKind::write, 0x2004, 8)); // starts just after
  EXPECT_EQ(m.run(3).reason, StopReason::budget);
  EXPECT_EQ(m.mem.get32(0x2000), 7u);

  Machine n;
  load_store_then_load(n);
  ASSERT_TRUE(n.iss.add_watchpoint(WatchKind::write, 0x2002, 1));
  EXPECT_EQ(n.run(3).reason, StopReason::watchpoint);
  EXPECT_EQ(n.iss.watch_hit().address, 0x2002u);

  // A watchpoint starting below the access reports the access's first byte.
  Machine o;
  load_store_then_load(o);
  ASSERT_TRUE(o.iss.add_watchpoint(WatchKind::write, 0x1f00, 0x104)); // ..0x2003
  EXPECT_EQ(o.run(3).reason, StopReason::watchpoint);
  EXPECT_EQ(o.iss.watch_hit().address, 0x2000u);
}

TEST(Watchpoint, RemoveAndBadArguments) {
  Machine m;
  load_store_then_load(m);
  EXPECT_FALSE(m.iss.add_watchpoint(WatchKind::write, 0x2000, 0)); // no byte
  ASSERT_TRUE(m.iss.add_watchpoint(WatchKind::write, 0x2000, 4));
  EXPECT_FALSE(m.iss.remove_watchpoint(WatchKind::read, 0x2000, 4)); // other kind
  EXPECT_FALSE(m.iss.remove_watchpoint(WatchKind::write, 0x2000, 2)); // other length
  EXPECT_TRUE(m.iss.remove_watchpoint(WatchKind::write, 0x2000, 4));
  StepResult r = m.run(3);
  EXPECT_EQ(r.reason, StopReason::budget);
  EXPECT_EQ(m.state.gpr[6], 7u);
}

TEST(Watchpoint, LoopHitsAgainAfterTheResumedInstruction) {
  // 0x1000 stb r4,0(r5); 0x1004 bdnz 0x1000 with CTR = 3: three stores to the same byte. The
  // resume skips the check for the instruction the thread sits on only, once.
  Machine m;
  m.state.gpr[4] = 1;
  m.state.gpr[5] = 0x2000;
  m.state.ctr = 3;
  m.load({stb(4, 5, 0), Bc(16, 0, -4)});
  ASSERT_TRUE(m.iss.add_watchpoint(WatchKind::write, 0x2000, 1));
  for (uint64_t ctr : {3u, 2u, 1u}) {
    StepResult r = m.run(100);
    EXPECT_EQ(r.reason, StopReason::watchpoint);
    EXPECT_EQ(m.state.pc, 0x1000u);
    EXPECT_EQ(m.state.ctr, ctr); // one hit per loop iteration
    m.iss.step_over_breakpoint();
  }
  StepResult r = m.run(2);
  EXPECT_EQ(r.instructions, 2u);
  EXPECT_EQ(m.state.pc, 0x1008u);
  EXPECT_EQ(m.state.ctr, 0u);
}

TEST(Watchpoint, ResumingAnotherPcDoesNotSkip) {
  // step_over_breakpoint() after a stop that was not a watchpoint hit (the thread was moved)
  // must not hide the next access.
  Machine m;
  load_store_then_load(m);
  ASSERT_TRUE(m.iss.add_watchpoint(WatchKind::read, 0x2000, 4));
  ASSERT_EQ(m.run(1).reason, StopReason::budget); // the store
  m.iss.step_over_breakpoint();                   // as a debugger does before every resume
  EXPECT_EQ(m.run(100).reason, StopReason::watchpoint);
  EXPECT_EQ(m.state.pc, 0x1004u);
}

TEST(Watchpoint, StoreConditionalStopsBeforeConsumingTheReservation) {
  // lwarx r3,0,r5; stwcx. r4,0,r5: the stcx. stops first, then succeeds when resumed
  // (CR0 = 0b001 || SO: EQ set, Book II 4.6.2).
  Machine m;
  m.state.gpr[4] = 0x55;
  m.state.gpr[5] = 0x2000;
  m.load({X(31, 3, 0, 5, 20), X(31, 4, 0, 5, 150, 1), nop()});
  ASSERT_TRUE(m.iss.add_watchpoint(WatchKind::write, 0x2000, 4));
  StepResult r = m.run(100);
  EXPECT_EQ(r.reason, StopReason::watchpoint);
  EXPECT_EQ(m.state.pc, 0x1004u);
  m.iss.step_over_breakpoint();
  m.run(1);
  EXPECT_EQ(m.state.cr >> 28, 2u);
  EXPECT_EQ(m.mem.get32(0x2000), 0x55u);
}

TEST(Watchpoint, WithoutDirectRegion) {
  Machine m(msr::SF | msr::ME, /*dmi=*/false);
  load_store_then_load(m);
  ASSERT_TRUE(m.iss.add_watchpoint(WatchKind::read, 0x2000, 4));
  EXPECT_EQ(m.run(100).reason, StopReason::watchpoint);
  EXPECT_EQ(m.state.pc, 0x1004u);
  EXPECT_EQ(m.mem.get32(0x2000), 7u);
}

// A program exercising every data path: D/X loads and stores, lmw/stmw, dcbz, larx/stcx.,
// in a loop, plus self-modifying code (a store into the next instruction). Run once without
// watchpoints and once with watchpoints that never match: same registers, memory and counts.
struct Outcome {
  ThreadState state;
  std::vector<uint8_t> ram;
  uint64_t instructions = 0;
};

Outcome run_mixed_program(bool watched) {
  Machine m;
  m.state.gpr[5] = 0x3000;
  m.state.gpr[9] = 0x3080;
  m.state.ctr = 20;
  const uint32_t li_r8_1 = li(8, 1), li_r8_2 = li(8, 2);
  m.state.gpr[10] = li_r8_2; // written over the `li r8,1` below by the first iteration
  m.load({
      addi(4, 4, 3),             // 0x1000 r4 += 3
      stw(4, 5, 0),              // 0x1004
      lwz(6, 5, 0),              // 0x1008
      D(47, 28, 5, 8),           // 0x100c stmw r28,8(r5)
      D(46, 24, 5, 8),           // 0x1010 lmw r24,8(r5): r24..r31 = words at 0x3008..
      X(31, 0, 0, 9, 1014),      // 0x1014 dcbz 0,r9
      X(31, 3, 0, 5, 20),        // 0x1018 lwarx r3,0,r5
      addi(3, 3, 1),             // 0x101c
      X(31, 3, 0, 5, 150, 1),    // 0x1020 stwcx. r3,0,r5
      li(11, 0x1030),            // 0x1024
      stw(10, 11, 0),            // 0x1028 rewrite 0x1030
      addi(7, 7, 1),             // 0x102c
      li_r8_1,                   // 0x1030 becomes li r8,2
      Bc(16, 0, -0x30),          // 0x1034 bdnz 0x1004
      I(0),                      // 0x1038 b . (the end)
  });
  m.state.gpr[28] = 0x1111;
  m.state.gpr[31] = 0x4444;
  if (watched) {
    EXPECT_TRUE(m.iss.add_watchpoint(WatchKind::access, 0x8000, 16));
    EXPECT_TRUE(m.iss.add_watchpoint(WatchKind::write, 0x10, 4));
  }
  Outcome o;
  for (int i = 0; i < 40; ++i) { // 280 instructions: the loop's 262 and then the end
    StepResult r = m.run(7);
    EXPECT_NE(r.reason, StopReason::watchpoint);
    o.instructions += r.instructions;
  }
  o.state = m.state;
  o.ram = m.mem.ram;
  return o;
}

TEST(Watchpoint, ExecutionUnchangedByWatchpointsThatDoNotMatch) {
  Outcome plain = run_mixed_program(false);
  Outcome watched = run_mixed_program(true);
  EXPECT_EQ(plain.state.pc, 0x1038u);
  EXPECT_EQ(plain.state.gpr[8], 2u); // the rewritten instruction ran (self-modifying code)
  EXPECT_EQ(plain.state.gpr[7], 20u);
  EXPECT_EQ(plain.instructions, watched.instructions);
  EXPECT_EQ(plain.state.pc, watched.state.pc);
  EXPECT_EQ(plain.state.cr, watched.state.cr);
  EXPECT_EQ(plain.state.ctr, watched.state.ctr);
  for (int r = 0; r < 32; ++r) EXPECT_EQ(plain.state.gpr[r], watched.state.gpr[r]) << "r" << r;
  EXPECT_TRUE(plain.ram == watched.ram);
}

} // namespace
} // namespace ppc64sim::cpu::test
