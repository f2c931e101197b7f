// Fixed-point arithmetic, logical, rotate, shift and compare semantics. Expected values are
// derived from the Power ISA v3.0B Book I definitions (comments give the reasoning).
#include "test_support.h"

#include <gtest/gtest.h>

namespace ppc64sim::cpu::test {
namespace {
using namespace enc;

// Runs `words` once with the given register presets; returns the machine for inspection.
struct Exec : Machine {
  explicit Exec(uint64_t msr_value = msr::SF | msr::ME) : Machine(msr_value) {}
  Exec& go(const std::vector<uint32_t>& words) {
    load(words);
    run(words.size());
    return *this;
  }
  uint64_t r(unsigned i) const { return state.gpr[i]; }
  uint32_t cr0() const { return state.cr >> 28; }
};

TEST(Arith, AddiAddisAndRaZero) {
  Exec m;
  m.state.gpr[0] = 100; // RA=0 means the value 0, not r0
  m.go({addi(3, 0, -1), D(15, 4, 0, 0x1234), addi(5, 3, 2)});
  EXPECT_EQ(m.r(3), ~0ull);
  EXPECT_EQ(m.r(4), 0x12340000ull);
  EXPECT_EQ(m.r(5), 1u);
}

TEST(Arith, AddcCarryOut64And32) {
  Exec m;
  m.state.gpr[4] = ~0ull;
  m.state.gpr[5] = 1;
  m.go({XO(3, 4, 5, 10)}); // addc: 0xFFFF...F + 1 = 0, carry out of bit 0 and of bit 32
  EXPECT_EQ(m.r(3), 0u);
  EXPECT_TRUE(m.state.xer & xer::CA);
  EXPECT_TRUE(m.state.xer & xer::CA32);
}

TEST(Arith, AddcIn32BitModeUsesCarryOutOfBit32) {
  Exec m(0); // MSR[SF]=0
  m.state.gpr[4] = 0x00000000ffffffffull;
  m.state.gpr[5] = 1;
  m.go({XO(3, 4, 5, 10, 0, 1)}); // addc.: low word wraps to 0 -> CA, CR0 EQ on the low word
  EXPECT_EQ(m.r(3), 0x100000000ull);
  EXPECT_TRUE(m.state.xer & xer::CA);
  EXPECT_EQ(m.cr0(), 0x2u);
}

TEST(Arith, AddoSignedOverflowSetsOvSoAndCr0) {
  Exec m;
  m.state.gpr[4] = 0x7fffffffffffffffull;
  m.state.gpr[5] = 1;
  m.go({XO(3, 4, 5, 266, 1, 1)}); // addo.: INT64_MAX + 1 overflows to INT64_MIN
  EXPECT_EQ(m.r(3), 0x8000000000000000ull);
  EXPECT_TRUE(m.state.xer & xer::OV);
  EXPECT_TRUE(m.state.xer & xer::SO);
  EXPECT_FALSE(m.state.xer & xer::OV32); // low word 0 + 1: no 32-bit overflow
  EXPECT_EQ(m.cr0(), 0x8u | 0x1u);       // negative, SO copied
}

TEST(Arith, SubfAndSubfcBorrow) {
  Exec m;
  m.state.gpr[4] = 5;
  m.state.gpr[5] = 3;
  m.go({XO(3, 4, 5, 40), XO(6, 4, 5, 8), XO(7, 5, 4, 8)});
  EXPECT_EQ(m.r(3), static_cast<uint64_t>(-2)); // subf: RB - RA = 3 - 5
  // subfc 6: 3 - 5 borrows -> CA = 0 (carry of ~5 + 3 + 1 is 0), subfc 7: 5 - 3 -> CA = 1
  EXPECT_EQ(m.r(7), 2u);
  EXPECT_TRUE(m.state.xer & xer::CA);
}

TEST(Arith, SubficAndNeg) {
  Exec m;
  m.state.gpr[4] = 10;
  m.go({D(8, 3, 4, 3), XO(5, 4, 0, 104)}); // subfic 3 = 3 - 10; neg r5 = -10
  EXPECT_EQ(m.r(3), static_cast<uint64_t>(-7));
  EXPECT_FALSE(m.state.xer & xer::CA); // 3 - 10 borrows
  EXPECT_EQ(m.r(5), static_cast<uint64_t>(-10));
}

TEST(Arith, AddeAddzeChainsCarry) {
  Exec m;
  // 128-bit add: (1:~0) + (0:1) = (2:0)
  m.state.gpr[4] = ~0ull; m.state.gpr[5] = 1; m.state.gpr[6] = 1; m.state.gpr[7] = 0;
  m.go({XO(3, 4, 5, 10), XO(8, 6, 7, 138), XO(9, 7, 0, 202)});
  EXPECT_EQ(m.r(3), 0u);
  EXPECT_EQ(m.r(8), 2u);
  EXPECT_EQ(m.r(9), 0u); // addze after adde without carry
}

TEST(Arith, SubfeSubfmeAddme) {
  Exec m;
  m.state.xer = xer::CA;
  m.state.gpr[4] = 1; m.state.gpr[5] = 10;
  m.go({XO(3, 4, 5, 136)}); // subfe: ~1 + 10 + CA(1) = 9
  EXPECT_EQ(m.r(3), 9u);
  Exec n;
  n.state.gpr[4] = 5;
  n.go({XO(3, 4, 0, 234)}); // addme: 5 + CA(0) - 1 = 4
  EXPECT_EQ(n.r(3), 4u);
}

TEST(Arith, Multiply) {
  Exec m;
  m.state.gpr[4] = static_cast<uint64_t>(-3);
  m.state.gpr[5] = 7;
  m.state.gpr[6] = 0xffffffffffffffffull;
  m.go({D(7, 3, 4, -5), XO(7, 4, 5, 235), XO(8, 4, 5, 233), XO(9, 6, 6, 9), XO(10, 6, 6, 73),
        XO(11, 4, 5, 75), XO(12, 6, 6, 11)});
  EXPECT_EQ(m.r(3), 15u);                          // mulli -3 * -5
  EXPECT_EQ(m.r(7), static_cast<uint64_t>(-21));   // mullw: 64-bit product of the low words
  EXPECT_EQ(m.r(8), static_cast<uint64_t>(-21));   // mulld
  EXPECT_EQ(m.r(9), 0xfffffffffffffffeull);        // mulhdu (2^64-1)^2 >> 64
  EXPECT_EQ(m.r(10), 0u);                          // mulhd (-1 * -1) >> 64
  EXPECT_EQ(m.r(11) & 0xffffffffu, 0xffffffffu);   // mulhw: high word of -21
  EXPECT_EQ(m.r(12) & 0xffffffffu, 0xfffffffeu);   // mulhwu 0xffffffff^2 >> 32
}

TEST(Arith, MullwoOverflow) {
  Exec m;
  m.state.gpr[4] = 0x10000; m.state.gpr[5] = 0x10000;
  m.go({XO(3, 4, 5, 235, 1)}); // 2^32 does not fit in 32 bits
  EXPECT_EQ(m.r(3), 0x100000000ull);
  EXPECT_TRUE(m.state.xer & xer::OV);
  EXPECT_TRUE(m.state.xer & xer::OV32);
}

TEST(Arith, Divide) {
  Exec m;
  m.state.gpr[4] = static_cast<uint64_t>(-7); m.state.gpr[5] = 2;
  m.state.gpr[6] = 0x80000000; m.state.gpr[7] = static_cast<uint64_t>(-1);
  m.go({XO(3, 4, 5, 489), XO(8, 4, 5, 457), XO(9, 4, 5, 491), XO(10, 4, 5, 459),
        XO(11, 6, 7, 491, 1)});
  EXPECT_EQ(m.r(3), static_cast<uint64_t>(-3));          // divd truncates toward zero
  EXPECT_EQ(m.r(8), 0x7ffffffffffffffcull);              // divdu (2^64-7)/2
  EXPECT_EQ(m.r(9) & 0xffffffffu, 0xfffffffdu);          // divw -7/2 = -3 (low word)
  EXPECT_EQ(m.r(10) & 0xffffffffu, 0x7ffffffcu);         // divwu 0xfffffff9/2
  EXPECT_TRUE(m.state.xer & xer::OV);                    // divwo INT32_MIN / -1
}

TEST(Arith, DivideExtendedAndModulo) {
  Exec m;
  m.state.gpr[4] = 1; m.state.gpr[5] = 4;
  m.state.gpr[6] = static_cast<uint64_t>(-7); m.state.gpr[7] = 3;
  m.go({XO(3, 4, 5, 393), XO(8, 4, 5, 395), X(31, 9, 6, 7, 779), X(31, 10, 6, 7, 265),
        X(31, 11, 6, 7, 777)});
  EXPECT_EQ(m.r(3), 0x4000000000000000ull); // divdeu: 2^64 / 4
  EXPECT_EQ(m.r(8), 0x40000000u);           // divweu: 2^32 / 4
  EXPECT_EQ(m.r(9), static_cast<uint64_t>(-1));  // modsw -7 % 3 = -1
  EXPECT_EQ(m.r(10), (~0ull - 6) % 3);           // modud
  EXPECT_EQ(m.r(11), static_cast<uint64_t>(-1)); // modsd
}

TEST(Arith, MaddVaForm) {
  Exec m;
  m.state.gpr[4] = ~0ull; m.state.gpr[5] = 2; m.state.gpr[6] = 5;
  auto va = [](uint32_t rt, uint32_t ra, uint32_t rb, uint32_t rc, uint32_t xo) {
    return f(4, 0, 5) | f(rt, 6, 10) | f(ra, 11, 15) | f(rb, 16, 20) | f(rc, 21, 25) | xo;
  };
  m.go({va(3, 4, 5, 6, 51), va(7, 4, 5, 6, 49), va(8, 4, 5, 6, 48)});
  EXPECT_EQ(m.r(3), 3u);                   // maddld: -2 + 5
  EXPECT_EQ(m.r(7), 2u);                   // maddhdu: (2^65 - 2 + 5) >> 64
  EXPECT_EQ(m.r(8), 0u);                   // maddhd: (-2 + 5) >> 64
}

TEST(Logic, ImmediateAndRegisterForms) {
  Exec m;
  m.state.gpr[4] = 0xf0f0;
  m.state.gpr[5] = 0x0ff0;
  m.go({D(28, 4, 3, 0x00ff), D(24, 4, 6, 0x000f), D(25, 4, 7, 0x8000), D(26, 4, 8, 0xffff),
        X(31, 4, 9, 5, 28), X(31, 4, 10, 5, 444), X(31, 4, 11, 5, 316), X(31, 4, 12, 5, 476),
        X(31, 4, 13, 5, 124), X(31, 4, 14, 5, 284), X(31, 4, 15, 5, 60), X(31, 4, 16, 5, 412)});
  EXPECT_EQ(m.r(3), 0xf0u);                 // andi.
  EXPECT_EQ(m.cr0(), 0x4u);                 // andi. always sets CR0: positive
  EXPECT_EQ(m.r(6), 0xf0ffu);               // ori
  EXPECT_EQ(m.r(7), 0x8000f0f0ull);         // oris
  EXPECT_EQ(m.r(8), 0x0f0fu);               // xori
  EXPECT_EQ(m.r(9), 0x00f0u);               // and
  EXPECT_EQ(m.r(10), 0xfff0u);              // or
  EXPECT_EQ(m.r(11), 0xff00u);              // xor
  EXPECT_EQ(m.r(12), ~0x00f0ull);           // nand
  EXPECT_EQ(m.r(13), ~0xfff0ull);           // nor
  EXPECT_EQ(m.r(14), ~0xff00ull);           // eqv
  EXPECT_EQ(m.r(15), 0xf000u);              // andc
  EXPECT_EQ(m.r(16), ~0x0f00ull | 0xf0f0);  // orc
}

TEST(Logic, ExtendCountPopcount) {
  Exec m;
  m.state.gpr[4] = 0x0000000180008080ull;
  m.go({X(31, 4, 3, 0, 954), X(31, 4, 5, 0, 922), X(31, 4, 6, 0, 986), X(31, 4, 7, 0, 26),
        X(31, 4, 8, 0, 58), X(31, 4, 9, 0, 538), X(31, 4, 10, 0, 570), X(31, 4, 11, 0, 122),
        X(31, 4, 12, 0, 378), X(31, 4, 13, 0, 506)});
  EXPECT_EQ(m.r(3), 0xffffffffffffff80ull); // extsb 0x80
  EXPECT_EQ(m.r(5), 0xffffffffffff8080ull); // extsh
  EXPECT_EQ(m.r(6), 0xffffffff80008080ull); // extsw
  EXPECT_EQ(m.r(7), 0u);                    // cntlzw of 0x80008080
  EXPECT_EQ(m.r(8), 31u);                   // cntlzd
  EXPECT_EQ(m.r(9), 7u);                    // cnttzw
  EXPECT_EQ(m.r(10), 7u);                   // cnttzd
  EXPECT_EQ(m.r(11), 0x0000000101000101ull);// popcntb per byte
  EXPECT_EQ(m.r(12), 0x0000000100000003ull);// popcntw per word
  EXPECT_EQ(m.r(13), 4u);                   // popcntd
}

TEST(Rotate, RlwinmFamily) {
  Exec m;
  m.state.gpr[4] = 0xffffffff12345678ull;
  m.go({M(21, 4, 3, 8, 24, 31),    // rlwinm 3,4,8,24,31: (0x34567812) & 0xff = 0x12
        M(21, 4, 5, 0, 16, 15),    // mb > me: wrap mask keeps the doubled high word too
        M(21, 4, 6, 4, 0, 27, 1)}); // slwi 6,4,4 (rlwinm.)
  EXPECT_EQ(m.r(3), 0x12u);
  EXPECT_EQ(m.r(5), 0x1234567812345678ull);
  EXPECT_EQ(m.r(6), 0x23456780u);
  EXPECT_EQ(m.cr0(), 0x4u);
}

TEST(Rotate, RlwimiAndRlwnm) {
  Exec m;
  m.state.gpr[3] = 0xaaaaaaaa;
  m.state.gpr[4] = 0x000000bb;
  m.state.gpr[5] = 36; // rlwnm uses rb & 31 = 4
  m.go({M(20, 4, 3, 24, 0, 7), M(23, 4, 6, 5, 0, 31)});
  EXPECT_EQ(m.r(3), 0xbbaaaaaau); // insert 0xbb into bits 32..39
  EXPECT_EQ(m.r(6), 0xbb0u);
}

TEST(Rotate, Rld) {
  Exec m;
  m.state.gpr[4] = 0x0123456789abcdefull;
  m.state.gpr[3] = ~0ull;
  m.state.gpr[5] = 8;
  m.go({MD(4, 6, 0, 32, 0),   // clrldi 6,4,32
        MD(4, 7, 8, 55, 1),   // rldicr 7,4,8,55 (sldi 8)
        MD(4, 8, 4, 56, 2),   // rldic 8,4,4,56: rotl 4, mask(56, 59)
        MD(4, 3, 32, 0, 3),   // rldimi 3,4,32,0: insert low word into high word
        MD(4, 9, 64 - 16, 16, 0), // srdi 9,4,16 = rldicl 9,4,48,16
        MDS(4, 10, 5, 0, 8),  // rldcl 10,4,5,0: rotl 8
        MDS(4, 11, 5, 55, 9)}); // rldcr 11,4,5,55
  EXPECT_EQ(m.r(6), 0x89abcdefull);
  EXPECT_EQ(m.r(7), 0x23456789abcdef00ull);
  EXPECT_EQ(m.r(8), 0xf0u);
  EXPECT_EQ(m.r(3), 0x89abcdefffffffffull);
  EXPECT_EQ(m.r(9), 0x00000123456789abull);
  EXPECT_EQ(m.r(10), 0x23456789abcdef01ull);
  EXPECT_EQ(m.r(11), 0x23456789abcdef00ull);
}

TEST(Shift, WordAndDoubleword) {
  Exec m;
  m.state.gpr[4] = 0x80000001ull;
  m.state.gpr[5] = 1;
  m.state.gpr[6] = 32;
  m.state.gpr[7] = 0x8000000000000000ull;
  m.go({X(31, 4, 3, 5, 24),   // slw by 1: bit 32 shifted out of the low word
        X(31, 4, 8, 6, 24),   // slw by 32: 0
        X(31, 4, 9, 5, 536),  // srw by 1
        X(31, 7, 10, 5, 539), // srd by 1
        X(31, 7, 11, 5, 27),  // sld by 1: 0
        X(31, 7, 12, 6, 794)}); // srad by 32 of a negative: sign fill, CA=0 (no 1 bits lost)
  EXPECT_EQ(m.r(3), 2u);
  EXPECT_EQ(m.r(8), 0u);
  EXPECT_EQ(m.r(9), 0x40000000u);
  EXPECT_EQ(m.r(10), 0x4000000000000000ull);
  EXPECT_EQ(m.r(11), 0u);
  EXPECT_EQ(m.r(12), 0xffffffff80000000ull);
  EXPECT_FALSE(m.state.xer & xer::CA);
}

TEST(Shift, AlgebraicCarry) {
  Exec m;
  m.state.gpr[4] = 0xfffffffffffffff9ull; // -7
  m.go({X(31, 4, 3, 5, 824),                // srawi 3,4,5: -7 >> 5 = -1, 1-bits lost -> CA
        XS(4, 6, 1, 413)});                 // sradi 6,4,1: -4, lost a 1 -> CA
  EXPECT_EQ(m.r(3), ~0ull);
  EXPECT_EQ(m.r(6), static_cast<uint64_t>(-4));
  EXPECT_TRUE(m.state.xer & xer::CA);
  EXPECT_TRUE(m.state.xer & xer::CA32);
  Exec n;
  n.state.gpr[4] = 8;
  n.go({X(31, 4, 3, 2, 824), XS(4, 5, 40, 445)}); // srawi positive: CA = 0; extswsli 8 << 40
  EXPECT_EQ(n.r(3), 2u);
  EXPECT_FALSE(n.state.xer & xer::CA);
  EXPECT_EQ(n.r(5), 8ull << 40);
}

TEST(Compare, SignedUnsignedAndLBit) {
  Exec m;
  m.state.gpr[3] = 0xffffffff00000001ull;
  m.state.gpr[4] = 1;
  m.go({X(31, 0 << 2 | 0, 3, 4, 0),  // cmpw cr0: low words 1 == 1
        X(31, 1 << 2 | 1, 3, 4, 0),  // cmpd cr1: negative < 1
        X(31, 2 << 2 | 1, 3, 4, 32), // cmpld cr2: huge > 1
        D(11, 3 << 2 | 1, 3, -1),    // cmpdi cr3, r3, -1: -(2^32 - 1) < -1
        D(10, 4 << 2 | 0, 4, 2)});   // cmplwi cr4, r4, 2: <
  EXPECT_EQ(m.state.cr >> 28, 0x2u);
  EXPECT_EQ((m.state.cr >> 24) & 0xf, 0x8u);
  EXPECT_EQ((m.state.cr >> 20) & 0xf, 0x4u);
  EXPECT_EQ((m.state.cr >> 16) & 0xf, 0x8u);
  EXPECT_EQ((m.state.cr >> 12) & 0xf, 0x8u);
}

TEST(Compare, Cr0In32BitModeUsesLowWord) {
  Exec m(0);
  m.state.gpr[4] = 0x00000000ffffffffull;
  m.go({X(31, 4, 3, 4, 444, 1)}); // or. : low word is -1 -> LT in 32-bit mode
  EXPECT_EQ(m.cr0(), 0x8u);
  Exec n;
  n.state.gpr[4] = 0x00000000ffffffffull;
  n.go({X(31, 4, 3, 4, 444, 1)}); // 64-bit mode: positive
  EXPECT_EQ(n.cr0(), 0x4u);
}

TEST(Compare, IselSetbCmpbCmprbCmpeqb) {
  Exec m;
  m.state.gpr[4] = 11; m.state.gpr[5] = 22;
  m.state.cr = 0x40000000; // CR0 GT
  m.state.gpr[6] = 0x1122334455667788ull; m.state.gpr[7] = 0x1100330055007700ull;
  m.state.gpr[8] = 'x'; m.state.gpr[9] = ('z' << 8 | 'a') | (('9' << 8 | '0') << 16);
  auto isel = [](uint32_t rt, uint32_t ra, uint32_t rb, uint32_t bc) {
    return f(31, 0, 5) | f(rt, 6, 10) | f(ra, 11, 15) | f(rb, 16, 20) | f(bc, 21, 25) | f(15, 26, 30);
  };
  m.go({isel(3, 4, 5, 1), isel(10, 4, 5, 0), X(31, 11, 0 << 2, 0, 128), X(31, 6, 12, 7, 508),
        X(31, 1 << 2 | 1, 8, 9, 192), X(31, 2 << 2, 8, 6, 224)});
  EXPECT_EQ(m.r(3), 11u);  // CR bit 1 (GT) set -> RA
  EXPECT_EQ(m.r(10), 22u); // CR bit 0 (LT) clear -> RB
  EXPECT_EQ(m.r(11), 1u);  // setb: GT -> 1
  EXPECT_EQ(m.r(12), 0xff00ff00ff00ff00ull);
  EXPECT_EQ((m.state.cr >> 24) & 0xf, 0x4u); // 'x' in 'a'..'z'
  EXPECT_EQ((m.state.cr >> 20) & 0xf, 0x0u); // 'x' not a byte of r6
}

TEST(Logic, BpermdPrty) {
  Exec m;
  m.state.gpr[4] = 0x00013f4040404040ull; // indices 0, 1, 63, then >= 64 (zero)
  m.state.gpr[5] = 0xc000000000000001ull; // bits 0, 1 and 63 set
  m.state.gpr[6] = 0x0000000100000101ull;
  m.go({X(31, 4, 3, 5, 252), X(31, 6, 7, 0, 154), X(31, 6, 8, 0, 186)});
  EXPECT_EQ(m.r(3), 0xe0u);
  EXPECT_EQ(m.r(7), 0x0000000100000000ull); // high word parity 1, low word parity 0
  EXPECT_EQ(m.r(8), 1u);
}

} // namespace
} // namespace ppc64sim::cpu::test
