#pragma once
// Helpers shared by the XICS model tests.
#include "models/intc/xics_ops.h"

#include <cstdint>
#include <vector>

namespace xics_test {
using namespace ppc64sim::intc;

inline constexpr uint32_t S = 0x1000;  // first QEMU source number (xics-spec.md 1.1)

// What a Linux-like guest does per interrupt (xics-spec.md 5.1 step 6): H_XIRR, then
// H_EOI(returned xirr) which restores the previous CPPR; repeat until spurious.
inline std::vector<uint32_t> drain(XicsOps& x, uint32_t server, int max = 16) {
  std::vector<uint32_t> got;
  for (int i = 0; i < max; ++i) {
    const auto xirr = static_cast<uint32_t>(x.accept(server).r4);
    if ((xirr & kXisrMask) == 0) break;
    got.push_back(xirr & kXisrMask);
    x.eoi(server, xirr);
  }
  return got;
}

inline uint32_t xisr(const XicsOps& x, uint32_t server) { return x.icp_state(server)->xisr; }
inline uint8_t cppr(const XicsOps& x, uint32_t server) { return x.icp_state(server)->cppr; }
} // namespace xics_test
