// TagCache against an independent model of a set-associative LRU cache (a recency list per
// set): the same hits and misses, and the same contents, on random access sequences. The
// cache's lookup shortcut (the most recently used way) and its stamp-based LRU are internals
// this checks from the outside.
#include "models/cpu/timing/tag_cache.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <list>
#include <random>
#include <vector>

namespace ppc64sim::cpu::timing {
namespace {

class ListLru {
public:
  explicit ListLru(const CacheParams& p)
      : line_(p.line_bytes), ways_(p.ways), sets_(p.size_bytes / (p.line_bytes * p.ways)) {}
  bool access(uint64_t addr, bool allocate) {
    const uint64_t line = addr / line_;
    std::list<uint64_t>& set = sets_[line % sets_.size()];
    auto it = std::find(set.begin(), set.end(), line);
    if (it != set.end()) {
      set.splice(set.begin(), set, it); // most recently used first
      return true;
    }
    if (allocate) {
      if (set.size() == ways_) set.pop_back();
      set.push_front(line);
    }
    return false;
  }
  bool contains(uint64_t addr) const {
    const uint64_t line = addr / line_;
    const std::list<uint64_t>& set = sets_[line % sets_.size()];
    return std::find(set.begin(), set.end(), line) != set.end();
  }

private:
  uint64_t line_;
  std::size_t ways_;
  std::vector<std::list<uint64_t>> sets_;
};

void compare(const CacheParams& p, uint64_t seed) {
  TagCache cache(p);
  ListLru model(p);
  std::mt19937_64 rng(seed);
  // Addresses over a few times the cache's size, with runs on one line and back and forth
  // between recent lines (the lookup shortcuts).
  const uint64_t span = 4ull * p.size_bytes;
  uint64_t addr = 0;
  uint64_t recent[3] = {};
  for (int i = 0; i < 30000; ++i) {
    const unsigned roll = static_cast<unsigned>(rng() % 3);
    if (roll == 0) addr = rng() % span;
    else if (roll == 1) addr += rng() % 8;
    else addr = recent[rng() % 3];
    recent[i % 3] = addr;
    const bool allocate = rng() % 4 != 0;
    SCOPED_TRACE(testing::Message() << "access " << i << " at " << addr);
    ASSERT_EQ(cache.access(addr, allocate), model.access(addr, allocate));
    const uint64_t probe = rng() % span;
    ASSERT_EQ(cache.contains(probe), model.contains(probe));
  }
}

TEST(TagCache, BehavesAsTrueLruPerSet) {
  compare({1024, 2, 64, 1}, 1);
  compare({4096, 8, 128, 1}, 2);
  compare({512, 1, 32, 1}, 3);   // direct mapped
  compare({2048, 16, 128, 1}, 4); // one set
}

} // namespace
} // namespace ppc64sim::cpu::timing
