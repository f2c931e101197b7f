#include "board.h"
#include "platforms/board_impl.h"
#include "platforms/checkpoint_file.h"
#include "platforms/irqgen_config.h"

#include "models/hyp/xics_calls.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstring>
#include <sstream>
#include <stdexcept>

namespace ppc64sim::platform {

using sc_core::sc_time;

namespace {

sc_time period_of(uint64_t hz) {
  return sc_time(1e12 / static_cast<double>(hz), sc_core::SC_PS);
}

sc_time ns(uint64_t v) { return sc_time(static_cast<double>(v), sc_core::SC_NS); }

// One server per hardware thread, numbered as the device tree does (xics-spec.md 1.5), one
// ICS with QEMU's 0x1000 sources at 0x1000 (1.1).
intc::XicsConfig xics_config(const BoardConfig& c) {
  intc::XicsConfig x;
  x.flavour = c.xics_flavour;
  x.servers.clear();
  for (uint32_t s = 0; s < c.thread_count(); ++s) x.servers.push_back(s);
  x.ics = {intc::IcsBlock{intc::kDefaultIcsBase, intc::kDefaultIcsCount}};
  std::array<sc_time, intc::kMessageKinds> t;
  const std::array<uint64_t, intc::kMessageKinds> given = c.latencies_ns();
  for (int k = 0; k < intc::kMessageKinds; ++k)
    t[k] = c.cycle_mode ? period_of(c.cpu_clock_hz) * static_cast<double>(c.fabric_cycles(given[k])) : ns(given[k]);
  x.latency = intc::FabricLatency{t[0], t[1], t[2], t[3], t[4], t[5], t[6]};
  return x;
}

devices::IrqGeneratorConfig irqgen_config(const BoardConfig& c) {
  devices::IrqGeneratorConfig g;
  g.first_source = c.irqgen_first_source;
  g.types = platform::parse_irqgen_types(c.irqgen_types, c.irqgen_count);
  g.seed = c.irqgen_seed;
  g.rules = platform::parse_irqgen_auto(c.irqgen_auto, c.irqgen_first_source, c.irqgen_count);
  return g;
}

} // namespace

Board::Impl::Impl(const BoardConfig& cfg, ConsoleSink console)
    : config(cfg), reservations(cfg.thread_count()), vty(cfg.vty_reg, std::move(console)),
      code_watch(cfg.memory_bytes()), ram("ram", cfg.memory_bytes()),
      hypervisor("hypervisor", *this, vty, cfg.timebase_hz, cfg.rtc_epoch),
      xics("xics", xics_config(cfg)), irq_lines("irq_line", cfg.thread_count(), run_control) {
  router.map({"ram", 0, cfg.memory_bytes()});
  ram.set_code_watch(&code_watch);
  router.targets_out.bind(ram.socket);
  hypervisor.memory.bind(router.targets_in);

  if (cfg.irqgen_count > 0) {
    irqgen = std::make_unique<devices::IrqGenerator>("irqgen", irqgen_config(cfg), xics);
    router.map({"irqgen", cfg.irqgen_base, devices::IrqGenerator::kWindowBytes});
    router.targets_out.bind(irqgen->socket);
    irqgen->after_write = [this] {
      if (tracer) tracer->check_states();
      sync_active_core_lines();
    };
  }

  // The vty pulses its source (MSI) when its input buffer becomes non-empty (4.4, C42).
  xics.set_source_type(cfg.vty_irq, intc::SourceType::msi);
  vty.set_input_pulse([this] {
    if (tracer) tracer->on_trigger(config.vty_irq, true, true);
    xics.msi_trigger(config.vty_irq);
    if (tracer) tracer->check_states();
    sync_active_core_lines();
  });

  hyp::XicsCallHooks hooks;
  hooks.timebase = [this] { return timebase_now(); };
  hooks.after_call = [this](uint32_t server) {
    sync_lines(server < core_by_server.size() ? *core_by_server[server] : core_of(server));
  };
  if (cfg.cycle_mode && cfg.thread_count() > 1) {
    // Exact cross-thread reads and writes of XICS state: an H_IPOLL of another thread and the
    // RTAS XIVE calls travel as queries, answered at the caller's cycle + the kind's latency
    // (a pass start, where every thread is at that cycle); the caller waits for the answer's
    // return, one latency later (models/cpu/timing/README.md).
    xics.set_queries_travel(true);
    hooks.reply_cycle = [this](uint32_t server, intc::MessageKind kind) {
      return thread_cycle(server) + 2 * config.fabric_cycles(config.latencies_ns()[static_cast<int>(kind)]);
    };
    xics.on_answer = [this](const intc::Message& q, const intc::QueryAnswer& a) { write_answer(q, a); };
  }
  hyp::register_xics_calls(hypervisor, xics, hooks);

  cpu::CoreParams params;
  params.threads = cfg.threads_per_core;
  params.cycle = period_of(cfg.cpu_clock_hz);
  params.quantum = sc_time(static_cast<double>(cfg.quantum_ns), sc_core::SC_NS);
  if (cfg.cycle_mode) {
    // Conservative synchronisation: windows no longer than the lookahead, nor than the
    // soonest one thread can affect another (a store becoming visible, a fabric message
    // landing), so nothing lands inside a window it could have changed. SMT turns of K
    // cycles: windows end at multiples of K, so at least K long (K is at most that bound).
    uint64_t lookahead = cfg.lookahead_cycles;
    if (cfg.smt_turn_blocks()) lookahead = std::max<uint64_t>(lookahead, cfg.timing.smt_turn_cycles);
    const uint64_t window = std::min(lookahead, cfg.cross_thread_cycles());
    params.quantum = params.cycle * static_cast<double>(window);
    // Each core sees the others' L2 accesses a store visibility later (>= the window): the
    // same for every window and host order (tag_cache.h).
    l2 = std::make_unique<cpu::timing::SharedL2>(cfg.timing, cfg.cores, cfg.store_visibility_cycles);
    if (cfg.thread_count() > 1) {
      store_queue = std::make_unique<cpu::StoreQueue>(cfg.thread_count(), cfg.store_visibility_cycles, reservations);
      store_queue->attach_memory(ram.data(), 0, cfg.memory_bytes());
      store_queue->set_code_watch(&code_watch);
      params.store_queue = store_queue.get();
      hypervisor.set_caller_memory([this](uint32_t server, bool write, uint64_t addr, uint8_t* data, unsigned len) {
        if (addr > config.memory_bytes() || len > config.memory_bytes() - addr) return false;
        if (write) store_queue->store(server, thread_cycle(server), addr, data, len);
        else store_queue->read(server, thread_cycle(server), addr, data, len);
        return true;
      });
    }
  }
  params.timebase_hz = cfg.timebase_hz;
  params.code_watch = &code_watch;
  for (unsigned c = 0; c < cfg.cores; ++c) {
    params.first_server = c * cfg.threads_per_core;
    if (cfg.cycle_mode) {
      core_timing.push_back(std::make_unique<cpu::timing::CoreTiming>(cfg.timing, *l2, cfg.threads_per_core, c));
      params.timing = core_timing.back().get();
    }
    std::string name = "core" + std::to_string(c);
    cores.push_back(std::make_unique<cpu::PowerCore>(name.c_str(), params, hypervisor, reservations,
                                                     run_control));
    cores.back()->socket.bind(router.targets_in);
    for (unsigned t = 0; t < cfg.threads_per_core; ++t) {
      const uint32_t server = params.first_server + t;
      irq_lines.connect(server, xics.icp_module(server), *cores.back(), t);
      core_by_server.push_back(cores.back().get());
    }
    if (cfg.cycle_mode) {
      cores.back()->set_timebase_source([this] { return timebase_now(); });
      cores.back()->set_cycle_timebase(&timebase);
    } else
      cores.back()->set_timebase_source([this] { return core_timebase_now(); });
  }
  timebase.set(config.timebase_hz, static_cast<uint64_t>(sc_core::sc_get_time_resolution().to_seconds() * 1e12));
  std::vector<cpu::PowerCore*> core_list;
  for (auto& core : cores) core_list.push_back(core.get());
  scheduler = std::make_unique<cpu::CoreScheduler>("scheduler", core_list, run_control, params.quantum, params.cycle);
  scheduler->set_follow_up(&irq_lines);
  if (cfg.cycle_mode) {
    // Exact cross-thread timing: a thread's message leaves at its own cycle, and a pass stops
    // where a message (or any other timed event) lands.
    scheduler->end_passes_at_pending_events(true);
    if (cfg.smt_turn_blocks()) scheduler->end_windows_at_multiples_of(cfg.timing.smt_turn_cycles);
    // Passes as short as the store visibility (boards with more than one thread) cost the
    // kernel's round trip each; a one-thread board's are long, and its zero fabric latencies
    // act inside the sending call, relative to kernel time.
    scheduler->chain_passes(cfg.chain_passes && cfg.thread_count() > 1);
    // Solo stores are exact when nothing one thread does reaches another sooner than a store
    // becomes visible: no fabric latency may be shorter.
    if (store_queue && cfg.solo_stores && cfg.cross_thread_cycles() == cfg.store_visibility_cycles) {
      scheduler->let_solo_threads_store_directly(params.cycle * static_cast<double>(cfg.store_visibility_cycles));
      if (cfg.solo_passes) scheduler->continue_solo_passes(store_queue.get());
    }
    xics.fabric().sender_offset = [this, cycle = params.cycle] {
      cpu::PowerCore* core = run_control.active_core;
      if (!core) return sc_core::SC_ZERO_TIME;
      sc_core::sc_time t = core->local_now();
      if (run_control.active_iss) t += cycle * static_cast<double>(run_control.active_iss->cycles_in_step());
      const sc_core::sc_time now = sc_core::sc_time_stamp();
      return t > now ? t - now : sc_core::SC_ZERO_TIME;
    };
  }
}

// A query's answer, where it landed (now = the caller's cycle + the kind's latency; the caller
// waits until one latency later). H_IPOLL: r4/r5 (r3 was H_SUCCESS at the call). RTAS: the
// return cells, as the caller's stores at the cycle it resumes, so every thread sees them as
// it would see the caller's own (the store queue; its own loads see them at once).
void Board::Impl::write_answer(const intc::Message& q, const intc::QueryAnswer& a) {
  if (q.kind == intc::MessageKind::poll) {
    cpu::ThreadState& t = thread_state(q.caller);
    t.gpr[4] = a.r4;
    t.gpr[5] = a.r5;
    return;
  }
  const uint64_t landed = static_cast<uint64_t>(sc_core::sc_time_stamp() / period_of(config.cpu_clock_hz));
  const uint64_t resume = landed + config.fabric_cycles(config.latencies_ns()[static_cast<int>(q.kind)]);
  const bool outputs = q.op == intc::XiveOp::get_xive && a.status == intc::rtas::SUCCESS;
  const uint32_t cells[3] = {static_cast<uint32_t>(a.status), static_cast<uint32_t>(a.r4), static_cast<uint32_t>(a.r5)};
  for (unsigned i = 0; i < (outputs ? 3u : 1u); ++i) {
    const uint64_t addr = q.reply + 4ull * i;
    if (addr > config.memory_bytes() || config.memory_bytes() - addr < 4) continue; // checked at the call
    uint8_t be[4] = {static_cast<uint8_t>(cells[i] >> 24), static_cast<uint8_t>(cells[i] >> 16),
                     static_cast<uint8_t>(cells[i] >> 8), static_cast<uint8_t>(cells[i])};
    store_queue->store(q.caller, resume, addr, be, 4);
  }
}

Board::Board(const BoardConfig& config, ConsoleSink console)
    : impl_(std::make_unique<Impl>(config, std::move(console))) {
  // Made once: the conversion from a double costs more than the rest of an idle pass start.
  impl_->scheduler->on_pass_start = [this, period = period_of(impl_->config.cpu_clock_hz)] {
    // Stores visible by the pass's first cycle go to memory: loads in the window overlay only
    // the ones still pending.
    // Likewise the other cores' L2 accesses due by then reach each core's view of the L2.
    const auto first_cycle = [this, &period] {
      return static_cast<uint64_t>(impl_->scheduler->now() / period);
    };
    // A pass that continues a solo run has nothing to drain and leaves the filing to the
    // next full pass (CoreScheduler::continues_solo_pass).
    if (!impl_->scheduler->continues_solo_pass()) {
      if (impl_->store_queue) impl_->store_queue->drain(first_cycle());
      if (impl_->l2 && impl_->l2->cores() > 1) impl_->l2->start_window(first_cycle());
    }
    impl_->take_due_checkpoints(*this);
    // A checkpoint holds the store queue as a run without solo stores has it.
    const auto& requests = impl_->checkpoint_requests;
    impl_->scheduler->hold_solo_stores_from(
        requests.empty() ? sc_core::sc_max_time()
                         : period * static_cast<double>(requests.front().cycle));
  };
}

Board::~Board() = default;

void Board::set_host_threads(unsigned threads) {
  // Only cycle mode on a board with several cores and a store queue has passes to share.
  if (impl_->config.cycle_mode && impl_->config.cores > 1 && impl_->store_queue)
    impl_->scheduler->set_host_threads(threads);
}

uint64_t Board::instructions_run_ahead() const { return impl_->scheduler->instructions_ahead(); }

std::pair<uint64_t, uint64_t> Board::passes_run_ahead() const {
  return {impl_->scheduler->parallel_passes(), impl_->scheduler->serial_passes()};
}

Board::PassCounts Board::pass_counts() const {
  const cpu::CoreScheduler& s = *impl_->scheduler;
  return {s.passes(), s.chained_passes(), s.skipped_visits(), s.solo_passes(),
          impl_->store_queue ? impl_->store_queue->direct_stores() : 0, s.continued_solo_passes(),
          s.long_solo_windows(), s.folded_solo_passes(), s.passes_in_steps()};
}

const BoardConfig& Board::config() const { return impl_->config; }

void Board::write_memory(uint64_t addr, const uint8_t* data, uint64_t size) {
  impl_->check_ram(addr, size);
  std::memcpy(impl_->ram.data() + addr, data, size);
  impl_->code_watch.note_write(addr, size);
}

void Board::read_memory(uint64_t addr, uint8_t* data, uint64_t size) {
  impl_->check_ram(addr, size);
  std::memcpy(data, impl_->ram.data() + addr, size);
}

void Board::set_boot_entry(uint64_t entry, uint64_t r3) {
  // QEMU pseries: NIP = entry, r3 = FDT, r1 = r4 = r5 = 0, MSR = 0 (firmware-contract.md).
  cpu::ThreadState& boot = impl_->thread_state(0);
  boot.pc = entry;
  boot.gpr[3] = r3;
  boot.msr = 0;
  boot.run_state = cpu::RunState::running;
}

std::vector<std::pair<std::string, uint32_t>> Board::rtas_tokens() const {
  return impl_->hypervisor.rtas_tokens();
}

std::vector<std::string> Board::hypertas_functions() const { return impl_->hypervisor.hypertas_functions(); }

intc::Xics& Board::xics() { return impl_->xics; }

devices::IrqGenerator* Board::irq_generator() { return impl_->irqgen.get(); }

void Board::push_console_input(std::string_view bytes) {
  // Delivered by a one-shot process: before run() the fabric's sockets are not yet bound,
  // so the pulse happens in the first delta cycle of simulated time 0 (or, during a run,
  // one delta after the call).
  sc_core::sc_spawn_options once;
  once.spawn_method();
  sc_core::sc_spawn([this, text = std::string(bytes)] { impl_->vty.push_input(text); },
                    nullptr, &once);
}

void Board::enable_tracing(const TraceOptions& options) {
  Impl& i = *impl_;
  TracedBoard traced{i.config, i.run_control, {}, i.xics, i.hypervisor, i.irqgen.get(), {i.config.vty_irq}, {}};
  for (auto& core : i.cores) traced.cores.push_back(core.get());
  for (auto& t : i.core_timing) traced.timing.push_back(t.get());
  for (uint32_t n = 0; i.irqgen && n < i.config.irqgen_count; ++n)
    traced.sources.push_back(i.config.irqgen_first_source + n);
  i.tracer = std::make_unique<BoardTracer>(traced, options);
  if (!i.restored_statistics.empty())
    i.tracer->restore_counters(i.restored_statistics.data(), i.restored_statistics.size(),
                               i.restored_statistics_what);
}

RunResult Board::run(uint64_t max_instructions) {
  impl_->run_control.instruction_limit = max_instructions;
  const auto host_start = std::chrono::steady_clock::now();
  if (impl_->tracer) impl_->tracer->start(impl_->start_cycle);
  // Elaboration checks that every port and socket is bound (SystemC E109 names the port);
  // turn a miss into a builder error instead of a kernel report.
  try {
    sc_core::sc_start(sc_core::SC_ZERO_TIME);
  } catch (const sc_core::sc_report& report) {
    throw std::logic_error(std::string("board builder: ") + report.what());
  }
  if (!impl_->run_control.stop_requested()) sc_core::sc_start();
  RunResult result;
  result.instructions = impl_->run_control.instructions;
  result.simulated_ps = impl_->simulated_end_ps();
  switch (impl_->run_control.stop_cause) {
  case cpu::StopCause::power_off: result.end = RunEnd::power_off; break;
  case cpu::StopCause::reboot: result.end = RunEnd::reboot; break;
  case cpu::StopCause::instruction_limit: result.end = RunEnd::instruction_limit; break;
  case cpu::StopCause::none: result.end = RunEnd::all_stopped; break;
  case cpu::StopCause::interrupted: result.end = RunEnd::interrupted; break;
  }
  if (impl_->tracer) {
    const char* reason = result.end == RunEnd::instruction_limit ? "limit"
                         : result.end == RunEnd::interrupted     ? "interrupted"
                                                                 : "end";
    impl_->tracer->finish(reason, result.instructions,
                          std::chrono::duration<double>(std::chrono::steady_clock::now() - host_start).count());
  }
  if (!impl_->checkpoint_error.empty()) throw CheckpointError(impl_->checkpoint_error);
  return result;
}

// ---- Debugger run control: the cores pause the kernel (DebugControl, sc_pause) at slice
// boundaries; sc_start() later continues from the same delta cycle. A run without a stop
// request never pauses, so a debugger that only continues leaves the schedule untouched.

DebugStopInfo Board::debug_resume(const DebugResume& request) {
  impl_->run_control.host_threads_blocked = true; // a debugger session: the one-thread order
  Impl& b = *impl_;
  cpu::RunControl& rc = b.run_control;
  cpu::DebugControl& debug = rc.debug;
  auto end_of_run = [&] {
    switch (rc.stop_cause) {
    case cpu::StopCause::power_off: return DebugStopInfo{DebugStop::power_off};
    case cpu::StopCause::reboot: return DebugStopInfo{DebugStop::reboot};
    case cpu::StopCause::instruction_limit: return DebugStopInfo{DebugStop::instruction_limit};
    default: return DebugStopInfo{DebugStop::all_stopped};
    }
  };
  if (rc.stop_requested()) return end_of_run();
  if (debug.interrupt_request.exchange(false)) {
    const cpu::ThreadState& t0 = b.thread_state(0);
    return {DebugStop::interrupted, t0.pir, t0.pc};
  }
  if (request.until_cycle && cycles() >= *request.until_cycle) return {DebugStop::cycle_limit};
  for (auto& core : b.cores)
    for (unsigned t = 0; t < core->thread_count(); ++t) core->iss(t).step_over_breakpoint();
  const bool was_frozen = debug.freeze_others;
  debug.paused = false;
  debug.event = {};
  debug.step_server = request.step_server;
  debug.step_left = request.step_server ? request.steps : 0;
  debug.freeze_others = request.step_server && !request.others_run;
  if (was_frozen) // frozen cores sleep on their wake event
    for (auto& core : b.cores) core->wake();
  if (sc_core::sc_get_status() == sc_core::SC_ELABORATION) {
    try {
      sc_core::sc_start(sc_core::SC_ZERO_TIME);
    } catch (const sc_core::sc_report& report) {
      throw std::logic_error(std::string("board builder: ") + report.what());
    }
  }
  if (!rc.stop_requested() && !debug.paused) {
    if (request.until_cycle)
      // From kernel time, which is behind cycles() until a restored board's first pass.
      sc_core::sc_start(period_of(b.config.cpu_clock_hz) * static_cast<double>(*request.until_cycle) -
                        sc_core::sc_time_stamp());
    else
      sc_core::sc_start();
  }
  debug.step_server.reset();
  if (rc.stop_requested()) return end_of_run();
  if (debug.paused) {
    DebugStopInfo info{DebugStop::interrupted, debug.event.server, debug.event.pc};
    if (debug.event.kind == cpu::DebugStopKind::breakpoint) info.stop = DebugStop::breakpoint;
    if (debug.event.kind == cpu::DebugStopKind::step_done) info.stop = DebugStop::step_done;
    if (debug.event.kind == cpu::DebugStopKind::checkpoint) info.stop = DebugStop::checkpoint;
    if (debug.event.kind == cpu::DebugStopKind::watchpoint) info.stop = DebugStop::watchpoint;
    return info;
  }
  if (request.until_cycle && cycles() >= *request.until_cycle) return {DebugStop::cycle_limit};
  return {DebugStop::all_stopped};
}

void Board::debug_interrupt() { impl_->run_control.debug.interrupt_request = true; }

void Board::set_instruction_limit(uint64_t max_instructions) {
  impl_->run_control.instruction_limit = max_instructions;
}

RunResult Board::run_result() const {
  const cpu::RunControl& rc = impl_->run_control;
  RunResult result;
  result.instructions = rc.instructions;
  result.simulated_ps = impl_->simulated_end_ps();
  switch (rc.stop_cause) {
  case cpu::StopCause::power_off: result.end = RunEnd::power_off; break;
  case cpu::StopCause::reboot: result.end = RunEnd::reboot; break;
  case cpu::StopCause::instruction_limit: result.end = RunEnd::instruction_limit; break;
  default: result.end = RunEnd::all_stopped; break;
  }
  return result;
}

void Board::add_breakpoint(uint64_t addr) {
  impl_->run_control.host_threads_blocked = true;
  for (auto& core : impl_->cores)
    for (unsigned t = 0; t < core->thread_count(); ++t) core->iss(t).add_breakpoint(addr);
}

void Board::remove_breakpoint(uint64_t addr) {
  for (auto& core : impl_->cores)
    for (unsigned t = 0; t < core->thread_count(); ++t) core->iss(t).remove_breakpoint(addr);
}

void Board::flush_decode_caches() {
  for (auto& core : impl_->cores)
    for (unsigned t = 0; t < core->thread_count(); ++t) core->iss(t).flush_decode_cache();
}

unsigned Board::thread_count() const { return impl_->config.thread_count(); }

cpu::ThreadState& Board::thread_state(uint32_t server) {
  if (server >= thread_count()) throw std::out_of_range("no thread with server " + std::to_string(server));
  return impl_->thread_state(server);
}

uint32_t Board::core_of_server(uint32_t server) const { return server / impl_->config.threads_per_core; }

uint64_t Board::cycles() const {
  return static_cast<uint64_t>(impl_->scheduler->now() / period_of(impl_->config.cpu_clock_hz));
}

uint64_t Board::instructions() const { return impl_->run_control.instructions; }

bool Board::add_watchpoint(cpu::WatchKind kind, uint64_t addr, uint64_t len) {
  impl_->run_control.host_threads_blocked = true;
  if (len == 0) return false;
  for (auto& core : impl_->cores)
    for (unsigned t = 0; t < core->thread_count(); ++t) core->iss(t).add_watchpoint(kind, addr, len);
  return true;
}

cpu::WatchHit Board::watch_hit(uint32_t server) const {
  const unsigned per_core = impl_->config.threads_per_core;
  return impl_->cores.at(server / per_core)->iss(server % per_core).watch_hit();
}

bool Board::remove_watchpoint(cpu::WatchKind kind, uint64_t addr, uint64_t len) {
  bool found = false;
  for (auto& core : impl_->cores)
    for (unsigned t = 0; t < core->thread_count(); ++t) found |= core->iss(t).remove_watchpoint(kind, addr, len);
  return found;
}

} // namespace ppc64sim::platform
