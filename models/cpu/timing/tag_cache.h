#pragma once
// A tag-only set-associative cache: it remembers which lines are present, never their data
// (the ISS keeps the data in guest memory). Replacement is true LRU per set; an empty way is
// filled before anything is evicted. Deterministic: no randomness, no host addresses.
#include "models/cpu/timing/state_bytes.h"
#include "models/cpu/timing/timing_params.h"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace ppc64sim::cpu::timing {

class TagCache {
public:
  explicit TagCache(const CacheParams& p); // p must have passed TimingParams::validate()

  // Looks up the line holding `addr`; true on a hit (the line becomes most recently used).
  // On a miss the line is installed when `allocate`, evicting the set's LRU line.
  bool access(uint64_t addr, bool allocate) {
    const uint64_t tag = (addr >> line_shift_) + 1;
    // The clock only advances when a stamp changes: re-touching the most recently used line
    // changes nothing, which lets these shortcuts skip the set scan without changing state.
    if (tags_[mru_] == tag) {
      if (stamps_[mru_] != clock_) stamps_[mru_] = ++clock_;
      return true;
    }
    if (tags_[mru2_] == tag) { // a line's tag is in one way only: this is the set's hit
      if (stamps_[mru2_] != clock_) stamps_[mru2_] = ++clock_;
      std::swap(mru_, mru2_);
      return true;
    }
    // A line that missed without being allocated stays absent until it is allocated: a
    // store-through cache sees the same line miss again and again.
    if (tag == absent_ && !allocate) return false;
    return access_set(addr, tag, allocate);
  }
  bool contains(uint64_t addr) const;

  unsigned line_shift() const { return line_shift_; }
  uint32_t sets() const { return set_mask_ + 1; }
  uint32_t ways() const { return ways_; }
  uint32_t hit_latency() const { return hit_latency_; }

  void save(ByteWriter& w) const;
  // Reads what save() wrote; on error leaves this cache unchanged (the reader holds the error).
  void load(ByteReader& r, const char* name);

private:
  bool access_set(uint64_t addr, uint64_t tag, bool allocate); // the set scan, LRU fill

  unsigned line_shift_;
  uint32_t set_mask_;
  uint32_t ways_;
  uint32_t hit_latency_;
  std::vector<uint64_t> tags_;   // line number + 1 per way; 0 = empty
  std::vector<uint64_t> stamps_; // use clock of the last access per way (LRU)
  uint64_t clock_ = 0;
  // Lookup shortcuts, not state: the ways of the last two lines hit or filled, and the tag
  // of the last line that missed without being allocated (0: none).
  std::size_t mru_ = 0, mru2_ = 0;
  uint64_t absent_ = 0;
};

// The board's L2: one tag cache shared by all cores (the simulator runs them on one host
// thread; not thread-safe), plus its hit/miss totals.
class SharedL2 {
public:
  explicit SharedL2(const TimingParams& p) : cache_(p.l2), memory_latency_(p.memory_latency) {}

  // Cycles until the line holding `addr` is delivered (L2 hit latency or memory latency);
  // always allocates. `hit` reports which.
  uint32_t fill(uint64_t addr, bool& hit) {
    hit = cache_.access(addr, true);
    if (hit) {
      ++hits_;
      return cache_.hit_latency();
    }
    ++misses_;
    return memory_latency_;
  }
  bool contains(uint64_t addr) const { return cache_.contains(addr); }
  uint64_t hits() const { return hits_; }
  uint64_t misses() const { return misses_; }

  std::vector<uint8_t> save() const;
  // "" on success; otherwise an error naming what was wrong, and the L2 is unchanged.
  std::string load(const uint8_t* data, std::size_t size);

private:
  TagCache cache_;
  uint32_t memory_latency_;
  uint64_t hits_ = 0;
  uint64_t misses_ = 0;
};

} // namespace ppc64sim::cpu::timing
