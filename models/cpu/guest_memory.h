#pragma once
// The ISS's view of the physical address space. The ISS is plain C++: the SystemC wrapper
// implements this with TLM-2.0 (DMI for RAM, b_transport for everything else).
// Data is always in guest memory byte order (byte 0 at the lowest address); the ISS applies
// MSR[LE] itself.
#include <cstdint>

namespace ppc64sim::cpu {

struct CodeWatch;

struct AccessInfo {
  uint32_t thread = 0;    // interrupt server number of the initiating thread
  bool fetch = false;     // instruction fetch
  bool privileged = true; // MSR[PR] == 0
};

// A window of RAM the ISS may touch directly through a host pointer.
struct DirectRegion {
  uint64_t base = 0;
  uint64_t size = 0; // 0: no direct region
  uint8_t* host = nullptr;
  // The board's record of code pages and writes to them (code_watch.h), covering the region
  // from address 0; null: the ISS compares its code pages at every step.
  CodeWatch* code_watch = nullptr;
  bool contains(uint64_t addr, uint64_t len) const {
    return size != 0 && addr >= base && addr - base <= size && len <= size - (addr - base);
  }
};

enum class AccessStatus { ok, unmapped };

class GuestMemory {
public:
  virtual ~GuestMemory() = default;
  // Largest RAM window available for direct access (may be empty).
  virtual DirectRegion direct_region() = 0;
  // Slow path for everything outside the direct region. `unmapped` makes the ISS raise a
  // machine check.
  virtual AccessStatus read(uint64_t addr, uint8_t* data, unsigned len, const AccessInfo& info) = 0;
  virtual AccessStatus write(uint64_t addr, const uint8_t* data, unsigned len, const AccessInfo& info) = 0;
};

} // namespace ppc64sim::cpu
