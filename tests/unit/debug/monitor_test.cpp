// Monitor commands against the fake target. XICS words follow xics-spec.md section 8 (source:
// server bits 0-31, priority 32-39, L 40, M 41, P 42, Q 44) and 1.3 (ICP: CPPR 56-63,
// XISR 32-55, MFRR 24-31, PPRI 16-23).
#include "sim/debug/monitor.h"
#include "tests/unit/debug/fake_target.h"

#include <gtest/gtest.h>

#include <sstream>

using namespace ppc64sim;
using namespace ppc64sim::debug;
using test::FakeTarget;

namespace {
struct Fixture {
  FakeTarget target{2};
  std::ostringstream out;
  Monitor monitor{target, out};
  std::string run(const std::string& line, Monitor::Outcome expected = Monitor::Outcome::ok) {
    out.str("");
    Monitor::Outcome o = monitor.execute(line);
    EXPECT_EQ(o, expected) << line << "\n" << out.str();
    return out.str();
  }
};
bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }
} // namespace

TEST(Monitor, HelpAndUnknown) {
  Fixture f;
  EXPECT_TRUE(has(f.run("help"), "info xics"));
  EXPECT_TRUE(has(f.run("frobnicate", Monitor::Outcome::error), "unknown command 'frobnicate'"));
  EXPECT_EQ(f.run("   # a comment"), "");
  EXPECT_EQ(f.run(""), "");
  EXPECT_EQ(f.monitor.execute("quit"), Monitor::Outcome::quit);
}

TEST(Monitor, InfoCpusAndRegs) {
  Fixture f;
  f.target.states[1].pc = 0x1234;
  f.target.states[1].run_state = cpu::RunState::ceded;
  f.target.states[1].gpr[3] = 0xabc;
  std::string cpus = f.run("info cpus");
  EXPECT_TRUE(has(cpus, "cpu 0 core 0 thread 0 running"));
  EXPECT_TRUE(has(cpus, "cpu 1 core 0 thread 1 ceded pc 0x0000000000001234"));
  EXPECT_TRUE(has(f.run("info regs 1"), "r3  0x0000000000000abc"));
  EXPECT_TRUE(has(f.run("info regs 7", Monitor::Outcome::error), "server 7"));
  EXPECT_TRUE(has(f.run("info regs x", Monitor::Outcome::error), "'x'"));
}

TEST(Monitor, InfoXicsDecodesWords) {
  Fixture f;
  // Source 0x1001: server 1, priority 5, LSI, pending.
  f.target.xics_.sources[0x1001] = 1 | (5ull << 32) | (1ull << 40) | (1ull << 42);
  // ICP 1: CPPR 0xff, XISR 0x1001, MFRR 0xff, PPRI 5.
  f.target.xics_.icps[1] = (0xffull << 56) | (0x1001ull << 32) | (0xffull << 24) | (5ull << 16);
  std::string x = f.run("info xics");
  EXPECT_TRUE(has(x, "icp 1 0xff001001ff050000 cppr 0xff xisr 0x1001 mfrr 0xff ppri 0x5"));
  EXPECT_TRUE(has(x, "icp 0 0x00000000ffff0000 cppr 0x0 xisr 0x0 mfrr 0xff ppri 0xff"));
  EXPECT_TRUE(has(x, "source 0x1001 0x0000050500000001 server 0x1 priority 0x5 lsi pending"));
  EXPECT_TRUE(has(x, "(3 sources masked at server 0 not shown"));
  std::string all = f.run("info xics all");
  EXPECT_TRUE(has(all, "source 0x1000 0x000002ff00000000 server 0x0 priority 0xff msi masked"));
  EXPECT_TRUE(has(f.run("info source 0x1001"), "lsi pending"));
  EXPECT_TRUE(has(f.run("info source 0x2000", Monitor::Outcome::error), "'0x2000'"));
  EXPECT_TRUE(has(f.run("info icp 9", Monitor::Outcome::error), "no ICP for server 9"));
  EXPECT_TRUE(has(f.run("info xics some", Monitor::Outcome::error), "'some'"));
  f.target.with_xics = false;
  EXPECT_TRUE(has(f.run("info xics", Monitor::Outcome::error), "no XICS"));
}

TEST(Monitor, SetXiveSourceIcp) {
  Fixture f;
  f.run("set xive 0x1002 1 5");
  // Unmasked, server 1, priority 5 (RTAS set-xive, 2.9).
  EXPECT_EQ(f.target.xics_.sources[0x1002], 1 | (5ull << 32));
  f.run("set xive 0x1002 1 0xff");
  // Priority 0xff masks and keeps the saved priority in the field (section 8 set).
  EXPECT_EQ(f.target.xics_.sources[0x1002], 1 | (5ull << 32) | (1ull << 41));
  EXPECT_TRUE(has(f.run("set xive 0x1002 9 5", Monitor::Outcome::error), "server '9'"));
  EXPECT_TRUE(has(f.run("set xive 0x1002 1 0x100", Monitor::Outcome::error), "priority '0x100'"));
  EXPECT_TRUE(has(f.run("set xive 0x1002 1", Monitor::Outcome::error), "usage"));

  f.run("set source 0x1003 0x0000000500000001");
  EXPECT_EQ(f.target.xics_.sources[0x1003], 0x0000000500000001ull);
  EXPECT_TRUE(has(f.run("set source 0x1003 1ull", Monitor::Outcome::error), "'1ull'"));
  EXPECT_TRUE(has(f.run("set source 0x1003 0x200000000000", Monitor::Outcome::error), "reserved"));

  f.run("set icp 1 0xff000002ff020000");
  EXPECT_EQ(f.target.xics_.icps[1], 0xff000002ff020000ull);
  f.run("set icp 0 cppr=0xff mfrr=0x05");
  EXPECT_EQ(f.target.xics_.icps[0], (0xffull << 56) | (0x05ull << 24) | (0xffull << 16));
  EXPECT_TRUE(has(f.run("set icp 0 xisr=0x1000000", Monitor::Outcome::error), "xisr=0x1000000"));
  EXPECT_TRUE(has(f.run("set icp 0 color=1", Monitor::Outcome::error), "'color'"));
}

TEST(Monitor, IrqStepRunBreakDumpStats) {
  Fixture f;
  f.run("irq raise 0x1001");
  f.run("irq lower 0x1001");
  ASSERT_EQ(f.target.xics_.levels.size(), 2u);
  EXPECT_EQ(f.target.xics_.levels[0], std::make_pair(0x1001u, true));
  EXPECT_EQ(f.target.xics_.levels[1], std::make_pair(0x1001u, false));
  EXPECT_TRUE(has(f.run("irq wiggle 3", Monitor::Outcome::error), "usage"));

  f.target.states[0].run_state = cpu::RunState::stopped;
  f.target.next_stop = {StopReason::step_done, 1, 0x40, 0, 0};
  EXPECT_TRUE(has(f.run("step 10"), "cpu 1 stopped at 0x40"));
  EXPECT_EQ(f.target.requests.back().step_thread, 1u); // first running thread
  EXPECT_EQ(f.target.requests.back().steps, 10u);
  EXPECT_FALSE(f.target.requests.back().others_run);
  f.run("step 1 0");
  EXPECT_EQ(f.target.requests.back().step_thread, 0u);
  EXPECT_TRUE(has(f.run("step 0", Monitor::Outcome::error), "'0'"));
  EXPECT_TRUE(has(f.run("step 1 5", Monitor::Outcome::error), "'5'"));

  f.target.next_stop = {StopReason::limit, 0, 0, 0, 0};
  f.run("run until 5000");
  EXPECT_EQ(f.target.requests.back().until_cycle, 5000u);
  EXPECT_TRUE(has(f.run("run until 50", Monitor::Outcome::error), "not after the current cycle 100"));
  EXPECT_TRUE(has(f.run("run soon", Monitor::Outcome::error), "'soon'"));
  f.target.next_stop = {StopReason::power_off, 0, 0, 0, 3};
  EXPECT_TRUE(has(f.run("continue"), "power off, exit code 3"));
  EXPECT_FALSE(f.target.requests.back().until_cycle.has_value());

  f.run("break 0x100");
  EXPECT_EQ(f.target.breakpoints.count(0x100), 1u);
  EXPECT_TRUE(has(f.run("info breaks"), "breakpoint at 0x100"));
  f.run("delete 0x100");
  EXPECT_TRUE(f.target.breakpoints.empty());
  EXPECT_TRUE(has(f.run("delete 0x100", Monitor::Outcome::error), "no breakpoint at '0x100'"));

  f.run("set mem 0x20 0x41 0x42 0x00 0xff");
  std::string d = f.run("dump 0x20 4");
  EXPECT_TRUE(has(d, "0x0000000000000020: 41 42 00 ff"));
  EXPECT_TRUE(has(d, "AB.."));
  EXPECT_TRUE(has(f.run("dump 0xffff 2", Monitor::Outcome::error), "not RAM"));
  EXPECT_TRUE(has(f.run("dump 0 0", Monitor::Outcome::error), "length '0'"));

  f.run("set reg 1 r5 0x77");
  EXPECT_EQ(f.target.states[1].gpr[5], 0x77u);
  f.run("set reg 0 cr 0x80000000");
  EXPECT_EQ(f.target.states[0].cr, 0x80000000u);
  EXPECT_TRUE(has(f.run("set reg 0 r32 1", Monitor::Outcome::error), "'r32'"));

  std::string st = f.run("stats");
  EXPECT_TRUE(has(st, "cycles 100"));
  EXPECT_TRUE(has(st, "instructions 1234"));
  EXPECT_TRUE(has(st, "fake 1"));
}

TEST(Monitor, ScriptReplay) {
  Fixture f;
  std::istringstream script("# replayed session\nset xive 0x1001 1 4\ninfo source 0x1001\nbogus\ninfo cpus\nquit\ninfo cpus\n");
  int errors = f.monitor.run_script(script, true, false);
  EXPECT_EQ(errors, 1);
  std::string out = f.out.str();
  EXPECT_TRUE(has(out, "> set xive 0x1001 1 4"));
  EXPECT_TRUE(has(out, "server 0x1 priority 0x4 msi"));
  EXPECT_TRUE(has(out, "unknown command 'bogus'"));
  // quit ends the script: "info cpus" ran once.
  size_t first = out.find("cpu 0 core");
  EXPECT_EQ(out.find("cpu 0 core", first + 1), std::string::npos);

  Fixture g;
  std::istringstream stop("bogus\ninfo cpus\n");
  EXPECT_EQ(g.monitor.run_script(stop, false, true), 1);
  EXPECT_FALSE(has(g.out.str(), "cpu 0"));
}
