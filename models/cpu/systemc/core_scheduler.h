#pragma once
// Runs every core of the board from one SystemC process, in passes: a pass gives each core,
// in core order, a window of simulated time from the kernel time to one quantum later.
// One process and a fixed order make a run independent of how the SystemC kernel orders
// processes woken at the same time, so a run is reproducible step by step, a checkpoint taken
// between passes holds everything, and a restored run replays exactly what the original did.
#include "models/cpu/systemc/host_workers.h"
#include "models/cpu/systemc/power_core.h"
#include "models/cpu/systemc/run_control.h"

#include <systemc>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace ppc64sim::cpu {

class StoreQueue;

// Work a pass leaves to the kernel's next delta cycles at the same time (the board's
// interrupt lines: an ICP's process drives a signal, the core's process reacts a delta later
// and wakes the scheduler a delta after that). When nothing else is due at that time, the
// scheduler lets the board do that work itself and starts the next pass without yielding:
// the same steps in the same order, without the kernel's round trip.
class PassFollowUp {
public:
  virtual ~PassFollowUp() = default;
  // A pass starts: changes the cores make from now on may be held back.
  virtual void hold() = 0;
  // Hands everything held back to the kernel as if it had never been held (before the
  // scheduler yields with work of its own pending).
  virtual void release() = 0;
  // Nothing but what was held back is due at the present time: does what the kernel's next
  // delta cycles would do with it. True when that woke a thread; the wake-up's own
  // notification is then cancelled (the scheduler starts the next pass at once, as the
  // kernel would have made it do two delta cycles later at the same time).
  virtual bool settle() = 0;
  // Whether a change was held back since hold() (settle() or release() would have work).
  virtual bool holding() const = 0;
};

class CoreScheduler : public sc_core::sc_module {
public:
  CoreScheduler(sc_core::sc_module_name name, std::vector<PowerCore*> cores, RunControl& run_control,
                const sc_core::sc_time& window, const sc_core::sc_time& cycle);

  // Called at the start of every pass, when every core's time is at or past kernel time and
  // nothing of the board is mid-flight in a core (checkpoints).
  std::function<void()> on_pass_start;
  // Optional, not owned; set before the kernel starts.
  void set_follow_up(PassFollowUp* follow_up) { follow_up_ = follow_up; }
  // Cycle mode: a pass ends early at the kernel's next pending event (a fabric message or
  // device event due inside the window), so what it delivers reaches the cores at its own
  // time rather than at the end of the window; and a pass starts only once the kernel has
  // done everything due at its time (delta cycles: deliveries, line signals, the cores'
  // line processes), so a running thread takes an interrupt at its landing cycle.
  void end_passes_at_pending_events(bool on) { end_at_pending_ = on; }
  // Cycle mode, SMT turns of `cycles` > 1 (timing.smt-turn-cycles): a window ends at the last
  // multiple of `cycles` within it (the window is at least that long), where every core's
  // (cycle / K, thread) order may be cut; 1 (the default) ends it anywhere.
  void end_windows_at_multiples_of(uint64_t cycles) { turn_cycles_ = cycles; }
  // Cycle mode (timing.chain-passes): when a pass leaves the kernel nothing to do until after
  // the next pass would start, the next pass starts at once, ahead of kernel time, without
  // the kernel's round trip (chain_next_pass()). Off: every pass waits for the kernel.
  void chain_passes(bool on) { chain_ = on; }
  // Cycle mode with a store queue (timing.solo-stores): a thread that runs alone on the board
  // in a pass stores straight into memory (begin_solo_pass). `visibility` is the store
  // visibility as a time, no longer than any cross-thread latency; zero: off.
  void let_solo_threads_store_directly(const sc_core::sc_time& visibility) { solo_margin_ = visibility; }
  // No pass whose stores become visible after `t` runs a thread alone (the board's next
  // checkpoint, whose store queue must hold what a run without solo stores would hold).
  void hold_solo_stores_from(const sc_core::sc_time& t) { solo_held_from_ = t; }
  // Cycle mode with solo stores (timing.solo-passes): while the same thread goes on running
  // alone from one chained pass to the next with `queue` (the board's store queue) empty,
  // those passes skip their start's work (continues_solo_pass), up to kMaxSoloRun in a row.
  // Null: off.
  void continue_solo_passes(const StoreQueue* queue) { solo_queue_ = queue; }
  // During on_pass_start: true when this pass continues the last one's solo run with nothing
  // in the store queue, so the board may leave the L2 filing to a later pass (nothing but
  // the lone thread runs until then, and it looks up only its own view).
  bool continues_solo_pass() const { return continuing_solo_; }
  static constexpr unsigned kMaxSoloRun = 63;
  // ... and a pass in which a thread runs alone runs the passes that would follow while it
  // stays alone, up to this many cycles ahead, without returning to the kernel or to the
  // board's pass-start work (run_long_solo). With kMaxSoloRun it bounds the L2 accesses that
  // wait for a full pass to be filed for the other cores' views.
  static constexpr uint64_t kLongSoloCycles = 16384;
  // Passes in which a thread ran alone, and those of them that continued the last one's
  // (statistics).
  uint64_t solo_passes() const { return solo_passes_; }
  uint64_t continued_solo_passes() const { return continued_solo_passes_; }
  // Long solo windows (run_long_solo) and the passes they ran after their first (statistics).
  uint64_t long_solo_windows() const { return long_solo_windows_; }
  uint64_t folded_solo_passes() const { return folded_passes_; }
  // Of those, the ones the lone thread's steps went on into (Iss::set_pass_chain).
  uint64_t passes_in_steps() const { return chained_passes_in_steps_; }
  // Brings every core that slept through the last passes unvisited (run_pass) to the time
  // those visits would have given it, the last pass's start: before its time is read as a
  // whole (a checkpoint).
  void settle_idle_times();
  // Passes run, and those of them started without the kernel (statistics).
  uint64_t passes() const { return passes_; }
  uint64_t chained_passes() const { return chained_passes_; }
  // Visits of sleeping cores left out (run_pass: the awake list).
  uint64_t skipped_visits() const { return skipped_visits_; }
  // --host-threads: `threads` host threads (>= 2) run the cores' windows of a pass in two
  // phases; 1 (the default) keeps the one-thread passes. See run_ahead_phase().
  void set_host_threads(unsigned threads);
  // Instructions retired in the parallel phases (statistics).
  uint64_t instructions_ahead() const;
  // Passes that had a parallel phase, and passes that could have tried one but ran serially
  // because that was faster on this host (parallel_this_pass).
  uint64_t parallel_passes() const { return policy_.parallel_passes; }
  uint64_t serial_passes() const { return policy_.serial_passes; }
  // A restored board: the first pass happens at `t` (call before the kernel starts).
  void start_at(const sc_core::sc_time& t) { start_at_ = t; }
  // The board's present: kernel time; the restored time before the kernel reaches it; or,
  // while passes are chained, the start of the present pass (kernel time lags behind it).
  sc_core::sc_time now() const {
    const sc_core::sc_time& kernel = sc_core::sc_time_stamp();
    const sc_core::sc_time& ahead = start_at_ > chained_at_ ? start_at_ : chained_at_;
    return ahead > kernel ? ahead : kernel;
  }

private:
  void run();
  void run_pass();
  void run_parked_threads(const sc_core::sc_time& end);
  // --host-threads: whether this pass may run cores ahead (nothing that needs the one-thread
  // order: no debugger, no instruction limit, no per-step or idle round hook), and running them.
  bool may_run_ahead() const;
  void run_ahead_phase(const sc_core::sc_time& start, const sc_core::sc_time& end);
  // A stop requested in the serial phase while later cores already ran ahead.
  void stop_with_cores_ahead();
  // Whether this pass runs a parallel phase: a pass may run either way with the same results,
  // so the scheduler keeps measuring which is faster on this host (a loaded host may give
  // the workers no core of their own) and uses that one. Blocks of passes: kProbePasses with
  // the parallel phase, kProbePasses without, then kRunPasses the faster way; host time per
  // guest instruction decides. PPC64SIM_HOST_THREADS_ALWAYS=1 in the environment: always.
  bool parallel_this_pass();
  struct AheadPolicy {
    enum Stage { probe_parallel, probe_serial, run } stage = probe_parallel;
    bool parallel = true;
    bool always = false;
    unsigned passes = 0;
    double parallel_cost = 0; // host ns per guest instruction in the last probes
    std::chrono::steady_clock::time_point since;
    uint64_t instructions_since = 0;
    uint64_t parallel_passes = 0, serial_passes = 0; // statistics
  } policy_;
  static constexpr unsigned kProbePasses = 2048, kRunPasses = 32768;
  // After a pass that did not stop the run: true when the follow-up was settled here and
  // woke a thread (the next pass is due at once).
  bool settle_follow_up();
  // The cores with a runnable thread (awake_), made again only when some thread's run state
  // was written since (RunStateField::writes). Without a debugger, whose step mode decides
  // who may run without writing run states.
  void refresh_awake();
  // After the pass's end is known: lets its one runnable thread, if it is alone, store
  // straight into memory (see the .cpp for when); end_solo_pass() ends that.
  void begin_solo_pass(const sc_core::sc_time& end, const sc_core::sc_time& kernel_due);
  void end_solo_pass();
  // The end of a pass starting at `start` and the kernel's next event (cycle mode), as the
  // pass's own state gives them (no side effects).
  sc_core::sc_time window_end(const sc_core::sc_time& start) const;
  sc_core::sc_time pass_end(const sc_core::sc_time& start, std::optional<sc_core::sc_time>& kernel_due) const;
  // Before a pass's start work: whether the last pass's lone thread goes on alone through
  // the pass from `start` to `end` (see the .cpp).
  bool solo_may_continue(const sc_core::sc_time& end, const std::optional<sc_core::sc_time>& kernel_due) const;
  const StoreQueue* solo_queue_ = nullptr; // continue_solo_passes
  bool continuing_solo_ = false;
  unsigned solo_run_ = 0; // passes in a row that continued a solo run
  uint64_t continued_solo_passes_ = 0;
  // After the pass's end and idle rules are known: lets a solo pass run its thread on
  // through the passes that follow (see the .cpp).
  void lengthen_solo_pass(const sc_core::sc_time& start, const sc_core::sc_time& end,
                          const sc_core::sc_time& kernel_due, bool idle_skips);
  PowerCore* long_core_ = nullptr; // this pass's, when it is a long solo pass
  sc_core::sc_time long_limit_;    // its passes end at or before this
  sc_core::sc_time last_long_start_ = sc_core::SC_ZERO_TIME; // the last folded pass's start
  sc_core::sc_time run_long_solo(const sc_core::sc_time& start, const sc_core::sc_time& end, PowerCore& core);
  uint64_t long_solo_windows_ = 0, folded_passes_ = 0, chained_passes_in_steps_ = 0;
  sc_core::sc_time solo_margin_ = sc_core::SC_ZERO_TIME;
  sc_core::sc_time solo_held_from_ = sc_core::sc_max_time();
  PowerCore* solo_core_ = nullptr; // this pass's, until end_solo_pass()
  uint64_t solo_passes_ = 0;
  bool awake_list_usable() const { return !run_control_.host_threads_blocked && !run_control_.debug.paused; }
  std::vector<unsigned> awake_; // core indices, in core order
  uint64_t awake_writes_ = ~0ull;
  sc_core::sc_time last_start_ = sc_core::SC_ZERO_TIME; // of the last pass
  // After a pass that started at `start`: whether the next one, at `next`, may start at once
  // without the kernel (chain_passes).
  bool chain_next_pass(const sc_core::sc_time& start, const sc_core::sc_time& next);
  std::optional<sc_core::sc_time> chained_due_; // set by chain_next_pass, used by the next pass
  // After a chained pass that does not chain on: brings kernel time up to the pass's start,
  // so what follows (the follow-up, the wait for the next pass) happens as if the kernel had
  // been there all along.
  void catch_up_kernel(const sc_core::sc_time& start);
  // Cycle mode, before a pass: one delta cycle of the kernel's remaining work at this time.
  void settle_kernel_at_pass_start();
  // A bound on those delta cycles per pass (a few are normal: delivery, signal, line process).
  static constexpr unsigned kMaxSettlingDeltas = 10000;
  unsigned settling_deltas_ = 0;

  std::vector<PowerCore*> cores_;
  RunControl& run_control_;
  sc_core::sc_time window_;
  sc_core::sc_time cycle_;
  sc_core::sc_time start_at_ = sc_core::SC_ZERO_TIME;
  PassFollowUp* follow_up_ = nullptr;
  std::vector<PowerCore*> parked_cores_; // this pass: cores with a parked thread, in core order
  std::unique_ptr<HostWorkers> workers_;  // --host-threads N > 1
  std::vector<PowerCore*> ahead_cores_;   // this pass: the cores run ahead
  std::function<void(unsigned)> ahead_job_;
  sc_core::sc_time ahead_start_, ahead_end_;
  bool end_at_pending_ = false;
  uint64_t turn_cycles_ = 1;
  bool chain_ = false;
  sc_core::sc_time chained_at_ = sc_core::SC_ZERO_TIME; // start of the last chained pass
  uint64_t passes_ = 0, chained_passes_ = 0, skipped_visits_ = 0;
};

} // namespace ppc64sim::cpu
