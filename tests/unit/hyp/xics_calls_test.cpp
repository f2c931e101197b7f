// The XICS hcall/RTAS glue of the shim (xics-spec.md 2.3-2.9, 3.2-3.4): which registers carry
// arguments and results, the statuses, the RTAS nargs/nret checks, the QEMU tokens, the
// hypertas word and H_CEDE's pending query. The interrupt semantics themselves are tested in
// tests/model/xics; here a SyncXics (QEMU flavour) stands behind the calls.
#include "hyp_env.h"

#include "models/hyp/xics_calls.h"

#include <algorithm>
#include <cstring>

namespace ppc64sim::hyp::test {
namespace {

constexpr int64_t kSuccess = 0, kParameter = -4, kFunction = -2;
constexpr uint64_t H_EOI = 0x64, H_CPPR = 0x68, H_IPI = 0x6C, H_IPOLL = 0x70, H_XIRR = 0x74,
                   H_CEDE = 0xE0, H_XIRR_X = 0x2FC, H_RTAS = 0xF000;
constexpr uint32_t kParamError = 0xFFFFFFFD; // RTAS -3
constexpr uint32_t kSrc = 0x1005;            // inside QEMU's ICS 0x1000..0x1FFF (1.1)
constexpr uint64_t kBuf = 0x2000;
constexpr uint32_t kSentinel = 0xDEADBEEF;

class XicsCallsTest : public HypTest {
protected:
  void SetUp() override {
    HypTest::SetUp();
    w.xics.reset();
    w.after_calls.clear();
    std::memset(w.ram_x.data(), 0, w.ram_x.size());
  }

  int64_t call(uint32_t server, uint64_t opcode, std::vector<uint64_t> args = {}) {
    cpu::ThreadState& s = cpus.thread_state(server);
    s.gpr[3] = opcode;
    for (std::size_t i = 0; i < args.size(); ++i) s.gpr[4 + i] = args[i];
    last = w.hyp_x.hcall(s);
    return static_cast<int64_t>(s.gpr[3]);
  }
  uint64_t gpr(uint32_t server, int r) { return cpus.thread_state(server).gpr[r]; }

  void put32(uint64_t a, uint32_t v) {
    uint8_t* p = w.ram_x.data() + a;
    p[0] = uint8_t(v >> 24), p[1] = uint8_t(v >> 16), p[2] = uint8_t(v >> 8), p[3] = uint8_t(v);
  }
  uint32_t get32(uint64_t a) const {
    const uint8_t* p = w.ram_x.data() + a;
    return (uint32_t(p[0]) << 24) | (uint32_t(p[1]) << 16) | (uint32_t(p[2]) << 8) | p[3];
  }
  // RTAS buffer (3.4): token, nargs, nret, args, rets (pre-filled with a sentinel).
  std::vector<uint32_t> rtas(uint32_t server, uint32_t token, std::vector<uint32_t> args,
                             uint32_t nret) {
    put32(kBuf, token);
    put32(kBuf + 4, static_cast<uint32_t>(args.size()));
    put32(kBuf + 8, nret);
    for (std::size_t i = 0; i < args.size(); ++i) put32(kBuf + 12 + 4 * i, args[i]);
    const uint64_t rets = kBuf + 12 + 4 * args.size();
    for (uint32_t i = 0; i < nret; ++i) put32(rets + 4 * i, kSentinel);
    EXPECT_EQ(call(server, H_RTAS, {kBuf}), kSuccess);
    std::vector<uint32_t> out;
    for (uint32_t i = 0; i < nret; ++i) out.push_back(get32(rets + 4 * i));
    return out;
  }
};

TEST_F(XicsCallsTest, RtasTokensAreQemus) {
  // QEMU: RTAS_IBM_SET_XIVE .. RTAS_IBM_INT_ON = 0x2000 + 0x0A .. 0x0D (3.4 table).
  const auto tokens = w.hyp_x.rtas_tokens();
  auto token = [&](const char* n) {
    auto it = std::find_if(tokens.begin(), tokens.end(), [&](const auto& p) { return p.first == n; });
    return it == tokens.end() ? 0u : it->second;
  };
  EXPECT_EQ(token("ibm,set-xive"), 0x200Au);
  EXPECT_EQ(token("ibm,get-xive"), 0x200Bu);
  EXPECT_EQ(token("ibm,int-off"), 0x200Cu);
  EXPECT_EQ(token("ibm,int-on"), 0x200Du);
  EXPECT_EQ(token("stop-self"), 0x2007u); // the base calls keep theirs
}

TEST_F(XicsCallsTest, HypertasAnnouncesHcallInterrupt) {
  const auto f = w.hyp_x.hypertas_functions(); // 4.3
  EXPECT_EQ(std::count(f.begin(), f.end(), "hcall-interrupt"), 1);
  EXPECT_EQ(call(0, H_XIRR), kSuccess);
  EXPECT_EQ(hcall(0, H_XIRR), kFunction); // the shim without XICS has no such hcall
}

TEST_F(XicsCallsTest, FullInterruptCycleThroughRegisters) {
  // 5.1: H_CPPR(0xFF), set-xive(src, server, 5), int-on; trigger; H_XIRR; H_EOI(xirr).
  EXPECT_EQ(call(1, H_CPPR, {0xFF}), kSuccess);
  EXPECT_EQ(w.xics.icp_state(1)->cppr, 0xFF);
  EXPECT_EQ(rtas(0, 0x200A, {kSrc, 1, 5}, 1), (std::vector<uint32_t>{0}));
  EXPECT_EQ(rtas(0, 0x200B, {kSrc}, 3), (std::vector<uint32_t>{0, 1, 5}));
  ASSERT_TRUE(w.xics.msi_trigger(kSrc));
  // H_XIRR ignores r4 (Linux passes its CPPR) and returns old CPPR << 24 | XISR in r4 (2.3).
  cpus.thread_state(1).gpr[5] = 0x5555;
  EXPECT_EQ(call(1, H_XIRR, {0x12345}), kSuccess);
  EXPECT_EQ(gpr(1, 4), 0xFF000000u | kSrc);
  EXPECT_EQ(gpr(1, 5), 0x5555u); // H_XIRR writes r4 only
  EXPECT_EQ(w.xics.icp_state(1)->cppr, 5);
  EXPECT_FALSE(w.xics.line(1));
  // H_EOI sets CPPR from the top byte of r4 (2.7).
  EXPECT_EQ(call(1, H_EOI, {0xFF000000u | kSrc}), kSuccess);
  EXPECT_EQ(w.xics.icp_state(1)->cppr, 0xFF);
  // C9 (QEMU): a spurious H_XIRR at CPPR 5 returns 0x05000000.
  EXPECT_EQ(call(1, H_CPPR, {5}), kSuccess);
  EXPECT_EQ(call(1, H_XIRR), kSuccess);
  EXPECT_EQ(gpr(1, 4), 0x05000000u);
}

TEST_F(XicsCallsTest, XirrXReturnsTheGuestTimebaseInR5) {
  EXPECT_EQ(call(2, H_CPPR, {0xFF}), kSuccess);
  EXPECT_EQ(call(0, H_IPI, {2, 4}), kSuccess);
  cpus.timebase = 0x123456789ull;
  EXPECT_EQ(call(2, H_XIRR_X), kSuccess);
  EXPECT_EQ(gpr(2, 4), 0xFF000002u); // the IPI (source 2), old CPPR 0xFF (2.3, C10)
  EXPECT_EQ(gpr(2, 5), 0x123456789ull);
  EXPECT_EQ(w.xics.icp_state(2)->cppr, 4);
}

TEST_F(XicsCallsTest, IpiAndIpollTakeTheTargetFromR4) {
  EXPECT_EQ(call(3, H_CPPR, {0xFF}), kSuccess);
  EXPECT_EQ(call(0, H_IPI, {3, 6}), kSuccess);
  cpus.thread_state(0).gpr[6] = 0x77;
  EXPECT_EQ(call(0, H_IPOLL, {3}), kSuccess);
  EXPECT_EQ(gpr(0, 4), 0xFF000002u); // r4 = CPPR << 24 | XISR (2.6)
  EXPECT_EQ(gpr(0, 5), 6u);          // r5 = MFRR
  EXPECT_EQ(gpr(0, 6), 0x77u);
  EXPECT_EQ(w.xics.icp_state(3)->xisr, 2u); // H_IPOLL has no side effect
  // C23: a server with no ICP.
  EXPECT_EQ(call(0, H_IPI, {4, 5}), kParameter);
  cpus.thread_state(0).gpr[5] = 0x99;
  EXPECT_EQ(call(0, H_IPOLL, {0x100000000ull}), kParameter);
  EXPECT_EQ(gpr(0, 4), 0x100000000ull); // outputs untouched on failure
  EXPECT_EQ(gpr(0, 5), 0x99u);
}

TEST_F(XicsCallsTest, RtasShapeAndArgumentErrors) {
  // C27: wrong nargs/nret -> -3; only the status cell is written.
  EXPECT_EQ(rtas(0, 0x200A, {kSrc, 0}, 1), (std::vector<uint32_t>{kParamError}));
  EXPECT_EQ(rtas(0, 0x200A, {kSrc, 0, 5}, 2), (std::vector<uint32_t>{kParamError, kSentinel}));
  EXPECT_EQ(rtas(0, 0x200B, {kSrc}, 2), (std::vector<uint32_t>{kParamError, kSentinel}));
  EXPECT_EQ(rtas(0, 0x200C, {kSrc, 0}, 1), (std::vector<uint32_t>{kParamError}));
  EXPECT_EQ(rtas(0, 0x200D, {}, 1), (std::vector<uint32_t>{kParamError}));
  // C26 outside the ICS, C24 no such server, C25 (QEMU) priority > 0xFF.
  EXPECT_EQ(rtas(0, 0x200A, {0x123, 0, 5}, 1), (std::vector<uint32_t>{kParamError}));
  EXPECT_EQ(rtas(0, 0x200A, {kSrc, 4, 5}, 1), (std::vector<uint32_t>{kParamError}));
  EXPECT_EQ(rtas(0, 0x200A, {kSrc, 0, 0x100}, 1), (std::vector<uint32_t>{kParamError}));
  EXPECT_EQ(rtas(0, 0x200B, {0x2000}, 3), (std::vector<uint32_t>{kParamError, kSentinel, kSentinel}));
}

TEST_F(XicsCallsTest, IntOffAndIntOn) {
  EXPECT_EQ(rtas(0, 0x200A, {kSrc, 2, 5}, 1), (std::vector<uint32_t>{0}));
  EXPECT_EQ(rtas(0, 0x200C, {kSrc}, 1), (std::vector<uint32_t>{0}));
  EXPECT_EQ(rtas(0, 0x200B, {kSrc}, 3), (std::vector<uint32_t>{0, 2, 0xFF})); // current prio
  EXPECT_EQ(rtas(0, 0x200D, {kSrc}, 1), (std::vector<uint32_t>{0}));
  EXPECT_EQ(rtas(0, 0x200B, {kSrc}, 3), (std::vector<uint32_t>{0, 2, 5}));
}

TEST_F(XicsCallsTest, CedeReturnsAtOnceWhenAnInterruptWaits) {
  // 3.2 H_CEDE / C40: with the thread's ICP line high it does not sleep.
  cpus.threads[2].run_state = cpu::RunState::running;
  EXPECT_EQ(call(2, H_CPPR, {0xFF}), kSuccess);
  EXPECT_EQ(call(0, H_IPI, {2, 5}), kSuccess);
  ASSERT_TRUE(w.xics.line(2));
  EXPECT_EQ(call(2, H_CEDE), kSuccess);
  EXPECT_FALSE(last.leave_step);
  EXPECT_EQ(cpus.threads[2].run_state, cpu::RunState::running);
  // Accepted: nothing waits any more, so the next H_CEDE sleeps.
  EXPECT_EQ(call(2, H_XIRR), kSuccess);
  EXPECT_FALSE(xics_interrupt_pending(w.xics, 2));
  EXPECT_EQ(call(2, H_CEDE), kSuccess);
  EXPECT_EQ(cpus.threads[2].run_state, cpu::RunState::ceded);
}

TEST_F(XicsCallsTest, AfterCallHookGetsTheCallersServer) {
  call(3, H_CPPR, {0xFF});
  call(1, H_IPI, {3, 4});
  rtas(2, 0x200B, {kSrc}, 3);
  EXPECT_EQ(w.after_calls, (std::vector<uint32_t>{3, 1, 2}));
}

} // namespace
} // namespace ppc64sim::hyp::test
