#pragma once
// The bring-up tools' view of the real board: debug::DebugTarget over platform::Board
// (registers through ThreadState, memory through the RAM, run control through
// Board::debug_resume, XICS through the state-access API).
#include "platforms/board.h"
#include "sim/debug/debug_target.h"

#include <memory>

namespace ppc64sim::platform {

class BoardDebugTarget : public debug::DebugTarget {
public:
  explicit BoardDebugTarget(Board& board);
  ~BoardDebugTarget() override;

  std::vector<debug::ThreadInfo> threads() const override;
  bool get_state(uint32_t server, cpu::ThreadState& out) const override;
  bool set_state(uint32_t server, const cpu::ThreadState& in) override;
  bool read_memory(uint64_t addr, uint8_t* data, size_t len) override;
  bool write_memory(uint64_t addr, const uint8_t* data, size_t len) override;
  bool add_breakpoint(uint64_t addr) override;
  bool remove_breakpoint(uint64_t addr) override;
  bool supports_watchpoints() const override { return true; }
  bool add_watchpoint(debug::WatchKind kind, uint64_t addr, uint64_t len) override;
  bool remove_watchpoint(debug::WatchKind kind, uint64_t addr, uint64_t len) override;
  debug::StopEvent resume(const debug::ResumeRequest& request) override;
  void interrupt() override { board_.debug_interrupt(); }
  uint64_t cycles() const override { return board_.cycles(); }
  uint64_t instructions() const override { return board_.instructions(); }
  std::string stats() const override;
  std::string checkpoint(const std::string& path) override;
  debug::XicsDebug* xics() override;

  // True once the run has ended (power-off, reboot, instruction limit, dead board).
  bool run_ended() const { return ended_; }

private:
  class Xics;
  Board& board_;
  std::unique_ptr<Xics> xics_;
  bool ended_ = false;
};

} // namespace ppc64sim::platform
