// RTAS through H_RTAS (xics-spec.md 3.4 and its call table; corner cases C36-C38;
// firmware-contract.md "RTAS through H_RTAS"). RTAS statuses are 32-bit cells: -3 = 0xFFFFFFFD.
#include "hyp_env.h"

namespace ppc64sim::hyp::test {
namespace {

constexpr int64_t H_SUCCESS = 0, H_PARAMETER = -4;
constexpr uint32_t kParamError = 0xFFFFFFFD; // -3
constexpr uint32_t kHwError = 0xFFFFFFFF;    // -1
constexpr uint64_t kSf = 1ull << 63, kMe = 1ull << 12;
constexpr uint64_t kIle = 1ull << 25;

using RtasTest = HypTest;

TEST_F(RtasTest, TokensFollowQemuNumbering) {
  // QEMU: 0x2000 + index (spec table); firmware reads them from /rtas.
  const std::vector<std::pair<std::string, uint32_t>> expected = {
      {"display-character", 0x2000}, {"get-time-of-day", 0x2001}, {"set-time-of-day", 0x2002},
      {"power-off", 0x2003},         {"system-reboot", 0x2004},   {"query-cpu-stopped-state", 0x2005},
      {"start-cpu", 0x2006},         {"stop-self", 0x2007}};
  const auto tokens = hyp.rtas_tokens();
  ASSERT_GE(tokens.size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) EXPECT_EQ(tokens[i], expected[i]);
  for (std::size_t i = 0; i < tokens.size(); ++i) EXPECT_EQ(tokens[i].second, 0x2000u + i);
}

TEST_F(RtasTest, UnknownTokenIsParamErrorAndHParameter) {
  EXPECT_EQ(rtas(0, 0x1FFF, {}, 1), H_PARAMETER);
  EXPECT_EQ(rets(), std::vector<uint32_t>{kParamError});
  EXPECT_EQ(rtas(0, 0x2FFF, {1, 2}, 2), H_PARAMETER);
  EXPECT_EQ(rets(), (std::vector<uint32_t>{kParamError, kSentinel}));
}

TEST_F(RtasTest, BufferOutsideRamIsHParameter) {
  EXPECT_EQ(hcall(0, 0xF000, {World::kRamSize}), H_PARAMETER);
  EXPECT_EQ(hcall(0, 0xF000, {World::kRamSize - 8}), H_PARAMETER); // header straddles the end
  EXPECT_EQ(hcall(0, 0xF000, {0x0FFFFFFFFFFFFFF0ull}), H_PARAMETER);
  // Header inside, but nargs runs the argument area off the end of RAM.
  store32(World::kRamSize - 12, token("display-character"));
  store32(World::kRamSize - 8, 1);
  store32(World::kRamSize - 4, 1);
  EXPECT_EQ(hcall(0, 0xF000, {World::kRamSize - 12}), H_PARAMETER);
  EXPECT_EQ(w.out1, "");
}

TEST_F(RtasTest, TopFourAddressBitsAreIgnored) {
  store32(kBuf, token("display-character"));
  store32(kBuf + 4, 1);
  store32(kBuf + 8, 1);
  store32(kBuf + 12, 'K');
  EXPECT_EQ(hcall(0, 0xF000, {0xC000000000000000ull | kBuf}), H_SUCCESS);
  EXPECT_EQ(w.out1, "K");
  EXPECT_EQ(load32(kBuf + 16), 0u);
}

TEST_F(RtasTest, DisplayCharacterWritesOneByteToTheDefaultVty) {
  EXPECT_EQ(rtas(0, token("display-character"), {0x141}, 1), H_SUCCESS); // low byte only
  EXPECT_EQ(rets(), std::vector<uint32_t>{0});
  EXPECT_EQ(w.out1, "A");
  EXPECT_EQ(w.out2, "");
  // Linux early debug uses the fixed token 0xA (xics-spec.md 3.4).
  EXPECT_EQ(rtas(0, 0xA, {'\n'}, 1), H_SUCCESS);
  EXPECT_EQ(w.out1, "A\n");
}

TEST_F(RtasTest, PowerOff) {
  EXPECT_EQ(rtas(0, token("power-off"), {0, 0}, 1), H_SUCCESS);
  EXPECT_EQ(rets(), std::vector<uint32_t>{0});
  EXPECT_EQ(cpus.power_offs, 1);
  EXPECT_TRUE(last.leave_step);
}

TEST_F(RtasTest, PowerOffWithWrongShapeIsRefused) {
  EXPECT_EQ(rtas(0, token("power-off"), {0}, 1), H_SUCCESS);
  EXPECT_EQ(rets(), std::vector<uint32_t>{kParamError});
  EXPECT_EQ(rtas(0, token("power-off"), {0, 0}, 2), H_SUCCESS);
  EXPECT_EQ(rets(), (std::vector<uint32_t>{kParamError, kSentinel}));
  EXPECT_EQ(cpus.power_offs, 0);
}

TEST_F(RtasTest, SystemReboot) {
  EXPECT_EQ(rtas(0, token("system-reboot"), {1}, 1), H_SUCCESS);
  EXPECT_EQ(rets(), std::vector<uint32_t>{kParamError});
  EXPECT_EQ(cpus.reboots, 0);
  EXPECT_EQ(rtas(0, token("system-reboot"), {}, 1), H_SUCCESS);
  EXPECT_EQ(rets(), std::vector<uint32_t>{0});
  EXPECT_EQ(cpus.reboots, 1);
  EXPECT_TRUE(last.leave_step);
}

TEST_F(RtasTest, GetTimeOfDayFromTheTimebase) {
  // Epoch 0, 512 MHz: 366 days + 1 h 2 min 3 s + 0.5 s. 1970 has 365 days -> 1971-01-02.
  cpus.timebase = 512'000'000ull * (86400ull * 366 + 3723) + 256'000'000;
  EXPECT_EQ(rtas(0, token("get-time-of-day"), {}, 8), H_SUCCESS);
  EXPECT_EQ(rets(), (std::vector<uint32_t>{0, 1971, 1, 2, 1, 2, 3, 500'000'000}));
}

TEST_F(RtasTest, GetTimeOfDayWrongShape) {
  EXPECT_EQ(rtas(0, token("get-time-of-day"), {}, 7), H_SUCCESS);
  EXPECT_EQ(rets()[0], kParamError);
  EXPECT_EQ(rets()[1], kSentinel);
  EXPECT_EQ(rtas(0, token("get-time-of-day"), {0}, 8), H_SUCCESS);
  EXPECT_EQ(rets()[0], kParamError);
}

TEST_F(RtasTest, SetTimeOfDayMovesTheClock) {
  cpus.timebase = 512'000'000ull * 100;
  EXPECT_EQ(rtas(0, token("set-time-of-day"), {2024, 2, 29, 12, 34, 56, 0}, 1), H_SUCCESS);
  EXPECT_EQ(rets(), std::vector<uint32_t>{0});
  cpus.timebase += 512'000'000ull * 64; // one minute and four seconds later
  EXPECT_EQ(rtas(0, token("get-time-of-day"), {}, 8), H_SUCCESS);
  EXPECT_EQ(rets(), (std::vector<uint32_t>{0, 2024, 2, 29, 12, 36, 0, 0}));
  EXPECT_EQ(rtas(0, token("set-time-of-day"), {2024, 13, 1, 0, 0, 0, 0}, 1), H_SUCCESS);
  EXPECT_EQ(rets(), std::vector<uint32_t>{kParamError});
  // Put the clock back (epoch 0 at timebase 0) for the other tests sharing this world.
  cpus.timebase = 0;
  EXPECT_EQ(rtas(0, token("set-time-of-day"), {1970, 1, 1, 0, 0, 0, 0}, 1), H_SUCCESS);
  EXPECT_EQ(rets(), std::vector<uint32_t>{0});
}

TEST_F(RtasTest, QueryCpuStoppedState) {
  const uint32_t q = token("query-cpu-stopped-state");
  EXPECT_EQ(rtas(0, q, {1}, 2), H_SUCCESS);
  EXPECT_EQ(rets(), (std::vector<uint32_t>{0, 0})); // thread 1 never started: stopped
  EXPECT_EQ(rtas(0, q, {0}, 2), H_SUCCESS);
  EXPECT_EQ(rets(), (std::vector<uint32_t>{0, 2})); // the caller runs
  cpus.threads[2].run_state = cpu::RunState::ceded;
  EXPECT_EQ(rtas(0, q, {2}, 2), H_SUCCESS);
  EXPECT_EQ(rets(), (std::vector<uint32_t>{0, 2})); // ceded counts as running
  EXPECT_EQ(rtas(0, q, {99}, 2), H_SUCCESS);
  EXPECT_EQ(rets(), (std::vector<uint32_t>{kParamError, kSentinel}));
  EXPECT_EQ(rtas(0, q, {1}, 1), H_SUCCESS);
  EXPECT_EQ(rets(), std::vector<uint32_t>{kParamError});
  EXPECT_EQ(rtas(0, q, {1, 0}, 2), H_SUCCESS);
  EXPECT_EQ(rets()[0], kParamError);
}

TEST_F(RtasTest, StartCpuSetsTheEntryStateAndWakesTheThread) {
  cpu::ThreadState& t = cpus.threads[2];
  t.msr = cpu::msr::EE | cpu::msr::LE | cpu::msr::IR;
  t.gpr[1] = 0x1111;
  t.gpr[3] = 0x3333;
  t.gpr[4] = 0x4444;
  t.gpr[5] = 0x5555;
  EXPECT_EQ(rtas(0, token("start-cpu"), {2, 0x8000, 0xABCD1234}, 1), H_SUCCESS);
  EXPECT_EQ(rets(), std::vector<uint32_t>{0});
  EXPECT_EQ(t.msr, kSf | kMe); // 64-bit, BE, real mode, EE = 0
  EXPECT_EQ(t.pc, 0x8000u);
  EXPECT_EQ(t.gpr[3], 0xABCD1234u);
  EXPECT_EQ(t.gpr[1], 0u);
  EXPECT_EQ(t.gpr[4], 0u);
  EXPECT_EQ(t.run_state, cpu::RunState::running);
  EXPECT_EQ(cpus.woken, std::vector<uint32_t>{2});
  EXPECT_TRUE(last.leave_step);

  // C38: query reports it running now.
  EXPECT_EQ(rtas(0, token("query-cpu-stopped-state"), {2}, 2), H_SUCCESS);
  EXPECT_EQ(rets(), (std::vector<uint32_t>{0, 2}));
}

TEST_F(RtasTest, StartCpuCopiesTheCallersInterruptEndianness) {
  cpus.threads[0].lpcr |= kIle;
  EXPECT_EQ(rtas(0, token("start-cpu"), {1, 0x100, 0}, 1), H_SUCCESS);
  EXPECT_EQ(rets(), std::vector<uint32_t>{0});
  EXPECT_NE(cpus.threads[1].lpcr & kIle, 0u);
  cpus.threads[3].lpcr |= kIle;
  cpus.threads[0].lpcr &= ~kIle;
  EXPECT_EQ(rtas(0, token("start-cpu"), {3, 0x100, 0}, 1), H_SUCCESS);
  EXPECT_EQ(cpus.threads[3].lpcr & kIle, 0u);
}

TEST_F(RtasTest, StartCpuRefusals) {
  const uint32_t s = token("start-cpu");
  EXPECT_EQ(rtas(0, s, {0, 0x8000, 0}, 1), H_SUCCESS); // C37: already running
  EXPECT_EQ(rets(), std::vector<uint32_t>{kHwError});
  EXPECT_EQ(cpus.threads[0].pc, 0u);
  EXPECT_EQ(rtas(0, s, {4, 0x8000, 0}, 1), H_SUCCESS); // C37: unknown server
  EXPECT_EQ(rets(), std::vector<uint32_t>{kParamError});
  EXPECT_EQ(rtas(0, s, {1, 0x8000}, 1), H_SUCCESS); // wrong nargs
  EXPECT_EQ(rets(), std::vector<uint32_t>{kParamError});
  EXPECT_EQ(rtas(0, s, {1, 0x8000, 0}, 2), H_SUCCESS); // wrong nret
  EXPECT_EQ(rets()[0], kParamError);
  EXPECT_TRUE(cpus.woken.empty());
  EXPECT_EQ(cpus.threads[1].run_state, cpu::RunState::stopped);
}

TEST_F(RtasTest, StopSelfWritesNoStatus) {
  cpus.threads[1].run_state = cpu::RunState::running;
  EXPECT_EQ(rtas(1, token("stop-self"), {}, 1), H_SUCCESS);
  EXPECT_EQ(rets(), std::vector<uint32_t>{kSentinel});
  EXPECT_EQ(cpus.threads[1].run_state, cpu::RunState::stopped);
  EXPECT_TRUE(last.leave_step);
  // C38: stopped again as seen from another thread, and start-cpu accepts it again.
  EXPECT_EQ(rtas(0, token("query-cpu-stopped-state"), {1}, 2), H_SUCCESS);
  EXPECT_EQ(rets(), (std::vector<uint32_t>{0, 0}));
  EXPECT_EQ(rtas(0, token("start-cpu"), {1, 0x200, 7}, 1), H_SUCCESS);
  EXPECT_EQ(rets(), std::vector<uint32_t>{0});
}

} // namespace
} // namespace ppc64sim::hyp::test
