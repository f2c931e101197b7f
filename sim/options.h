#pragma once
// ppc64sim's command line (Boost.Program_options) and its merge with the platform file.
//
// Precedence, lowest first: built-in defaults (BoardConfig) < platform file (--platform, or
// "default" when found) < --set key=value (in order given; those in a --config file come
// before those on the command line) < dedicated flags (--cores, --threads-per-core,
// --memory). For every other option the command line beats the --config file.
#include "platforms/board_config.h"
#include "platforms/board_tracing.h"
#include "platforms/platform_config.h"
#include "sim/debug_options.h"

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace ppc64sim::sim {

class UsageError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

// `text` as an unsigned number with nothing else around it (digits in `base`; 0: 0x and 0
// prefixes as in C), or nothing when it is not one or does not fit.
std::optional<unsigned long long> parse_unsigned(const std::string& text, int base);

struct CheckpointAt {
  uint64_t cycle = 0;
  std::string path;
};

struct Options {
  bool help = false;
  bool version = false;
  bool help_platform = false;
  std::string firmware;       // empty: none given
  std::string platform_file;  // the platform file read, empty if none
  std::string log_level = "info";
  std::string dump_dtb;       // empty: no dump
  std::string console_input;  // --console-input, escapes decoded; typed at simulated time 0
  uint64_t max_instructions = 0;  // 0 = no limit
  unsigned host_threads = 1;      // --host-threads (1: every pass on the kernel's thread)
  platform::ParamMap params;  // every key set, with where it came from
  platform::BoardConfig board;
  platform::TraceOptions trace; // --trace, --vcd, --stats, --progress (trace_options.h)
  DebugOptions debug;           // --gdb, --monitor, ... (debug_options.h)
  std::vector<CheckpointAt> checkpoints; // --checkpoint-at
  std::string restore;                   // --restore FILE, empty: none
};

// Directories searched for `--platform NAME`: $PPC64SIM_PLATFORM_PATH (':'-separated) if set
// and non-empty, else the compiled-in directory.
std::vector<std::string> platform_search_dirs(const char* env_value, const std::string& builtin);

// Throws UsageError (command line, --config file) or platform::ConfigError (platform keys).
// With help/version/help_platform set, the board is not resolved.
Options parse_options(int argc, const char* const argv[],
                      const std::vector<std::string>& platform_dirs);

std::string help_text();

// --console-input TEXT: \n \r \t \\ \e (ESC) and \xHH (two hex digits) are decoded;
// any other backslash sequence throws UsageError naming it.
std::string decode_console_input(const std::string& text);

} // namespace ppc64sim::sim
