// Branches (all BO forms, CTR, LR, AA, 32-bit mode) and CR logical instructions
// (Power ISA v3.0B Book I 2.4 - 2.5).
#include "test_support.h"

#include <gtest/gtest.h>

namespace ppc64sim::cpu::test {
namespace {
using namespace enc;

TEST(Branch, RelativeAbsoluteAndLink) {
  Machine m;
  m.load({I(0x100, 0, 1)});          // bl .+0x100
  m.load({I(0x2000, 1, 0)}, 0x1100); // ba 0x2000
  m.run(2);
  EXPECT_EQ(m.state.lr, 0x1004u);
  EXPECT_EQ(m.state.pc, 0x2000u);
  EXPECT_EQ(m.state.cfar, 0x1100u);
}

TEST(Branch, BackwardBranch) {
  Machine m;
  m.load({nop(), nop(), I(-8)});
  m.run(3);
  EXPECT_EQ(m.state.pc, 0x1000u);
}

TEST(Branch, BdnzLoopCountsCtr) {
  Machine m;
  // li r3,0; li r4,5; mtctr r4; loop: addi r3,r3,1; bdnz loop
  m.load({li(3, 0), li(4, 5), mtspr(9, 4), addi(3, 3, 1), Bc(16, 0, -4)});
  m.run(3 + 2 * 5);
  EXPECT_EQ(m.state.gpr[3], 5u);
  EXPECT_EQ(m.state.ctr, 0u);
  EXPECT_EQ(m.state.pc, 0x1014u);
}

TEST(Branch, ConditionForms) {
  Machine m;
  m.state.cr = 0x20000000; // CR0 EQ
  m.load({Bc(12, 2, 8),    // beq +8: taken
          nop(), Bc(4, 2, 8), // bne: not taken
          Bc(20, 0, 8)});  // branch always
  m.run(3);
  EXPECT_EQ(m.state.pc, 0x1014u);
}

TEST(Branch, BdzWithConditionAndCtr32BitMode) {
  Machine m(0); // 32-bit mode: only CTR[32:63] is tested
  m.state.ctr = 0x100000001ull;
  m.state.cr = 0x80000000; // LT
  m.load({Bc(2 | 8, 0, 8)}); // bdzt lt: CTR-1 = 0x100000000 -> low word 0 and LT set -> taken
  m.run(1);
  EXPECT_EQ(m.state.ctr, 0x100000000ull);
  EXPECT_EQ(m.state.pc, 0x1008u);
}

TEST(Branch, BclrBcctrl) {
  Machine m;
  m.state.lr = 0x3001; // low two bits ignored
  m.state.ctr = 0x2000;
  m.load({XL(20, 0, 0, 528, 1)});      // bctrl
  m.load({XL(20, 0, 0, 16, 1)}, 0x2000); // blrl: target is the LR written by bctrl
  m.run(2);
  EXPECT_EQ(m.state.pc, 0x1004u);
  EXPECT_EQ(m.state.lr, 0x2004u);
}

TEST(Branch, ConditionalReturnNotTaken) {
  Machine m;
  m.state.lr = 0x3000;
  m.state.cr = 0;
  m.load({XL(12, 2, 0, 16)}); // beqlr with EQ clear
  m.run(1);
  EXPECT_EQ(m.state.pc, 0x1004u);
}

TEST(Branch, NiaWrapsIn32BitMode) {
  Machine m(0);
  m.state.lr = 0xffffffff00002000ull;
  m.load({XL(20, 0, 0, 16)}); // blr: target truncated to 32 bits
  m.run(1);
  EXPECT_EQ(m.state.pc, 0x2000u);
}

TEST(Branch, BlrKeepsLrIgnoresItsLowBitsAndSetsCfar) {
  Machine m;
  m.state.lr = 0x2003;
  m.load({nop(), XL(20, 0, 0, 16)}); // nop; blr
  m.load({I(-0x1000)}, 0x2000);      // b 0x1000
  m.run(3);
  EXPECT_EQ(m.state.pc, 0x1000u);
  EXPECT_EQ(m.state.lr, 0x2003u);    // LK=0: LR untouched
  EXPECT_EQ(m.state.cfar, 0x2000u);  // the last taken branch: the b
  m.run(2);                          // nop; blr again
  EXPECT_EQ(m.state.pc, 0x2000u);
  EXPECT_EQ(m.state.cfar, 0x1004u);
}

// Taken relative branches inside a 4 KiB page step the predecoded entries directly; the
// same branches across a page boundary go through the page look-up. Both must land right.
TEST(Branch, RelativeBranchesWithinAndAcrossPages) {
  Machine m;
  m.state.cr = 0x20000000; // CR0 EQ
  m.load({I(0xff0)});                           // 0x1000: b 0x1ff0 (same page)
  m.load({Bc(12, 2, 0x10), nop(), nop()}, 0x1ff0); // 0x1ff0: beq 0x2000 (next page)
  m.load({I(-0xffc, 0, 1)}, 0x2000);            // 0x2000: bl 0x1004 (previous page)
  m.load({Bc(12, 2, -4)}, 0x1004);              // 0x1004: beq 0x1000 (same page, backward)
  m.run(1);
  EXPECT_EQ(m.state.pc, 0x1ff0u);
  m.run(1);
  EXPECT_EQ(m.state.pc, 0x2000u);
  EXPECT_EQ(m.state.cfar, 0x1ff0u);
  m.run(1);
  EXPECT_EQ(m.state.pc, 0x1004u);
  EXPECT_EQ(m.state.lr, 0x2004u);
  m.run(1);
  EXPECT_EQ(m.state.pc, 0x1000u);
  EXPECT_EQ(m.state.cfar, 0x1004u);
  m.run(4); // the same path again in one step, from the predecoded entries
  EXPECT_EQ(m.state.pc, 0x1000u);
  EXPECT_EQ(m.state.cfar, 0x1004u);
  EXPECT_EQ(m.state.lr, 0x2004u);
}

TEST(CrLogic, AllOpsAndMoves) {
  Machine m;
  m.state.cr = 0xA0000000; // bits 0 and 2 set
  m.state.gpr[5] = 0x12345678;
  m.load({XL(4, 0, 1, 257), XL(5, 0, 2, 449), XL(6, 0, 2, 193), XL(7, 0, 2, 225),
          XL(8, 0, 1, 33), XL(9, 0, 2, 289), XL(10, 0, 1, 129), XL(11, 1, 0, 417),
          XL(3 << 2, 0 << 2, 0, 0),       // mcrf cr3, cr0
          X(31, 3, 0, 0, 19),             // mfcr r3
          X(31, 5, 0, 0, 144) | f(0x81, 12, 19), // mtcrf 0x81, r5: fields 0 and 7
          X(31, 6, 0, 0, 19) | f(1, 11, 11) | f(0x01, 12, 19)}); // mfocrf r6, cr7
  m.run(9);
  // bit4 = 1&0 = 0, bit5 = 1|1 = 1, bit6 = 1^1 = 0, bit7 = !(1&1) = 0, bit8 = !(1|0) = 0,
  // bit9 = 1==1 = 1, bit10 = 1&!0 = 1, bit11 = 0|!1 = 0; CR3 = CR0 = 0xA
  EXPECT_EQ(m.state.cr, 0xA46A0000u);
  m.run(3);
  EXPECT_EQ(m.state.gpr[3], 0xA46A0000u);
  EXPECT_EQ(m.state.cr, 0x146A0008u);
  EXPECT_EQ(m.state.gpr[6], 0x8u);
}

TEST(CrLogic, Mcrxrx) {
  Machine m;
  m.state.xer = xer::OV | xer::CA32;
  m.load({X(31, 1 << 2, 0, 0, 576)});
  m.run(1);
  EXPECT_EQ((m.state.cr >> 24) & 0xf, 0x9u);
}

} // namespace
} // namespace ppc64sim::cpu::test
