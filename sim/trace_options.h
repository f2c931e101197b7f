#pragma once
// The trace/statistics options of ppc64sim (--trace, --trace-format, --vcd, --vcd-signals,
// --stats, --progress) and the SIGINT flag (README "Traces, waveforms and statistics").
#include "platforms/board_tracing.h"

#include <boost/program_options.hpp>

#include <atomic>
#include <functional>

namespace ppc64sim::sim {

struct Options;

void add_trace_options(boost::program_options::options_description& d);

// `pick(name)`: the option's value, command line first, then the --config file; nullptr when
// unset. Throws UsageError for a bad --trace-format. Fills o.trace (without the header).
using OptionLookup = std::function<const boost::program_options::variable_value*(const char*)>;
void read_trace_options(const OptionLookup& pick, Options& o);

// The effective configuration for the trace header: every board parameter with its value and
// origin (`KEY=VALUE`, `KEY.origin=WHERE`), then the firmware and the instruction limit.
std::vector<std::pair<std::string, std::string>> trace_header_config(const Options& o);

// Installs a SIGINT handler that only sets the returned flag (a second Ctrl-C kills the
// process the default way).
const std::atomic<bool>& install_sigint_flag();

} // namespace ppc64sim::sim
