#pragma once
// Board-side adapter between the models' hooks and the trace library (issue "Cycle-accurate
// timing and the trace toolchain", parts 3-5, 7): owns the TraceFanout (line trace or
// Perfetto JSON, VCD), the statistics and the progress meter, and converts simulated time to
// core cycles.
//
// Cycles: a cycle is one core clock period of simulated time (fast mode: one per instruction;
// cycle mode: the timing model's). An event raised while a thread executes (exception, rfid,
// hcall, a fabric message or line change it causes) is placed at that core's own time plus
// Iss::cycles_in_step() of the executing thread: exact for asynchronous interrupts,
// otherwise the count at the step's last event boundary (so up to one slice early, never
// out of the order in which the thread did things). Events raised by SystemC processes
// (delayed fabric messages, interrupt-line wake-ups) use kernel time. Everything derives
// from simulated time: the same run gives the same bytes (stats: all but "host").
#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ppc64sim::cpu {
struct RunControl;
class PowerCore;
namespace timing {
class CoreTiming;
}
} // namespace ppc64sim::cpu
namespace ppc64sim::intc {
class Xics;
}
namespace ppc64sim::hyp {
class Hypervisor;
}
namespace ppc64sim::devices {
class IrqGenerator;
}

namespace ppc64sim::platform {

struct BoardConfig;

struct TraceOptions {
  std::string trace_path;           // empty: no line/Perfetto trace
  std::string trace_format = "line"; // line | perfetto
  std::string vcd_path;             // empty: no VCD
  std::string vcd_signals;          // glob/regex list (traces/README.md "Waveforms")
  std::string stats_path;           // empty: no statistics file
  bool progress = false;            // periodic progress lines on stderr
  double progress_host_seconds = 2.0;
  uint64_t progress_cycles = 0;     // also every this many simulated cycles (0: host time only)
  // Written in the trace header as `# config KEY=VALUE`, in this order.
  std::vector<std::pair<std::string, std::string>> header_config;
  // Set by the SIGINT handler; the run loop stops the kernel when it sees it. May be null.
  const std::atomic<bool>* stop_flag = nullptr;

  bool wants_events() const { return !trace_path.empty() || !vcd_path.empty() || !stats_path.empty(); }
};

// What the adapter hooks into; references stay valid for its lifetime.
struct TracedBoard {
  const BoardConfig& config;
  cpu::RunControl& run_control;
  std::vector<cpu::PowerCore*> cores;
  intc::Xics& xics;
  hyp::Hypervisor& hypervisor;
  devices::IrqGenerator* irqgen;   // may be null
  std::vector<uint32_t> sources;   // interrupt sources with state tracking (vty, generator)
  std::vector<const cpu::timing::CoreTiming*> timing; // per core in cycle mode, else empty
};

class BoardTracer {
public:
  // Opens every output (throws std::runtime_error naming the file on failure) and installs
  // the hooks. Construct before the run starts.
  BoardTracer(const TracedBoard& board, const TraceOptions& options);
  ~BoardTracer();
  BoardTracer(const BoardTracer&) = delete;
  BoardTracer& operator=(const BoardTracer&) = delete;

  // A device pulsed an MSI (msi) or moved an LSI line to `level`.
  void on_trigger(uint32_t source, bool msi, bool level);
  // Reports ICP, line and source changes made since the last check (after a device access).
  void check_states();
  // Emits the thread run states of time 0 (call after the boot thread is set up).
  // Emits the initial states at `cycle` (0, or the cycle a restored checkpoint continues at).
  void start(uint64_t cycle = 0);
  // The statistics counters (interrupts, hcalls, idle time, source and fabric counts) for a
  // checkpoint, and back: a restored run's --stats then equal the uninterrupted run's.
  std::vector<uint8_t> save_counters() const;
  void restore_counters(const uint8_t* data, size_t size, const std::string& what);
  // Closes the outputs: reason end/limit/interrupted; writes the statistics.
  void finish(std::string_view reason, uint64_t instructions, double host_seconds);

private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

} // namespace ppc64sim::platform
