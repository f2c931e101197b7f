#include "tests/unit/debug/iss_target.h"

#include <cstring>
#include <string>

namespace ppc64sim::debug::test {
namespace {

class VectorMemory : public cpu::GuestMemory {
public:
  explicit VectorMemory(uint64_t size) : bytes(size, 0) {}
  cpu::DirectRegion direct_region() override { return {0, bytes.size(), bytes.data()}; }
  cpu::AccessStatus read(uint64_t addr, uint8_t* data, unsigned len, const cpu::AccessInfo&) override {
    if (!direct_region().contains(addr, len)) return cpu::AccessStatus::unmapped;
    std::memcpy(data, bytes.data() + addr, len);
    return cpu::AccessStatus::ok;
  }
  cpu::AccessStatus write(uint64_t addr, const uint8_t* data, unsigned len, const cpu::AccessInfo&) override {
    if (!direct_region().contains(addr, len)) return cpu::AccessStatus::unmapped;
    std::memcpy(bytes.data() + addr, data, len);
    return cpu::AccessStatus::ok;
  }
  std::vector<uint8_t> bytes;
};

// The test program makes no hcalls: any `sc 1` fails as an unknown hcall would (H_FUNCTION).
class NoHypervisor : public cpu::HypervisorInterface {
public:
  cpu::HcallResult hcall(cpu::ThreadState& s) override {
    s.gpr[3] = static_cast<uint64_t>(-2);
    return {};
  }
};

} // namespace

struct IssTarget::Impl {
  VectorMemory memory{kRamBytes};
  NoHypervisor hypervisor;
  cpu::ReservationMonitor reservations{kThreads};
  cpu::ThreadState states[kThreads];
  std::vector<std::unique_ptr<cpu::Iss>> iss;
};

IssTarget::IssTarget(uint64_t entry) : impl_(std::make_unique<Impl>()) {
  for (unsigned t = 0; t < kThreads; ++t) {
    cpu::ThreadState& s = impl_->states[t];
    s.pc = entry;
    s.msr = cpu::msr::SF | cpu::msr::ME;
    s.pir = t;
    s.run_state = cpu::RunState::running;
    impl_->iss.push_back(
        std::make_unique<cpu::Iss>(s, impl_->memory, impl_->hypervisor, impl_->reservations));
  }
}

IssTarget::~IssTarget() = default;

std::vector<uint8_t>& IssTarget::ram() { return impl_->memory.bytes; }

std::vector<ThreadInfo> IssTarget::threads() const {
  std::vector<ThreadInfo> out;
  for (unsigned t = 0; t < kThreads; ++t) {
    const cpu::ThreadState& s = impl_->iss[t]->state();
    out.push_back({t, 0, t, s.run_state, s.checkstop});
  }
  return out;
}

bool IssTarget::get_state(uint32_t server, cpu::ThreadState& out) const {
  if (server >= kThreads) return false;
  out = impl_->iss[server]->state();
  return true;
}

bool IssTarget::set_state(uint32_t server, const cpu::ThreadState& in) {
  if (server >= kThreads) return false;
  impl_->iss[server]->state() = in;
  return true;
}

bool IssTarget::read_memory(uint64_t addr, uint8_t* data, size_t len) {
  if (addr >= kRamBytes || len > kRamBytes - addr) return false;
  std::memcpy(data, impl_->memory.bytes.data() + addr, len);
  return true;
}

bool IssTarget::write_memory(uint64_t addr, const uint8_t* data, size_t len) {
  if (addr >= kRamBytes || len > kRamBytes - addr) return false;
  std::memcpy(impl_->memory.bytes.data() + addr, data, len);
  for (auto& iss : impl_->iss) iss->flush_decode_cache();
  return true;
}

bool IssTarget::add_breakpoint(uint64_t addr) {
  if (addr >= kRamBytes) return false;
  breakpoints_.insert(addr);
  return true;
}

bool IssTarget::remove_breakpoint(uint64_t addr) { return breakpoints_.erase(addr) != 0; }

bool IssTarget::at_exit(unsigned t) const {
  uint64_t pc = impl_->iss[t]->state().pc;
  if (t != 0 || pc + 4 > kRamBytes) return false;
  const uint8_t* p = impl_->memory.bytes.data() + pc;
  return p[0] == 0x48 && p[1] == 0 && p[2] == 0 && p[3] == 0;
}

StopEvent IssTarget::resume(const ResumeRequest& req) {
  auto pc_of = [&](unsigned t) { return impl_->iss[t]->state().pc; };
  if (powered_off_) return {StopReason::power_off, 0, 0, 0, exit_code_};
  // A thread sitting on a breakpoint executes it first (gdb resumes from where it stopped).
  bool skip_break[kThreads];
  for (unsigned t = 0; t < kThreads; ++t) skip_break[t] = true;
  uint64_t stepped = 0;
  bool step = req.mode == ResumeRequest::Mode::step;
  while (true) {
    if (interrupt_.exchange(false)) {
      unsigned t = step ? req.step_thread : 0;
      return {StopReason::interrupted, t, pc_of(t), 0, 0};
    }
    if (req.until_cycle && instructions_ >= *req.until_cycle) return {StopReason::limit, 0, pc_of(0), 0, 0};
    bool ran = false;
    for (unsigned t = 0; t < kThreads; ++t) {
      cpu::Iss& iss = *impl_->iss[t];
      if (iss.state().run_state != cpu::RunState::running) continue;
      bool is_step_thread = step && t == req.step_thread;
      if (step && !is_step_thread && !req.others_run) continue;
      if (at_exit(t)) {
        powered_off_ = true;
        exit_code_ = static_cast<int>(iss.state().gpr[3] & 0xff);
        return {StopReason::power_off, t, pc_of(t), 0, exit_code_};
      }
      if (!skip_break[t] && breakpoints_.count(pc_of(t))) return {StopReason::breakpoint, t, pc_of(t), 0, 0};
      skip_break[t] = false;
      instructions_ += iss.step(1).instructions;
      ran = true;
      if (is_step_thread && ++stepped >= req.steps) return {StopReason::step_done, t, pc_of(t), 0, 0};
    }
    if (!ran) return {StopReason::limit, 0, pc_of(0), 0, 0};
  }
}

std::string IssTarget::stats() const {
  std::string out;
  for (unsigned t = 0; t < kThreads; ++t)
    out += "thread " + std::to_string(t) + " retired " +
           std::to_string(impl_->iss[t]->instructions_retired()) + "\n";
  return out;
}

} // namespace ppc64sim::debug::test
