// Board::save_checkpoint / restore_checkpoint (platforms/CHECKPOINT.md): gathers every
// model's plain-data state into the sections of checkpoint_sections.h and puts it back.
#include "platforms/board.h"
#include "platforms/board_config_text.h"
#include "platforms/board_impl.h"
#include "platforms/checkpoint_file.h"
#include "platforms/checkpoint_sections.h"

#include "sim/version.h"

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
};

std::string count_text(size_t n, const char* what) { return std::to_string(n) + " " + what; }

} // namespace

void Board::save_checkpoint(const std::string& path) {
  Impl& b = *impl_;
  CheckpointHeader header;
  header.simulator_version = PPC64SIM_VERSION;
  header.platform = board_config_text(b.config);
  header.time_ps = ck::to_ps(sc_core::sc_time_stamp());
  header.cycle = cycles();

  std::vector<CheckpointSection> sections;
  std::vector<cpu::ThreadState> threads;
  for (uint32_t s = 0; s < b.config.thread_count(); ++s) threads.push_back(b.thread_state(s));
  sections.push_back({ck::kThreads, ck::encode_threads(threads)});
  sections.push_back({ck::kRam, ck::encode_ram(b.ram.data(), b.config.memory_bytes())});

  ck::XicsSnapshot x;
  for (const intc::SourceRange& range : b.xics.source_ranges()) {
    intc::Result<std::vector<uint64_t>> words = b.xics.get_sources(range.first, range.count);
    if (!words.ok()) throw CheckpointError("checkpoint " + path + ": XICS sources: " + words.error);
    x.sources.push_back({range.first, std::move(*words.value)});
  }
  for (uint32_t server : b.xics.servers()) {
    intc::Result<uint64_t> word = b.xics.get_icp(server);
    if (!word.ok()) throw CheckpointError("checkpoint " + path + ": XICS ICP: " + word.error);
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
  sections.push_back({ck::kScheduler, b.save_scheduler ? b.save_scheduler() : std::vector<uint8_t>{}});
  write_checkpoint(path, header, sections);
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
    ByteReader r = file.section(ck::kScheduler);
    const size_t n = r.left(); // opaque: the scheduler's own encoding
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
  if (b.restore_scheduler) b.restore_scheduler(d.scheduler);

  flush_decode_caches();
  // The cores' ISS levels follow the restored ICP lines at once; the irq signals follow at
  // the first delta cycle (Icp publishes elaboration-time changes then).
  for (auto& core : b.cores) b.sync_lines(*core);

  const CheckpointHeader& h = file.header();
  return RestoredCheckpoint{h.time_ps, h.cycle, h.simulator_version};
}

} // namespace ppc64sim::platform
