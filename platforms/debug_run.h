#pragma once
// Types of the board's debugger run control (Board::debug_resume), used by the bring-up
// tools through platforms/board_debug.h.
#include <cstdint>
#include <optional>

namespace ppc64sim::cpu {
struct ThreadState;
class Iss;
} // namespace ppc64sim::cpu

namespace ppc64sim::platform {

struct DebugResume {
  // Step mode when set: that server retires `steps` instructions; with `others_run` false no
  // other thread runs meanwhile.
  std::optional<uint32_t> step_server;
  uint64_t steps = 1;
  bool others_run = true;
  std::optional<uint64_t> until_cycle; // stop when the board's cycle count reaches it
};

enum class DebugStop {
  breakpoint,        // `server` is about to execute the breakpoint at `pc`
  watchpoint,        // the instruction at `pc` of `server` (not executed yet) accesses a
                     // watched range: Board::watch_hit(server) says which
  step_done,         // the steps of `server` retired
  interrupted,       // debug_interrupt()
  power_off,         // the run has ended: see Board::run_result()
  reboot,
  instruction_limit,
  all_stopped,       // nothing left to run (no event pending)
  cycle_limit,       // DebugResume::until_cycle reached
  checkpoint,        // Board::debug_checkpoint wrote its file (the board stopped right after)
};

struct DebugStopInfo {
  DebugStop stop = DebugStop::interrupted;
  uint32_t server = 0;
  uint64_t pc = 0;
};

} // namespace ppc64sim::platform
