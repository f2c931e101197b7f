#pragma once
// In-test DebugTarget: ThreadStates, a byte vector as RAM at physical 0, and XICS words kept
// verbatim (the monitor's job is formatting and parsing, not XICS semantics). resume() returns
// the scripted `next_stop` and records the request.
#include "sim/debug/debug_target.h"

#include <map>
#include <set>
#include <vector>

namespace ppc64sim::debug::test {

class FakeXics : public XicsDebug {
public:
  intc::Flavour flavour() const override { return intc::Flavour::qemu; }
  std::vector<uint32_t> servers() const override {
    std::vector<uint32_t> out;
    for (const auto& [server, word] : icps) out.push_back(server);
    return out;
  }
  std::vector<SourceRange> source_ranges() const override { return {{0x1000, 4}}; }
  intc::Result<uint64_t> get_source(uint32_t n) const override {
    auto it = sources.find(n);
    if (it == sources.end()) return intc::Result<uint64_t>::failure("no ICS owns source " + std::to_string(n));
    return intc::Result<uint64_t>::success(it->second);
  }
  intc::Status set_source(uint32_t n, uint64_t word) override {
    if (!sources.count(n)) return intc::Status::failure("no ICS owns source " + std::to_string(n));
    if (word & intc::srcword::kReserved) return intc::Status::failure("reserved bits set");
    sources[n] = word;
    return intc::Status::success();
  }
  intc::Result<uint64_t> get_icp(uint32_t s) const override {
    auto it = icps.find(s);
    if (it == icps.end()) return intc::Result<uint64_t>::failure("no ICP for server " + std::to_string(s));
    return intc::Result<uint64_t>::success(it->second);
  }
  intc::Status set_icp(uint32_t s, uint64_t word) override {
    if (!icps.count(s)) return intc::Status::failure("no ICP for server " + std::to_string(s));
    icps[s] = word;
    return intc::Status::success();
  }
  intc::Status set_irq_level(uint32_t n, bool level) override {
    if (!sources.count(n)) return intc::Status::failure("no ICS owns source " + std::to_string(n));
    levels.push_back({n, level});
    return intc::Status::success();
  }

  std::map<uint32_t, uint64_t> sources;
  std::map<uint32_t, uint64_t> icps;
  std::vector<std::pair<uint32_t, bool>> levels;
};

class FakeTarget : public DebugTarget {
public:
  explicit FakeTarget(unsigned n_threads = 2, size_t ram_bytes = 0x10000) : ram(ram_bytes, 0) {
    for (unsigned t = 0; t < n_threads; ++t) {
      cpu::ThreadState s;
      s.pir = t;
      s.run_state = cpu::RunState::running;
      states.push_back(s);
    }
    // QEMU-flavour reset words (section 8 get): masked, saved priority 0xff, server 0.
    for (uint32_t n = 0x1000; n < 0x1004; ++n)
      xics_.sources[n] = intc::srcword::kMasked | (0xffull << intc::srcword::kPriorityShift);
    for (uint32_t s = 0; s < n_threads; ++s) xics_.icps[s] = intc::icpword::make(0, 0, 0xff, 0xff);
  }

  std::vector<ThreadInfo> threads() const override {
    std::vector<ThreadInfo> out;
    for (uint32_t t = 0; t < states.size(); ++t) out.push_back({t, t / 2, t % 2, states[t].run_state, false});
    return out;
  }
  bool get_state(uint32_t server, cpu::ThreadState& out) const override {
    if (server >= states.size()) return false;
    out = states[server];
    return true;
  }
  bool set_state(uint32_t server, const cpu::ThreadState& in) override {
    if (server >= states.size()) return false;
    states[server] = in;
    return true;
  }
  bool read_memory(uint64_t addr, uint8_t* data, size_t len) override {
    if (addr > ram.size() || len > ram.size() - addr) return false;
    std::copy(ram.begin() + addr, ram.begin() + addr + len, data);
    return true;
  }
  bool write_memory(uint64_t addr, const uint8_t* data, size_t len) override {
    if (addr > ram.size() || len > ram.size() - addr) return false;
    std::copy(data, data + len, ram.begin() + addr);
    return true;
  }
  bool add_breakpoint(uint64_t addr) override {
    if (addr >= ram.size()) return false;
    breakpoints.insert(addr);
    return true;
  }
  bool remove_breakpoint(uint64_t addr) override { return breakpoints.erase(addr) != 0; }
  StopEvent resume(const ResumeRequest& r) override {
    requests.push_back(r);
    return next_stop;
  }
  void interrupt() override { ++interrupts; }
  uint64_t cycles() const override { return cycle_count; }
  uint64_t instructions() const override { return 1234; }
  std::string stats() const override { return "fake 1\n"; }
  XicsDebug* xics() override { return with_xics ? &xics_ : nullptr; }

  std::vector<cpu::ThreadState> states;
  std::vector<uint8_t> ram;
  std::set<uint64_t> breakpoints;
  std::vector<ResumeRequest> requests;
  StopEvent next_stop{StopReason::step_done, 0, 0, 0, 0};
  int interrupts = 0;
  uint64_t cycle_count = 100;
  bool with_xics = true;
  FakeXics xics_;
};

} // namespace ppc64sim::debug::test
