// Ordering, flushing, early close and determinism of the TraceFanout with all writers.
#include "sim/trace/event_trace.h"
#include "sim/trace/output_file.h"
#include "sim/trace/perfetto_trace.h"
#include "sim/trace/trace_fanout.h"
#include "sim/trace/vcd_trace.h"
#include "tests/unit/trace/test_util.h"

#include <gtest/gtest.h>

#include <memory>

using namespace ppc64sim::trace;
using trace_test::JsonChecker;
using trace_test::lines_of;
using trace_test::slurp;
using trace_test::temp_path;

namespace {

TraceHeader header() {
  TraceHeader h;
  h.clock_hz = 2'000'000'000;
  h.config = {{"cores", "1"}};
  return h;
}

std::vector<std::string> events_only(const std::string& text) {
  std::vector<std::string> out;
  for (auto& l : lines_of(text))
    if (!l.empty() && l[0] != '#') out.push_back(l);
  return out;
}

// A scenario with everything a writer can see, reported out of cycle order like decoupled cores.
void scenario(TraceSink& t, bool finish) {
  t.on_run_state(0, 0, RunState::Running);
  t.on_run_state(0, 1, RunState::Running);
  t.on_line(500, 1, true);  // thread 1 ran ahead
  t.on_trigger(100, 0x1100, TriggerKind::Lsi, true);
  t.on_fabric(110, {FabricMsg::Present, 0, 0x1100, 5, 104, 110});
  t.on_line(112, 0, true);
  t.on_exception(130, 0, 0x500, 0x100, 0x8000000000001000ULL);
  t.on_run_state(140, 1, RunState::Ceded);
  if (!finish) return;
  t.on_hcall(160, 0, {0x74, "", {0xff}, 0, {0xff001100}});
  t.on_hcall(200, 0, {0x64, "", {0xff001100}, 0, {}});
  t.on_rfid(210, 0, 0x100, 0x8000000000009000ULL);
}

} // namespace

TEST(TraceFanout, SortsByCycleTiesInCallOrder) {
  std::string p = temp_path("order.trace");
  {
    TraceFanout f;
    f.add_writer(std::make_unique<EventTrace>(p, header()));
    f.on_line(20, 1, true);
    f.on_line(10, 0, true);
    f.on_line(20, 0, true);  // same cycle as the first call: stays after it
    f.on_line(10, 2, true);
    f.close("end");
  }
  std::vector<std::string> want = {"10 t0 line level=1", "10 t2 line level=1", "20 t1 line level=1",
                                   "20 t0 line level=1"};
  EXPECT_EQ(events_only(slurp(p)), want);
  std::remove(p.c_str());
}

TEST(TraceFanout, AdvanceReleasesAndFlushAllWritesToDisk) {
  std::string p = temp_path("flush.trace");
  TraceFanout f;
  f.add_writer(std::make_unique<EventTrace>(p, header()));
  f.on_line(30, 0, true);
  f.on_line(10, 1, true);
  f.advance(20);  // only cycle 10 may go out
  EXPECT_EQ(f.buffered_events(), 1u);
  flush_all();
  EXPECT_EQ(events_only(slurp(p)), std::vector<std::string>{"10 t1 line level=1"});
  f.advance(35);
  f.on_line(15, 2, true);  // breaks the advance() promise: still written, counted late
  f.close("interrupted");
  EXPECT_EQ(f.late_events(), 1u);
  auto lines = lines_of(slurp(p));
  EXPECT_EQ(lines.back(), "# end events=3 last-cycle=30 late=1 reason=interrupted");
  std::remove(p.c_str());
}

TEST(TraceFanout, SameCallsGiveSameBytes) {
  std::string out[2][3];
  for (int run = 0; run < 2; ++run) {
    std::string base = temp_path("det" + std::to_string(run));
    {
      TraceFanout f;
      TraceTopology topo{{0, 1}, {0x1100}};
      f.add_writer(std::make_unique<EventTrace>(base + ".trace", header()));
      f.add_writer(std::make_unique<PerfettoTrace>(base + ".json", header(), topo));
      f.add_writer(std::make_unique<VcdTrace>(base + ".vcd", 2'000'000'000, topo));
      scenario(f, true);
      f.close("end");
    }
    int i = 0;
    for (const char* ext : {".trace", ".json", ".vcd"}) {
      out[run][i++] = slurp(base + ext);
      std::remove((base + ext).c_str());
    }
  }
  for (int i = 0; i < 3; ++i) {
    EXPECT_FALSE(out[0][i].empty());
    EXPECT_EQ(out[0][i], out[1][i]) << "writer " << i;
  }
}

// A run stopped early (limit, Ctrl-C) closes the sink normally; a sink dropped without close()
// (an exception unwinding) closes in its destructor. Both must leave complete files.
TEST(TraceFanout, ClosedMidRunLeavesCompleteFiles) {
  for (bool explicit_close : {true, false}) {
    std::string base = temp_path(explicit_close ? "early" : "dropped");
    {
      TraceFanout f;
      TraceTopology topo{{0, 1}, {0x1100}};
      f.add_writer(std::make_unique<EventTrace>(base + ".trace", header()));
      f.add_writer(std::make_unique<PerfettoTrace>(base + ".json", header(), topo));
      f.add_writer(std::make_unique<VcdTrace>(base + ".vcd", 2'000'000'000, topo));
      scenario(f, false);  // interrupt presented, never accepted
      if (explicit_close) f.close("limit");
    }
    std::string json = slurp(base + ".json");
    EXPECT_EQ(JsonChecker(json).check(), "") << json;
    // The open interrupt slice and run slices are ended, not left dangling.
    EXPECT_NE(json.find("\"end\":\"truncated\""), std::string::npos);
    EXPECT_NE(json.find("\"truncated\":true"), std::string::npos);
    auto lines = lines_of(slurp(base + ".trace"));
    EXPECT_EQ(lines.back(), std::string("# end events=8 last-cycle=500 late=0 reason=") +
                                (explicit_close ? "limit" : "destroyed"));
    auto vcd = trace_test::parse_vcd(slurp(base + ".vcd"));
    EXPECT_EQ(vcd.at("board.t1.irq_line", 500 * 5), 1);
    for (const char* ext : {".trace", ".json", ".vcd"}) std::remove((base + ext).c_str());
  }
}

TEST(PerfettoTrace, TracksAndTimestamps) {
  std::string p = temp_path("tracks.json");
  {
    TraceFanout f;
    auto w = std::make_unique<PerfettoTrace>(p, header(), TraceTopology{{0, 1}, {0x1100}});
    // 2 GHz: one cycle is 0.0005 us (the format's unit).
    EXPECT_EQ(w->ts(1), "0.0005");
    EXPECT_EQ(w->ts(2000), "1");
    EXPECT_EQ(w->ts(3), "0.0015");
    f.add_writer(std::move(w));
    scenario(f, true);
    f.close("end");
  }
  std::string json = slurp(p);
  EXPECT_EQ(JsonChecker(json).check(), "");
  EXPECT_NE(json.find("\"name\":\"thread_name\",\"pid\":1,\"tid\":1,\"args\":{\"name\":\"t1\"}"), std::string::npos);
  EXPECT_NE(json.find("\"name\":\"thread_name\",\"pid\":2,\"tid\":4352,\"args\":{\"name\":\"s1100\"}"),
            std::string::npos);
  // Interrupt pending on t0 from PRESENT (cycle 110) to H_XIRR accept (cycle 160).
  EXPECT_NE(json.find("{\"ph\":\"b\",\"cat\":\"irq\",\"name\":\"irq s1100\",\"id\":1,\"ts\":0.055,\"pid\":1,\"tid\":0"),
            std::string::npos);
  EXPECT_NE(json.find("{\"ph\":\"e\",\"cat\":\"irq\",\"name\":\"irq s1100\",\"id\":1,\"ts\":0.08,\"pid\":1,\"tid\":0,"
                      "\"args\":{\"end\":\"accepted\"}}"),
            std::string::npos);
  // Source active from trigger (100) to H_EOI (200): 50 ns.
  EXPECT_NE(json.find("{\"ph\":\"X\",\"name\":\"active\",\"ts\":0.05,\"dur\":0.05,\"pid\":2,\"tid\":4352"),
            std::string::npos);
  std::remove(p.c_str());
}

TEST(JsonChecker, CatchesBrokenJson) {
  EXPECT_EQ(JsonChecker("{\"a\":[1,2.5,-3e2,true,null,\"x\\n\"]}").check(), "");
  EXPECT_NE(JsonChecker("{\"a\":[1,2,]}").check(), "");
  EXPECT_NE(JsonChecker("{\"traceEvents\":[{}").check(), "");
  EXPECT_NE(JsonChecker("{\"a\":01}").check(), "");
}
