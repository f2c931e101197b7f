#pragma once
// The SystemC side of one POWER core: owns the TLM initiator socket, the core's local time and
// the SMT scheduling of its hardware threads. The instruction semantics live in the plain-C++
// ISS (models/cpu/iss.h); this wrapper only moves time and memory traffic. It has no process
// of its own: the board's CoreScheduler (core_scheduler.h) runs every core in a fixed order.
#include "models/cpu/guest_memory.h"
#include "models/cpu/hypervisor_interface.h"
#include "models/cpu/iss.h"
#include "models/cpu/reservation_monitor.h"
#include "models/cpu/systemc/run_control.h"
#include "models/cpu/thread_state.h"

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace ppc64sim::cpu {
namespace timing {
class CoreTiming;
}
struct TimebaseClock;

struct CoreParams {
  unsigned threads = 1;
  uint32_t first_server = 0; // interrupt server number (= PIR) of thread 0
  sc_core::sc_time cycle = sc_core::sc_time(500, sc_core::SC_PS);
  sc_core::sc_time quantum = sc_core::sc_time(1, sc_core::SC_US); // longest SMT round
  // Timebase frequency (firmware-contract.md: 512 MHz); the decrementer timer converts its
  // deadline from timebase ticks to simulated time with it. Must match the board's timebase.
  uint64_t timebase_hz = 512'000'000;
  // The board's code-page record (code_watch.h), handed to the ISS with the RAM window.
  CodeWatch* code_watch = nullptr;
  // Cycle mode: the core's timing model (owned by the board), fast mode: nullptr.
  timing::CoreTiming* timing = nullptr;
  // Cycle mode with more than one thread on the board: the board's store queue (the threads'
  // stcx. then stop until the scheduler lets them run, see run_parked). Not owned.
  StoreQueue* store_queue = nullptr;
};

class PowerCore : public sc_core::sc_module, private GuestMemory {
public:
  tlm_utils::simple_initiator_socket<PowerCore> socket;
  // One external-interrupt input per hardware thread, driven by that thread's ICP.
  sc_core::sc_vector<sc_core::sc_in<bool>> external_interrupt;

  PowerCore(sc_core::sc_module_name name, const CoreParams& params, HypervisorInterface& hypervisor,
            ReservationMonitor& reservations, RunControl& run_control);
  ~PowerCore() override;

  unsigned thread_count() const { return static_cast<unsigned>(threads_.size()); }
  ThreadState& thread(unsigned index) { return *threads_[index].state; }
  Iss& iss(unsigned index) { return *threads_[index].iss; }
  // Wakes the scheduler after a thread became runnable from outside (start-cpu, prod, a line).
  void wake();
  // A core with no running thread has no time of its own: a wake-up from another core, which
  // may run ahead of kernel time, moves it to the waker's time so the woken thread does not
  // start in the waker's past.
  void idle_until(const sc_core::sc_time& t) {
    if (local_time_ref() < t) set_local(t);
  }
  // Simulated time as this core sees it: its own time, which runs ahead of kernel time by at
  // most one scheduler window, or kernel time when it is behind (idle).
  sc_core::sc_time local_now() const {
    const sc_core::sc_time& kernel = sc_core::sc_time_stamp();
    const sc_core::sc_time& local = local_time_ref();
    return local > kernel ? local : kernel;
  }
  // The core's own time, as saved in a checkpoint.
  sc_core::sc_time local_time() const { return local_time_ref(); }
  void set_local_time(const sc_core::sc_time& t) { set_local(t); }
  // True when some thread is running and the debugger lets it run.
  bool has_runnable_thread() const {
    for (const auto& thread : threads_)
      if (thread.state->run_state == RunState::running && run_control_.debug.may_run(thread.state->pir))
        return true;
    return false;
  }

  // timing.solo-stores (CoreScheduler): when exactly one thread of this core may run, it
  // runs alone (Iss::set_alone) until end_alone(); false when not exactly one.
  bool begin_alone() {
    int only = -1;
    for (unsigned t = 0; t < threads_.size(); ++t)
      if (threads_[t].state->run_state == RunState::running && run_control_.debug.may_run(threads_[t].state->pir)) {
        if (only >= 0) return false;
        only = static_cast<int>(t);
      }
    if (only < 0) return false;
    alone_thread_ = only;
    threads_[static_cast<unsigned>(only)].iss->set_alone(true);
    return true;
  }
  // begin_alone()'s thread still stores straight into memory (none of its own actions has
  // ended that, Core::alone).
  bool still_alone() const {
    return alone_thread_ >= 0 && threads_[static_cast<unsigned>(alone_thread_)].iss->alone();
  }
  void end_alone() {
    if (alone_thread_ >= 0) threads_[static_cast<unsigned>(alone_thread_)].iss->set_alone(false);
    alone_thread_ = -1;
  }
  // timing.solo-passes (CoreScheduler): begin_alone()'s thread runs a window longer than a
  // pass. It stops before anything that could reach another thread (Iss::set_solo_stops),
  // and the core leaves its window after such a stop or after a step that moved a thread's
  // decrementer deadline (a kernel event the scheduler has to see): long_solo_cut() tells.
  // `shape`: the passes the scheduler would run next (Iss::PassChain's window, turn and
  // limit; window 0: none), which the lone thread's steps may go on into.
  struct LongPasses {
    uint64_t window = 0, turn = 1, limit = 0;
  };
  void begin_long_solo(const LongPasses& shape) {
    long_solo_ = true;
    long_solo_cut_ = false;
    decrementer_moved_ = false;
    long_shape_ = shape;
    chained_passes_ = 0;
    if (alone_thread_ >= 0) threads_[static_cast<unsigned>(alone_thread_)].iss->set_solo_stops(true);
  }
  // After run_window() in a long window: the passes the thread's steps went on into, and the
  // pass the last of them ended in (false: none).
  bool take_chained_passes(uint64_t& passes, sc_core::sc_time& start, sc_core::sc_time& end) {
    if (chained_passes_ == 0) return false;
    passes = chained_passes_;
    start = cycles_time(chained_start_);
    end = cycles_time(chained_end_);
    chained_passes_ = 0;
    return true;
  }
  void end_long_solo() {
    if (alone_thread_ >= 0) threads_[static_cast<unsigned>(alone_thread_)].iss->set_solo_stops(false);
    long_solo_ = false;
    long_solo_cut_ = false;
  }
  bool long_solo_cut() const { return long_solo_cut_; }

  // ---- for the scheduler ----
  // Once, when the kernel starts: the direct memory window can be asked for now.
  void start();
  // Runs SMT rounds from max(own time, start) until the core's time reaches `end`, no
  // thread can run, the run stops or the debugger pauses it (then a later call continues).
  void run_window(const sc_core::sc_time& start, const sc_core::sc_time& end);
  // run_window() for a core with no runnable thread, which does no more than this: most
  // cores of a board sleep most of the time, and the scheduler visits each in every pass.
  void idle_window(const sc_core::sc_time& start, const sc_core::sc_time& end) {
    if (local_time_ref() < start) set_local(start);
    if (!(local_time_ref() < end) || run_control_.stop_requested() || run_control_.debug.paused) return;
    DebugControl& debug = run_control_.debug;
    if (debug.interrupt_request.load(std::memory_order_relaxed) && debug.interrupt_request.exchange(false)) {
      debug.stop(DebugStopKind::interrupted, threads_[0].state->pir, threads_[0].state->pc);
      return;
    }
    if (run_control_.limit_reached()) run_control_.request_stop(StopCause::instruction_limit);
    if (run_control_.round_hook && run_control_.round_hook_when_idle) run_control_.round_hook(*this);
  }
  // Store queue: a thread that reached a stcx. in run_window() is parked there (it does not
  // run again in this window) until the scheduler calls run_parked(), in (cycle, thread)
  // order over the board: every other thread's stores up to that cycle are then known.
  bool parked(unsigned index) const { return threads_[index].parked; }
  uint64_t parked_cycle(unsigned index) const { return threads_[index].park_cycle; }
  // Runs the stcx. and the thread on until its next stcx. (parked again), the end of the
  // window, or it stops. The core's time becomes at least the thread's. A core whose SMT
  // threads interleave (below) goes on with all its threads, as run_window() would have.
  void run_parked(unsigned index, const sc_core::sc_time& end);
  // ---- --host-threads (core_scheduler.h) ----
  // Whether run_ahead() may run this core's window now: cycle mode on a board with a store
  // queue, a running thread, and on an SMT core every thread running (a sleeping one could
  // be woken by an earlier core's hcall in this pass, inside the stream run_ahead made).
  bool may_run_ahead() const;
  // Runs this core's window [start, end) as run_window() would, on any host thread, as far as
  // it goes without touching what another core or the SystemC kernel sees: each thread stops
  // before an `sc`, `wait` or device access (Iss::set_restricted), and the core stops after a
  // step that moved a decrementer deadline (its timer is a kernel event). Calls no SystemC
  // function (`kernel` is the kernel's time, which stands still during a pass).
  void run_ahead(const sc_core::sc_time& start, const sc_core::sc_time& end, const sc_core::sc_time& kernel);
  // The core ran ahead in this pass and finish_run_ahead() has not been called yet.
  bool ran_ahead() const { return ahead_; }
  // On the kernel's thread, at the core's turn in the pass: publishes what run_ahead() kept
  // back (stores, the instruction count, the decrementer timer), in the order run_window()
  // would have. Returns true when the window still needs run_window() (to go on from where
  // run_ahead() stopped), false when run_ahead() ended it as run_window() would have.
  bool finish_run_ahead();
  // Instructions this core retired in run_ahead() since the board started (statistics).
  uint64_t instructions_ahead() const { return instructions_ahead_; }
  // Cycle mode with SMT threads: the core's threads run as one stream of instructions in
  // (cycle, thread) order (run_interleaved), so every structure they share (issue slots,
  // caches, predictor) is used in an order no window boundary can change.
  bool interleaved() const { return params_.timing != nullptr && threads_.size() > 1; }
  // A thread of this core became running at `cycle` (start-cpu, prod, an interrupt): it
  // starts there, not at its stale cycle (interleaved cores only; others start at the core's
  // time as before).
  void thread_woken_at(unsigned index, uint64_t cycle);
  // Re-arms every thread's decrementer timer (after a restore put the threads' state back).
  void restart_timers();
  // Sets the timebase function every thread's mftb and decrementer read.
  void set_timebase_source(const std::function<uint64_t()>& source);
  // Cycle mode: the board's clock, which a running thread reads at its own cycle directly
  // (Iss::set_cycle_timebase); the source above must answer the same inside a step.
  void set_cycle_timebase(const TimebaseClock* clock);
  // System Reset interrupt to one thread (H_SIGNAL_SYS_RESET): wakes it if ceded.
  void raise_system_reset(unsigned index);
  // Simulated time at which the timebase reaches `tick` (rounded up to the time resolution).
  sc_core::sc_time time_of_tick(uint64_t tick) const;
  const sc_core::sc_time& cycle_period() const { return params_.cycle; }
  // Called when an interrupt line or the decrementer made a ceded thread running (tracing).
  std::function<void(PowerCore&)> on_wake;
  // What the core does when its external-interrupt inputs change (it is sensitive to them):
  // every thread's ISS takes its input's level, and a raised level wakes a ceded thread.
  // Public for a board that settles its lines itself (platforms/interrupt_lines.h); true when
  // a thread was woken.
  bool apply_external_interrupts();

private:
  struct HardwareThread {
    std::unique_ptr<ThreadState> state;
    std::unique_ptr<Iss> iss;
    // The one timer of the thread's decrementer, at Iss::decrementer_deadline().
    std::unique_ptr<sc_core::sc_event> decrementer;
    std::optional<uint64_t> scheduled_tick;
    sc_core::sc_time scheduled_when; // time_of_tick(*scheduled_tick)
    // ceil(scheduled_when / cycle) while scheduled_when is below 2^52 time units (the
    // integer range of the conversions), else ~0: run_interleaved's decrementer limit.
    uint64_t scheduled_cycle = ~0ull;
    bool parked = false;     // stopped before a stcx. (StopReason::stcx_order)
    uint64_t park_cycle = 0; // its cycle there
    // Turns of K > 1 cycles (smt_turn_cycles): the cycle of a stcx. this thread stopped at,
    // ~0 when none. The core runs in exact (cycle, thread) order until the stcx. has run.
    uint64_t stcx_cycle = ~0ull;
  };
  // Accounts one step() of `thread` (instructions, debugger stops, parking).
  inline void after_step(HardwareThread& thread, const StepResult& result);
  // after_step() in run_ahead(): true when the core must leave the rest of its window to
  // run_window() (a restricted stop, a decrementer timer to move, anything unusual).
  inline bool after_step_ahead(HardwareThread& thread, const StepResult& result);
  void run_single_ahead(const sc_core::sc_time& end);
  bool ahead_ = false;             // run_ahead() ran, finish_run_ahead() not yet
  bool ahead_needs_window_ = false; // run_window() must go on from where it stopped
  // Turns of K > 1 cycles: a thread stopped at a stcx. (stcx_cycle) puts the core in exact
  // (cycle, thread) order until the stcx. has run, so that it is parked (and decided) only
  // once no sibling is behind it, as in the exact order (run_interleaved).
  bool stcx_order_exact_ = false;
  // After a step of `a` that stopped at a stcx. (turns of K > 1 cycles): true when a sibling
  // is behind it in (cycle, thread) order, which must run up to it first (`a` is not parked).
  bool hold_stcx_for_siblings(unsigned a);
  // Whether stcx_order_exact_ still holds (some thread's stcx. has not run yet).
  bool stcx_still_waiting();
  // The interleave (run_interleaved) in run_ahead(): leaves to run_window() as above.
  bool interleave_ahead_ = false;
  sc_core::sc_time ahead_kernel_;  // kernel time during run_ahead()
  uint64_t ahead_instructions_ = 0; // retired in this pass's run_ahead()
  uint64_t instructions_ahead_ = 0; // ... in every pass
  // A thread whose decrementer deadline moved in run_ahead(): its timer is moved at
  // finish_run_ahead() (-1: none).
  int ahead_timer_thread_ = -1;
  // run_window() of an interleaved core; `resumed`: a parked thread whose stcx. may now run
  // (run_parked), or -1.
  void run_interleaved(const sc_core::sc_time& end, int resumed);
  // Its loop, for the exact order (false) or turns of K > 1 cycles (true).
  template <bool kBlocks> void interleave(const sc_core::sc_time& end, int resumed);

  void on_external_interrupts();
  void on_decrementer_events();
  // Keeps the thread's timer at its decrementer deadline: the usual "unchanged" inline, the
  // move out of line (reschedule_decrementer).
  inline void schedule_decrementer(HardwareThread& thread);
  void reschedule_decrementer(HardwareThread& thread);
  uint64_t cycles_until_decrementer(const HardwareThread& thread, uint64_t limit) const {
    return cycles_until_decrementer_from(thread, limit, local_now());
  }
  // The same with the core's time `now` (local_now(), or its run_ahead() form).
  uint64_t cycles_until_decrementer_from(const HardwareThread& thread, uint64_t limit, const sc_core::sc_time& now) const;
  // The same for a thread at `cycle` with the core's time there (run_interleaved), kernel
  // time at `kernel_units`: in integers, without building a time.
  inline uint64_t cycles_until_decrementer_at(const HardwareThread& thread, uint64_t cycle,
                                              uint64_t kernel_units, uint64_t limit) const;
  // Time <-> cycles as the scheduler counts them (power_core.cpp says why in integers):
  // ceil(span / cycle), floor(t / cycle), cycle * cycles.
  uint64_t cycles_ceil(const sc_core::sc_time& span) const;
  uint64_t cycles_floor(const sc_core::sc_time& t) const;
  sc_core::sc_time cycles_time(uint64_t cycles) const;
  // GuestMemory (shared by the core's threads).
  DirectRegion direct_region() override;
  AccessStatus read(uint64_t addr, uint8_t* data, unsigned len, const AccessInfo& info) override;
  AccessStatus write(uint64_t addr, const uint8_t* data, unsigned len, const AccessInfo& info) override;
  AccessStatus transport(tlm::tlm_command command, uint64_t addr, uint8_t* data, unsigned len);
  void invalidate_direct_mem_ptr(sc_dt::uint64 start, sc_dt::uint64 end);

  CoreParams params_;
  RunControl& run_control_;
  // Femtoseconds per time-resolution unit (the resolution is fixed once a time exists).
  uint64_t fs_per_unit_ = 1;
  std::vector<HardwareThread> threads_;
  // run_interleaved's view of each thread, resolved once per window (the timing model's
  // threads are replaced only by a checkpoint load, between windows): what the choice of the
  // next thread reads on every step, one indirection each.
  struct TurnView; // power_core.cpp
  std::vector<TurnView> turn_views_;
  // The core's own time. An interleaved core moves it to its running thread's cycle at every
  // step, which most steps never read: it is then kept as that cycle (local_cycle_) and made a
  // time only when read (local_time_ref). Read it through local_time_ref(), write it through
  // set_local() / set_local_cycle().
  mutable sc_core::sc_time local_ = sc_core::SC_ZERO_TIME;
  mutable uint64_t local_cycle_ = 0;
  mutable bool local_is_cycle_ = false;
  const sc_core::sc_time& local_time_ref() const {
    if (local_is_cycle_) materialize_local();
    return local_;
  }
  void set_local(const sc_core::sc_time& t) {
    local_ = t;
    local_is_cycle_ = false;
  }
  void set_local_cycle(uint64_t cycle) {
    local_cycle_ = cycle;
    local_is_cycle_ = true;
  }
  void materialize_local() const;
  uint64_t slice_ = 1; // longest SMT round in cycles
  uint64_t cycle_units_ = 1; // params_.cycle in time-resolution units
  uint64_t exact_cycles_ = 1; // cycles below this are below 2^52 time units (cycles_time)
  DirectRegion dmi_;
  bool dmi_checked_ = false;
  int alone_thread_ = -1; // begin_alone()'s thread until end_alone()
  bool long_solo_ = false, long_solo_cut_ = false;
  LongPasses long_shape_;
  uint64_t chained_passes_ = 0, chained_start_ = 0, chained_end_ = 0;
  // Around the lone thread's step in a long window: lets it go on into the next passes
  // (Iss::set_pass_chain), and collects where it went. The window ends before the kernel's
  // next event, so before the decrementer's deadline: no pass after the first is cut by it.
  void arm_pass_chain(HardwareThread& thread, uint64_t cycle, uint64_t pass_end);
  void note_pass_chain(HardwareThread& thread) {
    if (!long_solo_) return;
    const Iss::PassChain& c = thread.iss->pass_chain();
    if (c.passes == 0) return;
    chained_passes_ += c.passes;
    chained_start_ = c.pass_start;
    chained_end_ = c.pass_end;
  }
  bool decrementer_moved_ = false; // a timer was moved since begin_long_solo()
  // In a long solo window (begin_long_solo): true when `result` ends it.
  bool leaves_long_solo(const StepResult& result) {
    if (__builtin_expect(!long_solo_, 1)) return false;
    if (result.reason != StopReason::restricted && result.reason != StopReason::stcx_order && !decrementer_moved_)
      return false;
    long_solo_cut_ = true;
    return true;
  }
};

} // namespace ppc64sim::cpu
