#pragma once
// ppc64sim's exit codes (also in --help and sim/README.md). Scripts and CTest rely on them:
// change them only together with both.
#include "platforms/board.h"

namespace ppc64sim::sim {

enum ExitStatus : int {
  exit_power_off = 0,          // guest called RTAS power-off (or --dump-dtb alone succeeded)
  exit_usage = 1,              // bad command line, platform file, key/value or image
  exit_instruction_limit = 2,  // --max-instructions reached
  exit_all_stopped = 3,        // every thread stopped and nothing can wake them
  exit_reboot = 4,             // guest called RTAS system-reboot (not modelled: the run ends)
  exit_interrupted = 130,      // Ctrl-C (SIGINT): traces closed with reason=interrupted (128 + 2, shell habit)
  exit_internal = 70,          // internal error (EX_SOFTWARE of sysexits.h)
};

constexpr int exit_status_for(platform::RunEnd end) {
  switch (end) {
  case platform::RunEnd::power_off: return exit_power_off;
  case platform::RunEnd::reboot: return exit_reboot;
  case platform::RunEnd::instruction_limit: return exit_instruction_limit;
  case platform::RunEnd::all_stopped: return exit_all_stopped;
  case platform::RunEnd::interrupted: return exit_interrupted;
  }
  return exit_internal;
}

} // namespace ppc64sim::sim
