#include "models/cpu/timing/tag_cache.h"

namespace ppc64sim::cpu::timing {
namespace {
unsigned log2_exact(uint32_t v) { return static_cast<unsigned>(__builtin_ctz(v)); }
} // namespace

TagCache::TagCache(const CacheParams& p)
    : line_shift_(log2_exact(p.line_bytes)),
      set_mask_(p.size_bytes / (p.line_bytes * p.ways) - 1),
      ways_(p.ways),
      hit_latency_(p.hit_latency),
      tags_(static_cast<std::size_t>(set_mask_ + 1) * p.ways, 0),
      stamps_(tags_.size(), 0) {}

bool TagCache::access_set(uint64_t addr, uint64_t tag, bool allocate) {
  const std::size_t base = static_cast<std::size_t>((addr >> line_shift_) & set_mask_) * ways_;
  for (std::size_t i = base; i < base + ways_; ++i) {
    if (tags_[i] == tag) {
      if (stamps_[i] != clock_) stamps_[i] = ++clock_;
      mru2_ = mru_;
      mru_ = i;
      return true;
    }
  }
  if (!allocate) {
    absent_ = tag;
    return false;
  }
  // The least recently used way; an empty way (stamp 0) is older than any used one, so it is
  // taken first. Ties go to the lowest way.
  std::size_t victim = base;
  for (std::size_t i = base + 1; i < base + ways_; ++i)
    if (stamps_[i] < stamps_[victim]) victim = i;
  tags_[victim] = tag;
  stamps_[victim] = ++clock_;
  mru2_ = mru_;
  mru_ = victim;
  if (absent_ == tag) absent_ = 0;
  return false;
}

bool TagCache::contains(uint64_t addr) const {
  const uint64_t tag = (addr >> line_shift_) + 1;
  const std::size_t base = static_cast<std::size_t>((addr >> line_shift_) & set_mask_) * ways_;
  for (std::size_t i = base; i < base + ways_; ++i)
    if (tags_[i] == tag) return true;
  return false;
}

void TagCache::save(ByteWriter& w) const {
  w.u32(set_mask_ + 1);
  w.u32(ways_);
  w.u32(line_shift_);
  w.u64(clock_);
  for (std::size_t i = 0; i < tags_.size(); ++i) {
    w.u64(tags_[i]);
    w.u64(stamps_[i]);
  }
}

void TagCache::load(ByteReader& r, const char* name) {
  const std::string n = name;
  r.expect(r.u32((n + " sets").c_str()), set_mask_ + 1, (n + " sets").c_str());
  r.expect(r.u32((n + " ways").c_str()), ways_, (n + " ways").c_str());
  r.expect(r.u32((n + " line shift").c_str()), line_shift_, (n + " line shift").c_str());
  uint64_t clock = r.u64(name);
  std::vector<uint64_t> tags(tags_.size()), stamps(tags_.size());
  for (std::size_t i = 0; i < tags.size() && r.ok(); ++i) {
    tags[i] = r.u64(name);
    stamps[i] = r.u64(name);
    if (stamps[i] > clock) r.fail(n + ": way " + std::to_string(i) + " used after the clock");
  }
  if (!r.ok()) return;
  tags_.swap(tags);
  stamps_.swap(stamps);
  clock_ = clock;
  absent_ = 0;
}

std::vector<uint8_t> SharedL2::save() const {
  std::vector<uint8_t> out;
  ByteWriter w(out);
  w.tag("P64TL2\0\1");
  w.u64(hits_);
  w.u64(misses_);
  cache_.save(w);
  return out;
}

std::string SharedL2::load(const uint8_t* data, std::size_t size) {
  ByteReader r(data, size);
  r.tag("P64TL2\0\1", "L2 state");
  uint64_t hits = r.u64("L2 hits"), misses = r.u64("L2 misses");
  if (!r.ok()) return "L2 state: " + r.error();
  TagCache copy = cache_;
  copy.load(r, "L2");
  std::string e = r.finish();
  if (!e.empty()) return "L2 state: " + e;
  cache_ = std::move(copy);
  hits_ = hits;
  misses_ = misses;
  return "";
}

} // namespace ppc64sim::cpu::timing
