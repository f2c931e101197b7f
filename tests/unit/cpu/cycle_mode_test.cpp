// Cycle mode: the ISS feeding the core timing model (Iss::set_timing). Real instruction words
// run on the ISS; every expected cycle count is worked out by hand from the rules in
// models/cpu/timing/README.md ("The rules") under the small parameters below.
#include "models/cpu/timebase_clock.h"
#include "models/cpu/timing/core_timing.h"
#include "test_support.h"

#include <gtest/gtest.h>

namespace ppc64sim::cpu::test {
namespace {
using namespace enc;

// Small numbers keep the hand computation readable: 2-wide issue, L1I hit 1, L2 hit 5,
// memory 10 cycles; class latencies are the defaults (alu 2, load = cache latency, system 20).
timing::TimingParams small_params() {
  timing::TimingParams p;
  p.issue_width = 2;
  p.l1i.hit_latency = 1;
  p.l1d.hit_latency = 2;
  p.l2.hit_latency = 5;
  p.memory_latency = 10;
  p.predictor = timing::PredictorKind::static_btfn;
  return p;
}

// The hcall ends the step (leave_step) at no service cost, so the sequence's end is exact.
void end_with_hcall(Machine& m) {
  m.hyp.action = [](ThreadState& s) {
    s.gpr[3] = 0;
    return HcallResult{true, 0};
  };
}

struct TimedMachine : Machine {
  explicit TimedMachine(timing::CoreTiming& core, unsigned thread) {
    iss.set_timing(&core, thread);
    end_with_hcall(*this);
  }
};

// One cycle-mode thread on a core of its own, with small_params().
struct OneTimedThread {
  timing::TimingParams params = small_params();
  timing::SharedL2 l2{params};
  timing::CoreTiming core{params, l2, 1};
  TimedMachine m{core, 0};
};

TEST(CycleMode, IndependentOpsShareTheIssueWidth) {
  const timing::TimingParams p = small_params();
  timing::SharedL2 l2(p);
  timing::CoreTiming core(p, l2, 1);
  TimedMachine m(core, 0);
  m.load({li(20, 1), li(21, 2), li(22, 3), li(23, 4), sc(1)});
  StepResult r = m.run(1000);
  // li r20: new fetch line, L1I and L2 miss: stall memory 10 - L1I hit 1 = 9, issue at 9.
  // li r21: issue 9 (second slot). li r22, li r23: cycle 9 full, issue 10, 10.
  // sc: cycle 10 full, issue 11; system class: next floor 11 + 20 = 31 = cycle.
  EXPECT_EQ(r.instructions, 5u);
  EXPECT_EQ(r.cycles, 31u);
  EXPECT_EQ(core.cycle(0), 31u);
  EXPECT_EQ(m.state.gpr[23], 4u); // and the instructions really executed
  EXPECT_EQ(core.thread_stats(0).l1i_misses, 1u);
}

TEST(CycleMode, LoadUseWaitsForMemory) {
  const timing::TimingParams p = small_params();
  timing::SharedL2 l2(p);
  timing::CoreTiming core(p, l2, 1);
  TimedMachine m(core, 0);
  m.state.gpr[20] = 0x2000;
  m.mem.put32(0x2004, 41);
  m.load({DS(58, 21, 20, 0, 0) /* ld r21,0(r20) */, addi(22, 21, 1), sc(1)});
  StepResult r = m.run(1000);
  // ld: fetch miss stall 9, issue 9; its line misses L1D and L2: r21 ready at 9 + 10 = 19.
  // addi: waits for r21, issues at 19 (load-use stall 10). sc: issue 19 (second slot),
  // cycle 19 + 20 = 39.
  EXPECT_EQ(m.state.gpr[22], 42u);
  EXPECT_EQ(r.instructions, 3u);
  EXPECT_EQ(r.cycles, 39u);
  EXPECT_EQ(core.thread_stats(0).stall[static_cast<size_t>(timing::Stall::load_use)], 10u);
  EXPECT_EQ(core.thread_stats(0).l1d_misses, 1u);
}

TEST(CycleMode, BranchOutcomesReachThePredictor) {
  const timing::TimingParams p = small_params();
  timing::SharedL2 l2(p);
  timing::CoreTiming core(p, l2, 1);
  TimedMachine m(core, 0);
  // li r20,3; mtctr r20; loop: addi r21,r21,1; bdnz loop; sc 1
  m.load({li(20, 3), mtspr(9, 20), addi(21, 21, 1), Bc(16, 0, -4), sc(1)});
  m.run(1000);
  // bdnz runs 3 times: taken, taken, not taken. Static BTFN predicts the backward branch
  // taken each time: the last (fall-through) is the one mispredict.
  EXPECT_EQ(m.state.gpr[21], 3u);
  EXPECT_EQ(core.thread_stats(0).branches, 3u);
  EXPECT_EQ(core.thread_stats(0).mispredicts, 1u);
}

// The loop finds each entry's L1I line at predecode: straight-line code that runs into the
// next 128-byte line is looked up there as after a branch.
TEST(CycleMode, SequentialCodeEntersTheNextFetchLine) {
  OneTimedThread one;
  one.m.state.pc = 0x1078;
  one.m.load({li(20, 1), li(21, 2), li(22, 3), sc(1)}, 0x1078);
  StepResult r = one.m.run(1000);
  // li r20 (0x1078): cold line, L1I and L2 miss: stall 10 - 1 = 9, issue 9; li r21: 9.
  // li r22 (0x1080): a new line, cold too: floor 9 + 9 = 18, issue 18. sc: same line, issue
  // 18 (second slot), serialising: 18 + 20 = 38.
  EXPECT_EQ(one.m.state.gpr[22], 3u);
  EXPECT_EQ(r.cycles, 38u);
  EXPECT_EQ(one.core.thread_stats(0).l1i_misses, 2u);
  EXPECT_EQ(one.core.thread_stats(0).stall[static_cast<size_t>(timing::Stall::fetch)], 18u);
}

// Branch outcomes as the loop steps between entries: a conditional branch not taken goes on to
// the next instruction, b leaves the page, and a taken bc stays in its page.
TEST(CycleMode, BranchesNotTakenAcrossPagesAndWithinAPage) {
  OneTimedThread one;
  TimedMachine& m = one.m;
  m.load({Bc(12, 2, 8) /* beq +8: CR is 0, not taken */, li(20, 1), I(0x1000) /* b 0x2008 */});
  m.load({li(21, 2), Bc(4, 2, 8) /* bne +8: taken */, li(22, 99), li(23, 4), sc(1)}, 0x2008);
  StepResult r = m.run(1000);
  // beq (0x1000): cold line: stall 9, issue 9; forward, so static BTFN predicts not taken:
  // right. li r20: 9 (second slot). b: cycle 9 is full, issue 10; taken: next floor 11.
  // li r21 (0x2008): cold line: floor 11 + 9 = 20, issue 20. bne: 20 (second slot), taken
  // forward: mispredicted, next floor 20 + 16 = 36. li r23 (0x2014): 36. sc: 36, then
  // 36 + 20 = 56.
  EXPECT_EQ(m.state.gpr[20], 1u);
  EXPECT_EQ(m.state.gpr[21], 2u);
  EXPECT_EQ(m.state.gpr[22], 0u); // skipped
  EXPECT_EQ(m.state.gpr[23], 4u);
  EXPECT_EQ(r.instructions, 7u);
  EXPECT_EQ(r.cycles, 56u);
  const timing::TimingStats st = one.core.thread_stats(0);
  EXPECT_EQ(st.branches, 3u);
  EXPECT_EQ(st.mispredicts, 1u);
  EXPECT_EQ(st.l1i_misses, 2u);
  EXPECT_EQ(st.stall[static_cast<size_t>(timing::Stall::issue_slots)], 1u);
}

TEST(CycleMode, SmtThreadsContendForIssueSlots) {
  const timing::TimingParams p = small_params();
  timing::SharedL2 l2(p);
  timing::CoreTiming core(p, l2, 2);
  TimedMachine t0(core, 0), t1(core, 1);
  t0.load({li(20, 1), li(21, 2), li(22, 3), li(23, 4), sc(1)});
  t1.state.pc = 0x1800; // another fetch line, also cold
  t1.load({li(20, 1), li(21, 2), li(22, 3), li(23, 4), sc(1)}, 0x1800);
  EXPECT_EQ(t0.run(1000).cycles, 31u); // as IndependentOpsShareTheIssueWidth
  // Thread 1 in the same cycles: fetch stall to 9; 9 and 10 are full (thread 0), 11 has one
  // slot left (thread 0's sc): li at 11, 12, 12, 13; sc at 13 (second slot); 13 + 20 = 33.
  EXPECT_EQ(t1.run(1000).cycles, 33u);
  EXPECT_EQ(core.thread_stats(1).stall[static_cast<size_t>(timing::Stall::issue_slots)], 2u + 1u + 1u);
}

// step() reads the timebase at its start only from the first cycle at which the decrementer
// can be due (iss.cpp, learn_quiet): with cycles of an odd number of time units and a clock
// that does not divide them, stepped a cycle at a time (an SMT core's turns), the request
// still begins at the first step that starts where the clock reads the edge.
TEST(CycleMode, DecrementerRequestBeginsAtTheFirstDueStep) {
  OneTimedThread one;
  Machine& m = one.m;
  TimebaseClock clock;
  clock.set(512'000'000, 1); // 512 MHz, 1 ps per unit
  const uint64_t units = 333; // a 333 ps cycle
  m.iss.set_cycle_timebase(&clock, units);
  m.load({addi(3, 3, 1), I(-4)}); // addi r3,r3,1; b .-4: forever
  m.state.msr &= ~msr::EE;        // the request stays pending, never taken
  for (const uint64_t edge : {uint64_t{50}, uint64_t{51}, uint64_t{400}}) {
    m.state.dec_edge = edge;
    m.state.dec_requested = false;
    bool requested = false;
    for (int i = 0; i < 4000 && !requested; ++i) {
      const uint64_t start = one.core.cycle(0);
      m.run(1);
      const bool due = clock.at_units(start * units) >= edge;
      requested = m.state.dec_requested;
      ASSERT_EQ(requested, due) << "edge " << edge << ", step at cycle " << start;
    }
    EXPECT_TRUE(requested) << "edge " << edge;
  }
}

// A watchpoint stops a cycle-mode thread as it stops a fast-mode one (watchpoint_test.cpp):
// before the store, which neither runs nor reaches the timing model; stepping over it resumes.
TEST(CycleMode, WatchpointStopsBeforeTheStore) {
  OneTimedThread one;
  TimedMachine& m = one.m;
  timing::CoreTiming& core = one.core;
  m.state.gpr[4] = 7;
  m.state.gpr[5] = 0x2000;
  m.load({D(36, 4, 5, 0) /* stw r4,0(r5) */, addi(6, 4, 1), sc(1)});
  ASSERT_TRUE(m.iss.add_watchpoint(WatchKind::write, 0x2000, 4));
  StepResult r = m.run(1000);
  EXPECT_EQ(r.reason, StopReason::watchpoint);
  EXPECT_EQ(r.instructions, 0u);
  EXPECT_EQ(m.state.pc, 0x1000u);
  EXPECT_EQ(m.mem.get32(0x2000), 0u);
  EXPECT_EQ(core.thread_stats(0).instructions, 0u);

  m.iss.step_over_breakpoint();
  r = m.run(1000);
  EXPECT_EQ(r.instructions, 3u); // stw, addi, sc
  EXPECT_EQ(m.mem.get32(0x2000), 7u);
  EXPECT_EQ(m.state.gpr[6], 8u);
  EXPECT_EQ(core.thread_stats(0).instructions, 3u);
}

// A breakpoint stops a cycle-mode thread before the instruction at its address, as in fast
// mode: the instructions before it run, it does not (nor reach the timing model) until
// stepped over.
TEST(CycleMode, BreakpointStopsBeforeTheInstruction) {
  OneTimedThread one;
  TimedMachine& m = one.m;
  timing::CoreTiming& core = one.core;
  m.load({li(5, 1), addi(5, 5, 1), addi(5, 5, 1), sc(1)});
  m.iss.add_breakpoint(0x1008);
  StepResult r = m.run(1000);
  EXPECT_EQ(r.reason, StopReason::breakpoint);
  EXPECT_EQ(r.instructions, 2u);
  EXPECT_EQ(m.state.pc, 0x1008u);
  EXPECT_EQ(m.state.gpr[5], 2u);
  EXPECT_EQ(core.thread_stats(0).instructions, 2u);

  m.iss.step_over_breakpoint();
  r = m.run(1000);
  EXPECT_EQ(r.instructions, 2u); // addi, sc
  EXPECT_EQ(m.state.gpr[5], 3u);
  EXPECT_EQ(core.thread_stats(0).instructions, 4u);
}

TEST(CycleMode, FastModeCountsOneCyclePerInstruction) {
  Machine m;
  end_with_hcall(m);
  m.load({li(20, 1), li(21, 2), li(22, 3), li(23, 4), sc(1)});
  StepResult r = m.run(1000);
  EXPECT_EQ(r.instructions, 5u);
  EXPECT_EQ(r.cycles, 5u);
}

} // namespace
} // namespace ppc64sim::cpu::test
