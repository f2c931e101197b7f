#pragma once
// Builds the flattened device tree a PAPR firmware reads, laid out as QEMU's pseries machine
// lays out the parts we model (xics-spec section 4; firmware-contract.md "Device tree").
#include "platforms/board_config.h"

#include <cstdint>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace ppc64sim::sim {

class DeviceTreeError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

// The tree may fill the area the board reserves for it at BoardConfig::fdt_address().
inline constexpr uint64_t fdt_max_size = platform::BoardConfig::fdt_area_bytes;
// phandle of the XICS presentation node in QEMU (PHANDLE_INTC, xics-spec 4.1).
inline constexpr uint32_t xics_phandle = 0x1111;
// POWER9 DD2.2 PVR, what QEMU's default pseries CPU reports.
inline constexpr uint32_t power9_pvr = 0x004e1200;

struct DeviceTreeInputs {
  std::vector<std::pair<std::string, uint32_t>> rtas_tokens;  // RTAS call name -> token
  std::vector<std::string> hypertas_functions;                // "hcall-term", ...
};

// Returns the packed tree (FDT version 17). Throws DeviceTreeError if it would exceed
// fdt_max_size or libfdt fails.
std::vector<uint8_t> build_device_tree(const platform::BoardConfig& config,
                                       const DeviceTreeInputs& inputs);

// Interrupt server number of thread `thread` of core `core` (xics-spec 1.5 with vsmt =
// threads per core).
inline uint32_t server_number(const platform::BoardConfig& c, unsigned core, unsigned thread) {
  return core * c.threads_per_core + thread;
}

} // namespace ppc64sim::sim
