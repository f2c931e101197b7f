#pragma once
// Core::now_cycle_inline() for the files that run the store path: a store of a lone thread
// reads its cycle without a call. Kept out of core.h, which core_timing.h's headers include.
#include "models/cpu/core.h"
#include "models/cpu/timing/core_timing.h"

namespace ppc64sim::cpu {
template <typename> inline uint64_t Core::now_cycle_inline() const {
  return timing ? timing->cycle(timing_thread) : 0;
}
} // namespace ppc64sim::cpu
