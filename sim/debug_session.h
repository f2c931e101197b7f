#pragma once
// Runs the board under the bring-up tools chosen by DebugOptions (GDB stub or monitor)
// instead of Board::run (README "Bring-up: GDB and monitor").
#include "platforms/board.h"
#include "sim/options.h"

namespace ppc64sim::sim {

// Returns how the run ended. A debugger's kill ends the run as RunEnd::interrupted. Throws
// UsageError when the GDB port cannot be opened.
platform::RunResult run_debug_session(platform::Board& board, const Options& options);

} // namespace ppc64sim::sim
