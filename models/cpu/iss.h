#pragma once
// The instruction-set simulator for one hardware thread: plain C++, no SystemC.
// The SystemC wrapper (power_core.h) calls step() with an instruction budget and advances
// simulated time by the cycles it reports.
#include "guest_memory.h"
#include "hypervisor_interface.h"
#include "reservation_monitor.h"
#include "thread_state.h"
#include "watchpoints.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>

namespace ppc64sim::cpu {

class IssObserver;
struct TimebaseClock;
namespace timing {
class CoreTiming;
}

enum class StopReason {
  budget,       // executed the whole budget
  left_running, // the thread is no longer RunState::running (stop-self, cede)
  hcall_yield,  // an hcall asked to leave step() (power-off, another thread started, ...)
  breakpoint,   // the next instruction (at state().pc) has a debugger breakpoint: not executed
  watchpoint,   // the next instruction (at state().pc) accesses a watched range: not executed
                // (watch_hit() says which); gdb's PowerPC model steps it itself
  stcx_order,   // cycle mode with a store queue: the next instruction is a stcx., not executed
                // until the scheduler calls allow_stcx() (stcx. decisions in (cycle, thread) order)
  restricted,   // set_restricted(true) or set_solo_stops(true): the next instruction (at
                // state().pc) would touch what other cores or the SystemC kernel see (sc,
                // wait, a device access, a fetch outside RAM): not executed
};

struct StepResult {
  uint64_t instructions = 0; // retired in this call
  uint64_t cycles = 0;       // simulated core cycles consumed in this call
  StopReason reason = StopReason::budget;
};

class StoreQueue;

// Iss::decrementer_deadline() read from the thread's state alone: inline, for a scheduler
// that looks at it around every step.
inline std::optional<uint64_t> decrementer_deadline(const ThreadState& s) {
  if (s.dec_requested) return std::nullopt;
  return s.dec_edge;
}

class Iss {
public:
  Iss(ThreadState& state, GuestMemory& memory, HypervisorInterface& hypervisor,
      ReservationMonitor& reservations);
  ~Iss();
  Iss(const Iss&) = delete;
  Iss& operator=(const Iss&) = delete;

  // Executes instructions while state().run_state == running, until they and the hcall
  // service cycles they caused reach max_instructions cycles (the last hcall may overshoot).
  StepResult step(uint64_t max_instructions);

  ThreadState& state();
  const ThreadState& state() const;
  uint64_t instructions_retired() const;
  void set_instructions_retired(uint64_t count); // a restored checkpoint's count

  // Level of the thread's external interrupt input (its ICP's line). While high, the ISS takes
  // the external interrupt (vector 0x500, Book III 7.5.7) at the next instruction boundary
  // where MSR[EE]=1; the level stays until the ICP lowers it (H_XIRR accept).
  void set_external_interrupt(bool level);

  // Where mftb / mfspr TB / the decrementer read the timebase: the board derives it from
  // simulated time.
  void set_timebase_source(std::function<uint64_t()> source);
  // Cycle mode: inside step() the timebase is `clock` at the thread's own cycle (the timing
  // model's, `units_per_cycle` time-resolution units each) instead of the source above, which
  // must then give the same (the board's cycle-mode rule). nullptr: always the source.
  void set_cycle_timebase(const TimebaseClock* clock, uint64_t units_per_cycle);

  // Decrementer (Book III 9.3), lazily computed: the timebase tick at which the next
  // Decrementer interrupt request begins, or nothing when one is already requested. It changes
  // only on mtspr DEC and when a request begins; step() returns right after an mtspr DEC so
  // the caller can re-plan. The caller keeps one timer at this tick and calls poll_timers()
  // when it expires (step() also polls at its start).
  std::optional<uint64_t> decrementer_deadline() const;
  // Reads the timebase and raises the Decrementer request if its tick has come. Returns
  // interrupt_pending().
  bool poll_timers();
  // True when an interrupt (system reset, external level, decrementer) is pending, enabled or
  // not: what ends an H_CEDE or `wait` sleep (RunState::ceded).
  bool interrupt_pending() const;

  // System Reset interrupt (vector 0x100, Book III 7.5.1; H_SIGNAL_SYS_RESET), taken at the
  // next instruction boundary whatever MSR[EE], with SRR1 wake bits 0 (not a power-saving
  // wake-up). A ceded thread is made running; the caller wakes its scheduler. A stopped
  // thread keeps the request until it runs again.
  void raise_system_reset();

  // Drops predecoded instructions (after the loader or a debugger rewrote memory behind the
  // ISS's back) and re-reads the memory's direct region.
  void flush_decode_cache();

  // Debugger breakpoints on instruction effective addresses. Free while none is set: the
  // predecoder marks the entries of breakpoint addresses, so only those leave the fast path.
  // A breakpoint word of 0 (never predecoded) is not caught in the direct region.
  void add_breakpoint(uint64_t addr);
  void remove_breakpoint(uint64_t addr);
  // The first instruction of the next step() runs even if it has a breakpoint or makes a
  // watched access (resuming a thread that stopped on one).
  void step_over_breakpoint();

  // Debugger data watchpoints on effective addresses [addr, addr+len). An access that
  // matches stops the thread before the instruction executes (StopReason::watchpoint), as a
  // POWER DAWR match does (the interrupt comes before the access is performed). Free while none
  // is set; while any is, every load and store takes the slow data path. Accesses made by
  // hcalls (the shim writing guest memory) are not watched. add: false for len 0.
  bool add_watchpoint(WatchKind kind, uint64_t addr, uint64_t len);
  bool remove_watchpoint(WatchKind kind, uint64_t addr, uint64_t len);
  // The access that made the last step() return StopReason::watchpoint.
  WatchHit watch_hit() const;

  // Cycle mode: every instruction goes through the core's timing model (models/cpu/timing)
  // as thread `thread` of it, and step() budgets and reports the model's cycles instead of
  // one cycle per instruction. nullptr: fast mode. Not owned.
  void set_timing(timing::CoreTiming* core_timing, unsigned thread);
  // Cycle mode on a board with several threads: RAM stores go through the board's store
  // queue (store_queue.h) and every stcx. first stops the step (StopReason::stcx_order)
  // until allow_stcx(). Needs set_timing. nullptr: stores go to memory at once. Not owned.
  // A stcx. without a reservation fails whatever the others do and runs at once, unless
  // `every_stcx_stops`: SMT turns of K > 1 cycles change the core's order at a stop
  // (PowerCore::hold_stcx_for_siblings), and whether a reservation is still held at the
  // stcx. depends on where windows ended (the store that killed it is drained at a pass
  // start), so there every stcx. stops the same way.
  void set_store_queue(StoreQueue* queue, bool every_stcx_stops = false);
  // The stcx. at state().pc may run at the next step().
  void allow_stcx();
  // timing.solo-stores (CoreScheduler): the thread runs alone on the board until off, or until
  // it makes an hcall or a device access; meanwhile its plain RAM stores go straight into
  // memory (Core::alone). Only with a store queue.
  void set_alone(bool on);
  bool alone() const;
  // timing.solo-passes (CoreScheduler::run_long_solo): while on, step() stops before an `sc`,
  // a `wait`, a device access or a fetch outside RAM (StopReason::restricted), as
  // set_restricted(true) does, without holding the thread's stores back: a lone thread running
  // on past its pass hands back to the scheduler before anything that could reach another
  // thread or the kernel.
  void set_solo_stops(bool on);
  // timing.solo-passes, inside a long window: the next step() may go on from the pass it runs
  // in into the passes that would follow, where its budget ends at the pass's end and nothing
  // the start of a step looks at has changed (no event, MSR as derived, the decrementer's edge
  // and quiet time as they were, no code written). Each pass starts at the thread's cycle and
  // ends `window` cycles on, rounded down to a multiple of `turn`, never past `limit` (which
  // the caller keeps before the decrementer's deadline: its timer is a kernel event). For that
  // one step; after it, pass_chain() tells the pass it ended in and how many it went on into.
  // So a lone thread pays the step's return only where the scheduler has something to do.
  struct PassChain {
    uint64_t pass_start = 0, pass_end = 0; // the pass the step runs in (cycles)
    uint64_t window = 0, turn = 1, limit = 0;
    uint64_t passes = 0; // passes the step went on into
  };
  void set_pass_chain(const PassChain& chain);
  const PassChain& pass_chain() const;
  // --host-threads (core_scheduler.h): while on, the thread may run on a worker host thread
  // alongside other cores' threads. step() then stops before any instruction that would touch
  // state another core or the kernel can see (StopReason::restricted), and its RAM stores
  // stay with the thread until publish_staged_stores() puts them into the board's store
  // queue, as they would have gone at once (call it on the kernel's thread before anything
  // else reads the queue for this thread's stores).
  void set_restricted(bool on);
  void publish_staged_stores();
  // Called during step() (an hcall's service): the step returns after the current
  // instruction, with StopReason::budget (a sibling thread woke at this cycle).
  void end_step();

  // Tracing (iss_observer.h); nullptr turns it off. Not owned.
  void set_observer(IssObserver* observer);
  // Cycles of the current step() before the instruction executing (fast mode: its
  // instructions): exact for asynchronous interrupts, sc (hcalls) and rfid; for synchronous
  // exceptions (program, alignment, machine check) the count at the last event boundary, a
  // lower bound. Lets a tracer place an event inside the step cheaply.
  uint64_t cycles_in_step() const;

private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

} // namespace ppc64sim::cpu
