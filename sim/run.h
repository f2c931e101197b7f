#pragma once
// The boot flow: image -> board -> memory -> device tree -> boot thread -> run.
#include "sim/options.h"

namespace ppc64sim::sim {

// Returns the process exit status (exit_status.h). Throws on bad image / I/O errors.
int run_simulation(const Options& options);

} // namespace ppc64sim::sim
