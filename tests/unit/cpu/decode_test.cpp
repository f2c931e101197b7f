// Decode table tests: every row decodes to itself, rows never overlap, and words produced by
// the real cross assembler (decode_corpus.S) decode to the row the ISA names.
#include "models/cpu/decode_table.h"
#include "models/cpu/decoder.h"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace ppc64sim::cpu {
namespace {

TEST(DecodeTable, EveryRowDecodesToItself) {
  for (const OpEntry& e : kDecodeTable) {
    const OpEntry* got = decode_lookup(e.match);
    ASSERT_NE(got, nullptr) << e.mnemonic;
    EXPECT_EQ(got, &e) << e.mnemonic << " decodes as " << got->mnemonic;
  }
}

TEST(DecodeTable, NoOverlapsAndMatchInsideMask) {
  // The same functions back the build-breaking static_asserts in decode_table.h.
  EXPECT_EQ(first_overlap(), -1);
  EXPECT_EQ(first_match_outside_mask(), -1);
}

TEST(DecodeTable, OverlapRuleDetectsOverlap) {
  // Two rows overlap iff ((m1 ^ m2) & mask1 & mask2) == 0: add (XO-form, OE outside the mask)
  // and a hypothetical X-form row at XO 778 (= addo) must collide.
  uint32_t add_match = 0x7C000214, add_mask = 0xFC0003FE;
  uint32_t x778_match = (31u << 26) | (778u << 1), x_mask = 0xFC0007FE;
  EXPECT_EQ(((add_match ^ x778_match) & add_mask & x_mask), 0u);
}

TEST(Decode, ReservedWordsAreIllegalOrUnavailable) {
  Insn in;
  decode_into(in, 0x00000000);
  EXPECT_EQ(handler_of(in), &ops::illegal);
  decode_into(in, 0x10000000 | (1u << 1)); // opcode 4, not a madd: VMX
  EXPECT_EQ(handler_of(in), &ops::vec_unavailable);
}

TEST(Decode, AssemblerCorpusDecodesToNamedRows) {
  std::ifstream bin(PPC64SIM_DECODE_CORPUS_BIN, std::ios::binary);
  std::ifstream src(PPC64SIM_DECODE_CORPUS_SRC);
  ASSERT_TRUE(bin.good()) << PPC64SIM_DECODE_CORPUS_BIN;
  ASSERT_TRUE(src.good()) << PPC64SIM_DECODE_CORPUS_SRC;
  std::vector<unsigned char> bytes((std::istreambuf_iterator<char>(bin)), std::istreambuf_iterator<char>());
  std::vector<std::string> expected;
  for (std::string line; std::getline(src, line);) {
    if (line.empty() || line[0] == '#') continue;
    auto hash = line.find('#');
    ASSERT_NE(hash, std::string::npos) << line;
    std::string name = line.substr(hash + 1);
    name.erase(0, name.find_first_not_of(' '));
    name = name.substr(0, name.find(' '));
    expected.push_back(name);
  }
  ASSERT_EQ(bytes.size(), expected.size() * 4);
  for (size_t i = 0; i < expected.size(); ++i) {
    uint32_t w = (uint32_t{bytes[4 * i]} << 24) | (uint32_t{bytes[4 * i + 1]} << 16) |
                 (uint32_t{bytes[4 * i + 2]} << 8) | bytes[4 * i + 3];
    const OpEntry* e = decode_lookup(w);
    ASSERT_NE(e, nullptr) << "line " << i << " word " << std::hex << w << " expected " << expected[i];
    EXPECT_EQ(std::string(e->mnemonic), expected[i]) << "word 0x" << std::hex << w;
  }
}

} // namespace
} // namespace ppc64sim::cpu
