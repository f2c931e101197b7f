// Line trace v1: every kind formatted as traces/FORMAT.md specifies it.
#include "sim/trace/event_trace.h"
#include "sim/trace/field_format.h"
#include "tests/unit/trace/test_util.h"

#include <gtest/gtest.h>

#include <stdexcept>

using namespace ppc64sim::trace;
using trace_test::lines_of;
using trace_test::slurp;
using trace_test::temp_path;

TEST(EventTrace, HeaderAndTrailer) {
  std::string p = temp_path("hdr.trace");
  {
    TraceHeader h;
    h.clock_hz = 2'000'000'000;
    h.config = {{"cores", "4"}, {"platform", "my board"}};
    EventTrace t(p, h);
    t.record(7, Who::hyp(), "note", {fstr("text", "hello")});
    t.close({"limit", 9, 1, 0});
  }
  auto lines = lines_of(slurp(p));
  std::vector<std::string> want = {
      "# ppc64sim-trace 1",       "# clock-hz 2000000000",   "# config cores=4",
      "# config platform=\"my board\"", "# events",          "7 hyp note text=hello",
      "# end events=1 last-cycle=9 late=0 reason=limit"};
  EXPECT_EQ(lines, want);
  std::remove(p.c_str());
}

TEST(EventTrace, EveryKindFormatted) {
  auto f = [](uint64_t c, EventBody b) { return EventTrace::format({c, std::move(b)}); };
  EXPECT_EQ(f(1, TriggerRec{0x1100, TriggerKind::Msi, false}), "1 s1100 trigger kind=msi");
  EXPECT_EQ(f(2, TriggerRec{0x1200, TriggerKind::Lsi, true}), "2 s1200 trigger kind=lsi level=1");
  EXPECT_EQ(f(3, FabricRec{{FabricMsg::Reject, 3, 0x1100, 5, 1, 3}}),
            "3 fabric fabric msg=REJECT server=3 source=0x1100 prio=0x5 sent=1 applied=3");
  EXPECT_EQ(f(3, FabricRec{{FabricMsg::Ipi, 2, 0x2, 5, 1, 3}}),
            "3 fabric fabric msg=IPI server=2 source=0x2 prio=0x5 sent=1 applied=3");
  EXPECT_EQ(f(4, LineRec{12, true}), "4 t12 line level=1");
  EXPECT_EQ(f(5, ExceptionRec{0, 0x500, 0x1234, 0x8000000000001000ULL}),
            "5 t0 exc vector=0x500 srr0=0x1234 srr1=0x8000000000001000");
  EXPECT_EQ(f(6, HcallRec{1, {0x6c, "", {2, 5}, -4, {}}}),
            "6 t1 hcall nr=0x6c name=H_IPI arg0=0x2 arg1=0x5 status=-4");
  EXPECT_EQ(f(6, HcallRec{1, {0x70, "", {1}, 0, {0xff000002, 0x5}}}),
            "6 t1 hcall nr=0x70 name=H_IPOLL arg0=0x1 status=0 out0=0xff000002 out1=0x5");
  EXPECT_EQ(f(6, HcallRec{1, {0x9999, "", {}, -2, {}}}), "6 t1 hcall nr=0x9999 status=-2");
  EXPECT_EQ(f(7, RfidRec{2, 0x2000, 0x8000000000009000ULL}), "7 t2 rfid to=0x2000 msr=0x8000000000009000");
  EXPECT_EQ(f(8, RunRec{3, RunState::Ceded}), "8 t3 run state=ceded");
  EXPECT_EQ(f(9, IcpRec{0, {0xff, 0, 0xff, 0xff}}), "9 t0 state cppr=0xff xisr=0x0 mfrr=0xff pprio=0xff");
  EXPECT_EQ(f(10, SourceRec{0x1100, {true, true, false, 2, 4}}),
            "10 s1100 state asserted=1 pending=1 masked=0 server=2 prio=0x4");
}

TEST(EventTrace, ValuesWithSpacesAreQuoted) {
  EXPECT_EQ(quote_value("abc"), "abc");
  EXPECT_EQ(quote_value(""), "\"\"");
  EXPECT_EQ(quote_value("a b"), "\"a b\"");
  EXPECT_EQ(quote_value("q\"\\"), "\"q\\\"\\\\\"");
  EXPECT_EQ(quote_value("k=v"), "\"k=v\"");
  EXPECT_EQ(quote_value("\n\x01"), "\"\\n\\x01\"");
}

TEST(EventTrace, RejectsBadKeysAndPaths) {
  std::string p = temp_path("keys.trace");
  TraceHeader h;
  h.clock_hz = 1;
  h.config = {{"Bad Key", "1"}};
  EXPECT_THROW(EventTrace(p, h), std::invalid_argument);
  h.config.clear();
  EventTrace t(p, h);
  EXPECT_THROW(t.record(1, Who::hyp(), "Kind", {}), std::invalid_argument);
  EXPECT_THROW(t.record(1, Who::hyp(), "ok", {fstr("", "x")}), std::invalid_argument);
  try {
    EventTrace bad("/nonexistent/dir/x.trace", h);
    FAIL() << "expected an error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent/dir/x.trace"), std::string::npos) << e.what();
  }
  std::remove(p.c_str());
}
