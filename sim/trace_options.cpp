#include "sim/trace_options.h"

#include "sim/options.h"

#include <csignal>
#include <unistd.h>

namespace ppc64sim::sim {
namespace po = boost::program_options;

namespace {
std::atomic<bool> g_sigint{false};

extern "C" void on_sigint(int) { g_sigint.store(true, std::memory_order_relaxed); }
} // namespace

void add_trace_options(po::options_description& d) {
  d.add_options()
    ("trace", po::value<std::string>()->value_name("FILE"),
     "write an event trace (interrupts, hcalls, fabric messages, ...) to FILE (traces/FORMAT.md)")
    ("trace-format", po::value<std::string>()->value_name("line|perfetto"),
     "format of --trace: line (default, traces/FORMAT.md) or perfetto (Chrome trace JSON)")
    ("vcd", po::value<std::string>()->value_name("FILE"),
     "write interrupt-line, ICP, source and fabric waveforms to FILE (VCD, gtkwave)")
    ("vcd-signals", po::value<std::string>()->value_name("PATTERN"),
     "only these VCD wires: comma-separated globs or re:REGEX (traces/README.md)")
    ("stats", po::value<std::string>()->value_name("FILE"),
     "write run statistics as JSON to FILE (per thread, per source, board, host)")
    ("progress", po::bool_switch(),
     "print simulated cycles, instructions and MIPS on stderr every 2 host seconds, and a "
     "summary at exit (default when stderr is a terminal)");
}

void read_trace_options(const OptionLookup& pick, Options& o) {
  platform::TraceOptions& t = o.trace;
  if (auto v = pick("trace")) t.trace_path = v->as<std::string>();
  if (auto v = pick("trace-format")) {
    t.trace_format = v->as<std::string>();
    if (t.trace_format != "line" && t.trace_format != "perfetto")
      throw UsageError("--trace-format: '" + t.trace_format + "' is not one of line, perfetto");
  }
  if (auto v = pick("vcd")) t.vcd_path = v->as<std::string>();
  if (auto v = pick("vcd-signals")) t.vcd_signals = v->as<std::string>();
  if (auto v = pick("stats")) t.stats_path = v->as<std::string>();
  const po::variable_value* p = pick("progress");
  t.progress = (p && !p->empty() && p->as<bool>()) || isatty(STDERR_FILENO);
  for (const std::string* path : {&t.trace_path, &t.vcd_path, &t.stats_path})
    for (const std::string* other : {&t.trace_path, &t.vcd_path, &t.stats_path})
      if (path != other && !path->empty() && *path == *other)
        throw UsageError("'" + *path + "' is given to two of --trace, --vcd, --stats");
}

std::vector<std::pair<std::string, std::string>> trace_header_config(const Options& o) {
  std::vector<std::pair<std::string, std::string>> c;
  c.emplace_back("platform-file", o.platform_file);
  for (const auto& [key, s] : o.params) {
    c.emplace_back(key, s.value);
    c.emplace_back(key + ".origin", s.origin);
  }
  c.emplace_back("firmware", o.firmware);
  c.emplace_back("max-instructions", std::to_string(o.max_instructions));
  return c;
}

const std::atomic<bool>& install_sigint_flag() {
  struct sigaction sa {};
  sa.sa_handler = on_sigint;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESETHAND; // the second Ctrl-C ends the process even if the loop is stuck
  sigaction(SIGINT, &sa, nullptr);
  return g_sigint;
}

} // namespace ppc64sim::sim
