#pragma once
// Board-wide knowledge of which RAM blocks (256 bytes: small, so that data next to code in a
// small firmware seldom shares one) hold predecoded instructions, and a generation that moves
// whenever any of them is written, by any thread, device, the hypervisor or a debugger.
// A thread's ISS compares its pages with memory at the start of a step only when the
// generation moved since its last step: most steps skip that work (architecture habit:
// invalidate on write, not check on fetch).
#include <cstdint>
#include <vector>

namespace ppc64sim::cpu {

struct CodeWatch {
  static constexpr unsigned kBlockShift = 8;

  explicit CodeWatch(uint64_t ram_bytes) : blocks((ram_bytes >> kBlockShift) + 1, 0) {}

  // Per block of RAM from address 0: kCode when the block holds predecoded code, kCodeNext
  // when the block after it does. The second mark lets a store of at most one block's length
  // look up only the block it starts in (it can reach no further than the next one).
  static constexpr uint8_t kCode = 1, kCodeNext = 2;
  std::vector<uint8_t> blocks;
  uint64_t generation = 1;

  // A write of [addr, addr+len) that did not come through an ISS's own store path.
  void note_write(uint64_t addr, uint64_t len) {
    if (len == 0) return;
    const uint64_t first = addr >> kBlockShift, last = (addr + len - 1) >> kBlockShift;
    for (uint64_t p = first; p <= last && p < blocks.size(); ++p)
      if (blocks[p] & kCode) {
        ++generation;
        return;
      }
  }
};

} // namespace ppc64sim::cpu
