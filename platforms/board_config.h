#pragma once
// Everything that describes a board, as plain data. Filled from a platform file plus
// overrides (platform_config.h); read by the builder (board.h) and the device-tree builder.
#include <cstdint>
#include <string>

namespace ppc64sim::platform {

struct BoardConfig {
  std::string name = "default";
  unsigned cores = 4;
  unsigned threads_per_core = 2;        // 1, 2, 4 or 8
  uint64_t memory_mib = 256;            // RAM at physical 0
  uint64_t cpu_clock_hz = 2'000'000'000; // core clock; one instruction = one cycle for now
  uint64_t timebase_hz = 512'000'000;   // QEMU pseries timebase (SPAPR_TIMEBASE_FREQ)
  uint64_t quantum_ns = 1000;           // temporal-decoupling quantum of each core
  uint32_t vty_reg = 0x71000000;        // unit address of the vty (the H_PUT_TERM_CHAR termno)
  uint32_t vty_irq = 0x1100;            // its interrupt source (first VIO source in QEMU)
  uint64_t rtc_epoch = 1767225600;      // get-time-of-day at simulated time 0 (2026-01-01 UTC)

  unsigned thread_count() const { return cores * threads_per_core; }
  uint64_t memory_bytes() const { return memory_mib << 20; }
  // Space reserved for the flattened device tree at the top of the RMA.
  static constexpr uint64_t fdt_area_bytes = 2ull << 20;
  // Where QEMU 7.2 pseries places the device tree: MIN(RMA, 2 GiB) - 2 MiB (observed: r3 =
  // 0x0fe00000 with -m 256, firmware-contract.md).
  uint64_t fdt_address() const {
    uint64_t rma = memory_bytes() < (2ull << 30) ? memory_bytes() : (2ull << 30);
    return rma - fdt_area_bytes;
  }
};

} // namespace ppc64sim::platform
