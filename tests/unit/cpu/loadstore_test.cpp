// Loads and stores of every width, update/indexed forms, byte reversal, lmw/stmw, dcbz,
// MSR[LE] data order, the slow path, and larx/stcx. across two threads sharing one
// ReservationMonitor (Power ISA v3.0B Book I 3.3.2 - 3.3.7, Book II 4.6.2).
#include "test_support.h"

#include <gtest/gtest.h>

namespace ppc64sim::cpu::test {
namespace {
using namespace enc;

TEST(Load, AllWidthsAndSignExtension) {
  Machine m;
  m.mem.put64(0x8000, 0x8081828384858687ull);
  m.state.gpr[1] = 0x8000;
  m.load({D(34, 3, 1, 0), D(40, 4, 1, 0), D(42, 5, 1, 0), D(32, 6, 1, 0), DS(58, 7, 1, 0, 2),
          DS(58, 8, 1, 0, 0)});
  m.run(6);
  EXPECT_EQ(m.state.gpr[3], 0x80u);                   // lbz
  EXPECT_EQ(m.state.gpr[4], 0x8081u);                 // lhz
  EXPECT_EQ(m.state.gpr[5], 0xffffffffffff8081ull);   // lha
  EXPECT_EQ(m.state.gpr[6], 0x80818283u);             // lwz
  EXPECT_EQ(m.state.gpr[7], 0xffffffff80818283ull);   // lwa
  EXPECT_EQ(m.state.gpr[8], 0x8081828384858687ull);   // ld
}

TEST(Load, UpdateAndIndexedForms) {
  Machine m;
  m.mem.put64(0x8010, 0x1122334455667788ull);
  m.state.gpr[1] = 0x8000;
  m.state.gpr[2] = 0x10;
  m.load({D(33, 3, 1, 0x10),               // lwzu r3, 16(r1): r1 = 0x8010
          X(31, 4, 0, 1, 21),              // ldx r4, 0, r1
          X(31, 5, 1, 2, 87),              // lbzx r5, r1, r2 -> 0x8020 (zero)
          DS(58, 6, 1, -16, 1)});          // ldu r6, -16(r1) -> r1 = 0x8000
  m.run(4);
  EXPECT_EQ(m.state.gpr[3], 0x11223344u);
  EXPECT_EQ(m.state.gpr[4], 0x1122334455667788ull);
  EXPECT_EQ(m.state.gpr[5], 0u);
  EXPECT_EQ(m.state.gpr[1], 0x8000u);
}

TEST(Store, AllWidthsAndUpdate) {
  Machine m;
  m.state.gpr[1] = 0x9000;
  m.state.gpr[3] = 0x0102030405060708ull;
  m.load({D(38, 3, 1, 0), D(44, 3, 1, 2), D(36, 3, 1, 4), DS(62, 3, 1, 8, 0),
          DS(62, 1, 1, -32, 1)}); // stdu r1,-32(r1): stack push
  m.run(5);
  EXPECT_EQ(m.mem.get64(0x9000), 0x0800070805060708ull);
  EXPECT_EQ(m.mem.get64(0x9008), 0x0102030405060708ull);
  EXPECT_EQ(m.state.gpr[1], 0x9000u - 32);
  EXPECT_EQ(m.mem.get64(0x9000 - 32), 0x9000u);
}

TEST(Store, ByteReverseForms) {
  Machine m;
  m.state.gpr[1] = 0xa000;
  m.state.gpr[3] = 0x0102030405060708ull;
  m.mem.put64(0xa100, 0x1122334455667788ull);
  m.state.gpr[2] = 0xa100;
  m.load({X(31, 3, 0, 1, 660), X(31, 4, 0, 2, 532), X(31, 5, 0, 2, 534), X(31, 6, 0, 2, 790),
          X(31, 3, 1, 0, 662) /* stwbrx r3, r1, r0 -> ea = r1 + r0 */});
  m.state.gpr[0] = 8;
  m.run(5);
  EXPECT_EQ(m.mem.get64(0xa000), 0x0807060504030201ull); // stdbrx
  EXPECT_EQ(m.state.gpr[4], 0x8877665544332211ull);      // ldbrx
  EXPECT_EQ(m.state.gpr[5], 0x44332211u);                // lwbrx
  EXPECT_EQ(m.state.gpr[6], 0x2211u);                    // lhbrx
  EXPECT_EQ(m.mem.get32(0xa008), 0x08070605u);           // stwbrx
}

TEST(Store, LmwStmw) {
  Machine m;
  m.state.gpr[1] = 0xb000;
  for (unsigned r = 29; r < 32; ++r) m.state.gpr[r] = 0xffffffff00000000ull | r;
  m.load({D(47, 29, 1, 0), D(46, 26, 1, -4)}); // stmw r29; lmw r26 from 4 bytes below
  m.mem.put32(0xb000 - 4, 0xdeadbeef);
  m.run(2);
  EXPECT_EQ(m.mem.get32(0xb008), 31u);
  EXPECT_EQ(m.state.gpr[26], 0xdeadbeefu);
  EXPECT_EQ(m.state.gpr[29], 31u); // lmw r26..r31 from 0xaffc: r29 = word at 0xb008
}

// Book I 3.3.7: lswi/stswi with NB bytes (0 means 32), lswx/stswx with XER[57:63] bytes;
// bytes go to the low word of each register, high word cleared, wrapping r31 -> r0.
TEST(Load, StringForms) {
  Machine m;
  for (unsigned i = 0; i < 16; i += 4)
    m.mem.put32(0xc000 + i, 0x10111213u + 0x04040404u * (i / 4)); // bytes 10 11 12 ... 1f
  m.state.gpr[1] = 0xc000;
  m.state.gpr[2] = 4;
  m.state.gpr[30] = 0xffffffffffffffffull;
  m.state.gpr[0] = 0xffffffffffffffffull;
  m.state.gpr[9] = 0xc000;
  m.state.xer = 3; // byte count for lswx
  m.load({X(31, 5, 1, 6, 597),   // lswi r5, r1, 6: r5 = 10111213, r6 = 14150000
          X(31, 30, 1, 6, 597),  // lswi r30, r1, 6 (r30 <- bytes 0-3, r31 <- 4-5)
          X(31, 8, 1, 2, 533),   // lswx r8, r1, r2: 3 bytes from 0xc004 -> 14151600
          X(31, 31, 9, 9, 597)}); // lswi r31, r9, 9: r31, r0, r1 (wraps); last is 1 byte
  m.run(4);
  EXPECT_EQ(m.state.gpr[5], 0x10111213u);
  EXPECT_EQ(m.state.gpr[6], 0x14150000u);
  EXPECT_EQ(m.state.gpr[30], 0x10111213u);
  EXPECT_EQ(m.state.gpr[8], 0x14151600u);
  EXPECT_EQ(m.state.gpr[31], 0x10111213u);
  EXPECT_EQ(m.state.gpr[0], 0x14151617u);
  EXPECT_EQ(m.state.gpr[1], 0x18000000u);
}

TEST(Store, StringForms) {
  Machine m;
  m.state.gpr[1] = 0xd000;
  m.state.gpr[2] = 8;
  m.state.gpr[5] = 0xffffffffa1a2a3a4ull; // the high word is never stored
  m.state.gpr[6] = 0xb1b2b3b4u;
  m.state.xer = 5;
  m.load({X(31, 5, 1, 6, 725),   // stswi r5, r1, 6: a1 a2 a3 a4 b1 b2
          X(31, 5, 1, 2, 661)}); // stswx r5, r1, r2: 5 bytes at 0xd008
  m.run(2);
  EXPECT_EQ(m.mem.get64(0xd000), 0xa1a2a3a4b1b20000ull);
  EXPECT_EQ(m.mem.get64(0xd008), 0xa1a2a3a4b1000000ull);
}

TEST(Load, StringFormsAreAlignmentErrorsInLittleEndian) {
  Machine m(msr::SF | msr::ME | msr::LE);
  m.state.gpr[1] = 0xc000;
  m.mem.put32(0x1000, __builtin_bswap32(X(31, 5, 1, 4, 597))); // fetched little-endian
  m.run(1);
  EXPECT_EQ(m.state.pc, 0x600u);
  EXPECT_EQ(m.state.srr0, 0x1000u);
}

TEST(Store, DcbzZeroesAlignedBlock) {
  Machine m;
  for (uint64_t a = 0xc000; a < 0xc100; a += 8) m.mem.put64(a, ~0ull);
  m.state.gpr[4] = 0xc085;
  m.load({X(31, 0, 0, 4, 1014)});
  m.run(1);
  EXPECT_EQ(m.mem.get64(0xc000), ~0ull);
  for (uint64_t a = 0xc080; a < 0xc100; a += 8) EXPECT_EQ(m.mem.get64(a), 0u);
}

TEST(Memory, LittleEndianDataAccess) {
  Machine m(msr::SF | msr::ME | msr::LE);
  // Instructions are fetched little-endian too: store them byte-swapped.
  std::vector<uint32_t> prog = {D(32, 3, 1, 0), D(36, 3, 1, 8)};
  for (size_t i = 0; i < prog.size(); ++i) m.mem.put32(0x1000 + 4 * i, __builtin_bswap32(prog[i]));
  m.mem.put32(0xd000, 0x11223344);
  m.state.gpr[1] = 0xd000;
  m.run(2);
  EXPECT_EQ(m.state.gpr[3], 0x44332211u);
  EXPECT_EQ(m.mem.get32(0xd008), 0x11223344u); // stored back little-endian
}

TEST(Memory, SlowPathWithoutDirectRegion) {
  Machine m(msr::SF | msr::ME, /*dmi=*/false);
  m.mem.put32(0xd000, 0xcafef00d);
  m.state.gpr[1] = 0xd000;
  m.state.gpr[2] = VectorMemory::mmio_base;
  m.load({D(32, 3, 1, 0), D(38, 3, 2, 1), D(34, 4, 2, 2)});
  m.run(3);
  EXPECT_EQ(m.state.gpr[3], 0xcafef00du);
  ASSERT_EQ(m.mem.mmio_writes.size(), 1u);
  EXPECT_EQ(m.mem.mmio_writes[0].first, VectorMemory::mmio_base + 1);
  EXPECT_EQ(m.mem.mmio_writes[0].second, std::vector<uint8_t>{0x0d});
  EXPECT_EQ(m.state.gpr[4], 0x5au);
}

TEST(Memory, EffectiveAddressWrapsIn32BitMode) {
  Machine m(0);
  m.mem.put32(0x10, 0xabcdef01);
  m.state.gpr[1] = 0xffffffff00000020ull;
  m.load({D(32, 3, 1, -0x10)}); // EA = low 32 bits of r1 - 16 = 0x10
  m.run(1);
  EXPECT_EQ(m.state.gpr[3], 0xabcdef01u);
}

TEST(Memory, SelfModifyingCodeIsRedecoded) {
  Machine m;
  m.load({li(3, 1), I(-4)}); // li r3,1; b .-4
  m.run(2);
  EXPECT_EQ(m.state.gpr[3], 1u);
  m.mem.put32(0x1000, li(3, 2)); // rewritten behind the ISS's back
  m.run(2);
  EXPECT_EQ(m.state.gpr[3], 2u);
  // The guest itself rewrites the instruction: stw r5 -> 0x1000 then branch there.
  m.state.gpr[5] = li(3, 7);
  m.state.gpr[6] = 0x1000;
  m.load({D(36, 5, 6, 0), I(0x1000 - 0x2004)}, 0x2000);
  m.state.pc = 0x2000;
  m.run(3);
  EXPECT_EQ(m.state.gpr[3], 7u);
}

// Two threads, one monitor: thread 1's store kills thread 0's reservation.
using TwoThreads = ThreadPair;

TEST(Reservation, StcxSucceedsWithoutInterference) {
  TwoThreads t;
  t.s0.pc = 0x1000;
  t.s0.gpr[4] = 0x8000;
  t.s0.gpr[5] = 42;
  t.mem.put32(0x1000, X(31, 3, 0, 4, 20));     // lwarx r3,0,r4
  t.mem.put32(0x1004, X(31, 5, 0, 4, 150, 1)); // stwcx. r5,0,r4
  t.iss0.step(2);
  EXPECT_EQ(t.mem.get32(0x8000), 42u);
  EXPECT_EQ(t.s0.cr >> 28, 0x2u); // EQ: stored
  EXPECT_EQ(t.monitor.active_count(), 0u);
}

TEST(Reservation, OtherThreadStoreKillsReservation) {
  TwoThreads t;
  t.s0.pc = 0x1000;
  t.s0.gpr[4] = 0x8000;
  t.s0.gpr[5] = 42;
  t.mem.put32(0x1000, X(31, 3, 0, 4, 84));     // ldarx r3,0,r4
  t.mem.put32(0x1004, X(31, 5, 0, 4, 214, 1)); // stdcx. r5,0,r4
  t.s1.pc = 0x2000;
  t.s1.gpr[4] = 0x8040; // same 128-byte granule
  t.s1.gpr[5] = 7;
  t.mem.put32(0x2000, D(38, 5, 4, 0)); // stb r5,0(r4)
  t.iss0.step(1);
  EXPECT_EQ(t.monitor.active_count(), 1u);
  t.iss1.step(1);
  t.iss0.step(1);
  EXPECT_EQ(t.mem.get64(0x8000), 0u); // store did not happen
  EXPECT_EQ(t.s0.cr >> 28, 0x0u);     // EQ clear
  EXPECT_EQ(t.mem.ram[0x8040], 7u);
}

TEST(Reservation, MisalignedLarxTakesAlignmentInterrupt) {
  Machine m;
  m.state.gpr[4] = 0x8002;
  m.load({X(31, 3, 0, 4, 20)});
  m.run(1);
  EXPECT_EQ(m.state.pc, 0x600u);
  EXPECT_EQ(m.state.srr0, 0x1000u);
  EXPECT_EQ(m.state.dar, 0x8002u);
}

} // namespace
} // namespace ppc64sim::cpu::test
