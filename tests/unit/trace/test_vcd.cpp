// VCD writer and the event -> wire mapping, read back with the tests' own VCD parser.
#include "sim/trace/trace_fanout.h"
#include "sim/trace/vcd_trace.h"
#include "sim/trace/vcd_writer.h"
#include "tests/unit/trace/test_util.h"

#include <gtest/gtest.h>

#include <memory>
#include <stdexcept>

using namespace ppc64sim::trace;
using trace_test::parse_vcd;
using trace_test::slurp;
using trace_test::temp_path;

// IEEE 1364-2005 18.2: the $timescale number must be 1, 10 or 100, so a 500 ps cycle (2 GHz)
// is 5 units of 100 ps; 1 GHz is exactly 1 ns; 3 GHz (333.3 ps) needs 1 ps with rounding.
TEST(VcdWriter, TimescaleFollowsCoreClock) {
  std::string p = temp_path("ts.vcd");
  {
    VcdWriter v(p, 2'000'000'000);
    EXPECT_EQ(v.timescale(), "100 ps");
    EXPECT_EQ(v.time_of(1), 5u);
    EXPECT_EQ(v.time_of(7), 35u);
  }
  {
    VcdWriter v(p, 1'000'000'000);
    EXPECT_EQ(v.timescale(), "1 ns");
    EXPECT_EQ(v.time_of(3), 3u);
  }
  {
    VcdWriter v(p, 3'000'000'000);
    EXPECT_EQ(v.timescale(), "1 ps");
    EXPECT_EQ(v.time_of(3), 1000u);
    EXPECT_EQ(v.time_of(1), 333u);
  }
  {
    VcdWriter v(p, 100'000'000);  // 10 ns cycle
    EXPECT_EQ(v.timescale(), "10 ns");
    EXPECT_EQ(v.time_of(2), 2u);
  }
  EXPECT_THROW(VcdWriter(p, 0), std::invalid_argument);
  std::remove(p.c_str());
}

TEST(VcdWriter, ValuesReadBackAtKnownCycles) {
  std::string p = temp_path("values.vcd");
  {
    VcdWriter v(p, 1'000'000'000);
    int a = v.add_signal("top.a", 1);
    int b = v.add_signal("top.sub.b", 8, 0xff);
    int c = v.add_signal("c", 64);
    v.change(10, a, 1);
    v.change(10, b, 0x5);
    v.change(12, a, 1);  // no change: must not be written
    v.change(15, a, 0);
    v.change(20, c, 0xdeadbeefcafef00dULL);
    v.change(20, b, 0x1ff);  // masked to 8 bits
    v.close(30);
  }
  auto vcd = parse_vcd(slurp(p));
  EXPECT_EQ(vcd.timescale, "1 ns");
  ASSERT_TRUE(vcd.has("top.a"));
  ASSERT_TRUE(vcd.has("top.sub.b"));
  ASSERT_TRUE(vcd.has("c"));
  EXPECT_EQ(vcd.width_of["top.sub.b"], 8u);
  EXPECT_EQ(vcd.at("top.a", 0), 0);
  EXPECT_EQ(vcd.at("top.a", 9), 0);
  EXPECT_EQ(vcd.at("top.a", 10), 1);
  EXPECT_EQ(vcd.at("top.a", 14), 1);
  EXPECT_EQ(vcd.at("top.a", 15), 0);
  EXPECT_EQ(vcd.at("top.sub.b", 0), 0xff);
  EXPECT_EQ(vcd.at("top.sub.b", 10), 5);
  EXPECT_EQ(vcd.at("top.sub.b", 20), 0xff);
  EXPECT_EQ(static_cast<uint64_t>(vcd.at("c", 20)), 0xdeadbeefcafef00dULL);
  EXPECT_EQ(vcd.change_count("top.a"), 3u);  // dumpvars + 2 real changes
  EXPECT_EQ(vcd.times.back(), 30u);          // close(30) extends the dump to the run's end
  std::remove(p.c_str());
}

TEST(VcdWriter, RejectsBadDeclarationsAndLateChanges) {
  std::string p = temp_path("bad.vcd");
  VcdWriter v(p, 1'000'000'000);
  EXPECT_THROW(v.add_signal("x", 0), std::invalid_argument);
  EXPECT_THROW(v.add_signal("x", 65), std::invalid_argument);
  EXPECT_THROW(v.add_signal("a..b", 1), std::invalid_argument);
  int x = v.add_signal("x", 1);
  EXPECT_THROW(v.add_signal("x", 1), std::invalid_argument);
  v.change(10, x, 1);
  EXPECT_THROW(v.add_signal("y", 1), std::logic_error);
  v.change(5, x, 0);  // earlier than 10: written at 10, counted
  EXPECT_EQ(v.late_changes(), 1u);
  v.close();
  auto vcd = parse_vcd(slurp(p));
  EXPECT_EQ(vcd.at("x", 10), 0);
  std::remove(p.c_str());
}

TEST(SignalFilter, GlobsAndRegexes) {
  SignalFilter f("board.t0.*,re:board\\.s[0-9a-f]+\\.pending");
  EXPECT_TRUE(f.selects("board.t0.cppr"));
  EXPECT_FALSE(f.selects("board.t1.cppr"));
  EXPECT_TRUE(f.selects("board.s1100.pending"));
  EXPECT_FALSE(f.selects("board.s1100.masked"));
  EXPECT_TRUE(SignalFilter("*line").selects("board.t7.irq_line"));
  EXPECT_TRUE(SignalFilter("board.t?.run").selects("board.t3.run"));
  EXPECT_FALSE(SignalFilter("board.t?.run").selects("board.t12.run"));
  EXPECT_TRUE(SignalFilter("").selects("anything"));
  EXPECT_THROW(SignalFilter("a,,b"), std::invalid_argument);
  EXPECT_THROW(SignalFilter("re:(unclosed"), std::invalid_argument);
}

TEST(VcdTrace, SignalPatternKeepsOnlySelectedWires) {
  std::string p = temp_path("filtered.vcd");
  {
    VcdTrace t(p, 2'000'000'000, {{0, 1}, {0x1100}}, "*.irq_line,board.fabric.msg");
    t.write({10, LineRec{1, true}});
    t.write({10, IcpRec{1, {5, 0x1100, 0xff, 5}}});  // cppr not selected: nothing written
    t.close({});
  }
  auto vcd = parse_vcd(slurp(p));
  EXPECT_EQ(vcd.code_of.size(), 3u);
  EXPECT_TRUE(vcd.has("board.t0.irq_line"));
  EXPECT_TRUE(vcd.has("board.t1.irq_line"));
  EXPECT_TRUE(vcd.has("board.fabric.msg"));
  EXPECT_EQ(vcd.at("board.t1.irq_line", 50), 1);
  std::remove(p.c_str());
}

// The interrupt wires of one delivery, in the order the ICP changes them (xics-spec.md 2.3).
TEST(VcdTrace, InterruptWiresAtKnownCycles) {
  std::string p = temp_path("irq.vcd");
  {
    TraceFanout f;
    f.add_writer(std::make_unique<VcdTrace>(p, 2'000'000'000, TraceTopology{{0}, {0x1100}}));
    f.on_run_state(0, 0, RunState::Running);
    f.on_source_state(100, 0x1100, {true, true, false, 0, 5});
    f.on_fabric(110, {FabricMsg::Present, 0, 0x1100, 5, 104, 110});
    f.on_icp_state(110, 0, {0xff, 0x1100, 0xff, 5});
    f.on_line(112, 0, true);
    f.on_run_state(120, 0, RunState::Ceded);
    f.on_line(160, 0, false);
    f.on_icp_state(160, 0, {5, 0, 0xff, 0xff});
    f.on_fabric(170, {FabricMsg::Ipi, 0, 0x2, 4, 106, 170}); // an H_IPI to t0 from another thread
    f.close("end");
  }
  auto vcd = parse_vcd(slurp(p));
  auto T = [](uint64_t cycle) { return cycle * 5; };  // 100 ps units at 2 GHz
  EXPECT_EQ(vcd.at("board.t0.run", T(0)), VcdTrace::kRunning);
  EXPECT_EQ(vcd.at("board.t0.run", T(120)), VcdTrace::kCeded);
  EXPECT_EQ(vcd.at("board.s1100.masked", 0), 1);  // reset: priority 0xff
  EXPECT_EQ(vcd.at("board.s1100.masked", T(100)), 0);
  EXPECT_EQ(vcd.at("board.s1100.pending", T(100)), 1);
  EXPECT_EQ(vcd.at("board.fabric.msg", T(109)), VcdTrace::kMsgNone);
  EXPECT_EQ(vcd.at("board.fabric.msg", T(110)), VcdTrace::kMsgPresent);
  EXPECT_EQ(vcd.at("board.fabric.msg", T(111)), VcdTrace::kMsgNone);
  EXPECT_EQ(vcd.at("board.fabric.source", T(110)), 0x1100);
  EXPECT_EQ(vcd.at("board.fabric.count", T(169)), 1);
  EXPECT_EQ(vcd.at("board.fabric.msg", T(170)), VcdTrace::kMsgIpi);
  EXPECT_EQ(vcd.at("board.fabric.msg", T(171)), VcdTrace::kMsgNone);
  EXPECT_EQ(vcd.at("board.fabric.prio", T(170)), 4);
  EXPECT_EQ(vcd.at("board.fabric.count", T(200)), 2);
  EXPECT_EQ(vcd.at("board.t0.xisr", T(110)), 0x1100);
  EXPECT_EQ(vcd.at("board.t0.pprio", T(110)), 5);
  EXPECT_EQ(vcd.at("board.t0.irq_line", T(111)), 0);
  EXPECT_EQ(vcd.at("board.t0.irq_line", T(112)), 1);
  EXPECT_EQ(vcd.at("board.t0.irq_line", T(160)), 0);
  EXPECT_EQ(vcd.at("board.t0.cppr", T(160)), 5);
  EXPECT_EQ(vcd.at("board.t0.mfrr", T(160)), 0xff);
  std::remove(p.c_str());
}
