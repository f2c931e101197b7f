// Runs of std / ld with one base register (register saves and restores), which the fast loop
// executes with one address check (AccessRun in iss.cpp). Each test states what the
// architecture requires of the same instructions executed one by one (Power ISA v3.0B Book I
// 3.3.2-3.3.3: ld/std are DS-form, EA = (RA|0) + DS||0b00, big-endian unless MSR[LE]); the
// expectations are those per-instruction results, including where a run must not be done at
// once (a fault in its middle, the budget, a breakpoint, code in its range, a reservation).
#include "test_support.h"

#include <gtest/gtest.h>

namespace ppc64sim::cpu::test {
namespace {
using namespace enc;

uint32_t std_(uint32_t rs, uint32_t ra, int32_t ds) { return DS(62, rs, ra, ds, 0); }
uint32_t ld_(uint32_t rt, uint32_t ra, int32_t ds) { return DS(58, rt, ra, ds, 0); }
constexpr uint32_t kBranchToSelf = 0x48000000; // b .

// A register-save sequence as a compiler or an exception prologue writes it.
std::vector<uint32_t> save_r14_to_r21(int32_t first_ds) {
  std::vector<uint32_t> p;
  for (uint32_t r = 14; r <= 21; ++r) p.push_back(std_(r, 1, first_ds + 8 * static_cast<int32_t>(r - 14)));
  return p;
}

TEST(AccessRun, StoreRunWritesEveryRegisterBigEndian) {
  Machine m;
  m.state.gpr[1] = 0x9000;
  for (uint32_t r = 14; r <= 21; ++r) m.state.gpr[r] = 0x0101010101010101ull * r;
  std::vector<uint32_t> p = save_r14_to_r21(-64);
  p.push_back(kBranchToSelf);
  m.load(p);
  StepResult r = m.run(8);
  EXPECT_EQ(r.instructions, 8u);
  for (uint32_t reg = 14; reg <= 21; ++reg) {
    const uint64_t at = 0x9000 - 64 + 8 * (reg - 14);
    EXPECT_EQ(m.mem.get64(at), 0x0101010101010101ull * reg) << "r" << reg;
    EXPECT_EQ(m.mem.ram[at], reg) << "most significant byte first";
  }
  EXPECT_EQ(m.state.pc, 0x1020u);
}

TEST(AccessRun, LoadRunInAnyDisplacementOrder) {
  Machine m;
  m.state.gpr[9] = 0x8000;
  for (uint64_t i = 0; i < 5; ++i) m.mem.put64(0x8000 + 8 * i, 0x1111111111111111ull * (i + 1));
  m.load({ld_(3, 9, 32), ld_(4, 9, 0), ld_(5, 9, 16), ld_(6, 9, 8), ld_(7, 9, 24), kBranchToSelf});
  m.run(5);
  EXPECT_EQ(m.state.gpr[3], 0x5555555555555555ull);
  EXPECT_EQ(m.state.gpr[4], 0x1111111111111111ull);
  EXPECT_EQ(m.state.gpr[5], 0x3333333333333333ull);
  EXPECT_EQ(m.state.gpr[6], 0x2222222222222222ull);
  EXPECT_EQ(m.state.gpr[7], 0x4444444444444444ull);
}

TEST(AccessRun, LittleEndianRunsStoreAndLoadLeastSignificantByteFirst) {
  Machine m(msr::SF | msr::ME | msr::LE);
  std::vector<uint32_t> prog = {std_(3, 1, 0), std_(4, 1, 8), std_(5, 1, 16),
                                ld_(6, 1, 16), ld_(7, 1, 8), ld_(8, 1, 0)};
  for (size_t i = 0; i < prog.size(); ++i) m.mem.put32(0x1000 + 4 * i, __builtin_bswap32(prog[i]));
  m.state.gpr[1] = 0xd000;
  m.state.gpr[3] = 0x0102030405060708ull;
  m.state.gpr[4] = 0x1112131415161718ull;
  m.state.gpr[5] = 0x2122232425262728ull;
  m.run(6);
  EXPECT_EQ(m.mem.ram[0xd000], 0x08u);
  EXPECT_EQ(m.mem.ram[0xd010 + 7], 0x21u);
  EXPECT_EQ(m.state.gpr[6], 0x2122232425262728ull);
  EXPECT_EQ(m.state.gpr[7], 0x1112131415161718ull);
  EXPECT_EQ(m.state.gpr[8], 0x0102030405060708ull);
}

// ld rT,D(RA) with rT = RA: the following loads of the sequence use the loaded base.
TEST(AccessRun, LoadOfTheBaseRegisterMovesTheBaseOfTheRest) {
  Machine m;
  m.state.gpr[1] = 0x8000;
  m.mem.put64(0x8000, 0xaaaa);
  m.mem.put64(0x8008, 0xbbbb);
  m.mem.put64(0x8010, 0xa000); // the new r1
  m.mem.put64(0x8018, 0xdead); // what r7 would get from the old base
  m.mem.put64(0xa018, 0xc0de); // what it gets from the new one
  m.load({ld_(5, 1, 0), ld_(6, 1, 8), ld_(1, 1, 16), ld_(7, 1, 24), ld_(8, 1, 24), kBranchToSelf});
  m.run(5);
  EXPECT_EQ(m.state.gpr[5], 0xaaaau);
  EXPECT_EQ(m.state.gpr[6], 0xbbbbu);
  EXPECT_EQ(m.state.gpr[1], 0xa000u);
  EXPECT_EQ(m.state.gpr[7], 0xc0deu);
  EXPECT_EQ(m.state.gpr[8], 0xc0deu);
}

// A store of the run beyond RAM: the ones before it are done, it takes the machine check
// (this board's response to an access to nothing, interrupts.cpp) with SRR0 at itself, and
// the ones after it are not done.
TEST(AccessRun, AFaultInsideTheRunStopsAtTheFaultingInstruction) {
  Machine m(msr::SF | msr::ME, true, 1 << 16);
  m.state.gpr[1] = 0x10000 - 16;
  m.state.gpr[3] = 1;
  m.state.gpr[4] = 2;
  m.state.gpr[5] = 3;
  m.state.gpr[6] = 4;
  m.load({std_(3, 1, 0), std_(4, 1, 8), std_(5, 1, 16), std_(6, 1, -8)});
  m.mem.put32(0x200, kBranchToSelf);
  m.run(3);
  EXPECT_EQ(m.mem.get64(0x10000 - 16), 1u);
  EXPECT_EQ(m.mem.get64(0x10000 - 8), 2u);
  EXPECT_EQ(m.state.srr0, 0x1008u);
  EXPECT_EQ(m.state.pc, 0x200u);
  EXPECT_EQ(m.mem.get64(0x10000 - 24), 0u); // the fourth never ran
}

TEST(AccessRun, TheBudgetCanEndAStepInsideARun) {
  Machine m;
  m.state.gpr[1] = 0x9000;
  for (uint32_t r = 14; r <= 21; ++r) m.state.gpr[r] = r;
  m.load(save_r14_to_r21(0));
  StepResult r = m.run(3);
  EXPECT_EQ(r.instructions, 3u);
  EXPECT_EQ(m.state.pc, 0x100cu);
  EXPECT_EQ(m.mem.get64(0x9010), 16u);
  EXPECT_EQ(m.mem.get64(0x9018), 0u);
  r = m.run(5);
  EXPECT_EQ(r.instructions, 5u);
  EXPECT_EQ(m.mem.get64(0x9038), 21u);
}

TEST(AccessRun, ABranchIntoTheMiddleRunsOnlyTheRest) {
  Machine m;
  m.state.gpr[1] = 0x9000;
  for (uint32_t r = 14; r <= 21; ++r) m.state.gpr[r] = r;
  std::vector<uint32_t> p = save_r14_to_r21(0);
  p.push_back(kBranchToSelf);
  m.load(p);
  m.run(9); // decodes (and fuses) the run from its start, then spins
  for (uint64_t a = 0x9000; a < 0x9040; a += 8) m.mem.put64(a, 0);
  m.state.pc = 0x1014; // the sixth store
  m.run(3);
  EXPECT_EQ(m.mem.get64(0x9020), 0u);
  EXPECT_EQ(m.mem.get64(0x9028), 19u);
  EXPECT_EQ(m.mem.get64(0x9038), 21u);
}

TEST(AccessRun, ABreakpointInsideARunStopsBeforeIt) {
  Machine m;
  m.state.gpr[1] = 0x9000;
  for (uint32_t r = 14; r <= 21; ++r) m.state.gpr[r] = r;
  m.load(save_r14_to_r21(0));
  m.iss.add_breakpoint(0x1010);
  StepResult r = m.run(100);
  EXPECT_EQ(r.reason, StopReason::breakpoint);
  EXPECT_EQ(r.instructions, 4u);
  EXPECT_EQ(m.mem.get64(0x9018), 17u);
  EXPECT_EQ(m.mem.get64(0x9020), 0u);
}

// MSR[SF]=0: every EA is the low 32 bits of RA + DS (Book III 5.3.2).
TEST(AccessRun, ThirtyTwoBitModeTruncatesTheBase) {
  Machine m(msr::ME);
  m.state.gpr[1] = 0x0000000500009000ull;
  for (uint32_t r = 14; r <= 21; ++r) m.state.gpr[r] = r;
  m.load(save_r14_to_r21(0));
  m.run(8);
  EXPECT_EQ(m.mem.get64(0x9000), 14u);
  EXPECT_EQ(m.mem.get64(0x9038), 21u);
}

// A run whose stores overwrite instructions that follow it, already decoded: the stored
// instructions run, as after any store into code on this ISS.
TEST(AccessRun, AStoreRunOverDecodedCodeIsSeen) {
  Machine m;
  constexpr uint64_t kNop = 0x60000000;
  auto pair = [](uint64_t hi, uint64_t lo) { return (hi << 32) | lo; };
  m.load({std_(4, 1, 0x10), std_(5, 1, 0x18), std_(6, 1, 0x20), static_cast<uint32_t>(kNop),
          li(3, 1), li(3, 2), li(3, 3), li(3, 4), li(3, 9), kBranchToSelf});
  // First pass: the stores write back the words already there; everything gets decoded.
  m.state.gpr[1] = 0x1000;
  m.state.gpr[4] = pair(li(3, 1), li(3, 2));
  m.state.gpr[5] = pair(li(3, 3), li(3, 4));
  m.state.gpr[6] = pair(li(3, 9), kBranchToSelf);
  m.run(10);
  EXPECT_EQ(m.state.gpr[3], 9u);
  // Second pass: li r3,5 and nops over 0x1010..0x1027.
  m.state.gpr[4] = pair(li(3, 5), kNop);
  m.state.gpr[5] = pair(kNop, kNop);
  m.state.gpr[6] = pair(kNop, kBranchToSelf);
  m.state.pc = 0x1000;
  m.run(6); // the three stores, nop, li r3,5, nop
  EXPECT_EQ(m.state.gpr[3], 5u);
  EXPECT_EQ(m.state.pc, 0x1018u);
}

// Instructions of a fused run rewritten behind the ISS (this ISS has no board code watch, so
// it compares its pages with memory at each step): the new ones run, even when only a later
// entry of the run changed.
TEST(AccessRun, RewritingALaterEntryOfARunIsSeen) {
  Machine m;
  m.state.gpr[1] = 0x9000;
  for (uint32_t r = 0; r < 32; ++r) if (r != 1) m.state.gpr[r] = 0x100 + r;
  std::vector<uint32_t> p;
  for (uint32_t r = 2; r < 32; ++r) p.push_back(std_(r, 1, 8 * static_cast<int32_t>(r)));
  p.push_back(kBranchToSelf);
  m.load(p); // 30 stores: 0x1000..0x1074, crossing 64-byte blocks
  m.run(31);
  EXPECT_EQ(m.mem.get64(0x9000 + 8 * 31), 0x11fu);
  m.mem.put32(0x1000 + 4 * 29, std_(0, 1, 8 * 31)); // the last store now stores r0
  m.state.pc = 0x1000;
  m.run(30);
  EXPECT_EQ(m.mem.get64(0x9000 + 8 * 31), 0x100u);
}

// Another thread's store to a reserved granule kills the reservation (Book II 4.6.2), also
// when the store is part of a run.
TEST(AccessRun, AStoreRunKillsAnotherThreadsReservation) {
  ThreadPair t;
  t.reserve_and_store_conditional_at_0x8000();
  t.s1.pc = 0x2000;
  t.s1.gpr[1] = 0x8040; // same 128-byte granule
  t.s1.gpr[7] = 7;
  t.mem.put32(0x2000, std_(7, 1, 0));
  t.mem.put32(0x2004, std_(7, 1, 8));
  t.mem.put32(0x2008, std_(7, 1, 16));
  t.iss0.step(1);
  t.iss1.step(3);
  t.iss0.step(1);
  EXPECT_EQ(t.mem.get64(0x8000), 0u); // stdcx. failed
  EXPECT_EQ(t.s0.cr >> 28, 0x0u);
  EXPECT_EQ(t.mem.get64(0x8050), 7u);
}

} // namespace
} // namespace ppc64sim::cpu::test
