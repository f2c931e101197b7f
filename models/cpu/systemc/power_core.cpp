#include "power_core.h"

#include "models/bus/payload.h"
#include "models/cpu/timing/core_timing.h"
#include "models/cpu/timing/smt_order.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace ppc64sim::cpu {

using sc_core::sc_time;

// The scheduler's time conversions were written in floating point (sc_time / sc_time is a
// double quotient); the integer forms below (cycles_ceil, cycles_floor, cycles_time) give the
// same numbers while the values are below 2^52 time units (~75 minutes at 1 ps): there a
// double quotient or product of two integers is close enough to exact never to round across
// an integer. Beyond, the original forms.
constexpr uint64_t kExactUnits = uint64_t{1} << 52;

struct PowerCore::TurnView {
  const ThreadState* state = nullptr;
  const timing::CoreTiming::Thread* timing = nullptr;
};

PowerCore::PowerCore(sc_core::sc_module_name name, const CoreParams& params,
                     HypervisorInterface& hypervisor, ReservationMonitor& reservations,
                     RunControl& run_control)
    : sc_module(name), socket("socket"), external_interrupt("external_interrupt", params.threads),
      params_(params), run_control_(run_control) {
  socket.register_invalidate_direct_mem_ptr(this, &PowerCore::invalidate_direct_mem_ptr);
  for (unsigned t = 0; t < params.threads; ++t) {
    HardwareThread thread;
    thread.state = std::make_unique<ThreadState>();
    thread.state->pir = params.first_server + t;
    thread.iss = std::make_unique<Iss>(*thread.state, static_cast<GuestMemory&>(*this), hypervisor, reservations);
    if (params.timing) thread.iss->set_timing(params.timing, t);
    if (params.timing && params.store_queue)
      thread.iss->set_store_queue(params.store_queue, params.threads > 1 && params.timing->params().smt_turn_cycles > 1);
    thread.decrementer = std::make_unique<sc_core::sc_event>();
    threads_.push_back(std::move(thread));
  }
  if (params.timebase_hz == 0) throw std::invalid_argument("PowerCore: CoreParams::timebase_hz must not be 0");
  // Femtoseconds per resolution unit, so sub-picosecond resolutions stay exact.
  fs_per_unit_ = static_cast<uint64_t>(sc_core::sc_get_time_resolution().to_seconds() * 1e15 + 0.5);
  if (fs_per_unit_ == 0) fs_per_unit_ = 1;
  slice_ = std::max<uint64_t>(1, params.quantum / params.cycle);
  cycle_units_ = params.cycle.value();
  if (cycle_units_ == 0) throw std::invalid_argument("PowerCore: CoreParams::cycle must be at least one time unit");
  exact_cycles_ = kExactUnits / cycle_units_;
  SC_HAS_PROCESS(PowerCore);
  SC_METHOD(on_external_interrupts);
  for (auto& line : external_interrupt) sensitive << line;
  dont_initialize();
  SC_METHOD(on_decrementer_events);
  for (auto& thread : threads_) sensitive << *thread.decrementer;
  dont_initialize();
}

// A decrementer deadline passed (Book III 9.3): the ISS raises the request; a ceded thread
// wakes (H_CEDE and `wait` sleep until any interrupt).
void PowerCore::on_decrementer_events() {
  bool woke = false;
  for (auto& hw : threads_) {
    if (hw.iss->poll_timers() && hw.state->run_state == RunState::ceded) {
      hw.state->run_state = RunState::running;
      thread_woken_at(static_cast<unsigned>(&hw - threads_.data()), cycles_floor(sc_core::sc_time_stamp()));
      woke = true;
    }
    schedule_decrementer(hw);
  }
  if (woke) wake();
  if (woke && on_wake) on_wake(*this);
}

sc_time PowerCore::time_of_tick(uint64_t tick) const {
  __extension__ using u128 = unsigned __int128;
  const u128 den = static_cast<u128>(params_.timebase_hz) * fs_per_unit_;
  const u128 num = static_cast<u128>(tick) * 1'000'000'000'000'000ull;
  return sc_time::from_value(static_cast<sc_dt::uint64>((num + den - 1) / den));
}

// Keeps the one timer per thread at the current deadline; moved only when it changes.
inline void PowerCore::schedule_decrementer(HardwareThread& hw) {
  if (decrementer_deadline(*hw.state) != hw.scheduled_tick) reschedule_decrementer(hw);
}

void PowerCore::reschedule_decrementer(HardwareThread& hw) {
  std::optional<uint64_t> tick = decrementer_deadline(*hw.state);
  if (tick == hw.scheduled_tick) return;
  hw.scheduled_tick = tick;
  decrementer_moved_ = true;
  hw.decrementer->cancel();
  if (!tick) return;
  hw.scheduled_when = time_of_tick(*tick);
  const sc_time& when = hw.scheduled_when;
  hw.scheduled_cycle = when.value() < kExactUnits ? cycles_ceil(when) : ~0ull;
  // From the board's present (chained passes: ahead of kernel time), so the timer fires
  // when it would with the kernel at the pass's start.
  const sc_time& kernel = sc_core::sc_time_stamp();
  const sc_time& now = run_control_.pass_start > kernel ? run_control_.pass_start : kernel;
  const sc_time& at = when > now ? when : now;
  if (at == kernel) hw.decrementer->notify(sc_core::SC_ZERO_TIME);
  else hw.decrementer->notify(at - kernel);
}

// A running thread stops at its deadline so the decrementer interrupt lands on the same
// instruction whatever the slice size (the next step() polls and takes it).
uint64_t PowerCore::cycles_until_decrementer_from(const HardwareThread& hw, uint64_t limit, const sc_time& now) const {
  std::optional<uint64_t> tick = decrementer_deadline(*hw.state);
  if (!tick) return limit;
  // The timer is kept at the current deadline after every step: its time is usually known.
  const sc_time when = tick == hw.scheduled_tick ? hw.scheduled_when : time_of_tick(*tick);
  if (when <= now) return limit;
  const uint64_t cycles = cycles_ceil(when - now);
  return cycles >= limit ? limit : std::max<uint64_t>(1, cycles);
}


uint64_t PowerCore::cycles_ceil(const sc_time& span) const {
  const uint64_t v = span.value();
  if (v < kExactUnits) return (v + cycle_units_ - 1) / cycle_units_;
  return static_cast<uint64_t>(std::ceil(span / params_.cycle));
}

uint64_t PowerCore::cycles_floor(const sc_time& t) const {
  const uint64_t v = t.value();
  if (v < kExactUnits) return v / cycle_units_;
  return static_cast<uint64_t>(t / params_.cycle);
}

sc_time PowerCore::cycles_time(uint64_t cycles) const {
  if (cycles < exact_cycles_) return sc_time::from_value(cycles * cycle_units_);
  return params_.cycle * static_cast<double>(cycles);
}

void PowerCore::materialize_local() const {
  local_ = cycles_time(local_cycle_);
  local_is_cycle_ = false;
}

// cycles_until_decrementer() with the core's time at the thread's `cycle`, the usual case:
// the timer is at the current deadline, the values are in the integer range and the thread
// is not behind kernel time. There the core's time is cycle * cycle, and
// ceil((when - cycle * cycle) / cycle) = ceil(when / cycle) - cycle = scheduled_cycle - cycle.
// Otherwise the general form.
inline uint64_t PowerCore::cycles_until_decrementer_at(const HardwareThread& hw, uint64_t cycle,
                                                       uint64_t kernel_units, uint64_t limit) const {
  const ThreadState& s = *hw.state;
  if (s.dec_requested) return limit;
  if (hw.scheduled_cycle == ~0ull || !hw.scheduled_tick || *hw.scheduled_tick != s.dec_edge ||
      cycle >= exact_cycles_ || cycle * cycle_units_ < kernel_units) {
    // local_now() without asking the kernel (run_ahead): kernel time stands still in a pass.
    const sc_time kernel = sc_time::from_value(kernel_units);
    const sc_time& local = local_time_ref();
    return cycles_until_decrementer_from(hw, limit, local > kernel ? local : kernel);
  }
  if (hw.scheduled_cycle <= cycle) return limit; // the deadline is not after the thread's time
  const uint64_t cycles = hw.scheduled_cycle - cycle; // at least 1
  return cycles >= limit ? limit : cycles;
}

void PowerCore::arm_pass_chain(HardwareThread& hw, uint64_t cycle, uint64_t pass_end) {
  if (!long_solo_ || long_shape_.window == 0) return;
  Iss::PassChain chain;
  chain.pass_start = cycle;
  chain.pass_end = pass_end;
  chain.window = long_shape_.window;
  chain.turn = long_shape_.turn;
  chain.limit = long_shape_.limit;
  hw.iss->set_pass_chain(chain);
}

void PowerCore::raise_system_reset(unsigned index) {
  if (ahead_) throw std::runtime_error("--host-threads: a system reset sent to a core that ran ahead in this pass");
  threads_.at(index).iss->raise_system_reset();
  wake();
}

// A raised line wakes a ceded thread (H_CEDE sleeps until an interrupt, PAPR); the ISS then
// takes the interrupt because H_CEDE set MSR[EE].
void PowerCore::on_external_interrupts() { apply_external_interrupts(); }

bool PowerCore::apply_external_interrupts() {
  bool woke = false;
  for (unsigned t = 0; t < threads_.size(); ++t) {
    bool level = external_interrupt[t].read();
    HardwareThread& hw = threads_[t];
    hw.iss->set_external_interrupt(level);
    if (level && hw.state->run_state == RunState::ceded) {
      hw.state->run_state = RunState::running;
      thread_woken_at(t, cycles_floor(sc_core::sc_time_stamp()));
      woke = true;
      wake();
      if (on_wake) on_wake(*this);
    }
  }
  return woke;
}

PowerCore::~PowerCore() = default;

void PowerCore::wake() { run_control_.scheduler_wake.notify(sc_core::SC_ZERO_TIME); }

void PowerCore::set_timebase_source(const std::function<uint64_t()>& source) {
  for (auto& thread : threads_) thread.iss->set_timebase_source(source);
}

void PowerCore::set_cycle_timebase(const TimebaseClock* clock) {
  if (!params_.timing) return; // the threads' own cycles exist in cycle mode only
  for (auto& thread : threads_) thread.iss->set_cycle_timebase(clock, cycle_units_);
}

void PowerCore::start() {
  for (auto& thread : threads_) thread.iss->flush_decode_cache();
}

void PowerCore::restart_timers() {
  for (auto& hw : threads_) {
    hw.scheduled_tick.reset();
    hw.decrementer->cancel();
    schedule_decrementer(hw);
  }
}

// The threads of a core issue in parallel: each round gives every running thread a slice,
// and the core's time advances by the longest slice actually used. A slice never crosses the
// window's end by more than one instruction's cycles, nor the thread's decrementer deadline.
void PowerCore::run_window(const sc_time& start, const sc_time& end) {
  if (local_time_ref() < start) set_local(start);
  if (interleaved()) {
    // Every running thread is at or past the window's start (woken threads start at their
    // wake-up's cycle, thread_woken_at); a thread put back to running otherwise (a debugger,
    // a restore) starts at the window's start, as every thread of a slice-run core does.
    const uint64_t first = cycles_floor(start);
    for (unsigned t = 0; t < threads_.size(); ++t)
      if (threads_[t].state->run_state == RunState::running && params_.timing->cycle(t) < first)
        params_.timing->idle_until(t, first);
    run_interleaved(end, -1);
    return;
  }
  DebugControl& debug = run_control_.debug;
  while (local_time_ref() < end) {
    if (run_control_.stop_requested() || debug.paused) return;
    if (debug.interrupt_request.load(std::memory_order_relaxed) && debug.interrupt_request.exchange(false)) {
      debug.stop(DebugStopKind::interrupted, threads_[0].state->pir, threads_[0].state->pc);
      return;
    }
    uint64_t slice = 0; // computed once a thread can run: most cores of a board are idle
    bool ran = false;
    uint64_t round_cycles = 0;
    for (auto& thread : threads_) {
      if (thread.state->run_state != RunState::running) continue;
      const uint32_t server = thread.state->pir;
      if (!debug.may_run(server) || thread.parked) continue;
      if (slice == 0) {
        const uint64_t to_end = cycles_ceil(end - local_time_ref());
        slice = std::max<uint64_t>(1, std::min(slice_, to_end));
      }
      uint64_t budget = debug.budget(server, run_control_.remaining(cycles_until_decrementer(thread, slice)));
      if (budget == 0) break;
      // Cycle mode: a thread that slept, or ran shorter in the last round, starts at the core's time.
      if (params_.timing)
        params_.timing->idle_until(static_cast<unsigned>(&thread - threads_.data()),
                                   cycles_floor(local_time_ref()));
      run_control_.active_core = this;
      run_control_.active_iss = thread.iss.get();
      // A long window: only where the step starts at the core's time and its slice is the
      // pass's remainder (steps of a pass are then one each, as the chained ones are).
      if (long_solo_ && params_.timing && slice_ >= long_shape_.window) {
        const uint64_t at = params_.timing->cycle(static_cast<unsigned>(&thread - threads_.data()));
        const uint64_t end_cycle = cycles_ceil(end);
        if (cycles_time(at) == local_time_ref() && at + slice == end_cycle) arm_pass_chain(thread, at, end_cycle);
      }
      StepResult result = thread.iss->step(budget);
      note_pass_chain(thread);
      round_cycles = std::max(round_cycles, result.cycles);
      ran = true;
      after_step(thread, result);
      if (leaves_long_solo(result)) break;
      if (run_control_.stop_requested() || debug.paused) break;
    }
    if (run_control_.limit_reached()) run_control_.request_stop(StopCause::instruction_limit);
    if (round_cycles != 0) set_local(local_time_ref() + cycles_time(round_cycles));
    if (run_control_.round_hook && (ran || run_control_.round_hook_when_idle)) run_control_.round_hook(*this);
    if (!ran || long_solo_cut_) return; // idle until a wake-up: the scheduler moves the core's time on
  }
}

inline void PowerCore::after_step(HardwareThread& thread, const StepResult& result) {
  DebugControl& debug = run_control_.debug;
  const uint32_t server = thread.state->pir;
  run_control_.active_core = nullptr;
  run_control_.active_iss = nullptr;
  schedule_decrementer(thread);
  run_control_.instructions += result.instructions;
  if (__builtin_expect(result.reason != StopReason::budget, 0)) {
    if (result.reason == StopReason::stcx_order) {
      thread.parked = true;
      thread.park_cycle = params_.timing->cycle(static_cast<unsigned>(&thread - threads_.data()));
    }
    if (result.reason == StopReason::breakpoint) debug.stop(DebugStopKind::breakpoint, server, thread.state->pc);
    if (result.reason == StopReason::watchpoint) debug.stop(DebugStopKind::watchpoint, server, thread.state->pc, thread.iss->watch_hit().address);
  }
  if (__builtin_expect(debug.step_server.has_value(), 0) && *debug.step_server == server) {
    debug.step_left -= std::min(debug.step_left, result.instructions);
    if (debug.step_left == 0) debug.stop(DebugStopKind::step_done, server, thread.state->pc);
  }
}

// The thread runs on its own time (it was left behind the core's other threads at its
// stcx.): the core's time is set to it while it runs, so the decrementer and device accesses
// see the thread's time, and afterwards becomes the later of the two.
void PowerCore::run_parked(unsigned index, const sc_time& end) {
  HardwareThread& thread = threads_[index];
  DebugControl& debug = run_control_.debug;
  thread.parked = false;
  if (interleaved()) {
    run_interleaved(end, static_cast<int>(index));
    return;
  }
  const sc_time core_time = local_time_ref();
  const uint64_t end_cycle = static_cast<uint64_t>(std::ceil(end / params_.cycle));
  bool first = true;
  for (;;) {
    if (run_control_.stop_requested() || debug.paused) break;
    if (thread.state->run_state != RunState::running || !debug.may_run(thread.state->pir)) break;
    const uint64_t now = params_.timing->cycle(index);
    if (now >= end_cycle) break;
    set_local(params_.cycle * static_cast<double>(now));
    const uint64_t budget = debug.budget(thread.state->pir, run_control_.remaining(cycles_until_decrementer(thread, end_cycle - now)));
    if (budget == 0) break;
    if (first) thread.iss->allow_stcx(); // for this step only: never a later, unordered one
    first = false;
    run_control_.active_core = this;
    run_control_.active_iss = thread.iss.get();
    StepResult result = thread.iss->step(budget);
    after_step(thread, result);
    if (run_control_.limit_reached()) run_control_.request_stop(StopCause::instruction_limit);
    if (thread.parked || (result.instructions == 0 && result.cycles == 0)) break;
  }
  const sc_time thread_time = params_.cycle * static_cast<double>(params_.timing->cycle(index));
  set_local(std::max(core_time, std::max(local_time_ref(), thread_time)));
  if (run_control_.round_hook) run_control_.round_hook(*this);
}

// The SMT interleave. At each step the eligible thread with the smallest (cycle, thread) runs,
// with a budget that ends the step as soon as another thread's (cycle, thread) is smaller
// than its own: the core's instructions run in (cycle before the instruction, thread) order,
// whatever the window. A window only cuts that sequence where every thread has reached its
// end, which the next window continues unchanged. A thread parked at a stcx. freezes the
// whole core (its siblings are all after it in that order): the scheduler resumes it, and
// the core with it, once every thread of the board is past the stcx.'s cycle
// (CoreScheduler::run_parked_threads), so the siblings never run past the parked cycle in
// an order that depends on windows.
void PowerCore::run_interleaved(const sc_time& end, int resumed) {
  if (params_.timing->params().smt_turn_cycles > 1) interleave<true>(end, resumed);
  else interleave<false>(end, resumed);
}

template <bool kBlocks> void PowerCore::interleave(const sc_time& end, int resumed) {
  DebugControl& debug = run_control_.debug;
  timing::CoreTiming& tm = *params_.timing;
  const uint64_t end_cycle = cycles_ceil(end);
  const unsigned n = static_cast<unsigned>(threads_.size());
  // Kernel time stands still while the core runs (a step never waits): local_now() below is
  // the later of the running thread's time and this.
  const bool ahead = interleave_ahead_;
  const uint64_t kernel_units =
      ahead ? ahead_kernel_.value() : std::max(sc_core::sc_time_stamp(), run_control_.pass_start).value();
  // A hook that only polls (Ctrl-C, no trace) is called once when the core leaves its window
  // instead of after each of its (short) steps. Never in run_ahead (the scheduler runs ahead
  // only with such a hook: run_window() calls it when it goes on).
  const bool hook_each_step = !ahead && run_control_.round_hook && run_control_.round_hook_each_step;
  // The debugger changes who may run only while paused, which ends this loop.
  const bool all_may_run = !(debug.freeze_others && debug.step_server);
  // No debugger step mode and no instruction limit (the usual run; neither changes inside
  // this loop): a step's budget is then its cycle limit as it is, and no step reaches a limit.
  const bool unlimited = !debug.step_server && run_control_.instruction_limit == 0;
  turn_views_.resize(n);
  for (unsigned t = 0; t < n; ++t) turn_views_[t] = TurnView{threads_[t].state.get(), &tm.thread(t)};
  const TurnView* views = turn_views_.data();
  // The choice of the next thread (smt_order.h): written out for an SMT2 core whose threads
  // may all run (the usual case).
  const bool pair = n == 2 && all_may_run;
  const auto running = [views](unsigned t) { return views[t].state->run_state == RunState::running; };
  const auto cycle_of = [views](unsigned t) { return views[t].timing->cycle(); };
  // Turns of K cycles (timing.smt-turn-cycles > 1): (cycle / K, thread) order, exact while a
  // thread's stcx. waits (stcx_order_exact_).
  const uint64_t turn_k = tm.params().smt_turn_cycles;
  constexpr bool blocks = kBlocks;
  bool ran = false;
  // Only a step parks a thread (after_step), and only its own: frozen is looked at once here
  // and then after each step.
  bool frozen = false;
  for (const HardwareThread& hw : threads_) frozen |= hw.parked;
  for (;;) {
    if (run_control_.stop_requested() || debug.paused) break;
    if (!ahead && debug.interrupt_request.load(std::memory_order_relaxed) && debug.interrupt_request.exchange(false)) {
      debug.stop(DebugStopKind::interrupted, threads_[0].state->pir, threads_[0].state->pc);
      break;
    }
    if (frozen) break;
    const auto exact_turn = [&] {
      if (pair) return timing::smt_turn_pair(end_cycle, running(0), cycle_of(0), running(1), cycle_of(1));
      if (all_may_run && n == 4) return timing::smt_turn(4, end_cycle, running, cycle_of); // unrolled
      if (all_may_run) return timing::smt_turn(n, end_cycle, running, cycle_of);
      return timing::smt_turn(
          n, end_cycle, [&](unsigned t) { return running(t) && debug.may_run(views[t].state->pir); }, cycle_of);
    };
    timing::SmtTurn turn;
    if constexpr (blocks) {
      if (stcx_order_exact_) stcx_order_exact_ = stcx_still_waiting();
      if (stcx_order_exact_) {
        turn = exact_turn();
        // The exact order lasts until the waiting stcx. has run: that step ends right after
        // it, wherever the window ends.
        if (turn.thread != n && threads_[turn.thread].stcx_cycle == turn.from)
          turn.until = std::min(turn.until, turn.from + 1);
      } else if (pair) {
        turn = timing::smt_turn_pair_blocks(turn_k, end_cycle, running(0), cycle_of(0), running(1), cycle_of(1));
      } else if (all_may_run) {
        turn = timing::smt_turn_blocks(n, turn_k, end_cycle, running, cycle_of);
      } else {
        turn = timing::smt_turn_blocks(
            n, turn_k, end_cycle, [&](unsigned t) { return running(t) && debug.may_run(views[t].state->pir); },
            cycle_of);
      }
    } else {
      turn = exact_turn();
    }
    if (turn.thread == n) break;
    const unsigned a = turn.thread;
    const uint64_t ca = turn.from, limit = turn.until;
    HardwareThread& thread = threads_[a];
    set_local_cycle(ca); // the thread's time: decrementer, device accesses, messages
    const uint64_t cycles = cycles_until_decrementer_at(thread, ca, kernel_units, limit - ca);
    const uint64_t budget =
        unlimited ? cycles : debug.budget(thread.state->pir, run_control_.remaining(cycles));
    if (budget == 0) break;
    if (__builtin_expect(resumed >= 0, 0)) {
      if (static_cast<int>(a) == resumed) thread.iss->allow_stcx(); // that step only
      resumed = -1;
    }
    if (ahead) {
      const StepResult result = thread.iss->step(budget);
      const bool leave = after_step_ahead(thread, result);
      const uint64_t after = views[a].timing->cycle();
      set_local_cycle(after);
      const bool held = blocks && result.reason == StopReason::stcx_order && hold_stcx_for_siblings(a);
      frozen = thread.parked;
      if (leave) {
        ahead_needs_window_ = true;
        break;
      }
      if (result.instructions == 0 && after == ca && !frozen && !held &&
          thread.state->run_state == RunState::running)
        break;
      continue;
    }
    run_control_.active_core = this;
    run_control_.active_iss = thread.iss.get();
    if (long_solo_ && unlimited) arm_pass_chain(thread, ca, end_cycle);
    StepResult result = thread.iss->step(budget);
    note_pass_chain(thread);
    after_step(thread, result);
    const uint64_t after = views[a].timing->cycle();
    set_local_cycle(after);
    const bool held = blocks && result.reason == StopReason::stcx_order && hold_stcx_for_siblings(a);
    ran = true;
    if (leaves_long_solo(result)) break;
    if (!unlimited && run_control_.limit_reached()) run_control_.request_stop(StopCause::instruction_limit);
    if (hook_each_step) run_control_.round_hook(*this);
    // No progress and still first: it would only be picked again (a stop is caught above).
    if (__builtin_expect(result.instructions == 0, 0) && after == ca && !thread.parked && !held &&
        thread.state->run_state == RunState::running)
      break;
    frozen = thread.parked;
  }
  // The core's time: its earliest running thread (the scheduler comes back when kernel time
  // reaches it), or, all asleep, where the last one stopped.
  uint64_t earliest = ~0ull, latest = 0;
  for (unsigned t = 0; t < n; ++t) {
    const uint64_t c = tm.cycle(t);
    if (threads_[t].state->run_state == RunState::running && c < earliest) earliest = c;
    if (c > latest) latest = c;
  }
  if (earliest != ~0ull) {
    set_local_cycle(earliest);
  } else {
    const sc_time t = cycles_time(latest);
    if (local_time_ref() < t) set_local(t);
  }
  if (ran && run_control_.round_hook && !hook_each_step) run_control_.round_hook(*this);
}

// Turns of K cycles let a thread run up to K cycles ahead of a sibling. A stcx. is decided
// from every store that can lie between its larx and it (CoreScheduler::run_parked_threads),
// so its thread is parked only once no sibling is behind it in (cycle, thread) order, as in
// the exact order: until then the core runs in that order, and the thread comes back to its
// stcx. when the siblings have caught up.
bool PowerCore::hold_stcx_for_siblings(unsigned a) {
  HardwareThread& thread = threads_[a];
  const timing::CoreTiming& tm = *params_.timing;
  const uint64_t d = tm.cycle(a);
  thread.stcx_cycle = d;
  stcx_order_exact_ = true;
  for (unsigned s = 0; s < threads_.size(); ++s) {
    if (s == a || threads_[s].state->run_state != RunState::running) continue;
    const uint64_t c = tm.cycle(s);
    if (c < d || (c == d && s < a)) {
      thread.parked = false;
      return true;
    }
  }
  return false;
}

bool PowerCore::stcx_still_waiting() {
  bool waiting = false;
  for (unsigned t = 0; t < threads_.size(); ++t) {
    HardwareThread& hw = threads_[t];
    if (hw.stcx_cycle == ~0ull) continue;
    if (hw.parked || (hw.state->run_state == RunState::running && params_.timing->cycle(t) <= hw.stcx_cycle))
      waiting = true;
    else
      hw.stcx_cycle = ~0ull;
  }
  return waiting;
}

bool PowerCore::may_run_ahead() const {
  if (!params_.timing || !params_.store_queue) return false;
  bool running = false;
  for (const HardwareThread& hw : threads_) {
    if (hw.parked) return false;
    if (hw.state->run_state == RunState::running) running = true;
    else if (threads_.size() > 1) return false;
  }
  return running;
}

void PowerCore::run_ahead(const sc_time& start, const sc_time& end, const sc_time& kernel) {
  ahead_ = true;
  ahead_needs_window_ = false;
  ahead_kernel_ = kernel;
  ahead_instructions_ = 0;
  ahead_timer_thread_ = -1;
  for (HardwareThread& hw : threads_) hw.iss->set_restricted(true);
  if (local_time_ref() < start) set_local(start);
  if (interleaved()) {
    const uint64_t first = cycles_floor(start); // as run_window()
    for (unsigned t = 0; t < threads_.size(); ++t)
      if (threads_[t].state->run_state == RunState::running && params_.timing->cycle(t) < first)
        params_.timing->idle_until(t, first);
    interleave_ahead_ = true;
    run_interleaved(end, -1);
    interleave_ahead_ = false;
  } else {
    run_single_ahead(end);
  }
  for (HardwareThread& hw : threads_) hw.iss->set_restricted(false);
}

// run_window()'s loop for a one-thread core (cycle mode), minus what may not run here: the
// debugger's interrupt check, the instruction limit and the round hook (the scheduler runs
// ahead only without a debugger or a limit, and with a hook that only polls).
void PowerCore::run_single_ahead(const sc_time& end) {
  HardwareThread& thread = threads_[0];
  while (local_time_ref() < end) {
    if (run_control_.stop_requested() || run_control_.debug.paused) return;
    if (thread.state->run_state != RunState::running || thread.parked) return;
    const uint64_t to_end = cycles_ceil(end - local_time_ref());
    const uint64_t slice = std::max<uint64_t>(1, std::min(slice_, to_end));
    const sc_time& local = local_time_ref();
    const uint64_t budget = cycles_until_decrementer_from(thread, slice, local > ahead_kernel_ ? local : ahead_kernel_);
    if (budget == 0) return;
    params_.timing->idle_until(0, cycles_floor(local_time_ref()));
    const StepResult result = thread.iss->step(budget);
    const bool leave = after_step_ahead(thread, result);
    if (result.cycles != 0) set_local(local_time_ref() + cycles_time(result.cycles));
    if (leave) {
      ahead_needs_window_ = true;
      return;
    }
  }
}

inline bool PowerCore::after_step_ahead(HardwareThread& thread, const StepResult& result) {
  ahead_instructions_ += result.instructions;
  bool leave = false;
  if (decrementer_deadline(*thread.state) != thread.scheduled_tick) { // its timer is a kernel event
    ahead_timer_thread_ = static_cast<int>(&thread - threads_.data());
    leave = true;
  }
  if (result.reason == StopReason::stcx_order) {
    thread.parked = true;
    thread.park_cycle = params_.timing->cycle(static_cast<unsigned>(&thread - threads_.data()));
  } else if (result.reason != StopReason::budget) {
    leave = true; // restricted, or anything else run_window() should see
  }
  return leave;
}

bool PowerCore::finish_run_ahead() {
  ahead_ = false;
  for (HardwareThread& hw : threads_) hw.iss->publish_staged_stores();
  const bool ran = ahead_instructions_ != 0;
  run_control_.instructions += ahead_instructions_;
  instructions_ahead_ += ahead_instructions_;
  ahead_instructions_ = 0;
  if (ahead_timer_thread_ >= 0) schedule_decrementer(threads_[static_cast<unsigned>(ahead_timer_thread_)]);
  ahead_timer_thread_ = -1;
  // The round hook only polls here (Ctrl-C): once for a window that run_ahead() ended, as
  // run_window() would have called it at least once; run_window() calls it when it goes on.
  if (ran && !ahead_needs_window_ && run_control_.round_hook) run_control_.round_hook(*this);
  return ahead_needs_window_;
}

void PowerCore::thread_woken_at(unsigned index, uint64_t cycle) {
  if (interleaved()) params_.timing->idle_until(index, cycle);
}

DirectRegion PowerCore::direct_region() {
  // Before the kernel runs the socket is not bound yet: report no region and ask again later.
  if (!dmi_checked_ && sc_core::sc_is_running()) {
    dmi_checked_ = true;
    tlm::tlm_generic_payload payload;
    tlm::tlm_dmi dmi;
    payload.set_command(tlm::TLM_READ_COMMAND);
    payload.set_address(0);
    payload.set_data_length(1);
    if (socket->get_direct_mem_ptr(payload, dmi) && dmi.is_read_write_allowed()) {
      dmi_.base = dmi.get_start_address();
      dmi_.size = dmi.get_end_address() - dmi.get_start_address() + 1;
      dmi_.host = dmi.get_dmi_ptr();
      dmi_.code_watch = params_.code_watch;
    }
  }
  return dmi_;
}

AccessStatus PowerCore::transport(tlm::tlm_command command, uint64_t addr, uint8_t* data, unsigned len) {
  // run_ahead() stops its threads before every access that comes here (Iss::set_restricted);
  // one that got through would touch the kernel from a worker thread.
  if (ahead_) throw std::logic_error("PowerCore: a memory-interface access while running ahead (--host-threads)");
  tlm::tlm_generic_payload payload;
  bus::prepare_access(payload, command, addr, data, len);
  const sc_time kernel = sc_core::sc_time_stamp();
  sc_time delay = local_now() - kernel;
  socket->b_transport(payload, delay);
  // No wait() here: the ISS is mid-step; the target's delay only moves the core's own time.
  set_local(kernel + delay);
  return payload.is_response_ok() ? AccessStatus::ok : AccessStatus::unmapped;
}

AccessStatus PowerCore::read(uint64_t addr, uint8_t* data, unsigned len, const AccessInfo&) {
  return transport(tlm::TLM_READ_COMMAND, addr, data, len);
}

AccessStatus PowerCore::write(uint64_t addr, const uint8_t* data, unsigned len, const AccessInfo&) {
  // TLM payloads carry a non-const pointer; a write never modifies the buffer.
  return transport(tlm::TLM_WRITE_COMMAND, addr, const_cast<uint8_t*>(data), len);
}

void PowerCore::invalidate_direct_mem_ptr(sc_dt::uint64, sc_dt::uint64) {
  dmi_ = DirectRegion{};
  dmi_checked_ = false;
  for (auto& thread : threads_) thread.iss->flush_decode_cache();
}

} // namespace ppc64sim::cpu
