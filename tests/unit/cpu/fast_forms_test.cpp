// The fast loop's own labels for ld / std / addi with RA != 0, li and mr (iss.cpp, kOpLdBase
// and following). Each test checks the architected result of the instruction (Power ISA
// v3.0B Book I 3.3.2, 3.3.3, 3.3.9, 3.3.13) in the cases where those labels must hand over to
// the general handler: an access outside RAM, a store into decoded code, a reservation held
// by another thread, the MSR[SF]=0 wrap, the or forms that are not a plain register copy.
#include "test_support.h"

#include <gtest/gtest.h>

namespace ppc64sim::cpu::test {
namespace {
using namespace enc;

uint32_t std_(uint32_t rs, uint32_t ra, int32_t ds) { return DS(62, rs, ra, ds, 0); }
uint32_t ld_(uint32_t rt, uint32_t ra, int32_t ds) { return DS(58, rt, ra, ds, 0); }
uint32_t or_(uint32_t ra, uint32_t rs, uint32_t rb, uint32_t rc = 0) { return X(31, rs, ra, rb, 444, rc); }
constexpr uint32_t kBranchToSelf = 0x48000000;

TEST(FastForms, LiAndAddiSignExtendTheImmediate) {
  Machine m;
  m.state.gpr[0] = 1000; // addi with RA = 0 reads 0, not r0
  m.load({li(3, -5), addi(4, 3, 10), addi(5, 0, 7), addi(6, 4, -0x8000)});
  m.run(4);
  EXPECT_EQ(m.state.gpr[3], 0xfffffffffffffffbull);
  EXPECT_EQ(m.state.gpr[4], 5u);
  EXPECT_EQ(m.state.gpr[5], 7u);
  EXPECT_EQ(m.state.gpr[6], uint64_t{5} - 0x8000); // 64-bit wrap: -32763
}

TEST(FastForms, MrCopiesOnlyThePlainForm) {
  Machine m;
  m.state.gpr[3] = 0x8000000000000000ull;
  m.state.gpr[7] = 0x0f;
  m.load({or_(4, 3, 3),     // mr r4,r3
          or_(5, 3, 3, 1),  // mr. r5,r3: CR0 = LT (negative)
          or_(6, 3, 7)});   // or r6,r3,r7
  m.run(3);
  EXPECT_EQ(m.state.gpr[4], 0x8000000000000000ull);
  EXPECT_EQ(m.state.gpr[5], 0x8000000000000000ull);
  EXPECT_EQ(m.state.cr >> 28, 0x8u);
  EXPECT_EQ(m.state.gpr[6], 0x800000000000000full);
}

// or Rx,Rx,Rx changes no register (a priority hint), so it is not an mr.
TEST(FastForms, OrOfARegisterWithItselfIntoItselfIsAHint) {
  Machine m;
  m.state.gpr[1] = 0x1234;
  m.load({or_(1, 1, 1)});
  m.run(1);
  EXPECT_EQ(m.state.gpr[1], 0x1234u);
  EXPECT_EQ((m.state.ppr >> 50) & 7u, 2u); // or 1,1,1: low priority (Book II 3.2)
}

TEST(FastForms, LdAndStdOutsideRamGoThroughTheMemoryInterface) {
  Machine m;
  m.state.gpr[2] = VectorMemory::mmio_base;
  m.state.gpr[3] = 0x0102030405060708ull;
  m.load({std_(3, 2, 8), ld_(4, 2, 16)});
  m.run(2);
  ASSERT_EQ(m.mem.mmio_writes.size(), 1u);
  EXPECT_EQ(m.mem.mmio_writes[0].first, VectorMemory::mmio_base + 8);
  EXPECT_EQ(m.mem.mmio_writes[0].second, (std::vector<uint8_t>{1, 2, 3, 4, 5, 6, 7, 8}));
  EXPECT_EQ(m.state.gpr[4], 0x5a5a5a5a5a5a5a5aull);
}

TEST(FastForms, LdAndStdTruncateTheAddressIn32BitMode) {
  Machine m(msr::ME);
  m.state.gpr[2] = 0x0000000700008000ull;
  m.state.gpr[3] = 0x1122334455667788ull;
  m.load({std_(3, 2, 8), ld_(4, 2, 8)});
  m.run(2);
  EXPECT_EQ(m.mem.get64(0x8008), 0x1122334455667788ull);
  EXPECT_EQ(m.state.gpr[4], 0x1122334455667788ull);
}

TEST(FastForms, StdIntoDecodedCodeIsSeen) {
  Machine m;
  m.state.gpr[2] = 0x1000;
  m.load({std_(5, 2, 8), 0x60000000, li(3, 1), li(3, 2), kBranchToSelf});
  // First pass: the store writes the words already there, and everything gets decoded.
  m.state.gpr[5] = (static_cast<uint64_t>(li(3, 1)) << 32) | li(3, 2);
  m.run(5);
  EXPECT_EQ(m.state.gpr[3], 2u);
  // Second pass, same code: the store writes li r3,7 ; nop over the decoded li r3,1 ; li r3,2.
  m.state.gpr[5] = (static_cast<uint64_t>(li(3, 7)) << 32) | 0x60000000u;
  m.state.pc = 0x1000;
  m.run(4); // std, nop, li r3,7, nop
  EXPECT_EQ(m.state.gpr[3], 7u);
}

TEST(FastForms, StdKillsAnotherThreadsReservation) {
  ThreadPair t;
  t.reserve_and_store_conditional_at_0x8000();
  t.s1.pc = 0x2000;
  t.s1.gpr[1] = 0x8000;
  t.s1.gpr[7] = 7;
  t.mem.put32(0x2000, std_(7, 1, 0x78)); // same 128-byte granule
  t.iss0.step(1);
  t.iss1.step(1);
  t.iss0.step(1);
  EXPECT_EQ(t.mem.get64(0x8000), 0u);
  EXPECT_EQ(t.s0.cr >> 28, 0x0u);
  EXPECT_EQ(t.mem.get64(0x8078), 7u);
}

} // namespace
} // namespace ppc64sim::cpu::test
