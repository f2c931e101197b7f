// Asynchronous interrupts and the decrementer (Power ISA v3.0B Book III 7.5.1, 7.5.7, 7.5.11,
// 7.8, 9.3; firmware-contract.md "Decrementer and timebase"), PPR priority nops (Book II 3.2),
// `wait` (ISA 3.0 Book II 4.6.3) and H_CEDE's early return (PAPR).
#include "test_support.h"

#include <gtest/gtest.h>

namespace ppc64sim::cpu::test {
namespace {
using namespace enc;

constexpr uint64_t kEnabled = msr::SF | msr::ME | msr::EE;
inline uint32_t mtmsrd_ee(uint32_t rs) { return X(31, rs, 1, 0, 178); } // mtmsrd rs,1
inline uint32_t rfid() { return XL(0, 0, 0, 18); }
inline uint32_t or_same(uint32_t r) { return X(31, r, r, r, 444); }
inline uint32_t wait_insn() { return X(31, 0, 0, 0, 30); }
constexpr uint32_t kDec = 22;

// step() returns after every mtspr DEC (the wrapper re-plans its timer): keep stepping.
void run_n(Machine& m, uint64_t n) {
  while (n > 0) {
    StepResult r = m.run(n);
    if (r.instructions == 0) return;
    n -= r.instructions;
  }
}

// Book III 7.5.7: not taken while MSR[EE]=0; taken at the boundary after the mtmsrd that sets
// EE, with SRR0 = the next instruction and SRR1 = the MSR (interrupt-specific bits 0).
TEST(ExternalInterrupt, TakenOnlyWhenEnabled) {
  Machine m;
  m.state.gpr[3] = msr::EE;
  m.load({nop(), nop(), mtmsrd_ee(3), nop()});
  m.iss.set_external_interrupt(true);
  m.run(2);
  EXPECT_EQ(m.state.pc, 0x1008u);
  m.run(1); // mtmsrd: EE = 1; the interrupt comes before the next instruction
  EXPECT_EQ(m.state.pc, 0x500u);
  EXPECT_EQ(m.state.srr0, 0x100cu);
  EXPECT_EQ(m.state.srr1, kEnabled);
  EXPECT_EQ(m.state.msr, msr::SF | msr::ME); // EE = 0, IR = DR = 0, LE = LPCR[ILE] = 0
}

TEST(ExternalInterrupt, TakenAtStepStartWhenAlreadyEnabled) {
  Machine m(kEnabled | msr::IR | msr::DR);
  m.load({nop()});
  m.load({nop()}, 0x500);
  m.iss.set_external_interrupt(true);
  m.run(1);
  EXPECT_EQ(m.state.srr0, 0x1000u);
  EXPECT_EQ(m.state.srr1, kEnabled | msr::IR | msr::DR);
  EXPECT_EQ(m.state.pc, 0x504u); // the nop-filled vector ran one instruction
}

TEST(ExternalInterrupt, VectorLittleEndianWithLpcrIle) {
  Machine m(kEnabled);
  m.state.lpcr |= lpcr::ILE;
  m.load({nop()});
  m.iss.set_external_interrupt(true);
  m.run(0);
  EXPECT_EQ(m.state.srr0, 0x1000u);
  EXPECT_EQ(m.state.msr, msr::SF | msr::ME | msr::LE);
}

// A level: while high, every return to EE=1 (rfid) takes it again; lowered, nothing happens.
TEST(ExternalInterrupt, LevelSemantics) {
  Machine m(kEnabled);
  m.load({nop(), nop(), nop()});
  m.load({rfid()}, 0x500);
  m.iss.set_external_interrupt(true);
  m.run(1); // taken at 0x1000, rfid at 0x500 executes, taken again at once
  EXPECT_EQ(m.state.pc, 0x500u);
  EXPECT_EQ(m.state.srr0, 0x1000u);
  m.iss.set_external_interrupt(false);
  m.run(1); // rfid back to 0x1000 with EE = 1: no interrupt any more
  EXPECT_EQ(m.state.pc, 0x1000u);
  EXPECT_EQ(m.state.msr, kEnabled);
  m.run(2);
  EXPECT_EQ(m.state.pc, 0x1008u);
}

TEST(ExternalInterrupt, MtmsrL1AndRfidReenable) {
  Machine m;
  m.state.gpr[3] = msr::EE;
  m.load({X(31, 3, 1, 0, 146), nop()}); // mtmsr r3,1
  m.iss.set_external_interrupt(true);
  m.run(1);
  EXPECT_EQ(m.state.pc, 0x500u);
  EXPECT_EQ(m.state.srr0, 0x1004u);

  Machine n;
  n.state.srr0 = 0x2000;
  n.state.srr1 = kEnabled;
  n.load({rfid()});
  n.iss.set_external_interrupt(true);
  n.run(1);
  EXPECT_EQ(n.state.pc, 0x500u);
  EXPECT_EQ(n.state.srr0, 0x2000u);
}

// Book III 9.3: DEC decrements at the timebase rate; mfspr reads written - elapsed (32 bits,
// zero-extended as QEMU's pseries returns it without LPCR[LD]).
TEST(Decrementer, ValueComputedFromTimebase) {
  Machine m;
  uint64_t tb = 1000;
  m.iss.set_timebase_source([&] { return tb; });
  m.state.gpr[3] = 500;
  m.load({mtspr(kDec, 3), mfspr(4, kDec), mfspr(5, kDec), mfspr(6, kDec)});
  m.run(1);
  EXPECT_EQ(m.iss.decrementer_deadline(), std::optional<uint64_t>(1501)); // reads -1 at 1000+501
  tb = 1100;
  m.run(1);
  EXPECT_EQ(m.state.gpr[4], 400u);
  tb = 1500;
  m.run(1);
  EXPECT_EQ(m.state.gpr[5], 0u);
  tb = 1502;
  m.run(1);
  EXPECT_EQ(m.state.gpr[6], 0xfffffffeu);
}

// firmware-contract.md: requested when DEC goes negative, kept while EE = 0, withdrawn when
// taken; Book III 7.5.11 vector 0x900, SRR0 = next instruction.
TEST(Decrementer, RequestHeldWhileDisabledThenTaken) {
  Machine m;
  uint64_t tb = 0;
  m.iss.set_timebase_source([&] { return tb; });
  m.state.gpr[3] = 10;
  m.state.gpr[4] = msr::EE;
  m.load({mtspr(kDec, 3), nop(), nop(), mtmsrd_ee(4), nop(), nop()});
  m.load({rfid()}, 0x900);
  m.run(1);
  EXPECT_FALSE(m.iss.interrupt_pending());
  tb = 10;
  EXPECT_FALSE(m.iss.poll_timers()); // DEC = 0: not negative yet
  tb = 11;
  EXPECT_TRUE(m.iss.poll_timers());
  EXPECT_EQ(m.iss.decrementer_deadline(), std::nullopt);
  m.run(2); // EE = 0: not taken
  EXPECT_EQ(m.state.pc, 0x100cu);
  EXPECT_TRUE(m.state.dec_requested);
  m.run(1); // mtmsrd EE=1 -> 0x900
  EXPECT_EQ(m.state.pc, 0x900u);
  EXPECT_EQ(m.state.srr0, 0x1010u);
  EXPECT_EQ(m.state.srr1, kEnabled);
  EXPECT_FALSE(m.state.dec_requested);
  m.run(2); // rfid back with EE=1: the request was withdrawn, so no second interrupt
  EXPECT_EQ(m.state.pc, 0x1014u);
  // The next 0 -> 1 transition of bit 0 is one 32-bit period after the first.
  EXPECT_EQ(m.iss.decrementer_deadline(), std::optional<uint64_t>(11 + (1ull << 32)));
}

TEST(Decrementer, PositiveWriteWithdrawsRequest) {
  Machine m;
  uint64_t tb = 100;
  m.iss.set_timebase_source([&] { return tb; });
  m.state.gpr[3] = 0;
  m.state.gpr[4] = 0x7fffffff;
  m.state.gpr[5] = msr::EE;
  m.load({mtspr(kDec, 3), mtspr(kDec, 4), mtmsrd_ee(5), nop()});
  m.run(1);
  tb = 102; // DEC = -2
  m.run(1); // the poll at step start requests; EE = 0; mtspr DEC positive withdraws
  EXPECT_FALSE(m.state.dec_requested);
  m.run(2);
  EXPECT_EQ(m.state.pc, 0x1010u); // never went to 0x900
}

// Software moving bit 0 from 0 to 1 is a 0 -> 1 transition: the request begins at once.
TEST(Decrementer, NegativeWriteRequests) {
  Machine m(kEnabled);
  uint64_t tb = 5;
  m.iss.set_timebase_source([&] { return tb; });
  m.state.gpr[3] = 0xffffffff;
  m.state.gpr[4] = 100;
  m.load({mtspr(kDec, 4), mtspr(kDec, 3), nop()});
  m.run(1);
  m.run(1);
  EXPECT_EQ(m.state.pc, 0x900u); // -1 after 100: bit 0 went 0 -> 1
  EXPECT_EQ(m.state.srr0, 0x1008u);
}

TEST(Decrementer, ResetValueRequestsNothing) {
  Machine m(kEnabled);
  uint64_t tb = 1000000;
  m.iss.set_timebase_source([&] { return tb; });
  m.load({nop(), nop()});
  m.run(2);
  EXPECT_EQ(m.state.pc, 0x1008u);
  EXPECT_EQ(m.iss.decrementer_deadline(), std::optional<uint64_t>(1ull << 32));
}

// Book III 7.8: External is more favoured than Decrementer; the Decrementer request waits.
TEST(InterruptOrder, ExternalBeforeDecrementer) {
  Machine m;
  uint64_t tb = 0;
  m.iss.set_timebase_source([&] { return tb; });
  m.state.gpr[3] = 0xffffffff;
  m.state.gpr[4] = msr::EE;
  m.state.gpr[5] = 100;
  m.load({mtspr(kDec, 5), mtspr(kDec, 3), mtmsrd_ee(4), nop()});
  m.load({rfid()}, 0x500);
  m.load({nop()}, 0x900);
  m.iss.set_external_interrupt(true);
  run_n(m, 3);
  EXPECT_EQ(m.state.pc, 0x500u);
  EXPECT_EQ(m.state.srr0, 0x100cu);
  EXPECT_TRUE(m.state.dec_requested); // still waiting for EE
  m.iss.set_external_interrupt(false); // the ICP lowered the line (H_XIRR accept)
  m.run(1); // rfid back with EE=1: now the decrementer
  EXPECT_EQ(m.state.pc, 0x900u);
  EXPECT_EQ(m.state.srr0, 0x100cu);
  EXPECT_FALSE(m.state.dec_requested);
}

// Book III 7.5.1: not gated by EE; SRR1 wake bits 42:45 and 46:47 are 0 outside power saving.
TEST(SystemReset, TakenWhateverEE) {
  Machine m(msr::SF | msr::ME | msr::RI);
  m.load({nop(), nop()});
  m.load({nop()}, 0x100);
  m.run(1);
  m.iss.raise_system_reset();
  m.run(1);
  EXPECT_EQ(m.state.srr0, 0x1004u);
  EXPECT_EQ(m.state.srr1, msr::SF | msr::ME | msr::RI);
  EXPECT_EQ(m.state.pc, 0x104u);
  EXPECT_EQ(m.state.msr, msr::SF | msr::ME);
}

TEST(SystemReset, WakesCededThread) {
  Machine m;
  m.state.run_state = RunState::ceded;
  m.iss.raise_system_reset();
  EXPECT_EQ(m.state.run_state, RunState::running);
  EXPECT_TRUE(m.iss.interrupt_pending());
}

// Book II 3.1-3.2: or Rx,Rx,Rx sets PPR[PRI] (bits 11:13) per the privilege of the state.
TEST(PriorityNop, PrivilegedLevels) {
  Machine m;
  auto pri = [&] { return (m.state.ppr >> 50) & 7u; };
  EXPECT_EQ(pri(), 4u); // medium at reset
  const std::pair<uint32_t, uint64_t> cases[] = {{31, 1}, {1, 2}, {6, 3}, {2, 4}, {5, 5}, {3, 6}};
  for (auto [r, level] : cases) {
    m.state.pc = 0x1000;
    m.load({or_same(r)});
    m.state.gpr[r] = 0x55;
    m.run(1);
    EXPECT_EQ(pri(), level) << "or " << r << "," << r << "," << r;
    EXPECT_EQ(m.state.gpr[r], 0x55u);
  }
  m.state.pc = 0x1000;
  m.load({or_same(7)}); // very high needs hypervisor state: no-op
  m.run(1);
  EXPECT_EQ(pri(), 6u);
}

TEST(PriorityNop, ProblemStateLimited) {
  Machine m(msr::SF | msr::ME | msr::PR);
  m.load({or_same(3), or_same(31), or_same(1)});
  m.run(2);
  EXPECT_EQ((m.state.ppr >> 50) & 7u, 4u); // high and very low refused
  m.run(1);
  EXPECT_EQ((m.state.ppr >> 50) & 7u, 2u);
}

TEST(PriorityNop, RecordFormIsPlainOr) {
  Machine m;
  m.state.gpr[1] = 0;
  m.load({X(31, 1, 1, 1, 444, 1)}); // or. 1,1,1
  m.run(1);
  EXPECT_EQ((m.state.ppr >> 50) & 7u, 4u);
  EXPECT_EQ(m.state.cr >> 28, 2u); // EQ
}

TEST(Wait, SleepsUntilInterrupt) {
  Machine m;
  m.load({wait_insn(), nop()});
  StepResult r = m.run(5);
  EXPECT_EQ(r.reason, StopReason::left_running);
  EXPECT_EQ(m.state.run_state, RunState::ceded);
  EXPECT_EQ(m.state.pc, 0x1004u);
  EXPECT_EQ(r.instructions, 1u);
}

TEST(Wait, ContinuesWhenInterruptPending) {
  Machine m; // EE = 0: the pending line ends the wait but is not taken
  m.load({wait_insn(), nop()});
  m.iss.set_external_interrupt(true);
  m.run(2);
  EXPECT_EQ(m.state.run_state, RunState::running);
  EXPECT_EQ(m.state.pc, 0x1008u);
}

// PAPR H_CEDE returns at once when an interrupt is pending; EE was set by the shim, so the
// pending decrementer is taken right after the `sc 1`.
TEST(Cede, PendingDecrementerCancelsSleep) {
  Machine m;
  uint64_t tb = 0;
  m.iss.set_timebase_source([&] { return tb; });
  m.state.gpr[4] = 0xffffffff;
  m.state.gpr[5] = 1000;
  m.hyp.action = [](ThreadState& s) {
    s.msr |= msr::EE;
    s.run_state = RunState::ceded;
    s.gpr[3] = 0;
    return HcallResult{true, 0};
  };
  m.load({mtspr(kDec, 5), mtspr(kDec, 4), li(3, 0xE0), sc(1), nop()});
  run_n(m, 4);
  EXPECT_EQ(m.state.run_state, RunState::running);
  EXPECT_EQ(m.state.pc, 0x900u);
  EXPECT_EQ(m.state.srr0, 0x1010u);
}

TEST(Cede, SleepsWithNothingPending) {
  Machine m;
  m.hyp.action = [](ThreadState& s) {
    s.msr |= msr::EE;
    s.run_state = RunState::ceded;
    return HcallResult{true, 0};
  };
  m.load({li(3, 0xE0), sc(1), nop()});
  StepResult r = m.run(3);
  EXPECT_EQ(r.reason, StopReason::left_running);
  EXPECT_EQ(m.state.run_state, RunState::ceded);
  EXPECT_EQ(m.state.pc, 0x1008u);
}

} // namespace
} // namespace ppc64sim::cpu::test
