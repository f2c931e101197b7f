#pragma once
// The bring-up tool options of ppc64sim (--gdb, --gdb-listen, --gdb-wait, --monitor,
// --monitor-script; README "Bring-up: GDB and monitor").
#include <boost/program_options.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

namespace ppc64sim::sim {

struct DebugOptions {
  std::optional<uint16_t> gdb_port; // --gdb PORT (0: a free port, reported on stderr)
  std::string gdb_listen = "127.0.0.1";
  bool gdb_wait = false;
  bool monitor = false;        // commands from stdin
  std::string monitor_script;  // commands from a file
  bool any() const { return gdb_port || monitor || !monitor_script.empty(); }
};

void add_debug_options(boost::program_options::options_description& d);

// `pick(name)`: command line first, then the --config file; nullptr when unset. Throws
// UsageError naming the option and value.
using DebugOptionLookup = std::function<const boost::program_options::variable_value*(const char*)>;
DebugOptions read_debug_options(const DebugOptionLookup& pick);

} // namespace ppc64sim::sim
