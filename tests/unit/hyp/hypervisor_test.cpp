// The dispatcher as the ISS sees it: privilege, cost, registration from outside,
// ibm,hypertas-functions (xics-spec.md 3.1, 3.3, 4.3).
#include "hyp_env.h"

#include <algorithm>

namespace ppc64sim::hyp::test {
namespace {

using HypervisorTest = HypTest;

TEST_F(HypervisorTest, UnregisteredHcallGivesHFunction) {
  EXPECT_EQ(hcall(0, 0x6C, {0, 5}), -2);    // H_IPI: the XICS model adds it later
  EXPECT_EQ(hcall(0, 0x5A), -2);            // not a multiple of 4 (C35)
  EXPECT_EQ(hcall(0, 0xF001), -2);          // private range, empty
  EXPECT_FALSE(last.leave_step);
}

TEST_F(HypervisorTest, ProblemStateGetsHPrivilege) {
  cpus.threads[0].msr = cpu::msr::PR;
  EXPECT_EQ(hcall(0, 0x58, {World::kVtyReg, 1, 0x4100000000000000ull, 0}), -3); // C34
  EXPECT_EQ(w.out1, "");
}

TEST_F(HypervisorTest, EveryHcallChargesTheServiceCost) {
  hcall(0, 0x58, {World::kVtyReg, 0, 0, 0});
  EXPECT_EQ(last.cycles, 100u);
  hyp.set_hcall_cycles(250);
  hcall(0, 0x2000);
  EXPECT_EQ(last.cycles, 250u);
}

TEST_F(HypervisorTest, LaterModelsRegisterCallsWithoutTouchingTheDispatcher) {
  EXPECT_THROW(hyp.register_hcall(0x58, "again", [](cpu::ThreadState&) { return HcallOutcome{}; }),
               std::invalid_argument);
  EXPECT_THROW(hyp.register_rtas("stop-self", [](cpu::ThreadState&, RtasCall&) {}),
               std::invalid_argument);

  // Stand-ins for the XICS model: numbers not used by this folder's own calls. The world
  // outlives one test, so register once per process (--gtest_repeat).
  static uint32_t tok = 0;
  if (tok == 0) {
    hyp.register_hcall(0x2FC, "H_XIRR_X_test", [](cpu::ThreadState& s) -> HcallOutcome {
      s.gpr[4] = 0xFF000002;
      return {0, false};
    });
    tok = hyp.register_rtas("test,echo", [](cpu::ThreadState&, RtasCall& c) {
      c.set_status(0);
      c.set_ret(1, c.arg(0) + 1);
    });
    const auto tokens = hyp.rtas_tokens();
    EXPECT_EQ(tokens.back(), std::make_pair(std::string("test,echo"), tok));
    EXPECT_EQ(tok, 0x2000u + tokens.size() - 1);
  }
  EXPECT_EQ(hcall(0, 0x2FC), 0);
  EXPECT_EQ(cpus.threads[0].gpr[4], 0xFF000002u);
  EXPECT_EQ(rtas(0, tok, {41}, 2), 0);
  EXPECT_EQ(rets(), (std::vector<uint32_t>{0, 42}));

  hyp.add_hypertas_function("hcall-interrupt");
  hyp.add_hypertas_function("hcall-interrupt");
  const auto f = hyp.hypertas_functions();
  EXPECT_EQ(std::count(f.begin(), f.end(), "hcall-interrupt"), 1);
}

TEST_F(HypervisorTest, HypertasFunctionsListWhatIsImplemented) {
  const auto f = hyp.hypertas_functions();
  for (const char* name : {"hcall-term", "hcall-splpar", "hcall-set-mode"})
    EXPECT_NE(std::find(f.begin(), f.end(), name), f.end()) << name;
}

} // namespace
} // namespace ppc64sim::hyp::test
