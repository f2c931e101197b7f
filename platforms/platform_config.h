#pragma once
// The board parameter registry: every key a platform file or `--set key=value` may name, with
// its default (taken from BoardConfig's initialisers, so there is one source of truth), help
// text and validation, and the mapping onto BoardConfig.
//
// Platform files use Boost.Program_options config-file syntax: `key = value` lines, `#`
// comments, and `[section]` headers that prefix the following keys ("[cpu]" + "clock-mhz" is
// "cpu.clock-mhz").
//
// Every error throws ConfigError whose message names where the value came from (the file, or
// the command-line option), the key and the value.
#include "platforms/board_config.h"

#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace ppc64sim::platform {

class ConfigError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

// Capacity limit of the simulator, not of the architecture: every hardware thread is a
// SystemC process plus an ICP, and 256 keeps a run on a small host practical.
inline constexpr unsigned max_total_threads = 256;

struct Parameter {
  std::string key;
  std::string default_value;  // as it would be written in a platform file
  std::string help;           // one line, includes the accepted range
};

// Every known key, in the order --help-platform prints them.
const std::vector<Parameter>& parameters();
// Text of --help-platform: one block per key with default and help.
std::string parameters_help();

// A value someone set, and where it came from ("platforms/big.cfg", "--set", "--cores").
struct Setting {
  std::string value;
  std::string origin;
};
// Only the keys that were set; unset keys keep BoardConfig's defaults.
using ParamMap = std::map<std::string, Setting>;

// Sets `key` (must be a known key) to `value`; later settings replace earlier ones.
void set_param(ParamMap& params, const std::string& key, const std::string& value,
               const std::string& origin);
// Parses "key=value" (as given to --set) and sets it.
void apply_assignment(ParamMap& params, const std::string& assignment,
                      const std::string& origin = "--set");
// Reads a platform file into `params` (its keys replace ones already there). Unknown keys,
// a key given twice in the file, syntax errors and unreadable files throw.
void load_platform_file(const std::string& path, ParamMap& params);

// Validates every value (number syntax, ranges, cross-key limits) and builds the config.
BoardConfig to_board_config(const ParamMap& params);

// `--platform NAME|FILE`: an existing path is the file; otherwise NAME (no '/', no ".cfg")
// names `<dir>/NAME.cfg` in the first of `search_dirs` that has it. Throws naming what was
// tried and the platforms available.
std::string resolve_platform(const std::string& name_or_file,
                             const std::vector<std::string>& search_dirs);

} // namespace ppc64sim::platform
