#pragma once
// What the firmware bring-up tools (GDB stub, monitor) need from a board. The board implements
// it; tests implement it with a bare ISS or a fake. Every call except interrupt() is made from
// one host thread while the target is stopped (no resume() in progress).
#include "models/cpu/thread_state.h"
#include "models/intc/state_access.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ppc64sim::debug {

// One hardware thread, named by its interrupt server number (== PIR).
struct ThreadInfo {
  uint32_t server = 0;
  uint32_t core = 0;           // core index on the board
  uint32_t thread_in_core = 0; // SMT thread index inside the core
  cpu::RunState run_state = cpu::RunState::stopped;
  bool checkstop = false;
};

enum class WatchKind { write, read, access };

enum class StopReason {
  breakpoint,  // `thread` is about to execute the breakpoint at `pc` (not executed yet)
  // `thread`'s instruction at `pc` accesses `data_address` inside a range watched for
  // `watch_kind`. On the board the instruction has not executed yet (a POWER DAWR match):
  // what gdb's PowerPC model expects (it steps the instruction itself, then reports).
  watchpoint,
  step_done,   // the requested steps of `thread` retired
  interrupted, // interrupt() was called
  power_off,   // the guest powered the board off (exit_code)
  limit,       // ResumeRequest::until_cycle reached, or nothing is left to run
};

struct StopEvent {
  StopReason reason = StopReason::interrupted;
  uint32_t thread = 0; // server of the thread the event concerns (stepping/breaking thread)
  uint64_t pc = 0;
  uint64_t data_address = 0; // watchpoint only
  int exit_code = 0;         // power_off only
  WatchKind watch_kind = WatchKind::write; // watchpoint only
};

struct ResumeRequest {
  enum class Mode { run, step } mode = Mode::run;
  // step: `step_thread` retires `steps` instructions while the other running threads may run
  // too (gdb's default "vCont;s:N;c"); `others_run = false` freezes them (scheduler-locking).
  uint32_t step_thread = 0;
  uint64_t steps = 1;
  bool others_run = true;
  // Stop with StopReason::limit when the board's cycle count reaches this value.
  std::optional<uint64_t> until_cycle;
};

// Source numbers [first, first + count) owned by one ICS (same shape as intc::SourceRange).
struct SourceRange {
  uint32_t first = 0;
  uint32_t count = 0;
};

// The interrupt controller facet, in the 64-bit words of the XICS state-access API
// (models/intc/state_access.h: source words = xics-spec.md section 8, ICP words = 1.3).
class XicsDebug {
public:
  virtual ~XicsDebug() = default;
  virtual intc::Flavour flavour() const = 0;
  virtual std::vector<uint32_t> servers() const = 0;     // every ICP
  virtual std::vector<SourceRange> source_ranges() const = 0; // every ICS
  virtual intc::Result<uint64_t> get_source(uint32_t source) const = 0;
  virtual intc::Status set_source(uint32_t source, uint64_t word) = 0;
  virtual intc::Result<uint64_t> get_icp(uint32_t server) const = 0;
  virtual intc::Status set_icp(uint32_t server, uint64_t word) = 0;
  // Device side: an MSI is triggered by raise (lower ignored); an LSI follows the level.
  virtual intc::Status set_irq_level(uint32_t source, bool level) = 0;
};

class DebugTarget {
public:
  virtual ~DebugTarget() = default;

  virtual std::vector<ThreadInfo> threads() const = 0;
  // false: no such server.
  virtual bool get_state(uint32_t server, cpu::ThreadState& out) const = 0;
  virtual bool set_state(uint32_t server, const cpu::ThreadState& in) = 0;

  // Guest physical memory, debugger access: no device side effects, no reservation or cache
  // changes, and code rewritten here must be re-decoded before it runs. All-or-nothing:
  // false when any byte is not RAM.
  virtual bool read_memory(uint64_t addr, uint8_t* data, size_t len) = 0;
  virtual bool write_memory(uint64_t addr, const uint8_t* data, size_t len) = 0;

  // Software breakpoints: a thread whose next instruction is at `addr` stops before executing
  // it (resume() must first step over a breakpoint the thread is already sitting on).
  // false: the address cannot take one (not RAM).
  virtual bool add_breakpoint(uint64_t addr) = 0;
  virtual bool remove_breakpoint(uint64_t addr) = 0;
  // Optional: targets without watchpoints keep these defaults (the stub then answers gdb
  // with an empty reply = unsupported).
  virtual bool supports_watchpoints() const { return false; }
  virtual bool add_watchpoint(WatchKind, uint64_t /*addr*/, uint64_t /*len*/) { return false; }
  virtual bool remove_watchpoint(WatchKind, uint64_t /*addr*/, uint64_t /*len*/) { return false; }

  // Runs the board until something in StopReason happens; returns with every thread stopped.
  virtual StopEvent resume(const ResumeRequest& request) = 0;
  // Thread-safe (not async-signal-safe): may be called from another host thread while resume()
  // runs (gdb's Ctrl-C, the monitor's SIGINT); resume() then returns soon with `interrupted`.
  // A call while no resume() runs is remembered and stops the next resume() at once.
  virtual void interrupt() = 0;

  virtual uint64_t cycles() const = 0;       // board cycle count (simulated time in cycles)
  virtual uint64_t instructions() const = 0; // retired by all threads
  virtual std::string stats() const = 0;     // human-readable counters, one per line
  // Writes a checkpoint of the whole board to `path` (the board may run on briefly to a
  // point where its state is complete, then stops). Empty on success, else why not.
  virtual std::string checkpoint(const std::string& /*path*/) { return "this target cannot save checkpoints"; }

  // nullptr: the board has no XICS (the monitor says so).
  virtual XicsDebug* xics() { return nullptr; }
};

} // namespace ppc64sim::debug
