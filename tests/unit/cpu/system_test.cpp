// Interrupts (SRR0/SRR1/new MSR), traps, SPR access, MSR moves, rfid into 64-bit mode, sc and
// hcall dispatch (Power ISA v3.0B Book III 4, 5, 7; PAPR hcall convention).
#include "test_support.h"

#include <gtest/gtest.h>

namespace ppc64sim::cpu::test {
namespace {
using namespace enc;

constexpr uint64_t kSrr1Illegal = 0x80000, kSrr1Priv = 0x40000, kSrr1Trap = 0x20000;

TEST(Interrupt, IllegalInstruction) {
  Machine m(msr::SF | msr::ME | msr::EE | msr::IR | msr::DR);
  m.load({0x00000000});
  m.run(1);
  EXPECT_EQ(m.state.pc, 0x700u);
  EXPECT_EQ(m.state.srr0, 0x1000u);
  EXPECT_EQ(m.state.srr1, msr::SF | msr::ME | msr::EE | msr::IR | msr::DR | kSrr1Illegal);
  EXPECT_EQ(m.state.msr, msr::SF | msr::ME); // EE, IR, DR cleared; SF set; ME kept
}

TEST(Interrupt, InterruptLittleEndianFromLpcrIle) {
  Machine m;
  m.state.lpcr |= lpcr::ILE;
  m.load({0x00000000});
  m.run(1);
  EXPECT_EQ(m.state.msr, msr::SF | msr::ME | msr::LE);
}

TEST(Interrupt, PrivilegedInstructionInProblemState) {
  Machine m(msr::SF | msr::ME | msr::PR);
  m.load({X(31, 3, 0, 0, 83)}); // mfmsr
  m.run(1);
  EXPECT_EQ(m.state.pc, 0x700u);
  EXPECT_EQ(m.state.srr1 & 0xffff0000ull & ~msr::SF, kSrr1Priv);
}

TEST(Interrupt, TrapInstructions) {
  Machine m;
  m.state.gpr[3] = 5;
  m.load({D(3, 4, 3, 6),           // twi lt... TO=4 (eq): 5 != 6, no trap
          D(2, 16, 3, 6),          // tdi TO=16 (lt): 5 < 6 -> trap
          });
  m.run(2);
  EXPECT_EQ(m.state.pc, 0x700u);
  EXPECT_EQ(m.state.srr0, 0x1004u);
  EXPECT_TRUE(m.state.srr1 & kSrr1Trap);
  Machine n;
  n.load({X(31, 31, 0, 0, 4)}); // trap (tw 31,0,0)
  n.run(1);
  EXPECT_EQ(n.state.pc, 0x700u);
}

TEST(Interrupt, FacilityUnavailable) {
  Machine m;
  m.load({0xfc22182a}); // fadd f1,f2,f3
  m.run(1);
  EXPECT_EQ(m.state.pc, 0x800u);
  EXPECT_EQ(m.state.srr0, 0x1000u);
  Machine v;
  v.load({0x10000000 | (1u << 1) | 0x400}); // a VMX op
  v.run(1);
  EXPECT_EQ(v.state.pc, 0xF20u);
  Machine x;
  x.load({0xf0011497}); // xxlor
  x.run(1);
  EXPECT_EQ(x.state.pc, 0xF40u);
  Machine fpon(msr::SF | msr::ME | msr::FP);
  fpon.load({0xfc22182a});
  fpon.run(1);
  EXPECT_EQ(fpon.state.pc, 0x700u); // enabled but not implemented: illegal
}

TEST(Interrupt, MachineCheckOnUnmapped) {
  Machine m;
  m.state.gpr[4] = 0x7000000000ull;
  m.load({D(32, 3, 4, 0)});
  m.run(1);
  EXPECT_EQ(m.state.pc, 0x200u);
  EXPECT_EQ(m.state.srr0, 0x1000u);
  EXPECT_EQ(m.state.dar, 0x7000000000ull);
  EXPECT_FALSE(m.state.msr & msr::ME);
}

TEST(Interrupt, MachineCheckWithMeClearIsCheckstop) {
  Machine m(0);
  m.state.gpr[4] = 0x70000000ull;
  m.load({D(32, 3, 4, 0), nop()});
  StepResult r = m.run(10);
  EXPECT_TRUE(m.state.checkstop);
  EXPECT_EQ(m.state.run_state, RunState::stopped);
  EXPECT_EQ(r.reason, StopReason::left_running);
}

TEST(System, SystemCallLev0) {
  Machine m(msr::SF | msr::ME | msr::EE);
  m.load({sc(0)});
  m.run(1);
  EXPECT_EQ(m.state.pc, 0xC00u);
  EXPECT_EQ(m.state.srr0, 0x1004u);
  EXPECT_EQ(m.state.srr1, msr::SF | msr::ME | msr::EE);
  EXPECT_TRUE(m.hyp.calls.empty());
}

TEST(System, HcallDispatch) {
  Machine m;
  m.state.gpr[3] = 0x58; // H_PUT_TERM_CHAR
  m.hyp.action = [](ThreadState& s) {
    s.gpr[3] = 0;
    s.gpr[4] = 99;
    return HcallResult{false, 50};
  };
  m.load({sc(1), li(5, 1), li(6, 1)});
  // A budget of 52 cycles: sc (1) + its service (50) + li (1); the second li does not fit.
  StepResult r = m.run(52);
  ASSERT_EQ(m.hyp.calls.size(), 1u);
  EXPECT_EQ(m.hyp.calls[0].opcode, 0x58u);
  EXPECT_EQ(m.hyp.calls[0].pc, 0x1004u); // PC already past the sc
  EXPECT_EQ(m.state.gpr[4], 99u);
  EXPECT_EQ(m.state.gpr[5], 1u);
  EXPECT_EQ(m.state.gpr[6], 0u);
  EXPECT_EQ(r.instructions, 2u);
  EXPECT_EQ(r.cycles, 52u);
}

TEST(System, HcallServiceCyclesUseTheBudget) {
  Machine m;
  m.state.gpr[3] = 0x58;
  m.hyp.action = [](ThreadState& s) {
    s.gpr[3] = 0;
    return HcallResult{false, 50};
  };
  m.load({sc(1), li(5, 1)});
  // 10 cycles of budget: the sc runs, its 50 service cycles overshoot, nothing follows.
  StepResult r = m.run(10);
  EXPECT_EQ(r.instructions, 1u);
  EXPECT_EQ(r.cycles, 51u);
  EXPECT_EQ(m.state.gpr[5], 0u);
}

TEST(System, HcallLeaveStepAndStopSelf) {
  Machine m;
  m.hyp.action = [](ThreadState&) { return HcallResult{true, 0}; };
  m.load({sc(1), nop(), nop()});
  StepResult r = m.run(10);
  EXPECT_EQ(r.reason, StopReason::hcall_yield);
  EXPECT_EQ(r.instructions, 1u);
  EXPECT_EQ(m.state.pc, 0x1004u);

  Machine s;
  s.hyp.action = [](ThreadState& st) {
    st.run_state = RunState::ceded;
    return HcallResult{};
  };
  s.load({sc(1), nop()});
  r = s.run(10);
  EXPECT_EQ(r.reason, StopReason::left_running);
  EXPECT_EQ(r.instructions, 1u);
  r = s.run(10);
  EXPECT_EQ(r.instructions, 0u);
}

TEST(System, HcallFromProblemStateIsHPrivilege) {
  Machine m(msr::SF | msr::ME | msr::PR);
  m.load({sc(1)});
  m.run(1);
  EXPECT_TRUE(m.hyp.calls.empty());
  EXPECT_EQ(m.state.gpr[3], static_cast<uint64_t>(-3));
  EXPECT_EQ(m.state.pc, 0x1004u);
}

TEST(System, RfidFrom32BitFirmwareEntryInto64Bit) {
  Machine m(0); // QEMU pseries enters firmware with MSR = 0
  m.state.srr0 = 0xffffffff00002000ull; // high word kept because the new MSR has SF
  m.state.srr1 = msr::SF | msr::ME;
  m.load({XL(0, 0, 0, 18)});
  m.run(1);
  // QEMU 7.2 pseries reads back SF|ME after this very switch (firmware-contract.md): rfid
  // takes ME from SRR1 there, and we match QEMU.
  EXPECT_EQ(m.state.msr, msr::SF | msr::ME);
  EXPECT_EQ(m.state.pc, 0xffffffff00002000ull);
}

TEST(System, RfidTo32BitTruncatesNia) {
  Machine m;
  m.state.srr0 = 0x1234567800002000ull;
  m.state.srr1 = msr::ME | msr::PR;
  m.load({XL(0, 0, 0, 18)});
  m.run(1);
  EXPECT_EQ(m.state.pc, 0x2000u);
  EXPECT_EQ(m.state.msr, msr::ME | msr::PR | msr::EE | msr::IR | msr::DR); // PR implies EE/IR/DR
}

TEST(System, MtmsrdAndMtmsr) {
  Machine m(msr::ME); // 32-bit
  m.state.gpr[3] = msr::SF | msr::EE | msr::HV;
  m.state.gpr[4] = msr::RI | msr::IR;
  m.state.gpr[5] = msr::LE | msr::FP;
  m.load({X(31, 3, 0, 0, 178),            // mtmsrd r3: SF and EE set, HV ignored
          X(31, 4, 1, 0, 178),            // mtmsrd r4, 1: only EE/RI: RI set, EE cleared
          X(31, 5, 0, 0, 146),            // mtmsr r5: FP set, RI cleared again, LE untouched
          X(31, 6, 0, 0, 83)});           // mfmsr r6
  m.run(4);
  EXPECT_EQ(m.state.gpr[6], msr::SF | msr::ME | msr::FP);
}

TEST(System, SprMoves) {
  Machine m;
  m.state.gpr[3] = 0x1122;
  m.state.pir = 3;
  uint64_t tb = 0x123456789aull;
  m.iss.set_timebase_source([&] { return tb; });
  m.load({mtspr(8, 3), mfspr(4, 8), mtspr(272, 3), mfspr(5, 273), mfspr(6, 287), mfspr(7, 1023),
          mfspr(8, 268), X(31, 9, 269 & 31, 269 >> 5, 371), mtspr(1, 3), mfspr(10, 1),
          mfspr(11, 318), mfspr(12, 999) /* undefined privileged-bit-clear SPR: no-op */});
  m.state.gpr[12] = 77;
  m.run(12);
  EXPECT_EQ(m.state.lr, 0x1122u);
  EXPECT_EQ(m.state.gpr[4], 0x1122u);
  EXPECT_EQ(m.state.sprg[0], 0x1122u);
  EXPECT_EQ(m.state.gpr[5], 0u);
  EXPECT_EQ(m.state.gpr[6], 0x004e1200u);
  EXPECT_EQ(m.state.gpr[7], 3u);
  EXPECT_EQ(m.state.gpr[8], tb);
  EXPECT_EQ(m.state.gpr[9], tb >> 32);
  EXPECT_EQ(m.state.gpr[10], 0x1122u & 0x7fu); // XER: only SO/OV/CA/OV32/CA32 and byte count exist
  EXPECT_EQ(m.state.gpr[11], m.state.lpcr);
  EXPECT_EQ(m.state.gpr[12], 77u);
  EXPECT_EQ(m.state.pc, 0x1000u + 4 * 12);
}

TEST(System, PrivilegedSprInProblemState) {
  Machine m(msr::SF | msr::ME | msr::PR);
  m.load({mfspr(3, 8), mfspr(4, 26)}); // mflr fine, mfsrr0 privileged
  m.run(2);
  EXPECT_EQ(m.state.pc, 0x700u);
  EXPECT_EQ(m.state.srr0, 0x1004u);
  EXPECT_TRUE(m.state.srr1 & kSrr1Priv);
}

TEST(System, StepBudgetAndRetiredCount) {
  Machine m;
  m.load({I(0)}); // b . : infinite loop
  StepResult r = m.run(1000);
  EXPECT_EQ(r.instructions, 1000u);
  EXPECT_EQ(r.cycles, 1000u);
  EXPECT_EQ(r.reason, StopReason::budget);
  EXPECT_EQ(m.iss.instructions_retired(), 1000u);
}

TEST(System, NotRunningDoesNothing) {
  Machine m;
  m.state.run_state = RunState::stopped;
  StepResult r = m.run(10);
  EXPECT_EQ(r.instructions, 0u);
  EXPECT_EQ(r.reason, StopReason::left_running);
}

} // namespace
} // namespace ppc64sim::cpu::test
