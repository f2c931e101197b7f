#include "models/cpu/systemc/core_scheduler.h"

#include "models/cpu/store_queue.h"

#include <cstdlib>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>

namespace ppc64sim::cpu {

using sc_core::sc_time;

CoreScheduler::CoreScheduler(sc_core::sc_module_name name, std::vector<PowerCore*> cores,
                             RunControl& run_control, const sc_time& window, const sc_time& cycle)
    : sc_module(name), cores_(std::move(cores)), run_control_(run_control), window_(window), cycle_(cycle) {
  SC_HAS_PROCESS(CoreScheduler);
  SC_THREAD(run);
}

void CoreScheduler::run() {
  for (PowerCore* core : cores_) core->start();
  if (start_at_ > sc_core::SC_ZERO_TIME) {
    sc_core::wait(start_at_);
    for (PowerCore* core : cores_) core->restart_timers();
  }
  for (;;) {
    if (run_control_.stop_requested()) {
      end_solo_pass();
      sc_core::wait(); // no static sensitivity: parks the process for good
      continue;
    }
    if (run_control_.debug.paused) { // all-stop: yield so the delta cycle, and sc_start(), can end
      end_solo_pass();
      sc_core::wait(sc_core::SC_ZERO_TIME);
      continue;
    }
    if (end_at_pending_ && sc_core::sc_pending_activity_at_current_time()) {
      end_solo_pass();
      settle_kernel_at_pass_start();
      continue; // the loop's checks again: a delta cycle may have stopped or paused the run
    }
    settling_deltas_ = 0;
    if (follow_up_) follow_up_->hold();
    const sc_time start = now();
    run_pass();
    if (run_control_.stop_requested()) {
      if (follow_up_) follow_up_->release();
      continue;
    }
    // Next pass: when the earliest core that can run reaches its time, or at once when a
    // thread is woken (the wake-up notifies in the next delta cycle, caught even when it was
    // notified during this pass).
    std::optional<sc_time> next;
    const auto earliest = [&](const PowerCore* core) {
      // local_now(), without asking the kernel its time once per core
      const sc_time& local = core->local_time() > start ? core->local_time() : start;
      if (!next || local < *next) next = local;
    };
    if (awake_list_usable()) {
      refresh_awake(); // the cores with a runnable thread
      for (unsigned i : awake_) earliest(cores_[i]);
    } else {
      for (PowerCore* core : cores_)
        if (core->has_runnable_thread()) earliest(core);
    }
    if (run_control_.stop_deferred() && (!next || run_control_.deferred_stop_at < *next))
      next = run_control_.deferred_stop_at; // every core idle: still stop there
    if (next && chain_next_pass(start, *next)) {
      chained_at_ = *next;
      ++chained_passes_;
      continue;
    }
    end_solo_pass(); // the kernel runs: its processes may wake or reach other threads
    if (start > sc_core::sc_time_stamp()) catch_up_kernel(start);
    const sc_time& now = start; // kernel time from here on
    if (settle_follow_up()) continue;
    if (!next)
      sc_core::wait(run_control_.scheduler_wake);
    else
      sc_core::wait(*next > now ? *next - now : cycle_, run_control_.scheduler_wake);
  }
}

// Cycle mode: a pass starting at time T first lets the kernel finish everything due at T.
// A fabric message landing at T raises its ICP's line in the kernel's first delta cycle
// there, and the core's line process applies it one delta cycle later: a pass started before
// that would run a thread with MSR[EE] = 1 on without the interrupt until the next pass,
// whose start depends on the window length. Yielding until the kernel has nothing left at
// T (message deliveries, line signals, the cores' line and decrementer processes, device
// events) makes every pass start from the state at T, whatever the windows. Fast mode keeps
// its schedule.
void CoreScheduler::settle_kernel_at_pass_start() {
  if (++settling_deltas_ > kMaxSettlingDeltas)
    throw std::runtime_error("core scheduler: the kernel still has work at " + sc_core::sc_time_stamp().to_string() +
                             " after " + std::to_string(kMaxSettlingDeltas) +
                             " delta cycles (a process notifying itself without advancing time?)");
  sc_core::wait(sc_core::SC_ZERO_TIME);
}

// Chaining is exact because a chained pass is the pass the kernel would have started: the
// kernel has nothing due until after the next pass's start (so it would only have moved its
// time there), nothing was notified for the present (no wake-up, no delta cycle), and the
// pass left no line change to settle. Everything a pass schedules in the kernel is at an
// absolute time at or after the sending thread's own cycle, which is at or after the pass's
// start: fabric messages, decrementer timers (PowerCore::reschedule_decrementer counts from
// RunControl::pass_start, not from kernel time); so the end of every chained pass is still
// cut at the kernel's next event. Passes that hand something to the kernel on each round
// (a trace, VCD, statistics, progress) and debugger sessions keep the kernel's round trip.
bool CoreScheduler::chain_next_pass(const sc_time& start, const sc_time& next) {
  const RunControl& rc = run_control_;
  if (!chain_ || !end_at_pending_ || next <= start) return false;
  if (rc.stop_requested() || rc.stop_deferred() || rc.debug.paused || rc.host_threads_blocked) return false;
  if (rc.round_hook && (rc.round_hook_when_idle || rc.round_hook_each_step)) return false;
  if (follow_up_ && follow_up_->holding()) return false;
  if (sc_core::sc_pending_activity_at_current_time()) return false;
  const sc_time due = sc_core::sc_time_stamp() + sc_core::sc_time_to_pending_activity();
  if (!(due > next)) return false;
  chained_due_ = due; // the next pass ends there at the latest: nothing changes it before
  return true;
}

// The kernel goes to `start`, where the pass ran, before the usual end of a pass. Nothing
// is due on the way (chain_next_pass); a wake-up the pass notified fires at the old kernel
// time, so it is notified again at `start`, where the kernel would have seen it.
void CoreScheduler::catch_up_kernel(const sc_time& start) {
  bool woken = false;
  while (sc_core::sc_time_stamp() < start) {
    sc_core::wait(start - sc_core::sc_time_stamp(), run_control_.scheduler_wake);
    if (sc_core::sc_time_stamp() < start) woken = true;
  }
  if (woken) run_control_.scheduler_wake.notify(sc_core::SC_ZERO_TIME);
}

// The follow-up is settled here only when the kernel has nothing else to do at this time
// (no runnable process, no delta notification, no channel update): then its next delta
// cycles would hold exactly the follow-up's work, whose result does not depend on them.
// Otherwise it goes to the kernel.
bool CoreScheduler::settle_follow_up() {
  if (!follow_up_) return false;
  if (run_control_.debug.paused || sc_core::sc_pending_activity_at_current_time()) {
    follow_up_->release();
    return false;
  }
  return follow_up_->settle();
}

// A pass's end before the kernel's events: a window on, cut to whole SMT turns.
sc_time CoreScheduler::window_end(const sc_time& start) const {
  const sc_time end = start + window_;
  if (turn_cycles_ <= 1) return end;
  const uint64_t unit = cycle_.value();
  return sc_time::from_value((end.value() / unit) / turn_cycles_ * turn_cycles_ * unit);
}

sc_time CoreScheduler::pass_end(const sc_time& start, std::optional<sc_time>& kernel_due) const {
  sc_time end = window_end(start);
  kernel_due.reset();
  if (chained_due_) { // the kernel's next event, as chain_next_pass found it just now
    kernel_due = *chained_due_;
    if (*chained_due_ < end) end = *chained_due_;
  } else if (end_at_pending_) {
    const sc_time to_next = sc_core::sc_time_to_pending_activity();
    const sc_time due = sc_core::sc_time_stamp() + to_next; // kernel time may lag (chained passes)
    kernel_due = due;
    if (to_next > sc_core::SC_ZERO_TIME && due < end) end = due;
  }
  return end;
}

void CoreScheduler::run_pass() {
  const sc_time start = now();
  run_control_.pass_start = start;
  ++passes_;
  std::optional<sc_time> kernel_due; // the kernel's next event (cycle mode)
  sc_time end;
  // A solo run kept from the last pass goes on (its thread stays alone) or ends here.
  continuing_solo_ = false;
  if (solo_core_) {
    end = pass_end(start, kernel_due);
    continuing_solo_ = solo_may_continue(end, kernel_due);
    if (!continuing_solo_) end_solo_pass();
  }
  if (on_pass_start) on_pass_start();
  if (!continuing_solo_) end = pass_end(start, kernel_due); // after the start's work, which may stop or pause
  chained_due_.reset();
  if (run_control_.stop_deferred()) {
    if (run_control_.deferred_stop_at <= start) {
      run_control_.request_stop(run_control_.deferred_cause);
      return;
    }
    if (run_control_.deferred_stop_at < end) end = run_control_.deferred_stop_at;
  }
  // An idle core's window only brings its time up to the start, bar checks that concern the
  // board (a debugger's interrupt request, the instruction limit) and the idle round hook:
  // once the first idle core of the pass has made those, the others skip them (nothing
  // changes them while cores sleep), unless the hook must see every idle round.
  const bool idle_hook = run_control_.round_hook && run_control_.round_hook_when_idle;
  // Without an idle hook, an instruction limit or a debugger session (whose interrupt
  // request idle_window() also polls), an idle core's window only brings its time up to the
  // start: most cores of a large board sleep, and this is one test each.
  const bool idle_skips = !idle_hook && run_control_.instruction_limit == 0 && !run_control_.debug.paused &&
                          !run_control_.host_threads_blocked;
  bool idle_checked = false;
  parked_cores_.clear();
  if (idle_skips) refresh_awake();
  if (continuing_solo_) {
    ++solo_passes_;
    ++continued_solo_passes_;
    ++solo_run_;
  } else {
    solo_run_ = 0;
    if (kernel_due) begin_solo_pass(end, *kernel_due);
  }
  if (solo_core_ && kernel_due) lengthen_solo_pass(start, end, *kernel_due, idle_skips);
  if (workers_ && may_run_ahead() && parallel_this_pass()) run_ahead_phase(start, end);
  std::size_t next_awake = 0;
  for (std::size_t i = 0; i < cores_.size(); ++i) {
    // While no thread's run state was written since the list was made, the cores between
    // two awake ones still sleep: they are not visited, their time catches up when they are
    // (run_window, a wake-up, settle_idle_times). Once one is written (a wake-up in this
    // pass), every later core is visited, as without the list.
    if (idle_skips && RunStateField::writes() == awake_writes_) {
      while (next_awake < awake_.size() && awake_[next_awake] < i) ++next_awake;
      const std::size_t to = next_awake == awake_.size() ? cores_.size() : awake_[next_awake];
      skipped_visits_ += to - i;
      if (to == cores_.size()) break;
      i = to;
    }
    PowerCore* core = cores_[i];
    if (idle_skips && !core->ran_ahead() && !core->has_runnable_thread()) {
      core->idle_until(start);
      continue;
    }
    bool ran = false;
    for (;;) {
      if (core->ran_ahead()) { // the serial phase: on from where it stopped, in core order
        if (core->finish_run_ahead()) core->run_window(start, end);
        idle_checked = false;
        ran = true;
      } else if (core->has_runnable_thread()) {
        if (core == long_core_) end = run_long_solo(start, end, *core);
        else core->run_window(start, end);
        idle_checked = false;
        ran = true;
      } else if (idle_checked && !idle_hook && !run_control_.debug.paused && !run_control_.limit_reached()) {
        core->idle_until(start);
      } else {
        core->idle_window(start, end);
        idle_checked = core->local_time() < end; // (a core ahead of the window checks nothing)
      }
      if (!run_control_.debug.paused || run_control_.stop_requested()) break;
      // A debugger stop inside this core's window: the kernel pauses after this delta cycle;
      // the resume continues the same window (the other cores have not run it yet).
      if (follow_up_) follow_up_->release(); // other processes run while this one waits
      while (run_control_.debug.paused && !run_control_.stop_requested()) sc_core::wait(sc_core::SC_ZERO_TIME);
      if (follow_up_) follow_up_->hold();
    }
    // Only a window that ran can park a thread (none is parked when a pass starts: the last
    // one's run_parked_threads resumed them all).
    for (unsigned t = 0; ran && t < core->thread_count(); ++t)
      if (core->parked(t)) {
        parked_cores_.push_back(core);
        break;
      }
    if (run_control_.stop_requested()) {
      end_solo_pass();
      stop_with_cores_ahead();
      return;
    }
  }
  run_parked_threads(end);
  if (!solo_queue_) end_solo_pass(); // else kept for the next pass to decide (run, run_pass)
  last_start_ = last_long_start_ > start ? last_long_start_ : start;
  last_long_start_ = sc_core::SC_ZERO_TIME;
  if (run_control_.stop_deferred() && run_control_.deferred_stop_at <= end && !run_control_.stop_requested())
    run_control_.request_stop(run_control_.deferred_cause);
}

// A thread runs alone when it is the only one the board may run and nothing can wake another
// before every store it makes in this pass would have become visible: the kernel's next
// event (a message landing, a timer, a device) is at least one store visibility after the
// pass's end, and so is the next checkpoint. What the thread itself does that could wake
// another (an hcall, a device access) ends its solo stores at once (Core::alone), and
// reaches the other thread one store visibility later at the soonest (the board enables
// this only when no fabric latency is shorter). So no other thread reads memory before its
// stores would have become visible, and a store that went straight into memory is one that
// the queue would have drained there by then.
void CoreScheduler::begin_solo_pass(const sc_time& end, const sc_time& kernel_due) {
  if (solo_margin_ == sc_core::SC_ZERO_TIME || run_control_.debug.paused || run_control_.host_threads_blocked) return;
  const sc_time latest = end + solo_margin_;
  if (kernel_due < latest || solo_held_from_ < latest) return;
  refresh_awake();
  if (awake_.size() != 1 || !cores_[awake_.front()]->begin_alone()) return;
  solo_core_ = cores_[awake_.front()];
  ++solo_passes_;
}

// A solo run goes on through a pass chained to the last one (so the kernel had nothing to
// do in between) when the same thread is still the only one the board may run (no run state
// was written), its own actions have not ended its solo stores (an hcall, a device access:
// Core::alone), the store queue is empty (so the pass's drain would do nothing, and
// whatever the hypervisor reads is in memory), and the pass qualifies as begin_solo_pass
// would have it: the kernel's next event and the next checkpoint are a store visibility or
// more after the pass's end. Such a pass skips the board's pass-start work: until the next
// full pass only this thread runs, and its view of the L2 takes the others' filed accesses
// at its own accesses (SharedL2::fill), so the next full pass files the run's accesses for
// the other views in the same order. Every kMaxSoloRun + 1-th pass is a full one, which
// bounds what waits.
bool CoreScheduler::solo_may_continue(const sc_time& end, const std::optional<sc_time>& kernel_due) const {
  const RunControl& rc = run_control_;
  if (!solo_queue_ || solo_queue_->pending() != 0 || !chained_due_ || !kernel_due || solo_run_ >= kMaxSoloRun)
    return false;
  if (rc.stop_requested() || rc.stop_deferred() || rc.debug.paused || rc.host_threads_blocked || rc.instruction_limit != 0)
    return false;
  if (RunStateField::writes() != awake_writes_ || !solo_core_->still_alone()) return false;
  const sc_time latest = end + solo_margin_;
  return !(*kernel_due < latest) && !(solo_held_from_ < latest);
}

// A solo pass may go on through the passes that would follow it while its thread stays
// alone (run_long_solo), up to the soonest of: the kernel's next event and the next
// checkpoint, each less a store visibility (so the thread stays alone throughout, as every
// one of those passes would have had it), and kLongSoloCycles. Meanwhile the thread stops
// before an `sc`, a `wait`, a device access or a fetch outside RAM (PowerCore::
// begin_long_solo). Not with --max-instructions, a debugger, a deferred stop, or a hook that
// must see every round.
void CoreScheduler::lengthen_solo_pass(const sc_time& start, const sc_time& end, const sc_time& kernel_due,
                                       bool idle_skips) {
  const RunControl& rc = run_control_;
  if (!solo_queue_ || !idle_skips || rc.stop_deferred() || rc.debug.step_server ||
      rc.debug.freeze_others || (rc.round_hook && (rc.round_hook_when_idle || rc.round_hook_each_step)))
    return;
  sc_time longest = start + cycle_ * static_cast<double>(kLongSoloCycles);
  if (kernel_due - solo_margin_ < longest) longest = kernel_due - solo_margin_;
  if (solo_held_from_ - solo_margin_ < longest) longest = solo_held_from_ - solo_margin_;
  if (!(window_end(end) <= longest)) return; // not even two passes
  long_core_ = solo_core_;
  long_limit_ = longest;
  // The passes run_long_solo would run, in cycles, for the lone thread's steps to go on into
  // (PowerCore::arm_pass_chain): none unless the window is a whole number of cycles.
  PowerCore::LongPasses shape;
  const uint64_t unit = cycle_.value();
  if (unit != 0 && window_.value() % unit == 0) {
    shape.window = window_.value() / unit;
    shape.turn = turn_cycles_ > 1 ? turn_cycles_ : 1;
    shape.limit = longest.value() / unit;
  }
  long_core_->begin_long_solo(shape);
  ++long_solo_windows_;
}

// A long solo pass (lengthen_solo_pass) runs the passes that would have followed one another
// while the thread stayed alone, here in one go: each starts where the last left the thread,
// as chain_next_pass would start it, and is as long as any pass; only the pass-start work is
// left out (see solo_may_continue for why nothing but the lone thread could tell). It stops
// at the first pass that would not have run that way: one that would end past the limit,
// or after the thread stopped before something that could reach another thread, parked at a
// stcx. or moved its decrementer deadline. That pass is then finished as an ordinary one.
// So passes start where they would have (checkpoints are taken at pass starts) and every
// thread does what it would have done. Returns the end of the last pass.
sc_time CoreScheduler::run_long_solo(const sc_time& start, const sc_time& end, PowerCore& core) {
  sc_time pass_start = start, pass_end = end;
  for (;;) {
    core.run_window(pass_start, pass_end);
    // The thread's step went on into the passes that followed (Iss::set_pass_chain): they
    // count as run here, and the one it stopped in goes on as that pass would.
    uint64_t chained = 0;
    if (core.take_chained_passes(chained, pass_start, pass_end)) {
      run_control_.pass_start = pass_start;
      chained_at_ = pass_start;
      last_long_start_ = pass_start;
      passes_ += chained;
      solo_passes_ += chained;
      folded_passes_ += chained;
      chained_passes_in_steps_ += chained;
      if (!core.long_solo_cut() && !run_control_.stop_requested() && !run_control_.debug.paused &&
          core.has_runnable_thread() && core.local_time() < pass_end)
        continue;
    }
    if (core.long_solo_cut() || run_control_.stop_requested() || run_control_.debug.paused) break;
    if (!core.has_runnable_thread() || RunStateField::writes() != awake_writes_) break;
    if ((follow_up_ && follow_up_->holding()) || sc_core::sc_pending_activity_at_current_time()) break;
    const sc_time next = core.local_time() > pass_start ? core.local_time() : pass_start;
    const sc_time next_end = window_end(next);
    if (!(next > pass_start) || !(next_end > next) || next_end > long_limit_) break;
    pass_start = next;
    pass_end = next_end;
    run_control_.pass_start = pass_start;
    chained_at_ = pass_start; // the board's pass-start work reads the scheduler's now()
    last_long_start_ = pass_start;
    ++passes_;
    ++solo_passes_;
    ++folded_passes_;
  }
  const bool cut = core.long_solo_cut();
  core.end_long_solo();
  long_core_ = nullptr;
  if (cut) core.run_window(pass_start, pass_end); // on from the stop, as the pass would
  return pass_end;
}

void CoreScheduler::end_solo_pass() {
  if (long_core_) {
    long_core_->end_long_solo();
    long_core_ = nullptr;
  }
  if (!solo_core_) return;
  solo_core_->end_alone();
  solo_core_ = nullptr;
}

void CoreScheduler::refresh_awake() {
  const uint64_t writes = RunStateField::writes();
  if (writes == awake_writes_) return;
  awake_.clear();
  for (std::size_t i = 0; i < cores_.size(); ++i)
    if (cores_[i]->has_runnable_thread()) awake_.push_back(static_cast<unsigned>(i));
  awake_writes_ = writes;
}

void CoreScheduler::settle_idle_times() {
  for (PowerCore* core : cores_) core->idle_until(last_start_);
}

void CoreScheduler::set_host_threads(unsigned threads) {
  workers_.reset();
  if (threads > 1) workers_ = std::make_unique<HostWorkers>(threads);
  policy_ = AheadPolicy{};
  const char* always = std::getenv("PPC64SIM_HOST_THREADS_ALWAYS");
  policy_.always = always && std::string(always) == "1";
  policy_.since = std::chrono::steady_clock::now();
  ahead_job_ = [this](unsigned i) { ahead_cores_[i]->run_ahead(ahead_start_, ahead_end_, ahead_start_); };
}

uint64_t CoreScheduler::instructions_ahead() const {
  uint64_t n = 0;
  for (const PowerCore* core : cores_) n += core->instructions_ahead();
  return n;
}

bool CoreScheduler::parallel_this_pass() {
  AheadPolicy& p = policy_;
  if (p.always) return true;
  const unsigned block = p.stage == AheadPolicy::run ? kRunPasses : kProbePasses;
  if (++p.passes >= block) {
    const auto now = std::chrono::steady_clock::now();
    const uint64_t done = run_control_.instructions - p.instructions_since;
    const double cost = std::chrono::duration<double, std::nano>(now - p.since).count() / static_cast<double>(done ? done : 1);
    switch (p.stage) {
    case AheadPolicy::probe_parallel:
      p.parallel_cost = cost;
      p.stage = AheadPolicy::probe_serial;
      p.parallel = false;
      break;
    case AheadPolicy::probe_serial:
      p.stage = AheadPolicy::run;
      p.parallel = p.parallel_cost < cost;
      break;
    case AheadPolicy::run:
      p.stage = AheadPolicy::probe_parallel;
      p.parallel = true;
      break;
    }
    p.passes = 0;
    p.since = now;
    p.instructions_since = run_control_.instructions;
  }
  if (!p.parallel) ++p.serial_passes;
  return p.parallel;
}

bool CoreScheduler::may_run_ahead() const {
  const RunControl& rc = run_control_;
  if (!end_at_pending_ || rc.instruction_limit != 0 || rc.host_threads_blocked) return false;
  if (rc.debug.paused || rc.debug.step_server || rc.debug.freeze_others) return false;
  return !rc.round_hook || (!rc.round_hook_when_idle && !rc.round_hook_each_step);
}

// --host-threads, the parallel phase of a pass. Within a pass nothing one core does reaches
// another (stores become visible, fabric messages land and other cores' L2 accesses reach a
// view only at or after the window's end; stcx. decisions wait for run_parked_threads), bar
// what goes through the hypervisor, devices or the kernel. So each core with a running
// thread first runs its window on any host thread as far as it can without any of those
// (PowerCore::run_ahead): it reads only what nobody changes during the pass and does exactly
// what it would have done at its turn. The serial phase (run_pass's loop) then goes on with
// every core in core order from where it stopped, as the one-thread pass would: everything
// whose order matters happens there, in the same order. A pass with fewer than two such
// cores has nothing to share and runs serially.
void CoreScheduler::run_ahead_phase(const sc_time& start, const sc_time& end) {
  ahead_cores_.clear();
  for (PowerCore* core : cores_)
    if (ahead_cores_.size() < HostWorkers::kMaxJobs && core->may_run_ahead() && core->local_time() < end)
      ahead_cores_.push_back(core); // (the rest, on larger boards, run in the serial phase)
  if (ahead_cores_.size() < 2) {
    ahead_cores_.clear();
    return;
  }
  ++policy_.parallel_passes;
  ahead_start_ = start;
  ahead_end_ = end;
  workers_->run(static_cast<unsigned>(ahead_cores_.size()), ahead_job_);
}

// A stop (reboot, Ctrl-C) requested at some core's turn of the serial phase: the one-thread
// pass would have left the later cores where the pass started, but those that ran ahead have
// gone on. Ctrl-C ends the run wherever it lands anyway (their stores and counts are handed
// over as usual); any other stop cannot be reproduced, so the run fails rather than report
// another result than --host-threads 1 would.
void CoreScheduler::stop_with_cores_ahead() {
  bool ahead = false;
  for (PowerCore* core : cores_)
    if (core->ran_ahead()) {
      ahead = true;
      core->finish_run_ahead();
    }
  if (ahead && run_control_.stop_cause != StopCause::interrupted)
    throw std::runtime_error("--host-threads: the run was stopped (a reboot?) during a pass in which later cores had "
                             "already run ahead; this run cannot be reproduced with several host threads: run it "
                             "with --host-threads 1");
}

// Cycle mode with a store queue: threads parked at a stcx. run it in (cycle, thread) order.
// The first parked thread in that order has every other thread either past the window's end
// or parked at a later (cycle, thread): every store that could decide its stcx. is known.
// Only cores listed in parked_cores_ (those with a parked thread after their window, in
// core order) can have one: a parked thread runs on in its own core only.
void CoreScheduler::run_parked_threads(const sc_time& end) {
  for (;;) {
    PowerCore* best = nullptr;
    unsigned best_thread = 0;
    uint64_t best_cycle = 0;
    for (PowerCore* core : parked_cores_) // core order, then thread order: server order on ties
      for (unsigned t = 0; t < core->thread_count(); ++t)
        if (core->parked(t) && (!best || core->parked_cycle(t) < best_cycle)) {
          best = core;
          best_thread = t;
          best_cycle = core->parked_cycle(t);
        }
    if (!best) return;
    best->run_parked(best_thread, end);
    if (run_control_.stop_requested()) return;
    if (run_control_.debug.paused) { // as in run_pass: the resume goes on with this order
      if (follow_up_) follow_up_->release();
      while (run_control_.debug.paused && !run_control_.stop_requested()) sc_core::wait(sc_core::SC_ZERO_TIME);
      if (follow_up_) follow_up_->hold();
      if (run_control_.stop_requested()) return;
    }
  }
}

} // namespace ppc64sim::cpu
