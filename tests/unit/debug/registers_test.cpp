// powerpc64 register codec and target description (gdb's org.gnu.gdb.power.core feature).
#include "sim/debug/ppc64_registers.h"

#include <gtest/gtest.h>

#include <regex>
#include <vector>

using namespace ppc64sim;
using namespace ppc64sim::debug;

namespace {
cpu::ThreadState sample() {
  cpu::ThreadState s;
  for (int i = 0; i < 32; ++i) s.gpr[i] = 0x0101010101010101ull * static_cast<uint64_t>(i) + 0x1000 * i;
  s.pc = 0x10070;
  s.msr = cpu::msr::SF | cpu::msr::ME;
  s.cr = 0x20000000;
  s.lr = 0x100c0;
  s.ctr = 0xdeadbeefcafef00dull;
  s.xer = cpu::xer::CA | 5;
  return s;
}
} // namespace

TEST(Registers, GPacketLayoutIsBigEndianAndGapless) {
  cpu::ThreadState s = sample();
  std::string g = regs::encode_all(s);
  // 32 GPRs + pc + msr + lr + ctr (8 bytes) + cr + xer (4 bytes) = 296 bytes.
  ASSERT_EQ(g.size(), 2u * (32 * 8 + 4 * 8 + 2 * 4));
  EXPECT_EQ(g.substr(16 * 1, 16), "0101010101011101"); // r1, most significant byte first
  size_t pc = 32 * 16;
  EXPECT_EQ(g.substr(pc, 16), "0000000000010070");
  EXPECT_EQ(g.substr(pc + 16, 16), "8000000000001000"); // msr SF (bit 0) | ME (bit 51)
  EXPECT_EQ(g.substr(pc + 32, 8), "20000000");          // cr, 32 bits
  EXPECT_EQ(g.substr(pc + 40, 16), "00000000000100c0"); // lr
  EXPECT_EQ(g.substr(pc + 56, 16), "deadbeefcafef00d"); // ctr
  EXPECT_EQ(g.substr(pc + 72, 8), "20000005");          // xer: CA is ISA bit 34 = 0x20000000
}

TEST(Registers, RoundTrip) {
  cpu::ThreadState s = sample();
  cpu::ThreadState t;
  ASSERT_TRUE(regs::decode_all(regs::encode_all(s), t));
  EXPECT_EQ(regs::encode_all(t), regs::encode_all(s));
  for (unsigned r : {0u, 31u, regs::kPc, regs::kMsr, regs::kCr, regs::kLr, regs::kCtr, regs::kXer}) {
    auto v = regs::encode_one(r, s);
    ASSERT_TRUE(v) << r;
    cpu::ThreadState u;
    ASSERT_TRUE(regs::decode_one(r, *v, u)) << r;
    EXPECT_EQ(regs::encode_one(r, u), v) << r;
  }
}

TEST(Registers, RejectsBadInput) {
  cpu::ThreadState s = sample();
  std::string g = regs::encode_all(s);
  cpu::ThreadState t = s;
  EXPECT_FALSE(regs::decode_all(g.substr(2), t));
  EXPECT_FALSE(regs::decode_all(g + "00", t));
  std::string bad = g;
  bad[5] = 'x';
  EXPECT_FALSE(regs::decode_all(bad, t));
  EXPECT_EQ(regs::encode_all(t), g); // untouched on failure
  EXPECT_FALSE(regs::encode_one(32, s)); // f0: no FPU in this description
  EXPECT_FALSE(regs::decode_one(regs::kCr, "0000000000000000", t)); // cr is 4 bytes
  EXPECT_FALSE(regs::decode_one(1000, "00", t));
}

TEST(Registers, TargetXmlIsWellFormedAndComplete) {
  const std::string& xml = regs::target_xml();
  // Tags balance (a minimal well-formedness check: no nesting errors, every open tag closed).
  std::vector<std::string> stack;
  std::regex tag("<(/?)([A-Za-z][A-Za-z0-9._:-]*)[^>]*?(/?)>");
  for (auto it = std::sregex_iterator(xml.begin(), xml.end(), tag); it != std::sregex_iterator(); ++it) {
    const std::smatch& m = *it;
    if (m[3] == "/") continue;
    if (m[1] == "/") {
      ASSERT_FALSE(stack.empty()) << m.str();
      EXPECT_EQ(stack.back(), m[2].str());
      stack.pop_back();
    } else {
      stack.push_back(m[2]);
    }
  }
  EXPECT_TRUE(stack.empty());
  EXPECT_NE(xml.find("<feature name=\"org.gnu.gdb.power.core\">"), std::string::npos);
  EXPECT_NE(xml.find("<architecture>powerpc:common64</architecture>"), std::string::npos);
  for (int i = 0; i < 32; ++i)
    EXPECT_NE(xml.find("name=\"r" + std::to_string(i) + "\" bitsize=\"64\""), std::string::npos) << i;
  EXPECT_NE(xml.find("name=\"cr\" bitsize=\"32\""), std::string::npos);
  EXPECT_NE(xml.find("name=\"xer\" bitsize=\"32\""), std::string::npos);
  EXPECT_NE(xml.find("name=\"pc\" bitsize=\"64\" type=\"code_ptr\" regnum=\"64\""), std::string::npos);
}
