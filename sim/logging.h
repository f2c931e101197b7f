#pragma once
// spdlog set-up: every log line goes to stderr, never stdout (stdout is the guest console).
#include <string>

namespace ppc64sim::sim {

// Replaces spdlog's default logger (which would write to stdout) by a stderr logger named
// "ppc64sim" at `level` (trace, debug, info, warn, error, off; validated by the options).
void setup_logging(const std::string& level);

} // namespace ppc64sim::sim
