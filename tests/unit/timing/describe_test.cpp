// Register-use derivation: one or more real words per instruction form, encodings from the
// powerpc64 cross assembler (-mpower9), expected operands from Power ISA v3.0B Book I.
#include "models/cpu/decoder.h"
#include "models/cpu/timing/insn_timing.h"

#include <gtest/gtest.h>

namespace ppc64sim::cpu::timing {
namespace {

InsnTiming desc(uint32_t word) { return describe(word, decode_lookup(word)); }

uint64_t gprs(std::initializer_list<unsigned> rs) {
  uint64_t m = 0;
  for (unsigned r : rs) m |= gpr_bit(r);
  return m;
}
constexpr uint64_t kLrBit = resource_bit(kLr), kCtrBit = resource_bit(kCtr);
constexpr uint64_t kCaBit = resource_bit(kXerCa), kSoBit = resource_bit(kXerSo);

struct Case {
  uint32_t word;
  const char* text;
  Timing cls;
  uint64_t reads, writes;
};

TEST(Describe, OperandsPerForm) {
  const Case cases[] = {
      // D-form: (RA|0) operand, RT result
      {0x38630001, "addi 3,3,1", Timing::alu, gprs({3}), gprs({3})},
      {0x38600005, "li 3,5 (RA=0 reads nothing)", Timing::alu, 0, gprs({3})},
      {0x2C030000, "cmpwi 3,0", Timing::alu, gprs({3}) | kSoBit, cr_field_bit(0)},
      // DU-form logical: RS source, RA result; andi. always sets CR0 (copying SO)
      {0x60830001, "ori 3,4,1", Timing::alu, gprs({4}), gprs({3})},
      {0x70830001, "andi. 3,4,1", Timing::alu, gprs({4}) | kSoBit, gprs({3}) | cr_field_bit(0)},
      // D-form loads and stores, update forms also write RA
      {0x80830008, "lwz 4,8(3)", Timing::load, gprs({3}), gprs({4})},
      {0x84830008, "lwzu 4,8(3)", Timing::load, gprs({3}), gprs({3, 4})},
      {0x90830008, "stw 4,8(3)", Timing::store, gprs({3, 4}), 0},
      {0x9421FFF0, "stwu 1,-16(1)", Timing::store, gprs({1}), gprs({1})},
      {0xBBA10000, "lmw 29,0(1)", Timing::load, gprs({1}), gprs({29, 30, 31})},
      {0xBFA10000, "stmw 29,0(1)", Timing::store, gprs({1, 29, 30, 31}), 0},
      // DS-form
      {0xE8830010, "ld 4,16(3)", Timing::load, gprs({3}), gprs({4})},
      {0xE8830011, "ldu 4,16(3)", Timing::load, gprs({3}), gprs({3, 4})},
      {0xF8830010, "std 4,16(3)", Timing::store, gprs({3, 4}), 0},
      // XO-form: Rc=1 writes CR0 and reads SO; OE=1 reads and writes SO/OV; carries
      {0x7C642A14, "add 3,4,5", Timing::alu, gprs({4, 5}), gprs({3})},
      {0x7C642A15, "add. 3,4,5", Timing::alu, gprs({4, 5}) | kSoBit, gprs({3}) | cr_field_bit(0)},
      {0x7C642E14, "addo 3,4,5", Timing::alu, gprs({4, 5}) | kSoBit, gprs({3}) | kSoBit},
      {0x7C642914, "adde 3,4,5", Timing::alu, gprs({4, 5}) | kCaBit, gprs({3}) | kCaBit},
      {0x7C6429D2, "mulld 3,4,5", Timing::mul, gprs({4, 5}), gprs({3})},
      {0x7C642BD2, "divd 3,4,5", Timing::div, gprs({4, 5}), gprs({3})},
      // X-form logical: RS, RB sources, RA result
      {0x7C832B78, "or 3,4,5", Timing::alu, gprs({4, 5}), gprs({3})},
      {0x7C832839, "and. 3,4,5", Timing::alu, gprs({4, 5}) | kSoBit, gprs({3}) | cr_field_bit(0)},
      {0x7C210B78, "or 1,1,1 (priority hint: no register effect)", Timing::alu, 0, 0},
      // X-form loads/stores
      {0x7C64282E, "lwzx 3,4,5", Timing::load, gprs({4, 5}), gprs({3})},
      {0x7C60282E, "lwzx 3,0,5", Timing::load, gprs({5}), gprs({3})},
      {0x7C64286E, "lwzux 3,4,5", Timing::load, gprs({4, 5}), gprs({3, 4})},
      {0x7C64292E, "stwx 3,4,5", Timing::store, gprs({3, 4, 5}), 0},
      {0x7C64292D, "stwcx. 3,4,5", Timing::store, gprs({3, 4, 5}) | kSoBit, cr_field_bit(0)},
      {0x7CA334AA, "lswi 5,3,6 (2 registers)", Timing::load, gprs({3}), gprs({5, 6})},
      {0x7FE344AA, "lswi 31,3,8 (wraps to r0)", Timing::load, gprs({3}), gprs({31, 0})},
      {0x7C001FEC, "dcbz 0,3", Timing::store, gprs({3}), 0},
      // X-form compares and CR moves
      {0x7FA32000, "cmpd 7,3,4", Timing::alu, gprs({3, 4}) | kSoBit, cr_field_bit(7)},
      {0x7D800480, "mcrxrx 3", Timing::cr, kCaBit | kSoBit, cr_field_bit(3)},
      // XS-form: sradi writes CA
      {0x7C832E74, "sradi 3,4,5", Timing::alu, gprs({4}), gprs({3}) | kCaBit},
      {0x7C832E75, "sradi. 3,4,5", Timing::alu, gprs({4}) | kSoBit,
       gprs({3}) | kCaBit | cr_field_bit(0)},
      // M, MD, MDS: rotate-and-insert also reads its target
      {0x5483103A, "rlwinm 3,4,2,0,29", Timing::alu, gprs({4}), gprs({3})},
      {0x5083103A, "rlwimi 3,4,2,0,29", Timing::alu, gprs({3, 4}), gprs({3})},
      {0x78830020, "rldicl 3,4,0,32", Timing::alu, gprs({4}), gprs({3})},
      {0x78832810, "rldcl 3,4,5,0", Timing::alu, gprs({4, 5}), gprs({3})},
      // A-form isel: reads the CR field holding BC
      {0x7C64289E, "isel 3,4,5,2", Timing::alu, gprs({4, 5}) | cr_field_bit(0), gprs({3})},
      {0x7C602F9E, "isel 3,0,5,30", Timing::alu, gprs({5}) | cr_field_bit(7), gprs({3})},
      // VA-form
      {0x106429B3, "maddld 3,4,5,6", Timing::mul, gprs({4, 5, 6}), gprs({3})},
      // XL-form CR logic and branches
      {0x4CC63182, "crxor 6,6,6", Timing::cr, cr_field_bit(1), cr_field_bit(1)},
      {0x4C800000, "mcrf 1,0", Timing::cr, cr_field_bit(0), cr_field_bit(1)},
      {0x4E800020, "blr", Timing::branch, kLrBit, 0},
      {0x4E000020, "bdnzlr", Timing::branch, kLrBit | kCtrBit, kCtrBit},
      {0x4D860020, "beqlr 1", Timing::branch, kLrBit | cr_field_bit(1), 0},
      {0x4E800421, "bctrl", Timing::branch, kCtrBit, kLrBit},
      // B-form and I-form
      {0x4200FFFC, "bdnz .-4", Timing::branch, kCtrBit, kCtrBit},
      {0x41820008, "beq 0,.+8", Timing::branch, cr_field_bit(0), 0},
      {0x429F0005, "bcl 20,31,.+4", Timing::branch, 0, kLrBit},
      {0x48000010, "b .+16", Timing::branch, 0, 0},
      {0x48000011, "bl .+16", Timing::branch, 0, kLrBit},
      // XFX-form SPR and CR moves
      {0x7C6802A6, "mflr 3", Timing::spr, kLrBit, gprs({3})},
      {0x7C6903A6, "mtctr 3", Timing::spr, gprs({3}), kCtrBit},
      {0x7C6103A6, "mtxer 3", Timing::spr, gprs({3}), kCaBit | kSoBit},
      {0x7C600026, "mfcr 3", Timing::cr, kAllCrFields, gprs({3})},
      {0x7C701026, "mfocrf 3,1 (FXM 0x01 = cr7)", Timing::cr, cr_field_bit(7), gprs({3})},
      {0x7C780120, "mtcrf 0x80,3", Timing::cr, gprs({3}), cr_field_bit(0)},
      // DX, SC, Primary (FP facility placeholder)
      {0x4C600004, "addpcis 3,0", Timing::alu, 0, gprs({3})},
      {0x44000002, "sc", Timing::system, 0, 0},
      {0xC0230008, "lfs 1,8(3)", Timing::fp, gprs({3}), 0},
      {0xC4230008, "lfsu 1,8(3)", Timing::fp, gprs({3}), gprs({3})},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    InsnTiming d = desc(c.word);
    EXPECT_TRUE(d.known);
    EXPECT_EQ(d.cls, c.cls);
    EXPECT_EQ(d.reads, c.reads);
    EXPECT_EQ(d.writes, c.writes);
  }
}

TEST(Describe, BranchKinds) {
  EXPECT_EQ(desc(0x48000010).branch, kIsBranch);                  // b: unconditional, direct
  EXPECT_EQ(desc(0x48000011).branch, kIsBranch | kLinks);         // bl
  EXPECT_EQ(desc(0x4200FFFC).branch, kIsBranch | kConditional);   // bdnz: CTR test
  EXPECT_EQ(desc(0x41820008).branch, kIsBranch | kConditional);   // beq: CR test
  EXPECT_EQ(desc(0x4E800020).branch, kIsBranch | kToLr);          // blr: BO=20, always
  EXPECT_EQ(desc(0x4D860020).branch, kIsBranch | kToLr | kConditional);
  EXPECT_EQ(desc(0x4E800421).branch, kIsBranch | kToCtr | kLinks); // bctrl
  EXPECT_EQ(desc(0x38630001).branch, 0);
}

TEST(Describe, UpdateFormsNameTheAddressRegister) {
  EXPECT_EQ(desc(0x84830008).update_gpr, 3);  // lwzu 4,8(3)
  EXPECT_EQ(desc(0x9421FFF0).update_gpr, 1);  // stwu 1,-16(1)
  EXPECT_EQ(desc(0x7C64286E).update_gpr, 4);  // lwzux 3,4,5
  EXPECT_EQ(desc(0x80830008).update_gpr, kNoUpdate);
}

TEST(Describe, IllegalWordIsSerialisingAndUsesNothing) {
  InsnTiming d = desc(0x00000000); // primary opcode 0: no row
  EXPECT_FALSE(d.known);
  EXPECT_EQ(d.cls, Timing::system);
  EXPECT_EQ(d.reads, 0u);
  EXPECT_EQ(d.writes, 0u);
}

// Every row of the decode table has a rule, and the description keeps the row's class.
TEST(Describe, EveryTableRowHasARule) {
  for (const OpEntry& row : kDecodeTable) {
    SCOPED_TRACE(row.mnemonic);
    EXPECT_TRUE(has_rule(row));
    InsnTiming d = describe(row.match, &row);
    EXPECT_TRUE(d.known);
    EXPECT_EQ(d.cls, row.timing);
    EXPECT_EQ(d.reads >> kResourceCount, 0u);
    EXPECT_EQ(d.writes >> kResourceCount, 0u);
  }
}

// The ISS's cycle-mode loop computes branch facts only in the b, bc, bclr and bcctr handlers'
// copies (iss.cpp): no other handler's row may be described as a branch.
TEST(Describe, OnlyTheFourBranchHandlersBranch) {
  for (const OpEntry& row : kDecodeTable) {
    SCOPED_TRACE(row.mnemonic);
    const bool branch_handler = row.handler == &ops::b || row.handler == &ops::bc ||
                                row.handler == &ops::bclr || row.handler == &ops::bcctr;
    EXPECT_EQ(describe(row.match, &row).branch != 0, branch_handler);
    EXPECT_EQ(describe(row.match | 1u, &row).branch != 0, branch_handler); // LK / Rc set
  }
}

} // namespace
} // namespace ppc64sim::cpu::timing
