#pragma once
// Board-wide knowledge of which RAM pages hold predecoded instructions, and a generation that
// moves whenever any of them is written, by any thread, device, the hypervisor or a debugger.
// A thread's ISS compares its pages with memory at the start of a step only when the
// generation moved since its last step: most steps skip that work (architecture habit:
// invalidate on write, not check on fetch).
#include <cstdint>
#include <vector>

namespace ppc64sim::cpu {

struct CodeWatch {
  static constexpr unsigned kPageShift = 12;

  explicit CodeWatch(uint64_t ram_bytes) : pages((ram_bytes >> kPageShift) + 1, 0) {}

  std::vector<uint8_t> pages; // per 4 KiB RAM page from address 0: non-zero = holds code
  uint64_t generation = 1;

  // A write of [addr, addr+len) that did not come through an ISS's own store path.
  void note_write(uint64_t addr, uint64_t len) {
    if (len == 0) return;
    const uint64_t first = addr >> kPageShift, last = (addr + len - 1) >> kPageShift;
    for (uint64_t p = first; p <= last && p < pages.size(); ++p)
      if (pages[p]) {
        ++generation;
        return;
      }
  }
};

} // namespace ppc64sim::cpu
