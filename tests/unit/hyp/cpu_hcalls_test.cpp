// H_CEDE, H_PROD, H_SET_MODE (xics-spec.md 3.2, C39/C40; return codes 3.3:
// H_PARAMETER -4, H_P2 -55, H_P3 -56, H_P4 -57, H_UNSUPPORTED_FLAG -256).
#include "hyp_env.h"

namespace ppc64sim::hyp::test {
namespace {

constexpr uint64_t H_CEDE = 0xE0, H_PROD = 0xE8, H_SET_MODE = 0x31C;
constexpr uint64_t kEe = 1ull << 15, kIle = 1ull << 25;

using CpuHcallTest = HypTest;

TEST_F(CpuHcallTest, CedeSleepsWithInterruptsEnabled) {
  EXPECT_EQ(hcall(0, H_CEDE), 0);
  EXPECT_NE(cpus.threads[0].msr & kEe, 0u);
  EXPECT_EQ(cpus.threads[0].run_state, cpu::RunState::ceded);
  EXPECT_TRUE(last.leave_step);
}

TEST_F(CpuHcallTest, ProdBeforeCedeMakesCedeReturnAtOnce) {
  cpus.threads[1].run_state = cpu::RunState::running;
  EXPECT_EQ(hcall(0, H_PROD, {1}), 0);
  EXPECT_TRUE(cpus.threads[1].prod);
  EXPECT_TRUE(cpus.woken.empty());
  EXPECT_EQ(hcall(1, H_CEDE), 0); // C39
  EXPECT_FALSE(last.leave_step);
  EXPECT_EQ(cpus.threads[1].run_state, cpu::RunState::running);
  EXPECT_FALSE(cpus.threads[1].prod);
  EXPECT_NE(cpus.threads[1].msr & kEe, 0u);
  // The flag was consumed: the next cede sleeps.
  EXPECT_EQ(hcall(1, H_CEDE), 0);
  EXPECT_EQ(cpus.threads[1].run_state, cpu::RunState::ceded);
}

TEST_F(CpuHcallTest, ProdWakesACededThread) {
  cpus.threads[1].run_state = cpu::RunState::running;
  hcall(1, H_CEDE);
  ASSERT_EQ(cpus.threads[1].run_state, cpu::RunState::ceded);
  EXPECT_EQ(hcall(0, H_PROD, {1}), 0);
  EXPECT_EQ(cpus.woken, std::vector<uint32_t>{1});
  EXPECT_EQ(cpus.threads[1].run_state, cpu::RunState::running);
}

TEST_F(CpuHcallTest, ProdDoesNotStartAStoppedThread) {
  EXPECT_EQ(hcall(0, H_PROD, {2}), 0);
  EXPECT_TRUE(cpus.woken.empty());
  EXPECT_EQ(cpus.threads[2].run_state, cpu::RunState::stopped);
}

TEST_F(CpuHcallTest, ProdUnknownTargetIsParameterError) {
  EXPECT_EQ(hcall(0, H_PROD, {4}), -4);
  EXPECT_EQ(hcall(0, H_PROD, {0x100000000ull}), -4);
}

TEST_F(CpuHcallTest, CedeReturnsAtOnceWhenAnInterruptWaits) {
  hyp.set_interrupt_pending_query([](uint32_t server) { return server == 0; });
  EXPECT_EQ(hcall(0, H_CEDE), 0); // C40
  EXPECT_EQ(cpus.threads[0].run_state, cpu::RunState::running);
  EXPECT_NE(cpus.threads[0].msr & kEe, 0u);
  EXPECT_FALSE(last.leave_step);
}

TEST_F(CpuHcallTest, SetModeEndiannessAppliesToEveryThread) {
  EXPECT_EQ(hcall(0, H_SET_MODE, {1, 4, 0, 0}), 0);
  for (const auto& t : cpus.threads) EXPECT_NE(t.lpcr & kIle, 0u);
  EXPECT_EQ(hcall(0, H_SET_MODE, {0, 4, 0, 0}), 0);
  for (const auto& t : cpus.threads) EXPECT_EQ(t.lpcr & kIle, 0u);
}

TEST_F(CpuHcallTest, SetModeRefusals) {
  EXPECT_EQ(hcall(0, H_SET_MODE, {1, 4, 1, 0}), -56);  // value1 -> H_P3
  EXPECT_EQ(hcall(0, H_SET_MODE, {1, 4, 0, 1}), -57);  // value2 -> H_P4
  EXPECT_EQ(hcall(0, H_SET_MODE, {2, 4, 0, 0}), -256); // H_UNSUPPORTED_FLAG
  EXPECT_EQ(hcall(0, H_SET_MODE, {0, 9, 0, 0}), -55);  // unknown resource -> H_P2
  for (const auto& t : cpus.threads) EXPECT_EQ(t.lpcr & kIle, 0u);
}

} // namespace
} // namespace ppc64sim::hyp::test
