#pragma once
// Board::Impl, private to the board's own sources (board.cpp, board_checkpoint.cpp): every
// model of the board and the glue between them.
#include "platforms/board.h"
#include "platforms/interrupt_lines.h"

#include "models/bus/router.h"
#include "models/cpu/code_watch.h"
#include "models/cpu/store_queue.h"
#include "models/cpu/timebase_clock.h"
#include "models/cpu/reservation_monitor.h"
#include "models/cpu/systemc/core_scheduler.h"
#include "models/cpu/systemc/power_core.h"
#include "models/cpu/timing/core_timing.h"

#include <stdexcept>
#include <string>
#include "models/cpu/systemc/run_control.h"
#include "models/devices/irq_generator.h"
#include "models/devices/ram.h"
#include "models/devices/vty.h"
#include "models/hyp/cpu_control.h"
#include "models/hyp/hypervisor.h"
#include "models/intc/xics.h"

#include <algorithm>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <sstream>
#include <stdexcept>
#include <vector>

namespace ppc64sim::platform {

struct Board::Impl : hyp::CpuControl {
  BoardConfig config;
  cpu::RunControl run_control;
  cpu::ReservationMonitor reservations;
  devices::Vty vty;
  bus::Router router{"router"};
  cpu::CodeWatch code_watch; // which RAM pages hold code, for every core (before ram)
  devices::Ram ram;
  hyp::Hypervisor hypervisor;
  intc::Xics xics;
  std::unique_ptr<devices::IrqGenerator> irqgen;
  // Cycle mode: the board's L2 and each core's timing model (null / empty in fast mode).
  std::unique_ptr<cpu::timing::SharedL2> l2;
  std::vector<std::unique_ptr<cpu::timing::CoreTiming>> core_timing;
  // Cycle mode with more than one thread: stores become visible to the other threads later
  // (models/cpu/store_queue.h); drained at every pass start. Null otherwise.
  std::unique_ptr<cpu::StoreQueue> store_queue;
  // The cycle of thread `server` in its core's timing model (cycle mode).
  // Writes a travelling query's answer for its caller (board.cpp).
  void write_answer(const intc::Message& q, const intc::QueryAnswer& a);
  uint64_t thread_cycle(uint32_t server) const {
    return core_timing[server / config.threads_per_core]->cycle(server % config.threads_per_core);
  }
  std::vector<std::unique_ptr<cpu::PowerCore>> cores;
  // The board's end: kernel time, or a core or (cycle mode) a thread that ran past it inside
  // its last window. Kernel time alone is where the last pass started, which in cycle mode
  // depends on the window length; the threads' own cycles do not.
  uint64_t simulated_end_ps() const {
    sc_core::sc_time end = sc_core::sc_time_stamp();
    for (const auto& core : cores) {
      end = std::max(end, core->local_now());
      if (config.cycle_mode)
        for (unsigned t = 0; t < core->thread_count(); ++t)
          end = std::max(end, core->cycle_period() * static_cast<double>(thread_cycle(core->thread(t).pir)));
    }
    return static_cast<uint64_t>(end.to_seconds() * 1e12);
  }
  std::unique_ptr<cpu::CoreScheduler> scheduler; // runs the cores
  std::unique_ptr<BoardTracer> tracer; // declared after what it hooks into: destroyed first
  // External-interrupt line of every thread (server order): ICP irq -> core input.
  InterruptLines irq_lines;
  // ---- checkpoints taken during a run (board_checkpoint.cpp)
  struct CheckpointRequest {
    uint64_t cycle = 0;
    std::string path;
    bool pause_after = false; // the monitor's `checkpoint`: the debugger stops right after
  };
  std::vector<CheckpointRequest> checkpoint_requests; // ascending cycle
  std::string checkpoint_error; // a checkpoint that could not be written ends the run
  std::function<void(uint64_t cycle, const std::string& path)> on_checkpoint_written;
  // CoreScheduler::on_pass_start: writes the due checkpoints once the board is quiet.
  void take_due_checkpoints(Board& board);
  // Board::save_checkpoint without exceptions: "" or why the file could not be written.
  std::string write_checkpoint_file(Board& board, const std::string& path);
  // True when nothing but the scheduler has anything due at the current time and no core is
  // ahead of it: the state is then the whole truth, and a restored run starting with a pass
  // at this time does exactly what this run does next.
  bool quiet_for_checkpoint() const;
  // Checkpoint section "scheduler": kernel time and every core's own time.
  std::vector<uint8_t> save_scheduler_state() const;
  uint64_t start_cycle = 0; // where the run starts: 0, or a restored checkpoint's cycle
  std::vector<uint8_t> restored_statistics; // a restored checkpoint's counters, for enable_tracing
  std::string restored_statistics_what;
  void restore_scheduler_state(const uint8_t* data, size_t size, const std::string& what);

  Impl(const BoardConfig& cfg, ConsoleSink console);

  cpu::PowerCore& core_of(uint32_t server) { return *cores.at(server / config.threads_per_core); }
  // core_of without the division, for the hcall hook (every XICS hcall): by server.
  std::vector<cpu::PowerCore*> core_by_server;

  // A thread that changes ICP lines (hcall, device register write) keeps executing before
  // the ICP's signal can reach its core, so its core's ISS levels are set here at once; the
  // signal path then writes the same values (and wakes ceded threads).
  void sync_lines(cpu::PowerCore& core) {
    for (unsigned t = 0; t < core.thread_count(); ++t) {
      const uint32_t server = core.thread(t).pir;
      core.iss(t).set_external_interrupt(xics.line(server));
    }
  }
  void sync_active_core_lines() {
    if (run_control.active_core) sync_lines(*run_control.active_core);
  }

  // When a thread wakes another (start-cpu, prod): the waker core's time; in cycle mode the
  // waking thread's own cycle (its core's time is that of the slice's start), so the woken
  // thread does not start in its waker's past whatever the window length.
  sc_core::sc_time waker_now() const {
    if (!run_control.active_core) return sc_core::sc_time_stamp();
    sc_core::sc_time t = run_control.active_core->local_now();
    if (config.cycle_mode && run_control.active_iss)
      t += run_control.active_core->cycle_period() * static_cast<double>(run_control.active_iss->cycles_in_step());
    return t;
  }
  // Cycle mode with more than one thread: a wake-up by another thread is an effect of one
  // thread on another and, like a store or an IPI, lands a store visibility V after its
  // cause. Landing inside the waker's window would start the woken thread behind what its
  // core's other threads may already have run in this pass (the host runs cores one after
  // another): its first instructions would follow theirs out of (cycle, thread) order. At
  // V or later it is past every window that has run, whatever the host order.
  uint64_t wake_delay_cycles() const {
    return config.cycle_mode && config.thread_count() > 1 && run_control.active_iss ? config.store_visibility_cycles : 0;
  }

  // hyp::CpuControl
  bool has_thread(uint32_t server) const override { return server < config.thread_count(); }
  cpu::ThreadState& thread_state(uint32_t server) override {
    return core_of(server).thread(server % config.threads_per_core);
  }
  // --host-threads: a core that ran ahead in this pass (CoreScheduler::run_ahead_phase) and
  // whose serial turn has not come yet has already executed past the point where an earlier
  // core's hcall now reaches it: the one-thread run would differ. The scheduler runs ahead
  // only cores whose threads all run, which no wake-up changes, so this only guards.
  void refuse_if_ran_ahead(cpu::PowerCore& core, uint32_t server, const char* what) const {
    if (!core.ran_ahead() || run_control.active_core == &core) return;
    throw std::runtime_error(std::string("--host-threads: ") + what + " of thread " + std::to_string(server) +
                             " by another core's hcall after its core ran ahead in the same pass; run "
                             "with --host-threads 1");
  }
  void will_change(uint32_t server) override { refuse_if_ran_ahead(core_of(server), server, "a change"); }
  void wake(uint32_t server) override {
    cpu::PowerCore& core = core_of(server);
    if (thread_state(server).run_state != cpu::RunState::running) refuse_if_ran_ahead(core, server, "the wake-up");
    const uint64_t delay = wake_delay_cycles();
    if (!core.has_runnable_thread()) core.idle_until(waker_now() + core.cycle_period() * static_cast<double>(delay));
    cpu::ThreadState& woken = thread_state(server);
    if (config.cycle_mode && config.threads_per_core > 1 && woken.run_state != cpu::RunState::running) {
      // SMT cores interleave their threads by cycle (power_core.h): the woken thread starts
      // at its wake-up's exact cycle, and a waker of the same core ends its step there so the
      // woken thread takes its turn in (cycle, thread) order from that cycle on.
      const uint64_t at = run_control.active_iss ? thread_cycle(run_control.active_iss->state().pir) + delay
                                                 : static_cast<uint64_t>(scheduler->now() / core.cycle_period());
      core.thread_woken_at(server % config.threads_per_core, at);
      if (run_control.active_core == &core && run_control.active_iss) run_control.active_iss->end_step();
    }
    woken.run_state = cpu::RunState::running;
    core.wake();
  }
  // The timebase is derived from simulated time, never ticked (architecture habit 5). A thread
  // reads it at its own time: in cycle mode its own cycle (exact whatever the window, as
  // every cross-thread effect), in fast mode its core's time (its step's start: cheap, and
  // fast mode times are per quantum anyway). Outside any thread, the scheduler's time.
  uint64_t timebase_now() const override {
    if (config.cycle_mode && run_control.active_core && run_control.active_iss) return thread_timebase_now();
    return core_timebase_now();
  }
  // Fast mode's: what the cores read on every step.
  uint64_t core_timebase_now() const {
    return timebase_at(run_control.active_core ? run_control.active_core->local_now() : scheduler->now());
  }
  __attribute__((noinline)) uint64_t thread_timebase_now() const {
    const uint32_t server = run_control.active_iss->state().pir;
    // Timing cycles count from time 0 in the core's cycle period, as the core's own time.
    return timebase.at_units(thread_cycle(server) * run_control.active_core->cycle_period().value());
  }
  uint64_t timebase_at(const sc_core::sc_time& now) const { return timebase.at_units(now.value()); }
  // Time -> ticks (config.timebase_hz), for every reader; the cores' threads read it directly
  // at their own cycle in cycle mode (PowerCore::set_cycle_timebase). Set once the board's
  // first times exist, which fixes the resolution.
  cpu::TimebaseClock timebase;
  // Cycle mode with more than one thread: the caller stops at its call, and the others a store
  // visibility later (as every effect of one thread on another), so how far they ran does not
  // depend on where windows end. Otherwise the whole board stops at once.
  void request_power_off() override {
    if (!config.cycle_mode || config.thread_count() == 1 || !run_control.active_iss) {
      run_control.request_stop(cpu::StopCause::power_off);
      return;
    }
    run_control.active_iss->state().run_state = cpu::RunState::stopped;
    run_control.active_iss->end_step();
    run_control.request_stop_at(cpu::StopCause::power_off,
                                waker_now() + run_control.active_core->cycle_period() *
                                                  static_cast<double>(config.store_visibility_cycles));
  }
  void request_reboot() override { run_control.request_stop(cpu::StopCause::reboot); }

  void check_ram(uint64_t addr, uint64_t size) const {
    if (addr > config.memory_bytes() || size > config.memory_bytes() - addr) {
      std::ostringstream msg;
      msg << "guest physical range 0x" << std::hex << addr << "+0x" << size << " is outside RAM (0x"
          << config.memory_bytes() << " bytes)";
      throw std::out_of_range(msg.str());
    }
  }
};

} // namespace ppc64sim::platform
