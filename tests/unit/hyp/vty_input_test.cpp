// vty input as QEMU's spapr-vty (xics-spec.md 4.4, C42): a 16-byte receive buffer, one pulse
// per empty -> non-empty transition; draining lets the backlog refill it (pulse again).
#include "models/devices/vty.h"

#include <gtest/gtest.h>

using ppc64sim::devices::Vty;

TEST(VtyInput, PulseOnlyWhenTheBufferBecomesNonEmpty) {
  Vty v(0x71000000, nullptr);
  int pulses = 0;
  v.set_input_pulse([&] { ++pulses; });
  v.push_input("");
  EXPECT_EQ(pulses, 0);
  v.push_input("ab");
  EXPECT_EQ(pulses, 1);
  v.push_input("c"); // C42: buffer not empty, no new interrupt
  EXPECT_EQ(pulses, 1);
  char out[16];
  EXPECT_EQ(v.get(out, 1), 1u);
  EXPECT_EQ(pulses, 1);
  EXPECT_EQ(v.get(out, 16), 2u);
  EXPECT_EQ(pulses, 1);
  v.push_input("d"); // drained, new input: a new pulse
  EXPECT_EQ(pulses, 2);
}

TEST(VtyInput, SixteenByteBufferRefilledFromTheBacklog) {
  Vty v(0x71000000, nullptr);
  int pulses = 0;
  v.set_input_pulse([&] { ++pulses; });
  v.push_input("0123456789ABCDEFGHIJ");
  EXPECT_EQ(v.buffered(), 16u);
  EXPECT_EQ(pulses, 1);
  char out[16];
  ASSERT_EQ(v.get(out, 16), 16u);
  EXPECT_EQ(std::string(out, 16), "0123456789ABCDEF");
  EXPECT_EQ(pulses, 2); // the backend refills an empty buffer: another edge
  ASSERT_EQ(v.get(out, 16), 4u);
  EXPECT_EQ(std::string(out, 4), "GHIJ");
  EXPECT_EQ(pulses, 2);
}
