// H_PUT_TERM_CHAR / H_GET_TERM_CHAR (xics-spec.md 3.2, C41; firmware-contract.md "Console"):
// byte i of the string is byte i of the big-endian register pair r6:r7 (r5:r6 on output).
#include "hyp_env.h"

namespace ppc64sim::hyp::test {
namespace {

constexpr uint64_t H_GET_TERM_CHAR = 0x54, H_PUT_TERM_CHAR = 0x58;
constexpr int64_t H_SUCCESS = 0, H_PARAMETER = -4;

using ConsoleTest = HypTest;

TEST_F(ConsoleTest, PutTermCharSendsBytesMostSignificantFirst) {
  // "Hello, w" and "orld!\n" packed by hand, first byte in the top byte of r6.
  const uint64_t r6 = 0x48656C6C6F2C2077ull, r7 = 0x6F726C64210A0000ull;
  EXPECT_EQ(hcall(0, H_PUT_TERM_CHAR, {World::kVtyReg, 14, r6, r7}), H_SUCCESS);
  EXPECT_EQ(w.out1, "Hello, world!\n");
  EXPECT_EQ(w.out2, "");
}

TEST_F(ConsoleTest, PutTermCharLengthLimits) {
  const uint64_t r6 = 0x4142434445464748ull, r7 = 0x494A4B4C4D4E4F50ull; // "ABCDEFGH" "IJKLMNOP"
  EXPECT_EQ(hcall(0, H_PUT_TERM_CHAR, {World::kVtyReg, 0, r6, r7}), H_SUCCESS);
  EXPECT_EQ(w.out1, "");
  EXPECT_EQ(hcall(0, H_PUT_TERM_CHAR, {World::kVtyReg, 1, r6, r7}), H_SUCCESS);
  EXPECT_EQ(w.out1, "A");
  w.out1.clear();
  EXPECT_EQ(hcall(0, H_PUT_TERM_CHAR, {World::kVtyReg, 16, r6, r7}), H_SUCCESS);
  EXPECT_EQ(w.out1, "ABCDEFGHIJKLMNOP");
  w.out1.clear();
  EXPECT_EQ(hcall(0, H_PUT_TERM_CHAR, {World::kVtyReg, 17, r6, r7}), H_PARAMETER);
  EXPECT_EQ(hcall(0, H_PUT_TERM_CHAR, {World::kVtyReg, ~0ull, r6, r7}), H_PARAMETER);
  EXPECT_EQ(w.out1, "");
}

TEST_F(ConsoleTest, PutTermCharBytesAreSentUnchanged) {
  // No '\r' is added and NUL / high bytes pass through (firmware-contract.md).
  EXPECT_EQ(hcall(0, H_PUT_TERM_CHAR, {World::kVtyReg, 3, 0x0A00FF0000000000ull, 0}), H_SUCCESS);
  EXPECT_EQ(w.out1, std::string("\n\0\xFF", 3));
}

TEST_F(ConsoleTest, PutTermCharTermnoSelectsTheVty) {
  EXPECT_EQ(hcall(0, H_PUT_TERM_CHAR, {World::kVty2Reg, 1, 0x7A00000000000000ull, 0}), H_SUCCESS);
  EXPECT_EQ(w.out2, "z");
  EXPECT_EQ(w.out1, "");
  // termno 0 falls back to the lowest-reg vty (Q-VTY vty_lookup).
  EXPECT_EQ(hcall(0, H_PUT_TERM_CHAR, {0, 1, 0x7900000000000000ull, 0}), H_SUCCESS);
  EXPECT_EQ(w.out1, "y");
  EXPECT_EQ(hcall(0, H_PUT_TERM_CHAR, {0x71000002, 1, 0x7800000000000000ull, 0}), H_PARAMETER);
  EXPECT_EQ(w.out1, "y");
  EXPECT_EQ(w.out2, "z");
}

TEST_F(ConsoleTest, GetTermCharPacksBytesTheSameWay) {
  w.vty1.push_input("abc");
  EXPECT_EQ(hcall(0, H_GET_TERM_CHAR, {World::kVtyReg}), H_SUCCESS);
  const cpu::ThreadState& s = cpus.threads[0];
  EXPECT_EQ(s.gpr[4], 3u);
  EXPECT_EQ(s.gpr[5], 0x6162630000000000ull);
  EXPECT_EQ(s.gpr[6], 0u);
  // Nothing left: count 0, both byte registers zero.
  EXPECT_EQ(hcall(0, H_GET_TERM_CHAR, {World::kVtyReg}), H_SUCCESS);
  EXPECT_EQ(s.gpr[4], 0u);
  EXPECT_EQ(s.gpr[5], 0u);
  EXPECT_EQ(s.gpr[6], 0u);
}

TEST_F(ConsoleTest, GetTermCharReturnsAtMostSixteenBytes) {
  w.vty1.push_input("ABCDEFGHIJKLMNOPQRST");
  const cpu::ThreadState& s = cpus.threads[0];
  EXPECT_EQ(hcall(0, H_GET_TERM_CHAR, {0}), H_SUCCESS);
  EXPECT_EQ(s.gpr[4], 16u);
  EXPECT_EQ(s.gpr[5], 0x4142434445464748ull);
  EXPECT_EQ(s.gpr[6], 0x494A4B4C4D4E4F50ull);
  EXPECT_EQ(hcall(0, H_GET_TERM_CHAR, {0}), H_SUCCESS);
  EXPECT_EQ(s.gpr[4], 4u);
  EXPECT_EQ(s.gpr[5], 0x5152535400000000ull);
  EXPECT_EQ(s.gpr[6], 0u);
}

TEST_F(ConsoleTest, GetTermCharUnknownTermnoIsParameterError) {
  w.vty2.push_input("q");
  EXPECT_EQ(hcall(0, H_GET_TERM_CHAR, {0x12345678}), H_PARAMETER);
  EXPECT_EQ(hcall(0, H_GET_TERM_CHAR, {World::kVty2Reg}), H_SUCCESS);
  EXPECT_EQ(cpus.threads[0].gpr[4], 1u);
  EXPECT_EQ(cpus.threads[0].gpr[5], 0x7100000000000000ull);
}

} // namespace
} // namespace ppc64sim::hyp::test
