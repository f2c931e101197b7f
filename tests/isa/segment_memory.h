#pragma once
// GuestMemory over the ELF's loaded segments: what qemu-ppc64 maps, nothing else (an access
// anywhere else is `unmapped`, which the ISS turns into a machine check that isa_diff
// reports). One segment may be offered as the direct region so both ISS paths get exercised.
#include "models/cpu/guest_memory.h"
#include "tests/isa/elf_image.h"

#include <cstring>
#include <vector>

namespace ppc64sim::isa_test {

class SegmentMemory : public cpu::GuestMemory {
public:
  explicit SegmentMemory(std::vector<Segment> segments, int direct_index = -1)
      : segs_(std::move(segments)), direct_(direct_index) {}

  cpu::DirectRegion direct_region() override {
    if (direct_ < 0 || direct_ >= static_cast<int>(segs_.size())) return {};
    Segment& s = segs_[static_cast<size_t>(direct_)];
    return {s.vaddr, s.bytes.size(), s.bytes.data()};
  }
  cpu::AccessStatus read(uint64_t addr, uint8_t* data, unsigned len, const cpu::AccessInfo&) override {
    uint8_t* p = find(addr, len);
    if (!p) return cpu::AccessStatus::unmapped;
    std::memcpy(data, p, len);
    return cpu::AccessStatus::ok;
  }
  cpu::AccessStatus write(uint64_t addr, const uint8_t* data, unsigned len, const cpu::AccessInfo&) override {
    uint8_t* p = find(addr, len);
    if (!p) return cpu::AccessStatus::unmapped;
    std::memcpy(p, data, len);
    return cpu::AccessStatus::ok;
  }
  // Host pointer to [addr, addr+len) when one segment holds all of it.
  uint8_t* find(uint64_t addr, uint64_t len) {
    for (Segment& s : segs_)
      if (addr >= s.vaddr && addr - s.vaddr <= s.bytes.size() && len <= s.bytes.size() - (addr - s.vaddr))
        return s.bytes.data() + (addr - s.vaddr);
    return nullptr;
  }
  const std::vector<Segment>& segments() const { return segs_; }

private:
  std::vector<Segment> segs_;
  int direct_;
};

} // namespace ppc64sim::isa_test
