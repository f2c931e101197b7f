#pragma once
// The board monitor: one command per line, run against a stopped DebugTarget, output to an
// ostream. The same interpreter serves stdin (--monitor), a loopback socket and script files
// (--monitor-script), so a recorded session replays exactly. `help` lists the commands.
#include "sim/debug/debug_target.h"

#include <cstdint>
#include <istream>
#include <ostream>
#include <set>
#include <string>
#include <tuple>

namespace ppc64sim::debug {

class Monitor {
public:
  enum class Outcome { ok, error, quit };

  Monitor(DebugTarget& target, std::ostream& out);

  // Runs one line; blank lines and '#' comments do nothing. Errors are printed as
  // "error: ..." naming the offending argument.
  Outcome execute(const std::string& line);
  // Runs every line of `in` (echoed with a "> " prefix when `echo`); stops at `quit` or, when
  // `stop_on_error`, at the first error. Returns the number of failed commands.
  int run_script(std::istream& in, bool echo, bool stop_on_error);

  void set_output(std::ostream& out) { out_ = &out; }

private:
  Outcome dispatch(const std::vector<std::string>& args);
  Outcome info(const std::vector<std::string>& args);
  Outcome info_cpus();
  Outcome info_regs(const std::vector<std::string>& args);
  Outcome info_xics(bool all);
  Outcome info_source(const std::vector<std::string>& args);
  Outcome info_icp(const std::vector<std::string>& args);
  Outcome set(const std::vector<std::string>& args);
  Outcome irq(const std::vector<std::string>& args);
  Outcome step(const std::vector<std::string>& args);
  Outcome run(const std::vector<std::string>& args);
  Outcome breakpoint(const std::vector<std::string>& args, bool insert);
  Outcome watchpoint(const std::vector<std::string>& args, bool insert);
  Outcome dump(const std::vector<std::string>& args);
  Outcome report_stop(const StopEvent& e);
  Outcome fail(const std::string& message);
  XicsDebug* xics_or_fail();

  DebugTarget& target_;
  std::ostream* out_;
  std::set<uint64_t> breakpoints_;
  std::set<std::tuple<uint64_t, WatchKind, uint64_t>> watchpoints_; // address, kind, length
};

} // namespace ppc64sim::debug
