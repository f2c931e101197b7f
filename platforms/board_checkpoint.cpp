// Board::save_checkpoint / restore_checkpoint (platforms/CHECKPOINT.md): gathers every
// model's plain-data state into the sections of checkpoint_sections.h and puts it back.
#include "platforms/board.h"
#include "platforms/board_config_text.h"
#include "platforms/board_impl.h"
#include "platforms/checkpoint_file.h"
#include "platforms/checkpoint_sections.h"

#include "sim/version.h"

#include <algorithm>
#include <optional>

namespace ppc64sim::platform {

namespace ck = checkpoint;

namespace {

// Everything of a checkpoint that is not RAM, decoded and checked against the board before
// any of it is applied.
struct Decoded {
  std::vector<cpu::ThreadState> threads;
  ck::RamImage ram;
  ck::XicsSnapshot xics;
  std::vector<intc::InFlightMessage> fabric;
  std::vector<std::optional<uint64_t>> reservations;
  std::optional<devices::IrqGeneratorState> irqgen;
  ck::VtyInput vty;
  hyp::HypervisorState hypervisor;
  uint64_t instructions = 0;
  std::vector<uint8_t> scheduler;
  std::vector<uint64_t> retired;   // per thread, server order
  std::vector<uint8_t> statistics; // BoardTracer::save_counters, empty when not traced
  std::vector<uint8_t> l2;                  // cycle mode
  std::vector<std::vector<uint8_t>> cores;  // cycle mode, per core
  bool has_store_queue = false;             // cycle mode, more than one thread
  std::vector<cpu::StoreQueue::Entry> store_entries;
  std::vector<uint64_t> store_sequence, reserve_cycles;
};

std::string count_text(size_t n, const char* what) { return std::to_string(n) + " " + what; }

} // namespace

void Board::save_checkpoint(const std::string& path) {
  const std::string error = impl_->write_checkpoint_file(*this, path);
  if (!error.empty()) throw CheckpointError(error);
}

std::string Board::Impl::write_checkpoint_file(Board& board, const std::string& path) {
  Impl& b = *this;
  b.scheduler->settle_idle_times(); // the cores' times as every pass visiting them leaves them
  CheckpointHeader header;
  header.simulator_version = PPC64SIM_VERSION;
  header.platform = board_config_text(b.config);
  header.time_ps = ck::to_ps(b.scheduler->now());
  header.cycle = board.cycles();

  std::vector<CheckpointSection> sections;
  std::vector<cpu::ThreadState> threads;
  for (uint32_t s = 0; s < b.config.thread_count(); ++s) threads.push_back(b.thread_state(s));
  sections.push_back({ck::kThreads, ck::encode_threads(threads)});
  sections.push_back({ck::kRam, ck::encode_ram(b.ram.data(), b.config.memory_bytes())});

  ck::XicsSnapshot x;
  for (const intc::SourceRange& range : b.xics.source_ranges()) {
    intc::Result<std::vector<uint64_t>> words = b.xics.get_sources(range.first, range.count);
    if (!words.ok()) return "checkpoint " + path + ": XICS sources: " + words.error;
    x.sources.push_back({range.first, std::move(*words.value)});
  }
  for (uint32_t server : b.xics.servers()) {
    intc::Result<uint64_t> word = b.xics.get_icp(server);
    if (!word.ok()) return "checkpoint " + path + ": XICS ICP: " + word.error;
    x.icps.push_back({server, *word.value, b.xics.line(server)});
  }
  sections.push_back({ck::kXics, ck::encode_xics(x)});
  sections.push_back({ck::kFabric, ck::encode_fabric(b.xics.in_flight_messages())});

  std::vector<std::optional<uint64_t>> held;
  for (unsigned t = 0; t < b.reservations.threads(); ++t) held.push_back(b.reservations.reservation(t));
  sections.push_back({ck::kReservations, ck::encode_reservations(held)});
  std::optional<devices::IrqGeneratorState> gen;
  if (b.irqgen) gen = b.irqgen->state();
  sections.push_back({ck::kIrqgen, ck::encode_irqgen(gen)});
  sections.push_back({ck::kVty, ck::encode_vty({b.vty.input_buffer(), b.vty.input_backlog()})});
  sections.push_back({ck::kHypervisor, ck::encode_hypervisor(b.hypervisor.state())});
  sections.push_back({ck::kRunControl, ck::encode_run_control(b.run_control.instructions)});
  sections.push_back({ck::kScheduler, b.save_scheduler_state()});
  {
    ByteWriter w;
    w.u32(b.config.thread_count());
    for (uint32_t s = 0; s < b.config.thread_count(); ++s)
      w.u64(b.core_of(s).iss(s % b.config.threads_per_core).instructions_retired());
    const std::vector<uint8_t> stats = b.tracer ? b.tracer->save_counters() : std::vector<uint8_t>{};
    w.u32(static_cast<uint32_t>(stats.size()));
    w.bytes(stats.data(), stats.size());
    sections.push_back({ck::kCounters, w.take()});
  }
  {
    ByteWriter w;
    w.boolean(b.l2 != nullptr);
    if (b.l2) {
      const std::vector<uint8_t> l2 = b.l2->save();
      w.u32(static_cast<uint32_t>(l2.size()));
      w.bytes(l2.data(), l2.size());
      w.u32(static_cast<uint32_t>(b.core_timing.size()));
      for (const auto& t : b.core_timing) {
        const std::vector<uint8_t> core = t->save();
        w.u32(static_cast<uint32_t>(core.size()));
        w.bytes(core.data(), core.size());
      }
      // Stores not yet visible to every thread (format version 2).
      w.boolean(b.store_queue != nullptr);
      if (b.store_queue) {
        const cpu::StoreQueue& q = *b.store_queue;
        w.u32(q.threads());
        for (unsigned t = 0; t < q.threads(); ++t) {
          w.u64(q.sequence()[t]);
          w.u64(q.reserve_cycles()[t]);
        }
        const std::vector<cpu::StoreQueue::Entry> entries = q.entries();
        w.u32(static_cast<uint32_t>(entries.size()));
        for (const cpu::StoreQueue::Entry& e : entries) {
          w.u32(e.thread);
          w.u64(e.visible);
          w.u64(e.seq);
          w.u64(e.addr);
          w.u8(e.len);
          w.bytes(e.data.data(), e.len);
        }
      }
    }
    sections.push_back({ck::kTiming, w.take()});
  }
  return try_write_checkpoint(path, header, sections);
}

Board::RestoredCheckpoint Board::restore_checkpoint(const std::string& path) {
  Impl& b = *impl_;
  const CheckpointFile file = CheckpointFile::read(path);
  file.check_platform(board_config_text(b.config));

  // ---- decode and check everything against this board; nothing changes yet.
  Decoded d;
  const uint32_t n_threads = b.config.thread_count();
  {
    ByteReader r = file.section(ck::kThreads);
    d.threads = ck::decode_threads(r);
    if (d.threads.size() != n_threads)
      r.fail("holds " + count_text(d.threads.size(), "threads") + ", this board has " + std::to_string(n_threads) +
             " (bad size)");
    for (uint32_t s = 0; s < n_threads; ++s)
      if (d.threads[s].pir != s)
        r.fail("thread " + std::to_string(s) + " has PIR " + std::to_string(d.threads[s].pir));
  }
  {
    ByteReader r = file.section(ck::kRam);
    d.ram = ck::decode_ram(r);
    if (d.ram.memory_bytes != b.config.memory_bytes())
      r.fail("RAM of " + std::to_string(d.ram.memory_bytes) + " bytes, this board has " +
             std::to_string(b.config.memory_bytes()) + " (bad size)");
  }
  {
    ByteReader r = file.section(ck::kXics);
    d.xics = ck::decode_xics(r);
    const std::vector<intc::SourceRange> ranges = b.xics.source_ranges();
    bool same = ranges.size() == d.xics.sources.size();
    for (size_t i = 0; same && i < ranges.size(); ++i)
      same = ranges[i].first == d.xics.sources[i].first && ranges[i].count == d.xics.sources[i].words.size();
    if (!same) r.fail("its source blocks differ from this board's ICS blocks (bad size)");
    const std::vector<uint32_t> servers = b.xics.servers();
    same = servers.size() == d.xics.icps.size();
    for (size_t i = 0; same && i < servers.size(); ++i) same = servers[i] == d.xics.icps[i].server;
    if (!same) r.fail("its ICP servers differ from this board's (bad size)");
  }
  {
    ByteReader r = file.section(ck::kFabric);
    d.fabric = ck::decode_fabric(r);
  }
  {
    ByteReader r = file.section(ck::kReservations);
    d.reservations = ck::decode_reservations(r);
    if (d.reservations.size() != n_threads)
      r.fail("holds " + count_text(d.reservations.size(), "threads") + ", this board has " +
             std::to_string(n_threads) + " (bad size)");
  }
  {
    ByteReader r = file.section(ck::kIrqgen);
    d.irqgen = ck::decode_irqgen(r);
    if (d.irqgen.has_value() != (b.irqgen != nullptr))
      r.fail(b.irqgen ? "has no interrupt generator, this board has one" : "has an interrupt generator, this board none");
    if (d.irqgen && (d.irqgen->sources.size() != b.irqgen->config().count() ||
                     d.irqgen->rules.size() != b.irqgen->config().rules.size()))
      r.fail("holds " + count_text(d.irqgen->sources.size(), "sources") + " and " +
             count_text(d.irqgen->rules.size(), "rules") + ", this board's generator " +
             std::to_string(b.irqgen->config().count()) + " and " + std::to_string(b.irqgen->config().rules.size()) +
             " (bad size)");
  }
  {
    ByteReader r = file.section(ck::kVty);
    d.vty = ck::decode_vty(r);
    if (d.vty.buffer.size() > devices::Vty::kBufferBytes ||
        (!d.vty.backlog.empty() && d.vty.buffer.size() < devices::Vty::kBufferBytes))
      r.fail("receive buffer of " + std::to_string(d.vty.buffer.size()) + " bytes with a backlog of " +
             std::to_string(d.vty.backlog.size()) + " (bad size)");
  }
  {
    ByteReader r = file.section(ck::kHypervisor);
    d.hypervisor = ck::decode_hypervisor(r);
  }
  {
    ByteReader r = file.section(ck::kRunControl);
    d.instructions = ck::decode_run_control(r);
  }
  {
    ByteReader r = file.section(ck::kCounters);
    const uint32_t n = r.u32();
    if (n != n_threads) r.fail(std::to_string(n) + " threads counted, the board has " + std::to_string(n_threads));
    for (uint32_t s = 0; s < n; ++s) d.retired.push_back(r.u64());
    const uint32_t stats = r.u32();
    if (stats > r.left()) r.fail("statistics of " + std::to_string(stats) + " bytes, " + std::to_string(r.left()) + " left");
    const uint8_t* bytes = r.bytes(stats);
    d.statistics.assign(bytes, bytes + stats);
    r.expect_end();
  }
  {
    ByteReader r = file.section(ck::kTiming);
    const bool cycle_mode = r.boolean();
    if (cycle_mode != (b.l2 != nullptr)) r.fail(cycle_mode ? "saved in cycle mode" : "saved in fast mode");
    auto blob = [&r] {
      const uint32_t size = r.u32();
      if (size > r.left()) r.fail("a block of " + std::to_string(size) + " bytes, " + std::to_string(r.left()) + " left");
      const uint8_t* p = r.bytes(size);
      return std::vector<uint8_t>(p, p + size);
    };
    if (cycle_mode) {
      d.l2 = blob();
      const uint32_t n = r.u32();
      if (n != b.core_timing.size()) r.fail(std::to_string(n) + " cores, the board has " + std::to_string(b.core_timing.size()));
      for (uint32_t i = 0; i < n; ++i) d.cores.push_back(blob());
      d.has_store_queue = r.boolean();
      if (d.has_store_queue != (b.store_queue != nullptr))
        r.fail(d.has_store_queue ? "has a store queue, this board has none" : "has no store queue, this board has one");
      if (d.has_store_queue) {
        const uint32_t threads = r.u32();
        if (threads != n_threads) r.fail("store queue of " + count_text(threads, "threads") + ", this board has " + std::to_string(n_threads));
        for (uint32_t t = 0; t < threads; ++t) {
          d.store_sequence.push_back(r.u64());
          d.reserve_cycles.push_back(r.u64());
        }
        const uint32_t count = r.u32();
        if (count > r.left() / 29) r.fail(count_text(count, "pending stores") + ", " + std::to_string(r.left()) + " bytes left");
        for (uint32_t i = 0; i < count; ++i) {
          cpu::StoreQueue::Entry e;
          e.thread = r.u32();
          e.visible = r.u64();
          e.seq = r.u64();
          e.addr = r.u64();
          e.len = r.u8();
          if (e.len == 0 || e.len > cpu::StoreQueue::kChunk) r.fail("a pending store of " + std::to_string(e.len) + " bytes");
          const uint8_t* p = r.bytes(e.len);
          std::copy(p, p + e.len, e.data.begin());
          d.store_entries.push_back(e);
        }
      }
    }
    r.expect_end();
  }
  {
    ByteReader r = file.section(ck::kScheduler);
    const size_t n = r.left(); // decoded by restore_scheduler_state
    const uint8_t* bytes = r.bytes(n);
    d.scheduler.assign(bytes, bytes + n);
  }

  // ---- apply. The model setters below re-check their own rules; a refusal there (a file
  // with valid checksums but impossible state) names the section, the board is then only
  // partly restored and must not be run.
  auto model_error = [&](const char* tag, const std::string& why) {
    throw CheckpointError(file.where(tag) + ": " + why);
  };
  for (uint32_t s = 0; s < n_threads; ++s) b.thread_state(s) = d.threads[s];
  ck::apply_ram(d.ram, b.ram.data(), b.config.memory_bytes());

  for (const ck::XicsSnapshot::Range& range : d.xics.sources) {
    intc::Status st = b.xics.set_sources(range.first, range.words);
    if (!st.ok()) model_error(ck::kXics, st.error);
  }
  // Every state the model reaches, not only what the kernel's restore path accepts.
  for (const ck::XicsSnapshot::Icp& icp : d.xics.icps) {
    intc::Status st = b.xics.set_icp(icp.server, icp.word, intc::IcpRules::reachable);
    if (st.ok()) st = b.xics.set_icp_line(icp.server, icp.line);
    if (!st.ok()) model_error(ck::kXics, st.error);
  }
  try {
    b.xics.restore_in_flight(d.fabric);
  } catch (const std::invalid_argument& e) {
    model_error(ck::kFabric, e.what());
  }
  for (uint32_t t = 0; t < n_threads; ++t) b.reservations.restore(t, d.reservations[t]);
  try {
    if (b.irqgen) b.irqgen->restore_state(*d.irqgen);
  } catch (const std::invalid_argument& e) {
    model_error(ck::kIrqgen, e.what());
  }
  b.vty.restore_input(d.vty.buffer, d.vty.backlog);
  b.hypervisor.restore_state(d.hypervisor);
  b.run_control.instructions = d.instructions;
  b.restore_scheduler_state(d.scheduler.data(), d.scheduler.size(), file.where(ck::kScheduler));
  for (uint32_t s = 0; s < n_threads; ++s)
    b.core_of(s).iss(s % b.config.threads_per_core).set_instructions_retired(d.retired[s]);
  b.restored_statistics = std::move(d.statistics);
  if (b.l2) {
    std::string why = b.l2->load(d.l2.data(), d.l2.size());
    for (size_t i = 0; why.empty() && i < d.cores.size(); ++i) why = b.core_timing[i]->load(d.cores[i]);
    if (why.empty() && b.store_queue) why = b.store_queue->restore(d.store_entries, d.store_sequence, d.reserve_cycles);
    if (!why.empty()) model_error(ck::kTiming, why);
  }
  b.restored_statistics_what = file.where(ck::kCounters);

  flush_decode_caches();
  // The cores' ISS levels follow the restored ICP lines at once; the irq signals follow at
  // the first delta cycle (Icp publishes elaboration-time changes then).
  for (auto& core : b.cores) b.sync_lines(*core);

  const CheckpointHeader& h = file.header();
  return RestoredCheckpoint{h.time_ps, h.cycle, h.simulator_version};
}

// ---- the scheduler's part, and checkpoints taken during a run

std::vector<uint8_t> Board::Impl::save_scheduler_state() const {
  ByteWriter w;
  w.u64(scheduler->now().value());
  w.u32(static_cast<uint32_t>(cores.size()));
  for (const auto& core : cores) w.u64(core->local_time().value());
  return w.take();
}

void Board::Impl::restore_scheduler_state(const uint8_t* data, size_t size, const std::string& what) {
  // Times are kept in the kernel's resolution units; ps is SystemC's default resolution and
  // the only one the board uses.
  if (sc_core::sc_get_time_resolution() != sc_core::sc_time(1, sc_core::SC_PS))
    throw CheckpointError(what + ": the kernel's time resolution is not 1 ps");
  ByteReader r(data, size, what);
  const sc_core::sc_time now = sc_core::sc_time::from_value(r.u64());
  const uint32_t n = r.u32();
  if (n != cores.size())
    r.fail(std::to_string(n) + " cores saved, the board has " + std::to_string(cores.size()));
  std::vector<sc_core::sc_time> local;
  for (uint32_t i = 0; i < n; ++i) local.push_back(sc_core::sc_time::from_value(r.u64()));
  r.expect_end();
  for (uint32_t i = 0; i < n; ++i) cores[i]->set_local_time(local[i]);
  scheduler->start_at(now);
  start_cycle = static_cast<uint64_t>(now / cores.front()->cycle_period());
}

bool Board::Impl::quiet_for_checkpoint() const {
  const sc_core::sc_time now = scheduler->now();
  for (const auto& core : cores)
    if (core->local_time() > now) return false;
  for (const intc::InFlightMessage& m : xics.in_flight_messages())
    if (m.due <= now) return false;
  if (irqgen) {
    const devices::IrqGeneratorState st = irqgen->state();
    for (const auto& rule : st.rules)
      if (!rule.done && sc_core::sc_time(static_cast<double>(rule.next_ns), sc_core::SC_NS) <= now) return false;
  }
  // A sleeping thread's decrementer timer due now would wake it in this time step.
  for (const auto& core : cores)
    for (unsigned t = 0; t < core->thread_count(); ++t) {
      if (core->thread(t).run_state == cpu::RunState::running) continue; // polls at step()
      const std::optional<uint64_t> tick = core->iss(t).decrementer_deadline();
      if (tick && core->time_of_tick(*tick) <= now) return false;
    }
  return true;
}

void Board::Impl::take_due_checkpoints(Board& board) {
  if (checkpoint_requests.empty()) return;
  const uint64_t now = board.cycles();
  if (checkpoint_requests.front().cycle > now || !quiet_for_checkpoint()) return;
  bool pause = false;
  while (!checkpoint_requests.empty() && checkpoint_requests.front().cycle <= now) {
    const CheckpointRequest req = checkpoint_requests.front();
    checkpoint_requests.erase(checkpoint_requests.begin());
    // No exception here: this runs on the scheduler's own SystemC stack.
    checkpoint_error = write_checkpoint_file(board, req.path);
    if (!checkpoint_error.empty()) {
      if (req.pause_after) { // the monitor's: report it at the stop, keep the run
        pause = true;
        break;
      }
      run_control.request_stop(cpu::StopCause::interrupted);
      return;
    }
    if (on_checkpoint_written) on_checkpoint_written(now, req.path);
    pause = pause || req.pause_after;
  }
  if (pause) {
    const cpu::ThreadState& t0 = thread_state(0);
    run_control.debug.stop(cpu::DebugStopKind::checkpoint, t0.pir, t0.pc);
  }
}

void Board::request_checkpoint(uint64_t cycle, const std::string& path) {
  auto& reqs = impl_->checkpoint_requests;
  auto at = std::upper_bound(reqs.begin(), reqs.end(), cycle,
                             [](uint64_t c, const Impl::CheckpointRequest& r) { return c < r.cycle; });
  reqs.insert(at, Impl::CheckpointRequest{cycle, path, false});
}

void Board::set_checkpoint_listener(std::function<void(uint64_t cycle, const std::string& path)> listener) {
  impl_->on_checkpoint_written = std::move(listener);
}

DebugStopInfo Board::debug_checkpoint(const std::string& path) {
  const std::string problem = checkpoint_path_problem(path);
  if (!problem.empty()) throw CheckpointError(problem); // before the board moves
  auto& reqs = impl_->checkpoint_requests;
  reqs.insert(reqs.begin(), Impl::CheckpointRequest{cycles(), path, true});
  DebugStopInfo stop = debug_resume(DebugResume{});
  if (!reqs.empty() && reqs.front().pause_after) reqs.erase(reqs.begin()); // the run ended first
  if (!impl_->checkpoint_error.empty()) {
    std::string why = impl_->checkpoint_error;
    impl_->checkpoint_error.clear();
    throw CheckpointError(why);
  }
  return stop;
}

} // namespace ppc64sim::platform
