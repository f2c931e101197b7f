// Checkpoint bytes: a restored model continues exactly like the original, the encoding is
// fixed little-endian, and damaged bytes give an error instead of a crash, leaving state as is.
#include "timing_bench.h"

#include <gtest/gtest.h>

namespace ppc64sim::cpu::timing::test {
namespace {

// A sequence touching every piece of state: fetch lines, the scoreboard, caches, both
// predictors' tables, the link stack, the slot ring, charges and idle time.
void run_mix(Board& b, unsigned t, uint64_t base) {
  b.exec(0, t, addi(3, 1, 1), base);
  b.access(0, t, 0xE8830000, base + 4, 0x8000 + base, 8);   // ld 4,0(3)
  b.exec(0, t, 0x38A40001, base + 8);                        // addi 5,4,1
  b.access(0, t, 0xF8830000, base + 12, 0x9000 + base, 8);   // std 4,0(3)
  b.branch(0, t, 0x48000011, base + 16, true, base + 32);    // bl .+16
  b.branch(0, t, 0x4E800020, base + 32, true, base + 20);    // blr
  b.branch(0, t, 0x4200FFFC, base + 20, true, base + 16);    // bdnz .-4
  b.branch(0, t, 0x4E800421, base + 24, true, base + 0x400); // bctrl
  b.core[0]->charge(t, Charge::rfid);
  b.core[0]->idle_until(t, b.core[0]->cycle(t) + 7);
}

TEST(TimingState, RoundTripContinuesIdentically) {
  Board a(small_model(), 1, 2);
  run_mix(a, 0, 0x1000);
  run_mix(a, 1, 0x2000);
  const std::vector<uint8_t> core_bytes = a.core[0]->save();
  const std::vector<uint8_t> l2_bytes = a.l2.save();

  Board b(small_model(), 1, 2);
  ASSERT_EQ(b.core[0]->load(core_bytes), "");
  ASSERT_EQ(b.l2.load(l2_bytes.data(), l2_bytes.size()), "");
  EXPECT_EQ(b.core[0]->save(), core_bytes); // same bytes back: nothing lost or reordered
  EXPECT_EQ(b.l2.save(), l2_bytes);

  // Both continue with the same instructions (the same lines hit, the same branches are
  // predicted) and end at the same cycles with the same counters.
  run_mix(a, 0, 0x1000);
  run_mix(b, 0, 0x1000);
  run_mix(a, 1, 0x3000);
  run_mix(b, 1, 0x3000);
  for (unsigned t = 0; t < 2; ++t) {
    EXPECT_EQ(a.cycle(0, t), b.cycle(0, t));
    EXPECT_EQ(a.stats(0, t).mispredicts, b.stats(0, t).mispredicts);
    EXPECT_EQ(a.stats(0, t).l1d_hits, b.stats(0, t).l1d_hits);
  }
  EXPECT_EQ(a.core[0]->save(), b.core[0]->save());
  EXPECT_EQ(a.l2.save(), b.l2.save());
}

TEST(TimingState, EncodingIsLittleEndianWithAMagic) {
  Board a(small_model(), 1, 2);
  std::vector<uint8_t> bytes = a.core[0]->save();
  ASSERT_GE(bytes.size(), 12u);
  EXPECT_EQ(std::string(bytes.begin(), bytes.begin() + 7), "P64TCOR");
  EXPECT_EQ(bytes[7], 1u); // format version
  // Thread count 2 as a 4-byte little-endian integer.
  EXPECT_EQ(bytes[8], 2u);
  EXPECT_EQ(bytes[9], 0u);
  EXPECT_EQ(bytes[10], 0u);
  EXPECT_EQ(bytes[11], 0u);
}

TEST(TimingState, TruncatedBytesAreRejectedAndStateKept) {
  Board a(small_model());
  run_mix(a, 0, 0x1000);
  const std::vector<uint8_t> good = a.core[0]->save();

  Board b(small_model());
  run_mix(b, 0, 0x5000);
  const std::vector<uint8_t> before = b.core[0]->save();
  for (std::size_t len : {std::size_t{0}, std::size_t{7}, std::size_t{12}, good.size() / 2,
                          good.size() - 1}) {
    SCOPED_TRACE(len);
    std::string e = b.core[0]->load(good.data(), len);
    EXPECT_NE(e.find("truncated"), std::string::npos) << e;
    EXPECT_EQ(e.rfind("core timing state: ", 0), 0u) << e;
  }
  EXPECT_EQ(b.core[0]->save(), before);

  std::vector<uint8_t> longer = good;
  longer.push_back(0);
  EXPECT_EQ(b.core[0]->load(longer), "core timing state: 1 unexpected bytes after the state");

  const std::vector<uint8_t> l2_good = a.l2.save();
  std::string e = b.l2.load(l2_good.data(), l2_good.size() - 3);
  EXPECT_NE(e.find("truncated"), std::string::npos) << e;
}

TEST(TimingState, MismatchedModelsAreRejected) {
  Board one(small_model(), 1, 1);
  Board two(small_model(), 1, 2);
  EXPECT_EQ(two.core[0]->load(one.core[0]->save()),
            "core timing state: thread count is 1, this model has 2");

  TimingParams bigger = small_model();
  bigger.predictor_entries = 32;
  Board other(bigger);
  EXPECT_EQ(other.core[0]->load(one.core[0]->save()),
            "core timing state: predictor_entries is 16, this model has 32");

  std::vector<uint8_t> bad = one.core[0]->save();
  bad[0] = 'X';
  EXPECT_EQ(one.core[0]->load(bad),
            "core timing state: bad magic (not a core timing state)");

  std::vector<uint8_t> l2_bytes = one.l2.save();
  TimingParams wide = small_model();
  wide.l2.ways = 8; // 8 KiB / (64 * 8) = 16 sets instead of 32
  Board w(wide);
  EXPECT_EQ(w.l2.load(l2_bytes.data(), l2_bytes.size()),
            "L2 state: L2 sets is 32, this model has 16");
}

TEST(TimingState, CorruptValuesAreRejected) {
  Board a(small_model());
  std::vector<uint8_t> bytes = a.core[0]->save();
  // Header: magic 8 + five u32 = 28; thread 0: floor, after_last, fetch_line (24 bytes), then
  // the scoreboard as (u64 ready, u8 producer) pairs: the first producer byte is at 28+24+8.
  bytes[28 + 24 + 8] = 200;
  EXPECT_EQ(a.core[0]->load(bytes), "core timing state: scoreboard: bad producer cause");
}

} // namespace
} // namespace ppc64sim::cpu::timing::test
