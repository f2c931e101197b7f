#include "sim/debug_options.h"

#include "sim/options.h"

#include <fstream>

namespace ppc64sim::sim {

namespace po = boost::program_options;

void add_debug_options(po::options_description& d) {
  d.add_options()
    ("gdb", po::value<std::string>()->value_name("PORT"),
     "GDB remote stub on PORT (0 = any free port; \"ppc64sim: gdb: listening on ADDR:PORT\" "
     "is printed on stderr). The board runs at once; a debugger attaching later stops it")
    ("gdb-listen", po::value<std::string>()->value_name("ADDR"),
     "IPv4 address of the GDB stub (default 127.0.0.1: a debugger controls the whole board)")
    ("gdb-wait", "with --gdb: hold the board at reset until a debugger attaches")
    ("monitor", "board monitor on stdin before the board runs (`help` lists the commands; "
     "`quit` or end of input lets the board run to its end)")
    ("monitor-script", po::value<std::string>()->value_name("FILE"),
     "run the monitor commands of FILE (echoed on stdout) before the board runs on");
}

DebugOptions read_debug_options(const DebugOptionLookup& pick) {
  DebugOptions d;
  if (auto v = pick("gdb")) {
    const std::string text = v->as<std::string>();
    const auto port = parse_unsigned(text, 10);
    if (!port || *port > 65535) throw UsageError("--gdb: '" + text + "' is not a TCP port (0-65535)");
    d.gdb_port = static_cast<uint16_t>(*port);
  }
  if (auto v = pick("gdb-listen")) {
    if (!d.gdb_port) throw UsageError("--gdb-listen needs --gdb PORT");
    d.gdb_listen = v->as<std::string>();
  }
  if (pick("gdb-wait")) {
    if (!d.gdb_port) throw UsageError("--gdb-wait needs --gdb PORT");
    d.gdb_wait = true;
  }
  d.monitor = pick("monitor") != nullptr;
  if (auto v = pick("monitor-script")) {
    d.monitor_script = v->as<std::string>();
    if (!std::ifstream(d.monitor_script))
      throw UsageError("--monitor-script: cannot read '" + d.monitor_script + "'");
  }
  if (d.gdb_port && (d.monitor || !d.monitor_script.empty()))
    throw UsageError("--gdb cannot be combined with --monitor or --monitor-script (one debugger "
                     "controls the board at a time)");
  if (d.monitor && !d.monitor_script.empty())
    throw UsageError("--monitor and --monitor-script cannot be combined");
  return d;
}

} // namespace ppc64sim::sim
