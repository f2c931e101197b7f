#pragma once
// The board's physical address map: named, non-overlapping ranges, each served by one target.
// Plain C++ so it is testable without a SystemC kernel.
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace ppc64sim::bus {

struct AddressRange {
  std::string name;
  uint64_t base = 0;
  uint64_t size = 0;
  uint64_t last() const { return base + (size - 1); }
  bool contains(uint64_t addr, uint64_t len) const {
    return addr >= base && addr - base < size && len <= size - (addr - base);
  }
};

class AddressMap {
public:
  // Appends a range; the index it gets is its target number. Overlaps and empty ranges are
  // refused with std::invalid_argument naming the ranges.
  void add(const AddressRange& range) {
    if (range.size == 0) throw std::invalid_argument("address range '" + range.name + "' is empty");
    if (range.last() < range.base)
      throw std::invalid_argument("address range '" + range.name + "' wraps around the address space");
    for (const auto& other : ranges_) {
      if (!(range.last() < other.base || other.last() < range.base))
        throw std::invalid_argument("address range '" + range.name + "' overlaps '" + other.name + "'");
    }
    ranges_.push_back(range);
  }
  // Target index serving all of [addr, addr+len), or -1.
  int find(uint64_t addr, uint64_t len) const {
    for (size_t i = 0; i < ranges_.size(); ++i)
      if (ranges_[i].contains(addr, len ? len : 1)) return static_cast<int>(i);
    return -1;
  }
  const AddressRange& operator[](size_t index) const { return ranges_[index]; }
  size_t size() const { return ranges_.size(); }

private:
  std::vector<AddressRange> ranges_;
};

} // namespace ppc64sim::bus
