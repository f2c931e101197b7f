// Cycle mode with a store queue, at the ISS: two threads (one core timing model each) share a
// memory, a reservation monitor and a StoreQueue with V = 50. The cycles are read from the
// timing model itself (cycle(t) when an instruction runs), so the expectations below follow
// from the rules of store_queue.h, not from recorded simulator output.
#include "models/cpu/store_queue.h"
#include "models/cpu/timing/core_timing.h"
#include "test_support.h"

#include <gtest/gtest.h>

namespace ppc64sim::cpu::test {
namespace {
using namespace enc;

constexpr uint64_t V = 50;
constexpr uint64_t kData = 0x8000;

uint32_t stw(unsigned rs, unsigned ra, int16_t d) { return D(36, rs, ra, d); }
uint32_t lwz(unsigned rt, unsigned ra, int16_t d) { return D(32, rt, ra, d); }
uint32_t lwarx(unsigned rt, unsigned ra, unsigned rb) { return X(31, rt, ra, rb, 20); }
uint32_t stwcx(unsigned rs, unsigned ra, unsigned rb) { return X(31, rs, ra, rb, 150, 1); }

struct Thread {
  ThreadState state;
  std::unique_ptr<Iss> iss;
};

struct TwoThreads {
  VectorMemory mem{1 << 20};
  FakeHypervisor hyp;
  ReservationMonitor monitor{2};
  StoreQueue queue{2, V, monitor};
  timing::TimingParams params;
  timing::SharedL2 l2{params};
  timing::CoreTiming core0{params, l2, 1}, core1{params, l2, 1};
  Thread t[2];
  TwoThreads() {
    queue.attach_memory(mem.ram.data(), 0, mem.ram.size());
    hyp.action = [](ThreadState& s) {
      s.gpr[3] = 0;
      return HcallResult{true, 0}; // leave the step: each program ends with sc 1
    };
    for (unsigned i = 0; i < 2; ++i) {
      t[i].state.pir = i;
      t[i].state.msr = msr::SF | msr::ME;
      t[i].state.run_state = RunState::running;
      t[i].iss = std::make_unique<Iss>(t[i].state, mem, hyp, monitor);
      t[i].iss->set_timing(i == 0 ? &core0 : &core1, 0);
      t[i].iss->set_store_queue(&queue);
      t[i].iss->flush_decode_cache();
    }
  }
  timing::CoreTiming& core(unsigned i) { return i == 0 ? core0 : core1; }
  void program(unsigned i, uint64_t at, const std::vector<uint32_t>& words) {
    for (size_t k = 0; k < words.size(); ++k) mem.put32(at + 4 * k, words[k]);
    t[i].state.pc = at;
  }
  StepResult run(unsigned i) { return t[i].iss->step(100000); }
  uint32_t ram32(uint64_t a) { return mem.get32(a); }
};

TEST(StoreQueueIss, StoreForwardsToItselfAndReachesOthersAfterV) {
  TwoThreads m;
  m.t[0].state.gpr[4] = kData;
  m.t[0].state.gpr[5] = 0x1234;
  m.program(0, 0x1000, {stw(5, 4, 0), lwz(6, 4, 0), sc(1)});
  m.run(0);
  EXPECT_EQ(m.t[0].state.gpr[6], 0x1234u); // forwarded
  EXPECT_EQ(m.ram32(kData), 0u);           // not in memory yet
  ASSERT_EQ(m.queue.pending(), 1u);
  const uint64_t visible = m.queue.last_visible(0);
  // sc 1 waited for the store (hcalls drain the thread's own stores): thread 0 is past it.
  EXPECT_GE(m.core0.cycle(0), visible);
  // Thread 1 loads at cycle visible - 1: the old value; at `visible`: the new one.
  m.t[1].state.gpr[4] = kData;
  m.program(1, 0x2000, {lwz(7, 4, 0), sc(1)});
  m.core1.idle_until(0, visible - 1);
  m.run(1);
  EXPECT_EQ(m.t[1].state.gpr[7], 0u);
  m.program(1, 0x2000, {lwz(7, 4, 0), sc(1)});
  m.core1.idle_until(0, visible);
  m.run(1);
  EXPECT_EQ(m.t[1].state.gpr[7], 0x1234u);
  m.queue.drain(visible);
  EXPECT_EQ(m.ram32(kData), 0x1234u);
}

TEST(StoreQueueIss, StcxStopsTheStepUntilAllowed) {
  TwoThreads m;
  m.t[0].state.gpr[4] = kData;
  m.t[0].state.gpr[5] = 1;
  m.program(0, 0x1000, {lwarx(6, 0, 4), stwcx(5, 0, 4), sc(1)});
  StepResult r = m.run(0);
  EXPECT_EQ(r.reason, StopReason::stcx_order);
  EXPECT_EQ(r.instructions, 1u); // the lwarx
  EXPECT_EQ(m.t[0].state.pc, 0x1004u);
  r = m.run(0); // not allowed yet: stops again without running it
  EXPECT_EQ(r.reason, StopReason::stcx_order);
  EXPECT_EQ(r.instructions, 0u);
  m.t[0].iss->allow_stcx();
  r = m.run(0);
  EXPECT_EQ(r.instructions, 2u); // stwcx. and sc
  EXPECT_EQ(m.t[0].state.cr >> 28, 0x2u); // CR0[EQ]: stored
  EXPECT_EQ(m.queue.pending(), 1u);
}

TEST(StoreQueueIss, TwoThreadsOneLockOnlyTheEarlierStcxWins) {
  TwoThreads m;
  for (unsigned i = 0; i < 2; ++i) {
    m.t[i].state.gpr[4] = kData;
    m.t[i].state.gpr[5] = i + 1;
    m.program(i, 0x1000 + 0x1000 * i, {lwarx(6, 0, 4), stwcx(5, 0, 4), sc(1)});
  }
  // Both larx at their first cycle (nothing stored: both read 0) and stop at their stcx.
  EXPECT_EQ(m.run(0).reason, StopReason::stcx_order);
  EXPECT_EQ(m.run(1).reason, StopReason::stcx_order);
  // Thread 1's stcx. is made 5 cycles later than thread 0's, so the scheduler, which runs
  // parked stcx. in (cycle, thread) order, lets thread 0 go first.
  m.core1.idle_until(0, m.core0.cycle(0) + 5);
  m.t[0].iss->allow_stcx();
  m.run(0);
  m.t[1].iss->allow_stcx();
  m.run(1);
  EXPECT_EQ(m.t[0].state.cr >> 28, 0x2u); // won
  EXPECT_EQ(m.t[1].state.cr >> 28, 0x0u); // thread 0's store lies between its larx and stcx.
  EXPECT_EQ(m.t[0].state.gpr[6], 0u);
  EXPECT_EQ(m.t[1].state.gpr[6], 0u);
  m.queue.drain_all();
  EXPECT_EQ(m.ram32(kData), 1u);
}

} // namespace
} // namespace ppc64sim::cpu::test
