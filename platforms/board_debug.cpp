#include "platforms/board_debug.h"

#include "models/cpu/thread_state.h"
#include "models/devices/irq_generator.h"
#include "models/intc/xics.h"

#include <sstream>
#include <stdexcept>

namespace ppc64sim::platform {

// Writes change model state directly, between runs; the ICP output lines and the cores see
// the result when the kernel runs again.
class BoardDebugTarget::Xics : public debug::XicsDebug {
public:
  explicit Xics(Board& board) : board_(board), x_(board.xics()) {}
  intc::Flavour flavour() const override { return x_.flavour(); }
  std::vector<uint32_t> servers() const override { return x_.servers(); }
  std::vector<debug::SourceRange> source_ranges() const override {
    std::vector<debug::SourceRange> out;
    for (const intc::SourceRange& r : x_.source_ranges()) out.push_back({r.first, r.count});
    return out;
  }
  intc::Result<uint64_t> get_source(uint32_t source) const override { return x_.get_source(source); }
  intc::Status set_source(uint32_t source, uint64_t word) override { return x_.set_source(source, word); }
  intc::Result<uint64_t> get_icp(uint32_t server) const override { return x_.get_icp(server); }
  // A debugger may restore any state the model can reach (xics-spec 1.3), not only the
  // states the kernel's restore path accepts.
  intc::Status set_icp(uint32_t server, uint64_t word) override {
    return x_.set_icp(server, word, intc::IcpRules::reachable);
  }
  intc::Status set_irq_level(uint32_t source, bool level) override {
    // The generator's own sources go through the generator, so its line state and counters
    // stay what its registers report.
    if (devices::IrqGenerator* gen = board_.irq_generator()) {
      if (level ? gen->assert_source(source) : gen->deassert_source(source)) return intc::Status::success();
    }
    const intc::SourceState* s = x_.source_state(source);
    if (!s) return intc::Status::failure("no ICS owns source " + std::to_string(source));
    if (s->type == intc::SourceType::lsi) x_.set_lsi_level(source, level);
    else if (level) x_.msi_trigger(source);
    return intc::Status::success();
  }

private:
  Board& board_;
  intc::Xics& x_;
};

BoardDebugTarget::BoardDebugTarget(Board& board) : board_(board), xics_(std::make_unique<Xics>(board)) {}

BoardDebugTarget::~BoardDebugTarget() = default;

std::vector<debug::ThreadInfo> BoardDebugTarget::threads() const {
  std::vector<debug::ThreadInfo> out;
  const unsigned per_core = board_.config().threads_per_core;
  for (uint32_t server = 0; server < board_.thread_count(); ++server) {
    const cpu::ThreadState& s = board_.thread_state(server);
    out.push_back({server, server / per_core, server % per_core, s.run_state, s.checkstop});
  }
  return out;
}

bool BoardDebugTarget::get_state(uint32_t server, cpu::ThreadState& out) const {
  if (server >= board_.thread_count()) return false;
  out = board_.thread_state(server);
  return true;
}

bool BoardDebugTarget::set_state(uint32_t server, const cpu::ThreadState& in) {
  if (server >= board_.thread_count()) return false;
  cpu::ThreadState& s = board_.thread_state(server);
  const uint32_t pir = s.pir; // the server number is the thread's identity, not a register
  s = in;
  s.pir = pir;
  return true;
}

bool BoardDebugTarget::read_memory(uint64_t addr, uint8_t* data, size_t len) {
  try {
    board_.read_memory(addr, data, len);
    return true;
  } catch (const std::out_of_range&) {
    return false;
  }
}

bool BoardDebugTarget::write_memory(uint64_t addr, const uint8_t* data, size_t len) {
  try {
    board_.write_memory(addr, data, len);
  } catch (const std::out_of_range&) {
    return false;
  }
  board_.flush_decode_caches();
  return true;
}

bool BoardDebugTarget::add_breakpoint(uint64_t addr) {
  uint8_t probe[4];
  if (!read_memory(addr, probe, sizeof probe)) return false;
  board_.add_breakpoint(addr);
  return true;
}

bool BoardDebugTarget::remove_breakpoint(uint64_t addr) {
  board_.remove_breakpoint(addr);
  return true;
}

namespace {
cpu::WatchKind cpu_watch_kind(debug::WatchKind kind) {
  switch (kind) {
  case debug::WatchKind::read: return cpu::WatchKind::read;
  case debug::WatchKind::access: return cpu::WatchKind::access;
  case debug::WatchKind::write: break;
  }
  return cpu::WatchKind::write;
}
} // namespace

// Effective addresses, as gdb and the monitor give them; the firmware runs in real mode
// (no translation is modelled), so they are the guest physical addresses of its variables.
bool BoardDebugTarget::add_watchpoint(debug::WatchKind kind, uint64_t addr, uint64_t len) {
  return board_.add_watchpoint(cpu_watch_kind(kind), addr, len);
}

bool BoardDebugTarget::remove_watchpoint(debug::WatchKind kind, uint64_t addr, uint64_t len) {
  return board_.remove_watchpoint(cpu_watch_kind(kind), addr, len);
}

debug::StopEvent BoardDebugTarget::resume(const debug::ResumeRequest& request) {
  DebugResume r;
  if (request.mode == debug::ResumeRequest::Mode::step) {
    r.step_server = request.step_thread;
    r.steps = request.steps;
    r.others_run = request.others_run;
  }
  r.until_cycle = request.until_cycle;
  const DebugStopInfo info = board_.debug_resume(r);
  debug::StopEvent e;
  e.thread = info.server;
  e.pc = info.pc;
  switch (info.stop) {
  case DebugStop::breakpoint: e.reason = debug::StopReason::breakpoint; break;
  case DebugStop::watchpoint:
    e.reason = debug::StopReason::watchpoint;
    e.data_address = board_.watch_hit(info.server).address;
    switch (board_.watch_hit(info.server).kind) {
    case cpu::WatchKind::read: e.watch_kind = debug::WatchKind::read; break;
    case cpu::WatchKind::write: e.watch_kind = debug::WatchKind::write; break;
    case cpu::WatchKind::access: e.watch_kind = debug::WatchKind::access; break;
    }
    break;
  case DebugStop::step_done: e.reason = debug::StopReason::step_done; break;
  case DebugStop::interrupted:
    e.reason = debug::StopReason::interrupted;
    if (r.step_server) e.thread = *r.step_server;
    e.pc = board_.thread_state(e.thread).pc;
    break;
  case DebugStop::power_off: // RTAS power-off carries no status: a clean exit
    ended_ = true;
    e.reason = debug::StopReason::power_off;
    e.exit_code = 0;
    break;
  case DebugStop::reboot:
  case DebugStop::instruction_limit:
  case DebugStop::all_stopped:
    ended_ = true;
    e.reason = debug::StopReason::limit;
    break;
  case DebugStop::cycle_limit: e.reason = debug::StopReason::limit; break;
  case DebugStop::checkpoint: // only debug_checkpoint asks for it
    e.reason = debug::StopReason::interrupted;
    break;
  }
  return e;
}

std::string BoardDebugTarget::checkpoint(const std::string& path) {
  if (ended_) return "the run has ended";
  DebugStopInfo info;
  try {
    info = board_.debug_checkpoint(path);
  } catch (const std::exception& e) {
    return e.what();
  }
  switch (info.stop) {
  case DebugStop::checkpoint: return std::string();
  case DebugStop::power_off:
  case DebugStop::reboot:
  case DebugStop::instruction_limit:
  case DebugStop::all_stopped:
    ended_ = true;
    return "the run ended before the board reached a point to checkpoint";
  default: return "a debugger stop came first (breakpoint, watchpoint or interrupt): try again";
  }
}

std::string BoardDebugTarget::stats() const {
  std::ostringstream os;
  for (uint32_t server = 0; server < board_.thread_count(); ++server)
    os << "server " << server << " pc 0x" << std::hex << board_.thread_state(server).pc << std::dec << "\n";
  return os.str();
}

debug::XicsDebug* BoardDebugTarget::xics() { return xics_.get(); }

} // namespace ppc64sim::platform
