#pragma once
// A BoardConfig back as platform keys and values (the inverse of to_board_config): the
// fingerprint a checkpoint stores to recognise its board (platforms/CHECKPOINT.md).
#include "platforms/board_config.h"

#include <string>
#include <utility>
#include <vector>

namespace ppc64sim::platform {

// Every key of parameters(), in that order, with the value as a platform file would write
// it (addresses and source numbers in 0x hex, as the defaults are shown), so that setting
// each pair and calling to_board_config gives `config` back.
std::vector<std::pair<std::string, std::string>> board_config_text(const BoardConfig& config);

} // namespace ppc64sim::platform
