#pragma once
// A DebugTarget over the real ISS for the gdb session test: two threads (servers 0 and 1,
// core 0 threads 0 and 1) sharing 1 MiB of RAM at physical 0, run round-robin one
// instruction at a time so breakpoints are checked before every instruction. Thread 0
// branching to itself (`b .`, 0x48000000) is the power-off, with r3 as the exit code. One
// cycle per instruction. No XICS.
#include "models/cpu/iss.h"
#include "sim/debug/debug_target.h"

#include <atomic>
#include <memory>
#include <set>
#include <vector>

namespace ppc64sim::debug::test {

class IssTarget : public DebugTarget {
public:
  static constexpr unsigned kThreads = 2;
  static constexpr uint64_t kRamBytes = 1 << 20;

  // Every thread starts at `entry` in 64-bit supervisor mode.
  explicit IssTarget(uint64_t entry);
  ~IssTarget() override;
  std::vector<uint8_t>& ram();

  std::vector<ThreadInfo> threads() const override;
  bool get_state(uint32_t server, cpu::ThreadState& out) const override;
  bool set_state(uint32_t server, const cpu::ThreadState& in) override;
  bool read_memory(uint64_t addr, uint8_t* data, size_t len) override;
  bool write_memory(uint64_t addr, const uint8_t* data, size_t len) override;
  bool add_breakpoint(uint64_t addr) override;
  bool remove_breakpoint(uint64_t addr) override;
  StopEvent resume(const ResumeRequest& request) override;
  void interrupt() override { interrupt_ = true; }
  uint64_t cycles() const override { return instructions_; }
  uint64_t instructions() const override { return instructions_; }
  std::string stats() const override;
  bool powered_off() const { return powered_off_; }

private:
  struct Impl;
  bool at_exit(unsigned t) const;
  std::unique_ptr<Impl> impl_;
  std::set<uint64_t> breakpoints_;
  std::atomic<bool> interrupt_{false};
  uint64_t instructions_ = 0;
  bool powered_off_ = false;
  int exit_code_ = 0;
};

} // namespace ppc64sim::debug::test
