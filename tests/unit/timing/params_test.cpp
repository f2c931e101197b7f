// TimingParams::validate(): the defaults pass, each bad field is named with its value.
#include "models/cpu/timing/timing_params.h"

#include <gtest/gtest.h>

namespace ppc64sim::cpu::timing {
namespace {

TEST(TimingParams, DefaultsAreValid) { EXPECT_EQ(TimingParams{}.validate(), ""); }

TEST(TimingParams, DefaultsMatchTheReadme) {
  TimingParams p;
  EXPECT_EQ(p.issue_width, 6u);
  EXPECT_EQ(p.latency_of(Timing::alu), 2u);
  EXPECT_EQ(p.latency_of(Timing::mul), 5u);
  EXPECT_EQ(p.latency_of(Timing::div), 24u);
  EXPECT_EQ(p.latency_of(Timing::load), p.l1d.hit_latency); // load-use = L1D hit
  EXPECT_EQ(p.mispredict_penalty, 16u);
  EXPECT_EQ(p.l1d.size_bytes, 32u * 1024);
  EXPECT_EQ(p.l1d.ways, 8u);
  EXPECT_EQ(p.l1d.line_bytes, 128u);
  EXPECT_EQ(p.l2.size_bytes, 512u * 1024);
  EXPECT_EQ(p.hcall_cycles, 100u);
}

std::string error_with(void (*change)(TimingParams&)) {
  TimingParams p;
  change(p);
  return p.validate();
}

TEST(TimingParams, NamesTheBadField) {
  EXPECT_EQ(error_with([](TimingParams& p) { p.issue_width = 0; }),
            "issue_width: 0 is not in 1..255");
  EXPECT_EQ(error_with([](TimingParams& p) { p.issue_window = 1000; }),
            "issue_window: 1000 is not a power of two in 16..1048576");
  EXPECT_EQ(error_with([](TimingParams& p) { p.latency[static_cast<int>(Timing::div)] = 0; }),
            "latency.div: 0 is not in 1..100000");
  EXPECT_EQ(error_with([](TimingParams& p) { p.predictor_entries = 3000; }),
            "predictor_entries: 3000 is not a power of two in 1..16777216");
  EXPECT_EQ(error_with([](TimingParams& p) { p.smt_turn_cycles = 0; }), "smt_turn_cycles: 0 is not in 1..4096");
  EXPECT_EQ(error_with([](TimingParams& p) { p.smt_turn_cycles = 4097; }),
            "smt_turn_cycles: 4097 is not in 1..4096");
  EXPECT_EQ(error_with([](TimingParams& p) { p.link_stack_entries = 0; }),
            "link_stack_entries: 0 is not in 1..1024");
  EXPECT_EQ(error_with([](TimingParams& p) { p.l1i.line_bytes = 96; }),
            "l1i.line_bytes: 96 is not a power of two in 8..4096");
  EXPECT_EQ(error_with([](TimingParams& p) { p.l1d.ways = 0; }), "l1d.ways: 0 is not in 1..64");
  // 30000 is not a multiple of 128 * 8 = 1024.
  EXPECT_EQ(error_with([](TimingParams& p) { p.l1d.size_bytes = 30000; }),
            "l1d.size_bytes: 30000 is not a power-of-two multiple of line_bytes * ways (1024)");
  // 48 KiB / (128 * 8) = 48 sets: a multiple, but not a power of two.
  EXPECT_EQ(error_with([](TimingParams& p) { p.l2.size_bytes = 48 * 1024; }),
            "l2.size_bytes: 49152 is not a power-of-two multiple of line_bytes * ways (1024)");
  EXPECT_EQ(error_with([](TimingParams& p) { p.l2.hit_latency = 0; }),
            "l2.hit_latency: 0 must be at least 1");
  EXPECT_EQ(error_with([](TimingParams& p) { p.l2.hit_latency = 3; }),
            "l2.hit_latency: 3 is below an L1 hit latency (3, 4)");
  EXPECT_EQ(error_with([](TimingParams& p) { p.memory_latency = 10; }),
            "memory_latency: 10 is not in l2.hit_latency (14)..1000000");
  EXPECT_EQ(error_with([](TimingParams& p) { p.device_latency = 0; }),
            "device_latency: 0 is not in 1..1000000");
  EXPECT_EQ(error_with([](TimingParams& p) { p.predictor = static_cast<PredictorKind>(7); }),
            "predictor: 7 is not a predictor kind");
}

} // namespace
} // namespace ppc64sim::cpu::timing
