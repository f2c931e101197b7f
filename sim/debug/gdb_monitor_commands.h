#pragma once
// gdb's `monitor LINE` (qRcmd) served by the board monitor (monitor.h): inspection and XICS
// commands run against the board gdb holds stopped, their output goes back to gdb as text.
//
// gdb owns run control while it is attached: it caches registers and memory of a stopped
// target and only refetches them after a resume it made itself. So the monitor commands that
// run the board (continue, step, run/until) or arm stops gdb would not expect (break, watch)
// are refused with a pointer to gdb's own command. `checkpoint` is the exception: it must let
// the board run on to a point where its state is complete; the reply then says where the
// board stopped and how to refresh gdb's view (`maint flush register-cache`), since the remote
// protocol has no all-stop packet that tells gdb its threads moved.
#include "sim/debug/debug_target.h"
#include "sim/debug/monitor.h"

#include <sstream>
#include <string>

namespace ppc64sim::debug {

class GdbMonitorCommands {
public:
  explicit GdbMonitorCommands(DebugTarget& target);

  // Runs one line; returns everything it printed (errors as "error: ..." lines).
  std::string run(const std::string& line);

private:
  DebugTarget& target_;
  std::ostringstream out_;
  Monitor monitor_;
};

} // namespace ppc64sim::debug
