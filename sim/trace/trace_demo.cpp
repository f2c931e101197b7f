// ppc64sim_trace_demo PREFIX [--stop-early]: writes PREFIX.trace, PREFIX.json and PREFIX.vcd for
// a scripted 2-thread scenario (cycles listed in traces/README.md). Thread 1's events are
// reported before thread 0's, as a decoupled core running ahead would, to exercise ordering.
// --stop-early closes in the middle of the second interrupt, like a run hitting its limit.
#include "sim/trace/event_trace.h"
#include "sim/trace/perfetto_trace.h"
#include "sim/trace/trace_fanout.h"
#include "sim/trace/vcd_trace.h"

#include <cstdio>
#include <cstring>
#include <exception>
#include <memory>
#include <string>

using namespace ppc64sim::trace;

namespace {

constexpr uint64_t kMsrEE = 0x8000;
constexpr uint64_t kMsr = 0x8000000000001000ULL | kMsrEE;

void interrupt(TraceFanout& t, uint32_t server, uint32_t source, uint64_t trig, uint64_t present, uint64_t line,
               uint64_t vec, uint64_t accept, uint64_t eoi, bool stop_early) {
  t.on_trigger(trig, source, TriggerKind::Msi, false);
  t.on_source_state(trig, source, {false, true, false, server, 5});
  t.on_fabric(present, {FabricMsg::Present, server, source, 5, trig + 4, present});
  t.on_icp_state(present, server, {0xff, source, 0xff, 5});
  t.on_line(line, server, true);
  t.on_exception(vec, server, 0x500, 0x2000 + server * 0x100, kMsr);
  if (stop_early) return;
  t.on_hcall(accept, server, {0x74, "", {0xff}, 0, {0xff000000ULL | source}});
  t.on_line(accept + 1, server, false);
  t.on_icp_state(accept, server, {5, 0, 0xff, 0xff});
  t.on_source_state(accept, source, {false, false, false, server, 5});
  t.on_hcall(eoi, server, {0x64, "", {0xff000000ULL | source}, 0, {}});
  t.on_icp_state(eoi, server, {0xff, 0, 0xff, 0xff});
  t.on_rfid(eoi + 10, server, 0x2000 + server * 0x100, kMsr);
}

} // namespace

int main(int argc, char** argv) {
  if (argc < 2 || argc > 3 || (argc == 3 && std::strcmp(argv[2], "--stop-early") != 0)) {
    std::fprintf(stderr, "usage: %s PREFIX [--stop-early]\n", argv[0]);
    return 2;
  }
  const std::string prefix = argv[1];
  const bool stop_early = argc == 3;
  try {
    TraceHeader header;
    header.clock_hz = 2'000'000'000;
    header.config = {{"platform", "pseries-demo"}, {"cores", "1"}, {"threads-per-core", "2"}};
    TraceTopology topo{{0, 1}, {0x1100, 0x1200}};
    TraceFanout t;
    t.add_writer(std::make_unique<EventTrace>(prefix + ".trace", header));
    t.add_writer(std::make_unique<PerfettoTrace>(prefix + ".json", header, topo));
    t.add_writer(std::make_unique<VcdTrace>(prefix + ".vcd", header.clock_hz, topo));

    t.on_run_state(0, 0, RunState::Running);
    t.on_run_state(0, 1, RunState::Stopped);
    t.on_run_state(50, 1, RunState::Running);
    t.on_hcall(60, 1, {0xE0, "", {}, 0, {}});  // H_CEDE
    t.on_run_state(60, 1, RunState::Ceded);
    t.on_run_state(1021, 1, RunState::Running);
    // Thread 1 first (it ran ahead), then thread 0.
    interrupt(t, 1, 0x1100, 1000, 1020, 1021, 1050, 1100, 1300, stop_early);
    interrupt(t, 0, 0x1100, 100, 110, 112, 130, 160, 200, false);
    t.advance(2000);
    t.close(stop_early ? "limit" : "end");
  } catch (const std::exception& e) {
    std::fprintf(stderr, "ppc64sim_trace_demo: error: %s\n", e.what());
    return 1;
  }
  return 0;
}
