#pragma once
// Board-wide run control shared by every core: the instruction limit, the stop request, and
// which core is executing right now (so hcalls can read the caller's local time).
#include "models/cpu/systemc/debug_control.h"

#include <systemc>

#include <cstdint>
#include <functional>

namespace ppc64sim::cpu {

class PowerCore;
class Iss;

// Why the run is ending (set once, by whoever asks first).
enum class StopCause { none, power_off, reboot, instruction_limit, interrupted };

struct RunControl {
  uint64_t instruction_limit = 0; // 0: none
  uint64_t instructions = 0;      // retired by all threads so far
  StopCause stop_cause = StopCause::none;
  PowerCore* active_core = nullptr;
  Iss* active_iss = nullptr; // the thread of active_core inside step() (tracing: its offset)
  DebugControl debug; // debugger stops (breakpoint, step, interrupt): pause, not end
  // Notified when a thread becomes runnable (start-cpu, prod, an interrupt line, a debugger
  // resume): the CoreScheduler starts a pass.
  sc_core::sc_event scheduler_wake;
  // Called after every scheduling round of any core, with that core (tracing, progress,
  // the Ctrl-C check). Empty = nothing, one test per round.
  std::function<void(PowerCore&)> round_hook;
  // Whether round_hook also runs after rounds in which no thread of the core ran (most rounds
  // of a board whose threads mostly sleep). A hook that only polls (Ctrl-C, progress) does
  // not need them: some core runs whenever anything happens.
  bool round_hook_when_idle = true;
  // Whether round_hook must run after every step of an interleaved SMT core (cycle mode),
  // whose steps are a few instructions each. A hook that only polls does not need that:
  // such a core then calls it once when it leaves its window (after the steps it made).
  bool round_hook_each_step = true;

  // --host-threads: set while something needs every core run in the one-thread order (a
  // debugger session); CoreScheduler::may_run_ahead. Chained passes wait for the kernel
  // then too (a debugger's sc_start(until) stops where the kernel's time reaches it).
  bool host_threads_blocked = false;

  // Start of the present pass (CoreScheduler), the board's present while a pass runs: kernel
  // time, or later when passes are chained (timing.chain-passes) and the kernel lags behind.
  sc_core::sc_time pass_start;

  bool stop_requested() const { return stop_cause != StopCause::none; }
  // Records the first cause and stops the kernel after the current delta cycle.
  void request_stop(StopCause cause) {
    if (stop_cause != StopCause::none) return;
    stop_cause = cause;
    sc_core::sc_stop();
  }

  // A stop that reaches the other threads later (cycle mode, several threads: power-off lands
  // like every cross-thread effect, so where they stop does not depend on the windows). The
  // CoreScheduler ends passes there and turns it into request_stop once every core has run
  // up to it.
  StopCause deferred_cause = StopCause::none;
  sc_core::sc_time deferred_stop_at;
  void request_stop_at(StopCause cause, const sc_core::sc_time& at) {
    if (stop_requested() || deferred_cause != StopCause::none) return;
    deferred_cause = cause;
    deferred_stop_at = at;
    scheduler_wake.notify(sc_core::SC_ZERO_TIME); // a board whose other threads all sleep
  }
  bool stop_deferred() const { return deferred_cause != StopCause::none; }

  // Instructions the caller may still execute before the limit.
  uint64_t remaining(uint64_t wanted) const {
    if (instruction_limit == 0) return wanted;
    uint64_t left = instructions >= instruction_limit ? 0 : instruction_limit - instructions;
    return left < wanted ? left : wanted;
  }
  bool limit_reached() const { return instruction_limit != 0 && instructions >= instruction_limit; }
};

} // namespace ppc64sim::cpu
