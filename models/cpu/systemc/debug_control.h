#pragma once
// Debugger run control shared by the cores (all-stop): a stop request pauses the SystemC
// kernel (sc_pause) so that sc_start() can continue later from the same point. The cores
// look at it once per scheduling slice, never per instruction.
#include <systemc>

#include <atomic>
#include <cstdint>
#include <optional>

namespace ppc64sim::cpu {

enum class DebugStopKind { none, breakpoint, watchpoint, step_done, interrupted, checkpoint };

struct DebugStopEvent {
  DebugStopKind kind = DebugStopKind::none;
  uint32_t server = 0;
  uint64_t pc = 0;
  uint64_t data_address = 0; // watchpoint: the watched byte accessed (Iss::watch_hit())
};

struct DebugControl {
  // Set from any host thread (gdb's Ctrl-C); consumed by the first core to see it.
  std::atomic<bool> interrupt_request{false};
  bool paused = false; // a stop was recorded: every core yields until the next resume
  DebugStopEvent event;
  // Step mode: `step_server` retires `step_left` more instructions; with `freeze_others` no
  // other thread runs meanwhile.
  std::optional<uint32_t> step_server;
  uint64_t step_left = 0;
  bool freeze_others = false;

  // Records the first stop of this resume and ends the kernel's run after this delta cycle.
  void stop(DebugStopKind kind, uint32_t server, uint64_t pc, uint64_t data_address = 0) {
    if (paused) return;
    paused = true;
    event = {kind, server, pc, data_address};
    sc_core::sc_pause();
  }
  bool may_run(uint32_t server) const {
    return !(freeze_others && step_server && *step_server != server);
  }
  // Budget of one slice of `server`: a stepping thread gets at most its remaining steps.
  uint64_t budget(uint32_t server, uint64_t wanted) const {
    if (step_server && *step_server == server && step_left < wanted) return step_left;
    return wanted;
  }
};

} // namespace ppc64sim::cpu
