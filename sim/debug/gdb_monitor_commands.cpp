#include "sim/debug/gdb_monitor_commands.h"

#include <vector>

namespace ppc64sim::debug {
namespace {

struct Refusal {
  const char* command;
  const char* instead;
};

// Monitor commands that move the board or arm a stop behind gdb's back, and what to use.
const Refusal kRefused[] = {
    {"continue", "use gdb's continue/stepi (gdb would not know the threads moved)"},
    {"step", "use gdb's continue/stepi (gdb would not know the threads moved)"},
    {"run", "use gdb's continue/stepi, or `until`/`advance`/a breakpoint to stop at a place"},
    {"until", "use gdb's continue/stepi, or `until`/`advance`/a breakpoint to stop at a place"},
    {"break", "use gdb's break/tbreak (gdb must know the breakpoints it stops at)"},
    {"delete", "use gdb's delete (this session's breakpoints are gdb's)"},
    {"watch", "use gdb's watch/rwatch/awatch (gdb must know the watchpoints it stops at)"},
    {"unwatch", "use gdb's delete (this session's watchpoints are gdb's)"},
    {"quit", "nothing to quit: gdb's detach lets the board run on, kill ends the run"},
    {"exit", "nothing to quit: gdb's detach lets the board run on, kill ends the run"},
};

std::string first_word(const std::string& line) {
  std::istringstream in(line);
  std::string word;
  in >> word;
  return word;
}

} // namespace

GdbMonitorCommands::GdbMonitorCommands(DebugTarget& target) : target_(target), monitor_(target, out_) {}

std::string GdbMonitorCommands::run(const std::string& line) {
  const std::string cmd = first_word(line);
  for (const Refusal& r : kRefused)
    if (cmd == r.command) return "error: '" + cmd + "' is not available from gdb: " + r.instead + "\n";
  out_.str("");
  out_.clear();
  const uint64_t before = target_.cycles();
  monitor_.execute(line);
  std::string text = out_.str();
  if (target_.cycles() != before) { // only checkpoint runs the board here
    text += "the board ran on from cycle " + std::to_string(before) + " to cycle " +
            std::to_string(target_.cycles()) +
            " to reach a complete state and stopped there: gdb still shows the registers of "
            "cycle " + std::to_string(before) + "; `maint flush register-cache` refreshes them\n";
  }
  return text;
}

} // namespace ppc64sim::debug
